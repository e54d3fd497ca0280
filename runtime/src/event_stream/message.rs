//! One event-stream message: typed headers and a payload, and how it is written.
//!
//! The wire form (`application/vnd.amazon.eventstream`), all integers big-endian:
//!
//! ```text
//! total length (u32) | headers length (u32) | prelude CRC32 (u32, of the 8 bytes before it)
//! headers            | payload              | message CRC32 (u32, of every byte before it)
//! ```
//!
//! A header is its name's length (u8), the name (UTF-8), a type byte and the value: `0` true,
//! `1` false, `2` byte, `3` int16, `4` int32, `5` int64, `6` byte array and `7` string (both
//! with a u16 length), `8` timestamp (int64 milliseconds since the epoch), `9` UUID (16 bytes).

use crate::time::DateTime;
use bytes::Bytes;
use std::fmt;

/// The fixed part before the headers: total length, headers length, prelude CRC.
pub(crate) const PRELUDE_LEN: usize = 12;
/// The message CRC after the payload.
pub(crate) const TRAILER_LEN: usize = 4;
/// The largest headers section AWS accepts (128 KiB).
pub const MAX_HEADERS_LEN: usize = 128 * 1024;
/// The largest payload AWS sends or accepts (16 MiB).
pub const MAX_PAYLOAD_LEN: usize = 16 * 1024 * 1024;
/// The largest whole message: prelude, the largest headers and payload, and the message CRC.
pub const MAX_MESSAGE_LEN: usize = PRELUDE_LEN + MAX_HEADERS_LEN + MAX_PAYLOAD_LEN + TRAILER_LEN;

/// UTF-8 text held in shared bytes: header names and string values point into the received
/// frame instead of being copied out of it.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct HeaderString(Bytes);

impl HeaderString {
    /// Wraps bytes already checked to be UTF-8.
    pub(crate) fn from_utf8(bytes: Bytes) -> Result<Self, std::str::Utf8Error> {
        std::str::from_utf8(&bytes)?;
        Ok(HeaderString(bytes))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // Checked when built: every constructor takes a `str` or validates the bytes.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The text's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl From<&'static str> for HeaderString {
    fn from(s: &'static str) -> Self {
        HeaderString(Bytes::from_static(s.as_bytes()))
    }
}

impl From<String> for HeaderString {
    fn from(s: String) -> Self {
        HeaderString(Bytes::from(s))
    }
}

impl fmt::Debug for HeaderString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for HeaderString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A header's value, with its wire type.
#[derive(Clone, PartialEq, Eq)]
pub enum HeaderValue {
    /// Types 0 (`true`) and 1 (`false`).
    Bool(bool),
    /// Type 2: a signed byte.
    Byte(i8),
    /// Type 3.
    Int16(i16),
    /// Type 4.
    Int32(i32),
    /// Type 5.
    Int64(i64),
    /// Type 6: at most 65,535 bytes.
    Bytes(Bytes),
    /// Type 7: at most 65,535 bytes of UTF-8.
    String(HeaderString),
    /// Type 8: milliseconds since the Unix epoch (sub-millisecond precision is not carried).
    Timestamp(DateTime),
    /// Type 9.
    Uuid([u8; 16]),
}

impl HeaderValue {
    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            HeaderValue::String(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// The wire type's name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            HeaderValue::Bool(_) => "boolean",
            HeaderValue::Byte(_) => "byte",
            HeaderValue::Int16(_) => "int16",
            HeaderValue::Int32(_) => "int32",
            HeaderValue::Int64(_) => "int64",
            HeaderValue::Bytes(_) => "byte array",
            HeaderValue::String(_) => "string",
            HeaderValue::Timestamp(_) => "timestamp",
            HeaderValue::Uuid(_) => "uuid",
        }
    }

    fn encoded_len(&self) -> usize {
        1 + match self {
            HeaderValue::Bool(_) => 0,
            HeaderValue::Byte(_) => 1,
            HeaderValue::Int16(_) => 2,
            HeaderValue::Int32(_) => 4,
            HeaderValue::Int64(_) | HeaderValue::Timestamp(_) => 8,
            HeaderValue::Bytes(b) => 2 + b.len(),
            HeaderValue::String(s) => 2 + s.as_bytes().len(),
            HeaderValue::Uuid(_) => 16,
        }
    }
}

