//! `#[aws_shape]`: structures (outputs and nested shapes), string enums and unions.

use crate::attrs;
use crate::diag::Diagnostics;
use crate::member_code::{self, rt};
use crate::model::{Binding, Member};
use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;

/// Options of `#[aws_shape(...)]`.
#[derive(Default)]
pub struct ShapeOptions {
    pub sensitive: bool,
}

const SHAPE_KEYS: &[&str] = &["sensitive"];

pub fn parse_options(args: TokenStream, diag: &mut Diagnostics) -> ShapeOptions {
    let mut opts = ShapeOptions::default();
    for meta in attrs::parse_list(args, diag) {
        match attrs::key_of(&meta).as_str() {
            "sensitive" => opts.sensitive = attrs::flag(&meta, diag),
            _ => {
                attrs::unknown(&meta, "aws_shape option", SHAPE_KEYS, diag);
            }
        }
    }
    opts
}

/// Entry point: dispatches on the item kind.
pub fn expand(args: TokenStream, item: syn::Item, diag: &mut Diagnostics) -> TokenStream {
    let opts = parse_options(args, diag);
    match item {
        syn::Item::Struct(s) => {
            let (item, members) = parse_struct(s, diag);
            check_output_bindings(&members, "a shape", diag);
            if !diag.is_empty() {
                let stubs = crate::stubs::shape_struct(&item, &members);
                return quote!(#item #stubs);
            }
            let code = expand_struct(&item, &members, opts.sensitive);
            quote!(#item #code)
        }
        syn::Item::Enum(e) => crate::enums::expand(e, opts.sensitive, diag),
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

/// Outputs, errors and nested shapes bind body, header, prefix_headers, payload, status_code.
pub fn check_output_bindings(members: &[Member], what: &str, diag: &mut Diagnostics) {
    let mut payload = None;
    for m in members {
        if let Some(span) = m.idempotency_token {
            diag.error(
                span,
                format!("`idempotency_token` belongs on an operation input, not on {what}"),
            );
        }
        match &m.binding {
            Binding::Label { .. } | Binding::Query(_) | Binding::QueryMap => diag.error(
                m.binding_span,
                format!(
                    "binding location `{}` does not exist on {what}: outputs and shapes bind the \
                     body (default), `header`, `prefix_headers`, `payload` or `status_code`",
                    m.binding.key()
                ),
            ),
            Binding::Payload => {
                if payload.is_some() {
                    diag.error(m.binding_span, "only one member can be the `payload`");
                }
                payload = Some(m);
            }
            _ => {}
        }
    }
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

/// The impls of a structure shape: JSON, response reading, validation, `Debug`, builder.
pub fn expand_struct(item: &syn::ItemStruct, members: &[Member], sensitive: bool) -> TokenStream {
    let rt = rt();
    let name = &item.ident;
    let all: Vec<&Member> = members.iter().collect();
    let body: Vec<&Member> = members
        .iter()
        .filter(|m| m.binding == Binding::Body)
        .collect();
    let http: Vec<&Member> = members
        .iter()
        .filter(|m| m.binding != Binding::Body)
        .collect();
    let write = member_code::write_json_object(&body);
    let read_all_json = member_code::read_json_members(&all);
    let construct = member_code::construct(&all);
    let read_body = member_code::read_json_members(&body);
    let read_http = member_code::read_http_members(&http);
    let validate = member_code::validate_members(&all);
    let debug = member_code::debug_struct(name, members, sensitive);
    let builder = member_code::builder(name, &item.vis, members);
    let payload_impl = if http.iter().any(|m| m.binding == Binding::Payload) {
        quote!()
    } else {
        quote! {
            impl #rt::Payload for #name {
                const CONTENT_TYPE: &'static str = "application/json";
                const UNSET_BODY: ::core::option::Option<&'static [u8]> = ::core::option::Option::Some(b"{}");
                #[inline]
                fn to_payload(&self) -> ::std::vec::Vec<u8> {
                    let mut __w = #rt::JsonWriter::new();
                    #rt::ToJson::write_json(self, &mut __w, #rt::TimestampFormat::EpochSeconds);
                    __w.finish().into_bytes()
                }
                #[inline]
                fn from_payload(__body: &[u8]) -> ::core::result::Result<::core::option::Option<Self>, #rt::DecodeError> {
                    if __body.iter().all(u8::is_ascii_whitespace) {
                        return ::core::result::Result::Ok(::core::option::Option::None);
                    }
                    // One reader per shape: the JSON one.
                    <Self as #rt::FromJsonObject>::from_json_object(&#rt::parse_object_body(__body)?)
                        .map(::core::option::Option::Some)
                }
            }
        }
    };
    // A shape with only body members reads a response as its JSON body, through the JSON
    // reader: half the generated code for most shapes. A shape with a JSON body reads it from
    // an object parsed once, which the client passes on the error path.
    let read_http_and_body = quote! {
        let __status: u16 = __msg.status;
        let (__headers, __body) = (&__msg.headers[..], &__msg.body[..]);
        let _ = (__status, __headers, __body);
        #read_body
        #read_http
        ::core::result::Result::Ok(#construct)
    };
    let from_response = if http.is_empty() {
        quote! {
            #[inline]
            fn from_response(__msg: &#rt::HttpResponse) -> ::core::result::Result<Self, #rt::DecodeError> {
                <Self as #rt::FromJsonObject>::from_json_object(&#rt::parse_object_body(&__msg.body)?)
            }
            #[inline]
            fn from_parsed_response(
                _: &#rt::HttpResponse,
                __obj: &#rt::serde_json::Map<::std::string::String, #rt::serde_json::Value>,
            ) -> ::core::result::Result<Self, #rt::DecodeError> {
                <Self as #rt::FromJsonObject>::from_json_object(__obj)
            }
        }
    } else if body.is_empty() {
        quote! {
            #[inline]
            fn from_response(__msg: &#rt::HttpResponse) -> ::core::result::Result<Self, #rt::DecodeError> {
                #read_http_and_body
            }
        }
    } else {
        quote! {
            #[inline]
            fn from_response(__msg: &#rt::HttpResponse) -> ::core::result::Result<Self, #rt::DecodeError> {
                <Self as #rt::FromResponse>::from_parsed_response(__msg, &#rt::parse_object_body(&__msg.body)?)
            }
            #[inline]
            fn from_parsed_response(
                __msg: &#rt::HttpResponse,
                __obj: &#rt::serde_json::Map<::std::string::String, #rt::serde_json::Value>,
            ) -> ::core::result::Result<Self, #rt::DecodeError> {
                #read_http_and_body
            }
        }
    };
    let _ = item.span();
    quote! {
        #debug
        #builder
        const _: () = {
            impl #rt::ToJson for #name {
                #[inline]
                fn write_json(&self, __w: &mut #rt::JsonWriter, _: #rt::TimestampFormat) {
                    #write
                }
            }

            impl #rt::FromJson for #name {
                #[inline]
                fn from_json(__value: &#rt::serde_json::Value, _: #rt::TimestampFormat) -> ::core::result::Result<Self, #rt::DecodeError> {
                    match __value.as_object() {
                        ::core::option::Option::Some(__obj) => <Self as #rt::FromJsonObject>::from_json_object(__obj),
                        ::core::option::Option::None => ::core::result::Result::Err(#rt::DecodeError::expected("an object", __value)),
                    }
                }
            }

            impl #rt::FromJsonObject for #name {
                #[inline]
                fn from_json_object(__obj: &#rt::serde_json::Map<::std::string::String, #rt::serde_json::Value>) -> ::core::result::Result<Self, #rt::DecodeError> {
                    #read_all_json
                    ::core::result::Result::Ok(#construct)
                }
            }

            impl #rt::FromResponse for #name {
                #from_response
            }

            impl #rt::Validate for #name {
                #[inline]
                fn validate(&self, __v: &mut #rt::Validator, __path: &#rt::Path<'_>) {
                    let _ = (&__v, &__path);
                    #validate
                }
            }

            #payload_impl
        };
    }
}
