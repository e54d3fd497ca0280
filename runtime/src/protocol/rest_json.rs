//! restJson1 (botocore `rest-json`): HTTP bindings around JSON bodies.
//!
//! Errors carry their code in `X-Amzn-ErrorType`, else the body's `code` or `__type`; the
//! message in `message`, `Message` or `errorMessage`.

use crate::http::{HttpRequest, HttpResponse};
use crate::json::{parse_object_body, DecodeError};
use crate::operation::{ErrorShape, Operation};
use crate::protocol::json::{JsonEncoder, JsonObject, JsonValue};
use crate::protocol::rest::{self, DocumentFormat, RestDecoder};
use crate::protocol::{typed_error, ErrorDecoder, ErrorParts, Protocol};
use crate::schema::{Member, Schema};
use crate::shape::{Payload, Shape};
use serde_json::{Map, Value};

/// Smithy `aws.protocols#restJson1`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RestJson1;

/// JSON as the body document of a REST protocol.
pub(crate) struct Json;

impl DocumentFormat for Json {
    const CONTENT_TYPE: &'static str = "application/json";
    const UNSET_SHAPE_PAYLOAD: Option<&'static [u8]> = Some(b"{}");

    type Encoder = JsonEncoder;

    fn body_encoder(_: &'static Schema) -> JsonEncoder {
        JsonEncoder::top_level()
    }

    fn finish_body(encoder: JsonEncoder, _: &'static Schema) -> Option<Vec<u8>> {
        Some(encoder.finish_top_level())
    }

    fn payload_document<T: Payload>(value: &T, member: &'static Member) -> Vec<u8> {
        JsonEncoder::document(value, member)
    }

    type Parsed<'b> = Map<String, Value>;

    fn parse(body: &[u8]) -> Result<Self::Parsed<'_>, DecodeError> {
        parse_object_body(body)
    }

    type Root<'a> = JsonObject<'a>;

    fn root<'a>(
        parsed: &'a Self::Parsed<'_>,
        _: &'static Schema,
    ) -> Result<JsonObject<'a>, DecodeError> {
        Ok(JsonObject(parsed))
    }

    fn decode_payload<T: Payload>(
        body: &[u8],
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        let value = Value::Object(parse_object_body(body)?);
        T::decode(JsonValue(&value), member).map(Some)
    }
}

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
            message,
            rest,
        }
    }
}

impl ErrorDecoder for JsonErrorDecoder<'_> {
    fn code(&self) -> &str {
        &self.code
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

impl Protocol for RestJson1 {
    const NAME: &'static str = "restJson1";
    const HTTP_BINDINGS: bool = true;

    fn serialize_request<O: Operation>(input: &O) -> HttpRequest {
        rest::serialize_request::<O, Json>(input)
    }

    fn deserialize_output<O: Operation>(response: &HttpResponse) -> Result<O::Output, DecodeError> {
        rest::deserialize_response::<O::Output, Json>(response)
    }

    fn deserialize_error<O: Operation>(response: &HttpResponse) -> ErrorParts<O::Error> {
        typed_error::<O, _>(JsonErrorDecoder::new(response, true))
    }

    fn deserialize_request<O: Operation>(request: &HttpRequest) -> Result<O, DecodeError> {
        rest::deserialize_request::<O, Json>(request)
    }

    fn serialize_output<O: Operation>(output: &O::Output) -> HttpResponse {
        rest::serialize_response::<O::Output, Json>(output, O::SUCCESS_STATUS)
    }

    fn serialize_error<O: Operation, E: ErrorShape>(error: &E) -> HttpResponse {
        let mut response = rest::serialize_response::<E, Json>(error, E::STATUS);
        response
            .headers
            .push(("x-amzn-errortype".into(), E::CODE.into()));
        response
    }
}
