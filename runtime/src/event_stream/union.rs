//! What the macros implement for event streams: the union of a stream's events
//! ([`EventUnion`], from `#[aws_shape(event_stream)]`), the two visits through which it meets a
//! protocol's event codec ([`EventDecoder`], [`EventEncoder`]), and the values an event member
//! marked `event_header` can hold ([`EventHeaderValue`]).
//!
//! An event is a structure: its `event_header` members travel as typed message headers, its
//! `payload` member (Smithy `eventPayload`) as the whole payload (raw bytes for a blob, text for
//! a string, a document for a structure), and its other members as one document in the
//! protocol's format. `:event-type` names the union member.

use super::message::HeaderValue;
use crate::blob::Blob;
use crate::decode_error::DecodeError;
use crate::operation::OperationError;
use crate::schema::{Member, Schema};
use crate::shape::{Shape, UnionMember};
use crate::time::DateTime;

/// The union of the events a stream carries (`#[aws_shape(event_stream)]` on an enum).
///
/// Its members are the stream's events; the stream's exception events are its
/// [`EventUnion::Error`], an `#[aws_error]` enum whose variants match the exceptions'
/// `:exception-type` (their member names in the model, given with `#[aws(name = "...")]`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an event-stream union",
    label = "not an event-stream union",
    note = "an event stream carries the events of an enum marked `#[aws_shape(event_stream)]`"
)]
pub trait EventUnion: Sized + Send + 'static {
    /// The union's members: their wire names are the `:event-type` values.
    const SCHEMA: &'static Schema;
    /// The errors the stream's exception events become.
    type Error: OperationError;

    /// Reads one event: the member `decoder` names, then its structure.
    fn decode_event<D: EventDecoder>(decoder: &mut D) -> Result<Self, DecodeError>;

    /// Writes the event: hands the member that is set to `encoder`. An `Unknown` member
    /// (which validation refuses before anything is sent) writes nothing.
    fn encode_event<E: EventEncoder>(&self, encoder: &mut E);
}

/// A protocol's reader of one event message.
pub trait EventDecoder {
    /// Which member of `schema` the message's `:event-type` names.
    fn event_type(&mut self, schema: &'static Schema) -> Result<UnionMember, DecodeError>;
    /// The event's structure, described by the union member `member`.
    fn event<T: Shape>(&mut self, member: &'static Member) -> Result<T, DecodeError>;
}

/// A protocol's writer of one event message.
pub trait EventEncoder {
    /// Writes `value` as the event named by the union member `member`.
    fn event<T: Shape>(&mut self, member: &'static Member, value: &T);
}

/// A value an event member marked `event_header` can hold, and its typed header.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an event header",
    note = "event headers hold booleans, integers (i8, i16, i32, i64), strings, string enums, \
            blobs and timestamps"
)]
pub trait EventHeaderValue: Sized {
    /// The header value.
    fn to_header_value(&self) -> HeaderValue;
    /// Reads the header value; a value of another type is an error.
    fn from_header_value(value: &HeaderValue) -> Result<Self, DecodeError>;
}

fn wrong_type(expected: &str, found: &HeaderValue) -> DecodeError {
    DecodeError::new(format!(
        "event header holds a {}, expected {expected}",
        found.type_name()
    ))
}

impl EventHeaderValue for bool {
    fn to_header_value(&self) -> HeaderValue {
        HeaderValue::Bool(*self)
    }
    fn from_header_value(value: &HeaderValue) -> Result<Self, DecodeError> {
        match value {
            HeaderValue::Bool(b) => Ok(*b),
            other => Err(wrong_type("a boolean", other)),
        }
    }
}

/// Integers are written in their own width (Smithy: byte, short, integer, long) and read from
/// any integer header that fits.
macro_rules! integer_header {
    ($($t:ty => $variant:ident),*) => {$(
        impl EventHeaderValue for $t {
            fn to_header_value(&self) -> HeaderValue {
                HeaderValue::$variant(*self)
            }
            fn from_header_value(value: &HeaderValue) -> Result<Self, DecodeError> {
                let wide = match value {
                    HeaderValue::Byte(v) => i64::from(*v),
                    HeaderValue::Int16(v) => i64::from(*v),
                    HeaderValue::Int32(v) => i64::from(*v),
                    HeaderValue::Int64(v) => *v,
                    other => return Err(wrong_type("an integer", other)),
                };
                <$t>::try_from(wide).map_err(|_| {
                    DecodeError::new(format!(
                        "event header {wide} does not fit {}",
                        stringify!($t)
                    ))
                })
            }
        }
    )*};
}

integer_header!(i8 => Byte, i16 => Int16, i32 => Int32, i64 => Int64);

impl EventHeaderValue for String {
    fn to_header_value(&self) -> HeaderValue {
        HeaderValue::String(self.clone().into())
    }
    fn from_header_value(value: &HeaderValue) -> Result<Self, DecodeError> {
        match value {
            HeaderValue::String(s) => Ok(s.as_str().to_owned()),
            other => Err(wrong_type("a string", other)),
        }
    }
}

impl EventHeaderValue for Blob {
    fn to_header_value(&self) -> HeaderValue {
        HeaderValue::Bytes(bytes::Bytes::copy_from_slice(self.as_bytes()))
    }
    fn from_header_value(value: &HeaderValue) -> Result<Self, DecodeError> {
        match value {
            HeaderValue::Bytes(b) => Ok(Blob::new(b.to_vec())),
            other => Err(wrong_type("a byte array", other)),
        }
    }
}

impl EventHeaderValue for DateTime {
    fn to_header_value(&self) -> HeaderValue {
        HeaderValue::Timestamp(*self)
    }
    fn from_header_value(value: &HeaderValue) -> Result<Self, DecodeError> {
        match value {
            HeaderValue::Timestamp(t) => Ok(*t),
            other => Err(wrong_type("a timestamp", other)),
        }
    }
}

impl<T: EventHeaderValue> EventHeaderValue for Box<T> {
    fn to_header_value(&self) -> HeaderValue {
        (**self).to_header_value()
    }
    fn from_header_value(value: &HeaderValue) -> Result<Self, DecodeError> {
        T::from_header_value(value).map(Box::new)
    }
}
