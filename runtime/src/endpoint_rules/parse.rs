//! Reading a rule set: the JSON document checked whole (shape, functions and their argument
//! counts, every reference in scope, template syntax) before anything is evaluated.

use super::ast::{
    Condition, Deprecated, EndpointSpec, Expr, ParamType, ParamValue, Parameter, PathPart, Prop,
    Rule, RuleKind, RuleSet, TemplatePart,
};
use super::document::{expect_object, optional_bool, optional_string};
use super::functions::Func;
use super::{fail, EndpointError};
use serde_json::{Map, Value as Json};

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
        Ok(RuleSet { parameters, rules })
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
pub(super) fn parse_path(path: &str) -> Result<Vec<PathPart>, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
