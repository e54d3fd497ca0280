//! Harness functions that move values between a case's params format (JSON keyed by member
//! name, see the case files' README) and the generated Rust types: one `from_params_N` per
//! shape reachable from the operation's input, one `to_params_N` per shape reachable from its
//! output and errors. They use the generator's resolved names, so they follow the generated
//! items exactly (fields, `Option`, `Box`, variants).

use aws_op_codegen::{
    Binding, Field, Model, Resolved, ResolvedOperation, ResolvedShape, ShapeKind, TypeKind,
};
use std::collections::BTreeMap;
use std::fmt;
use std::fmt::Write as _;

/// A shape the resolved view does not describe, so no conversion can be written for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingView {
    /// The shape name.
    pub shape: String,
}

impl fmt::Display for MissingView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the generator's resolved view has no shape `{}`, so the harness cannot convert it",
            self.shape
        )
    }
}

impl std::error::Error for MissingView {}

/// Which way a conversion goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Direction {
    /// params -> typed value (inputs).
    FromParams,
    /// typed value -> params (outputs, errors).
    ToParams,
}

/// Writes the conversion functions of one module.
pub struct Conversions<'a> {
    model: &'a Model,
    resolved: &'a Resolved,
    /// Function name of each (direction, shape) already requested.
    names: BTreeMap<(Direction, String), String>,
    /// Requested but not yet written.
    pending: Vec<(Direction, String)>,
    out: String,
}

const VALUE: &str = "::serde_json::Value";
const OUTCOME: &str = "crate::support::Outcome";

impl<'a> Conversions<'a> {
    /// Conversions for the items generated from `model` with names `resolved`.
    pub fn new(model: &'a Model, resolved: &'a Resolved) -> Self {
        Conversions {
            model,
            resolved,
            names: BTreeMap::new(),
            pending: Vec::new(),
            out: String::new(),
        }
    }

    fn name(&mut self, direction: Direction, shape: &str) -> String {
        let key = (direction, shape.to_owned());
        if let Some(n) = self.names.get(&key) {
            return n.clone();
        }
        let prefix = match direction {
            Direction::FromParams => "from_params",
            Direction::ToParams => "to_params",
        };
        let name = format!("{prefix}_{}", self.names.len());
        self.names.insert(key.clone(), name.clone());
        self.pending.push(key);
        name
    }

