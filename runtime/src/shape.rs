//! The seam between shapes and wire formats.
//!
//! The macros give every structure and union a [`Shape`] impl: its [`Schema`] and two visits,
//! [`Shape::encode_members`] and [`Shape::decode_members`], that hand each member to an
//! [`Encoder`] or take it from a [`StructDecoder`] by its [`Member`] description. Values
//! (strings, numbers, timestamps, lists, maps, nested shapes...) implement [`Encode`] and
//! [`Decode`] by calling the one method of the encoder or decoder that fits them. Each protocol
//! implements the encoder and decoder traits once ([`crate::protocol`]); nothing generated knows
//! a wire format.
//!
//! Bound members (labels, query parameters, headers, payloads, status codes) go through their
//! own methods, whose bounds keep the types the binding allows. Only the top-level encoder and
//! decoder of a REST protocol treat them specially; every other one reads and writes them as
//! body members, which is what botocore and Smithy do for nested and RPC shapes. Likewise the
//! headers of event structures (`event_header`) are headers only to the event codec, and an
//! output's event stream (`event_stream`) is handed over only by the decoder of a streaming
//! response; the visits skip an input's event stream, which the client takes separately
//! ([`crate::Operation::take_input_events`]).

use crate::blob::Blob;
use crate::decode_error::DecodeError;
use crate::event_stream::{EventHeaderValue, EventStreamOutput};
use crate::http_binding::{
    FromHeader, FromQuery, FromQueryMap, HttpText, ToHeader, ToQuery, ToQueryMap,
};
use crate::schema::{Member, Schema};
use crate::time::DateTime;
use crate::Document;
use std::collections::HashMap;

/// A structure or union described by the macros.
pub trait Shape: Sized {
    /// The shape's description.
    const SCHEMA: &'static Schema;
    /// Whether a member is a streaming payload ([`PayloadKind::Stream`]): an output that has one
    /// is handed out before its body is read.
    const STREAMING_PAYLOAD: bool = false;

    /// Hands every set member to `encoder` (XML attributes first, then model order).
    fn encode_members<E: Encoder>(&self, encoder: &mut E);

    /// Builds the shape from the members `decoder` finds; a required member that is absent is
    /// an error.
    fn decode_members<D: StructDecoder>(decoder: &mut D) -> Result<Self, DecodeError>;
}

/// A value a protocol can write.
pub trait Encode {
    /// Writes `self` at the position `member` describes.
    fn encode<E: Encoder>(&self, encoder: &mut E, member: &'static Member);
}

/// A value a protocol can read.
pub trait Decode: Sized {
    /// `true` only for `Option<T>`: the items of sparse lists and maps, where null is a value.
    const NULLABLE: bool = false;

