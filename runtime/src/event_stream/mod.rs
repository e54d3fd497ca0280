//! Event streams (`application/vnd.amazon.eventstream`): the binary messages that carry a
//! stream of typed events in a response (Bedrock `ConverseStream`, Kinesis `SubscribeToShard`,
//! S3 `SelectObjectContent`...) or in a request (signed input streams).
//!
//! [`Message`] is one frame (prelude with lengths and CRC32, typed [`Header`]s, payload,
//! message CRC32); [`MessageDecoder`] reads frames from bytes arriving in pieces of any size,
//! in bounded memory, and reports corrupt ones as [`FrameError`]s.
//!
//! Above the frames, an event stream is typed: its events are the members of an
//! [`EventUnion`] (`#[aws_shape(event_stream)]`), written and read by the protocol's
//! [`EventCodec`](crate::protocol::EventCodec). An output receives them as an
//! [`EventReceiver`], a `Stream` of events whose exception events are typed errors; an input
//! sends them from an [`EventSender`], each event validated, encoded and signed
//! ([`crate::sigv4::EventSigner`]) as it goes.

mod call;
mod decoder;
mod http2;
mod message;
mod receiver;
mod sender;
mod source;
mod union;

pub(crate) use call::{context, has_event_stream, open_buffered_output, open_output};
pub use decoder::{FrameError, FrameErrorKind, MessageDecoder};
pub use http2::http2_reason;
pub(crate) use message::encode_headers;
pub use message::{
    EncodeError, Header, HeaderString, HeaderValue, Message, MAX_HEADERS_LEN, MAX_MESSAGE_LEN,
    MAX_PAYLOAD_LEN,
};
pub use receiver::{EventReceiver, EventStreamOutput};
pub use sender::{EventSender, EventStreamInput, OutgoingEvents};
pub use source::{EventSource, StreamContext};
pub use union::{EventDecoder, EventEncoder, EventHeaderValue, EventUnion};

#[cfg(test)]
mod tests;
