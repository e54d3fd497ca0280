//! Event streams (`application/vnd.amazon.eventstream`): the binary messages that carry a
//! stream of typed events in a response (Bedrock `ConverseStream`, Kinesis `SubscribeToShard`,
//! S3 `SelectObjectContent`...) or in a request (signed input streams).
//!
//! [`Message`] is one frame (prelude with lengths and CRC32, typed [`Header`]s, payload,
//! message CRC32); [`MessageDecoder`] reads frames from bytes arriving in pieces of any size,
//! in bounded memory, and reports corrupt ones as [`FrameError`]s.

mod decoder;
mod message;

pub use decoder::{FrameError, FrameErrorKind, MessageDecoder};
pub(crate) use message::encode_headers;
pub use message::{
    EncodeError, Header, HeaderString, HeaderValue, Message, MAX_HEADERS_LEN, MAX_MESSAGE_LEN,
    MAX_PAYLOAD_LEN,
};

#[cfg(test)]
mod tests;
