//! The arguments of `#[aws_operation(...)]`: service, HTTP method and URI template, status,
//! output, errors, host prefix, compression, checksum, pagination and XML root facts.

use crate::attrs;
use crate::diag::Diagnostics;
use crate::schema::ShapeFacts;
use proc_macro2::{Span, TokenStream};
use quote::quote;

const KEYS: &[&str] = &[
    "service",
    "http",
    "status",
    "output",
    "errors",
    "name",
    "host_prefix",
    "request_compression",
    "checksum_required",
    "http_checksum",
    "unsigned_payload",
    "static_context_params",
    "no_input",
    "paginated",
    "xml_name",
    "xml_namespace",
];
const HTTP_CHECKSUM_KEYS: &[&str] = &[
    "request_algorithm_header",
    "request_checksum_required",
    "response_validation_header",
    "response_algorithms",
];
/// The checksum algorithms of Smithy's `httpChecksum` the runtime computes.
const CHECKSUM_ALGORITHMS: &[&str] = &["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];
const PAGINATED_KEYS: &[&str] = &["input_token", "output_token", "items", "item", "page_size"];
const ENCODINGS: &[&str] = &["gzip"];
const METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// One piece of the URI template's path.
pub enum Part {
    Literal(String),
    Label { name: String, greedy: bool },
}

pub struct Args {
    pub service: Option<syn::Path>,
    pub method: String,
    pub template: String,
    pub http_span: Span,
    pub parts: Vec<Part>,
    pub status: u16,
    pub output: Option<syn::Path>,
    pub errors: Option<syn::Path>,
    pub name: Option<String>,
    /// No `http`: the operation is `POST /` of an awsJson service (checked at compile time).
    pub rpc_only: bool,
    /// `host_prefix = "foo.{Label}."`: the literal and label parts, and the string's span.
    pub host_prefix: Option<(Vec<Part>, Span)>,
    pub request_compression: Vec<String>,
    pub checksum_required: bool,
    /// `http_checksum(...)`: Smithy's `httpChecksum` (S3's flexible checksums).
    pub http_checksum: Option<HttpChecksum>,
    /// `unsigned_payload`: the body is sent as `UNSIGNED-PAYLOAD` (Smithy `unsignedPayload`).
    pub unsigned_payload: bool,
    /// `static_context_params(Name = true, Other = "text")`: endpoint rule parameters the
    /// operation sets to fixed values (Smithy `staticContextParams`).
    pub static_context_params: Vec<(String, StaticValue)>,
    /// `no_input`: the model gives the operation no input shape (the struct has no fields).
    pub no_input: bool,
    pub paginated: Option<Paginated>,
    /// The XML root facts of the input (`xml_name`, `xml_namespace`).
    pub facts: ShapeFacts,
}

/// The fixed value of an endpoint rule parameter.
pub enum StaticValue {
    Bool(bool),
    String(String),
}

/// `http_checksum(...)`: the headers of the algorithm and validation-mode members, whether a
/// request checksum is required, and the algorithms a response may carry.
#[derive(Default)]
pub struct HttpChecksum {
    pub request_algorithm_header: Option<String>,
    pub request_checksum_required: bool,
    pub response_validation_header: Option<String>,
    pub response_algorithms: Vec<String>,
}

/// `paginated(...)`: the fields that link pages, as Rust identifiers.
pub struct Paginated {
    pub input_token: syn::Ident,
    pub output_token: syn::Ident,
    pub items: syn::Ident,
    pub item: syn::Type,
    pub page_size: Option<syn::Ident>,
}

pub fn parse_args(args: TokenStream, diag: &mut Diagnostics) -> Args {
    let mut out = Args {
        service: None,
        method: String::new(),
        template: String::new(),
        http_span: Span::call_site(),
        parts: Vec::new(),
        status: 200,
        output: None,
        errors: None,
        name: None,
        rpc_only: false,
        host_prefix: None,
        request_compression: Vec::new(),
        checksum_required: false,
        http_checksum: None,
        unsigned_payload: false,
        static_context_params: Vec::new(),
        no_input: false,
        paginated: None,
        facts: ShapeFacts::default(),
    };
    let mut http_seen = false;
    let mut suggested = Vec::new();
    for meta in attrs::parse_list(args, diag) {
        if crate::shape::parse_shape_fact(&meta, &mut out.facts, diag) {
            continue;
        }
        match attrs::key_of(&meta).as_str() {
            "service" => out.service = attrs::path(&meta, diag),
            "output" => out.output = attrs::path(&meta, diag),
            "errors" => out.errors = attrs::path(&meta, diag),
            "name" => out.name = attrs::string(&meta, diag).map(|s| s.value()),
            "checksum_required" => out.checksum_required = attrs::flag(&meta, diag),
            "http_checksum" => out.http_checksum = Some(parse_http_checksum(&meta, diag)),
            "unsigned_payload" => out.unsigned_payload = attrs::flag(&meta, diag),
            "static_context_params" => {
                out.static_context_params = parse_static_context_params(&meta, diag);
            }
            "no_input" => out.no_input = attrs::flag(&meta, diag),
            "host_prefix" => {
                if let Some(lit) = attrs::string(&meta, diag) {
                    match parse_host_prefix(&lit.value()) {
                        Ok(parts) => out.host_prefix = Some((parts, lit.span())),
                        Err(e) => diag.error_at(&lit, e),
                    }
                }
            }
            "request_compression" => {
                if let Some(lit) = attrs::string(&meta, diag) {
                    for encoding in lit.value().split(',').map(str::trim) {
                        if ENCODINGS.contains(&encoding) {
                            out.request_compression.push(encoding.to_owned());
                        } else {
                            diag.error_at(
                                &lit,
                                crate::diag::unknown_key_message(
                                    "request compression encoding",
                                    encoding,
                                    ENCODINGS,
                                ),
                            );
                        }
                    }
                }
            }
            "paginated" => out.paginated = parse_paginated(&meta, diag),
            "status" => {
                if let Some((v, span)) = attrs::integer(&meta, diag) {
                    if !(200..=299).contains(&v) {
                        diag.error(span, "a success status is between 200 and 299");
                    }
                    out.status = v as u16;
                }
            }
            "http" => {
                let Some(lit) = attrs::string(&meta, diag) else {
                    continue;
                };
                http_seen = true;
                out.http_span = lit.span();
                let text = lit.value();
                let Some((method, template)) = text.split_once(' ') else {
                    diag.error_at(&lit, "write `http = \"METHOD /path/{Label}\"`");
                    continue;
                };
                if !METHODS.contains(&method) {
                    diag.error_at(
                        &lit,
                        crate::diag::unknown_key_message("HTTP method", method, METHODS),
                    );
                }
                if !template.starts_with('/') {
                    diag.error_at(&lit, "the URI template starts with `/`");
                }
                out.method = method.to_owned();
                out.template = template.trim().to_owned();
                match parse_template(&out.template) {
                    Ok(parts) => out.parts = parts,
                    Err(e) => diag.error_at(&lit, e),
                }
            }
            _ => suggested.extend(attrs::unknown(&meta, "aws_operation key", KEYS, diag)),
        }
    }
    if out.service.is_none() && !suggested.contains(&"service") {
        diag.error(
            Span::call_site(),
            "#[aws_operation] needs `service = YourService`",
        );
    }
    if !http_seen {
        // awsJson operations are all `POST /`; the expansion checks the service's protocol.
        out.rpc_only = true;
        out.method = "POST".into();
        out.template = "/".into();
        out.parts = vec![Part::Literal("/".into())];
    }
    out
}

/// `static_context_params(Name = true, Other = "text")`: each parameter once, a boolean or a
/// string.
fn parse_static_context_params(
    meta: &syn::Meta,
    diag: &mut Diagnostics,
) -> Vec<(String, StaticValue)> {
    let mut out: Vec<(String, StaticValue)> = Vec::new();
    for inner in attrs::nested(meta, diag) {
        let syn::Meta::NameValue(pair) = &inner else {
            diag.error_at(
                &inner,
                "write each endpoint parameter as `Name = true` or `Name = \"text\"`",
            );
            continue;
        };
        let name = attrs::key_of(&inner);
        let value = match &pair.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Bool(b),
                ..
            }) => StaticValue::Bool(b.value),
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => StaticValue::String(s.value()),
            other => {
                diag.error_at(
                    other,
                    format!(
                        "endpoint parameter `{name}` takes `true`, `false` or a string literal"
                    ),
                );
                continue;
            }
        };
        if out.iter().any(|(seen, _)| *seen == name) {
            diag.error_at(
                &pair.path,
                format!("endpoint parameter `{name}` is already set"),
            );
            continue;
        }
        out.push((name, value));
    }
    out
}

