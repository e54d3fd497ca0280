//! Credentials from AWS STS: `AssumeRole` and `AssumeRoleWithWebIdentity`.

use super::{endpoint_http_client, Credentials, ProvideCredentials, ProvideFuture};
use crate::endpoint::Endpoint;
use crate::env::Env;
use crate::error::CredentialsError;
use crate::sigv4;
use crate::time::{DateTime, TimestampFormat};
use crate::transport::{describe_error, exchange, snippet};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The STS API version sent with every action.
const API_VERSION: &str = "2011-06-15";
/// How long opening the connection to STS may take.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
/// How long a whole STS request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The region requests are signed for when none is given (the global endpoint's).
const DEFAULT_SIGNING_REGION: &str = "us-east-1";
/// The content type of Query protocol requests.
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// The parameters of `AssumeRole`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AssumeRoleParams<'a> {
    /// The ARN of the role to assume (`arn:aws:iam::123456789012:role/deploy`).
    pub role_arn: &'a str,
    /// The role session name, shown in CloudTrail (2–64 of `[\w+=,.@-]`).
    pub session_name: &'a str,
    /// The external id the role's trust policy requires, if any.
    pub external_id: Option<&'a str>,
    /// How long the credentials should last, in seconds (STS defaults to 3600).
    pub duration_seconds: Option<u32>,
}

/// Assumes a role with `AssumeRole`, signing the request with `source` credentials.
///
/// STS speaks the AWS Query protocol: a `POST /` whose form body names the action and the
/// API version `2011-06-15`, answered with XML. `AssumeRole` is signed (SigV4, service
/// `sts`) with the source credentials; `AssumeRoleWithWebIdentity` is not signed, the web
/// identity token is the proof. [`WebIdentityProvider`] calls the latter with the token
/// file named by `AWS_WEB_IDENTITY_TOKEN_FILE` (EKS IRSA and similar).
///
/// `region` chooses the endpoint (see [`sts_endpoint`]) and the signing region
/// (`us-east-1` when `None`). Each call makes one attempt, with a connect timeout of 3.1 s and
/// a request timeout of 10 s. Every error is
/// [`CredentialsErrorKind::Failed`](crate::CredentialsErrorKind::Failed): the STS error code
/// and message when STS answered with one, else what went wrong in transport or parsing; the
/// error's `source` names the action and the endpoint.
pub async fn assume_role(
    env: &Env,
    region: Option<&str>,
    source: &Credentials,
    params: &AssumeRoleParams<'_>,
) -> Result<Credentials, CredentialsError> {
    let duration = params.duration_seconds.map(|d| d.to_string());
    let mut form = vec![
        ("RoleArn", params.role_arn),
        ("RoleSessionName", params.session_name),
    ];
    if let Some(id) = params.external_id {
        form.push(("ExternalId", id));
    }
    if let Some(d) = &duration {
        form.push(("DurationSeconds", d));
    }
    call(env, region, "AssumeRole", &form, Some(source)).await
}

/// Exchanges a web identity (OIDC) token for role credentials with
/// `AssumeRoleWithWebIdentity`. The request is not signed.
///
/// `region` chooses the endpoint as in [`sts_endpoint`]. Errors are `Failed`, as for
/// [`assume_role`].
pub async fn assume_role_with_web_identity(
    env: &Env,
    region: Option<&str>,
    role_arn: &str,
    session_name: &str,
    token: &str,
) -> Result<Credentials, CredentialsError> {
    let form = [
        ("RoleArn", role_arn),
        ("RoleSessionName", session_name),
        ("WebIdentityToken", token),
    ];
    call(env, region, "AssumeRoleWithWebIdentity", &form, None).await
}

