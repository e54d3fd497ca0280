//! How a protocol carries events: one [`EventCodec`] per document format, over the same
//! [`DocumentFormat`] its bodies use (JSON for restJson1 and awsJson, XML for restXml, CBOR for
//! rpcv2Cbor).
//!
//! An event message has `:message-type: event`, `:event-type` (the union member's name) and
//! `:content-type`; the event structure's `event_header` members are typed headers, its
//! `payload` member the whole payload, and its other members one document. An exception
//! message has `:message-type: exception` and `:exception-type` (the member's name), its payload
//! the error's document. The output of an event-stream operation takes its other members from
//! the response head (REST protocols) or from the payload of the `initial-response` event (RPC
//! protocols).

use crate::decode_error::DecodeError;
use crate::event_stream::{
    EventDecoder, EventEncoder, EventHeaderValue, EventSource, EventStreamOutput, EventUnion,
    HeaderValue, Message,
};
use crate::http::HttpResponse;
use crate::http_binding::{FromHeader, FromQuery, FromQueryMap, HttpText};
use crate::operation::{ErrorShape, OperationError};
use crate::protocol::rest::{self, has_body_members, DocumentFormat};
use crate::protocol::{ErrorDecoder, ErrorParts};
use crate::schema::{Member, Schema};
use crate::shape::{
    Decode, Encode, Encoder, Payload, PayloadKind, Shape, StructDecoder, UnionMember,
};
use crate::time::DateTime;
use crate::Document;
use std::collections::HashMap;
use std::marker::PhantomData;

/// How a protocol writes and reads event messages. The runtime implements it for each
/// protocol's document format ([`JsonEvents`], `XmlEvents`, `CborEvents`); a [`Protocol`]
/// names its codec as [`Protocol::Events`](crate::protocol::Protocol::Events).
///
/// [`Protocol`]: crate::protocol::Protocol
pub trait EventCodec: Send + Sync + 'static {
    /// Reads an event message as a member of union `U`.
    fn read_event<U: EventUnion>(message: &Message) -> Result<U, DecodeError>;

    /// Reads an exception message (`:message-type: exception`) or an error message
    /// (`:message-type: error`, with `:error-code` and `:error-message`) as the stream's typed
    /// error; `status` is the HTTP status of the response carrying the stream.
    fn read_exception<E: OperationError>(message: &Message, status: u16) -> ErrorParts<E>;

    /// Writes an event (input streams; servers); `None` for an `Unknown` member, which
    /// validation refuses before anything is sent.
    fn write_event<U: EventUnion>(event: &U) -> Option<Message>;

    /// Writes a modelled error as the exception event named `member` (servers).
    fn write_exception<E: ErrorShape>(member: &str, error: &E) -> Message;

    /// The output of an event-stream operation of a REST protocol: its members from the
    /// response head, its event-stream member reading `events`.
    fn read_rest_output<S: Shape>(
        head: &HttpResponse,
        events: EventSource,
    ) -> Result<S, DecodeError>;

    /// The output of an event-stream operation of an RPC protocol: its members from the payload
    /// of the `initial-response` event (`None`: the stream had none), its event-stream member
    /// reading `events`.
    fn read_rpc_output<S: Shape>(
        initial: Option<&[u8]>,
        events: EventSource,
    ) -> Result<S, DecodeError>;

    /// The payload of an `initial-request` or `initial-response` event: the document of a
    /// top-level shape's members.
    fn write_initial<S: Shape>(value: &S) -> Vec<u8>;

    /// The `:content-type` of such a payload.
    fn initial_content_type() -> &'static str;
}

/// The event codec of the JSON protocols (restJson1, awsJson1_0, awsJson1_1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JsonEvents;

/// The event codec of the XML protocols (restXml; awsQuery and ec2Query, whose models define
/// no event streams, name it too).
#[cfg(feature = "xml")]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XmlEvents;

/// The event codec of rpcv2Cbor.
#[cfg(feature = "cbor")]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CborEvents;