    /// Reads a value at the position `member` describes.
    fn decode<D: ValueDecoder>(decoder: D, member: &'static Member) -> Result<Self, DecodeError>;
}

/// A wire format's writer. Scalar and container methods write one value at the current
/// position; member methods place a structure member (JSON: its key; XML: its element or
/// attribute; awsQuery: its key prefix) and then write the value.
pub trait Encoder: Sized {
    /// A string (also string enums).
    fn string(&mut self, member: &'static Member, value: &str);
    /// A boolean.
    fn boolean(&mut self, member: &'static Member, value: bool);
    /// An integer of any width.
    fn integer(&mut self, member: &'static Member, value: i64);
    /// A 32-bit float (`float`).
    fn float(&mut self, member: &'static Member, value: f32);
    /// A 64-bit float (`double`).
    fn double(&mut self, member: &'static Member, value: f64);
    /// A timestamp, in the member's format or the format's default.
    fn timestamp(&mut self, member: &'static Member, value: &DateTime);
    /// Binary data.
    fn blob(&mut self, member: &'static Member, value: &[u8]);
    /// A free-form document (JSON-based protocols only).
    fn document(&mut self, member: &'static Member, value: &Document);
    /// An explicit null: the absent items of sparse lists and maps.
    fn null(&mut self, member: &'static Member);
    /// A list; `member.item()` describes the items.
    fn list<T: Encode>(&mut self, member: &'static Member, items: &[T]);
    /// A map, written in key order so bodies (and their signatures) are deterministic.
    fn map<V: Encode>(&mut self, member: &'static Member, entries: &HashMap<String, V>);
    /// A nested structure or union.
    fn shape<S: Shape>(&mut self, member: &'static Member, value: &S);

    /// A member of the structure being written.
    fn field<T: Encode + ?Sized>(&mut self, member: &'static Member, value: &T) {
        value.encode(self, member);
    }
    /// A member bound to a URI label.
    fn label<T: HttpText + Encode>(&mut self, member: &'static Member, value: &T) {
        self.field(member, value);
    }
    /// A member bound to a query parameter.
    fn query<T: ToQuery + Encode>(&mut self, member: &'static Member, value: &T) {
        self.field(member, value);
    }
    /// A member bound to the remaining query parameters.
    fn query_map<T: ToQueryMap + Encode>(&mut self, member: &'static Member, value: &T) {
        self.field(member, value);
    }
    /// A member bound to a header.
    fn header<T: ToHeader + Encode>(&mut self, member: &'static Member, value: &T) {
        self.field(member, value);
    }
    /// A member bound to prefixed headers.
    fn prefix_headers(&mut self, member: &'static Member, value: &HashMap<String, String>) {
        self.field(member, value);
    }
    /// The member bound to the whole body.
    fn payload<T: Payload>(&mut self, member: &'static Member, value: &T) {
        self.field(member, value);
    }
    /// The member bound to the whole body, left unset (some protocols still send a body).
    fn payload_unset<T: Payload>(&mut self, member: &'static Member) {
        let _ = member;
    }
    /// The member bound to the status code (outputs, server side).
    fn status_code(&mut self, member: &'static Member, value: i32) {
        self.field(member, &value);
    }
    /// A typed header of an event message (event structures only).
    fn event_header<T: EventHeaderValue + Encode>(&mut self, member: &'static Member, value: &T) {
        self.field(member, value);
    }
}

/// A wire format's reader positioned on one value. Each method consumes the position.
pub trait ValueDecoder: Sized {
    /// The reader of a structure at this position.
    type Struct: StructDecoder;

    /// Whether the value is an explicit null.
    fn is_null(&self) -> bool;
    /// A string.
    fn string(self, member: &'static Member) -> Result<String, DecodeError>;
    /// A boolean.
    fn boolean(self, member: &'static Member) -> Result<bool, DecodeError>;
    /// An integer; the caller narrows it to its width.
    fn integer(self, member: &'static Member) -> Result<i64, DecodeError>;
    /// A float of either width (`NaN` and the infinities included).
    fn double(self, member: &'static Member) -> Result<f64, DecodeError>;
    /// A timestamp, in the member's format or the format's default.
    fn timestamp(self, member: &'static Member) -> Result<DateTime, DecodeError>;
    /// Binary data.
    fn blob(self, member: &'static Member) -> Result<Blob, DecodeError>;
    /// A free-form document.
    fn document(self, member: &'static Member) -> Result<Document, DecodeError>;
    /// A list; dense lists skip null items, sparse ones (`T::NULLABLE`) keep them.
    fn list<T: Decode>(self, member: &'static Member) -> Result<Vec<T>, DecodeError>;
    /// A map; dense maps skip null values.
    fn map<V: Decode>(self, member: &'static Member) -> Result<HashMap<String, V>, DecodeError>;
    /// A nested structure or union.
    fn shape(self, member: &'static Member) -> Result<Self::Struct, DecodeError>;
}

/// Which member of a union a decoder found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnionMember {
    /// The member at this index of the union's schema.
    Known(usize),
    /// A member the schema does not know: its wire name.
    Unknown(String),
}

/// A wire format's reader positioned on a structure or union.
pub trait StructDecoder: Sized {
    /// A member of the structure; `None` when absent (or null).
    fn field<T: Decode>(&mut self, member: &'static Member) -> Result<Option<T>, DecodeError>;

    /// Which member a union holds. Absent or several members are errors.
    fn union_member(&mut self, schema: &'static Schema) -> Result<UnionMember, DecodeError>;

    /// A member bound to a URI label (server side).
    fn label<T: HttpText + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        self.field(member)
    }
    /// A member bound to a query parameter (server side).
    fn query<T: FromQuery + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        self.field(member)
    }
    /// A member bound to the remaining query parameters (server side).
    fn query_map<T: FromQueryMap + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        self.field(member)
    }
    /// A member bound to a header.
    fn header<T: FromHeader + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        self.field(member)
    }
    /// A member bound to prefixed headers.
    fn prefix_headers(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<HashMap<String, String>>, DecodeError> {
        self.field(member)
    }
    /// The member bound to the whole body.
    fn payload<T: Payload>(&mut self, member: &'static Member) -> Result<Option<T>, DecodeError> {
        self.field(member)
    }
    /// The member bound to the status code (outputs).
    fn status_code(&mut self, member: &'static Member) -> Result<Option<i32>, DecodeError> {
        self.field(member)
    }
    /// A typed header of an event message (event structures only).
    fn event_header<T: EventHeaderValue + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        self.field(member)
    }
    /// An output's event stream. Only the decoder of a streaming response has one to give; any
    /// other finds it absent.
    fn event_stream<T: EventStreamOutput>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        let _ = member;
        Ok(None)
    }
}

/// What a member bound to the whole body can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayloadKind {
    /// Raw bytes (`application/octet-stream` unless a member sets `Content-Type`).
    Blob,
    /// UTF-8 text (`text/plain`): strings and string enums.
    Text,
    /// A structure in the protocol's document format (restJson1: JSON, restXml: XML).
    Shape,
    /// A union in the protocol's document format; unlike a structure, nothing is sent when it
    /// is unset.
    Union,
    /// A JSON document.
    Document,
    /// A stream of bytes that is never held whole: [`Body`](crate::Body) in inputs,
    /// [`ByteStream`](crate::ByteStream) in outputs (Smithy `@streaming` blobs).
    Stream,
}

/// A member type that can be bound to the whole body (`payload`).
pub trait Payload: Encode + Decode {
    /// How the body carries it.
    const KIND: PayloadKind;

    /// The raw bytes of a [`PayloadKind::Blob`] or [`PayloadKind::Text`] payload.
    fn raw_bytes(&self) -> Option<&[u8]> {
        None
    }

    /// Reads a [`PayloadKind::Blob`] or [`PayloadKind::Text`] payload from the body bytes.
    fn from_raw_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let _ = bytes;
        Err(DecodeError::new("this payload is not carried as raw bytes"))
    }

    /// The body of a [`PayloadKind::Stream`] payload, to send as it is.
    fn to_body(&self) -> Option<crate::Body> {
        None
    }

    /// Reads a [`PayloadKind::Stream`] payload from the response body, handed over unread.
    fn from_byte_stream(stream: crate::ByteStream) -> Result<Self, DecodeError> {
        let _ = stream;
        Err(DecodeError::new("this payload is not a stream"))
    }
}

/// Error for a required member that is absent.
pub fn missing_member(member: &Member) -> DecodeError {
    let name = match member.binding {
        crate::schema::Binding::Header(h) => h,
        crate::schema::Binding::Query(q) => q,
        _ => member.name,
    };
    DecodeError::new("required member is missing").at(name)
}

/// Unwraps a required member read by [`Shape::decode_members`].
#[inline]
pub fn required<T>(value: Option<T>, member: &Member) -> Result<T, DecodeError> {
    value.ok_or_else(|| missing_member(member))
}

// ---- Leaf values ----------------------------------------------------------------------------

impl Encode for String {
    fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
        e.string(m, self);
    }
}

impl Encode for str {
    fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
        e.string(m, self);
    }
}

impl Decode for String {
    fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
        d.string(m)
    }
}

impl Payload for String {
    const KIND: PayloadKind = PayloadKind::Text;
    fn raw_bytes(&self) -> Option<&[u8]> {
        Some(self.as_bytes())
    }
    fn from_raw_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        String::from_utf8(bytes.to_vec())
            .map_err(|_| DecodeError::new("text payload is not valid UTF-8"))
    }
}

impl Encode for bool {
    fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
        e.boolean(m, *self);
    }
}

impl Decode for bool {
    fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
        d.boolean(m)
    }
}

macro_rules! integer_shape {
    ($($t:ty => $what:literal),*) => {$(
        impl Encode for $t {
            fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
                e.integer(m, i64::from(*self));
            }
        }

        impl Decode for $t {
            fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
                let wide = d.integer(m)?;
                <$t>::try_from(wide)
                    .map_err(|_| DecodeError::new(format!(concat!("{} does not fit ", $what), wide)))
            }
        }
    )*};
}

integer_shape!(i8 => "an 8-bit integer", i16 => "a 16-bit integer",
               i32 => "a 32-bit integer", i64 => "a 64-bit integer");

impl Encode for f32 {
    fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
        e.float(m, *self);
    }
}

impl Decode for f32 {
    fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
        d.double(m).map(|v| v as f32)
    }
}

impl Encode for f64 {
    fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
        e.double(m, *self);
    }
}

impl Decode for f64 {
    fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
        d.double(m)
    }
}

impl Encode for DateTime {
    fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
        e.timestamp(m, self);
    }
}

impl Decode for DateTime {
    fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
        d.timestamp(m)
    }
}

impl Encode for Blob {
    fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
        e.blob(m, self.as_bytes());
    }
}

impl Decode for Blob {
    fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
        d.blob(m)
    }
}

impl Payload for Blob {
    const KIND: PayloadKind = PayloadKind::Blob;
    fn raw_bytes(&self) -> Option<&[u8]> {
        Some(self.as_bytes())
    }
    fn from_raw_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        Ok(Blob::new(bytes))
    }
}

/// A streaming body outside a payload position (where no protocol puts one) is written as a blob
/// when it is held in memory, and as an empty blob otherwise.
impl Encode for crate::Body {
    fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
        e.blob(m, self.as_bytes().unwrap_or_default());
    }
}

