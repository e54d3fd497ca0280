use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct Example;

#[aws_operation(service = Example, http = "POST /things")]
pub struct CreateThingRequest {
    #[aws(idempotency_token)]
    pub client_token: String,
}

#[aws_operation(service = Example, http = "POST /widgets")]
pub struct CreateWidgetRequest {
    #[aws(idempotency_token)]
    pub client_token: Option<i32>,
}

fn main() {}
