//! The member tables: each member's wire facts and constraints as a `const` `Member`, in
//! schema order (XML attributes first, then model order), plus the constants its nested
//! positions, namespaces and constraints need.

use crate::model::{Binding, Constraints, Member, Position, XmlNamespace};
use crate::paths::{rt, ts_tokens};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{Ident, Type};

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

/// The statics of a structure's or union's table (`__MEMBERS`) and schema (`__SCHEMA`, with
/// the shape's facts), and the expression `const SCHEMA` points at.
pub fn schema_expr(
    name: &str,
    union: bool,
    facts: &ShapeFacts,
    table: &Table,
) -> (TokenStream, TokenStream) {
    let rt = rt();
    let members = &table.members;
    let mut consts = table.consts.clone();
    let count = members.len();
    // Statics, not consts: a const is evaluated again for each generic function that reads
    // it (under that function's bounds), three times per shape; a static once.
    consts.extend(quote! {
        static __MEMBERS: [#rt::Member; #count] = [#(#members),*];
    });
    let kind = if union {
        quote!(#rt::ShapeKind::Union)
    } else {
        quote!(#rt::ShapeKind::Structure)
    };
    let xml_name = opt(facts.xml_name.as_ref());
    let xml_namespace = match &facts.xml_namespace {
        Some(ns) => {
            let ns = namespace_expr(ns);
            consts.extend(quote!(const __SHAPE_NS: #rt::XmlNamespace = #ns;));
            quote!(::core::option::Option::Some(&__SHAPE_NS))
        }
        None => quote!(::core::option::Option::None),
    };
    // A literal, like the members: nothing for the compiler to interpret.
    consts.extend(quote! {
        static __SCHEMA: #rt::Schema = #rt::Schema {
            name: #name,
            kind: #kind,
            xml_name: #xml_name,
            xml_namespace: #xml_namespace,
            members: &__MEMBERS,
        };
    });
    (consts, quote!(&__SCHEMA))
}

fn namespace_expr(ns: &XmlNamespace) -> TokenStream {
    let rt = rt();
    let uri = &ns.uri;
    let prefix = opt(ns.prefix.as_ref());
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
    let prefix = format!("__M{i}");
    let mut member = MemberLiteral::new(&m.wire);
    member.binding = binding_expr(&m.binding);
    member.timestamp_format = m.timestamp_format.as_deref().map(ts_tokens);
    member.ec2_name = m.ec2_name.clone();
    if let Some(ns) = &m.xml_namespace {
        member.xml_namespace = Some(namespace_const(ns, &prefix, consts));
    }
    let inner = &m.inner_ty;
    member.constraints = constraints_const(&m.constraints, &quote!(#inner), &prefix, consts);
    let nested = Nested {
        item: &m.item,
        key: &m.key,
        value: &m.value,
        timestamp_format: m.timestamp_format.as_deref(),
        ty: Some(&m.inner_ty),
        validated: Some((inner, m.sensitive)),
    };
    nested.describe(&prefix, consts, &mut member);
    for (set, flag) in [
        (m.xml_attribute, "XML_ATTRIBUTE"),
        (m.flattened, "FLATTENED"),
        (m.host_label.is_some(), "HOST_LABEL"),
        (m.json_value.is_some(), "JSON_VALUE"),
        (m.required, "REQUIRED"),
        (m.sensitive, "SENSITIVE"),
    ] {
        if set {
            member.flags.push(flag);
        }
    }
    member.to_tokens()
}

/// A `Member` written as a struct literal, which constant evaluation takes as it is, where a
/// chain of `const fn` builder calls is interpreted call by call.
struct MemberLiteral {
    name: String,
    binding: Option<TokenStream>,
    timestamp_format: Option<TokenStream>,
    ec2_name: Option<String>,
    xml_namespace: Option<Ident>,
    item: Option<Ident>,
    key: Option<Ident>,
    value: Option<Ident>,
    constraints: Option<Ident>,
    /// Names of the `member_flag` bits set.
    flags: Vec<&'static str>,
}

impl MemberLiteral {
    fn new(name: &str) -> Self {
        MemberLiteral {
            name: name.to_owned(),
            binding: None,
            timestamp_format: None,
            ec2_name: None,
            xml_namespace: None,
            item: None,
            key: None,
            value: None,
            constraints: None,
            flags: Vec::new(),
        }
    }

    fn to_tokens(&self) -> TokenStream {
        let rt = rt();
        let some_ref = |ident: &Option<Ident>| opt(ident.as_ref().map(|ident| quote!(&#ident)));
        let name = &self.name;
        let binding = match &self.binding {
            Some(binding) => binding.clone(),
            None => quote!(#rt::Binding::Body),
        };
        let timestamp_format = opt(self.timestamp_format.as_ref());
        let ec2_name = opt(self.ec2_name.as_ref());
        let xml_namespace = some_ref(&self.xml_namespace);
        let (item, key, value) = (
            some_ref(&self.item),
            some_ref(&self.key),
            some_ref(&self.value),
        );
        let constraints = match &self.constraints {
            Some(ident) => quote!(&#ident),
            None => quote!(&#rt::Constraints::NONE),
        };
        let flags = if self.flags.is_empty() {
            quote!(0)
        } else {
            let bits = self.flags.iter().map(|flag| {
                let flag = format_ident!("{}", flag);
                quote!(#rt::member_flag::#flag)
            });
            quote!(#(#bits)|*)
        };
        quote!(#rt::Member {
            name: #name,
            binding: #binding,
            timestamp_format: #timestamp_format,
            ec2_name: #ec2_name,
            xml_namespace: #xml_namespace,
            item: #item,
            key: #key,
            value: #value,
            constraints: #constraints,
            flags: #flags,
        })
    }
}

/// Defines `<prefix>_NS` in `consts` for `ns`, and names it.
fn namespace_const(ns: &XmlNamespace, prefix: &str, consts: &mut TokenStream) -> Ident {
    let rt = rt();
    let ident = format_ident!("{}_NS", prefix);
    let ns = namespace_expr(ns);
    consts.extend(quote!(const #ident: #rt::XmlNamespace = #ns;));
    ident
}

/// Defines `<prefix>_C` (and its pattern) in `consts` when `c` checks anything, and names it,
/// with compile-time proof that `ty`, the type at the position, takes each constraint: a
/// `pattern` on a number is an error at the pattern.
fn constraints_const(
    c: &Constraints,
    ty: &TokenStream,
    prefix: &str,
    consts: &mut TokenStream,
) -> Option<Ident> {
    if c.is_empty() {
        return None;
    }
    let rt = rt();
    let ident = format_ident!("{}_C", prefix);
    let (mut min_length, mut max_length) = (opt(None::<u64>), opt(None::<u64>));
    if let Some((min, max)) = c.length {
        (min_length, max_length) = (opt(min.as_ref()), opt(max.as_ref()));
        consts.extend(quote!(const _: fn() = #rt::assert::length::<#ty>;));
    }
    let mut pattern = quote!(::core::option::Option::None);
    if let Some(check) = &c.pattern {
        if let Some(program) = check.to_tokens() {
            let pattern_ident = format_ident!("{}_P", prefix);
            consts.extend(quote!(const #pattern_ident: #rt::Pattern = #program;));
            pattern = quote!(::core::option::Option::Some(&#pattern_ident));
            // Reported at the pattern; names keep the call site's hygiene (the literal may
            // come from a `macro_rules!`).
            let span = Span::call_site().located_at(check.source.span());
            let ty = respan(ty, span);
            consts.extend(quote_spanned!(span=> const _: fn() = #rt::assert::text::<#ty>;));
        }
    }
    let (mut min, mut max) = (opt(None::<f64>), opt(None::<f64>));
    if let Some((low, high)) = c.range {
        (min, max) = (opt(low.as_ref()), opt(high.as_ref()));
        consts.extend(quote!(const _: fn() = #rt::assert::range::<#ty>;));
    }
    consts.extend(quote!(const #ident: #rt::Constraints = #rt::Constraints {
        min_length: #min_length,
        max_length: #max_length,
        pattern: #pattern,
        min: #min,
        max: #max,
    };));
    Some(ident)
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

/// `Some(v)` or `None` as tokens.
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
    /// Describes in `member` each position that needs a description, defining it as a
    /// constant in `consts`.
    fn describe(&self, prefix: &str, consts: &mut TokenStream, member: &mut MemberLiteral) {
        let (item_ty, value_ty) = self.ty.map(container_parts).unwrap_or_default();
        let rt = rt();
        let parts = [
            (
                "I",
                "member",
                self.item,
                item_ty.as_ref(),
                &mut member.item,
                true,
                quote!(Items > ::Item),
            ),
            (
                "K",
                "key",
                self.key,
                None,
                &mut member.key,
                false,
                quote!(Entries > ::Key),
            ),
            (
                "V",
                "value",
                self.value,
                value_ty.as_ref(),
                &mut member.value,
                true,
                quote!(Entries > ::Value),
            ),
        ];
        for (suffix, default_name, position, ty, slot, inherits, projection) in parts {
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
            let mut literal = position_literal(
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
                literal.constraints =
                    constraints_const(&position.constraints, &ty, &ident.to_string(), consts);
                if sensitive {
                    literal.flags.push("SENSITIVE");
                }
            }
            let expr = literal.to_tokens();
            consts.extend(quote!(const #ident: #rt::Member = #expr;));
            *slot = Some(ident);
        }
    }
}

fn position_literal(
    position: &Position,
    default_name: &str,
    format: Option<&str>,
    ty: Option<&Type>,
    prefix: &str,
    consts: &mut TokenStream,
) -> MemberLiteral {
    let mut literal = MemberLiteral::new(position.name.as_deref().unwrap_or(default_name));
    literal.timestamp_format = format.map(ts_tokens);
    if let Some(ns) = &position.xml_namespace {
        literal.xml_namespace = Some(namespace_const(ns, prefix, consts));
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
    nested.describe(prefix, consts, &mut literal);
    if position.flattened {
        literal.flags.push("FLATTENED");
    }
    literal
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
