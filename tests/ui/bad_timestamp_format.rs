use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct Example;

#[aws_shape]
pub struct Thing {
    #[aws(timestamp_format = "iso")]
    pub created_at: Option<DateTime>,
}

fn main() {}
