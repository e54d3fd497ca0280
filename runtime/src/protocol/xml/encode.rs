//! Writing shapes as XML: every value is an element named after its member (lists wrap their
//! items in `<member>` or the item's name unless flattened, maps their entries in
//! `<entry><key/><value/></entry>`), attribute members go into the enclosing start tag, and a
//! member's namespace (or its structure's) is declared on its element.

use super::writer::XmlWriter;
use crate::http_binding::HttpText;
use crate::schema::{Member, XmlNamespace};
use crate::shape::{sorted_keys, Encode, Encoder, Shape};
use crate::time::{DateTime, TimestampFormat};
use crate::Document;
use std::borrow::Cow;
use std::collections::HashMap;

/// Writes shapes as XML elements.
#[derive(Debug, Default)]
pub(crate) struct XmlEncoder {
    writer: XmlWriter,
    /// The elements opened by [`XmlEncoder::open`], closed by [`XmlEncoder::finish`].
    open: Vec<Cow<'static, str>>,
    /// The next value is an attribute of the open start tag, not an element.
    attribute: bool,
    /// The element name of the next value, replacing its member's (flattened list items).
    rename: Option<&'static str>,
    /// Where the content of the first opened element starts.
    content_start: usize,
}

impl XmlEncoder {
    /// An encoder with element `name` open (declaring `namespace`): members go inside it.
    pub(crate) fn rooted(name: &'static str, namespace: Option<&XmlNamespace>) -> Self {
        let mut encoder = XmlEncoder::default();
        encoder.open(name, namespace);
        encoder.content_start = encoder.writer.len();
        encoder
    }

    /// Opens element `name` (declaring `namespace`), closed by [`XmlEncoder::finish`].
    pub(crate) fn open(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        namespace: Option<&XmlNamespace>,
    ) {
        let name = name.into();
        self.writer.start(&name);
        if let Some(ns) = namespace {
            self.writer.namespace(ns);
        }
        self.open.push(name);
    }

    /// A whole element `<name>text</name>`.
    pub(crate) fn text_element(&mut self, name: &str, text: &str) {
        self.writer.start(name);
        self.writer.text(text);
        self.writer.end(name);
    }

    /// Whether anything (an attribute, an element) was written inside the first element.
    pub(crate) fn has_content(&self) -> bool {
        self.writer.len() > self.content_start
    }

    /// Closes every open element and returns the document.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        while let Some(name) = self.open.pop() {
            self.writer.end(&name);
        }
        self.writer.finish()
    }

    /// `value` as a whole document, its root element described by `member`.
    pub(crate) fn document<T: Encode + ?Sized>(value: &T, member: &'static Member) -> Vec<u8> {
        let mut encoder = XmlEncoder::default();
        value.encode(&mut encoder, member);
        encoder.finish()
    }

    /// The element name of the value being written.
    fn name(&mut self, member: &'static Member) -> &'static str {
        self.rename.take().unwrap_or(member.name)
    }

    /// A scalar: an attribute when the member is one, else `<name>text</name>`.
    fn scalar(&mut self, member: &'static Member, text: &str) {
        if self.attribute {
            self.writer.attribute(member.name, text);
            return;
        }
        let name = self.name(member);
        self.writer.start(name);
        if let Some(ns) = member.xml_namespace {
            self.writer.namespace(ns);
        }
        self.writer.text(text);
        self.writer.end(name);
    }
}

impl Encoder for XmlEncoder {
    fn string(&mut self, member: &'static Member, value: &str) {
        self.scalar(member, value);
    }

    fn boolean(&mut self, member: &'static Member, value: bool) {
        self.scalar(member, if value { "true" } else { "false" });
    }

    fn integer(&mut self, member: &'static Member, value: i64) {
        self.scalar(member, &value.to_string());
    }

    fn float(&mut self, member: &'static Member, value: f32) {
        self.scalar(member, &value.to_http_text(TimestampFormat::DateTime));
    }

    fn double(&mut self, member: &'static Member, value: f64) {
        self.scalar(member, &value.to_http_text(TimestampFormat::DateTime));
    }

    fn timestamp(&mut self, member: &'static Member, value: &DateTime) {
        let format = member.timestamp_format_or(TimestampFormat::DateTime);
        self.scalar(member, &value.fmt(format));
    }

    fn blob(&mut self, member: &'static Member, value: &[u8]) {
        self.scalar(member, &crate::blob::base64_encode(value));
    }

    /// Documents belong to the JSON protocols; XML carries their JSON text.
    fn document(&mut self, member: &'static Member, value: &Document) {
        self.scalar(member, &value.to_string());
    }

    /// XML has no null: an absent item of a sparse list or map is left out.
    fn null(&mut self, member: &'static Member) {
        let _ = self.name(member);
    }

    fn list<T: Encode>(&mut self, member: &'static Member, items: &[T]) {
        let name = self.name(member);
        let item = member.item();
        if member.is_flattened() {
            // Items take the structure member's name (botocore's serializer and Smithy), even
            // when the list names its items; readers accept both.
            for value in items {
                self.rename = Some(name);
                value.encode(self, item);
            }
            self.rename = None;
            return;
        }
        self.writer.start(name);
        if let Some(ns) = member.xml_namespace {
            self.writer.namespace(ns);
        }
        for value in items {
            value.encode(self, item);
        }
        self.writer.end(name);
    }

    fn map<V: Encode>(&mut self, member: &'static Member, entries: &HashMap<String, V>) {
        let name = self.name(member);
        let (key, value_member) = (member.key(), member.map_value());
        let flattened = member.is_flattened();
        if !flattened {
            self.writer.start(name);
            if let Some(ns) = member.xml_namespace {
                self.writer.namespace(ns);
            }
        }
        for k in sorted_keys(entries) {
            let entry = if flattened { name } else { "entry" };
            self.writer.start(entry);
            if flattened {
                if let Some(ns) = member.xml_namespace {
                    self.writer.namespace(ns);
                }
            }
            self.string(key, k);
            entries[k].encode(self, value_member);
            self.writer.end(entry);
        }
        if !flattened {
            self.writer.end(name);
        }
    }

    fn shape<S: Shape>(&mut self, member: &'static Member, value: &S) {
        let name = self.name(member);
        self.writer.start(name);
        if let Some(ns) = member.xml_namespace.or(S::SCHEMA.xml_namespace) {
            self.writer.namespace(ns);
        }
        value.encode_members(self);
        self.writer.end(name);
    }

    fn field<T: Encode + ?Sized>(&mut self, member: &'static Member, value: &T) {
        self.rename = None;
        self.attribute = member.is_xml_attribute();
        value.encode(self, member);
        self.attribute = false;
    }
}
