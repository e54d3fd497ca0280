//! HTTP plumbing: the listener, one task per connection (HTTP/1.1 with keep-alive, or HTTP/2
//! with prior knowledge, as the client's first bytes say), body limits, the faults that act
//! on the connection or the response, and turning a [`Reply`] into a response with its
//! request id.
//!
//! A connection is closed on purpose (for [`Fault::DropBeforeCommit`],
//! [`Fault::DropAfterCommit`] and [`Fault::TruncatedBody`]) by signalling its task, which then
//! drops hyper's connection future and with it the socket: whatever hyper had not written yet is
//! never sent.

use crate::auth::RawRequest;
use crate::config::EmulatorConfig;
use crate::dispatch::{admit, Shared};
use crate::faults::{Fault, FaultScope};
use crate::reply::{ApiError, Reply};
use crate::streams::{Opened, Outgoing, StreamFault, StreamStats};
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::header::{HeaderName, HeaderValue, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode, Version};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Notify};
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
    /// `CreateAccountAssociation`): the same as [`Emulator::script_faults`] with
    /// [`FaultScope::Operation`] and one [`Fault::Error`]. It is answered after the signature
    /// check and before parsing, with `status`, `x-amzn-ErrorType: code` and
    /// `{"Message": message}`. Scripted faults are served first in, first out, once each. A
    /// `status` outside `100..=999` is answered as `500`.
    pub fn fail_next(&self, operation: &str, status: u16, code: &str, message: &str) {
        self.script_faults(
            FaultScope::Operation(operation.to_owned()),
            [Fault::error(status, code, message)],
        );
    }

    /// Scripted: the next requests in scope get these faults, in order, once each.
    ///
    /// Scripted faults queued by several calls are served in the order they were queued, each
    /// to the first request in its scope, and take precedence over the rates of
    /// [`Emulator::fault_rate`] (a request that gets a scripted fault draws nothing from them).
    /// A request consumes a fault only once its signature is verified and it is routed to an
    /// operation.
    pub fn script_faults(&self, scope: FaultScope, faults: impl IntoIterator<Item = Fault>) {
        self.shared.faults.script(scope, faults);
    }

    /// By rate: each request in scope gets a fault with probability `rate` (`0.0..=1.0`; a value
    /// outside is clamped to it, NaN counts as `0.0`), the fault drawn uniformly from `faults`
    /// (an empty list injects nothing).
    ///
    /// The draws come from a generator seeded with `seed` and advanced by each request in scope
    /// only, so the same seed and the same sequence of requests give the same faults. Setting a
    /// rate for a scope that already has one replaces that rule (and restarts its generator);
    /// rules of different scopes are consulted in the order they were set, the first that hits
    /// injecting its fault.
    pub fn fault_rate(&self, scope: FaultScope, rate: f64, faults: Vec<Fault>, seed: u64) {
        self.shared.faults.set_rate(scope, rate, faults, seed);
    }

    /// Removes all rules: scripted faults not yet served (those of [`Emulator::fail_next`]
    /// included) and rates. The counters of [`Emulator::faults_injected`] are kept.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// Counters for tests: faults injected so far, by kind name (`"error"`, `"delay"`,
    /// `"drop-before"`, `"drop-after"`, `"truncate"`, `"malformed"`; see [`Fault::kind`]).
    /// Every kind is present, with `0` when none was injected.
    pub fn faults_injected(&self) -> BTreeMap<&'static str, usize> {
        self.shared.faults.injected()
    }

    /// How many requests reached `operation` (after authentication and routing, requests that
    /// got a fault included).
    pub fn request_count(&self, operation: &str) -> usize {
        self.shared.request_count(operation)
    }

    /// Scripted faults of event streams: the next streams get these, in order, one each.
    pub fn script_stream_faults(&self, faults: impl IntoIterator<Item = StreamFault>) {
        self.shared.streams.script(faults);
    }

    /// Sets the pause before each event of a stream (default none): a slow model.
    pub fn set_event_interval(&self, interval: Duration) {
        self.shared.streams.set_interval(interval);
    }

    /// What the event streams did so far: started, sent to their end, abandoned by the
    /// client.
    pub fn stream_stats(&self) -> StreamStats {
        self.shared.streams.stats()
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

/// What answers the requests of a server: the emulated service, or a mock server's answers.
pub(crate) trait Handler: Send + Sync + 'static {
    /// Answers one request. `drop_signal` drops the connection when notified (see
    /// [`drop_connection`]).
    fn handle(
        self: Arc<Self>,
        request: Request<Incoming>,
        drop_signal: Arc<Notify>,
    ) -> impl std::future::Future<Output = Response<ReplyBody>> + Send;
}

impl Handler for Shared {
    async fn handle(
        self: Arc<Self>,
        request: Request<Incoming>,
        drop_signal: Arc<Notify>,
    ) -> Response<ReplyBody> {
        serve(&self, request, &drop_signal).await
    }
}