/// The STS endpoint URL: `AWS_ENDPOINT_URL_STS`, else `AWS_ENDPOINT_URL`, else
/// `https://sts.{region}.amazonaws.com` (`.amazonaws.com.cn` for `cn-` regions), or the
/// global `https://sts.amazonaws.com` when there is no region.
///
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` skips the two variables.
///
/// ```
/// use aws_op_runtime::credentials::sts_endpoint;
/// use aws_op_runtime::Env;
///
/// let env = Env::default();
/// assert_eq!(sts_endpoint(&env, Some("eu-west-1")), "https://sts.eu-west-1.amazonaws.com");
/// assert_eq!(sts_endpoint(&env, None), "https://sts.amazonaws.com");
/// let env = Env::from_pairs([("AWS_ENDPOINT_URL_STS", "http://localhost:4566")]);
/// assert_eq!(sts_endpoint(&env, Some("eu-west-1")), "http://localhost:4566");
/// ```
pub fn sts_endpoint(env: &Env, region: Option<&str>) -> String {
    if env.get_bool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") != Some(true) {
        for var in ["AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"] {
            if let Some(url) = env.get(var) {
                return url;
            }
        }
    }
    match region.map(str::trim).filter(|r| !r.is_empty()) {
        None => "https://sts.amazonaws.com".to_owned(),
        Some(r) if r.starts_with("cn-") => format!("https://sts.{r}.amazonaws.com.cn"),
        Some(r) => format!("https://sts.{r}.amazonaws.com"),
    }
}

/// Credentials for the role in `AWS_ROLE_ARN`, obtained with the web identity token in the
/// file `AWS_WEB_IDENTITY_TOKEN_FILE` (as set up by EKS "IAM roles for service accounts").
///
/// The session name is `AWS_ROLE_SESSION_NAME`, else `aws-op-<unix time in ms>`; the region
/// `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the global endpoint. The token file is read
/// on every [`provide`](ProvideCredentials::provide), since it is rotated, and every call
/// goes to STS: wrap the provider in a cache.
///
/// Not configured when `AWS_WEB_IDENTITY_TOKEN_FILE` is unset; failed when it is set
/// without `AWS_ROLE_ARN`, when the file cannot be read or is empty, or when STS fails.
#[derive(Debug, Clone)]
pub struct WebIdentityProvider {
    env: Env,
}

impl WebIdentityProvider {
    /// A provider reading its settings from `env`.
    pub fn new(env: Env) -> Self {
        WebIdentityProvider { env }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let env = &self.env;
        let Some(token_file) = env.get("AWS_WEB_IDENTITY_TOKEN_FILE") else {
            return Err(CredentialsError::not_configured(
                "web identity",
                "AWS_WEB_IDENTITY_TOKEN_FILE is not set; set it and AWS_ROLE_ARN to assume a \
                 role with a web identity token",
            ));
        };
        let Some(role_arn) = env.get("AWS_ROLE_ARN") else {
            return Err(CredentialsError::failed(
                "web identity",
                "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; set AWS_ROLE_ARN \
                 to the role to assume",
            ));
        };
        let file_source = format!("web identity token file {token_file}");
        let token = std::fs::read_to_string(&token_file).map_err(|e| {
            CredentialsError::failed(&file_source, format!("cannot read the token: {e}"))
        })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::failed(&file_source, "the file is empty"));
        }
        let session_name = env
            .get("AWS_ROLE_SESSION_NAME")
            .unwrap_or_else(default_session_name);
        let region = env
            .get("AWS_REGION")
            .or_else(|| env.get("AWS_DEFAULT_REGION"));
        assume_role_with_web_identity(env, region.as_deref(), &role_arn, &session_name, token).await
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(self.load())
    }
}

/// `aws-op-<milliseconds since the Unix epoch>`.
pub(super) fn default_session_name() -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    format!("aws-op-{millis}")
}

/// Sends one Query protocol action to STS and reads the credentials out of the answer.
async fn call(
    env: &Env,
    region: Option<&str>,
    action: &str,
    form: &[(&str, &str)],
    signer: Option<&Credentials>,
) -> Result<Credentials, CredentialsError> {
    let url = sts_endpoint(env, region);
    let source = format!("STS {action} at {url}");
    let failed = |message: String| CredentialsError::failed(&source, message);
    let region = region.map(str::trim).filter(|r| !r.is_empty());
    if let Some(r) = region {
        if !r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(failed(format!(
                "`{r}` is not a region name (letters, digits and `-` only)"
            )));
        }
    }
    let endpoint = Endpoint::parse(&url).map_err(|e| failed(e.message))?;
    let body = form_body(action, form);
    let path = format!("{}/", endpoint.base_path);
    let mut headers = vec![("content-type".to_owned(), FORM_CONTENT_TYPE.to_owned())];
    if let Some(creds) = signer {
        headers = signed_headers(&endpoint, &path, &body, region, creds);
    }
    let http = endpoint_http_client(
        reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT),
        &source,
    )?;
    let mut request = http.post(endpoint.url("/")).body(body);
    for (name, value) in &headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = exchange(request)
        .await
        .map_err(|e| failed(format!("the request failed: {}", describe_error(&e))))?;
    let text = String::from_utf8_lossy(&response.body);
    if !(200..300).contains(&response.status) {
        return Err(failed(describe_error_response(response.status, &text)));
    }
    credentials_from_xml(&text).map_err(|m| failed(format!("malformed {action} response: {m}")))
}

