//! The member tables: each member's wire facts and constraints as a `const` `Member`, in
//! schema order (XML attributes first, then model order), plus the constants its nested
//! positions, namespaces and constraints need.

use crate::model::{Binding, Constraints, Member, Position, XmlNamespace};
use crate::paths::{rt, ts_tokens};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::Type;

/// A shape's table: the constants it refers to, its member expressions in schema order, and
/// for each member (in declaration order) its index in the table.
pub struct Table {
    pub consts: TokenStream,
    pub members: Vec<TokenStream>,
    pub index: Vec<usize>,
}

/// Shape-level facts: `xml_name` and `xml_namespace` of the document root.
#[derive(Default)]
pub struct ShapeFacts {
    pub xml_name: Option<String>,
    pub xml_namespace: Option<XmlNamespace>,
}

/// Builds the table of `members`.
pub fn table(members: &[&Member]) -> Table {
    let mut order: Vec<usize> = (0..members.len()).collect();
    // Attributes are written inside the start tag, so before any element.
    order.sort_by_key(|&i| !members[i].xml_attribute);
    let mut index = vec![0; members.len()];
    for (position, &i) in order.iter().enumerate() {
        index[i] = position;
    }
    let mut consts = TokenStream::new();
    let exprs = order
        .iter()
        .map(|&i| member_expr(members[i], i, &mut consts))
        .collect();
    Table {
        consts,
        members: exprs,
        index,
    }
}

