//! [`ByteStream`]: a response body the caller reads at its own pace (an S3 object, a blob
//! payload of any REST service).
//!
//! Nothing is read ahead of the caller beyond what the connection buffers, so memory stays flat
//! however large the body. A stall timeout ends a body that stops arriving while the caller
//! waits for it; a checksum the service announced is verified as the bytes go by, and the body
//! only ends cleanly once it matched. Dropping the stream before its end closes the connection
//! (it cannot be reused with a body half read).

use crate::body::{BoxError, BoxErrors};
use bytes::Bytes;
use futures_core::Stream;
use http_body::Body as _;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// A stream of chunks given to [`ByteStream::from_stream`].
type ChunkStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// A response body, read chunk by chunk as the caller asks for it.
///
/// It is a `futures_core::Stream` of `Result<Bytes, ByteStreamError>`, with
/// [`ByteStream::next`] and [`ByteStream::collect`] for callers without a stream library:
///
/// ```no_run
/// # async fn demo(mut body: aws_op_runtime::ByteStream) -> Result<(), aws_op_runtime::ByteStreamError> {
/// let mut total = 0;
/// while let Some(chunk) = body.next().await {
///     total += chunk?.len();
/// }
/// # Ok(()) }
/// ```
///
/// The stream ends (`None`) only after every byte arrived and, when the response carried a
/// checksum that was asked for, after it matched; otherwise its last item is a
/// [`ByteStreamError`]. When the length is known, the final chunk itself is held back until the
/// checksum matched.
pub struct ByteStream {
    source: Source,
    /// Bytes still expected, when the response announced its length.
    remaining: Option<u64>,
    stall: Option<Stall>,
    checksum: Option<Box<dyn BodyCheck>>,
    done: bool,
}

/// A check of a body's bytes made as they pass (a checksum the response announced).
pub(crate) trait BodyCheck: Send {
    /// The algorithm's name (`CRC32`).
    fn algorithm_name(&self) -> &'static str;
    /// The value announced.
    fn expected(&self) -> &str;
    /// Adds bytes read.
    fn update(&mut self, data: &[u8]);
    /// Checks everything read against the announced value.
    fn verify(self: Box<Self>) -> Result<(), ByteStreamError>;
}

enum Source {
    Bytes(Option<Bytes>),
    Http(reqwest::Body),
    Stream(ChunkStream),
}

/// The stall timer: armed while the caller waits for bytes that do not come.
struct Stall {
    limit: Duration,
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl ByteStream {
    /// A stream of bytes already in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        let len = bytes.len() as u64;
        ByteStream::new(
            Source::Bytes(Some(bytes).filter(|b| !b.is_empty())),
            Some(len),
        )
    }

    /// An empty stream.
    pub fn empty() -> Self {
        ByteStream::from_bytes(Bytes::new())
    }

