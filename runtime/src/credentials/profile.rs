//! Credentials from the shared config and credentials files.

use super::ecs::EcsProvider;
use super::imds::ImdsProvider;
use super::process::ProcessProvider;
use super::sts;
use super::{Credentials, EnvironmentProvider, ProvideCredentials, ProvideFuture};
use crate::env::Env;
use crate::error::CredentialsError;
use crate::profile::{Profile, ProfileSet};

/// Credentials of a profile in the shared files; the files are read on every
/// [`provide`](ProvideCredentials::provide) (wrap the provider in a cache).
///
/// For the selected profile, in the AWS SDKs' order:
///
/// 1. `role_arn`: assume the role with STS. The source credentials come from `source_profile`
///    (followed recursively; a source profile with static keys uses them), `credential_source`
///    (`Environment`, `EcsContainer`, `Ec2InstanceMetadata`) or, with neither,
///    `web_identity_token_file` (`AssumeRoleWithWebIdentity`). `role_session_name`,
///    `external_id` and `duration_seconds` are passed on; the STS region is `AWS_REGION`,
///    else `AWS_DEFAULT_REGION`, else the selected profile's `region`.
/// 2. `sso_session` / `sso_start_url`: not supported by this client (an error says so).
/// 3. `credential_process`: see [`ProcessProvider`].
/// 4. `aws_access_key_id` + `aws_secret_access_key` (+ `aws_session_token`): static keys.
///
/// A profile with none of these is "not configured" (a chain moves on); so is a missing profile
/// unless it was chosen explicitly (`AWS_PROFILE` or [`ProfileProvider::with_profile`]). Every
/// other problem is a failure that names the profile and the `file:line` at fault.
#[derive(Debug, Clone)]
pub struct ProfileProvider {
    env: Env,
    profile: Option<String>,
}

impl ProfileProvider {
    /// The profile `AWS_PROFILE` selects, else `default`.
    pub fn new(env: Env) -> Self {
        ProfileProvider { env, profile: None }
    }

    /// The named profile, whatever `AWS_PROFILE` says; a missing profile is an error.
    pub fn with_profile(env: Env, name: impl Into<String>) -> Self {
        ProfileProvider {
            env,
            profile: Some(name.into()),
        }
    }

    async fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let env = self.env.clone();
        let set = tokio::task::spawn_blocking(move || ProfileSet::load(&env))
            .await
            .map_err(|e| {
                CredentialsError::failed(
                    "the shared config files",
                    format!("the task reading them failed: {e}"),
                )
            })?
            .map_err(|e| CredentialsError::failed("the shared config files", e.to_string()))?;
        let (name, explicit) = match &self.profile {
            Some(name) => (name.as_str(), true),
            None => (set.selected_name(), set.profile_explicitly_selected()),
        };
        let Some(selected) = set.get(name) else {
            let message = format!(
                "profile `{name}` is not in {} or {}",
                shown(set.config_path()),
                shown(set.credentials_path())
            );
            let source = format!("profile `{name}`");
            return Err(if explicit {
                CredentialsError::failed(source, message)
            } else {
                CredentialsError::not_configured(source, message)
            });
        };
        let plan = plan(&set, selected)?;
        // The same region order as the client's: the environment wins over the file.
        let region = self
            .env
            .get("AWS_REGION")
            .or_else(|| self.env.get("AWS_DEFAULT_REGION"))
            .or_else(|| selected.get("region").map(str::to_owned));
        execute(&self.env, region.as_deref(), plan).await
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(self.resolve())
    }
}

fn shown(path: &str) -> &str {
    if path.is_empty() {
        "(no file)"
    } else {
        path
    }
}

/// `profile `name``, with the location of `key` when known.
fn describe(profile: &Profile, key: &str) -> String {
    match profile.location(key) {
        Some(at) => format!("profile `{}` ({at})", profile.name()),
        None => format!("profile `{}`", profile.name()),
    }
}

/// Where the first credentials come from.
enum Base {
    Static(Credentials),
    Process(ProcessProvider),
    Named {
        kind: NamedSource,
        source: String,
    },
    WebIdentity {
        role: RoleStep,
        token_file: String,
        source: String,
    },
}

#[derive(Clone, Copy)]
enum NamedSource {
    Environment,
    EcsContainer,
    Ec2InstanceMetadata,
}

