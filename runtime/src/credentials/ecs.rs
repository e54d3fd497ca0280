//! Credentials from a container credentials endpoint.

use super::{Credentials, LazyEndpointClient, ProvideCredentials, ProvideFuture};
use crate::env::Env;
use crate::error::CredentialsError;
use crate::time::{DateTime, TimestampFormat};
use crate::transport::{describe_error, exchange, snippet};
use reqwest::Url;
use serde_json::{Map, Value};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::Duration;

/// The ECS agent's address, which `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is relative to.
const ECS_HOST: &str = "169.254.170.2";
/// Connect timeout, and timeout of the whole request.
const TIMEOUT: Duration = Duration::from_secs(2);
/// Attempts per call: one retry after a transport error.
const MAX_ATTEMPTS: u32 = 2;

/// Credentials from the container credentials endpoint.
///
/// The endpoint is `http://169.254.170.2` followed by `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
/// (set by ECS), else the URL in `AWS_CONTAINER_CREDENTIALS_FULL_URI`. A full URL must use
/// `https`, or `http` to a loopback address (`127.0.0.0/8`, `::1`, `localhost`), to the ECS
/// address `169.254.170.2` or to an EKS Pod Identity address (`169.254.170.23`,
/// `fd00:ec2::23`); host names other than `localhost` are not resolved to check them, so
/// `http` to any other name is refused.
///
/// The `Authorization` header is the content of the file named by
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every call, since it is rotated), else
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`. The answer is JSON:
/// `{"AccessKeyId": .., "SecretAccessKey": .., "Token": .., "Expiration": "2030-01-01T00:00:00Z"}`;
/// an endpoint may instead answer `{"code": .., "message": ..}`.
///
/// Not configured when neither `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` nor
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` is set. Everything else that goes wrong is a failure:
/// a refused URL, an unreadable or multi-line token, an unreachable endpoint (after one
/// retry), an error answer or a malformed one. Every call goes to the endpoint: wrap the
/// provider in a cache.
#[derive(Debug)]
pub struct EcsProvider {
    env: Env,
    http: LazyEndpointClient,
}

impl EcsProvider {
    /// A provider reading its settings from `env`.
    pub fn new(env: Env) -> Self {
        EcsProvider {
            env,
            http: LazyEndpointClient::default(),
        }
    }

