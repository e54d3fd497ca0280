//! JSON documents (restJson1 and awsJson bodies): an [`Encoder`] over [`JsonWriter`] and
//! decoders over a parsed `serde_json::Value`.
//!
//! Timestamps default to epoch seconds, blobs are base64 strings, non-finite floats are the
//! strings `NaN`, `Infinity` and `-Infinity`, and dense lists and maps skip nulls.

use crate::blob::Blob;
use crate::decode_error::DecodeError;
use crate::json::{parse_special_float, JsonWriter};
use crate::schema::{Member, Schema};
use crate::shape::{
    sorted_keys, Decode, Encode, Encoder, Shape, StructDecoder, UnionMember, ValueDecoder,
};
use crate::time::{DateTime, TimestampFormat};
use crate::Document;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Bytes reserved for a document up front: most request bodies fit.
const INITIAL_CAPACITY: usize = 256;

/// Writes shapes as JSON.
#[derive(Debug, Default)]
pub struct JsonEncoder {
    writer: JsonWriter,
}

impl JsonEncoder {
    /// An empty encoder.
    pub fn new() -> Self {
        JsonEncoder {
            writer: JsonWriter::with_capacity(INITIAL_CAPACITY),
        }
    }

    /// Writes `value` as a whole document (an object for a shape).
    pub fn document<T: Encode + ?Sized>(value: &T, member: &'static Member) -> Vec<u8> {
        let mut encoder = JsonEncoder::new();
        value.encode(&mut encoder, member);
        encoder.finish()
    }

    /// Writes the members of a top-level shape as one object.
    pub fn object<S: Shape>(value: &S) -> Vec<u8> {
        let mut encoder = JsonEncoder::top_level();
        value.encode_members(&mut encoder);
        encoder.finish_top_level()
    }

    /// An encoder whose top-level object is open: members go straight in.
    pub fn top_level() -> Self {
        let mut encoder = JsonEncoder::new();
        encoder.writer.begin_object();
        encoder
    }

    /// Closes the object [`JsonEncoder::top_level`] opened.
    pub fn finish_top_level(mut self) -> Vec<u8> {
        self.writer.end_object();
        self.finish()
    }

    /// The bytes written so far.
    pub fn finish(self) -> Vec<u8> {
        self.writer.finish().into_bytes()
    }

    fn special_float(&mut self, value: f64) -> bool {
        let text = if value.is_nan() {
            "NaN"
        } else if value == f64::INFINITY {
            "Infinity"
        } else if value == f64::NEG_INFINITY {
            "-Infinity"
        } else {
            return false;
        };
        self.writer.string(text);
        true
    }
}

impl Encoder for JsonEncoder {
    fn string(&mut self, _: &'static Member, value: &str) {
        self.writer.string(value);
    }

    fn boolean(&mut self, _: &'static Member, value: bool) {
        self.writer.raw(if value { "true" } else { "false" });
    }

    fn integer(&mut self, _: &'static Member, value: i64) {
        self.writer.raw(&value.to_string());
    }

    fn float(&mut self, _: &'static Member, value: f32) {
        if !self.special_float(f64::from(value)) {
            self.writer.raw(&value.to_string());
        }
    }

    fn double(&mut self, _: &'static Member, value: f64) {
        if !self.special_float(value) {
            self.writer.raw(&value.to_string());
        }
    }

    fn timestamp(&mut self, member: &'static Member, value: &DateTime) {
        match member.timestamp_format_or(TimestampFormat::EpochSeconds) {
            TimestampFormat::EpochSeconds => {
                self.writer.raw(&value.fmt(TimestampFormat::EpochSeconds))
            }
            other => self.writer.string(&value.fmt(other)),
        }
    }

    fn blob(&mut self, _: &'static Member, value: &[u8]) {
        self.writer.string(&crate::blob::base64_encode(value));
    }

    fn document(&mut self, _: &'static Member, value: &Document) {
        self.writer.value(value);
    }

    fn null(&mut self, _: &'static Member) {
        self.writer.raw("null");
    }

    fn list<T: Encode>(&mut self, member: &'static Member, items: &[T]) {
        let item = member.item();
        self.writer.begin_array();
        for value in items {
            value.encode(self, item);
        }
        self.writer.end_array();
    }

    fn map<V: Encode>(&mut self, member: &'static Member, entries: &HashMap<String, V>) {
        let value_member = member.map_value();
        self.writer.begin_object();
        for key in sorted_keys(entries) {
            self.writer.key(key);
            entries[key].encode(self, value_member);
        }
        self.writer.end_object();
    }

    fn shape<S: Shape>(&mut self, _: &'static Member, value: &S) {
        self.writer.begin_object();
        value.encode_members(self);
        self.writer.end_object();
    }

    fn field<T: Encode + ?Sized>(&mut self, member: &'static Member, value: &T) {
        self.writer.key(member.name);
        value.encode(self, member);
    }
}

/// Reads one JSON value.
#[derive(Clone, Copy, Debug)]
pub struct JsonValue<'a>(pub &'a Value);

