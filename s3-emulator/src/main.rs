//! `aws-op-s3-emulator`: a local S3 on a port, until interrupted.
//!
//! ```text
//! aws-op-s3-emulator [--port 9000] [--host 127.0.0.1] [--access-key-id ID --secret-access-key KEY]
//!                    [--max-body-mib 5120] [--dir PATH]
//!                    [--fault-rate R [--faults LIST] [--fault-seed N] [--fault-operation NAME]]
//! ```
//!
//! With `--dir`, buckets and objects are kept in that directory (and found there again on the
//! next start); without it, in memory. A request body is held in memory while it is verified;
//! `--max-body-mib` bounds it (S3's limit of one `PutObject`, 5 GiB, by default). The fault
//! flags are the emulator's: `--faults` takes `500,503,429,drop-before,drop-after,truncate,
//! malformed,delay=250ms` forms (default `500,503,429`), `--fault-operation` an S3 operation
//! name such as `GetObject`.

use aws_op_emulator::cli::{parse_fault_list, FaultInjection, DEFAULT_FAULTS, DEFAULT_FAULT_SEED};
use aws_op_emulator::{EmulatorConfig, FaultScope};
use aws_op_s3_emulator::{S3Emulator, MAX_PUT_BYTES};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: aws-op-s3-emulator [--port N] [--host ADDRESS] \
[--access-key-id ID --secret-access-key KEY] [--max-body-mib N] [--dir PATH] \
[--fault-rate R [--faults LIST] [--fault-seed N] [--fault-operation NAME]]";

/// What the command line asks for.
struct Settings {
    config: EmulatorConfig,
    /// Where objects are kept; `None`: in memory.
    dir: Option<PathBuf>,
    /// The faults of `--fault-rate` and the flags that go with it.
    faults: Option<FaultInjection>,
}

fn settings() -> Result<Settings, String> {
    let mut config = EmulatorConfig::new()
        .port(9000)
        .max_body_bytes(MAX_PUT_BYTES);
    let (mut key, mut dir) = ((None, None), None);
    let (mut rate, mut faults, mut seed, mut operation) = (None, None, None, None);
    let mut argv = std::env::args().skip(1);
    while let Some(flag) = argv.next() {
        let value = argv.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |what: &str| format!("{flag}: {value:?} is not {what}");
        match flag.as_str() {
            "--port" => config = config.port(value.parse().map_err(|_| bad("a port"))?),
            "--host" => config = config.host(value.parse().map_err(|_| bad("an address"))?),
            "--max-body-mib" => {
                let bytes = value
                    .parse::<u64>()
                    .ok()
                    .and_then(|mib| mib.checked_mul(1024 * 1024))
                    .ok_or_else(|| bad("a size in MiB"))?;
                config = config.max_body_bytes(bytes);
            }
            "--dir" => dir = Some(PathBuf::from(value)),
            "--access-key-id" => key.0 = Some(value),
            "--secret-access-key" => key.1 = Some(value),
            "--fault-rate" => {
                let parsed = value
                    .parse::<f64>()
                    .ok()
                    .filter(|r| (0.0..=1.0).contains(r));
                rate = Some(parsed.ok_or_else(|| bad("a rate from 0 to 1"))?);
            }
            "--faults" => {
                faults = Some(parse_fault_list(&value).map_err(|e| format!("{flag}: {e}"))?)
            }
            "--fault-seed" => seed = Some(value.parse::<u64>().map_err(|_| bad("a seed"))?),
            "--fault-operation" => operation = Some(value),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    let config = match key {
        (Some(id), Some(secret)) => config.key_pair(id, secret),
        (None, None) => config,
        _ => return Err("--access-key-id and --secret-access-key go together".into()),
    };
    let faults = match rate {
        Some(rate) => Some(FaultInjection {
            rate,
            faults: match faults {
                Some(faults) => faults,
                None => parse_fault_list(DEFAULT_FAULTS)?,
            },
            seed: seed.unwrap_or(DEFAULT_FAULT_SEED),
            scope: operation.map_or(FaultScope::All, FaultScope::Operation),
        }),
        None if faults.is_some() || seed.is_some() || operation.is_some() => {
            return Err("--faults, --fault-seed and --fault-operation need --fault-rate".into())
        }
        None => None,
    };
    Ok(Settings {
        config,
        dir,
        faults,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let settings = match settings() {
        Ok(settings) => settings,
        Err(problem) => {
            eprintln!("aws-op-s3-emulator: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = match &settings.dir {
        Some(dir) => S3Emulator::start_in_directory(settings.config, dir).await,
        None => S3Emulator::start_with(settings.config).await,
    };
    let emulator = match started {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("aws-op-s3-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(faults) = settings.faults {
        emulator.fault_rate(faults.scope, faults.rate, faults.faults, faults.seed);
    }
    let kept = settings.dir.map_or("in memory".to_owned(), |dir| {
        format!("in {}", dir.display())
    });
    println!(
        "S3 on {} (path-style addressing), objects {kept}",
        emulator.endpoint_url()
    );
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("aws-op-s3-emulator: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