/// Accepts connections until aborted; the connection tasks live in a [`JoinSet`], so aborting
/// this task aborts them too.
pub(crate) async fn accept_loop<H: Handler>(listener: TcpListener, handler: Arc<H>) {
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        match listener.accept().await {
            Ok((stream, _)) => {
                connections.spawn(serve_connection(stream, Arc::clone(&handler)));
            }
            // Out of file descriptors and the like: back off instead of spinning.
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
}

/// Serves one connection (HTTP/1.1 with keep-alive, or HTTP/2) until the peer closes it, or
/// until a fault asks for it to be dropped.
async fn serve_connection<H: Handler>(stream: TcpStream, handler: Arc<H>) {
    let _ = stream.set_nodelay(true);
    let drop_signal = Arc::new(Notify::new());
    let service = {
        let drop_signal = Arc::clone(&drop_signal);
        service_fn(move |request| {
            let answer = Arc::clone(&handler).handle(request, Arc::clone(&drop_signal));
            async move { Ok::<_, Infallible>(answer.await) }
        })
    };
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().keep_alive(true);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    // A connection error (peer reset, malformed HTTP) only ends this connection. On the drop
    // signal the connection future is dropped unfinished, closing the socket.
    tokio::select! {
        _ = connection => {}
        () = drop_signal.notified() => {}
    }
}

/// Answers one HTTP request, acting on its fault.
async fn serve(
    shared: &Arc<Shared>,
    request: Request<Incoming>,
    drop_signal: &Arc<Notify>,
) -> Response<ReplyBody> {
    let raw = match read_request(request, shared.config.max_body_bytes).await {
        Ok(raw) => raw,
        Err(error) => {
            // The body may not have been read: the connection cannot carry another request.
            let mut reply = error.into_reply();
            reply.close = true;
            return into_response(reply);
        }
    };
    if crate::streams::is_stream_request(&raw) {
        return match crate::streams::open(shared, raw) {
            Opened::Stream(frames) => event_stream_response(frames, drop_signal),
            Opened::Refused(error) => into_response(error.into_reply()),
        };
    }
    let mut admitted = match admit(shared, raw) {
        Ok(admitted) => admitted,
        Err(reply) => return into_response(reply),
    };
    match admitted.fault.take() {
        None => into_response(admitted.run(shared)),
        Some(Fault::Error {
            status,
            code,
            message,
        }) => into_response(ApiError::new(status, code, message).into_reply()),
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            into_response(admitted.run(shared))
        }
        Some(Fault::DropBeforeCommit) => drop_connection(drop_signal).await,
        Some(Fault::DropAfterCommit) => {
            let _committed = admitted.run(shared);
            drop_connection(drop_signal).await
        }
        Some(Fault::TruncatedBody) => truncated_response(admitted.run(shared), drop_signal),
        Some(Fault::MalformedJson) => {
            let _committed = admitted.run(shared);
            let status = match admitted.success_status() {
                204 => 200,
                status => status,
            };
            into_response(Reply::raw_json(status, MALFORMED_BODY.to_vec()))
        }
    }
}

/// The body of a [`Fault::MalformedJson`] response: an object that never ends.
const MALFORMED_BODY: &[u8] = b"{\"Message\": \"injected malformed JSON\", \"Items\": [{\"";

/// Asks the connection task to drop the connection, and never answers.
pub(crate) async fn drop_connection(drop_signal: &Notify) -> Response<ReplyBody> {
    drop_signal.notify_one();
    std::future::pending().await
}

/// The status and body of an answer to be cut off mid-body: a body of at least two bytes (`{}`
/// for one with less), so that half of it is short, and a status that may carry it (`204`
/// becomes `200`). The emulator's and the mock server's truncations both use it.
pub(crate) fn cuttable(status: u16, body: Vec<u8>) -> (u16, Vec<u8>) {
    let body = if body.len() >= 2 {
        body
    } else {
        b"{}".to_vec()
    };
    (if status == 204 { 200 } else { status }, body)
}

/// The response of `reply` with its body cut short ([`cuttable`]): `Content-Length` announces
/// the whole body, the first half is sent, then the connection is dropped.
fn truncated_response(mut reply: Reply, drop_signal: &Arc<Notify>) -> Response<ReplyBody> {
    let (status, body) = cuttable(reply.status, reply.body.take().unwrap_or_default());
    reply.status = status;
    reply.body = Some(Vec::new());
    let mut response = into_response(reply);
    *response.body_mut() = ReplyBody::cut_off(body, drop_signal);
    response
}

/// A `200` whose body is the event stream's frames as they are produced.
fn event_stream_response(
    frames: mpsc::Receiver<Outgoing>,
    drop_signal: &Arc<Notify>,
) -> Response<ReplyBody> {
    let mut response = into_response(Reply::empty(200));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.amazon.eventstream"),
    );
    *response.body_mut() = ReplyBody(BodyState::Events {
        frames: Some(frames),
        drop_signal: Arc::clone(drop_signal),
    });
    response
}