impl fmt::Debug for HeaderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderValue::Bool(v) => write!(f, "Bool({v})"),
            HeaderValue::Byte(v) => write!(f, "Byte({v})"),
            HeaderValue::Int16(v) => write!(f, "Int16({v})"),
            HeaderValue::Int32(v) => write!(f, "Int32({v})"),
            HeaderValue::Int64(v) => write!(f, "Int64({v})"),
            // Like `Blob`, byte arrays show their length only (a signature, say).
            HeaderValue::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            HeaderValue::String(s) => write!(f, "String({s:?})"),
            HeaderValue::Timestamp(t) => write!(f, "Timestamp({t})"),
            HeaderValue::Uuid(u) => write!(f, "Uuid({})", uuid::Uuid::from_bytes(*u)),
        }
    }
}

/// One header: a name and a typed value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    name: HeaderString,
    value: HeaderValue,
}

impl Header {
    /// A header `name` with `value`.
    pub fn new(name: impl Into<HeaderString>, value: HeaderValue) -> Self {
        Header {
            name: name.into(),
            value,
        }
    }

    /// The name.
    pub fn name(&self) -> &str {
        self.name.as_str()
    }

    /// The value.
    pub fn value(&self) -> &HeaderValue {
        &self.value
    }
}

/// A message that cannot be written: it breaks a limit of the format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodeError {
    problem: String,
}

impl EncodeError {
    fn new(problem: impl Into<String>) -> Self {
        EncodeError {
            problem: problem.into(),
        }
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot encode the event-stream message: {}",
            self.problem
        )
    }
}

impl std::error::Error for EncodeError {}

/// One event-stream message.
///
/// ```
/// use aws_op_runtime::event_stream::{HeaderValue, Message, MessageDecoder};
///
/// let message = Message::new(&b"{\"text\":\"hi\"}"[..])
///     .with_header(":message-type", HeaderValue::String("event".into()))
///     .with_header(":event-type", HeaderValue::String("chunk".into()));
/// let mut wire = Vec::new();
/// message.encode(&mut wire)?;
///
/// let mut decoder = MessageDecoder::new();
/// decoder.push(&wire);
/// let read = decoder.next_message()?.expect("a whole message was pushed");
/// assert_eq!(read, message);
/// assert_eq!(read.string_header(":event-type"), Some("chunk"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Message {
    headers: Vec<Header>,
    payload: Bytes,
}

impl Message {
    /// A message with this payload and no headers.
    pub fn new(payload: impl Into<Bytes>) -> Self {
        Message {
            headers: Vec::new(),
            payload: payload.into(),
        }
    }

    /// Adds a header (after the ones already there).
    pub fn with_header(mut self, name: impl Into<HeaderString>, value: HeaderValue) -> Self {
        self.headers.push(Header::new(name, value));
        self
    }

    /// Adds a header (after the ones already there).
    pub fn push_header(&mut self, header: Header) {
        self.headers.push(header);
    }

    pub(crate) fn from_parts(headers: Vec<Header>, payload: Bytes) -> Self {
        Message { headers, payload }
    }

    /// The headers, in wire order.
    pub fn headers(&self) -> &[Header] {
        &self.headers
    }

    /// The value of the first header called `name`.
    pub fn header(&self, name: &str) -> Option<&HeaderValue> {
        self.headers
            .iter()
            .find(|h| h.name() == name)
            .map(|h| &h.value)
    }

    /// The value of the first header called `name`, when it is a string.
    pub fn string_header(&self, name: &str) -> Option<&str> {
        self.header(name).and_then(HeaderValue::as_str)
    }

    /// The payload.
    pub fn payload(&self) -> &Bytes {
        &self.payload
    }

    /// The size of the encoded headers section.
    fn headers_len(&self) -> usize {
        self.headers
            .iter()
            .map(|h| 1 + h.name.as_bytes().len() + h.value.encoded_len())
            .sum()
    }

    /// The size of the whole encoded message.
    pub fn encoded_len(&self) -> usize {
        PRELUDE_LEN + self.headers_len() + self.payload.len() + TRAILER_LEN
    }

