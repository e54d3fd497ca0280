//! One CBOR data item (RFC 8949), read into a tree that borrows the body's strings.
//!
//! The decoders walk this tree the way the JSON ones walk a `serde_json::Value`: a structure's
//! members are looked up by name, whatever order the wire has them in. Reading is bounded, as a
//! body is untrusted: containers nest at most [`MAX_DEPTH`] deep, and no capacity is ever taken
//! from a length the body claims beyond what its remaining bytes could hold (a header may claim
//! 2^64 items).

use crate::decode_error::DecodeError;
use minicbor::data::Type;
use minicbor::Decoder;
use std::borrow::Cow;

/// How deep arrays, maps and tags may nest (serde_json's default recursion limit).
pub const MAX_DEPTH: usize = 128;

/// A CBOR data item.
#[derive(Clone, Debug, PartialEq)]
pub enum Item<'a> {
    /// Major types 0 and 1: an integer from -2^64 to 2^64 - 1.
    Integer(i128),
    /// A half, single or double float.
    Float(f64),
    /// Major type 2, its chunks joined when it came in several.
    Bytes(Cow<'a, [u8]>),
    /// Major type 3, its chunks joined when it came in several.
    Text(Cow<'a, str>),
    /// Major type 4.
    Array(Vec<Item<'a>>),
    /// Major type 5, entries in wire order.
    Map(Vec<(Item<'a>, Item<'a>)>),
    /// Major type 6: a tag number and the item it tags.
    Tag(u64, Box<Item<'a>>),
    /// `false` or `true`.
    Bool(bool),
    /// `null` or `undefined`.
    Null,
    /// Any other simple value.
    Simple(u8),
}

impl Item<'_> {
    /// What the item is, for messages (`an array`).
    pub fn kind(&self) -> String {
        match self {
            Item::Integer(_) => "an integer".into(),
            Item::Float(_) => "a float".into(),
            Item::Bytes(_) => "a byte string".into(),
            Item::Text(_) => "a text string".into(),
            Item::Array(_) => "an array".into(),
            Item::Map(_) => "a map".into(),
            Item::Tag(tag, _) => format!("tag {tag}"),
            Item::Bool(_) => "a boolean".into(),
            Item::Null => "null".into(),
            Item::Simple(v) => format!("simple value {v}"),
        }
    }

    /// The text of a text string.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Item::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// An expected item was not found.
pub fn expected(what: &str, found: &Item<'_>) -> DecodeError {
    DecodeError::new(format!("expected {what}, found {}", found.kind()))
}

/// Reads `body` as exactly one data item.
pub fn parse(body: &[u8]) -> Result<Item<'_>, DecodeError> {
    let mut decoder = Decoder::new(body);
    let item = read(&mut decoder, MAX_DEPTH)?;
    let rest = body.len() - decoder.position();
    if rest > 0 {
        return Err(DecodeError::new(format!(
            "{rest} trailing bytes follow the body's CBOR data item"
        )));
    }
    Ok(item)
}

fn malformed(e: minicbor::decode::Error) -> DecodeError {
    DecodeError::new(format!("body is not valid CBOR: {e}"))
}

/// The most items a container can hold in the bytes left: each takes at least `min_bytes`.
fn capacity(decoder: &Decoder<'_>, claimed: u64, min_bytes: usize) -> usize {
    let left = (decoder.input().len() - decoder.position()) / min_bytes;
    usize::try_from(claimed).map_or(left, |n| n.min(left))
}

/// Consumes a break byte (`0xff`) if one comes next: the end of an indefinite-length item.
fn at_break(decoder: &mut Decoder<'_>) -> Result<bool, DecodeError> {
    if decoder.datatype().map_err(malformed)? == Type::Break {
        decoder.set_position(decoder.position() + 1);
        return Ok(true);
    }
    Ok(false)
}

fn read<'a>(decoder: &mut Decoder<'a>, depth: usize) -> Result<Item<'a>, DecodeError> {
    let datatype = decoder.datatype().map_err(malformed)?;
    let nested = |depth: usize| {
        depth.checked_sub(1).ok_or_else(|| {
            DecodeError::new(format!(
                "CBOR arrays, maps and tags nest deeper than {MAX_DEPTH} levels"
            ))
        })
    };
    Ok(match datatype {
        Type::U8
        | Type::U16
        | Type::U32
        | Type::U64
        | Type::I8
        | Type::I16
        | Type::I32
        | Type::I64
        | Type::Int => Item::Integer(decoder.int().map_err(malformed)?.into()),
        Type::F16 => Item::Float(half(decoder)?),
        Type::F32 => Item::Float(f64::from(decoder.f32().map_err(malformed)?)),
        Type::F64 => Item::Float(decoder.f64().map_err(malformed)?),
        Type::Bool => Item::Bool(decoder.bool().map_err(malformed)?),
        Type::Null => {
            decoder.null().map_err(malformed)?;
            Item::Null
        }
        Type::Undefined => {
            decoder.undefined().map_err(malformed)?;
            Item::Null
        }
        Type::Simple => Item::Simple(decoder.simple().map_err(malformed)?),
        Type::Bytes => Item::Bytes(Cow::Borrowed(decoder.bytes().map_err(malformed)?)),
        Type::BytesIndef => {
            let mut joined = Vec::new();
            for chunk in decoder.bytes_iter().map_err(malformed)? {
                joined.extend_from_slice(chunk.map_err(malformed)?);
            }
            Item::Bytes(Cow::Owned(joined))
        }
        Type::String => Item::Text(Cow::Borrowed(decoder.str().map_err(malformed)?)),
        Type::StringIndef => {
            let mut joined = String::new();
            for chunk in decoder.str_iter().map_err(malformed)? {
                joined.push_str(chunk.map_err(malformed)?);
            }
            Item::Text(Cow::Owned(joined))
        }
        Type::Array | Type::ArrayIndef => {
            let depth = nested(depth)?;
            let claimed = decoder.array().map_err(malformed)?;
            let mut items = Vec::with_capacity(capacity(decoder, claimed.unwrap_or(0), 1));
            match claimed {
                Some(n) => {
                    for _ in 0..n {
                        items.push(read(decoder, depth)?);
                    }
                }
                None => {
                    while !at_break(decoder)? {
                        items.push(read(decoder, depth)?);
                    }
                }
            }
            Item::Array(items)
        }
        Type::Map | Type::MapIndef => {
            let depth = nested(depth)?;
            let claimed = decoder.map().map_err(malformed)?;
            let mut entries = Vec::with_capacity(capacity(decoder, claimed.unwrap_or(0), 2));
            match claimed {
                Some(n) => {
                    for _ in 0..n {
                        entries.push((read(decoder, depth)?, read(decoder, depth)?));
                    }
                }
                None => {
                    while !at_break(decoder)? {
                        entries.push((read(decoder, depth)?, read(decoder, depth)?));
                    }
                }
            }
            Item::Map(entries)
        }
        Type::Tag => {
            let depth = nested(depth)?;
            let tag = decoder.tag().map_err(malformed)?;
            Item::Tag(tag.as_u64(), Box::new(read(decoder, depth)?))
        }
        Type::Break => {
            return Err(DecodeError::new(
                "body is not valid CBOR: a break byte outside an indefinite-length item",
            ))
        }
        Type::Unknown(byte) => {
            return Err(DecodeError::new(format!(
                "body is not valid CBOR: initial byte 0x{byte:02x} is reserved"
            )))
        }
    })
}

