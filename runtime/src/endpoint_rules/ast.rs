//! What a rule set is made of: its declared parameters, the rules as parsed (conditions,
//! expressions, templates, endpoint specs) and the endpoint that resolution yields.

use super::functions::Func;
use super::value::Value;
use serde_json::{Map, Value as Json};
use std::fmt;

/// The type of an endpoint parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamType {
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// `stringArray`.
    StringArray,
}

impl ParamType {
    /// The name used in rule sets: `string`, `boolean` or `stringArray`.
    pub fn name(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Boolean => "boolean",
            ParamType::StringArray => "stringArray",
        }
    }

    /// Reads a rule-set type name; the comparison ignores ASCII case (`String` is accepted).
    pub(super) fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "string" => Some(ParamType::String),
            "boolean" => Some(ParamType::Boolean),
            "stringarray" => Some(ParamType::StringArray),
            _ => None,
        }
    }
}

impl fmt::Display for ParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The value of an endpoint parameter, given to [`RuleSet::resolve`] or declared as a default.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    /// A `string` value.
    String(String),
    /// A `boolean` value.
    Bool(bool),
    /// A `stringArray` value.
    StringArray(Vec<String>),
}

impl ParamValue {
    /// The type of this value.
    pub fn param_type(&self) -> ParamType {
        match self {
            ParamValue::String(_) => ParamType::String,
            ParamValue::Bool(_) => ParamType::Boolean,
            ParamValue::StringArray(_) => ParamType::StringArray,
        }
    }

    /// Reads a JSON string, boolean or array of strings; anything else is `None`.
    pub fn from_json(value: &Json) -> Option<Self> {
        match value {
            Json::String(s) => Some(ParamValue::String(s.clone())),
            Json::Bool(b) => Some(ParamValue::Bool(*b)),
            Json::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(ParamValue::StringArray),
            _ => None,
        }
    }

    pub(super) fn to_value(&self) -> Value {
        match self {
            ParamValue::String(s) => Value::Str(s.clone()),
            ParamValue::Bool(b) => Value::Bool(*b),
            ParamValue::StringArray(items) => {
                Value::Array(items.iter().cloned().map(Value::Str).collect())
            }
        }
    }
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        ParamValue::String(value.to_owned())
    }
}

impl From<String> for ParamValue {
    fn from(value: String) -> Self {
        ParamValue::String(value)
    }
}

impl From<bool> for ParamValue {
    fn from(value: bool) -> Self {
        ParamValue::Bool(value)
    }
}

impl From<Vec<String>> for ParamValue {
    fn from(value: Vec<String>) -> Self {
        ParamValue::StringArray(value)
    }
}

/// The `deprecated` object of a parameter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deprecated {
    /// What to do instead.
    pub message: Option<String>,
    /// Since when (a date string).
    pub since: Option<String>,
}

/// A parameter declared by a rule set.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// The parameter's name, e.g. `Region`.
    pub name: String,
    /// Its type.
    pub param_type: ParamType,
    /// Whether resolution needs a value (given or [`default`](Self::default)).
    pub required: bool,
    /// The value used when none is given.
    pub default: Option<ParamValue>,
    /// The built-in that supplies the value, e.g. `AWS::Region`, `AWS::UseFIPS` or
    /// `SDK::Endpoint`.
    pub built_in: Option<String>,
    /// The parameter's documentation.
    pub documentation: Option<String>,
    /// Present when the parameter is deprecated.
    pub deprecated: Option<Deprecated>,
}

/// A parsed endpoint rule set (rules engine 1.x JSON: `version`, `parameters`, `rules`).
///
/// Parsing checks the whole document, so a rule set that parses can only fail to resolve
/// because of the values given to it (or an `error` rule).
#[derive(Clone, Debug)]
pub struct RuleSet {
    /// The declared parameters, sorted by name.
    pub(super) parameters: Vec<Parameter>,
    pub(super) rules: Vec<Rule>,
}

impl RuleSet {
    /// The declared parameter of that name.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }
}

/// The endpoint a rule set resolved to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResolvedEndpoint {
    /// The endpoint URL, e.g. `https://api.iotmanagedintegrations.us-east-1.api.aws`.
    pub url: String,
    /// Headers to send with the request: name and values (often empty).
    pub headers: Vec<(String, Vec<String>)>,
    /// The endpoint's properties (e.g. `authSchemes`), with templates expanded.
    pub properties: Map<String, Json>,
}

/// One step of a `getAttr` path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum PathPart {
    Key(String),
    Index(usize),
}

/// A piece of a template string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum TemplatePart {
    Literal(String),
    /// `{name}` (empty path) or `{name#path}`.
    Var {
        name: String,
        path: Vec<PathPart>,
    },
}

#[derive(Clone, Debug)]
pub(super) enum Expr {
    /// A string literal, which is a template.
    Template(Vec<TemplatePart>),
    Bool(bool),
    Int(i64),
    Array(Vec<Expr>),
    Ref(String),
    GetAttr(Box<Expr>, Vec<PathPart>),
    Call(Func, Vec<Expr>),
}

#[derive(Clone, Debug)]
pub(super) struct Condition {
    pub(super) expr: Expr,
    pub(super) assign: Option<String>,
}

/// A value of the endpoint `properties` map.
#[derive(Clone, Debug)]
pub(super) enum Prop {
    Template(Vec<TemplatePart>),
    /// `null`, a boolean or a number, kept as is.
    Literal(Json),
    Array(Vec<Prop>),
    Object(Vec<(String, Prop)>),
}

#[derive(Clone, Debug)]
pub(super) struct EndpointSpec {
    pub(super) url: Expr,
    pub(super) headers: Vec<(String, Vec<Expr>)>,
    pub(super) properties: Vec<(String, Prop)>,
}

#[derive(Clone, Debug)]
pub(super) enum RuleKind {
    Endpoint(EndpointSpec),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Clone, Debug)]
pub(super) struct Rule {
    pub(super) conditions: Vec<Condition>,
    pub(super) kind: RuleKind,
}
