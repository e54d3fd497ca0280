//! What an item with errors still gets: its builder and stub impls, so that code using it does
//! not add follow-up errors ("no function `builder`", "trait bound not satisfied") to the real
//! one. The stubs never run: the crate does not compile while the item has errors.

use crate::member_code::{self, rt};
use crate::model::Member;
use proc_macro2::TokenStream;
use quote::quote;

fn unreachable() -> TokenStream {
    quote!(::core::unreachable!("aws-op: this item has compile errors"))
}

/// Whether the item derives `Debug` itself (then no `Debug` stub is added).
fn derives_debug(attrs: &[syn::Attribute]) -> bool {
    crate::attrs::derived_debug(attrs).is_some()
}

fn usable(item_generics: &syn::Generics) -> bool {
    item_generics.params.is_empty()
}

/// Builder, `Debug` and codec stubs of a structure.
pub fn shape_struct(item: &syn::ItemStruct, members: &[Member]) -> TokenStream {
    if !usable(&item.generics) {
        return quote!();
    }
    let rt = rt();
    let name = &item.ident;
    let never = unreachable();
    let builder = member_code::builder(name, &item.vis, members);
    let debug =
        (!derives_debug(&item.attrs)).then(|| member_code::debug_struct(name, members, false));
    quote! {
        #builder
        #debug
        const _: () = {
            impl #rt::ToJson for #name {
                fn write_json(&self, _: &mut #rt::JsonWriter, _: #rt::TimestampFormat) { #never }
            }
            impl #rt::FromJson for #name {
                fn from_json(_: &#rt::serde_json::Value, _: #rt::TimestampFormat) -> ::core::result::Result<Self, #rt::DecodeError> { #never }
            }
            impl #rt::FromResponse for #name {
                fn from_response(_: &#rt::HttpResponse) -> ::core::result::Result<Self, #rt::DecodeError> { #never }
            }
            impl #rt::Validate for #name {}
            impl #rt::Payload for #name {
                const CONTENT_TYPE: &'static str = "";
                fn to_payload(&self) -> ::std::vec::Vec<u8> { #never }
                fn from_payload(_: &[u8]) -> ::core::result::Result<::core::option::Option<Self>, #rt::DecodeError> { #never }
            }
        };
    }
}

/// Shape stubs plus the error impls of an error structure.
pub fn error_struct(item: &syn::ItemStruct, members: &[Member]) -> TokenStream {
    if !usable(&item.generics) {
        return quote!();
    }
    let rt = rt();
    let name = &item.ident;
    let never = unreachable();
    let shape = shape_struct(item, members);
    quote! {
        #shape
        impl ::core::fmt::Display for #name {
            fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { #never }
        }
        impl ::std::error::Error for #name {}
        const _: () = {
            impl #rt::ErrorShape for #name {
                const CODE: &'static str = "";
                const STATUS: u16 = 0;
                const RETRY: #rt::RetryKind = #rt::RetryKind::NotRetryable;
                fn message(&self) -> ::core::option::Option<&str> { #never }
            }
        };
    }
}

/// Builder, `Debug`, `send` and `Operation` stubs of an operation input.
pub fn operation(
    item: &syn::ItemStruct,
    members: &[Member],
    service: Option<&syn::Path>,
    output: Option<&syn::Path>,
    errors: Option<&syn::Path>,
) -> TokenStream {
    if !usable(&item.generics) {
        return quote!();
    }
    let rt = rt();
    let name = &item.ident;
    let vis = &item.vis;
    let never = unreachable();
    let builder = member_code::builder(name, vis, members);
    let debug =
        (!derives_debug(&item.attrs)).then(|| member_code::debug_struct(name, members, false));
    let Some(service) = service else {
        return quote!(#builder #debug);
    };
    let output = output.map_or_else(|| quote!(()), |p| quote!(#p));
    let errors = errors.map_or_else(|| quote!(#rt::UnhandledError), |p| quote!(#p));
    quote! {
        #builder
        #debug
        impl #name {
            /// Not available: this operation's definition has compile errors.
            #vis async fn send(self, _: &::aws_op::Client<#service>) -> ::core::result::Result<#output, ::aws_op::Error<#errors>> { #never }
        }
        const _: () = {
            impl #rt::Validate for #name {}
            impl #rt::Operation for #name {
                type Service = #service;
                type Output = #output;
                type Error = #errors;
                const NAME: &'static str = "";
                const METHOD: &'static str = "";
                const URI: &'static str = "";
                const SUCCESS_STATUS: u16 = 0;
                fn fill_idempotency_tokens(&mut self, _: &mut dyn FnMut() -> ::std::string::String) { #never }
                fn validate(&self, _: bool) -> ::core::result::Result<(), #rt::ValidationError> { #never }
                fn serialize(&self) -> #rt::HttpRequest { #never }
                fn parse_output(_: &#rt::HttpResponse) -> ::core::result::Result<Self::Output, #rt::DecodeError> { #never }
                fn parse_request(_: &#rt::HttpRequest) -> ::core::result::Result<Self, #rt::DecodeError> { #never }
            }
        };
    }
}

fn debug_stub(item: &syn::ItemEnum) -> Option<TokenStream> {
    let name = &item.ident;
    let never = unreachable();
    (!derives_debug(&item.attrs)).then(|| {
        quote! {
            impl ::core::fmt::Debug for #name {
                fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { #never }
            }
        }
    })
}

/// Codec stubs of a string enum or union.
pub fn shape_enum(item: &syn::ItemEnum) -> TokenStream {
    if !usable(&item.generics) {
        return quote!();
    }
    let rt = rt();
    let name = &item.ident;
    let never = unreachable();
    let debug = debug_stub(item);
    quote! {
        #debug
        const _: () = {
            impl #rt::ToJson for #name {
                fn write_json(&self, _: &mut #rt::JsonWriter, _: #rt::TimestampFormat) { #never }
            }
            impl #rt::FromJson for #name {
                fn from_json(_: &#rt::serde_json::Value, _: #rt::TimestampFormat) -> ::core::result::Result<Self, #rt::DecodeError> { #never }
            }
            impl #rt::Validate for #name {}
        };
    }
}

/// `Debug`, `Display` and `OperationError` stubs of an operation's error enum.
pub fn error_enum(item: &syn::ItemEnum) -> TokenStream {
    if !usable(&item.generics) {
        return quote!();
    }
    let rt = rt();
    let name = &item.ident;
    let never = unreachable();
    let debug = debug_stub(item);
    quote! {
        #debug
        impl ::core::fmt::Display for #name {
            fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { #never }
        }
        impl ::std::error::Error for #name {}
        const _: () = {
            impl #rt::OperationError for #name {
                fn from_code(_: &str, _: &#rt::HttpResponse, _: &#rt::serde_json::Map<::std::string::String, #rt::serde_json::Value>) -> Self { #never }
                fn code(&self) -> &str { #never }
                fn retry_kind(&self) -> #rt::RetryKind { #never }
            }
        };
    }
}
