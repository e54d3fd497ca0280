//! `#[aws_shape]` on enums: open string enums (unit variants) and unions (one-field variants).
//!
//! Both get an `Unknown(String)` variant: a value or union member the definition does not know
//! is kept, not rejected, so a service adding a value never breaks parsing.

use crate::attrs;
use crate::diag::Diagnostics;
use crate::member_code::{self, rt};
use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;

struct Variant {
    ident: syn::Ident,
    wire: String,
    ty: Option<syn::Type>,
    sensitive: bool,
    /// A union member's timestamp format (`epoch-seconds` when unset, as in any JSON body).
    timestamp_format: Option<String>,
}

const VARIANT_KEYS: &[&str] = &["name", "sensitive", "timestamp_format"];

pub fn expand(mut item: syn::ItemEnum, sensitive: bool, diag: &mut Diagnostics) -> TokenStream {
    attrs::reject_derived_debug(&item.attrs, diag);
    if !item.generics.params.is_empty() {
        diag.error_at(&item.generics, "annotated enums cannot be generic");
    }
    let mut variants = Vec::new();
    for v in item.variants.iter_mut() {
        let metas = attrs::take_aws_attrs(&mut v.attrs, diag);
        let mut wire = v.ident.to_string();
        let mut var_sensitive = false;
        let mut timestamp_format = None;
        for meta in &metas {
            match attrs::key_of(meta).as_str() {
                "timestamp_format" => {
                    timestamp_format =
                        crate::model::timestamp_format(meta, diag).or(timestamp_format)
                }
                "name" => {
                    if let Some(s) = attrs::string(meta, diag) {
                        wire = s.value();
                    }
                }
                "sensitive" => var_sensitive = attrs::flag(meta, diag),
                _ => {
                    attrs::unknown(meta, "variant attribute key", VARIANT_KEYS, diag);
                }
            }
        }
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
        let ty = match &v.fields {
            syn::Fields::Unit => None,
            syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => Some(f.unnamed[0].ty.clone()),
            other => {
                diag.error_at(
                    other,
                    "a variant is either a unit (string enum value) or holds one value (union member)",
                );
                None
            }
        };
        variants.push(Variant {
            ident: v.ident.clone(),
            wire,
            ty,
            sensitive: var_sensitive,
            timestamp_format,
        });
    }
    let is_union = variants.iter().any(|v| v.ty.is_some());
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
        let stubs = crate::stubs::shape_enum(&item);
        return quote!(#item #stubs);
    }
    let code = if is_union {
        expand_union(&item, &variants, sensitive)
    } else {
        expand_string_enum(&item, &variants, sensitive)
    };
    quote!(#item #code)
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
            impl #rt::ToJson for #name {
                #[inline]
                fn write_json(&self, __w: &mut #rt::JsonWriter, _: #rt::TimestampFormat) {
                    __w.string(self.as_str());
                }
            }

            impl #rt::FromJson for #name {
                #[inline]
                fn from_json(__value: &#rt::serde_json::Value, _: #rt::TimestampFormat) -> ::core::result::Result<Self, #rt::DecodeError> {
                    match __value.as_str() {
                        ::core::option::Option::Some(__s) => ::core::result::Result::Ok(<Self as ::core::convert::From<&str>>::from(__s)),
                        ::core::option::Option::None => ::core::result::Result::Err(#rt::DecodeError::expected("a string", __value)),
                    }
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

            // An enum bound to the whole body travels as its text, like a string payload.
            impl #rt::Payload for #name {
                const CONTENT_TYPE: &'static str = "text/plain";
                #[inline]
                fn to_payload(&self) -> ::std::vec::Vec<u8> {
                    self.as_str().as_bytes().to_vec()
                }
                #[inline]
                fn from_payload(__body: &[u8]) -> ::core::result::Result<::core::option::Option<Self>, #rt::DecodeError> {
                    ::core::result::Result::Ok(
                        <::std::string::String as #rt::Payload>::from_payload(__body)?
                            .map(<Self as ::core::convert::From<::std::string::String>>::from),
                    )
                }
            }

            impl #rt::Validate for #name {
                #[inline]
                fn validate(&self, __v: &mut #rt::Validator, __path: &#rt::Path<'_>) {
                    __v.known_enum(__path, self.as_str(), Self::VALUES, !self.is_unknown());
                }
            }
        };
    }
}