/// The headers of a signed request (`host` is left to the HTTP client, which derives the
/// same value from the URL): `content-type`, `x-amz-date`, `x-amz-security-token` when the
/// source credentials have a session token, and `authorization`.
fn signed_headers(
    endpoint: &Endpoint,
    path: &str,
    body: &str,
    region: Option<&str>,
    creds: &Credentials,
) -> Vec<(String, String)> {
    let now = DateTime::now().secs();
    let mut headers = vec![
        ("host".to_owned(), endpoint.host_header()),
        ("content-type".to_owned(), FORM_CONTENT_TYPE.to_owned()),
        ("x-amz-date".to_owned(), sigv4::amz_date(now)),
    ];
    if let Some(token) = creds.session_token() {
        headers.push(("x-amz-security-token".to_owned(), token.to_owned()));
    }
    let payload_hash = sigv4::sha256_hex(body.as_bytes());
    let signature = sigv4::sign(
        &sigv4::SignableRequest {
            method: "POST",
            path,
            query: &[],
            headers: &headers,
            payload_sha256_hex: &payload_hash,
        },
        &sigv4::SigningKeys {
            access_key_id: creds.access_key_id(),
            secret_access_key: creds.secret_access_key(),
            session_token: creds.session_token(),
        },
        &sigv4::SigningScope {
            region: region.unwrap_or(DEFAULT_SIGNING_REGION),
            service: "sts",
            time_epoch_secs: now,
        },
    );
    headers.remove(0);
    headers.push(("authorization".to_owned(), signature.authorization));
    headers
}

/// `Action=..&Version=..&k=v..`, every value percent-encoded (RFC 3986 unreserved kept).
fn form_body(action: &str, form: &[(&str, &str)]) -> String {
    let mut body = format!("Action={action}&Version={API_VERSION}");
    for (name, value) in form {
        body.push('&');
        body.push_str(name);
        body.push('=');
        crate::uri_encoding::push_encoded(&mut body, value, true);
    }
    body
}

/// `Code: Message (HTTP status)` from an `<ErrorResponse>`, else the status and the start
/// of the body.
fn describe_error_response(status: u16, text: &str) -> String {
    let error = element(text, "Error").unwrap_or(text);
    let code = element(error, "Code").map(decode_xml_text);
    let message = element(error, "Message").map(decode_xml_text);
    match (code, message) {
        (Some(code), Some(message)) => format!("{code}: {message} (HTTP {status})"),
        (Some(code), None) => format!("{code} (HTTP {status})"),
        (None, _) if text.trim().is_empty() => format!("HTTP {status} with an empty body"),
        (None, _) => format!(
            "HTTP {status} without an STS error in the body: {}",
            snippet(text)
        ),
    }
}

/// The four credential fields inside `<Credentials>`.
fn credentials_from_xml(text: &str) -> Result<Credentials, String> {
    let creds = element(text, "Credentials").ok_or("no <Credentials> element")?;
    let field = |name: &str| -> Result<String, String> {
        element(creds, name)
            .map(decode_xml_text)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("no <{name}> in <Credentials>"))
    };
    let expiration = field("Expiration")?;
    let expires_at = DateTime::parse(&expiration, TimestampFormat::DateTime)
        .map_err(|e| format!("bad <Expiration>: {e}"))?
        .checked_to_system_time()
        .ok_or("bad <Expiration>: outside the range of this platform")?;
    Ok(Credentials::new(
        field("AccessKeyId")?,
        field("SecretAccessKey")?,
        Some(field("SessionToken")?),
    )
    .with_expiry(expires_at))
}

