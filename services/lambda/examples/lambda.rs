//! Lambda: create an IAM role and a Python function from an in-memory zip, read its
//! configuration, update it, then delete the function and the role.
//!
//! ```text
//! cargo run -p aws-op-lambda --example lambda                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-lambda --example lambda   # a local moto server
//! ```

#[path = "shared/stored_zip.rs"]
mod stored_zip;

use aws_op::{Blob, Client, Config};
use aws_op_iam::{CreateRoleRequest, DeleteRoleRequest, Iam};
use aws_op_lambda::*;
use std::collections::HashMap;
use std::time::Duration;

const ROLE_NAME: &str = "aws-op-example-lambda";
const FUNCTION_NAME: &str = "aws-op-example";
const TRUST_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
const HANDLER_SOURCE: &str = "def handler(event, context):\n    return {'hello': 'from aws-op'}\n";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env();
    let iam: Client<Iam> = Client::new(&config)?;
    let lambda: Client<Lambda> = Client::new(&config)?;

    let role_arn = CreateRoleRequest::builder()
        .role_name(ROLE_NAME)
        .assume_role_policy_document(TRUST_POLICY)
        .build()
        .send(&iam)
        .await?
        .role
        .arn;
    println!("role {role_arn}");

    let outcome = create_read_update(&lambda, &role_arn).await;
    // The function and the role go whatever happened on the way.
    let function_deleted = DeleteFunctionRequest::builder()
        .function_name(FUNCTION_NAME)
        .build()
        .send(&lambda)
        .await;
    let role_deleted = DeleteRoleRequest::builder()
        .role_name(ROLE_NAME)
        .build()
        .send(&iam)
        .await;
    outcome?;
    function_deleted?;
    println!("deleted the function");
    role_deleted?;
    println!("deleted the role");
    Ok(())
}

/// CreateFunction, retried while IAM has not yet made a new role visible to Lambda (AWS says
/// so with InvalidParameterValueException for a few seconds after CreateRole).
async fn create_function(
    lambda: &Client<Lambda>,
    role_arn: &str,
) -> Result<FunctionConfiguration, Box<dyn std::error::Error>> {
    let zip = stored_zip::zip_one_file("index.py", HANDLER_SOURCE.as_bytes());
    let mut attempts = 0;
    loop {
        let sent = CreateFunctionRequest::builder()
            .function_name(FUNCTION_NAME)
            .role(role_arn)
            .runtime(Runtime::Python312)
            .handler("index.handler")
            .description("made by the aws-op example")
            .code(
                FunctionCode::builder()
                    .zip_file(Blob::from(zip.clone()))
                    .build(),
            )
            .build()
            .send(lambda)
            .await;
        match sent {
            Err(e)
                if attempts < 10
                    && matches!(
                        e.service_error().map(|s| s.err()),
                        Some(CreateFunctionError::InvalidParameterValueException(_))
                    ) =>
            {
                attempts += 1;
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            other => return other.map_err(Into::into),
        }
    }
}

async fn create_read_update(
    lambda: &Client<Lambda>,
    role_arn: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let created = create_function(lambda, role_arn).await?;
    println!(
        "created {} ({} bytes of code)",
        created.function_arn.unwrap_or_default(),
        created.code_size.unwrap_or_default()
    );
    let configuration = GetFunctionConfigurationRequest::builder()
        .function_name(FUNCTION_NAME)
        .build()
        .send(lambda)
        .await?;
    println!(
        "runtime {:?}, handler {}, memory {} MB",
        configuration.runtime,
        configuration.handler.unwrap_or_default(),
        configuration.memory_size.unwrap_or_default()
    );

    // A new function is Pending for a moment on AWS; an update must wait until it is Active.
    for _ in 0..30 {
        let state = GetFunctionConfigurationRequest::builder()
            .function_name(FUNCTION_NAME)
            .build()
            .send(lambda)
            .await?
            .state;
        if state != Some(State::Pending) {
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let updated = UpdateFunctionConfigurationRequest::builder()
        .function_name(FUNCTION_NAME)
        .description("updated by the aws-op example")
        .memory_size(256)
        .environment(
            Environment::builder()
                .variables(HashMap::from([(
                    "GREETING".to_string(),
                    "hello".to_string(),
                )]))
                .build(),
        )
        .build()
        .send(lambda)
        .await?;
    println!(
        "updated: {:?}, memory {} MB",
        updated.description.unwrap_or_default(),
        updated.memory_size.unwrap_or_default()
    );

    Ok(())
}
