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
pub use aws_op_runtime::config::{idempotency_token, TokenGenerator};
pub use aws_op_runtime::credentials::{
    EnvironmentProvider, ProvideCredentials, ProvideFuture, StaticProvider,
};
pub use aws_op_runtime::error::{
    ConfigError, CredentialsError, DispatchError, ResponseError, TimeoutError, TimeoutKind,
};
pub use aws_op_runtime::operation::{ErrorShape, OperationError, Protocol, RetryKind};
pub use aws_op_runtime::validate::Rule;
pub use aws_op_runtime::{http, serde_json};
pub use aws_op_runtime::{
    Blob, Client, Config, Credentials, DateTime, Document, Error, Operation, Service, ServiceError,
    TimestampFormat, UnhandledError, ValidationError, Violation,
};

pub use aws_op_runtime::futures_core::Stream;
pub use aws_op_runtime::paginate::{Items, Pages, Paginated};

/// The runtime crate, for the less common pieces (endpoint resolution, signing, codecs).
pub use aws_op_runtime as runtime;

/// Everything a file describing or calling operations usually needs.
pub mod prelude {
    pub use crate::{
        aws_error, aws_operation, aws_service, aws_shape, Blob, Client, Config, Credentials,
        DateTime, Document, Error, Operation,
    };
}

/// Paths used by macro-generated code. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use aws_op_runtime::__impl_scalar_bindings;
    pub use aws_op_runtime::builder::*;
    pub use aws_op_runtime::codec::*;
    pub use aws_op_runtime::http::*;
    pub use aws_op_runtime::json::*;
    pub use aws_op_runtime::operation::*;
    pub use aws_op_runtime::paginate::{IntoPageItems, Items, PageToken, Pages, Paginated};
    pub use aws_op_runtime::pattern::{
        Assertion as PatternAssertion, Automaton as PatternAutomaton, Counter as PatternCounter,
        Pattern, Program as PatternProgram, State as PatternState,
    };
    pub use aws_op_runtime::serde_json;
    pub use aws_op_runtime::validate::*;
    pub use aws_op_runtime::{
        Blob, Client, DateTime, Error, TimestampFormat, UnhandledError, ValidationError,
    };
}
