//! Client configuration: region, credentials, endpoint and behaviour switches.
//!
//! ```
//! use aws_op_runtime::{Config, Credentials};
//! let config = Config::new("us-east-1", Credentials::new("AKID", "SECRET", None))
//!     .with_endpoint_url("http://127.0.0.1:4566");
//! assert_eq!(config.region(), Some("us-east-1"));
//! ```

use crate::credentials::CachingProvider;
use crate::credentials::DefaultChain;
use crate::credentials::{Credentials, ProvideCredentials, StaticProvider};
use crate::env::Env;
use crate::profile::ProfileSet;
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
    pub(crate) env: Env,
    pub(crate) profiles: Option<Arc<ProfileSet>>,
    /// Why the profile files could not be read, if they could not.
    pub(crate) profile_error: Option<String>,
    pub(crate) use_fips: bool,
    pub(crate) retry_mode: crate::retry::RetryMode,
    pub(crate) validate_constraints: bool,
    pub(crate) max_attempts: u32,
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) event_stream_stall_timeout: Option<Duration>,
    pub(crate) token_generator: TokenGenerator,
    pub(crate) time_source: TimeSource,
    pub(crate) compression: crate::compression::CompressionSettings,
    pub(crate) host_prefix_injection: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) stall_timeout: Option<Duration>,
    pub(crate) s3: S3Settings,
    pub(crate) request_checksum_calculation: RequestChecksumCalculation,
    pub(crate) response_checksum_validation: ResponseChecksumValidation,
    pub(crate) payload_signing: PayloadSigning,
    pub(crate) account_id_endpoint_mode: AccountIdEndpointMode,
}

/// The default stall timeout of response bodies: no byte for this long while the caller waits
/// ends the body with an error.
pub const DEFAULT_STALL_TIMEOUT: Duration = Duration::from_secs(10);

/// S3's addressing settings, the builtin parameters of its endpoint rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct S3Settings {
    /// Path-style URLs (`https://s3.region.amazonaws.com/bucket/key`) even where the bucket
    /// could be a host name (`AWS::S3::ForcePathStyle`; profile `s3 = addressing_style = path`).
    pub force_path_style: bool,
    /// S3 Transfer Acceleration endpoints (`AWS::S3::Accelerate`; profile
    /// `s3 = use_accelerate_endpoint = true`).
    pub accelerate: bool,
    /// Use the region of an access point ARN rather than the client's
    /// (`AWS::S3::UseArnRegion`; `AWS_S3_USE_ARN_REGION`, profile `s3_use_arn_region`).
    pub use_arn_region: bool,
    /// Refuse multi-region access points (`AWS::S3::DisableMultiRegionAccessPoints`;
    /// `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS`, profile
    /// `s3_disable_multiregion_access_points`).
    pub disable_multi_region_access_points: bool,
}

/// Whether the client sends checksums of request bodies (`AWS_REQUEST_CHECKSUM_CALCULATION`,
/// profile `request_checksum_calculation`: `when_supported` or `when_required`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RequestChecksumCalculation {
    /// For every operation that supports one (the SDKs' default since 2025): the caller's
    /// algorithm, else CRC32.
    #[default]
    WhenSupported,
    /// Only when the operation requires one or the caller chose an algorithm: what
    /// S3-compatible stores without flexible checksums need.
    WhenRequired,
}

/// Whether the client asks for and verifies checksums of response bodies
/// (`AWS_RESPONSE_CHECKSUM_VALIDATION`, profile `response_checksum_validation`:
/// `when_supported` or `when_required`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ResponseChecksumValidation {
    /// For every operation that supports it (`x-amz-checksum-mode: ENABLED` is sent).
    #[default]
    WhenSupported,
    /// Only when the caller set the operation's validation mode member.
    WhenRequired,
}

/// How S3 bodies that are not in memory (files, streams) are signed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PayloadSigning {
    /// Over HTTPS, unsigned with a trailing checksum (TLS guards the bytes, the checksum their
    /// integrity at rest); over plain HTTP, signed chunks.
    #[default]
    Auto,
    /// Always aws-chunked with signed chunks (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`).
    SignedChunks,
    /// Always unsigned: `STREAMING-UNSIGNED-PAYLOAD-TRAILER` with a checksum,
    /// `UNSIGNED-PAYLOAD` without.
    Unsigned,
}

/// Whether endpoint rules may route a call by the account ID of the resource it names
/// (`AWS::Auth::AccountIdEndpointMode`: DynamoDB sends a call on a table given by its ARN to
/// `https://<account>.ddb.<region>.amazonaws.com`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AccountIdEndpointMode {
    /// Account endpoints where the call names its account, the regional endpoint otherwise
    /// (the SDKs' default).
    #[default]
    Preferred,
    /// Always the regional endpoint.
    Disabled,
    /// Account endpoints only: a call that names no account is an error.
    Required,
}

