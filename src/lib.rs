//! # aws-op
//!
//! Typed, compile-time checked AWS API calls. Describe an operation as a plain struct, put
//! `#[aws_operation(...)]` on it, and get validation of every member before anything is sent,
//! idempotency tokens, the HTTP binding, SigV4 signing, retries, and typed outputs and errors.
//!
//! ```
//! use aws_op::prelude::*;
//!
//! #[aws_service(id = "Example", signing_name = "example", endpoint_prefix = "example",
//!               protocol = "restJson1", api_version = "2024-01-01")]
//! pub struct Example;
//!
//! #[aws_shape]
//! pub struct GetThingResponse {
//!     pub name: String,
//! }
//!
//! #[aws_error(code = "ResourceNotFoundException", status = 404)]
//! pub struct ResourceNotFoundException {
//!     pub message: Option<String>,
//! }
//!
//! #[aws_error]
//! pub enum GetThingError {
//!     ResourceNotFoundException(ResourceNotFoundException),
//! }
//!
//! #[aws_operation(service = Example, http = "GET /things/{ThingId}",
//!                 output = GetThingResponse, errors = GetThingError)]
//! pub struct GetThingRequest {
//!     #[aws(label, length(min = 1, max = 64), pattern = "[a-z0-9-]+")]
//!     pub thing_id: String,
//! }
//!
//! let request = GetThingRequest::builder().thing_id("thing-1").build();
//! assert!(request.validate(true).is_ok());
//! ```
//!
//! The attribute reference is in the README; the runtime pieces are documented in
//! [`aws_op_runtime`].

pub use aws_op_macros::{aws_error, aws_operation, aws_service, aws_shape};
pub use aws_op_runtime::credentials::{
    EnvironmentProvider, ProvideCredentials, ProvideFuture, StaticProvider,
};
pub use aws_op_runtime::futures_core::Stream;
pub use aws_op_runtime::serde_json;
pub use aws_op_runtime::{
    idempotency_token, read_response, AccountIdEndpointMode, Blob, Body, BodyError, ByteStream,
    ByteStreamError, ByteStreamErrorKind, Client, Config, ConfigError, Credentials,
    CredentialsError, DateTime, DecodeError, DispatchError, Document, Error, ErrorShape,
    EventReceiver, EventSender, HttpChecksum, HttpRequest, HttpResponse, Items, Operation,
    OperationError, Pages, Paginated, PayloadSigning, PresignedRequest, Protocol,
    RequestChecksumCalculation, ResponseChecksumValidation, ResponseError, RetryKind, RetryMode,
    Rule, S3Settings, Service, ServiceError, SignatureVersion, SignedRequest, StaticParam,
    TimeoutError, TimeoutKind, TimestampFormat, TokenGenerator, UnhandledError, Unset, UploadError,
    ValidationError, Violation,
};

/// The runtime crate, for the less common pieces (profiles, environment snapshots, endpoints,
/// the credential providers and SigV4).
pub use aws_op_runtime as runtime;

/// Everything a file describing or calling operations usually needs.
pub mod prelude {
    pub use crate::{
        aws_error, aws_operation, aws_service, aws_shape, Blob, Body, ByteStream, Client, Config,
        Credentials, DateTime, Document, Error, Operation,
    };
}

/// Paths used by macro-generated code. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use aws_op_runtime::__private::*;
}
