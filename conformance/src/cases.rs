//! Reading protocol test files (botocore's format, see `conformance/protocols/README.md`) into
//! suites and cases, checking the shape of every part the runner relies on.

use aws_op_codegen::Json;
use serde_json::{Map, Value};
use std::fmt;
use std::path::{Path, PathBuf};

/// A file of suites.
#[derive(Clone, Debug)]
pub struct CaseFile {
    /// The path as given on the command line (used in reports).
    pub path: PathBuf,
    /// The suites, in file order.
    pub suites: Vec<Suite>,
}

/// A small service model and the cases that run against it.
#[derive(Clone, Debug)]
pub struct Suite {
    /// The suite's `description`.
    pub description: String,
    /// The model's `metadata` object.
    pub metadata: Value,
    /// The model's `shapes` object.
    pub shapes: Value,
    /// The same shapes with the file's key order (members in model order: the order of
    /// awsQuery form keys). Sorted by name when the suite was not read from text.
    pub ordered_shapes: Json,
    /// The base endpoint the suite's input cases use, if it names one.
    pub client_endpoint: Option<String>,
    /// The cases, in file order.
    pub cases: Vec<Case>,
}

/// One case: an operation (`given`) and what to check about it.
#[derive(Clone, Debug)]
pub struct Case {
    /// How reports name the case: its `id`, else its `description`, else `case N`.
    pub label: String,
    /// The operation, as an entry of a model's `operations`.
    pub given: Value,
    /// Serialization or parsing, with the expectation.
    pub kind: CaseKind,
}

/// What a case checks.
#[derive(Clone, Debug)]
pub enum CaseKind {
    /// A serialization case.
    Input {
        /// The input values, keyed by member name.
        params: Value,
        /// The expected request.
        serialized: Value,
    },
    /// A parsing case.
    Output {
        /// The HTTP response to parse (`status_code`, `headers`, `body`).
        response: Value,
        /// The expected output, or `None` when an error is expected.
        result: Option<Value>,
        /// The expected error: `errorCode`, `errorMessage`, `error`.
        error: Option<ExpectedError>,
    },
}

/// The error an output case expects.
#[derive(Clone, Debug)]
pub struct ExpectedError {
    /// The error shape name.
    pub code: String,
    /// The message, when the case states one.
    pub message: Option<String>,
    /// The modelled members.
    pub members: Value,
}

/// A case file that cannot be used, with where the problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// Where in it (`suite 3 ("Test cases for X"), case 2`), empty for the whole file.
    pub at: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}: {}: {}", self.path.display(), self.at, self.message)
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads and checks one file.
pub fn load(path: &Path) -> Result<CaseFile, LoadError> {
    let error = |at: String, message: String| LoadError {
        path: path.to_owned(),
        at,
        message,
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| error(String::new(), format!("cannot read it: {e}")))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| error(String::new(), format!("not valid JSON: {e}")))?;
    let mut file = parse(path, &value)?;
    // The text parsed as valid JSON above, so it does here too.
    let ordered =
        Json::parse(&text).map_err(|e| error(String::new(), format!("not valid JSON: {e}")))?;
    let suites = ordered.as_array().unwrap_or_default();
    for (suite, ordered) in file.suites.iter_mut().zip(suites) {
        if let Some(shapes) = ordered.get("shapes") {
            suite.ordered_shapes = shapes.clone();
        }
    }
    Ok(file)
}

/// Checks an already parsed file.
pub fn parse(path: &Path, value: &Value) -> Result<CaseFile, LoadError> {
    let error = |at: String, message: String| LoadError {
        path: path.to_owned(),
        at,
        message,
    };
    let suites = value.as_array().ok_or_else(|| {
        error(
            String::new(),
            "expected an array of suites at the top level".into(),
        )
    })?;
    let mut out = Vec::with_capacity(suites.len());
    for (i, suite) in suites.iter().enumerate() {
        let description = suite
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let at = format!("suite {} ({:?})", i + 1, description);
        out.push(parse_suite(suite, description).map_err(|(inner, m)| {
            let at = if inner.is_empty() {
                at.clone()
            } else {
                format!("{at}, {inner}")
            };
            error(at, m)
        })?);
    }
    Ok(CaseFile {
        path: path.to_owned(),
        suites: out,
    })
}

