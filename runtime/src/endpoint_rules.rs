//! Endpoint rule sets: the Smithy rules engine that turns endpoint parameters into a URL.
//!
//! A service's `endpoint-rule-set-1.json` (rules engine version 1.x) declares
//! [parameters](Parameter) such as `Region`, `UseFIPS` or `Endpoint` and an ordered list of
//! rules. [`RuleSet::parse`] reads and checks the document once; [`RuleSet::resolve`] evaluates
//! it for one set of [`ParamValue`]s and returns the [`ResolvedEndpoint`] of the first matching
//! `endpoint` rule, or the message of the first matching `error` rule as an [`EndpointError`].
//!
//! The evaluation follows the Smithy rules-engine specification:
//!
//! - parameters take their `default` when not given; a `required` parameter without a value is
//!   an error, and so is a value of the wrong type or for an undeclared parameter;
//! - rules are tried in order; a rule applies when all of its `conditions` hold. A condition is a
//!   function call; it fails when the call yields `false` or nothing (an empty optional), and
//!   `assign` binds a successful result to a name visible to later conditions and, for `tree`
//!   rules, to the sub-rules. A `tree` rule whose conditions hold is terminal: when none of its
//!   sub-rules applies, resolution fails (rule exhaustion), as it does when no top-level rule
//!   applies;
//! - strings are templates: `{Name}` inserts a parameter or variable, `{Name#path}` an attribute
//!   of it (see `getAttr`; a boolean is written `true` / `false`), and `{{` / `}}` stand for
//!   literal braces. The `url`, the header values and the string leaves of `properties` of an
//!   endpoint are templates too.
//!
//! Functions: `isSet`, `not`, `booleanEquals`, `stringEquals`, `getAttr`, `substring`,
//! `uriEncode`, `parseURL`, `isValidHostLabel`, `coalesce` (rules engine 1.1) and the AWS
//! functions `aws.partition`, `aws.parseArn` and `aws.isVirtualHostableS3Bucket`.
//! `aws.partition` consults a [`Partitions`] table, normally [`Partitions::builtin`] (botocore's
//! `partitions.json`).
//!
//! Nothing here panics on any document or input: a malformed rule set or partition table is
//! reported by `parse` (shape, unknown functions, wrong argument counts, references to names
//! that are not in scope, template syntax), and what can only be seen during evaluation (an
//! argument of the wrong type, a template naming an unset value) by `resolve`.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use aws_op_pattern::Regex;
use serde_json::{Map, Value as Json};

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Why a rule set or partition table could not be parsed, or why resolution failed.
///
/// When an `error` rule of the rule set applies, [`message`](Self::message) is that rule's
/// message, verbatim (after template expansion).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError {
    /// What went wrong.
    pub message: String,
}

