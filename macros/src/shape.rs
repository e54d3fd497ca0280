//! `#[aws_shape]`: structures (outputs and nested shapes), string enums and unions.

use crate::attrs;
use crate::diag::Diagnostics;
use crate::model::{Binding, Member};
use crate::paths::rt;
use crate::schema::ShapeFacts;
use proc_macro2::TokenStream;
use quote::quote;

/// Options of `#[aws_shape(...)]`.
#[derive(Default)]
pub struct ShapeOptions {
    pub sensitive: bool,
    pub facts: ShapeFacts,
    /// `event_stream` or `event_stream(errors = E)`: the enum is the union of a stream's
    /// events.
    pub event_stream: Option<EventStreamOption>,
}

/// `event_stream(errors = E)`: where it was written, and the error enum of the stream's
/// exception events.
pub struct EventStreamOption {
    pub span: proc_macro2::Span,
    pub errors: Option<syn::Path>,
}

const SHAPE_KEYS: &[&str] = &["sensitive", "xml_name", "xml_namespace", "event_stream"];

pub fn parse_options(args: TokenStream, diag: &mut Diagnostics) -> ShapeOptions {
    let mut opts = ShapeOptions::default();
    for meta in attrs::parse_list(args, diag) {
        if parse_shape_fact(&meta, &mut opts.facts, diag) {
            continue;
        }
        match attrs::key_of(&meta).as_str() {
            "sensitive" => opts.sensitive = attrs::flag(&meta, diag),
            "event_stream" => opts.event_stream = Some(parse_event_stream(&meta, diag)),
            _ => {
                attrs::unknown(&meta, "aws_shape option", SHAPE_KEYS, diag);
            }
        }
    }
    opts
}

/// `event_stream` alone, or `event_stream(errors = E)`.
fn parse_event_stream(meta: &syn::Meta, diag: &mut Diagnostics) -> EventStreamOption {
    use syn::spanned::Spanned;
    let mut option = EventStreamOption {
        span: meta.path().span(),
        errors: None,
    };
    if let syn::Meta::Path(_) = meta {
        return option;
    }
    for inner in attrs::nested(meta, diag) {
        match attrs::key_of(&inner).as_str() {
            "errors" => option.errors = attrs::path(&inner, diag),
            _ => {
                attrs::unknown(&inner, "event_stream key", &["errors"], diag);
            }
        }
    }
    option
}

/// Reads `xml_name = "..."` or `xml_namespace(...)` into `facts`; `false` for other keys.
pub fn parse_shape_fact(meta: &syn::Meta, facts: &mut ShapeFacts, diag: &mut Diagnostics) -> bool {
    match attrs::key_of(meta).as_str() {
        "xml_name" => {
            if let Some(s) = attrs::string(meta, diag) {
                if s.value().is_empty() {
                    diag.error_at(&s, "an XML element name cannot be empty");
                }
                facts.xml_name = Some(s.value());
            }
            true
        }
        "xml_namespace" => {
            facts.xml_namespace = crate::model::parse_xml_namespace(meta, diag);
            true
        }
        _ => false,
    }
}