type Problem = (String, String);

fn object<'a>(v: &'a Value, key: &str) -> Result<&'a Map<String, Value>, String> {
    match v.get(key) {
        Some(Value::Object(o)) => Ok(o),
        Some(other) => Err(format!("`{key}` must be an object, got {}", kind(other))),
        None => Err(format!("`{key}` is missing")),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn parse_suite(suite: &Value, description: String) -> Result<Suite, Problem> {
    let whole = |m: String| (String::new(), m);
    if !suite.is_object() {
        return Err(whole(format!(
            "a suite must be an object, got {}",
            kind(suite)
        )));
    }
    let metadata = Value::Object(object(suite, "metadata").map_err(whole)?.clone());
    let shapes = match suite.get("shapes") {
        None => Value::Object(Map::new()),
        Some(_) => Value::Object(object(suite, "shapes").map_err(whole)?.clone()),
    };
    let client_endpoint = match suite.get("clientEndpoint") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            return Err(whole(format!(
                "`clientEndpoint` must be a string, got {}",
                kind(other)
            )))
        }
    };
    let cases = match suite.get("cases") {
        Some(Value::Array(c)) => c,
        Some(other) => {
            return Err(whole(format!(
                "`cases` must be an array, got {}",
                kind(other)
            )))
        }
        None => return Err(whole("`cases` is missing".into())),
    };
    let mut out = Vec::with_capacity(cases.len());
    for (j, case) in cases.iter().enumerate() {
        let label = case
            .get("id")
            .or_else(|| case.get("description"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("case {}", j + 1));
        let at = format!("case {} ({label})", j + 1);
        out.push(parse_case(case, label).map_err(|m| (at, m))?);
    }
    Ok(Suite {
        description,
        metadata,
        ordered_shapes: Json::from_value(&shapes),
        shapes,
        client_endpoint,
        cases: out,
    })
}