impl EndpointError {
    /// An error with the given message.
    pub fn new(message: impl Into<String>) -> Self {
        EndpointError {
            message: message.into(),
        }
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

fn fail<T>(message: impl Into<String>) -> Result<T, EndpointError> {
    Err(EndpointError::new(message))
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

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
    fn from_name(name: &str) -> Option<Self> {
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

    fn to_value(&self) -> Value {
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

// ---------------------------------------------------------------------------------------------
// Rule-set syntax tree
// ---------------------------------------------------------------------------------------------

/// One step of a `getAttr` path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum PathPart {
    Key(String),
    Index(usize),
}

/// A piece of a template string.
#[derive(Clone, Debug, PartialEq, Eq)]
enum TemplatePart {
    Literal(String),
    /// `{name}` (empty path) or `{name#path}`.
    Var {
        name: String,
        path: Vec<PathPart>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Coalesce,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

impl Func {
    /// The function of a name, with its least and greatest number of arguments.
    fn lookup(name: &str) -> Option<(Func, usize, usize)> {
        Some(match name {
            "isSet" => (Func::IsSet, 1, 1),
            "not" => (Func::Not, 1, 1),
            "booleanEquals" => (Func::BooleanEquals, 2, 2),
            "stringEquals" => (Func::StringEquals, 2, 2),
            "substring" => (Func::Substring, 4, 4),
            "uriEncode" => (Func::UriEncode, 1, 1),
            "parseURL" => (Func::ParseUrl, 1, 1),
            "isValidHostLabel" => (Func::IsValidHostLabel, 2, 2),
            "coalesce" => (Func::Coalesce, 2, usize::MAX),
            "aws.partition" => (Func::Partition, 1, 1),
            "aws.parseArn" => (Func::ParseArn, 1, 1),
            "aws.isVirtualHostableS3Bucket" => (Func::IsVirtualHostableS3Bucket, 2, 2),
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Func::IsSet => "isSet",
            Func::Not => "not",
            Func::BooleanEquals => "booleanEquals",
            Func::StringEquals => "stringEquals",
            Func::Substring => "substring",
            Func::UriEncode => "uriEncode",
            Func::ParseUrl => "parseURL",
            Func::IsValidHostLabel => "isValidHostLabel",
            Func::Coalesce => "coalesce",
            Func::Partition => "aws.partition",
            Func::ParseArn => "aws.parseArn",
            Func::IsVirtualHostableS3Bucket => "aws.isVirtualHostableS3Bucket",
        }
    }
}

#[derive(Clone, Debug)]
enum Expr {
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
struct Condition {
    expr: Expr,
    assign: Option<String>,
}

/// A value of the endpoint `properties` map.
#[derive(Clone, Debug)]
enum Prop {
    Template(Vec<TemplatePart>),
    /// `null`, a boolean or a number, kept as is.
    Literal(Json),
    Array(Vec<Prop>),
    Object(Vec<(String, Prop)>),
}

#[derive(Clone, Debug)]
struct EndpointSpec {
    url: Expr,
    headers: Vec<(String, Vec<Expr>)>,
    properties: Vec<(String, Prop)>,
}

#[derive(Clone, Debug)]
enum RuleKind {
    Endpoint(EndpointSpec),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Clone, Debug)]
struct Rule {
    conditions: Vec<Condition>,
    kind: RuleKind,
}

/// A parsed endpoint rule set (rules engine 1.x JSON: `version`, `parameters`, `rules`).
///
/// Parsing checks the whole document, so a rule set that parses can only fail to resolve
/// because of the values given to it (or an `error` rule).
#[derive(Clone, Debug)]
pub struct RuleSet {
    version: String,
    parameters: Vec<Parameter>,
    rules: Vec<Rule>,
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

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

impl RuleSet {
    /// Parses and checks a rule set from its JSON text.
    pub fn parse(json: &str) -> Result<RuleSet, EndpointError> {
        let doc: Json = serde_json::from_str(json)
            .map_err(|e| EndpointError::new(format!("endpoint rule set is not valid JSON: {e}")))?;
        RuleSet::from_json(&doc)
    }

    /// Parses and checks a rule set from a JSON value.
    pub fn from_json(doc: &Json) -> Result<RuleSet, EndpointError> {
        let obj = expect_object(doc, "endpoint rule set")?;
        let version = match obj.get("version") {
            Some(Json::String(v)) => v.clone(),
            Some(_) => return fail("endpoint rule set: `version` must be a string"),
            None => return fail("endpoint rule set: `version` is missing"),
        };
        if version.split('.').next() != Some("1") {
            return fail(format!(
                "endpoint rule set: unsupported rules engine version `{version}`"
            ));
        }
        let params = match obj.get("parameters") {
            Some(p) => expect_object(p, "endpoint rule set `parameters`")?,
            None => return fail("endpoint rule set: `parameters` is missing"),
        };
        let mut parameters = params
            .iter()
            .map(|(name, p)| parse_parameter(name, p))
            .collect::<Result<Vec<_>, _>>()?;
        // Deterministic order whatever the JSON map implementation.
        parameters.sort_by(|a, b| a.name.cmp(&b.name));

        let mut parser = RuleParser {
            scope: parameters.iter().map(|p| p.name.clone()).collect(),
        };
        let rules = match obj.get("rules") {
            Some(r) => parser.rules(r, "rules")?,
            None => return fail("endpoint rule set: `rules` is missing"),
        };
        Ok(RuleSet {
            version,
            parameters,
            rules,
        })
    }

    /// The rules engine version the document declares, e.g. `1.0`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The declared parameters, sorted by name.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }

    /// The declared parameter of that name.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }
}

fn expect_object<'a>(value: &'a Json, what: &str) -> Result<&'a Map<String, Json>, EndpointError> {
    value
        .as_object()
        .ok_or_else(|| EndpointError::new(format!("{what} must be a JSON object")))
}

fn optional_string(
    obj: &Map<String, Json>,
    key: &str,
    what: &str,
) -> Result<Option<String>, EndpointError> {
    match obj.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(_) => fail(format!("{what}: `{key}` must be a string")),
    }
}

fn optional_bool(
    obj: &Map<String, Json>,
    key: &str,
    what: &str,
) -> Result<Option<bool>, EndpointError> {
    match obj.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Bool(b)) => Ok(Some(*b)),
        Some(_) => fail(format!("{what}: `{key}` must be a boolean")),
    }
}

fn parse_parameter(name: &str, value: &Json) -> Result<Parameter, EndpointError> {
    let what = format!("endpoint parameter `{name}`");
    if name.is_empty() {
        return fail("endpoint rule set: a parameter has an empty name");
    }
    let obj = expect_object(value, &what)?;
    let param_type = match obj.get("type") {
        Some(Json::String(t)) => ParamType::from_name(t)
            .ok_or_else(|| EndpointError::new(format!("{what}: unknown type `{t}`")))?,
        Some(_) => return fail(format!("{what}: `type` must be a string")),
        None => return fail(format!("{what}: `type` is missing")),
    };
    let required = optional_bool(obj, "required", &what)?.unwrap_or(false);
    let default = match obj.get("default") {
        None | Some(Json::Null) => None,
        Some(d) => {
            let v = ParamValue::from_json(d)
                .ok_or_else(|| EndpointError::new(format!("{what}: invalid `default`")))?;
            if v.param_type() != param_type {
                return fail(format!(
                    "{what}: the default is a {} but the parameter is a {param_type}",
                    v.param_type()
                ));
            }
            Some(v)
        }
    };
    let deprecated = match obj.get("deprecated") {
        None | Some(Json::Null) => None,
        Some(d) => {
            let d = expect_object(d, &format!("{what} `deprecated`"))?;
            Some(Deprecated {
                message: optional_string(d, "message", &what)?,
                since: optional_string(d, "since", &what)?,
            })
        }
    };
    Ok(Parameter {
        name: name.to_owned(),
        param_type,
        required,
        default,
        built_in: optional_string(obj, "builtIn", &what)?,
        documentation: optional_string(obj, "documentation", &what)?,
        deprecated,
    })
}

/// Parses rules while tracking the names in scope (parameters and assigned variables), so
/// that every reference is checked before any evaluation.
struct RuleParser {
    scope: Vec<String>,
}

impl RuleParser {
    fn rules(&mut self, value: &Json, loc: &str) -> Result<Vec<Rule>, EndpointError> {
        let items = value
            .as_array()
            .ok_or_else(|| EndpointError::new(format!("{loc} must be an array of rules")))?;
        if items.is_empty() {
            return fail(format!("{loc} must contain at least one rule"));
        }
        items
            .iter()
            .enumerate()
            .map(|(i, r)| self.rule(r, &format!("{loc}[{i}]")))
            .collect()
    }

    fn rule(&mut self, value: &Json, loc: &str) -> Result<Rule, EndpointError> {
        let obj = expect_object(value, loc)?;
        let mark = self.scope.len();
        let result = self.rule_in_scope(obj, loc);
        self.scope.truncate(mark);
        result
    }

    fn rule_in_scope(&mut self, obj: &Map<String, Json>, loc: &str) -> Result<Rule, EndpointError> {
        let mut conditions = Vec::new();
        match obj.get("conditions") {
            None | Some(Json::Null) => {}
            Some(Json::Array(items)) => {
                for (i, c) in items.iter().enumerate() {
                    conditions.push(self.condition(c, &format!("{loc}.conditions[{i}]"))?);
                }
            }
            Some(_) => return fail(format!("{loc}.conditions must be an array")),
        }
        let kind = match obj.get("type") {
            Some(Json::String(t)) => t.as_str(),
            Some(_) => return fail(format!("{loc}.type must be a string")),
            // Without `type`, the kind follows from the member present.
            None if obj.contains_key("endpoint") => "endpoint",
            None if obj.contains_key("error") => "error",
            None if obj.contains_key("rules") => "tree",
            None => return fail(format!("{loc}: the rule has no `type`")),
        };
        let member = |key: &str| {
            obj.get(key)
                .ok_or_else(|| EndpointError::new(format!("{loc}: a {kind} rule needs `{key}`")))
        };
        let kind = match kind {
            "endpoint" => RuleKind::Endpoint(self.endpoint(member("endpoint")?, loc)?),
            "error" => {
                RuleKind::Error(self.string_expr(member("error")?, &format!("{loc}.error"))?)
            }
            "tree" => RuleKind::Tree(self.rules(member("rules")?, &format!("{loc}.rules"))?),
            other => return fail(format!("{loc}: unknown rule type `{other}`")),
        };
        Ok(Rule { conditions, kind })
    }

    fn condition(&mut self, value: &Json, loc: &str) -> Result<Condition, EndpointError> {
        let obj = expect_object(value, loc)?;
        if !obj.contains_key("fn") {
            return fail(format!("{loc}: a condition must be a function call (`fn`)"));
        }
        let expr = self.call(obj, loc)?;
        let assign = optional_string(obj, "assign", loc)?;
        if let Some(name) = &assign {
            if name.is_empty() {
                return fail(format!("{loc}: `assign` must not be empty"));
            }
            if self.scope.iter().any(|n| n == name) {
                return fail(format!(
                    "{loc}: `assign` would shadow `{name}`, which is already in scope"
                ));
            }
            self.scope.push(name.clone());
        }
        Ok(Condition { expr, assign })
    }

    fn check_ref(&self, name: &str, loc: &str) -> Result<(), EndpointError> {
        if self.scope.iter().any(|n| n == name) {
            Ok(())
        } else {
            fail(format!(
                "{loc}: `{name}` is neither a parameter nor a variable in scope"
            ))
        }
    }

    fn expr(&self, value: &Json, loc: &str) -> Result<Expr, EndpointError> {
        match value {
            Json::String(s) => Ok(Expr::Template(self.template(s, loc)?)),
            Json::Bool(b) => Ok(Expr::Bool(*b)),
            Json::Number(n) => n
                .as_i64()
                .map(Expr::Int)
                .ok_or_else(|| EndpointError::new(format!("{loc}: `{n}` is not an integer"))),
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| self.expr(item, &format!("{loc}[{i}]")))
                .collect::<Result<Vec<_>, _>>()
                .map(Expr::Array),
            Json::Object(obj) => {
                if let Some(r) = obj.get("ref") {
                    let name = r.as_str().ok_or_else(|| {
                        EndpointError::new(format!("{loc}: `ref` must be a string"))
                    })?;
                    self.check_ref(name, loc)?;
                    Ok(Expr::Ref(name.to_owned()))
                } else if obj.contains_key("fn") {
                    self.call(obj, loc)
                } else {
                    fail(format!(
                        "{loc}: an object must be a reference (`ref`) or a function call (`fn`)"
                    ))
                }
            }
            Json::Null => fail(format!("{loc}: `null` is not an expression")),
        }
    }

    /// An expression that must produce a string: a template, a reference or a call.
    fn string_expr(&self, value: &Json, loc: &str) -> Result<Expr, EndpointError> {
        match value {
            Json::String(_) | Json::Object(_) => self.expr(value, loc),
            _ => fail(format!(
                "{loc} must be a string, a reference or a function call"
            )),
        }
    }

    fn call(&self, obj: &Map<String, Json>, loc: &str) -> Result<Expr, EndpointError> {
        let name = match obj.get("fn") {
            Some(Json::String(name)) => name.as_str(),
            _ => return fail(format!("{loc}: `fn` must be a string")),
        };
        let (func_or_getattr, min, max) = if name == "getAttr" {
            (None, 2, 2)
        } else {
            let (func, min, max) = Func::lookup(name)
                .ok_or_else(|| EndpointError::new(format!("{loc}: unknown function `{name}`")))?;
            (Some(func), min, max)
        };
        let argv = match obj.get("argv") {
            Some(Json::Array(argv)) => argv,
            Some(_) => return fail(format!("{loc}: `argv` of `{name}` must be an array")),
            None => return fail(format!("{loc}: `{name}` has no `argv`")),
        };
        if argv.len() < min || argv.len() > max {
            let expected = if min == max {
                min.to_string()
            } else {
                format!("at least {min}")
            };
            return fail(format!(
                "{loc}: `{name}` takes {expected} argument(s), got {}",
                argv.len()
            ));
        }
        match func_or_getattr {
            None => {
                let [target, path] = argv.as_slice() else {
                    return fail(format!("{loc}: `getAttr` takes 2 arguments"));
                };
                let target = self.expr(target, &format!("{loc}.argv[0]"))?;
                let path = match path {
                    Json::String(p) => {
                        parse_path(p).map_err(|e| EndpointError::new(format!("{loc}: {e}")))?
                    }
                    _ => {
                        return fail(format!(
                            "{loc}: the path of `getAttr` must be a string literal"
                        ))
                    }
                };
                Ok(Expr::GetAttr(Box::new(target), path))
            }
            Some(func) => argv
                .iter()
                .enumerate()
                .map(|(i, a)| self.expr(a, &format!("{loc}.argv[{i}]")))
                .collect::<Result<Vec<_>, _>>()
                .map(|args| Expr::Call(func, args)),
        }
    }

    fn template(&self, text: &str, loc: &str) -> Result<Vec<TemplatePart>, EndpointError> {
        let parts = parse_template(text)
            .map_err(|e| EndpointError::new(format!("{loc}: template `{text}`: {e}")))?;
        for part in &parts {
            if let TemplatePart::Var { name, .. } = part {
                self.check_ref(name, loc)?;
            }
        }
        Ok(parts)
    }

    fn endpoint(&self, value: &Json, loc: &str) -> Result<EndpointSpec, EndpointError> {
        let loc = format!("{loc}.endpoint");
        let obj = expect_object(value, &loc)?;
        let url = match obj.get("url") {
            Some(u) => self.string_expr(u, &format!("{loc}.url"))?,
            None => return fail(format!("{loc}: `url` is missing")),
        };
        let mut headers = Vec::new();
        match obj.get("headers") {
            None | Some(Json::Null) => {}
            Some(Json::Object(map)) => {
                for (name, values) in map {
                    let hloc = format!("{loc}.headers.{name}");
                    let values = values
                        .as_array()
                        .ok_or_else(|| EndpointError::new(format!("{hloc} must be an array")))?;
                    let values = values
                        .iter()
                        .enumerate()
                        .map(|(i, v)| self.string_expr(v, &format!("{hloc}[{i}]")))
                        .collect::<Result<Vec<_>, _>>()?;
                    headers.push((name.clone(), values));
                }
            }
            Some(_) => return fail(format!("{loc}.headers must be an object")),
        }
        let properties = match obj.get("properties") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Object(map)) => self.prop_object(map, &format!("{loc}.properties"))?,
            Some(_) => return fail(format!("{loc}.properties must be an object")),
        };
        Ok(EndpointSpec {
            url,
            headers,
            properties,
        })
    }

