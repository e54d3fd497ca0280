//! The harness crate on disk: where it lives, writing its files, compiling it with cargo and
//! running it.
//!
//! The harness is its own `[workspace]` under the workspace's target directory. It depends on
//! `aws-op` by path, gets a copy of the workspace's `Cargo.lock` and builds into the workspace's
//! target directory, so the dependencies compiled for the workspace are reused and only the
//! harness crate itself is compiled on each run.

use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The harness package (and binary) name in the default harness directory.
pub const PACKAGE: &str = "aws-op-conformance-harness";

/// What starts the harness's result lines on stdout (see `harness/support.rs`).
pub const RESULT_PREFIX: &str = "@@conformance";

/// Where things are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The aws-op workspace root (the `aws-op` package).
    pub workspace: PathBuf,
    /// The cargo target directory shared with the workspace.
    pub target_dir: PathBuf,
    /// The harness crate.
    pub harness_dir: PathBuf,
    /// The harness package and binary name: [`PACKAGE`], with a suffix for another harness
    /// directory, so two harnesses sharing the target directory never share a binary.
    pub package: String,
}

impl Layout {
    /// The workspace is this crate's parent directory; the target directory is
    /// `CARGO_TARGET_DIR` when set, else the one holding the running executable, else
    /// `<workspace>/target`; the harness goes to `<target>/conformance/harness` unless given.
    pub fn detect(harness_dir: Option<PathBuf>) -> io::Result<Layout> {
        let cwd = std::env::current_dir()?;
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let workspace = manifest.parent().unwrap_or(manifest).to_path_buf();
        let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if !dir.is_empty() => cwd.join(dir),
            _ => std::env::current_exe()
                .ok()
                .and_then(|exe| target_dir_of(&exe))
                .unwrap_or_else(|| workspace.join("target")),
        };
        let (harness_dir, package) = match harness_dir {
            Some(dir) => {
                let dir = cwd.join(dir);
                let package = format!("{PACKAGE}-{:08x}", fnv1a(&dir.to_string_lossy()));
                (dir, package)
            }
            None => (
                target_dir.join("conformance").join("harness"),
                PACKAGE.to_owned(),
            ),
        };
        Ok(Layout {
            workspace,
            target_dir,
            harness_dir,
            package,
        })
    }

    /// The compiled harness executable.
    pub fn executable(&self) -> PathBuf {
        self.target_dir.join("debug").join(format!(
            "{}{}",
            self.package,
            std::env::consts::EXE_SUFFIX
        ))
    }
}

/// A stable 32-bit hash (FNV-1a) naming a harness directory.
fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The nearest ancestor of `exe` that cargo marked as a target directory.
fn target_dir_of(exe: &Path) -> Option<PathBuf> {
    exe.ancestors()
        .skip(1)
        .find(|dir| dir.join("CACHEDIR.TAG").is_file())
        .map(Path::to_path_buf)
}

/// A failure to prepare, build or run the harness that is not a compile error of its code.
#[derive(Debug)]
pub struct ProjectError {
    /// What was being done.
    pub action: String,
    /// Why it failed.
    pub message: String,
}

impl fmt::Display for ProjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.action, self.message)
    }
}

impl std::error::Error for ProjectError {}

fn io_error(action: impl Into<String>) -> impl FnOnce(io::Error) -> ProjectError {
    let action = action.into();
    move |e| ProjectError {
        action,
        message: e.to_string(),
    }
}

/// Writes `contents` unless the file already holds exactly that, so cargo sees unchanged
/// modules as unchanged between runs.
pub fn write_if_changed(path: &Path, contents: &str) -> Result<(), ProjectError> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, contents).map_err(io_error(format!("writing {}", path.display())))
}

/// The harness's `Cargo.toml`: package `package`, `aws-op` from `workspace` with `features`.
pub fn manifest(package: &str, workspace: &Path, features: &[&str]) -> String {
    let features = features
        .iter()
        .map(|f| toml_string(f))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "# Written by aws-op-conformance on each run; edits are overwritten.\n\
         [package]\n\
         name = \"{package}\"\n\
         version = \"0.0.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         aws-op = {{ path = {}, features = [{features}] }}\n\
         serde_json = \"1\"\n\
         roxmltree = \"0.21\"\n\
         \n\
         # Its own workspace: the harness is not a member of the one it lives in.\n\
         [workspace]\n",
        toml_string(&workspace.to_string_lossy())
    )
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The optional features of the `aws-op` package the harness turns on: `gzip`, so the
/// request-compression cases compress as a user's build with that feature does, `xml` for the
/// restXml, awsQuery and ec2Query suites, and `cbor` for the rpcv2Cbor suites.
pub const FACADE_FEATURES: &[&str] = &["gzip", "xml", "cbor"];

