//! The remote credentials providers (STS, container endpoint, IMDS) against real HTTP
//! servers on loopback: each test starts a tiny HTTP/1.1 server that records every request
//! and answers from a handler, and points the provider at it through the environment
//! variables a user would set.

use aws_op_runtime::credentials::EcsProvider;
use aws_op_runtime::credentials::{assume_role, AssumeRoleParams, WebIdentityProvider};
use aws_op_runtime::credentials::{Credentials, ProvideCredentials};
use aws_op_runtime::credentials::{ImdsClient, ImdsProvider};
use aws_op_runtime::sigv4::{parse_query, sha256_hex, verify};
use aws_op_runtime::CredentialsErrorKind;
use aws_op_runtime::Env;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// ---------------------------------------------------------------------------------------
// A fake HTTP server
// ---------------------------------------------------------------------------------------

/// A request as the server received it.
#[derive(Clone, Debug)]
struct Recorded {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Recorded {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn form(&self) -> Vec<(String, String)> {
        parse_query(&self.body)
    }

    fn form_value(&self, name: &str) -> Option<String> {
        self.form()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// What the server answers.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

fn reply(status: u16, body: impl Into<String>) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body: body.into(),
    }
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// A running fake server: its address and the requests it has received.
struct FakeServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl FakeServer {
    async fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let recorded = requests.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handler = handler.clone();
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let _ = serve_one(stream, &*handler, &recorded).await;
                });
            }
        });
        FakeServer { addr, requests }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

/// Reads one request, records it, writes the reply and closes the connection.
async fn serve_one(
    mut stream: TcpStream,
    handler: &Handler,
    recorded: &Mutex<Vec<Recorded>>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let path = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let request = Recorded {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let answer = handler(&request);
    recorded.lock().unwrap().push(request);
    let mut out = format!(
        "HTTP/1.1 {} Fake\r\ncontent-length: {}\r\nconnection: close\r\n",
        answer.status,
        answer.body.len()
    );
    for (name, value) in &answer.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&answer.body);
    stream.write_all(out.as_bytes()).await?;
    stream.shutdown().await
}

/// A port nothing listens on (bound, then released).
async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

/// A fresh file in the temporary directory, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(contents: &str) -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "aws-op-remote-credentials-{}-{nanos}-{n}",
            std::process::id()
        ));
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }

    fn path(&self) -> String {
        self.0.to_string_lossy().into_owned()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn env(pairs: &[(&str, &str)]) -> Env {
    Env::from_pairs(pairs.iter().copied())
}

/// 2030-01-02T03:04:05Z
const EXPIRATION: &str = "2030-01-02T03:04:05Z";

fn expiry() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_893_553_445)
}

// ---------------------------------------------------------------------------------------
// STS
// ---------------------------------------------------------------------------------------

fn sts_success(action: &str) -> String {
    format!(
        r#"<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <{action}Result>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/deploy/session</Arn>
      <AssumedRoleId>AROAEXAMPLE:session</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAASSUMED</AccessKeyId>
      <SecretAccessKey>assumed/secret&amp;key</SecretAccessKey>
      <SessionToken>assumed-session-token</SessionToken>
      <Expiration>{EXPIRATION}</Expiration>
    </Credentials>
  </{action}Result>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</{action}Response>"#
    )
}

