//! The EC2 instance metadata service: a client, and the instance profile's credentials.

use super::ecs::{credentials_from_object, parse_object};
use super::{Credentials, LazyEndpointClient, ProvideCredentials, ProvideFuture};
use crate::endpoint::Endpoint;
use crate::env::Env;
use crate::error::{CredentialsError, CredentialsErrorKind};
use crate::transport::{describe_error, exchange, snippet};
use serde_json::Value;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Connect timeout, and read timeout (per read, including the wait for the answer).
const TIMEOUT: Duration = Duration::from_secs(1);
/// The session token lifetime asked for, in seconds (the maximum).
const TOKEN_TTL_SECS: u64 = 21_600;
/// How long before the token's end a new one is fetched.
const TOKEN_REFRESH_MARGIN: Duration = Duration::from_secs(60);
/// Header asking for a token lifetime (on the `PUT`) and telling it (on the answer).
const TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
/// Header carrying the token on a `GET`.
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
/// Where the token is requested.
const TOKEN_PATH: &str = "/latest/api/token";
/// The list of instance profile roles (one name per line; EC2 lists at most one).
const ROLES_PATH: &str = "/latest/meta-data/iam/security-credentials/";
/// The instance's region.
const REGION_PATH: &str = "/latest/meta-data/placement/region";
/// What to do when IMDS cannot be used.
const HINT: &str = "if this is not an EC2 instance, set AWS_EC2_METADATA_DISABLED=true to skip \
                    IMDS, or set AWS_EC2_METADATA_SERVICE_ENDPOINT to the metadata endpoint";

/// A client of the instance metadata service (IMDSv2).
///
/// Only IMDSv2 is spoken: a session token is requested with
/// `PUT /latest/api/token` (header `x-aws-ec2-metadata-token-ttl-seconds: 21600`, six hours)
/// and sent with every `GET` as `x-aws-ec2-metadata-token`. The token is reused until a
/// minute before its lifetime ends, and fetched anew once when a `GET` is answered 401.
///
/// The endpoint is `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else `http://[fd00:ec2::254]` when
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` is `IPv6`, else `http://169.254.169.254`.
/// `AWS_EC2_METADATA_DISABLED=true` turns IMDS off. Connect and read timeouts are 1 s each,
/// so a machine that is not an EC2 instance gives up quickly; that, and a 404, is
/// [`NotConfigured`](crate::CredentialsErrorKind::NotConfigured), so a provider
/// chain moves on.
///
/// `Debug` does not show the session token.
pub struct ImdsClient {
    setup: Setup,
    token: Mutex<Option<SessionToken>>,
}

/// What [`ImdsClient::new`] found in the environment.
enum Setup {
    /// `AWS_EC2_METADATA_DISABLED=true`.
    Disabled,
    /// The settings are wrong, or no HTTP client could be made.
    Broken(CredentialsError),
    /// Ready to ask.
    Ready {
        endpoint: Endpoint,
        source: String,
        http: LazyEndpointClient,
    },
}

/// A session token and when to replace it.
struct SessionToken {
    value: String,
    refresh_at: Instant,
}

/// The answer to a `GET`, before it is turned into a result.
enum Fetched {
    Found(String),
    NotFound,
}

impl ImdsClient {
    /// A client configured from `env` (see [`ImdsClient`]). Nothing is sent yet;
    /// configuration errors are reported by the first request.
    pub fn new(env: &Env) -> Self {
        ImdsClient {
            setup: Setup::from_env(env),
            token: Mutex::new(None),
        }
    }

    /// `GET` of a metadata path (`/latest/meta-data/instance-id`), the body as text.
    ///
    /// Not configured when IMDS is disabled, unreachable, slow (1 s) or answers 404 (the
    /// chain moves on); failed on a bad configuration or any other answer.
    pub async fn get(&self, path: &str) -> Result<String, CredentialsError> {
        match self.fetch(path).await? {
            Fetched::Found(text) => Ok(text),
            Fetched::NotFound => {
                let (_, source, _) = self.ready()?;
                Err(CredentialsError::not_configured(
                    source,
                    format!("`{path}` is not available (HTTP 404)"),
                ))
            }
        }
    }

