//! `#[aws_operation]`: an operation input struct, its HTTP binding, validation, builder and
//! `send`.

use crate::attrs;
use crate::diag::Diagnostics;
use crate::gen::{self, rt, ts_tokens};
use crate::model::{self, Binding, Member};
use crate::shape;
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
    "paginated",
];
const PAGINATED_KEYS: &[&str] = &["input_token", "output_token", "items", "item", "page_size"];
const ENCODINGS: &[&str] = &["gzip"];
const METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// One piece of the URI template's path.
enum Part {
    Literal(String),
    Label { name: String, greedy: bool },
}

struct Args {
    service: Option<syn::Path>,
    method: String,
    template: String,
    http_span: Span,
    parts: Vec<Part>,
    status: u16,
    output: Option<syn::Path>,
    errors: Option<syn::Path>,
    name: Option<String>,
    /// No `http`: the operation is `POST /` of an awsJson service (checked at compile time).
    rpc_only: bool,
    /// `host_prefix = "foo.{Label}."`: the literal and label parts, and the string's span.
    host_prefix: Option<(Vec<Part>, Span)>,
    request_compression: Vec<String>,
    checksum_required: bool,
    paginated: Option<Paginated>,
}

/// `paginated(...)`: the fields that link pages, as Rust identifiers.
struct Paginated {
    input_token: syn::Ident,
    output_token: syn::Ident,
    items: syn::Ident,
    item: syn::Type,
    page_size: Option<syn::Ident>,
}

