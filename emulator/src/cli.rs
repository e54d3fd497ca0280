//! The command line of the `aws-op-emulator` binary, parsed by hand.
//!
//! ```text
//! aws-op-emulator [--port N] [--host ADDR] [--access-key-id ID --secret-access-key SECRET]
//!                 [--fault-rate R [--faults LIST] [--fault-seed N] [--fault-operation NAME]]
//! ```

use crate::dispatch::ROUTES;
use crate::{Emulator, EmulatorConfig, Fault, FaultScope};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr};

/// The port the binary listens on by default.
pub const DEFAULT_PORT: u16 = 4566;

/// The faults `--fault-rate` draws from when `--faults` is not given.
pub const DEFAULT_FAULTS: &str = "500,503,429";

/// The `--fault-seed` used when none is given.
pub const DEFAULT_FAULT_SEED: u64 = 0;

/// The `--help` text.
pub const USAGE: &str = "\
Usage: aws-op-emulator [OPTIONS]

A local emulator of the AWS IoT Managed Integrations account-association API.

Options:
  --port N                    port to listen on (default 4566; 0 picks a free port)
  --host ADDR                 IP address to listen on (default 127.0.0.1)
  --access-key-id ID          an extra access key id to accept (with --secret-access-key)
  --secret-access-key SECRET  the secret of --access-key-id
  --fault-rate R              inject a fault into this share of the requests (0 to 1)
  --faults LIST               the faults drawn from, comma-separated (default 500,503,429):
                              429, 500, 503 (AWS error responses), drop-before, drop-after
                              (close the connection before / after handling), truncate (cut
                              the body short), malformed (invalid JSON), delay=250ms, delay=2s
  --fault-seed N              seed of the fault draws (default 0): same seed, same faults
  --fault-operation NAME      inject faults into this operation only (default: all)
  -h, --help                  print this help

--faults, --fault-seed and --fault-operation need --fault-rate.
";

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Print [`USAGE`] and exit successfully.
    Help,
    /// Run the emulator with these options.
    Run(Options),
}

/// The options of a run.
///
/// `Debug` never shows the secret access key.
#[derive(Clone, PartialEq)]
pub struct Options {
    /// The address to listen on.
    pub host: IpAddr,
    /// The port to listen on.
    pub port: u16,
    /// An extra `(access key id, secret access key)` pair to accept.
    pub extra_key_pair: Option<(String, String)>,
    /// Faults to inject at a rate (`--fault-rate` and the flags that go with it).
    pub fault_injection: Option<FaultInjection>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            extra_key_pair: None,
            fault_injection: None,
        }
    }
}

/// Faults injected at a rate, as [`Emulator::fault_rate`] does.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultInjection {
    /// The probability that a request in scope gets a fault (`0.0..=1.0`).
    pub rate: f64,
    /// The faults drawn from, uniformly.
    pub faults: Vec<Fault>,
    /// The seed of the draws.
    pub seed: u64,
    /// The requests faults are injected into.
    pub scope: FaultScope,
}

impl FaultInjection {
    /// Installs this rule on `emulator`.
    pub fn apply(&self, emulator: &Emulator) {
        emulator.fault_rate(
            self.scope.clone(),
            self.rate,
            self.faults.clone(),
            self.seed,
        );
    }
}

/// Parses a `--faults` list: comma-separated [`Fault::parse`] forms, at least one.
///
/// # Errors
///
/// The message of the first form that does not parse, or of an empty list.
pub fn parse_fault_list(list: &str) -> Result<Vec<Fault>, String> {
    if list.trim().is_empty() {
        return Err("the list of faults is empty".to_owned());
    }
    list.split(',').map(Fault::parse).collect()
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
            .field("fault_injection", &self.fault_injection)
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
/// is only one half of the extra key pair, and so are `--faults`, `--fault-seed` or
/// `--fault-operation` without `--fault-rate`. With `--fault-rate`, the faults default to
/// [`DEFAULT_FAULTS`], the seed to [`DEFAULT_FAULT_SEED`] and the scope to every operation.
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
    let mut fault_rate: Option<f64> = None;
    let mut faults: Option<Vec<Fault>> = None;
    let mut fault_seed: Option<u64> = None;
    let mut fault_operation: Option<String> = None;
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
            "--port"
                | "--host"
                | "--access-key-id"
                | "--secret-access-key"
                | "--fault-rate"
                | "--faults"
                | "--fault-seed"
                | "--fault-operation"
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
            "--secret-access-key" => {
                if secret.replace(value).is_some() {
                    return Err(duplicate());
                }
            }
            "--fault-rate" => {
                let parsed = value
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|r| (0.0..=1.0).contains(r))
                    .ok_or_else(|| {
                        CliError::new(format!(
                            "--fault-rate needs a number from 0 to 1, not `{value}`"
                        ))
                    })?;
                if fault_rate.replace(parsed).is_some() {
                    return Err(duplicate());
                }
            }
            "--faults" => {
                let parsed = parse_fault_list(&value)
                    .map_err(|e| CliError::new(format!("--faults: {e}")))?;
                if faults.replace(parsed).is_some() {
                    return Err(duplicate());
                }
            }
            "--fault-seed" => {
                let parsed = value.trim().parse::<u64>().map_err(|_| {
                    CliError::new(format!(
                        "--fault-seed needs a whole number 0-{}, not `{value}`",
                        u64::MAX
                    ))
                })?;
                if fault_seed.replace(parsed).is_some() {
                    return Err(duplicate());
                }
            }
            _ => {
                if !ROUTES.iter().any(|r| r.name == value) {
                    let names: Vec<&str> = ROUTES.iter().map(|r| r.name).collect();
                    return Err(CliError::new(format!(
                        "--fault-operation needs an operation name ({}), not `{value}`",
                        names.join(", ")
                    )));
                }
                if fault_operation.replace(value).is_some() {
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
    let fault_injection = match fault_rate {
        Some(rate) => Some(FaultInjection {
            rate,
            faults: match faults {
                Some(faults) => faults,
                None => parse_fault_list(DEFAULT_FAULTS).map_err(CliError::new)?,
            },
            seed: fault_seed.unwrap_or(DEFAULT_FAULT_SEED),
            scope: fault_operation.map_or(FaultScope::All, FaultScope::Operation),
        }),
        None => {
            let without_rate = [
                ("--faults", faults.is_some()),
                ("--fault-seed", fault_seed.is_some()),
                ("--fault-operation", fault_operation.is_some()),
            ];
            if let Some((flag, _)) = without_rate.iter().find(|(_, given)| *given) {
                return Err(CliError::new(format!("{flag} needs --fault-rate too")));
            }
            None
        }
    };
    Ok(Command::Run(Options {
        host: host.unwrap_or(defaults.host),
        port: port.unwrap_or(defaults.port),
        extra_key_pair,
        fault_injection,
    }))
}
