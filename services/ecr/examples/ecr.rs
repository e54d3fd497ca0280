//! ECR: create a repository, describe it, delete it.
//!
//! ```text
//! cargo run -p aws-op-ecr --example ecr                           # real AWS (credentials and region from the environment)
//! cargo run -p aws-op-ecr --example ecr -- --endpoint-url http://127.0.0.1:5000   # a local moto server
//! ```

use aws_op::{Client, Config};
use aws_op_ecr::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut config = Config::from_env();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        match (flag.as_str(), args.next()) {
            ("--endpoint-url", Some(url)) => config = config.with_endpoint_url(url),
            _ => return Err("usage: ecr [--endpoint-url URL]".into()),
        }
    }
    let client: Client<Ecr> = Client::new(&config)?;
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
