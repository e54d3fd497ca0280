//! The traits the macros implement: what a service, an operation, an output and an error are.
//!
//! Users rarely implement these by hand; `#[aws_service]`, `#[aws_operation]`, `#[aws_shape]` and
//! `#[aws_error]` do. They are public so that generic code (the client, the emulator, test
//! helpers) can work over any operation.

use crate::decode_error::DecodeError;
use crate::event_stream::{Message, OutgoingEvents};
use crate::http::{HttpRequest, HttpResponse};
use crate::protocol::{ErrorDecoder, EventCodec, Protocol};
use crate::shape::Shape;
use crate::validate::ValidationError;
use std::fmt;

/// A service: its identity, signing name, protocol and default endpoint.
pub trait Service: Send + Sync + 'static {
    /// The model's `serviceId` (`IoT Managed Integrations`); names the endpoint variable
    /// `AWS_ENDPOINT_URL_IOT_MANAGED_INTEGRATIONS`.
    const SERVICE_ID: &'static str;
    /// The SigV4 signing name (`iotmanagedintegrations`).
    const SIGNING_NAME: &'static str;
    /// The endpoint prefix (`api.iotmanagedintegrations`).
    const ENDPOINT_PREFIX: &'static str;
    /// The wire protocol ([`crate::protocol`]).
    type Protocol: Protocol;
    /// The API version (`2025-03-03`).
    const API_VERSION: &'static str;
    /// The `X-Amz-Target` prefix of awsJson services (rpcv2Cbor: the service name in the path).
    const TARGET_PREFIX: Option<&'static str>;
    /// A JSON service that also answers with awsQuery error codes (`awsQueryCompatible`).
    const AWS_QUERY_COMPATIBLE: bool = false;
    /// The service's event-stream operations need HTTP/2 (the model's
    /// `protocolSettings.h2` is `eventstream`: Kinesis, Lex, Polly...). The client speaks
    /// HTTP/1.1, so it refuses their operations with an input event stream (a
    /// [`ConfigError`](crate::ConfigError)), as it refuses any operation that streams events
    /// both ways; their output streams are read over HTTP/1.1.
    const EVENT_STREAM_HTTP2: bool = false;
    /// The default endpoint, with `{region}` standing for the region (used without rules).
    const DEFAULT_ENDPOINT: &'static str;
    /// The service's endpoint rule set (`endpoint-rule-set-1.json`), when it has one.
    const ENDPOINT_RULES: Option<&'static str> = None;
    /// How requests are signed: SigV4, or S3's use of it (botocore `signatureVersion` `s3` /
    /// `s3v4`: S3 and S3 Control).
    const SIGNATURE_VERSION: SignatureVersion = SignatureVersion::V4;
}

/// How a service uses SigV4.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureVersion {
    /// SigV4 as every service but S3 uses it.
    V4,
    /// S3's use of SigV4: the path signed as sent (never normalised or encoded again),
    /// `x-amz-content-sha256` on every request, bodies that are not in memory sent aws-chunked
    /// (signed chunks, or unsigned with a trailing checksum over TLS), the flexible checksums of
    /// `httpChecksum`, and S3's answers: `<Error>` in a 200, region redirects, the empty
    /// location constraint. Needs the `s3` feature.
    S3V4,
}

/// An operation's Smithy `httpChecksum` trait: which request header names the checksum
/// algorithm, whether a checksum is required, and how response checksums are asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpChecksum {
    /// The header of the member naming the request checksum algorithm
    /// (`x-amz-sdk-checksum-algorithm`); `None` when requests carry no flexible checksum.
    pub request_algorithm_header: Option<&'static str>,
    /// The service requires a checksum of the request body (`requestChecksumRequired`).
    pub request_checksum_required: bool,
    /// The header of the member that asks for response validation (`x-amz-checksum-mode`).
    pub response_validation_header: Option<&'static str>,
    /// The algorithms a response may carry, in the model's order of preference.
    pub response_algorithms: &'static [&'static str],
}

impl HttpChecksum {
    /// No flexible checksums.
    pub const NONE: HttpChecksum = HttpChecksum {
        request_algorithm_header: None,
        request_checksum_required: false,
        response_validation_header: None,
        response_algorithms: &[],
    };
}

