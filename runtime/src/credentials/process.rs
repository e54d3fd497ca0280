//! Credentials from an external command.

use super::{Credentials, ProvideCredentials, ProvideFuture};
use crate::error::CredentialsError;
use crate::time::{DateTime, TimestampFormat};
use std::process::{Command, Output, Stdio};

/// How many characters of the command's standard error a failure quotes.
const STDERR_CHARS: usize = 200;

/// Runs a `credential_process` command and reads its JSON output.
///
/// The command runs through the shell (`sh -c` on Unix, `cmd /C` on Windows) and must print one
/// JSON object on standard output:
///
/// ```json
/// {"Version": 1, "AccessKeyId": "AKID...", "SecretAccessKey": "...",
///  "SessionToken": "...", "Expiration": "2030-01-01T00:00:00Z"}
/// ```
///
/// `SessionToken` and `Expiration` (RFC 3339) are optional; credentials without an expiration
/// do not expire. Errors name the command and never quote its standard output, which may hold
/// secrets.
#[derive(Debug, Clone)]
pub struct ProcessProvider {
    command: String,
    source: String,
}

impl ProcessProvider {
    /// `command` is run through the shell; `source` says where it was configured, for messages
    /// (`profile \`dev\` (~/.aws/config:12)`).
    pub fn new(command: impl Into<String>, source: impl Into<String>) -> Self {
        ProcessProvider {
            command: command.into(),
            source: source.into(),
        }
    }

    /// The command run.
    pub fn command(&self) -> &str {
        &self.command
    }

    fn error(&self, message: impl Into<String>) -> CredentialsError {
        CredentialsError::failed(
            format!("credential_process `{}` of {}", self.command, self.source),
            message,
        )
    }

    async fn run(&self) -> Result<Credentials, CredentialsError> {
        let command = self.command.clone();
        let output = tokio::task::spawn_blocking(move || shell(&command).output())
            .await
            .map_err(|e| self.error(format!("the task running the command failed: {e}")))?
            .map_err(|e| self.error(format!("could not run the command: {e}")))?;
        self.parse_output(&output)
    }

    fn parse_output(&self, output: &Output) -> Result<Credentials, CredentialsError> {
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let stderr = stderr.trim();
            let shown: String = stderr.chars().take(STDERR_CHARS).collect();
            let cut = if shown.len() < stderr.len() {
                "..."
            } else {
                ""
            };
            let stderr = if shown.is_empty() {
                "nothing on stderr".to_owned()
            } else {
                format!("stderr: {shown}{cut}")
            };
            return Err(self.error(format!("the command {} ({stderr})", output.status)));
        }
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| {
            self.error(format!(
                "the command's output is not JSON (syntax error at line {}, column {}); \
                 expected {{\"Version\": 1, \"AccessKeyId\": ..., \"SecretAccessKey\": ...}}",
                e.line(),
                e.column()
            ))
        })?;
        let Some(object) = json.as_object() else {
            return Err(self.error(
                "the command's output is JSON but not an object; expected \
                 {\"Version\": 1, \"AccessKeyId\": ..., \"SecretAccessKey\": ...}",
            ));
        };
        match object.get("Version") {
            Some(v) if v.as_u64() == Some(1) => {}
            Some(_) => {
                return Err(self
                    .error("the output's `Version` is not 1, the only version this client reads"))
            }
            None => return Err(self.error("the output has no `Version` (expected `1`)")),
        }
        let string = |key: &str, required: bool| -> Result<Option<String>, CredentialsError> {
            match object.get(key) {
                Some(serde_json::Value::String(s)) if !s.trim().is_empty() => {
                    Ok(Some(s.trim().to_owned()))
                }
                None | Some(serde_json::Value::Null) if !required => Ok(None),
                None | Some(serde_json::Value::Null) => {
                    Err(self.error(format!("the output has no `{key}`")))
                }
                Some(_) => {
                    Err(self.error(format!("the output's `{key}` is not a non-empty string")))
                }
            }
        };
        let (Some(access_key_id), Some(secret)) = (
            string("AccessKeyId", true)?,
            string("SecretAccessKey", true)?,
        ) else {
            return Err(self.error("the output lacks `AccessKeyId` or `SecretAccessKey`"));
        };
        let token = string("SessionToken", false)?;
        let credentials = Credentials::new(access_key_id, secret, token);
        match string("Expiration", false)? {
            None => Ok(credentials),
            Some(expiration) => {
                let expires =
                    DateTime::parse(&expiration, TimestampFormat::DateTime).map_err(|e| {
                        self.error(format!("the output's `Expiration` is invalid: {e}"))
                    })?;
                let at = expires.checked_to_system_time().ok_or_else(|| {
                    self.error("the output's `Expiration` is outside the range of this platform")
                })?;
                Ok(credentials.with_expiry(at))
            }
        }
    }
}

impl ProvideCredentials for ProcessProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(self.run())
    }
}

/// The command, run through the platform's shell, with no standard input.
fn shell(command: &str) -> Command {
    #[cfg(windows)]
    let mut cmd = {
        use std::os::windows::process::CommandExt;
        let mut cmd = Command::new("cmd");
        cmd.arg("/C").raw_arg(command);
        cmd
    };
    #[cfg(not(windows))]
    let mut cmd = {
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(command);
        cmd
    };
    cmd.stdin(Stdio::null());
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn output(code: i32, stdout: &str, stderr: &str) -> Output {
        use std::os::unix::process::ExitStatusExt;
        Output {
            status: std::process::ExitStatus::from_raw(code << 8),
            stdout: stdout.as_bytes().to_vec(),
            stderr: stderr.as_bytes().to_vec(),
        }
    }

    #[cfg(unix)]
    #[test]
    fn output_checks() {
        let p = ProcessProvider::new("get-creds", "profile `p`");
        let ok = p
            .parse_output(&output(
                0,
                r#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"2030-01-01T00:00:00Z"}"#,
                "",
            ))
            .unwrap();
        assert_eq!(ok.access_key_id(), "A");
        assert_eq!(ok.session_token(), None);
        assert!(ok.expires_at().is_some());
        for (stdout, needle) in [
            ("[1]", "not an object"),
            (
                r#"{"AccessKeyId":"A","SecretAccessKey":"S"}"#,
                "no `Version`",
            ),
            (
                r#"{"Version":2,"AccessKeyId":"A","SecretAccessKey":"S"}"#,
                "not 1",
            ),
            (
                r#"{"Version":"1","AccessKeyId":"A","SecretAccessKey":"S"}"#,
                "not 1",
            ),
            (r#"{"Version":1,"SecretAccessKey":"S"}"#, "`AccessKeyId`"),
            (
                r#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":5}"#,
                "`SecretAccessKey`",
            ),
            (
                r#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"soon"}"#,
                "`Expiration`",
            ),
        ] {
            let e = p.parse_output(&output(0, stdout, "")).unwrap_err();
            assert!(e.message.contains(needle), "{stdout}: {e}");
            assert!(e.source.contains("get-creds"), "{e}");
        }
        let long = "x".repeat(500);
        let e = p.parse_output(&output(3, "", &long)).unwrap_err();
        assert!(e.message.contains(&"x".repeat(200)) && !e.message.contains(&"x".repeat(201)));
    }
}
