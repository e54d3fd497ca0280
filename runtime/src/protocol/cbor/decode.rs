//! Shapes read from a CBOR [`Item`] tree: [`CborValue`] is one value, [`CborMap`] the members of
//! a structure or union.
//!
//! Reading is lenient where Smithy asks clients to be: integers and floats of any width (a
//! `double` may come as a half float or an integer), strings and byte strings in chunks, a
//! timestamp as tag 1 or a bare number, nulls skipped in dense lists and maps.

use super::item::{expected, Item};
use crate::blob::Blob;
use crate::decode_error::DecodeError;
use crate::schema::{Member, Schema};
use crate::shape::{Decode, StructDecoder, UnionMember, ValueDecoder};
use crate::time::DateTime;
use crate::Document;
use std::collections::HashMap;

/// The tag of epoch-based date/time (RFC 8949, section 3.4.2).
pub const EPOCH_TAG: u64 = 1;

/// Reads one CBOR value.
#[derive(Clone, Copy, Debug)]
pub struct CborValue<'t, 'a>(pub &'t Item<'a>);

/// Reads the members of one CBOR map by their wire names.
#[derive(Clone, Copy, Debug)]
pub struct CborMap<'t, 'a>(pub &'t [(Item<'a>, Item<'a>)]);

impl<'t, 'a> CborMap<'t, 'a> {
    /// The value of the first entry whose key is the text `name`.
    pub fn get(&self, name: &str) -> Option<&'t Item<'a>> {
        self.0
            .iter()
            .find(|(key, _)| key.as_text() == Some(name))
            .map(|(_, value)| value)
    }

    /// The text of entry `name`, when it is a text string.
    pub fn text(&self, name: &str) -> Option<&'t str> {
        self.get(name).and_then(Item::as_text)
    }
}

fn integer(item: &Item<'_>) -> Result<i64, DecodeError> {
    match item {
        Item::Integer(n) => i64::try_from(*n)
            .map_err(|_| DecodeError::new(format!("{n} does not fit a 64-bit integer"))),
        other => Err(expected("an integer", other)),
    }
}

fn number(item: &Item<'_>) -> Result<f64, DecodeError> {
    match item {
        Item::Float(f) => Ok(*f),
        // Exact up to 2^53; wider integers round, as JSON numbers do.
        Item::Integer(n) => Ok(*n as f64),
        other => Err(expected("a number", other)),
    }
}

impl<'t, 'a> ValueDecoder for CborValue<'t, 'a> {
    type Struct = CborMap<'t, 'a>;

    fn is_null(&self) -> bool {
        matches!(self.0, Item::Null)
    }

    fn string(self, _: &'static Member) -> Result<String, DecodeError> {
        match self.0 {
            Item::Text(s) => Ok(s.to_string()),
            other => Err(expected("a text string", other)),
        }
    }

    fn boolean(self, _: &'static Member) -> Result<bool, DecodeError> {
        match self.0 {
            Item::Bool(b) => Ok(*b),
            other => Err(expected("a boolean", other)),
        }
    }

    fn integer(self, _: &'static Member) -> Result<i64, DecodeError> {
        integer(self.0)
    }

    fn double(self, _: &'static Member) -> Result<f64, DecodeError> {
        number(self.0)
    }

    fn timestamp(self, _: &'static Member) -> Result<DateTime, DecodeError> {
        // The protocol ignores `timestampFormat`: always epoch seconds, normally tagged.
        let seconds = match self.0 {
            Item::Tag(EPOCH_TAG, inner) => inner,
            Item::Tag(tag, _) => {
                return Err(DecodeError::new(format!(
                    "expected tag {EPOCH_TAG} (epoch seconds), found tag {tag}"
                )))
            }
            bare => bare,
        };
        let out_of_range = || DecodeError::new("timestamp is out of range");
        match seconds {
            Item::Integer(_) => Ok(DateTime::from_secs(integer(seconds)?)),
            Item::Float(f) => DateTime::from_fractional_secs(*f).ok_or_else(out_of_range),
            other => Err(expected("epoch seconds", other)),
        }
    }

    fn blob(self, _: &'static Member) -> Result<Blob, DecodeError> {
        match self.0 {
            Item::Bytes(b) => Ok(Blob::new(b.to_vec())),
            other => Err(expected("a byte string", other)),
        }
    }

    fn document(self, _: &'static Member) -> Result<Document, DecodeError> {
        document(self.0)
    }

