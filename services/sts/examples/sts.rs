//! STS: who the caller is; with `--role-arn`, assume that role and show who the session is.
//!
//! ```text
//! cargo run -p aws-op-sts --example sts                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-sts --example sts   # a local moto server
//! cargo run -p aws-op-sts --example sts -- --role-arn arn:aws:iam::123456789012:role/NAME   # also assume a role
//! ```

use aws_op::{Client, Config};
use aws_op_sts::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut role_arn = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        match (flag.as_str(), args.next()) {
            ("--role-arn", Some(arn)) => role_arn = Some(arn),
            _ => return Err("usage: sts [--role-arn ARN]".into()),
        }
    }
    let client: Client<Sts> = Client::new(&Config::from_env())?;

    let me = GetCallerIdentityRequest {}.send(&client).await?;
    println!(
        "account {}, caller {}",
        me.account.unwrap_or_default(),
        me.arn.unwrap_or_default()
    );

    if let Some(role_arn) = role_arn {
        let assumed = AssumeRoleRequest::builder()
            .role_arn(role_arn)
            .role_session_name("aws-op-example")
            .duration_seconds(900)
            .build()
            .send(&client)
            .await?;
        let credentials = assumed
            .credentials
            .ok_or("AssumeRole returned no credentials")?;
        let session = assumed
            .assumed_role_user
            .ok_or("AssumeRole returned no user")?;
        // Only the key id: the secret key and the session token are credentials.
        println!(
            "assumed {} with key {}, expires {}",
            session.arn, credentials.access_key_id, credentials.expiration
        );
    }
    Ok(())
}
