//! The compilation stage: the generated crates as one scratch workspace, checked by one
//! `cargo check --keep-going` into a shared target directory (so aws-op and its dependencies
//! are compiled once), with this executable as rustc's wrapper to time each service crate and
//! stop one that passes the time limit (see [`crate::wrapper`]).

use crate::generate::{crate_name, package_name, write_if_changed};
use crate::wrapper::{self, Status};
use crate::CheckError;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where the stage works.
#[derive(Clone, Debug)]
pub struct Paths {
    /// The scratch workspace holding one crate directory per service (see
    /// [`crate::generate::write_workspace`]).
    pub crates: PathBuf,
    /// The target directory shared by every crate.
    pub target: PathBuf,
    /// The wrapper's time records.
    pub records: PathBuf,
    /// One file of compiler output per failing service.
    pub logs: PathBuf,
}

/// How to compile.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Compilations at once (`cargo --jobs`).
    pub jobs: usize,
    /// The time limit of one service crate.
    pub timeout: Duration,
}

/// One compiler error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The message (its first line).
    pub message: String,
    /// The whole diagnostic as rustc renders it.
    pub rendered: String,
}

/// How one service crate fared.
#[derive(Clone, Debug, PartialEq)]
pub enum Compiled {
    /// It compiled; `fresh` when cargo found it unchanged since an earlier run.
    Passed {
        /// Whether cargo reused an earlier result.
        fresh: bool,
    },
    /// The compiler rejected it.
    Failed(Vec<Diagnostic>),
    /// It was stopped at the time limit.
    TimedOut,
    /// It was never compiled (a dependency failed, or cargo stopped), with why.
    NotCompiled(String),
}

/// The outcome of one service crate.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The service.
    pub service: String,
    /// What happened.
    pub result: Compiled,
    /// Wall-clock seconds of its rustc run (for a fresh crate, the run that compiled it).
    pub seconds: Option<f64>,
    /// Its compiler warnings.
    pub warnings: usize,
}

/// What cargo said about each crate while it ran.
#[derive(Default)]
struct Messages {
    /// Crate name -> fresh, for crates that produced their artifact.
    artifacts: BTreeMap<String, bool>,
    errors: BTreeMap<String, Vec<Diagnostic>>,
    warnings: BTreeMap<String, Vec<String>>,
    /// Errors of crates that are not service crates (aws-op or a dependency).
    dependency_errors: Vec<String>,
}