    /// Appends the message's wire form to `out`.
    ///
    /// # Errors
    ///
    /// A header name that is empty or longer than 255 bytes, a string or byte-array value
    /// longer than 65,535 bytes, headers longer than [`MAX_HEADERS_LEN`], or a payload
    /// longer than [`MAX_PAYLOAD_LEN`]. Nothing is appended then.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        for h in &self.headers {
            let name = h.name.as_bytes();
            if name.is_empty() || name.len() > usize::from(u8::MAX) {
                return Err(EncodeError::new(format!(
                    "header name `{}` is {} bytes long; names are 1 to 255 bytes",
                    h.name,
                    name.len()
                )));
            }
            let value_len = match &h.value {
                HeaderValue::Bytes(b) => b.len(),
                HeaderValue::String(s) => s.as_bytes().len(),
                _ => 0,
            };
            if value_len > usize::from(u16::MAX) {
                return Err(EncodeError::new(format!(
                    "the value of header `{}` is {value_len} bytes long; at most 65535 fit",
                    h.name
                )));
            }
        }
        let headers_len = self.headers_len();
        if headers_len > MAX_HEADERS_LEN {
            return Err(EncodeError::new(format!(
                "the headers take {headers_len} bytes; at most {MAX_HEADERS_LEN} are allowed"
            )));
        }
        if self.payload.len() > MAX_PAYLOAD_LEN {
            return Err(EncodeError::new(format!(
                "the payload is {} bytes long; at most {MAX_PAYLOAD_LEN} are allowed",
                self.payload.len()
            )));
        }
        let total = PRELUDE_LEN + headers_len + self.payload.len() + TRAILER_LEN;
        let start = out.len();
        out.reserve(total);
        // Both fit in u32: the limits above keep the total under 17 MiB.
        out.extend_from_slice(&(total as u32).to_be_bytes());
        out.extend_from_slice(&(headers_len as u32).to_be_bytes());
        let prelude_crc = crc32fast::hash(&out[start..start + 8]);
        out.extend_from_slice(&prelude_crc.to_be_bytes());
        for h in &self.headers {
            write_header(out, h);
        }
        out.extend_from_slice(&self.payload);
        let message_crc = crc32fast::hash(&out[start..]);
        out.extend_from_slice(&message_crc.to_be_bytes());
        Ok(())
    }

    /// The message's wire form.
    ///
    /// # Errors
    ///
    /// As [`Message::encode`].
    pub fn to_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.encode(&mut out)?;
        Ok(out)
    }
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Payloads may hold `sensitive` members: only their length is shown.
        f.debug_struct("Message")
            .field("headers", &self.headers)
            .field("payload_len", &self.payload.len())
            .finish()
    }
}

/// Writes one header (its lengths already checked).
fn write_header(out: &mut Vec<u8>, h: &Header) {
    let name = h.name.as_bytes();
    out.push(name.len() as u8);
    out.extend_from_slice(name);
    match &h.value {
        HeaderValue::Bool(true) => out.push(0),
        HeaderValue::Bool(false) => out.push(1),
        HeaderValue::Byte(v) => {
            out.push(2);
            out.extend_from_slice(&v.to_be_bytes());
        }
        HeaderValue::Int16(v) => {
            out.push(3);
            out.extend_from_slice(&v.to_be_bytes());
        }
        HeaderValue::Int32(v) => {
            out.push(4);
            out.extend_from_slice(&v.to_be_bytes());
        }
        HeaderValue::Int64(v) => {
            out.push(5);
            out.extend_from_slice(&v.to_be_bytes());
        }
        HeaderValue::Bytes(b) => {
            out.push(6);
            out.extend_from_slice(&(b.len() as u16).to_be_bytes());
            out.extend_from_slice(b);
        }
        HeaderValue::String(s) => {
            out.push(7);
            out.extend_from_slice(&(s.as_bytes().len() as u16).to_be_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        HeaderValue::Timestamp(t) => {
            out.push(8);
            out.extend_from_slice(&to_millis(t).to_be_bytes());
        }
        HeaderValue::Uuid(u) => {
            out.push(9);
            out.extend_from_slice(u);
        }
    }
}

/// Milliseconds since the epoch (truncated towards the past), saturating.
pub(crate) fn to_millis(t: &DateTime) -> i64 {
    t.secs()
        .saturating_mul(1000)
        .saturating_add(i64::from(t.subsec_nanos() / 1_000_000))
}

/// Writes the headers alone, as they appear inside a message (the event signature hashes the
/// encoded `:date` header this way).
pub(crate) fn encode_headers(headers: &[Header]) -> Vec<u8> {
    let mut out = Vec::new();
    for h in headers {
        write_header(&mut out, h);
    }
    out
}
