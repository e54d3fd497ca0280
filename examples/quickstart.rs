//! The aws-op quickstart: the account-association API, end to end.
//!
//! With no arguments it starts the local emulator in-process (no AWS account needed) and walks
//! the seed operation: create (idempotency token auto-filled), a validation error caught before
//! the network, list, get, update, refresh, delete.
//!
//! ```text
//! cargo run -p aws-op-examples --example quickstart
//! cargo run -p aws-op-examples --example quickstart -- --endpoint-url http://127.0.0.1:4566
//! cargo run -p aws-op-examples --example quickstart -- --live --connector-destination-id ID
//! ```
//! `--endpoint-url` and `--live` take credentials and region from the environment (region
//! us-east-1 when none is set).

use aws_op::{Client, Config, Error};
use aws_op_emulator::{Emulator, EmulatorConfig};
use aws_op_iot_managed_integrations::*;
use std::sync::{Arc, Mutex};

const USAGE: &str =
    "usage: quickstart [--endpoint-url URL | --live] [--connector-destination-id ID]";

enum Target {
    Emulator,
    Endpoint(String),
    Live,
}

fn parse_args() -> Result<(Target, String), String> {
    let mut target = Target::Emulator;
    let mut destination = "cd-quickstart-1".to_string();
    let mut argv = std::env::args().skip(1);
    while let Some(flag) = argv.next() {
        match flag.as_str() {
            "--endpoint-url" => {
                target = Target::Endpoint(argv.next().ok_or("--endpoint-url needs a URL")?)
            }
            "--live" => target = Target::Live,
            "--connector-destination-id" => {
                destination = argv
                    .next()
                    .ok_or("--connector-destination-id needs an id")?
            }
            "--help" | "-h" => return Err(USAGE.into()),
            other => return Err(format!("unknown flag `{other}`\n{USAGE}")),
        }
    }
    Ok((target, destination))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (target, destination) = match parse_args() {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };

    // Record the idempotency token aws-op generates, so the walk can show it.
    let last_token: Arc<Mutex<Option<String>>> = Arc::default();
    let recorder = last_token.clone();
    let record_tokens = move || {
        let token = aws_op::idempotency_token();
        *recorder.lock().unwrap_or_else(|p| p.into_inner()) = Some(token.clone());
        token
    };

    let mut _emulator = None;
    let config = match target {
        Target::Emulator => {
            let emulator = Emulator::start(EmulatorConfig::new()).await?;
            println!("started the local emulator at {}", emulator.endpoint_url());
            let config = aws_op_emulator::client_config(emulator.endpoint_url());
            _emulator = Some(emulator);
            config
        }
        Target::Endpoint(url) => with_default_region(Config::from_env()).with_endpoint_url(url),
        Target::Live => with_default_region(Config::from_env()),
    };
    let config = config.with_idempotency_token_generator(record_tokens);
    let client: Client<IotManagedIntegrations> = Client::new(&config)?;
    println!(
        "calling {} in {}\n",
        client.endpoint().url(""),
        client.region()
    );

    // 1. Create: the builder requires ConnectorDestinationId; ClientToken is left unset.
    let created = CreateAccountAssociationRequest::builder()
        .connector_destination_id(destination.as_str())
        .name("quickstart association")
        .description("made by the aws-op quickstart")
        .tags([("project".to_string(), "quickstart".to_string())])
        .build()
        .send(&client)
        .await?;
    let token = last_token.lock().unwrap_or_else(|p| p.into_inner()).clone();
    println!("1. CreateAccountAssociation");
    println!("   ClientToken auto-filled: {}", token.unwrap_or_default());
    println!("   -> {created:?}");
    let id = created.account_association_id.clone();

    // 2. A request the model forbids never leaves the process. The pattern `[A-Za-z0-9-_]+` is
    //    not anchored (some part of the value must match), so it forbids a value with none of
    //    those characters, such as "!!"; the name is below its minimum length.
    let invalid = CreateAccountAssociationRequest::builder()
        .connector_destination_id("!!")
        .name("")
        .build()
        .send(&client)
        .await;
    println!("\n2. An invalid CreateAccountAssociation (caught before the network)");
    match invalid {
        Err(Error::Validation(e)) => {
            for v in &e.violations {
                println!("   {v}");
            }
        }
        other => println!("   unexpected: {other:?}"),
    }

    // 3. List, following the pages (one call per page of 2).
    let mut listed = ListAccountAssociationsRequest::builder()
        .connector_destination_id(destination.as_str())
        .max_results(2)
        .build()
        .items(&client);
    println!("\n3. ListAccountAssociations (items of every page)");
    while let Some(item) = listed.next().await {
        let item = item?;
        println!(
            "   {} {} {:?}",
            item.account_association_id, item.association_state, item.name
        );
    }

    // 4. Get.
    let got = GetAccountAssociationRequest::builder()
        .account_association_id(id.as_str())
        .build()
        .send(&client)
        .await?;
    println!("\n4. GetAccountAssociation\n   -> {got:?}");

    // 5. Update (204, no output).
    UpdateAccountAssociationRequest::builder()
        .account_association_id(id.as_str())
        .name("renamed by quickstart")
        .build()
        .send(&client)
        .await?;
    println!("\n5. UpdateAccountAssociation: renamed");

    // 6. Refresh.
    let refreshed = StartAccountAssociationRefreshRequest::builder()
        .account_association_id(id.as_str())
        .build()
        .send(&client)
        .await?;
    println!("\n6. StartAccountAssociationRefresh\n   -> {refreshed:?}");

    // 7. Delete, then a Get shows the typed not-found error.
    DeleteAccountAssociationRequest::builder()
        .account_association_id(id.as_str())
        .build()
        .send(&client)
        .await?;
    println!("\n7. DeleteAccountAssociation: deleted {id}");
    let gone = GetAccountAssociationRequest::builder()
        .account_association_id(id.as_str())
        .build()
        .send(&client)
        .await;
    match gone {
        Err(Error::Service(e)) => println!("   GetAccountAssociation now fails: {e}"),
        other => println!("   unexpected: {other:?}"),
    }
    println!("\ndone.");
    Ok(())
}

fn with_default_region(config: Config) -> Config {
    if config.region().is_some() {
        config
    } else {
        config.with_region("us-east-1")
    }
}
