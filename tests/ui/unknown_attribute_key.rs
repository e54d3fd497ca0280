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
    #[aws(lenght(max = 3))]
    pub name: Option<String>,
    #[aws(headr = "X-A")]
    pub a: Option<String>,
}

fn main() {}
