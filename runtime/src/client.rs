//! The client: validates, serialises, signs, sends, retries and parses one operation call.
//!
//! ```no_run
//! # async fn demo<S: aws_op_runtime::Service>() -> Result<(), aws_op_runtime::ConfigError> {
//! use aws_op_runtime::{Client, Config};
//! let client: Client<S> = Client::new(&Config::from_env())?;
//! # Ok(()) }
//! ```

use crate::config::{Config, TimeSource, TokenGenerator};
use crate::credentials::ProvideCredentials;
use crate::endpoint::{self, Endpoint};
use crate::error::{
    ConfigError, DispatchError, Error, ResponseError, ServiceError, TimeoutError, TimeoutKind,
};
use crate::http::{HttpRequest, HttpResponse};
use crate::operation::{Operation, OperationError, RetryKind, Service};
use crate::protocol::{ErrorParts, Protocol};
use crate::retry::{self, TokenBucket};
use crate::sigv4;
use crate::time::DateTime;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tracing::Instrument;

/// A client of service `S`. Cheap to clone; clones share connections and the retry bucket.
pub struct Client<S> {
    inner: Arc<Inner>,
    _service: PhantomData<fn() -> S>,
}

impl<S> Clone for Client<S> {
    fn clone(&self) -> Self {
        Client {
            inner: self.inner.clone(),
            _service: PhantomData,
        }
    }
}

impl<S> std::fmt::Debug for Client<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("region", &self.inner.region)
            .field("endpoint", &self.inner.endpoint)
            .finish_non_exhaustive()
    }
}

struct Inner {
    http: reqwest::Client,
    signing_name: &'static str,
    region: String,
    endpoint: Endpoint,
    host_header: String,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    validate_constraints: bool,
    max_attempts: u32,
    connect_timeout: Duration,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    token_generator: TokenGenerator,
    bucket: TokenBucket,
    signing_keys: sigv4::SigningKeyCache,
    invocation_ids: InvocationIds,
    time_source: TimeSource,
    /// The adaptive mode's client-side rate limiter.
    rate_limiter: Option<retry::adaptive::RateLimiter>,
    /// Seconds added to the local clock when signing (learned from clock-skew refusals).
    clock_offset: AtomicI64,
    compression: crate::compression::CompressionSettings,
    host_prefix_injection: bool,
}

impl Inner {
    /// The local clock, in Unix seconds.
    fn local_now(&self) -> i64 {
        DateTime::from_system_time((self.time_source)()).secs()
    }

    /// The time to sign with: the local clock corrected by the learned offset.
    fn now(&self) -> i64 {
        self.local_now() + self.clock_offset.load(Ordering::Relaxed)
    }
}

