//! What an item with errors still gets: its builder and stub impls, so that code using it does
//! not add follow-up errors ("no function `builder`", "trait bound not satisfied") to the real
//! one. The stubs never run: the crate does not compile while the item has errors.

use crate::model::Member;
use crate::paths::rt;
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
    let builder = crate::builder::builder(name, &item.vis, members);
    let debug =
        (!derives_debug(&item.attrs)).then(|| crate::debug::debug_struct(name, members, false));
    let shape = shape_stub(name);
    quote! {
        #builder
        #debug
        const _: () = {
            #shape
            impl #rt::Validate for #name {}
        };
    }
}

/// A `Shape` stub (and the value impls that come with it).
fn shape_stub(name: &syn::Ident) -> TokenStream {
    let rt = rt();
    let never = unreachable();
    quote! {
        impl #rt::Shape for #name {
            const SCHEMA: &'static #rt::Schema = &#rt::Schema::structure("", &[]);
            fn encode_members<__E: #rt::Encoder>(&self, _: &mut __E) { #never }
            fn decode_members<__D: #rt::StructDecoder>(_: &mut __D) -> ::core::result::Result<Self, #rt::DecodeError> { #never }
        }
        #rt::__impl_shape_value!(#name);
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
    let builder = crate::builder::builder(name, vis, members);
    let debug =
        (!derives_debug(&item.attrs)).then(|| crate::debug::debug_struct(name, members, false));
    let Some(service) = service else {
        return quote!(#builder #debug);
    };
    let shape = shape_stub(name);
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
            #shape
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
            impl #rt::Encode for #name {
                fn encode<__E: #rt::Encoder>(&self, _: &mut __E, _: &'static #rt::Member) { #never }
            }
            impl #rt::Decode for #name {
                fn decode<__D: #rt::ValueDecoder>(_: __D, _: &'static #rt::Member) -> ::core::result::Result<Self, #rt::DecodeError> { #never }
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
                fn from_response<__D: #rt::ErrorDecoder>(_: &mut __D) -> Self { #never }
                fn code(&self) -> &str { #never }
                fn retry_kind(&self) -> #rt::RetryKind { #never }
            }
        };
    }
}
