//! `aws-op-whole-aws [OPTIONS] [SERVICE...]`: generates every botocore service model (or the
//! named ones) and compiles each generated crate; see the library documentation.

use aws_op_whole_aws::{wrapper, CheckError, CheckOptions};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "usage: aws-op-whole-aws [OPTIONS] [SERVICE...]

Generates the newest model of every service of botocore (or of each SERVICE, botocore's name
such as `dynamodb`) with aws-op-codegen, then compiles each as its own crate with `cargo check`.
Prints `N passed, M failed` per stage, every failure's reason grouped by cause, and the slowest
crates. Exits with 1 when a service fails (a protocol aws-op does not speak yet is reported as
refused, not failed). Needs python3 with pip to download botocore from the Python package index.

  --compile LIST   compile only these services (comma-separated) of those generated
  --no-compile     generate only
  --jobs N         crates compiled at once (default: the machine's parallelism)
  --timeout SECS   the time limit of one crate's compilation (default 1200)
  --slowest N      how many of the slowest crates to list (default 10)
  --data DIR       an unpacked botocore `data` directory to use instead of downloading
  --work DIR       where to download, generate and compile (default <target>/whole-aws)";

fn parse(args: Vec<String>) -> Result<Option<(CheckOptions, usize)>, CheckError> {
    let mut options = CheckOptions::default();
    let mut slowest = 10;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |what: &str| {
            args.next()
                .ok_or_else(|| CheckError::Usage(format!("`{arg}` needs {what}")))
        };
        let number = |text: String, flag: &str| {
            text.parse::<usize>().map_err(|_| {
                CheckError::Usage(format!("`{flag}` needs a whole number, not `{text}`"))
            })
        };
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--compile" => {
                let list = value("a comma-separated list of services")?;
                options.compile = Some(
                    list.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect(),
                );
            }
            "--no-compile" => options.compile = Some(Vec::new()),
            "--jobs" => options.jobs = number(value("a number")?, "--jobs")?.max(1),
            "--timeout" => {
                options.timeout =
                    Duration::from_secs(number(value("seconds")?, "--timeout")? as u64)
            }
            "--slowest" => slowest = number(value("a number")?, "--slowest")?,
            "--data" => options.data = Some(value("a directory")?.into()),
            "--work" => options.work = Some(value("a directory")?.into()),
            flag if flag.starts_with('-') => {
                return Err(CheckError::Usage(format!("unknown option `{flag}`")))
            }
            _ => options.services.push(arg),
        }
    }
    Ok(Some((options, slowest)))
}

fn main() -> ExitCode {
    // Cargo runs rustc through this same executable while the check compiles.
    if let Some(code) = wrapper::run_if_wrapper() {
        return code;
    }
    let (options, slowest) = match parse(std::env::args().skip(1).collect()) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("aws-op-whole-aws: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let report =
        match aws_op_whole_aws::run(&options, &mut |line| eprintln!("aws-op-whole-aws: {line}")) {
            Ok(report) => report,
            Err(e) => {
                eprintln!("aws-op-whole-aws: error: {e}");
                return ExitCode::from(2);
            }
        };
    println!("{}", report.render(slowest));
    if report.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
