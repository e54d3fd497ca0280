//! `#[aws_shape]` on enums: open string enums (unit variants) and unions (one-field variants).
//!
//! Both get an `Unknown(String)` variant: a value or union member the definition does not know
//! is kept, not rejected, so a service adding a value never breaks parsing.

use crate::attrs;
use crate::diag::Diagnostics;
use crate::model::{Binding, Member};
use crate::paths::rt;
use crate::shape::ShapeOptions;
use crate::visit::UnionVariant;
use proc_macro2::TokenStream;
use quote::quote;

struct Variant {
    ident: syn::Ident,
    wire: String,
    ty: Option<syn::Type>,
    /// A union member, described like a structure member.
    member: Option<Member>,
}

const VARIANT_KEYS: &[&str] = &["name", "sensitive", "timestamp_format"];

pub fn expand(mut item: syn::ItemEnum, opts: &ShapeOptions, diag: &mut Diagnostics) -> TokenStream {
    attrs::reject_derived_debug(&item.attrs, diag);
    if !item.generics.params.is_empty() {
        diag.error_at(&item.generics, "annotated enums cannot be generic");
    }
    let sensitive = opts.sensitive;
    let mut variants = Vec::new();
    for v in item.variants.iter_mut() {
        if v.ident == "Unknown" {
            diag.error(
                v.ident.span(),
                "`Unknown` is added by #[aws_shape] (it holds values the definition does not know); \
                 rename this variant and give it `#[aws(name = \"Unknown\")]`",
            );
        }
        if let Some((_, d)) = &v.discriminant {
            diag.error_at(
                d,
                "enum values are strings: use `#[aws(name = \"...\")]`, not a discriminant",
            );
        }
        let variant = match &v.fields {
            syn::Fields::Unit => string_variant(v, diag),
            syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => union_variant(v, diag),
            other => {
                diag.error_at(
                    other,
                    "a variant is either a unit (string enum value) or holds one value (union member)",
                );
                continue;
            }
        };
        variants.push(variant);
    }
    let is_union = variants.iter().any(|v| v.ty.is_some());
    if let Some(stream) = &opts.event_stream {
        if !is_union {
            diag.error(
                stream.span,
                "an event-stream union holds events: give each variant its event structure, \
                 `MessageStart(MessageStartEvent)`",
            );
        }
    }
    if is_union && variants.iter().any(|v| v.ty.is_none()) {
        diag.error(
            item.ident.span(),
            "mixing unit variants and one-value variants: an enum is either a string enum or a union",
        );
    }
    let mut seen = std::collections::HashSet::new();
    for v in &variants {
        if !seen.insert(v.wire.clone()) {
            diag.error(
                v.ident.span(),
                format!("wire value `{}` is used twice", v.wire),
            );
        }
    }
    let unknown_doc = if is_union {
        "A union member this definition does not know; holds its name."
    } else {
        "A value this definition does not know (enums are open); holds the value as received."
    };
    item.variants.push(syn::parse_quote! {
        #[doc = #unknown_doc]
        Unknown(::std::string::String)
    });
    if !diag.is_empty() {
        let stubs = match &opts.event_stream {
            Some(stream) => crate::stubs::event_union(&item, stream.errors.as_ref()),
            None => crate::stubs::shape_enum(&item),
        };
        return quote!(#item #stubs);
    }
    let code = if let Some(stream) = &opts.event_stream {
        expand_event_union(&item, &variants, opts, stream.errors.as_ref())
    } else if is_union {
        expand_union(&item, &variants, opts)
    } else {
        expand_string_enum(&item, &variants, sensitive)
    };
    quote!(#item #code)
}

/// A unit variant: a string enum value, `#[aws(name = "...")]` to rename it.
fn string_variant(v: &mut syn::Variant, diag: &mut Diagnostics) -> Variant {
    let mut wire = v.ident.to_string();
    for meta in attrs::take_aws_attrs(&mut v.attrs, diag) {
        match attrs::key_of(&meta).as_str() {
            "name" => {
                if let Some(s) = attrs::string(&meta, diag) {
                    wire = s.value();
                }
            }
            // Accepted on any variant; they only matter on union members.
            "timestamp_format" => {
                crate::model::timestamp_format(&meta, diag);
            }
            "sensitive" => {
                attrs::flag(&meta, diag);
            }
            _ => {
                attrs::unknown(&meta, "variant attribute key", VARIANT_KEYS, diag);
            }
        }
    }
    Variant {
        ident: v.ident.clone(),
        wire,
        ty: None,
        member: None,
    }
}

/// A one-value variant: a union member, with the attributes of a structure member (its wire
/// name defaults to the variant's name as written).
fn union_variant(v: &mut syn::Variant, diag: &mut Diagnostics) -> Variant {
    let syn::Fields::Unnamed(fields) = &v.fields else {
        unreachable!("checked by the caller");
    };
    let ty = fields.unnamed[0].ty.clone();
    let attrs = std::mem::take(&mut v.attrs);
    let ident = &v.ident;
    let named: syn::FieldsNamed = syn::parse_quote!({ #(#attrs)* #ident: #ty });
    let mut field = named
        .named
        .into_iter()
        .next()
        .expect("one field was written");
    let member = Member::parse_named(&mut field, v.ident.to_string(), diag);
    v.attrs = field.attrs;
    if let Some(m) = &member {
        if m.binding != Binding::Body {
            diag.error(
                m.binding_span,
                format!(
                    "a union member is in the body: `{}` does not apply",
                    m.binding.key()
                ),
            );
        }
        let context_param = m.context_param.as_ref().map(syn::LitStr::span);
        if let Some(span) = m
            .idempotency_token
            .or(m.host_label)
            .or(m.json_value)
            .or(context_param)
        {
            diag.error(
                span,
                "this key applies to structure members, not union members",
            );
        }
    }
    Variant {
        ident: v.ident.clone(),
        wire: member
            .as_ref()
            .map_or_else(|| v.ident.to_string(), |m| m.wire.clone()),
        ty: Some(ty),
        member,
    }
}

fn expand_string_enum(item: &syn::ItemEnum, variants: &[Variant], sensitive: bool) -> TokenStream {
    let rt = rt();
    let name = &item.ident;
    let idents: Vec<&syn::Ident> = variants.iter().map(|v| &v.ident).collect();
    let wires: Vec<&String> = variants.iter().map(|v| &v.wire).collect();
    let debug_body = if sensitive {
        quote!(::core::fmt::Debug::fmt(&#rt::Redacted, __f))
    } else {
        quote!(__f.write_str(self.as_str()))
    };
    quote! {
        impl #name {
            /// Every value the definition knows, in model order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #wires,)*
                    Self::Unknown(__s) => __s.as_str(),
                }
            }

            /// Whether this is a value the definition does not know.
            #[inline]
            pub fn is_unknown(&self) -> bool {
                ::core::matches!(self, Self::Unknown(_))
            }
        }

        impl ::core::convert::From<&str> for #name {
            #[inline]
            fn from(__s: &str) -> Self {
                match __s {
                    #(#wires => Self::#idents,)*
                    __other => Self::Unknown(__other.to_owned()),
                }
            }
        }

        impl ::core::convert::From<::std::string::String> for #name {
            #[inline]
            fn from(__s: ::std::string::String) -> Self {
                <Self as ::core::convert::From<&str>>::from(&__s)
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = ::core::convert::Infallible;
            #[inline]
            fn from_str(__s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(<Self as ::core::convert::From<&str>>::from(__s))
            }
        }

        impl ::core::convert::AsRef<str> for #name {
            #[inline]
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::core::fmt::Display for #name {
            #[inline]
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                __f.write_str(self.as_str())
            }
        }

        impl ::core::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #debug_body
            }
        }

        const _: () = {
            impl #rt::Encode for #name {
                #[inline]
                fn encode<__E: #rt::Encoder>(&self, __e: &mut __E, __m: &'static #rt::Member) {
                    #rt::Encoder::string(__e, __m, self.as_str());
                }
            }

            impl #rt::Decode for #name {
                #[inline]
                fn decode<__D: #rt::ValueDecoder>(__d: __D, __m: &'static #rt::Member) -> ::core::result::Result<Self, #rt::DecodeError> {
                    #rt::ValueDecoder::string(__d, __m).map(<Self as ::core::convert::From<::std::string::String>>::from)
                }
            }

            impl #rt::HttpText for #name {
                #[inline]
                fn to_http_text(&self, _: #rt::TimestampFormat) -> ::std::string::String {
                    self.as_str().to_owned()
                }
                #[inline]
                fn from_http_text(__t: &str, _: #rt::TimestampFormat) -> ::core::result::Result<Self, #rt::DecodeError> {
                    ::core::result::Result::Ok(<Self as ::core::convert::From<&str>>::from(__t))
                }
                const HEADER_LIST_KIND: #rt::HeaderListKind = #rt::HeaderListKind::Quoted;
            }

            #rt::__impl_scalar_bindings!(#name);

            // An enum in an event header travels as its text.
            impl #rt::EventHeaderValue for #name {
                #[inline]
                fn to_header_value(&self) -> #rt::HeaderValue {
                    <::std::string::String as #rt::EventHeaderValue>::to_header_value(&self.as_str().to_owned())
                }
                #[inline]
                fn from_header_value(__h: &#rt::HeaderValue) -> ::core::result::Result<Self, #rt::DecodeError> {
                    <::std::string::String as #rt::EventHeaderValue>::from_header_value(__h)
                        .map(<Self as ::core::convert::From<::std::string::String>>::from)
                }
            }

            // An enum bound to the whole body travels as its text, like a string payload.
            impl #rt::Payload for #name {
                const KIND: #rt::PayloadKind = #rt::PayloadKind::Text;
                #[inline]
                fn raw_bytes(&self) -> ::core::option::Option<&[u8]> {
                    ::core::option::Option::Some(self.as_str().as_bytes())
                }
                #[inline]
                fn from_raw_bytes(__body: &[u8]) -> ::core::result::Result<Self, #rt::DecodeError> {
                    <::std::string::String as #rt::Payload>::from_raw_bytes(__body)
                        .map(<Self as ::core::convert::From<::std::string::String>>::from)
                }
            }

            impl #rt::Validate for #name {
                #[inline]
                fn validate(&self, __v: &mut #rt::Validator, __path: &#rt::Path<'_>, __member: &'static #rt::Member) {
                    __v.text(__path, self.as_str(), __member);
                    __v.known_enum(__path, self.as_str(), Self::VALUES, !self.is_unknown());
                }
            }
        };
    }
}

