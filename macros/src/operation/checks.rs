//! The checks of an operation input that need the whole item: labels against the template,
//! one payload, one query map, idempotency tokens, host labels, endpoint parameters,
//! pagination fields.

use super::args::{Args, Part};
use crate::diag::Diagnostics;
use crate::model::{self, Binding, Member};
use proc_macro2::Span;

pub fn check_input(
    args: &Args,
    item: &syn::ItemStruct,
    members: &mut [Member],
    diag: &mut Diagnostics,
) {
    if args.no_input {
        if let Some(first) = members.first() {
            diag.error_at(
                &first.ident,
                "`no_input` says the model gives this operation no input, so its struct has no \
                 fields: remove the fields or `no_input`",
            );
        }
    }
    let mut token: Option<&Member> = None;
    let mut payload: Option<Span> = None;
    let mut stream: Option<&Member> = None;
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
                 bind `label`, `query`, `query_map`, `header`, `prefix_headers`, `payload`, \
                 `event_stream` or the body (default)",
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
            Binding::EventHeader => diag.error(
                m.binding_span,
                "`event_header` marks a header of an event (a structure in an event-stream \
                 union), not of an operation input",
            ),
            Binding::EventStream => {
                crate::shape::check_event_stream(m, &mut stream, "an input", diag)
            }
            _ => {}
        }
    }
    crate::shape::check_stream_and_payload(stream, payload, diag);
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
    check_context_params(args, members, diag);
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
        // awsJson ignores HTTP bindings: every member is in the body, on both sides (the
        // event stream follows the `initial-request` event that carries them).
        if args.rpc_only && m.binding != Binding::EventStream {
            m.binding = Binding::Body;
        }
    }
}

/// Members marked `context_param` are strings, and each endpoint parameter is set once (by a
/// member or by `static_context_params`).
fn check_context_params(args: &Args, members: &[Member], diag: &mut Diagnostics) {
    let mut seen: Vec<String> = args
        .static_context_params
        .iter()
        .map(|(name, _)| name.clone())
        .collect();
    for m in members {
        let Some(name) = &m.context_param else {
            continue;
        };
        if !model::is_string(&m.inner_ty) {
            diag.error_at(
                &m.ty,
                "a `context_param` member must be a `String` or an `Option<String>`: its value \
                 is a string parameter of the endpoint rules",
            );
        }
        if seen.contains(&name.value()) {
            diag.error_at(
                name,
                format!(
                    "endpoint parameter `{}` is already set by another member or by \
                     `static_context_params`",
                    name.value()
                ),
            );
        } else {
            seen.push(name.value());
        }
    }
}
