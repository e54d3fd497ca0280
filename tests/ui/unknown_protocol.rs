use aws_op::prelude::*;

#[aws_service(
    id = "S3",
    signing_name = "s3",
    protocol = "restXML",
    api_version = "2006-03-01"
)]
pub struct S3;

fn main() {}
