//! The resolved view of a model: every Rust name the generated code uses, decided once.
//!
//! The generator writes code from this view, and a caller that writes code against the
//! generated items (a test harness, for example) reads the same view: the Rust type of a shape,
//! the field of a member and whether it is an `Option` or a `Box`, the variant of an enum value
//! or union member, and per operation the input struct, output type and error enum with its
//! variants.
//!
//! Which shapes become items: those reachable from an operation (members of its input, its
//! output, its errors, and everything they reach through members, list members and map
//! values). Structures, unions, string enums and errors get items; other shapes map to Rust
//! types (`String`, `i32`, `Vec<T>`, `aws_op::Blob`, ...). An operation's input is always its
//! own struct `{Op}Request`; the input shape gets an `#[aws_shape]` item of its own only when it
//! is also an output, an error or a member of something.

use crate::error::CodegenError;
use crate::model::{
    Location, Member, Model, Operation, Protocol, Shape, ShapeKind, TimestampFormat,
};
use crate::naming;
use crate::Options;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Type names the generated module refers to unqualified; shapes may not take them.
const RESERVED_TYPES: &[&str] = &[
    "String", "Option", "Vec", "Box", "HashMap", "Result", "Some", "None", "Ok", "Err", "Self",
];

/// What a shape is in Rust.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// An `#[aws_shape]` struct.
    Structure,
    /// An `#[aws_shape]` enum with one-value variants.
    Union,
    /// An `#[aws_shape(event_stream)]` enum: the events of a stream (botocore `eventstream`),
    /// its exception events an `#[aws_error]` enum of their own.
    EventStream,
    /// An `#[aws_shape]` enum with unit variants (open string enum).
    Enum,
    /// An `#[aws_error]` struct.
    Error,
    /// `aws_op::Document`.
    Document,
    /// `String` (strings without `enum`, characters, and enums used only as map keys).
    String,
    /// `aws_op::Blob`.
    Blob,
    /// `bool`.
    Boolean,
    /// `i8`.
    Byte,
    /// `i16`.
    Short,
    /// `i32`.
    Integer,
    /// `i64`.
    Long,
    /// `f32`.
    Float,
    /// `f64`.
    Double,
    /// `aws_op::DateTime`.
    Timestamp,
    /// `Vec<T>`.
    List,
    /// `HashMap<String, V>`.
    Map,
}

/// Where a member goes in the HTTP message, as the generated `#[aws(...)]` says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Binding {
    /// The JSON body (the default).
    Body,
    /// A URI label.
    Label,
    /// A query parameter of this name.
    Query(String),
    /// The query parameters not bound otherwise.
    QueryMap,
    /// A header of this name.
    Header(String),
    /// Headers with this prefix.
    PrefixHeaders(String),
    /// The whole body.
    Payload,
    /// The response status code.
    StatusCode,
    /// A typed header of an event message (`eventheader`).
    EventHeader,
    /// The operation's event stream: `aws_op::EventSender<U>` in an input,
    /// `aws_op::EventReceiver<U>` in an output.
    EventStream,
}

/// A field of a generated struct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The member name in the model.
    pub member: String,
    /// The Rust field identifier as written (`r#type` for a keyword).
    pub ident: String,
    /// The wire name (JSON key or URI label name) the `#[aws(name)]` attribute gives.
    pub wire: String,
    /// The target shape.
    pub target: String,
    /// The Rust type without `Option` (with `Box<...>` when boxed).
    pub rust_type: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// Whether the value is boxed (it breaks a recursive cycle).
    pub boxed: bool,
    /// Where it goes in the HTTP message.
    pub binding: Binding,
}

/// A variant of a generated enum: a string enum value or a union member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The enum value, or the union member name.
    pub value: String,
    /// The Rust variant identifier.
    pub ident: String,
    /// The value on the wire: the enum value, or the union member's JSON key (its
    /// `locationName`, else its name).
    pub wire: String,
    /// Union members: the target shape.
    pub target: Option<String>,
    /// Union members: the Rust type the variant holds (with `Box<...>` when boxed).
    pub rust_type: Option<String>,
    /// Union members: whether the value is boxed.
    pub boxed: bool,
}

/// The Rust view of one shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedShape {
    /// The shape name.
    pub shape: String,
    /// What it is in Rust.
    pub kind: TypeKind,
    /// The Rust type as written in a field (`Vec<Foo>`, `aws_op::Blob`, `Foo`).
    pub rust_type: String,
    /// The identifier of the generated item, when the shape has one.
    pub item: Option<String>,
    /// Structures and errors: the fields, in member order.
    pub fields: Vec<Field>,
    /// Enums: one per value; unions: one per member; event streams: one per event member;
    /// in model order.
    pub variants: Vec<Variant>,
    /// Event streams with exception members: their `#[aws_error]` enum.
    pub stream_errors: Option<StreamErrors>,
}

/// The `#[aws_error]` enum of an event stream's exception events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamErrors {
    /// The enum's identifier (`{Stream}Error`).
    pub ident: String,
    /// One variant per exception member, in model order.
    pub variants: Vec<StreamErrorVariant>,
}

/// An exception member of an event stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamErrorVariant {
    /// The member name: the `:exception-type` of its messages.
    pub member: String,
    /// The error shape and its variant.
    pub error: ErrorVariant,
}

impl ResolvedShape {
    /// The field of a member.
    pub fn field(&self, member: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.member == member)
    }

    /// The variant of an enum value or union member.
    pub fn variant(&self, value: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.value == value)
    }
}

/// A variant of an operation's error enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorVariant {
    /// The error shape.
    pub shape: String,
    /// The variant identifier in the operation's error enum.
    pub variant: String,
    /// The error struct's identifier.
    pub rust_type: String,
}