/// One API operation: its input is `Self`.
pub trait Operation: Shape + Send + 'static {
    /// The service the operation belongs to.
    type Service: Service;
    /// The parsed successful response.
    type Output: Shape + Send + 'static;
    /// The operation's error enum.
    type Error: OperationError;
    /// The operation name (`CreateAccountAssociation`).
    const NAME: &'static str;
    /// The HTTP method.
    const METHOD: &'static str;
    /// The URI template from the model (`/account-associations/{AccountAssociationId}`).
    const URI: &'static str;
    /// The status code of a successful response.
    const SUCCESS_STATUS: u16;
    /// Encodings the service accepts for request bodies, in order of preference (Smithy
    /// `requestCompression`); empty: never compressed.
    const REQUEST_COMPRESSION: &'static [&'static str] = &[];
    /// The request carries `Content-MD5` (Smithy `httpChecksumRequired`).
    const CHECKSUM_REQUIRED: bool = false;
    /// The flexible checksums of the operation (Smithy `httpChecksum`).
    const HTTP_CHECKSUM: HttpChecksum = HttpChecksum::NONE;
    /// The body need not be signed (Smithy `unsignedPayload`, botocore `v4-unsigned-body`):
    /// it is sent with `UNSIGNED-PAYLOAD` as its hash.
    const UNSIGNED_PAYLOAD: bool = false;
    /// Endpoint rule parameters the operation sets to fixed values (`staticContextParams`: S3's
    /// `UseS3ExpressControlEndpoint`, Kinesis's `OperationType`...).
    const STATIC_CONTEXT_PARAMS: &'static [(&'static str, StaticParam)] = &[];
    /// Whether the model gives the operation an input shape. Without one (Smithy's `Unit`
    /// input, botocore's operation without `input`; `#[aws_operation(no_input)]`) the struct has
    /// no members, and rpcv2Cbor sends no body at all where other protocols send an empty one.
    const HAS_INPUT: bool = true;

    /// Fills every unset idempotency token, calling `token` once per member.
    fn fill_idempotency_tokens(&mut self, token: &mut dyn FnMut() -> String);
    /// Checks every member against the model.
    fn validate(&self, constraints: bool) -> Result<(), ValidationError>;
    /// The host prefix with its labels filled in (Smithy `endpoint` trait), if the operation
    /// has one.
    fn host_prefix(&self) -> Option<String> {
        None
    }

    /// Endpoint rule parameters taken from members (`contextParam`: S3's `Bucket`, `Key`...),
    /// for those that are set.
    fn context_params(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// The events of the input's event stream (a member marked `event_stream`), checked with
    /// `constraints` and encoded with codec `C`, taken out of the input; `None` for an
    /// operation without one.
    fn take_input_events<C: EventCodec>(&mut self, constraints: bool) -> Option<OutgoingEvents> {
        let _ = constraints;
        None
    }

    /// Server side: the events of the input's event stream, received as `messages` and read
    /// with codec `C`, as a boxed `Vec` of the stream's union; `None` for an operation without
    /// an input event stream.
    fn decode_input_events<C: EventCodec>(
        messages: &[Message],
    ) -> Option<Result<Box<dyn std::any::Any + Send>, DecodeError>> {
        let _ = messages;
        None
    }

    /// The HTTP request for this input, in the service's protocol.
    fn serialize(&self) -> HttpRequest {
        <<Self::Service as Service>::Protocol as Protocol>::serialize_request(self)
    }

    /// Reads a successful response.
    fn parse_output(response: &HttpResponse) -> Result<Self::Output, DecodeError> {
        <<Self::Service as Service>::Protocol as Protocol>::deserialize_output::<Self>(response)
    }

    /// Server side: reads an input from a request whose path matched [`Operation::URI`]
    /// (used by the emulator and by tests).
    fn parse_request(request: &HttpRequest) -> Result<Self, DecodeError> {
        <<Self::Service as Service>::Protocol as Protocol>::deserialize_request::<Self>(request)
    }
}

/// The shape of an operation without output.
impl Shape for () {
    const SCHEMA: &'static crate::schema::Schema = &crate::schema::Schema::structure("Unit", &[]);
    fn encode_members<E: crate::shape::Encoder>(&self, _: &mut E) {}
    fn decode_members<D: crate::shape::StructDecoder>(_: &mut D) -> Result<Self, DecodeError> {
        Ok(())
    }
}

/// How the retry policy treats an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryKind {
    /// Never retried.
    NotRetryable,
    /// A transient fault: retried with the transient backoff.
    Transient,
    /// Throttling: retried with the throttling backoff.
    Throttling,
}

/// A modelled error structure (`#[aws_error(code = "...", status = ...)]`).
pub trait ErrorShape: Shape + fmt::Debug + Send + Sync + 'static {
    /// The error code on the wire.
    const CODE: &'static str;
    /// The HTTP status the model gives it.
    const STATUS: u16;
    /// How retries treat it (the model's `retryable` trait).
    const RETRY: RetryKind;
    /// The message, when the service sent one.
    fn message(&self) -> Option<&str>;
}

/// The value an operation gives an endpoint rule parameter (`staticContextParams`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaticParam {
    /// A boolean parameter.
    Bool(bool),
    /// A string parameter.
    String(&'static str),
}

/// An operation's error enum: the modelled errors plus a catch-all for other codes.
pub trait OperationError: fmt::Debug + fmt::Display + Send + Sync + Sized + 'static {
    /// Builds the error for the decoder's code (already reduced to its shape name), falling
    /// back to the catch-all for codes the enum does not model.
    fn from_response<D: ErrorDecoder>(decoder: &mut D) -> Self;
    /// The error code.
    fn code(&self) -> &str;
    /// The retry classification of the modelled error (catch-all: not retryable by itself; the
    /// client still classifies throttling codes and 5xx statuses).
    fn retry_kind(&self) -> RetryKind;
}
