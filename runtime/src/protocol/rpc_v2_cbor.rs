//! Smithy RPC v2 CBOR (`smithy.protocols#rpcv2Cbor`, botocore `smithy-rpc-v2-cbor`): every
//! operation is `POST /service/{ServiceName}/operation/{Operation}` with the headers
//! `smithy-protocol: rpc-v2-cbor` and `Accept: application/cbor`, and the whole input as one CBOR
//! map ([`crate::protocol::cbor`]). The service name is the model's `targetPrefix`, as botocore
//! builds the path. An operation without input ([`Operation::HAS_INPUT`]) sends no body and no
//! `Content-Type`; HTTP bindings do not apply.
//!
//! Errors carry their code in the body's `__type` (reduced to the shape name) and their message
//! in `message` or `Message`; a query-compatible service's `x-amzn-query-error` wins
//! ([`query_compatible`]).

use crate::decode_error::DecodeError;
use crate::http::{HttpRequest, HttpResponse};
use crate::operation::{ErrorShape, Operation, Service};
use crate::protocol::cbor::{parse_map_body, CborEncoder, CborMap, CborValue, Item};
use crate::protocol::rest::DocumentFormat;
use crate::protocol::{
    is_unit, query_compatible, sanitize_error_code, typed_error, ErrorDecoder, ErrorParts, Protocol,
};
use crate::schema::{Member, Schema};
use crate::shape::{Encoder, Payload, Shape};

/// Smithy `smithy.protocols#rpcv2Cbor`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RpcV2Cbor;

/// CBOR as the document format of event payloads (and of `initial-response` events).
pub(crate) struct Cbor;

impl DocumentFormat for Cbor {
    const CONTENT_TYPE: &'static str = CBOR;
    const UNSET_SHAPE_PAYLOAD: Option<&'static [u8]> = None;

    type Encoder = CborEncoder;

    fn body_encoder(_: &'static Schema) -> CborEncoder {
        CborEncoder::top_level()
    }

    fn finish_body(encoder: CborEncoder, _: &'static Schema) -> Option<Vec<u8>> {
        Some(encoder.finish_top_level())
    }

    fn payload_document<T: Payload>(value: &T, member: &'static Member) -> Vec<u8> {
        CborEncoder::document(value, member)
    }

    type Parsed<'b> = Vec<(Item<'b>, Item<'b>)>;

    fn parse(body: &[u8]) -> Result<Self::Parsed<'_>, DecodeError> {
        parse_map_body(body)
    }

    type Root<'a> = CborMap<'a, 'a>;

    fn root<'a>(
        parsed: &'a Self::Parsed<'_>,
        _: &'static Schema,
    ) -> Result<CborMap<'a, 'a>, DecodeError> {
        Ok(CborMap(parsed))
    }

    fn decode_payload<T: Payload>(
        body: &[u8],
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        if body.is_empty() {
            return Ok(None);
        }
        let item = crate::protocol::cbor::parse(body)?;
        T::decode(CborValue(&item), member).map(Some)
    }
}

/// The media type of every body.
const CBOR: &str = "application/cbor";

/// The header that names the protocol, and its value.
const SMITHY_PROTOCOL: (&str, &str) = ("smithy-protocol", "rpc-v2-cbor");

/// The `__type` member that leads an error body.
static ERROR_TYPE: Member = Member::new("__type");

/// An error response, parsed once.
struct CborErrorDecoder<'a> {
    status: u16,
    /// The body's entries; empty when the body is not a CBOR map.
    body: Vec<(Item<'a>, Item<'a>)>,
    code: String,
    /// The body's `__type` when a query-compatible service's awsQuery code replaced it.
    shape_name: Option<String>,
    message: Option<String>,
}

impl<'a> CborErrorDecoder<'a> {
    fn new<S: Service>(response: &'a HttpResponse) -> Self {
        let body = parse_map_body(&response.body).unwrap_or_default();
        let map = CborMap(&body);
        let body_type = map.text("__type").and_then(sanitize_error_code);
        let (code, shape_name) = match query_compatible::error_code::<S>(response) {
            Some(query_code) => (query_code.to_owned(), body_type),
            None => (
                body_type.unwrap_or_else(|| format!("Http{}", response.status)),
                None,
            ),
        };
        let message = ["message", "Message"]
            .iter()
            .find_map(|k| map.text(k))
            .map(str::to_owned);
        CborErrorDecoder {
            status: response.status,
            body,
            code,
            shape_name,
            message,
        }
    }
}

