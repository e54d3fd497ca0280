//! One run: load the files, write the harness, compile it (setting aside modules that do not
//! compile, so the others still run), run it and collect one outcome per case.

use crate::cases::{self, Case, CaseFile, LoadError};
use crate::emit;
use crate::exclusions::{self, Exclusion};
use crate::plan::{self, Plan};
use crate::project::{self, Build, CompileError, Layout, ProjectError};
use std::collections::BTreeMap;
use std::fmt;
use std::fmt::Write as _;
use std::path::PathBuf;

/// What to run.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// The case files.
    pub files: Vec<PathBuf>,
    /// Where to write the harness crate (default: `<target>/conformance/harness`).
    pub harness_dir: Option<PathBuf>,
    /// Cases that cannot pass, with their reasons.
    pub exclusions: Vec<Exclusion>,
}

/// A case that did not pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The file, as given.
    pub file: String,
    /// The suite's description.
    pub suite: String,
    /// The case's id, description or number.
    pub case: String,
    /// What differed, or why the case could not run.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self
            .message
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join(" | ");
        write!(
            f,
            "FAIL {} :: {} :: {}: {}",
            self.file, self.suite, self.case, message
        )
    }
}

/// The outcome of a run.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Explanations that concern several cases (compile errors of the harness), printed before
    /// the failures.
    pub notes: Vec<String>,
    /// Every failing case, in file order.
    pub failures: Vec<Failure>,
    /// How many cases passed.
    pub passed: usize,
    /// Excluded cases that failed as expected, with their exclusion.
    pub excluded: Vec<(Failure, Exclusion)>,
    /// Per file, as given: `(file, passed, failed)`.
    pub per_file: Vec<(String, usize, usize)>,
}

impl Report {
    /// How many cases failed.
    pub fn failed(&self) -> usize {
        self.failures.len()
    }

    /// The last line of the output: `N passed, M failed`.
    pub fn summary(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failed())
    }
}

