use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01",
    endpoint = "https://example.{region}.amazonaws.com"
)]
pub struct Example;

// A number cannot be a string parameter; `Bucket` is set twice; a name cannot be empty;
// a static parameter is set twice and one holds a number.
#[aws_operation(
    service = Example,
    http = "GET /{Bucket}/{Key}",
    static_context_params(UseArnRegion = true, UseArnRegion = false, Limit = 3)
)]
pub struct GetRequest {
    #[aws(label, context_param = "Bucket")]
    pub bucket: String,
    #[aws(label, context_param = "Bucket")]
    pub key: String,
    #[aws(query = "part", context_param = "PartNumber")]
    pub part: Option<i32>,
    #[aws(header = "x-region", context_param = "")]
    pub region: Option<String>,
    #[aws(header = "x-arn", context_param = "UseArnRegion")]
    pub arn: Option<String>,
}

// Outputs do not route requests.
#[aws_shape]
pub struct GetResponse {
    #[aws(context_param = "Bucket")]
    pub bucket: Option<String>,
}

fn main() {}
