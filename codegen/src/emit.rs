//! Writes the Rust source of a module from a model and its resolved names.
//!
//! Layout: the service struct; per operation its input struct, its output (when no other
//! operation or shape uses it) and its error enum; then the other shapes by name; then the
//! error structs by name. Text is written the way rustfmt writes it (see `layout`).

use crate::docs;
use crate::error::CodegenError;
use crate::layout::{self, Arg};
use crate::model::{
    HttpChecksum, Location, Member, Model, Shape, ShapeKind, StaticValue, XmlNamespace,
};
use crate::paginators::{self, Pagination};
use crate::resolve::{
    self, Binding, Field, Resolved, ResolvedOperation, ResolvedShape, Role, TypeKind,
};
use crate::Options;
use std::collections::{BTreeMap, BTreeSet};

/// Generates the module source from the names `resolved` gave `model` under `options`.
pub(crate) fn generate(
    model: &Model,
    resolved: &Resolved,
    options: &Options,
) -> Result<String, CodegenError> {
    let pagination = match &options.paginators {
        Some(p) => paginators::read(p, model, resolved)?,
        None => BTreeMap::new(),
    };
    let mut emitter = Emitter {
        model,
        resolved,
        options,
        pagination,
        body: String::new(),
        uses_hash_map: false,
    };
    emitter.run()?;
    Ok(emitter.finish())
}

struct Emitter<'a> {
    model: &'a Model,
    resolved: &'a Resolved,
    options: &'a Options,
    pagination: BTreeMap<String, Pagination>,
    body: String,
    uses_hash_map: bool,
}