impl AccountIdEndpointMode {
    /// The value the endpoint rules read (`preferred`, `disabled`, `required`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccountIdEndpointMode::Preferred => "preferred",
            AccountIdEndpointMode::Disabled => "disabled",
            AccountIdEndpointMode::Required => "required",
        }
    }

    /// Reads a value of `AWS_ACCOUNT_ID_ENDPOINT_MODE` or the profile's
    /// `account_id_endpoint_mode`, in any case.
    pub fn parse(value: &str) -> Option<Self> {
        [Self::Preferred, Self::Disabled, Self::Required]
            .into_iter()
            .find(|mode| value.trim().eq_ignore_ascii_case(mode.as_str()))
    }
}

/// Reads `when_supported` / `when_required` in any case: `Some(true)` for the first.
fn parse_when(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "when_supported" => Some(true),
        "when_required" => Some(false),
        _ => None,
    }
}

/// The default number of attempts per call (AWS "standard" retry mode).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// The default connect timeout of the AWS SDKs.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
/// The default stall timeout of an output's event stream: a stream that receives no byte for
/// this long ends with a timeout error (services send events or keep-alives well within it).
pub const DEFAULT_EVENT_STREAM_STALL_TIMEOUT: Duration = Duration::from_secs(60);

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
            env: Env::default(),
            profiles: None,
            profile_error: None,
            use_fips: false,
            retry_mode: crate::retry::RetryMode::Standard,
            validate_constraints: true,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            attempt_timeout: None,
            operation_timeout: None,
            event_stream_stall_timeout: Some(DEFAULT_EVENT_STREAM_STALL_TIMEOUT),
            token_generator: Arc::new(idempotency_token),
            time_source: Arc::new(std::time::SystemTime::now),
            compression: crate::compression::CompressionSettings::default(),
            host_prefix_injection: true,
            use_dual_stack: false,
            stall_timeout: Some(DEFAULT_STALL_TIMEOUT),
            s3: S3Settings::default(),
            request_checksum_calculation: RequestChecksumCalculation::default(),
            response_checksum_validation: ResponseChecksumValidation::default(),
            payload_signing: PayloadSigning::default(),
            account_id_endpoint_mode: AccountIdEndpointMode::default(),
        }
    }

    /// Reads configuration the way the AWS SDKs do, from the process environment and the
    /// shared config and credentials files (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`,
    /// `AWS_PROFILE`). Settings made in code afterwards win.
    ///
    /// - region: `AWS_REGION` > `AWS_DEFAULT_REGION` > profile `region`
    ///   ([`Config::load`] adds EC2 instance metadata);
    /// - credentials: the default chain (environment > profile > web identity > ECS > IMDS),
    ///   cached and refreshed before expiry;
    /// - attempts: `AWS_MAX_ATTEMPTS` > profile `max_attempts`; mode: `AWS_RETRY_MODE` >
    ///   profile `retry_mode` (`standard`, `adaptive`);
    /// - FIPS: `AWS_USE_FIPS_ENDPOINT` > profile `use_fips_endpoint`;
    /// - account endpoints: `AWS_ACCOUNT_ID_ENDPOINT_MODE` > profile `account_id_endpoint_mode`
    ///   (`preferred`, the default; `disabled`; `required`; other values are ignored);
    /// - request compression: `AWS_DISABLE_REQUEST_COMPRESSION` > profile
    ///   `disable_request_compression`; `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` > profile
    ///   `request_min_compression_size_bytes` (0 to 10485760; other values are ignored);
    /// - endpoint: see [`Endpoint`](crate::Endpoint) (resolved per service when the client is
    ///   made).
    pub fn from_env() -> Self {
        Self::from_env_snapshot(Env::from_process())
    }

    /// Like [`Config::from_env`], from a given set of variables (for tests and embedding).
    pub fn from_env_vars(vars: HashMap<String, String>) -> Self {
        Self::from_env_snapshot(Env::from_map(vars))
    }

    /// Like [`Config::from_env`], from an [`Env`] snapshot.
    pub fn from_env_snapshot(env: Env) -> Self {
        let mut config = Config::empty();
        let (profiles, profile_error) = match ProfileSet::load(&env) {
            Ok(p) => (Some(Arc::new(p)), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let selected = profiles.as_deref().and_then(ProfileSet::selected);
        let from_profile = |key: &str| {
            selected
                .and_then(|p| p.get(key))
                .map(|v| v.trim().to_owned())
        };
        config.region = env
            .get("AWS_REGION")
            .or_else(|| env.get("AWS_DEFAULT_REGION"))
            .or_else(|| from_profile("region").filter(|r| !r.is_empty()));
        if let Some(n) = env
            .get("AWS_MAX_ATTEMPTS")
            .or_else(|| from_profile("max_attempts"))
            .and_then(|v| v.parse::<u32>().ok())
        {
            config.max_attempts = n.max(1);
        }
        if let Some(mode) = env
            .get("AWS_RETRY_MODE")
            .or_else(|| from_profile("retry_mode"))
            .and_then(|m| crate::retry::RetryMode::parse(&m))
        {
            config.retry_mode = mode;
        }
        if let Some(mode) = env
            .get("AWS_ACCOUNT_ID_ENDPOINT_MODE")
            .or_else(|| from_profile("account_id_endpoint_mode"))
            .and_then(|m| AccountIdEndpointMode::parse(&m))
        {
            config.account_id_endpoint_mode = mode;
        }
        config.use_fips = env
            .get_bool("AWS_USE_FIPS_ENDPOINT")
            .or_else(|| from_profile("use_fips_endpoint").map(|v| v.eq_ignore_ascii_case("true")))
            .unwrap_or(false);
        if let Some(off) = env.get_bool("AWS_DISABLE_REQUEST_COMPRESSION").or_else(|| {
            from_profile("disable_request_compression").map(|v| v.eq_ignore_ascii_case("true"))
        }) {
            config.compression.enabled = !off;
        }
        if let Some(size) = env
            .get("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES")
            .or_else(|| from_profile("request_min_compression_size_bytes"))
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|n| *n <= crate::compression::MAX_MIN_COMPRESSION_SIZE)
        {
            config.compression.min_size = size;
        }
        let flag = |var: &str, key: &str| {
            env.get_bool(var)
                .or_else(|| from_profile(key).map(|v| v.eq_ignore_ascii_case("true")))
        };
        config.use_dual_stack =
            flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint").unwrap_or(false);
        config.s3.use_arn_region =
            flag("AWS_S3_USE_ARN_REGION", "s3_use_arn_region").unwrap_or(false);
        config.s3.disable_multi_region_access_points = flag(
            "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS",
            "s3_disable_multiregion_access_points",
        )
        .unwrap_or(false);
        if let Some(profile) = selected {
            config.s3.force_path_style = profile
                .sub_property("s3", "addressing_style")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("path"));
            config.s3.accelerate = profile
                .sub_property("s3", "use_accelerate_endpoint")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        }
        if let Some(supported) = env
            .get("AWS_REQUEST_CHECKSUM_CALCULATION")
            .or_else(|| from_profile("request_checksum_calculation"))
            .and_then(|v| parse_when(&v))
        {
            config.request_checksum_calculation = if supported {
                RequestChecksumCalculation::WhenSupported
            } else {
                RequestChecksumCalculation::WhenRequired
            };
        }
        if let Some(supported) = env
            .get("AWS_RESPONSE_CHECKSUM_VALIDATION")
            .or_else(|| from_profile("response_checksum_validation"))
            .and_then(|v| parse_when(&v))
        {
            config.response_checksum_validation = if supported {
                ResponseChecksumValidation::WhenSupported
            } else {
                ResponseChecksumValidation::WhenRequired
            };
        }
        let chain = DefaultChain::new(env.clone());
        config.credentials = Some(Arc::new(CachingProvider::new(Arc::new(chain))));
        config.profiles = profiles;
        config.profile_error = profile_error;
        config.env = env;
        config
    }

    /// [`Config::from_env`], then, when no region is configured, the region of the EC2
    /// instance from its metadata service (IMDSv2; skipped when unreachable or disabled).
    pub async fn load() -> Self {
        Self::load_from(Env::from_process()).await
    }

    /// [`Config::load`] from an [`Env`] snapshot.
    pub async fn load_from(env: Env) -> Self {
        let mut config = Self::from_env_snapshot(env);
        if config.region.is_none() {
            let imds = crate::credentials::ImdsClient::new(&config.env);
            config.region = imds.region().await.ok();
        }
        config
    }

    /// Asks for FIPS endpoints (resolved from the service's endpoint rules).
    pub fn with_fips(mut self, on: bool) -> Self {
        self.use_fips = on;
        self
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

    /// Turns host prefixes (`host_prefix = "data-{Label}."` operations) on or off; on by
    /// default, as in the AWS SDKs. Off suits an endpoint that cannot take them, such as a
    /// local emulator on an IP address.
    pub fn with_host_prefix_injection(mut self, on: bool) -> Self {
        self.host_prefix_injection = on;
        self
    }

    /// Turns request compression (Smithy `requestCompression`) on or off; on by default. Takes
    /// effect with the `gzip` feature; without it bodies are always sent as they are.
    pub fn with_request_compression(mut self, on: bool) -> Self {
        self.compression.enabled = on;
        self
    }

    /// The smallest body, in bytes, that is compressed (default 10240; at most 10485760, larger
    /// values are clamped to it).
    pub fn with_request_min_compression_size(mut self, bytes: u32) -> Self {
        self.compression.min_size = bytes.min(crate::compression::MAX_MIN_COMPRESSION_SIZE);
        self
    }

    /// Asks for dual-stack (IPv4 and IPv6) endpoints (`AWS_USE_DUALSTACK_ENDPOINT` / profile
    /// `use_dualstack_endpoint`), for services whose endpoint rules have them.
    pub fn with_dual_stack(mut self, on: bool) -> Self {
        self.use_dual_stack = on;
        self
    }

    /// Whether calls that name a resource by ARN may go to its account's endpoint
    /// ([`AccountIdEndpointMode`]; default preferred, as in the SDKs).
    pub fn with_account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.account_id_endpoint_mode = mode;
        self
    }

    /// Path-style S3 URLs (`https://s3.region.amazonaws.com/bucket/key`) for every bucket, as
    /// most S3-compatible stores need; off by default (virtual-hosted style
    /// `https://bucket.s3.region.amazonaws.com/key` where the bucket name allows it).
    pub fn with_force_path_style(mut self, on: bool) -> Self {
        self.s3.force_path_style = on;
        self
    }

    /// Sets all of S3's addressing settings at once.
    pub fn with_s3_settings(mut self, settings: S3Settings) -> Self {
        self.s3 = settings;
        self
    }

    /// When request bodies get a checksum (default: whenever the operation supports one).
    pub fn with_request_checksum_calculation(mut self, when: RequestChecksumCalculation) -> Self {
        self.request_checksum_calculation = when;
        self
    }

    /// When response bodies are validated (default: whenever the operation supports it).
    pub fn with_response_checksum_validation(mut self, when: ResponseChecksumValidation) -> Self {
        self.response_checksum_validation = when;
        self
    }

    /// How S3 bodies that are not in memory are signed (default [`PayloadSigning::Auto`]).
    pub fn with_payload_signing(mut self, signing: PayloadSigning) -> Self {
        self.payload_signing = signing;
        self
    }

    /// Ends a streaming response body with an error when no byte arrives for `limit` while the
    /// caller waits for one (default 10 s; `None` waits forever).
    pub fn with_stall_timeout(mut self, limit: Option<Duration>) -> Self {
        self.stall_timeout = limit;
        self
    }

    /// Sets the maximum attempts per call, first attempt included (default 3; 1 disables retries).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the retry mode (default standard; `AWS_RETRY_MODE` / profile `retry_mode`).
    pub fn with_retry_mode(mut self, mode: crate::retry::RetryMode) -> Self {
        self.retry_mode = mode;
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

    /// Sets how long an output's event stream may receive no byte before it ends with
    /// [`TimeoutKind::EventStreamStall`](crate::TimeoutKind::EventStreamStall) (default 60 s;
    /// `None`: wait forever). [`EventReceiver::set_stall_timeout`](crate::EventReceiver::set_stall_timeout)
    /// changes it for one stream.
    pub fn with_event_stream_stall_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.event_stream_stall_timeout = timeout;
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
        self.env.get(name)
    }

    /// The profile files as loaded by [`Config::from_env`], if they could be read.
    pub fn profiles(&self) -> Option<&ProfileSet> {
        self.profiles.as_deref()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The captured environment may hold secrets: it is not shown.
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("profile_error", &self.profile_error)
            .field("validate_constraints", &self.validate_constraints)
            .field("max_attempts", &self.max_attempts)
            .field("retry_mode", &self.retry_mode)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("stall_timeout", &self.stall_timeout)
            .field("s3", &self.s3)
            .field(
                "request_checksum_calculation",
                &self.request_checksum_calculation,
            )
            .field(
                "response_checksum_validation",
                &self.response_checksum_validation,
            )
            .field("payload_signing", &self.payload_signing)
            .field("account_id_endpoint_mode", &self.account_id_endpoint_mode)
            .field(
                "event_stream_stall_timeout",
                &self.event_stream_stall_timeout,
            )
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

    #[test]
    fn account_id_endpoint_mode_is_read_in_any_case_and_a_bad_value_keeps_the_default() {
        let mode = |value: &str| {
            let vars =
                HashMap::from([("AWS_ACCOUNT_ID_ENDPOINT_MODE".to_owned(), value.to_owned())]);
            Config::from_env_vars(vars).account_id_endpoint_mode
        };
        assert_eq!(mode("Disabled"), AccountIdEndpointMode::Disabled);
        assert_eq!(mode(" required "), AccountIdEndpointMode::Required);
        assert_eq!(mode("sometimes"), AccountIdEndpointMode::Preferred);
        assert_eq!(
            Config::from_env_vars(HashMap::new()).account_id_endpoint_mode,
            AccountIdEndpointMode::Preferred
        );
    }
}
