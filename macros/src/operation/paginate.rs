//! `paginated(...)`: the `Paginated` impl and the `paginate()` / `items()` methods.

use super::args::Paginated;
use crate::paths::rt;
use proc_macro2::TokenStream;
use quote::quote;

/// `impl Paginated` plus the `paginate()` and `items()` methods.
pub fn expand_paginated(
    p: &Paginated,
    name: &syn::Ident,
    vis: &syn::Visibility,
    service: &syn::Path,
    output: &TokenStream,
) -> TokenStream {
    let rt = rt();
    let Paginated {
        input_token,
        output_token,
        items,
        item,
        ..
    } = p;
    quote! {
        impl #rt::Paginated for #name {
            type Item = #item;
            #[inline]
            fn set_page_token(&mut self, __token: ::core::option::Option<::std::string::String>) {
                self.#input_token = __token;
            }
            #[inline]
            fn next_page_token(__output: &#output) -> ::core::option::Option<&str> {
                #rt::PageToken::page_token(&__output.#output_token)
            }
            #[inline]
            fn page_items(__output: #output) -> ::std::vec::Vec<#item> {
                #rt::IntoPageItems::into_page_items(__output.#items)
            }
        }

        impl #name {
            /// The pages of this call, as a `Stream`: one call per page, ending after a page
            /// without a next token (or with one already seen), or after the first error.
            #[inline]
            #vis fn paginate(self, client: &::aws_op::Client<#service>) -> #rt::Pages<Self> {
                #rt::Pages::new(client, self)
            }

            /// The items of every page of this call, in order, as a `Stream`.
            #[inline]
            #vis fn items(self, client: &::aws_op::Client<#service>) -> #rt::Items<Self> {
                #rt::Pages::new(client, self).items()
            }
        }
    }
}