impl Messages {
    fn read(&mut self, line: &str) {
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            return;
        };
        let target = value["target"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        match value["reason"].as_str() {
            Some("compiler-artifact") => {
                let fresh = value["fresh"].as_bool().unwrap_or(false);
                self.artifacts.insert(target, fresh);
            }
            Some("compiler-message") => {
                let message = &value["message"];
                let text = message["message"].as_str().unwrap_or_default().to_owned();
                let rendered = message["rendered"].as_str().unwrap_or(&text).to_owned();
                let ours = target.starts_with(crate::generate::CRATE_PREFIX);
                match message["level"].as_str() {
                    Some("error") if text.starts_with("aborting due to") => {}
                    Some("error") if ours => {
                        self.errors.entry(target).or_default().push(Diagnostic {
                            message: text,
                            rendered,
                        });
                    }
                    Some("error") => self.dependency_errors.push(rendered),
                    Some("warning")
                        if ours
                            && !text.contains("warning emitted")
                            && !text.contains("warnings emitted") =>
                    {
                        self.warnings.entry(target).or_default().push(rendered);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// Compiles the crates of `services` (members of the scratch workspace at `paths.crates`),
/// reporting each as it finishes through `progress`.
pub fn compile(
    paths: &Paths,
    services: &[String],
    settings: Settings,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<Outcome>, CheckError> {
    let run = run_id();
    let log = paths.crates.join("cargo-stderr.log");
    let stderr = std::fs::File::create(&log)
        .map_err(|e| CheckError::io(format!("creating {}", log.display()), e))?;
    let exe = std::env::current_exe().map_err(|e| CheckError::io("finding this executable", e))?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut child = Command::new(&cargo)
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format",
            "json",
        ])
        .args([
            "--color",
            "never",
            "--jobs",
            &settings.jobs.to_string(),
            "--manifest-path",
        ])
        .arg(paths.crates.join("Cargo.toml"))
        .args(
            services
                .iter()
                .flat_map(|s| ["-p".to_owned(), package_name(s)]),
        )
        .env("CARGO_TARGET_DIR", &paths.target)
        .env("RUSTC_WRAPPER", &exe)
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env(wrapper::RECORDS_VAR, &paths.records)
        .env(wrapper::RUN_VAR, &run)
        .env(
            wrapper::TIMEOUT_VAR,
            settings.timeout.as_secs_f64().to_string(),
        )
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .map_err(|e| CheckError::io(format!("running {}", Path::new(&cargo).display()), e))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let (lines, received) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });

    let by_crate: BTreeMap<String, &String> = services.iter().map(|s| (crate_name(s), s)).collect();
    let mut messages = Messages::default();
    let mut reported = BTreeSet::new();
    let mut report_finished = |messages: &Messages, progress: &mut dyn FnMut(&str)| {
        for (krate, service) in &by_crate {
            if reported.contains(krate) {
                continue;
            }
            let line = if let Some(true) = messages.artifacts.get(krate) {
                format!("{service}: passed (unchanged since an earlier run)")
            } else {
                match wrapper::read_record(&paths.records, krate).filter(|r| r.run == run) {
                    Some(r) => {
                        let how = match r.status {
                            Status::Ok => "passed",
                            Status::Failed => "failed",
                            Status::TimedOut => "stopped at the time limit",
                        };
                        format!("{service}: {how} ({:.1} s)", r.seconds)
                    }
                    None => continue,
                }
            };
            reported.insert(krate.clone());
            progress(&format!(
                "[{:>3}/{}] {line}",
                reported.len(),
                by_crate.len()
            ));
        }
    };
    loop {
        match received.recv_timeout(Duration::from_millis(500)) {
            Ok(line) => messages.read(&line),
            Err(mpsc::RecvTimeoutError::Timeout) => report_finished(&messages, progress),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    // The reader ends at the end of cargo's output; joining cannot fail unless it panicked.
    let _ = reader.join();
    let status = child
        .wait()
        .map_err(|e| CheckError::io("waiting for cargo", e))?;
    report_finished(&messages, progress);

    let mut outcomes = Vec::new();
    for (krate, service) in &by_crate {
        let record = wrapper::read_record(&paths.records, krate);
        let this_run = record.as_ref().filter(|r| r.run == run);
        let errors = messages.errors.remove(krate).unwrap_or_default();
        let warnings = messages.warnings.remove(krate).unwrap_or_default();
        let result = if let Some(fresh) = messages.artifacts.get(krate) {
            Compiled::Passed { fresh: *fresh }
        } else if this_run.is_some_and(|r| r.status == Status::TimedOut) {
            Compiled::TimedOut
        } else if !errors.is_empty() {
            Compiled::Failed(errors.clone())
        } else if this_run.is_some() {
            Compiled::NotCompiled(format!(
                "rustc failed without a diagnostic; cargo's output is in {}",
                log.display()
            ))
        } else if let Some(first) = messages.dependency_errors.first() {
            Compiled::NotCompiled(format!(
                "a dependency failed to compile: {}",
                first.lines().next().unwrap_or_default()
            ))
        } else {
            Compiled::NotCompiled(format!(
                "cargo never compiled it ({status}); its output is in {}",
                log.display()
            ))
        };
        let seconds = match (&result, &record) {
            (Compiled::Passed { .. }, Some(r)) if r.status == Status::Ok => Some(r.seconds),
            (_, Some(r)) if r.run == run => Some(r.seconds),
            _ => None,
        };
        write_log(paths, service, &errors, &warnings)?;
        outcomes.push(Outcome {
            service: (*service).clone(),
            result,
            seconds,
            warnings: warnings.len(),
        });
    }
    Ok(outcomes)
}

/// The compiler's output for a service, kept when it has any (the report points there).
fn write_log(
    paths: &Paths,
    service: &str,
    errors: &[Diagnostic],
    warnings: &[String],
) -> Result<(), CheckError> {
    let path = paths.logs.join(format!("{service}.txt"));
    if errors.is_empty() && warnings.is_empty() {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(CheckError::io(format!("removing {}", path.display()), e))
            }
            _ => Ok(()),
        };
    }
    let text: Vec<&str> = errors
        .iter()
        .map(|d| d.rendered.as_str())
        .chain(warnings.iter().map(String::as_str))
        .collect();
    write_if_changed(&path, &text.join("\n"))
}

/// A run id: the time and this process.
fn run_id() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    format!("{now}-{}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_messages_are_sorted_by_crate() {
        let mut m = Messages::default();
        for line in [
            r#"{"reason":"compiler-artifact","target":{"name":"aws_op_model_sqs"},"fresh":true}"#,
            r#"{"reason":"compiler-message","target":{"name":"aws_op_model_ssm"},"message":{"level":"error","message":"bad pattern","rendered":"error: bad pattern\n --> src/lib.rs"}}"#,
            r#"{"reason":"compiler-message","target":{"name":"aws_op_model_ssm"},"message":{"level":"error","message":"aborting due to 1 previous error","rendered":"x"}}"#,
            r#"{"reason":"compiler-message","target":{"name":"aws_op_model_ssm"},"message":{"level":"warning","message":"unused import","rendered":"warning: unused import"}}"#,
            r#"{"reason":"compiler-message","target":{"name":"aws_op_model_ssm"},"message":{"level":"warning","message":"1 warning emitted","rendered":"w"}}"#,
            r#"{"reason":"compiler-message","target":{"name":"aws_op"},"message":{"level":"error","message":"broken","rendered":"error: broken"}}"#,
            "Checking something (not JSON)",
        ] {
            m.read(line);
        }
        assert_eq!(m.artifacts.get("aws_op_model_sqs"), Some(&true));
        assert_eq!(
            m.errors["aws_op_model_ssm"],
            [Diagnostic {
                message: "bad pattern".into(),
                rendered: "error: bad pattern\n --> src/lib.rs".into()
            }]
        );
        assert_eq!(m.warnings["aws_op_model_ssm"], ["warning: unused import"]);
        assert_eq!(m.dependency_errors, ["error: broken"]);
    }
}
