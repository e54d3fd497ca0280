//! The model of annotated items: members with their wire names, bindings and constraints.
//!
//! Parsing fills these from `#[aws(...)]` attributes and keeps spans, so later checks can point
//! at the exact token.

use crate::attrs;
use crate::diag::Diagnostics;
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Ident, Meta, Type};

/// Where a member lives in the HTTP message.
#[derive(Clone, Debug, PartialEq)]
pub enum Binding {
    /// A member of the JSON body (the default).
    Body,
    /// A URI label; `greedy` is filled from the template (`{Key+}`).
    Label { greedy: bool },
    /// A query parameter.
    Query(String),
    /// Every query parameter not bound otherwise (`httpQueryParams`).
    QueryMap,
    /// A header.
    Header(String),
    /// Headers sharing a prefix (`httpPrefixHeaders`).
    PrefixHeaders(String),
    /// The whole body.
    Payload,
    /// The response status code.
    StatusCode,
    /// A typed header of an event message (event structures).
    EventHeader,
    /// The operation's event stream (`EventReceiver` in an output, `EventSender` in an input).
    EventStream,
}

impl Binding {
    /// The attribute key that selects this binding.
    pub fn key(&self) -> &'static str {
        match self {
            Binding::Body => "body",
            Binding::Label { .. } => "label",
            Binding::Query(_) => "query",
            Binding::QueryMap => "query_map",
            Binding::Header(_) => "header",
            Binding::PrefixHeaders(_) => "prefix_headers",
            Binding::Payload => "payload",
            Binding::StatusCode => "status_code",
            Binding::EventHeader => "event_header",
            Binding::EventStream => "event_stream",
        }
    }
}

/// An XML namespace declaration: `xml_namespace(uri = "...", prefix = "...")`.
#[derive(Clone, Debug, PartialEq)]
pub struct XmlNamespace {
    pub uri: String,
    pub prefix: Option<String>,
}

/// Wire facts and constraints of a position nested in a member: a list's items, a map's keys
/// or values (`item(...)`, `key(...)`, `value(...)`).
#[derive(Clone, Default)]
pub struct Position {
    pub constraints: Constraints,
    /// The element name of items, keys or values (`name = "Item"`).
    pub name: Option<String>,
    pub timestamp_format: Option<String>,
    pub xml_namespace: Option<XmlNamespace>,
    /// An item that is itself a flattened list or map.
    pub flattened: bool,
    pub item: Option<Box<Position>>,
    pub key: Option<Box<Position>>,
    pub value: Option<Box<Position>>,
}

impl Position {
    /// Whether the position says anything about the wire (not only constraints).
    pub fn has_wire_facts(&self) -> bool {
        self.name.is_some()
            || self.timestamp_format.is_some()
            || self.xml_namespace.is_some()
            || self.flattened
            || self.item.is_some()
            || self.key.is_some()
            || self.value.is_some()
    }
}

/// Length, pattern and range constraints of one value.
#[derive(Clone, Default)]
pub struct Constraints {
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// The pattern as written and its automaton (compiled once, when parsed).
    pub pattern: Option<crate::pattern::PatternCheck>,
    pub range: Option<(Option<f64>, Option<f64>)>,
}

impl Constraints {
    /// Whether nothing is checked (an unenforced pattern checks nothing).
    pub fn is_empty(&self) -> bool {
        let pattern = self.pattern.as_ref().and_then(|p| p.compiled.as_ref().ok());
        self.length.is_none() && pattern.is_none() && self.range.is_none()
    }
}

/// Smithy timestamp formats, by their attribute spelling.
pub const TIMESTAMP_FORMATS: &[&str] = &["epoch-seconds", "date-time", "http-date"];

/// One field of an annotated struct.
pub struct Member {
    pub ident: Ident,
    pub ty: Type,
    /// `T` of `Option<T>`, else the field type.
    pub inner_ty: Type,
    /// Not an `Option`: the member is required.
    pub required: bool,
    pub wire: String,
    pub binding: Binding,
    pub binding_span: Span,
    pub timestamp_format: Option<String>,
    pub idempotency_token: Option<Span>,
    /// Fills a `{Label}` of the operation's `host_prefix` (Smithy `hostLabel`).
    pub host_label: Option<Span>,
    /// A string header carried base64-encoded (botocore `jsonvalue`, Smithy `mediaType`).
    pub json_value: Option<Span>,
    /// The endpoint rule parameter the member's value sets (Smithy `contextParam`: S3's
    /// `Bucket`).
    pub context_param: Option<syn::LitStr>,
    pub sensitive: bool,
    pub constraints: Constraints,
    /// Carried as an XML attribute of the enclosing element.
    pub xml_attribute: bool,
    /// A list or map without wrapping element (XML) or `member`/`entry` step (awsQuery).
    pub flattened: bool,
    pub xml_namespace: Option<XmlNamespace>,
    /// The ec2Query key (`queryName`), when it is not the capitalised wire name.
    pub ec2_name: Option<String>,
    pub key: Position,
    pub value: Position,
    pub item: Position,
}

