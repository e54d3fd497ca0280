//! The rustc wrapper: cargo runs every compiler invocation through this same executable
//! (`RUSTC_WRAPPER`), which times the service crates' compilations and stops one that runs past
//! the time limit.
//!
//! This lets one `cargo check` compile every crate (cargo schedules them over the jobs, and
//! aws-op with its dependencies is compiled once), while each service crate still gets its own
//! time and its own limit. Other invocations (dependencies, cargo's `rustc -vV` probes) pass
//! through untouched.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// Set for the wrapper: the directory of the time records. Its presence means "act as the
/// wrapper".
pub const RECORDS_VAR: &str = "AWS_OP_WHOLE_AWS_RECORDS";
/// Set for the wrapper: the current run's id, written into each record.
pub const RUN_VAR: &str = "AWS_OP_WHOLE_AWS_RUN";
/// Set for the wrapper: the time limit of one service crate, in seconds.
pub const TIMEOUT_VAR: &str = "AWS_OP_WHOLE_AWS_TIMEOUT";

/// What a record says about one compilation.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The run that wrote it.
    pub run: String,
    /// How it ended.
    pub status: Status,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// How one compilation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// rustc succeeded.
    Ok,
    /// rustc failed.
    Failed,
    /// rustc was stopped at the time limit.
    TimedOut,
}

impl Record {
    fn to_line(&self) -> String {
        let status = match self.status {
            Status::Ok => "ok",
            Status::Failed => "failed",
            Status::TimedOut => "timeout",
        };
        format!("{} {status} {:.3}\n", self.run, self.seconds)
    }

    fn parse(line: &str) -> Option<Record> {
        let mut words = line.split_whitespace();
        let run = words.next()?.to_owned();
        let status = match words.next()? {
            "ok" => Status::Ok,
            "failed" => Status::Failed,
            "timeout" => Status::TimedOut,
            _ => return None,
        };
        let seconds = words.next()?.parse().ok()?;
        Some(Record {
            run,
            status,
            seconds,
        })
    }
}

/// The record file of crate `crate_name`.
pub fn record_path(records: &Path, crate_name: &str) -> PathBuf {
    records.join(format!("{crate_name}.txt"))
}

/// The last record of `crate_name`, if any.
pub fn read_record(records: &Path, crate_name: &str) -> Option<Record> {
    let text = std::fs::read_to_string(record_path(records, crate_name)).ok()?;
    Record::parse(text.lines().next()?)
}

/// Runs as the wrapper when cargo started this executable so (`RECORDS_VAR` set and a
/// compiler to run); `None` otherwise.
pub fn run_if_wrapper() -> Option<ExitCode> {
    let records = std::env::var_os(RECORDS_VAR)?;
    let mut args = std::env::args_os().skip(1);
    let rustc = args.next()?;
    let args: Vec<_> = args.collect();
    let crate_name = args
        .iter()
        .position(|a| a == "--crate-name")
        .and_then(|i| args.get(i + 1))
        .and_then(|name| name.to_str())
        .filter(|name| name.starts_with(crate::generate::CRATE_PREFIX))
        .map(str::to_owned);
    let mut command = Command::new(&rustc);
    command.args(&args);
    let Some(crate_name) = crate_name else {
        return Some(match command.status() {
            Ok(status) => exit_code(status.code()),
            Err(e) => {
                eprintln!(
                    "aws-op-whole-aws: cannot run {}: {e}",
                    Path::new(&rustc).display()
                );
                ExitCode::FAILURE
            }
        });
    };
    let timeout = std::env::var(TIMEOUT_VAR)
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .map(Duration::from_secs_f64);
    let run = std::env::var(RUN_VAR).unwrap_or_default();
    Some(timed(
        command,
        &crate_name,
        timeout,
        &run,
        Path::new(&records),
    ))
}

/// Runs rustc for a service crate, stopping it at `timeout`, and writes its record.
fn timed(
    mut command: Command,
    crate_name: &str,
    timeout: Option<Duration>,
    run: &str,
    records: &Path,
) -> ExitCode {
    let start = Instant::now();
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("aws-op-whole-aws: cannot run rustc for {crate_name}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (status, code) = loop {
        match child.try_wait() {
            Ok(Some(exit)) if exit.success() => break (Status::Ok, exit.code()),
            Ok(Some(exit)) => break (Status::Failed, exit.code()),
            Ok(None) if timeout.is_some_and(|t| start.elapsed() >= t) => {
                // Killing an exited child is not an error worth reporting; wait reaps it.
                let _ = child.kill();
                let _ = child.wait();
                eprintln!(
                    "aws-op-whole-aws: stopped rustc for {crate_name} after {:.0} s (the \
                     per-crate time limit)",
                    start.elapsed().as_secs_f64()
                );
                break (Status::TimedOut, Some(1));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => {
                eprintln!("aws-op-whole-aws: waiting for rustc for {crate_name}: {e}");
                break (Status::Failed, Some(1));
            }
        }
    };
    let record = Record {
        run: run.to_owned(),
        status,
        seconds: start.elapsed().as_secs_f64(),
    };
    // Written whole, then renamed: the checker never reads half a record.
    let path = record_path(records, crate_name);
    let partial = path.with_extension("partial");
    let written = std::fs::create_dir_all(records)
        .and_then(|()| std::fs::write(&partial, record.to_line()))
        .and_then(|()| std::fs::rename(&partial, &path));
    if let Err(e) = written {
        eprintln!("aws-op-whole-aws: cannot write {}: {e}", path.display());
    }
    exit_code(code)
}

fn exit_code(code: Option<i32>) -> ExitCode {
    match code {
        Some(0) => ExitCode::SUCCESS,
        Some(c) => ExitCode::from(u8::try_from(c).unwrap_or(1).max(1)),
        None => ExitCode::FAILURE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back() {
        for status in [Status::Ok, Status::Failed, Status::TimedOut] {
            let record = Record {
                run: "r-1".into(),
                status,
                seconds: 12.5,
            };
            assert_eq!(Record::parse(record.to_line().trim()), Some(record));
        }
        assert_eq!(Record::parse("r-1 maybe 1.0"), None);
        assert_eq!(Record::parse("r-1 ok"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_compilation_past_the_limit_is_stopped_and_recorded() {
        let records =
            std::env::temp_dir().join(format!("whole-aws-wrapper-{}", std::process::id()));
        let mut sleeper = Command::new("sleep");
        sleeper.arg("30");
        let start = Instant::now();
        let code = timed(
            sleeper,
            "aws_op_model_slow",
            Some(Duration::from_millis(200)),
            "r-2",
            &records,
        );
        assert!(start.elapsed() < Duration::from_secs(10));
        assert_eq!(code, ExitCode::from(1));
        let record = read_record(&records, "aws_op_model_slow").unwrap();
        assert_eq!(
            (record.run.as_str(), record.status),
            ("r-2", Status::TimedOut)
        );

        let code = timed(
            Command::new("true"),
            "aws_op_model_fast",
            Some(Duration::from_secs(60)),
            "r-2",
            &records,
        );
        assert_eq!(code, ExitCode::SUCCESS);
        assert_eq!(
            read_record(&records, "aws_op_model_fast").unwrap().status,
            Status::Ok
        );
        let code = timed(
            Command::new("false"),
            "aws_op_model_bad",
            None,
            "r-2",
            &records,
        );
        assert_eq!(code, ExitCode::from(1));
        assert_eq!(
            read_record(&records, "aws_op_model_bad").unwrap().status,
            Status::Failed
        );
        std::fs::remove_dir_all(&records).unwrap();
    }
}