    /// The region the instance runs in (`/latest/meta-data/placement/region`).
    pub async fn region(&self) -> Result<String, CredentialsError> {
        let region = self.get(REGION_PATH).await?;
        let region = region.trim();
        if region.is_empty()
            || !region
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            let (_, source, _) = self.ready()?;
            return Err(CredentialsError::failed(
                source,
                format!(
                    "`{REGION_PATH}` answered `{}`, not a region",
                    snippet(region)
                ),
            ));
        }
        Ok(region.to_owned())
    }

    /// The endpoint, error source and HTTP client, or why there are none.
    fn ready(&self) -> Result<(&Endpoint, &str, &reqwest::Client), CredentialsError> {
        match &self.setup {
            Setup::Disabled => Err(CredentialsError::not_configured(
                "IMDS",
                "AWS_EC2_METADATA_DISABLED is true",
            )),
            Setup::Broken(e) => Err(e.clone()),
            Setup::Ready {
                endpoint,
                source,
                http,
            } => {
                let http =
                    http.get(source, |b| b.connect_timeout(TIMEOUT).read_timeout(TIMEOUT))?;
                Ok((endpoint, source, http))
            }
        }
    }

    /// `GET` of `path` with a session token, fetching a new token once on 401.
    async fn fetch(&self, path: &str) -> Result<Fetched, CredentialsError> {
        let (endpoint, source, http) = self.ready()?;
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        let mut fresh_token = false;
        let mut server_errors = 0;
        loop {
            let token = self.token(fresh_token).await?;
            let request = http.get(endpoint.url(&path)).header(TOKEN_HEADER, token);
            let response = exchange(request)
                .await
                .map_err(|e| unreachable(source, &e))?;
            let (status, body) = (response.status, response.body);
            match status {
                200..=299 => {
                    return String::from_utf8(body).map(Fetched::Found).map_err(|_| {
                        CredentialsError::failed(
                            source,
                            format!("`{path}`: the answer is not UTF-8"),
                        )
                    })
                }
                401 if !fresh_token => {
                    fresh_token = true;
                }
                404 => return Ok(Fetched::NotFound),
                500..=599 if server_errors == 0 => server_errors += 1,
                _ => {
                    return Err(CredentialsError::failed(
                        source,
                        format!("GET `{path}` answered HTTP {status}{}", body_note(&body)),
                    ))
                }
            }
        }
    }

    /// The current session token, or a new one when there is none, it is about to end, or
    /// `renew` asks for one.
    async fn token(&self, renew: bool) -> Result<String, CredentialsError> {
        if !renew {
            if let Some(t) = self.lock_token().as_ref() {
                if Instant::now() < t.refresh_at {
                    return Ok(t.value.clone());
                }
            }
        }
        let (endpoint, source, http) = self.ready()?;
        let request = http
            .put(endpoint.url(TOKEN_PATH))
            .header(TTL_HEADER, TOKEN_TTL_SECS.to_string());
        let response = exchange(request)
            .await
            .map_err(|e| unreachable(source, &e))?;
        let ttl = response
            .header(TTL_HEADER)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(TOKEN_TTL_SECS, |t| t.min(TOKEN_TTL_SECS));
        let (status, body) = (response.status, response.body);
        match status {
            200..=299 => {}
            403 => {
                return Err(CredentialsError::not_configured(
                    source,
                    format!(
                        "the session token request was refused (HTTP 403): the instance \
                         metadata service is probably turned off for this instance; {HINT}"
                    ),
                ))
            }
            404 | 405 => {
                return Err(CredentialsError::not_configured(
                    source,
                    format!(
                        "the endpoint does not hand out IMDSv2 session tokens (HTTP {status}); \
                         IMDSv1 is not used; {HINT}"
                    ),
                ))
            }
            _ => {
                return Err(CredentialsError::failed(
                    source,
                    format!(
                        "the session token request answered HTTP {status}{}",
                        body_note(&body)
                    ),
                ))
            }
        }
        let value = String::from_utf8_lossy(&body).trim().to_owned();
        if value.is_empty() || value.contains(|c: char| c.is_control()) {
            return Err(CredentialsError::failed(
                source,
                "the session token answer is empty or not a token",
            ));
        }
        let lifetime = Duration::from_secs(ttl);
        let margin = TOKEN_REFRESH_MARGIN.min(lifetime / 2);
        let now = Instant::now();
        let refresh_at = now.checked_add(lifetime - margin).unwrap_or(now);
        *self.lock_token() = Some(SessionToken {
            value: value.clone(),
            refresh_at,
        });
        Ok(value)
    }

    fn lock_token(&self) -> MutexGuard<'_, Option<SessionToken>> {
        self.token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl std::fmt::Debug for ImdsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let endpoint = match &self.setup {
            Setup::Disabled => "disabled".to_owned(),
            Setup::Broken(e) => format!("misconfigured: {}", e.message),
            Setup::Ready { endpoint, .. } => endpoint.url(""),
        };
        f.debug_struct("ImdsClient")
            .field("endpoint", &endpoint)
            .field("has_token", &self.lock_token().is_some())
            .finish()
    }
}

