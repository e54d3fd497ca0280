//! restXml (botocore `rest-xml`: S3, CloudFront, Route 53): the HTTP bindings of restJson1
//! around XML bodies.
//!
//! The body is one element named after the input (its `xml_name`, else its shape name) with
//! its namespace; a structure payload is the payload member's element. A body is sent only
//! when a body member is set. Errors are `<ErrorResponse><Error><Code/><Message/>...`, or S3's
//! bare `<Error>`; the request id is in `x-amzn-RequestId` / `x-amz-request-id`, else in the
//! error document.

use crate::decode_error::DecodeError;
use crate::http::{HttpRequest, HttpResponse};
use crate::operation::{ErrorShape, Operation};
use crate::protocol::rest::{self, DocumentFormat};
use crate::protocol::xml::{self, ErrorEnvelope, XmlEncoder, XmlErrorDecoder, XmlStruct, XmlValue};
use crate::protocol::{routing, typed_error, ErrorParts, Protocol};
use crate::schema::{Member, Schema};
use crate::shape::Payload;

/// Smithy `aws.protocols#restXml`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RestXml;

/// XML as the body document of a REST protocol.
pub(crate) struct Xml;

impl DocumentFormat for Xml {
    const CONTENT_TYPE: &'static str = "application/xml";
    /// An unset structure payload sends no body (botocore, Smithy's restXml tests).
    const UNSET_SHAPE_PAYLOAD: Option<&'static [u8]> = None;

    type Encoder = XmlEncoder;

    fn body_encoder(schema: &'static Schema) -> XmlEncoder {
        XmlEncoder::rooted(schema.xml_root_name(), schema.xml_namespace)
    }

    fn finish_body(encoder: XmlEncoder, _: &'static Schema) -> Option<Vec<u8>> {
        encoder.has_content().then(|| encoder.finish())
    }

    fn payload_document<T: Payload>(value: &T, member: &'static Member) -> Vec<u8> {
        XmlEncoder::document(value, member)
    }

    type Parsed<'b> = Option<xml::Document<'b>>;

    fn parse(body: &[u8]) -> Result<Self::Parsed<'_>, DecodeError> {
        xml::parse(body)
    }

    type Root<'a> = XmlStruct<'a>;

    fn root<'a>(
        parsed: &'a Self::Parsed<'_>,
        _: &'static Schema,
    ) -> Result<XmlStruct<'a>, DecodeError> {
        Ok(XmlStruct(parsed.as_ref().map(|d| d.root_element())))
    }

    fn decode_payload<T: Payload>(
        body: &[u8],
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        let Some(document) = xml::parse(body)? else {
            return Ok(None);
        };
        T::decode(XmlValue::Element(document.root_element()), member).map(Some)
    }
}

impl Protocol for RestXml {
    const NAME: &'static str = "restXml";
    const HTTP_BINDINGS: bool = true;

    fn serialize_request<O: Operation>(input: &O) -> HttpRequest {
        rest::serialize_request::<O, Xml>(input)
    }

    fn deserialize_output<O: Operation>(response: &HttpResponse) -> Result<O::Output, DecodeError> {
        rest::deserialize_response::<O::Output, Xml>(response)
    }

    fn deserialize_error<O: Operation>(response: &HttpResponse) -> ErrorParts<O::Error> {
        typed_error::<O, _>(XmlErrorDecoder::new(response, true))
    }

    fn request_id(response: &HttpResponse) -> Option<String> {
        xml::request_id(response)
    }

    fn routes_to<O: Operation>(request: &HttpRequest) -> bool {
        routing::rest::<O>(request)
    }

    fn deserialize_request<O: Operation>(request: &HttpRequest) -> Result<O, DecodeError> {
        rest::deserialize_request::<O, Xml>(request)
    }

    fn serialize_output<O: Operation>(output: &O::Output) -> HttpResponse {
        rest::serialize_response::<O::Output, Xml>(output, O::SUCCESS_STATUS)
    }

    fn serialize_error<O: Operation, E: ErrorShape>(error: &E) -> HttpResponse {
        let envelope = xml::error_encoder(ErrorEnvelope::ErrorResponse, E::CODE, E::STATUS);
        rest::serialize_response_with_body::<E, Xml>(error, E::STATUS, envelope)
    }
}