    fn list<T: Decode>(self, member: &'static Member) -> Result<Vec<T>, DecodeError> {
        let Item::Array(items) = self.0 else {
            return Err(expected("an array", self.0));
        };
        let item = member.item();
        let mut out = Vec::with_capacity(items.len());
        for (i, value) in items.iter().enumerate() {
            // Dense lists drop nulls (Smithy's advice to clients); sparse lists use Option<T>.
            if matches!(value, Item::Null) && !T::NULLABLE {
                continue;
            }
            out.push(T::decode(CborValue(value), item).map_err(|e| e.at(format!("[{i}]")))?);
        }
        Ok(out)
    }

    fn map<V: Decode>(self, member: &'static Member) -> Result<HashMap<String, V>, DecodeError> {
        let Item::Map(entries) = self.0 else {
            return Err(expected("a map", self.0));
        };
        let value_member = member.map_value();
        let mut out = HashMap::with_capacity(entries.len());
        for (key, value) in entries {
            let key = key
                .as_text()
                .ok_or_else(|| expected("a text string as map key", key))?;
            if matches!(value, Item::Null) && !V::NULLABLE {
                continue;
            }
            let decoded = V::decode(CborValue(value), value_member)
                .map_err(|e| e.at(format!("{{{key}}}")))?;
            out.insert(key.to_owned(), decoded);
        }
        Ok(out)
    }

    fn shape(self, _: &'static Member) -> Result<CborMap<'t, 'a>, DecodeError> {
        match self.0 {
            Item::Map(entries) => Ok(CborMap(entries)),
            other => Err(expected("a map", other)),
        }
    }
}

impl StructDecoder for CborMap<'_, '_> {
    fn field<T: Decode>(&mut self, member: &'static Member) -> Result<Option<T>, DecodeError> {
        match self.get(member.name) {
            None | Some(Item::Null) => Ok(None),
            Some(value) => T::decode(CborValue(value), member)
                .map(Some)
                .map_err(|e| e.at(member.name)),
        }
    }

    fn union_member(&mut self, schema: &'static Schema) -> Result<UnionMember, DecodeError> {
        // `__type` may accompany a union (Smithy allows it); nulls are absent members.
        let mut set = self
            .0
            .iter()
            .filter(|(key, value)| !matches!(value, Item::Null) && key.as_text() != Some("__type"));
        let Some((key, _)) = set.next() else {
            return Err(DecodeError::new(
                "a union needs exactly one member, found none",
            ));
        };
        if set.next().is_some() {
            return Err(DecodeError::new(
                "a union needs exactly one member, found several",
            ));
        }
        let name = key
            .as_text()
            .ok_or_else(|| expected("a text string as member name", key))?;
        Ok(match schema.member(name) {
            Some((index, _)) => UnionMember::Known(index),
            None => UnionMember::Unknown(name.to_owned()),
        })
    }
}

/// A free-form document: the JSON value of the same shape. Smithy leaves documents out of
/// rpcv2Cbor; what has no JSON form (byte strings, tags, non-text keys, non-finite floats,
/// integers beyond 64 bits) is an error rather than a guess.
fn document(item: &Item<'_>) -> Result<Document, DecodeError> {
    use serde_json::{Map, Number, Value};
    Ok(match item {
        Item::Null => Value::Null,
        Item::Bool(b) => Value::Bool(*b),
        Item::Integer(n) => match (i64::try_from(*n), u64::try_from(*n)) {
            (Ok(i), _) => Value::from(i),
            (_, Ok(u)) => Value::from(u),
            _ => {
                return Err(DecodeError::new(format!(
                    "{n} does not fit a document number"
                )))
            }
        },
        Item::Float(f) => Number::from_f64(*f)
            .map(Value::Number)
            .ok_or_else(|| DecodeError::new("a document number must be finite"))?,
        Item::Text(s) => Value::String(s.to_string()),
        Item::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| document(v).map_err(|e| e.at(format!("[{i}]"))))
                .collect::<Result<_, _>>()?,
        ),
        Item::Map(entries) => {
            let mut out = Map::new();
            for (key, value) in entries {
                let key = key
                    .as_text()
                    .ok_or_else(|| expected("a text string as document key", key))?;
                out.insert(key.to_owned(), document(value).map_err(|e| e.at(key))?);
            }
            Value::Object(out)
        }
        other => return Err(expected("a document value", other)),
    })
}
