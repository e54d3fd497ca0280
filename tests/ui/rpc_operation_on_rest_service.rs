use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct Example;

// No `http`: only awsJson services send every operation as `POST /`.
#[aws_operation(service = Example)]
pub struct GetThingRequest {
    pub verbose: Option<bool>,
}

fn main() {}
