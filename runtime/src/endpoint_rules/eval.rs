//! Evaluating a rule set for one set of parameter values: rules in order, conditions with
//! their assignments, templates, and the endpoint or error of the first rule that applies.

use super::ast::{
    Condition, EndpointSpec, Expr, ParamValue, PathPart, Prop, ResolvedEndpoint, Rule, RuleKind,
    RuleSet, TemplatePart,
};
use super::functions::{apply, arity, Func};
use super::partitions::Partitions;
use super::value::Value;
use super::{fail, EndpointError};
use serde_json::{Map, Value as Json};
use std::collections::HashMap;

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

#[cfg(test)]
mod tests {
    use super::super::parse::parse_path;
    use super::*;
    use crate::endpoint_rules::ast::{Deprecated, ParamType};

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
        let names: Vec<&str> = rules.parameters.iter().map(|p| p.name.as_str()).collect();
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
