//! Reading shapes from an XML tree (parsed by `roxmltree`): a structure's members are its child
//! elements (or attributes) by local name, whatever their namespace; a flattened list or map is
//! every child element of its name; element names of roots and list items are not checked,
//! as botocore does not check them.

use super::flattened_item_name;
use crate::blob::Blob;
use crate::decode_error::DecodeError;
use crate::http_binding::HttpText;
use crate::schema::{Member, Schema};
use crate::shape::{Decode, StructDecoder, UnionMember, ValueDecoder};
use crate::time::{DateTime, TimestampFormat};
use crate::Document;
use roxmltree::Node;
use std::collections::HashMap;

/// An element of a parsed document.
pub(crate) type Element<'a> = Node<'a, 'a>;

/// Reads the members of one element; `None` stands for an empty body (no member is present).
#[derive(Clone, Copy, Debug)]
pub(crate) struct XmlStruct<'a>(pub(crate) Option<Element<'a>>);

/// Reads one value.
#[derive(Clone, Debug)]
pub(crate) enum XmlValue<'a> {
    /// An element.
    Element(Element<'a>),
    /// The elements of a flattened list or map, in document order.
    Flattened(Vec<Element<'a>>),
    /// An attribute's value.
    Attribute(&'a str),
}

/// The child elements of `node`.
pub(crate) fn child_elements<'a>(node: Element<'a>) -> impl Iterator<Item = Element<'a>> {
    node.children().filter(Node::is_element)
}

/// The first child element of `node` named `name` (local name).
pub(crate) fn child<'a>(node: Element<'a>, name: &str) -> Option<Element<'a>> {
    child_elements(node).find(|c| c.tag_name().name() == name)
}

/// The text of an element: its text and CDATA children, joined.
pub(crate) fn element_text(node: Element<'_>) -> String {
    let mut text = String::new();
    for c in node.children().filter(Node::is_text) {
        text.push_str(c.text().unwrap_or_default());
    }
    text
}

/// The value of attribute `name` (`prefix:local` matches by the prefix's namespace).
fn attribute<'a>(node: Element<'a>, name: &str) -> Option<&'a str> {
    match name.split_once(':') {
        Some((prefix, local)) => {
            let uri = node.lookup_namespace_uri(Some(prefix))?;
            node.attribute((uri, local))
        }
        None => node.attribute(name),
    }
}

impl<'a> XmlValue<'a> {
    /// The text of a scalar value.
    fn text(&self) -> Result<String, DecodeError> {
        match self {
            XmlValue::Element(node) => Ok(element_text(*node)),
            XmlValue::Attribute(value) => Ok((*value).to_owned()),
            XmlValue::Flattened(nodes) => match nodes.first() {
                Some(node) => Ok(element_text(*node)),
                None => Err(DecodeError::new("expected a value, found no element")),
            },
        }
    }

    /// A scalar read from its text form (surrounding whitespace ignored).
    fn parse<T: HttpText>(&self, format: TimestampFormat) -> Result<T, DecodeError> {
        T::from_http_text(self.text()?.trim(), format)
    }

    /// The elements holding a list's items or a map's entries.
    fn items(&self, what: &str) -> Result<Vec<Element<'a>>, DecodeError> {
        match self {
            XmlValue::Element(node) => Ok(child_elements(*node).collect()),
            XmlValue::Flattened(nodes) => Ok(nodes.clone()),
            XmlValue::Attribute(_) => Err(DecodeError::new(format!(
                "expected {what}, found an attribute"
            ))),
        }
    }
}

impl<'a> ValueDecoder for XmlValue<'a> {
    type Struct = XmlStruct<'a>;

    fn is_null(&self) -> bool {
        false
    }

    fn string(self, _: &'static Member) -> Result<String, DecodeError> {
        self.text()
    }

    fn boolean(self, _: &'static Member) -> Result<bool, DecodeError> {
        self.parse(TimestampFormat::DateTime)
    }

    fn integer(self, _: &'static Member) -> Result<i64, DecodeError> {
        self.parse(TimestampFormat::DateTime)
    }

    fn double(self, _: &'static Member) -> Result<f64, DecodeError> {
        self.parse(TimestampFormat::DateTime)
    }

