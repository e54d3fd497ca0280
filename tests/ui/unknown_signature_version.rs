use aws_op::prelude::*;

#[aws_service(
    id = "S3",
    signing_name = "s3",
    protocol = "restXml",
    api_version = "2006-03-01",
    signature_version = "s3v5"
)]
pub struct S3;

fn main() {}
