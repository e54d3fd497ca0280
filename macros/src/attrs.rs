//! Reading `key = value`, `flag` and `key(...)` lists out of attribute arguments.

use crate::diag::{unknown_key_message, Diagnostics};
use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, ExprUnary, Lit, Meta, Token, UnOp};

/// Parses a comma-separated list of metas (the inside of `#[x(...)]`).
pub fn parse_list(tokens: TokenStream, diag: &mut Diagnostics) -> Vec<Meta> {
    match Punctuated::<Meta, Token![,]>::parse_terminated.parse2(tokens) {
        Ok(list) => list.into_iter().collect(),
        Err(e) => {
            diag.push(e);
            Vec::new()
        }
    }
}

/// The key of a meta as a string.
pub fn key_of(meta: &Meta) -> String {
    meta.path()
        .get_ident()
        .map(|i| i.to_string())
        .unwrap_or_else(|| quote::quote!(#meta).to_string())
}

/// Reports `meta` as an unknown key of `what`, with a suggestion from `known`; returns the
/// suggested key, so a caller can skip a "missing key" error the typo already explains.
pub fn unknown<'a>(
    meta: &Meta,
    what: &str,
    known: &[&'a str],
    diag: &mut Diagnostics,
) -> Option<&'a str> {
    let key = key_of(meta);
    diag.error(meta.path().span(), unknown_key_message(what, &key, known));
    crate::diag::did_you_mean(&key, known)
}

/// A string literal value: `key = "..."`.
pub fn string(meta: &Meta, diag: &mut Diagnostics) -> Option<syn::LitStr> {
    match meta {
        Meta::NameValue(nv) => match &nv.value {
            Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) => Some(s.clone()),
            other => {
                diag.error_at(other, format!("`{}` takes a string literal", key_of(meta)));
                None
            }
        },
        _ => {
            diag.error_at(meta, format!("write `{} = \"...\"`", key_of(meta)));
            None
        }
    }
}

/// A path value: `key = SomeType`.
pub fn path(meta: &Meta, diag: &mut Diagnostics) -> Option<syn::Path> {
    match meta {
        Meta::NameValue(nv) => match &nv.value {
            Expr::Path(p) => Some(p.path.clone()),
            other => {
                diag.error_at(other, format!("`{}` takes a type name", key_of(meta)));
                None
            }
        },
        _ => {
            diag.error_at(meta, format!("write `{} = TypeName`", key_of(meta)));
            None
        }
    }
}

/// An integer value: `key = 201`.
pub fn integer(meta: &Meta, diag: &mut Diagnostics) -> Option<(u64, Span)> {
    match meta {
        Meta::NameValue(nv) => match &nv.value {
            Expr::Lit(ExprLit {
                lit: Lit::Int(i), ..
            }) => match i.base10_parse::<u64>() {
                Ok(v) => Some((v, i.span())),
                Err(e) => {
                    diag.push(e);
                    None
                }
            },
            other => {
                diag.error_at(
                    other,
                    format!("`{}` takes a non-negative integer", key_of(meta)),
                );
                None
            }
        },
        _ => {
            diag.error_at(meta, format!("write `{} = <integer>`", key_of(meta)));
            None
        }
    }
}

/// A number value, possibly negative or fractional: `key = -1.5`.
pub fn number(meta: &Meta, diag: &mut Diagnostics) -> Option<f64> {
    let Meta::NameValue(nv) = meta else {
        diag.error_at(meta, format!("write `{} = <number>`", key_of(meta)));
        return None;
    };
    let (negative, expr) = match &nv.value {
        Expr::Unary(ExprUnary {
            op: UnOp::Neg(_),
            expr,
            ..
        }) => (true, &**expr),
        e => (false, e),
    };
    let value = match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Int(i), ..
        }) => i.base10_parse::<f64>().ok(),
        Expr::Lit(ExprLit {
            lit: Lit::Float(f), ..
        }) => f.base10_parse::<f64>().ok(),
        _ => None,
    };
    match value {
        Some(v) => Some(if negative { -v } else { v }),
        None => {
            diag.error_at(&nv.value, format!("`{}` takes a number", key_of(meta)));
            None
        }
    }
}

/// A bare flag: `key`.
pub fn flag(meta: &Meta, diag: &mut Diagnostics) -> bool {
    match meta {
        Meta::Path(_) => true,
        _ => {
            diag.error_at(
                meta,
                format!("`{}` is a flag: write it alone", key_of(meta)),
            );
            false
        }
    }
}

/// The items of `key(a = 1, b)`.
pub fn nested(meta: &Meta, diag: &mut Diagnostics) -> Vec<Meta> {
    match meta {
        Meta::List(list) => parse_list(list.tokens.clone(), diag),
        _ => {
            diag.error_at(meta, format!("write `{}(...)`", key_of(meta)));
            Vec::new()
        }
    }
}

/// Gathers the metas of every `#[aws(...)]` attribute in `attrs`, removing them from the list.
pub fn take_aws_attrs(attrs: &mut Vec<syn::Attribute>, diag: &mut Diagnostics) -> Vec<Meta> {
    let mut metas = Vec::new();
    attrs.retain(|attr| {
        if !attr.path().is_ident("aws") {
            return true;
        }
        match &attr.meta {
            Meta::List(list) => metas.extend(parse_list(list.tokens.clone(), diag)),
            other => diag.error_at(other, "write `#[aws(...)]` with keys inside"),
        }
        false
    });
    metas
}

/// The `Debug` path of a `#[derive(...)]` among `attrs`, if there is one.
pub fn derived_debug(attrs: &[syn::Attribute]) -> Option<Span> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|m| {
            if m.path.is_ident("Debug") && found.is_none() {
                found = Some(m.path.span());
            }
            Ok(())
        });
    }
    found
}

/// Reports a `#[derive(Debug)]`: the macros generate `Debug` to redact sensitive members.
pub fn reject_derived_debug(attrs: &[syn::Attribute], diag: &mut Diagnostics) {
    if let Some(span) = derived_debug(attrs) {
        diag.error(
            span,
            "remove `Debug` from this derive: aws-op generates `Debug`, redacting `sensitive` \
             members",
        );
    }
}