/// Server side: a request's streaming payload, read whole (the emulator and tests).
impl Decode for crate::Body {
    fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
        d.blob(m).map(crate::Body::from)
    }
}

impl Payload for crate::Body {
    const KIND: PayloadKind = PayloadKind::Stream;
    fn raw_bytes(&self) -> Option<&[u8]> {
        self.as_bytes()
    }
    fn from_raw_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        Ok(crate::Body::from(bytes.to_vec()))
    }
    fn to_body(&self) -> Option<crate::Body> {
        Some(self.clone())
    }
}

/// Server side: a response's streaming payload cannot be written from a stream without reading
/// it; servers write such bodies themselves, so this writes nothing.
impl Encode for crate::ByteStream {
    fn encode<E: Encoder>(&self, _: &mut E, _: &'static Member) {}
}

impl Decode for crate::ByteStream {
    fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
        d.blob(m).map(|b| crate::ByteStream::from(b.into_inner()))
    }
}

impl Payload for crate::ByteStream {
    const KIND: PayloadKind = PayloadKind::Stream;
    fn from_raw_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        Ok(crate::ByteStream::from(bytes.to_vec()))
    }
    fn from_byte_stream(stream: crate::ByteStream) -> Result<Self, DecodeError> {
        Ok(stream)
    }
    /// Server side (mock servers): a stream of bytes in memory is written whole; one over a
    /// live stream cannot be read here and writes nothing.
    fn to_body(&self) -> Option<crate::Body> {
        self.unread_bytes().map(crate::Body::from)
    }
}