/// Entry point: dispatches on the item kind.
pub fn expand(args: TokenStream, item: syn::Item, diag: &mut Diagnostics) -> TokenStream {
    let opts = parse_options(args, diag);
    match item {
        syn::Item::Struct(s) => {
            if let Some(stream) = &opts.event_stream {
                diag.error(
                    stream.span,
                    "`event_stream` marks the union of a stream's events: put it on an enum whose \
                     variants hold the event structures",
                );
            }
            let (item, members) = parse_struct(s, diag);
            check_output_bindings(&members, "a shape", diag);
            if !diag.is_empty() {
                let stubs = crate::stubs::shape_struct(&item, &members);
                return quote!(#item #stubs);
            }
            let code = expand_struct(&item, &members, opts.sensitive, &opts.facts);
            quote!(#item #code)
        }
        syn::Item::Enum(e) => crate::enums::expand(e, &opts, diag),
        other => {
            diag.error_at(&other, "#[aws_shape] goes on a struct or an enum");
            quote!(#other)
        }
    }
}

/// Reads the members of a struct with named fields, stripping `#[aws]` attributes.
pub fn parse_struct(
    mut item: syn::ItemStruct,
    diag: &mut Diagnostics,
) -> (syn::ItemStruct, Vec<Member>) {
    attrs::reject_derived_debug(&item.attrs, diag);
    if !item.generics.params.is_empty() {
        diag.error_at(&item.generics, "annotated structs cannot be generic");
    }
    let mut members = Vec::new();
    match &mut item.fields {
        syn::Fields::Named(named) => {
            for field in named.named.iter_mut() {
                if let Some(m) = Member::parse(field, diag) {
                    members.push(m);
                }
            }
        }
        syn::Fields::Unit => {}
        other => diag.error_at(other, "use named fields: each member needs a name"),
    }
    (item, members)
}

/// Outputs, errors and nested shapes bind body, header, prefix_headers, payload, status_code;
/// events also bind event_header; outputs also have an event_stream.
pub fn check_output_bindings(members: &[Member], what: &str, diag: &mut Diagnostics) {
    let mut payload = None;
    let mut stream: Option<&Member> = None;
    for m in members {
        if let Some(span) = m.idempotency_token {
            diag.error(
                span,
                format!("`idempotency_token` belongs on an operation input, not on {what}"),
            );
        }
        if let Some(name) = &m.context_param {
            diag.error_at(
                name,
                format!("`context_param` belongs on an operation input, not on {what}"),
            );
        }
        match &m.binding {
            Binding::Label { .. } | Binding::Query(_) | Binding::QueryMap => diag.error(
                m.binding_span,
                format!(
                    "binding location `{}` does not exist on {what}: outputs and shapes bind the \
                     body (default), `header`, `prefix_headers`, `payload`, `status_code`, \
                     `event_header` (events) or `event_stream` (outputs)",
                    m.binding.key()
                ),
            ),
            Binding::Payload => {
                if payload.is_some() {
                    diag.error(m.binding_span, "only one member can be the `payload`");
                }
                payload = Some(m);
            }
            Binding::EventStream => check_event_stream(m, &mut stream, what, diag),
            _ => {}
        }
    }
    check_stream_and_payload(stream, payload.map(|p| p.binding_span), diag);
    if payload.is_some() {
        for m in members.iter().filter(|m| m.binding == Binding::Body) {
            diag.error(
                m.ident.span(),
                format!(
                    "`{}` would go in the body, but another member is the `payload`; bind it to \
                     a header or remove `payload`",
                    m.ident
                ),
            );
        }
    }
}

/// One `event_stream` member per structure, and none in an error.
pub fn check_event_stream<'m>(
    m: &'m Member,
    stream: &mut Option<&'m Member>,
    what: &str,
    diag: &mut Diagnostics,
) {
    if what == "an error" {
        diag.error(
            m.binding_span,
            "an error has no event stream: `event_stream` belongs on an operation's input or \
             output",
        );
    }
    if let Some(first) = stream {
        diag.error(
            m.binding_span,
            format!(
                "a second `event_stream`: `{}` already is this structure's event stream",
                first.ident
            ),
        );
    } else {
        *stream = Some(m);
    }
}

/// The event stream is the body: a `payload` cannot be too.
pub fn check_stream_and_payload(
    stream: Option<&Member>,
    payload: Option<proc_macro2::Span>,
    diag: &mut Diagnostics,
) {
    if let (Some(stream), Some(payload)) = (stream, payload) {
        diag.error(
            payload,
            format!(
                "`payload` conflicts with the event stream `{}`: the stream is the body",
                stream.ident
            ),
        );
    }
}

/// The impls of a structure shape: its table and member visits, validation, `Debug`, builder.
pub fn expand_struct(
    item: &syn::ItemStruct,
    members: &[Member],
    sensitive: bool,
    facts: &ShapeFacts,
) -> TokenStream {
    let rt = rt();
    let name = &item.ident;
    let shape = shape_impl(name, members, facts, false);
    let debug = crate::debug::debug_struct(name, members, sensitive);
    let builder = crate::builder::builder(name, &item.vis, members);
    quote! {
        #debug
        #builder
        const _: () = {
            #shape
            #rt::__impl_shape_value!(#name);
        };
    }
}

/// The `Shape` and `Validate` impls of a structure (and the constants its table needs), for
/// shapes, operation inputs (`input`) and errors alike.
pub fn shape_impl(
    name: &syn::Ident,
    members: &[Member],
    facts: &ShapeFacts,
    input: bool,
) -> TokenStream {
    let all: Vec<&Member> = members.iter().collect();
    let table = crate::schema::table(&all);
    let (consts, schema) = crate::schema::schema_expr(&name.to_string(), false, facts, &table);
    let encode = crate::visit::encode_struct(&all, &table.index);
    let decode = crate::visit::decode_struct(&all, &table.index, input);
    let streaming = streaming_payload(members)
        .map(|streaming| quote!(const STREAMING_PAYLOAD: bool = #streaming;));
    let shape = impl_shape(name, consts, schema, encode, decode, streaming);
    let validate = crate::validation::validate_members(&all, &table.index);
    let rt = rt();
    quote! {
        #shape

        impl #rt::Validate for #name {
            #[inline]
            fn validate(&self, __v: &mut #rt::Validator, __path: &#rt::Path<'_>, _: &'static #rt::Member) {
                #validate
            }
        }
    }
}

/// Whether the payload member's type streams (`Body`, `ByteStream`), as a constant expression;
/// `None` without a payload member.
fn streaming_payload(members: &[Member]) -> Option<TokenStream> {
    let rt = rt();
    let payload = members.iter().find(|m| m.binding == Binding::Payload)?;
    let inner = &payload.inner_ty;
    Some(quote! {
        ::core::matches!(<#inner as #rt::Payload>::KIND, #rt::PayloadKind::Stream)
    })
}

/// `impl Shape` from its parts: the table's constants, the schema expression, the bodies of
/// the two visits and, for a shape with a payload member, whether it streams.
pub fn impl_shape(
    name: &syn::Ident,
    consts: TokenStream,
    schema: TokenStream,
    encode: TokenStream,
    decode: TokenStream,
    streaming: Option<TokenStream>,
) -> TokenStream {
    let rt = rt();
    quote! {
        #consts
        impl #rt::Shape for #name {
            const SCHEMA: &'static #rt::Schema = #schema;
            #streaming

            #[inline]
            fn encode_members<__E: #rt::Encoder>(&self, __e: &mut __E) {
                #encode
            }

            #[inline]
            fn decode_members<__D: #rt::StructDecoder>(__d: &mut __D) -> ::core::result::Result<Self, #rt::DecodeError> {
                #decode
            }
        }
    }
}