/// One `AssumeRole` call.
struct RoleStep {
    role_arn: String,
    session_name: String,
    external_id: Option<String>,
    duration_seconds: Option<u32>,
}

/// The base credentials, then the roles to assume, innermost first.
struct Plan {
    base: Base,
    roles: Vec<RoleStep>,
}

/// Works out, without I/O, how the profile's credentials are obtained.
fn plan(set: &ProfileSet, selected: &Profile) -> Result<Plan, CredentialsError> {
    // Outermost role first while walking; reversed at the end.
    let mut roles: Vec<RoleStep> = Vec::new();
    let mut visited: Vec<&str> = vec![selected.name()];
    let mut current = selected;
    let mut is_source = false;
    let base = loop {
        if is_source {
            if let Some(creds) = static_keys(current)? {
                break Base::Static(creds);
            }
        }
        if let Some(role_arn) = current.get("role_arn") {
            let role = role_step(current, role_arn)?;
            let source_profile = current.get("source_profile");
            let credential_source = current.get("credential_source");
            match (source_profile, credential_source) {
                (Some(_), Some(_)) => {
                    return Err(CredentialsError::failed(
                        describe(current, "credential_source"),
                        "`source_profile` and `credential_source` are both set; keep one",
                    ))
                }
                (Some(next_name), None) => {
                    roles.push(role);
                    let next = set.get(next_name).ok_or_else(|| {
                        CredentialsError::failed(
                            describe(current, "source_profile"),
                            format!(
                                "source_profile `{next_name}` is not in {} or {}",
                                shown(set.config_path()),
                                shown(set.credentials_path())
                            ),
                        )
                    })?;
                    let self_reference = next.name() == current.name();
                    if self_reference || visited.contains(&next.name()) {
                        if self_reference {
                            if let Some(creds) = static_keys(next)? {
                                break Base::Static(creds);
                            }
                        }
                        let mut cycle = visited.join(" -> ");
                        cycle.push_str(" -> ");
                        cycle.push_str(next.name());
                        return Err(CredentialsError::failed(
                            describe(current, "source_profile"),
                            format!(
                                "source_profile cycle: {cycle}; one of these profiles needs \
                                 static keys or a credential_source"
                            ),
                        ));
                    }
                    visited.push(next.name());
                    current = next;
                    is_source = true;
                    continue;
                }
                (None, Some(name)) => {
                    roles.push(role);
                    let kind = match name {
                        "Environment" => NamedSource::Environment,
                        "EcsContainer" => NamedSource::EcsContainer,
                        "Ec2InstanceMetadata" => NamedSource::Ec2InstanceMetadata,
                        other => {
                            return Err(CredentialsError::failed(
                                describe(current, "credential_source"),
                                format!(
                                    "unknown credential_source `{other}`; expected \
                                     `Environment`, `EcsContainer` or `Ec2InstanceMetadata`"
                                ),
                            ))
                        }
                    };
                    break Base::Named {
                        kind,
                        source: describe(current, "credential_source"),
                    };
                }
                (None, None) => match current.get("web_identity_token_file") {
                    Some(token_file) => {
                        break Base::WebIdentity {
                            role,
                            token_file: token_file.to_owned(),
                            source: describe(current, "web_identity_token_file"),
                        }
                    }
                    None => {
                        return Err(CredentialsError::failed(
                            describe(current, "role_arn"),
                            "`role_arn` needs `source_profile`, `credential_source` or \
                             `web_identity_token_file`",
                        ))
                    }
                },
            }
        }
        if let Some(key) = ["sso_session", "sso_start_url"]
            .into_iter()
            .find(|k| current.get(k).is_some())
        {
            return Err(CredentialsError::failed(
                describe(current, key),
                "SSO profiles need the `aws-config` feature",
            ));
        }
        if let Some(command) = current.get("credential_process") {
            break Base::Process(ProcessProvider::new(
                command,
                describe(current, "credential_process"),
            ));
        }
        if let Some(creds) = static_keys(current)? {
            break Base::Static(creds);
        }
        let message = "no credentials: expected `aws_access_key_id` and \
                       `aws_secret_access_key`, `credential_process` or `role_arn`";
        return Err(if is_source {
            CredentialsError::failed(format!("profile `{}`", current.name()), message)
        } else {
            CredentialsError::not_configured(format!("profile `{}`", current.name()), message)
        });
    };
    roles.reverse();
    Ok(Plan { base, roles })
}