fn parse_http_checksum(meta: &syn::Meta, diag: &mut Diagnostics) -> HttpChecksum {
    let mut out = HttpChecksum::default();
    for inner in attrs::nested(meta, diag) {
        match attrs::key_of(&inner).as_str() {
            "request_algorithm_header" => {
                out.request_algorithm_header = attrs::string(&inner, diag).map(|s| s.value());
            }
            "request_checksum_required" => {
                out.request_checksum_required = attrs::flag(&inner, diag);
            }
            "response_validation_header" => {
                out.response_validation_header = attrs::string(&inner, diag).map(|s| s.value());
            }
            "response_algorithms" => {
                let Some(lit) = attrs::string(&inner, diag) else {
                    continue;
                };
                for name in lit.value().split(',').map(str::trim) {
                    if CHECKSUM_ALGORITHMS.contains(&name) {
                        out.response_algorithms.push(name.to_owned());
                    } else {
                        diag.error_at(
                            &lit,
                            crate::diag::unknown_key_message(
                                "checksum algorithm",
                                name,
                                CHECKSUM_ALGORITHMS,
                            ),
                        );
                    }
                }
            }
            _ => {
                attrs::unknown(&inner, "http_checksum key", HTTP_CHECKSUM_KEYS, diag);
            }
        }
    }
    out
}

