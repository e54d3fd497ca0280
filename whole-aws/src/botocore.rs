//! The pinned botocore release: its wheel downloaded from the Python package index with pip,
//! unpacked, and read service by service.
//!
//! Python is needed only here, for `pip download` and for unpacking the wheel (a zip file), so
//! the check takes the same file a Python user installs. A missing `python3` or pip is an
//! error that says so; nothing is skipped silently.

use crate::CheckError;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The botocore release whose models are checked.
pub const VERSION: &str = "1.44.8";

/// The Python interpreter: `$PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("PYTHON")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "python3".into())
}

/// Downloads and unpacks botocore [`VERSION`] under `cache` (once; later calls reuse it) and
/// returns its `botocore/data` directory.
pub fn fetch(cache: &Path) -> Result<PathBuf, CheckError> {
    let unpacked = cache.join(format!("botocore-{VERSION}"));
    let data = unpacked.join("botocore").join("data");
    let complete = unpacked.join(".complete");
    if complete.is_file() && data.is_dir() {
        return Ok(data);
    }
    let python = python();
    let version = Command::new(&python).arg("--version").output();
    match version {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            return Err(CheckError::setup(format!(
                "`{python} --version` failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            )))
        }
        Err(e) => {
            return Err(CheckError::setup(format!(
                "Python is needed to download botocore {VERSION} from the Python package \
                 index (`{python} -m pip download`) and to unpack it, and `{python}` cannot \
                 be run: {e}. Install Python 3 with pip (or set PYTHON to its path), or pass \
                 `--data DIR` with an unpacked botocore `data` directory."
            )))
        }
    }
    let downloads = cache.join("downloads");
    let requirement = format!("botocore=={VERSION}");
    run(Command::new(&python)
        .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:"])
        .args(["--disable-pip-version-check", "--quiet", "-d"])
        .arg(&downloads)
        .arg(&requirement))?;
    let wheel = downloads.join(format!("botocore-{VERSION}-py3-none-any.whl"));
    if !wheel.is_file() {
        return Err(CheckError::setup(format!(
            "pip reported success but {} is not there",
            wheel.display()
        )));
    }
    if unpacked.exists() {
        std::fs::remove_dir_all(&unpacked)
            .map_err(|e| CheckError::io(format!("removing {}", unpacked.display()), e))?;
    }
    run(Command::new(&python)
        .args(["-m", "zipfile", "-e"])
        .arg(&wheel)
        .arg(&unpacked))?;
    if !data.is_dir() {
        return Err(CheckError::setup(format!(
            "the wheel {} has no botocore/data directory",
            wheel.display()
        )));
    }
    std::fs::write(&complete, VERSION)
        .map_err(|e| CheckError::io(format!("writing {}", complete.display()), e))?;
    Ok(data)
}

/// Runs `command`, turning a failure into an error that shows it and its output.
fn run(command: &mut Command) -> Result<(), CheckError> {
    let shown = format!("{command:?}").replace('"', "");
    let out = command
        .output()
        .map_err(|e| CheckError::setup(format!("cannot run `{shown}`: {e}")))?;
    if out.status.success() {
        return Ok(());
    }
    Err(CheckError::setup(format!(
        "`{shown}` failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )))
}

/// One service's newest model in botocore's data directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    /// botocore's name for the service (its directory), e.g. `dynamodb`.
    pub name: String,
    /// The API version directory, e.g. `2012-08-10`.
    pub version: String,
    /// `data/<name>/<version>`.
    pub dir: PathBuf,
}

/// Every service in `data`, by name, each with its newest version that has a
/// `service-2.json.gz` (botocore loads the greatest version name, compared as text).
pub fn services(data: &Path) -> Result<Vec<Service>, CheckError> {
    let mut services = Vec::new();
    for name in sorted_dirs(data)? {
        let dir = data.join(&name);
        let newest = sorted_dirs(&dir)?
            .into_iter()
            .rfind(|v| dir.join(v).join("service-2.json.gz").is_file());
        if let Some(version) = newest {
            services.push(Service {
                dir: dir.join(&version),
                name,
                version,
            });
        }
    }
    Ok(services)
}

/// The names of the directories in `dir`, sorted.
fn sorted_dirs(dir: &Path) -> Result<Vec<String>, CheckError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CheckError::io(format!("reading {}", dir.display()), e))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| CheckError::io(format!("reading {}", dir.display()), e))?;
        if entry.path().is_dir() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}

impl Service {
    /// `service-2.json`, decompressed.
    pub fn model(&self) -> Result<String, CheckError> {
        read_gz(&self.dir.join("service-2.json.gz"))
    }

    /// `paginators-1.json`, if the service has one.
    pub fn paginators(&self) -> Result<Option<String>, CheckError> {
        read_optional(&self.dir.join("paginators-1.json"))
    }

    /// `endpoint-rule-set-1.json` (stored compressed, or not), if the service has one.
    pub fn endpoint_rules(&self) -> Result<Option<String>, CheckError> {
        let compressed = self.dir.join("endpoint-rule-set-1.json.gz");
        if compressed.is_file() {
            return read_gz(&compressed).map(Some);
        }
        read_optional(&self.dir.join("endpoint-rule-set-1.json"))
    }
}

fn read_optional(path: &Path) -> Result<Option<String>, CheckError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CheckError::io(format!("reading {}", path.display()), e)),
    }
}

fn read_gz(path: &Path) -> Result<String, CheckError> {
    let file = std::fs::File::open(path)
        .map_err(|e| CheckError::io(format!("opening {}", path.display()), e))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .map_err(|e| CheckError::io(format!("decompressing {}", path.display()), e))?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(path: &Path, text: &str) {
        let file = std::fs::File::create(path).unwrap();
        let mut encoder = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
        encoder.write_all(text.as_bytes()).unwrap();
        encoder.finish().unwrap();
    }

    #[test]
    fn the_newest_version_with_a_model_is_taken() {
        let root = std::env::temp_dir().join(format!("whole-aws-services-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for dir in [
            "dynamodb/2011-12-05",
            "dynamodb/2012-08-10",
            "dynamodb/2019-01-01",
            "s3/2006-03-01",
        ] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        // The newest directory holds only examples: botocore skips it for the model.
        std::fs::write(root.join("dynamodb/2019-01-01/examples-1.json"), "{}").unwrap();
        gz(&root.join("dynamodb/2011-12-05/service-2.json.gz"), "old");
        gz(&root.join("dynamodb/2012-08-10/service-2.json.gz"), "new");
        gz(
            &root.join("dynamodb/2012-08-10/endpoint-rule-set-1.json.gz"),
            "rules",
        );
        std::fs::write(root.join("dynamodb/2012-08-10/paginators-1.json"), "pages").unwrap();
        std::fs::write(root.join("endpoints.json"), "{}").unwrap();
        let found = services(&root).unwrap();
        let names: Vec<(&str, &str)> = found
            .iter()
            .map(|s| (s.name.as_str(), s.version.as_str()))
            .collect();
        // s3 has no model at all here.
        assert_eq!(names, [("dynamodb", "2012-08-10")]);
        let dynamodb = &found[0];
        assert_eq!(dynamodb.model().unwrap(), "new");
        assert_eq!(dynamodb.paginators().unwrap().as_deref(), Some("pages"));
        assert_eq!(dynamodb.endpoint_rules().unwrap().as_deref(), Some("rules"));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
