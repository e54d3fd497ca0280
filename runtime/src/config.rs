//! Client configuration: region, credentials, endpoint and behaviour switches.
//!
//! ```
//! use aws_op_runtime::{Config, Credentials};
//! let config = Config::new("us-east-1", Credentials::new("AKID", "SECRET", None))
//!     .with_endpoint_url("http://127.0.0.1:4566");
//! assert_eq!(config.region(), Some("us-east-1"));
//! ```

use crate::credentials::{Credentials, EnvironmentProvider, ProvideCredentials, StaticProvider};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Generates idempotency tokens (RFC 4122 version 4 UUIDs unless replaced).
pub type TokenGenerator = Arc<dyn Fn() -> String + Send + Sync>;

/// The clock a client signs with (the system clock unless replaced).
pub type TimeSource = Arc<dyn Fn() -> std::time::SystemTime + Send + Sync>;

/// A fresh idempotency token: an RFC 4122 version 4 UUID, as the AWS SDKs send.
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Everything a [`Client`](crate::Client) needs to know.
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Arc<dyn ProvideCredentials>>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) env: Arc<HashMap<String, String>>,
    pub(crate) validate_constraints: bool,
    pub(crate) max_attempts: u32,
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) token_generator: TokenGenerator,
    pub(crate) time_source: TimeSource,
}

/// The default number of attempts per call (AWS "standard" retry mode).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// The default connect timeout of the AWS SDKs.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

impl Config {
    /// A configuration with a region and fixed credentials, nothing read from the environment.
    pub fn new(region: impl Into<String>, credentials: Credentials) -> Self {
        Config::empty()
            .with_region(region)
            .with_credentials(credentials)
    }

    /// A configuration with nothing set: every value must be given in code.
    pub fn empty() -> Self {
        Config {
            region: None,
            credentials: None,
            endpoint_url: None,
            env: Arc::new(HashMap::new()),
            validate_constraints: true,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            attempt_timeout: None,
            operation_timeout: None,
            token_generator: Arc::new(idempotency_token),
            time_source: Arc::new(std::time::SystemTime::now),
        }
    }

    /// Reads the process environment: region from `AWS_REGION` (else `AWS_DEFAULT_REGION`),
    /// credentials from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`,
    /// attempts from `AWS_MAX_ATTEMPTS`, and the `AWS_ENDPOINT_URL*` variables (resolved per
    /// service when the client is made). Settings made in code afterwards win.
    pub fn from_env() -> Self {
        let vars: HashMap<String, String> = std::env::vars()
            .filter(|(k, _)| k.starts_with("AWS_"))
            .collect();
        Self::from_env_vars(vars)
    }

    /// Like [`Config::from_env`], from a given set of variables (for tests and embedding).
    pub fn from_env_vars(vars: HashMap<String, String>) -> Self {
        let get = |k: &str| vars.get(k).filter(|v| !v.trim().is_empty()).cloned();
        let mut config = Config::empty();
        config.region = get("AWS_REGION")
            .or_else(|| get("AWS_DEFAULT_REGION"))
            .map(|r| r.trim().to_owned());
        let env_creds = EnvironmentProvider::from_lookup(&|k| get(k));
        config.credentials = Some(Arc::new(env_creds));
        if let Some(n) = get("AWS_MAX_ATTEMPTS").and_then(|v| v.trim().parse::<u32>().ok()) {
            config.max_attempts = n.max(1);
        }
        config.env = Arc::new(vars);
        config
    }

    /// Sets the region.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Uses fixed credentials.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(StaticProvider(credentials)));
        self
    }

    /// Uses a credentials provider.
    pub fn with_credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// Sends every request to this URL (`http://127.0.0.1:4566`), overriding all other sources.
    pub fn with_endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Turns the length, pattern, range and enum checks on or off (default on). Required members
    /// are always enforced. Useful when a service relaxes a constraint before the definition does.
    pub fn with_constraint_validation(mut self, on: bool) -> Self {
        self.validate_constraints = on;
        self
    }

    /// Sets the maximum attempts per call, first attempt included (default 3; 1 disables retries).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the connect timeout (default 3.1 s).
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Limits each attempt (request sent to response read).
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Limits the whole call, retries and backoff included.
    pub fn with_operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Replaces the idempotency-token generator (tests pin tokens with it).
    pub fn with_idempotency_token_generator(
        mut self,
        generate: impl Fn() -> String + Send + Sync + 'static,
    ) -> Self {
        self.token_generator = Arc::new(generate);
        self
    }

    /// Replaces the clock requests are signed with (tests use a skewed one; the client corrects
    /// skew it learns from the service on its own).
    pub fn with_time_source(
        mut self,
        now: impl Fn() -> std::time::SystemTime + Send + Sync + 'static,
    ) -> Self {
        self.time_source = Arc::new(now);
        self
    }

    /// The region, if set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint URL set in code, if any.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// An environment variable as captured by [`Config::from_env`].
    pub fn env_var(&self, name: &str) -> Option<String> {
        self.env.get(name).cloned()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The captured environment may hold secrets: only the names are shown.
        let mut vars: Vec<&String> = self.env.keys().collect();
        vars.sort();
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url)
            .field("env_vars", &vars)
            .field("validate_constraints", &self.validate_constraints)
            .field("max_attempts", &self.max_attempts)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_region_order_and_debug_hides_secrets() {
        let vars: HashMap<String, String> = [
            ("AWS_DEFAULT_REGION", "eu-west-1"),
            ("AWS_REGION", "us-west-2"),
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "topsecret"),
            ("AWS_MAX_ATTEMPTS", "5"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let c = Config::from_env_vars(vars);
        assert_eq!(c.region(), Some("us-west-2"));
        assert_eq!(c.max_attempts, 5);
        assert!(!format!("{c:?}").contains("topsecret"));
    }
}