impl Setup {
    fn from_env(env: &Env) -> Self {
        if env.get_bool("AWS_EC2_METADATA_DISABLED") == Some(true) {
            return Setup::Disabled;
        }
        let url = match env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT") {
            Some(url) => url,
            None => match env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE") {
                None => "http://169.254.169.254".to_owned(),
                Some(m) if m.eq_ignore_ascii_case("IPv4") => "http://169.254.169.254".to_owned(),
                Some(m) if m.eq_ignore_ascii_case("IPv6") => "http://[fd00:ec2::254]".to_owned(),
                Some(m) => {
                    return Setup::Broken(CredentialsError::failed(
                        "IMDS",
                        format!(
                            "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is `{m}`; use IPv4 or IPv6"
                        ),
                    ))
                }
            },
        };
        let source = format!("IMDS at {url}");
        let endpoint = match Endpoint::parse(&url) {
            Ok(e) => e,
            Err(e) => return Setup::Broken(CredentialsError::failed(source, e.message)),
        };
        Setup::Ready {
            endpoint,
            source,
            http: LazyEndpointClient::default(),
        }
    }
}

/// A transport error: IMDS is not there (the chain moves on).
fn unreachable(source: &str, e: &reqwest::Error) -> CredentialsError {
    if e.is_builder() {
        return CredentialsError::failed(
            source,
            format!("cannot build the request: {}", describe_error(e)),
        );
    }
    CredentialsError::not_configured(
        source,
        format!(
            "the instance metadata service did not answer ({}); {HINT}",
            describe_error(e)
        ),
    )
}

/// `: <start of body>` when the body is not empty.
fn body_note(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if text.trim().is_empty() {
        String::new()
    } else {
        format!(": {}", snippet(&text))
    }
}

/// Credentials of the instance profile's role, from IMDS.
///
/// The role name is discovered from `/latest/meta-data/iam/security-credentials/` (first
/// line) and remembered; if it later answers 404 the name is discovered again once (the
/// instance profile may have changed). The credentials document must have `Code`
/// `Success`.
///
/// Not configured when IMDS is disabled or unreachable, or the instance has no role;
/// failed when the credentials document is malformed or reports an error. Every call goes
/// to IMDS: wrap the provider in a cache.
#[derive(Debug)]
pub struct ImdsProvider {
    client: ImdsClient,
    role: Mutex<Option<String>>,
}

