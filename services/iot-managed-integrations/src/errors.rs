//! The service's error structures (every error of the account-association operations).

use aws_op::aws_error;

/// User is not authorized.
#[aws_error(code = "AccessDeniedException", status = 403)]
#[derive(Clone, PartialEq)]
pub struct AccessDeniedException {
    /// The message.
    pub message: Option<String>,
}

/// There is a conflict with the request.
#[aws_error(code = "ConflictException", status = 409)]
#[derive(Clone, PartialEq)]
pub struct ConflictException {
    /// The message.
    pub message: Option<String>,
}

/// Internal error from the service that indicates an unexpected error or that the service is
/// unavailable.
#[aws_error(code = "InternalServerException", status = 500)]
#[derive(Clone, PartialEq)]
pub struct InternalServerException {
    /// The message.
    pub message: Option<String>,
}

/// The specified resource does not exist.
#[aws_error(code = "ResourceNotFoundException", status = 404)]
#[derive(Clone, PartialEq)]
pub struct ResourceNotFoundException {
    /// The message.
    pub message: Option<String>,
    /// The id of the resource not found.
    pub resource_id: Option<String>,
    /// The type of the resource not found.
    pub resource_type: Option<String>,
}

/// The service is temporarily unavailable.
#[aws_error(code = "ServiceUnavailableException", status = 503)]
#[derive(Clone, PartialEq)]
pub struct ServiceUnavailableException {
    /// The message.
    pub message: Option<String>,
}

/// The rate exceeds the limit.
#[aws_error(code = "ThrottlingException", status = 429)]
#[derive(Clone, PartialEq)]
pub struct ThrottlingException {
    /// The message.
    pub message: Option<String>,
}

/// You are not authorized to perform this operation.
#[aws_error(code = "UnauthorizedException", status = 401)]
#[derive(Clone, PartialEq)]
pub struct UnauthorizedException {
    /// The message.
    pub message: Option<String>,
}

/// A validation error occurred when performing the API request.
#[aws_error(code = "ValidationException", status = 400)]
#[derive(Clone, PartialEq)]
pub struct ValidationException {
    /// The message.
    pub message: Option<String>,
}