impl Emitter<'_> {
    fn run(&mut self) -> Result<(), CodegenError> {
        self.service();
        let placed = self.outputs_placed_with_operations();
        for name in self.model.operations().keys() {
            self.section(name);
            let op = self.resolved.operation(name).cloned().ok_or_else(|| {
                CodegenError::invalid(format!("operations.{name}"), "not resolved")
            })?;
            self.operation(&op)?;
            if let Some(output) = op.output_shape.as_deref().filter(|o| placed.contains(*o)) {
                self.item(output, Some(name))?;
            }
            self.error_enum(&op);
        }
        let items: Vec<ResolvedShape> = self.resolved.items().cloned().collect();
        let (errors, shapes): (Vec<_>, Vec<_>) =
            items.iter().partition(|s| s.kind == TypeKind::Error);
        let shapes: Vec<_> = shapes
            .into_iter()
            .filter(|s| !placed.contains(&s.shape))
            .collect();
        if !shapes.is_empty() {
            self.section("Shapes");
            for s in shapes {
                self.item(&s.shape, None)?;
            }
        }
        if !errors.is_empty() {
            self.section("Errors");
            for s in errors {
                self.item(&s.shape, None)?;
            }
        }
        Ok(())
    }

    /// The header, the imports the body needs, and the body.
    fn finish(self) -> String {
        let mut out = String::new();
        if let Some(header) = &self.options.header {
            for line in header.lines() {
                let line = line.trim_end();
                if line.is_empty() {
                    out.push_str("//\n");
                } else {
                    out.push_str(&format!("// {line}\n"));
                }
            }
            out.push('\n');
        }
        let mut macros = vec!["aws_service"];
        if self.resolved.operations().next().is_some() {
            macros.extend(["aws_error", "aws_operation"]);
        }
        if self.resolved.items().any(|s| s.kind != TypeKind::Error) {
            macros.push("aws_shape");
        }
        if self.resolved.items().any(|s| s.kind == TypeKind::Error) {
            macros.push("aws_error");
        }
        macros.sort_unstable();
        macros.dedup();
        if macros.len() == 1 {
            out.push_str(&format!("use aws_op::{};\n", macros[0]));
        } else {
            out.push_str(&format!("use aws_op::{{{}}};\n", macros.join(", ")));
        }
        if self.uses_hash_map {
            out.push_str("use std::collections::HashMap;\n");
        }
        out.push_str(&self.body);
        out
    }

    fn section(&mut self, title: &str) {
        // As wide as the hand-written files' rules, shortened to stay within 100 columns.
        let width = 64usize
            .min(docs::MAX_WIDTH.saturating_sub(4 + title.len()))
            .max(4);
        let rule = "-".repeat(width);
        self.body.push_str(&format!("\n// {rule} {title}\n"));
    }

    fn doc(&mut self, indent: usize, documentation: Option<&str>, fallback: String) {
        let text = documentation.and_then(docs::summary).unwrap_or(fallback);
        for line in docs::doc_lines(&text, indent) {
            self.body.push_str(&line);
            self.body.push('\n');
        }
    }

    fn service(&mut self) {
        let meta = self.model.metadata();
        let service = &self.resolved.service;
        let id = meta.service_id.clone().unwrap_or_else(|| service.clone());
        let signing = meta
            .signing_name
            .clone()
            .or_else(|| meta.endpoint_prefix.clone())
            .unwrap_or_else(|| service.to_ascii_lowercase());
        let mut args = vec![
            Arg::string("id", &id),
            Arg::string("signing_name", &signing),
        ];
        if let Some(prefix) = &meta.endpoint_prefix {
            args.push(Arg::string("endpoint_prefix", prefix));
        }
        args.push(Arg::string("protocol", meta.protocol.attribute_value()));
        args.push(Arg::string(
            "api_version",
            meta.api_version.as_deref().unwrap_or_default(),
        ));
        if meta.protocol.has_target_prefix() {
            let target = meta
                .target_prefix
                .clone()
                .unwrap_or_else(|| service.clone());
            args.push(Arg::string("target_prefix", &target));
        }
        if meta.aws_query_compatible {
            args.push(Arg::flag("aws_query_compatible"));
        }
        if meta.event_stream_http2 {
            args.push(Arg::flag("event_stream_http2"));
        }
        if meta.s3_signing {
            args.push(Arg::string("signature_version", "s3v4"));
        }
        if let Some(endpoint) = &self.options.endpoint {
            args.push(Arg::string("endpoint", endpoint));
        }
        if let Some(rules) = &self.options.endpoint_rules {
            args.push(Arg::string("endpoint_rules", rules));
        }
        let name = meta.service_full_name.as_deref().unwrap_or(id.as_str());
        let mut doc = format!(
            "The service {}: signing name {}, {}.",
            docs::code(name),
            docs::code(&signing),
            meta.protocol.attribute_value()
        );
        if let Some(v) = &meta.api_version {
            doc = format!(
                "The service {} (API version {}): signing name {}, {}.",
                docs::code(name),
                v,
                docs::code(&signing),
                meta.protocol.attribute_value()
            );
        }
        self.body.push('\n');
        self.doc(0, None, doc);
        self.body
            .push_str(&layout::attribute(0, "aws_service", &args));
        self.body.push_str("#[derive(Clone, Copy, Default)]\n");
        self.body.push_str(&format!("pub struct {service};\n"));
    }

    /// Outputs used by exactly one operation and nothing else sit beside that operation.
    fn outputs_placed_with_operations(&self) -> BTreeSet<String> {
        let mut referenced: BTreeMap<&str, usize> = BTreeMap::new();
        for op in self.resolved.operations() {
            if let Some(o) = &op.output_shape {
                *referenced.entry(o).or_default() += 1;
            }
            for e in &self.model.operations()[&op.name].errors {
                *referenced.entry(e).or_default() += 2;
            }
        }
        let mut nested = BTreeSet::new();
        for shape in self.resolved.items() {
            for m in self.model.defined(&shape.shape).kind.members() {
                nested.insert(m.shape.as_str());
            }
        }
        for shape in self.model.shapes().values() {
            match &shape.kind {
                ShapeKind::List(m) => {
                    nested.insert(m.shape.as_str());
                }
                ShapeKind::Map(_, v) => {
                    nested.insert(v.shape.as_str());
                }
                _ => {}
            }
        }
        referenced
            .into_iter()
            .filter(|(name, count)| *count == 1 && !nested.contains(name))
            .map(|(name, _)| name.to_owned())
            .collect()
    }

    fn operation(&mut self, view: &ResolvedOperation) -> Result<(), CodegenError> {
        let name = view.name.as_str();
        let op = &self.model.operations()[name];
        let mut args = vec![Arg::raw("service", &self.resolved.service)];
        let protocol = self.model.metadata().protocol;
        if protocol.has_http_bindings() {
            // botocore's defaults when an operation has no `http`: POST to `/`.
            let (method, uri) = op.http.as_ref().map_or(("POST", "/"), |h| {
                (h.method.as_str(), h.request_uri.as_str())
            });
            args.push(Arg::string("http", &format!("{method} {uri}")));
        }
        if let Some(status) = op.http.as_ref().and_then(|h| h.response_code) {
            if status != 200 {
                args.push(Arg::raw("status", status.to_string()));
            }
        }
        if let Some(output) = &view.output {
            args.push(Arg::raw("output", output));
        }
        args.push(Arg::raw("errors", &view.error));
        if view.needs_name {
            args.push(Arg::string("name", name));
        }
        if let Some(prefix) = &op.host_prefix {
            args.push(Arg::string("host_prefix", prefix));
        }
        if !op.request_compression.is_empty() {
            args.push(Arg::string(
                "request_compression",
                &op.request_compression.join(","),
            ));
        }
        if op.checksum_required {
            args.push(Arg::flag("checksum_required"));
        }
        if let Some(checksum) = &op.http_checksum {
            let input = op.input.as_ref().map(|s| self.model.defined(s));
            nested(
                &mut args,
                "http_checksum",
                http_checksum_args(checksum, input),
            );
        }
        if op.unsigned_payload {
            args.push(Arg::flag("unsigned_payload"));
        }
        let statics = op
            .static_context_params
            .iter()
            .map(|(name, value)| match value {
                StaticValue::Bool(on) => Arg::raw(name, on.to_string()),
                StaticValue::String(text) => Arg::string(name, text),
            });
        nested(&mut args, "static_context_params", statics.collect());
        if op.input.is_none() {
            args.push(Arg::flag("no_input"));
        }
        if let Some(p) = self.pagination.get(name) {
            args.push(p.arg());
        }
        let input = op.input.as_ref().map(|s| self.model.defined(s));
        if protocol.is_xml() {
            // The input's XML root: the reference's `locationName`, else the shape's name.
            let root = op
                .input_location_name
                .clone()
                .or_else(|| input.and_then(|i| i.location_name.clone()))
                .or_else(|| input.map(|i| i.name.clone()))
                .filter(|root| *root != view.input);
            if let Some(root) = root {
                args.push(Arg::string("xml_name", &root));
            }
            let namespace = op
                .input_xml_namespace
                .as_ref()
                .or_else(|| input.and_then(|i| i.xml_namespace.as_ref()));
            if let Some(ns) = namespace {
                args.push(namespace_arg(ns));
            }
        }
        self.body.push('\n');
        self.doc(
            0,
            op.documentation.as_deref(),
            format!("Calls {}.", docs::code(name)),
        );
        self.body
            .push_str(&layout::attribute(0, "aws_operation", &args));
        self.derives(&view.input_fields);
        let host_prefix = op.host_prefix.clone();
        self.struct_body(
            &view.input,
            input,
            &view.input_fields,
            (Role::Input, host_prefix.as_deref()),
            true,
        );
        Ok(())
    }

    fn error_enum(&mut self, view: &ResolvedOperation) {
        let name = view.name.as_str();
        let mut variants = String::new();
        for e in &view.errors {
            let shape = self.model.defined(&e.shape);
            let doc = format!("{} ({}).", docs::code(&e.shape), error_status(shape));
            for line in docs::doc_lines(&doc, 4) {
                variants.push_str(&line);
                variants.push('\n');
            }
            variants.push_str(&layout::tuple_variant(4, &e.variant, &e.rust_type));
        }
        self.body.push('\n');
        self.doc(0, None, format!("Errors of {}.", docs::code(name)));
        self.body
            .push_str("#[aws_error]\n#[derive(Clone, PartialEq)]\n");
        if variants.is_empty() {
            self.body
                .push_str(&format!("pub enum {} {{}}\n", view.error));
        } else {
            self.body
                .push_str(&format!("pub enum {} {{\n{variants}}}\n", view.error));
        }
    }

    /// An `#[aws_shape]` or `#[aws_error]` item; `output_of` names the one operation whose
    /// output it is, when it sits beside that operation.
    fn item(&mut self, shape_name: &str, output_of: Option<&str>) -> Result<(), CodegenError> {
        let shape = self.model.defined(shape_name);
        let Some(view) = self.resolved.shape(shape_name).cloned() else {
            return Ok(());
        };
        let Some(ident) = view.item.clone() else {
            return Ok(());
        };
        self.body.push('\n');
        let fallback = match view.kind {
            TypeKind::Enum => format!("The values of {}.", docs::code(shape_name)),
            TypeKind::Union => format!("The {} union.", docs::code(shape_name)),
            TypeKind::EventStream => format!("The events of {}.", docs::code(shape_name)),
            TypeKind::Error => format!("The {} error.", docs::code(shape_name)),
            _ => match output_of {
                Some(op) => format!("The output of {}.", docs::code(op)),
                None => format!("The {} structure.", docs::code(shape_name)),
            },
        };
        self.doc(0, shape.documentation.as_deref(), fallback);
        match view.kind {
            TypeKind::Error => {
                let code = self.model.wire_error_code(shape_name);
                let mut args = vec![
                    Arg::string("code", code),
                    Arg::raw("status", error_status(shape).to_string()),
                ];
                match shape.retryable {
                    Some(true) => args.push(Arg::flag("throttling")),
                    Some(false) => args.push(Arg::flag("retryable")),
                    None => {}
                }
                if shape.sensitive {
                    args.push(Arg::flag("sensitive"));
                }
                self.body
                    .push_str(&layout::attribute(0, "aws_error", &args));
                self.body.push_str("#[derive(Clone, PartialEq)]\n");
                let role = self.resolved.role_of(shape_name);
                self.struct_body(&ident, Some(shape), &view.fields, (role, None), false);
            }
            TypeKind::Structure => {
                self.shape_attribute(shape, &ident, None);
                self.derives(&view.fields);
                let role = self.resolved.role_of(shape_name);
                let validated = self.resolved.is_validated(shape_name);
                self.struct_body(&ident, Some(shape), &view.fields, (role, None), validated);
            }
            TypeKind::Enum => {
                self.shape_attribute(shape, &ident, None);
                self.body
                    .push_str("#[derive(Clone, PartialEq, Eq, Hash)]\n");
                let mut text = String::new();
                for v in &view.variants {
                    text.push_str(&format!("    /// {}\n", docs::code(&v.value)));
                    text.push_str(&layout::attribute(
                        4,
                        "aws",
                        &[Arg::string("name", &v.value)],
                    ));
                    text.push_str(&format!("    {},\n", v.ident));
                }
                self.body
                    .push_str(&format!("pub enum {ident} {{\n{text}}}\n"));
            }
            TypeKind::EventStream => self.event_stream(shape, &ident, &view),
            TypeKind::Union => {
                self.shape_attribute(shape, &ident, None);
                self.body.push_str("#[derive(Clone, PartialEq)]\n");
                // Members are held inline, as the model has them; boxing the large ones would
                // make the API depend on a size threshold.
                let holds_structures = shape.kind.members().iter().any(|m| {
                    matches!(
                        self.model.defined(&m.shape).kind,
                        ShapeKind::Structure(_) | ShapeKind::Union(_)
                    )
                });
                if holds_structures {
                    self.body.push_str("#[allow(clippy::large_enum_variant)]\n");
                }
                let members = shape.kind.members();
                let mut text = String::new();
                for (v, m) in view.variants.iter().zip(members) {
                    let mut variant_doc = String::new();
                    let fallback = format!("The {} member.", docs::code(&m.name));
                    let doc = m
                        .documentation
                        .as_deref()
                        .and_then(docs::summary)
                        .unwrap_or(fallback);
                    for line in docs::doc_lines(&doc, 4) {
                        variant_doc.push_str(&line);
                        variant_doc.push('\n');
                    }
                    text.push_str(&variant_doc);
                    let mut args = Vec::new();
                    if v.ident != v.wire {
                        args.push(Arg::string("name", &v.wire));
                    }
                    if let Some(format) = resolve::timestamp_format(self.model, m) {
                        args.push(Arg::string("timestamp_format", format.attribute_value()));
                    }
                    if resolve::is_sensitive(self.model, &m.shape) {
                        args.push(Arg::flag("sensitive"));
                    }
                    args.extend(self.xml_args(m, true));
                    args.extend(self.position_args(m, false));
                    if !args.is_empty() {
                        text.push_str(&layout::attribute(4, "aws", &args));
                    }
                    let ty = v.rust_type.clone().unwrap_or_default();
                    self.note_type(&ty);
                    text.push_str(&layout::tuple_variant(4, &v.ident, &ty));
                }
                self.body
                    .push_str(&format!("pub enum {ident} {{\n{text}}}\n"));
            }
            _ => {}
        }
        Ok(())
    }

    /// The `#[derive]` of a struct: `Clone` and `PartialEq`, unless it holds a stream (events,
    /// or a download read as it arrives).
    fn derives(&mut self, fields: &[Field]) {
        let streams =
            |f: &Field| f.binding == Binding::EventStream || f.rust_type == "aws_op::ByteStream";
        if !fields.iter().any(streams) {
            self.body.push_str("#[derive(Clone, PartialEq)]\n");
        }
    }

    /// An event-stream union (its event members) and the error enum of its exception
    /// members.
    fn event_stream(&mut self, shape: &Shape, ident: &str, view: &ResolvedShape) {
        let errors = view.stream_errors.as_ref();
        let option = match errors {
            Some(e) => Arg::List("event_stream".into(), vec![Arg::raw("errors", &e.ident)]),
            None => Arg::flag("event_stream"),
        };
        self.shape_attribute(shape, ident, Some(option));
        self.body.push_str("#[derive(Clone, PartialEq)]\n");
        self.body.push_str("#[allow(clippy::large_enum_variant)]\n");
        let mut text = String::new();
        for v in &view.variants {
            let member = shape.kind.members().iter().find(|m| m.name == v.value);
            let doc = member
                .and_then(|m| m.documentation.as_deref())
                .and_then(docs::summary)
                .unwrap_or_else(|| format!("The {} event.", docs::code(&v.value)));
            for line in docs::doc_lines(&doc, 4) {
                text.push_str(&line);
                text.push('\n');
            }
            if v.ident != v.wire {
                text.push_str(&layout::attribute(
                    4,
                    "aws",
                    &[Arg::string("name", &v.wire)],
                ));
            }
            let ty = v.rust_type.clone().unwrap_or_default();
            text.push_str(&layout::tuple_variant(4, &v.ident, &ty));
        }
        self.body
            .push_str(&format!("pub enum {ident} {{\n{text}}}\n"));
        let Some(errors) = errors else {
            return;
        };
        let mut variants = String::new();
        for v in &errors.variants {
            let doc = format!("The {} exception event.", docs::code(&v.member));
            for line in docs::doc_lines(&doc, 4) {
                variants.push_str(&line);
                variants.push('\n');
            }
            if v.member != v.error.variant {
                variants.push_str(&layout::attribute(
                    4,
                    "aws",
                    &[Arg::string("name", &v.member)],
                ));
            }
            variants.push_str(&layout::tuple_variant(
                4,
                &v.error.variant,
                &v.error.rust_type,
            ));
        }
        self.body.push('\n');
        self.doc(
            0,
            None,
            format!("The exception events of {}.", docs::code(&shape.name)),
        );
        self.body
            .push_str("#[aws_error]\n#[derive(Clone, PartialEq)]\n");
        self.body
            .push_str(&format!("pub enum {} {{\n{variants}}}\n", errors.ident));
    }

    fn shape_attribute(&mut self, shape: &Shape, ident: &str, extra: Option<Arg>) {
        let mut args = if shape.sensitive {
            vec![Arg::flag("sensitive")]
        } else {
            Vec::new()
        };
        args.extend(extra);
        let structured = matches!(shape.kind, ShapeKind::Structure(_) | ShapeKind::Union(_));
        if structured && self.model.metadata().protocol.is_xml() {
            // The element name where the shape is a document root: the shape's `locationName`,
            // else its model name (which the Rust name may not keep).
            let root = shape.location_name.as_deref().unwrap_or(&shape.name);
            if root != ident {
                args.push(Arg::string("xml_name", root));
            }
            if let Some(ns) = &shape.xml_namespace {
                args.push(namespace_arg(ns));
            }
        }
        self.body
            .push_str(&layout::attribute(0, "aws_shape", &args));
    }

    fn note_type(&mut self, ty: &str) {
        if ty.contains("HashMap<") {
            self.uses_hash_map = true;
        }
    }

    /// `pub struct Name { fields }` with each field's docs and `#[aws(...)]`; an operation
    /// input comes with the operation's host prefix.
    fn struct_body(
        &mut self,
        ident: &str,
        shape: Option<&Shape>,
        fields: &[Field],
        (role, host_prefix): (Role, Option<&str>),
        validated: bool,
    ) {
        let Some(shape) = shape.filter(|_| !fields.is_empty()) else {
            self.body.push_str(&format!("pub struct {ident} {{}}\n"));
            return;
        };
        let mut text = String::new();
        for (field, member) in fields.iter().zip(shape.kind.members()) {
            let fallback = format!("The {} member.", docs::code(&member.name));
            let mut doc = member
                .documentation
                .as_deref()
                .and_then(docs::summary)
                .unwrap_or(fallback);
            if role == Role::Input && member.idempotency_token {
                doc.push_str(" Filled with a UUID when left unset.");
            }
            for line in docs::doc_lines(&doc, 4) {
                text.push_str(&line);
                text.push('\n');
            }
            let args = self.field_args(member, field, (role, host_prefix), validated);
            if !args.is_empty() {
                text.push_str(&layout::attribute(4, "aws", &args));
            }
            let ty = if field.optional {
                format!("Option<{}>", field.rust_type)
            } else {
                field.rust_type.clone()
            };
            self.note_type(&ty);
            text.push_str(&layout::field(4, &format!("pub {}", field.ident), &ty));
        }
        self.body
            .push_str(&format!("pub struct {ident} {{\n{text}}}\n"));
    }

    fn field_args(
        &self,
        m: &Member,
        field: &Field,
        (role, host_prefix): (Role, Option<&str>),
        validated: bool,
    ) -> Vec<Arg> {
        let target = self.model.defined(&m.shape);
        let mut args = Vec::new();
        match &field.binding {
            Binding::Body => {}
            Binding::Label => args.push(Arg::flag("label")),
            Binding::Query(name) => args.push(Arg::string("query", name)),
            Binding::QueryMap => args.push(Arg::flag("query_map")),
            Binding::Header(name) => args.push(Arg::string("header", name)),
            Binding::PrefixHeaders(prefix) => args.push(Arg::string("prefix_headers", prefix)),
            Binding::Payload => args.push(Arg::flag("payload")),
            Binding::StatusCode => args.push(Arg::flag("status_code")),
            Binding::EventHeader => args.push(Arg::flag("event_header")),
            Binding::EventStream => args.push(Arg::flag("event_stream")),
        }
        if aws_op_naming::wire_name(&field.ident) != field.wire {
            args.push(Arg::string("name", &field.wire));
        }
        if role == Role::Input {
            if m.idempotency_token {
                args.push(Arg::flag("idempotency_token"));
            }
            // botocore fills host labels into the operation's host prefix only; S3 Control
            // marks `AccountId` a host label also in operations that have none.
            let label = format!("{{{}}}", m.name);
            if m.host_label && host_prefix.is_some_and(|p| p.contains(&label)) {
                args.push(Arg::flag("host_label"));
            }
            if let Some(param) = &m.context_param {
                args.push(Arg::string("context_param", param));
            }
        }
        let plain_string = matches!(&target.kind, ShapeKind::String(v) if v.is_empty());
        if m.json_value && plain_string && matches!(field.binding, Binding::Header(_)) {
            args.push(Arg::flag("json_value"));
        }
        if let Some(format) = resolve::timestamp_format(self.model, m) {
            args.push(Arg::string("timestamp_format", format.attribute_value()));
        }
        if resolve::is_sensitive(self.model, &m.shape) {
            args.push(Arg::flag("sensitive"));
        }
        let body = matches!(field.binding, Binding::Body);
        args.extend(self.xml_args(m, body));
        if validated {
            args.extend(constraints(target));
        }
        args.extend(self.position_args(m, validated));
        args
    }

    /// The XML and ec2Query facts of a structure or union member: `xml_attribute` and
    /// `xml_flattened` (body members only), its namespace (or its list, map or scalar
    /// target's; a structure's is on the structure), `ec2_name`.
    fn xml_args(&self, m: &Member, body: bool) -> Vec<Arg> {
        let target = self.model.defined(&m.shape);
        let mut args = Vec::new();
        if body && m.xml_attribute {
            args.push(Arg::flag("xml_attribute"));
        }
        let collection = matches!(target.kind, ShapeKind::List(_) | ShapeKind::Map(..));
        if body && collection && (m.flattened || target.flattened) {
            args.push(Arg::flag("xml_flattened"));
        }
        if let Some(ns) = member_namespace(m, target) {
            args.push(namespace_arg(ns));
        }
        if let Some(name) = &m.query_name {
            args.push(Arg::string("ec2_name", name));
        }
        args
    }

    /// `item(...)`, `key(...)`, `value(...)` of a list or map member: the positions' constraints
    /// (when `validated`) and wire facts.
    fn position_args(&self, m: &Member, validated: bool) -> Vec<Arg> {
        let target = self.model.defined(&m.shape);
        let mut args = Vec::new();
        let positions: Vec<(&str, &Member)> = match &target.kind {
            ShapeKind::List(item) => vec![("item", item)],
            ShapeKind::Map(key, value) => vec![("key", key), ("value", value)],
            _ => Vec::new(),
        };
        for (key, position) in positions {
            let mut inner = if validated {
                constraints(self.model.defined(&position.shape))
            } else {
                Vec::new()
            };
            inner.extend(self.position_facts(position, 0));
            nested(&mut args, key, inner);
        }
        args
    }

    /// The wire facts of a list item or map key or value: its element name, namespace, and
    /// (a nested list or map) flattening and positions.
    fn position_facts(&self, position: &Member, depth: usize) -> Vec<Arg> {
        let target = self.model.defined(&position.shape);
        let mut args = Vec::new();
        let name = position
            .location_name
            .as_deref()
            .or(target.location_name.as_deref());
        if let Some(name) = name {
            args.push(Arg::string("name", name));
        }
        if let Some(ns) = member_namespace(position, target) {
            args.push(namespace_arg(ns));
        }
        let nested_positions: Vec<(&str, &Member)> = match &target.kind {
            ShapeKind::List(item) => vec![("item", item)],
            ShapeKind::Map(key, value) => vec![("key", key), ("value", value)],
            _ => Vec::new(),
        };
        if !nested_positions.is_empty() && (position.flattened || target.flattened) {
            args.push(Arg::flag("xml_flattened"));
        }
        // Lists of lists nest a few levels at most; the bound only guards odd models.
        if depth < 8 {
            for (key, inner) in nested_positions {
                nested(&mut args, key, self.position_facts(inner, depth + 1));
            }
        }
        args
    }
}

