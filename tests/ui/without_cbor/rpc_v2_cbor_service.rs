use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "rpcv2Cbor",
    api_version = "2024-01-01",
    target_prefix = "Example"
)]
pub struct Example;

fn main() {}