impl ImdsProvider {
    /// A provider configured from `env` (see [`ImdsClient`]).
    pub fn new(env: Env) -> Self {
        ImdsProvider {
            client: ImdsClient::new(&env),
            role: Mutex::new(None),
        }
    }

    fn lock_role(&self) -> MutexGuard<'_, Option<String>> {
        self.role
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let known = self.lock_role().clone();
        let role = match &known {
            Some(role) => role.clone(),
            None => self.discover_role().await?,
        };
        match self.role_credentials(&role).await {
            Err(e) if known.is_some() && e.kind == CredentialsErrorKind::NotConfigured => {
                *self.lock_role() = None;
                let role = self.discover_role().await?;
                self.role_credentials(&role).await
            }
            other => other,
        }
    }

    /// The first role listed, remembered for next time.
    async fn discover_role(&self) -> Result<String, CredentialsError> {
        let no_role = |source: &str| {
            CredentialsError::not_configured(
                source,
                "this instance has no IAM role (no instance profile is attached); attach one \
                 or configure credentials another way",
            )
        };
        let listing = match self.client.fetch(ROLES_PATH).await? {
            Fetched::Found(listing) => listing,
            Fetched::NotFound => return Err(no_role(self.source()?)),
        };
        let Some(role) = listing.lines().map(str::trim).find(|l| !l.is_empty()) else {
            return Err(no_role(self.source()?));
        };
        *self.lock_role() = Some(role.to_owned());
        Ok(role.to_owned())
    }

    /// The credentials document of `role`.
    async fn role_credentials(&self, role: &str) -> Result<Credentials, CredentialsError> {
        let path = format!(
            "{ROLES_PATH}{}",
            crate::uri_encoding::uri_encode(role, true)
        );
        let source = self.source()?;
        let document = match self.client.fetch(&path).await? {
            Fetched::Found(document) => document,
            Fetched::NotFound => {
                return Err(CredentialsError::not_configured(
                    source,
                    format!("no credentials for the role `{role}` (HTTP 404)"),
                ))
            }
        };
        let failed = |m: String| {
            CredentialsError::failed(source, format!("credentials of the role `{role}`: {m}"))
        };
        let object = parse_object(document.as_bytes()).map_err(failed)?;
        if let Some(code) = object.get("Code") {
            if code.as_str() != Some("Success") {
                let message = object
                    .get("Message")
                    .and_then(Value::as_str)
                    .unwrap_or("no message");
                return Err(failed(format!("IMDS reports `{code}`: {message}")));
            }
        }
        credentials_from_object(&object).map_err(failed)
    }

    fn source(&self) -> Result<&str, CredentialsError> {
        self.client.ready().map(|(_, source, _)| source)
    }
}

impl ProvideCredentials for ImdsProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_selection() {
        let url =
            |pairs: &[(&str, &str)]| match Setup::from_env(&Env::from_pairs(pairs.iter().copied()))
            {
                Setup::Ready { endpoint, .. } => Ok(endpoint.url("")),
                Setup::Disabled => Err(CredentialsErrorKind::NotConfigured),
                Setup::Broken(e) => Err(e.kind),
            };
        assert_eq!(url(&[]).unwrap(), "http://169.254.169.254");
        assert_eq!(
            url(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv6")]).unwrap(),
            "http://[fd00:ec2::254]"
        );
        assert_eq!(
            url(&[
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"),
                (
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                    "http://127.0.0.1:1234/"
                ),
            ])
            .unwrap(),
            "http://127.0.0.1:1234"
        );
        assert_eq!(
            url(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5")]),
            Err(CredentialsErrorKind::Failed)
        );
        assert_eq!(
            url(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254")]),
            Err(CredentialsErrorKind::Failed)
        );
        assert_eq!(
            url(&[("AWS_EC2_METADATA_DISABLED", "true")]),
            Err(CredentialsErrorKind::NotConfigured)
        );
    }
}
