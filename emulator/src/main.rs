//! `aws-op-emulator`: serves the emulated IoT Managed Integrations account-association API
//! until interrupted (Ctrl-C).

use aws_op_emulator::cli::{parse_args, Command, USAGE};
use aws_op_emulator::{Emulator, FaultScope, DEFAULT_ACCESS_KEY_ID};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("aws-op-emulator: {e}");
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let emulator = match Emulator::start(options.config()).await {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!(
                "aws-op-emulator: cannot listen on {}:{}: {e}",
                options.host, options.port
            );
            return ExitCode::FAILURE;
        }
    };
    let keys = match &options.extra_key_pair {
        Some((id, _)) => format!("access keys {DEFAULT_ACCESS_KEY_ID}, {id}"),
        None => format!("access key {DEFAULT_ACCESS_KEY_ID}"),
    };
    println!(
        "aws-op emulator listening on http://{} ({keys})",
        emulator.local_addr()
    );
    if let Some(injection) = &options.fault_injection {
        injection.apply(&emulator);
        let kinds: Vec<String> = injection.faults.iter().map(|f| f.to_string()).collect();
        let scope = match &injection.scope {
            FaultScope::All => "every operation".to_owned(),
            FaultScope::Operation(name) => name.clone(),
        };
        println!(
            "injecting faults into {scope}: rate {}, seed {}, drawn from [{}]",
            injection.rate,
            injection.seed,
            kinds.join(", ")
        );
    }
    // The default SIGINT action ends the process; until then the emulator serves.
    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}
