//! Step Functions: create a state machine (one Pass state), start an execution, describe it,
//! delete the state machine. AWS checks that Step Functions may assume the role, so
//! `--role-arn` names one whose trust policy allows `states.amazonaws.com`.
//!
//! ```text
//! cargo run -p aws-op-stepfunctions --example stepfunctions -- --role-arn ARN          # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-stepfunctions --example stepfunctions -- --role-arn arn:aws:iam::123456789012:role/any   # a local moto server
//! ```

use aws_op::{Client, Config};
use aws_op_stepfunctions::*;

const DEFINITION: &str = r#"{"StartAt":"Greet","States":{"Greet":{"Type":"Pass","End":true}}}"#;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut role_arn = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        match (flag.as_str(), args.next()) {
            ("--role-arn", Some(arn)) => role_arn = Some(arn),
            _ => return Err(USAGE.into()),
        }
    }
    let role_arn = role_arn.ok_or(USAGE)?;
    let client: Client<Sfn> = Client::new(&Config::from_env())?;

    let machine = CreateStateMachineRequest::builder()
        .name("aws-op-example")
        .definition(DEFINITION)
        .role_arn(role_arn)
        .build()
        .send(&client)
        .await?
        .state_machine_arn;
    println!("state machine {machine}");

    let execution = StartExecutionRequest::builder()
        .state_machine_arn(machine.as_str())
        .input(r#"{"greeting":"hello from aws-op"}"#)
        .build()
        .send(&client)
        .await?
        .execution_arn;
    let described = DescribeExecutionRequest::builder()
        .execution_arn(execution.as_str())
        .build()
        .send(&client)
        .await?;
    println!(
        "execution {}: {:?}, input {:?}, output {:?}",
        described.name.unwrap_or_default(),
        described.status,
        described.input.unwrap_or_default(),
        described.output
    );

    DeleteStateMachineRequest::builder()
        .state_machine_arn(machine)
        .build()
        .send(&client)
        .await?;
    println!("deleted the state machine");
    Ok(())
}

const USAGE: &str = "usage: stepfunctions --role-arn ARN";
