use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "awsJson1_1",
    api_version = "2024-01-01"
)]
pub struct Example;

fn main() {}
