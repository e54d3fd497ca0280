//! Helpers shared by the raw-HTTP tests: hand-written HTTP/1.1 over loopback sockets, requests
//! signed here with `aws_op::runtime::sigv4` (not with the aws-op client).

// Each test crate uses only some of the helpers.
#![allow(dead_code)]

use aws_op::runtime::sigv4;
use aws_op::serde_json::{self, Value};
use aws_op_emulator::{Emulator, EmulatorConfig, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A response as read off the socket.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The value of header `name`, if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The `x-amzn-ErrorType` header.
    pub fn error_type(&self) -> Option<&str> {
        self.header("x-amzn-errortype")
    }

    /// The body as JSON (panics otherwise).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the body is JSON")
    }

    /// The `Message` member of an error body.
    pub fn message(&self) -> String {
        self.json()["Message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// How to sign a request.
#[derive(Clone, Copy)]
pub struct Signer<'a> {
    pub access_key_id: &'a str,
    pub secret: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub skew_secs: i64,
}

/// The default key pair, service and region.
pub const DEFAULT_SIGNER: Signer<'static> = Signer {
    access_key_id: DEFAULT_ACCESS_KEY_ID,
    secret: DEFAULT_SECRET_ACCESS_KEY,
    service: "iotmanagedintegrations",
    region: "eu-west-1",
    skew_secs: 0,
};

/// The current time in seconds since the epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// The headers of a request to `addr`, signed with `signer` when given.
pub fn headers(
    addr: SocketAddr,
    method: &str,
    path_and_query: &str,
    body: &[u8],
    signer: Option<Signer<'_>>,
) -> Vec<(String, String)> {
    let time = now() + signer.map_or(0, |s| s.skew_secs);
    let mut headers = vec![
        ("host".to_owned(), addr.to_string()),
        ("x-amz-date".to_owned(), sigv4::amz_date(time)),
    ];
    if !body.is_empty() {
        headers.push(("content-type".to_owned(), "application/json".to_owned()));
    }
    if let Some(signer) = signer {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let query = sigv4::parse_query(query);
        let signature = sigv4::sign(
            &sigv4::SignableRequest {
                uri_encoding: aws_op::runtime::sigv4::UriEncoding::Double,
                method,
                path,
                query: &query,
                headers: &headers,
                payload_sha256_hex: &sigv4::sha256_hex(body),
            },
            &sigv4::SigningKeys {
                access_key_id: signer.access_key_id,
                secret_access_key: signer.secret,
                session_token: None,
            },
            &sigv4::SigningScope {
                region: signer.region,
                service: signer.service,
                time_epoch_secs: time,
            },
        );
        headers.push(("authorization".to_owned(), signature.authorization));
    }
    headers
}

