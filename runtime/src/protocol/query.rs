//! awsQuery (botocore `query`: STS, IAM, SNS, SES, RDS, CloudFormation...): every operation
//! is `POST /` with a form body `Action=Op&Version=API_VERSION&...`; responses are XML
//! `<OpResponse><OpResult>...</OpResult></OpResponse>` (the wrapper is always the operation's
//! name and `Result`), errors `<ErrorResponse><Error><Type/><Code/><Message/>...`.
//!
//! The functions here serve ec2Query too ([`super::ec2_query`]), which differs in its form
//! keys ([`Dialect`]), its unwrapped responses and its error envelope.

use crate::decode_error::DecodeError;
use crate::http::{HttpRequest, HttpResponse};
use crate::operation::{ErrorShape, Operation, Service};
use crate::protocol::form::{form_body, Dialect, FormEncoder, FormStruct, FormTree};
use crate::protocol::xml::{self, child, ErrorEnvelope, XmlEncoder, XmlErrorDecoder, XmlStruct};
use crate::protocol::{routing, typed_error, ErrorParts, Protocol};
use crate::shape::Shape;

/// Smithy `aws.protocols#awsQuery`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AwsQuery;

/// The request content type of both query protocols (with botocore's charset).
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";
/// The response content type a server of either protocol sends.
const XML_CONTENT_TYPE: &str = "text/xml";

/// The request for `input`: `POST /` with its form body.
pub(crate) fn request<O: Operation>(input: &O, dialect: Dialect) -> HttpRequest {
    let head = vec![
        ("Action".to_owned(), O::NAME.to_owned()),
        (
            "Version".to_owned(),
            <O::Service as Service>::API_VERSION.to_owned(),
        ),
    ];
    let mut encoder = FormEncoder::new(dialect, head);
    input.encode_members(&mut encoder);
    HttpRequest {
        method: "POST",
        path: "/".into(),
        query: Vec::new(),
        headers: vec![("content-type".into(), FORM_CONTENT_TYPE.into())],
        body: Some(form_body(&encoder.finish())),
        host_prefix: input.host_prefix(),
    }
}

/// The name of awsQuery's result wrapper.
fn result_wrapper<O: Operation>() -> String {
    format!("{}Result", O::NAME)
}

/// Reads a success response: the members are the children of the root element (awsQuery:
/// of its `<OpResult>` when present). An empty body is an output with no member set.
pub(crate) fn output<O: Operation>(
    response: &HttpResponse,
    dialect: Dialect,
) -> Result<O::Output, DecodeError> {
    let document = xml::parse(&response.body)?;
    let root = document.as_ref().map(|d| d.root_element());
    let members = match (root, dialect) {
        (Some(root), Dialect::Query) => child(root, &result_wrapper::<O>()).or(Some(root)),
        (root, _) => root,
    };
    <O::Output as Shape>::decode_members(&mut XmlStruct(members))
}

/// Reads an error response.
pub(crate) fn error<O: Operation>(response: &HttpResponse) -> ErrorParts<O::Error> {
    typed_error::<O, _>(XmlErrorDecoder::new(response, false))
}

/// Server side: reads `O` from a form body whose `Action` names it.
pub(crate) fn input<O: Operation>(
    request: &HttpRequest,
    dialect: Dialect,
) -> Result<O, DecodeError> {
    let tree = FormTree::parse(request.body.as_deref().unwrap_or_default())?;
    match tree.value("Action") {
        Some(action) if action == O::NAME => {}
        Some(other) => {
            return Err(DecodeError::new(format!(
                "the form's Action is `{other}`, not `{}`",
                O::NAME
            )))
        }
        None => return Err(DecodeError::new("the form has no Action")),
    }
    O::decode_members(&mut FormStruct {
        dialect,
        node: &tree,
    })
}

/// Server side: the success response, `<OpResponse>` (awsQuery: around `<OpResult>`).
pub(crate) fn success<O: Operation>(output: &O::Output, dialect: Dialect) -> HttpResponse {
    let mut encoder = XmlEncoder::default();
    encoder.open(format!("{}Response", O::NAME), None);
    if dialect == Dialect::Query {
        encoder.open(result_wrapper::<O>(), None);
    }
    output.encode_members(&mut encoder);
    xml_response(O::SUCCESS_STATUS, encoder.finish())
}

/// Server side: the error response.
pub(crate) fn failure<E: ErrorShape>(error: &E, envelope: ErrorEnvelope) -> HttpResponse {
    let mut encoder = xml::error_encoder(envelope, E::CODE, E::STATUS);
    error.encode_members(&mut encoder);
    xml_response(E::STATUS, encoder.finish())
}

fn xml_response(status: u16, body: Vec<u8>) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("content-type".into(), XML_CONTENT_TYPE.into())],
        body,
    }
}

impl Protocol for AwsQuery {
    const NAME: &'static str = "awsQuery";
    const HTTP_BINDINGS: bool = false;

    fn serialize_request<O: Operation>(input: &O) -> HttpRequest {
        request(input, Dialect::Query)
    }

    fn deserialize_output<O: Operation>(response: &HttpResponse) -> Result<O::Output, DecodeError> {
        output::<O>(response, Dialect::Query)
    }

    fn deserialize_error<O: Operation>(response: &HttpResponse) -> ErrorParts<O::Error> {
        error::<O>(response)
    }

    fn request_id(response: &HttpResponse) -> Option<String> {
        xml::request_id(response)
    }

    fn routes_to<O: Operation>(request: &HttpRequest) -> bool {
        routing::form_action::<O>(request)
    }

    fn deserialize_request<O: Operation>(request: &HttpRequest) -> Result<O, DecodeError> {
        input::<O>(request, Dialect::Query)
    }

    fn serialize_output<O: Operation>(output: &O::Output) -> HttpResponse {
        success::<O>(output, Dialect::Query)
    }

    fn serialize_error<O: Operation, E: ErrorShape>(error: &E) -> HttpResponse {
        failure(error, ErrorEnvelope::ErrorResponse)
    }
}