fn parse_case(case: &Value, label: String) -> Result<Case, String> {
    let given = object(case, "given")?;
    match given.get("name") {
        Some(Value::String(n)) if !n.is_empty() => {}
        _ => return Err("`given.name` must be a non-empty string".into()),
    }
    let given = Value::Object(given.clone());
    let kind = match (case.get("serialized"), case.get("response")) {
        (Some(_), Some(_)) => {
            return Err("a case has either `serialized` (input) or `response` (output)".into())
        }
        (Some(_), None) => CaseKind::Input {
            params: match case.get("params") {
                None => Value::Object(Map::new()),
                Some(_) => Value::Object(object(case, "params")?.clone()),
            },
            serialized: Value::Object(object(case, "serialized")?.clone()),
        },
        (None, Some(_)) => {
            let response = object(case, "response")?;
            match response.get("status_code") {
                Some(s) if s.as_u64().is_some_and(|s| (100..=599).contains(&s)) => {}
                _ => return Err("`response.status_code` must be an HTTP status".into()),
            }
            if let Some(b) = response.get("body") {
                if !b.is_string() {
                    return Err(format!("`response.body` must be a string, got {}", kind(b)));
                }
            }
            if let Some(h) = response.get("headers") {
                if !h.is_object() {
                    return Err(format!(
                        "`response.headers` must be an object, got {}",
                        kind(h)
                    ));
                }
            }
            let error = match case.get("errorCode") {
                None => None,
                Some(Value::String(code)) => Some(ExpectedError {
                    code: code.clone(),
                    message: match case.get("errorMessage") {
                        None => None,
                        Some(Value::String(m)) => Some(m.clone()),
                        Some(other) => {
                            return Err(format!(
                                "`errorMessage` must be a string, got {}",
                                kind(other)
                            ))
                        }
                    },
                    members: match case.get("error") {
                        None => Value::Object(Map::new()),
                        Some(_) => Value::Object(object(case, "error")?.clone()),
                    },
                }),
                Some(other) => {
                    return Err(format!("`errorCode` must be a string, got {}", kind(other)))
                }
            };
            let result = match (&error, case.get("result")) {
                (Some(_), _) => None,
                (None, None) => Some(Value::Object(Map::new())),
                (None, Some(_)) => Some(Value::Object(object(case, "result")?.clone())),
            };
            CaseKind::Output {
                response: Value::Object(response.clone()),
                result,
                error,
            }
        }
        (None, None) => {
            return Err(
                "a case needs `serialized` (an input case) or `response` (an output case)".into(),
            )
        }
    };
    Ok(Case { label, given, kind })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parsed(v: Value) -> Result<CaseFile, LoadError> {
        parse(Path::new("t.json"), &v)
    }

    #[test]
    fn input_and_output_cases_are_read() {
        let file = parsed(json!([{
            "description": "S",
            "metadata": {"protocol": "rest-json"},
            "shapes": {},
            "clientEndpoint": "https://example.com",
            "cases": [
                {"id": "In", "given": {"name": "Op"}, "params": {"a": 1},
                 "serialized": {"uri": "/"}},
                {"given": {"name": "Op"}, "response": {"status_code": 400},
                 "errorCode": "E", "errorMessage": "m"},
                {"description": "d", "given": {"name": "Op"},
                 "response": {"status_code": 200, "body": "{}"}}
            ]
        }]))
        .unwrap();
        let s = &file.suites[0];
        assert_eq!(s.client_endpoint.as_deref(), Some("https://example.com"));
        assert_eq!(s.cases[0].label, "In");
        assert!(matches!(&s.cases[0].kind, CaseKind::Input { params, .. } if params["a"] == 1));
        assert_eq!(s.cases[1].label, "case 2");
        match &s.cases[1].kind {
            CaseKind::Output { result, error, .. } => {
                assert!(result.is_none());
                let e = error.as_ref().unwrap();
                assert_eq!((e.code.as_str(), e.message.as_deref()), ("E", Some("m")));
                assert_eq!(e.members, json!({}));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(s.cases[2].label, "d");
        assert!(
            matches!(&s.cases[2].kind, CaseKind::Output { result: Some(r), .. } if *r == json!({}))
        );
    }

    #[test]
    fn problems_name_file_suite_and_case() {
        let e = parsed(json!({"not": "an array"})).unwrap_err();
        assert!(
            e.to_string().starts_with("t.json: expected an array"),
            "{e}"
        );
        let e = parsed(json!([{"description": "S", "cases": []}])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.json: suite 1 (\"S\"): `metadata` is missing"
        );
        let e = parsed(json!([{"description": "S", "metadata": {}, "cases": [
            {"id": "X", "given": {"name": "Op"}, "response": {"status_code": "200"}}
        ]}]))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.json: suite 1 (\"S\"), case 1 (X): `response.status_code` must be an HTTP status"
        );
        let e = parsed(json!([{"description": "S", "metadata": {}, "cases": [
            {"given": {"name": ""}, "serialized": {}}
        ]}]))
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("`given.name` must be a non-empty string"),
            "{e}"
        );
        let e = parsed(json!([{"description": "S", "metadata": {}, "cases": [
            {"given": {"name": "Op"}}
        ]}]))
        .unwrap_err();
        assert!(e.to_string().contains("needs `serialized`"), "{e}");
    }

    #[test]
    fn unreadable_files_are_reported() {
        let e = load(Path::new("/nonexistent/conformance/file.json")).unwrap_err();
        assert!(e.to_string().contains("cannot read it"), "{e}");
    }
}
