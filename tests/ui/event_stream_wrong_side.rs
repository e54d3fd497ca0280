use aws_op::prelude::*;
use aws_op::{EventReceiver, EventSender};

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct Example;

#[aws_shape]
pub struct Chunk {
    pub text: Option<String>,
}

#[aws_shape(event_stream)]
pub enum Events {
    Chunk(Chunk),
}

// An output receives events; a sender there is a type error naming the fix.
#[aws_shape]
pub struct WatchOutput {
    #[aws(event_stream)]
    pub events: EventSender<Events>,
}

// An input sends events; a receiver there is a type error naming the fix.
#[aws_operation(service = Example, http = "POST /watch", output = WatchOutput)]
pub struct WatchRequest {
    #[aws(event_stream)]
    pub events: EventReceiver<Events>,
}

// An event stream carries the events of an event-stream union, not of a plain shape.
#[aws_shape]
pub struct PlainStream {
    #[aws(event_stream)]
    pub events: EventReceiver<Chunk>,
}

fn main() {}
