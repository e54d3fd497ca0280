// A mistake in a shape gives one error, not a cascade where the shape is used.
use aws_op::{aws_operation, aws_service, aws_shape};

#[aws_service(id = "Example", signing_name = "example", protocol = "restJson1", api_version = "2024-01-01")]
pub struct Example;

#[aws_shape]
pub struct GetThingResponse {
    #[aws(lenght(max = 3))]
    pub name: String,
}

#[aws_operation(service = Example, http = "GET /things/{ThingId}", output = GetThingResponse)]
pub struct GetThingRequest {
    #[aws(label)]
    pub thing_id: Option<String>,
}

fn main() {
    let _ = GetThingResponse::builder().name("x").build();
    let _ = GetThingRequest::builder().thing_id("t").build();
}
