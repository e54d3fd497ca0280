//! What a request is answered with: a success [`Reply`] or an [`ApiError`], independent of
//! hyper so that the pipeline and the handlers stay plain functions.

use serde_json::{Map, Value};

/// A response before the HTTP layer adds `x-amzn-RequestId` and `content-type`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reply {
    /// The status code.
    pub status: u16,
    /// The error code for `x-amzn-ErrorType`, on error responses.
    pub error_type: Option<String>,
    /// A JSON body, or `None` for an empty body.
    pub body: Option<Vec<u8>>,
    /// Asks the HTTP layer to close the connection after this response.
    pub close: bool,
}

impl Reply {
    /// A success response with a JSON body.
    pub fn json(status: u16, body: &Value) -> Self {
        Self::raw_json(status, serde_json::to_vec(body).unwrap_or_default())
    }

    /// A success response with a JSON body that is already serialised.
    pub fn raw_json(status: u16, body: Vec<u8>) -> Self {
        Reply {
            status,
            error_type: None,
            body: Some(body),
            close: false,
        }
    }

    /// A success response without a body.
    pub fn empty(status: u16) -> Self {
        Reply {
            status,
            error_type: None,
            body: None,
            close: false,
        }
    }
}

/// A modelled (or protocol-level) error: status, code, message and, for
/// `ResourceNotFoundException`, the resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    /// The status code.
    pub status: u16,
    /// The error code (`ValidationException`, ...).
    pub code: String,
    /// The `Message` member.
    pub message: String,
    /// `ResourceId` and `ResourceType`, for `ResourceNotFoundException`.
    pub resource: Option<(String, &'static str)>,
}

impl ApiError {
    /// Any error.
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
            resource: None,
        }
    }

    /// `400 ValidationException`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(400, "ValidationException", message)
    }

    /// `409 ConflictException`.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(409, "ConflictException", message)
    }

    /// `404 ResourceNotFoundException` naming the resource.
    pub fn not_found(id: &str, resource_type: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            resource: Some((id.to_owned(), resource_type)),
            ..Self::new(404, "ResourceNotFoundException", message)
        }
    }

    /// The account association `id` does not exist.
    pub fn no_association(id: &str) -> Self {
        Self::not_found(
            id,
            "AccountAssociation",
            format!("Account association {id} does not exist."),
        )
    }

    /// The error response: body `{"Message": ...}` (plus the resource members).
    pub fn into_reply(self) -> Reply {
        let mut body = Map::new();
        body.insert("Message".into(), Value::String(self.message));
        if let Some((id, kind)) = self.resource {
            body.insert("ResourceId".into(), Value::String(id));
            body.insert("ResourceType".into(), Value::String(kind.to_owned()));
        }
        Reply {
            status: self.status,
            error_type: Some(self.code),
            body: Some(serde_json::to_vec(&Value::Object(body)).unwrap_or_default()),
            close: false,
        }
    }
}