impl ErrorDecoder for CborErrorDecoder<'_> {
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
        self.status
    }

    fn shape<T: Shape>(&mut self) -> Option<T> {
        T::decode_members(&mut CborMap(&self.body)).ok()
    }
}

fn response(status: u16, body: Option<Vec<u8>>) -> HttpResponse {
    let mut headers = vec![(SMITHY_PROTOCOL.0.to_owned(), SMITHY_PROTOCOL.1.to_owned())];
    if body.is_some() {
        headers.push(("content-type".into(), CBOR.into()));
    }
    HttpResponse {
        status,
        headers,
        body: body.unwrap_or_default(),
    }
}

/// `/service/{ServiceName}/operation/{Operation}`.
fn operation_path<O: Operation>() -> String {
    // `#[aws_service]` requires `target_prefix` for this protocol; a service written by hand
    // without one is named by its id without spaces, as Smithy names service shapes.
    let service = match <O::Service as Service>::TARGET_PREFIX {
        Some(prefix) => prefix.to_owned(),
        None => <O::Service as Service>::SERVICE_ID.replace(' ', ""),
    };
    format!("/service/{service}/operation/{}", O::NAME)
}

impl Protocol for RpcV2Cbor {
    const NAME: &'static str = "rpcv2Cbor";
    const HTTP_BINDINGS: bool = false;
    type Events = crate::protocol::CborEvents;

    fn serialize_request<O: Operation>(input: &O) -> HttpRequest {
        let mut headers = vec![
            (SMITHY_PROTOCOL.0.to_owned(), SMITHY_PROTOCOL.1.to_owned()),
            ("accept".into(), CBOR.into()),
        ];
        let body = O::HAS_INPUT.then(|| {
            headers.push(("content-type".into(), CBOR.into()));
            CborEncoder::object(input)
        });
        headers.extend(query_compatible::mode_header::<O::Service>());
        HttpRequest {
            method: "POST",
            path: operation_path::<O>(),
            query: Vec::new(),
            headers,
            body: body.map(Into::into),
            host_prefix: input.host_prefix(),
        }
    }

    fn deserialize_output<O: Operation>(response: &HttpResponse) -> Result<O::Output, DecodeError> {
        // An operation without output ignores whatever body comes back.
        let body = if is_unit::<O::Output>() {
            Vec::new()
        } else {
            parse_map_body(&response.body)?
        };
        O::Output::decode_members(&mut CborMap(&body))
    }

    fn deserialize_error<O: Operation>(response: &HttpResponse) -> ErrorParts<O::Error> {
        typed_error::<O, _>(CborErrorDecoder::new::<O::Service>(response))
    }

    fn routes_to<O: Operation>(request: &HttpRequest) -> bool {
        request.path == operation_path::<O>()
    }

    fn deserialize_request<O: Operation>(request: &HttpRequest) -> Result<O, DecodeError> {
        if request.header(SMITHY_PROTOCOL.0) != Some(SMITHY_PROTOCOL.1) {
            return Err(DecodeError::new(
                "an rpcv2Cbor request carries `smithy-protocol: rpc-v2-cbor`",
            ));
        }
        let body = parse_map_body(request.body_bytes().unwrap_or_default())?;
        O::decode_members(&mut CborMap(&body))
    }

    fn serialize_output<O: Operation>(output: &O::Output) -> HttpResponse {
        let body = (!is_unit::<O::Output>()).then(|| CborEncoder::object(output));
        response(O::SUCCESS_STATUS, body)
    }

    fn serialize_error<O: Operation, E: ErrorShape>(error: &E) -> HttpResponse {
        let mut encoder = CborEncoder::top_level();
        encoder.field(&ERROR_TYPE, E::CODE);
        error.encode_members(&mut encoder);
        response(E::STATUS, Some(encoder.finish_top_level()))
    }
}
