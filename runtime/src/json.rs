//! JSON bodies: a small allocation-light writer and typed reading from `serde_json::Value`.
//! The writer is hand-written: serde_json writes only `Serialize` types or a `Value` tree, and
//! generated code writes members straight into one `String`, with neither.
//!
//! Generated code writes bodies through [`JsonWriter`] and [`ToJson`] (no intermediate tree), and
//! reads them with [`FromJson`], which reports where in the document a value was wrong.

use crate::blob::Blob;
use crate::decode_error::DecodeError;
use crate::time::{DateTime, TimestampFormat};
use serde_json::Value;
use std::collections::HashMap;

/// Writes compact JSON into a `String`, tracking where commas go.
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: String,
    // One entry per open object/array: has it received a value yet?
    open: Vec<bool>,
    after_key: bool,
}

impl JsonWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// The JSON written so far.
    pub fn finish(self) -> String {
        self.out
    }

    fn before_value(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        if let Some(has_value) = self.open.last_mut() {
            if *has_value {
                self.out.push(',');
            }
            *has_value = true;
        }
    }

    /// Opens an object (`{`).
    pub fn begin_object(&mut self) {
        self.before_value();
        self.out.push('{');
        self.open.push(false);
    }

    /// Closes the innermost object (`}`).
    pub fn end_object(&mut self) {
        self.open.pop();
        self.out.push('}');
    }

    /// Opens an array (`[`).
    pub fn begin_array(&mut self) {
        self.before_value();
        self.out.push('[');
        self.open.push(false);
    }

    /// Closes the innermost array (`]`).
    pub fn end_array(&mut self) {
        self.open.pop();
        self.out.push(']');
    }

    /// Writes an object key; the next call writes its value.
    pub fn key(&mut self, key: &str) {
        self.before_value();
        write_escaped(&mut self.out, key);
        self.out.push(':');
        self.after_key = true;
    }

    /// Writes a string value.
    pub fn string(&mut self, value: &str) {
        self.before_value();
        write_escaped(&mut self.out, value);
    }

    /// Writes a number, boolean or `null` given as its JSON text.
    pub fn raw(&mut self, json_text: &str) {
        self.before_value();
        self.out.push_str(json_text);
    }

    /// Writes a whole `serde_json::Value` (documents).
    pub fn value(&mut self, value: &Value) {
        self.before_value();
        // Serialising a Value into a String cannot fail.
        self.out.push_str(&value.to_string());
    }
}

fn write_escaped(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// A value that can be written as JSON. `ts` is the timestamp format in force for the member.
pub trait ToJson {
    /// Writes `self` as one JSON value.
    fn write_json(&self, w: &mut JsonWriter, ts: TimestampFormat);
}

/// A value that can be read from JSON. `ts` is the timestamp format in force for the member.
pub trait FromJson: Sized {
    /// `true` when `null` is a value of `Self` (only `Option<T>`: Smithy's sparse collections).
    const NULLABLE: bool = false;

    /// Reads `Self` from one JSON value.
    fn from_json(value: &Value, ts: TimestampFormat) -> Result<Self, DecodeError>;
}

/// A structure read from the members of a JSON object: every `#[aws_shape]` and `#[aws_error]`
/// struct. [`FromJson`] reads it from a value; responses whose body is already parsed read it
/// from the object directly.
pub trait FromJsonObject: Sized {
    /// Reads `Self` from an object's members.
    fn from_json_object(object: &serde_json::Map<String, Value>) -> Result<Self, DecodeError>;
}

// The JSON codec's own way to report a value of the wrong type.
impl DecodeError {
    /// An expected JSON type was not found.
    pub fn expected(what: &str, found: &Value) -> Self {
        Self::new(format!("expected {what}, found {}", json_type(found)))
    }
}

/// The JSON type name of a value, for messages.
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses a body into a JSON object; an empty body counts as `{}`.
pub fn parse_object_body(body: &[u8]) -> Result<serde_json::Map<String, Value>, DecodeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(DecodeError::expected("a JSON object body", &other)),
        Err(e) => Err(DecodeError::new(format!(
            "body is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        ))),
    }
}

/// Reads an optional member of an object: absent and `null` are `None`.
pub fn read_member<T: FromJson>(
    object: &serde_json::Map<String, Value>,
    name: &str,
    ts: TimestampFormat,
) -> Result<Option<T>, DecodeError> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => T::from_json(v, ts).map(Some).map_err(|e| e.at(name)),
    }
}

/// Error for a required member that is absent or `null`.
pub fn missing_member(name: &str) -> DecodeError {
    DecodeError::new("required member is missing").at(name)
}

impl ToJson for String {
    fn write_json(&self, w: &mut JsonWriter, _: TimestampFormat) {
        w.string(self);
    }
}

impl FromJson for String {
    fn from_json(value: &Value, _: TimestampFormat) -> Result<Self, DecodeError> {
        match value {
            Value::String(s) => Ok(s.clone()),
            other => Err(DecodeError::expected("a string", other)),
        }
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut JsonWriter, _: TimestampFormat) {
        w.raw(if *self { "true" } else { "false" });
    }
}

impl FromJson for bool {
    fn from_json(value: &Value, _: TimestampFormat) -> Result<Self, DecodeError> {
        value
            .as_bool()
            .ok_or_else(|| DecodeError::expected("a boolean", value))
    }
}

macro_rules! integer_json {
    ($($t:ty => $what:literal),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, w: &mut JsonWriter, _: TimestampFormat) {
                w.raw(&self.to_string());
            }
        }

        impl FromJson for $t {
            fn from_json(value: &Value, _: TimestampFormat) -> Result<Self, DecodeError> {
                let Value::Number(n) = value else {
                    return Err(DecodeError::expected($what, value));
                };
                n.as_i64()
                    .and_then(|i| <$t>::try_from(i).ok())
                    .ok_or_else(|| DecodeError::new(concat!("number is not ", $what)))
            }
        }
    )*};
}

