//! One attempt on the wire: the signed request goes out with its body (framed as planned),
//! the response head comes back, and either the whole response is read and classified
//! (output, typed error, retry, redirect) or, for an output with a streaming payload, the
//! output is handed out with its body unread (an event stream's first message awaited first).

use super::event_body::{EventClock, FailedEvent, InputEvents, SignedEventBody};
use super::payload::wire_body;
use super::plan::{Plan, SignedRequest};
use super::Inner;
use crate::byte_stream::ByteStream;
use crate::error::{
    ConfigError, DispatchError, Error, ResponseError, ServiceError, TimeoutError, TimeoutKind,
    UploadError,
};
use crate::event_stream::EventSource;
use crate::http::HttpResponse;
use crate::operation::{Operation, OperationError, RetryKind, Service};
use crate::protocol::{ErrorParts, Protocol};
use crate::shape::Shape;
use crate::time::DateTime;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How an attempt ended.
pub(crate) enum Attempt<O: Operation> {
    Done(Result<O::Output, Error<O::Error>>),
    /// The service refused the request as signed at the wrong time.
    Skewed {
        /// Seconds to add to the local clock.
        offset: i64,
        error: Error<O::Error>,
    },
    Retryable {
        kind: RetryKind,
        retry_after: Option<Duration>,
        error: Error<O::Error>,
    },
    /// S3: the bucket lives in `region`; sign for it and send again.
    #[cfg_attr(not(feature = "s3"), allow(dead_code))]
    Redirect {
        region: String,
        error: Error<O::Error>,
    },
}

type ProtocolOf<O> = <<O as Operation>::Service as Service>::Protocol;

/// Sends `signed` over `http` (the connection the call was given) and reads what comes back.
pub(crate) async fn run<O: Operation>(
    inner: &Inner,
    http: &reqwest::Client,
    plan: &Plan<'_>,
    signed: SignedRequest,
    invocation_id: &str,
    attempt: u32,
    events: Option<InputEvents>,
) -> Attempt<O> {
    let dispatch_error = |message: String| {
        Error::Dispatch(DispatchError {
            operation: O::NAME,
            attempts: attempt,
            message,
        })
    };
    let Ok(method) = reqwest::Method::from_bytes(signed.method.as_bytes()) else {
        return Attempt::Done(Err(Error::Config(ConfigError {
            message: format!("`{}` is not an HTTP method", signed.method),
        })));
    };
    let headers = match wire_headers(&signed.headers, invocation_id, attempt, inner.max_attempts) {
        Ok(headers) => headers,
        // The same header fails the same way on every attempt: not worth a retry.
        Err(problem) => return Attempt::Done(Err(dispatch_error(problem))),
    };
    let mut request = match signed.parsed_url {
        Some(url) => http.request(method, url),
        None => http.request(method, &signed.url),
    }
    .headers(headers);
    let replayable =
        events.is_none() && signed.body.as_ref().is_none_or(crate::Body::is_replayable);
    let failed_event = FailedEvent::default();
    if let (Some(events), Some(seed)) = (events, &signed.event_seed) {
        let clock = EventClock {
            source: inner.time_source.clone(),
            offset_secs: signed.clock_offset_secs,
        };
        let body = SignedEventBody::new(events, seed.signer(), clock, failed_event.clone());
        request = request.body(reqwest::Body::wrap(body));
    } else if let Some(body) = &signed.body {
        match wire_body(body, signed.encoding, signed.chunk_signer) {
            Ok(wire) => request = request.body(wire),
            Err(error) => {
                return Attempt::Done(Err(Error::Body(UploadError {
                    operation: O::NAME,
                    error,
                })))
            }
        }
    }
    let streaming = O::Output::STREAMING_PAYLOAD;
    // An event-stream output streams its body too: the attempt ends with the response head.
    let events = const { crate::event_stream::has_event_stream(O::Output::SCHEMA) };
    let exchange = async {
        let response = request.send().await?;
        let head = crate::transport::head(&response);
        if (streaming || events) && (200..300).contains(&head.status) {
            return Ok((head, Some(response)));
        }
        let body = response.bytes().await?;
        let mut whole = head;
        whole.body = body.to_vec();
        Ok::<_, reqwest::Error>((whole, None))
    };
    let received = match inner.attempt_timeout {
        None => exchange.await,
        Some(limit) => match tokio::time::timeout(limit, exchange).await {
            Ok(r) => r,
            Err(_) => {
                return Attempt::Retryable {
                    kind: RetryKind::Transient,
                    retry_after: None,
                    error: Error::Timeout(TimeoutError {
                        operation: O::NAME,
                        kind: TimeoutKind::Attempt,
                        after: limit,
                    }),
                }
            }
        },
    };
    // An invalid event ended the body: that, not what the transport made of it, is the error.
    if let Some(invalid) = failed_event.take() {
        return Attempt::Done(Err(Error::Validation(invalid)));
    }
    #[cfg_attr(not(feature = "s3"), allow(unused_mut))]
    let (mut response, stream) = match received {
        Ok(r) => r,
        Err(e) => {
            if let Some(body_error) = body_error(&e) {
                return Attempt::Done(Err(Error::Body(UploadError {
                    operation: O::NAME,
                    error: body_error,
                })));
            }
            // A request reqwest refuses to build (say, a header value with a line break) fails
            // the same way every time: not worth a retry. Nor is a body that cannot be sent
            // again.
            if e.is_builder() || !replayable {
                return Attempt::Done(Err(dispatch_error(crate::error::error_chain(&e))));
            }
            let error = if e.is_connect() && e.is_timeout() {
                Error::Timeout(TimeoutError {
                    operation: O::NAME,
                    kind: TimeoutKind::Connect,
                    after: inner.connect_timeout,
                })
            } else {
                dispatch_error(crate::error::error_chain(&e))
            };
            return Attempt::Retryable {
                kind: RetryKind::Transient,
                retry_after: None,
                error,
            };
        }
    };
    let span = tracing::Span::current();
    span.record("status", response.status);
    if let Some(id) = ProtocolOf::<O>::request_id(&response) {
        span.record("request_id", id.as_str());
    }
    if let Some(live) = stream {
        if events {
            let context = crate::event_stream::context::<O>(&response);
            let source = EventSource::live(
                reqwest::Body::from(live),
                context,
                inner.event_stream_stall_timeout,
            );
            // Once events flow nothing is retried: they may have been acted upon.
            let output = crate::event_stream::open_output::<O>(&response, source).await;
            return Attempt::Done(output);
        }
        return Attempt::Done(streaming_output::<O>(inner, plan, response, live));
    }
    if inner.s3_signing {
        #[cfg(feature = "s3")]
        {
            super::s3::normalise_bucket_location(O::NAME, &mut response);
            super::s3::name_head_not_found(O::NAME, &mut response);
        }
    }
    handle_response::<O>(response, inner, plan)
}

