//! The error responses of the JSON protocols (restJson1, awsJson1_0, awsJson1_1): the code
//! from `X-Amzn-ErrorType`, `code` or `__type`, the message, and the modelled error shape,
//! all from one parse of the body.

use crate::http::HttpResponse;
use crate::json::parse_object_body;
use crate::protocol::json::JsonObject;
use crate::protocol::rest::RestDecoder;
use crate::protocol::rest_json::Json;
use crate::protocol::ErrorDecoder;
use crate::shape::Shape;
use serde_json::{Map, Value};

/// The error code of a JSON error response: `X-Amzn-ErrorType`, else the body's `code`, else
/// `__type`, reduced to the shape name.
pub(crate) fn json_error_code(
    response: &HttpResponse,
    body: &Map<String, Value>,
) -> Option<String> {
    let raw = response
        .header("x-amzn-errortype")
        .or_else(|| body.get("code").and_then(Value::as_str))
        .or_else(|| body.get("__type").and_then(Value::as_str))?;
    crate::protocol::sanitize_error_code(raw)
}

/// The message of a JSON error body: `message`, `Message` or `errorMessage`.
pub(crate) fn json_error_message(body: &Map<String, Value>) -> Option<String> {
    ["message", "Message", "errorMessage"]
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
        .map(str::to_owned)
}

/// A JSON error response, parsed once.
pub(crate) struct JsonErrorDecoder<'a> {
    pub(crate) response: &'a HttpResponse,
    pub(crate) body: Map<String, Value>,
    pub(crate) code: String,
    /// The body's error type when a query-compatible service's awsQuery code replaced it.
    pub(crate) shape_name: Option<String>,
    pub(crate) message: Option<String>,
    /// restJson1 reads header-bound members; awsJson reads the body only.
    pub(crate) rest: bool,
}

impl<'a> JsonErrorDecoder<'a> {
    /// Reads the code and message of `response`; a body that is not a JSON object still gives
    /// the code from the headers, or `Http<status>`.
    pub(crate) fn new(response: &'a HttpResponse, rest: bool) -> Self {
        let body = parse_object_body(&response.body).unwrap_or_default();
        let code =
            json_error_code(response, &body).unwrap_or_else(|| format!("Http{}", response.status));
        let message = json_error_message(&body);
        JsonErrorDecoder {
            response,
            body,
            code,
            shape_name: None,
            message,
            rest,
        }
    }
}

impl ErrorDecoder for JsonErrorDecoder<'_> {
    fn code(&self) -> &str {
        &self.code
    }

    fn shape_name(&self) -> Option<&str> {
        self.shape_name.as_deref()
    }

    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    fn status(&self) -> u16 {
        self.response.status
    }

    fn shape<T: Shape>(&mut self) -> Option<T> {
        if !self.rest {
            return T::decode_members(&mut JsonObject(&self.body)).ok();
        }
        let with_body = RestDecoder::<Json>::response(self.response, Some(JsonObject(&self.body)));
        T::decode_members(&mut { with_body }).ok().or_else(|| {
            T::decode_members(&mut RestDecoder::<Json>::response(self.response, None)).ok()
        })
    }
}
