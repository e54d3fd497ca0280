//! The wire protocols: what each one adds to the shared layers (the JSON document codec in
//! `json`, the HTTP bindings in `http_binding`). One module per protocol or protocol family.

pub mod aws_json;
pub mod json_error;
