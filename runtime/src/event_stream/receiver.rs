//! [`EventReceiver`]: an output's event stream as typed events.

use super::message::Message;
use super::source::{EventSource, StreamContext};
use super::union::EventUnion;
use crate::decode_error::DecodeError;
use crate::error::{Error, ResponseError, ServiceError};
use crate::protocol::{ErrorParts, EventCodec};
use futures_core::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// The events of an output's event stream (the type of a member marked `event_stream` in an
/// output), read as they arrive and at the caller's pace.
///
/// It is a [`Stream`] of `Result<U, Error<U::Error>>`; [`EventReceiver::recv`] reads one event
/// without a `StreamExt`. The stream ends (`None`) after the last event or after its first
/// error:
///
/// - an exception event is [`Error::Service`] with the union's typed error (an error message
///   the model does not name is its `Unhandled` variant);
/// - a corrupt frame, an event the union cannot read, or a stream cut inside a message is
///   [`Error::Response`];
/// - a failed connection is [`Error::Dispatch`];
/// - no byte for the stall timeout ([`Config::with_event_stream_stall_timeout`],
///   [`EventReceiver::set_stall_timeout`]) is [`Error::Timeout`] of kind
///   [`TimeoutKind::EventStreamStall`].
///
/// Dropping it closes the connection (HTTP/1.1) or cancels the stream (HTTP/2).
///
/// [`Config::with_event_stream_stall_timeout`]: crate::Config::with_event_stream_stall_timeout
/// [`TimeoutKind::EventStreamStall`]: crate::TimeoutKind::EventStreamStall
pub struct EventReceiver<U: EventUnion> {
    source: EventSource,
    read_event: fn(&Message) -> Result<U, DecodeError>,
    read_exception: fn(&Message, u16) -> ErrorParts<U::Error>,
    /// Events read so far (error messages say which one failed).
    events: u64,
    done: bool,
}

impl<U: EventUnion> std::fmt::Debug for EventReceiver<U> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventReceiver")
            .field("source", &self.source)
            .field("events", &self.events)
            .field("done", &self.done)
            .finish()
    }
}

impl<U: EventUnion> EventReceiver<U> {
    /// The events of `source`, read with codec `C`.
    pub(crate) fn new<C: EventCodec>(source: EventSource) -> Self {
        EventReceiver {
            source,
            read_event: C::read_event::<U>,
            read_exception: C::read_exception::<U::Error>,
            events: 0,
            done: false,
        }
    }

    /// The next event; `Ok(None)` once the stream has ended.
    ///
    /// # Errors
    ///
    /// The error that ends the stream (see [`EventReceiver`]).
    pub async fn recv(&mut self) -> Result<Option<U>, Error<U::Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx))
            .await
            .transpose()
    }

    /// Changes the stall timeout of this stream (`None`: wait for bytes forever), counted
    /// from now.
    pub fn set_stall_timeout(&mut self, after: Option<Duration>) {
        self.source.set_stall_timeout(after);
    }

    /// The response the stream arrived in (operation, status, request id).
    pub fn context(&self) -> &StreamContext {
        self.source.context()
    }

    fn context_error(&self, problem: DecodeError) -> Error<U::Error> {
        let context = self.source.context();
        Error::Response(ResponseError {
            operation: context.operation,
            status: context.status,
            request_id: context.request_id.clone(),
            problem,
        })
    }

    /// What one message stands for: an event, or the error that ends the stream.
    fn read(&mut self, message: &Message) -> Option<Result<U, Error<U::Error>>> {
        let index = self.events;
        self.events += 1;
        match message.string_header(":message-type") {
            Some("event") => {
                // A late or repeated `initial-response` carries no event of the union.
                if message.string_header(":event-type") == Some("initial-response") {
                    return None;
                }
                Some(
                    (self.read_event)(message)
                        .map_err(|e| self.context_error(e.at(format!("event {index}")))),
                )
            }
            Some("exception") | Some("error") => {
                let context = self.source.context();
                let ErrorParts {
                    code,
                    message: text,
                    error,
                } = (self.read_exception)(message, context.status);
                Some(Err(Error::Service(ServiceError {
                    operation: context.operation,
                    error,
                    code,
                    message: text,
                    status: context.status,
                    request_id: context.request_id.clone(),
                })))
            }
            other => Some(Err(self.context_error(
                DecodeError::new(match other {
                    Some(t) => format!("unknown `:message-type` `{t}`"),
                    None => "a message without `:message-type`".to_owned(),
                })
                .at(format!("event {index}")),
            ))),
        }
    }
}

impl<U: EventUnion> Stream for EventReceiver<U> {
    type Item = Result<U, Error<U::Error>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        while !this.done {
            let message = match this.source.poll_message(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(Some(message))) => message,
                Poll::Ready(Ok(None)) => {
                    this.done = true;
                    break;
                }
                Poll::Ready(Err(e)) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(e.into_error(this.source.context()))));
                }
            };
            if let Some(item) = this.read(&message) {
                this.done = item.is_err();
                return Poll::Ready(Some(item));
            }
        }
        Poll::Ready(None)
    }
}

/// The type of an output member that receives an event stream: [`EventReceiver`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot receive an event stream",
    label = "an output's `event_stream` member",
    note = "an output receives its events as `aws_op::EventReceiver<Union>`; `EventSender` is \
            for operation inputs"
)]
pub trait EventStreamOutput: Sized + Send + 'static {
    /// The member reading `events` with codec `C`.
    fn receive<C: EventCodec>(events: EventSource) -> Self;
}

impl<U: EventUnion> EventStreamOutput for EventReceiver<U> {
    fn receive<C: EventCodec>(events: EventSource) -> Self {
        EventReceiver::new::<C>(events)
    }
}
