//! The form bodies of awsQuery and ec2Query (`application/x-www-form-urlencoded`): a shape
//! becomes `Key=value` pairs whose keys are the members' paths (`Nested.Member`,
//! `List.member.1`, `Map.entry.1.key`), written by [`FormEncoder`]; the server side reads them
//! back into a tree ([`FormTree`]) and decodes shapes from it ([`FormStruct`]).
//!
//! The two dialects differ in keys and lists: awsQuery keys are the wire names, lists are
//! `List.member.N` (`List.N` when flattened, with a named item's name replacing the list's)
//! and an empty list is `List=`; ec2Query keys are `queryName`, else the capitalised wire
//! name, and lists are always `List.N` (an empty list sends nothing).

use super::xml::flattened_item_name;
use crate::blob::Blob;
use crate::decode_error::DecodeError;
use crate::http_binding::HttpText;
use crate::schema::{Member, Schema};
use crate::shape::{
    sorted_keys, Decode, Encode, Encoder, Shape, StructDecoder, UnionMember, ValueDecoder,
};
use crate::time::{DateTime, TimestampFormat};
use crate::Document;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// Which protocol's keys and list rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// awsQuery.
    Query,
    /// ec2Query.
    Ec2,
}

impl Dialect {
    /// The key of a structure member.
    fn key(self, member: &Member) -> Cow<'static, str> {
        match self {
            Dialect::Query => Cow::Borrowed(member.name),
            Dialect::Ec2 => member.ec2_query_name(),
        }
    }

    /// The key of a map's keys or values: ec2Query capitalises a name the model gives.
    fn entry_key(
        self,
        position: Option<&'static Member>,
        default: &'static str,
    ) -> Cow<'static, str> {
        match (self, position) {
            (_, None) => Cow::Borrowed(default),
            (Dialect::Query, Some(m)) => Cow::Borrowed(m.name),
            (Dialect::Ec2, Some(m)) => m.ec2_query_name(),
        }
    }
}

/// RFC 3986 unreserved characters stay, everything else is percent-encoded (botocore's
/// `percent_encode`; a space is `%20`).
const FORM_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Writes pairs as a form body, in order.
pub(crate) fn form_body(pairs: &[(String, String)]) -> Vec<u8> {
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(utf8_percent_encode(key, FORM_ENCODE));
        out.push('=');
        out.extend(utf8_percent_encode(value, FORM_ENCODE));
    }
    out.into_bytes()
}

/// Writes a shape's members as form pairs.
#[derive(Debug)]
pub(crate) struct FormEncoder {
    dialect: Dialect,
    pairs: Vec<(String, String)>,
    /// The key of the value being written.
    prefix: String,
}

impl FormEncoder {
    /// An encoder whose first pairs are `pairs` (`Action`, `Version`).
    pub(crate) fn new(dialect: Dialect, pairs: Vec<(String, String)>) -> Self {
        FormEncoder {
            dialect,
            pairs,
            prefix: String::new(),
        }
    }

    /// The pairs written.
    pub(crate) fn finish(self) -> Vec<(String, String)> {
        self.pairs
    }

    fn pair(&mut self, value: String) {
        self.pairs.push((self.prefix.clone(), value));
    }

    /// Runs `write` with `segment` appended to the key, then restores it.
    fn under(&mut self, segment: &str, write: impl FnOnce(&mut Self)) {
        let len = self.prefix.len();
        if !self.prefix.is_empty() {
            self.prefix.push('.');
        }
        self.prefix.push_str(segment);
        write(self);
        self.prefix.truncate(len);
    }
}

impl Encoder for FormEncoder {
    fn string(&mut self, _: &'static Member, value: &str) {
        self.pair(value.to_owned());
    }

    fn boolean(&mut self, _: &'static Member, value: bool) {
        self.pair(value.to_string());
    }

    fn integer(&mut self, _: &'static Member, value: i64) {
        self.pair(value.to_string());
    }

    fn float(&mut self, _: &'static Member, value: f32) {
        self.pair(value.to_http_text(TimestampFormat::DateTime));
    }

    fn double(&mut self, _: &'static Member, value: f64) {
        self.pair(value.to_http_text(TimestampFormat::DateTime));
    }

    fn timestamp(&mut self, member: &'static Member, value: &DateTime) {
        self.pair(value.fmt(member.timestamp_format_or(TimestampFormat::DateTime)));
    }

    fn blob(&mut self, _: &'static Member, value: &[u8]) {
        self.pair(crate::blob::base64_encode(value));
    }

    /// Documents belong to the JSON protocols; a form carries their JSON text.
    fn document(&mut self, _: &'static Member, value: &Document) {
        self.pair(value.to_string());
    }