    fn prop_object(
        &self,
        map: &Map<String, Json>,
        loc: &str,
    ) -> Result<Vec<(String, Prop)>, EndpointError> {
        map.iter()
            .map(|(k, v)| Ok((k.clone(), self.prop(v, &format!("{loc}.{k}"))?)))
            .collect()
    }

    fn prop(&self, value: &Json, loc: &str) -> Result<Prop, EndpointError> {
        Ok(match value {
            Json::String(s) => Prop::Template(self.template(s, loc)?),
            Json::Null | Json::Bool(_) | Json::Number(_) => Prop::Literal(value.clone()),
            Json::Array(items) => Prop::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.prop(v, &format!("{loc}[{i}]")))
                    .collect::<Result<_, _>>()?,
            ),
            Json::Object(map) => {
                let is_ref = map.len() == 1 && map.contains_key("ref");
                let is_call = map.contains_key("fn") && map.contains_key("argv");
                if is_ref || is_call {
                    return fail(format!(
                        "{loc}: endpoint properties must not contain references or function calls"
                    ));
                }
                Prop::Object(self.prop_object(map, loc)?)
            }
        })
    }
}

/// Parses a `getAttr` path such as `dnsSuffix`, `a.b` or `resourceId[0]`.
///
/// The path is split on `.`; each part is a key, optionally followed by one `[index]`, and an
/// index may only end the path.
fn parse_path(path: &str) -> Result<Vec<PathPart>, String> {
    if path.is_empty() {
        return Err("empty getAttr path".to_owned());
    }
    let mut parts = Vec::new();
    let pieces: Vec<&str> = path.split('.').collect();
    let last = pieces.len().saturating_sub(1);
    for (i, piece) in pieces.iter().enumerate() {
        let (key, index) = match piece.find('[') {
            Some(open) => {
                let rest = &piece[open + 1..];
                let digits = rest
                    .strip_suffix(']')
                    .ok_or_else(|| format!("bad index in getAttr path `{path}`"))?;
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("bad index in getAttr path `{path}`"));
                }
                let index: usize = digits
                    .parse()
                    .map_err(|_| format!("index too large in getAttr path `{path}`"))?;
                if i != last {
                    return Err(format!("an index may only end a getAttr path (`{path}`)"));
                }
                (&piece[..open], Some(index))
            }
            None => (*piece, None),
        };
        if key.contains(']') {
            return Err(format!("bad key in getAttr path `{path}`"));
        }
        if !key.is_empty() {
            parts.push(PathPart::Key(key.to_owned()));
        } else if index.is_none() {
            return Err(format!("empty key in getAttr path `{path}`"));
        }
        if let Some(index) = index {
            parts.push(PathPart::Index(index));
        }
    }
    Ok(parts)
}

/// Splits a template string into literal text and `{name}` / `{name#path}` references.
fn parse_template(text: &str) -> Result<Vec<TemplatePart>, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '}' => return Err("unmatched `}` (write `}}` for a literal brace)".to_owned()),
            '{' => {
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') => return Err("`{` inside a template reference".to_owned()),
                        Some(c) => inner.push(c),
                        None => return Err("unterminated `{`".to_owned()),
                    }
                }
                let (name, path) = match inner.split_once('#') {
                    Some((name, path)) => (name, parse_path(path)?),
                    None => (inner.as_str(), Vec::new()),
                };
                if name.is_empty() {
                    return Err("empty template reference".to_owned());
                }
                if !literal.is_empty() {
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(TemplatePart::Var {
                    name: name.to_owned(),
                    path,
                });
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() || parts.is_empty() {
        parts.push(TemplatePart::Literal(literal));
    }
    Ok(parts)
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/// A value during evaluation. "No value" (an empty optional, an unset parameter) is `None`
/// around it.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Str(String),
    Bool(bool),
    Int(i64),
    Array(Vec<Value>),
    Record(Vec<(String, Value)>),
}

impl Value {
    fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "string",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Array(_) => "array",
            Value::Record(_) => "object",
        }
    }

    fn record(fields: Vec<(&str, Value)>) -> Value {
        Value::Record(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }
}

/// The state of one resolution: the bound names (parameters, then assigned variables).
struct Eval<'a> {
    partitions: &'a Partitions,
    vars: Vec<(String, Value)>,
}

impl RuleSet {
    /// Resolves the endpoint for the given parameter values.
    ///
    /// `params` maps parameter names (e.g. `Region`, `UseFIPS`, `Endpoint`) to values; absent
    /// parameters take their default. It is an error to give a parameter the rule set does not
    /// declare, to give a value of the wrong type, or to leave a `required` parameter without a
    /// value. `partitions` serves `aws.partition`; pass [`Partitions::builtin`] normally.
    ///
    /// When an `error` rule applies, its message is returned verbatim as the error.
    pub fn resolve(
        &self,
        params: &HashMap<String, ParamValue>,
        partitions: &Partitions,
    ) -> Result<ResolvedEndpoint, EndpointError> {
        let mut names: Vec<&String> = params.keys().collect();
        names.sort();
        for name in names {
            let Some(declared) = self.parameter(name) else {
                return fail(format!("unknown endpoint parameter `{name}`"));
            };
            if let Some(value) = params.get(name) {
                if value.param_type() != declared.param_type {
                    return fail(format!(
                        "endpoint parameter `{name}` must be a {}, got a {}",
                        declared.param_type,
                        value.param_type()
                    ));
                }
            }
        }
        let mut eval = Eval {
            partitions,
            vars: Vec::new(),
        };
        for p in &self.parameters {
            match params.get(&p.name).or(p.default.as_ref()) {
                Some(v) => eval.vars.push((p.name.clone(), v.to_value())),
                None if p.required => {
                    return fail(format!("missing required endpoint parameter `{}`", p.name))
                }
                None => {}
            }
        }
        match eval.rules(&self.rules)? {
            Some(endpoint) => Ok(endpoint),
            None => fail("no endpoint rule matched the parameters (rule exhaustion)"),
        }
    }
}

