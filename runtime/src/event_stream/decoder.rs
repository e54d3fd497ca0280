//! Reading messages from bytes that arrive in pieces of any size.
//!
//! [`MessageDecoder`] keeps the bytes of at most one message (and the piece that completed
//! it): the prelude is checked as soon as its 12 bytes are there, so a length beyond the limit
//! or a corrupt prelude is refused before anything more is buffered. Every corrupt frame is a
//! [`FrameError`] that says which message, at which byte, and what was wrong.

use super::message::{
    Header, HeaderString, HeaderValue, Message, MAX_MESSAGE_LEN, PRELUDE_LEN, TRAILER_LEN,
};
use crate::time::DateTime;
use bytes::{Buf, Bytes, BytesMut};
use std::fmt;

/// What was wrong with a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameErrorKind {
    /// The total length is below the 16 bytes of prelude and message CRC.
    TooShort {
        /// The total length the prelude claims.
        total_len: u32,
    },
    /// The total length is above the decoder's limit.
    TooLong {
        /// The total length the prelude claims.
        total_len: u32,
        /// The limit.
        max: usize,
    },
    /// The headers length does not fit in the total length.
    HeadersLength {
        /// The headers length the prelude claims.
        headers_len: u32,
        /// The total length the prelude claims.
        total_len: u32,
    },
    /// The prelude's CRC does not match its first 8 bytes.
    PreludeCrc {
        /// The CRC the frame carries.
        expected: u32,
        /// The CRC of the bytes received.
        computed: u32,
    },
    /// The message CRC does not match the bytes before it.
    MessageCrc {
        /// The CRC the frame carries.
        expected: u32,
        /// The CRC of the bytes received.
        computed: u32,
    },
    /// A header could not be read.
    Header {
        /// Its position among the message's headers (0 for the first).
        index: usize,
        /// What was wrong.
        problem: &'static str,
    },
    /// The input ended inside a message.
    Truncated {
        /// Bytes of the unfinished message received.
        received: usize,
    },
}

/// A corrupt or truncated event-stream frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameError {
    /// The message's position in the stream (0 for the first).
    pub message_index: u64,
    /// The offset of the message's first byte in the stream.
    pub offset: u64,
    /// What was wrong.
    pub kind: FrameErrorKind,
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "event-stream message {} (at byte {}): ",
            self.message_index, self.offset
        )?;
        match &self.kind {
            FrameErrorKind::TooShort { total_len } => write!(
                f,
                "total length {total_len} is below the minimum of 16 bytes"
            ),
            FrameErrorKind::TooLong { total_len, max } => {
                write!(
                    f,
                    "total length {total_len} is above the limit of {max} bytes"
                )
            }
            FrameErrorKind::HeadersLength {
                headers_len,
                total_len,
            } => write!(
                f,
                "headers length {headers_len} does not fit in total length {total_len}"
            ),
            FrameErrorKind::PreludeCrc { expected, computed } => write!(
                f,
                "prelude CRC mismatch (frame says {expected:#010x}, bytes give {computed:#010x})"
            ),
            FrameErrorKind::MessageCrc { expected, computed } => write!(
                f,
                "message CRC mismatch (frame says {expected:#010x}, bytes give {computed:#010x})"
            ),
            FrameErrorKind::Header { index, problem } => write!(f, "header {index}: {problem}"),
            FrameErrorKind::Truncated { received } => write!(
                f,
                "the stream ended after {received} bytes of an unfinished message"
            ),
        }
    }
}

impl std::error::Error for FrameError {}

/// Turns bytes, pushed in pieces of any size, into messages.
///
/// ```
/// use aws_op_runtime::event_stream::{Message, MessageDecoder};
///
/// let mut wire = Vec::new();
/// Message::new(&b"one"[..]).encode(&mut wire)?;
/// Message::new(&b"two"[..]).encode(&mut wire)?;
///
/// let mut decoder = MessageDecoder::new();
/// let mut payloads = Vec::new();
/// for piece in wire.chunks(5) {
///     decoder.push(piece);
///     while let Some(message) = decoder.next_message()? {
///         payloads.push(message.payload().clone());
///     }
/// }
/// decoder.finish()?;
/// assert_eq!(payloads, [&b"one"[..], &b"two"[..]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct MessageDecoder {
    buffer: BytesMut,
    max_message_len: usize,
    /// Messages read so far.
    messages: u64,
    /// Stream offset of the first byte in `buffer`.
    offset: u64,
    /// The first error; the decoder refuses to go on after it.
    failed: Option<FrameError>,
}

impl Default for MessageDecoder {
    fn default() -> Self {
        MessageDecoder::new()
    }
}

impl MessageDecoder {
    /// A decoder accepting messages up to [`MAX_MESSAGE_LEN`].
    pub fn new() -> Self {
        MessageDecoder::with_max_message_len(MAX_MESSAGE_LEN)
    }

    /// A decoder refusing messages longer than `max` bytes (prelude and CRCs included).
    pub fn with_max_message_len(max: usize) -> Self {
        MessageDecoder {
            buffer: BytesMut::new(),
            max_message_len: max,
            messages: 0,
            offset: 0,
            failed: None,
        }
    }

    /// Adds received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// Bytes held for a message not complete yet.
    pub fn buffered(&self) -> usize {
        self.buffer.len()
    }

    /// Messages read so far.
    pub fn messages_read(&self) -> u64 {
        self.messages
    }

