//! `awsQueryCompatible` (Smithy `aws.protocols#awsQueryCompatible`): a JSON or CBOR service that
//! took over from an awsQuery one keeps answering with the awsQuery error codes its clients
//! know. Clients ask for them with `x-amzn-query-mode: true`; the service sends them in
//! `x-amzn-query-error: Code;Fault`, which wins over the code in the body.

use crate::http::HttpResponse;
use crate::operation::Service;

/// The request header a client of a query-compatible service sends.
pub(crate) fn mode_header<S: Service>() -> Option<(String, String)> {
    S::AWS_QUERY_COMPATIBLE.then(|| ("x-amzn-query-mode".to_owned(), "true".to_owned()))
}

/// The awsQuery error code of `response`, when the service is query-compatible and sent one.
pub(crate) fn error_code<S: Service>(response: &HttpResponse) -> Option<&str> {
    if !S::AWS_QUERY_COMPATIBLE {
        return None;
    }
    response
        .header("x-amzn-query-error")
        .and_then(|v| v.split(';').next())
        .map(str::trim)
        .filter(|c| !c.is_empty())
}