integer_json!(i8 => "an 8-bit integer", i16 => "a 16-bit integer",
              i32 => "a 32-bit integer", i64 => "a 64-bit integer");

macro_rules! float_json {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, w: &mut JsonWriter, _: TimestampFormat) {
                if self.is_nan() {
                    w.string("NaN");
                } else if self.is_infinite() {
                    w.string(if *self > 0.0 { "Infinity" } else { "-Infinity" });
                } else {
                    w.raw(&self.to_string());
                }
            }
        }

        impl FromJson for $t {
            fn from_json(value: &Value, _: TimestampFormat) -> Result<Self, DecodeError> {
                match value {
                    Value::Number(n) => n
                        .as_f64()
                        .map(|f| f as $t)
                        .ok_or_else(|| DecodeError::new("number is not a float")),
                    Value::String(s) => parse_special_float(s).map(|f| f as $t),
                    other => Err(DecodeError::expected("a number", other)),
                }
            }
        }
    )*};
}

float_json!(f32, f64);

/// Reads `NaN`, `Infinity` and `-Infinity`, the only floats JSON carries as strings.
pub fn parse_special_float(s: &str) -> Result<f64, DecodeError> {
    match s {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        _ => Err(DecodeError::new(
            "expected a number or one of NaN, Infinity, -Infinity",
        )),
    }
}

impl ToJson for DateTime {
    fn write_json(&self, w: &mut JsonWriter, ts: TimestampFormat) {
        match ts {
            TimestampFormat::EpochSeconds => w.raw(&self.fmt(ts)),
            _ => w.string(&self.fmt(ts)),
        }
    }
}

impl FromJson for DateTime {
    fn from_json(value: &Value, ts: TimestampFormat) -> Result<Self, DecodeError> {
        match value {
            Value::Number(n) => n
                .as_f64()
                .and_then(DateTime::from_fractional_secs)
                .ok_or_else(|| DecodeError::new("timestamp number is out of range")),
            Value::String(s) => {
                DateTime::parse(s, ts).map_err(|e| DecodeError::new(format!("bad timestamp: {e}")))
            }
            other => Err(DecodeError::expected("a timestamp", other)),
        }
    }
}

impl ToJson for Blob {
    fn write_json(&self, w: &mut JsonWriter, _: TimestampFormat) {
        w.string(&self.to_base64());
    }
}

impl FromJson for Blob {
    fn from_json(value: &Value, _: TimestampFormat) -> Result<Self, DecodeError> {
        match value {
            Value::String(s) => {
                Blob::from_base64(s).map_err(|e| DecodeError::new(format!("bad base64: {e}")))
            }
            other => Err(DecodeError::expected("a base64 string", other)),
        }
    }
}

impl ToJson for Value {
    fn write_json(&self, w: &mut JsonWriter, _: TimestampFormat) {
        w.value(self);
    }
}

impl FromJson for Value {
    fn from_json(value: &Value, _: TimestampFormat) -> Result<Self, DecodeError> {
        Ok(value.clone())
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut JsonWriter, ts: TimestampFormat) {
        match self {
            Some(v) => v.write_json(w, ts),
            None => w.raw("null"),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    const NULLABLE: bool = true;

    fn from_json(value: &Value, ts: TimestampFormat) -> Result<Self, DecodeError> {
        match value {
            Value::Null => Ok(None),
            v => T::from_json(v, ts).map(Some),
        }
    }
}

impl<T: ToJson> ToJson for Box<T> {
    fn write_json(&self, w: &mut JsonWriter, ts: TimestampFormat) {
        (**self).write_json(w, ts);
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: &Value, ts: TimestampFormat) -> Result<Self, DecodeError> {
        T::from_json(value, ts).map(Box::new)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut JsonWriter, ts: TimestampFormat) {
        w.begin_array();
        for item in self {
            item.write_json(w, ts);
        }
        w.end_array();
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value, ts: TimestampFormat) -> Result<Self, DecodeError> {
        let Value::Array(items) = value else {
            return Err(DecodeError::expected("an array", value));
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            // Dense lists drop nulls (Smithy's advice to clients); sparse lists use Option<T>.
            if item.is_null() && !T::NULLABLE {
                continue;
            }
            out.push(T::from_json(item, ts).map_err(|e| e.at(format!("[{i}]")))?);
        }
        Ok(out)
    }
}

impl<T: ToJson> ToJson for HashMap<String, T> {
    fn write_json(&self, w: &mut JsonWriter, ts: TimestampFormat) {
        w.begin_object();
        // Sorted keys make bodies deterministic, which keeps signatures and tests stable.
        let mut keys: Vec<&String> = self.keys().collect();
        keys.sort();
        for k in keys {
            w.key(k);
            self[k].write_json(w, ts);
        }
        w.end_object();
    }
}

impl<T: FromJson> FromJson for HashMap<String, T> {
    fn from_json(value: &Value, ts: TimestampFormat) -> Result<Self, DecodeError> {
        let Value::Object(entries) = value else {
            return Err(DecodeError::expected("an object", value));
        };
        let mut out = HashMap::with_capacity(entries.len());
        for (k, v) in entries {
            if v.is_null() && !T::NULLABLE {
                continue;
            }
            out.insert(
                k.clone(),
                T::from_json(v, ts).map_err(|e| e.at(format!("{{{k}}}")))?,
            );
        }
        Ok(out)
    }
}