#[tokio::test]
async fn assume_role_sends_a_signed_query_request() {
    let sts = FakeServer::start(|_| reply(200, sts_success("AssumeRole"))).await;
    let env = env(&[("AWS_ENDPOINT_URL_STS", &sts.url())]);
    let source = Credentials::new("AKIDSOURCE", "source-secret", Some("source-token".into()));
    let params = AssumeRoleParams {
        role_arn: "arn:aws:iam::123456789012:role/deploy",
        session_name: "my session",
        external_id: Some("ext-1"),
        duration_seconds: Some(900),
    };
    let creds = assume_role(&env, Some("eu-west-1"), &source, &params)
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIAASSUMED");
    assert_eq!(creds.secret_access_key(), "assumed/secret&key");
    assert_eq!(creds.session_token(), Some("assumed-session-token"));
    assert_eq!(creds.expires_at(), Some(expiry()));

    let requests = sts.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/"));
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded; charset=utf-8")
    );
    assert_eq!(r.form_value("Action").as_deref(), Some("AssumeRole"));
    assert_eq!(r.form_value("Version").as_deref(), Some("2011-06-15"));
    assert_eq!(
        r.form_value("RoleArn").as_deref(),
        Some("arn:aws:iam::123456789012:role/deploy")
    );
    assert_eq!(
        r.form_value("RoleSessionName").as_deref(),
        Some("my session")
    );
    assert_eq!(r.form_value("ExternalId").as_deref(), Some("ext-1"));
    assert_eq!(r.form_value("DurationSeconds").as_deref(), Some("900"));
    assert!(r
        .body
        .contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeploy"));
    assert_eq!(r.header("x-amz-security-token"), Some("source-token"));

    let authorization = r.header("authorization").unwrap();
    assert!(
        authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDSOURCE/"),
        "{authorization}"
    );
    assert!(
        authorization.contains("/eu-west-1/sts/aws4_request"),
        "{authorization}"
    );
    // The server side of SigV4 accepts the request as received.
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let parsed = verify(
        &r.method,
        &r.path,
        &[],
        &r.headers,
        &sha256_hex(r.body.as_bytes()),
        &|id| (id == "AKIDSOURCE").then(|| "source-secret".to_owned()),
        now,
        300,
    )
    .unwrap();
    assert_eq!(
        parsed.signed_headers,
        ["content-type", "host", "x-amz-date", "x-amz-security-token"]
    );
}

#[tokio::test]
async fn assume_role_without_region_signs_for_us_east_1() {
    let sts = FakeServer::start(|_| reply(200, sts_success("AssumeRole"))).await;
    let env = env(&[("AWS_ENDPOINT_URL", &sts.url())]);
    let source = Credentials::new("AKIDSOURCE", "source-secret", None);
    let params = AssumeRoleParams {
        role_arn: "arn:aws:iam::123456789012:role/deploy",
        session_name: "s",
        external_id: None,
        duration_seconds: None,
    };
    assume_role(&env, None, &source, &params).await.unwrap();
    let r = &sts.requests()[0];
    assert!(r
        .header("authorization")
        .unwrap()
        .contains("/us-east-1/sts/aws4_request"));
    assert_eq!(r.header("x-amz-security-token"), None);
    assert_eq!(r.form_value("ExternalId"), None);
    assert_eq!(r.form_value("DurationSeconds"), None);
}

#[tokio::test]
async fn sts_error_response_fails_with_code_and_message() {
    let sts = FakeServer::start(|_| {
        reply(
            403,
            r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>AccessDenied</Code>
    <Message>User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole &amp; more</Message>
  </Error>
  <RequestId>4bd9f7e1-0000-0000-0000-000000000000</RequestId>
</ErrorResponse>"#,
        )
    })
    .await;
    let env = env(&[("AWS_ENDPOINT_URL_STS", &sts.url())]);
    let source = Credentials::new("AKIDSOURCE", "source-secret", None);
    let params = AssumeRoleParams {
        role_arn: "arn:aws:iam::123456789012:role/deploy",
        session_name: "s",
        external_id: None,
        duration_seconds: None,
    };
    let e = assume_role(&env, Some("us-west-2"), &source, &params)
        .await
        .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.message.contains("AccessDenied"), "{e}");
    assert!(
        e.message
            .contains("is not authorized to perform: sts:AssumeRole & more"),
        "{e}"
    );
    assert!(e.source.contains(&sts.url()), "{e}");
}

#[tokio::test]
async fn sts_unreachable_fails_naming_the_endpoint() {
    let url = format!("http://127.0.0.1:{}", closed_port().await);
    let env = env(&[("AWS_ENDPOINT_URL_STS", &url)]);
    let source = Credentials::new("AKIDSOURCE", "source-secret", None);
    let params = AssumeRoleParams {
        role_arn: "arn:aws:iam::123456789012:role/deploy",
        session_name: "s",
        external_id: None,
        duration_seconds: None,
    };
    let e = assume_role(&env, None, &source, &params).await.unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.source.contains(&url), "{e}");
}

