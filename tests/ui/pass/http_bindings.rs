//! Every HTTP binding kind of an operation input and output, with a blob payload.

use aws_op::prelude::*;
use std::collections::HashMap;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct Example;

#[aws_error(code = "NoSuchKey", status = 404)]
#[derive(Clone, PartialEq)]
pub struct NoSuchKey {
    pub message: Option<String>,
}

#[aws_error(code = "SlowDown", status = 503, throttling)]
#[derive(Clone, PartialEq)]
pub struct SlowDown {
    pub message: Option<String>,
}

#[aws_error]
pub enum PutObjectError {
    NoSuchKey(NoSuchKey),
    SlowDown(SlowDown),
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct PutObjectResponse {
    #[aws(status_code)]
    pub status: Option<i32>,
    #[aws(header = "ETag")]
    pub e_tag: Option<String>,
    #[aws(header = "X-Versions")]
    pub versions: Option<Vec<String>>,
    #[aws(header = "Last-Modified")]
    pub last_modified: Option<DateTime>,
    #[aws(prefix_headers = "X-Meta-")]
    pub metadata: Option<HashMap<String, String>>,
    #[aws(payload)]
    pub body: Option<Blob>,
}

#[aws_operation(
    service = Example,
    http = "PUT /buckets/{Bucket}/objects/{Key+}?x-id=PutObject",
    status = 201,
    output = PutObjectResponse,
    errors = PutObjectError
)]
#[derive(Clone, PartialEq)]
pub struct PutObjectRequest {
    #[aws(label, length(min = 3, max = 63), pattern = "[a-z0-9.-]+")]
    pub bucket: String,
    #[aws(label, length(min = 1))]
    pub key: String,
    #[aws(query = "versionId")]
    pub version_id: Option<String>,
    #[aws(query = "tag", item(length(min = 1, max = 16)))]
    pub tags: Option<Vec<String>>,
    #[aws(query_map, key(length(max = 32)))]
    pub extra: Option<HashMap<String, String>>,
    #[aws(header = "X-Checksums")]
    pub checksums: Option<Vec<String>>,
    #[aws(header = "X-Expires", timestamp_format = "epoch-seconds")]
    pub expires: Option<DateTime>,
    #[aws(header = "If-Modified-Since")]
    pub if_modified_since: Option<DateTime>,
    #[aws(prefix_headers = "X-Meta-", value(length(max = 256)))]
    pub metadata: Option<HashMap<String, String>>,
    #[aws(idempotency_token, header = "X-Client-Token")]
    pub client_token: Option<String>,
    #[aws(payload, sensitive)]
    pub body: Option<Blob>,
}

fn main() {
    let request = PutObjectRequest::builder()
        .bucket("my-bucket")
        .key("a/b/c.txt")
        .tags(vec!["x".to_owned()])
        .expires(DateTime::from_secs(1_700_000_000))
        .body(Blob::from("hello"))
        .build();
    assert!(request.validate(true).is_ok());
    let _ = format!("{request:?}");
    let _ = PutObjectResponse::builder().build();
}