    fn timestamp(self, member: &'static Member) -> Result<DateTime, DecodeError> {
        self.parse(member.timestamp_format_or(TimestampFormat::DateTime))
    }

    fn blob(self, _: &'static Member) -> Result<Blob, DecodeError> {
        self.parse(TimestampFormat::DateTime)
    }

    fn document(self, _: &'static Member) -> Result<Document, DecodeError> {
        Err(DecodeError::new(
            "documents are not carried in XML (JSON protocols only)",
        ))
    }

    fn list<T: Decode>(self, member: &'static Member) -> Result<Vec<T>, DecodeError> {
        let item = member.item();
        let nodes = self.items("a list")?;
        let mut out = Vec::with_capacity(nodes.len());
        for (i, node) in nodes.into_iter().enumerate() {
            out.push(T::decode(XmlValue::Element(node), item).map_err(|e| e.at(format!("[{i}]")))?);
        }
        Ok(out)
    }

    fn map<V: Decode>(self, member: &'static Member) -> Result<HashMap<String, V>, DecodeError> {
        let (key, value) = (member.key(), member.map_value());
        let entries = self.items("a map")?;
        let mut out = HashMap::with_capacity(entries.len());
        for (i, entry) in entries.into_iter().enumerate() {
            let k = child(entry, key.name)
                .map(element_text)
                .ok_or_else(|| DecodeError::new(format!("map entry without <{}>", key.name)))
                .map_err(|e| e.at(format!("[{i}]")))?;
            let v = child(entry, value.name).ok_or_else(|| {
                DecodeError::new(format!("map entry without <{}>", value.name)).at(format!("[{i}]"))
            })?;
            let decoded =
                V::decode(XmlValue::Element(v), value).map_err(|e| e.at(format!("{{{k}}}")))?;
            out.insert(k, decoded);
        }
        Ok(out)
    }

    fn shape(self, _: &'static Member) -> Result<XmlStruct<'a>, DecodeError> {
        match self {
            XmlValue::Element(node) => Ok(XmlStruct(Some(node))),
            XmlValue::Flattened(nodes) => Ok(XmlStruct(nodes.first().copied())),
            XmlValue::Attribute(_) => {
                Err(DecodeError::new("expected a structure, found an attribute"))
            }
        }
    }
}

impl StructDecoder for XmlStruct<'_> {
    fn field<T: Decode>(&mut self, member: &'static Member) -> Result<Option<T>, DecodeError> {
        let Some(node) = self.0 else {
            return Ok(None);
        };
        let value = if member.is_xml_attribute() {
            attribute(node, member.name).map(XmlValue::Attribute)
        } else if member.is_flattened() {
            // Items named as the list names them (botocore's reader, awsQuery's legacy
            // responses), else after the member (Smithy, restXml writers).
            let named = |name: &str| -> Vec<Element<'_>> {
                child_elements(node)
                    .filter(|c| c.tag_name().name() == name)
                    .collect()
            };
            let mut nodes = flattened_item_name(member).map(named).unwrap_or_default();
            if nodes.is_empty() {
                nodes = named(member.name);
            }
            (!nodes.is_empty()).then_some(XmlValue::Flattened(nodes))
        } else {
            child(node, member.name).map(XmlValue::Element)
        };
        match value {
            Some(value) => T::decode(value, member)
                .map(Some)
                .map_err(|e| e.at(member.name)),
            None => Ok(None),
        }
    }

    fn union_member(&mut self, schema: &'static Schema) -> Result<UnionMember, DecodeError> {
        let mut names = self
            .0
            .into_iter()
            .flat_map(child_elements)
            .map(|c| c.tag_name().name());
        let Some(first) = names.next() else {
            return Err(DecodeError::new(
                "a union needs exactly one member, found none",
            ));
        };
        // A flattened list member repeats its element; another name is another member.
        if names.any(|n| n != first) {
            return Err(DecodeError::new(
                "a union needs exactly one member, found several",
            ));
        }
        let index = schema
            .members
            .iter()
            .position(|m| m.name == first || flattened_item_name(m) == Some(first));
        Ok(match index {
            Some(index) => UnionMember::Known(index),
            None => UnionMember::Unknown(first.to_owned()),
        })
    }
}
