//! The mock server's state and request path: verify the signature, find the registered
//! operation the request calls, parse and validate its input, draw a fault, record it,
//! answer.

use super::answers::Answer;
use crate::auth::RawRequest;
use crate::config::EmulatorConfig;
use crate::dispatch::parse_input;
use crate::faults::{Fault, Faults};
use crate::reply::ApiError;
use crate::server::{cuttable, drop_connection, into_response, read_request, Handler, ReplyBody};
use aws_op::runtime::event_stream::Message as EventMessage;
use aws_op::runtime::DecodeError;
use aws_op::Protocol;
use aws_op::{HttpRequest, HttpResponse, Operation, Service};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};
use std::any::{Any, TypeId};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;

/// Writes the mock server's own errors (a refused signature or body, an unknown operation, an
/// injected error) as the service writes errors its model does not describe: `status`, `code`,
/// `message`, and whether the request was a `HEAD` (whose response has no body). Without one,
/// they are JSON (`x-amzn-ErrorType` and `{"Message": ...}`).
pub type ErrorWriter = fn(status: u16, code: &str, message: &str, head: bool) -> HttpResponse;

/// Every operation registered with a mock server, with its answers and what it received.
pub(crate) struct Routes {
    config: EmulatorConfig,
    signing_name: &'static str,
    operations: Mutex<Vec<Registered>>,
    /// The fault rules, as the emulator's.
    pub(crate) faults: Faults,
    error_writer: Mutex<Option<ErrorWriter>>,
}

/// Reads an input event stream's messages (see `Operation::decode_input_events`).
type DecodeEvents = fn(&[EventMessage]) -> Option<Result<Box<dyn Any + Send>, DecodeError>>;

/// One registered operation.
struct Registered {
    operation: TypeId,
    name: &'static str,
    routes_to: fn(&HttpRequest) -> bool,
    parse: fn(&HttpRequest) -> Result<Box<dyn Any + Send>, ApiError>,
    /// The operation's protocol binds members to HTTP (otherwise an input event stream starts
    /// with the `initial-request` event holding them).
    http_bindings: bool,
    /// Why AWS takes the operation over HTTP/2 only, if it does.
    http2_reason: Option<&'static str>,
    /// Reads an input event stream's messages as a `Vec` of its union; `None` for an
    /// operation without one.
    decode_events: DecodeEvents,
    /// Answers still to give; the last one repeats.
    answers: VecDeque<Answer>,
    received: Vec<Box<dyn Any + Send>>,
    /// The region each received request was signed for, oldest first.
    signing_regions: Vec<String>,
    /// The events of each input event stream received, as `Vec`s of its union.
    received_events: Vec<Box<dyn Any + Send>>,
}

/// What a request gets.
enum Outcome {
    Respond(HttpResponse),
    CutOff(HttpResponse),
    Error(ApiError),
    DropConnection,
}

/// A request whose signature verified, routed to a registered operation and parsed: it gets
/// its fault, if one is drawn, then its answer.
struct Admitted {
    operation: TypeId,
    name: &'static str,
    input: Box<dyn Any + Send>,
    fault: Option<Fault>,
}

impl Routes {
    pub(crate) fn new(config: EmulatorConfig, signing_name: &'static str) -> Self {
        Routes {
            config,
            signing_name,
            operations: Mutex::new(Vec::new()),
            faults: Faults::default(),
            error_writer: Mutex::new(None),
        }
    }

    pub(crate) fn write_errors_with(&self, writer: ErrorWriter) {
        *self
            .error_writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(writer);
    }

