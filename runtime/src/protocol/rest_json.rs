//! restJson1 (botocore `rest-json`): HTTP bindings around JSON bodies.
//!
//! Errors carry their code in `X-Amzn-ErrorType`, else the body's `code` or `__type`; the
//! message in `message`, `Message` or `errorMessage`.

use crate::decode_error::DecodeError;
use crate::http::{HttpRequest, HttpResponse};
use crate::json::parse_object_body;
use crate::operation::{ErrorShape, Operation};
use crate::protocol::json::{JsonEncoder, JsonObject, JsonValue};
use crate::protocol::json_error::JsonErrorDecoder;
use crate::protocol::rest::{self, DocumentFormat};
use crate::protocol::{routing, typed_error, ErrorParts, Protocol};
use crate::schema::{Member, Schema};
use crate::shape::Payload;
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

    fn routes_to<O: Operation>(request: &HttpRequest) -> bool {
        routing::rest::<O>(request)
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
