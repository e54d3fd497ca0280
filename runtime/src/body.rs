//! [`Body`]: what an upload sends. Bytes in memory, a file (or a range of one) of known length,
//! or a `Stream` of chunks of known or unknown length.
//!
//! A body is read anew for every attempt: bytes and files can be, so a retry sends the same
//! content again; a stream can be read once, so a call whose stream has started is not retried
//! (its error says so). Reading never holds more than one chunk of a file or a stream in memory.

use crate::blob::Blob;
use bytes::Bytes;
use futures_core::Stream;
use std::fmt;
use std::future::Future;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// An error a body source gives: any error type, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A stream of body chunks, as [`Body::from_stream`] takes it once boxed.
type ChunkStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// How much of a file one read takes (and so one chunk holds): an aws-chunked chunk. Reads of
/// 1 MiB held about 20 MiB more at the peak of eight concurrent part uploads (each blocking
/// thread's allocator keeping its freed buffers), for no CPU saved.
const FILE_CHUNK: usize = 64 * 1024;

/// The body of a request: what an upload sends (an S3 object, a blob payload of any REST
/// service).
///
/// ```
/// use aws_op_runtime::Body;
///
/// let small = Body::from("hello");
/// assert_eq!(small.len(), Some(5));
/// assert_eq!(small.as_bytes(), Some(&b"hello"[..]));
/// assert!(small.is_replayable());
/// # fn file() -> std::io::Result<()> {
/// let file = Body::from_path("video.mp4")?;          // length from the file's metadata
/// let part = Body::from_file_range("video.mp4", 8 << 20, 8 << 20)?; // bytes 8..16 MiB
/// # Ok(()) }
/// ```
///
/// A stream of chunks (any `Stream<Item = Result<Bytes, E>>`, `E` any error) is sent as it
/// comes, one chunk in memory at a time: [`Body::from_stream_with_length`] when its length is
/// known (S3 needs it for a single request), [`Body::from_stream`] when it is not. If the stream
/// yields an error, or ends before or after the length it announced, the request is aborted
/// mid-body, so the service never sees it complete, and the call fails with
/// [`Error::Body`](crate::Error::Body).
///
/// Cloning is cheap: bytes are shared, a file is reopened by each reader, and clones of a
/// stream body share the one stream (only one of them can send it). `Debug` shows the kind and
/// length, never the content. Two bodies are equal when they hold the same bytes, the same file
/// range, or the same stream.
#[derive(Clone)]
pub struct Body {
    source: Source,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    File {
        path: Arc<PathBuf>,
        offset: u64,
        len: u64,
    },
    Stream {
        stream: Arc<Mutex<Option<ChunkStream>>>,
        len: Option<u64>,
    },
}

impl Body {
    /// An empty body.
    pub fn empty() -> Self {
        Body::from_bytes(Bytes::new())
    }

