//! Secrets Manager: create a secret, read its value, change it, read it again, delete it
//! without a recovery window.
//!
//! ```text
//! cargo run -p aws-op-secretsmanager --example secretsmanager                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-secretsmanager --example secretsmanager   # a local moto server
//! ```

use aws_op::{Client, Config};
use aws_op_secretsmanager::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client: Client<SecretsManager> = Client::new(&Config::from_env())?;
    let name = "aws-op-example/password";

    let created = CreateSecretRequest::builder()
        .name(name)
        .secret_string("first value")
        .build()
        .send(&client)
        .await?;
    println!("created {}", created.arn.unwrap_or_default());

    let value = GetSecretValueRequest::builder()
        .secret_id(name)
        .build()
        .send(&client)
        .await?;
    println!("read {:?}", value.secret_string.unwrap_or_default());

    let updated = UpdateSecretRequest::builder()
        .secret_id(name)
        .secret_string("second value")
        .description("changed by the aws-op example")
        .build()
        .send(&client)
        .await?;
    println!(
        "updated to version {}",
        updated.version_id.unwrap_or_default()
    );
    let value = GetSecretValueRequest::builder()
        .secret_id(name)
        .build()
        .send(&client)
        .await?;
    println!("read {:?}", value.secret_string.unwrap_or_default());

    DeleteSecretRequest::builder()
        .secret_id(name)
        .force_delete_without_recovery(true)
        .build()
        .send(&client)
        .await?;
    println!("deleted the secret");
    Ok(())
}
