//! An event-stream operation's output: opened from the response head and the stream, the
//! `initial-response` event first for RPC protocols.

use super::message::Message;
use super::source::{EventSource, StreamContext};
use crate::error::{Error, ResponseError, ServiceError};
use crate::http::HttpResponse;
use crate::operation::{Operation, Service};
use crate::protocol::{ErrorParts, EventCodec, Protocol};
use crate::schema::{Binding, Schema};
use std::future::Future;
use std::task::{Context, Poll, Waker};

type ProtocolOf<O> = <<O as Operation>::Service as Service>::Protocol;
type CodecOf<O> = <ProtocolOf<O> as Protocol>::Events;

/// Whether a shape has an event-stream member; a `const fn`, so that callers ask it of a
/// type's schema at compile time (`const { has_event_stream(O::SCHEMA) }`).
pub(crate) const fn has_event_stream(schema: &Schema) -> bool {
    let mut i = 0;
    while i < schema.members.len() {
        if matches!(schema.members[i].binding, Binding::EventStream) {
            return true;
        }
        i += 1;
    }
    false
}

/// The stream context of a response to `O`.
pub(crate) fn context<O: Operation>(head: &HttpResponse) -> StreamContext {
    StreamContext {
        operation: O::NAME,
        status: head.status,
        request_id: ProtocolOf::<O>::request_id(head),
    }
}

/// The output of a successful response to event-stream operation `O`: its members from the
/// head (REST protocols) or from the `initial-response` event (RPC protocols), its
/// event-stream member reading `events`. An exception before the `initial-response` event is
/// the call's error.
pub(crate) async fn open_output<O: Operation>(
    head: &HttpResponse,
    mut events: EventSource,
) -> Result<O::Output, Error<O::Error>> {
    let context = events.context().clone();
    let malformed = |problem| {
        Error::Response(ResponseError {
            operation: context.operation,
            status: context.status,
            request_id: context.request_id.clone(),
            problem,
        })
    };
    if ProtocolOf::<O>::HTTP_BINDINGS {
        return CodecOf::<O>::read_rest_output::<O::Output>(head, events).map_err(malformed);
    }
    let first = events
        .next_message()
        .await
        .map_err(|e| e.into_error(&context))?;
    let initial = match first {
        Some(message) if is_initial_response(&message) => Some(message),
        Some(message) if is_exception(&message) => {
            let ErrorParts {
                code,
                message: text,
                error,
            } = CodecOf::<O>::read_exception::<O::Error>(&message, context.status);
            return Err(Error::Service(ServiceError {
                operation: context.operation,
                error,
                code,
                message: text,
                status: context.status,
                request_id: context.request_id.clone(),
            }));
        }
        Some(message) => {
            events.unread(message);
            None
        }
        None => None,
    };
    let payload = initial.as_ref().map(|m| &m.payload()[..]);
    CodecOf::<O>::read_rpc_output::<O::Output>(payload, events).map_err(malformed)
}

/// [`open_output`] over a whole body (the response [`crate::read_response`] reads).
pub(crate) fn open_buffered_output<O: Operation>(
    response: &HttpResponse,
) -> Result<O::Output, Error<O::Error>> {
    let events = EventSource::from_bytes(&response.body, context::<O>(response));
    let head = HttpResponse {
        status: response.status,
        headers: response.headers.clone(),
        body: Vec::new(),
    };
    let opening = std::pin::pin!(open_output::<O>(&head, events));
    // A source over a whole body never waits, so one poll finishes the future.
    match opening.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(result) => result,
        Poll::Pending => Err(Error::Response(ResponseError {
            operation: O::NAME,
            status: response.status,
            request_id: response.request_id().map(str::to_owned),
            problem: crate::DecodeError::new("a buffered event stream waited for more bytes"),
        })),
    }
}

fn is_initial_response(message: &Message) -> bool {
    message.string_header(":message-type") == Some("event")
        && message.string_header(":event-type") == Some("initial-response")
}

fn is_exception(message: &Message) -> bool {
    matches!(
        message.string_header(":message-type"),
        Some("exception") | Some("error")
    )
}
