use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "awsJson1_1",
    api_version = "2024-01-01",
    target_prefix = "Example"
)]
pub struct Example;

// awsJson operations are all `POST /`: an `http` binding would be ignored on the wire.
#[aws_operation(service = Example, http = "GET /things")]
pub struct ListThingsRequest {
    pub verbose: Option<bool>,
}

fn main() {}