fn parse_args(args: TokenStream, diag: &mut Diagnostics) -> Args {
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
        paginated: None,
    };
    let mut http_seen = false;
    let mut suggested = Vec::new();
    for meta in attrs::parse_list(args, diag) {
        match attrs::key_of(&meta).as_str() {
            "service" => out.service = attrs::path(&meta, diag),
            "output" => out.output = attrs::path(&meta, diag),
            "errors" => out.errors = attrs::path(&meta, diag),
            "name" => out.name = attrs::string(&meta, diag).map(|s| s.value()),
            "checksum_required" => out.checksum_required = attrs::flag(&meta, diag),
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

pub fn expand(args: TokenStream, item: syn::Item, diag: &mut Diagnostics) -> TokenStream {
    let args = parse_args(args, diag);
    let syn::Item::Struct(item) = item else {
        diag.error_at(
            &item,
            "#[aws_operation] goes on the operation's input struct",
        );
        return quote!(#item);
    };
    let (item, mut members) = shape::parse_struct(item, diag);
    check_input(&args, &item, &mut members, diag);
    if !diag.is_empty() {
        let stubs = crate::stubs::operation(
            &item,
            &members,
            args.service.as_ref(),
            args.output.as_ref(),
            args.errors.as_ref(),
        );
        return quote!(#item #stubs);
    }
    expand_operation(&args, &item, &members)
}

fn check_input(
    args: &Args,
    item: &syn::ItemStruct,
    members: &mut [Member],
    diag: &mut Diagnostics,
) {
    let mut token: Option<&Member> = None;
    let mut payload: Option<Span> = None;
    let mut query_map: Option<Span> = None;
    for m in members.iter() {
        if let Some(span) = m.idempotency_token {
            let ok_type = model::option_inner(&m.ty).is_some_and(model::is_string);
            if !ok_type {
                diag.error_at(
                    &m.ty,
                    "an `idempotency_token` member must be `Option<String>`: it is filled with a \
                     UUID when left unset",
                );
            }
            if let Some(first) = token {
                diag.error(
                    span,
                    format!(
                        "a second `idempotency_token`: `{}` already is this operation's token",
                        first.ident
                    ),
                );
            } else {
                token = Some(m);
            }
        }
        match &m.binding {
            Binding::StatusCode => diag.error(
                m.binding_span,
                "binding location `status_code` does not exist on an operation input: inputs \
                 bind `label`, `query`, `query_map`, `header`, `prefix_headers`, `payload` or the \
                 body (default)",
            ),
            Binding::Label { .. } => {
                if !m.required {
                    diag.error_at(
                        &m.ty,
                        format!(
                            "URI label `{}` must not be an `Option`: a label is always required",
                            m.wire
                        ),
                    );
                }
                let in_template = args
                    .parts
                    .iter()
                    .any(|p| matches!(p, Part::Label { name, .. } if *name == m.wire));
                if !in_template && !args.template.is_empty() {
                    diag.error(
                        m.binding_span,
                        format!(
                            "`{}` is a label, but the URI template `{}` has no `{{{}}}`",
                            m.ident, args.template, m.wire
                        ),
                    );
                }
            }
            Binding::Payload => {
                if payload.is_some() {
                    diag.error(m.binding_span, "only one member can be the `payload`");
                }
                payload = Some(m.binding_span);
            }
            Binding::QueryMap => {
                if query_map.is_some() {
                    diag.error(m.binding_span, "only one member can be the `query_map`");
                }
                query_map = Some(m.binding_span);
            }
            _ => {}
        }
    }
    if payload.is_some() {
        for m in members.iter().filter(|m| m.binding == Binding::Body) {
            diag.error(
                m.ident.span(),
                format!(
                    "`{}` would go in the body, but another member is the `payload`; bind it to \
                     a label, query or header, or remove `payload`",
                    m.ident
                ),
            );
        }
    }
    let prefix_labels: Vec<&String> = match &args.host_prefix {
        Some((parts, _)) => parts
            .iter()
            .filter_map(|p| match p {
                Part::Label { name, .. } => Some(name),
                Part::Literal(_) => None,
            })
            .collect(),
        None => Vec::new(),
    };
    for m in members.iter() {
        let Some(span) = m.host_label else { continue };
        if !m.required || !model::is_string(&m.ty) {
            diag.error_at(
                &m.ty,
                "a `host_label` member must be a `String` (not an `Option`): it fills part of the \
                 host name",
            );
        }
        if !prefix_labels.contains(&&m.wire) {
            diag.error(
                span,
                format!(
                    "`{}` is a `host_label`, but the operation's `host_prefix` has no `{{{}}}`",
                    m.ident, m.wire
                ),
            );
        }
    }
    if let Some((_, span)) = &args.host_prefix {
        for name in &prefix_labels {
            if !members
                .iter()
                .any(|m| m.host_label.is_some() && m.wire == **name)
            {
                diag.error(
                    *span,
                    format!(
                        "host label `{{{name}}}` has no field: add `#[aws(host_label)]` to a \
                         `String` field whose wire name is `{name}` in `{}`",
                        item.ident
                    ),
                );
            }
        }
    }
    if let Some(p) = &args.paginated {
        for (key, field) in [
            ("input_token", Some(&p.input_token)),
            ("page_size", p.page_size.as_ref()),
        ] {
            let Some(field) = field else { continue };
            if !members.iter().any(|m| m.ident == *field) {
                diag.error(
                    field.span(),
                    format!("`{key}`: `{}` has no field `{field}`", item.ident),
                );
            }
        }
        if let Some(m) = members.iter().find(|m| m.ident == p.input_token) {
            if model::option_inner(&m.ty).is_none_or(|t| !model::is_string(t)) {
                diag.error_at(
                    &m.ty,
                    "the `input_token` field must be `Option<String>`: the first page has none",
                );
            }
        }
    }
    for part in &args.parts {
        if let Part::Label { name, .. } = part {
            let found = members
                .iter()
                .any(|m| matches!(m.binding, Binding::Label { .. }) && m.wire == *name);
            if !found {
                diag.error(
                    args.http_span,
                    format!(
                        "URI label `{{{name}}}` has no field: add `#[aws(label)]` to a field whose \
                         wire name is `{name}` in `{}`",
                        item.ident
                    ),
                );
            }
        }
    }
    for m in members.iter_mut() {
        if let Binding::Label { greedy } = &mut m.binding {
            *greedy = args
                .parts
                .iter()
                .any(|p| matches!(p, Part::Label { name, greedy: true } if *name == m.wire));
        }
        // awsJson ignores HTTP bindings: every member is in the body, on both sides.
        if args.rpc_only {
            m.binding = Binding::Body;
        }
    }
}

fn operation_name(args: &Args, item: &syn::ItemStruct) -> String {
    if let Some(n) = &args.name {
        return n.clone();
    }
    let s = item.ident.to_string();
    for suffix in ["Request", "Input"] {
        if let Some(base) = s.strip_suffix(suffix) {
            if !base.is_empty() {
                return base.to_owned();
            }
        }
    }
    s
}

fn expand_operation(args: &Args, item: &syn::ItemStruct, members: &[Member]) -> TokenStream {
    let rt = rt();
    let name = &item.ident;
    let vis = &item.vis;
    let op_name = operation_name(args, item);
    let service = args.service.as_ref().expect("checked in parse_args");
    let output = match &args.output {
        Some(p) => quote!(#p),
        None => quote!(()),
    };
    let errors = match &args.errors {
        Some(p) => quote!(#p),
        None => quote!(#rt::UnhandledError),
    };
    let method = &args.method;
    let template = &args.template;
    let status = args.status;
    let all: Vec<&Member> = members.iter().collect();

    let fill_tokens = members
        .iter()
        .filter(|m| m.idempotency_token.is_some())
        .map(|m| {
            let f = &m.ident;
            quote! {
                if self.#f.is_none() {
                    self.#f = ::core::option::Option::Some(__token());
                }
            }
        });

    let label_checks = members
        .iter()
        .filter(|m| matches!(m.binding, Binding::Label { .. }))
        .map(|m| {
            let f = &m.ident;
            let wire = &m.wire;
            let ts = ts_tokens(m.effective_timestamp_format());
            quote! {
                if #rt::HttpText::to_http_text(&self.#f, #ts).is_empty() {
                    __v.report(&#rt::Path::Member(&#rt::Path::Root, #wire), #rt::Rule::Required,
                        "a URI label must not be empty");
                }
            }
        });

    let host_label_checks = members
        .iter()
        .filter(|m| m.host_label.is_some())
        .map(|m| {
            let f = &m.ident;
            let wire = &m.wire;
            quote! {
                if !#rt::is_valid_host_label(&self.#f) {
                    __v.report(&#rt::Path::Member(&#rt::Path::Root, #wire), #rt::Rule::Pattern,
                        "a host label is letters, digits and `-` (not at either end), in dot-separated parts of 1 to 63 characters");
                }
            }
        });
    // `http` present: restJson1; absent: awsJson. The const assertion below checks that the
    // service speaks the protocol the operation is written for.
    let serialize = if args.rpc_only {
        serialize_rpc(members, &op_name)
    } else {
        serialize_body(args, members)
    };
    let host_prefix = match &args.host_prefix {
        None => quote!(),
        Some((parts, _)) => {
            let pushes = parts.iter().map(|p| match p {
                Part::Literal(s) => quote!(__prefix.push_str(#s);),
                Part::Label { name, .. } => {
                    let m = members
                        .iter()
                        .find(|m| m.wire == *name && m.host_label.is_some())
                        .expect("checked: every host label has a member");
                    let f = &m.ident;
                    quote!(__prefix.push_str(&self.#f);)
                }
            });
            quote! {
                let mut __prefix = ::std::string::String::new();
                #(#pushes)*
                __request.host_prefix = ::core::option::Option::Some(__prefix);
            }
        }
    };
    let compression = &args.request_compression;
    let checksum_required = args.checksum_required;
    // `http` present: the service must be restJson1; absent: awsJson.
    let (want_rest, message) = if args.rpc_only {
        (
            false,
            format!(
                "{name} has no `http = \"METHOD /path\"`: only awsJson1_0/awsJson1_1 services \
                 send every operation as `POST /`"
            ),
        )
    } else {
        (
            true,
            format!(
                "{name} has `http = ...`, but its service speaks awsJson, where every operation \
                 is `POST /` with the input in the body: remove `http`"
            ),
        )
    };
    let rpc_check = quote! {
        const _: () = ::core::assert!(
            ::core::matches!(<#service as #rt::Service>::PROTOCOL, #rt::Protocol::RestJson1) == #want_rest,
            #message
        );
    };
    let paginated = args
        .paginated
        .as_ref()
        .map(|p| expand_paginated(p, name, vis, service, &output));
    let parse_request = parse_request(args, members);
    let validate = gen::validate_members(&all);
    let debug = gen::debug_struct(name, members, false);
    let builder = gen::builder(name, vis, members);
    let send_doc = format!(
        "Calls {op_name}: fills the idempotency token if unset, validates, signs and sends \
         (retrying as configured), and parses the response."
    );

    quote! {
        #item
        #debug
        #builder

        impl #name {
            #[doc = #send_doc]
            #[inline]
            #vis async fn send(
                self,
                client: &::aws_op::Client<#service>,
            ) -> ::core::result::Result<#output, ::aws_op::Error<#errors>> {
                client.call(self).await
            }
        }

        const _: () = {
            impl #rt::Validate for #name {
                #[inline]
                fn validate(&self, __v: &mut #rt::Validator, __path: &#rt::Path<'_>) {
                    let _ = (&__v, &__path);
                    #validate
                }
            }

            impl #rt::Operation for #name {
                type Service = #service;
                type Output = #output;
                type Error = #errors;
                const NAME: &'static str = #op_name;
                const METHOD: &'static str = #method;
                const URI: &'static str = #template;
                const SUCCESS_STATUS: u16 = #status;
                const REQUEST_COMPRESSION: &'static [&'static str] = &[#(#compression),*];
                const CHECKSUM_REQUIRED: bool = #checksum_required;

                #[inline]
                fn fill_idempotency_tokens(&mut self, __token: &mut dyn FnMut() -> ::std::string::String) {
                    let _ = &__token;
                    #(#fill_tokens)*
                }

                #[inline]
                fn validate(&self, __constraints: bool) -> ::core::result::Result<(), #rt::ValidationError> {
                    let mut __v = #rt::Validator::new(__constraints);
                    #rt::Validate::validate(self, &mut __v, &#rt::Path::Root);
                    {
                        let __v = &mut __v;
                        #(#label_checks)*
                        #(#host_label_checks)*
                    }
                    __v.finish(#op_name)
                }

                #[inline]
                fn serialize(&self) -> #rt::HttpRequest {
                    let mut __request = { #serialize };
                    #host_prefix
                    __request
                }

                #[inline]
                fn parse_output(__resp: &#rt::HttpResponse) -> ::core::result::Result<Self::Output, #rt::DecodeError> {
                    <#output as #rt::FromResponse>::from_response(__resp)
                }

                #[inline]
                fn parse_request(__msg: &#rt::HttpRequest) -> ::core::result::Result<Self, #rt::DecodeError> {
                    #parse_request
                }
            }
            #rpc_check
        };
        #paginated
    }
}

/// `impl Paginated` plus the `paginate()` and `items()` methods.
fn expand_paginated(
    p: &Paginated,
    name: &syn::Ident,
    vis: &syn::Visibility,
    service: &syn::Path,
    output: &TokenStream,
) -> TokenStream {
    let rt = rt();
    let Paginated {
        input_token,
        output_token,
        items,
        item,
        ..
    } = p;
    quote! {
        impl #rt::Paginated for #name {
            type Item = #item;
            #[inline]
            fn set_page_token(&mut self, __token: ::core::option::Option<::std::string::String>) {
                self.#input_token = __token;
            }
            #[inline]
            fn next_page_token(__output: &#output) -> ::core::option::Option<&str> {
                #rt::PageToken::page_token(&__output.#output_token)
            }
            #[inline]
            fn page_items(__output: #output) -> ::std::vec::Vec<#item> {
                #rt::IntoPageItems::into_page_items(__output.#items)
            }
        }

        impl #name {
            /// The pages of this call, as a `Stream`: one call per page, ending after a page
            /// without a next token (or with one already seen), or after the first error.
            #[inline]
            #vis fn paginate(self, client: &::aws_op::Client<#service>) -> #rt::Pages<Self> {
                #rt::Pages::new(client, self)
            }

            /// The items of every page of this call, in order, as a `Stream`.
            #[inline]
            #vis fn items(self, client: &::aws_op::Client<#service>) -> #rt::Items<Self> {
                #rt::Pages::new(client, self).items()
            }
        }
    }
}

