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
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

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
    let mut child = cargo_check(paths, services, settings, &run, &log)?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let (lines, received) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut finished = Finished {
        by_crate: services
            .iter()
            .map(|s| (crate_name(s), s.clone()))
            .collect(),
        reported: BTreeSet::new(),
        records: &paths.records,
        run: &run,
    };
    let mut messages = Messages::default();
    let mut last_report = Instant::now();
    loop {
        match received.recv_timeout(REPORT_EVERY) {
            Ok(line) => messages.read(&line),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if last_report.elapsed() >= REPORT_EVERY {
            finished.report(&messages, progress);
            last_report = Instant::now();
        }
    }
    // The reader ends with cargo's output; joining fails only if it panicked.
    let _ = reader.join();
    let status = child
        .wait()
        .map_err(|e| CheckError::io("waiting for cargo", e))?;
    finished.report(&messages, progress);

    let mut outcomes = Vec::new();
    for (krate, service) in &finished.by_crate {
        let errors = messages.errors.remove(krate).unwrap_or_default();
        let warnings = messages.warnings.remove(krate).unwrap_or_default();
        write_log(paths, service, &errors, &warnings)?;
        let record = wrapper::read_record(&paths.records, krate);
        let this_run = record.as_ref().filter(|r| r.run == run);
        let result = match (messages.artifacts.get(krate), this_run) {
            (Some(fresh), _) => Compiled::Passed { fresh: *fresh },
            (None, Some(r)) if r.status == Status::TimedOut => Compiled::TimedOut,
            _ if !errors.is_empty() => Compiled::Failed(errors),
            (None, Some(_)) => Compiled::NotCompiled(format!(
                "rustc failed without a diagnostic; cargo's output is in {}",
                log.display()
            )),
            (None, None) => Compiled::NotCompiled(match messages.dependency_errors.first() {
                Some(first) => format!(
                    "a dependency failed to compile: {}",
                    first.lines().next().unwrap_or_default()
                ),
                None => format!(
                    "cargo never compiled it ({status}); its output is in {}",
                    log.display()
                ),
            }),
        };
        // A fresh crate's time is that of the run that compiled it.
        let seconds = match (&result, &record) {
            (Compiled::Passed { .. }, Some(r)) if r.status == Status::Ok => Some(r.seconds),
            (_, Some(r)) if r.run == run => Some(r.seconds),
            _ => None,
        };
        outcomes.push(Outcome {
            service: service.clone(),
            result,
            seconds,
            warnings: warnings.len(),
        });
    }
    Ok(outcomes)
}

/// How often finished crates are reported while cargo runs.
const REPORT_EVERY: Duration = Duration::from_millis(500);

/// Starts `cargo check` of `services` with this executable as rustc's wrapper; its JSON
/// messages come on stdout, its own output goes to `log`.
fn cargo_check(
    paths: &Paths,
    services: &[String],
    settings: Settings,
    run: &str,
    log: &Path,
) -> Result<Child, CheckError> {
    let stderr = std::fs::File::create(log)
        .map_err(|e| CheckError::io(format!("creating {}", log.display()), e))?;
    let exe = std::env::current_exe().map_err(|e| CheckError::io("finding this executable", e))?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let packages = services
        .iter()
        .flat_map(|s| ["-p".to_owned(), package_name(s)]);
    Command::new(&cargo)
        .args([
            "check",
            "--keep-going",
            "--message-format",
            "json",
            "--color",
        ])
        .args([
            "never",
            "--jobs",
            &settings.jobs.to_string(),
            "--manifest-path",
        ])
        .arg(paths.crates.join("Cargo.toml"))
        .args(packages)
        .env("CARGO_TARGET_DIR", &paths.target)
        // Incremental state would take tens of gigabytes for every service, and each crate
        // is compiled from scratch whenever aws-op changes anyway.
        .env("CARGO_INCREMENTAL", "0")
        .env("RUSTC_WRAPPER", &exe)
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env(wrapper::RECORDS_VAR, &paths.records)
        .env(wrapper::RUN_VAR, run)
        .env(
            wrapper::TIMEOUT_VAR,
            settings.timeout.as_secs_f64().to_string(),
        )
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .map_err(|e| CheckError::io(format!("running {}", Path::new(&cargo).display()), e))
}

/// The crates reported finished so far, for the progress lines.
struct Finished<'a> {
    /// Crate name -> service.
    by_crate: BTreeMap<String, String>,
    reported: BTreeSet<String>,
    records: &'a Path,
    run: &'a str,
}

impl Finished<'_> {
    /// A line for each crate that finished since the last call: cargo found it fresh, or the
    /// wrapper wrote its record in this run.
    fn report(&mut self, messages: &Messages, progress: &mut dyn FnMut(&str)) {
        for (krate, service) in &self.by_crate {
            if self.reported.contains(krate) {
                continue;
            }
            let line = if messages.artifacts.get(krate) == Some(&true) {
                format!("{service}: passed (unchanged since an earlier run)")
            } else {
                let Some(r) =
                    wrapper::read_record(self.records, krate).filter(|r| r.run == self.run)
                else {
                    continue;
                };
                let how = match r.status {
                    Status::Ok => "passed",
                    Status::Failed => "failed",
                    Status::TimedOut => "stopped at the time limit",
                };
                format!("{service}: {how} ({:.1} s)", r.seconds)
            };
            self.reported.insert(krate.clone());
            progress(&format!(
                "[{:>3}/{}] {line}",
                self.reported.len(),
                self.by_crate.len()
            ));
        }
    }
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
