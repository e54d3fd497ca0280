use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct Example;

// A label is a name: letters, digits, `_` and `-`.
#[aws_operation(service = Example, http = "GET /things/{Thing Id}")]
pub struct GetThingRequest {}

fn main() {}