/// Implements [`EventCodec`] for a codec type over a document format.
macro_rules! event_codec {
    ($codec:ty, $format:ty) => {
        impl EventCodec for $codec {
            fn read_event<U: EventUnion>(message: &Message) -> Result<U, DecodeError> {
                U::decode_event(&mut MessageReader::<$format>::new(message))
            }
            fn read_exception<E: OperationError>(message: &Message, status: u16) -> ErrorParts<E> {
                read_exception::<E, $format>(message, status)
            }
            fn write_event<U: EventUnion>(event: &U) -> Option<Message> {
                let mut writer = MessageWriter::<$format> {
                    message: None,
                    format: PhantomData,
                };
                event.encode_event(&mut writer);
                writer.message
            }
            fn write_exception<E: ErrorShape>(member: &str, error: &E) -> Message {
                write_exception::<E, $format>(member, error)
            }
            fn read_rest_output<S: Shape>(
                head: &HttpResponse,
                events: EventSource,
            ) -> Result<S, DecodeError> {
                rest::decode_response::<S, $format>(head, |decoder| {
                    S::decode_members(&mut WithEvents::<_, Self>::new(decoder, events))
                })
            }
            fn read_rpc_output<S: Shape>(
                initial: Option<&[u8]>,
                events: EventSource,
            ) -> Result<S, DecodeError> {
                let parsed = <$format>::parse(initial.unwrap_or_default())?;
                let root = <$format>::root(&parsed, S::SCHEMA)?;
                S::decode_members(&mut WithEvents::<_, Self>::new(root, events))
            }
            fn write_initial<S: Shape>(value: &S) -> Vec<u8> {
                let mut encoder = <$format>::body_encoder(S::SCHEMA);
                value.encode_members(&mut encoder);
                <$format>::finish_body(encoder, S::SCHEMA).unwrap_or_default()
            }
            fn initial_content_type() -> &'static str {
                content_type::<$format>(PayloadKind::Shape)
            }
        }
    };
}

event_codec!(JsonEvents, crate::protocol::rest_json::Json);
#[cfg(feature = "xml")]
event_codec!(XmlEvents, crate::protocol::rest_xml::Xml);
#[cfg(feature = "cbor")]
event_codec!(CborEvents, crate::protocol::rpc_v2_cbor::Cbor);

/// The `:content-type` of a payload of this kind in format `F`.
fn content_type<F: DocumentFormat>(kind: PayloadKind) -> &'static str {
    match kind {
        PayloadKind::Blob | PayloadKind::Stream => "application/octet-stream",
        PayloadKind::Text => "text/plain",
        PayloadKind::Shape | PayloadKind::Union => F::CONTENT_TYPE,
        PayloadKind::Document => "application/json",
    }
}

fn string_header(value: &str) -> HeaderValue {
    HeaderValue::String(value.to_owned().into())
}

// ---- Reading --------------------------------------------------------------------------------

/// Reads one event message as a union: [`EventDecoder`] for the union's generated code.
struct MessageReader<'m, F> {
    message: &'m Message,
    format: PhantomData<F>,
}

impl<'m, F: DocumentFormat> MessageReader<'m, F> {
    fn new(message: &'m Message) -> Self {
        MessageReader {
            message,
            format: PhantomData,
        }
    }
}

impl<F: DocumentFormat> EventDecoder for MessageReader<'_, F> {
    fn event_type(&mut self, schema: &'static Schema) -> Result<UnionMember, DecodeError> {
        let name = self
            .message
            .string_header(":event-type")
            .ok_or_else(|| DecodeError::new("an event message has no `:event-type` header"))?;
        Ok(match schema.member(name) {
            Some((index, _)) => UnionMember::Known(index),
            None => UnionMember::Unknown(name.to_owned()),
        })
    }

    fn event<T: Shape>(&mut self, member: &'static Member) -> Result<T, DecodeError> {
        let payload = self.message.payload();
        let parsed = if has_body_members(T::SCHEMA) {
            Some(F::parse(payload).map_err(|e| e.at(member.name))?)
        } else {
            None
        };
        let document = match &parsed {
            Some(parsed) => Some(F::root(parsed, T::SCHEMA)?),
            None => None,
        };
        let mut reader = EventStructReader::<F> {
            message: self.message,
            document,
        };
        T::decode_members(&mut reader).map_err(|e| e.at(member.name))
    }
}

/// Reads an event's structure: headers, payload, or the members of its payload document.
struct EventStructReader<'a, F: DocumentFormat + 'a> {
    message: &'a Message,
    document: Option<F::Root<'a>>,
}

impl<'a, F: DocumentFormat + 'a> StructDecoder for EventStructReader<'a, F> {
    fn field<T: Decode>(&mut self, member: &'static Member) -> Result<Option<T>, DecodeError> {
        match &mut self.document {
            Some(document) => document.field(member),
            None => Ok(None),
        }
    }

    fn union_member(&mut self, schema: &'static Schema) -> Result<UnionMember, DecodeError> {
        match &mut self.document {
            Some(document) => document.union_member(schema),
            None => Err(DecodeError::new(
                "a union needs exactly one member, found none",
            )),
        }
    }

    fn event_header<T: EventHeaderValue + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        self.message
            .header(member.name)
            .map(|value| T::from_header_value(value).map_err(|e| e.at(member.name)))
            .transpose()
    }

    fn payload<T: Payload>(&mut self, member: &'static Member) -> Result<Option<T>, DecodeError> {
        let payload = self.message.payload();
        match T::KIND {
            // An event's payload is whole in its message, even for a streaming type.
            PayloadKind::Blob | PayloadKind::Stream => T::from_raw_bytes(payload).map(Some),
            PayloadKind::Text if payload.is_empty() => Ok(None),
            PayloadKind::Text => T::from_raw_bytes(payload).map(Some),
            PayloadKind::Shape | PayloadKind::Union => F::decode_payload(payload, member),
            PayloadKind::Document => {
                if payload.iter().all(u8::is_ascii_whitespace) {
                    return Ok(None);
                }
                let value: serde_json::Value = serde_json::from_slice(payload)
                    .map_err(|_| DecodeError::new("document payload is not valid JSON"))?;
                T::decode(crate::protocol::json::JsonValue(&value), member).map(Some)
            }
        }
        .map_err(|e| e.at(member.name))
    }
}