/// The profile's static keys; `None` when it has neither key, an error when it has only one.
fn static_keys(profile: &Profile) -> Result<Option<Credentials>, CredentialsError> {
    match (
        profile.get("aws_access_key_id"),
        profile.get("aws_secret_access_key"),
    ) {
        (Some(id), Some(secret)) => Ok(Some(Credentials::new(
            id,
            secret,
            profile.get("aws_session_token").map(str::to_owned),
        ))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(CredentialsError::failed(
            describe(profile, "aws_access_key_id"),
            "`aws_access_key_id` is set but `aws_secret_access_key` is not",
        )),
        (None, Some(_)) => Err(CredentialsError::failed(
            describe(profile, "aws_secret_access_key"),
            "`aws_secret_access_key` is set but `aws_access_key_id` is not",
        )),
    }
}

fn role_step(profile: &Profile, role_arn: &str) -> Result<RoleStep, CredentialsError> {
    let duration_seconds = match profile.get("duration_seconds") {
        None => None,
        Some(text) => Some(text.parse::<u32>().map_err(|_| {
            CredentialsError::failed(
                describe(profile, "duration_seconds"),
                "`duration_seconds` must be a whole number of seconds",
            )
        })?),
    };
    let session_name = match profile.get("role_session_name") {
        Some(name) => name.to_owned(),
        None => super::sts::default_session_name(),
    };
    Ok(RoleStep {
        role_arn: role_arn.to_owned(),
        session_name,
        external_id: profile.get("external_id").map(str::to_owned),
        duration_seconds,
    })
}

async fn execute(
    env: &Env,
    region: Option<&str>,
    plan: Plan,
) -> Result<Credentials, CredentialsError> {
    let mut credentials = match plan.base {
        Base::Static(creds) => creds,
        Base::Process(provider) => provider.provide().await?,
        Base::Named { kind, source } => named_source(env, kind)
            .await
            .map_err(|e| CredentialsError::failed(source, format!("credential_source: {e}")))?,
        Base::WebIdentity {
            role,
            token_file,
            source,
        } => {
            let path = token_file.clone();
            let token = tokio::task::spawn_blocking(move || std::fs::read_to_string(path))
                .await
                .map_err(|e| {
                    CredentialsError::failed(
                        source.clone(),
                        format!("the task reading the web identity token failed: {e}"),
                    )
                })?
                .map_err(|e| {
                    CredentialsError::failed(
                        source.clone(),
                        format!("cannot read web_identity_token_file `{token_file}`: {e}"),
                    )
                })?;
            let token = token.trim();
            if token.is_empty() {
                return Err(CredentialsError::failed(
                    source,
                    format!("web_identity_token_file `{token_file}` is empty"),
                ));
            }
            assume_role_with_web_identity(env, region, &role, token).await?
        }
    };
    for role in &plan.roles {
        credentials = assume_role(env, region, &credentials, role).await?;
    }
    Ok(credentials)
}

async fn named_source(env: &Env, kind: NamedSource) -> Result<Credentials, CredentialsError> {
    match kind {
        NamedSource::Environment => {
            EnvironmentProvider::from_lookup(&|name| env.get(name))
                .provide()
                .await
        }
        NamedSource::EcsContainer => EcsProvider::new(env.clone()).provide().await,
        NamedSource::Ec2InstanceMetadata => ImdsProvider::new(env.clone()).provide().await,
    }
}

async fn assume_role(
    env: &Env,
    region: Option<&str>,
    source: &Credentials,
    role: &RoleStep,
) -> Result<Credentials, CredentialsError> {
    let params = sts::AssumeRoleParams {
        role_arn: &role.role_arn,
        session_name: &role.session_name,
        external_id: role.external_id.as_deref(),
        duration_seconds: role.duration_seconds,
    };
    sts::assume_role(env, region, source, &params).await
}

async fn assume_role_with_web_identity(
    env: &Env,
    region: Option<&str>,
    role: &RoleStep,
    token: &str,
) -> Result<Credentials, CredentialsError> {
    sts::assume_role_with_web_identity(env, region, &role.role_arn, &role.session_name, token).await
}
