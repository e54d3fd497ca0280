//! `aws-op-s3-emulator`: a local S3 on a port, until interrupted.
//!
//! ```text
//! aws-op-s3-emulator [--port 9000] [--host 127.0.0.1] [--access-key-id ID --secret-access-key KEY]
//!                    [--max-body-mib 5120] [--dir PATH]
//! ```
//!
//! With `--dir`, buckets and objects are kept in that directory (and found there again on the
//! next start); without it, in memory.
//! A request body is held in memory while it is verified; `--max-body-mib` bounds it (S3's
//! limit of one `PutObject`, 5 GiB, by default).

use aws_op_emulator::EmulatorConfig;
use aws_op_s3_emulator::{S3Emulator, MAX_PUT_BYTES};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: aws-op-s3-emulator [--port N] [--host ADDRESS] \
[--access-key-id ID --secret-access-key KEY] [--max-body-mib N] [--dir PATH]";

/// The server's settings and the directory to keep objects in, if any.
fn config() -> Result<(EmulatorConfig, Option<PathBuf>), String> {
    let mut config = EmulatorConfig::new()
        .port(9000)
        .max_body_bytes(MAX_PUT_BYTES);
    let mut key = (None, None);
    let mut dir = None;
    let mut argv = std::env::args().skip(1);
    while let Some(flag) = argv.next() {
        let mut value = || argv.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => {
                let port = value()?;
                config = config.port(
                    port.parse()
                        .map_err(|_| format!("--port: {port:?} is not a port"))?,
                );
            }
            "--host" => {
                let host = value()?;
                config = config.host(
                    host.parse()
                        .map_err(|_| format!("--host: {host:?} is not an address"))?,
                );
            }
            "--max-body-mib" => {
                let mib = value()?;
                let bytes = mib
                    .parse::<u64>()
                    .ok()
                    .and_then(|mib| mib.checked_mul(1024 * 1024))
                    .ok_or(format!("--max-body-mib: {mib:?} is not a size in MiB"))?;
                config = config.max_body_bytes(bytes);
            }
            "--dir" => dir = Some(PathBuf::from(value()?)),
            "--access-key-id" => key.0 = Some(value()?),
            "--secret-access-key" => key.1 = Some(value()?),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    let config = match key {
        (Some(id), Some(secret)) => config.key_pair(id, secret),
        (None, None) => config,
        _ => return Err("--access-key-id and --secret-access-key go together".into()),
    };
    Ok((config, dir))
}

#[tokio::main]
async fn main() -> ExitCode {
    let (config, dir) = match config() {
        Ok(settings) => settings,
        Err(problem) => {
            eprintln!("aws-op-s3-emulator: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = match &dir {
        Some(dir) => S3Emulator::start_in_directory(config, dir).await,
        None => S3Emulator::start_with(config).await,
    };
    let emulator = match started {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("aws-op-s3-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    let kept = dir.map_or("in memory".to_owned(), |dir| {
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
