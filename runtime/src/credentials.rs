//! Credentials and the providers that find them.
//!
//! [`Credentials`] never shows its secret or session token in `Debug`. A provider implements
//! [`ProvideCredentials`]; [`Config::from_env`](crate::Config::from_env) uses the
//! [`DefaultChain`] (environment, profile, web identity, ECS, EC2 instance metadata) behind a
//! [`CachingProvider`]. Each source is also a provider of its own, to use alone or in a chain
//! of your making: [`StaticProvider`], [`EnvironmentProvider`], [`ProfileProvider`] (with
//! [`ProcessProvider`] for `credential_process` and [`assume_role`] for `role_arn`),
//! [`WebIdentityProvider`], [`EcsProvider`] and [`ImdsProvider`]; with the `aws-config`
//! feature, `AwsConfigProvider` adapts any provider built with `aws-config`.

#[cfg(feature = "aws-config")]
mod aws_config;
mod cache;
mod chain;
mod ecs;
mod imds;
mod process;
mod profile;
mod sts;

#[cfg(feature = "aws-config")]
pub use self::aws_config::AwsConfigProvider;
pub use self::cache::{CachingProvider, REFRESH_BEFORE_EXPIRY};
pub use self::chain::DefaultChain;
pub use self::ecs::EcsProvider;
pub use self::imds::{ImdsClient, ImdsProvider};
pub use self::process::ProcessProvider;
pub use self::profile::ProfileProvider;
pub use self::sts::{
    assume_role, assume_role_with_web_identity, sts_endpoint, AssumeRoleParams, WebIdentityProvider,
};

use crate::error::CredentialsError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

/// An access key pair, with a session token for temporary credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expires_at: Option<SystemTime>,
}

impl Credentials {
    /// Long-term or temporary keys.
    ///
    /// ```
    /// use aws_op_runtime::Credentials;
    /// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI", Some("token-1".into()));
    /// let shown = format!("{creds:?}");
    /// assert!(!shown.contains("wJalrXUtnFEMI") && !shown.contains("token-1"));
    /// ```
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expires_at: None,
        }
    }

    /// Sets when temporary credentials expire.
    pub fn with_expiry(mut self, expires_at: SystemTime) -> Self {
        self.expires_at = Some(expires_at);
        self
    }

    /// The access key id (not secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When the credentials expire, if they do.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// The future a provider returns.
pub type ProvideFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. Called before every attempt, so it should cache.
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// Returns current credentials.
    fn provide(&self) -> ProvideFuture<'_>;
}

/// Always the same credentials.
#[derive(Debug, Clone)]
pub struct StaticProvider(pub Credentials);

impl ProvideCredentials for StaticProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        let creds = self.0.clone();
        Box::pin(async move { Ok(creds) })
    }
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`,
/// read once when the provider is created.
#[derive(Debug, Clone)]
pub struct EnvironmentProvider {
    found: Result<Credentials, CredentialsError>,
}

impl EnvironmentProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::from_lookup(&|name| std::env::var(name).ok())
    }

    /// Reads variables through `lookup` (tests use a map instead of the process environment).
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Self {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let found = match (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
            (Some(id), Some(secret)) => Ok(Credentials::new(
                id.trim(),
                secret.trim(),
                get("AWS_SESSION_TOKEN").map(|t| t.trim().to_owned()),
            )),
            (None, _) => Err(CredentialsError::not_configured(
                "environment",
                "AWS_ACCESS_KEY_ID is not set; set it and AWS_SECRET_ACCESS_KEY, or configure \
                 credentials in code",
            )),
            (Some(_), None) => Err(CredentialsError::failed(
                "environment",
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            )),
        };
        EnvironmentProvider { found }
    }

    /// Whether the environment holds credentials.
    pub fn is_available(&self) -> bool {
        self.found.is_ok()
    }
}

impl Default for EnvironmentProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        let found = self.found.clone();
        Box::pin(async move { found })
    }
}

/// An HTTP client for a credentials endpoint: no redirects (a credentials endpoint has no
/// reason to send the request, or its token, elsewhere).
fn endpoint_http_client(
    builder: reqwest::ClientBuilder,
    source: &str,
) -> Result<reqwest::Client, CredentialsError> {
    crate::transport::build_client(builder.redirect(reqwest::redirect::Policy::none())).map_err(
        |e| CredentialsError::failed(source, format!("cannot create the HTTP client: {e}")),
    )
}

/// The [`endpoint_http_client`] of a provider that asks an endpoint on the machine or its
/// link (ECS, IMDS), without a proxy, built on first use: a chain makes every provider
/// whether or not it is ever asked.
#[derive(Debug, Default)]
struct LazyEndpointClient(std::sync::OnceLock<Result<reqwest::Client, CredentialsError>>);

impl LazyEndpointClient {
    /// The client; `timeouts` sets the provider's timeouts on the first call.
    fn get(
        &self,
        source: &str,
        timeouts: impl FnOnce(reqwest::ClientBuilder) -> reqwest::ClientBuilder,
    ) -> Result<&reqwest::Client, CredentialsError> {
        self.0
            .get_or_init(|| {
                endpoint_http_client(timeouts(reqwest::Client::builder().no_proxy()), source)
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn environment_credentials_with_token() {
        let p = EnvironmentProvider::from_lookup(&env(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "s3cr3t"),
            ("AWS_SESSION_TOKEN", "tok3n"),
        ]));
        let c = p.found.clone().unwrap();
        assert_eq!(c.session_token(), Some("tok3n"));
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("tok3n"),
            "{shown}"
        );
    }

    #[test]
    fn half_set_environment_names_the_missing_variable() {
        let p = EnvironmentProvider::from_lookup(&env(&[("AWS_ACCESS_KEY_ID", "AKID")]));
        let e = p.found.unwrap_err();
        assert!(e.message.contains("AWS_SECRET_ACCESS_KEY"));
    }
}
