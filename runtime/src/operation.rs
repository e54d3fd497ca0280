//! The traits the macros implement: what a service, an operation, an output and an error are.
//!
//! Users rarely implement these by hand; `#[aws_service]`, `#[aws_operation]`, `#[aws_shape]` and
//! `#[aws_error]` do. They are public so that generic code (the client, the emulator, test
//! helpers) can work over any operation.

use crate::http::{HttpRequest, HttpResponse};
use crate::json::DecodeError;
use crate::validate::ValidationError;
use serde_json::{Map, Value};
use std::fmt;

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// Smithy `aws.protocols#restJson1` (botocore `rest-json`).
    RestJson1,
    /// Smithy `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// Smithy `aws.protocols#awsJson1_1`.
    AwsJson1_1,
}

/// A service: its identity, signing name and default endpoint.
pub trait Service: Send + Sync + 'static {
    /// The model's `serviceId` (`IoT Managed Integrations`); names the endpoint variable
    /// `AWS_ENDPOINT_URL_IOT_MANAGED_INTEGRATIONS`.
    const SERVICE_ID: &'static str;
    /// The SigV4 signing name (`iotmanagedintegrations`).
    const SIGNING_NAME: &'static str;
    /// The endpoint prefix (`api.iotmanagedintegrations`).
    const ENDPOINT_PREFIX: &'static str;
    /// The wire protocol.
    const PROTOCOL: Protocol;
    /// The API version (`2025-03-03`).
    const API_VERSION: &'static str;
    /// The `X-Amz-Target` prefix of JSON-protocol services.
    const TARGET_PREFIX: Option<&'static str>;
    /// The default endpoint, with `{region}` standing for the region (used without rules).
    const DEFAULT_ENDPOINT: &'static str;
    /// The service's endpoint rule set (`endpoint-rule-set-1.json`), when it has one.
    const ENDPOINT_RULES: Option<&'static str> = None;
}

/// One API operation: its input is `Self`.
pub trait Operation: Sized + Send + 'static {
    /// The service the operation belongs to.
    type Service: Service;
    /// The parsed successful response.
    type Output: Send + 'static;
    /// The operation's error enum.
    type Error: OperationError;
    /// The operation name (`CreateAccountAssociation`).
    const NAME: &'static str;
    /// The HTTP method.
    const METHOD: &'static str;
    /// The URI template from the model (`/account-associations/{AccountAssociationId}`).
    const URI: &'static str;
    /// The status code of a successful response.
    const SUCCESS_STATUS: u16;
    /// Encodings the service accepts for request bodies, in order of preference (Smithy
    /// `requestCompression`); empty: never compressed.
    const REQUEST_COMPRESSION: &'static [&'static str] = &[];
    /// The request carries `Content-MD5` (Smithy `httpChecksumRequired`).
    const CHECKSUM_REQUIRED: bool = false;

    /// Fills every unset idempotency token, calling `token` once per member.
    fn fill_idempotency_tokens(&mut self, token: &mut dyn FnMut() -> String);
    /// Checks every member against the model.
    fn validate(&self, constraints: bool) -> Result<(), ValidationError>;
    /// The HTTP request for this input.
    fn serialize(&self) -> HttpRequest;
    /// Reads a successful response.
    fn parse_output(response: &HttpResponse) -> Result<Self::Output, DecodeError>;
    /// Server side: reads an input from a request whose path matched [`Operation::URI`]
    /// (used by the emulator and by tests).
    fn parse_request(request: &HttpRequest) -> Result<Self, DecodeError>;
}

/// A shape that can be read from a whole HTTP response (operation outputs, errors).
pub trait FromResponse: Sized {
    /// Reads `Self` from the response (status, headers and body).
    fn from_response(response: &HttpResponse) -> Result<Self, DecodeError>;
}

impl FromResponse for () {
    fn from_response(_: &HttpResponse) -> Result<Self, DecodeError> {
        Ok(())
    }
}

/// How the retry policy treats an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryKind {
    /// Never retried.
    NotRetryable,
    /// A transient fault: retried with the transient backoff.
    Transient,
    /// Throttling: retried with the throttling backoff.
    Throttling,
}

/// A modelled error structure (`#[aws_error(code = "...", status = ...)]`).
pub trait ErrorShape: FromResponse + fmt::Debug + Send + Sync + 'static {
    /// The error code on the wire.
    const CODE: &'static str;
    /// The HTTP status the model gives it.
    const STATUS: u16;
    /// How retries treat it (the model's `retryable` trait).
    const RETRY: RetryKind;
    /// The message, when the service sent one.
    fn message(&self) -> Option<&str>;
}