impl Eval<'_> {
    /// The first applicable rule's endpoint; `None` when no rule applies.
    fn rules(&mut self, rules: &[Rule]) -> Result<Option<ResolvedEndpoint>, EndpointError> {
        for rule in rules {
            let mark = self.vars.len();
            let result = self.rule(rule);
            self.vars.truncate(mark);
            if let Some(endpoint) = result? {
                return Ok(Some(endpoint));
            }
        }
        Ok(None)
    }

    fn rule(&mut self, rule: &Rule) -> Result<Option<ResolvedEndpoint>, EndpointError> {
        for condition in &rule.conditions {
            if !self.condition(condition)? {
                return Ok(None);
            }
        }
        match &rule.kind {
            RuleKind::Endpoint(spec) => self.endpoint(spec).map(Some),
            RuleKind::Error(message) => Err(EndpointError::new(self.string(message, "error")?)),
            RuleKind::Tree(rules) => match self.rules(rules)? {
                Some(endpoint) => Ok(Some(endpoint)),
                None => {
                    fail("no endpoint rule matched the parameters (rule exhaustion in a tree rule)")
                }
            },
        }
    }

    fn condition(&mut self, condition: &Condition) -> Result<bool, EndpointError> {
        let value = match self.eval(&condition.expr)? {
            None | Some(Value::Bool(false)) => return Ok(false),
            Some(v) => v,
        };
        if let Some(name) = &condition.assign {
            self.vars.push((name.clone(), value));
        }
        Ok(true)
    }

    fn lookup(&self, name: &str) -> Option<&Value> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    fn endpoint(&mut self, spec: &EndpointSpec) -> Result<ResolvedEndpoint, EndpointError> {
        let url = self.string(&spec.url, "endpoint url")?;
        let mut headers = Vec::with_capacity(spec.headers.len());
        for (name, values) in &spec.headers {
            let values = values
                .iter()
                .map(|v| self.string(v, "endpoint header"))
                .collect::<Result<Vec<_>, _>>()?;
            headers.push((name.clone(), values));
        }
        let mut properties = Map::new();
        for (key, prop) in &spec.properties {
            properties.insert(key.clone(), self.prop(prop)?);
        }
        Ok(ResolvedEndpoint {
            url,
            headers,
            properties,
        })
    }

    fn prop(&self, prop: &Prop) -> Result<Json, EndpointError> {
        Ok(match prop {
            Prop::Template(parts) => Json::String(self.template(parts)?),
            Prop::Literal(v) => v.clone(),
            Prop::Array(items) => Json::Array(
                items
                    .iter()
                    .map(|p| self.prop(p))
                    .collect::<Result<_, _>>()?,
            ),
            Prop::Object(fields) => {
                let mut map = Map::new();
                for (k, p) in fields {
                    map.insert(k.clone(), self.prop(p)?);
                }
                Json::Object(map)
            }
        })
    }

    /// Evaluates an expression that must produce a string.
    fn string(&self, expr: &Expr, what: &str) -> Result<String, EndpointError> {
        match self.eval(expr)? {
            Some(Value::Str(s)) => Ok(s),
            Some(other) => fail(format!(
                "the {what} must be a string, got a {}",
                other.type_name()
            )),
            None => fail(format!("the {what} has no value")),
        }
    }

    fn template(&self, parts: &[TemplatePart]) -> Result<String, EndpointError> {
        let mut out = String::new();
        for part in parts {
            match part {
                TemplatePart::Literal(text) => out.push_str(text),
                TemplatePart::Var { name, path } => {
                    let value = match self.lookup(name) {
                        Some(v) => get_path(v, path)?,
                        None => None,
                    };
                    match value {
                        Some(Value::Str(s)) => out.push_str(&s),
                        Some(Value::Bool(b)) => out.push_str(if b { "true" } else { "false" }),
                        Some(Value::Int(i)) => out.push_str(&i.to_string()),
                        Some(other) => {
                            return fail(format!(
                                "template reference `{name}` is a {}, not a string",
                                other.type_name()
                            ))
                        }
                        None => return fail(format!("template reference `{name}` has no value")),
                    }
                }
            }
        }
        Ok(out)
    }

    fn eval(&self, expr: &Expr) -> Result<Option<Value>, EndpointError> {
        match expr {
            Expr::Template(parts) => self.template(parts).map(|s| Some(Value::Str(s))),
            Expr::Bool(b) => Ok(Some(Value::Bool(*b))),
            Expr::Int(i) => Ok(Some(Value::Int(*i))),
            Expr::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match self.eval(item)? {
                        Some(v) => out.push(v),
                        None => return fail("an array element has no value"),
                    }
                }
                Ok(Some(Value::Array(out)))
            }
            Expr::Ref(name) => Ok(self.lookup(name).cloned()),
            Expr::GetAttr(target, path) => match self.eval(target)? {
                Some(v) => get_path(&v, path),
                None => Ok(None),
            },
            Expr::Call(func, args) => self.call(*func, args),
        }
    }

    fn call(&self, func: Func, args: &[Expr]) -> Result<Option<Value>, EndpointError> {
        match func {
            Func::IsSet => {
                let [arg] = args else {
                    return arity(func);
                };
                Ok(Some(Value::Bool(self.eval(arg)?.is_some())))
            }
            Func::Coalesce => {
                let mut last = None;
                for arg in args {
                    last = self.eval(arg)?;
                    if last.is_some() {
                        break;
                    }
                }
                Ok(last)
            }
            _ => {
                // The other functions take values, not optionals: when an argument has no
                // value, neither has the result (so a condition on it fails).
                let mut values = Vec::with_capacity(args.len());
                for arg in args {
                    match self.eval(arg)? {
                        Some(v) => values.push(v),
                        None => return Ok(None),
                    }
                }
                apply(func, &values, self.partitions)
            }
        }
    }
}

fn arity<T>(func: Func) -> Result<T, EndpointError> {
    fail(format!("wrong number of arguments to `{}`", func.name()))
}

fn type_error<T>(func: Func, args: &[Value]) -> Result<T, EndpointError> {
    let got: Vec<&str> = args.iter().map(Value::type_name).collect();
    fail(format!(
        "wrong argument types to `{}`: ({})",
        func.name(),
        got.join(", ")
    ))
}

/// Applies a function other than `isSet` and `coalesce` to argument values.
fn apply(
    func: Func,
    args: &[Value],
    partitions: &Partitions,
) -> Result<Option<Value>, EndpointError> {
    use Value::{Bool, Int, Str};
    let result = match (func, args) {
        (Func::Not, [Bool(b)]) => Some(Bool(!b)),
        (Func::BooleanEquals, [Bool(a), Bool(b)]) => Some(Bool(a == b)),
        (Func::StringEquals, [Str(a), Str(b)]) => Some(Bool(a == b)),
        (Func::Substring, [Str(input), Int(start), Int(stop), Bool(reverse)]) => {
            match (usize::try_from(*start), usize::try_from(*stop)) {
                (Ok(start), Ok(stop)) => substring(input, start, stop, *reverse).map(Str),
                _ => None,
            }
        }
        (Func::UriEncode, [Str(s)]) => Some(Str(uri_encode(s))),
        (Func::ParseUrl, [Str(s)]) => parse_url(s).map(|u| u.to_value()),
        (Func::IsValidHostLabel, [Str(s), Bool(sub)]) => Some(Bool(is_valid_host_label(s, *sub))),
        (Func::Partition, [Str(region)]) => partitions.lookup(region).map(|p| p.to_value()),
        (Func::ParseArn, [Str(s)]) => parse_arn(s).map(|a| a.to_value()),
        (Func::IsVirtualHostableS3Bucket, [Str(s), Bool(sub)]) => {
            Some(Bool(is_virtual_hostable_s3_bucket(s, *sub)))
        }
        _ => return type_error(func, args),
    };
    Ok(result)
}

/// Follows a `getAttr` path: a missing key or an index past the end gives no value; a key on
/// something that is not an object, or an index on something that is not an array, is an error.
fn get_path(value: &Value, path: &[PathPart]) -> Result<Option<Value>, EndpointError> {
    let mut current = value;
    for part in path {
        current = match (part, current) {
            (PathPart::Key(key), Value::Record(fields)) => {
                match fields.iter().find(|(k, _)| k == key) {
                    Some((_, v)) => v,
                    None => return Ok(None),
                }
            }
            (PathPart::Index(i), Value::Array(items)) => match items.get(*i) {
                Some(v) => v,
                None => return Ok(None),
            },
            (PathPart::Key(key), other) => {
                return fail(format!(
                    "getAttr: cannot read `{key}` of a {}",
                    other.type_name()
                ))
            }
            (PathPart::Index(i), other) => {
                return fail(format!(
                    "getAttr: cannot index [{i}] into a {}",
                    other.type_name()
                ))
            }
        };
    }
    Ok(Some(current.clone()))
}

// ---------------------------------------------------------------------------------------------
// Standard library functions
// ---------------------------------------------------------------------------------------------

/// `substring(input, start, stop, reverse)`: the characters `start..stop` of an ASCII string,
/// counted from the end when `reverse` is true (the result still reads forwards).
///
/// No value when the input has a non-ASCII character, when `start >= stop` or when the input
/// is shorter than `stop`.
fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if !input.is_ascii() || start >= stop || input.len() < stop {
        return None;
    }
    let (from, to) = if reverse {
        (input.len() - stop, input.len() - start)
    } else {
        (start, stop)
    };
    input.get(from..to).map(str::to_owned)
}

/// `uriEncode`: RFC 3986 percent-encoding of every byte except the unreserved characters
/// `A-Z a-z 0-9 - _ . ~`, with uppercase hexadecimal digits: SigV4's encoding, `/` included.
fn uri_encode(input: &str) -> String {
    crate::sigv4::uri_encode(input, true)
}

/// The `URL` structure returned by `parseURL`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Url {
    scheme: String,
    authority: String,
    path: String,
    normalized_path: String,
    is_ip: bool,
}

impl Url {
    fn to_value(&self) -> Value {
        Value::record(vec![
            ("scheme", Value::Str(self.scheme.clone())),
            ("authority", Value::Str(self.authority.clone())),
            ("path", Value::Str(self.path.clone())),
            ("normalizedPath", Value::Str(self.normalized_path.clone())),
            ("isIp", Value::Bool(self.is_ip)),
        ])
    }
}

