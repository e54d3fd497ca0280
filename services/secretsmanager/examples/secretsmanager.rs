//! Secrets Manager: create a secret, read its value, change it, read it again, delete it
//! without a recovery window.
//!
//! ```text
//! cargo run -p aws-op-secretsmanager --example secretsmanager                           # real AWS (credentials and region from the environment)
//! cargo run -p aws-op-secretsmanager --example secretsmanager -- --endpoint-url http://127.0.0.1:5000   # a local moto server
//! ```

use aws_op::{Client, Config};
use aws_op_secretsmanager::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut config = Config::from_env();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        match (flag.as_str(), args.next()) {
            ("--endpoint-url", Some(url)) => config = config.with_endpoint_url(url),
            _ => return Err("usage: secretsmanager [--endpoint-url URL]".into()),
        }
    }
    let client: Client<SecretsManager> = Client::new(&config)?;
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
