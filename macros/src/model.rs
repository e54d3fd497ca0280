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
        }
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
    pub sensitive: bool,
    pub constraints: Constraints,
    pub key: Constraints,
    pub value: Constraints,
    pub item: Constraints,
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
    "timestamp_format",
    "idempotency_token",
    "host_label",
    "json_value",
    "sensitive",
    "length",
    "pattern",
    "range",
    "key",
    "value",
    "item",
];

const CONSTRAINT_KEYS: &[&str] = &["length", "pattern", "range"];

impl Member {
    /// Reads a field, removing its `#[aws(...)]` attributes.
    pub fn parse(field: &mut syn::Field, diag: &mut Diagnostics) -> Option<Member> {
        let ident = field.ident.clone()?;
        let metas = attrs::take_aws_attrs(&mut field.attrs, diag);
        let (required, inner_ty) = match option_inner(&field.ty) {
            Some(inner) => (false, inner.clone()),
            None => (true, field.ty.clone()),
        };
        let mut member = Member {
            wire: pascal_case(&ident),
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
            sensitive: false,
            constraints: Constraints::default(),
            key: Constraints::default(),
            value: Constraints::default(),
            item: Constraints::default(),
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
                "sensitive" => member.sensitive = attrs::flag(meta, diag) || member.sensitive,
                "length" | "pattern" | "range" => {
                    parse_constraint(meta, &mut member.constraints, diag)
                }
                "key" | "value" | "item" => {
                    let mut c = Constraints::default();
                    for inner in attrs::nested(meta, diag) {
                        let k = attrs::key_of(&inner);
                        if CONSTRAINT_KEYS.contains(&k.as_str()) {
                            parse_constraint(&inner, &mut c, diag);
                        } else {
                            attrs::unknown(&inner, "constraint", CONSTRAINT_KEYS, diag);
                        }
                    }
                    match key.as_str() {
                        "key" => member.key = c,
                        "value" => member.value = c,
                        _ => member.item = c,
                    }
                }
                _ => {
                    attrs::unknown(meta, "aws attribute key", MEMBER_KEYS, diag);
                }
            }
        }
        // A model's pattern the engine cannot check is not enforced; the field says so.
        for (constraints, scope) in [
            (&member.constraints, ""),
            (&member.key, "Each key: "),
            (&member.value, "Each value: "),
            (&member.item, "Each item: "),
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

/// `connector_destination_id` -> `ConnectorDestinationId`; `o_auth_url` -> `OAuthUrl`.
pub fn pascal_case(ident: &Ident) -> String {
    let name = ident.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name);
    let mut out = String::with_capacity(name.len());
    for part in name.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_case_keeps_inner_capitals() {
        let id = |s: &str| Ident::new(s, Span::call_site());
        assert_eq!(
            pascal_case(&id("o_auth_authorization_url")),
            "OAuthAuthorizationUrl"
        );
        assert_eq!(pascal_case(&id("client_token")), "ClientToken");
        assert_eq!(
            pascal_case(&Ident::new_raw("type", Span::call_site())),
            "Type"
        );
    }

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
