//! XML documents of the restXml, awsQuery and ec2Query protocols: parsing (with `roxmltree`,
//! bounded), writing shapes ([`XmlEncoder`]), reading them ([`XmlStruct`], [`XmlValue`]), and
//! the error envelopes the three protocols share.

mod decode;
mod encode;
mod error;
mod writer;

pub(crate) use decode::{child, element_text, Element, XmlStruct, XmlValue};
pub(crate) use encode::XmlEncoder;
pub(crate) use error::{error_encoder, request_id, ErrorEnvelope, XmlErrorDecoder};

use crate::decode_error::DecodeError;
use crate::schema::Member;

/// How deeply elements may nest. AWS documents nest a few levels (CloudFront's deepest
/// configurations about a dozen); the bound keeps recursive shapes' readers off the end of
/// the stack, as serde_json's recursion limit does for JSON.
pub(crate) const MAX_DEPTH: usize = 128;

/// A parsed XML body.
pub(crate) type Document<'b> = roxmltree::Document<'b>;

/// Parses a body. A blank body is `None` (no member present); text that is not UTF-8, not
/// well-formed XML, declares a DTD (so no entity but the five predefined ones and character
/// references can appear), or nests deeper than [`MAX_DEPTH`] is an error.
pub(crate) fn parse(body: &[u8]) -> Result<Option<Document<'_>>, DecodeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let text = std::str::from_utf8(body)
        .map_err(|e| DecodeError::new(format!("body is not UTF-8 (byte {})", e.valid_up_to())))?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| DecodeError::new(format!("body is not well-formed XML: {e}")))?;
    check_depth(&document)?;
    Ok(Some(document))
}

/// Rejects documents whose elements nest deeper than [`MAX_DEPTH`]. Nodes come in document
/// order, parents first, so each depth is its parent's plus one: one pass, no recursion.
fn check_depth(document: &Document<'_>) -> Result<(), DecodeError> {
    let mut depths: Vec<usize> = Vec::new();
    for node in document.descendants() {
        let parent = node.parent().map_or(0, |p| depths[p.id().get_usize()]);
        let depth = parent + usize::from(node.is_element());
        if depth > MAX_DEPTH {
            return Err(DecodeError::new(format!(
                "elements nest deeper than {MAX_DEPTH} levels"
            )));
        }
        let id = node.id().get_usize();
        if depths.len() <= id {
            depths.resize(id + 1, 0);
        }
        depths[id] = depth;
    }
    Ok(())
}

/// The element name of a flattened list's items when the list's member description names
/// them (`item(name = "...")`): they then replace the structure member's name, as botocore
/// reads and awsQuery writes them. `None`: the items take the structure member's name.
pub(crate) fn flattened_item_name(member: &Member) -> Option<&'static str> {
    member
        .item
        .map(|item| item.name)
        .filter(|name| *name != "member")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_bodies_are_empty_and_bad_ones_errors() {
        assert!(parse(b"  \n").unwrap().is_none());
        assert!(parse(b"<a><b>1</b></a>").unwrap().is_some());
        for bad in [
            &b"<a>"[..],
            b"<a></b>",
            b"\xff<a/>",
            b"<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
            b"<a>&undefined;</a>",
        ] {
            assert!(parse(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = |n: usize| format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
        assert!(parse(deep(MAX_DEPTH).as_bytes()).is_ok());
        let err = parse(deep(MAX_DEPTH + 1).as_bytes()).unwrap_err();
        assert!(err.to_string().contains("deeper than 128"), "{err}");
        // Far deeper input fails the same way, without exhausting the stack.
        assert!(parse(deep(200_000).as_bytes()).is_err());
    }

    #[test]
    fn flattened_items_take_an_explicit_name_only() {
        static ITEM: Member = Member::new("Item");
        static MEMBER: Member = Member::new("member");
        assert_eq!(
            flattened_item_name(&Member::new("L").flattened().with_item(&ITEM)),
            Some("Item")
        );
        assert_eq!(
            flattened_item_name(&Member::new("L").flattened().with_item(&MEMBER)),
            None
        );
        assert_eq!(flattened_item_name(&Member::new("L").flattened()), None);
    }
}
