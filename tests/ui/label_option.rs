use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct Example;

#[aws_operation(service = Example, http = "GET /things/{ThingId}")]
pub struct GetThingRequest {
    #[aws(label)]
    pub thing_id: Option<String>,
}

fn main() {}
