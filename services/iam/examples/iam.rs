//! IAM: create a role with a trust policy, give it an inline policy, read both back (IAM sends
//! policy documents URL-encoded; the example decodes them), delete the policy and the role.
//!
//! ```text
//! cargo run -p aws-op-iam --example iam                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-iam --example iam   # a local moto server
//! ```

use aws_op::{Client, Config};
use aws_op_iam::*;

const ROLE: &str = "aws-op-example-role";
const POLICY: &str = "read-example-bucket";

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
const INLINE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-op-example-bucket/*"}]}"#;

/// IAM answers policy documents URL-encoded (RFC 3986).
fn decode(document: &str) -> Result<String, std::str::Utf8Error> {
    Ok(percent_encoding::percent_decode_str(document)
        .decode_utf8()?
        .into_owned())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client: Client<Iam> = Client::new(&Config::from_env())?;

    let role = CreateRoleRequest::builder()
        .role_name(ROLE)
        .assume_role_policy_document(TRUST)
        .description("created by the aws-op IAM example")
        .build()
        .send(&client)
        .await?
        .role;
    println!("role {}", role.arn);

    PutRolePolicyRequest::builder()
        .role_name(ROLE)
        .policy_name(POLICY)
        .policy_document(INLINE)
        .build()
        .send(&client)
        .await?;
    let trust = GetRoleRequest::builder()
        .role_name(ROLE)
        .build()
        .send(&client)
        .await?
        .role
        .assume_role_policy_document
        .ok_or("GetRole returned no trust policy")?;
    println!("trust policy {}", decode(&trust)?);
    let inline = GetRolePolicyRequest::builder()
        .role_name(ROLE)
        .policy_name(POLICY)
        .build()
        .send(&client)
        .await?;
    println!(
        "inline policy {} {}",
        inline.policy_name,
        decode(&inline.policy_document)?
    );

    DeleteRolePolicyRequest::builder()
        .role_name(ROLE)
        .policy_name(POLICY)
        .build()
        .send(&client)
        .await?;
    DeleteRoleRequest::builder()
        .role_name(ROLE)
        .build()
        .send(&client)
        .await?;
    println!("deleted the policy and the role");
    Ok(())
}
