//! Server side: which operation a request calls, as each protocol tells it (the method and URI
//! template of the REST protocols, `X-Amz-Target` of awsJson, the path of rpcv2Cbor, the form's
//! `Action` of the query protocols). The emulator's mock server routes with these.

use crate::http::HttpRequest;
use crate::http_binding::match_uri_template;
use crate::operation::Operation;
use crate::schema::{Binding, Schema};
use crate::uri_encoding::parse_query;

/// REST protocols: the operation's method and URI template, and its required query and
/// header members present (several S3 operations share a method and URI and differ by them:
/// `uploadId`, `partNumber`, `x-amz-copy-source`).
pub(crate) fn rest<O: Operation>(request: &HttpRequest) -> bool {
    method_and_uri(O::METHOD, O::URI, request) && required_bindings_present(O::SCHEMA, request)
}

/// Every required member bound to the query string or a header is in `request`.
fn required_bindings_present(schema: &Schema, request: &HttpRequest) -> bool {
    schema
        .members
        .iter()
        .filter(|member| member.is_required())
        .all(|member| match member.binding {
            Binding::Query(name) => request.query.iter().any(|(n, _)| n == name),
            Binding::Header(name) => request.header(name).is_some(),
            _ => true,
        })
}

/// The method, the path against the URI template, and the template's constant query parameters
/// (`?x-id=GetObject`, `?uploads`) all present.
fn method_and_uri(method: &str, uri: &str, request: &HttpRequest) -> bool {
    if !request.method.eq_ignore_ascii_case(method)
        || match_uri_template(uri, &request.path).is_none()
    {
        return false;
    }
    let constants = uri.split_once('?').map_or("", |(_, query)| query);
    parse_query(constants).iter().all(|(name, value)| {
        request
            .query
            .iter()
            .any(|(n, v)| n == name && (value.is_empty() || v == value))
    })
}

/// awsJson: `X-Amz-Target: <target prefix>.<Operation>` (or the bare name without a prefix).
pub(crate) fn target<O: Operation>(request: &HttpRequest, prefix: Option<&str>) -> bool {
    let Some(target) = request.header("x-amz-target") else {
        return false;
    };
    match prefix {
        Some(prefix) => target
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|name| name == O::NAME),
        None => target == O::NAME,
    }
}

/// The query protocols: the form body's `Action`.
#[cfg(feature = "xml")]
pub(crate) fn form_action<O: Operation>(request: &HttpRequest) -> bool {
    let body = request.body_bytes().unwrap_or_default();
    let Ok(body) = std::str::from_utf8(body) else {
        return false;
    };
    parse_query(body)
        .iter()
        .any(|(name, value)| name == "Action" && value == O::NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &'static str, path: &str, query: &[(&str, &str)]) -> HttpRequest {
        HttpRequest {
            method,
            path: path.into(),
            query: query
                .iter()
                .map(|(n, v)| ((*n).into(), (*v).into()))
                .collect(),
            headers: Vec::new(),
            body: None,
            host_prefix: None,
        }
    }

    #[test]
    fn constant_query_parameters_must_be_present() {
        assert!(method_and_uri(
            "GET",
            "/{Bucket}/{Key+}?x-id=GetObject",
            &request("GET", "/b/k/l", &[("x-id", "GetObject")])
        ));
        assert!(!method_and_uri(
            "GET",
            "/{Bucket}/{Key+}?x-id=GetObject",
            &request("GET", "/b/k", &[])
        ));
        assert!(!method_and_uri(
            "GET",
            "/{Bucket}/{Key+}?x-id=GetObject",
            &request("GET", "/b/k", &[("x-id", "Other")])
        ));
        assert!(method_and_uri(
            "GET",
            "/{Bucket}?uploads",
            &request("GET", "/b", &[("uploads", "")])
        ));
        assert!(!method_and_uri(
            "PUT",
            "/{Bucket}",
            &request("GET", "/b", &[])
        ));
    }

    #[test]
    fn required_query_and_header_members_must_be_present() {
        use crate::schema::Member;
        static MEMBERS: [Member; 4] = [
            Member::new("UploadId")
                .with_binding(Binding::Query("uploadId"))
                .required(),
            Member::new("CopySource")
                .with_binding(Binding::Header("x-amz-copy-source"))
                .required(),
            Member::new("MaxParts").with_binding(Binding::Query("max-parts")),
            Member::new("Key").with_binding(Binding::Label).required(),
        ];
        static SCHEMA: Schema = Schema::structure("Input", &MEMBERS);
        let mut both = request("GET", "/b/k", &[("uploadId", "u")]);
        both.headers
            .push(("X-Amz-Copy-Source".into(), "b/k".into()));
        assert!(required_bindings_present(&SCHEMA, &both));
        let no_header = request("GET", "/b/k", &[("uploadId", "u"), ("max-parts", "1")]);
        assert!(!required_bindings_present(&SCHEMA, &no_header));
        let mut no_query = request("GET", "/b/k", &[]);
        no_query
            .headers
            .push(("x-amz-copy-source".into(), "b/k".into()));
        assert!(!required_bindings_present(&SCHEMA, &no_query));
    }
}
