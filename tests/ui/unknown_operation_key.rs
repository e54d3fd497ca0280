use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct Example;

#[aws_operation(servce = Example, http = "POST /things")]
pub struct CreateThingRequest {
    pub name: Option<String>,
}

fn main() {}
