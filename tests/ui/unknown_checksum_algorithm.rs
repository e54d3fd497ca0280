use aws_op::prelude::*;

#[aws_service(
    id = "S3",
    signing_name = "s3",
    protocol = "restXml",
    api_version = "2006-03-01",
    signature_version = "s3v4"
)]
pub struct S3;

#[aws_operation(
    service = S3,
    http = "GET /{Bucket}/{Key+}",
    http_checksum(
        response_validation_header = "x-amz-checksum-mode",
        response_algorithms = "CRC32,CRC64"
    )
)]
pub struct GetObjectRequest {
    #[aws(label)]
    pub bucket: String,
    #[aws(label)]
    pub key: String,
}

fn main() {}
