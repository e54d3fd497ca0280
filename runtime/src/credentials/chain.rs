//! The default credentials chain.

use super::ecs::EcsProvider;
use super::imds::ImdsProvider;
use super::profile::ProfileProvider;
use super::sts::WebIdentityProvider;
use super::{EnvironmentProvider, ProvideCredentials, ProvideFuture};
use crate::env::Env;
use crate::error::{CredentialsError, CredentialsErrorKind};

/// The default credentials chain: tries each source in the AWS SDKs' order.
///
/// 1. Environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
/// 2. Shared config and credentials files (`AWS_PROFILE`): static keys, `credential_process`,
///    assume-role (`role_arn` with `source_profile` / `credential_source`), web identity.
/// 3. Web identity from the environment: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`.
/// 4. ECS container credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI`.
/// 5. EC2 instance metadata (IMDSv2).
///
/// A source that is not set up is skipped; a source that is set up but fails stops the chain
/// with its error, as the SDKs do. When nothing is set up, the error lists every source tried.
#[derive(Debug)]
pub struct DefaultChain {
    providers: Vec<(&'static str, Box<dyn ProvideCredentials>)>,
}

impl DefaultChain {
    /// The SDK order, reading `env`.
    pub fn new(env: Env) -> Self {
        let environment = EnvironmentProvider::from_lookup(&|k| env.get(k));
        DefaultChain {
            providers: vec![
                ("environment", Box::new(environment)),
                ("profile", Box::new(ProfileProvider::new(env.clone()))),
                (
                    "web identity",
                    Box::new(WebIdentityProvider::new(env.clone())),
                ),
                ("ECS container", Box::new(EcsProvider::new(env.clone()))),
                ("EC2 instance metadata", Box::new(ImdsProvider::new(env))),
            ],
        }
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            let mut skipped = Vec::new();
            for (name, provider) in &self.providers {
                match provider.provide().await {
                    Ok(creds) => return Ok(creds),
                    Err(e) if e.kind == CredentialsErrorKind::NotConfigured => {
                        skipped.push(format!("{name}: {}", e.message));
                    }
                    Err(e) => return Err(e),
                }
            }
            Err(CredentialsError::not_configured(
                "the default chain",
                format!("no source is set up ({})", skipped.join("; ")),
            ))
        })
    }
}
