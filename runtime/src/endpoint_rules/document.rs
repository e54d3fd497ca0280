//! Reading the JSON documents (rule sets, partition tables): typed fields, with errors that
//! name the part of the document that is wrong.

use super::{fail, EndpointError};
use serde_json::{Map, Value as Json};

/// `value` as an object; `what` names it in the error.
pub(super) fn expect_object<'a>(
    value: &'a Json,
    what: &str,
) -> Result<&'a Map<String, Json>, EndpointError> {
    value
        .as_object()
        .ok_or_else(|| EndpointError::new(format!("{what} must be a JSON object")))
}

/// The string `key` of `obj`, if present and not `null`.
pub(super) fn optional_string(
    obj: &Map<String, Json>,
    key: &str,
    what: &str,
) -> Result<Option<String>, EndpointError> {
    match obj.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(_) => fail(format!("{what}: `{key}` must be a string")),
    }
}

/// The boolean `key` of `obj`, if present and not `null`.
pub(super) fn optional_bool(
    obj: &Map<String, Json>,
    key: &str,
    what: &str,
) -> Result<Option<bool>, EndpointError> {
    match obj.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Bool(b)) => Ok(Some(*b)),
        Some(_) => fail(format!("{what}: `{key}` must be a boolean")),
    }
}
