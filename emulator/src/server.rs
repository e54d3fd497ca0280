//! HTTP plumbing: the listener, one task per connection (HTTP/1.1 with keep-alive), body
//! limits, and turning a [`Reply`] into a response with its request id.

use crate::config::EmulatorConfig;
use crate::dispatch::{dispatch, RawRequest, Shared};
use crate::reply::{ApiError, Reply};
use crate::MAX_BODY_BYTES;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// A running emulator. Dropping it (or [`Emulator::shutdown`]) stops accepting connections
/// and aborts the connections in progress.
#[derive(Debug)]
pub struct Emulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Binds the configured address and starts serving on the current tokio runtime. Returns
    /// once the socket is listening.
    ///
    /// # Errors
    ///
    /// The error of binding the address (in use, not local, ...).
    pub async fn start(config: EmulatorConfig) -> std::io::Result<Emulator> {
        let listener = TcpListener::bind(SocketAddr::new(config.host, config.port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(config));
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&shared)));
        Ok(Emulator {
            addr,
            shared,
            task: Some(task),
        })
    }

    /// The address the emulator listens on (with the port actually bound).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL to point a client at, e.g. `http://127.0.0.1:4566`. An unspecified listening
    /// address (`0.0.0.0`, `::`) is given as the loopback address of its family.
    pub fn endpoint_url(&self) -> String {
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}", SocketAddr::new(ip, self.addr.port()))
    }

    /// Queues a scripted error for the next request to `operation` (its name, e.g.
    /// `CreateAccountAssociation`). It is answered after the signature check and before
    /// parsing, with `status`, `x-amzn-ErrorType: code` and `{"Message": message}`. Errors
    /// queued for one operation are served first in, first out, once each. A `status` outside
    /// `100..=999` is answered as `500`.
    pub fn fail_next(&self, operation: &str, status: u16, code: &str, message: &str) {
        self.shared
            .faults
            .push(operation, ApiError::new(status, code, message));
    }

    /// How many requests reached `operation` (after authentication and routing, scripted
    /// errors included).
    pub fn request_count(&self, operation: &str) -> usize {
        self.shared.request_count(operation)
    }

    /// How many account associations exist.
    pub fn association_count(&self) -> usize {
        self.shared.state().association_count()
    }

    /// Stops the emulator and waits until the listening socket is closed.
    pub async fn shutdown(mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            // The task ends cancelled; its listener and connections are dropped with it.
            let _ = task.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Accepts connections until aborted; the connection tasks live in a [`JoinSet`], so aborting
/// this task aborts them too.
async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        match listener.accept().await {
            Ok((stream, _)) => {
                connections.spawn(serve_connection(stream, Arc::clone(&shared)));
            }
            // Out of file descriptors and the like: back off instead of spinning.
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
}

/// Serves one connection (HTTP/1.1, keep-alive) until the peer closes it.
async fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request| {
        let shared = Arc::clone(&shared);
        async move { Ok::<_, Infallible>(serve(&shared, request).await) }
    });
    // A connection error (peer reset, malformed HTTP) only ends this connection.
    let _ = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// Answers one HTTP request.
async fn serve(shared: &Shared, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let reply = match read_request(request).await {
        Ok(raw) => dispatch(shared, raw),
        Err(reply) => reply,
    };
    into_response(reply)
}

/// Reads the request and its body (at most [`MAX_BODY_BYTES`]).
async fn read_request(request: Request<Incoming>) -> Result<RawRequest, Reply> {
    let (parts, body) = request.into_parts();
    let too_large = || {
        let mut reply = ApiError::new(
            413,
            "RequestEntityTooLargeException",
            format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
        )
        .into_reply();
        reply.close = true;
        reply
    };
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => return Err(too_large()),
        Err(_) => {
            let mut reply =
                ApiError::validation("The request body could not be read.").into_reply();
            reply.close = true;
            return Err(reply);
        }
    };
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    Ok(RawRequest {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or_default().to_owned(),
        headers,
        body,
    })
}

/// The HTTP response of a reply, with a fresh `x-amzn-RequestId`.
fn into_response(reply: Reply) -> Response<Full<Bytes>> {
    let has_body = reply.body.is_some();
    let mut response = Response::new(Full::new(Bytes::from(reply.body.unwrap_or_default())));
    *response.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    let request_id = uuid::Uuid::new_v4().hyphenated().to_string();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert(HeaderName::from_static("x-amzn-requestid"), value);
    }
    if has_body {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    if let Some(code) = reply.error_type {
        let visible: String = code.chars().filter(|c| c.is_ascii_graphic()).collect();
        if let Ok(value) = HeaderValue::from_str(&visible) {
            headers.insert(HeaderName::from_static("x-amzn-errortype"), value);
        }
    }
    if reply.close {
        headers.insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}
