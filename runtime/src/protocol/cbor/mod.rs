//! CBOR documents (rpcv2Cbor bodies, RFC 8949): an [`Encoder`](crate::shape::Encoder) over
//! minicbor's writer, a bounded reader of one data item into an [`Item`] tree, and the
//! decoders over that tree.

mod decode;
mod encode;
mod item;

pub use decode::{CborMap, CborValue, EPOCH_TAG};
pub use encode::CborEncoder;
pub use item::{parse, Item, MAX_DEPTH};

use crate::decode_error::DecodeError;

/// Reads a body that holds a structure: one CBOR map, or nothing at all (Smithy has clients
/// accept an empty body for an empty structure). Returns the map's entries.
pub fn parse_map_body(body: &[u8]) -> Result<Vec<(Item<'_>, Item<'_>)>, DecodeError> {
    if body.is_empty() {
        return Ok(Vec::new());
    }
    match parse(body)? {
        Item::Map(entries) => Ok(entries),
        other => Err(item::expected("a CBOR map as body", &other)),
    }
}