/// The Rust view of one operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedOperation {
    /// The operation name.
    pub name: String,
    /// The input struct's identifier (`{Op}Request`).
    pub input: String,
    /// The input shape, if the operation has one.
    pub input_shape: Option<String>,
    /// The input struct's fields, in member order.
    pub input_fields: Vec<Field>,
    /// The output type's identifier, if the operation has an output.
    pub output: Option<String>,
    /// The output shape.
    pub output_shape: Option<String>,
    /// The error enum's identifier (`{Op}Error`).
    pub error: String,
    /// The error enum's variants, in model order.
    pub errors: Vec<ErrorVariant>,
    /// Whether `#[aws_operation(name = "...")]` is needed (the struct name does not give the
    /// operation name back).
    pub needs_name: bool,
}

impl ResolvedOperation {
    /// The input field of a member.
    pub fn input_field(&self, member: &str) -> Option<&Field> {
        self.input_fields.iter().find(|f| f.member == member)
    }

    /// The error variant of an error shape.
    pub fn error_variant(&self, shape: &str) -> Option<&ErrorVariant> {
        self.errors.iter().find(|e| e.shape == shape)
    }
}

/// Every Rust name of a model's generated code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The service struct's identifier.
    pub service: String,
    /// The protocol.
    pub protocol: Protocol,
    shapes: BTreeMap<String, ResolvedShape>,
    operations: BTreeMap<String, ResolvedOperation>,
    /// Shapes with an item, in generation order (by shape name).
    items: Vec<String>,
    /// Shapes whose members carry constraints (reachable from an operation input).
    validated: BTreeSet<String>,
    /// Shapes used as an operation output or error: their members keep header and status
    /// bindings.
    top_level_outputs: BTreeSet<String>,
}

impl Resolved {
    /// The view of a shape reachable from an operation (or any shape of the model that maps
    /// to a built-in type).
    pub fn shape(&self, name: &str) -> Option<&ResolvedShape> {
        self.shapes.get(name)
    }

    /// The view of an operation.
    pub fn operation(&self, name: &str) -> Option<&ResolvedOperation> {
        self.operations.get(name)
    }

    /// All operations, by name.
    pub fn operations(&self) -> impl Iterator<Item = &ResolvedOperation> {
        self.operations.values()
    }

    /// The shapes that get an item, in generation order.
    pub fn items(&self) -> impl Iterator<Item = &ResolvedShape> {
        self.items.iter().filter_map(|n| self.shapes.get(n))
    }

    /// Whether the members of `shape` carry constraints (only values that are sent are
    /// validated, so output-only shapes do not).
    pub(crate) fn is_validated(&self, shape: &str) -> bool {
        self.validated.contains(shape)
    }
}

/// Whether a struct is an operation input, an output/error (bindings kept) or only nested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Input,
    Output,
    Nested,
}

/// Resolves every name of the generated code for `model`.
pub fn resolve(model: &Model, options: &Options) -> Result<Resolved, CodegenError> {
    Resolver::new(model, options)?.run()
}

struct Resolver<'a> {
    model: &'a Model,
    service: String,
    taken: BTreeSet<String>,
    /// Shape name -> item identifier.
    item_names: BTreeMap<String, String>,
    /// Event-stream shape name -> the identifier of its exceptions' error enum.
    stream_error_names: BTreeMap<String, String>,
    boxed: BTreeSet<(String, String)>,
}

impl<'a> Resolver<'a> {
    fn new(model: &'a Model, options: &Options) -> Result<Self, CodegenError> {
        let service = service_ident(model, options)?;
        let mut taken: BTreeSet<String> = RESERVED_TYPES.iter().map(|s| s.to_string()).collect();
        taken.insert(service.clone());
        Ok(Resolver {
            model,
            service,
            taken,
            item_names: BTreeMap::new(),
            stream_error_names: BTreeMap::new(),
            boxed: BTreeSet::new(),
        })
    }