    /// The response of one of the server's own errors; `close` asks the client to end the
    /// connection (its body may not have been read).
    fn error_response(&self, error: ApiError, head: bool, close: bool) -> Response<ReplyBody> {
        let writer = *self
            .error_writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut response = match writer {
            Some(write) => http_response(write(error.status, &error.code, &error.message, head)),
            None => {
                let mut reply = error.into_reply();
                reply.close = close;
                return into_response(reply);
            }
        };
        if close {
            response
                .headers_mut()
                .insert(hyper::header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }

    fn operations(&self) -> MutexGuard<'_, Vec<Registered>> {
        // A panic while the lock was held leaves plain data behind; keep serving it.
        self.operations
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Registers `O` unless it already is.
    pub(crate) fn register<O: Operation>(&self) {
        let mut operations = self.operations();
        if operations.iter().any(|r| r.operation == TypeId::of::<O>()) {
            return;
        }
        operations.push(Registered {
            operation: TypeId::of::<O>(),
            name: O::NAME,
            routes_to: <<O::Service as Service>::Protocol as Protocol>::routes_to::<O>,
            parse: |request| parse_input::<O>(request).map(|input| Box::new(input) as _),
            http_bindings: <<O::Service as Service>::Protocol as Protocol>::HTTP_BINDINGS,
            http2_reason: aws_op::runtime::event_stream::http2_reason::<O>(),
            decode_events: O::decode_input_events::<
                <<O::Service as Service>::Protocol as Protocol>::Events,
            >,
            answers: VecDeque::new(),
            received: Vec::new(),
            signing_regions: Vec::new(),
            received_events: Vec::new(),
        });
    }

    /// Adds `answer` (repeated `times` times) to `O`'s answers.
    pub(crate) fn push<O: Operation>(&self, answer: Answer, times: usize) {
        self.register::<O>();
        let mut operations = self.operations();
        if let Some(registered) = operations
            .iter_mut()
            .find(|r| r.operation == TypeId::of::<O>())
        {
            registered
                .answers
                .extend(std::iter::repeat_n(answer, times));
        }
    }

    /// Repeats `O`'s last answer until it is there `times` times in a row in all.
    pub(crate) fn repeat_last<O: Operation>(&self, times: usize) {
        let mut operations = self.operations();
        let Some(registered) = operations
            .iter_mut()
            .find(|r| r.operation == TypeId::of::<O>())
        else {
            return;
        };
        if let Some(last) = registered.answers.back().cloned() {
            let more = times.saturating_sub(1);
            registered.answers.extend(std::iter::repeat_n(last, more));
        }
    }

    pub(crate) fn received<O: Operation + Clone>(&self) -> Vec<O> {
        self.operations()
            .iter()
            .filter(|r| r.operation == TypeId::of::<O>())
            .flat_map(|r| r.received.iter())
            .filter_map(|input| input.downcast_ref::<O>().cloned())
            .collect()
    }

    /// Moves out the inputs `O` received so far (for inputs that cannot be cloned, such as
    /// those with an input event stream).
    pub(crate) fn take_received<O: Operation>(&self) -> Vec<O> {
        let mut operations = self.operations();
        let Some(registered) = operations
            .iter_mut()
            .find(|r| r.operation == TypeId::of::<O>())
        else {
            return Vec::new();
        };
        std::mem::take(&mut registered.received)
            .into_iter()
            .filter_map(|input| input.downcast::<O>().ok().map(|input| *input))
            .collect()
    }

    pub(crate) fn signing_regions<O: Operation>(&self) -> Vec<String> {
        self.operations()
            .iter()
            .filter(|r| r.operation == TypeId::of::<O>())
            .flat_map(|r| r.signing_regions.iter().cloned())
            .collect()
    }

    pub(crate) fn received_events<O: Operation, U: Clone + 'static>(&self) -> Vec<Vec<U>> {
        self.operations()
            .iter()
            .filter(|r| r.operation == TypeId::of::<O>())
            .flat_map(|r| r.received_events.iter())
            .filter_map(|events| events.downcast_ref::<Vec<U>>().cloned())
            .collect()
    }

    pub(crate) fn reset(&self) {
        self.operations().clear();
    }

    /// The request path up to the answer: signature, routing, parsing, the fault drawn.
    fn admit(&self, mut raw: RawRequest) -> Result<Admitted, ApiError> {
        let (query, caller) = raw.authenticate(&self.config, self.signing_name)?;
        let Some(method) = static_method(&raw.method) else {
            return Err(ApiError::new(
                405,
                "MethodNotAllowed",
                "The mock server answers GET, PUT, POST, DELETE, HEAD, PATCH and OPTIONS.",
            ));
        };
        let http2 = raw.http2;
        let mut request = HttpRequest {
            method,
            path: raw.path,
            query,
            headers: raw.headers,
            body: (!raw.body.is_empty()).then(|| raw.body.into()),
            host_prefix: None,
        };
        let mut operations = self.operations();
        let Some(registered) = operations.iter_mut().find(|r| (r.routes_to)(&request)) else {
            return Err(ApiError::new(
                404,
                "UnknownOperationException",
                format!(
                    "No registered operation matches {} {}.",
                    request.method,
                    request.path.chars().take(200).collect::<String>()
                ),
            ));
        };
        if let (Some(reason), false) = (registered.http2_reason, http2) {
            return Err(ApiError::new(
                505,
                "HttpVersionNotSupported",
                format!(
                    "{} is served over HTTP/2 only ({reason}); this request came over HTTP/1.1.",
                    registered.name
                ),
            ));
        }
        let events = receive_events(registered, caller.input_events, &mut request)?;
        let input = (registered.parse)(&request)?;
        registered.signing_regions.push(caller.region);
        if let Some(events) = events {
            registered.received_events.push(events);
        }
        Ok(Admitted {
            operation: registered.operation,
            name: registered.name,
            input,
            fault: self.faults.draw(registered.name),
        })
    }

    /// The answer of an admitted request: its operation's next answer, or its handler's.
    fn respond(&self, admitted: Admitted) -> Outcome {
        let Admitted {
            operation,
            name,
            input,
            ..
        } = admitted;
        let mut operations = self.operations();
        let Some(registered) = operations.iter_mut().find(|r| r.operation == operation) else {
            return Outcome::Error(missing_answer(name));
        };
        let answer = if registered.answers.len() > 1 {
            registered.answers.pop_front()
        } else {
            registered.answers.front().cloned()
        };
        let answer = match answer {
            Some(Answer::Handle(handler)) => {
                // The handler keeps its own state; the registry is not held while it runs.
                drop(operations);
                Some(handler(input))
            }
            other => {
                registered.received.push(input);
                other
            }
        };
        match answer {
            Some(Answer::Respond(response)) => Outcome::Respond(response),
            Some(Answer::CutOff(response)) => Outcome::CutOff(response),
            Some(Answer::DropConnection) => Outcome::DropConnection,
            Some(Answer::Handle(_)) | None => Outcome::Error(missing_answer(name)),
        }
    }

    /// The HTTP response of `outcome`.
    async fn send(
        &self,
        outcome: Outcome,
        head: bool,
        drop_signal: &Arc<Notify>,
    ) -> Response<ReplyBody> {
        match outcome {
            Outcome::Respond(response) => http_response(response),
            Outcome::CutOff(response) => cut_off(response, drop_signal),
            Outcome::Error(error) => self.error_response(error, head, false),
            Outcome::DropConnection => drop_connection(drop_signal).await,
        }
    }
}

/// The events of the input event stream `registered` takes, read from the verified
/// `messages` (`None` when it takes none). The request's body was the stream: it is removed,
/// or, for an RPC protocol, replaced by the `initial-request` event's document.
///
/// # Errors
///
/// `403 IncompleteSignatureException` when the operation takes an input event stream and the
/// body was not one signed message by message; `400 SerializationException` for an event
/// stream the operation does not take, an RPC stream without its `initial-request` event
/// first, or an event the union does not read.
fn receive_events(
    registered: &Registered,
    messages: Option<Vec<EventMessage>>,
    request: &mut HttpRequest,
) -> Result<Option<Box<dyn Any + Send>>, ApiError> {
    let serialization = |message: String| ApiError::new(400, "SerializationException", message);
    // Reading no messages costs nothing and says whether the operation takes a stream.
    let takes_events = (registered.decode_events)(&[]).is_some();
    let mut messages = match (takes_events, messages) {
        (false, None) => return Ok(None),
        (false, Some(_)) => {
            return Err(serialization(format!(
                "{} takes no input event stream.",
                registered.name
            )))
        }
        (true, None) => {
            return Err(ApiError::new(
                403,
                "IncompleteSignatureException",
                format!(
                    "{} sends an input event stream: the request is signed with \
                     x-amz-content-sha256 STREAMING-AWS4-HMAC-SHA256-EVENTS and each event in \
                     its signed envelope.",
                    registered.name
                ),
            ))
        }
        (true, Some(messages)) => messages,
    };
    request.body = None;
    if !registered.http_bindings {
        let initial = messages.first().filter(|m| {
            m.string_header(":message-type") == Some("event")
                && m.string_header(":event-type") == Some("initial-request")
        });
        let Some(initial) = initial else {
            return Err(serialization(
                "The input event stream does not start with its initial-request event.".into(),
            ));
        };
        request.body = Some(initial.payload().to_vec().into());
        messages.remove(0);
    }
    match (registered.decode_events)(&messages) {
        Some(Ok(events)) => Ok(Some(events)),
        Some(Err(e)) => Err(serialization(format!(
            "input event {}: {}",
            e.path(),
            e.problem()
        ))),
        None => Ok(None),
    }
}

impl Handler for Routes {
    async fn handle(
        self: Arc<Self>,
        request: Request<Incoming>,
        drop_signal: Arc<Notify>,
    ) -> Response<ReplyBody> {
        let head = request.method() == hyper::Method::HEAD;
        let raw = match read_request(request, self.config.max_body_bytes).await {
            Ok(raw) => raw,
            Err(error) => return self.error_response(error, head, true),
        };
        let mut admitted = match self.admit(raw) {
            Ok(admitted) => admitted,
            Err(error) => return self.error_response(error, head, false),
        };
        // The faults act as the emulator's do (see `Fault`): before the answer, or on it.
        let outcome = match admitted.fault.take() {
            None => self.respond(admitted),
            Some(Fault::Error {
                status,
                code,
                message,
            }) => Outcome::Error(ApiError::new(status, code, message)),
            Some(Fault::Delay(delay)) => {
                tokio::time::sleep(delay).await;
                self.respond(admitted)
            }
            Some(Fault::DropBeforeCommit) => Outcome::DropConnection,
            Some(Fault::DropAfterCommit) => {
                let _committed = self.respond(admitted);
                Outcome::DropConnection
            }
            Some(Fault::TruncatedBody) => match self.respond(admitted) {
                Outcome::Respond(response) => Outcome::CutOff(with_body_to_cut(response)),
                other => other,
            },
            Some(Fault::MalformedJson) => match self.respond(admitted) {
                Outcome::Respond(response) => Outcome::Respond(malformed(response)),
                other => other,
            },
        };
        self.send(outcome, head, &drop_signal).await
    }
}

/// `500 MockAnswerMissing`: the operation is registered without an answer.
fn missing_answer(name: &str) -> ApiError {
    ApiError::new(
        500,
        "MockAnswerMissing",
        format!("{name} is registered without an answer."),
    )
}

/// `response` sent as far as half its body, then the connection dropped.
fn cut_off(mut response: HttpResponse, drop_signal: &Arc<Notify>) -> Response<ReplyBody> {
    let body = std::mem::take(&mut response.body);
    let mut cut_off = http_response(response);
    *cut_off.body_mut() = ReplyBody::cut_off(body, drop_signal);
    cut_off
}

/// `response` ready to be cut off mid-body, as the emulator's truncations are ([`cuttable`]).
fn with_body_to_cut(mut response: HttpResponse) -> HttpResponse {
    (response.status, response.body) =
        cuttable(response.status, std::mem::take(&mut response.body));
    response
}

/// `response` with a body no protocol reads (an unfinished JSON object, then an unclosed XML
/// element); a `204` becomes a `200`, which may carry it.
fn malformed(mut response: HttpResponse) -> HttpResponse {
    response.status = match response.status {
        204 => 200,
        status => status,
    };
    response.body = b"{\"Message\": [<Unfinished".to_vec();
    response
        .headers
        .retain(|(name, _)| !name.eq_ignore_ascii_case("content-length"));
    response
}

/// The method as the runtime's `HttpRequest` holds it.
fn static_method(method: &str) -> Option<&'static str> {
    ["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "OPTIONS"]
        .into_iter()
        .find(|m| *m == method)
}

/// A protocol's response as hyper sends it, with a fresh request id unless it has one.
fn http_response(response: HttpResponse) -> Response<ReplyBody> {
    let mut out = Response::new(ReplyBody::full(response.body));
    *out.status_mut() =
        StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = out.headers_mut();
    for (name, value) in &response.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    }
    let request_id = uuid::Uuid::new_v4().hyphenated().to_string();
    if !headers.contains_key("x-amzn-requestid") {
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            headers.insert(HeaderName::from_static("x-amzn-requestid"), value);
        }
    }
    out
}
