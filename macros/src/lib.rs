//! Procedural macros of [aws-op](https://example.invalid/aws-op).
//!
//! Use them through the facade crate `aws_op`; its documentation and the README describe the
//! attributes. Each entry point is thin: parse -> model -> validate -> expand, all errors are
//! reported at once at the exact token, and the user's item is still emitted on error so one
//! mistake gives one error. Generated code reaches the runtime only through
//! `::aws_op::__private`.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;

mod attrs;
mod diag;
mod enums;
mod error_item;
mod gen;
mod model;
mod operation;
mod service;
mod shape;

type Expander = fn(TokenStream2, syn::Item, &mut diag::Diagnostics) -> TokenStream2;

/// Runs an expander; on errors, emits the user's item (as far as it parsed) plus every error.
fn run(args: TokenStream2, item: TokenStream2, expand: Expander) -> TokenStream2 {
    let parsed: syn::Item = match syn::parse2(item.clone()) {
        Ok(i) => i,
        Err(e) => {
            let err = e.to_compile_error();
            return quote::quote!(#item #err);
        }
    };
    let mut diag = diag::Diagnostics::default();
    let out = expand(args, parsed, &mut diag);
    let errors = diag.to_compile_errors();
    quote::quote!(#out #errors)
}

/// Describes a service: `#[aws_service(id = "...", signing_name = "...", endpoint_prefix = "...",
/// protocol = "restJson1", api_version = "...", endpoint = "https://...{region}...")]` on a unit
/// struct.
#[proc_macro_attribute]
pub fn aws_service(args: TokenStream, item: TokenStream) -> TokenStream {
    run(args.into(), item.into(), service::expand).into()
}

/// Describes an operation on its input struct:
/// `#[aws_operation(service = S, http = "POST /path/{Label}", status = 201, output = O, errors = E)]`.
/// Fields take `#[aws(...)]`: bindings (`label`, `query`, `query_map`, `header`,
/// `prefix_headers`, `payload`), `name`, `timestamp_format`, `idempotency_token`, `sensitive`,
/// and constraints (`length`, `pattern`, `range`, and `key(...)`/`value(...)`/`item(...)`).
#[proc_macro_attribute]
pub fn aws_operation(args: TokenStream, item: TokenStream) -> TokenStream {
    run(args.into(), item.into(), operation::expand).into()
}

/// Describes an output or nested structure, a string enum (unit variants) or a union
/// (one-value variants).
#[proc_macro_attribute]
pub fn aws_shape(args: TokenStream, item: TokenStream) -> TokenStream {
    run(args.into(), item.into(), shape::expand).into()
}

/// On a struct: a modelled error, `#[aws_error(code = "ConflictException", status = 409)]`
/// (`retryable`, `throttling` optional). On an enum: an operation's error set, one variant per
/// error struct; an `Unhandled` variant is added for codes the enum does not model.
#[proc_macro_attribute]
pub fn aws_error(args: TokenStream, item: TokenStream) -> TokenStream {
    run(args.into(), item.into(), error_item::expand).into()
}