    fn run(mut self) -> Result<Resolved, CodegenError> {
        let model = self.model;
        let protocol = model.metadata().protocol;
        let kept: Vec<&Operation> = model.operations().values().collect();
        let mut roots = Vec::new();
        let mut input_roots = Vec::new();
        let mut top_level_outputs = BTreeSet::new();
        for op in &kept {
            let at = format!("operations.{}", op.name);
            if let Some(input) = &op.input {
                let shape = self.structure(input, &format!("{at}.input"))?;
                for m in shape.kind.members() {
                    roots.push(m.shape.clone());
                    input_roots.push(m.shape.clone());
                }
            }
            if let Some(output) = &op.output {
                self.structure(output, &format!("{at}.output"))?;
                roots.push(output.clone());
                top_level_outputs.insert(output.clone());
            }
            for error in &op.errors {
                self.structure(error, &format!("{at}.errors"))?;
                roots.push(error.clone());
                top_level_outputs.insert(error.clone());
            }
        }
        let reachable = self.reach(&roots)?;
        let validated = self.reach(&input_roots)?;
        let mut operations = BTreeMap::new();
        let mut op_idents = BTreeSet::new();
        for op in &kept {
            let ident = naming::unique(&naming::type_ident(&op.name), "Op", &mut op_idents);
            let input = self.claim_struct(&format!("{ident}Request"), "Op");
            let error = self.claim(&format!("{ident}Error"), "Op");
            operations.insert(op.name.clone(), (input, error));
        }
        let items: Vec<String> = reachable
            .iter()
            .filter(|n| has_item(model.defined(n)))
            .cloned()
            .collect();
        for name in &items {
            let shape = model.defined(name);
            let base = naming::type_ident(name);
            let ident = match shape.kind {
                ShapeKind::Structure(_) if !shape.event_stream => self.claim_struct(&base, "Shape"),
                _ => self.claim(&base, "Shape"),
            };
            self.item_names.insert(name.clone(), ident);
        }
        let mut stream_error_names = BTreeMap::new();
        for name in &items {
            let shape = model.defined(name);
            let has_exceptions = shape
                .kind
                .members()
                .iter()
                .any(|m| model.defined(&m.shape).is_error());
            if shape.event_stream && has_exceptions {
                let ident = self.claim(&format!("{}Error", self.item_names[name]), "Stream");
                stream_error_names.insert(name.clone(), ident);
            }
        }
        self.stream_error_names = stream_error_names;
        self.find_boxes(&items);

        // Map keys are `String` in Rust; their shapes are in the view too.
        let mut viewable = reachable.clone();
        for name in &reachable {
            if let ShapeKind::Map(key, _) = &model.defined(name).kind {
                viewable.insert(key.shape.clone());
            }
        }
        let mut resolved_shapes = BTreeMap::new();
        for name in &viewable {
            let role = if top_level_outputs.contains(name) {
                Role::Output
            } else {
                Role::Nested
            };
            resolved_shapes.insert(name.clone(), self.shape_view(name, role)?);
        }
        let mut resolved_ops = BTreeMap::new();
        for op in &kept {
            let (input, error) = operations.remove(&op.name).unwrap_or_default();
            let input_fields = match &op.input {
                Some(shape) => self.fields(model.defined(shape), Role::Input)?,
                None => Vec::new(),
            };
            let mut variant_names = BTreeSet::from(["Unhandled".to_owned()]);
            let errors = op
                .errors
                .iter()
                .filter_map(|e| self.item_names.get(e).map(|t| (e, t)))
                .map(|(shape, rust_type)| ErrorVariant {
                    shape: shape.clone(),
                    variant: naming::unique(rust_type, "Error", &mut variant_names),
                    rust_type: rust_type.clone(),
                })
                .collect();
            let needs_name = input.strip_suffix("Request") != Some(op.name.as_str());
            resolved_ops.insert(
                op.name.clone(),
                ResolvedOperation {
                    name: op.name.clone(),
                    input,
                    input_shape: op.input.clone(),
                    input_fields,
                    output: op
                        .output
                        .as_ref()
                        .and_then(|o| self.item_names.get(o).cloned()),
                    output_shape: op.output.clone(),
                    error,
                    errors,
                    needs_name,
                },
            );
        }
        Ok(Resolved {
            service: self.service,
            protocol,
            shapes: resolved_shapes,
            operations: resolved_ops,
            items,
            validated,
            top_level_outputs,
        })
    }

