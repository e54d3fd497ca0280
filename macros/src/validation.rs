//! `Validate` impls: the constraint checks of every member, recursing into nested shapes.

use crate::model::{Binding, Constraints, Member};
use crate::paths::rt;
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::Type;

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
    if let Some(check) = &c.pattern {
        if let Some(pattern) = check.to_tokens() {
            // A member that is not text fails here, reported at its `pattern`; names keep
            // the call site's hygiene (the literal may come from a `macro_rules!`).
            let span = Span::call_site().located_at(check.source.span());
            let value: TokenStream = value
                .clone()
                .into_iter()
                .map(|mut token| {
                    token.set_span(span);
                    token
                })
                .collect();
            let text = quote_spanned!(span=> ::core::convert::AsRef::<str>::as_ref(#value));
            out.extend(quote! {{
                static __PATTERN: #rt::Pattern = #pattern;
                __v.pattern(#path, #text, &__PATTERN, #sensitive);
            }});
        }
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
        // Events are validated one by one as they are sent.
        if m.binding == Binding::EventStream {
            return quote!();
        }
        let ident = &m.ident;
        let wire = &m.wire;
        let s = m.sensitive;
        let own = constraint_checks(&m.constraints, quote!(__x), quote!(&__p), s);
        let keys = (!m.key.constraints.is_empty()).then(|| {
            let c = constraint_checks(&m.key.constraints, quote!(__k), quote!(&__kp), s);
            quote! {
                let __kp = #rt::Path::MapKey(&__p);
                for __k in __x.keys() { #c }
            }
        });
        let values = (!m.value.constraints.is_empty()).then(|| {
            let c = constraint_checks(&m.value.constraints, quote!(__e), quote!(&__vp), s);
            quote! {
                let __vp = #rt::Path::MapValue(&__p);
                for __e in __x.values() { #c }
            }
        });
        let items = (!m.item.constraints.is_empty()).then(|| {
            let c = constraint_checks(&m.item.constraints, quote!(__e), quote!(&__ip), s);
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