/// Writes one HTTP/1.1 request on `stream` and reads its response (by `Content-Length`).
pub async fn exchange(
    stream: &mut TcpStream,
    method: &str,
    path_and_query: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> RawResponse {
    write_request(stream, method, path_and_query, headers, body).await;
    read_response(stream).await
}

/// Writes one HTTP/1.1 request on `stream`.
pub async fn write_request(
    stream: &mut TcpStream,
    method: &str,
    path_and_query: &str,
    headers: &[(String, String)],
    body: &[u8],
) {
    let mut head = format!("{method} {path_and_query} HTTP/1.1\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    // One write: a head and a body in two segments would meet Nagle and delayed ACKs.
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    stream.write_all(&bytes).await.expect("write");
}

/// Reads one response (by `Content-Length`); panics if the connection closes first.
pub async fn read_response(stream: &mut TcpStream) -> RawResponse {
    match try_read_response(stream).await {
        Ok(response) => response,
        Err(received) => panic!(
            "connection closed before the response ended, after {} bytes",
            received.len()
        ),
    }
}

/// A client on one keep-alive connection.
pub struct Conn {
    pub addr: SocketAddr,
    pub stream: TcpStream,
}

impl Conn {
    /// Connects to `emulator`.
    pub async fn open(emulator: &Emulator) -> Conn {
        let addr = emulator.local_addr();
        Conn {
            addr,
            stream: TcpStream::connect(addr).await.expect("connect"),
        }
    }

    /// Sends a request signed with `signer` (unsigned with `None`) and reads its response.
    pub async fn send_as(
        &mut self,
        signer: Option<Signer<'_>>,
        method: &str,
        path_and_query: &str,
        body: &str,
    ) -> RawResponse {
        let headers = headers(self.addr, method, path_and_query, body.as_bytes(), signer);
        exchange(
            &mut self.stream,
            method,
            path_and_query,
            &headers,
            body.as_bytes(),
        )
        .await
    }

    /// Sends a request signed with [`DEFAULT_SIGNER`] and reads its response.
    pub async fn send(&mut self, method: &str, path_and_query: &str, body: &str) -> RawResponse {
        self.send_as(Some(DEFAULT_SIGNER), method, path_and_query, body)
            .await
    }

    /// Sends a signed request and reads its response, or `Err` with the bytes received if the
    /// server closes the connection first (see [`try_read_response`]).
    pub async fn try_send(
        &mut self,
        method: &str,
        path_and_query: &str,
        body: &str,
    ) -> Result<RawResponse, Vec<u8>> {
        self.write_signed(method, path_and_query, body).await;
        try_read_response(&mut self.stream).await
    }

    /// Writes a request signed with [`DEFAULT_SIGNER`].
    async fn write_signed(&mut self, method: &str, path_and_query: &str, body: &str) {
        let headers = headers(
            self.addr,
            method,
            path_and_query,
            body.as_bytes(),
            Some(DEFAULT_SIGNER),
        );
        write_request(
            &mut self.stream,
            method,
            path_and_query,
            &headers,
            body.as_bytes(),
        )
        .await;
    }

    /// Sends a signed request and reads everything the server sends until it closes the
    /// connection (see [`read_until_closed`]).
    pub async fn send_until_closed(
        &mut self,
        method: &str,
        path_and_query: &str,
        body: &str,
    ) -> Vec<u8> {
        self.write_signed(method, path_and_query, body).await;
        read_until_closed(&mut self.stream).await
    }
}

/// An emulator with the default configuration.
pub async fn start() -> Emulator {
    Emulator::start(EmulatorConfig::new())
        .await
        .expect("emulator starts")
}

/// A valid `CreateAccountAssociation` body.
pub const CREATE: &str = r#"{"ConnectorDestinationId":"cd-1","Name":"living room"}"#;

/// How long a test waits for the server before giving up.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads until the server closes the connection (end of file, or a reset); returns the bytes
/// received. Panics if the connection is still open after [`IO_TIMEOUT`].
pub async fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut received = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let read = tokio::time::timeout(IO_TIMEOUT, stream.read(&mut chunk))
            .await
            .expect("the server closes the connection");
        match read {
            Ok(0) | Err(_) => return received,
            Ok(n) => received.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The status, headers and body of a response head followed by (possibly partial) body bytes;
/// `None` when no complete head was received.
pub fn split_response(bytes: &[u8]) -> Option<RawResponse> {
    let head_end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8(bytes[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Some(RawResponse {
        status,
        headers,
        body: bytes[head_end + 4..].to_vec(),
    })
}

/// Reads one response; `Err` with the bytes received when the server closes the connection
/// (or resets it) before the response is complete.
pub async fn try_read_response(stream: &mut TcpStream) -> Result<RawResponse, Vec<u8>> {
    let mut received = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(response) = split_response(&received) {
            let length = response
                .header("content-length")
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if response.body.len() >= length {
                return Ok(response);
            }
        }
        let read = tokio::time::timeout(IO_TIMEOUT, stream.read(&mut chunk))
            .await
            .expect("the server answers or closes the connection");
        match read {
            Ok(0) | Err(_) => return Err(received),
            Ok(n) => received.extend_from_slice(&chunk[..n]),
        }
    }
}
