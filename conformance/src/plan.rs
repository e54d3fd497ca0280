//! Grouping cases into harness modules, one per distinct (suite, operation) pair, so each
//! generated module has one consistent model even when cases of a suite define an operation
//! of the same name differently.

use crate::cases::{CaseFile, CaseKind, Suite};
use serde_json::Value;

/// Where every case goes.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The modules, in order of first appearance.
    pub modules: Vec<ModulePlan>,
    /// Every case of every file, in file order; a case's index here is its number in the run.
    pub cases: Vec<CaseRef>,
}

/// One case's place: which file, suite and case, and which module checks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseRef {
    /// Index into the files.
    pub file: usize,
    /// Index into the file's suites.
    pub suite: usize,
    /// Index into the suite's cases.
    pub case: usize,
    /// Index into [`Plan::modules`].
    pub module: usize,
}

/// One generated module: a model of one operation.
#[derive(Clone, Debug)]
pub struct ModulePlan {
    /// The Rust module name, unique in the harness (`m004_json_enums`).
    pub name: String,
    /// Index into the files.
    pub file: usize,
    /// Index into the file's suites.
    pub suite: usize,
    /// The operation as the model gets it.
    pub operation: Value,
    /// The run numbers of the cases it checks.
    pub cases: Vec<usize>,
}

/// The operation a case runs against. For output cases every error shape of the suite is listed
/// as an error of the operation: botocore resolves an error code against all error shapes of
/// the model, and legacy cases rely on that. (A rest-json operation without `http`, as legacy
/// output cases have, gets botocore's `POST /` from the generator itself.)
pub fn operation_for(given: &Value, suite: &Suite, output_case: bool) -> Value {
    let mut op = given.clone();
    if !output_case {
        return op;
    }
    let shapes = &suite.shapes;
    let Some(obj) = op.as_object_mut() else {
        return op;
    };
    let mut errors: Vec<Value> = obj
        .get("errors")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let listed: Vec<String> = errors
        .iter()
        .filter_map(|e| e.get("shape").and_then(Value::as_str).map(str::to_owned))
        .collect();
    if let Some(shapes) = shapes.as_object() {
        for (name, shape) in shapes {
            let is_error = shape.get("exception").and_then(Value::as_bool) == Some(true)
                || shape.get("error").is_some();
            if is_error && !listed.contains(name) {
                errors.push(serde_json::json!({ "shape": name }));
            }
        }
    }
    if !errors.is_empty() {
        obj.insert("errors".into(), Value::Array(errors));
    }
    op
}

/// Groups the cases of `files`.
pub fn plan(files: &[CaseFile]) -> Plan {
    let mut plan = Plan::default();
    // (file, suite, canonical operation JSON) of each module, for lookup.
    let mut keys: Vec<(usize, usize, String)> = Vec::new();
    for (fi, file) in files.iter().enumerate() {
        for (si, suite) in file.suites.iter().enumerate() {
            for (ci, case) in suite.cases.iter().enumerate() {
                let output = matches!(case.kind, CaseKind::Output { .. });
                let op = operation_for(&case.given, suite, output);
                // serde_json sorts object keys, so equal operations print equal.
                let key = (fi, si, op.to_string());
                let module = match keys.iter().position(|k| *k == key) {
                    Some(m) => m,
                    None => {
                        let op_name = op.get("name").and_then(Value::as_str).unwrap_or("op");
                        plan.modules.push(ModulePlan {
                            name: format!("m{:03}_{}", keys.len(), snake(op_name)),
                            file: fi,
                            suite: si,
                            operation: op,
                            cases: Vec::new(),
                        });
                        keys.push(key);
                        keys.len() - 1
                    }
                };
                plan.modules[module].cases.push(plan.cases.len());
                plan.cases.push(CaseRef {
                    file: fi,
                    suite: si,
                    case: ci,
                    module,
                });
            }
        }
    }
    plan
}

/// `GetFooBar` -> `get_foo_bar`; anything but ASCII letters and digits becomes `_`.
pub fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
            if !out.is_empty() && !out.ends_with('_') && (prev_lower || (prev_upper && next_lower))
            {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_owned();
    if out.is_empty() {
        "op".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::parse;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn snake_case_names() {
        assert_eq!(snake("GetFooBar"), "get_foo_bar");
        assert_eq!(snake("HTTPRequest"), "http_request");
        assert_eq!(snake("Json10Op"), "json10_op");
        assert_eq!(snake("a-b c"), "a_b_c");
        assert_eq!(snake("!!"), "op");
    }

    #[test]
    fn one_module_per_distinct_operation_of_a_suite() {
        let file = parse(
            Path::new("t.json"),
            &json!([{
                "description": "S",
                "metadata": {},
                "shapes": {"E": {"type": "structure", "members": {}, "exception": true}},
                "cases": [
                    {"given": {"name": "Op", "http": {"method": "GET"}}, "serialized": {}},
                    {"given": {"name": "Op", "http": {"method": "GET"}}, "serialized": {}},
                    {"given": {"name": "Op", "http": {"method": "PUT"}}, "serialized": {}},
                    {"given": {"name": "Op"}, "response": {"status_code": 200}}
                ]
            }, {
                "description": "T",
                "metadata": {},
                "cases": [
                    {"given": {"name": "Op", "http": {"method": "GET"}}, "serialized": {}}
                ]
            }]),
        )
        .unwrap();
        let plan = plan(&[file]);
        let modules: Vec<(&str, &[usize])> = plan
            .modules
            .iter()
            .map(|m| (m.name.as_str(), m.cases.as_slice()))
            .collect();
        assert_eq!(
            modules,
            vec![
                ("m000_op", &[0, 1][..]),
                ("m001_op", &[2][..]),
                ("m002_op", &[3][..]),
                ("m003_op", &[4][..]),
            ]
        );
        // Output cases list the suite's error shapes.
        assert_eq!(plan.modules[2].operation["errors"], json!([{"shape": "E"}]));
        assert!(plan.modules[0].operation.get("errors").is_none());
        assert_eq!(
            plan.cases[4],
            CaseRef {
                file: 0,
                suite: 1,
                case: 0,
                module: 3
            }
        );
    }
}