    /// The URL to ask, checked.
    fn url(&self) -> Result<Url, CredentialsError> {
        if let Some(relative) = self.env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            let slash = if relative.starts_with('/') { "" } else { "/" };
            let full = format!("http://{ECS_HOST}{slash}{relative}");
            return Url::parse(&full).map_err(|e| {
                CredentialsError::failed(
                    "container credentials",
                    format!("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI gives the URL `{full}`, which is not valid: {e}"),
                )
            });
        }
        let Some(full) = self.env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI") else {
            return Err(CredentialsError::not_configured(
                "container credentials",
                "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor \
                 AWS_CONTAINER_CREDENTIALS_FULL_URI is set",
            ));
        };
        let failed = |message: String| {
            CredentialsError::failed(format!("container credentials endpoint {full}"), message)
        };
        let url = Url::parse(&full).map_err(|e| {
            failed(format!(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL: {e}"
            ))
        })?;
        match url.scheme() {
            "https" => Ok(url),
            "http" if http_host_allowed(&url) => Ok(url),
            "http" => Err(failed(format!(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI uses http to `{}`, which could expose the \
                 credentials; http is only allowed to a loopback address (127.0.0.0/8, ::1, \
                 localhost), 169.254.170.2, 169.254.170.23 or fd00:ec2::23; use https for \
                 any other host",
                url.host_str().unwrap_or_default()
            ))),
            other => Err(failed(format!(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI uses the scheme `{other}`; use http or https"
            ))),
        }
    }

    /// The `Authorization` header value, if one is configured.
    fn authorization(&self) -> Result<Option<String>, CredentialsError> {
        let (token, source) =
            if let Some(path) = self.env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
                let source = format!("container authorization token file {path}");
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    CredentialsError::failed(&source, format!("cannot read the token: {e}"))
                })?;
                let token = text.trim().to_owned();
                if token.is_empty() {
                    return Err(CredentialsError::failed(source, "the file is empty"));
                }
                (token, source)
            } else if let Some(token) = self.env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN") {
                (token, "AWS_CONTAINER_AUTHORIZATION_TOKEN".to_owned())
            } else {
                return Ok(None);
            };
        if token.contains(['\r', '\n']) {
            return Err(CredentialsError::failed(
                source,
                "the authorization token contains a line break, which an HTTP header cannot \
                 carry",
            ));
        }
        Ok(Some(token))
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let url = self.url()?;
        let source = format!("container credentials endpoint {url}");
        let authorization = self.authorization()?;
        let http = self.http.get("container credentials", |b| {
            b.connect_timeout(TIMEOUT).timeout(TIMEOUT)
        })?;
        let mut attempt = 1;
        let response = loop {
            let mut request = http.get(url.clone()).header("accept", "application/json");
            if let Some(token) = &authorization {
                request = request.header("authorization", token.as_str());
            }
            match exchange(request).await {
                Ok(answer) => break answer,
                Err(e) if attempt < MAX_ATTEMPTS && !e.is_builder() => attempt += 1,
                Err(e) => {
                    return Err(CredentialsError::failed(
                        source,
                        format!(
                            "the request failed after {attempt} attempt{}: {}",
                            if attempt == 1 { "" } else { "s" },
                            describe_error(&e)
                        ),
                    ))
                }
            }
        };
        let (status, body) = (response.status, &response.body);
        let text = String::from_utf8_lossy(body);
        let object = parse_object(body);
        if !(200..300).contains(&status) {
            let described = object
                .as_ref()
                .ok()
                .and_then(error_in_object)
                .unwrap_or_else(|| {
                    if text.trim().is_empty() {
                        "empty body".to_owned()
                    } else {
                        snippet(&text)
                    }
                });
            return Err(CredentialsError::failed(
                source,
                format!("HTTP {status}: {described}"),
            ));
        }
        let object = object.map_err(|m| CredentialsError::failed(&source, m))?;
        if !object.contains_key("AccessKeyId") {
            if let Some(described) = error_in_object(&object) {
                return Err(CredentialsError::failed(source, described));
            }
        }
        credentials_from_object(&object).map_err(|m| CredentialsError::failed(source, m))
    }
}

impl ProvideCredentials for EcsProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(self.load())
    }
}

/// Whether plain http to this URL's host is allowed.
fn http_host_allowed(url: &Url) -> bool {
    let v4_allowed = |ip: Ipv4Addr| {
        ip.is_loopback()
            || ip == Ipv4Addr::new(169, 254, 170, 2)
            || ip == Ipv4Addr::new(169, 254, 170, 23)
    };
    // The URL parser has normalised the host: IPv4 in dotted decimal, IPv6 in brackets.
    let Some(host) = url.host_str() else {
        return false;
    };
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().is_ok_and(|ip| {
            ip.is_loopback()
                || ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23)
                || ip.to_ipv4_mapped().is_some_and(v4_allowed)
        });
    }
    match host.parse::<Ipv4Addr>() {
        Ok(ip) => v4_allowed(ip),
        Err(_) => host.eq_ignore_ascii_case("localhost") || host.eq_ignore_ascii_case("localhost."),
    }
}

/// The body as a JSON object.
pub(super) fn parse_object(body: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err("the response is JSON but not an object".to_owned()),
        Err(e) => Err(format!(
            "the response is not JSON ({e}): {}",
            snippet(&String::from_utf8_lossy(body))
        )),
    }
}

/// `code: message` from an error object (`code`/`message`, either capitalisation).
fn error_in_object(object: &Map<String, Value>) -> Option<String> {
    let text = |names: [&str; 2]| {
        names
            .iter()
            .find_map(|n| object.get(*n).and_then(Value::as_str))
            .map(str::to_owned)
    };
    let code = text(["code", "Code"]);
    let message = text(["message", "Message"]);
    match (code, message) {
        (Some(c), Some(m)) => Some(format!("{c}: {m}")),
        (Some(c), None) => Some(c),
        (None, Some(m)) => Some(m),
        (None, None) => None,
    }
}

