use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "awsJson1_1",
    api_version = "2024-01-01",
    target_prefix = "Example"
)]
pub struct Example;

// `{Region}` has no host_label field; `label` is a host label the prefix does not use.
#[aws_operation(service = Example, host_prefix = "data-{Region}.")]
pub struct PutRequest {
    #[aws(host_label)]
    pub label: String,
}

#[aws_operation(service = Example, host_prefix = "bad_host.")]
pub struct GetRequest {}

fn main() {}
