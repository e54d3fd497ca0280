//! One codec per AWS protocol, chosen by the service (`Service::Protocol`).
//!
//! A [`Protocol`] owns everything that differs between wire formats: how an operation's input
//! becomes an HTTP request, how a response becomes its output, how an error response yields
//! its code, message and modelled error, and the server side of each (for the emulator and
//! tests). It reads the shapes' format-neutral tables through [`crate::shape`]; generated code
//! never names a format.
//!
//! Adding a protocol means one module here that implements [`Protocol`] (usually with an
//! [`Encoder`](crate::shape::Encoder) and decoders of its format), a marker type, and its
//! spelling in `#[aws_service(protocol = "...")]`.

use crate::decode_error::DecodeError;
use crate::http::{HttpRequest, HttpResponse};
use crate::operation::{ErrorShape, Operation, OperationError};
use crate::shape::Shape;

mod aws_json;
#[cfg(feature = "cbor")]
pub mod cbor;
mod event_codec;
pub(crate) mod json;
mod json_error;
mod query_compatible;
mod rest;
mod rest_json;
mod routing;
#[cfg(feature = "cbor")]
mod rpc_v2_cbor;

pub use aws_json::{AwsJson1_0, AwsJson1_1};
#[cfg(feature = "cbor")]
pub use event_codec::CborEvents;
#[cfg(feature = "xml")]
pub use event_codec::XmlEvents;
pub use event_codec::{EventCodec, JsonEvents};
pub use rest_json::RestJson1;
#[cfg(feature = "cbor")]
pub use rpc_v2_cbor::RpcV2Cbor;

// The XML protocols (feature `xml`).
#[cfg(feature = "xml")]
mod ec2_query;
#[cfg(feature = "xml")]
mod form;
#[cfg(feature = "xml")]
mod query;
#[cfg(feature = "xml")]
mod rest_xml;
#[cfg(feature = "xml")]
mod xml;

#[cfg(feature = "xml")]
pub use ec2_query::Ec2Query;
#[cfg(feature = "xml")]
pub use query::AwsQuery;
#[cfg(feature = "xml")]
pub use rest_xml::RestXml;

/// An AWS wire protocol.
pub trait Protocol: Send + Sync + 'static {
    /// The protocol's name as Smithy spells it (`restJson1`).
    const NAME: &'static str;
    /// Whether operations carry HTTP bindings (`http = "METHOD /uri"`): the REST protocols.
    /// In every other protocol an operation is `POST` to a fixed path, its members all in the
    /// body.
    const HTTP_BINDINGS: bool;
    /// How the protocol's event streams carry events: its document format. Without HTTP
    /// bindings, an event stream starts with an `initial-request` or `initial-response` event
    /// holding the other members.
    type Events: EventCodec;

    /// Client side: the request for an operation's input.
    fn serialize_request<O: Operation>(input: &O) -> HttpRequest;

    /// Client side: the output of a successful response.
    fn deserialize_output<O: Operation>(response: &HttpResponse) -> Result<O::Output, DecodeError>;

    /// Client side: the output of a successful response whose streaming payload (a
    /// [`ByteStream`](crate::ByteStream) member) is `body`, handed over unread; `head` holds the
    /// status and headers. Only protocols with HTTP payloads have such outputs.
    fn deserialize_streaming_output<O: Operation>(
        head: &HttpResponse,
        body: crate::ByteStream,
    ) -> Result<O::Output, DecodeError> {
        let _ = (head, body);
        Err(DecodeError::new(format!(
            "the {} protocol has no streaming payloads",
            Self::NAME
        )))
    }

    /// Client side: an error response, read once: its code (reduced to the shape name), its
    /// message, and the operation's typed error.
    fn deserialize_error<O: Operation>(response: &HttpResponse) -> ErrorParts<O::Error>;

    /// The request id a response carries (`x-amzn-RequestId`, `x-amz-request-id`, or where the
    /// protocol puts it).
    fn request_id(response: &HttpResponse) -> Option<String> {
        response.request_id().map(str::to_owned)
    }

    /// Server side: whether `request` calls operation `O` (its method and URI, target, path or
    /// form `Action`, as the protocol routes). Mock servers find the operation with it.
    fn routes_to<O: Operation>(request: &HttpRequest) -> bool;

    /// Server side: reads an operation's input from a request routed to it.
    fn deserialize_request<O: Operation>(request: &HttpRequest) -> Result<O, DecodeError>;

    /// Server side: the success response for an output.
    fn serialize_output<O: Operation>(output: &O::Output) -> HttpResponse;

    /// Server side: the response for a modelled error.
    fn serialize_error<O: Operation, E: ErrorShape>(error: &E) -> HttpResponse;
}