/// The headers of one attempt: the signed ones but `host` (reqwest derives it from the URL, to
/// the same value that was signed), then the SDK's invocation id and attempt count. The names
/// this client sends itself are static; only an operation's own names are parsed.
fn wire_headers(
    signed: &[(String, String)],
    invocation_id: &str,
    attempt: u32,
    max_attempts: u32,
) -> Result<HeaderMap, String> {
    let mut headers = HeaderMap::with_capacity(signed.len() + 2);
    let sdk_request = format!("attempt={attempt}; max={max_attempts}");
    let sdk = [
        ("amz-sdk-invocation-id", invocation_id),
        ("amz-sdk-request", sdk_request.as_str()),
    ];
    let all = signed
        .iter()
        .skip(1)
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .chain(sdk);
    for (name, value) in all {
        let name =
            header_name(name).map_err(|_| format!("`{name}` is not a valid HTTP header name"))?;
        let value = HeaderValue::from_str(value).map_err(|_| {
            format!("the value of header `{name}` is not a valid HTTP header value")
        })?;
        headers.append(name, value);
    }
    Ok(headers)
}

/// `name` as a header name, without parsing (or allocating) for the names the client adds.
fn header_name(name: &str) -> Result<HeaderName, reqwest::header::InvalidHeaderName> {
    const OWN: [&str; 6] = [
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
        "x-amz-decoded-content-length",
        "amz-sdk-invocation-id",
        "amz-sdk-request",
    ];
    match OWN.iter().find(|own| **own == name) {
        Some(own) => Ok(HeaderName::from_static(own)),
        None => HeaderName::from_bytes(name.as_bytes()),
    }
}

/// The output of a success whose payload streams: the head decoded now, the body handed over
/// unread (with the stall timeout and, when asked for, checksum validation).
fn streaming_output<O: Operation>(
    inner: &Inner,
    plan: &Plan<'_>,
    head: HttpResponse,
    live: reqwest::Response,
) -> Result<O::Output, Error<O::Error>> {
    let length = live.content_length();
    let mut body = ByteStream::from_http(http::Response::from(live).into_body(), length);
    if let Some(limit) = inner.stall_timeout {
        body = body.with_stall_timeout(limit);
    }
    #[cfg(feature = "s3")]
    if inner.s3_signing {
        if let Some(check) = super::s3::response_checksum(
            O::HTTP_CHECKSUM,
            &[plan.request_headers(), &plan.payload.headers],
            &head.headers,
        ) {
            body = body.with_checksum(check);
        }
    }
    let _ = plan;
    ProtocolOf::<O>::deserialize_streaming_output::<O>(&head, body).map_err(|problem| {
        Error::Response(ResponseError {
            operation: O::NAME,
            status: head.status,
            request_id: ProtocolOf::<O>::request_id(&head),
            problem,
        })
    })
}

/// The body error that made sending fail, if that is what happened.
fn body_error(e: &reqwest::Error) -> Option<crate::body::BodyError> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(body) = s.downcast_ref::<crate::body::BodyError>() {
            return Some(body.clone());
        }
        source = s.source();
    }
    None
}