fn expand_union(item: &syn::ItemEnum, variants: &[Variant], opts: &ShapeOptions) -> TokenStream {
    let rt = rt();
    let name = &item.ident;
    let members: Vec<&Member> = variants.iter().filter_map(|v| v.member.as_ref()).collect();
    let table = crate::schema::table(&members);
    let (consts, schema) = crate::schema::schema_expr(&name.to_string(), true, &opts.facts, &table);
    let union_variants: Vec<UnionVariant<'_>> = members
        .iter()
        .zip(&table.index)
        .map(|(m, &index)| UnionVariant {
            ident: &m.ident,
            ty: &m.ty,
            index,
        })
        .collect();
    let shape = crate::shape::impl_shape(
        name,
        consts,
        schema,
        crate::visit::encode_union(&union_variants),
        crate::visit::decode_union(&union_variants),
        None,
    );
    let debug = union_debug(name, &members, opts.sensitive);
    let validate = union_validate(name, variants, &members, &table.index);
    quote! {
        #debug

        const _: () = {
            #shape
            #rt::__impl_shape_value!(#name);
            #validate
        };
    }
}

/// An event-stream union: its table, and the two visits through which it meets a protocol's
/// event codec (it is no document value, so it has no `Shape`).
fn expand_event_union(
    item: &syn::ItemEnum,
    variants: &[Variant],
    opts: &ShapeOptions,
    errors: Option<&syn::Path>,
) -> TokenStream {
    let rt = rt();
    let name = &item.ident;
    let members: Vec<&Member> = variants.iter().filter_map(|v| v.member.as_ref()).collect();
    let table = crate::schema::table(&members);
    let (consts, schema) = crate::schema::schema_expr(&name.to_string(), true, &opts.facts, &table);
    let errors = match errors {
        Some(path) => quote!(#path),
        None => quote!(#rt::UnhandledError),
    };
    let decode_arms = members.iter().zip(&table.index).map(|(m, &k)| {
        let ident = &m.ident;
        let ty = &m.ty;
        quote! {
            #rt::UnionMember::Known(#k) => Self::#ident(#rt::EventDecoder::event::<#ty>(__d, &__m[#k])?),
        }
    });
    let encode_arms = members.iter().zip(&table.index).map(|(m, &k)| {
        let ident = &m.ident;
        quote!(Self::#ident(__x) => #rt::EventEncoder::event(__e, &__m[#k], __x),)
    });
    let debug = union_debug(name, &members, opts.sensitive);
    let validate = union_validate(name, variants, &members, &table.index);
    quote! {
        #debug

        const _: () = {
            #consts
            impl #rt::EventUnion for #name {
                const SCHEMA: &'static #rt::Schema = #schema;
                type Error = #errors;

                #[inline]
                fn decode_event<__D: #rt::EventDecoder>(__d: &mut __D) -> ::core::result::Result<Self, #rt::DecodeError> {
                    let __m: &'static [#rt::Member] = &__MEMBERS;
                    ::core::result::Result::Ok(match #rt::EventDecoder::event_type(__d, &__SCHEMA)? {
                        #(#decode_arms)*
                        #rt::UnionMember::Known(_) => {
                            return ::core::result::Result::Err(#rt::DecodeError::new("an event outside the schema"));
                        }
                        #rt::UnionMember::Unknown(__name) => Self::Unknown(__name),
                    })
                }

                #[inline]
                fn encode_event<__E: #rt::EventEncoder>(&self, __e: &mut __E) {
                    let __m: &'static [#rt::Member] = &__MEMBERS;
                    match self {
                        #(#encode_arms)*
                        // Validation refuses an unknown event before it is sent.
                        Self::Unknown(_) => {}
                    }
                }
            }
            #validate
        };
    }
}