/// An operation's error enum: the modelled errors plus a catch-all for other codes.
pub trait OperationError: fmt::Debug + fmt::Display + Send + Sync + Sized + 'static {
    /// Builds the error for `code` (already reduced to its shape name), falling back to the
    /// catch-all for codes the enum does not model.
    fn from_code(code: &str, response: &HttpResponse, body: &Map<String, Value>) -> Self;
    /// The error code.
    fn code(&self) -> &str;
    /// The retry classification of the modelled error (catch-all: not retryable by itself; the
    /// client still classifies throttling codes and 5xx statuses).
    fn retry_kind(&self) -> RetryKind;
}

/// Reads a modelled error from a response. A body that is not the error's JSON (a proxy's HTML
/// page, say) still gives the error, with the members the headers carry.
pub fn read_error_shape<T: FromResponse>(response: &HttpResponse) -> Option<T> {
    T::from_response(response).ok().or_else(|| {
        let without_body = HttpResponse {
            status: response.status,
            headers: response.headers.clone(),
            body: Vec::new(),
        };
        T::from_response(&without_body).ok()
    })
}

/// Extracts the error code of a restJson1 / awsJson error response: `X-Amzn-ErrorType`, else
/// body `code`, else `__type`; keeps what precedes the first `:` and follows the last `#`.
pub fn error_code(response: &HttpResponse, body: &Map<String, Value>) -> Option<String> {
    let raw = response
        .header("x-amzn-errortype")
        .map(str::to_owned)
        .or_else(|| body.get("code").and_then(Value::as_str).map(str::to_owned))
        .or_else(|| {
            body.get("__type")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })?;
    let before_colon = raw.split(':').next().unwrap_or_default();
    let name = before_colon.rsplit('#').next().unwrap_or_default().trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// The error message in a body: `message`, `Message` or `errorMessage`.
pub fn error_message(body: &Map<String, Value>) -> Option<String> {
    ["message", "Message", "errorMessage"]
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
        .map(str::to_owned)
}

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

/// Whether `value` can fill a `{Label}` of a host prefix: RFC 1123 host labels (letters,
/// digits and `-`, 1 to 63 characters, no `-` at either end), dot-separated; the endpoint
/// rules' `isValidHostLabel` with subdomains allowed.
pub fn is_valid_host_label(value: &str) -> bool {
    crate::endpoint_rules::is_valid_host_label(value, true)
}

/// Matches a request path against a URI template. Returns the decoded label values by name, or
/// `None` when the path does not fit. `{Name+}` (greedy) spans `/`.
pub fn match_uri_template(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let template = template.split('?').next().unwrap_or(template);
    let t_segs: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let p_segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let mut labels = Vec::new();
    let mut pi = 0;
    for (ti, t) in t_segs.iter().enumerate() {
        if let Some(name) = t.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            if let Some(greedy) = name.strip_suffix('+') {
                // A greedy label takes every segment the rest of the template leaves.
                let rest = t_segs.len() - ti - 1;
                if p_segs.len() < pi + 1 + rest {
                    return None;
                }
                let end = p_segs.len() - rest;
                let joined = p_segs[pi..end].join("/");
                if joined.is_empty() {
                    return None;
                }
                labels.push((
                    greedy.to_owned(),
                    crate::uri_encoding::percent_decode(&joined),
                ));
                pi = end;
                continue;
            }
            let seg = p_segs.get(pi)?;
            if seg.is_empty() {
                return None;
            }
            labels.push((name.to_owned(), crate::uri_encoding::percent_decode(seg)));
        } else if p_segs.get(pi) != Some(t) {
            return None;
        }
        pi += 1;
    }
    (pi == p_segs.len()).then_some(labels)
}

/// The constant query pairs of a URI template (`/path?type=x&flag` gives `type=x`, `flag=`).
pub fn template_query(template: &str) -> Vec<(String, String)> {
    match template.split_once('?') {
        Some((_, q)) => crate::uri_encoding::parse_query(q),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_labels_and_greedy_labels() {
        let m = match_uri_template("/a/{Id}/refresh", "/a/x%3Ay/refresh").unwrap();
        assert_eq!(m, vec![("Id".into(), "x:y".into())]);
        assert!(match_uri_template("/a/{Id}", "/a/").is_none());
        assert!(match_uri_template("/a/{Id}", "/a/b/c").is_none());
        let g = match_uri_template("/k/{Key+}/end", "/k/a/b/c/end").unwrap();
        assert_eq!(g, vec![("Key".into(), "a/b/c".into())]);
        assert!(match_uri_template("/a", "/a").unwrap().is_empty());
    }

    #[test]
    fn error_codes_are_reduced_to_the_shape_name() {
        let resp = HttpResponse {
            status: 400,
            headers: vec![(
                "X-Amzn-ErrorType".into(),
                "aws.protocoltests#FooError:http://internal".into(),
            )],
            body: vec![],
        };
        assert_eq!(error_code(&resp, &Map::new()).as_deref(), Some("FooError"));
        let mut body = Map::new();
        body.insert("__type".into(), Value::String("ns#Bar".into()));
        let plain = HttpResponse::default();
        assert_eq!(error_code(&plain, &body).as_deref(), Some("Bar"));
    }
}
