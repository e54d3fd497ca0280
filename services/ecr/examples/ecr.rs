//! ECR: create a repository, describe it, delete it.
//!
//! ```text
//! cargo run -p aws-op-ecr --example ecr                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-ecr --example ecr   # a local moto server
//! ```

use aws_op::{Client, Config};
use aws_op_ecr::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client: Client<Ecr> = Client::new(&Config::from_env())?;
    let name = "aws-op-example/app";

    let created = CreateRepositoryRequest::builder()
        .repository_name(name)
        .image_tag_mutability(ImageTagMutability::Immutable)
        .build()
        .send(&client)
        .await?
        .repository
        .ok_or("CreateRepository returned no repository")?;
    println!("created {}", created.repository_uri.unwrap_or_default());

    let described = DescribeRepositoriesRequest::builder()
        .repository_names(vec![name.to_string()])
        .build()
        .send(&client)
        .await?;
    for repository in described.repositories.unwrap_or_default() {
        println!(
            "{}: tags {:?}, created {}",
            repository.repository_name.unwrap_or_default(),
            repository.image_tag_mutability,
            repository
                .created_at
                .map(|at| at.to_string())
                .unwrap_or_default()
        );
    }

    DeleteRepositoryRequest::builder()
        .repository_name(name)
        .build()
        .send(&client)
        .await?;
    println!("deleted the repository");
    Ok(())
}