/// `Debug` of a union: the member set, redacted when it or the whole shape is sensitive.
fn union_debug(name: &syn::Ident, members: &[&Member], sensitive: bool) -> TokenStream {
    let rt = rt();
    let debugs = members.iter().map(|m| {
        let ident = &m.ident;
        let shown = ident.to_string();
        if m.sensitive || sensitive {
            quote!(Self::#ident(_) => __f.debug_tuple(#shown).field(&#rt::Redacted).finish(),)
        } else {
            quote!(Self::#ident(__x) => __f.debug_tuple(#shown).field(__x).finish(),)
        }
    });
    quote! {
        impl ::core::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    #(#debugs)*
                    Self::Unknown(__m) => __f.debug_tuple("Unknown").field(__m).finish(),
                }
            }
        }
    }
}

/// `Validate` of a union: the member that is set, described by its entry (`index`) in the
/// union's table; an unknown member is an enum violation.
fn union_validate(
    name: &syn::Ident,
    variants: &[Variant],
    members: &[&Member],
    index: &[usize],
) -> TokenStream {
    let rt = rt();
    let validates = members.iter().zip(index).map(|(m, k)| {
        let ident = &m.ident;
        quote! {
            Self::#ident(__x) => __v.member(__x, &__m[#k], __path),
        }
    });
    let known: Vec<&String> = variants.iter().map(|v| &v.wire).collect();
    quote! {
        impl #rt::Validate for #name {
            #[inline]
            fn validate(&self, __v: &mut #rt::Validator, __path: &#rt::Path<'_>, _: &'static #rt::Member) {
                let __m: &'static [#rt::Member] = &__MEMBERS;
                match self {
                    #(#validates)*
                    Self::Unknown(__x) => __v.known_enum(__path, __x, &[#(#known),*], false),
                }
            }
        }
    }
}
