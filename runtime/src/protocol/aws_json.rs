//! awsJson1_0 and awsJson1_1 (botocore `json`): every operation is `POST /` with
//! `X-Amz-Target: <targetPrefix>.<Operation>` and the whole input as a JSON object; HTTP
//! bindings do not apply.
//!
//! Errors carry their code in the body's `__type` (or `code`, or `X-Amzn-ErrorType`); a service
//! marked `awsQueryCompatible` is asked for its awsQuery codes and sends them in
//! `x-amzn-query-error: Code;Fault`, which wins ([`query_compatible`]).

use crate::decode_error::DecodeError;
use crate::http::{HttpRequest, HttpResponse};
use crate::json::parse_object_body;
use crate::operation::{ErrorShape, Operation, Service};
use crate::protocol::json::{JsonEncoder, JsonObject};
use crate::protocol::json_error::JsonErrorDecoder;
use crate::protocol::{query_compatible, routing, typed_error, ErrorParts, Protocol};
use crate::schema::Member;
use crate::shape::{Encoder, Shape};

/// Smithy `aws.protocols#awsJson1_0`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AwsJson1_0;

/// Smithy `aws.protocols#awsJson1_1`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AwsJson1_1;

fn request<O: Operation>(input: &O, content_type: &str) -> HttpRequest {
    let service = <O::Service as Service>::TARGET_PREFIX;
    let target = match service {
        Some(prefix) => format!("{prefix}.{}", O::NAME),
        None => O::NAME.to_owned(),
    };
    HttpRequest {
        method: "POST",
        path: "/".into(),
        query: Vec::new(),
        headers: [
            ("content-type".into(), content_type.into()),
            ("x-amz-target".into(), target),
        ]
        .into_iter()
        .chain(query_compatible::mode_header::<O::Service>())
        .collect(),
        body: Some(JsonEncoder::object(input)),
        host_prefix: input.host_prefix(),
    }
}

fn output<S: Shape>(response: &HttpResponse) -> Result<S, DecodeError> {
    let body = parse_object_body(&response.body)?;
    S::decode_members(&mut JsonObject(&body))
}

fn error<O: Operation>(response: &HttpResponse) -> ErrorParts<O::Error> {
    let mut decoder = JsonErrorDecoder::new(response, false);
    if let Some(code) = query_compatible::error_code::<O::Service>(response) {
        decoder.shape_name = Some(std::mem::replace(&mut decoder.code, code.to_owned()));
    }
    typed_error::<O, _>(decoder)
}

fn input<O: Operation>(request: &HttpRequest) -> Result<O, DecodeError> {
    let body = parse_object_body(request.body.as_deref().unwrap_or_default())?;
    O::decode_members(&mut JsonObject(&body))
}

fn success<S: Shape>(value: &S, content_type: &str) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![("content-type".into(), content_type.into())],
        body: JsonEncoder::object(value),
    }
}

/// The `__type` member that leads an error body.
static ERROR_TYPE: Member = Member::new("__type");

fn failure<E: ErrorShape>(error: &E, content_type: &str) -> HttpResponse {
    let mut encoder = JsonEncoder::top_level();
    encoder.field(&ERROR_TYPE, E::CODE);
    error.encode_members(&mut encoder);
    HttpResponse {
        status: E::STATUS,
        headers: vec![("content-type".into(), content_type.into())],
        body: encoder.finish_top_level(),
    }
}

macro_rules! aws_json_protocol {
    ($name:ident, $smithy:literal, $content_type:literal) => {
        impl Protocol for $name {
            const NAME: &'static str = $smithy;
            const HTTP_BINDINGS: bool = false;

            fn serialize_request<O: Operation>(input: &O) -> HttpRequest {
                request(input, $content_type)
            }

            fn deserialize_output<O: Operation>(
                response: &HttpResponse,
            ) -> Result<O::Output, DecodeError> {
                output::<O::Output>(response)
            }

            fn deserialize_error<O: Operation>(response: &HttpResponse) -> ErrorParts<O::Error> {
                error::<O>(response)
            }

            fn routes_to<O: Operation>(request: &HttpRequest) -> bool {
                routing::target::<O>(request, <O::Service as Service>::TARGET_PREFIX)
            }

            fn deserialize_request<O: Operation>(request: &HttpRequest) -> Result<O, DecodeError> {
                input::<O>(request)
            }

            fn serialize_output<O: Operation>(output: &O::Output) -> HttpResponse {
                success(output, $content_type)
            }

            fn serialize_error<O: Operation, E: ErrorShape>(error: &E) -> HttpResponse {
                failure(error, $content_type)
            }
        }
    };
}

aws_json_protocol!(AwsJson1_0, "awsJson1_0", "application/x-amz-json-1.0");
aws_json_protocol!(AwsJson1_1, "awsJson1_1", "application/x-amz-json-1.1");
