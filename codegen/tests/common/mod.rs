//! Shared by the integration tests: rustfmt's verdict on generated text.

use std::io::Write;
use std::process::{Command, Stdio};

/// `Ok` when `rustfmt --edition 2021 --check` (default configuration) accepts `source` as is;
/// otherwise the diff rustfmt prints.
pub fn rustfmt_check(source: &str) -> Result<(), String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--check"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!("cannot run rustfmt ({e}); install it: rustup component add rustfmt")
        })?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(source.as_bytes())
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