/// `parseURL`: splits `scheme://authority[/path]`.
///
/// No value for a URL with a query (`?`) or a fragment (`#`), without a host, with an invalid
/// scheme or port, or containing whitespace or control characters. The authority is kept as
/// written minus any `userinfo@`; the path is kept as written (empty when absent) and the
/// normalized path always starts and ends with `/`. `isIp` is true for a dotted-quad IPv4
/// address and for a bracketed IPv6 address.
fn parse_url(input: &str) -> Option<Url> {
    if input.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (scheme, rest) = input.split_once("://")?;
    let mut scheme_chars = scheme.chars();
    if !scheme_chars.next()?.is_ascii_alphabetic()
        || !scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    if rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let authority = match authority.rfind('@') {
        Some(i) => &authority[i + 1..],
        None => authority,
    };
    let (host, port) = if let Some(after_bracket) = authority.strip_prefix('[') {
        let close = after_bracket.find(']')?;
        let inside = &after_bracket[..close];
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.' | '%'))
            || !inside.contains(':')
        {
            return None;
        }
        let after = &after_bracket[close + 1..];
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (&authority[..close + 2], port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() || (!host.starts_with('[') && host.contains(['[', ']', ':'])) {
        return None;
    }
    if let Some(port) = port {
        if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if port.parse::<u32>().ok()? > 65535 {
            return None;
        }
    }
    let is_ip = host.starts_with('[') || is_ipv4(host);
    let normalized_path = if path.is_empty() {
        "/".to_owned()
    } else if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    Some(Url {
        scheme: scheme.to_owned(),
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// Whether `s` is a dotted-quad IPv4 address (four decimal numbers of at most 255).
fn is_ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// `isValidHostLabel(value, allowSubDomains)`: whether `value` is an RFC 1123 host label
/// (1 to 63 ASCII letters, digits and hyphens, neither starting nor ending with a hyphen), or,
/// with `allow_subdomains`, labels of that kind joined by dots.
pub(crate) fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    fn label(l: &str) -> bool {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    }
    if allow_subdomains {
        value.split('.').all(label)
    } else {
        label(value)
    }
}

/// The `ARN` structure returned by `aws.parseArn`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Arn {
    partition: String,
    service: String,
    region: String,
    account_id: String,
    resource_id: Vec<String>,
}

impl Arn {
    fn to_value(&self) -> Value {
        Value::record(vec![
            ("partition", Value::Str(self.partition.clone())),
            ("service", Value::Str(self.service.clone())),
            ("region", Value::Str(self.region.clone())),
            ("accountId", Value::Str(self.account_id.clone())),
            (
                "resourceId",
                Value::Array(self.resource_id.iter().cloned().map(Value::Str).collect()),
            ),
        ])
    }
}

/// `aws.parseArn`: `arn:partition:service:region:account-id:resource`, the resource split on
/// `:` and `/`. No value unless it starts with `arn:` and partition, service and resource are
/// non-empty (region and account may be empty).
fn parse_arn(input: &str) -> Option<Arn> {
    let mut fields = input.splitn(6, ':');
    if fields.next()? != "arn" {
        return None;
    }
    let partition = fields.next()?;
    let service = fields.next()?;
    let region = fields.next()?;
    let account_id = fields.next()?;
    let resource = fields.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: whether the bucket name can be used
/// as a host name: a valid host label (dotted labels with `allow_subdomains`), 3 to 63
/// characters of lowercase letters, digits, hyphens (and dots), and not an IPv4 address.
fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    is_valid_host_label(value, allow_subdomains)
        && (3..=63).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && !is_ipv4(value)
}

// ---------------------------------------------------------------------------------------------
// Partitions
// ---------------------------------------------------------------------------------------------

/// What `aws.partition` returns for a region: the outputs of its partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionOutputs {
    /// The partition's name, e.g. `aws`, `aws-cn`.
    pub name: String,
    /// The default DNS suffix, e.g. `amazonaws.com`.
    pub dns_suffix: String,
    /// The dual-stack DNS suffix, e.g. `api.aws`.
    pub dual_stack_dns_suffix: String,
    /// Whether the partition has FIPS endpoints.
    pub supports_fips: bool,
    /// Whether the partition has dual-stack endpoints.
    pub supports_dual_stack: bool,
    /// The region of the partition's global endpoints, e.g. `us-east-1`, when the table says.
    pub implicit_global_region: Option<String>,
}

impl PartitionOutputs {
    fn to_value(&self) -> Value {
        let mut fields = vec![
            ("name", Value::Str(self.name.clone())),
            ("dnsSuffix", Value::Str(self.dns_suffix.clone())),
            (
                "dualStackDnsSuffix",
                Value::Str(self.dual_stack_dns_suffix.clone()),
            ),
            ("supportsFIPS", Value::Bool(self.supports_fips)),
            ("supportsDualStack", Value::Bool(self.supports_dual_stack)),
        ];
        if let Some(region) = &self.implicit_global_region {
            fields.push(("implicitGlobalRegion", Value::Str(region.clone())));
        }
        Value::record(fields)
    }
}

/// Output values a single region overrides (fields of its `regions` entry other than
/// `description`).
#[derive(Clone, Debug, Default)]
struct RegionOverride {
    name: Option<String>,
    dns_suffix: Option<String>,
    dual_stack_dns_suffix: Option<String>,
    supports_fips: Option<bool>,
    supports_dual_stack: Option<bool>,
    implicit_global_region: Option<String>,
}

#[derive(Clone, Debug)]
struct Partition {
    id: String,
    outputs: PartitionOutputs,
    region_regex: Regex,
    regions: Vec<(String, RegionOverride)>,
}

/// The partition table (botocore's `partitions.json`), which `aws.partition` consults.
#[derive(Clone, Debug)]
pub struct Partitions {
    partitions: Vec<Partition>,
}

static BUILTIN: OnceLock<Partitions> = OnceLock::new();

impl Partitions {
    /// Parses a partition table: `{"partitions": [{"id", "outputs", "regionRegex", "regions"}]}`.
    ///
    /// Each `outputs` needs `name`, `dnsSuffix`, `dualStackDnsSuffix`, `supportsFIPS` and
    /// `supportsDualStack` (`implicitGlobalRegion` is optional); each `regionRegex` must be a
    /// regular expression of the supported subset (literals, `.`, classes `[...]`, `\d \w \s`,
    /// groups, `|`, `* + ? {n,m}`, `^ $`).
    pub fn parse(json: &str) -> Result<Partitions, EndpointError> {
        let doc: Json = serde_json::from_str(json)
            .map_err(|e| EndpointError::new(format!("partition table is not valid JSON: {e}")))?;
        let obj = expect_object(&doc, "partition table")?;
        let list = obj
            .get("partitions")
            .and_then(Json::as_array)
            .ok_or_else(|| EndpointError::new("partition table: `partitions` must be an array"))?;
        let partitions = list
            .iter()
            .enumerate()
            .map(|(i, p)| parse_partition(p, i))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Partitions { partitions })
    }

    /// The table shipped with this crate (botocore's `partitions.json`), parsed on first use.
    ///
    /// Should the embedded table ever fail to parse, this is an empty table (every lookup
    /// finds nothing) rather than a panic; the crate's tests check that it parses.
    pub fn builtin() -> &'static Partitions {
        BUILTIN.get_or_init(|| {
            Partitions::parse(include_str!("../data/partitions.json")).unwrap_or(Partitions {
                partitions: Vec::new(),
            })
        })
    }

    /// The ids of the partitions, in table order.
    pub fn ids(&self) -> Vec<&str> {
        self.partitions.iter().map(|p| p.id.as_str()).collect()
    }

    /// The partition outputs for a region, as `aws.partition` computes them.
    ///
    /// A region listed in a partition's `regions` map selects that partition (with any
    /// outputs the entry overrides); otherwise the first partition whose `regionRegex`
    /// matches; otherwise the `aws` partition. `None` only when none of these exists.
    pub fn lookup(&self, region: &str) -> Option<PartitionOutputs> {
        for p in &self.partitions {
            if let Some((_, o)) = p.regions.iter().find(|(r, _)| r == region) {
                let base = &p.outputs;
                return Some(PartitionOutputs {
                    name: o.name.clone().unwrap_or_else(|| base.name.clone()),
                    dns_suffix: o
                        .dns_suffix
                        .clone()
                        .unwrap_or_else(|| base.dns_suffix.clone()),
                    dual_stack_dns_suffix: o
                        .dual_stack_dns_suffix
                        .clone()
                        .unwrap_or_else(|| base.dual_stack_dns_suffix.clone()),
                    supports_fips: o.supports_fips.unwrap_or(base.supports_fips),
                    supports_dual_stack: o.supports_dual_stack.unwrap_or(base.supports_dual_stack),
                    implicit_global_region: o
                        .implicit_global_region
                        .clone()
                        .or_else(|| base.implicit_global_region.clone()),
                });
            }
        }
        self.partitions
            .iter()
            .find(|p| p.region_regex.is_match(region))
            .or_else(|| self.partitions.iter().find(|p| p.id == "aws"))
            .map(|p| p.outputs.clone())
    }
}

