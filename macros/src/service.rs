//! `#[aws_service]`: a unit struct that names a service and its signing and endpoint facts.

use crate::attrs;
use crate::diag::Diagnostics;
use crate::paths::rt;
use proc_macro2::TokenStream;
use quote::quote;

const KEYS: &[&str] = &[
    "id",
    "signing_name",
    "endpoint_prefix",
    "protocol",
    "api_version",
    "target_prefix",
    "endpoint",
    "endpoint_rules",
    "aws_query_compatible",
];

/// The spellings of `protocol = "..."` (Smithy's names) and the runtime's codec of each.
const PROTOCOLS: &[&str] = &[
    "restJson1",
    "awsJson1_0",
    "awsJson1_1",
    "restXml",
    "awsQuery",
    "ec2Query",
    "rpcv2Cbor",
];

/// The protocols that need `target_prefix`: awsJson names the operation in
/// `X-Amz-Target: <target_prefix>.<Op>`, rpcv2Cbor in `/service/<target_prefix>/operation/<Op>`.
const TARGET_PREFIXED: &[&str] = &["awsJson1_0", "awsJson1_1", "rpcv2Cbor"];

pub fn expand(args: TokenStream, item: syn::Item, diag: &mut Diagnostics) -> TokenStream {
    let syn::Item::Struct(item) = item else {
        diag.error_at(
            &item,
            "#[aws_service] goes on a unit struct: `pub struct MyService;`",
        );
        return quote!(#item);
    };
    if !matches!(item.fields, syn::Fields::Unit) {
        diag.error_at(
            &item.fields,
            "a service is a unit struct: remove the fields",
        );
    }
    let mut values: std::collections::HashMap<&'static str, syn::LitStr> = Default::default();
    let mut suggested = Vec::new();
    let mut query_compatible = false;
    for meta in attrs::parse_list(args, diag) {
        let key = attrs::key_of(&meta);
        if key == "aws_query_compatible" {
            query_compatible = attrs::flag(&meta, diag);
            continue;
        }
        match KEYS.iter().find(|k| **k == key) {
            Some(k) => {
                if let Some(s) = attrs::string(&meta, diag) {
                    values.insert(k, s);
                }
            }
            None => suggested.extend(attrs::unknown(&meta, "aws_service key", KEYS, diag)),
        }
    }
    for required in ["id", "signing_name", "protocol", "api_version"] {
        if !values.contains_key(required) && !suggested.contains(&required) {
            diag.error(
                proc_macro2::Span::call_site(),
                format!("#[aws_service] needs `{required} = \"...\"`"),
            );
        }
    }
    let protocol = values
        .get("protocol")
        .map(|p| p.value())
        .unwrap_or_default();
    if let Some(p) = values.get("protocol") {
        if !PROTOCOLS.contains(&protocol.as_str()) {
            diag.error_at(
                p,
                crate::diag::unknown_key_message("protocol", &protocol, PROTOCOLS),
            );
        } else if TARGET_PREFIXED.contains(&protocol.as_str())
            && !values.contains_key("target_prefix")
        {
            let carried = match protocol.as_str() {
                "rpcv2Cbor" => "requests go to `/service/<target_prefix>/operation/<Operation>`",
                _ => "requests carry `X-Amz-Target: <target_prefix>.<Operation>`",
            };
            diag.error_at(
                p,
                format!(
                    "protocol `{protocol}` needs `target_prefix = \"...\"` (the model's \
                     `targetPrefix`): {carried}"
                ),
            );
        }
    }
    if let Some(e) = values.get("endpoint") {
        let v = e.value();
        if !(v.starts_with("https://") || v.starts_with("http://")) || !v.contains("{region}") {
            diag.error_at(
                e,
                "`endpoint` is a URL template with `{region}`, e.g. \"https://svc.{region}.amazonaws.com\"",
            );
        }
    }
    if !diag.is_empty() {
        return quote!(#item);
    }
    let rt = rt();
    let name = &item.ident;
    let get = |k: &str| values.get(k).map(|s| s.value());
    let id = get("id").unwrap_or_default();
    let signing = get("signing_name").unwrap_or_default();
    let prefix = get("endpoint_prefix").unwrap_or_else(|| signing.clone());
    let api_version = get("api_version").unwrap_or_default();
    let endpoint =
        get("endpoint").unwrap_or_else(|| format!("https://{prefix}.{{region}}.amazonaws.com"));
    // The rule set is read at compile time from a path relative to the crate's manifest.
    let rules = match get("endpoint_rules") {
        Some(path) => quote! {
            ::core::option::Option::Some(::core::include_str!(::core::concat!(
                ::core::env!("CARGO_MANIFEST_DIR"), "/", #path
            )))
        },
        None => quote!(::core::option::Option::None),
    };
    let target = match get("target_prefix") {
        Some(t) => quote!(::core::option::Option::Some(#t)),
        None => quote!(::core::option::Option::None),
    };
    // `type __Protocol = ...;`. The XML and CBOR codecs exist with aws-op's `xml` and `cbor`
    // features; without them the runtime's macro reports the feature to turn on (once: the
    // alias still names a codec, so nothing else fails).
    let protocol = match protocol.as_str() {
        "awsJson1_0" => quote!(type __Protocol = #rt::protocol::AwsJson1_0;),
        "awsJson1_1" => quote!(type __Protocol = #rt::protocol::AwsJson1_1;),
        "restXml" => quote!(#rt::__xml_protocol!(__Protocol, RestXml, RestJson1, "restXml");),
        "awsQuery" => quote!(#rt::__xml_protocol!(__Protocol, AwsQuery, AwsJson1_0, "awsQuery");),
        "ec2Query" => quote!(#rt::__xml_protocol!(__Protocol, Ec2Query, AwsJson1_0, "ec2Query");),
        "rpcv2Cbor" => {
            quote!(#rt::__cbor_protocol!(__Protocol, RpcV2Cbor, AwsJson1_0, "rpcv2Cbor");)
        }
        _ => quote!(type __Protocol = #rt::protocol::RestJson1;),
    };
    quote! {
        #item

        const _: () = {
            #protocol
            impl #rt::Service for #name {
                const SERVICE_ID: &'static str = #id;
                const SIGNING_NAME: &'static str = #signing;
                const ENDPOINT_PREFIX: &'static str = #prefix;
                type Protocol = __Protocol;
                const API_VERSION: &'static str = #api_version;
                const TARGET_PREFIX: ::core::option::Option<&'static str> = #target;
                const AWS_QUERY_COMPATIBLE: bool = #query_compatible;
                const DEFAULT_ENDPOINT: &'static str = #endpoint;
                const ENDPOINT_RULES: ::core::option::Option<&'static str> = #rules;
            }
        };
    }
}