/// `&Schema::structure(...)` or `&Schema::union(...)` with the shape's facts, for
/// `const SCHEMA`, plus the constants it needs.
pub fn schema_expr(
    name: &str,
    union: bool,
    facts: &ShapeFacts,
    table: &Table,
) -> (TokenStream, TokenStream) {
    let rt = rt();
    let members = &table.members;
    let mut consts = table.consts.clone();
    consts.extend(quote! {
        const __MEMBERS: &[#rt::Member] = &[#(#members),*];
    });
    let ctor = if union {
        quote!(union)
    } else {
        quote!(structure)
    };
    let mut expr = quote!(#rt::Schema::#ctor(#name, __MEMBERS));
    if let Some(xml_name) = &facts.xml_name {
        expr.extend(quote!(.with_xml_name(#xml_name)));
    }
    if let Some(ns) = &facts.xml_namespace {
        let ns = namespace_expr(ns);
        consts.extend(quote!(const __SHAPE_NS: #rt::XmlNamespace = #ns;));
        expr.extend(quote!(.with_xml_namespace(&__SHAPE_NS)));
    }
    (consts, quote!(&#expr))
}

fn namespace_expr(ns: &XmlNamespace) -> TokenStream {
    let rt = rt();
    let uri = &ns.uri;
    let prefix = match &ns.prefix {
        Some(p) => quote!(::core::option::Option::Some(#p)),
        None => quote!(::core::option::Option::None),
    };
    quote!(#rt::XmlNamespace { prefix: #prefix, uri: #uri })
}

fn binding_expr(binding: &Binding) -> Option<TokenStream> {
    let rt = rt();
    Some(match binding {
        Binding::Body => return None,
        Binding::Label { greedy: false } => quote!(#rt::Binding::Label),
        Binding::Label { greedy: true } => quote!(#rt::Binding::GreedyLabel),
        Binding::Query(name) => quote!(#rt::Binding::Query(#name)),
        Binding::QueryMap => quote!(#rt::Binding::QueryMap),
        Binding::Header(name) => quote!(#rt::Binding::Header(#name)),
        Binding::PrefixHeaders(prefix) => quote!(#rt::Binding::PrefixHeaders(#prefix)),
        Binding::Payload => quote!(#rt::Binding::Payload),
        Binding::StatusCode => quote!(#rt::Binding::StatusCode),
        Binding::EventHeader => quote!(#rt::Binding::EventHeader),
        Binding::EventStream => quote!(#rt::Binding::EventStream),
    })
}

/// The expression of member `m` (declaration index `i`); nested positions and namespaces
/// become constants in `consts`.
fn member_expr(m: &Member, i: usize, consts: &mut TokenStream) -> TokenStream {
    let rt = rt();
    let wire = &m.wire;
    let mut expr = quote!(#rt::Member::new(#wire));
    if let Some(binding) = binding_expr(&m.binding) {
        expr.extend(quote!(.with_binding(#binding)));
    }
    if let Some(format) = &m.timestamp_format {
        let ts = ts_tokens(format);
        expr.extend(quote!(.with_timestamp_format(#ts)));
    }
    if let Some(name) = &m.ec2_name {
        expr.extend(quote!(.with_ec2_name(#name)));
    }
    let prefix = format!("__M{i}");
    if let Some(ns) = &m.xml_namespace {
        let ident = format_ident!("{}_NS", prefix);
        let ns = namespace_expr(ns);
        consts.extend(quote!(const #ident: #rt::XmlNamespace = #ns;));
        expr.extend(quote!(.with_xml_namespace(&#ident)));
    }
    let inner = &m.inner_ty;
    expr.extend(constraints_call(
        &m.constraints,
        &quote!(#inner),
        &prefix,
        consts,
    ));
    let nested = Nested {
        item: &m.item,
        key: &m.key,
        value: &m.value,
        timestamp_format: m.timestamp_format.as_deref(),
        ty: Some(&m.inner_ty),
        validated: Some((inner, m.sensitive)),
    };
    expr.extend(nested.with_calls(&prefix, consts));
    if m.xml_attribute {
        expr.extend(quote!(.xml_attribute()));
    }
    if m.flattened {
        expr.extend(quote!(.flattened()));
    }
    if m.host_label.is_some() {
        expr.extend(quote!(.host_label()));
    }
    if m.json_value.is_some() {
        expr.extend(quote!(.json_value()));
    }
    if m.required {
        expr.extend(quote!(.required()));
    }
    if m.sensitive {
        expr.extend(quote!(.sensitive()));
    }
    expr
}

/// `.with_constraints(&C)` when `c` checks anything, defining `C` (and its pattern) in
/// `consts`, with compile-time proof that `ty`, the type at the position, takes each
/// constraint: a `pattern` on a number is an error at the pattern.
fn constraints_call(
    c: &Constraints,
    ty: &TokenStream,
    prefix: &str,
    consts: &mut TokenStream,
) -> Option<TokenStream> {
    if c.is_empty() {
        return None;
    }
    let rt = rt();
    let ident = format_ident!("{}_C", prefix);
    let mut expr = quote!(#rt::Constraints::NONE);
    if let Some((min, max)) = c.length {
        let (min, max) = (opt(min), opt(max));
        expr.extend(quote!(.length(#min, #max)));
        consts.extend(quote!(const _: fn() = #rt::assert::length::<#ty>;));
    }
    if let Some(check) = &c.pattern {
        if let Some(pattern) = check.to_tokens() {
            let pattern_ident = format_ident!("{}_P", prefix);
            consts.extend(quote!(const #pattern_ident: #rt::Pattern = #pattern;));
            expr.extend(quote!(.pattern(&#pattern_ident)));
            // Reported at the pattern; names keep the call site's hygiene (the literal may
            // come from a `macro_rules!`).
            let span = Span::call_site().located_at(check.source.span());
            let ty = respan(ty, span);
            consts.extend(quote_spanned!(span=> const _: fn() = #rt::assert::text::<#ty>;));
        }
    }
    if let Some((min, max)) = c.range {
        let (min, max) = (opt(min), opt(max));
        expr.extend(quote!(.range(#min, #max)));
        consts.extend(quote!(const _: fn() = #rt::assert::range::<#ty>;));
    }
    consts.extend(quote!(const #ident: #rt::Constraints = #expr;));
    Some(quote!(.with_constraints(&#ident)))
}

/// `tokens` with every span set to `span`, so that an error in them is reported there.
fn respan(tokens: &TokenStream, span: Span) -> TokenStream {
    tokens
        .clone()
        .into_iter()
        .map(|mut token| {
            token.set_span(span);
            token
        })
        .collect()
}

fn opt<T: quote::ToTokens>(v: Option<T>) -> TokenStream {
    match v {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

/// The nested positions of a member or position, with what they inherit.
struct Nested<'a> {
    item: &'a Position,
    key: &'a Position,
    value: &'a Position,
    /// The parent's timestamp format, which items and values inherit.
    timestamp_format: Option<&'a str>,
    /// The type at this position, when the macro can see it (`Vec<T>` and `HashMap<K, V>`
    /// written out).
    ty: Option<&'a Type>,
    /// For a member's own positions: the member's type and sensitivity, as the positions'
    /// constraints are checked (deeper positions carry wire facts only).
    validated: Option<(&'a Type, bool)>,
}

impl Nested<'_> {
    /// `.with_item(&C)...` for each position that needs a description, defining `C`.
    fn with_calls(&self, prefix: &str, consts: &mut TokenStream) -> TokenStream {
        let (item_ty, value_ty) = self.ty.map(container_parts).unwrap_or_default();
        let mut calls = TokenStream::new();
        let rt = rt();
        let parts = [
            (
                "I",
                "member",
                self.item,
                item_ty.as_ref(),
                quote!(with_item),
                true,
                quote!(Items > ::Item),
            ),
            (
                "K",
                "key",
                self.key,
                None,
                quote!(with_key),
                false,
                quote!(Entries > ::Key),
            ),
            (
                "V",
                "value",
                self.value,
                value_ty.as_ref(),
                quote!(with_value),
                true,
                quote!(Entries > ::Value),
            ),
        ];
        for (suffix, default_name, position, ty, method, inherits, projection) in parts {
            let inherited = if inherits {
                self.timestamp_format
            } else {
                None
            };
            let format = position.timestamp_format.as_deref().or(inherited);
            // A position matters when it says something, or carries an inherited timestamp
            // format into a container that has such a position.
            let validated = self.validated.filter(|_| !position.constraints.is_empty());
            let needed = position.has_wire_facts()
                || (format.is_some() && ty.is_some())
                || validated.is_some();
            if !needed {
                continue;
            }
            let ident = format_ident!("{}_{}", prefix, suffix);
            let mut expr = position_expr(
                position,
                default_name,
                format,
                ty,
                &ident.to_string(),
                consts,
            );
            if let Some((parent, sensitive)) = validated {
                // Errors about the position's type are reported at the member's type.
                let span = Span::call_site().located_at(syn::spanned::Spanned::span(parent));
                let ty = respan(&quote!(<#parent as #rt::assert::#projection), span);
                expr.extend(constraints_call(
                    &position.constraints,
                    &ty,
                    &ident.to_string(),
                    consts,
                ));
                if sensitive {
                    expr.extend(quote!(.sensitive()));
                }
            }
            consts.extend(quote!(const #ident: ::aws_op::__private::Member = #expr;));
            calls.extend(quote!(.#method(&#ident)));
        }
        calls
    }
}

fn position_expr(
    position: &Position,
    default_name: &str,
    format: Option<&str>,
    ty: Option<&Type>,
    prefix: &str,
    consts: &mut TokenStream,
) -> TokenStream {
    let rt = rt();
    let name = position.name.as_deref().unwrap_or(default_name);
    let mut expr = quote!(#rt::Member::new(#name));
    if let Some(format) = format {
        let ts = ts_tokens(format);
        expr.extend(quote!(.with_timestamp_format(#ts)));
    }
    if let Some(ns) = &position.xml_namespace {
        let ident = format_ident!("{}_NS", prefix);
        let ns = namespace_expr(ns);
        consts.extend(quote!(const #ident: #rt::XmlNamespace = #ns;));
        expr.extend(quote!(.with_xml_namespace(&#ident)));
    }
    let empty = Position::default();
    let nested = Nested {
        item: position.item.as_deref().unwrap_or(&empty),
        key: position.key.as_deref().unwrap_or(&empty),
        value: position.value.as_deref().unwrap_or(&empty),
        timestamp_format: format,
        ty,
        validated: None,
    };
    expr.extend(nested.with_calls(prefix, consts));
    if position.flattened {
        expr.extend(quote!(.flattened()));
    }
    expr
}

/// The item type of `Vec<T>` and the value type of `HashMap<K, V>` (through `Option` and
/// `Box`), as written.
fn container_parts(ty: &Type) -> (Option<Type>, Option<Type>) {
    let Type::Path(p) = ty else {
        return (None, None);
    };
    let Some(last) = p.path.segments.last() else {
        return (None, None);
    };
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return (None, None);
    };
    let types: Vec<&Type> = args
        .args
        .iter()
        .filter_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .collect();
    match (last.ident.to_string().as_str(), types.as_slice()) {
        ("Vec", [item]) => (Some((*item).clone()), None),
        ("HashMap" | "BTreeMap", [_, value]) => (None, Some((*value).clone())),
        ("Option" | "Box", [inner]) => container_parts(inner),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::container_parts;

    #[test]
    fn container_parts_see_through_option_and_box() {
        let parts = |s: &str| {
            let (i, v) = container_parts(&syn::parse_str(s).unwrap());
            (i.is_some(), v.is_some())
        };
        assert_eq!(parts("Vec<aws_op::DateTime>"), (true, false));
        assert_eq!(parts("HashMap<String, Vec<i32>>"), (false, true));
        assert_eq!(parts("Option<Box<Vec<String>>>"), (true, false));
        assert_eq!(parts("aws_op::DateTime"), (false, false));
    }
}
