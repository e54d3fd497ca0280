use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "awsJson1_0",
    api_version = "2024-01-01",
    target_prefix = "Example"
)]
pub struct Example;

#[aws_operation(service = Example, no_input)]
pub struct PingRequest {
    pub name: Option<String>,
}

fn main() {}
