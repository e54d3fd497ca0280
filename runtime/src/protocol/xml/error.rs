//! The error responses of the XML protocols. Reading accepts every envelope botocore does:
//! `<ErrorResponse><Error>...</Error><RequestId/></ErrorResponse>` (restXml, awsQuery), S3's bare
//! `<Error>...<RequestId/></Error>`, and ec2Query's
//! `<Response><Errors><Error>...</Error></Errors><RequestID/></Response>`; the code and message
//! are the `<Code>` and `<Message>` of `<Error>`, the modelled members its other children.

use super::{child, element_text, parse, Document, Element, XmlEncoder, XmlStruct};
use crate::http::HttpResponse;
use crate::protocol::rest::RestDecoder;
use crate::protocol::rest_xml::Xml;
use crate::protocol::{sanitize_error_code, ErrorDecoder};
use crate::shape::Shape;

/// The `<Error>` element of an error document.
fn error_element<'a>(document: &'a Document<'_>) -> Option<Element<'a>> {
    let root = document.root_element();
    match root.tag_name().name() {
        "ErrorResponse" => child(root, "Error"),
        "Response" => child(root, "Errors").and_then(|errors| child(errors, "Error")),
        "Error" => Some(root),
        _ => None,
    }
}

/// The request id of a response: `x-amzn-RequestId` / `x-amz-request-id`, else (error
/// responses) the error document's `RequestId` beside or inside `<Error>`, or `RequestID` in
/// ec2Query's `<Response>`.
pub(crate) fn request_id(response: &HttpResponse) -> Option<String> {
    if let Some(id) = response.request_id() {
        return Some(id.to_owned());
    }
    if (200..300).contains(&response.status) {
        return None;
    }
    let document = parse(&response.body).ok()??;
    let root = document.root_element();
    ["RequestId", "RequestID"]
        .iter()
        .find_map(|name| child(root, name))
        .or_else(|| error_element(&document).and_then(|e| child(e, "RequestId")))
        .map(|node| element_text(node).trim().to_owned())
        .filter(|id| !id.is_empty())
}

/// An XML error response, parsed once.
pub(crate) struct XmlErrorDecoder<'a> {
    response: &'a HttpResponse,
    document: Option<Document<'a>>,
    code: String,
    message: Option<String>,
    /// restXml also reads header-bound members; the query protocols read the body only.
    rest: bool,
}

impl<'a> XmlErrorDecoder<'a> {
    /// Reads the code and message of `response`; a body that is not an error document still
    /// gives an error, with the code `Http<status>`.
    pub(crate) fn new(response: &'a HttpResponse, rest: bool) -> Self {
        let document = parse(&response.body).ok().flatten();
        let error = document.as_ref().and_then(error_element);
        let text = |name: &str| {
            error
                .and_then(|e| child(e, name))
                .map(element_text)
                .map(|t| t.trim().to_owned())
        };
        let code = text("Code")
            .and_then(|c| sanitize_error_code(&c))
            .unwrap_or_else(|| format!("Http{}", response.status));
        let message = text("Message").filter(|m| !m.is_empty());
        XmlErrorDecoder {
            response,
            document,
            code,
            message,
            rest,
        }
    }

    fn members(&self) -> XmlStruct<'_> {
        XmlStruct(self.document.as_ref().and_then(error_element))
    }
}

impl ErrorDecoder for XmlErrorDecoder<'_> {
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
            return T::decode_members(&mut self.members()).ok();
        }
        let with_body = RestDecoder::<Xml>::response(self.response, Some(self.members()));
        T::decode_members(&mut { with_body }).ok().or_else(|| {
            T::decode_members(&mut RestDecoder::<Xml>::response(self.response, None)).ok()
        })
    }
}

/// The envelope of an error document a server writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorEnvelope {
    /// `<ErrorResponse><Error><Type/><Code/>...</Error></ErrorResponse>` (restXml, awsQuery).
    ErrorResponse,
    /// `<Response><Errors><Error><Code/>...</Error></Errors></Response>` (ec2Query).
    Ec2Response,
}

/// An encoder holding the start of an error document for `code`, positioned inside `<Error>`
/// for the error's members; `status` gives the fault (`Sender` below 500, else `Receiver`).
pub(crate) fn error_encoder(envelope: ErrorEnvelope, code: &str, status: u16) -> XmlEncoder {
    let mut encoder = match envelope {
        ErrorEnvelope::ErrorResponse => XmlEncoder::rooted("ErrorResponse", None),
        ErrorEnvelope::Ec2Response => {
            let mut e = XmlEncoder::rooted("Response", None);
            e.open("Errors", None);
            e
        }
    };
    encoder.open("Error", None);
    if envelope == ErrorEnvelope::ErrorResponse {
        let fault = if status < 500 { "Sender" } else { "Receiver" };
        encoder.text_element("Type", fault);
    }
    encoder.text_element("Code", code);
    encoder
}