    /// The next whole message, `None` until its last byte has been pushed.
    ///
    /// # Errors
    ///
    /// A corrupt frame. The decoder cannot find the next frame after one, so every later
    /// call returns the same error.
    pub fn next_message(&mut self) -> Result<Option<Message>, FrameError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        match self.read() {
            Ok(message) => Ok(message),
            Err(kind) => {
                let e = FrameError {
                    message_index: self.messages,
                    offset: self.offset,
                    kind,
                };
                self.failed = Some(e.clone());
                Err(e)
            }
        }
    }

    /// Checks that the input ended between messages.
    ///
    /// # Errors
    ///
    /// [`FrameErrorKind::Truncated`] when bytes of an unfinished message are buffered, or the
    /// error that stopped the decoder.
    pub fn finish(&self) -> Result<(), FrameError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.buffer.is_empty() {
            return Ok(());
        }
        Err(FrameError {
            message_index: self.messages,
            offset: self.offset,
            kind: FrameErrorKind::Truncated {
                received: self.buffer.len(),
            },
        })
    }

    fn read(&mut self) -> Result<Option<Message>, FrameErrorKind> {
        if self.buffer.len() < PRELUDE_LEN {
            return Ok(None);
        }
        let prelude = &self.buffer[..PRELUDE_LEN];
        let total_len = u32::from_be_bytes([prelude[0], prelude[1], prelude[2], prelude[3]]);
        let headers_len = u32::from_be_bytes([prelude[4], prelude[5], prelude[6], prelude[7]]);
        let expected = u32::from_be_bytes([prelude[8], prelude[9], prelude[10], prelude[11]]);
        let computed = crc32fast::hash(&prelude[..8]);
        if expected != computed {
            return Err(FrameErrorKind::PreludeCrc { expected, computed });
        }
        let total = total_len as usize;
        if total < PRELUDE_LEN + TRAILER_LEN {
            return Err(FrameErrorKind::TooShort { total_len });
        }
        if total > self.max_message_len {
            return Err(FrameErrorKind::TooLong {
                total_len,
                max: self.max_message_len,
            });
        }
        if headers_len as usize > total - PRELUDE_LEN - TRAILER_LEN {
            return Err(FrameErrorKind::HeadersLength {
                headers_len,
                total_len,
            });
        }
        if self.buffer.len() < total {
            // One allocation for the rest of the message, not one per piece.
            self.buffer.reserve(total - self.buffer.len());
            return Ok(None);
        }
        let frame = self.buffer.split_to(total).freeze();
        let body_end = total - TRAILER_LEN;
        let expected = u32::from_be_bytes([
            frame[body_end],
            frame[body_end + 1],
            frame[body_end + 2],
            frame[body_end + 3],
        ]);
        let computed = crc32fast::hash(&frame[..body_end]);
        if expected != computed {
            return Err(FrameErrorKind::MessageCrc { expected, computed });
        }
        let headers_end = PRELUDE_LEN + headers_len as usize;
        let headers = read_headers(frame.slice(PRELUDE_LEN..headers_end))?;
        let payload = frame.slice(headers_end..body_end);
        self.messages += 1;
        self.offset += total as u64;
        Ok(Some(Message::from_parts(headers, payload)))
    }
}

/// Reads the headers section of a message whose CRC matched.
fn read_headers(mut section: Bytes) -> Result<Vec<Header>, FrameErrorKind> {
    let mut headers = Vec::new();
    while section.has_remaining() {
        let index = headers.len();
        let problem = |problem| FrameErrorKind::Header { index, problem };
        let name_len = usize::from(section.get_u8());
        if name_len == 0 {
            return Err(problem("the name is empty"));
        }
        if section.remaining() < name_len + 1 {
            return Err(problem("the name and type run past the headers section"));
        }
        let name = HeaderString::from_utf8(section.split_to(name_len))
            .map_err(|_| problem("the name is not UTF-8"))?;
        let kind = section.get_u8();
        let fixed = match kind {
            0 | 1 => 0,
            2 => 1,
            3 => 2,
            4 => 4,
            5 | 8 => 8,
            6 | 7 => 2,
            9 => 16,
            _ => return Err(problem("unknown value type (types are 0 to 9)")),
        };
        if section.remaining() < fixed {
            return Err(problem("the value runs past the headers section"));
        }
        let value = match kind {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => HeaderValue::Byte(section.get_i8()),
            3 => HeaderValue::Int16(section.get_i16()),
            4 => HeaderValue::Int32(section.get_i32()),
            5 => HeaderValue::Int64(section.get_i64()),
            8 => HeaderValue::Timestamp(DateTime::from_millis(section.get_i64())),
            9 => {
                let mut uuid = [0u8; 16];
                section.copy_to_slice(&mut uuid);
                HeaderValue::Uuid(uuid)
            }
            _ => {
                let len = usize::from(section.get_u16());
                if section.remaining() < len {
                    return Err(problem("the value runs past the headers section"));
                }
                let bytes = section.split_to(len);
                if kind == 6 {
                    HeaderValue::Bytes(bytes)
                } else {
                    HeaderValue::String(
                        HeaderString::from_utf8(bytes)
                            .map_err(|_| problem("the string value is not UTF-8"))?,
                    )
                }
            }
        };
        headers.push(Header::new(name, value));
    }
    Ok(headers)
}
