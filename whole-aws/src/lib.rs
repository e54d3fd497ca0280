//! The whole-AWS check: every service model of a pinned botocore release through
//! `aws-op-codegen`, and each generated crate through the compiler.
//!
//! 1. [`botocore::fetch`] downloads the botocore wheel ([`botocore::VERSION`]) from the Python
//!    package index with pip into the target directory and unpacks it (once).
//! 2. [`generate`] turns each service's newest `service-2.json.gz` (with its
//!    `paginators-1.json` and endpoint rule set) into a crate of its own under
//!    `<target>/whole-aws/crates/<service>`. A service whose protocols aws-op does not speak
//!    yet is *refused*, which is reported but is not a failure.
//! 3. [`compile`] checks every generated crate with one `cargo check --keep-going` into one
//!    target directory, timing each crate and stopping one past the time limit.
//! 4. [`Report`] prints `N passed, M failed` per stage, every failure's reason grouped by
//!    cause, and the slowest crates.

pub mod botocore;
pub mod compile;
pub mod generate;
pub mod report;
pub mod wrapper;

pub use report::Report;

use std::fmt;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Why a run could not be made (as opposed to a service failing, which the report lists).
#[derive(Debug)]
pub enum CheckError {
    /// The command line asks for something impossible.
    Usage(String),
    /// Something the check needs is missing or failed (Python, pip, the download).
    Setup(String),
    /// A file could not be read or written.
    Io {
        /// What was being done.
        action: String,
        /// The error.
        error: std::io::Error,
    },
}

impl CheckError {
    pub(crate) fn setup(message: impl Into<String>) -> Self {
        CheckError::Setup(message.into())
    }

    pub(crate) fn io(action: impl Into<String>, error: std::io::Error) -> Self {
        CheckError::Io {
            action: action.into(),
            error,
        }
    }
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckError::Usage(m) | CheckError::Setup(m) => f.write_str(m),
            CheckError::Io { action, error } => write!(f, "{action}: {error}"),
        }
    }
}

impl std::error::Error for CheckError {}

/// What to check and how.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// The services to generate (botocore's names); empty: every service.
    pub services: Vec<String>,
    /// The generated services to compile: `None` every one, `Some(empty)` none.
    pub compile: Option<Vec<String>>,
    /// Compilations (and generator threads) at once.
    pub jobs: usize,
    /// The time limit of one crate's compilation.
    pub timeout: Duration,
    /// An unpacked botocore `data` directory to use instead of downloading the wheel.
    pub data: Option<PathBuf>,
    /// Where to download, generate and compile (default `<target>/whole-aws`).
    pub work: Option<PathBuf>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            services: Vec::new(),
            compile: None,
            jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
            timeout: Duration::from_secs(1200),
            data: None,
            work: None,
        }
    }
}

/// The aws-op workspace: this crate's parent directory.
fn workspace() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The target directory: `CARGO_TARGET_DIR`, else the one holding this executable (cargo
/// marks it with `CACHEDIR.TAG`), else `<workspace>/target`.
fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .skip(1)
                .find(|dir| dir.join("CACHEDIR.TAG").is_file())
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(|| workspace().join("target"))
}

/// Runs the check; `progress` gets a line per step and per finished crate.
pub fn run(options: &CheckOptions, progress: &mut dyn FnMut(&str)) -> Result<Report, CheckError> {
    let work = options
        .work
        .clone()
        .unwrap_or_else(|| target_dir().join("whole-aws"));
    let data = match &options.data {
        Some(data) => data.clone(),
        None => {
            progress(&format!(
                "fetching botocore {} into {}",
                botocore::VERSION,
                work.display()
            ));
            botocore::fetch(&work.join("botocore"))?
        }
    };
    let all = botocore::services(&data)?;
    let selected = select(&all, &options.services, "")?;
    // Checked before the long work starts: a misspelt name is a usage error at once.
    let compile_only = match &options.compile {
        Some(names) if !names.is_empty() => Some(select(&all, names, " (--compile)")?),
        _ => None,
    };
    if let Some(outside) = compile_only
        .iter()
        .flatten()
        .find(|s| !selected.contains(s))
    {
        return Err(CheckError::Usage(format!(
            "`{}` is named by --compile but is not among the services to generate",
            outside.name
        )));
    }
    let crates = work.join("crates");
    progress(&format!(
        "generating {} services into {}",
        selected.len(),
        crates.display()
    ));
    let generation = generate_all(&selected, &crates, options.jobs.max(1));

    let generated: Vec<String> = generation
        .iter()
        .filter(|(_, g)| matches!(g, generate::Generated::Crate { .. }))
        .map(|(s, _)| s.clone())
        .collect();
    generate::write_workspace(&crates, &workspace(), &generated)?;
    let to_compile: Vec<String> = match (&options.compile, compile_only) {
        (None, _) => generated,
        (Some(_), None) => Vec::new(),
        (Some(_), Some(wanted)) => wanted
            .iter()
            .map(|s| s.name.clone())
            .filter(|name| generated.contains(name))
            .collect(),
    };
    let logs = work.join("logs");
    let compilation = if to_compile.is_empty() {
        None
    } else {
        progress(&format!(
            "compiling {} crates ({} at a time, at most {} s each)",
            to_compile.len(),
            options.jobs,
            options.timeout.as_secs()
        ));
        let paths = compile::Paths {
            crates,
            target: work.join("target"),
            records: work.join("records"),
            logs: logs.clone(),
        };
        let settings = compile::Settings {
            jobs: options.jobs.max(1),
            timeout: options.timeout,
        };
        Some(compile::compile(&paths, &to_compile, settings, progress)?)
    };
    Ok(Report {
        botocore: botocore::VERSION.to_owned(),
        generation,
        compilation,
        jobs: options.jobs,
        timeout: options.timeout,
        logs: logs.display().to_string(),
    })
}

/// The services named in `names` (all when empty); an unknown name is a usage error.
fn select<'a>(
    all: &'a [botocore::Service],
    names: &[String],
    context: &str,
) -> Result<Vec<&'a botocore::Service>, CheckError> {
    if names.is_empty() {
        return Ok(all.iter().collect());
    }
    let mut selected = Vec::new();
    for name in names {
        match all.iter().find(|s| s.name == *name) {
            Some(s) if !selected.contains(&s) => selected.push(s),
            Some(_) => {}
            None => {
                return Err(CheckError::Usage(format!(
                    "no service `{name}`{context} in botocore {}: names are its data \
                     directories, e.g. `dynamodb`, `stepfunctions`, `cloudwatch`",
                    botocore::VERSION
                )))
            }
        }
    }
    selected.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(selected)
}

/// Generates `services` on `jobs` threads; the results are in the services' order.
fn generate_all(
    services: &[&botocore::Service],
    crates: &Path,
    jobs: usize,
) -> Vec<(String, generate::Generated)> {
    let workspace = workspace();
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(service) = services.get(i) else {
                    break;
                };
                let generated = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    generate::generate(service, crates, &workspace)
                }))
                .unwrap_or_else(|panic| {
                    let message = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    generate::Generated::Failed(format!("the generator panicked: {message}"))
                });
                if let Ok(mut results) = results.lock() {
                    results.push((i, service.name.clone(), generated));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(i, _, _)| *i);
    results.into_iter().map(|(_, name, g)| (name, g)).collect()
}