fn expand_union(item: &syn::ItemEnum, variants: &[Variant], sensitive: bool) -> TokenStream {
    let rt = rt();
    let name = &item.ident;
    let label = name.to_string();
    let writes = variants.iter().map(|v| {
        let ident = &v.ident;
        let wire = &v.wire;
        let ts = member_code::ts_tokens(v.timestamp_format.as_deref().unwrap_or("epoch-seconds"));
        quote! {
            Self::#ident(__x) => {
                __w.key(#wire);
                #rt::ToJson::write_json(__x, __w, #ts);
            }
        }
    });
    let reads = variants.iter().map(|v| {
        let ident = &v.ident;
        let wire = &v.wire;
        let ty = v.ty.as_ref().expect("union variants hold a value");
        let ts = member_code::ts_tokens(v.timestamp_format.as_deref().unwrap_or("epoch-seconds"));
        quote! {
            #wire => Self::#ident(<#ty as #rt::FromJson>::from_json(__x, #ts).map_err(|__e| __e.at(#wire))?),
        }
    });
    let validates = variants.iter().map(|v| {
        let ident = &v.ident;
        let wire = &v.wire;
        quote! {
            Self::#ident(__x) => #rt::Validate::validate(__x, __v, &#rt::Path::Member(__path, #wire)),
        }
    });
    let debugs = variants.iter().map(|v| {
        let ident = &v.ident;
        let shown = ident.to_string();
        if v.sensitive || sensitive {
            quote!(Self::#ident(_) => __f.debug_tuple(#shown).field(&#rt::Redacted).finish(),)
        } else {
            quote!(Self::#ident(__x) => __f.debug_tuple(#shown).field(__x).finish(),)
        }
    });
    let known: Vec<&String> = variants.iter().map(|v| &v.wire).collect();
    let _ = item.span();
    quote! {
        impl ::core::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let _ = #label;
                match self {
                    #(#debugs)*
                    Self::Unknown(__m) => __f.debug_tuple("Unknown").field(__m).finish(),
                }
            }
        }

        const _: () = {
            impl #rt::ToJson for #name {
                #[inline]
                fn write_json(&self, __w: &mut #rt::JsonWriter, _: #rt::TimestampFormat) {
                    __w.begin_object();
                    match self {
                        #(#writes)*
                        // Validation rejects an unknown member before sending; `{}` is never sent.
                        Self::Unknown(_) => {}
                    }
                    __w.end_object();
                }
            }

            impl #rt::FromJson for #name {
                #[inline]
                fn from_json(__value: &#rt::serde_json::Value, _: #rt::TimestampFormat) -> ::core::result::Result<Self, #rt::DecodeError> {
                    let ::core::option::Option::Some(__obj) = __value.as_object() else {
                        return ::core::result::Result::Err(#rt::DecodeError::expected("an object (union)", __value));
                    };
                    let mut __set = __obj.iter().filter(|(__k, __x)| !__x.is_null() && __k.as_str() != "__type");
                    let ::core::option::Option::Some((__key, __x)) = __set.next() else {
                        return ::core::result::Result::Err(#rt::DecodeError::new("a union must have exactly one member set, found none"));
                    };
                    if __set.next().is_some() {
                        return ::core::result::Result::Err(#rt::DecodeError::new("a union must have exactly one member set, found several"));
                    }
                    ::core::result::Result::Ok(match __key.as_str() {
                        #(#reads)*
                        __other => Self::Unknown(__other.to_owned()),
                    })
                }
            }

            impl #rt::Validate for #name {
                #[inline]
                fn validate(&self, __v: &mut #rt::Validator, __path: &#rt::Path<'_>) {
                    match self {
                        #(#validates)*
                        Self::Unknown(__m) => __v.known_enum(__path, __m, &[#(#known),*], false),
                    }
                }
            }

            impl #rt::Payload for #name {
                const CONTENT_TYPE: &'static str = "application/json";
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
                    let __value: #rt::serde_json::Value = #rt::serde_json::from_slice(__body)
                        .map_err(|_| #rt::DecodeError::new("payload is not valid JSON"))?;
                    <Self as #rt::FromJson>::from_json(&__value, #rt::TimestampFormat::EpochSeconds).map(::core::option::Option::Some)
                }
            }
        };
    }
}