#[tokio::test]
async fn web_identity_provider_assumes_the_role_unsigned() {
    let sts = FakeServer::start(|_| reply(200, sts_success("AssumeRoleWithWebIdentity"))).await;
    let token = TempFile::new("eyJhbGciOiJSUzI1NiJ9.payload.sig\n");
    let provider = WebIdentityProvider::new(env(&[
        ("AWS_ENDPOINT_URL_STS", &sts.url()),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", &token.path()),
        ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web"),
        ("AWS_ROLE_SESSION_NAME", "pod-session"),
    ]));
    let creds = provider.provide().await.unwrap();
    assert_eq!(creds.access_key_id(), "ASIAASSUMED");
    assert_eq!(creds.expires_at(), Some(expiry()));

    // The token file is read again on every call.
    std::fs::write(&token.0, "rotated-token").unwrap();
    provider.provide().await.unwrap();

    let requests = sts.requests();
    assert_eq!(requests.len(), 2);
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.header("authorization"), None);
    assert_eq!(
        r.form_value("Action").as_deref(),
        Some("AssumeRoleWithWebIdentity")
    );
    assert_eq!(r.form_value("Version").as_deref(), Some("2011-06-15"));
    assert_eq!(
        r.form_value("RoleArn").as_deref(),
        Some("arn:aws:iam::123456789012:role/web")
    );
    assert_eq!(
        r.form_value("RoleSessionName").as_deref(),
        Some("pod-session")
    );
    assert_eq!(
        r.form_value("WebIdentityToken").as_deref(),
        Some("eyJhbGciOiJSUzI1NiJ9.payload.sig")
    );
    assert_eq!(
        requests[1].form_value("WebIdentityToken").as_deref(),
        Some("rotated-token")
    );
}

#[tokio::test]
async fn web_identity_default_session_name_and_configuration_errors() {
    let sts = FakeServer::start(|_| reply(200, sts_success("AssumeRoleWithWebIdentity"))).await;
    let token = TempFile::new("tok");
    let provider = WebIdentityProvider::new(env(&[
        ("AWS_ENDPOINT_URL_STS", &sts.url()),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", &token.path()),
        ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web"),
    ]));
    provider.provide().await.unwrap();
    let name = sts.requests()[0].form_value("RoleSessionName").unwrap();
    let millis = name.strip_prefix("aws-op-").unwrap();
    assert!(millis.parse::<u128>().is_ok(), "{name}");

    let e = WebIdentityProvider::new(env(&[]))
        .provide()
        .await
        .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::NotConfigured);
    let e = WebIdentityProvider::new(env(&[("AWS_WEB_IDENTITY_TOKEN_FILE", &token.path())]))
        .provide()
        .await
        .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.message.contains("AWS_ROLE_ARN"), "{e}");
    let missing = format!("{}-missing", token.path());
    let e = WebIdentityProvider::new(env(&[
        ("AWS_WEB_IDENTITY_TOKEN_FILE", &missing),
        ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web"),
    ]))
    .provide()
    .await
    .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.source.contains(&missing), "{e}");
}

// ---------------------------------------------------------------------------------------
// Container credentials
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn ecs_full_uri_with_token_file() {
    let server = FakeServer::start(|_| {
        reply(
            200,
            format!(
                r#"{{"AccessKeyId":"ASIAECS","SecretAccessKey":"ecs-secret","Token":"ecs-token","Expiration":"{EXPIRATION}","RoleArn":"arn:aws:iam::1:role/task"}}"#
            ),
        )
    })
    .await;
    let token = TempFile::new("pod-identity-token\n");
    let full_uri = format!("{}/v1/credentials?x=1", server.url());
    let provider = EcsProvider::new(env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &token.path()),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "loses-to-the-file"),
    ]));
    let creds = provider.provide().await.unwrap();
    assert_eq!(creds.access_key_id(), "ASIAECS");
    assert_eq!(creds.secret_access_key(), "ecs-secret");
    assert_eq!(creds.session_token(), Some("ecs-token"));
    assert_eq!(creds.expires_at(), Some(expiry()));

    // The token file is read on every call.
    std::fs::write(&token.0, "rotated").unwrap();
    provider.provide().await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/v1/credentials?x=1");
    assert_eq!(
        requests[0].header("authorization"),
        Some("pod-identity-token")
    );
    assert_eq!(requests[1].header("authorization"), Some("rotated"));
}