const MEMBER_KEYS: &[&str] = &[
    "name",
    "label",
    "query",
    "query_map",
    "header",
    "prefix_headers",
    "payload",
    "status_code",
    "event_header",
    "event_stream",
    "timestamp_format",
    "idempotency_token",
    "host_label",
    "json_value",
    "context_param",
    "sensitive",
    "length",
    "pattern",
    "range",
    "key",
    "value",
    "item",
    "xml_attribute",
    "xml_flattened",
    "xml_namespace",
    "ec2_name",
];

/// The keys of `item(...)`, `key(...)` and `value(...)`.
const POSITION_KEYS: &[&str] = &[
    "length",
    "pattern",
    "range",
    "name",
    "timestamp_format",
    "xml_namespace",
    "xml_flattened",
    "item",
    "key",
    "value",
];

impl Member {
    /// Reads a field, removing its `#[aws(...)]` attributes. The wire name defaults to the
    /// PascalCase of the field name.
    pub fn parse(field: &mut syn::Field, diag: &mut Diagnostics) -> Option<Member> {
        let ident = field.ident.clone()?;
        Self::parse_named(field, aws_op_naming::wire_name(&ident.to_string()), diag)
    }

    /// Reads a field whose wire name defaults to `default_wire`.
    pub fn parse_named(
        field: &mut syn::Field,
        default_wire: String,
        diag: &mut Diagnostics,
    ) -> Option<Member> {
        let ident = field.ident.clone()?;
        let metas = attrs::take_aws_attrs(&mut field.attrs, diag);
        let (required, inner_ty) = match option_inner(&field.ty) {
            Some(inner) => (false, inner.clone()),
            None => (true, field.ty.clone()),
        };
        let mut member = Member {
            wire: default_wire,
            ident,
            ty: field.ty.clone(),
            inner_ty,
            required,
            binding: Binding::Body,
            binding_span: field.span(),
            timestamp_format: None,
            idempotency_token: None,
            host_label: None,
            json_value: None,
            context_param: None,
            sensitive: false,
            constraints: Constraints::default(),
            xml_attribute: false,
            flattened: false,
            xml_namespace: None,
            ec2_name: None,
            key: Position::default(),
            value: Position::default(),
            item: Position::default(),
        };
        let mut binding_set: Option<Span> = None;
        for meta in &metas {
            let key = attrs::key_of(meta);
            let mut set_binding = |b: Binding, diag: &mut Diagnostics| {
                if let Some(prev) = binding_set {
                    let _ = prev;
                    diag.error(
                        meta.path().span(),
                        format!(
                            "`{}` conflicts with `{}`: a member has one binding",
                            b.key(),
                            member.binding.key()
                        ),
                    );
                    return;
                }
                binding_set = Some(meta.path().span());
                member.binding_span = meta.path().span();
                member.binding = b;
            };
            match key.as_str() {
                "name" => {
                    if let Some(s) = attrs::string(meta, diag) {
                        if s.value().is_empty() {
                            diag.error_at(&s, "a wire name cannot be empty");
                        }
                        member.wire = s.value();
                    }
                }
                "label" => {
                    if attrs::flag(meta, diag) {
                        set_binding(Binding::Label { greedy: false }, diag);
                    }
                }
                "query" => {
                    if let Some(s) = attrs::string(meta, diag) {
                        set_binding(Binding::Query(s.value()), diag);
                    }
                }
                "query_map" => {
                    if attrs::flag(meta, diag) {
                        set_binding(Binding::QueryMap, diag);
                    }
                }
                "header" => {
                    if let Some(s) = attrs::string(meta, diag) {
                        if !is_token(&s.value()) {
                            diag.error_at(&s, "not a valid HTTP header name");
                        }
                        set_binding(Binding::Header(s.value()), diag);
                    }
                }
                "prefix_headers" => {
                    if let Some(s) = attrs::string(meta, diag) {
                        set_binding(Binding::PrefixHeaders(s.value()), diag);
                    }
                }
                "payload" => {
                    if attrs::flag(meta, diag) {
                        set_binding(Binding::Payload, diag);
                    }
                }
                "status_code" => {
                    if attrs::flag(meta, diag) {
                        set_binding(Binding::StatusCode, diag);
                    }
                }
                "event_header" => {
                    if attrs::flag(meta, diag) {
                        set_binding(Binding::EventHeader, diag);
                    }
                }
                "event_stream" => {
                    if attrs::flag(meta, diag) {
                        set_binding(Binding::EventStream, diag);
                    }
                }
                "timestamp_format" => {
                    if let Some(f) = timestamp_format(meta, diag) {
                        member.timestamp_format = Some(f);
                    }
                }
                "idempotency_token" => {
                    if attrs::flag(meta, diag) {
                        member.idempotency_token = Some(meta.path().span());
                    }
                }
                "host_label" => {
                    if attrs::flag(meta, diag) {
                        member.host_label = Some(meta.path().span());
                    }
                }
                "json_value" => {
                    if attrs::flag(meta, diag) {
                        member.json_value = Some(meta.path().span());
                    }
                }
                "context_param" => {
                    if let Some(s) = attrs::string(meta, diag) {
                        if s.value().is_empty() {
                            diag.error_at(&s, "an endpoint parameter name cannot be empty");
                        }
                        member.context_param = Some(s);
                    }
                }
                "sensitive" => member.sensitive = attrs::flag(meta, diag) || member.sensitive,
                "length" | "pattern" | "range" => {
                    parse_constraint(meta, &mut member.constraints, diag)
                }
                "key" => member.key = parse_position(meta, diag),
                "value" => member.value = parse_position(meta, diag),
                "item" => member.item = parse_position(meta, diag),
                "xml_attribute" => member.xml_attribute = attrs::flag(meta, diag),
                "xml_flattened" => member.flattened = attrs::flag(meta, diag),
                "xml_namespace" => member.xml_namespace = parse_xml_namespace(meta, diag),
                "ec2_name" => {
                    if let Some(s) = attrs::string(meta, diag) {
                        if s.value().is_empty() {
                            diag.error_at(&s, "an ec2Query name cannot be empty");
                        }
                        member.ec2_name = Some(s.value());
                    }
                }
                _ => {
                    attrs::unknown(meta, "aws attribute key", MEMBER_KEYS, diag);
                }
            }
        }
        if (member.xml_attribute || member.flattened) && member.binding != Binding::Body {
            diag.error(
                member.binding_span,
                format!(
                    "`{}` describes a body member: a member bound to `{}` is not in the body",
                    if member.xml_attribute {
                        "xml_attribute"
                    } else {
                        "xml_flattened"
                    },
                    member.binding.key()
                ),
            );
        }
        if member.binding == Binding::EventStream && !member.required {
            diag.error_at(
                &field.ty,
                "an event stream is always there (it may carry no event): write the type \
                 without `Option`",
            );
        }
        // A model's pattern the engine cannot check is not enforced; the field says so.
        for (constraints, scope) in [
            (&member.constraints, ""),
            (&member.key.constraints, "Each key: "),
            (&member.value.constraints, "Each value: "),
            (&member.item.constraints, "Each item: "),
        ] {
            if let Some(note) = constraints
                .pattern
                .as_ref()
                .and_then(|p| p.not_enforced_note())
            {
                let note = format!(" {scope}{note}");
                field.attrs.push(syn::parse_quote!(#[doc = ""]));
                field.attrs.push(syn::parse_quote!(#[doc = #note]));
            }
        }
        if let Some(span) = member.json_value {
            if !matches!(member.binding, Binding::Header(_)) || !is_string(&member.inner_ty) {
                diag.error(
                    span,
                    "`json_value` applies to a `String` member bound to a `header`: the header \
                     carries the JSON text base64-encoded",
                );
            }
        }
        Some(member)
    }

    /// The timestamp format in force: the member's own, else the binding's default.
    pub fn effective_timestamp_format(&self) -> &str {
        if let Some(f) = &self.timestamp_format {
            return f;
        }
        match self.binding {
            Binding::Header(_) | Binding::PrefixHeaders(_) => "http-date",
            Binding::Label { .. } | Binding::Query(_) | Binding::QueryMap => "date-time",
            _ => "epoch-seconds",
        }
    }
}

/// `item(...)`, `key(...)` or `value(...)`: constraints and wire facts of a nested position.
pub fn parse_position(meta: &Meta, diag: &mut Diagnostics) -> Position {
    let mut position = Position::default();
    for inner in attrs::nested(meta, diag) {
        let key = attrs::key_of(&inner);
        match key.as_str() {
            "length" | "pattern" | "range" => {
                parse_constraint(&inner, &mut position.constraints, diag)
            }
            "name" => {
                if let Some(s) = attrs::string(&inner, diag) {
                    if s.value().is_empty() {
                        diag.error_at(&s, "a wire name cannot be empty");
                    }
                    position.name = Some(s.value());
                }
            }
            "timestamp_format" => position.timestamp_format = timestamp_format(&inner, diag),
            "xml_namespace" => position.xml_namespace = parse_xml_namespace(&inner, diag),
            "xml_flattened" => position.flattened = attrs::flag(&inner, diag),
            "item" => position.item = Some(Box::new(parse_position(&inner, diag))),
            "key" => position.key = Some(Box::new(parse_position(&inner, diag))),
            "value" => position.value = Some(Box::new(parse_position(&inner, diag))),
            _ => {
                attrs::unknown(&inner, "nested position key", POSITION_KEYS, diag);
            }
        }
    }
    position
}

/// `xml_namespace(uri = "...", prefix = "...")` (the prefix is optional).
pub fn parse_xml_namespace(meta: &Meta, diag: &mut Diagnostics) -> Option<XmlNamespace> {
    let mut uri = None;
    let mut prefix = None;
    for inner in attrs::nested(meta, diag) {
        match attrs::key_of(&inner).as_str() {
            "uri" => uri = attrs::string(&inner, diag).map(|s| s.value()),
            "prefix" => {
                if let Some(s) = attrs::string(&inner, diag) {
                    let ok = !s.value().is_empty()
                        && s.value()
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
                    if !ok {
                        diag.error_at(&s, "an XML namespace prefix is a name such as `xsi`");
                    }
                    prefix = Some(s.value());
                }
            }
            _ => {
                attrs::unknown(&inner, "xml_namespace key", &["uri", "prefix"], diag);
            }
        }
    }
    if uri.is_none() {
        diag.error_at(
            meta,
            "write `xml_namespace(uri = \"...\")`, optionally with `prefix = \"...\"`",
        );
    }
    Some(XmlNamespace { uri: uri?, prefix })
}

/// `timestamp_format = "..."`: one of [`TIMESTAMP_FORMATS`].
pub fn timestamp_format(meta: &Meta, diag: &mut Diagnostics) -> Option<String> {
    let s = attrs::string(meta, diag)?;
    if TIMESTAMP_FORMATS.contains(&s.value().as_str()) {
        return Some(s.value());
    }
    diag.error_at(
        &s,
        crate::diag::unknown_key_message("timestamp format", &s.value(), TIMESTAMP_FORMATS),
    );
    None
}

fn parse_constraint(meta: &Meta, c: &mut Constraints, diag: &mut Diagnostics) {
    match attrs::key_of(meta).as_str() {
        "length" => {
            let (mut min, mut max) = (None, None);
            for inner in attrs::nested(meta, diag) {
                match attrs::key_of(&inner).as_str() {
                    "min" => min = attrs::integer(&inner, diag).map(|v| v.0),
                    "max" => max = attrs::integer(&inner, diag).map(|v| v.0),
                    _ => {
                        attrs::unknown(&inner, "length bound", &["min", "max"], diag);
                    }
                }
            }
            if let (Some(lo), Some(hi)) = (min, max) {
                if lo > hi {
                    diag.error_at(
                        meta,
                        format!("length min {lo} is greater than max {hi}: no value can pass"),
                    );
                }
            }
            c.length = Some((min, max));
        }
        "range" => {
            let (mut min, mut max) = (None, None);
            for inner in attrs::nested(meta, diag) {
                match attrs::key_of(&inner).as_str() {
                    "min" => min = attrs::number(&inner, diag),
                    "max" => max = attrs::number(&inner, diag),
                    _ => {
                        attrs::unknown(&inner, "range bound", &["min", "max"], diag);
                    }
                }
            }
            if let (Some(lo), Some(hi)) = (min, max) {
                if lo > hi {
                    diag.error_at(
                        meta,
                        format!("range min {lo} is greater than max {hi}: no value can pass"),
                    );
                }
            }
            c.range = Some((min, max));
        }
        _ => {
            if let Some(s) = attrs::string(meta, diag) {
                match crate::pattern::compile(s.clone()) {
                    Ok(check) => c.pattern = Some(check),
                    Err(message) => diag.error_at(&s, message),
                }
            }
        }
    }
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `T` when `ty` is `Option<T>` (also `std::option::Option<T>`).
pub fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    if p.qself.is_some() {
        return None;
    }
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

/// Whether `ty` is written as `String` (for idempotency tokens).
pub fn is_string(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "String" && s.arguments.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_detection() {
        let t: Type = syn::parse_quote!(Option<String>);
        assert!(option_inner(&t).is_some());
        let t: Type = syn::parse_quote!(std::option::Option<Vec<u8>>);
        assert!(option_inner(&t).is_some());
        let t: Type = syn::parse_quote!(String);
        assert!(option_inner(&t).is_none());
    }
}
