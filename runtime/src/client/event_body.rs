//! The body of a request that sends an input event stream: each event of the caller's
//! [`OutgoingEvents`] encoded, wrapped in its signed envelope (chained from the request's
//! signature, `:date` now) and sent as it comes; then the empty envelope that ends the stream.
//!
//! RPC protocols (no HTTP bindings) send the input's other members first, as an
//! `initial-request` event (Smithy's initial messages; the SDKs always send it).
//!
//! An event that fails validation ends the body with an error; the validation error itself
//! reaches the call through [`FailedEvent`], so the call fails with
//! [`Error::Validation`](crate::Error::Validation) rather than a transport error (when that
//! happens before the response head: once an output stream flows, it is that stream that
//! breaks).

use crate::body::BodyError;
use crate::config::TimeSource;
use crate::event_stream::{EncodeError, HeaderValue, Message, OutgoingEvents};
use crate::sigv4::EventSigner;
use crate::time::DateTime;
use crate::validate::ValidationError;
use bytes::Bytes;
use futures_core::Stream;
use http_body::{Frame, SizeHint};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// The `Content-Type` of a request body that is an event stream.
pub(crate) const EVENT_STREAM_CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

/// The `initial-request` event of an RPC protocol: the input's other members as `document`,
/// a document of `content_type`.
pub(crate) fn initial_request(document: Vec<u8>, content_type: &'static str) -> Message {
    let text = |s: &str| HeaderValue::String(s.to_owned().into());
    Message::new(document)
        .with_header(":message-type", text("event"))
        .with_header(":event-type", text("initial-request"))
        .with_header(":content-type", text(content_type))
}

/// The events a call sends: its `initial-request` event (RPC protocols), then the caller's.
pub(crate) struct InputEvents {
    pub(crate) initial: Option<Message>,
    pub(crate) events: OutgoingEvents,
}

/// What the chain of an attempt's envelopes starts from: the request's signature and scope.
#[derive(Clone)]
pub(crate) struct EventSeed {
    pub(crate) secret_access_key: String,
    pub(crate) region: String,
    pub(crate) service: String,
    pub(crate) signature: String,
}

impl EventSeed {
    pub(crate) fn signer(&self) -> EventSigner {
        EventSigner::new(
            &self.secret_access_key,
            &self.region,
            &self.service,
            &self.signature,
        )
    }
}

/// The side channel from a body to its call: the validation error of the event that ended it.
#[derive(Clone, Debug, Default)]
pub(crate) struct FailedEvent(Arc<Mutex<Option<ValidationError>>>);

impl FailedEvent {
    fn set(&self, error: ValidationError) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(error);
    }

    /// The validation error that ended the body, if one did.
    pub(crate) fn take(&self) -> Option<ValidationError> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

/// The clock envelopes are dated with: the client's time source, corrected by the clock offset
/// the request was signed with.
pub(crate) struct EventClock {
    pub(crate) source: TimeSource,
    pub(crate) offset_secs: i64,
}

impl EventClock {
    fn now(&self) -> DateTime {
        let local = DateTime::from_system_time((self.source)()).secs();
        DateTime::from_secs(local + self.offset_secs)
    }
}

/// The signed envelopes of an input event stream, as a request body.
pub(crate) struct SignedEventBody {
    /// The `initial-request` event, sent before the caller's events (RPC protocols).
    initial: Option<Message>,
    /// Behind a mutex only so that the body is `Sync` (reqwest asks it); never locked, it is
    /// reached through `&mut`.
    events: Mutex<OutgoingEvents>,
    signer: EventSigner,
    clock: EventClock,
    failed: FailedEvent,
    /// The empty envelope was sent (or the body failed): nothing more comes.
    done: bool,
    /// Events sent so far, for error messages.
    sent: usize,
}

impl SignedEventBody {
    pub(crate) fn new(
        input: InputEvents,
        signer: EventSigner,
        clock: EventClock,
        failed: FailedEvent,
    ) -> Self {
        SignedEventBody {
            initial: input.initial,
            events: Mutex::new(input.events),
            signer,
            clock,
            failed,
            done: false,
            sent: 0,
        }
    }

    /// The signed envelope of `message`, encoded.
    fn envelope(&mut self, message: &Message) -> Result<Bytes, BodyError> {
        let index = self.sent;
        let too_large = |e| BodyError::new(format!("input event {index} cannot be sent: {e}"));
        let encoded = message.to_bytes().map_err(too_large)?;
        self.signed(&encoded).map_err(too_large)
    }

    /// The envelope of `payload` (an encoded event, or nothing for the end of the stream),
    /// signed next in the chain and encoded.
    fn signed(&mut self, payload: &[u8]) -> Result<Bytes, EncodeError> {
        let envelope = self.signer.sign(payload, self.clock.now());
        envelope.to_bytes().map(Bytes::from)
    }
}