#[tokio::test]
async fn ecs_token_variable_error_answer_and_line_breaks() {
    let server = FakeServer::start(|_| {
        reply(
            400,
            r#"{"code":"InvalidToken","message":"the token is not valid"}"#,
        )
    })
    .await;
    let full_uri = format!("http://localhost:{}/creds", server.addr.port());
    let e = EcsProvider::new(env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic abc"),
    ]))
    .provide()
    .await
    .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(
        e.message.contains("InvalidToken") && e.message.contains("the token is not valid"),
        "{e}"
    );
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Basic abc")
    );

    let token = TempFile::new("abc\r\nx-injected: 1");
    let e = EcsProvider::new(env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &token.path()),
    ]))
    .provide()
    .await
    .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.message.contains("line break"), "{e}");
    assert_eq!(server.requests().len(), 1, "nothing sent with a bad token");
}

#[tokio::test]
async fn ecs_refuses_plain_http_to_other_hosts() {
    for uri in [
        "http://169.254.169.254/latest/meta-data/",
        "http://example.com/credentials",
        "http://192.168.1.10:8080/credentials",
    ] {
        let e = EcsProvider::new(env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri)]))
            .provide()
            .await
            .unwrap_err();
        assert_eq!(e.kind, CredentialsErrorKind::Failed, "{uri}");
        assert!(e.message.contains("https"), "{e}");
    }
    let e = EcsProvider::new(env(&[])).provide().await.unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::NotConfigured);
}

#[tokio::test]
async fn ecs_unreachable_is_retried_once_then_fails() {
    let uri = format!("http://127.0.0.1:{}/creds", closed_port().await);
    let e = EcsProvider::new(env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri)]))
        .provide()
        .await
        .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.message.contains("2 attempts"), "{e}");
    assert!(e.source.contains(&uri), "{e}");
}

// ---------------------------------------------------------------------------------------
// IMDS
// ---------------------------------------------------------------------------------------

const IMDS_TOKEN: &str = "AQAEAImdsSessionToken==";

/// A fake IMDS: a token on PUT, a role listing, the role's credentials and the region; GETs
/// without the right token are answered 401.
async fn fake_imds(credentials_document: String) -> FakeServer {
    FakeServer::start(move |r| {
        if r.method == "PUT" && r.path == "/latest/api/token" {
            let mut answer = reply(200, IMDS_TOKEN);
            answer
                .headers
                .push(("x-aws-ec2-metadata-token-ttl-seconds", "21600".into()));
            return answer;
        }
        if r.method != "GET" {
            return reply(405, "");
        }
        if r.header("x-aws-ec2-metadata-token") != Some(IMDS_TOKEN) {
            return reply(401, "");
        }
        match r.path.as_str() {
            "/latest/meta-data/iam/security-credentials/" => reply(200, "ec2-role\n"),
            "/latest/meta-data/iam/security-credentials/ec2-role" => {
                reply(200, credentials_document.clone())
            }
            "/latest/meta-data/placement/region" => reply(200, "eu-central-1"),
            _ => reply(404, ""),
        }
    })
    .await
}

fn imds_document(code: &str) -> String {
    format!(
        r#"{{
  "Code" : "{code}",
  "LastUpdated" : "2024-01-01T00:00:00Z",
  "Type" : "AWS-HMAC",
  "AccessKeyId" : "ASIAIMDS",
  "SecretAccessKey" : "imds-secret",
  "Token" : "imds-token",
  "Expiration" : "{EXPIRATION}"
}}"#
    )
}

#[tokio::test]
async fn imds_token_then_role_discovery_then_credentials() {
    let imds = fake_imds(imds_document("Success")).await;
    let provider = ImdsProvider::new(env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url())]));
    let creds = provider.provide().await.unwrap();
    assert_eq!(creds.access_key_id(), "ASIAIMDS");
    assert_eq!(creds.secret_access_key(), "imds-secret");
    assert_eq!(creds.session_token(), Some("imds-token"));
    assert_eq!(creds.expires_at(), Some(expiry()));

    let requests = imds.requests();
    let seen: Vec<(&str, &str)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("PUT", "/latest/api/token"),
            ("GET", "/latest/meta-data/iam/security-credentials/"),
            ("GET", "/latest/meta-data/iam/security-credentials/ec2-role"),
        ]
    );
    assert_eq!(
        requests[0].header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );
    for get in &requests[1..] {
        assert_eq!(get.header("x-aws-ec2-metadata-token"), Some(IMDS_TOKEN));
    }

    // Second call: the token and the role name are remembered.
    provider.provide().await.unwrap();
    let requests = imds.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(
        requests[3].path,
        "/latest/meta-data/iam/security-credentials/ec2-role"
    );
}