/// What a protocol read from an error response.
#[derive(Debug)]
pub struct ErrorParts<E> {
    /// The error code, reduced to the shape name (`ValidationException`).
    pub code: String,
    /// The message, when the response has one.
    pub message: Option<String>,
    /// The operation's typed error.
    pub error: E,
}

/// An error response as a protocol presents it to an operation's error type.
pub trait ErrorDecoder {
    /// The error code, reduced to the shape name.
    fn code(&self) -> &str;
    /// The error's shape name, when the response names it apart from its code: a
    /// query-compatible service sends its awsQuery code (`AWS.SimpleQueueService.NonExistentQueue`)
    /// in `x-amzn-query-error` and the shape (`QueueDoesNotExist`) in the body. Modelled errors
    /// match by either, since botocore's models do not always carry the awsQuery code.
    fn shape_name(&self) -> Option<&str> {
        None
    }
    /// The message, when the response has one.
    fn message(&self) -> Option<&str>;
    /// The HTTP status.
    fn status(&self) -> u16;
    /// Reads the modelled error `T`. A body that is not the error's document (a proxy's HTML
    /// page, say) still gives the error, with the members the headers carry; `None` only when
    /// even that fails (a required member is missing).
    fn shape<T: Shape>(&mut self) -> Option<T>;

    /// Reads the modelled error `T` when the response is one: by its wire code or by its
    /// shape name (query-compatible services send the one in `x-amzn-query-error`, the other
    /// in `__type`), or, for an exception event, by `event`, its member in the stream's union.
    /// What a generated `OperationError::from_response` asks of each of its errors.
    #[inline]
    fn modelled<T: ErrorShape>(&mut self, event: Option<&str>) -> Option<T>
    where
        Self: Sized,
    {
        let name = T::SCHEMA.name;
        let code = self.code();
        let matches = code == T::CODE
            || code == name
            || event == Some(code)
            || self.shape_name() == Some(name);
        if matches {
            self.shape::<T>()
        } else {
            None
        }
    }
}

/// Whether `S` is the output of an operation that has none (Smithy's `Unit`): its response
/// body, if any, is not read (botocore and the official SDKs ignore it too; moto answers some
/// of them with `null`).
pub(crate) fn is_unit<S: 'static>() -> bool {
    std::any::TypeId::of::<S>() == std::any::TypeId::of::<()>()
}

/// Reads an error with the operation's error type, given a protocol's decoder.
pub(crate) fn typed_error<O: Operation, D: ErrorDecoder>(mut decoder: D) -> ErrorParts<O::Error> {
    let error = O::Error::from_response(&mut decoder);
    ErrorParts {
        code: decoder.code().to_owned(),
        message: decoder.message().map(str::to_owned),
        error,
    }
}

/// Reduces a raw error code to the shape name: keeps what precedes the first `:` and follows
/// the last `#` (`aws.protocoltests#FooError:http://internal` is `FooError`).
pub fn sanitize_error_code(raw: &str) -> Option<String> {
    let before_colon = raw.split(':').next().unwrap_or_default();
    let name = before_colon.rsplit('#').next().unwrap_or_default().trim();
    (!name.is_empty()).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_reduced_to_the_shape_name() {
        assert_eq!(
            sanitize_error_code("aws.protocoltests#FooError:http://internal").as_deref(),
            Some("FooError")
        );
        assert_eq!(sanitize_error_code("ns#Bar").as_deref(), Some("Bar"));
        assert_eq!(sanitize_error_code("  ").as_deref(), None);
    }
}