/// Reads an exception or error message.
struct ExceptionReader<'m, F> {
    message: &'m Message,
    status: u16,
    code: String,
    error_message: Option<String>,
    format: PhantomData<F>,
}

/// The members that carry an exception's message, as the JSON and XML documents spell them.
static MESSAGE_MEMBERS: [Member; 3] = [
    Member::new("message"),
    Member::new("Message"),
    Member::new("errorMessage"),
];

fn read_exception<E: OperationError, F: DocumentFormat>(
    message: &Message,
    status: u16,
) -> ErrorParts<E> {
    let (code, error_message) = if message.string_header(":message-type") == Some("exception") {
        let code = message
            .string_header(":exception-type")
            .unwrap_or("Unknown")
            .to_owned();
        let text = F::parse(message.payload()).ok().and_then(|parsed| {
            let mut root = F::root(&parsed, &EXCEPTION_SCHEMA).ok()?;
            MESSAGE_MEMBERS
                .iter()
                .find_map(|m| root.field::<String>(m).ok().flatten())
        });
        (code, text)
    } else {
        let code = message
            .string_header(":error-code")
            .unwrap_or("Unknown")
            .to_owned();
        (
            code,
            message.string_header(":error-message").map(str::to_owned),
        )
    };
    let mut reader = ExceptionReader::<F> {
        message,
        status,
        code,
        error_message,
        format: PhantomData,
    };
    let error = E::from_response(&mut reader);
    ErrorParts {
        // A modelled error reports its own code, not the member name that carried it.
        code: error.code().to_owned(),
        message: reader.error_message,
        error,
    }
}

/// The schema the message of an exception is looked up with (the document's root element of
/// any name).
static EXCEPTION_SCHEMA: Schema = Schema::structure("Exception", &MESSAGE_MEMBERS);

impl<F: DocumentFormat> ErrorDecoder for ExceptionReader<'_, F> {
    fn code(&self) -> &str {
        &self.code
    }

    fn message(&self) -> Option<&str> {
        self.error_message.as_deref()
    }

    fn status(&self) -> u16 {
        self.status
    }

    fn shape<T: Shape>(&mut self) -> Option<T> {
        if self.message.string_header(":message-type") != Some("exception") {
            return None;
        }
        let parsed = F::parse(self.message.payload()).ok()?;
        let root = F::root(&parsed, T::SCHEMA).ok()?;
        let mut reader = EventStructReader::<F> {
            message: self.message,
            document: Some(root),
        };
        T::decode_members(&mut reader).ok()
    }
}

/// A decoder of an output's members that hands the event stream to its event-stream member.
struct WithEvents<D, C> {
    inner: D,
    events: Option<EventSource>,
    codec: PhantomData<C>,
}

impl<D: StructDecoder, C: EventCodec> WithEvents<D, C> {
    fn new(inner: D, events: EventSource) -> Self {
        WithEvents {
            inner,
            events: Some(events),
            codec: PhantomData,
        }
    }
}

impl<D: StructDecoder, C: EventCodec> StructDecoder for WithEvents<D, C> {
    fn field<T: Decode>(&mut self, member: &'static Member) -> Result<Option<T>, DecodeError> {
        self.inner.field(member)
    }
    fn union_member(&mut self, schema: &'static Schema) -> Result<UnionMember, DecodeError> {
        self.inner.union_member(schema)
    }
    fn label<T: HttpText + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        self.inner.label(member)
    }
    fn query<T: FromQuery + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        self.inner.query(member)
    }
    fn query_map<T: FromQueryMap + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        self.inner.query_map(member)
    }
    fn header<T: FromHeader + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        self.inner.header(member)
    }
    fn prefix_headers(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<HashMap<String, String>>, DecodeError> {
        self.inner.prefix_headers(member)
    }
    fn payload<T: Payload>(&mut self, member: &'static Member) -> Result<Option<T>, DecodeError> {
        self.inner.payload(member)
    }
    fn status_code(&mut self, member: &'static Member) -> Result<Option<i32>, DecodeError> {
        self.inner.status_code(member)
    }
    fn event_header<T: EventHeaderValue + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        self.inner.event_header(member)
    }
    fn event_stream<T: EventStreamOutput>(
        &mut self,
        _: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        Ok(self.events.take().map(T::receive::<C>))
    }
}

