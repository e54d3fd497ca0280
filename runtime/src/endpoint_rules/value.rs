//! The values an evaluation works with.

/// A value during evaluation. "No value" (an empty optional, an unset parameter) is `None`
/// around it.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value {
    Str(String),
    Bool(bool),
    Int(i64),
    Array(Vec<Value>),
    Record(Vec<(String, Value)>),
}

impl Value {
    pub(super) fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "string",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Array(_) => "array",
            Value::Record(_) => "object",
        }
    }

    pub(super) fn record(fields: Vec<(&str, Value)>) -> Value {
        Value::Record(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }
}