/// The awsJson request: every member in the JSON body (`check_input` has reset their HTTP
/// bindings, which awsJson ignores), `{}` when there are none.
fn serialize_rpc(members: &[Member], op_name: &str) -> TokenStream {
    let rt = rt();
    let body: Vec<&Member> = members.iter().collect();
    let write = gen::write_json_object(&body);
    quote! {{
        let mut __writer = #rt::JsonWriter::new();
        {
            let __w = &mut __writer;
            #write
        }
        #rt::rpc_request::<<Self as #rt::Operation>::Service>(#op_name, __writer.finish().into_bytes())
    }}
}

fn serialize_body(args: &Args, members: &[Member]) -> TokenStream {
    let rt = rt();
    let method = &args.method;
    let path_parts = args.parts.iter().map(|p| match p {
        Part::Literal(s) => quote!(__path.push_str(#s);),
        Part::Label { name, greedy } => {
            let m = members
                .iter()
                .find(|m| m.wire == *name)
                .expect("checked: every label has a member");
            let f = &m.ident;
            let ts = ts_tokens(m.effective_timestamp_format());
            quote! {
                __path.push_str(&#rt::encode_label(&#rt::HttpText::to_http_text(&self.#f, #ts), #greedy));
            }
        }
    });
    let template_query = template_query(&args.template);
    let tq_names = template_query.iter().map(|(k, _)| k);
    let tq_values = template_query.iter().map(|(_, v)| v);
    let option_or_ref = |m: &Member, body: TokenStream| {
        let f = &m.ident;
        if m.required {
            quote! {{ let __x = &self.#f; #body }}
        } else {
            quote! {
                if let ::core::option::Option::Some(__x) = &self.#f { #body }
            }
        }
    };
    let mut query = Vec::new();
    let mut query_map = Vec::new();
    let mut headers = Vec::new();
    for m in members {
        let ts = ts_tokens(m.effective_timestamp_format());
        match &m.binding {
            Binding::Query(name) => query.push(option_or_ref(
                m,
                quote!(#rt::ToQuery::push_query(__x, #name, &mut __query, #ts);),
            )),
            Binding::QueryMap => query_map.push(option_or_ref(
                m,
                quote! {
                    let mut __extra = ::std::vec::Vec::new();
                    #rt::ToQueryMap::push_query_map(__x, &mut __extra, #ts);
                    // Named query members win over the map (Smithy httpQueryParams).
                    for (__k, __val) in __extra {
                        if !__bound.iter().any(|__b| *__b == __k) {
                            __query.push((__k, __val));
                        }
                    }
                },
            )),
            Binding::Header(name) => {
                let encode = if m.json_value.is_some() {
                    quote!(::core::option::Option::Some(#rt::json_value_to_header(__x)))
                } else {
                    quote!(#rt::ToHeader::to_header(__x, #ts))
                };
                headers.push(option_or_ref(
                    m,
                    quote! {
                        if let ::core::option::Option::Some(__h) = #encode {
                            __headers.push((::std::string::String::from(#name), __h));
                        }
                    },
                ))
            }
            Binding::PrefixHeaders(prefix) => headers.push(option_or_ref(
                m,
                quote! {
                    let mut __keys: ::std::vec::Vec<_> = __x.iter().collect();
                    __keys.sort_by(|__a, __b| __a.0.cmp(__b.0));
                    for (__k, __val) in __keys {
                        __headers.push((::std::format!("{}{}", #prefix, __k), ::std::string::String::from(__val.as_str())));
                    }
                },
            )),
            _ => {}
        }
    }
    let bound_names: Vec<&String> = members
        .iter()
        .filter_map(|m| match &m.binding {
            Binding::Query(n) => Some(n),
            _ => None,
        })
        .collect();
    let body_members: Vec<&Member> = members
        .iter()
        .filter(|m| m.binding == Binding::Body)
        .collect();
    let payload = members.iter().find(|m| m.binding == Binding::Payload);
    // A member bound to `Content-Type` (a blob payload's media type) replaces the default.
    let content_type_bound = members.iter().any(
        |m| matches!(&m.binding, Binding::Header(h) if h.eq_ignore_ascii_case("content-type")),
    );
    let set_content_type = |value: TokenStream| {
        if content_type_bound {
            quote! {
                if !__headers.iter().any(|(__n, _)| __n.eq_ignore_ascii_case("content-type")) {
                    __headers.push(("content-type".into(), #value.into()));
                }
            }
        } else {
            quote!(__headers.push(("content-type".into(), #value.into()));)
        }
    };
    let body = if let Some(m) = payload {
        let inner = &m.inner_ty;
        let f = &m.ident;
        let content_type = set_content_type(quote!(<#inner as #rt::Payload>::CONTENT_TYPE));
        if m.required {
            quote! {
                #content_type
                ::core::option::Option::Some(#rt::Payload::to_payload(&self.#f))
            }
        } else {
            quote! {
                match &self.#f {
                    ::core::option::Option::Some(__x) => {
                        #content_type
                        ::core::option::Option::Some(#rt::Payload::to_payload(__x))
                    }
                    ::core::option::Option::None => match <#inner as #rt::Payload>::UNSET_BODY {
                        ::core::option::Option::Some(__empty) => {
                            #content_type
                            ::core::option::Option::Some(__empty.to_vec())
                        }
                        ::core::option::Option::None => ::core::option::Option::None,
                    },
                }
            }
        }
    } else if body_members.is_empty() {
        quote!(::core::option::Option::None)
    } else {
        let write = gen::write_json_object(&body_members);
        let content_type = set_content_type(quote!("application/json"));
        quote! {
            let mut __writer = #rt::JsonWriter::new();
            {
                let __w = &mut __writer;
                #write
            }
            #content_type
            ::core::option::Option::Some(__writer.finish().into_bytes())
        }
    };
    quote! {
        let mut __path = ::std::string::String::with_capacity(64);
        #(#path_parts)*
        let mut __query: ::std::vec::Vec<(::std::string::String, ::std::string::String)> =
            ::std::vec![#((::std::string::String::from(#tq_names), ::std::string::String::from(#tq_values))),*];
        #(#query)*
        {
            let __bound: &[&str] = &[#(#bound_names),*];
            let _ = __bound;
            #(#query_map)*
        }
        let mut __headers: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = ::std::vec::Vec::new();
        #(#headers)*
        let __body = { #body };
        #rt::HttpRequest {
            method: #method,
            path: __path,
            query: __query,
            headers: __headers,
            body: __body,
            host_prefix: ::core::option::Option::None,
        }
    }
}

/// The constant query pairs of a URI template (`/things?x-id=Put&flag`).
fn template_query(template: &str) -> Vec<(String, String)> {
    let Some((_, query)) = template.split_once('?') else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (kv.to_owned(), String::new()),
        })
        .collect()
}

fn parse_request(args: &Args, members: &[Member]) -> TokenStream {
    let rt = rt();
    let mut reads = Vec::new();
    // Names the query map must not take: named members and the template's constant pairs.
    let template_names = template_query(&args.template).into_iter().map(|(k, _)| k);
    let bound_names: Vec<String> = members
        .iter()
        .filter_map(|m| match &m.binding {
            Binding::Query(n) => Some(n.clone()),
            _ => None,
        })
        .chain(template_names)
        .collect();
    for m in members {
        let local = gen::local(m);
        let inner = &m.inner_ty;
        let wire = &m.wire;
        let ts = ts_tokens(m.effective_timestamp_format());
        match &m.binding {
            Binding::Label { .. } => reads.push(quote! {
                let #local: ::core::option::Option<#inner> = match __labels.iter().find(|(__n, _)| __n == #wire) {
                    ::core::option::Option::Some((_, __raw)) => ::core::option::Option::Some(
                        <#inner as #rt::HttpText>::from_http_text(__raw, #ts).map_err(|__e| __e.at(#wire))?,
                    ),
                    ::core::option::Option::None => ::core::option::Option::None,
                };
            }),
            Binding::Query(name) => reads.push(quote! {
                let #local: ::core::option::Option<#inner> = {
                    let __vals: ::std::vec::Vec<&str> = __msg.query.iter()
                        .filter(|(__k, _)| __k == #name)
                        .map(|(_, __val)| __val.as_str())
                        .collect();
                    if __vals.is_empty() {
                        ::core::option::Option::None
                    } else {
                        ::core::option::Option::Some(
                            <#inner as #rt::FromQuery>::from_query(&__vals, #ts).map_err(|__e| __e.at(#name))?,
                        )
                    }
                };
            }),
            Binding::QueryMap => reads.push(quote! {
                let #local: ::core::option::Option<#inner> = {
                    let __bound: &[&str] = &[#(#bound_names),*];
                    let __rest: ::std::vec::Vec<(&str, &str)> = __msg.query.iter()
                        .filter(|(__k, _)| !__bound.contains(&__k.as_str()))
                        .map(|(__k, __val)| (__k.as_str(), __val.as_str()))
                        .collect();
                    if __rest.is_empty() {
                        ::core::option::Option::None
                    } else {
                        ::core::option::Option::Some(<#inner as #rt::FromQueryMap>::from_query_map(&__rest, #ts)?)
                    }
                };
            }),
            _ => {}
        }
    }
    let http: Vec<&Member> = members
        .iter()
        .filter(|m| {
            matches!(
                m.binding,
                Binding::Header(_) | Binding::PrefixHeaders(_) | Binding::Payload
            )
        })
        .collect();
    let read_http = gen::read_http_members(&http);
    let body: Vec<&Member> = members
        .iter()
        .filter(|m| m.binding == Binding::Body)
        .collect();
    let read_body = if body.is_empty() {
        quote!()
    } else {
        let reads = gen::read_json_members(&body);
        quote! {
            let __obj_owned = #rt::parse_object_body(__msg.body.as_deref().unwrap_or_default())?;
            let __obj = &__obj_owned;
            #reads
        }
    };
    let all: Vec<&Member> = members.iter().collect();
    let construct = gen::construct(&all);
    quote! {
        let __labels = #rt::match_uri_template(<Self as #rt::Operation>::URI, &__msg.path)
            .ok_or_else(|| #rt::DecodeError::new("the request path does not match the operation's URI"))?;
        let _ = &__labels;
        #(#reads)*
        #read_body
        let (__headers, __body) = (&__msg.headers[..], __msg.body.as_deref().unwrap_or_default());
        let _ = (__headers, __body);
        #read_http
        ::core::result::Result::Ok(#construct)
    }
}
