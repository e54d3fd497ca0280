//! Code shared by the item expansions: JSON bodies, validation, `Debug`, builders and the
//! reading of bound members. All generated paths start at `::aws_op::__private`.

use crate::model::{Binding, Constraints, Member};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::{Ident, Type};

/// The hidden runtime path.
pub fn rt() -> TokenStream {
    quote!(::aws_op::__private)
}

/// `TimestampFormat::X` for a Smithy format name.
pub fn ts_tokens(format: &str) -> TokenStream {
    let rt = rt();
    match format {
        "date-time" => quote!(#rt::TimestampFormat::DateTime),
        "http-date" => quote!(#rt::TimestampFormat::HttpDate),
        _ => quote!(#rt::TimestampFormat::EpochSeconds),
    }
}

/// The local holding a member's value while an item is read.
pub fn local(m: &Member) -> Ident {
    format_ident!("__m_{}", m.ident.to_string().trim_start_matches("r#"))
}

/// Writes the body members of `self` as one JSON object into `__w`.
pub fn write_json_object(members: &[&Member]) -> TokenStream {
    let rt = rt();
    let writes = members.iter().map(|m| {
        let ident = &m.ident;
        let wire = &m.wire;
        let ts = ts_tokens(m.effective_timestamp_format());
        if m.required {
            quote! {
                __w.key(#wire);
                #rt::ToJson::write_json(&self.#ident, __w, #ts);
            }
        } else {
            quote! {
                if let ::core::option::Option::Some(__v) = &self.#ident {
                    __w.key(#wire);
                    #rt::ToJson::write_json(__v, __w, #ts);
                }
            }
        }
    });
    quote! {
        __w.begin_object();
        #(#writes)*
        __w.end_object();
    }
}

/// Reads body members from the JSON object `__obj` into their locals (`Option<T>` each).
pub fn read_json_members(members: &[&Member]) -> TokenStream {
    let rt = rt();
    let reads = members.iter().map(|m| {
        let local = local(m);
        let inner = &m.inner_ty;
        let wire = &m.wire;
        let ts = ts_tokens(m.effective_timestamp_format());
        quote! {
            let #local: ::core::option::Option<#inner> = #rt::read_member::<#inner>(__obj, #wire, #ts)?;
        }
    });
    quote!(#(#reads)*)
}

/// Reads header, prefix-header, status and payload members of a response or request into
/// their locals, from `__headers: &[(String, String)]`, `__body: &[u8]` and `__status`.
pub fn read_http_members(members: &[&Member]) -> TokenStream {
    let rt = rt();
    let reads = members.iter().map(|m| {
        let local = local(m);
        let inner = &m.inner_ty;
        let ts = ts_tokens(m.effective_timestamp_format());
        match &m.binding {
            Binding::Header(name) => {
                let decode = if m.json_value.is_some() {
                    quote!(#rt::json_value_from_header(&__h))
                } else {
                    quote!(<#inner as #rt::FromHeader>::from_header(&__h, #ts))
                };
                quote! {
                    let #local: ::core::option::Option<#inner> = match #rt::header_all(__headers, #name) {
                        ::core::option::Option::Some(__h) => ::core::option::Option::Some(
                            #decode.map_err(|__e| __e.at(#name))?,
                        ),
                        ::core::option::Option::None => ::core::option::Option::None,
                    };
                }
            }
            Binding::PrefixHeaders(prefix) => quote! {
                let #local: ::core::option::Option<#inner> = {
                    let __map = #rt::read_prefix_headers(__headers, #prefix);
                    if __map.is_empty() {
                        ::core::option::Option::None
                    } else {
                        ::core::option::Option::Some(__map.into_iter().collect())
                    }
                };
            },
            Binding::StatusCode => quote! {
                let #local: ::core::option::Option<#inner> =
                    ::core::option::Option::Some(::core::convert::From::from(__status));
            },
            Binding::Payload => quote! {
                let #local: ::core::option::Option<#inner> =
                    <#inner as #rt::Payload>::from_payload(__body)?;
            },
            _ => quote!(),
        }
    });
    quote!(#(#reads)*)
}

/// `Self { field: local, ... }`, failing on absent required members.
pub fn construct(members: &[&Member]) -> TokenStream {
    let rt = rt();
    let fields = members.iter().map(|m| {
        let ident = &m.ident;
        let local = local(m);
        let name = match &m.binding {
            Binding::Header(h) => h.clone(),
            _ => m.wire.clone(),
        };
        if m.required {
            quote!(#ident: #local.ok_or_else(|| #rt::missing_member(#name))?)
        } else {
            quote!(#ident: #local)
        }
    });
    quote!(Self { #(#fields),* })
}

fn constraint_checks(
    c: &Constraints,
    value: TokenStream,
    path: TokenStream,
    sensitive: bool,
) -> TokenStream {
    let rt = rt();
    let mut out = TokenStream::new();
    if let Some((min, max)) = c.length {
        let min = opt_u64(min);
        let max = opt_u64(max);
        out.extend(quote!(__v.length(#path, #value, #min, #max);));
    }
    if let Some(pattern) = c.pattern.as_ref().and_then(|p| p.to_tokens()) {
        out.extend(quote! {{
            static __PATTERN: #rt::Pattern = #pattern;
            __v.pattern(#path, ::core::convert::AsRef::<str>::as_ref(#value), &__PATTERN, #sensitive);
        }});
    }
    if let Some((min, max)) = c.range {
        let min = opt_f64(min);
        let max = opt_f64(max);
        out.extend(quote!(__v.range(#path, #value, #min, #max, #sensitive);));
    }
    out
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn opt_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

/// The body of `Validate::validate` for a struct's members.
pub fn validate_members(members: &[&Member]) -> TokenStream {
    let rt = rt();
    let checks = members.iter().map(|m| {
        let ident = &m.ident;
        let wire = &m.wire;
        let s = m.sensitive;
        let own = constraint_checks(&m.constraints, quote!(__x), quote!(&__p), s);
        let keys = (!m.key.is_empty()).then(|| {
            let c = constraint_checks(&m.key, quote!(__k), quote!(&__kp), s);
            quote! {
                let __kp = #rt::Path::MapKey(&__p);
                for __k in __x.keys() { #c }
            }
        });
        let values = (!m.value.is_empty()).then(|| {
            let c = constraint_checks(&m.value, quote!(__e), quote!(&__vp), s);
            quote! {
                let __vp = #rt::Path::MapValue(&__p);
                for __e in __x.values() { #c }
            }
        });
        let items = (!m.item.is_empty()).then(|| {
            let c = constraint_checks(&m.item, quote!(__e), quote!(&__ip), s);
            quote! {
                for (__i, __e) in __x.iter().enumerate() {
                    let __ip = #rt::Path::Index(&__p, __i);
                    #c
                }
            }
        });
        let plain = is_plain(&m.inner_ty);
        if plain && own.is_empty() && keys.is_none() && values.is_none() && items.is_none() {
            // Nothing to check: no constraint, and no shape inside that could have one.
            return quote!();
        }
        let recurse = (!plain).then(|| quote!(#rt::Validate::validate(__x, __v, &__p);));
        let body = quote! {
            #own
            #keys
            #values
            #items
            #recurse
        };
        if m.required {
            quote! {{
                let __p = #rt::Path::Member(__path, #wire);
                let __x = &self.#ident;
                #body
            }}
        } else {
            quote! {{
                if let ::core::option::Option::Some(__x) = &self.#ident {
                    let __p = #rt::Path::Member(__path, #wire);
                    #body
                }
            }}
        }
    });
    quote!(#(#checks)*)
}

/// Whether validating a value of `ty` can find nothing beyond its own constraints: the
/// runtime's leaf types (primitives, `String`, and `aws_op::` blobs, timestamps, documents),
/// also inside `Vec`, `HashMap`, `Option` and `Box`. Named shapes (and anything else) are not
/// plain: their own `Validate` runs.
fn is_plain(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    if p.qself.is_some() {
        return false;
    }
    let segments: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let Some(last) = p.path.segments.last() else {
        return false;
    };
    let args: Vec<&Type> = match &last.arguments {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let name = last.ident.to_string();
    match (segments.len(), name.as_str()) {
        (1, "String" | "bool" | "i8" | "i16" | "i32" | "i64" | "f32" | "f64") => args.is_empty(),
        (1, "Vec" | "Option" | "Box") => args.len() == 1 && is_plain(args[0]),
        (1, "HashMap") => args.len() == 2 && args.iter().all(|t| is_plain(t)),
        (2, "Blob" | "DateTime" | "Document") => segments[0] == "aws_op" && args.is_empty(),
        _ => false,
    }
}

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

#[cfg(test)]
mod tests {
    use super::is_plain;

    fn plain(ty: &str) -> bool {
        is_plain(&syn::parse_str(ty).unwrap())
    }

    #[test]
    fn leaf_types_are_plain_and_shapes_are_not() {
        for ty in [
            "String",
            "i64",
            "Vec<String>",
            "HashMap<String, Vec<f64>>",
            "Option<Box<aws_op::DateTime>>",
            "aws_op::Document",
        ] {
            assert!(plain(ty), "{ty}");
        }
        // A shape may have constraints; a bare `Blob` may be the user's own type.
        for ty in [
            "Thing",
            "Vec<Thing>",
            "HashMap<String, Thing>",
            "Blob",
            "my::String",
        ] {
            assert!(!plain(ty), "{ty}");
        }
    }
}
