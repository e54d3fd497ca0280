//! [`EventSender`]: the typed events a caller sends in an input's event stream, and
//! [`OutgoingEvents`], the same events checked and encoded for the wire.

use super::message::Message;
use super::union::EventUnion;
use crate::decode_error::DecodeError;
use crate::protocol::EventCodec;
use crate::schema::Member;
use crate::validate::{Path, Rule, Validate, ValidationError, Validator};
use futures_core::Stream;
use std::any::Any;
use std::pin::Pin;
use std::task::{Context, Poll};

type BoxedEvents<U> = Pin<Box<dyn Stream<Item = U> + Send>>;

/// The events a caller sends in an input's event stream (the type of a member marked
/// `event_stream` in an operation input): any [`Stream`] of the union's events.
///
/// Each event is validated against the model before it is encoded, signed and sent; an
/// invalid one ends the call with [`Error::Validation`](crate::Error::Validation). The
/// request body ends when the stream does.
///
/// ```
/// use aws_op_runtime::event_stream::EventSender;
/// # fn demo<U: aws_op_runtime::event_stream::EventUnion
/// #     + aws_op_runtime::__private::Validate>(a: U, b: U) {
/// // From events known up front:
/// let sender = EventSender::from_events([a, b]);
/// // Or fed while the call runs:
/// let (sender, feed) = EventSender::<U>::channel(8);
/// # }
/// ```
pub struct EventSender<U> {
    events: Option<BoxedEvents<U>>,
}

impl<U> std::fmt::Debug for EventSender<U> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventSender")
            .field("sent", &self.events.is_none())
            .finish()
    }
}

impl<U: EventUnion + Validate> EventSender<U> {
    /// Sends the events `events` yields; the input stream ends when it does.
    pub fn from_stream(events: impl Stream<Item = U> + Send + 'static) -> Self {
        EventSender {
            events: Some(Box::pin(events)),
        }
    }

    /// Sends these events, then ends the input stream.
    pub fn from_events<I>(events: I) -> Self
    where
        I: IntoIterator<Item = U>,
        I::IntoIter: Send + 'static,
    {
        Self::from_stream(IterStream(events.into_iter()))
    }

    /// A sender fed through a channel of `capacity` events: the input stream ends when every
    /// [`tokio::sync::mpsc::Sender`] is dropped.
    pub fn channel(capacity: usize) -> (Self, tokio::sync::mpsc::Sender<U>) {
        let (feed, receiver) = tokio::sync::mpsc::channel(capacity.max(1));
        (Self::from_stream(ChannelStream(receiver)), feed)
    }
}

/// An iterator as a stream that is always ready.
struct IterStream<I>(I);

// The iterator is never pinned: it is only ever reached through `&mut`.
impl<I> Unpin for IterStream<I> {}

impl<I: Iterator> Stream for IterStream<I> {
    type Item = I::Item;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
        Poll::Ready(self.0.next())
    }
}

/// The receiving end of a channel as a stream.
struct ChannelStream<U>(tokio::sync::mpsc::Receiver<U>);

impl<U> Stream for ChannelStream<U> {
    type Item = U;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<U>> {
        self.0.poll_recv(cx)
    }
}

/// An input's events checked and encoded, ready to be signed and sent: a [`Stream`] of
/// messages, or the validation error of the first invalid event.
pub struct OutgoingEvents {
    messages: Pin<Box<dyn Stream<Item = Result<Message, ValidationError>> + Send>>,
}

impl std::fmt::Debug for OutgoingEvents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OutgoingEvents")
    }
}

impl OutgoingEvents {
    /// Messages from any stream (tests of what sends them).
    #[cfg(test)]
    pub(crate) fn from_messages(
        messages: Pin<Box<dyn Stream<Item = Result<Message, ValidationError>> + Send>>,
    ) -> Self {
        OutgoingEvents { messages }
    }
}

impl Stream for OutgoingEvents {
    type Item = Result<Message, ValidationError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.messages.as_mut().poll_next(cx)
    }
}

/// The events of one input, checked and encoded with codec `C`.
struct Encode<U, C> {
    events: BoxedEvents<U>,
    operation: &'static str,
    member: &'static str,
    constraints: bool,
    sent: usize,
    codec: std::marker::PhantomData<fn() -> C>,
}

impl<U: EventUnion + Validate, C: EventCodec> Stream for Encode<U, C> {
    type Item = Result<Message, ValidationError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let event = match self.events.as_mut().poll_next(cx) {
            Poll::Ready(Some(event)) => event,
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => return Poll::Pending,
        };
        let index = self.sent;
        self.sent += 1;
        let member = Path::Member(&Path::Root, self.member);
        let path = Path::Index(&member, index);
        let mut validator = Validator::new(self.constraints);
        event.validate(&mut validator, &path, &Member::TOP);
        let message = C::write_event(&event);
        if message.is_none() {
            let problem = "an event the definition does not know cannot be sent";
            validator.report(&path, Rule::Enum, problem);
        }
        Poll::Ready(Some(
            validator
                .finish(self.operation)
                .map(|()| message.unwrap_or_default()),
        ))
    }
}

/// The type of an input member that sends an event stream: [`EventSender`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot send an event stream",
    label = "an input's `event_stream` member",
    note = "an operation input sends its events with `aws_op::EventSender<Union>`; \
            `EventReceiver` is for outputs"
)]
pub trait EventStreamInput: Send + 'static {
    /// The events to send, checked and encoded with codec `C`; `None` once taken.
    /// `operation` and `member` name them in validation errors.
    fn take_outgoing<C: EventCodec>(
        &mut self,
        operation: &'static str,
        member: &'static str,
        constraints: bool,
    ) -> Option<OutgoingEvents>;

    /// A member without events: what a server reads for it, the events arriving separately.
    fn detached() -> Self;

    /// Server side: the events received as `messages`, read with codec `C`, as a `Vec` of the
    /// union's events (boxed, for servers that hold many operations' inputs).
    ///
    /// # Errors
    ///
    /// The first message that is not an event of the union, its index in the path.
    fn decode_received<C: EventCodec>(
        messages: &[Message],
    ) -> Result<Box<dyn Any + Send>, DecodeError>;
}

impl<U: EventUnion + Validate> EventStreamInput for EventSender<U> {
    fn take_outgoing<C: EventCodec>(
        &mut self,
        operation: &'static str,
        member: &'static str,
        constraints: bool,
    ) -> Option<OutgoingEvents> {
        let events = self.events.take()?;
        Some(OutgoingEvents {
            messages: Box::pin(Encode::<U, C> {
                events,
                operation,
                member,
                constraints,
                sent: 0,
                codec: std::marker::PhantomData,
            }),
        })
    }

    fn detached() -> Self {
        EventSender { events: None }
    }

    fn decode_received<C: EventCodec>(
        messages: &[Message],
    ) -> Result<Box<dyn Any + Send>, DecodeError> {
        let events = messages
            .iter()
            .enumerate()
            .map(|(index, message)| {
                C::read_event::<U>(message).map_err(|e| e.at(format!("[{index}]")))
            })
            .collect::<Result<Vec<U>, DecodeError>>()?;
        Ok(Box::new(events))
    }
}
