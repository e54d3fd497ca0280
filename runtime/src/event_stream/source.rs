//! Where the messages of a response's event stream come from: the bytes of a whole body, or a
//! live body read at the caller's pace with a stall timeout.

use super::decoder::{FrameError, MessageDecoder};
use super::message::Message;
use crate::decode_error::DecodeError;
use crate::error::{DispatchError, Error, ResponseError, TimeoutError, TimeoutKind};
use bytes::Bytes;
use http_body::Body;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// The response an event stream arrived in, for the errors it ends with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamContext {
    /// The operation called.
    pub operation: &'static str,
    /// The HTTP status of the response.
    pub status: u16,
    /// The request id of the response.
    pub request_id: Option<String>,
}

/// Why no more messages can be read.
#[derive(Debug)]
pub(crate) enum SourceError {
    /// A corrupt or truncated frame.
    Frame(FrameError),
    /// The connection failed (closed, reset, TLS error...).
    Transport(String),
    /// No byte arrived for this long.
    Stalled(Duration),
}

impl SourceError {
    /// The call error this stands for, in the response `context`.
    pub(crate) fn into_error<E>(self, context: &StreamContext) -> Error<E> {
        match self {
            SourceError::Frame(e) => Error::Response(ResponseError {
                operation: context.operation,
                status: context.status,
                request_id: context.request_id.clone(),
                problem: DecodeError::new(e.to_string()),
            }),
            SourceError::Transport(message) => Error::Dispatch(DispatchError {
                operation: context.operation,
                attempts: 1,
                message: format!("the event stream broke off: {message}"),
            }),
            SourceError::Stalled(after) => Error::Timeout(TimeoutError {
                operation: context.operation,
                kind: TimeoutKind::EventStreamStall,
                after,
            }),
        }
    }
}

/// The messages of an event stream, read at the consumer's pace.
///
/// The client makes one from a streaming response; [`EventSource::from_bytes`] makes one from a
/// whole body (a recorded stream, a test). Dropping it drops the response body, which closes
/// the connection (HTTP/1.1) or cancels the stream (HTTP/2).
pub struct EventSource {
    decoder: MessageDecoder,
    /// `None` once every byte has been pushed into the decoder.
    body: Option<reqwest::Body>,
    /// A message read ahead and put back (the first one, when it is not `initial-response`).
    unread: Option<Message>,
    stall: Option<Stall>,
    context: StreamContext,
}

/// The stall timeout: how long without bytes, and the timer reset by each chunk.
struct Stall {
    after: Duration,
    timer: Pin<Box<tokio::time::Sleep>>,
}

impl std::fmt::Debug for EventSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventSource")
            .field("context", &self.context)
            .field("live", &self.body.is_some())
            .field("buffered", &self.decoder.buffered())
            .field("stall_timeout", &self.stall.as_ref().map(|s| s.after))
            .finish()
    }
}

impl EventSource {
    /// The messages in a whole body.
    pub fn from_bytes(body: &[u8], context: StreamContext) -> Self {
        let mut decoder = MessageDecoder::new();
        decoder.push(body);
        EventSource {
            decoder,
            body: None,
            unread: None,
            stall: None,
            context,
        }
    }

    /// The messages of a response body still arriving. A stall timeout needs a tokio runtime
    /// with its timer enabled when the source is polled.
    pub(crate) fn live(
        body: reqwest::Body,
        context: StreamContext,
        stall_timeout: Option<Duration>,
    ) -> Self {
        EventSource {
            decoder: MessageDecoder::new(),
            body: Some(body),
            unread: None,
            stall: stall_timeout.map(|after| Stall {
                after,
                timer: Box::pin(tokio::time::sleep(after)),
            }),
            context,
        }
    }

    /// The response the stream arrived in.
    pub fn context(&self) -> &StreamContext {
        &self.context
    }

    /// Changes the stall timeout (`None`: wait for bytes forever), counted from now.
    pub(crate) fn set_stall_timeout(&mut self, after: Option<Duration>) {
        self.stall = after.map(|after| Stall {
            after,
            timer: Box::pin(tokio::time::sleep(after)),
        });
    }

    /// Puts a message back: the next poll returns it.
    pub(crate) fn unread(&mut self, message: Message) {
        self.unread = Some(message);
    }

    /// The next message; `None` at the end of a stream that ended between messages.
    pub(crate) fn poll_message(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Result<Option<Message>, SourceError>> {
        if let Some(message) = self.unread.take() {
            return Poll::Ready(Ok(Some(message)));
        }
        loop {
            match self.decoder.next_message() {
                Ok(Some(message)) => return Poll::Ready(Ok(Some(message))),
                Ok(None) => {}
                Err(e) => return Poll::Ready(Err(SourceError::Frame(e))),
            }
            let Some(body) = &mut self.body else {
                let end = self.decoder.finish().map_err(SourceError::Frame);
                return Poll::Ready(end.map(|()| None));
            };
            match Pin::new(body).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        self.received(&data);
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    self.body = None;
                    let text = crate::transport::describe_error(&e);
                    return Poll::Ready(Err(SourceError::Transport(text)));
                }
                Poll::Ready(None) => self.body = None,
                Poll::Pending => {
                    if let Some(stall) = &mut self.stall {
                        if stall.timer.as_mut().poll(cx).is_ready() {
                            let after = stall.after;
                            // The body is dropped: the connection closes.
                            self.body = None;
                            self.stall = None;
                            return Poll::Ready(Err(SourceError::Stalled(after)));
                        }
                    }
                    return Poll::Pending;
                }
            }
        }
    }

    /// The next message (see [`EventSource::poll_message`]).
    pub(crate) async fn next_message(&mut self) -> Result<Option<Message>, SourceError> {
        std::future::poll_fn(|cx| self.poll_message(cx)).await
    }

    fn received(&mut self, data: &Bytes) {
        self.decoder.push(data);
        if let Some(stall) = &mut self.stall {
            let deadline = tokio::time::Instant::now() + stall.after;
            stall.timer.as_mut().reset(deadline);
        }
    }
}
