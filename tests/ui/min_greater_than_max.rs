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
    #[aws(length(min = 5, max = 2))]
    pub name: Option<String>,
    #[aws(range(min = 10, max = 1))]
    pub count: Option<i32>,
}

fn main() {}
