//! Shapes written as CBOR: an [`Encoder`] over minicbor's writer.
//!
//! A structure is an indefinite-length map (its set members are only known once written, and
//! Smithy's own test documents use this form), lists and maps are definite-length, timestamps are
//! tag 1 with integer seconds (or float seconds when they have a fraction), blobs are byte
//! strings, floats keep their width, and `NaN` and the infinities are plain CBOR floats.

use super::decode::EPOCH_TAG;
use crate::schema::Member;
use crate::shape::{sorted_keys, Encode, Encoder, Shape};
use crate::time::DateTime;
use crate::Document;
use minicbor::data::Tag;
use std::collections::HashMap;
use std::convert::Infallible;

/// Writes shapes as CBOR.
#[derive(Debug)]
pub struct CborEncoder {
    out: minicbor::Encoder<Vec<u8>>,
}

impl Default for CborEncoder {
    fn default() -> Self {
        CborEncoder {
            out: minicbor::Encoder::new(Vec::new()),
        }
    }
}

/// Writing into a `Vec` cannot fail, and the encoder's only other error comes from
/// minicbor's `Encode` impls, which are not used here.
fn written<T>(result: Result<T, minicbor::encode::Error<Infallible>>) {
    debug_assert!(result.is_ok(), "writing CBOR into a Vec failed");
}

impl CborEncoder {
    /// Writes the members of a top-level shape as one map.
    pub fn object<S: Shape>(value: &S) -> Vec<u8> {
        let mut encoder = CborEncoder::top_level();
        value.encode_members(&mut encoder);
        encoder.finish_top_level()
    }

    /// An encoder whose top-level map is open: members go straight in.
    pub fn top_level() -> Self {
        let mut encoder = CborEncoder::default();
        written(encoder.out.begin_map());
        encoder
    }

    /// Closes the map [`CborEncoder::top_level`] opened and returns the bytes.
    pub fn finish_top_level(mut self) -> Vec<u8> {
        written(self.out.end());
        self.out.into_writer()
    }

    fn document_value(&mut self, value: &Document) {
        use serde_json::Value;
        match value {
            Value::Null => written(self.out.null()),
            Value::Bool(b) => written(self.out.bool(*b)),
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => written(self.out.i64(i)),
                (_, Some(u)) => written(self.out.u64(u)),
                // A JSON number is finite, so this is its value.
                _ => written(self.out.f64(n.as_f64().unwrap_or_default())),
            },
            Value::String(s) => written(self.out.str(s)),
            Value::Array(items) => {
                written(self.out.array(items.len() as u64));
                for item in items {
                    self.document_value(item);
                }
            }
            Value::Object(entries) => {
                written(self.out.map(entries.len() as u64));
                for (key, item) in entries {
                    written(self.out.str(key));
                    self.document_value(item);
                }
            }
        }
    }
}

impl Encoder for CborEncoder {
    fn string(&mut self, _: &'static Member, value: &str) {
        written(self.out.str(value));
    }

    fn boolean(&mut self, _: &'static Member, value: bool) {
        written(self.out.bool(value));
    }

    fn integer(&mut self, _: &'static Member, value: i64) {
        written(self.out.i64(value));
    }

    fn float(&mut self, _: &'static Member, value: f32) {
        written(self.out.f32(value));
    }

    fn double(&mut self, _: &'static Member, value: f64) {
        written(self.out.f64(value));
    }

    fn timestamp(&mut self, _: &'static Member, value: &DateTime) {
        // The protocol ignores `timestampFormat`: always epoch seconds under tag 1.
        written(self.out.tag(Tag::new(EPOCH_TAG)));
        if value.subsec_nanos() == 0 {
            written(self.out.i64(value.secs()));
        } else {
            let seconds = value.secs() as f64 + f64::from(value.subsec_nanos()) / 1e9;
            written(self.out.f64(seconds));
        }
    }

    fn blob(&mut self, _: &'static Member, value: &[u8]) {
        written(self.out.bytes(value));
    }

    fn document(&mut self, _: &'static Member, value: &Document) {
        self.document_value(value);
    }

    fn null(&mut self, _: &'static Member) {
        written(self.out.null());
    }

    fn list<T: Encode>(&mut self, member: &'static Member, items: &[T]) {
        let item = member.item();
        written(self.out.array(items.len() as u64));
        for value in items {
            value.encode(self, item);
        }
    }

    fn map<V: Encode>(&mut self, member: &'static Member, entries: &HashMap<String, V>) {
        let value_member = member.map_value();
        written(self.out.map(entries.len() as u64));
        for key in sorted_keys(entries) {
            written(self.out.str(key));
            entries[key].encode(self, value_member);
        }
    }

    fn shape<S: Shape>(&mut self, _: &'static Member, value: &S) {
        written(self.out.begin_map());
        value.encode_members(self);
        written(self.out.end());
    }

    fn field<T: Encode + ?Sized>(&mut self, member: &'static Member, value: &T) {
        written(self.out.str(member.name));
        value.encode(self, member);
    }
}
