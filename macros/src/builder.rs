//! Typestate builders: `build()` exists once every required member is set; a missing one is a
//! compile error naming it.

use crate::model::Member;
use crate::paths::rt;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::Ident;

/// A typestate builder: `Name::builder()`, one setter per member, `build()` once every
/// required member is set (otherwise a compile error naming the missing member).
pub fn builder(name: &Ident, vis: &syn::Visibility, members: &[Member]) -> TokenStream {
    let rt = rt();
    let builder = format_ident!("{}Builder", name);
    let required: Vec<&Member> = members.iter().filter(|m| m.required).collect();
    let params: Vec<Ident> = (0..required.len())
        .map(|i| format_ident!("__R{}", i))
        .collect();
    let unset: Vec<TokenStream> = required.iter().map(|_| quote!(#rt::Unset)).collect();
    let fields = members.iter().map(|m| {
        let ident = &m.ident;
        let inner = &m.inner_ty;
        match required.iter().position(|r| r.ident == m.ident) {
            Some(i) => {
                let p = &params[i];
                quote!(#ident: #p)
            }
            None => quote!(#ident: ::core::option::Option<#inner>),
        }
    });
    let init = members.iter().map(|m| {
        let ident = &m.ident;
        if m.required {
            quote!(#ident: #rt::Unset)
        } else {
            quote!(#ident: ::core::option::Option::None)
        }
    });
    let name_str = name.to_string();
    let mut setters = Vec::new();
    let mut requirement_traits = Vec::new();
    let mut bounds = Vec::new();
    for m in members {
        let ident = &m.ident;
        let inner = &m.inner_ty;
        let field_name = ident.to_string().trim_start_matches("r#").to_owned();
        let doc = format!("Sets `{}` (wire name `{}`).", field_name, m.wire);
        match required.iter().position(|r| r.ident == m.ident) {
            Some(i) => {
                let mut out_params = params.clone();
                let out_types: Vec<TokenStream> = out_params
                    .iter_mut()
                    .enumerate()
                    .map(|(j, p)| if j == i { quote!(#inner) } else { quote!(#p) })
                    .collect();
                let moves = members.iter().map(|o| {
                    let oi = &o.ident;
                    if o.ident == m.ident {
                        quote!(#oi: ::core::convert::Into::into(value))
                    } else {
                        quote!(#oi: self.#oi)
                    }
                });
                setters.push(quote! {
                    #[doc = #doc]
                    #vis fn #ident(self, value: impl ::core::convert::Into<#inner>) -> #builder<#(#out_types),*> {
                        #builder { #(#moves),* }
                    }
                });
                let trait_name = format_ident!("__{}Requires_{}", name, field_name);
                let message = format!(
                    "missing required member `{}` (wire name `{}`) of `{}`",
                    field_name, m.wire, name_str
                );
                let label = format!(
                    "call `.{}(...)` on the builder before `.build()`",
                    field_name
                );
                let note = format!(
                    "`{}` is required because its type is not an `Option`",
                    field_name
                );
                // Spanned at the field, so rustc's notes point at the member, not the attribute.
                let span = m.ident.span();
                requirement_traits.push(quote_spanned! {span=>
                    #[doc(hidden)]
                    #[allow(non_camel_case_types)]
                    #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
                    #vis trait #trait_name {
                        #[doc(hidden)]
                        fn __into_value(self) -> #inner;
                    }
                    impl #trait_name for #inner {
                        #[inline]
                        fn __into_value(self) -> #inner { self }
                    }
                });
                let p = &params[i];
                bounds.push(quote!(#p: #trait_name));
            }
            None => {
                let set_fn = format_ident!("set_{}", field_name);
                let set_doc = format!("Sets or clears `{}` (wire name `{}`).", field_name, m.wire);
                setters.push(quote! {
                    #[doc = #doc]
                    #vis fn #ident(mut self, value: impl ::core::convert::Into<#inner>) -> Self {
                        self.#ident = ::core::option::Option::Some(::core::convert::Into::into(value));
                        self
                    }
                    #[doc = #set_doc]
                    #[inline]
                    #vis fn #set_fn(mut self, value: ::core::option::Option<#inner>) -> Self {
                        self.#ident = value;
                        self
                    }
                });
            }
        }
    }
    let build_fields = members.iter().map(|m| {
        let ident = &m.ident;
        match required.iter().position(|r| r.ident == m.ident) {
            Some(i) => {
                let field_name = ident.to_string().trim_start_matches("r#").to_owned();
                let trait_name = format_ident!("__{}Requires_{}", name, field_name);
                let p = &params[i];
                quote!(#ident: <#p as #trait_name>::__into_value(self.#ident))
            }
            None => quote!(#ident: self.#ident),
        }
    });
    let builder_doc = format!(
        "Builds a [`{name_str}`]; `build()` is available once every required member is set."
    );
    let ctor_doc = format!("Starts building a `{name_str}`.");
    quote! {
        #[doc = #builder_doc]
        #[must_use]
        #vis struct #builder<#(#params = #rt::Unset),*> {
            #(#fields,)*
        }

        #(#requirement_traits)*

        impl #name {
            #[doc = #ctor_doc]
            #[inline]
            #vis fn builder() -> #builder<#(#unset),*> {
                #builder { #(#init,)* }
            }
        }

        impl<#(#params),*> #builder<#(#params),*> {
            #(#setters)*

            /// Finishes the value. Every required member must have been set.
            #[inline]
            #vis fn build(self) -> #name where #(#bounds,)* {
                #name { #(#build_fields,)* }
            }
        }
    }
}
