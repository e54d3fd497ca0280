//! `Validate` impls: one call per member with something to check. The constraints are data in
//! the member's table ([`crate::schema`]); the runtime applies them by the member's type and
//! recurses into nested shapes.

use crate::model::{Binding, Member};
use crate::paths::rt;
use proc_macro2::TokenStream;
use quote::quote;
use syn::Type;

/// The body of `Validate::validate` for a struct's members; `index` gives each member's place
/// in the table.
pub fn validate_members(members: &[&Member], index: &[usize]) -> TokenStream {
    let rt = rt();
    let checks: Vec<TokenStream> = members
        .iter()
        .zip(index)
        .filter(|(m, _)| needs_validation(m))
        .map(|(m, k)| {
            let ident = &m.ident;
            quote!(__v.member(&self.#ident, &__m[#k], __path);)
        })
        .collect();
    if checks.is_empty() {
        return quote!(let _ = (__v, __path););
    }
    quote! {
        let __m: &'static [#rt::Member] = &__MEMBERS;
        #(#checks)*
    }
}

/// Whether validating member `m` can find anything: it has constraints, or holds a shape
/// that may. Events are validated one by one as they are sent.
pub fn needs_validation(m: &Member) -> bool {
    if m.binding == Binding::EventStream {
        return false;
    }
    let constrained = !m.constraints.is_empty()
        || !m.key.constraints.is_empty()
        || !m.value.constraints.is_empty()
        || !m.item.constraints.is_empty();
    constrained || !is_plain(&m.inner_ty)
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