    /// Inputs, outputs and errors must be structures.
    fn structure(&self, name: &str, at: &str) -> Result<&'a Shape, CodegenError> {
        let shape = self.model.defined(name);
        match shape.kind {
            ShapeKind::Structure(_) => Ok(shape),
            _ => Err(CodegenError::invalid(
                at,
                format!("shape `{name}` is not a structure"),
            )),
        }
    }

    /// Claims a type name, or a suffixed one when taken.
    fn claim(&mut self, base: &str, suffix: &str) -> String {
        naming::unique(base, suffix, &mut self.taken)
    }

    /// Claims a struct name and its builder's (`{Name}Builder`, generated by the macros).
    fn claim_struct(&mut self, base: &str, suffix: &str) -> String {
        let taken = self.taken.clone();
        let name = naming::unique_with(base, suffix, &mut self.taken, |c| {
            !taken.contains(&format!("{c}Builder"))
        });
        self.taken.insert(format!("{name}Builder"));
        name
    }

    /// Every shape reachable from `roots` through members, list members and map values.
    fn reach(&self, roots: &[String]) -> Result<BTreeSet<String>, CodegenError> {
        let mut seen = BTreeSet::new();
        let mut queue: VecDeque<String> = roots.iter().cloned().collect();
        while let Some(name) = queue.pop_front() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let shape = self.model.defined(&name);
            match &shape.kind {
                ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                    for m in members {
                        queue.push_back(m.shape.clone());
                    }
                }
                ShapeKind::List(m) => queue.push_back(m.shape.clone()),
                ShapeKind::Map(key, value) => {
                    if !matches!(self.model.defined(&key.shape).kind, ShapeKind::String(_)) {
                        return Err(CodegenError::unsupported(
                            format!("shapes.{name}.key"),
                            format!("a map key of shape `{}` (keys are strings)", key.shape),
                        ));
                    }
                    queue.push_back(value.shape.clone());
                }
                _ => {}
            }
        }
        Ok(seen)
    }

    /// Marks the members that must be `Box`ed: in each strongly connected component of the
    /// "holds directly" graph (members and union members, not through lists or maps), the
    /// back edges of a depth-first search from its first shape by name.
    fn find_boxes(&mut self, items: &[String]) {
        let edges = |name: &str| -> Vec<(String, String)> {
            self.model
                .defined(name)
                .kind
                .members()
                .iter()
                .filter(|m| holds_directly(self.model.defined(&m.shape)))
                .map(|m| (m.name.clone(), m.shape.clone()))
                .collect()
        };
        let graph: BTreeMap<String, Vec<(String, String)>> = items
            .iter()
            .filter(|n| holds_directly(self.model.defined(n)))
            .map(|n| (n.clone(), edges(n)))
            .collect();
        let components = strongly_connected(&graph);
        for component in components {
            let first = &component[0];
            let self_loop = graph[first].iter().any(|(_, t)| t == first);
            if component.len() == 1 && !self_loop {
                continue;
            }
            let members: BTreeSet<&String> = component.iter().collect();
            let mut state: BTreeMap<&String, u8> = BTreeMap::new(); // 1 on stack, 2 done
            let mut stack: Vec<(&String, usize)> = vec![(first, 0)];
            state.insert(first, 1);
            while let Some((node, next)) = stack.pop() {
                let out = &graph[node];
                if next == out.len() {
                    state.insert(node, 2);
                    continue;
                }
                stack.push((node, next + 1));
                let (member, target) = &out[next];
                if !members.contains(target) {
                    continue;
                }
                match state.get(target) {
                    Some(1) => {
                        self.boxed.insert((node.clone(), member.clone()));
                    }
                    Some(_) => {}
                    None => {
                        state.insert(target, 1);
                        stack.push((target, 0));
                    }
                }
            }
        }
    }

    /// The Rust type of a shape as a field type.
    fn rust_type(&self, name: &str) -> String {
        let shape = self.model.defined(name);
        if let Some(item) = self.item_names.get(name) {
            return item.clone();
        }
        match &shape.kind {
            ShapeKind::String(_) | ShapeKind::Character => "String".into(),
            ShapeKind::Blob => "aws_op::Blob".into(),
            ShapeKind::Boolean => "bool".into(),
            ShapeKind::Byte => "i8".into(),
            ShapeKind::Short => "i16".into(),
            ShapeKind::Integer => "i32".into(),
            ShapeKind::Long => "i64".into(),
            ShapeKind::Float => "f32".into(),
            ShapeKind::Double => "f64".into(),
            ShapeKind::Timestamp => "aws_op::DateTime".into(),
            ShapeKind::Document => "aws_op::Document".into(),
            ShapeKind::List(m) => format!("Vec<{}>", self.rust_type(&m.shape)),
            ShapeKind::Map(_, v) => format!("HashMap<String, {}>", self.rust_type(&v.shape)),
            // Every reachable structure has an item; others are never written as a type.
            ShapeKind::Structure(_) | ShapeKind::Union(_) => naming::type_ident(name),
        }
    }

    fn shape_view(&self, name: &str, role: Role) -> Result<ResolvedShape, CodegenError> {
        let shape = self.model.defined(name);
        let item = self.item_names.get(name).cloned();
        if item.is_none() && has_item(shape) {
            // An enum used only as a map key: keys are plain strings.
            return Ok(ResolvedShape {
                shape: name.to_owned(),
                kind: TypeKind::String,
                rust_type: "String".into(),
                item: None,
                fields: Vec::new(),
                variants: Vec::new(),
                stream_errors: None,
            });
        }
        let mut view = ResolvedShape {
            shape: name.to_owned(),
            rust_type: self.rust_type(name),
            kind: type_kind(shape),
            item,
            fields: Vec::new(),
            variants: Vec::new(),
            stream_errors: None,
        };
        match &shape.kind {
            ShapeKind::Structure(members) if shape.event_stream => {
                let (exceptions, events): (Vec<&Member>, Vec<&Member>) = members
                    .iter()
                    .partition(|m| self.model.defined(&m.shape).is_error());
                let mut taken = BTreeSet::from(["Unknown".to_owned()]);
                view.variants = events
                    .iter()
                    .map(|m| Variant {
                        value: m.name.clone(),
                        wire: m.name.clone(),
                        ident: naming::unique(&naming::type_ident(&m.name), "Member", &mut taken),
                        target: Some(m.shape.clone()),
                        rust_type: Some(self.rust_type(&m.shape)),
                        boxed: false,
                    })
                    .collect();
                view.stream_errors = self.stream_error_names.get(name).map(|ident| {
                    let mut taken = BTreeSet::from(["Unhandled".to_owned()]);
                    let variants = exceptions
                        .iter()
                        .map(|m| {
                            let rust_type = self.rust_type(&m.shape);
                            StreamErrorVariant {
                                member: m.name.clone(),
                                error: ErrorVariant {
                                    shape: m.shape.clone(),
                                    variant: naming::unique(&rust_type, "Error", &mut taken),
                                    rust_type,
                                },
                            }
                        })
                        .collect();
                    StreamErrors {
                        ident: ident.clone(),
                        variants,
                    }
                });
            }
            ShapeKind::Structure(_) => view.fields = self.fields(shape, role)?,
            ShapeKind::String(values) if !values.is_empty() => {
                let mut taken = BTreeSet::from(["Unknown".to_owned()]);
                view.variants = values
                    .iter()
                    .map(|v| Variant {
                        value: v.clone(),
                        wire: v.clone(),
                        ident: naming::unique(&naming::variant_ident(v), "Value", &mut taken),
                        target: None,
                        rust_type: None,
                        boxed: false,
                    })
                    .collect();
            }
            ShapeKind::Union(members) => {
                let mut taken = BTreeSet::from(["Unknown".to_owned()]);
                view.variants = members
                    .iter()
                    .map(|m| {
                        let boxed = self.boxed.contains(&(name.to_owned(), m.name.clone()));
                        let inner = self.rust_type(&m.shape);
                        Variant {
                            value: m.name.clone(),
                            wire: m.location_name.clone().unwrap_or_else(|| m.name.clone()),
                            ident: naming::unique(
                                &naming::type_ident(&m.name),
                                "Member",
                                &mut taken,
                            ),
                            target: Some(m.shape.clone()),
                            rust_type: Some(if boxed {
                                format!("Box<{inner}>")
                            } else {
                                inner
                            }),
                            boxed,
                        }
                    })
                    .collect();
            }
            _ => {}
        }
        Ok(view)
    }

    /// The fields of a structure in a role.
    fn fields(&self, shape: &Shape, role: Role) -> Result<Vec<Field>, CodegenError> {
        let protocol = self.model.metadata().protocol;
        let members = shape.kind.members();
        let mut bare_names = BTreeSet::new();
        let bare: Vec<String> = members
            .iter()
            .map(|m| naming::unique(&naming::bare_field_name(&m.name), "_", &mut bare_names))
            .collect();
        let mut fields = Vec::with_capacity(members.len());
        for (m, bare) in members.iter().zip(&bare) {
            let at = format!("shapes.{}.members.{}", shape.name, m.name);
            let target = self.model.defined(&m.shape);
            let binding = binding(shape, m, target, role, protocol, &at)?;
            let mut optional = !shape.required.contains(&m.name);
            if role == Role::Input {
                if binding == Binding::Label || m.host_label {
                    optional = false;
                }
                if m.idempotency_token {
                    if !matches!(&target.kind, ShapeKind::String(v) if v.is_empty()) {
                        return Err(CodegenError::invalid(
                            &at,
                            "an idempotency token must target a string shape without `enum`",
                        ));
                    }
                    optional = true;
                }
            }
            // Builder methods are `build()` and `set_{field}()` for optional fields.
            let clashes = bare == "build"
                || bare
                    .strip_prefix("set_")
                    .is_some_and(|rest| bare_names.contains(rest));
            let bare = if clashes {
                naming::unique(&format!("{bare}_"), "_", &mut bare_names)
            } else {
                bare.clone()
            };
            let ident = naming::keyword_safe(&bare);
            let wire = match binding {
                Binding::Payload if protocol.is_xml() => xml_payload_root(m, target),
                Binding::Body | Binding::Label | Binding::Payload => body_wire_name(m),
                _ => m.name.clone(),
            };
            let boxed =
                role != Role::Input && self.boxed.contains(&(shape.name.clone(), m.name.clone()));
            let inner = match binding {
                // Always there, if empty: an input sends it, an output receives it.
                Binding::EventStream => {
                    optional = false;
                    let stream = if role == Role::Input {
                        "EventSender"
                    } else {
                        "EventReceiver"
                    };
                    format!("aws_op::{stream}<{}>", self.rust_type(&m.shape))
                }
                // A streaming blob is read and sent chunk by chunk: a `Body` to upload; a
                // `ByteStream` downloaded, always there (if empty) like an event stream.
                Binding::Payload
                    if matches!(target.kind, ShapeKind::Blob)
                        && (m.streaming || target.streaming) =>
                {
                    if role == Role::Input {
                        "aws_op::Body".to_owned()
                    } else {
                        optional = false;
                        "aws_op::ByteStream".to_owned()
                    }
                }
                _ => self.rust_type(&m.shape),
            };
            fields.push(Field {
                member: m.name.clone(),
                ident,
                wire,
                target: m.shape.clone(),
                rust_type: if boxed {
                    format!("Box<{inner}>")
                } else {
                    inner
                },
                optional,
                boxed,
                binding,
            });
        }
        Ok(fields)
    }
}

