//! The mock server's state and request path: verify the signature, find the registered
//! operation the request calls, parse and validate its input, record it, answer.

use super::answers::Answer;
use crate::auth::RawRequest;
use crate::config::EmulatorConfig;
use crate::dispatch::parse_input;
use crate::reply::ApiError;
use crate::server::{drop_connection, into_response, read_request, Handler, ReplyBody};
use aws_op::Protocol;
use aws_op::{HttpRequest, HttpResponse, Operation, Service};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};
use std::any::{Any, TypeId};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;

/// Every operation registered with a mock server, with its answers and what it received.
pub(crate) struct Routes {
    config: EmulatorConfig,
    signing_name: &'static str,
    operations: Mutex<Vec<Registered>>,
}

/// One registered operation.
struct Registered {
    operation: TypeId,
    name: &'static str,
    routes_to: fn(&HttpRequest) -> bool,
    parse: fn(&HttpRequest) -> Result<Box<dyn Any + Send>, ApiError>,
    /// Answers still to give; the last one repeats.
    answers: VecDeque<Answer>,
    received: Vec<Box<dyn Any + Send>>,
}

/// What a request gets.
enum Outcome {
    Respond(HttpResponse),
    Error(ApiError),
    DropConnection,
}

impl Routes {
    pub(crate) fn new(config: EmulatorConfig, signing_name: &'static str) -> Self {
        Routes {
            config,
            signing_name,
            operations: Mutex::new(Vec::new()),
        }
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
            answers: VecDeque::new(),
            received: Vec::new(),
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

    pub(crate) fn reset(&self) {
        self.operations().clear();
    }

    /// Everything but the HTTP plumbing: signature, routing, parsing, recording, the answer.
    fn answer(&self, raw: RawRequest) -> Outcome {
        let query = match raw.authenticate(&self.config, self.signing_name) {
            Ok((query, _)) => query,
            Err(error) => return Outcome::Error(error),
        };
        let Some(method) = static_method(&raw.method) else {
            return Outcome::Error(ApiError::new(
                405,
                "MethodNotAllowed",
                "The mock server answers GET, PUT, POST, DELETE, HEAD, PATCH and OPTIONS.",
            ));
        };
        let request = HttpRequest {
            method,
            path: raw.path,
            query,
            headers: raw.headers,
            body: (!raw.body.is_empty()).then(|| raw.body.into()),
            host_prefix: None,
        };
        let mut operations = self.operations();
        let Some(registered) = operations.iter_mut().find(|r| (r.routes_to)(&request)) else {
            return Outcome::Error(ApiError::new(
                404,
                "UnknownOperationException",
                format!(
                    "No registered operation matches {} {}.",
                    request.method,
                    request.path.chars().take(200).collect::<String>()
                ),
            ));
        };
        match (registered.parse)(&request) {
            Ok(input) => registered.received.push(input),
            Err(error) => return Outcome::Error(error),
        }
        let answer = if registered.answers.len() > 1 {
            registered.answers.pop_front()
        } else {
            registered.answers.front().cloned()
        };
        match answer {
            Some(Answer::Respond(response)) => Outcome::Respond(response),
            Some(Answer::DropConnection) => Outcome::DropConnection,
            None => Outcome::Error(ApiError::new(
                500,
                "MockAnswerMissing",
                format!("{} is registered without an answer.", registered.name),
            )),
        }
    }
}

impl Handler for Routes {
    async fn handle(
        self: Arc<Self>,
        request: Request<Incoming>,
        drop_signal: Arc<Notify>,
    ) -> Response<ReplyBody> {
        let raw = match read_request(request).await {
            Ok(raw) => raw,
            Err(reply) => return into_response(reply),
        };
        match self.answer(raw) {
            Outcome::Respond(response) => http_response(response),
            Outcome::Error(error) => into_response(error.into_reply()),
            Outcome::DropConnection => drop_connection(&drop_signal).await,
        }
    }
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
