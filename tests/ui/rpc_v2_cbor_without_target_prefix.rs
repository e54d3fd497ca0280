use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "rpcv2Cbor",
    api_version = "2024-01-01"
)]
pub struct Example;

fn main() {}