fn parse_paginated(meta: &syn::Meta, diag: &mut Diagnostics) -> Option<Paginated> {
    let (mut input_token, mut output_token, mut items, mut item, mut page_size) =
        (None, None, None, None, None);
    for inner in attrs::nested(meta, diag) {
        let key = attrs::key_of(&inner);
        if key == "item" {
            // Given but unreadable: `item_type` has reported it; not also "missing".
            item = Some(item_type(&inner, diag));
            continue;
        }
        let slot = match key.as_str() {
            "input_token" => &mut input_token,
            "output_token" => &mut output_token,
            "items" => &mut items,
            "page_size" => &mut page_size,
            _ => {
                attrs::unknown(&inner, "paginated key", PAGINATED_KEYS, diag);
                continue;
            }
        };
        match attrs::path(&inner, diag).and_then(|p| p.get_ident().cloned()) {
            Some(ident) => *slot = Some(ident),
            None => diag.error_at(&inner, format!("write `{key} = field_name`")),
        }
    }
    let mut missing = Vec::new();
    for (name, present) in [
        ("input_token", input_token.is_some()),
        ("output_token", output_token.is_some()),
        ("items", items.is_some()),
        ("item", item.is_some()),
    ] {
        if !present {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        diag.error_at(
            meta,
            format!(
                "`paginated(...)` needs {}: e.g. `paginated(input_token = next_token, \
                 output_token = next_token, items = items, item = ItemType)`",
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        return None;
    }
    Some(Paginated {
        input_token: input_token?,
        output_token: output_token?,
        items: items?,
        item: item??,
        page_size,
    })
}

/// `item = Type`: a type written where attribute syntax takes an expression, so a path
/// (`Thing`, `Vec::<Thing>`) or a tuple of them (`(String, Thing)`, a map's entries).
fn item_type(meta: &syn::Meta, diag: &mut Diagnostics) -> Option<syn::Type> {
    const HELP: &str = "`item` takes the item type: `Thing`, `(String, Thing)` for a map's \
                        entries, generic arguments with `::<>` (`Vec::<Thing>`)";
    let syn::Meta::NameValue(nv) = meta else {
        diag.error_at(meta, HELP);
        return None;
    };
    let value = &nv.value;
    let is_type_like = matches!(value, syn::Expr::Path(_) | syn::Expr::Tuple(_));
    match syn::parse2::<syn::Type>(quote!(#value)) {
        Ok(ty) if is_type_like => Some(ty),
        _ => {
            diag.error_at(value, HELP);
            None
        }
    }
}

/// `foo.{Label}.` -> literal and label parts; labels are plain identifiers.
fn parse_host_prefix(prefix: &str) -> Result<Vec<Part>, String> {
    if prefix.is_empty() {
        return Err("an empty `host_prefix`: remove it".into());
    }
    let parts = parse_template(prefix)?;
    for part in &parts {
        match part {
            Part::Label { greedy: true, name } => {
                return Err(format!("`{{{name}+}}`: host labels cannot be greedy"))
            }
            Part::Literal(text)
                if !text
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') =>
            {
                return Err(format!(
                    "`{text}` cannot be part of a host name: use letters, digits, `-` and `.`"
                ))
            }
            _ => {}
        }
    }
    Ok(parts)
}

fn parse_template(template: &str) -> Result<Vec<Part>, String> {
    let path = template.split('?').next().unwrap_or_default();
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(Part::Literal(rest[..open].to_owned()));
        }
        let close = rest[open..]
            .find('}')
            .ok_or("unclosed `{` in the URI template")?
            + open;
        let inner = &rest[open + 1..close];
        let (name, greedy) = match inner.strip_suffix('+') {
            Some(n) => (n, true),
            None => (inner, false),
        };
        // Labels name members; botocore's models also write `-` in them (`{resource-arn}`).
        let label_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        if name.is_empty() || !name.chars().all(label_char) {
            return Err(format!(
                "`{{{inner}}}` is not a valid URI label: use letters, digits, `_` and `-`"
            ));
        }
        if parts
            .iter()
            .any(|p| matches!(p, Part::Label { name: n, .. } if n == name))
        {
            return Err(format!("URI label `{{{name}}}` appears twice"));
        }
        parts.push(Part::Label {
            name: name.to_owned(),
            greedy,
        });
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err("unmatched `}` in the URI template".into());
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest.to_owned()));
    }
    Ok(parts)
}
