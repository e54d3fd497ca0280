//! SSM Parameter Store: put a SecureString parameter, read it back decrypted, delete it.
//!
//! ```text
//! cargo run -p aws-op-ssm --example ssm                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-ssm --example ssm   # a local moto server
//! ```

use aws_op::{Client, Config};
use aws_op_ssm::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client: Client<Ssm> = Client::new(&Config::from_env())?;
    // AWS refuses names whose first segment starts with "aws" or "ssm".
    let name = "/example/aws-op/db-password";

    let put = PutParameterRequest::builder()
        .name(name)
        .value("hello from aws-op")
        .r#type(ParameterType::SecureString)
        .overwrite(true)
        .build()
        .send(&client)
        .await?;
    println!("put {name}, version {}", put.version.unwrap_or_default());

    let parameter = GetParameterRequest::builder()
        .name(name)
        .with_decryption(true)
        .build()
        .send(&client)
        .await?
        .parameter
        .ok_or("GetParameter returned no parameter")?;
    println!(
        "read {:?} ({:?})",
        parameter.value.unwrap_or_default(),
        parameter.r#type
    );

    DeleteParameterRequest::builder()
        .name(name)
        .build()
        .send(&client)
        .await?;
    println!("deleted the parameter");
    Ok(())
}
