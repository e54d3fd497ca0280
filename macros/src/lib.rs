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
mod builder;
mod debug;
mod diag;
mod enums;
mod error_item;
mod model;
mod operation;
mod paths;
mod pattern;
mod schema;
mod service;
mod shape;
mod stubs;
mod validation;
mod visit;

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
/// `context_param = "Bucket"` (the value is that endpoint rule parameter), and constraints
/// (`length`, `pattern`, `range`, and `key(...)`/`value(...)`/`item(...)`). Fixed endpoint rule
/// parameters are `static_context_params(UseS3ExpressControlEndpoint = true)`.
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

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn expand_operation() -> String {
        let args = quote!(
            service = Svc,
            http = "POST /things/{ThingId}",
            status = 201,
            output = Out,
            errors = Errs
        );
        let item = quote! {
            pub struct CreateThingRequest {
                #[aws(label, length(min = 1, max = 8))]
                pub thing_id: String,
                #[aws(idempotency_token)]
                pub client_token: Option<String>,
                #[aws(query = "mode")]
                pub mode: Option<String>,
                #[aws(header = "X-Trace")]
                pub trace: Option<String>,
                #[aws(sensitive, pattern = "[a-z]+")]
                pub secret: Option<String>,
            }
        };
        run(args, item, operation::expand).to_string()
    }

    /// Generated code reaches the runtime only through `::aws_op::...` absolute paths.
    #[test]
    fn generated_paths_are_absolute_and_hidden() {
        let out = expand_operation();
        assert!(!out.contains("compile_error"), "{out}");
        let mut rest = out.as_str();
        while let Some(i) = rest.find("aws_op") {
            let before = rest[..i].trim_end();
            assert!(
                before.ends_with("::"),
                "relative aws_op path near: {}",
                &rest[i.saturating_sub(40)..i + 30]
            );
            let after = &rest[i + "aws_op".len()..];
            // Public types of the methods' signatures (`send`, `presign`), as users see them.
            let allowed = [
                "__private",
                "Client",
                "Error",
                "UnhandledError",
                "PresignedRequest",
            ];
            let next = after.trim_start().trim_start_matches("::").trim_start();
            assert!(
                allowed.iter().any(|a| next.starts_with(a)),
                "unexpected public path near: {}",
                &after[..after.len().min(40)]
            );
            rest = after;
        }
    }

    /// The expansion is deterministic and matches the checked-in snapshot
    /// (`UPDATE_SNAPSHOTS=1 cargo test -p aws-op-macros` rewrites it after a deliberate change).
    #[test]
    fn operation_expansion_snapshot() {
        let out = expand_operation();
        assert_eq!(out, expand_operation());
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/snapshots/create_thing.expanded"
        );
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(path, &out).unwrap();
        }
        let expected = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            expected == out,
            "expansion changed; rerun with UPDATE_SNAPSHOTS=1 if intended"
        );
    }

    #[test]
    fn errors_are_all_reported_and_the_item_is_kept() {
        let args = quote!(service = Svc, http = "GET /a/{Missing}", bogus = 1);
        let item = quote! {
            pub struct R {
                #[aws(idempotency_token)]
                pub a: String,
                #[aws(pattern = "[a-")]
                pub b: Option<String>,
            }
        };
        let out = run(args, item, operation::expand).to_string();
        assert_eq!(out.matches("compile_error").count(), 4, "{out}");
        assert!(out.contains("pub struct R"));
    }
}