    fn view(&self, shape: &str) -> Result<&'a ResolvedShape, MissingView> {
        self.resolved.shape(shape).ok_or_else(|| MissingView {
            shape: shape.to_owned(),
        })
    }

    /// Whether member `member` of `shape` is a `jsonvalue` string (carried as JSON text).
    fn is_json_value(&self, shape: Option<&str>, field: &Field) -> bool {
        let Some(shape) = shape.and_then(|s| self.model.shape(s)) else {
            return false;
        };
        field.rust_type == "String"
            && shape
                .kind
                .members()
                .iter()
                .any(|m| m.name == field.member && m.json_value)
    }

    /// Writes `from_params_input`, building the operation's input struct from params, and
    /// returns its name.
    pub fn input(&mut self, op: &ResolvedOperation) -> Result<String, MissingView> {
        let name = "from_params_input".to_owned();
        let label = op.input_shape.clone().unwrap_or_else(|| op.input.clone());
        let body = self.struct_from_params(
            &op.input,
            &label,
            op.input_shape.as_deref(),
            &op.input_fields,
        )?;
        let _ = writeln!(
            self.out,
            "/// Builds `{}` from a case's params.\n\
             fn {name}(v: &{VALUE}) -> {OUTCOME}<{}> {{\n{body}}}\n",
            op.input, op.input
        );
        self.drain()?;
        Ok(name)
    }

    /// The function turning the operation's output into params: a `to_params_N`, or
    /// `crate::support::r_unit` for an operation without output.
    pub fn output(&mut self, op: &ResolvedOperation) -> Result<String, MissingView> {
        let name = match (&op.output, &op.output_shape) {
            (Some(_), Some(shape)) => self.name(Direction::ToParams, shape),
            _ => "crate::support::r_unit".to_owned(),
        };
        self.drain()?;
        Ok(name)
    }

    /// Writes `modelled_error`, giving the members (as params) of a modelled error variant and
    /// `None` for the catch-all, and returns its name.
    pub fn errors(&mut self, op: &ResolvedOperation) -> Result<String, MissingView> {
        let name = "modelled_error".to_owned();
        let mut arms = String::new();
        for e in &op.errors {
            let convert = self.name(Direction::ToParams, &e.shape);
            let _ = writeln!(
                arms,
                "        {}::{}(e) => Some({convert}(e)),",
                op.error, e.variant
            );
        }
        let _ = writeln!(
            self.out,
            "/// The members of a modelled error of `{}`; `None` for the catch-all.\n\
             fn {name}(e: &{}) -> Option<{VALUE}> {{\n    match e {{\n{arms}        _ => None,\n    }}\n}}\n",
            op.name, op.error
        );
        self.drain()?;
        Ok(name)
    }

    /// The written functions.
    pub fn finish(self) -> String {
        self.out
    }

    fn drain(&mut self) -> Result<(), MissingView> {
        while let Some((direction, shape)) = self.pending.pop() {
            let name = self.names[&(direction, shape.clone())].clone();
            let view = self.view(&shape)?;
            let text = match direction {
                Direction::FromParams => self.write_reader(&name, view)?,
                Direction::ToParams => self.write_writer(&name, view)?,
            };
            self.out.push_str(&text);
        }
        Ok(())
    }

    /// The element (lists) or value (maps) shape of a collection shape.
    fn element(&self, shape: &str) -> Result<String, MissingView> {
        match self.model.shape(shape).map(|s| &s.kind) {
            Some(ShapeKind::List(m)) | Some(ShapeKind::Map(_, m)) => Ok(m.shape.clone()),
            _ => Err(MissingView {
                shape: format!("{shape} (element)"),
            }),
        }
    }

    fn write_reader(&mut self, name: &str, view: &ResolvedShape) -> Result<String, MissingView> {
        let shape = &view.shape;
        let ty = &view.rust_type;
        let body = match view.kind {
            TypeKind::Structure | TypeKind::Error => {
                let item = view.item.clone().unwrap_or_else(|| ty.clone());
                self.struct_from_params(&item, shape, Some(shape), &view.fields)?
            }
            TypeKind::Union => {
                let mut arms = String::new();
                for v in &view.variants {
                    let target = v.target.clone().unwrap_or_default();
                    let convert = self.name(Direction::FromParams, &target);
                    let boxed = if v.boxed { ".map(Box::new)" } else { "" };
                    let _ = writeln!(
                        arms,
                        "        {:?} => Ok({ty}::{}({convert}(x){boxed}.map_err(|e| format!(\"{{k}}: {{e}}\"))?)),",
                        v.value, v.ident
                    );
                }
                format!(
                    "    let (k, x) = crate::support::union_member(v, {shape:?})?;\n    \
                     match k {{\n{arms}        other => Err(format!(\"union `{{}}` has no member `{{other}}`\", {shape:?})),\n    }}\n"
                )
            }
            TypeKind::Enum => "    crate::support::enum_value(v)\n".to_owned(),
            TypeKind::List => {
                let convert = self.name(Direction::FromParams, &self.element(shape)?);
                format!("    crate::support::list(v, {convert})\n")
            }
            TypeKind::Map => {
                let convert = self.name(Direction::FromParams, &self.element(shape)?);
                format!("    crate::support::map(v, {convert})\n")
            }
            scalar => format!("    crate::support::{}(v)\n", scalar_reader(scalar)),
        };
        Ok(format!(
            "/// Shape `{shape}` from params.\nfn {name}(v: &{VALUE}) -> {OUTCOME}<{ty}> {{\n{body}}}\n\n"
        ))
    }

    /// The body of a function building struct `ty` (shape `label`) from the object `v`.
    fn struct_from_params(
        &mut self,
        ty: &str,
        label: &str,
        shape: Option<&str>,
        fields: &[Field],
    ) -> Result<String, MissingView> {
        let known: Vec<String> = fields.iter().map(|f| format!("{:?}", f.member)).collect();
        let mut body = format!(
            "    let o = crate::support::object(v, {label:?}, &[{}])?;\n    Ok({ty} {{\n",
            known.join(", ")
        );
        for f in fields {
            let read = if self.is_json_value(shape, f) {
                "crate::support::json_text".to_owned()
            } else {
                self.name(Direction::FromParams, &f.target)
            };
            let read = if f.boxed {
                format!("|x| {read}(x).map(Box::new)")
            } else if f.rust_type == "aws_op::Body" {
                // A streaming upload: the case gives its bytes as a blob.
                format!("|x| {read}(x).map(::aws_op::Body::from)")
            } else {
                read
            };
            let member = &f.member;
            let value = if f.optional {
                format!("crate::support::optional(o, {member:?}, {read})?")
            } else {
                format!("crate::support::required(o, {member:?}, {label:?}, {read})?")
            };
            let _ = writeln!(body, "        {}: {value},", f.ident);
        }
        body.push_str("    })\n");
        Ok(body)
    }

    fn write_writer(&mut self, name: &str, view: &ResolvedShape) -> Result<String, MissingView> {
        let shape = &view.shape;
        let ty = &view.rust_type;
        let body = match view.kind {
            TypeKind::Structure | TypeKind::Error => {
                let mut body = "    let mut o = ::serde_json::Map::new();\n".to_owned();
                for f in view
                    .fields
                    .iter()
                    .filter(|f| f.binding != Binding::EventStream)
                {
                    let convert = if self.is_json_value(Some(shape), f) {
                        "crate::support::r_json_text".to_owned()
                    } else {
                        self.name(Direction::ToParams, &f.target)
                    };
                    let member = &f.member;
                    let ident = &f.ident;
                    if f.optional {
                        let _ = writeln!(
                            body,
                            "    crate::support::put(&mut o, {member:?}, x.{ident}.as_ref().map(|v| {convert}(v)));"
                        );
                    } else {
                        let _ = writeln!(
                            body,
                            "    o.insert({member:?}.to_owned(), {convert}(&x.{ident}));"
                        );
                    }
                }
                // An output's event stream: its events, read to the end, as a list.
                for f in view
                    .fields
                    .iter()
                    .filter(|f| f.binding == Binding::EventStream)
                {
                    let convert = self.name(Direction::ToParams, &f.target);
                    let _ = writeln!(
                        body,
                        "    o.insert({:?}.to_owned(), crate::support::r_events(&mut x.{}, {convert}));",
                        f.member, f.ident
                    );
                }
                body.push_str(&format!("    {VALUE}::Object(o)\n"));
                body
            }
            TypeKind::Union | TypeKind::EventStream => {
                let mut arms = String::new();
                for v in &view.variants {
                    let target = v.target.clone().unwrap_or_default();
                    let convert = self.name(Direction::ToParams, &target);
                    let _ = writeln!(
                        arms,
                        "        {ty}::{}(v) => crate::support::r_member({:?}, {convert}(v)),",
                        v.ident, v.value
                    );
                }
                format!(
                    "    match x {{\n{arms}        {ty}::Unknown(name) => crate::support::r_unknown_member(name),\n    }}\n"
                )
            }
            TypeKind::Enum => "    crate::support::r_enum(x)\n".to_owned(),
            TypeKind::List => {
                let convert = self.name(Direction::ToParams, &self.element(shape)?);
                format!("    crate::support::r_list(x, |v| {convert}(v))\n")
            }
            TypeKind::Map => {
                let convert = self.name(Direction::ToParams, &self.element(shape)?);
                format!("    crate::support::r_map(x, |v| {convert}(v))\n")
            }
            scalar => format!("    crate::support::r_{}(x)\n", scalar_writer(scalar)),
        };
        // Reading an event stream advances it: a structure holding one is taken `&mut`.
        let reference = if view
            .fields
            .iter()
            .any(|f| f.binding == Binding::EventStream)
        {
            "&mut "
        } else {
            "&"
        };
        Ok(format!(
            "/// Shape `{shape}` as params.\nfn {name}(x: {reference}{ty}) -> {VALUE} {{\n{body}}}\n\n"
        ))
    }
}

/// The support function reading a scalar from params.
fn scalar_reader(kind: TypeKind) -> &'static str {
    match kind {
        TypeKind::Boolean => "boolean",
        TypeKind::Byte => "i8",
        TypeKind::Short => "i16",
        TypeKind::Integer => "i32",
        TypeKind::Long => "i64",
        TypeKind::Float => "f32",
        TypeKind::Double => "f64",
        TypeKind::Timestamp => "timestamp",
        TypeKind::Blob => "blob",
        TypeKind::Document => "document",
        _ => "string",
    }
}

/// The suffix of the support function writing a scalar as params (`r_` + this).
fn scalar_writer(kind: TypeKind) -> &'static str {
    match kind {
        TypeKind::Boolean => "bool",
        TypeKind::Byte => "i8",
        TypeKind::Short => "i16",
        TypeKind::Integer => "i32",
        TypeKind::Long => "i64",
        TypeKind::Float => "f32",
        TypeKind::Double => "f64",
        TypeKind::Timestamp => "timestamp",
        TypeKind::Blob => "blob",
        TypeKind::Document => "document",
        _ => "string",
    }
}