    /// A body of bytes held in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Body {
            source: Source::Bytes(bytes.into()),
        }
    }

    /// The whole file at `path`, read when the request is sent (and again for each retry). Its
    /// length is taken now, from the file's metadata.
    ///
    /// # Errors
    ///
    /// The file's metadata cannot be read, or it is not a regular file.
    pub fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let metadata = std::fs::metadata(path)?;
        if !metadata.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{} is not a regular file", path.display()),
            ));
        }
        Ok(Body {
            source: Source::File {
                path: Arc::new(path.to_owned()),
                offset: 0,
                len: metadata.len(),
            },
        })
    }

    /// `len` bytes of the file at `path` from `offset` (a part of a multipart upload, say).
    ///
    /// # Errors
    ///
    /// The file's metadata cannot be read, it is not a regular file, or it is shorter than
    /// `offset + len`.
    pub fn from_file_range(path: impl AsRef<Path>, offset: u64, len: u64) -> std::io::Result<Self> {
        let path = path.as_ref();
        let metadata = std::fs::metadata(path)?;
        let end = offset.checked_add(len);
        if !metadata.is_file() || end.is_none_or(|end| end > metadata.len()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "{}: bytes {offset}..{} are not within a regular file of {} bytes",
                    path.display(),
                    offset.saturating_add(len),
                    metadata.len()
                ),
            ));
        }
        Ok(Body {
            source: Source::File {
                path: Arc::new(path.to_owned()),
                offset,
                len,
            },
        })
    }

    /// A stream of chunks whose total length is not known in advance. It is sent once, chunk by
    /// chunk; a call that has started sending it is not retried.
    ///
    /// S3 needs the length of a single-request upload: give it
    /// [`Body::from_stream_with_length`], or upload a stream of unknown length in parts (the
    /// transfer helper does).
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Body::stream(stream, None)
    }

    /// A stream of chunks that together hold exactly `len` bytes. A stream that ends short or
    /// runs long fails the call instead of sending something else than announced.
    pub fn from_stream_with_length<S, E>(stream: S, len: u64) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Body::stream(stream, Some(len))
    }

    fn stream<S, E>(stream: S, len: Option<u64>) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let boxed: ChunkStream = Box::pin(BoxErrors(Box::pin(stream)));
        Body {
            source: Source::Stream {
                stream: Arc::new(Mutex::new(Some(boxed))),
                len,
            },
        }
    }

    /// The length in bytes, when known.
    pub fn len(&self) -> Option<u64> {
        match &self.source {
            Source::Bytes(b) => Some(b.len() as u64),
            Source::File { len, .. } => Some(*len),
            Source::Stream { len, .. } => *len,
        }
    }

    /// Whether the body is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The bytes, when the body is held in memory.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.source {
            Source::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The bytes, when the body is held in memory, shared rather than copied (a server that
    /// stores what it received keeps them this way).
    pub fn to_bytes(&self) -> Option<Bytes> {
        match &self.source {
            Source::Bytes(b) => Some(b.clone()),
            _ => None,
        }
    }

    /// Whether the body can be read again (bytes, files): only then is a failed attempt retried
    /// after the body started going out.
    pub fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Stream { .. })
    }

    /// A reader of the body's chunks for one attempt.
    ///
    /// # Errors
    ///
    /// A stream body that another reader already took.
    pub(crate) fn reader(&self) -> Result<BodyReader, BodyError> {
        Ok(match &self.source {
            Source::Bytes(b) => BodyReader::Bytes(Some(b.clone()).filter(|b| !b.is_empty())),
            Source::File { path, offset, len } => BodyReader::File(FileReader {
                path: path.clone(),
                next: *offset,
                remaining: *len,
                file: None,
                pending: None,
            }),
            Source::Stream { stream, len } => {
                let taken = stream
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take();
                let Some(stream) = taken else {
                    return Err(BodyError::new(
                        "the body is a stream that was already sent; a stream can be sent once \
                         (use bytes or a file for a body that may be retried)",
                    ));
                };
                BodyReader::Stream {
                    stream: Mutex::new(stream),
                    announced: *len,
                    seen: 0,
                }
            }
        })
    }
}

impl Default for Body {
    fn default() -> Self {
        Body::empty()
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Bytes(b) => write!(f, "Body(bytes, {} bytes)", b.len()),
            Source::File { path, offset, len } => write!(
                f,
                "Body(file {}, bytes {offset}..{})",
                path.display(),
                offset + len
            ),
            Source::Stream { len: Some(n), .. } => write!(f, "Body(stream, {n} bytes)"),
            Source::Stream { len: None, .. } => f.write_str("Body(stream, length unknown)"),
        }
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Self) -> bool {
        match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (
                Source::File {
                    path: a,
                    offset: ao,
                    len: al,
                },
                Source::File {
                    path: b,
                    offset: bo,
                    len: bl,
                },
            ) => a == b && ao == bo && al == bl,
            (Source::Stream { stream: a, .. }, Source::Stream { stream: b, .. }) => {
                Arc::ptr_eq(a, b)
            }
            _ => false,
        }
    }
}

impl Eq for Body {}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Body::from_bytes(bytes)
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body::from_bytes(bytes)
    }
}

impl From<&'static [u8]> for Body {
    fn from(bytes: &'static [u8]) -> Self {
        Body::from_bytes(Bytes::from_static(bytes))
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Body::from_bytes(text.into_bytes())
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Body::from_bytes(Bytes::from_static(text.as_bytes()))
    }
}

impl From<Blob> for Body {
    fn from(blob: Blob) -> Self {
        Body::from_bytes(blob.into_inner())
    }
}

/// Why a request body could not be read: a stream that failed or broke its announced length, a
/// file that could not be read, a stream already sent.
#[derive(Clone, Debug)]
pub struct BodyError {
    message: String,
    source: Option<Arc<dyn std::error::Error + Send + Sync + 'static>>,
}