/// The JSON key of a body member: its `locationName`, else its name.
fn body_wire_name(m: &Member) -> String {
    m.location_name.clone().unwrap_or_else(|| m.name.clone())
}

/// The XML root element of a structure or union payload (its member's wire name): a name the
/// member gives that differs from its own, else the target's `locationName`, else the
/// target's name (Smithy: the member's `xmlName`, else the structure's). Members often repeat
/// their own name as `locationName`, which names nothing.
fn xml_payload_root(m: &Member, target: &Shape) -> String {
    match &m.location_name {
        Some(name) if *name != m.name => name.clone(),
        _ if matches!(target.kind, ShapeKind::Structure(_) | ShapeKind::Union(_)) => target
            .location_name
            .clone()
            .unwrap_or_else(|| target.name.clone()),
        _ => body_wire_name(m),
    }
}

/// The binding of member `m` of `shape` in `role`.
fn binding(
    shape: &Shape,
    m: &Member,
    target: &Shape,
    role: Role,
    protocol: Protocol,
    at: &str,
) -> Result<Binding, CodegenError> {
    // Event structures have headers and a payload in every protocol.
    if m.event_header {
        return Ok(Binding::EventHeader);
    }
    if m.event_payload {
        return Ok(Binding::Payload);
    }
    if target.event_stream && role != Role::Nested {
        return Ok(Binding::EventStream);
    }
    if !protocol.has_http_bindings() || role == Role::Nested {
        return Ok(Binding::Body);
    }
    let located = |name: &Option<String>| name.clone().unwrap_or_else(|| m.name.clone());
    let binding = match (m.location, role) {
        (Some(Location::Uri), Role::Input) => Binding::Label,
        (Some(Location::QueryString), Role::Input) => match target.kind {
            ShapeKind::Map(..) => Binding::QueryMap,
            _ => Binding::Query(located(&m.location_name)),
        },
        (Some(Location::Header), _) => Binding::Header(located(&m.location_name)),
        (Some(Location::Headers), _) => {
            Binding::PrefixHeaders(m.location_name.clone().unwrap_or_default())
        }
        (Some(Location::StatusCode), Role::Output) => Binding::StatusCode,
        (None, _) if shape.payload.as_deref() == Some(m.name.as_str()) => {
            let payload_type = matches!(
                target.kind,
                ShapeKind::Blob
                    | ShapeKind::String(_)
                    | ShapeKind::Document
                    | ShapeKind::Structure(_)
                    | ShapeKind::Union(_)
            );
            // A string enum is its `#[aws_shape]` enum, sent as text like a string.
            if !payload_type {
                return Err(CodegenError::unsupported(
                    at,
                    format!(
                        "a payload of shape `{}` (payloads are blobs, strings, string enums, \
                         documents, structures or unions)",
                        target.name
                    ),
                ));
            }
            Binding::Payload
        }
        // Labels and query parameters mean nothing in a response; a status code nothing in
        // a request: such members travel in the body, as botocore's parsers treat them.
        _ => Binding::Body,
    };
    Ok(binding)
}

/// Whether a shape gets an item of its own.
fn has_item(shape: &Shape) -> bool {
    match &shape.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) => true,
        ShapeKind::String(values) => !values.is_empty(),
        _ => false,
    }
}

/// Whether a value of this shape is held inline (so a cycle through it needs a `Box`).
fn holds_directly(shape: &Shape) -> bool {
    matches!(shape.kind, ShapeKind::Structure(_) | ShapeKind::Union(_))
}

