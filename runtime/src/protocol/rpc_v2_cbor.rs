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
use crate::protocol::cbor::{parse_map_body, CborEncoder, CborMap, Item};
use crate::protocol::{
    query_compatible, sanitize_error_code, typed_error, ErrorDecoder, ErrorParts, Protocol,
};
use crate::schema::Member;
use crate::shape::{Encoder, Shape};
use std::any::TypeId;

/// Smithy `smithy.protocols#rpcv2Cbor`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RpcV2Cbor;

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

/// Whether `S` is the output of an operation that has none: then the response has no body.
fn is_unit<S: 'static>() -> bool {
    TypeId::of::<S>() == TypeId::of::<()>()
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
            body,
            host_prefix: input.host_prefix(),
        }
    }

    fn deserialize_output<O: Operation>(response: &HttpResponse) -> Result<O::Output, DecodeError> {
        let body = parse_map_body(&response.body)?;
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
        let body = parse_map_body(request.body.as_deref().unwrap_or_default())?;
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
