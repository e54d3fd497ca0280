use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct Example;

#[aws_shape]
pub struct GetThingResponse {
    #[aws(label)]
    pub thing_id: String,
    #[aws(query = "x")]
    pub x: Option<String>,
}

#[aws_operation(service = Example, http = "POST /things", output = GetThingResponse)]
pub struct CreateThingRequest {
    #[aws(status_code)]
    pub status: Option<i32>,
}

fn main() {}
