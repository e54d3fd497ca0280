//! `#[aws_error]`: error structures (with code and status) and per-operation error enums.

use crate::attrs;
use crate::diag::Diagnostics;
use crate::paths::rt;
use crate::shape;
use proc_macro2::TokenStream;
use quote::quote;

const KEYS: &[&str] = &["code", "status", "retryable", "throttling", "sensitive"];

pub fn expand(args: TokenStream, item: syn::Item, diag: &mut Diagnostics) -> TokenStream {
    match item {
        syn::Item::Struct(s) => expand_struct(args, s, diag),
        syn::Item::Enum(e) => expand_enum(args, e, diag),
        other => {
            diag.error_at(
                &other,
                "#[aws_error] goes on an error struct or an operation's error enum",
            );
            quote!(#other)
        }
    }
}

fn expand_struct(args: TokenStream, item: syn::ItemStruct, diag: &mut Diagnostics) -> TokenStream {
    let mut code = None;
    let mut status = None;
    let mut retryable = false;
    let mut throttling = false;
    let mut sensitive = false;
    let mut suggested = Vec::new();
    for meta in attrs::parse_list(args, diag) {
        match attrs::key_of(&meta).as_str() {
            "code" => code = attrs::string(&meta, diag).map(|s| s.value()),
            "status" => {
                if let Some((v, span)) = attrs::integer(&meta, diag) {
                    if !(400..=599).contains(&v) {
                        diag.error(span, "an error status is between 400 and 599");
                    }
                    status = Some(v as u16);
                }
            }
            "retryable" => retryable = attrs::flag(&meta, diag),
            "throttling" => throttling = attrs::flag(&meta, diag),
            "sensitive" => sensitive = attrs::flag(&meta, diag),
            _ => suggested.extend(attrs::unknown(&meta, "aws_error key", KEYS, diag)),
        }
    }
    let (item, members) = shape::parse_struct(item, diag);
    shape::check_output_bindings(&members, "an error", diag);
    let code = code.unwrap_or_else(|| item.ident.to_string());
    let status = match status {
        Some(s) => s,
        None => {
            if !suggested.contains(&"status") {
                diag.error(
                    item.ident.span(),
                    "an error needs its HTTP status: `#[aws_error(status = 400)]`",
                );
            }
            400
        }
    };
    if !diag.is_empty() {
        let stubs = crate::stubs::error_struct(&item, &members);
        return quote!(#item #stubs);
    }
    let rt = rt();
    let name = &item.ident;
    let shape_code = shape::expand_struct(&item, &members, sensitive, &Default::default());
    let retry = if throttling {
        quote!(#rt::RetryKind::Throttling)
    } else if retryable {
        quote!(#rt::RetryKind::Transient)
    } else {
        quote!(#rt::RetryKind::NotRetryable)
    };
    let message_field = members
        .iter()
        .find(|m| m.wire.eq_ignore_ascii_case("message") && crate::model::is_string(&m.inner_ty));
    let message = match message_field {
        Some(m) if m.required => {
            let f = &m.ident;
            quote!(::core::option::Option::Some(self.#f.as_str()))
        }
        Some(m) => {
            let f = &m.ident;
            quote!(self.#f.as_deref())
        }
        None => quote!(::core::option::Option::None),
    };
    quote! {
        #item
        #shape_code

        impl ::core::fmt::Display for #name {
            #[inline]
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                __f.write_str(#code)?;
                if let ::core::option::Option::Some(__m) = #rt::ErrorShape::message(self) {
                    ::core::write!(__f, ": {}", __m)?;
                }
                ::core::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for #name {}

        const _: () = {
            impl #rt::ErrorShape for #name {
                const CODE: &'static str = #code;
                const STATUS: u16 = #status;
                const RETRY: #rt::RetryKind = #retry;
                #[inline]
                fn message(&self) -> ::core::option::Option<&str> {
                    #message
                }
            }
        };
    }
}

/// `#[aws(name = "...")]` on a variant: the member name under which an event stream's union
/// carries this error as an exception event (`:exception-type`).
fn variant_event_name(v: &mut syn::Variant, diag: &mut Diagnostics) -> Option<String> {
    let mut name = None;
    for meta in attrs::take_aws_attrs(&mut v.attrs, diag) {
        match attrs::key_of(&meta).as_str() {
            "name" => {
                if let Some(s) = attrs::string(&meta, diag) {
                    if s.value().is_empty() {
                        diag.error_at(&s, "an exception's member name cannot be empty");
                    }
                    name = Some(s.value());
                }
            }
            _ => {
                attrs::unknown(&meta, "error variant key", &["name"], diag);
            }
        }
    }
    name
}

fn expand_enum(args: TokenStream, mut item: syn::ItemEnum, diag: &mut Diagnostics) -> TokenStream {
    for meta in attrs::parse_list(args, diag) {
        attrs::unknown(&meta, "option of an error enum", &[], diag);
    }
    attrs::reject_derived_debug(&item.attrs, diag);
    let mut variants = Vec::new();
    for v in item.variants.iter_mut() {
        let event_name = variant_event_name(v, diag);
        match &v.fields {
            syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                if v.ident == "Unhandled" {
                    diag.error(
                        v.ident.span(),
                        "`Unhandled` is added by #[aws_error]; remove it",
                    );
                }
                variants.push((v.ident.clone(), f.unnamed[0].ty.clone(), event_name));
            }
            other => diag.error_at(
                other,
                "each variant holds one error struct: `ConflictException(ConflictException)`",
            ),
        }
    }
    item.variants.push(syn::parse_quote! {
        /// An error code this operation's definition does not model.
        Unhandled(::aws_op::UnhandledError)
    });
    if !diag.is_empty() {
        let stubs = crate::stubs::error_enum(&item);
        return quote!(#item #stubs);
    }
    let rt = rt();
    let name = &item.ident;
    let idents: Vec<&syn::Ident> = variants.iter().map(|v| &v.0).collect();
    let types: Vec<&syn::Type> = variants.iter().map(|v| &v.1).collect();
    // An exception event names its error by its member in the stream's union.
    let event_names = variants.iter().map(|v| match &v.2 {
        Some(name) => quote!(::core::option::Option::Some(#name)),
        None => quote!(::core::option::Option::None),
    });
    quote! {
        #item

        impl ::core::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    #(Self::#idents(__e) => ::core::fmt::Debug::fmt(__e, __f),)*
                    Self::Unhandled(__e) => ::core::fmt::Debug::fmt(__e, __f),
                }
            }
        }

        impl ::core::fmt::Display for #name {
            #[inline]
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    #(Self::#idents(__e) => ::core::fmt::Display::fmt(__e, __f),)*
                    Self::Unhandled(__e) => ::core::fmt::Display::fmt(__e, __f),
                }
            }
        }

        impl ::std::error::Error for #name {}

        const _: () = {
            impl #rt::OperationError for #name {
                #[inline]
                fn from_response<__D: #rt::ErrorDecoder>(__d: &mut __D) -> Self {
                    #(
                        if let ::core::option::Option::Some(__e) = #rt::ErrorDecoder::modelled::<#types>(__d, #event_names) {
                            return Self::#idents(__e);
                        }
                    )*
                    Self::Unhandled(<#rt::UnhandledError as #rt::OperationError>::from_response(__d))
                }

                #[inline]
                fn code(&self) -> &str {
                    match self {
                        #(Self::#idents(_) => <#types as #rt::ErrorShape>::CODE,)*
                        Self::Unhandled(__e) => __e.code.as_str(),
                    }
                }

                #[inline]
                fn retry_kind(&self) -> #rt::RetryKind {
                    match self {
                        #(Self::#idents(_) => <#types as #rt::ErrorShape>::RETRY,)*
                        Self::Unhandled(__e) => __e.retry_kind(),
                    }
                }
            }
        };
    }
}
