//! `Debug` impls that print `sensitive` members as redacted.

use crate::model::Member;
use crate::paths::rt;
use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

/// A `Debug` impl that prints `sensitive` members as redacted.
pub fn debug_struct(name: &Ident, members: &[Member], all_sensitive: bool) -> TokenStream {
    let rt = rt();
    let label = name.to_string();
    if all_sensitive {
        return quote! {
            impl ::core::fmt::Debug for #name {
                #[inline]
                fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::fmt::Debug::fmt(&#rt::Redacted, __f)
                }
            }
        };
    }
    let fields = members.iter().map(|m| {
        let ident = &m.ident;
        let shown = ident.to_string().trim_start_matches("r#").to_owned();
        if m.sensitive {
            quote!(.field(#shown, &#rt::Redacted))
        } else {
            quote!(.field(#shown, &self.#ident))
        }
    });
    quote! {
        impl ::core::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                __f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}