/// Reads the members of one JSON object.
#[derive(Clone, Copy, Debug)]
pub struct JsonObject<'a>(pub &'a Map<String, Value>);

impl<'a> ValueDecoder for JsonValue<'a> {
    type Struct = JsonObject<'a>;

    fn is_null(&self) -> bool {
        self.0.is_null()
    }

    fn string(self, _: &'static Member) -> Result<String, DecodeError> {
        match self.0 {
            Value::String(s) => Ok(s.clone()),
            other => Err(DecodeError::expected("a string", other)),
        }
    }

    fn boolean(self, _: &'static Member) -> Result<bool, DecodeError> {
        self.0
            .as_bool()
            .ok_or_else(|| DecodeError::expected("a boolean", self.0))
    }

    fn integer(self, _: &'static Member) -> Result<i64, DecodeError> {
        match self.0 {
            Value::Number(n) => n
                .as_i64()
                .ok_or_else(|| DecodeError::new("number is not an integer that fits 64 bits")),
            other => Err(DecodeError::expected("an integer", other)),
        }
    }

    fn double(self, _: &'static Member) -> Result<f64, DecodeError> {
        match self.0 {
            Value::Number(n) => n
                .as_f64()
                .ok_or_else(|| DecodeError::new("number is not a float")),
            Value::String(s) => parse_special_float(s),
            other => Err(DecodeError::expected("a number", other)),
        }
    }

    fn timestamp(self, member: &'static Member) -> Result<DateTime, DecodeError> {
        match self.0 {
            Value::Number(n) => n
                .as_f64()
                .and_then(DateTime::from_fractional_secs)
                .ok_or_else(|| DecodeError::new("timestamp number is out of range")),
            Value::String(s) => {
                let format = member.timestamp_format_or(TimestampFormat::EpochSeconds);
                DateTime::parse(s, format)
                    .map_err(|e| DecodeError::new(format!("bad timestamp: {e}")))
            }
            other => Err(DecodeError::expected("a timestamp", other)),
        }
    }

    fn blob(self, _: &'static Member) -> Result<Blob, DecodeError> {
        match self.0 {
            Value::String(s) => {
                Blob::from_base64(s).map_err(|e| DecodeError::new(format!("bad base64: {e}")))
            }
            other => Err(DecodeError::expected("a base64 string", other)),
        }
    }

    fn document(self, _: &'static Member) -> Result<Document, DecodeError> {
        Ok(self.0.clone())
    }

    fn list<T: Decode>(self, member: &'static Member) -> Result<Vec<T>, DecodeError> {
        let Value::Array(items) = self.0 else {
            return Err(DecodeError::expected("an array", self.0));
        };
        let item = member.item();
        let mut out = Vec::with_capacity(items.len());
        for (i, value) in items.iter().enumerate() {
            // Dense lists drop nulls (Smithy's advice to clients); sparse lists use Option<T>.
            if value.is_null() && !T::NULLABLE {
                continue;
            }
            out.push(T::decode(JsonValue(value), item).map_err(|e| e.at(format!("[{i}]")))?);
        }
        Ok(out)
    }

    fn map<V: Decode>(self, member: &'static Member) -> Result<HashMap<String, V>, DecodeError> {
        let Value::Object(entries) = self.0 else {
            return Err(DecodeError::expected("an object", self.0));
        };
        let value_member = member.map_value();
        let mut out = HashMap::with_capacity(entries.len());
        for (key, value) in entries {
            if value.is_null() && !V::NULLABLE {
                continue;
            }
            let decoded = V::decode(JsonValue(value), value_member)
                .map_err(|e| e.at(format!("{{{key}}}")))?;
            out.insert(key.clone(), decoded);
        }
        Ok(out)
    }

    fn shape(self, _: &'static Member) -> Result<JsonObject<'a>, DecodeError> {
        match self.0 {
            Value::Object(map) => Ok(JsonObject(map)),
            other => Err(DecodeError::expected("an object", other)),
        }
    }
}

impl StructDecoder for JsonObject<'_> {
    fn field<T: Decode>(&mut self, member: &'static Member) -> Result<Option<T>, DecodeError> {
        match self.0.get(member.name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => T::decode(JsonValue(value), member)
                .map(Some)
                .map_err(|e| e.at(member.name)),
        }
    }

    fn union_member(&mut self, schema: &'static Schema) -> Result<UnionMember, DecodeError> {
        // `__type` may accompany a union (Smithy allows it); nulls are absent members.
        let mut set = self
            .0
            .iter()
            .filter(|(k, v)| !v.is_null() && k.as_str() != "__type");
        let Some((name, _)) = set.next() else {
            return Err(DecodeError::new(
                "a union needs exactly one member, found none",
            ));
        };
        if set.next().is_some() {
            return Err(DecodeError::new(
                "a union needs exactly one member, found several",
            ));
        }
        Ok(match schema.member(name) {
            Some((index, _)) => UnionMember::Known(index),
            None => UnionMember::Unknown(name.clone()),
        })
    }
}
