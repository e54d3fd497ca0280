//! JSON text: a small allocation-light writer, and the reading helpers the JSON codec
//! (`protocol::json`) shares. The writer is hand-written: serde_json writes only `Serialize`
//! types or a `Value` tree, and encoders write members straight into one `String`, with
//! neither.

use crate::decode_error::DecodeError;
use serde_json::Value;

/// Writes compact JSON into a `String`, tracking where commas go.
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: String,
    // One entry per open object/array: has it received a value yet?
    open: Vec<bool>,
    after_key: bool,
}

impl JsonWriter {
    /// A writer with room for `bytes` of JSON and a few levels of nesting before it grows: a
    /// request body is written with one allocation instead of one per doubling.
    pub fn with_capacity(bytes: usize) -> Self {
        JsonWriter {
            out: String::with_capacity(bytes),
            open: Vec::with_capacity(8),
            after_key: false,
        }
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
    let bytes = s.as_bytes();
    let mut start = 0;
    // Most text needs no escape: copy the runs between escapes whole.
    while let Some(offset) = bytes[start..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
    {
        let i = start + offset;
        out.push_str(&s[start..i]);
        match bytes[i] {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b => {
                out.push_str("\\u00");
                out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
                out.push(char::from(b"0123456789abcdef"[usize::from(b & 0x0f)]));
            }
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
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

#[cfg(test)]
mod tests {
    use super::JsonWriter;

    #[test]
    fn strings_escape_quotes_backslashes_and_control_characters() {
        let text = "plain \"quoted\" back\\slash\n\r\t\u{1}\u{1f} é \u{10000}";
        let mut w = JsonWriter::default();
        w.string(text);
        let json = w.finish();
        assert_eq!(
            json,
            "\"plain \\\"quoted\\\" back\\\\slash\\n\\r\\t\\u0001\\u001f é \u{10000}\""
        );
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, text);
    }
}