impl Encode for Document {
    fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
        e.document(m, self);
    }
}

impl Decode for Document {
    fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
        d.document(m)
    }
}

impl Payload for Document {
    const KIND: PayloadKind = PayloadKind::Document;
}

// ---- Wrappers and containers ----------------------------------------------------------------

impl<T: Encode> Encode for Option<T> {
    fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
        match self {
            Some(v) => v.encode(e, m),
            None => e.null(m),
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    const NULLABLE: bool = true;

    fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
        if d.is_null() {
            return Ok(None);
        }
        T::decode(d, m).map(Some)
    }
}

impl<T: Encode + ?Sized> Encode for Box<T> {
    fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
        (**self).encode(e, m);
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
        T::decode(d, m).map(Box::new)
    }
}

impl<T: Payload> Payload for Box<T> {
    const KIND: PayloadKind = T::KIND;
    fn raw_bytes(&self) -> Option<&[u8]> {
        (**self).raw_bytes()
    }
    fn from_raw_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        T::from_raw_bytes(bytes).map(Box::new)
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
        e.list(m, self);
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
        d.list(m)
    }
}

impl<V: Encode> Encode for HashMap<String, V> {
    fn encode<E: Encoder>(&self, e: &mut E, m: &'static Member) {
        e.map(m, self);
    }
}

impl<V: Decode> Decode for HashMap<String, V> {
    fn decode<D: ValueDecoder>(d: D, m: &'static Member) -> Result<Self, DecodeError> {
        d.map(m)
    }
}

/// The keys of a map in the order encoders write them.
pub fn sorted_keys<V>(map: &HashMap<String, V>) -> Vec<&String> {
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    keys
}

/// Implements [`Encode`], [`Decode`] and [`Payload`] for a structure or union that implements
/// [`Shape`]; the macros call it for every shape they describe.
#[macro_export]
#[doc(hidden)]
macro_rules! __impl_shape_value {
    ($t:ty) => {
        impl $crate::shape::Encode for $t {
            #[inline]
            fn encode<__E: $crate::shape::Encoder>(
                &self,
                e: &mut __E,
                m: &'static $crate::schema::Member,
            ) {
                e.shape(m, self);
            }
        }
        impl $crate::shape::Decode for $t {
            #[inline]
            fn decode<__D: $crate::shape::ValueDecoder>(
                d: __D,
                m: &'static $crate::schema::Member,
            ) -> ::core::result::Result<Self, $crate::DecodeError> {
                let mut __s = $crate::shape::ValueDecoder::shape(d, m)?;
                <$t as $crate::shape::Shape>::decode_members(&mut __s)
            }
        }
        impl $crate::shape::Payload for $t {
            const KIND: $crate::shape::PayloadKind = match <$t as $crate::shape::Shape>::SCHEMA.kind
            {
                $crate::schema::ShapeKind::Union => $crate::shape::PayloadKind::Union,
                $crate::schema::ShapeKind::Structure => $crate::shape::PayloadKind::Shape,
            };
        }
    };
}