/// The raw content of the first element called `name` (attributes allowed, no nesting of
/// the same name); `""` for `<name/>`.
fn element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut from = 0;
    while let Some(found) = xml.get(from..)?.find(&open) {
        let after_name = from + found + open.len();
        let rest = xml.get(after_name..)?;
        match rest.chars().next() {
            Some('>') => {
                let start = after_name + 1;
                let len = xml.get(start..)?.find(&close)?;
                return xml.get(start..start + len);
            }
            Some(c) if c.is_whitespace() || c == '/' => {
                let end = rest.find('>')?;
                if rest[..end].ends_with('/') {
                    return Some("");
                }
                let start = after_name + end + 1;
                let len = xml.get(start..)?.find(&close)?;
                return xml.get(start..start + len);
            }
            // A longer name with the same prefix (`<CredentialsX>`): keep looking.
            _ => from = after_name,
        }
    }
    None
}

/// Trims `text` and decodes the five predefined XML entities and character references;
/// anything else after `&` is kept as it is.
fn decode_xml_text(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let decoded = tail.find(';').and_then(|end| {
            let c = match &tail[1..end] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                r => r
                    .strip_prefix("#x")
                    .or_else(|| r.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| r.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_precedence() {
        let env = Env::from_pairs([
            ("AWS_ENDPOINT_URL", "http://general:1"),
            ("AWS_ENDPOINT_URL_STS", "http://sts-only:2"),
        ]);
        assert_eq!(sts_endpoint(&env, Some("us-west-2")), "http://sts-only:2");
        let env = Env::from_pairs([("AWS_ENDPOINT_URL", "http://general:1")]);
        assert_eq!(sts_endpoint(&env, None), "http://general:1");
        let env = Env::from_pairs([
            ("AWS_ENDPOINT_URL_STS", "http://sts-only:2"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"),
        ]);
        assert_eq!(
            sts_endpoint(&env, Some("us-west-2")),
            "https://sts.us-west-2.amazonaws.com"
        );
        assert_eq!(
            sts_endpoint(&Env::default(), Some("cn-north-1")),
            "https://sts.cn-north-1.amazonaws.com.cn"
        );
    }

    #[test]
    fn form_values_are_percent_encoded() {
        let body = form_body(
            "AssumeRole",
            &[("RoleArn", "arn:aws:iam::1:role/a b"), ("X", "a+b&c=d")],
        );
        assert_eq!(
            body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa%20b\
             &X=a%2Bb%26c%3Dd"
        );
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode_xml_text(" a&amp;b&lt;c&gt;&quot;&apos;&#65;&#x42;&bogus;& "),
            "a&b<c>\"'AB&bogus;&"
        );
        assert_eq!(decode_xml_text("&#xFFFFFFFF;"), "&#xFFFFFFFF;");
    }

    #[test]
    fn credentials_are_read_from_xml() {
        let xml = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult><AssumedRoleUser><Arn>x</Arn></AssumedRoleUser>
          <Credentials>
            <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
            <SecretAccessKey>s3cr&amp;t</SecretAccessKey>
            <SessionToken>tok</SessionToken>
            <Expiration>2030-01-02T03:04:05Z</Expiration>
          </Credentials></AssumeRoleResult></AssumeRoleResponse>"#;
        let c = credentials_from_xml(xml).unwrap();
        assert_eq!(c.access_key_id(), "ASIAEXAMPLE");
        assert_eq!(c.secret_access_key(), "s3cr&t");
        assert_eq!(c.session_token(), Some("tok"));
        assert_eq!(
            c.expires_at(),
            Some(UNIX_EPOCH + Duration::from_secs(1_893_553_445))
        );
    }

    #[test]
    fn malformed_xml_is_an_error_not_a_panic() {
        for xml in [
            "",
            "<Credentials>",
            "<Credentials><AccessKeyId>a</AccessKeyId></Credentials>",
            "<Credentials ",
            "<CredentialsX>",
            "<Credentials/>",
            "<Credentials><AccessKeyId>a</AccessKeyId><SecretAccessKey>b</SecretAccessKey>\
             <SessionToken>c</SessionToken><Expiration>soon</Expiration></Credentials>",
            "<Credentials>é<AccessKeyId>",
        ] {
            assert!(credentials_from_xml(xml).is_err(), "{xml}");
        }
    }

    #[test]
    fn error_responses_are_described() {
        let xml = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
                   <Message>not &lt;allowed&gt;</Message></Error></ErrorResponse>";
        assert_eq!(
            describe_error_response(403, xml),
            "AccessDenied: not <allowed> (HTTP 403)"
        );
        assert_eq!(
            describe_error_response(502, "Bad gateway"),
            "HTTP 502 without an STS error in the body: Bad gateway"
        );
    }
}