#[tokio::test]
async fn imds_region_and_get() {
    let imds = fake_imds(imds_document("Success")).await;
    let client = ImdsClient::new(&env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url())]));
    assert_eq!(client.region().await.unwrap(), "eu-central-1");
    let e = client
        .get("/latest/meta-data/no-such-thing")
        .await
        .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::NotConfigured);
    let requests = imds.requests();
    assert_eq!(
        requests.iter().filter(|r| r.method == "PUT").count(),
        1,
        "one token for both requests"
    );
    assert_eq!(requests[1].path, "/latest/meta-data/placement/region");
}

#[tokio::test]
async fn imds_refreshes_the_token_once_on_401() {
    let tokens_handed_out = Arc::new(Mutex::new(0u32));
    let counter = tokens_handed_out.clone();
    let imds = FakeServer::start(move |r| {
        if r.method == "PUT" {
            let mut n = counter.lock().unwrap();
            *n += 1;
            return reply(200, format!("token-{n}"));
        }
        // Only the second token is accepted, as if the first had been revoked.
        if r.header("x-aws-ec2-metadata-token") == Some("token-2") {
            reply(200, "us-west-2")
        } else {
            reply(401, "")
        }
    })
    .await;
    let client = ImdsClient::new(&env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url())]));
    assert_eq!(client.region().await.unwrap(), "us-west-2");
    assert_eq!(*tokens_handed_out.lock().unwrap(), 2);
}

#[tokio::test]
async fn imds_error_code_and_malformed_documents_fail() {
    let imds = fake_imds(imds_document("AssumeRoleUnauthorizedAccess")).await;
    let e = ImdsProvider::new(env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url())]))
        .provide()
        .await
        .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.message.contains("AssumeRoleUnauthorizedAccess"), "{e}");

    let imds = fake_imds("{\"Code\": \"Success\", \"AccessKeyId\": ".to_owned()).await;
    let e = ImdsProvider::new(env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url())]))
        .provide()
        .await
        .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
}

#[tokio::test]
async fn imds_without_a_role_is_not_configured() {
    let imds = FakeServer::start(|r| {
        if r.method == "PUT" {
            reply(200, IMDS_TOKEN)
        } else {
            reply(404, "")
        }
    })
    .await;
    let e = ImdsProvider::new(env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url())]))
        .provide()
        .await
        .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::NotConfigured);
    assert!(e.message.contains("IAM role"), "{e}");
}

#[tokio::test]
async fn imds_unreachable_is_not_configured_quickly() {
    let url = format!("http://127.0.0.1:{}", closed_port().await);
    let started = Instant::now();
    let e = ImdsProvider::new(env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &url)]))
        .provide()
        .await
        .unwrap_err();
    eprintln!("unreachable IMDS reported after {:?}", started.elapsed());
    assert_eq!(e.kind, CredentialsErrorKind::NotConfigured);
    assert!(e.source.contains(&url), "{e}");
    assert!(e.message.contains("AWS_EC2_METADATA_DISABLED"), "{e}");
}

#[tokio::test]
async fn imds_that_never_answers_is_not_configured_after_the_read_timeout() {
    // Accepts connections and reads requests, but never answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let started = Instant::now();
    let e = ImdsClient::new(&env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &url)]))
        .region()
        .await
        .unwrap_err();
    eprintln!("silent IMDS reported after {:?}", started.elapsed());
    assert_eq!(e.kind, CredentialsErrorKind::NotConfigured, "{e}");
    assert!(e.source.contains(&url), "{e}");
}

#[tokio::test]
async fn imds_disabled_is_not_configured_and_sends_nothing() {
    let imds = fake_imds(imds_document("Success")).await;
    let disabled = env(&[
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url()),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]);
    let e = ImdsProvider::new(disabled.clone())
        .provide()
        .await
        .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::NotConfigured);
    assert!(e.message.contains("AWS_EC2_METADATA_DISABLED"), "{e}");
    let e = ImdsClient::new(&disabled).region().await.unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::NotConfigured);
    assert!(imds.requests().is_empty());
}