/// The body of every response: all at once, cut short by [`Fault::TruncatedBody`], or an event
/// stream.
#[derive(Debug)]
pub(crate) struct ReplyBody(BodyState);

#[derive(Debug)]
enum BodyState {
    /// The whole body, until it is sent; `None` for an empty body.
    Full(Option<Bytes>),
    /// A part of a body of `declared` bytes. Once the part is sent, the body signals the
    /// connection to be dropped and never ends.
    Truncated {
        part: Option<Bytes>,
        declared: u64,
        drop_signal: Option<Arc<Notify>>,
    },
    /// An event stream's frames, until the producer ends it (or asks for the connection to be
    /// dropped).
    Events {
        frames: Option<mpsc::Receiver<Outgoing>>,
        drop_signal: Arc<Notify>,
    },
}

impl ReplyBody {
    pub(crate) fn full(bytes: Vec<u8>) -> Self {
        ReplyBody(BodyState::Full(
            (!bytes.is_empty()).then(|| Bytes::from(bytes)),
        ))
    }

    /// `body` announced whole (its length is the `Content-Length`), of which the first half is
    /// sent before the connection is dropped: a connection lost mid-body.
    pub(crate) fn cut_off(body: Vec<u8>, drop_signal: &Arc<Notify>) -> Self {
        let declared = body.len() as u64;
        let mut part = Bytes::from(body);
        part.truncate(part.len() / 2);
        ReplyBody(BodyState::Truncated {
            part: Some(part),
            declared,
            drop_signal: Some(Arc::clone(drop_signal)),
        })
    }
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match &mut self.get_mut().0 {
            BodyState::Full(data) => Poll::Ready(data.take().map(|d| Ok(Frame::data(d)))),
            BodyState::Truncated {
                part, drop_signal, ..
            } => {
                if let Some(part) = part.take().filter(|p| !p.is_empty()) {
                    return Poll::Ready(Some(Ok(Frame::data(part))));
                }
                // Pending lets hyper flush the part; the signal then ends the connection (its
                // task is woken by the notification, not by this body).
                if let Some(signal) = drop_signal.take() {
                    signal.notify_one();
                }
                Poll::Pending
            }
            BodyState::Events {
                frames,
                drop_signal,
            } => {
                // Once the connection is to be dropped, the body never ends: hyper must not
                // finish the chunked encoding before the connection task drops the socket.
                let Some(receiver) = frames else {
                    return Poll::Pending;
                };
                match receiver.poll_recv(cx) {
                    Poll::Ready(Some(Outgoing::Frame(frame))) => {
                        Poll::Ready(Some(Ok(Frame::data(frame))))
                    }
                    Poll::Ready(Some(Outgoing::Drop)) => {
                        *frames = None;
                        drop_signal.notify_one();
                        Poll::Pending
                    }
                    Poll::Ready(None) => Poll::Ready(None),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self.0, BodyState::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match &self.0 {
            BodyState::Full(data) => {
                SizeHint::with_exact(data.as_ref().map_or(0, |d| d.len() as u64))
            }
            BodyState::Truncated { declared, .. } => SizeHint::with_exact(*declared),
            BodyState::Events { .. } => SizeHint::default(),
        }
    }
}

/// Reads the request and its body (at most `max_body_bytes`, see
/// [`EmulatorConfig::max_body_bytes`]) into one buffer sized by its `Content-Length`.
///
/// # Errors
///
/// `413 RequestEntityTooLargeException` for a larger body, `400 ValidationException` for one
/// that could not be read; either way the connection should close.
pub(crate) async fn read_request(
    request: Request<Incoming>,
    max_body_bytes: u64,
) -> Result<RawRequest, ApiError> {
    let (parts, mut incoming) = request.into_parts();
    let too_large = || {
        ApiError::new(
            413,
            "RequestEntityTooLargeException",
            format!("The request body is larger than {max_body_bytes} bytes."),
        )
    };
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max_body_bytes) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(declared.and_then(|n| usize::try_from(n).ok()).unwrap_or(0));
    while let Some(frame) = incoming.frame().await {
        let Ok(frame) = frame else {
            return Err(ApiError::validation("The request body could not be read."));
        };
        if let Some(data) = frame.data_ref() {
            if (body.len() + data.len()) as u64 > max_body_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(data);
        }
    }
    let mut headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    // HTTP/2 carries the host as the `:authority` pseudo-header, which SigV4 signs as `host`.
    if let Some(authority) = parts.uri.authority() {
        if !headers.iter().any(|(name, _)| name == "host") {
            headers.push(("host".into(), authority.as_str().to_owned()));
        }
    }
    Ok(RawRequest {
        http2: parts.version == Version::HTTP_2,
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or_default().to_owned(),
        headers,
        body,
    })
}

/// The HTTP response of a reply, with a fresh `x-amzn-RequestId`.
pub(crate) fn into_response(reply: Reply) -> Response<ReplyBody> {
    let has_body = reply.body.is_some();
    let mut response = Response::new(ReplyBody::full(reply.body.unwrap_or_default()));
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
