//! The client: validates, serialises, signs, sends, retries and parses one operation call.
//!
//! ```no_run
//! # async fn demo<S: aws_op_runtime::Service>() -> Result<(), aws_op_runtime::ConfigError> {
//! use aws_op_runtime::{Client, Config};
//! let client: Client<S> = Client::new(&Config::from_env())?;
//! # Ok(()) }
//! ```
//!
//! A call's request path, file by file: this module fills, validates and serialises the input
//! once and runs the retry loop; `route` picks the endpoint (per request when the operation has
//! endpoint parameters); `payload` decides how the body is hashed, checksummed and framed
//! (`aws_chunked` for S3 files and streams, `event_body` for input event streams); `plan`
//! signs each attempt (or presigns); `attempt` sends it and reads the answer, whole or
//! streaming; `s3` reads S3's quirks.

mod attempt;
#[cfg(feature = "s3")]
mod aws_chunked;
mod event_body;
mod payload;
mod plan;
mod route;
#[cfg(feature = "s3")]
mod s3;
mod transports;

pub use attempt::read_response;
pub use plan::{PresignedRequest, SignedRequest};

use self::attempt::Attempt;
use self::event_body::InputEvents;
use self::payload::{PayloadPlan, PayloadSettings};
use self::plan::Plan;
use self::route::Router;
use crate::config::{
    Config, PayloadSigning, RequestChecksumCalculation, ResponseChecksumValidation, TimeSource,
    TokenGenerator,
};
use crate::credentials::ProvideCredentials;
use crate::endpoint::{self, Endpoint};
use crate::error::{ConfigError, Error, TimeoutError, TimeoutKind, UploadError};
use crate::http::HttpRequest;
use crate::operation::{Operation, RetryKind, Service, SignatureVersion};
use crate::protocol::EventCodec;
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
            .field("endpoint", &self.inner.router.fixed.endpoint)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    transports: transports::Transports,
    signing_name: &'static str,
    region: String,
    router: Router,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    validate_constraints: bool,
    max_attempts: u32,
    connect_timeout: Duration,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    event_stream_stall_timeout: Option<Duration>,
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
    /// S3's use of SigV4 and its quirks (`SignatureVersion::S3V4`).
    s3_signing: bool,
    stall_timeout: Option<Duration>,
    request_checksums: RequestChecksumCalculation,
    response_checksums: ResponseChecksumValidation,
    payload_signing: PayloadSigning,
    /// Regions of buckets learned from redirects (S3).
    #[cfg(feature = "s3")]
    bucket_regions: s3::BucketRegions,
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
        let s3_signing = S::SIGNATURE_VERSION == SignatureVersion::S3V4;
        if s3_signing && !cfg!(feature = "s3") {
            return Err(ConfigError {
                message: format!(
                    "{} is signed the way S3 signs, which needs the `s3` feature of aws-op",
                    S::SERVICE_ID
                ),
            });
        }
        let inputs = endpoint::EndpointInputs {
            in_code: config.endpoint_url.as_deref(),
            service_id: S::SERVICE_ID,
            default_template: S::DEFAULT_ENDPOINT,
            rules: S::ENDPOINT_RULES,
            region: &region,
            use_fips: config.use_fips,
            env: &config.env,
            profiles: config.profiles.as_deref(),
        };
        let endpoint = endpoint::resolve(&inputs)?;
        let router = Router::new(
            endpoint,
            S::ENDPOINT_RULES,
            config,
            &region,
            endpoint::configured_url(&inputs),
        )?;
        let transports = transports::Transports::new(config.connect_timeout)?;
        Ok(Client {
            inner: Arc::new(Inner {
                transports,
                signing_name: S::SIGNING_NAME,
                region,
                router,
                credentials: config.credentials.clone(),
                validate_constraints: config.validate_constraints,
                max_attempts: config.max_attempts,
                connect_timeout: config.connect_timeout,
                attempt_timeout: config.attempt_timeout,
                operation_timeout: config.operation_timeout,
                event_stream_stall_timeout: config.event_stream_stall_timeout,
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
                s3_signing,
                stall_timeout: config.stall_timeout,
                request_checksums: config.request_checksum_calculation,
                response_checksums: config.response_checksum_validation,
                payload_signing: config.payload_signing,
                #[cfg(feature = "s3")]
                bucket_regions: s3::BucketRegions::default(),
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

    /// The endpoint requests go to (operations with endpoint parameters, such as S3's bucket,
    /// may go to one derived from it by the service's endpoint rules).
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.router.fixed.endpoint
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
        refuse_input_events::<O>("Client::sign")?;
        let inner = &*self.inner;
        let request = prepare_request(inner, &mut input)?;
        let context = input.context_params();
        let credentials = self.credentials().await.map_err(Error::Credentials)?;
        let plan = self.plan::<O>(&request, &context, None).await?;
        Ok(plan.sign(inner, &credentials))
    }

    /// Presigns `input`: a URL that makes this call without credentials, for `expires` (at
    /// most 7 days), usable by any HTTP client. Headers the call sets (a `Content-Type`,
    /// checksum headers the caller chose) are signed and returned beside the URL; whoever uses
    /// it must send them. The body is not signed into the URL (S3 signs `UNSIGNED-PAYLOAD`; other
    /// services sign the body the input holds), and no checksum is computed for it.
    ///
    /// With temporary credentials the URL carries the session token and stops working when
    /// they expire, whatever `expires` says.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for an invalid input; [`Error::Config`] when `expires` is zero or
    /// longer than 7 days, or the endpoint cannot be resolved; [`Error::Credentials`].
    pub async fn presign<O: Operation<Service = S>>(
        &self,
        mut input: O,
        expires: Duration,
    ) -> Result<PresignedRequest, Error<O::Error>> {
        let limit = Duration::from_secs(sigv4::MAX_PRESIGN_EXPIRY_SECS);
        if expires.as_secs() == 0 || expires > limit {
            return Err(Error::Config(ConfigError {
                message: format!(
                    "a presigned URL expires after 1 second to 7 days ({} s); {expires:?} asked",
                    limit.as_secs()
                ),
            }));
        }
        refuse_input_events::<O>("Client::presign")?;
        let inner = &*self.inner;
        let request = prepare_request(inner, &mut input)?;
        let context = input.context_params();
        let credentials = self.credentials().await.map_err(Error::Credentials)?;
        let (route, bucket) = self.route::<O>(&context, None)?;
        let payload = PayloadPlan::unsigned();
        let plan = Plan::new(inner, &request, route, payload, bucket.as_deref());
        Ok(plan.presign(inner, &credentials, expires))
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

    /// The route of a request with these endpoint parameters (and the bucket it was resolved
    /// for, when the route carries it), in `region` when given.
    fn route<O: Operation<Service = S>>(
        &self,
        context: &[(&'static str, String)],
        region: Option<&str>,
    ) -> Result<RouteFor, Error<O::Error>> {
        let inner = &*self.inner;
        let bucket = context
            .iter()
            .find(|(name, _)| *name == "Bucket")
            .map(|(_, value)| value.clone());
        #[cfg(feature = "s3")]
        let learned = match (&bucket, region) {
            (Some(bucket), None) if inner.s3_signing => inner.bucket_regions.get(bucket),
            _ => None,
        };
        #[cfg(not(feature = "s3"))]
        let learned: Option<String> = None;
        let region = region.or(learned.as_deref());
        let route = inner
            .router
            .route(region, context, O::STATIC_CONTEXT_PARAMS)
            .map_err(Error::Config)?;
        // The rules place S3's bucket in the host or the base path; the fixed route does not.
        let carried =
            bucket.filter(|_| inner.s3_signing && !Arc::ptr_eq(&route, &inner.router.fixed));
        Ok((route, carried))
    }

    /// Plans one call's request: its route and its payload.
    async fn plan<'r, O: Operation<Service = S>>(
        &self,
        request: &'r HttpRequest,
        context: &[(&'static str, String)],
        region: Option<&str>,
    ) -> Result<Plan<'r>, Error<O::Error>> {
        let inner = &*self.inner;
        let (route, bucket) = self.route::<O>(context, region)?;
        let settings = PayloadSettings {
            s3: inner.s3_signing,
            https: route.endpoint.scheme == "https",
            checksums: inner.request_checksums,
            validation: inner.response_checksums,
            signing: inner.payload_signing,
        };
        let payload = payload::plan::<O>(request, settings)
            .await
            .map_err(|error| {
                Error::Body(UploadError {
                    operation: O::NAME,
                    error,
                })
            })?;
        let mut plan = Plan::new(inner, request, route, payload, bucket.as_deref());
        if plan.bucket.is_none() {
            // Redirects are learned per bucket even when the route did not carry it.
            plan.bucket = context
                .iter()
                .find(|(name, _)| *name == "Bucket")
                .map(|(_, value)| value.clone());
        }
        Ok(plan)
    }

    /// Calls an operation: fills idempotency tokens once, validates (nothing is sent when the
    /// input is invalid), then sends with retries; every retry re-signs and resends the same
    /// bytes, idempotency token included. A body that is a stream is sent once: a call whose
    /// stream went out is not retried.
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
        // The connection the call goes over, chosen once: an operation that needs HTTP/2
        // where it is not compiled in is refused before anything else.
        let http = inner
            .transports
            .for_operation::<O>()
            .map_err(Error::Config)?;
        let mut request = prepare_request(inner, &mut input)?;
        let events = input_events(inner, &mut input, &mut request)?;
        let context = input.context_params();
        drop(input);
        match inner.operation_timeout {
            None => self.send::<O>(http, &request, &context, events).await,
            Some(limit) => {
                let sending = self.send::<O>(http, &request, &context, events);
                match tokio::time::timeout(limit, sending).await {
                    Ok(result) => result,
                    Err(_) => Err(Error::Timeout(TimeoutError {
                        operation: O::NAME,
                        kind: TimeoutKind::Operation,
                        after: limit,
                    })),
                }
            }
        }
    }

    async fn send<O: Operation<Service = S>>(
        &self,
        http: &reqwest::Client,
        request: &HttpRequest,
        context: &[(&'static str, String)],
        mut events: Option<InputEvents>,
    ) -> Result<O::Output, Error<O::Error>> {
        let inner = &*self.inner;
        let mut plan = self.plan::<O>(request, context, None).await?;
        // A stream body, or the input's events, go out once.
        let one_shot = events.is_some() || !replayable(request);
        let invocation_id = inner.invocation_ids.next();
        let mut spent = 0;
        let mut attempt = 1;
        let mut skew_corrected = false;
        let mut redirected = false;
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
            let credentials = match self.credentials().await {
                Ok(c) => c,
                Err(e) => return Err(Error::Credentials(e)),
            };
            let signed = plan.sign(inner, &credentials);
            let outcome = attempt::run::<O>(
                inner,
                http,
                &plan,
                signed,
                &invocation_id,
                attempt,
                events.take(),
            )
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
                    if skew_corrected || one_shot {
                        return Err(error);
                    }
                    skew_corrected = true;
                    tracing::debug!(attempt, offset_secs = offset, "clock skew: re-signing");
                    inner.clock_offset.store(offset, Ordering::Relaxed);
                    attempt += 1;
                    continue;
                }
                // S3: the bucket is in another region. Remember it, sign for it and send again
                // at once, once per call.
                Attempt::Redirect { region, error } => {
                    if redirected || one_shot {
                        return Err(error);
                    }
                    redirected = true;
                    tracing::debug!(attempt, region = region.as_str(), "bucket region redirect");
                    #[cfg(feature = "s3")]
                    if let Some(bucket) = &plan.bucket {
                        inner.bucket_regions.set(bucket, &region);
                    }
                    plan = self.plan::<O>(request, context, Some(&region)).await?;
                    attempt += 1;
                    continue;
                }
                Attempt::Retryable {
                    kind,
                    retry_after,
                    error,
                } => (kind, retry_after, error),
            };
            if attempt >= inner.max_attempts || one_shot {
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
}

/// A request's route, and the bucket the route carries (S3's rules put it in the host or the
/// base path), if any.
type RouteFor = (Arc<route::Route>, Option<String>);

/// Whether a request can be sent again: a stream body goes out once.
fn replayable(request: &HttpRequest) -> bool {
    request.body.as_ref().is_none_or(crate::Body::is_replayable)
}

/// Refuses an operation with an input event stream where the call does not send it.
fn refuse_input_events<O: Operation>(what: &str) -> Result<(), Error<O::Error>> {
    if const { crate::event_stream::has_event_stream(O::SCHEMA) } {
        return Err(Error::Config(ConfigError {
            message: format!(
                "`{}` sends an input event stream, which only Client::call sends ({what} \
                 cannot hold the events)",
                O::NAME
            ),
        }));
    }
    Ok(())
}

/// The input's event stream, when the operation has one, taken out of `input`; `request`
/// becomes its carrier: `Content-Type: application/vnd.amazon.eventstream`, no body of its
/// own (RPC protocols send the other members as the `initial-request` event instead).
///
fn input_events<O: Operation>(
    inner: &Inner,
    input: &mut O,
    request: &mut HttpRequest,
) -> Result<Option<InputEvents>, Error<O::Error>> {
    let Some(events) = input.take_input_events::<CodecOf<O>>(inner.validate_constraints) else {
        if const { crate::event_stream::has_event_stream(O::SCHEMA) } {
            return Err(Error::Config(ConfigError {
                message: format!(
                    "the input event stream of `{}` holds no events (its sender was already \
                     sent, or the input was read by a server): give it a new EventSender",
                    O::NAME
                ),
            }));
        }
        return Ok(None);
    };
    request
        .headers
        .retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
    request.headers.push((
        "content-type".into(),
        event_body::EVENT_STREAM_CONTENT_TYPE.into(),
    ));
    request.body = None;
    let initial = (!<ProtocolOf<O> as crate::protocol::Protocol>::HTTP_BINDINGS).then(|| {
        event_body::initial_request(
            CodecOf::<O>::write_initial(input),
            CodecOf::<O>::initial_content_type(),
        )
    });
    Ok(Some(InputEvents { initial, events }))
}

type ProtocolOf<O> = <<O as Operation>::Service as Service>::Protocol;
type CodecOf<O> = <ProtocolOf<O> as crate::protocol::Protocol>::Events;

/// What every attempt of a call sends: idempotency tokens filled (once per call), the input
/// validated (nothing is sent when it is invalid), serialised, compressed when the operation
/// allows and the body is large enough, then `Content-MD5` when the operation requires it
/// (over the compressed bytes, which are what is sent; a body in memory only).
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
        if let Some(body) = request.body_bytes() {
            let digest = crate::md5::digest(body);
            request
                .headers
                .push(("content-md5".into(), crate::blob::base64_encode(&digest)));
        }
    }
    Ok(request)
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