fn type_kind(shape: &Shape) -> TypeKind {
    match &shape.kind {
        ShapeKind::Structure(_) if shape.event_stream => TypeKind::EventStream,
        ShapeKind::Structure(_) if shape.is_error() => TypeKind::Error,
        ShapeKind::Structure(_) => TypeKind::Structure,
        ShapeKind::Union(_) => TypeKind::Union,
        ShapeKind::String(values) if !values.is_empty() => TypeKind::Enum,
        ShapeKind::String(_) | ShapeKind::Character => TypeKind::String,
        ShapeKind::Blob => TypeKind::Blob,
        ShapeKind::Boolean => TypeKind::Boolean,
        ShapeKind::Byte => TypeKind::Byte,
        ShapeKind::Short => TypeKind::Short,
        ShapeKind::Integer => TypeKind::Integer,
        ShapeKind::Long => TypeKind::Long,
        ShapeKind::Float => TypeKind::Float,
        ShapeKind::Double => TypeKind::Double,
        ShapeKind::Timestamp => TypeKind::Timestamp,
        ShapeKind::Document => TypeKind::Document,
        ShapeKind::List(_) => TypeKind::List,
        ShapeKind::Map(..) => TypeKind::Map,
    }
}

/// The service struct's identifier: the option, else from the model's service id.
fn service_ident(model: &Model, options: &Options) -> Result<String, CodegenError> {
    if !options.service_name.is_empty() {
        let name = &options.service_name;
        let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && naming::field_ident(name) != format!("r#{name}")
            && !RESERVED_TYPES.contains(&name.as_str());
        if !valid {
            return Err(CodegenError::InvalidOption {
                option: "service_name",
                message: format!("`{name}` is not a usable Rust type name"),
            });
        }
        return Ok(name.clone());
    }
    let meta = model.metadata();
    let base = meta
        .service_id
        .as_deref()
        .or(meta.target_prefix.as_deref())
        .or(meta.endpoint_prefix.as_deref())
        .unwrap_or("Service");
    let ident = naming::type_ident(base);
    Ok(if RESERVED_TYPES.contains(&ident.as_str()) {
        format!("{ident}Service")
    } else {
        ident
    })
}

/// Tarjan's strongly connected components, each sorted, in a deterministic order.
fn strongly_connected(graph: &BTreeMap<String, Vec<(String, String)>>) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<String, Vec<(String, String)>>,
        index: BTreeMap<&'g String, usize>,
        low: BTreeMap<&'g String, usize>,
        on_stack: BTreeSet<&'g String>,
        stack: Vec<&'g String>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g String) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        for (_, w) in &s.graph[v] {
            let Some((w, _)) = s.graph.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(lw));
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            component.sort();
            s.out.push(component);
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on_stack: BTreeSet::new(),
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.out
}

/// The timestamp format in force for a member: its own, else its target's (or, for a list,
/// its element's).
pub(crate) fn timestamp_format(model: &Model, m: &Member) -> Option<TimestampFormat> {
    let target = model.defined(&m.shape);
    match &target.kind {
        ShapeKind::Timestamp => m.timestamp_format.or(target.timestamp_format),
        ShapeKind::List(item) => m.timestamp_format.or_else(|| {
            let element = model.defined(&item.shape);
            match element.kind {
                ShapeKind::Timestamp => item.timestamp_format.or(element.timestamp_format),
                _ => None,
            }
        }),
        _ => None,
    }
}

/// Whether a member's value is sensitive: its target is, or an element, key or value of it.
pub(crate) fn is_sensitive(model: &Model, shape: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![shape.to_owned()];
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let s = model.defined(&name);
        if s.sensitive {
            return true;
        }
        match &s.kind {
            ShapeKind::List(m) => stack.push(m.shape.clone()),
            ShapeKind::Map(k, v) => {
                stack.push(k.shape.clone());
                stack.push(v.shape.clone());
            }
            _ => {}
        }
    }
    false
}