impl<S: Service> Client<S> {
    /// A client for `config`. Fails when no region is set or the endpoint is not a valid URL.
    pub fn new(config: &Config) -> Result<Self, ConfigError> {
        let region = config.region.clone().ok_or_else(|| ConfigError {
            message: match &config.profile_error {
                Some(e) => format!(
                    "no region: AWS_REGION is not set and the profile files could not be read \
                     ({e})"
                ),
                None => "no region: set AWS_REGION (or AWS_DEFAULT_REGION, or `region` in the \
                         profile), or call Config::with_region"
                    .into(),
            },
        })?;
        let endpoint = endpoint::resolve(&endpoint::EndpointInputs {
            in_code: config.endpoint_url.as_deref(),
            service_id: S::SERVICE_ID,
            default_template: S::DEFAULT_ENDPOINT,
            rules: S::ENDPOINT_RULES,
            region: &region,
            use_fips: config.use_fips,
            env: &config.env,
            profiles: config.profiles.as_deref(),
        })?;
        let http = crate::transport::build_client(
            reqwest::Client::builder().connect_timeout(config.connect_timeout),
        )
        .map_err(|e| ConfigError {
            message: format!("cannot create the HTTP client: {e}"),
        })?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                signing_name: S::SIGNING_NAME,
                region,
                host_header: endpoint.host_header(),
                endpoint,
                credentials: config.credentials.clone(),
                validate_constraints: config.validate_constraints,
                max_attempts: config.max_attempts,
                connect_timeout: config.connect_timeout,
                attempt_timeout: config.attempt_timeout,
                operation_timeout: config.operation_timeout,
                token_generator: config.token_generator.clone(),
                bucket: TokenBucket::default(),
                signing_keys: sigv4::SigningKeyCache::default(),
                invocation_ids: InvocationIds::new(),
                time_source: config.time_source.clone(),
                rate_limiter: (config.retry_mode == retry::RetryMode::Adaptive)
                    .then(retry::adaptive::RateLimiter::default),
                clock_offset: AtomicI64::new(0),
                compression: config.compression,
                host_prefix_injection: config.host_prefix_injection,
            }),
            _service: PhantomData,
        })
    }

    /// A client configured from the environment and the profile files ([`Config::from_env`]).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::new(&Config::from_env())
    }

    /// Like [`Client::from_env`], also asking EC2 instance metadata for the region when nothing
    /// else sets it ([`Config::load`]).
    pub async fn load() -> Result<Self, ConfigError> {
        Self::new(&Config::load().await)
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.inner.region
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// Seconds this client adds to the local clock when signing, learned from a service that
    /// refused a request as signed at the wrong time (0 until then).
    pub fn clock_offset_secs(&self) -> i64 {
        self.inner.clock_offset.load(Ordering::Relaxed)
    }

    /// The adaptive mode's current sending rate limit in attempts per second (`None` in
    /// standard mode, 0 until the first throttling response).
    pub fn adaptive_rate(&self) -> Option<f64> {
        self.inner.rate_limiter.as_ref().map(|l| l.fill_rate())
    }

    /// Retry tokens left in this client's bucket.
    pub fn retry_tokens(&self) -> u32 {
        self.inner.bucket.available()
    }

    /// Validates, serialises and signs `input` without sending it (filling its idempotency
    /// token first, as [`Client::call`] does).
    pub async fn sign<O: Operation<Service = S>>(
        &self,
        mut input: O,
    ) -> Result<SignedRequest, Error<O::Error>> {
        let inner = &*self.inner;
        let request = prepare_request(inner, &mut input)?;
        let credentials = self.credentials().await.map_err(Error::Credentials)?;
        Ok(Prepared::new(inner, &request).sign(inner, &credentials))
    }

    async fn credentials(&self) -> Result<crate::Credentials, crate::error::CredentialsError> {
        match &self.inner.credentials {
            Some(p) => p.provide().await,
            None => Err(crate::error::CredentialsError::not_configured(
                "configuration",
                "no credentials provider is configured; use Config::from_env or \
                 Config::with_credentials",
            )),
        }
    }

    /// Calls an operation: fills idempotency tokens once, validates (nothing is sent when the
    /// input is invalid), then sends with retries; every retry re-signs and resends the same
    /// bytes, idempotency token included.
    ///
    /// Traced as a span `aws_op.call` (service, operation) holding one `aws_op.attempt` span per
    /// attempt (attempt, status, request id); retries are events with their reason. Neither
    /// carries credentials, signatures or member values.
    pub async fn call<O: Operation<Service = S>>(
        &self,
        input: O,
    ) -> Result<O::Output, Error<O::Error>> {
        let span = tracing::info_span!("aws_op.call", service = S::SERVICE_ID, operation = O::NAME);
        let result = self.call_in_span(input).instrument(span.clone()).await;
        if let Err(e) = &result {
            span.in_scope(|| tracing::debug!(error = %e, "call failed"));
        }
        result
    }

    async fn call_in_span<O: Operation<Service = S>>(
        &self,
        mut input: O,
    ) -> Result<O::Output, Error<O::Error>> {
        let inner = &*self.inner;
        let request = prepare_request(inner, &mut input)?;
        drop(input);
        match inner.operation_timeout {
            None => self.send::<O>(&request).await,
            Some(limit) => match tokio::time::timeout(limit, self.send::<O>(&request)).await {
                Ok(result) => result,
                Err(_) => Err(Error::Timeout(TimeoutError {
                    operation: O::NAME,
                    kind: TimeoutKind::Operation,
                    after: limit,
                })),
            },
        }
    }

    async fn send<O: Operation<Service = S>>(
        &self,
        request: &HttpRequest,
    ) -> Result<O::Output, Error<O::Error>> {
        let inner = &*self.inner;
        let prepared = Prepared::new(inner, request);
        let invocation_id = inner.invocation_ids.next();
        let mut spent = 0;
        let mut attempt = 1;
        let mut skew_corrected = false;
        loop {
            let span = tracing::debug_span!(
                "aws_op.attempt",
                attempt,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
            );
            if let Some(limiter) = &inner.rate_limiter {
                let wait = limiter.acquire_delay();
                if !wait.is_zero() {
                    tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "rate limited");
                    tokio::time::sleep(wait).await;
                }
            }
            let outcome = self
                .attempt::<O>(&prepared, &invocation_id, attempt)
                .instrument(span)
                .await;
            if let Some(limiter) = &inner.rate_limiter {
                let throttled = matches!(
                    outcome,
                    Attempt::Retryable {
                        kind: RetryKind::Throttling,
                        ..
                    }
                );
                limiter.on_response(throttled);
            }
            let (kind, retry_after, error) = match outcome {
                Attempt::Done(result) => {
                    inner.bucket.on_success(spent);
                    return result;
                }
                // The service says the signature's time is off and its Date shows by how much:
                // adopt that offset and re-sign at once, once per call.
                Attempt::Skewed { offset, error } => {
                    if skew_corrected {
                        return Err(error);
                    }
                    skew_corrected = true;
                    tracing::debug!(attempt, offset_secs = offset, "clock skew: re-signing");
                    inner.clock_offset.store(offset, Ordering::Relaxed);
                    attempt += 1;
                    continue;
                }
                Attempt::Retryable {
                    kind,
                    retry_after,
                    error,
                } => (kind, retry_after, error),
            };
            if attempt >= inner.max_attempts {
                return Err(error);
            }
            let Some(cost) = inner.bucket.acquire(kind) else {
                return Err(error);
            };
            spent += cost;
            let delay = retry::backoff(kind, attempt, retry_after);
            tracing::debug!(
                attempt,
                retry_reason = retry::reason(kind),
                error = %error,
                backoff_ms = delay.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    async fn attempt<O: Operation<Service = S>>(
        &self,
        prepared: &Prepared<'_>,
        invocation_id: &str,
        attempt: u32,
    ) -> Attempt<O> {
        let inner = &*self.inner;
        let credentials = match self.credentials().await {
            Ok(c) => c,
            Err(e) => return Attempt::Done(Err(Error::Credentials(e))),
        };
        let signed = prepared.sign(inner, &credentials);
        let Ok(method) = reqwest::Method::from_bytes(signed.method.as_bytes()) else {
            return Attempt::Done(Err(Error::Config(ConfigError {
                message: format!("`{}` is not an HTTP method", signed.method),
            })));
        };
        let mut http_request = inner.http.request(method, &signed.url);
        // reqwest derives `host` from the URL, to the same value that was signed.
        for (name, value) in signed.headers.iter().skip(1) {
            http_request = http_request.header(name.as_str(), value.as_str());
        }
        http_request = http_request
            .header("amz-sdk-invocation-id", invocation_id)
            .header(
                "amz-sdk-request",
                format!("attempt={attempt}; max={}", inner.max_attempts),
            );
        if let Some(body) = signed.body {
            http_request = http_request.body(body);
        }
        let exchange = crate::transport::exchange(http_request);
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
        let response = match received {
            Ok(r) => r,
            // A request reqwest refuses to build (say, a header value with a line break) fails
            // the same way every time: not worth a retry.
            Err(e) if e.is_builder() => {
                return Attempt::Done(Err(Error::Dispatch(DispatchError {
                    operation: O::NAME,
                    attempts: attempt,
                    message: crate::error::error_chain(&e),
                })))
            }
            Err(e) => {
                let error = if e.is_connect() && e.is_timeout() {
                    Error::Timeout(TimeoutError {
                        operation: O::NAME,
                        kind: TimeoutKind::Connect,
                        after: inner.connect_timeout,
                    })
                } else {
                    Error::Dispatch(DispatchError {
                        operation: O::NAME,
                        attempts: attempt,
                        message: crate::error::error_chain(&e),
                    })
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
        if let Some(id) = <<O::Service as Service>::Protocol as Protocol>::request_id(&response) {
            span.record("request_id", id.as_str());
        }
        handle_response::<O>(response, inner)
    }
}

/// What every attempt of a call sends: idempotency tokens filled (once per call), the input
/// validated (nothing is sent when it is invalid), serialised, compressed when the operation
/// allows and the body is large enough, then `Content-MD5` when the operation requires it
/// (over the compressed bytes, which are what is sent).
fn prepare_request<O: Operation>(
    inner: &Inner,
    input: &mut O,
) -> Result<HttpRequest, Error<O::Error>> {
    input.fill_idempotency_tokens(&mut || (inner.token_generator)());
    input
        .validate(inner.validate_constraints)
        .map_err(Error::Validation)?;
    let mut request = input.serialize();
    if !O::REQUEST_COMPRESSION.is_empty() {
        crate::compression::compress_request(
            &mut request,
            O::REQUEST_COMPRESSION,
            inner.compression,
        );
    }
    if O::CHECKSUM_REQUIRED && request.header("content-md5").is_none() {
        let body = request.body.as_deref().unwrap_or_default();
        let digest = crate::md5::digest(body);
        request
            .headers
            .push(("content-md5".into(), crate::blob::base64_encode(&digest)));
    }
    Ok(request)
}

/// Reads a response the way [`Client::call`] does: a 2xx is the operation's output, anything
/// else its typed error (the code from `X-Amzn-ErrorType`, `code` or `__type`, reduced to the
/// shape name). For tools that carry requests themselves, and for protocol tests.
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
    classify_response::<O>(response).0
}

/// `amz-sdk-invocation-id` values: UUID-shaped, unique per client, without a system call per
/// call (the value only has to tell calls apart; idempotency tokens still use OS randomness).
struct InvocationIds {
    seed: u64,
    counter: std::sync::atomic::AtomicU64,
}

impl InvocationIds {
    fn new() -> Self {
        InvocationIds {
            seed: uuid::Uuid::new_v4().as_u64_pair().0,
            counter: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn next(&self) -> String {
        let n = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let hi = splitmix64(self.seed ^ n);
        let lo = splitmix64(hi ^ n.rotate_left(32));
        uuid::Builder::from_random_bytes(((u128::from(hi) << 64) | u128::from(lo)).to_be_bytes())
            .into_uuid()
            .to_string()
    }
}

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

enum Attempt<O: Operation> {
    Done(Result<O::Output, Error<O::Error>>),
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
}

/// The parts of a request that stay the same across attempts.
struct Prepared<'a> {
    request: &'a HttpRequest,
    url: String,
    /// `host` as signed: the endpoint's, behind the operation's host prefix if it has one.
    host: String,
    /// The path as signed: the endpoint's base path, then the operation's.
    signing_path: String,
    payload_hash: String,
}

impl<'a> Prepared<'a> {
    fn new(inner: &Inner, request: &'a HttpRequest) -> Self {
        let payload_hash = match &request.body {
            Some(body) => sigv4::sha256_hex(body),
            None => sigv4::EMPTY_PAYLOAD_SHA256.to_owned(),
        };
        let host = match request
            .host_prefix
            .as_ref()
            .filter(|_| inner.host_prefix_injection)
        {
            Some(prefix) => format!("{prefix}{}", inner.host_header),
            None => inner.host_header.clone(),
        };
        let signing_path = format!("{}{}", inner.endpoint.base_path, request.path);
        let mut url = format!("{}://{host}{signing_path}", inner.endpoint.scheme);
        crate::uri_encoding::append_query(&mut url, &request.query);
        Prepared {
            request,
            url,
            host,
            signing_path,
            payload_hash,
        }
    }

    /// Signs for now with `credentials`: the request's headers plus `host`, `x-amz-date`,
    /// `x-amz-security-token` (temporary credentials) and `authorization`.
    fn sign(&self, inner: &Inner, credentials: &crate::Credentials) -> SignedRequest {
        let now = inner.now();
        let mut headers: Vec<(String, String)> = Vec::with_capacity(self.request.headers.len() + 4);
        headers.push(("host".into(), self.host.clone()));
        headers.push(("x-amz-date".into(), sigv4::amz_date(now)));
        if let Some(token) = credentials.session_token() {
            headers.push(("x-amz-security-token".into(), token.to_owned()));
        }
        headers.extend(self.request.headers.iter().cloned());
        let signature = sigv4::sign_cached(
            &sigv4::SignableRequest {
                method: self.request.method,
                path: &self.signing_path,
                query: &self.request.query,
                headers: &headers,
                payload_sha256_hex: &self.payload_hash,
            },
            &sigv4::SigningKeys {
                access_key_id: credentials.access_key_id(),
                secret_access_key: credentials.secret_access_key(),
                session_token: credentials.session_token(),
            },
            &sigv4::SigningScope {
                region: &inner.region,
                service: inner.signing_name,
                time_epoch_secs: now,
            },
            &inner.signing_keys,
        );
        headers.push(("authorization".into(), signature.authorization));
        SignedRequest {
            method: self.request.method,
            url: self.url.clone(),
            headers,
            body: self.request.body.clone(),
        }
    }
}

/// A request validated, serialised and signed, ready for any HTTP client.
///
/// [`Client::call`] makes one per attempt; [`Client::sign`] hands one out (for tools that send
/// requests themselves, and for measuring the client against a bare HTTP stack).
#[derive(Clone)]
pub struct SignedRequest {
    /// The HTTP method.
    pub method: &'static str,
    /// The full URL.
    pub url: String,
    /// Every header to send, `host` first, `authorization` last.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<Vec<u8>>,
}

impl std::fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The signature and session token are credentials in their own right.
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let secret = n.eq_ignore_ascii_case("authorization")
                    || n.eq_ignore_ascii_case("x-amz-security-token");
                (
                    n.as_str(),
                    if secret { "** redacted **" } else { v.as_str() },
                )
            })
            .collect();
        f.debug_struct("SignedRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .finish()
    }
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

fn handle_response<O: Operation>(response: HttpResponse, inner: &Inner) -> Attempt<O> {
    let (result, kind) = classify_response::<O>(&response);
    let error = match result {
        Ok(output) => return Attempt::Done(Ok(output)),
        Err(error) => error,
    };
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

/// The result a response stands for, and how the retry policy classifies it.
fn classify_response<O: Operation>(
    response: &HttpResponse,
) -> (Result<O::Output, Error<O::Error>>, RetryKind) {
    let request_id = <<O::Service as Service>::Protocol as Protocol>::request_id(response);
    if (200..300).contains(&response.status) {
        let result = O::parse_output(response).map_err(|problem| {
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
    } = <<O::Service as Service>::Protocol as Protocol>::deserialize_error::<O>(response);
    let kind = retry::classify(&code, response.status, error.retry_kind());
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
