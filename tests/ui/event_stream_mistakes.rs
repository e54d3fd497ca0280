use aws_op::prelude::*;
use aws_op::EventReceiver;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct Example;

#[aws_shape]
pub struct Chunk {
    #[aws(event_header)]
    pub sequence: Option<i64>,
    pub text: Option<String>,
}

// `event_stream` marks an enum of events, not a structure.
#[aws_shape(event_stream)]
pub struct NotAnEnum {
    pub text: Option<String>,
}

// Each variant of an event-stream union holds its event structure.
#[aws_shape(event_stream)]
pub enum UnitVariants {
    Started,
    Stopped,
}

#[aws_shape(event_stream)]
pub enum Events {
    Chunk(Chunk),
}

#[aws_shape]
pub struct StreamOutput {
    // The stream is always there: no `Option`.
    #[aws(event_stream)]
    pub events: Option<EventReceiver<Events>>,
}

#[aws_shape]
pub struct TwoStreams {
    #[aws(event_stream)]
    pub first: EventReceiver<Events>,
    // One event stream per structure.
    #[aws(event_stream)]
    pub second: EventReceiver<Events>,
}

#[aws_shape]
pub struct StreamAndPayload {
    #[aws(event_stream)]
    pub events: EventReceiver<Events>,
    // The stream is the body.
    #[aws(payload)]
    pub body: Option<String>,
}

#[aws_error(code = "Oops", status = 500)]
pub struct Oops {
    // An error has no event stream.
    #[aws(event_stream)]
    pub events: EventReceiver<Events>,
}

#[aws_operation(service = Example, http = "POST /things")]
pub struct StartThingRequest {
    // Event headers belong to events.
    #[aws(event_header)]
    pub sequence: Option<i64>,
}

fn main() {}
