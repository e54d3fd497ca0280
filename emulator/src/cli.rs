//! The command line of the `aws-op-emulator` binary, parsed by hand.
//!
//! ```text
//! aws-op-emulator [--port N] [--host ADDR] [--access-key-id ID --secret-access-key SECRET]
//! ```

use crate::EmulatorConfig;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr};

/// The port the binary listens on by default.
pub const DEFAULT_PORT: u16 = 4566;

/// The `--help` text.
pub const USAGE: &str = "\
Usage: aws-op-emulator [OPTIONS]

A local emulator of the AWS IoT Managed Integrations account-association API.

Options:
  --port N                    port to listen on (default 4566; 0 picks a free port)
  --host ADDR                 IP address to listen on (default 127.0.0.1)
  --access-key-id ID          an extra access key id to accept (with --secret-access-key)
  --secret-access-key SECRET  the secret of --access-key-id
  -h, --help                  print this help
";

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Print [`USAGE`] and exit successfully.
    Help,
    /// Run the emulator with these options.
    Run(Options),
}

/// The options of a run.
///
/// `Debug` never shows the secret access key.
#[derive(Clone, PartialEq, Eq)]
pub struct Options {
    /// The address to listen on.
    pub host: IpAddr,
    /// The port to listen on.
    pub port: u16,
    /// An extra `(access key id, secret access key)` pair to accept.
    pub extra_key_pair: Option<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            extra_key_pair: None,
        }
    }
}

impl Options {
    /// The emulator configuration these options describe.
    pub fn config(&self) -> EmulatorConfig {
        let config = EmulatorConfig::new().host(self.host).port(self.port);
        match &self.extra_key_pair {
            Some((id, secret)) => config.key_pair(id.clone(), secret.clone()),
            None => config,
        }
    }
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("host", &self.host)
            .field("port", &self.port)
            .field(
                "extra_access_key_id",
                &self.extra_key_pair.as_ref().map(|(id, _)| id),
            )
            .finish()
    }
}

/// A command line that cannot be understood; `Display` is the message for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliError {
    message: String,
}

impl CliError {
    fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

/// Parses the arguments that follow the program name. Flags take their value as the next
/// argument or after `=` (`--port 4566`, `--port=4566`); a flag given twice is an error, and so
/// is only one half of the extra key pair.
///
/// # Errors
///
/// A [`CliError`] naming the unknown flag, the missing value or the bad value.
pub fn parse_args<I>(args: I) -> Result<Command, CliError>
where
    I: IntoIterator,
    I::Item: Into<String>,
{
    let mut port: Option<u16> = None;
    let mut host: Option<IpAddr> = None;
    let mut access_key_id: Option<String> = None;
    let mut secret: Option<String> = None;
    let mut args = args.into_iter().map(Into::into);
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(Command::Help);
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.into())),
            _ => (arg.clone(), None),
        };
        if !matches!(
            flag.as_str(),
            "--port" | "--host" | "--access-key-id" | "--secret-access-key"
        ) {
            return Err(CliError::new(format!(
                "unknown argument `{arg}` (try --help)"
            )));
        }
        let value: String = match inline.or_else(|| args.next()) {
            Some(value) => value,
            None => return Err(CliError::new(format!("{flag} needs a value"))),
        };
        let duplicate = || CliError::new(format!("{flag} is given more than once"));
        match flag.as_str() {
            "--port" => {
                let parsed = value.parse::<u16>().map_err(|_| {
                    CliError::new(format!("--port needs a number 0-65535, not `{value}`"))
                })?;
                if port.replace(parsed).is_some() {
                    return Err(duplicate());
                }
            }
            "--host" => {
                let parsed = value.parse::<IpAddr>().map_err(|_| {
                    CliError::new(format!("--host needs an IP address, not `{value}`"))
                })?;
                if host.replace(parsed).is_some() {
                    return Err(duplicate());
                }
            }
            "--access-key-id" => {
                if value.is_empty() {
                    return Err(CliError::new("--access-key-id must not be empty"));
                }
                if access_key_id.replace(value).is_some() {
                    return Err(duplicate());
                }
            }
            _ => {
                if secret.replace(value).is_some() {
                    return Err(duplicate());
                }
            }
        }
    }
    let defaults = Options::default();
    let extra_key_pair = match (access_key_id, secret) {
        (Some(id), Some(secret)) => Some((id, secret)),
        (None, None) => None,
        (Some(_), None) => {
            return Err(CliError::new(
                "--access-key-id needs --secret-access-key too",
            ))
        }
        (None, Some(_)) => {
            return Err(CliError::new(
                "--secret-access-key needs --access-key-id too",
            ))
        }
    };
    Ok(Command::Run(Options {
        host: host.unwrap_or(defaults.host),
        port: port.unwrap_or(defaults.port),
        extra_key_pair,
    }))
}