impl Resolved {
    /// The role a shape's item is generated in.
    pub(crate) fn role_of(&self, shape: &str) -> Role {
        if self.top_level_outputs.contains(shape) {
            Role::Output
        } else {
            Role::Nested
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(shapes: serde_json::Value, ops: serde_json::Value) -> Model {
        let meta = serde_json::json!({"protocol": "rest-json", "serviceId": "Demo"});
        let ops: Vec<serde_json::Value> = ops.as_array().cloned().unwrap_or_default();
        Model::from_parts(&meta, &ops, &shapes).unwrap()
    }

    #[test]
    fn recursion_is_boxed_once_per_cycle() {
        let m = model(
            serde_json::json!({
                "In": {"type": "structure", "members": {"A": {"shape": "A"}}},
                "A": {"type": "structure", "members": {"B": {"shape": "B"}, "Self": {"shape": "A"}, "L": {"shape": "AList"}}},
                "B": {"type": "structure", "members": {"A": {"shape": "A"}}},
                "AList": {"type": "list", "member": {"shape": "A"}}
            }),
            serde_json::json!([{"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"}}]),
        );
        let r = resolve(&m, &Options::default()).unwrap();
        let a = r.shape("A").unwrap();
        assert!(!a.field("B").unwrap().boxed);
        assert!(a.field("Self").unwrap().boxed);
        assert_eq!(a.field("Self").unwrap().rust_type, "Box<A>");
        assert_eq!(a.field("Self").unwrap().ident, "self_");
        assert!(
            !a.field("L").unwrap().boxed,
            "a Vec already breaks the cycle"
        );
        assert!(r.shape("B").unwrap().field("A").unwrap().boxed);
        let op = r.operation("Op").unwrap();
        assert_eq!(op.input, "OpRequest");
        assert!(!op.input_field("A").unwrap().boxed);
        assert!(!op.needs_name);
        // The input shape is used only as an input: not in the view, no item of its own.
        assert!(r.shape("In").is_none());
    }

    #[test]
    fn clashing_names_get_suffixes() {
        let m = model(
            serde_json::json!({
                "GetRequest": {"type": "structure", "members": {"X": {"shape": "Option"}}},
                "Option": {"type": "structure", "members": {}},
                "GetError": {"type": "structure", "members": {}, "exception": true},
                "OptionBuilder": {"type": "string", "enum": ["a", "A", "Unknown", ""]},
                "Thing": {"type": "structure", "members": {}},
                "ThingBuilder": {"type": "string", "enum": ["x"]},
                "Out": {"type": "structure", "members": {"E": {"shape": "OptionBuilder"}, "R": {"shape": "GetRequest"},
                    "T": {"shape": "Thing"}, "TB": {"shape": "ThingBuilder"}}}
            }),
            serde_json::json!([{"name": "Get", "http": {"method": "GET", "requestUri": "/"},
                "input": {"shape": "GetRequest"}, "output": {"shape": "Out"}, "errors": [{"shape": "GetError"}]}]),
        );
        let r = resolve(&m, &Options::default()).unwrap();
        let op = r.operation("Get").unwrap();
        assert_eq!(op.input, "GetRequest");
        assert_eq!(op.error, "GetError");
        assert_eq!(
            r.shape("GetRequest").unwrap().item.as_deref(),
            Some("GetRequestShape")
        );
        assert_eq!(
            r.shape("GetError").unwrap().item.as_deref(),
            Some("GetErrorShape")
        );
        assert_eq!(op.errors[0].variant, "GetErrorShape");
        assert_eq!(
            r.shape("Option").unwrap().item.as_deref(),
            Some("OptionShape")
        );
        let e = r.shape("OptionBuilder").unwrap();
        // `Option` became `OptionShape` (builder `OptionShapeBuilder`): `OptionBuilder` is free.
        assert_eq!(e.item.as_deref(), Some("OptionBuilder"));
        assert_eq!(
            r.shape("ThingBuilder").unwrap().item.as_deref(),
            Some("ThingBuilderShape")
        );
        let idents: Vec<&str> = e.variants.iter().map(|v| v.ident.as_str()).collect();
        assert_eq!(idents, ["A", "AValue", "UnknownValue", "Empty"]);
        assert_eq!(r.service, "Demo");
    }

    #[test]
    fn bad_service_name_is_an_option_error() {
        let m = model(serde_json::json!({}), serde_json::json!([]));
        for bad in ["1x", "type", "String", "a-b"] {
            let options = Options {
                service_name: bad.into(),
                ..Options::default()
            };
            assert!(matches!(
                resolve(&m, &options),
                Err(CodegenError::InvalidOption {
                    option: "service_name",
                    ..
                })
            ));
        }
    }

    #[test]
    fn a_string_enum_payload_is_its_enum() {
        let m = model(
            serde_json::json!({
                "EnumPayloadInput": {"type": "structure", "members": {"payload": {"shape": "StringEnum"}},
                    "payload": "payload"},
                "StringEnum": {"type": "string", "enum": ["enumvalue"]}
            }),
            serde_json::json!([{"name": "HttpEnumPayload", "http": {"method": "POST", "requestUri": "/EnumPayload"},
                "input": {"shape": "EnumPayloadInput"}, "output": {"shape": "EnumPayloadInput"}}]),
        );
        let r = resolve(&m, &Options::default()).unwrap();
        let field = r
            .operation("HttpEnumPayload")
            .unwrap()
            .input_field("payload")
            .unwrap();
        assert_eq!(field.binding, Binding::Payload);
        assert_eq!(field.rust_type, "StringEnum");
        let output = r
            .shape("EnumPayloadInput")
            .unwrap()
            .field("payload")
            .unwrap();
        assert_eq!(output.binding, Binding::Payload);
        assert_eq!(output.rust_type, "StringEnum");
        let text = crate::generate(&m, &Options::default()).unwrap();
        assert!(
            text.contains(
                "    #[aws(payload, name = \"payload\")]\n    pub payload: Option<StringEnum>,\n"
            ),
            "{text}"
        );
        // Other scalars still cannot be a payload.
        let m = model(
            serde_json::json!({
                "In": {"type": "structure", "members": {"n": {"shape": "N"}}, "payload": "n"},
                "N": {"type": "integer"}
            }),
            serde_json::json!([{"name": "Op", "http": {"method": "POST", "requestUri": "/"},
                "input": {"shape": "In"}}]),
        );
        assert!(matches!(
            resolve(&m, &Options::default()),
            Err(CodegenError::Unsupported { at, .. }) if at == "shapes.In.members.n"
        ));
    }

    #[test]
    fn union_members_keep_their_timestamp_format() {
        let m = model(
            serde_json::json!({
                "In": {"type": "structure", "members": {"value": {"shape": "When"}}},
                "When": {"type": "structure", "union": true, "members": {
                    "at": {"shape": "Iso"},
                    "epoch": {"shape": "Ts"},
                    "http": {"shape": "Ts", "timestampFormat": "rfc822"}}},
                "Iso": {"type": "timestamp", "timestampFormat": "iso8601"},
                "Ts": {"type": "timestamp"}
            }),
            serde_json::json!([{"name": "PutWhen", "http": {"method": "POST", "requestUri": "/"},
                "input": {"shape": "In"}}]),
        );
        let text = crate::generate(&m, &Options::default()).unwrap();
        for expected in [
            "    #[aws(name = \"at\", timestamp_format = \"date-time\")]\n    At(aws_op::DateTime),\n",
            "    #[aws(name = \"epoch\")]\n    Epoch(aws_op::DateTime),\n",
            "    #[aws(name = \"http\", timestamp_format = \"http-date\")]\n    Http(aws_op::DateTime),\n",
        ] {
            assert!(text.contains(expected), "{expected}\n{text}");
        }
    }

    #[test]
    fn union_members_keep_their_location_name() {
        let m = model(
            serde_json::json!({
                "In": {"type": "structure", "members": {"value": {"shape": "UnionWithJsonName"}}},
                "UnionWithJsonName": {"type": "structure", "union": true, "members": {
                    "foo": {"shape": "S", "locationName": "FOO"},
                    "bar": {"shape": "S"},
                    "baz": {"shape": "S", "locationName": "_baz"}}},
                "S": {"type": "string"}
            }),
            serde_json::json!([{"name": "PostUnionWithJsonName", "http": {"method": "POST", "requestUri": "/"},
                "input": {"shape": "In"}, "output": {"shape": "In"}}]),
        );
        let r = resolve(&m, &Options::default()).unwrap();
        let u = r.shape("UnionWithJsonName").unwrap();
        let wires: Vec<(&str, &str)> = u
            .variants
            .iter()
            .map(|v| (v.ident.as_str(), v.wire.as_str()))
            .collect();
        assert_eq!(wires, [("Bar", "bar"), ("Baz", "_baz"), ("Foo", "FOO")]);
        let text = crate::generate(&m, &Options::default()).unwrap();
        for (name, variant) in [("FOO", "Foo"), ("bar", "Bar"), ("_baz", "Baz")] {
            let line = format!("    #[aws(name = \"{name}\")]\n    {variant}(String),\n");
            assert!(text.contains(&line), "{line}\n{text}");
        }
    }

    #[test]
    fn a_payload_named_on_the_operation_reference_binds() {
        let m = model(
            serde_json::json!({
                "InputShape": {"type": "structure", "members": {"foo": {"shape": "FooShape"},
                    "h": {"shape": "S", "location": "header", "locationName": "x-h"}}},
                "OutputShape": {"type": "structure", "members": {"data": {"shape": "Data"}}},
                "FooShape": {"type": "blob"},
                "Data": {"type": "structure", "members": {"baz": {"shape": "S"}}},
                "S": {"type": "string"}
            }),
            serde_json::json!([{"name": "OperationName", "http": {"method": "POST", "requestUri": "/"},
                "input": {"shape": "InputShape", "payload": "foo"},
                "output": {"shape": "OutputShape", "payload": "data"}}]),
        );
        let r = resolve(&m, &Options::default()).unwrap();
        let op = r.operation("OperationName").unwrap();
        assert_eq!(op.input_field("foo").unwrap().binding, Binding::Payload);
        assert_eq!(
            op.input_field("h").unwrap().binding,
            Binding::Header("x-h".into())
        );
        let out = r.shape("OutputShape").unwrap();
        assert_eq!(out.field("data").unwrap().binding, Binding::Payload);
    }

    #[test]
    fn members_bind_where_their_target_shape_says() {
        let m = model(
            serde_json::json!({
                "OutputShape": {"type": "structure", "members": {
                    "ImaHeader": {"shape": "HeaderShape"},
                    "ImaHeaderLocation": {"shape": "HeaderShape", "locationName": "X-Foo"},
                    "Str": {"shape": "S"}}},
                "ExceptionShape": {"type": "structure", "exception": true, "members": {
                    "ImaHeader": {"shape": "HeaderShape"},
                    "ImaHeaderLocation": {"shape": "HeaderShape", "locationName": "X-Foo"}}},
                "HeaderShape": {"type": "string", "location": "header"},
                "S": {"type": "string"}
            }),
            serde_json::json!([{"name": "OperationName", "output": {"shape": "OutputShape"},
                "errors": [{"shape": "ExceptionShape"}]}]),
        );
        let r = resolve(&m, &Options::default()).unwrap();
        for shape in ["OutputShape", "ExceptionShape"] {
            let view = r.shape(shape).unwrap();
            assert_eq!(
                view.field("ImaHeader").unwrap().binding,
                Binding::Header("ImaHeader".into()),
                "{shape}"
            );
            assert_eq!(
                view.field("ImaHeaderLocation").unwrap().binding,
                Binding::Header("X-Foo".into()),
                "{shape}"
            );
        }
        let str_field = r.shape("OutputShape").unwrap().field("Str").unwrap();
        assert_eq!(str_field.binding, Binding::Body);
        let text = crate::generate(&m, &Options::default()).unwrap();
        assert!(
            text.contains(
                "    #[aws(header = \"X-Foo\")]\n    pub ima_header_location: Option<String>,\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn event_streams_become_a_union_of_events_and_an_enum_of_exceptions() {
        let m = model(
            serde_json::json!({
                "Out": {"type": "structure", "members": {"S": {"shape": "Stream"}}, "payload": "S"},
                "Stream": {"type": "structure", "eventstream": true, "members": {
                    "Chunk": {"shape": "ChunkEvent"},
                    "Boom": {"shape": "BoomError"}
                }},
                "ChunkEvent": {"type": "structure", "event": true, "members": {
                    "Seq": {"shape": "Long", "eventheader": true},
                    "Bytes": {"shape": "Data", "eventpayload": true}
                }},
                "BoomError": {"type": "structure", "exception": true, "members": {}},
                "Long": {"type": "long"},
                "Data": {"type": "blob"}
            }),
            serde_json::json!([{"name": "Sub", "http": {"method": "GET", "requestUri": "/"}, "output": {"shape": "Out"}}]),
        );
        let r = resolve(&m, &Options::default()).unwrap();
        let stream = r.shape("Stream").unwrap();
        assert_eq!(stream.kind, TypeKind::EventStream);
        let events: Vec<&str> = stream.variants.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(events, ["Chunk"]);
        let errors = stream.stream_errors.as_ref().unwrap();
        assert_eq!(errors.ident, "StreamError");
        assert_eq!(errors.variants[0].member, "Boom");
        let field = r.shape("Out").unwrap().field("S").unwrap();
        assert_eq!(field.binding, Binding::EventStream);
        assert_eq!(field.rust_type, "aws_op::EventReceiver<Stream>");
        assert!(!field.optional);
        let chunk = r.shape("ChunkEvent").unwrap();
        assert_eq!(chunk.field("Seq").unwrap().binding, Binding::EventHeader);
        assert_eq!(chunk.field("Bytes").unwrap().binding, Binding::Payload);
    }
}