    /// A form has no null: an absent item of a sparse list or map is left out.
    fn null(&mut self, _: &'static Member) {}

    fn list<T: Encode>(&mut self, member: &'static Member, items: &[T]) {
        let item = member.item();
        if self.dialect == Dialect::Ec2 {
            for (i, value) in items.iter().enumerate() {
                self.under(&(i + 1).to_string(), |e| value.encode(e, item));
            }
            return;
        }
        if items.is_empty() {
            self.pair(String::new());
            return;
        }
        let saved = self.prefix.clone();
        if member.is_flattened() {
            // A named item replaces the list's own key segment.
            if let Some(name) = flattened_item_name(member) {
                let parent = self.prefix.rfind('.').map_or(0, |dot| dot + 1);
                self.prefix.truncate(parent);
                self.prefix.push_str(name);
            }
        } else {
            self.prefix.push('.');
            self.prefix.push_str(item.name);
        }
        for (i, value) in items.iter().enumerate() {
            self.under(&(i + 1).to_string(), |e| value.encode(e, item));
        }
        self.prefix = saved;
    }

    fn map<V: Encode>(&mut self, member: &'static Member, entries: &HashMap<String, V>) {
        let key_name = self.dialect.entry_key(member.key, "key");
        let value_name = self.dialect.entry_key(member.value, "value");
        let (key, value_member) = (member.key(), member.map_value());
        let entry = if member.is_flattened() { "" } else { "entry" };
        let saved = self.prefix.clone();
        if !entry.is_empty() {
            self.prefix.push('.');
            self.prefix.push_str(entry);
        }
        for (i, k) in sorted_keys(entries).into_iter().enumerate() {
            self.under(&(i + 1).to_string(), |e| {
                e.under(&key_name, |e| e.string(key, k));
                e.under(&value_name, |e| entries[k].encode(e, value_member));
            });
        }
        self.prefix = saved;
    }

    fn shape<S: Shape>(&mut self, _: &'static Member, value: &S) {
        value.encode_members(self);
    }

    fn field<T: Encode + ?Sized>(&mut self, member: &'static Member, value: &T) {
        let key = self.dialect.key(member);
        self.under(&key, |e| value.encode(e, member));
    }
}

/// How many `.`-separated segments a key may have: the bound on how deeply a form nests.
pub(crate) const MAX_KEY_SEGMENTS: usize = 128;

/// A parsed form: every key split at `.` into a tree.
#[derive(Debug, Default)]
pub(crate) struct FormTree {
    /// The value of the key that ends here, when one does.
    value: Option<String>,
    children: BTreeMap<String, FormTree>,
}

impl FormTree {
    /// Parses a form body (`+` is a space, `%XX` a byte; keys and values must be UTF-8).
    pub(crate) fn parse(body: &[u8]) -> Result<FormTree, DecodeError> {
        let text =
            std::str::from_utf8(body).map_err(|_| DecodeError::new("form body is not UTF-8"))?;
        let mut root = FormTree::default();
        for pair in text.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let (key, value) = (decode_component(key)?, decode_component(value)?);
            let segments: Vec<&str> = key.split('.').collect();
            if segments.len() > MAX_KEY_SEGMENTS {
                return Err(DecodeError::new(format!(
                    "form key has more than {MAX_KEY_SEGMENTS} segments"
                )));
            }
            let mut node = &mut root;
            for segment in segments {
                node = node.children.entry(segment.to_owned()).or_default();
            }
            node.value = Some(value);
        }
        Ok(root)
    }

    /// The value of top-level key `key`.
    pub(crate) fn value(&self, key: &str) -> Option<&str> {
        self.children.get(key)?.value.as_deref()
    }

    /// The children named `1`, `2`, ... in numeric order.
    fn numbered(&self) -> Vec<&FormTree> {
        let mut items: Vec<(usize, &FormTree)> = self
            .children
            .iter()
            .filter_map(|(k, v)| k.parse::<usize>().ok().map(|n| (n, v)))
            .collect();
        items.sort_by_key(|(n, _)| *n);
        items.into_iter().map(|(_, v)| v).collect()
    }
}

fn decode_component(text: &str) -> Result<String, DecodeError> {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| DecodeError::new("form text is not UTF-8 once percent-decoded"))
}

/// Reads the members of a structure from a form tree.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FormStruct<'a> {
    pub(crate) dialect: Dialect,
    pub(crate) node: &'a FormTree,
}

/// Reads one value from a form tree.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FormValue<'a> {
    dialect: Dialect,
    node: &'a FormTree,
}

impl<'a> FormValue<'a> {
    fn text(&self) -> Result<&'a str, DecodeError> {
        self.node
            .value
            .as_deref()
            .ok_or_else(|| DecodeError::new("expected a value, found nested keys"))
    }

    fn parse<T: HttpText>(&self, format: TimestampFormat) -> Result<T, DecodeError> {
        T::from_http_text(self.text()?, format)
    }

    fn at(self, node: &'a FormTree) -> Self {
        FormValue { node, ..self }
    }
}

impl<'a> ValueDecoder for FormValue<'a> {
    type Struct = FormStruct<'a>;

    fn is_null(&self) -> bool {
        false
    }