/// Credentials from `AccessKeyId`, `SecretAccessKey`, `Token` (optional) and `Expiration`
/// (optional, RFC 3339).
pub(super) fn credentials_from_object(object: &Map<String, Value>) -> Result<Credentials, String> {
    let field = |name: &str| -> Result<Option<&str>, String> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim())),
            Some(_) => Err(format!("`{name}` in the response is not a string")),
        }
    };
    let required = |name: &str| field(name)?.ok_or_else(|| format!("the response has no `{name}`"));
    let mut credentials = Credentials::new(
        required("AccessKeyId")?,
        required("SecretAccessKey")?,
        field("Token")?.map(str::to_owned),
    );
    if let Some(expiration) = field("Expiration")? {
        let at = DateTime::parse(expiration, TimestampFormat::DateTime)
            .map_err(|e| format!("bad `Expiration` in the response: {e}"))?;
        let at = at
            .checked_to_system_time()
            .ok_or("`Expiration` is outside the range of this platform")?;
        credentials = credentials.with_expiry(at);
    }
    Ok(credentials)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(pairs: &[(&str, &str)]) -> EcsProvider {
        EcsProvider::new(Env::from_pairs(pairs.iter().copied()))
    }

    #[test]
    fn relative_uri_wins_and_is_rooted_at_the_ecs_agent() {
        let p = provider(&[
            (
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                "/v2/credentials/abc?x=1",
            ),
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "https://example.com/"),
        ]);
        assert_eq!(
            p.url().unwrap().as_str(),
            "http://169.254.170.2/v2/credentials/abc?x=1"
        );
    }

    #[test]
    fn full_uri_hosts() {
        for ok in [
            "https://example.com/creds",
            "http://127.0.0.1:8080/creds",
            "http://127.9.9.9/",
            "http://localhost/get",
            "http://LOCALHOST:1/get",
            "http://[::1]:99/",
            "http://169.254.170.2/v1",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1",
            "http://[::ffff:127.0.0.1]/",
        ] {
            let p = provider(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", ok)]);
            assert!(p.url().is_ok(), "{ok}");
        }
        for bad in [
            "http://example.com/creds",
            "http://169.254.169.254/",
            "http://10.0.0.1/",
            "http://[fd00:ec2::254]/",
            "http://localhost.example.com/",
            "ftp://127.0.0.1/",
            "not a url",
        ] {
            let p = provider(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", bad)]);
            let e = p.url().unwrap_err();
            assert_eq!(e.kind, crate::CredentialsErrorKind::Failed, "{bad}");
        }
        let e = provider(&[]).url().unwrap_err();
        assert_eq!(e.kind, crate::CredentialsErrorKind::NotConfigured);
    }

    #[test]
    fn token_from_variable_with_line_break_is_refused() {
        let p = provider(&[("AWS_CONTAINER_AUTHORIZATION_TOKEN", "abc\r\nX-Evil: 1")]);
        assert!(p
            .authorization()
            .unwrap_err()
            .message
            .contains("line break"));
        let p = provider(&[("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic abc")]);
        assert_eq!(p.authorization().unwrap().as_deref(), Some("Basic abc"));
    }

    #[test]
    fn json_credentials() {
        let object = parse_object(
            br#"{"AccessKeyId":"AKID","SecretAccessKey":"s","Token":"t","Expiration":"2030-01-02T03:04:05Z"}"#,
        )
        .unwrap();
        let c = credentials_from_object(&object).unwrap();
        assert_eq!(c.session_token(), Some("t"));
        assert!(c.expires_at().is_some());
        for bad in [
            r#"{"AccessKeyId":"AKID"}"#,
            r#"{"AccessKeyId":1,"SecretAccessKey":"s"}"#,
            r#"{"AccessKeyId":"a","SecretAccessKey":"s","Expiration":"tomorrow"}"#,
        ] {
            let object = parse_object(bad.as_bytes()).unwrap();
            assert!(credentials_from_object(&object).is_err(), "{bad}");
        }
        assert!(parse_object(b"[1]").is_err());
        assert!(parse_object(b"<html>").is_err());
    }
}