/// Writes the harness crate: manifest, lock file, `src/main.rs` and every `(file name,
/// contents)` of `sources` under `src/`; removes other `.rs` files left in `src/` by earlier
/// runs.
pub fn write(
    layout: &Layout,
    manifest: &str,
    sources: &[(String, String)],
) -> Result<(), ProjectError> {
    let src = layout.harness_dir.join("src");
    std::fs::create_dir_all(&src).map_err(io_error(format!("creating {}", src.display())))?;
    write_if_changed(&layout.harness_dir.join("Cargo.toml"), manifest)?;
    // The workspace's lock pins the same versions, so its compiled dependencies fit.
    if let Ok(lock) = std::fs::read_to_string(layout.workspace.join("Cargo.lock")) {
        write_if_changed(&layout.harness_dir.join("Cargo.lock"), &lock)?;
    }
    let mut written = BTreeSet::new();
    for (name, contents) in sources {
        write_if_changed(&src.join(name), contents)?;
        written.insert(name.clone());
    }
    let entries =
        std::fs::read_dir(&src).map_err(io_error(format!("listing {}", src.display())))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".rs") && !written.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// One error the compiler reported, as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// The error's text (first line `error...`, then its notes).
    pub text: String,
    /// The harness module it points into (`m012_foo`), when it points into one.
    pub module: Option<String>,
}

impl CompileError {
    /// The first line (`error[E0425]: ...`).
    pub fn headline(&self) -> &str {
        self.text.lines().next().unwrap_or_default()
    }

    /// Where it points (`src/m012_foo.rs:10:5`), if anywhere.
    pub fn location(&self) -> Option<&str> {
        self.text
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("--> "))
    }
}

/// The result of compiling the harness.
#[derive(Debug)]
pub enum Build {
    /// The harness compiled.
    Compiled,
    /// The compiler rejected it; `errors` is empty when cargo failed without compiler errors
    /// (then `output` says why).
    Failed {
        /// The compiler's errors in order.
        errors: Vec<CompileError>,
        /// Cargo's whole stderr.
        output: String,
    },
}

/// Compiles the harness (debug profile) into the shared target directory.
pub fn build(layout: &Layout) -> Result<Build, ProjectError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .arg("build")
        .arg("--manifest-path")
        .arg(layout.harness_dir.join("Cargo.toml"))
        .arg("--color")
        .arg("never")
        .env("CARGO_TARGET_DIR", &layout.target_dir)
        .output()
        .map_err(io_error(format!(
            "running `{} build` for the harness",
            Path::new(&cargo).display()
        )))?;
    if output.status.success() {
        return Ok(Build::Compiled);
    }
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    Ok(Build::Failed {
        errors: compile_errors(&stderr),
        output: stderr,
    })
}

/// The compiler's error blocks in cargo's human-readable output, each with the module it
/// points into.
pub fn compile_errors(stderr: &str) -> Vec<CompileError> {
    let mut errors = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    let flush = |block: Option<Vec<&str>>, errors: &mut Vec<CompileError>| {
        if let Some(lines) = block {
            let text = lines.join("\n").trim_end().to_owned();
            let module = lines.iter().find_map(|l| module_of(l));
            errors.push(CompileError { text, module });
        }
    };
    for line in stderr.lines() {
        let starts_block = line.starts_with("error") || line.starts_with("warning");
        if starts_block || line.trim().is_empty() {
            flush(current.take(), &mut errors);
        }
        let summary = line.starts_with("error: could not compile")
            || line.starts_with("error: aborting due to")
            || line.starts_with("error: build failed");
        if line.starts_with("error") && !summary {
            current = Some(vec![line]);
        } else if let Some(block) = current.as_mut() {
            if !line.trim().is_empty() {
                block.push(line);
            }
        }
    }
    flush(current.take(), &mut errors);
    errors
}

/// `m012_foo` from a `--> src/m012_foo.rs:1:2` line.
fn module_of(line: &str) -> Option<String> {
    let path = line.trim_start().strip_prefix("--> ")?;
    let file = path.split(':').next()?;
    let name = Path::new(file).file_stem()?.to_str()?;
    let in_src = Path::new(file).parent().is_some_and(|p| p.ends_with("src"));
    (in_src && name.starts_with('m') && name[1..].starts_with(|c: char| c.is_ascii_digit()))
        .then(|| name.to_owned())
}