/// Error codes with which services refuse a request signed at the wrong time.
const CLOCK_SKEW_CODES: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
];

/// How far a `Date` must be from the local clock to count as skew (the services allow 5 min).
const SKEW_THRESHOLD_SECS: i64 = 240;

/// The offset to adopt when a refusal is about time and the server's `Date` shows skew.
fn clock_skew(code: &str, response: &HttpResponse, inner: &Inner) -> Option<i64> {
    if !CLOCK_SKEW_CODES.contains(&code) {
        return None;
    }
    let server =
        DateTime::parse(response.header("date")?, crate::TimestampFormat::HttpDate).ok()?;
    let local = inner.local_now();
    let offset = server.secs() - local;
    let current = inner.clock_offset.load(Ordering::Relaxed);
    ((offset - current).abs() > SKEW_THRESHOLD_SECS).then_some(offset)
}

fn handle_response<O: Operation>(
    response: HttpResponse,
    inner: &Inner,
    plan: &Plan<'_>,
) -> Attempt<O> {
    let s3 = inner.s3_signing;
    let (result, kind) = classify_response::<O>(&response, s3);
    let error = match result {
        Ok(output) => return Attempt::Done(Ok(output)),
        Err(error) => error,
    };
    #[cfg(feature = "s3")]
    if s3 && plan.bucket.is_some() {
        if let Some(region) = super::s3::redirect_region(&response, &plan.signing_region) {
            return Attempt::Redirect { region, error };
        }
    }
    let _ = plan;
    if let Some(offset) = error
        .service_error()
        .and_then(|e| clock_skew(&e.code, &response, inner))
    {
        return Attempt::Skewed { offset, error };
    }
    let retry_after = response
        .header("x-amz-retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_millis);
    match kind {
        RetryKind::NotRetryable => Attempt::Done(Err(error)),
        kind => Attempt::Retryable {
            kind,
            retry_after,
            error,
        },
    }
}

/// Reads a response the way [`Client::call`](crate::Client::call) does: a 2xx is the
/// operation's output, anything else its typed error (the code from `X-Amzn-ErrorType`, `code`
/// or `__type`, reduced to the shape name). For tools that carry requests themselves, and for
/// protocol tests.
///
/// ```
/// # use aws_op_runtime::{HttpResponse, Operation, Error};
/// # fn demo<O: Operation>() {
/// let response = HttpResponse { status: 404, headers: vec![], body: br#"{"__type":"NotFound"}"#.to_vec() };
/// match aws_op_runtime::read_response::<O>(&response) {
///     Err(Error::Service(e)) => assert_eq!(e.code, "NotFound"),
///     _ => {}
/// }
/// # }
/// ```
pub fn read_response<O: Operation>(response: &HttpResponse) -> Result<O::Output, Error<O::Error>> {
    let s3 = <O::Service as Service>::SIGNATURE_VERSION == crate::SignatureVersion::S3V4;
    classify_response::<O>(response, s3).0
}

/// The result a response stands for, and how the retry policy classifies it. With `s3`, a
/// 2xx whose body is an `<Error>` document is that error.
fn classify_response<O: Operation>(
    response: &HttpResponse,
    s3: bool,
) -> (Result<O::Output, Error<O::Error>>, RetryKind) {
    let request_id = ProtocolOf::<O>::request_id(response);
    let success = (200..300).contains(&response.status);
    if success && !(s3 && error_in_success(response)) {
        if const { crate::event_stream::has_event_stream(O::Output::SCHEMA) } {
            let result = crate::event_stream::open_buffered_output::<O>(response);
            return (result, RetryKind::NotRetryable);
        }
        let result = if O::Output::STREAMING_PAYLOAD {
            // A streaming output read whole (from `read_response`): its payload from the bytes.
            let body = ByteStream::from(response.body.clone());
            ProtocolOf::<O>::deserialize_streaming_output::<O>(response, body)
        } else {
            O::parse_output(response)
        };
        let result = result.map_err(|problem| {
            Error::Response(ResponseError {
                operation: O::NAME,
                status: response.status,
                request_id,
                problem,
            })
        });
        return (result, RetryKind::NotRetryable);
    }
    // Parsed once; a malformed error body still yields a typed error from the status and
    // headers.
    let ErrorParts {
        code,
        message,
        error,
    } = ProtocolOf::<O>::deserialize_error::<O>(response);
    let kind = crate::retry::classify(&code, response.status, error.retry_kind());
    let error = Error::Service(ServiceError {
        operation: O::NAME,
        error,
        code,
        message,
        status: response.status,
        request_id,
    });
    (Err(error), kind)
}

#[cfg(feature = "s3")]
fn error_in_success(response: &HttpResponse) -> bool {
    super::s3::is_error_in_success(response)
}

#[cfg(not(feature = "s3"))]
fn error_in_success(_: &HttpResponse) -> bool {
    false
}