impl BodyError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        BodyError {
            message: message.into(),
            source: None,
        }
    }

    fn caused(message: impl Into<String>, source: BoxError) -> Self {
        BodyError {
            message: message.into(),
            source: Some(Arc::from(source)),
        }
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Reads a body's chunks for one attempt.
pub(crate) enum BodyReader {
    Bytes(Option<Bytes>),
    File(FileReader),
    Stream {
        /// In a mutex only so that the reader is `Sync` (as HTTP bodies must be); it is never
        /// contended, the reader polls it through `&mut`.
        stream: Mutex<ChunkStream>,
        announced: Option<u64>,
        seen: u64,
    },
}

impl BodyReader {
    /// The next chunk, `None` at the end. Never yields an empty chunk.
    pub(crate) fn poll_chunk(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, BodyError>>> {
        match self {
            BodyReader::Bytes(bytes) => Poll::Ready(bytes.take().map(Ok)),
            BodyReader::File(file) => file.poll_chunk(cx),
            BodyReader::Stream {
                stream,
                announced,
                seen,
            } => loop {
                let stream = stream
                    .get_mut()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                match stream.as_mut().poll_next(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Some(Err(e))) => {
                        return Poll::Ready(Some(Err(BodyError::caused(
                            format!("the body stream failed after {seen} bytes"),
                            e,
                        ))))
                    }
                    Poll::Ready(Some(Ok(chunk))) if chunk.is_empty() => continue,
                    Poll::Ready(Some(Ok(chunk))) => {
                        *seen += chunk.len() as u64;
                        if let Some(n) = *announced {
                            if *seen > n {
                                return Poll::Ready(Some(Err(BodyError::new(format!(
                                    "the body stream yielded more than the {n} bytes it announced"
                                )))));
                            }
                        }
                        return Poll::Ready(Some(Ok(chunk)));
                    }
                    Poll::Ready(None) => {
                        if let Some(n) = *announced {
                            if *seen != n {
                                return Poll::Ready(Some(Err(BodyError::new(format!(
                                    "the body stream ended after {seen} of the {n} bytes it \
                                     announced"
                                )))));
                            }
                        }
                        return Poll::Ready(None);
                    }
                }
            },
        }
    }
}

/// Reads a file range in chunks of [`FILE_CHUNK`] on tokio's blocking pool.
pub(crate) struct FileReader {
    path: Arc<PathBuf>,
    next: u64,
    remaining: u64,
    /// The open file between reads (moved into the blocking task during one).
    file: Option<std::fs::File>,
    pending: Option<tokio::task::JoinHandle<std::io::Result<FileRead>>>,
}

/// One read of a file: the file handed back with the bytes read.
type FileRead = (std::fs::File, Vec<u8>);

impl FileReader {
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, BodyError>>> {
        if self.pending.is_none() {
            if self.remaining == 0 {
                return Poll::Ready(None);
            }
            let want = self.remaining.min(FILE_CHUNK as u64) as usize;
            let path = self.path.clone();
            let offset = self.next;
            let file = self.file.take();
            self.pending = Some(tokio::task::spawn_blocking(move || {
                let mut file = match file {
                    Some(f) => f,
                    None => {
                        let mut f = std::fs::File::open(&*path)?;
                        f.seek(SeekFrom::Start(offset))?;
                        f
                    }
                };
                let mut buf = vec![0; want];
                let mut filled = 0;
                while filled < want {
                    match file.read(&mut buf[filled..]) {
                        Ok(0) => break,
                        Ok(n) => filled += n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                }
                buf.truncate(filled);
                Ok((file, buf))
            }));
        }
        let Some(pending) = self.pending.as_mut() else {
            return Poll::Ready(None);
        };
        let joined = match Pin::new(pending).poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(joined) => joined,
        };
        self.pending = None;
        let read = joined.map_err(|e| std::io::Error::other(e.to_string()));
        match read.and_then(|r| r) {
            Ok((_, buf)) if buf.is_empty() => Poll::Ready(Some(Err(BodyError::new(format!(
                "{} ended {} bytes before the length it had when the body was made",
                self.path.display(),
                self.remaining
            ))))),
            Ok((file, buf)) => {
                self.file = Some(file);
                self.next += buf.len() as u64;
                self.remaining -= buf.len() as u64;
                Poll::Ready(Some(Ok(Bytes::from(buf))))
            }
            Err(e) => Poll::Ready(Some(Err(BodyError::caused(
                format!("cannot read {}", self.path.display()),
                Box::new(e),
            )))),
        }
    }
}

/// A stream whose errors are boxed (the stream itself boxed, so that no pin projection is
/// needed).
pub(crate) struct BoxErrors<S>(pub(crate) Pin<Box<S>>);

impl<S, E> Stream for BoxErrors<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|r| r.map_err(Into::into)))
    }
}