/// What the harness printed when run.
#[derive(Debug)]
pub struct RunOutput {
    /// `(case number, Ok or the failure message)` for every result line.
    pub results: Vec<(usize, Result<(), String>)>,
    /// How the process ended (`exit status: 0`).
    pub status: String,
    /// Whether it exited successfully.
    pub success: bool,
    /// The end of its stderr, for reporting a crash.
    pub stderr_tail: String,
}

/// Runs the compiled harness and reads its result lines.
pub fn run(layout: &Layout) -> Result<RunOutput, ProjectError> {
    let exe = layout.executable();
    let output = Command::new(&exe)
        .current_dir(&layout.harness_dir)
        .output()
        .map_err(io_error(format!("running {}", exe.display())))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    let stderr_tail = lines[lines.len().saturating_sub(10)..].join("\n");
    Ok(RunOutput {
        results: parse_results(&stdout),
        status: output.status.to_string(),
        success: output.status.success(),
        stderr_tail,
    })
}

/// Reads `@@conformance <n> pass` / `@@conformance <n> fail <message>` lines.
pub fn parse_results(stdout: &str) -> Vec<(usize, Result<(), String>)> {
    let mut out = Vec::new();
    for line in stdout.lines() {
        let mut parts = line.splitn(4, '\t');
        if parts.next() != Some(RESULT_PREFIX) {
            continue;
        }
        let Some(n) = parts.next().and_then(|n| n.parse::<usize>().ok()) else {
            continue;
        };
        match parts.next() {
            Some("pass") => out.push((n, Ok(()))),
            Some("fail") => out.push((n, Err(unescape(parts.next().unwrap_or_default())))),
            _ => {}
        }
    }
    out
}

/// Undoes the harness's one-line escaping (`\n`, `\r`, `\\`).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_depends_on_the_workspace_by_path() {
        let m = manifest(PACKAGE, Path::new("/w/a \"b\"\\c"), &["gzip"]);
        assert!(
            m.contains(r#"aws-op = { path = "/w/a \"b\"\\c", features = ["gzip"] }"#),
            "{m}"
        );
        assert!(m.contains("\n[workspace]\n"));
        assert!(m.contains(&format!("name = \"{PACKAGE}\"")));
    }

    #[test]
    fn other_harness_dirs_get_their_own_package() {
        let default = Layout::detect(None).unwrap();
        assert_eq!(default.package, PACKAGE);
        let other = Layout::detect(Some("some/dir".into())).unwrap();
        assert!(other.package.starts_with("aws-op-conformance-harness-"));
        let again = Layout::detect(Some("some/dir".into())).unwrap();
        assert_eq!(other.package, again.package);
        let third = Layout::detect(Some("other".into())).unwrap();
        assert_ne!(other.package, third.package);
        assert!(other
            .executable()
            .to_string_lossy()
            .contains(&other.package));
    }

    #[test]
    fn the_target_dir_is_found_from_the_executable() {
        let dir = std::env::temp_dir().join(format!("aws-op-conf-{}", std::process::id()));
        let exe_dir = dir.join("debug").join("deps");
        std::fs::create_dir_all(&exe_dir).unwrap();
        std::fs::write(dir.join("CACHEDIR.TAG"), "").unwrap();
        assert_eq!(target_dir_of(&exe_dir.join("runner")), Some(dir.clone()));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn compile_errors_are_split_and_located() {
        let stderr = "\
   Compiling aws-op-conformance-harness v0.0.0 (/t/harness)
warning: unused import
 --> src/m001_a.rs:1:5
  |
1 | use x;

error[E0425]: cannot find value `y` in this scope
 --> src/m003_get_foo.rs:10:5
   |
10 |     y
   |     ^ not found

error: expected item
 --> src/main.rs:2:1

error: could not compile `aws-op-conformance-harness` (bin) due to 2 previous errors
";
        let errors = compile_errors(stderr);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].module.as_deref(), Some("m003_get_foo"));
        assert_eq!(
            errors[0].headline(),
            "error[E0425]: cannot find value `y` in this scope"
        );
        assert_eq!(errors[0].location(), Some("src/m003_get_foo.rs:10:5"));
        assert!(errors[0].text.contains("^ not found"));
        assert_eq!(errors[1].module, None);
    }

    #[test]
    fn result_lines_are_read_and_unescaped() {
        let out = "noise\n@@conformance\t0\tpass\n@@conformance\t7\tfail\tline 1\\nline \\\\2\n\
                   @@conformance\tx\tpass\n";
        assert_eq!(
            parse_results(out),
            vec![(0, Ok(())), (7, Err("line 1\nline \\2".to_owned()))]
        );
    }
}