    fn string(self, _: &'static Member) -> Result<String, DecodeError> {
        self.text().map(str::to_owned)
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
        serde_json::from_str(self.text()?)
            .map_err(|_| DecodeError::new("document is not valid JSON"))
    }

    fn list<T: Decode>(self, member: &'static Member) -> Result<Vec<T>, DecodeError> {
        let item = member.item();
        let holder = match self.dialect {
            Dialect::Query if !member.is_flattened() => self.node.children.get(item.name),
            _ => Some(self.node),
        };
        let Some(holder) = holder else {
            // `List=` is the empty list.
            return match self.node.value.as_deref() {
                Some("") => Ok(Vec::new()),
                _ => Err(DecodeError::new(format!(
                    "expected `.{}.N` items",
                    item.name
                ))),
            };
        };
        let mut out = Vec::new();
        for (i, node) in holder.numbered().into_iter().enumerate() {
            out.push(T::decode(self.at(node), item).map_err(|e| e.at(format!("[{i}]")))?);
        }
        Ok(out)
    }

    fn map<V: Decode>(self, member: &'static Member) -> Result<HashMap<String, V>, DecodeError> {
        let key_name = self.dialect.entry_key(member.key, "key");
        let value_name = self.dialect.entry_key(member.value, "value");
        let holder = if member.is_flattened() {
            Some(self.node)
        } else {
            self.node.children.get("entry")
        };
        let mut out = HashMap::new();
        for (i, entry) in holder
            .map(FormTree::numbered)
            .unwrap_or_default()
            .into_iter()
            .enumerate()
        {
            let key = entry
                .children
                .get(key_name.as_ref())
                .and_then(|k| k.value.clone())
                .ok_or_else(|| {
                    DecodeError::new(format!("map entry without `{key_name}`")).at(format!("[{i}]"))
                })?;
            let value = entry.children.get(value_name.as_ref()).ok_or_else(|| {
                DecodeError::new(format!("map entry without `{value_name}`")).at(format!("[{i}]"))
            })?;
            let decoded = V::decode(self.at(value), member.map_value())
                .map_err(|e| e.at(format!("{{{key}}}")))?;
            out.insert(key, decoded);
        }
        Ok(out)
    }

    fn shape(self, _: &'static Member) -> Result<FormStruct<'a>, DecodeError> {
        Ok(FormStruct {
            dialect: self.dialect,
            node: self.node,
        })
    }
}

impl StructDecoder for FormStruct<'_> {
    fn field<T: Decode>(&mut self, member: &'static Member) -> Result<Option<T>, DecodeError> {
        // A flattened awsQuery list whose items are named is keyed by that name.
        let key = match (self.dialect, flattened_item_name(member)) {
            (Dialect::Query, Some(name))
                if member.is_flattened() && self.node.children.contains_key(name) =>
            {
                Cow::Borrowed(name)
            }
            _ => self.dialect.key(member),
        };
        match self.node.children.get(key.as_ref()) {
            Some(node) => {
                let value = FormValue {
                    dialect: self.dialect,
                    node,
                };
                T::decode(value, member).map(Some).map_err(|e| e.at(key))
            }
            None => Ok(None),
        }
    }

    fn union_member(&mut self, schema: &'static Schema) -> Result<UnionMember, DecodeError> {
        let mut keys = self.node.children.keys();
        let (Some(key), None) = (keys.next(), keys.next()) else {
            return Err(DecodeError::new(
                "a union needs exactly one member, found none or several",
            ));
        };
        let index = schema
            .members
            .iter()
            .position(|m| self.dialect.key(m) == key.as_str());
        Ok(match index {
            Some(index) => UnionMember::Known(index),
            None => UnionMember::Unknown(key.clone()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_percent_encode_all_but_unreserved() {
        let pairs = vec![
            ("Action".to_owned(), "Op".to_owned()),
            ("A.b".to_owned(), "x y/z:+=&~é".to_owned()),
        ];
        assert_eq!(
            String::from_utf8(form_body(&pairs)).unwrap(),
            "Action=Op&A.b=x%20y%2Fz%3A%2B%3D%26~%C3%A9"
        );
    }

    #[test]
    fn forms_parse_into_trees() {
        let tree = FormTree::parse(b"Action=Op&L.member.2=b&L.member.1=a+c&E=&M.1.k=%41").unwrap();
        assert_eq!(tree.value("Action"), Some("Op"));
        let list = &tree.children["L"].children["member"];
        let items: Vec<_> = list.numbered().iter().map(|n| n.value.clone()).collect();
        assert_eq!(items, [Some("a c".to_owned()), Some("b".to_owned())]);
        assert_eq!(tree.value("E"), Some(""));
        assert_eq!(
            tree.children["M"].children["1"].children["k"]
                .value
                .as_deref(),
            Some("A")
        );
        assert!(FormTree::parse(b"a=%FF").is_err());
        let deep = "a.".repeat(MAX_KEY_SEGMENTS) + "a=1";
        assert!(FormTree::parse(deep.as_bytes()).is_err());
    }
}
