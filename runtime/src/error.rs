//! The error a call returns.
//!
//! Every variant names the operation, and service errors carry code, message, HTTP status and
//! request id, so a log line is enough to act on: there is no bare "service error".

use crate::decode_error::DecodeError;
use crate::operation::RetryKind;
use crate::validate::ValidationError;
use std::fmt;

/// A failed call of an operation whose modelled errors are `E`.
#[derive(Debug)]
pub enum Error<E> {
    /// The input broke the model; nothing was sent.
    Validation(ValidationError),
    /// The service answered with an error.
    Service(ServiceError<E>),
    /// No credentials could be found or loaded.
    Credentials(CredentialsError),
    /// The client configuration cannot make this call (no region, bad endpoint).
    Config(ConfigError),
    /// The request could not be sent or the response not received (connection, TLS, I/O).
    Dispatch(DispatchError),
    /// A timeout fired.
    Timeout(TimeoutError),
    /// The service answered, but the response does not match the model.
    Response(ResponseError),
}

impl<E> Error<E> {
    /// The modelled service error, if that is what this is.
    pub fn service_error(&self) -> Option<&ServiceError<E>> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The validation error, if the input was rejected before sending.
    pub fn validation_error(&self) -> Option<&ValidationError> {
        match self {
            Error::Validation(e) => Some(e),
            _ => None,
        }
    }

    /// The request id of the response that caused this error, if any.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Response(e) => e.request_id.as_deref(),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(e) => write!(f, "{e}"),
            Error::Service(e) => write!(f, "{e}"),
            Error::Credentials(e) => write!(f, "{e}"),
            Error::Config(e) => write!(f, "{e}"),
            Error::Dispatch(e) => write!(f, "{e}"),
            Error::Timeout(e) => write!(f, "{e}"),
            Error::Response(e) => write!(f, "{e}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {}

/// An error response from the service.
#[derive(Debug)]
pub struct ServiceError<E> {
    /// The operation called.
    pub operation: &'static str,
    /// The typed error (a modelled error or the catch-all).
    pub error: E,
    /// The error code (`ConflictException`).
    pub code: String,
    /// The service's message, if any.
    pub message: Option<String>,
    /// The HTTP status.
    pub status: u16,
    /// The request id (`x-amzn-RequestId`).
    pub request_id: Option<String>,
}

impl<E> ServiceError<E> {
    /// The typed error.
    pub fn err(&self) -> &E {
        &self.error
    }
}

impl<E> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed: {} (HTTP {})",
            self.operation, self.code, self.status
        )?;
        match &self.message {
            Some(m) => write!(f, ": {m}")?,
            None => f.write_str(": no message")?,
        }
        match &self.request_id {
            Some(id) => write!(f, " [request id {id}]"),
            None => f.write_str(" [no request id]"),
        }
    }
}

/// An error code the operation's definition does not model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnhandledError {
    /// The error code as received (`SomeNewException`), or `Unknown` when none was sent.
    pub code: String,
    /// The message, if any.
    pub message: Option<String>,
    /// The HTTP status.
    pub status: u16,
}

impl UnhandledError {
    /// How retries treat it: by status code alone (throttling codes are classified by the client).
    pub fn retry_kind(&self) -> RetryKind {
        match self.status {
            500 | 502 | 503 | 504 => RetryKind::Transient,
            429 => RetryKind::Throttling,
            _ => RetryKind::NotRetryable,
        }
    }
}

impl crate::operation::OperationError for UnhandledError {
    fn from_response<D: crate::protocol::ErrorDecoder>(decoder: &mut D) -> Self {
        UnhandledError {
            code: decoder.code().to_owned(),
            message: decoder.message().map(str::to_owned),
            status: decoder.status(),
        }
    }
    fn code(&self) -> &str {
        &self.code
    }
    fn retry_kind(&self) -> RetryKind {
        UnhandledError::retry_kind(self)
    }
}

impl std::error::Error for UnhandledError {}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (not modelled for this operation)", self.code)?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        Ok(())
    }
}

/// Credentials could not be resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialsError {
    /// Which provider failed and where (`environment`, `profile "dev" in ~/.aws/config:12`,
    /// `credential_process \`get-creds\``, `IMDS at http://169.254.169.254`).
    pub source: String,
    /// What went wrong and what to do.
    pub message: String,
    /// Whether the source is simply not set up (the chain moves on) or failed.
    pub kind: CredentialsErrorKind,
}

/// Whether a credentials source is absent or broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialsErrorKind {
    /// The source is not configured here; a chain tries the next one.
    NotConfigured,
    /// The source is configured but failed; a chain stops and reports it.
    Failed,
}

impl CredentialsError {
    /// The source is not configured (the chain moves on).
    pub fn not_configured(source: impl Into<String>, message: impl Into<String>) -> Self {
        CredentialsError {
            source: source.into(),
            message: message.into(),
            kind: CredentialsErrorKind::NotConfigured,
        }
    }

    /// The source is configured but failed.
    pub fn failed(source: impl Into<String>, message: impl Into<String>) -> Self {
        CredentialsError {
            source: source.into(),
            message: message.into(),
            kind: CredentialsErrorKind::Failed,
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no credentials from {}: {}", self.source, self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// The configuration cannot produce a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid configuration: {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The request could not be sent or the response not read.
#[derive(Debug)]
pub struct DispatchError {
    /// The operation called.
    pub operation: &'static str,
    /// How many attempts were made.
    pub attempts: u32,
    /// The transport error's description.
    pub message: String,
}

impl fmt::Display for DispatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed to send after {} attempt{}: {}",
            self.operation,
            self.attempts,
            if self.attempts == 1 { "" } else { "s" },
            self.message
        )
    }
}

impl std::error::Error for DispatchError {}

/// Which timeout fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutKind {
    /// Opening the connection took too long.
    Connect,
    /// One attempt took too long.
    Attempt,
    /// The whole call, retries included, took too long.
    Operation,
}

/// A timeout fired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    /// The operation called.
    pub operation: &'static str,
    /// Which timeout.
    pub kind: TimeoutKind,
    /// Its configured length.
    pub after: std::time::Duration,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let which = match self.kind {
            TimeoutKind::Connect => "connect",
            TimeoutKind::Attempt => "attempt",
            TimeoutKind::Operation => "operation",
        };
        write!(
            f,
            "{}: {which} timeout after {:?}",
            self.operation, self.after
        )
    }
}

impl std::error::Error for TimeoutError {}

/// The response does not match the operation's definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseError {
    /// The operation called.
    pub operation: &'static str,
    /// The HTTP status received.
    pub status: u16,
    /// The request id, if the response had one.
    pub request_id: Option<String>,
    /// What did not match, and where.
    pub problem: DecodeError,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: malformed response (HTTP {}): {}",
            self.operation, self.status, self.problem
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ResponseError {}

/// An error and its chain of causes, `outer: inner: innermost`, for messages.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