    /// A stream over any stream of chunks (for tests, and for bodies another layer decodes).
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let boxed: ChunkStream = Box::pin(BoxErrors(Box::pin(stream)));
        ByteStream::new(Source::Stream(boxed), None)
    }

    /// The bytes of a stream made from bytes in memory and not read yet.
    pub(crate) fn unread_bytes(&self) -> Option<Bytes> {
        match &self.source {
            Source::Bytes(bytes) if !self.done => Some(bytes.clone().unwrap_or_default()),
            _ => None,
        }
    }

    /// The body of a response as received, `length` from its `Content-Length`.
    pub(crate) fn from_http(body: reqwest::Body, length: Option<u64>) -> Self {
        ByteStream::new(Source::Http(body), length)
    }

    fn new(source: Source, remaining: Option<u64>) -> Self {
        ByteStream {
            source,
            remaining,
            stall: None,
            checksum: None,
            done: false,
        }
    }

    /// Ends the stream with [`ByteStreamErrorKind::Stalled`] when no byte arrives for `limit`
    /// while the caller waits (time spent by the caller between reads does not count).
    pub(crate) fn with_stall_timeout(mut self, limit: Duration) -> Self {
        self.stall = Some(Stall { limit, timer: None });
        self
    }

    /// Verifies `checksum` over the bytes as they pass.
    #[cfg_attr(not(feature = "s3"), allow(dead_code))]
    pub(crate) fn with_checksum(mut self, checksum: Box<dyn BodyCheck>) -> Self {
        self.checksum = Some(checksum);
        self
    }

    /// The bytes still to come, when the response announced its length.
    pub fn remaining_len(&self) -> Option<u64> {
        self.remaining
    }

    /// The checksum being verified (`x-amz-checksum-crc32` and the like), as
    /// `(algorithm, base64 value)`, if the response carried one that is verified.
    pub fn checksum(&self) -> Option<(&'static str, &str)> {
        self.checksum
            .as_ref()
            .map(|c| (c.algorithm_name(), c.expected()))
    }

    /// The next chunk, `None` at the (verified) end.
    pub async fn next(&mut self) -> Option<Result<Bytes, ByteStreamError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the whole body into memory.
    ///
    /// # Errors
    ///
    /// The first error the stream yields.
    pub async fn collect(mut self) -> Result<Bytes, ByteStreamError> {
        let mut out = Vec::with_capacity(self.remaining.unwrap_or(0).min(1 << 26) as usize);
        while let Some(chunk) = self.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(out))
    }

    fn poll_source(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, ByteStreamError>>> {
        match &mut self.source {
            Source::Bytes(bytes) => Poll::Ready(bytes.take().map(Ok)),
            Source::Stream(stream) => stream
                .as_mut()
                .poll_next(cx)
                .map(|item| item.map(|r| r.map_err(ByteStreamError::transport))),
            Source::Http(body) => loop {
                match Pin::new(&mut *body).poll_frame(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(None) => return Poll::Ready(None),
                    Poll::Ready(Some(Err(e))) => {
                        return Poll::Ready(Some(Err(ByteStreamError::transport(Box::new(e)))))
                    }
                    // Trailers and empty frames carry nothing for the caller.
                    Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                        Ok(data) if !data.is_empty() => return Poll::Ready(Some(Ok(data))),
                        _ => continue,
                    },
                }
            },
        }
    }

    fn finish(&mut self) -> Result<(), ByteStreamError> {
        if let Some(n) = self.remaining.filter(|n| *n > 0) {
            return Err(ByteStreamError::new(
                ByteStreamErrorKind::Truncated,
                format!("the body ended {n} bytes short of its announced length"),
            ));
        }
        match self.checksum.take() {
            Some(checksum) => checksum.verify(),
            None => Ok(()),
        }
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let polled = this.poll_source(cx);
        let item = match polled {
            Poll::Pending => {
                if let Some(stall) = &mut this.stall {
                    let limit = stall.limit;
                    let timer = stall
                        .timer
                        .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                    if timer.as_mut().poll(cx).is_ready() {
                        this.done = true;
                        return Poll::Ready(Some(Err(ByteStreamError::new(
                            ByteStreamErrorKind::Stalled,
                            format!("no bytes arrived for {limit:?}"),
                        ))));
                    }
                }
                return Poll::Pending;
            }
            Poll::Ready(item) => item,
        };
        if let Some(stall) = &mut this.stall {
            stall.timer = None;
        }
        match item {
            None => {
                this.done = true;
                match this.finish() {
                    Ok(()) => Poll::Ready(None),
                    Err(e) => Poll::Ready(Some(Err(e))),
                }
            }
            Some(Err(e)) => {
                this.done = true;
                Poll::Ready(Some(Err(e)))
            }
            Some(Ok(chunk)) => {
                let len = chunk.len() as u64;
                if let Some(remaining) = &mut this.remaining {
                    if len > *remaining {
                        this.done = true;
                        return Poll::Ready(Some(Err(ByteStreamError::new(
                            ByteStreamErrorKind::Truncated,
                            "the body is longer than its announced length",
                        ))));
                    }
                    *remaining -= len;
                }
                if let Some(checksum) = &mut this.checksum {
                    checksum.update(&chunk);
                }
                // The last chunk of a body of known length goes out only once it verified.
                if this.remaining == Some(0) && this.checksum.is_some() {
                    if let Err(e) = this.finish() {
                        this.done = true;
                        return Poll::Ready(Some(Err(e)));
                    }
                }
                Poll::Ready(Some(Ok(chunk)))
            }
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.source {
            Source::Bytes(_) => "bytes",
            Source::Http(_) => "response",
            Source::Stream(_) => "stream",
        };
        f.debug_struct("ByteStream")
            .field("source", &kind)
            .field("remaining", &self.remaining)
            .field(
                "checksum",
                &self.checksum.as_ref().map(|c| c.algorithm_name()),
            )
            .finish()
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        ByteStream::empty()
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        ByteStream::from_bytes(bytes)
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        ByteStream::from_bytes(bytes)
    }
}

/// What went wrong while reading a [`ByteStream`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteStreamErrorKind {
    /// The connection failed (reset, TLS, I/O).
    Transport,
    /// No byte arrived within the stall timeout.
    Stalled,
    /// The body was shorter or longer than its `Content-Length`.
    Truncated,
    /// The bytes do not match the checksum the response carried.
    ChecksumMismatch,
}

/// An error while reading a [`ByteStream`]; once it is yielded the stream is over.
#[derive(Debug)]
pub struct ByteStreamError {
    kind: ByteStreamErrorKind,
    message: String,
    source: Option<BoxError>,
}

impl ByteStreamError {
    pub(crate) fn new(kind: ByteStreamErrorKind, message: impl Into<String>) -> Self {
        ByteStreamError {
            kind,
            message: message.into(),
            source: None,
        }
    }

    fn transport(source: BoxError) -> Self {
        ByteStreamError {
            kind: ByteStreamErrorKind::Transport,
            message: "the body could not be read".into(),
            source: Some(source),
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> ByteStreamErrorKind {
        self.kind
    }

    /// Whether reading again (a new request, from where this one stopped) may succeed: every
    /// kind but a checksum mismatch.
    pub fn is_retryable(&self) -> bool {
        self.kind != ByteStreamErrorKind::ChecksumMismatch
    }
}

impl fmt::Display for ByteStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {}", crate::error::error_chain(source.as_ref()))?;
        }
        Ok(())
    }
}

impl std::error::Error for ByteStreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