// ---- Writing --------------------------------------------------------------------------------

/// Writes one event of a union: [`EventEncoder`] for the union's generated code.
struct MessageWriter<F> {
    message: Option<Message>,
    format: PhantomData<F>,
}

impl<F: DocumentFormat> EventEncoder for MessageWriter<F> {
    fn event<T: Shape>(&mut self, member: &'static Member, value: &T) {
        self.message = Some(write_structure::<T, F>(
            ("event", ":event-type"),
            member.name,
            value,
        ));
    }
}

/// A message of `kind` (its `:message-type`, and the header naming its member) for member
/// `name`: `:content-type`, the structure's headers, and its payload.
fn write_structure<T: Shape, F: DocumentFormat>(
    kind: (&'static str, &'static str),
    name: &str,
    value: &T,
) -> Message {
    let mut writer = EventStructWriter::<F> {
        headers: Vec::new(),
        payload: None,
        body: F::body_encoder(T::SCHEMA),
    };
    value.encode_members(&mut writer);
    let (payload, content_type) = match writer.payload {
        Some(payload) => payload,
        None if has_body_members(T::SCHEMA) => (
            F::finish_body(writer.body, T::SCHEMA).unwrap_or_default(),
            F::CONTENT_TYPE,
        ),
        None => (Vec::new(), F::CONTENT_TYPE),
    };
    let (message_type, name_header) = kind;
    let mut message = Message::new(payload)
        .with_header(":message-type", HeaderValue::String(message_type.into()))
        .with_header(name_header, string_header(name))
        .with_header(":content-type", HeaderValue::String(content_type.into()));
    for (header, value) in writer.headers {
        message = message.with_header(header, value);
    }
    message
}

fn write_exception<E: ErrorShape, F: DocumentFormat>(member: &str, error: &E) -> Message {
    write_structure::<E, F>(("exception", ":exception-type"), member, error)
}

/// Writes an event's structure: headers, payload, and the document of its other members.
struct EventStructWriter<F: DocumentFormat> {
    headers: Vec<(&'static str, HeaderValue)>,
    payload: Option<(Vec<u8>, &'static str)>,
    body: F::Encoder,
}

impl<F: DocumentFormat> Encoder for EventStructWriter<F> {
    fn string(&mut self, member: &'static Member, value: &str) {
        self.body.string(member, value);
    }
    fn boolean(&mut self, member: &'static Member, value: bool) {
        self.body.boolean(member, value);
    }
    fn integer(&mut self, member: &'static Member, value: i64) {
        self.body.integer(member, value);
    }
    fn float(&mut self, member: &'static Member, value: f32) {
        self.body.float(member, value);
    }
    fn double(&mut self, member: &'static Member, value: f64) {
        self.body.double(member, value);
    }
    fn timestamp(&mut self, member: &'static Member, value: &DateTime) {
        self.body.timestamp(member, value);
    }
    fn blob(&mut self, member: &'static Member, value: &[u8]) {
        self.body.blob(member, value);
    }
    fn document(&mut self, member: &'static Member, value: &Document) {
        self.body.document(member, value);
    }
    fn null(&mut self, member: &'static Member) {
        self.body.null(member);
    }
    fn list<T: Encode>(&mut self, member: &'static Member, items: &[T]) {
        self.body.list(member, items);
    }
    fn map<V: Encode>(&mut self, member: &'static Member, entries: &HashMap<String, V>) {
        self.body.map(member, entries);
    }
    fn shape<S: Shape>(&mut self, member: &'static Member, value: &S) {
        self.body.shape(member, value);
    }
    fn field<T: Encode + ?Sized>(&mut self, member: &'static Member, value: &T) {
        self.body.field(member, value);
    }
    fn event_header<T: EventHeaderValue + Encode>(&mut self, member: &'static Member, value: &T) {
        self.headers.push((member.name, value.to_header_value()));
    }
    fn payload<T: Payload>(&mut self, member: &'static Member, value: &T) {
        let bytes = match T::KIND {
            // A streaming type in an event is sent whole: only a body in memory has bytes here.
            PayloadKind::Blob | PayloadKind::Text | PayloadKind::Stream => {
                value.raw_bytes().unwrap_or_default().to_vec()
            }
            PayloadKind::Shape | PayloadKind::Union => F::payload_document(value, member),
            PayloadKind::Document => crate::protocol::json::JsonEncoder::document(value, member),
        };
        self.payload = Some((bytes, content_type::<F>(T::KIND)));
    }
}
