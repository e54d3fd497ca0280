//! One CreateAccountAssociation call, as a user's own program would make it.
//!
//! Configuration comes from the environment the way the AWS SDKs read it (`AWS_REGION`,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
//! `AWS_ENDPOINT_URL_IOT_MANAGED_INTEGRATIONS`, `AWS_ENDPOINT_URL`); `--endpoint-url` overrides
//! the endpoint. This program does not link the emulator: the build-time and binary-size
//! budgets are measured on it.
//!
//! ```text
//! cargo run -p aws-op-examples --no-default-features --example create_account_association -- \
//!     --connector-destination-id cd-1 --name "living room" --tag env=dev
//! ```

use aws_op::{Client, Config};
use aws_op_iot_managed_integrations::{CreateAccountAssociationRequest, IotManagedIntegrations};
use std::collections::HashMap;
use std::process::ExitCode;

const USAGE: &str = "usage: create_account_association --connector-destination-id ID \
[--name NAME] [--description TEXT] [--tag KEY=VALUE]... [--client-token TOKEN] [--endpoint-url URL]";

#[derive(Default)]
struct Args {
    connector_destination_id: Option<String>,
    name: Option<String>,
    description: Option<String>,
    tags: HashMap<String, String>,
    client_token: Option<String>,
    endpoint_url: Option<String>,
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut args = Args::default();
    while let Some(flag) = argv.next() {
        if flag == "--help" || flag == "-h" {
            return Err(USAGE.into());
        }
        let mut value = || {
            argv.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--connector-destination-id" => args.connector_destination_id = Some(value()?),
            "--name" => args.name = Some(value()?),
            "--description" => args.description = Some(value()?),
            "--client-token" => args.client_token = Some(value()?),
            "--endpoint-url" => args.endpoint_url = Some(value()?),
            "--tag" => {
                let tag = value()?;
                let (k, v) = tag
                    .split_once('=')
                    .ok_or_else(|| format!("--tag takes KEY=VALUE, got `{tag}`"))?;
                args.tags.insert(k.to_owned(), v.to_owned());
            }
            other => return Err(format!("unknown flag `{other}`\n{USAGE}")),
        }
    }
    Ok(args)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let Some(connector_destination_id) = args.connector_destination_id else {
        eprintln!("--connector-destination-id is required\n{USAGE}");
        return ExitCode::from(2);
    };
    let mut config = Config::from_env();
    if let Some(url) = args.endpoint_url {
        config = config.with_endpoint_url(url);
    }
    let client = match Client::<IotManagedIntegrations>::new(&config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let request = CreateAccountAssociationRequest::builder()
        .connector_destination_id(connector_destination_id)
        .set_name(args.name)
        .set_description(args.description)
        .set_tags((!args.tags.is_empty()).then_some(args.tags))
        .set_client_token(args.client_token)
        .build();
    match request.send(&client).await {
        Ok(created) => {
            // Debug redacts the sensitive OAuth URL; this program prints it on purpose, since
            // the user needs it to finish the association.
            println!("{created:#?}");
            println!("authorize at: {}", created.o_auth_authorization_url);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
