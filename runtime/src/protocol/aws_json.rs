//! awsJson1_0 and awsJson1_1: every operation is `POST /` with `X-Amz-Target` and the input
//! as the JSON body; HTTP bindings do not apply.

use crate::http::HttpRequest;
use crate::operation::{Protocol, Service};

/// The request of an awsJson1_0 / awsJson1_1 operation: `POST /` with `X-Amz-Target:
/// <targetPrefix>.<Operation>` and the input as the JSON body (HTTP bindings do not apply).
pub fn rpc_request<S: Service>(operation: &str, body: Vec<u8>) -> HttpRequest {
    let content_type = match S::PROTOCOL {
        Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
        _ => "application/x-amz-json-1.1",
    };
    let target = match S::TARGET_PREFIX {
        Some(prefix) => format!("{prefix}.{operation}"),
        None => operation.to_owned(),
    };
    HttpRequest {
        method: "POST",
        path: "/".into(),
        query: Vec::new(),
        headers: vec![
            ("content-type".into(), content_type.into()),
            ("x-amz-target".into(), target),
        ],
        body: Some(body),
        host_prefix: None,
    }
}
