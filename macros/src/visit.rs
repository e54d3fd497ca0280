//! The bodies of `Shape::encode_members` and `Shape::decode_members`: one call per member, the
//! method chosen by its binding, its description taken from the table by index.

use crate::model::{Binding, Member};
use crate::paths::{local, rt};
use proc_macro2::TokenStream;
use quote::quote;

/// `let __m = &__MEMBERS;`, the table's static.
fn members_local() -> TokenStream {
    let rt = rt();
    quote!(let __m: &'static [#rt::Member] = &__MEMBERS;)
}

/// The encoder call that writes member value `value` described by `__m[index]`.
fn encode_call(m: &Member, index: usize, value: TokenStream) -> TokenStream {
    let rt = rt();
    let describe = quote!(&__m[#index]);
    match &m.binding {
        Binding::Body => quote!(#rt::Encoder::field(__e, #describe, #value);),
        Binding::Label { .. } => quote!(#rt::Encoder::label(__e, #describe, #value);),
        Binding::Query(_) => quote!(#rt::Encoder::query(__e, #describe, #value);),
        Binding::QueryMap => quote!(#rt::Encoder::query_map(__e, #describe, #value);),
        Binding::Header(_) => quote!(#rt::Encoder::header(__e, #describe, #value);),
        Binding::PrefixHeaders(_) => {
            quote!(#rt::Encoder::prefix_headers(__e, #describe, #value);)
        }
        Binding::Payload => quote!(#rt::Encoder::payload(__e, #describe, #value);),
        Binding::StatusCode => quote! {
            #rt::Encoder::status_code(
                __e,
                #describe,
                ::core::convert::TryFrom::try_from(*#value).unwrap_or_default(),
            );
        },
        Binding::EventHeader => quote!(#rt::Encoder::event_header(__e, #describe, #value);),
        // Skipped by `encode_struct`: the stream travels beside the document.
        Binding::EventStream => quote!(),
    }
}

/// The body of `encode_members` for a structure, members in table order.
pub fn encode_struct(members: &[&Member], index: &[usize]) -> TokenStream {
    let rt = rt();
    // The event stream travels beside the document; the client takes an input's separately.
    let mut order: Vec<usize> = (0..members.len())
        .filter(|&i| members[i].binding != Binding::EventStream)
        .collect();
    order.sort_by_key(|&i| index[i]);
    if order.is_empty() {
        return quote!(let _ = __e;);
    }
    let calls = order.iter().map(|&i| {
        let m = members[i];
        let f = &m.ident;
        let k = index[i];
        if m.required {
            encode_call(m, k, quote!(&self.#f))
        } else {
            let call = encode_call(m, k, quote!(__x));
            let unset = (m.binding == Binding::Payload).then(|| {
                let inner = &m.inner_ty;
                quote!(else { #rt::Encoder::payload_unset::<#inner>(__e, &__m[#k]); })
            });
            quote!(if let ::core::option::Option::Some(__x) = &self.#f { #call } #unset)
        }
    });
    let local = members_local();
    quote! {
        #local
        #(#calls)*
    }
}

/// The body of `decode_members` for a structure. An `input`'s event stream is never read from
/// a message (a server receives the events separately): it decodes as a detached sender.
pub fn decode_struct(members: &[&Member], index: &[usize], input: bool) -> TokenStream {
    let rt = rt();
    let reads = members.iter().zip(index).map(|(m, &k)| {
        let local = local(m);
        let inner = &m.inner_ty;
        let describe = quote!(&__m[#k]);
        let read = match &m.binding {
            Binding::Body => quote!(#rt::StructDecoder::field::<#inner>(__d, #describe)?),
            Binding::Label { .. } => quote!(#rt::StructDecoder::label::<#inner>(__d, #describe)?),
            Binding::Query(_) => quote!(#rt::StructDecoder::query::<#inner>(__d, #describe)?),
            Binding::QueryMap => quote!(#rt::StructDecoder::query_map::<#inner>(__d, #describe)?),
            Binding::Header(_) => quote!(#rt::StructDecoder::header::<#inner>(__d, #describe)?),
            Binding::PrefixHeaders(_) => quote! {
                #rt::StructDecoder::prefix_headers(__d, #describe)?
                    .map(|__map| ::core::iter::Iterator::collect(::core::iter::IntoIterator::into_iter(__map)))
            },
            Binding::Payload => quote!(#rt::StructDecoder::payload::<#inner>(__d, #describe)?),
            Binding::StatusCode => quote! {
                #rt::StructDecoder::status_code(__d, #describe)?
                    .and_then(|__s| ::core::convert::TryFrom::try_from(__s).ok())
            },
            Binding::EventHeader => {
                quote!(#rt::StructDecoder::event_header::<#inner>(__d, #describe)?)
            }
            Binding::EventStream if input => quote! {
                ::core::option::Option::Some(<#inner as #rt::EventStreamInput>::detached())
            },
            Binding::EventStream => {
                quote!(#rt::StructDecoder::event_stream::<#inner>(__d, #describe)?)
            }
        };
        quote!(let #local: ::core::option::Option<#inner> = #read;)
    });
    let fields = members.iter().zip(index).map(|(m, &k)| {
        let ident = &m.ident;
        let local = local(m);
        if m.required {
            quote!(#ident: #rt::required(#local, &__m[#k])?)
        } else {
            quote!(#ident: #local)
        }
    });
    let local = members_local();
    if members.is_empty() {
        return quote! {
            let _ = __d;
            ::core::result::Result::Ok(Self {})
        };
    }
    quote! {
        #local
        #(#reads)*
        ::core::result::Result::Ok(Self { #(#fields),* })
    }
}

/// One union member: its variant and declaration index in the table.
pub struct UnionVariant<'a> {
    pub ident: &'a syn::Ident,
    pub ty: &'a syn::Type,
    pub index: usize,
}

/// The body of `encode_members` for a union: the one member that is set.
pub fn encode_union(variants: &[UnionVariant<'_>]) -> TokenStream {
    let rt = rt();
    let arms = variants.iter().map(|v| {
        let ident = v.ident;
        let k = v.index;
        quote!(Self::#ident(__x) => #rt::Encoder::field(__e, &__m[#k], __x),)
    });
    let local = members_local();
    quote! {
        #local
        match self {
            #(#arms)*
            // Validation rejects an unknown member before it is sent.
            Self::Unknown(_) => {}
        }
    }
}

/// The body of `decode_members` for a union.
pub fn decode_union(variants: &[UnionVariant<'_>]) -> TokenStream {
    let rt = rt();
    let arms = variants.iter().map(|v| {
        let ident = v.ident;
        let ty = v.ty;
        let k = v.index;
        quote! {
            #rt::UnionMember::Known(#k) => Self::#ident(#rt::required(
                #rt::StructDecoder::field::<#ty>(__d, &__m[#k])?,
                &__m[#k],
            )?),
        }
    });
    let local = members_local();
    quote! {
        #local
        ::core::result::Result::Ok(match #rt::StructDecoder::union_member(__d, &__SCHEMA)? {
            #(#arms)*
            #rt::UnionMember::Known(_) => {
                return ::core::result::Result::Err(#rt::DecodeError::new("a union member outside the schema"));
            }
            #rt::UnionMember::Unknown(__name) => Self::Unknown(__name),
        })
    }
}