/// The namespace of a member's element: the member's own, else its target's unless the
/// target is a structure or union (whose namespace its `#[aws_shape]` carries).
fn member_namespace<'m>(m: &'m Member, target: &'m Shape) -> Option<&'m XmlNamespace> {
    let structured = matches!(target.kind, ShapeKind::Structure(_) | ShapeKind::Union(_));
    m.xml_namespace.as_ref().or_else(|| {
        (!structured)
            .then_some(target.xml_namespace.as_ref())
            .flatten()
    })
}

/// `xml_namespace(uri = "...", prefix = "...")`.
fn namespace_arg(ns: &XmlNamespace) -> Arg {
    let mut inner = vec![Arg::string("uri", &ns.uri)];
    if let Some(prefix) = &ns.prefix {
        inner.push(Arg::string("prefix", prefix));
    }
    Arg::List("xml_namespace".into(), inner)
}

/// The checksum algorithms the runtime computes and verifies; a response may carry others
/// (SHA-512, MD5, xxHash), which are then not verified.
const CHECKSUM_ALGORITHMS: &[&str] = &["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

/// `http_checksum(...)` of an operation: the headers its algorithm and validation-mode members
/// are bound to (members bound elsewhere are left out, as the runtime reads headers), whether a
/// checksum is required, and the response algorithms the runtime verifies.
fn http_checksum_args(checksum: &HttpChecksum, input: Option<&Shape>) -> Vec<Arg> {
    let header_of = |member: &Option<String>| {
        let member = member.as_ref()?;
        let m = input?.kind.members().iter().find(|m| m.name == *member)?;
        (m.location == Some(Location::Header))
            .then(|| m.location_name.clone())
            .flatten()
    };
    let mut inner = Vec::new();
    if let Some(header) = header_of(&checksum.request_algorithm_member) {
        inner.push(Arg::string("request_algorithm_header", &header));
    }
    if checksum.request_checksum_required {
        inner.push(Arg::flag("request_checksum_required"));
    }
    if let Some(header) = header_of(&checksum.request_validation_mode_member) {
        inner.push(Arg::string("response_validation_header", &header));
        let algorithms: Vec<&str> = checksum
            .response_algorithms
            .iter()
            .map(String::as_str)
            .filter(|a| CHECKSUM_ALGORITHMS.contains(a))
            .collect();
        if !algorithms.is_empty() {
            inner.push(Arg::string("response_algorithms", &algorithms.join(",")));
        }
    }
    inner
}

fn nested(args: &mut Vec<Arg>, key: &str, inner: Vec<Arg>) {
    if !inner.is_empty() {
        args.push(Arg::List(key.into(), inner));
    }
}

/// The `length`, `pattern` and `range` of a shape's own value.
fn constraints(shape: &Shape) -> Vec<Arg> {
    let mut args = Vec::new();
    let bounds = |args: &mut Vec<Arg>, key: &str, non_negative: bool| {
        let mut inner = Vec::new();
        for (k, v) in [("min", shape.min), ("max", shape.max)] {
            if let Some(v) = v {
                let v = if non_negative { v.max(0.0).floor() } else { v };
                inner.push(Arg::raw(k, layout::number_literal(v)));
            }
        }
        if !inner.is_empty() {
            args.push(Arg::List(key.into(), inner));
        }
    };
    match &shape.kind {
        // Enum values are checked by the type.
        ShapeKind::String(values) if values.is_empty() => {
            bounds(&mut args, "length", true);
            if let Some(p) = &shape.pattern {
                args.push(Arg::string("pattern", p));
            }
        }
        ShapeKind::Blob | ShapeKind::List(_) | ShapeKind::Map(..) => {
            bounds(&mut args, "length", true)
        }
        ShapeKind::Byte
        | ShapeKind::Short
        | ShapeKind::Integer
        | ShapeKind::Long
        | ShapeKind::Float
        | ShapeKind::Double => bounds(&mut args, "range", false),
        _ => {}
    }
    args
}

/// An error's HTTP status: the model's, else 500 for a fault and 400 otherwise.
fn error_status(shape: &Shape) -> u16 {
    shape
        .error
        .as_ref()
        .and_then(|e| e.status)
        .unwrap_or(if shape.fault { 500 } else { 400 })
}
