//! Credentials from providers built with `aws-config`.

use super::{Credentials, ProvideCredentials, ProvideFuture};
use crate::error::CredentialsError;
use aws_credential_types::provider::{
    error::CredentialsError as SdkError, ProvideCredentials as SdkProvide,
    SharedCredentialsProvider,
};

/// Adapts an `aws-credential-types` provider (what `aws-config` builds) to [`ProvideCredentials`].
///
/// For sources this crate does not cover itself, such as IAM Identity Center (SSO) or login
/// profiles, build the provider with `aws-config` and hand it over:
///
/// ```ignore
/// let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
/// let provider = AwsConfigProvider::new(sdk.credentials_provider().unwrap());
/// let config = aws_op::Config::from_env().with_credentials_provider(std::sync::Arc::new(provider));
/// ```
#[derive(Debug, Clone)]
pub struct AwsConfigProvider {
    inner: SharedCredentialsProvider,
}

impl AwsConfigProvider {
    /// Wraps a provider from `aws-config` (or any `aws-credential-types` provider).
    pub fn new(provider: impl SdkProvide + 'static) -> Self {
        AwsConfigProvider {
            inner: SharedCredentialsProvider::new(provider),
        }
    }
}

impl ProvideCredentials for AwsConfigProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            match self.inner.provide_credentials().await {
                Ok(c) => {
                    let creds = Credentials::new(
                        c.access_key_id(),
                        c.secret_access_key(),
                        c.session_token().map(str::to_owned),
                    );
                    Ok(match c.expiry() {
                        Some(at) => creds.with_expiry(at),
                        None => creds,
                    })
                }
                Err(e @ SdkError::CredentialsNotLoaded(_)) => Err(
                    CredentialsError::not_configured("aws-config provider", e.to_string()),
                ),
                Err(e) => Err(CredentialsError::failed(
                    "aws-config provider",
                    crate::error::error_chain(&e),
                )),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[tokio::test]
    async fn sdk_credentials_are_carried_over_with_token_and_expiry() {
        let at = UNIX_EPOCH + Duration::from_secs(2_000_000_000);
        let sdk = aws_credential_types::Credentials::new(
            "AKIDSDK",
            "sdk-secret",
            Some("sdk-token".into()),
            Some(at),
            "test",
        );
        let creds = AwsConfigProvider::new(sdk).provide().await.unwrap();
        assert_eq!(creds.access_key_id(), "AKIDSDK");
        assert_eq!(creds.secret_access_key(), "sdk-secret");
        assert_eq!(creds.session_token(), Some("sdk-token"));
        assert_eq!(creds.expires_at(), Some(at));
    }
}