/// Reads a half float (`0xf9`): minicbor reads them only with its `half` feature, whose
/// dependencies cost more to build than these lines (RFC 8949, Appendix D).
fn half(decoder: &mut Decoder<'_>) -> Result<f64, DecodeError> {
    let at = decoder.position();
    let bits = decoder
        .input()
        .get(at + 1..at + 3)
        .ok_or_else(|| DecodeError::new("body is not valid CBOR: a half float is cut short"))?;
    decoder.set_position(at + 3);
    let bits = u16::from_be_bytes([bits[0], bits[1]]);
    let exponent = i32::from((bits >> 10) & 0x1f);
    let mantissa = f64::from(bits & 0x3ff);
    let magnitude = match exponent {
        0 => mantissa * 2f64.powi(-24),
        31 if mantissa == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + mantissa / 1024.0) * 2f64.powi(exponent - 15),
    };
    Ok(if bits & 0x8000 != 0 {
        -magnitude
    } else {
        magnitude
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(hex: &str) -> Vec<u8> {
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn scalars_of_every_width() {
        assert_eq!(parse(&bytes("17")).unwrap(), Item::Integer(23));
        assert_eq!(parse(&bytes("1903e8")).unwrap(), Item::Integer(1000));
        assert_eq!(
            parse(&bytes("3bffffffffffffffff")).unwrap(),
            Item::Integer(-(1 << 64))
        );
        assert_eq!(parse(&bytes("f93e00")).unwrap(), Item::Float(1.5));
        assert_eq!(
            parse(&bytes("f90001")).unwrap(),
            Item::Float(2f64.powi(-24))
        );
        assert_eq!(
            parse(&bytes("f9fc00")).unwrap(),
            Item::Float(f64::NEG_INFINITY)
        );
        assert!(matches!(parse(&bytes("f97c01")).unwrap(), Item::Float(f) if f.is_nan()));
        assert_eq!(parse(&bytes("fa47c35000")).unwrap(), Item::Float(100000.0));
        assert_eq!(parse(&bytes("f7")).unwrap(), Item::Null);
        assert_eq!(parse(&bytes("f0")).unwrap(), Item::Simple(16));
        assert_eq!(
            parse(&bytes("c11a514b67b0")).unwrap(),
            Item::Tag(1, Box::new(Item::Integer(1363896240)))
        );
    }

    #[test]
    fn indefinite_lengths_are_joined() {
        // (_ "strea", "ming"), (_ h'0102', h'03'), [_ 1, [2]], {_ "a": 1}
        assert_eq!(
            parse(&bytes("7f657374726561646d696e67ff")).unwrap(),
            Item::Text("streaming".into())
        );
        assert_eq!(
            parse(&bytes("5f4201024103ff")).unwrap(),
            Item::Bytes(vec![1, 2, 3].into())
        );
        assert_eq!(
            parse(&bytes("9f018102ff")).unwrap(),
            Item::Array(vec![Item::Integer(1), Item::Array(vec![Item::Integer(2)])])
        );
        assert_eq!(
            parse(&bytes("bf616101ff")).unwrap(),
            Item::Map(vec![(Item::Text("a".into()), Item::Integer(1))])
        );
    }

    #[test]
    fn malformed_bodies_are_errors() {
        for (hex, problem) in [
            ("", "end of input"),
            ("1c", "reserved"),
            ("ff", "break byte outside"),
            ("010203", "2 trailing bytes"),
            ("62ff", "end of input"),
            ("f97c", "cut short"),
            ("7f01ff", "not valid CBOR"),
            ("62c328", "not valid CBOR"),
            ("9f01", "end of input"),
        ] {
            let err = parse(&bytes(hex)).unwrap_err().to_string();
            assert!(err.contains(problem), "{hex}: {err}");
        }
    }

    #[test]
    fn claimed_lengths_never_allocate_beyond_the_body() {
        // An array, a map and a byte string claiming 2^64 - 1 entries or bytes.
        for hex in [
            "9bffffffffffffffff",
            "bbffffffffffffffff",
            "5bffffffffffffffff",
        ] {
            assert!(
                parse(&bytes(hex))
                    .unwrap_err()
                    .to_string()
                    .contains("end of input"),
                "{hex}"
            );
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "81".repeat(MAX_DEPTH) + "00";
        assert!(parse(&bytes(&deep)).is_ok());
        let too_deep = "81".repeat(MAX_DEPTH + 1) + "00";
        let err = parse(&bytes(&too_deep)).unwrap_err().to_string();
        assert!(err.contains("nest deeper than 128"), "{err}");
        let tags = "c1".repeat(100_000) + "00";
        assert!(parse(&bytes(&tags)).is_err());
    }
}