fn parse_partition(value: &Json, index: usize) -> Result<Partition, EndpointError> {
    let what = format!("partition table: partitions[{index}]");
    let obj = expect_object(value, &what)?;
    let id = optional_string(obj, "id", &what)?
        .ok_or_else(|| EndpointError::new(format!("{what}: `id` is missing")))?;
    let what = format!("partition `{id}`");
    let outputs = expect_object(
        obj.get("outputs").unwrap_or(&Json::Null),
        &format!("{what}: `outputs`"),
    )?;
    let need_str = |key: &str| {
        optional_string(outputs, key, &what)?
            .ok_or_else(|| EndpointError::new(format!("{what}: `outputs.{key}` is missing")))
    };
    let need_bool = |key: &str| {
        optional_bool(outputs, key, &what)?
            .ok_or_else(|| EndpointError::new(format!("{what}: `outputs.{key}` is missing")))
    };
    let outputs_value = PartitionOutputs {
        name: need_str("name")?,
        dns_suffix: need_str("dnsSuffix")?,
        dual_stack_dns_suffix: need_str("dualStackDnsSuffix")?,
        supports_fips: need_bool("supportsFIPS")?,
        supports_dual_stack: need_bool("supportsDualStack")?,
        implicit_global_region: optional_string(outputs, "implicitGlobalRegion", &what)?,
    };
    let regex_source = optional_string(obj, "regionRegex", &what)?
        .ok_or_else(|| EndpointError::new(format!("{what}: `regionRegex` is missing")))?;
    // The pattern engine of `pattern` constraints; partitions anchor their regexes themselves.
    let region_regex = aws_op_pattern::compile(&regex_source).map_err(|e| {
        EndpointError::new(format!("{what}: bad `regionRegex` `{regex_source}`: {e}"))
    })?;
    let mut regions = Vec::new();
    match obj.get("regions") {
        None | Some(Json::Null) => {}
        Some(Json::Object(map)) => {
            for (region, entry) in map {
                let rwhat = format!("{what}: region `{region}`");
                let entry = expect_object(entry, &rwhat)?;
                regions.push((
                    region.clone(),
                    RegionOverride {
                        name: optional_string(entry, "name", &rwhat)?,
                        dns_suffix: optional_string(entry, "dnsSuffix", &rwhat)?,
                        dual_stack_dns_suffix: optional_string(
                            entry,
                            "dualStackDnsSuffix",
                            &rwhat,
                        )?,
                        supports_fips: optional_bool(entry, "supportsFIPS", &rwhat)?,
                        supports_dual_stack: optional_bool(entry, "supportsDualStack", &rwhat)?,
                        implicit_global_region: optional_string(
                            entry,
                            "implicitGlobalRegion",
                            &rwhat,
                        )?,
                    },
                ));
            }
        }
        Some(_) => return fail(format!("{what}: `regions` must be an object")),
    }
    Ok(Partition {
        id,
        outputs: outputs_value,
        region_regex,
        regions,
    })
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn record_field<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
        match value {
            Value::Record(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    #[test]
    fn substring_edge_cases() {
        assert_eq!(substring("abcdef", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdef", 0, 4, true).as_deref(), Some("cdef"));
        assert_eq!(substring("abcdef", 2, 6, false).as_deref(), Some("cdef"));
        assert_eq!(substring("abcdef", 1, 3, true).as_deref(), Some("de"));
        assert_eq!(substring("abcdef", 0, 6, true).as_deref(), Some("abcdef"));
        // Too short, empty and inverted ranges.
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abc", 0, 4, true), None);
        assert_eq!(substring("", 0, 1, false), None);
        assert_eq!(substring("abc", 2, 2, false), None);
        assert_eq!(substring("abc", 3, 1, false), None);
        // Non-ASCII anywhere in the input gives no value, even outside the range.
        assert_eq!(substring("abcé", 0, 2, false), None);
        assert_eq!(substring("éabc", 0, 2, true), None);
        assert_eq!(substring("日本語です", 0, 1, false), None);
        // Through the evaluator: negative indexes give no value.
        let p = Partitions::builtin();
        let args = [
            Value::Str("abc".into()),
            Value::Int(-1),
            Value::Int(2),
            Value::Bool(false),
        ];
        assert_eq!(apply(Func::Substring, &args, p), Ok(None));
        // Wrong types are an error, not a panic.
        assert!(apply(Func::Substring, &[Value::Bool(true)], p).is_err());
    }

    #[test]
    fn uri_encode_cases() {
        assert_eq!(uri_encode("abcXYZ019-_.~"), "abcXYZ019-_.~");
        assert_eq!(uri_encode("a b"), "a%20b");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(uri_encode("é😀"), "%C3%A9%F0%9F%98%80");
        assert_eq!(uri_encode(""), "");
    }

    #[test]
    fn parse_url_cases() {
        let u = parse_url("http://127.0.0.1:8080/p").expect("parses");
        assert_eq!(u.scheme, "http");
        assert_eq!(u.authority, "127.0.0.1:8080");
        assert_eq!(u.path, "/p");
        assert_eq!(u.normalized_path, "/p/");
        assert!(u.is_ip);

        let u = parse_url("https://example.com").expect("parses");
        assert_eq!(
            (
                u.authority.as_str(),
                u.path.as_str(),
                u.normalized_path.as_str(),
                u.is_ip
            ),
            ("example.com", "", "/", false)
        );
        let u = parse_url("http://example.com:80/foo/bar").expect("parses");
        assert_eq!(u.authority, "example.com:80");
        assert_eq!(u.path, "/foo/bar");
        assert_eq!(u.normalized_path, "/foo/bar/");
        let u = parse_url("https://[fe80::1]").expect("parses");
        assert_eq!(u.authority, "[fe80::1]");
        assert!(u.is_ip);
        let u = parse_url("https://[fe80::1]:443/a/").expect("parses");
        assert_eq!(u.normalized_path, "/a/");
        assert!(u.is_ip);
        assert!(!parse_url("https://256.0.0.1").expect("parses").is_ip);
        assert!(!parse_url("https://1.2.3").expect("parses").is_ip);

        for bad in [
            "https://example.com:8443?foo=bar&faz=baz",
            "https://example.com/a?b",
            "https://example.com/#frag",
            "example.com",
            "://example.com",
            "https://",
            "https:///path",
            "https://host:port",
            "https://host:99999",
            "https://host:",
            "https://exa mple.com",
            "1http://example.com",
            "https://[zz]",
            "https://[::1",
        ] {
            assert_eq!(parse_url(bad), None, "{bad}");
        }
        // Userinfo is not part of the authority.
        assert_eq!(
            parse_url("https://user:pw@example.com").map(|u| u.authority),
            Some("example.com".to_owned())
        );
        // As a record for getAttr.
        let v = parse_url("https://a.b/c")
            .map(|u| u.to_value())
            .expect("parses");
        assert_eq!(
            record_field(&v, "scheme"),
            Some(&Value::Str("https".into()))
        );
        assert_eq!(record_field(&v, "isIp"), Some(&Value::Bool(false)));
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("abc", false));
        assert!(is_valid_host_label("a", false));
        assert!(is_valid_host_label("0abc-9", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-abc", false));
        assert!(!is_valid_host_label("abc-", false));
        assert!(!is_valid_host_label("a_b", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(!is_valid_host_label("é", false));
        // With subdomains.
        assert!(is_valid_host_label("a.b", true));
        assert!(is_valid_host_label("foo.bar-baz.qux", true));
        assert!(is_valid_host_label("abc", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label(".a", true));
        assert!(!is_valid_host_label("a.", true));
        assert!(!is_valid_host_label("a.-b", true));
        assert!(!is_valid_host_label("", true));
    }

    #[test]
    fn partitions_by_region_map_regex_and_fallback() {
        let p = Partitions::builtin();
        assert_eq!(
            p.ids(),
            [
                "aws",
                "aws-cn",
                "aws-eusc",
                "aws-iso",
                "aws-iso-b",
                "aws-iso-e",
                "aws-iso-f",
                "aws-us-gov"
            ]
        );
        // Listed regions.
        let us = p.lookup("us-east-1").expect("aws");
        assert_eq!(us.name, "aws");
        assert_eq!(us.dns_suffix, "amazonaws.com");
        assert_eq!(us.dual_stack_dns_suffix, "api.aws");
        assert!(us.supports_fips && us.supports_dual_stack);
        assert_eq!(us.implicit_global_region.as_deref(), Some("us-east-1"));
        assert_eq!(p.lookup("cn-northwest-1").expect("cn").name, "aws-cn");
        assert_eq!(
            p.lookup("cn-northwest-1")
                .expect("cn")
                .dual_stack_dns_suffix,
            "api.amazonwebservices.com.cn"
        );
        assert_eq!(p.lookup("us-gov-west-1").expect("gov").name, "aws-us-gov");
        // Unlisted regions matched by `regionRegex`.
        assert_eq!(p.lookup("us-west-99").expect("aws").name, "aws");
        assert_eq!(p.lookup("mx-north-7").expect("aws").name, "aws");
        assert_eq!(p.lookup("cn-south-5").expect("cn").name, "aws-cn");
        assert_eq!(p.lookup("us-gov-north-3").expect("gov").name, "aws-us-gov");
        assert_eq!(p.lookup("us-isob-west-4").expect("isob").name, "aws-iso-b");
        assert_eq!(p.lookup("eusc-de-west-2").expect("eusc").name, "aws-eusc");
        // Anything else falls back to `aws`.
        for region in ["mars-east-1", "", "us-east-1-", "local", "日本"] {
            assert_eq!(p.lookup(region).expect("fallback").name, "aws", "{region}");
        }
    }

    #[test]
    fn partition_table_overrides_and_errors() {
        let table = r#"{"partitions": [
            {"id": "aws", "regionRegex": "^(us|eu)\\-\\w+\\-\\d+$",
             "outputs": {"name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
                         "supportsFIPS": true, "supportsDualStack": true},
             "regions": {"aws-global": {"description": "global", "supportsFIPS": false}}},
            {"id": "other", "regionRegex": "^zz\\-\\d$",
             "outputs": {"name": "other", "dnsSuffix": "example", "dualStackDnsSuffix": "example",
                         "supportsFIPS": false, "supportsDualStack": false}}
        ]}"#;
        let p = Partitions::parse(table).expect("parses");
        let global = p.lookup("aws-global").expect("listed");
        assert!(!global.supports_fips);
        assert_eq!(global.implicit_global_region, None);
        assert_eq!(p.lookup("zz-1").expect("regex").name, "other");
        assert_eq!(p.lookup("nowhere").expect("fallback").name, "aws");
        // Without an `aws` partition, an unknown region has no partition.
        let only_other = r#"{"partitions": [{"id": "x", "regionRegex": "^x$",
            "outputs": {"name": "x", "dnsSuffix": "x", "dualStackDnsSuffix": "x",
                        "supportsFIPS": false, "supportsDualStack": false}}]}"#;
        assert_eq!(
            Partitions::parse(only_other).expect("parses").lookup("y"),
            None
        );

        for bad in [
            "",
            "[]",
            "{}",
            r#"{"partitions": {}}"#,
            r#"{"partitions": [1]}"#,
            r#"{"partitions": [{"id": "x"}]}"#,
            r#"{"partitions": [{"id": "x", "regionRegex": "(", "outputs": {"name": "x",
                "dnsSuffix": "x", "dualStackDnsSuffix": "x", "supportsFIPS": false,
                "supportsDualStack": false}}]}"#,
            r#"{"partitions": [{"id": "x", "regionRegex": "x", "outputs": {"name": "x",
                "dnsSuffix": "x", "dualStackDnsSuffix": "x", "supportsFIPS": "no",
                "supportsDualStack": false}}]}"#,
        ] {
            assert!(Partitions::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parse_arn_cases() {
        let a =
            parse_arn("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name").expect("arn");
        assert_eq!(
            (
                a.partition.as_str(),
                a.service.as_str(),
                a.region.as_str(),
                a.account_id.as_str()
            ),
            ("aws", "sns", "us-west-2", "012345678910")
        );
        assert_eq!(a.resource_id, ["example-sns-topic-name"]);
        let a =
            parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE").expect("arn");
        assert_eq!(a.resource_id, ["vpc", "vpc-0e9801d129EXAMPLE"]);
        let a = parse_arn("arn:aws:iam::012345678910:user/johndoe").expect("arn");
        assert_eq!(a.region, "");
        assert_eq!(a.resource_id, ["user", "johndoe"]);
        let a = parse_arn("arn:aws:s3:::bucket_name").expect("arn");
        assert_eq!((a.region.as_str(), a.account_id.as_str()), ("", ""));
        let a = parse_arn("arn:aws:s3-outposts:us-west-2:123:outpost:op-01:bucket:b").expect("arn");
        assert_eq!(a.resource_id, ["outpost", "op-01", "bucket", "b"]);
        for bad in [
            "11111111-2222-3333-4444-555555555555",
            "arn:aws:s3::",
            "arn::s3:::b",
            "arn:aws::::b",
            "arn:aws:s3:::",
            "ARN:aws:s3:::b",
            "",
        ] {
            assert_eq!(parse_arn(bad), None, "{bad}");
        }
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(is_virtual_hostable_s3_bucket("abc", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("my_bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("my..bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("192.168.1.1", true));
    }

    #[test]
    fn get_attr_paths() {
        assert_eq!(
            parse_path("a.b[0]"),
            Ok(vec![
                PathPart::Key("a".into()),
                PathPart::Key("b".into()),
                PathPart::Index(0)
            ])
        );
        assert_eq!(parse_path("[2]"), Ok(vec![PathPart::Index(2)]));
        for bad in [
            "", "a..b", "a[0].b", "a[x]", "a[", "a[0", "a]", "a[-1]", "a[]",
        ] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
        let v = Value::record(vec![(
            "a",
            Value::Array(vec![Value::Str("x".into()), Value::Str("y".into())]),
        )]);
        let path = |p| parse_path(p).expect("path");
        assert_eq!(
            get_path(&v, &path("a[1]")),
            Ok(Some(Value::Str("y".into())))
        );
        assert_eq!(get_path(&v, &path("a[2]")), Ok(None));
        assert_eq!(get_path(&v, &path("missing")), Ok(None));
        assert!(get_path(&v, &path("a.b")).is_err());
    }

    #[test]
    fn templates() {
        assert_eq!(
            parse_template("https://{Region}.{P#dnsSuffix}{{x}}"),
            Ok(vec![
                TemplatePart::Literal("https://".into()),
                TemplatePart::Var {
                    name: "Region".into(),
                    path: vec![]
                },
                TemplatePart::Literal(".".into()),
                TemplatePart::Var {
                    name: "P".into(),
                    path: vec![PathPart::Key("dnsSuffix".into())]
                },
                TemplatePart::Literal("{x}".into()),
            ])
        );
        assert_eq!(
            parse_template(""),
            Ok(vec![TemplatePart::Literal(String::new())])
        );
        for bad in ["{", "}", "{}", "a{b", "{a{b}}", "{#x}", "{a#}"] {
            assert!(parse_template(bad).is_err(), "{bad}");
        }
    }

    fn params(pairs: &[(&str, ParamValue)]) -> HashMap<String, ParamValue> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    /// A rule set exercising every function, assignment scoping, headers and properties.
    const FULL: &str = r#"{
        "version": "1.0",
        "parameters": {
            "Region": {"type": "String", "builtIn": "AWS::Region", "documentation": "r"},
            "UseFIPS": {"type": "Boolean", "required": true, "default": false, "builtIn": "AWS::UseFIPS"},
            "Bucket": {"type": "string"},
            "Arn": {"type": "string"},
            "Endpoint": {"type": "string", "builtIn": "SDK::Endpoint"},
            "Tags": {"type": "stringArray", "required": true, "default": ["t0", "t1"]},
            "Old": {"type": "string", "deprecated": {"message": "gone", "since": "2020"}}
        },
        "rules": [
            {"type": "tree", "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                {"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "url"}
             ], "rules": [
                {"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
                 "error": "FIPS and {url#scheme} custom endpoint"},
                {"type": "endpoint", "conditions": [], "endpoint": {
                    "url": "{url#scheme}://{url#authority}{url#normalizedPath}x",
                    "properties": {"ip": "{url#isIp}"}, "headers": {}}}
             ]},
            {"type": "endpoint", "conditions": [
                {"fn": "aws.parseArn", "argv": [{"ref": "Arn"}], "assign": "arn"},
                {"fn": "getAttr", "argv": [{"ref": "arn"}, "resourceId[1]"], "assign": "res"},
                {"fn": "stringEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "arn"}, "service"]}, "s3"]}
             ], "endpoint": {"url": "https://{res}.{arn#region}.example.com",
                             "headers": {"x-account": ["{arn#accountId}", {"ref": "res"}]}}},
            {"type": "endpoint", "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Bucket"}]},
                {"fn": "aws.isVirtualHostableS3Bucket", "argv": [{"ref": "Bucket"}, false]},
                {"fn": "substring", "argv": [{"ref": "Bucket"}, 0, 3, false], "assign": "prefix"},
                {"fn": "not", "argv": [{"fn": "stringEquals", "argv": [{"ref": "prefix"}, "bad"]}]}
             ], "endpoint": {"url": "https://{Bucket}.s3.example.com/{prefix}/{Tags#[1]}"}},
            {"type": "endpoint", "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Bucket"}]}
             ], "endpoint": {"url": {"fn": "coalesce", "argv": [{"ref": "Old"}, "https://path.example.com/{Bucket}"]}}},
            {"type": "tree", "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}
             ], "rules": [
                {"type": "error", "conditions": [
                    {"fn": "not", "argv": [{"fn": "isValidHostLabel", "argv": [{"ref": "Region"}, false]}]}
                 ], "error": "bad region {Region}"},
                {"type": "endpoint", "conditions": [
                    {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]},
                    {"fn": "booleanEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "p"}, "supportsFIPS"]}, true]}
                 ], "endpoint": {"url": "https://svc-fips.{Region}.{p#dnsSuffix}",
                    "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}", "disableDoubleEncoding": true, "n": 1, "z": null}]}}},
                {"type": "endpoint", "conditions": [
                    {"fn": "stringEquals", "argv": [{"ref": "Region"}, "{p#implicitGlobalRegion}"]}
                 ], "endpoint": {"url": "https://svc.{p#name}.global/{Region}"}},
                {"type": "endpoint", "conditions": [
                    {"fn": "stringEquals", "argv": ["a", "b"]}
                 ], "endpoint": {"url": "https://never"}}
             ]},
            {"type": "error", "conditions": [], "error": "Missing Region"}
        ]
    }"#;

    fn resolve(
        rules: &RuleSet,
        pairs: &[(&str, ParamValue)],
    ) -> Result<ResolvedEndpoint, EndpointError> {
        rules.resolve(&params(pairs), Partitions::builtin())
    }

    #[test]
    fn evaluates_a_rule_set_with_every_feature() {
        let rules = RuleSet::parse(FULL).expect("parses");
        assert_eq!(rules.version(), "1.0");
        let names: Vec<&str> = rules.parameters().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["Arn", "Bucket", "Endpoint", "Old", "Region", "Tags", "UseFIPS"]
        );
        let fips = rules.parameter("UseFIPS").expect("declared");
        assert_eq!(fips.param_type, ParamType::Boolean);
        assert!(fips.required);
        assert_eq!(fips.default, Some(ParamValue::Bool(false)));
        assert_eq!(fips.built_in.as_deref(), Some("AWS::UseFIPS"));
        assert_eq!(
            rules.parameter("Old").and_then(|p| p.deprecated.clone()),
            Some(Deprecated {
                message: Some("gone".into()),
                since: Some("2020".into())
            })
        );

        let e =
            resolve(&rules, &[("Endpoint", "http://127.0.0.1:8080/p".into())]).expect("endpoint");
        assert_eq!(e.url, "http://127.0.0.1:8080/p/x");
        assert_eq!(e.properties.get("ip"), Some(&Json::String("true".into())));
        let err = resolve(
            &rules,
            &[("Endpoint", "https://h".into()), ("UseFIPS", true.into())],
        )
        .expect_err("error rule");
        assert_eq!(err.message, "FIPS and https custom endpoint");
        // An unparsable endpoint skips the tree.
        assert_eq!(
            resolve(&rules, &[("Endpoint", "https://h?q".into())]).map_err(|e| e.message),
            Err("Missing Region".to_owned())
        );

        let e = resolve(
            &rules,
            &[("Arn", "arn:aws:s3:eu-west-1:123:bucket/b1".into())],
        )
        .expect("arn");
        assert_eq!(e.url, "https://b1.eu-west-1.example.com");
        assert_eq!(
            e.headers,
            vec![(
                "x-account".to_owned(),
                vec!["123".to_owned(), "b1".to_owned()]
            )]
        );

        let e = resolve(&rules, &[("Bucket", "my-bucket".into())]).expect("bucket");
        assert_eq!(e.url, "https://my-bucket.s3.example.com/my-/t1");
        let e = resolve(
            &rules,
            &[
                ("Bucket", "my-bucket".into()),
                ("Tags", ParamValue::StringArray(vec!["a".into()])),
            ],
        );
        // `{Tags#[1]}` has no value: an evaluation error, not a panic.
        assert!(e.is_err());
        let e = resolve(&rules, &[("Bucket", "bad-bucket".into())]).expect("coalesce");
        assert_eq!(e.url, "https://path.example.com/bad-bucket");
        let e = resolve(
            &rules,
            &[("Bucket", "B".into()), ("Old", "https://old".into())],
        )
        .expect("coalesce");
        assert_eq!(e.url, "https://old");

        let e = resolve(
            &rules,
            &[("Region", "us-west-2".into()), ("UseFIPS", true.into())],
        )
        .expect("fips");
        assert_eq!(e.url, "https://svc-fips.us-west-2.amazonaws.com");
        assert_eq!(
            Json::Object(e.properties),
            serde_json::json!({"authSchemes": [{"name": "sigv4", "signingRegion": "us-west-2",
                "disableDoubleEncoding": true, "n": 1, "z": null}]})
        );
        let e = resolve(&rules, &[("Region", "cn-northwest-1".into())]).expect("global");
        assert_eq!(e.url, "https://svc.aws-cn.global/cn-northwest-1");
        let err = resolve(&rules, &[("Region", "a_b".into())]).expect_err("bad region");
        assert_eq!(err.message, "bad region a_b");
        let err = resolve(&rules, &[("Region", "us-west-2".into())]).expect_err("exhausted");
        assert!(err.message.contains("exhaustion"), "{}", err.message);
        assert_eq!(
            resolve(&rules, &[]).expect_err("missing").message,
            "Missing Region"
        );
    }

    #[test]
    fn parameter_checks() {
        let rules = RuleSet::parse(
            r#"{"version": "1.0", "parameters": {
                "A": {"type": "string", "required": true},
                "B": {"type": "boolean"}},
               "rules": [{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{A}"}}]}"#,
        )
        .expect("parses");
        assert_eq!(
            resolve(&rules, &[("A", "x".into())]).expect("ok").url,
            "https://x"
        );
        assert!(resolve(&rules, &[])
            .expect_err("missing")
            .message
            .contains("`A`"));
        assert!(resolve(&rules, &[("A", true.into())]).is_err());
        assert!(resolve(&rules, &[("A", "x".into()), ("B", "no".into())]).is_err());
        assert!(resolve(&rules, &[("A", "x".into()), ("C", "no".into())]).is_err());
    }

    #[test]
    fn malformed_rule_sets_are_errors() {
        let ok_param = r#""parameters": {"R": {"type": "string"}}"#;
        let with_rules =
            |rules: &str| format!(r#"{{"version": "1.0", {ok_param}, "rules": {rules}}}"#);
        let endpoint =
            r#"{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://x"}}"#;
        let cases = [
            String::new(),
            "null".to_owned(),
            "[]".to_owned(),
            "{".to_owned(),
            r#"{"version": "1.0", "parameters": {}}"#.to_owned(),
            r#"{"version": "2.0", "parameters": {}, "rules": []}"#.to_owned(),
            format!(r#"{{"version": 1, {ok_param}, "rules": [{endpoint}]}}"#),
            format!(r#"{{"version": "1.0", "parameters": [], "rules": [{endpoint}]}}"#),
            format!(
                r#"{{"version": "1.0", "parameters": {{"R": {{"type": "number"}}}}, "rules": [{endpoint}]}}"#
            ),
            format!(
                r#"{{"version": "1.0", "parameters": {{"R": {{"type": "string", "default": true}}}}, "rules": [{endpoint}]}}"#
            ),
            with_rules("[]"),
            with_rules("{}"),
            with_rules("[1]"),
            with_rules(r#"[{"type": "nope", "conditions": []}]"#),
            with_rules(r#"[{"type": "tree", "conditions": [], "rules": []}]"#),
            with_rules(r#"[{"type": "endpoint", "conditions": []}]"#),
            with_rules(r#"[{"type": "endpoint", "conditions": [], "endpoint": {"url": true}}]"#),
            with_rules(r#"[{"type": "error", "conditions": [], "error": 3}]"#),
            with_rules(r#"[{"type": "error", "conditions": {}, "error": "e"}]"#),
            with_rules(r#"[{"type": "error", "conditions": [{"ref": "R"}], "error": "e"}]"#),
            with_rules(
                r#"[{"type": "error", "conditions": [{"fn": "nope", "argv": []}], "error": "e"}]"#,
            ),
            with_rules(r#"[{"type": "error", "conditions": [{"fn": "isSet"}], "error": "e"}]"#),
            with_rules(
                r#"[{"type": "error", "conditions": [{"fn": "isSet", "argv": []}], "error": "e"}]"#,
            ),
            with_rules(
                r#"[{"type": "error", "conditions": [{"fn": "substring", "argv": [{"ref": "R"}, 0, 1]}], "error": "e"}]"#,
            ),
            with_rules(
                r#"[{"type": "error", "conditions": [{"fn": "substring", "argv": [{"ref": "R"}, 0.5, 1, false]}], "error": "e"}]"#,
            ),
            with_rules(
                r#"[{"type": "error", "conditions": [{"fn": "getAttr", "argv": [{"ref": "R"}, {"ref": "R"}]}], "error": "e"}]"#,
            ),
            with_rules(
                r#"[{"type": "error", "conditions": [{"fn": "getAttr", "argv": [{"ref": "R"}, "a[0].b"]}], "error": "e"}]"#,
            ),
            with_rules(
                r#"[{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Nope"}]}], "error": "e"}]"#,
            ),
            with_rules(
                r#"[{"type": "error", "conditions": [{"fn": "isSet", "argv": [null]}], "error": "e"}]"#,
            ),
            with_rules(r#"[{"type": "error", "conditions": [], "error": "{Nope}"}]"#),
            with_rules(r#"[{"type": "error", "conditions": [], "error": "unbalanced }"}]"#),
            with_rules(
                r#"[{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "R"}], "assign": "R"}], "error": "e"}]"#,
            ),
            // An assigned name is not visible outside its rule.
            with_rules(
                r#"[{"type": "tree", "conditions": [{"fn": "aws.partition", "argv": ["x"], "assign": "p"}],
                            "rules": [{"type": "error", "conditions": [], "error": "{p#name}"}]},
                           {"type": "error", "conditions": [], "error": "{p#name}"}]"#,
            ),
            with_rules(
                r#"[{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://x", "headers": {"h": "v"}}}]"#,
            ),
            with_rules(
                r#"[{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://x", "properties": {"p": {"ref": "R"}}}}]"#,
            ),
        ];
        for case in &cases {
            match RuleSet::parse(case) {
                Ok(_) => panic!("should not parse: {case}"),
                Err(e) => assert!(!e.message.is_empty()),
            }
        }
    }

    #[test]
    fn type_errors_at_resolution_are_errors() {
        let with_condition = |condition: &str| {
            format!(
                r#"{{"version": "1.0", "parameters": {{"R": {{"type": "string", "required": true, "default": "x"}},
                    "B": {{"type": "boolean", "required": true, "default": true}}}},
                    "rules": [{{"type": "endpoint", "conditions": [{condition}], "endpoint": {{"url": "https://x"}}}}]}}"#
            )
        };
        for condition in [
            r#"{"fn": "booleanEquals", "argv": [{"ref": "R"}, true]}"#,
            r#"{"fn": "stringEquals", "argv": [{"ref": "B"}, "x"]}"#,
            r#"{"fn": "not", "argv": ["x"]}"#,
            r#"{"fn": "uriEncode", "argv": [[]]}"#,
            r#"{"fn": "getAttr", "argv": [{"ref": "R"}, "a"]}"#,
            r#"{"fn": "getAttr", "argv": [{"ref": "B"}, "[0]"]}"#,
            r#"{"fn": "aws.partition", "argv": [true]}"#,
        ] {
            let rules = RuleSet::parse(&with_condition(condition)).expect("parses");
            assert!(resolve(&rules, &[]).is_err(), "{condition}");
        }
        // An endpoint URL that is not a string.
        let rules = RuleSet::parse(
            r#"{"version": "1.0", "parameters": {}, "rules": [{"type": "endpoint", "conditions": [],
                "endpoint": {"url": {"fn": "isSet", "argv": ["x"]}}}]}"#,
        )
        .expect("parses");
        assert!(resolve(&rules, &[]).is_err());
    }
}