/// A run that could not happen at all.
#[derive(Debug)]
pub enum RunError {
    /// No files were given.
    NoFiles,
    /// A case file is unusable.
    Load(LoadError),
    /// The harness could not be written, built or started.
    Project(ProjectError),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::NoFiles => f.write_str("no case files given"),
            RunError::Load(e) => write!(f, "{e}"),
            RunError::Project(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RunError {}

impl From<LoadError> for RunError {
    fn from(e: LoadError) -> Self {
        RunError::Load(e)
    }
}

impl From<ProjectError> for RunError {
    fn from(e: ProjectError) -> Self {
        RunError::Project(e)
    }
}

/// Shared with the harness verbatim (see `compare.rs`).
const COMPARE_RS: &str = include_str!("compare.rs");
/// The harness's support module.
const SUPPORT_RS: &str = include_str!("../harness/support.rs");

/// How many error blocks of one module a note shows.
const ERRORS_SHOWN: usize = 3;

/// A module that was written: its name, source and case numbers.
struct Written {
    name: String,
    source: String,
    cases: Vec<usize>,
    /// How notes name it: file, suite and operation.
    origin: String,
}

/// Runs every case of `options.files`; progress goes to `progress` (stderr for the binary).
pub fn run(options: &RunOptions, progress: &mut dyn FnMut(&str)) -> Result<Report, RunError> {
    if options.files.is_empty() {
        return Err(RunError::NoFiles);
    }
    let files: Vec<CaseFile> = options
        .files
        .iter()
        .map(|p| cases::load(p))
        .collect::<Result<_, _>>()?;
    let plan = plan::plan(&files);
    let mut outcomes: Vec<Option<Result<(), String>>> = vec![None; plan.cases.len()];
    let mut notes = Vec::new();

    let mut written = Vec::new();
    for module in &plan.modules {
        let file = &files[module.file];
        let suite = &file.suites[module.suite];
        let cases: Vec<(usize, &Case)> = module
            .cases
            .iter()
            .map(|&n| (n, &suite.cases[plan.cases[n].case]))
            .collect();
        let origin = format!(
            "{} :: {} :: operation `{}`",
            file.path.display(),
            suite.description,
            module.operation["name"].as_str().unwrap_or_default()
        );
        match emit::module(&file.path.display().to_string(), suite, module, &cases) {
            Ok(source) => written.push(Written {
                name: module.name.clone(),
                source,
                cases: module.cases.clone(),
                origin,
            }),
            Err(e) => {
                for &n in &module.cases {
                    outcomes[n] = Some(Err(format!("no harness code: {e}")));
                }
            }
        }
    }
    progress(&format!(
        "{} cases in {} modules ({} could not be generated)",
        plan.cases.len(),
        plan.modules.len(),
        plan.modules.len() - written.len()
    ));

    if !written.is_empty() {
        let layout = Layout::detect(options.harness_dir.clone()).map_err(|e| {
            RunError::Project(ProjectError {
                action: "finding the workspace and target directory".into(),
                message: e.to_string(),
            })
        })?;
        compile_and_run(&layout, &written, &mut outcomes, &mut notes, progress)?;
    }
    Ok(report(&files, &plan, outcomes, notes, &options.exclusions))
}

/// Compiles the harness, setting aside modules with compile errors until the rest compiles,
/// then runs it.
fn compile_and_run(
    layout: &Layout,
    written: &[Written],
    outcomes: &mut [Option<Result<(), String>>],
    notes: &mut Vec<String>,
    progress: &mut dyn FnMut(&str),
) -> Result<(), RunError> {
    let manifest = project::manifest(&layout.package, &layout.workspace, project::FACADE_FEATURES);
    let mut active: Vec<&Written> = written.iter().collect();
    loop {
        let mut sources = vec![
            ("main.rs".to_owned(), main_rs(&active)),
            ("compare.rs".to_owned(), COMPARE_RS.to_owned()),
            ("support.rs".to_owned(), SUPPORT_RS.to_owned()),
        ];
        sources.extend(
            active
                .iter()
                .map(|w| (format!("{}.rs", w.name), w.source.clone())),
        );
        project::write(layout, &manifest, &sources)?;
        progress(&format!(
            "compiling the harness ({} modules) in {}",
            active.len(),
            layout.harness_dir.display()
        ));
        let (errors, output) = match project::build(layout)? {
            Build::Compiled => break,
            Build::Failed { errors, output } => (errors, output),
        };
        let mut by_module: BTreeMap<String, Vec<&CompileError>> = BTreeMap::new();
        let mut unplaced = Vec::new();
        for e in &errors {
            match e.module.as_deref() {
                Some(m) if active.iter().any(|w| w.name == m) => {
                    by_module.entry(m.to_owned()).or_default().push(e)
                }
                _ => unplaced.push(e),
            }
        }
        if by_module.is_empty() || !unplaced.is_empty() {
            // Not the fault of one module: nothing runs.
            let mut note = format!(
                "the harness did not compile ({}); every case it holds fails:\n",
                layout.harness_dir.display()
            );
            // The errors that are nobody's module's are the ones to show.
            let shown: Vec<&CompileError> = if unplaced.is_empty() {
                errors.iter().take(ERRORS_SHOWN).collect()
            } else {
                unplaced.iter().take(ERRORS_SHOWN).copied().collect()
            };
            if shown.is_empty() {
                let lines: Vec<&str> = output.lines().collect();
                note.push_str(&lines[lines.len().saturating_sub(20)..].join("\n"));
            }
            for e in &shown {
                let _ = writeln!(note, "{}", e.text);
            }
            notes.push(note.trim_end().to_owned());
            let first = shown
                .first()
                .map(|e| describe(e))
                .unwrap_or_else(|| "cargo failed without a compiler error".into());
            for w in &active {
                for &n in &w.cases {
                    outcomes[n] = Some(Err(format!("the harness did not compile: {first}")));
                }
            }
            return Ok(());
        }
        for (module, errs) in &by_module {
            let Some(w) = active.iter().find(|w| w.name == *module) else {
                continue;
            };
            let mut note = format!(
                "harness module {module} ({}) did not compile ({}), failing {}:\n",
                w.origin,
                plural(errs.len(), "error"),
                plural(w.cases.len(), "case")
            );
            for e in errs.iter().take(ERRORS_SHOWN) {
                let _ = writeln!(note, "{}", e.text);
            }
            notes.push(note.trim_end().to_owned());
            for &n in &w.cases {
                outcomes[n] = Some(Err(format!(
                    "harness module {module} did not compile: {}",
                    describe(errs[0])
                )));
            }
        }
        active.retain(|w| !by_module.contains_key(&w.name));
        if active.is_empty() {
            return Ok(());
        }
    }
    let count: usize = active.iter().map(|w| w.cases.len()).sum();
    progress(&format!("running {count} cases"));
    let run = project::run(layout)?;
    for (n, result) in run.results {
        if let Some(slot) = outcomes.get_mut(n) {
            *slot = Some(result);
        }
    }
    for w in &active {
        for &n in &w.cases {
            if outcomes[n].is_none() {
                outcomes[n] = Some(Err(format!(
                    "no result: the harness ended ({}) before this case; its stderr ends: {}",
                    run.status, run.stderr_tail
                )));
            }
        }
    }
    Ok(())
}

/// `1 case`, `2 cases`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `headline (at location)` of a compile error.
fn describe(e: &CompileError) -> String {
    match e.location() {
        Some(at) => format!("{} (at {at})", e.headline()),
        None => e.headline().to_owned(),
    }
}

/// The harness's `main.rs`: the modules and the table of cases.
fn main_rs(active: &[&Written]) -> String {
    let mut out = String::from(
        "// Written by aws-op-conformance on each run; edits are overwritten.\n\n\
         // Which helpers a run uses depends on its case files.\n\
         #[allow(dead_code)]\nmod compare;\n#[allow(dead_code)]\nmod support;\n\n",
    );
    for w in active {
        // The generator's and the conversions' warnings are not what the harness checks.
        let _ = writeln!(out, "#[allow(warnings)]\nmod {};", w.name);
    }
    out.push_str("\nconst CASES: &[support::Case] = &[\n");
    for w in active {
        for &n in &w.cases {
            let _ = writeln!(
                out,
                "    ({n}, {}::{} as fn() -> support::Outcome<()>),",
                w.name,
                emit::case_fn(n)
            );
        }
    }
    out.push_str("];\n\nfn main() {\n    support::main(CASES);\n}\n");
    out
}

fn report(
    files: &[CaseFile],
    plan: &Plan,
    outcomes: Vec<Option<Result<(), String>>>,
    notes: Vec<String>,
    excluded: &[Exclusion],
) -> Report {
    let mut report = Report {
        notes,
        per_file: files
            .iter()
            .map(|f| (f.path.display().to_string(), 0, 0))
            .collect(),
        ..Report::default()
    };
    for (case_ref, outcome) in plan.cases.iter().zip(outcomes) {
        let file = &files[case_ref.file];
        let suite = &file.suites[case_ref.suite];
        let counts = &mut report.per_file[case_ref.file];
        let path = file.path.display().to_string();
        let label = &suite.cases[case_ref.case].label;
        let exclusion = exclusions::find(excluded, &path, &suite.description, label);
        let passed = matches!(outcome, Some(Ok(())));
        let message = match (outcome, exclusion) {
            (Some(Ok(())), None) => {
                report.passed += 1;
                counts.1 += 1;
                continue;
            }
            (Some(Ok(())), Some(_)) => {
                "passes, but is excluded: remove its line from the exclusions".to_owned()
            }
            (Some(Err(m)), _) => m,
            (None, _) => "not run".to_owned(),
        };
        let failure = Failure {
            file: path,
            suite: suite.description.clone(),
            case: label.clone(),
            message,
        };
        match exclusion {
            // An excluded case that passes is a stale exclusion: a failure of the run.
            Some(e) if !passed => report.excluded.push((failure, e.clone())),
            _ => {
                counts.2 += 1;
                report.failures.push(failure);
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_print_on_one_line() {
        let f = Failure {
            file: "f.json".into(),
            suite: "S".into(),
            case: "C".into(),
            message: "a\nb  \nc".into(),
        };
        assert_eq!(f.to_string(), "FAIL f.json :: S :: C: a | b | c");
    }

    #[test]
    fn the_summary_counts() {
        let r = Report {
            passed: 3,
            failures: vec![Failure {
                file: String::new(),
                suite: String::new(),
                case: String::new(),
                message: String::new(),
            }],
            ..Report::default()
        };
        assert_eq!(r.summary(), "3 passed, 1 failed");
    }

    #[test]
    fn no_files_is_an_error() {
        let e = run(&RunOptions::default(), &mut |_| {}).unwrap_err();
        assert_eq!(e.to_string(), "no case files given");
    }
}