impl http_body::Body for SignedEventBody {
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyError>>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        if let Some(initial) = this.initial.take() {
            return Poll::Ready(Some(this.envelope(&initial).map(Frame::data)));
        }
        let events = this.events.get_mut().unwrap_or_else(|e| e.into_inner());
        let next = match Pin::new(events).poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(next) => next,
        };
        let framed = match next {
            Some(Ok(message)) => {
                let framed = this.envelope(&message);
                this.sent += 1;
                framed
            }
            Some(Err(invalid)) => {
                let problem = format!("input event {} is invalid: {invalid}", this.sent);
                this.failed.set(invalid);
                Err(BodyError::new(problem))
            }
            None => {
                this.done = true;
                this.signed(&[])
                    .map_err(|e| BodyError::new(format!("the end of the input event stream: {e}")))
            }
        };
        if framed.is_err() {
            this.done = true;
        }
        Poll::Ready(Some(framed.map(Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        self.done
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event_stream::MessageDecoder;
    use crate::sigv4::EventVerifier;
    use crate::validate::{Path, Rule, Validator};
    use http_body::Body as _;
    use std::future::poll_fn;

    const SECRET: &str = "secret";
    const SEED: &str = "0f0e";

    fn outgoing(items: Vec<Result<Message, ValidationError>>) -> OutgoingEvents {
        OutgoingEvents::from_messages(Box::pin(IterStream(items.into_iter())))
    }

    struct IterStream<I>(I);
    impl<I: Iterator + Unpin> Stream for IterStream<I> {
        type Item = I::Item;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
            Poll::Ready(self.0.next())
        }
    }

    fn body(
        initial: Option<Message>,
        items: Vec<Result<Message, ValidationError>>,
    ) -> (SignedEventBody, FailedEvent) {
        let failed = FailedEvent::default();
        let clock = EventClock {
            source: Arc::new(|| {
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000)
            }),
            offset_secs: 5,
        };
        let signer = EventSigner::new(SECRET, "us-east-1", "svc", SEED);
        (
            SignedEventBody::new(
                InputEvents {
                    initial,
                    events: outgoing(items),
                },
                signer,
                clock,
                failed.clone(),
            ),
            failed,
        )
    }

    async fn frames(body: &mut SignedEventBody) -> (Vec<u8>, Option<BodyError>) {
        let mut bytes = Vec::new();
        let mut body = Pin::new(body);
        while let Some(frame) = poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
            match frame {
                Ok(frame) => bytes.extend_from_slice(frame.data_ref().unwrap()),
                Err(e) => return (bytes, Some(e)),
            }
        }
        (bytes, None)
    }

    fn event(text: &'static str) -> Message {
        Message::new(text.as_bytes()).with_header(":event-type", HeaderValue::String("t".into()))
    }

    #[tokio::test]
    async fn envelopes_verify_in_order_dated_by_the_corrected_clock_and_end_empty() {
        let initial = initial_request(b"{}".to_vec(), "application/json");
        let (mut body, failed) = body(Some(initial), vec![Ok(event("a")), Ok(event("b"))]);
        let (bytes, error) = frames(&mut body).await;
        assert!(error.is_none());
        assert!(failed.take().is_none());
        let mut decoder = MessageDecoder::new();
        decoder.push(&bytes);
        let mut verifier = EventVerifier::new(SECRET, "us-east-1", "svc", SEED);
        let mut inner = Vec::new();
        while let Some(envelope) = decoder.next_message().unwrap() {
            assert_eq!(
                envelope.header(":date"),
                Some(&HeaderValue::Timestamp(DateTime::from_secs(1_700_000_005)))
            );
            inner.push(verifier.verify(&envelope).unwrap());
        }
        assert!(verifier.ended());
        assert_eq!(inner.len(), 4);
        assert_eq!(
            inner[0].as_ref().unwrap().string_header(":event-type"),
            Some("initial-request")
        );
        assert_eq!(&inner[1].as_ref().unwrap().payload()[..], b"a");
        assert_eq!(&inner[2].as_ref().unwrap().payload()[..], b"b");
        assert!(inner[3].is_none());
    }

    #[tokio::test]
    async fn an_invalid_event_ends_the_body_and_reaches_the_call() {
        let mut validator = Validator::new(true);
        let member = Path::Member(&Path::Root, "events");
        validator.report(&Path::Index(&member, 1), Rule::Required, "missing");
        let invalid = validator.finish("Op").unwrap_err();
        let (mut body, failed) = body(
            None,
            vec![Ok(event("a")), Err(invalid.clone()), Ok(event("c"))],
        );
        let (bytes, error) = frames(&mut body).await;
        assert!(error
            .unwrap()
            .message()
            .contains("input event 1 is invalid"));
        assert_eq!(failed.take(), Some(invalid));
        // Only the first event went out, and no end of stream.
        let mut decoder = MessageDecoder::new();
        decoder.push(&bytes);
        assert!(decoder.next_message().unwrap().is_some());
        assert!(decoder.next_message().unwrap().is_none());
        assert!(body.is_end_stream());
    }
}
