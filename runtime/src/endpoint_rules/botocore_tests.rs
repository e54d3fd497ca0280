//! Runs botocore's endpoint tests of IoT Managed Integrations (`tests/data/endpoints/` of
//! this crate) against the rules engine.

use super::ast::{ParamType, ParamValue, RuleSet};
use super::partitions::Partitions;
use serde_json::Value;
use std::collections::HashMap;

const RULE_SET: &str = include_str!("../../tests/data/endpoints/endpoint-rule-set-1.json");
const TESTS: &str = include_str!("../../tests/data/endpoints/endpoint-tests-1.json");

/// The number of cases in `endpoint-tests-1.json`; fewer means the file was not read right.
const MIN_CASES: usize = 9;

fn params_of(case: &Value) -> Result<HashMap<String, ParamValue>, String> {
    let Some(params) = case.get("params") else {
        return Ok(HashMap::new());
    };
    let params = params.as_object().ok_or("`params` is not an object")?;
    params
        .iter()
        .map(|(name, value)| {
            ParamValue::from_json(value)
                .map(|v| (name.clone(), v))
                .ok_or_else(|| format!("unsupported value for `{name}`: {value}"))
        })
        .collect()
}

/// Checks one test case; `Err` says how it failed.
fn run_case(rules: &RuleSet, case: &Value) -> Result<(), String> {
    let params = params_of(case)?;
    let expect = case.get("expect").ok_or("no `expect`")?;
    let result = rules.resolve(&params, Partitions::builtin());
    if let Some(message) = expect.get("error") {
        let message = message.as_str().ok_or("`expect.error` is not a string")?;
        return match result {
            Err(e) if e.message == message => Ok(()),
            Err(e) => Err(format!(
                "expected error {message:?}, got error {:?}",
                e.message
            )),
            Ok(endpoint) => Err(format!(
                "expected error {message:?}, got endpoint {:?}",
                endpoint.url
            )),
        };
    }
    let expected = expect
        .get("endpoint")
        .ok_or("`expect` has neither `error` nor `endpoint`")?;
    let endpoint =
        result.map_err(|e| format!("expected an endpoint, got error {:?}", e.message))?;
    let url = expected
        .get("url")
        .and_then(Value::as_str)
        .ok_or("`expect.endpoint.url` is not a string")?;
    if endpoint.url != url {
        return Err(format!("expected url {url:?}, got {:?}", endpoint.url));
    }
    if let Some(headers) = expected.get("headers") {
        let got: serde_json::Map<String, Value> = endpoint
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.clone())))
            .collect();
        if &Value::Object(got.clone()) != headers {
            return Err(format!("expected headers {headers}, got {got:?}"));
        }
    }
    if let Some(properties) = expected.get("properties") {
        if &Value::Object(endpoint.properties.clone()) != properties {
            return Err(format!(
                "expected properties {properties}, got {:?}",
                endpoint.properties
            ));
        }
    }
    Ok(())
}

#[test]
fn botocore_endpoint_tests_pass() {
    let rules = RuleSet::parse(RULE_SET).expect("the rule set parses");
    let tests: Value = serde_json::from_str(TESTS).expect("the tests are JSON");
    let cases = tests
        .get("testCases")
        .and_then(Value::as_array)
        .expect("`testCases` is an array");
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let doc = case
            .get("documentation")
            .and_then(Value::as_str)
            .unwrap_or("(undocumented)");
        if let Err(why) = run_case(&rules, case) {
            failures.push(format!("case {i} ({doc}): {why}"));
        }
    }
    assert!(
        cases.len() >= MIN_CASES,
        "only {} test cases found, expected at least {MIN_CASES}",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn rule_set_parameters() {
    let rules = RuleSet::parse(RULE_SET).expect("the rule set parses");
    let summary: Vec<(&str, ParamType, bool, Option<&str>)> = rules
        .parameters
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.param_type,
                p.required,
                p.built_in.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("Endpoint", ParamType::String, false, Some("SDK::Endpoint")),
            ("Region", ParamType::String, false, Some("AWS::Region")),
            ("UseFIPS", ParamType::Boolean, true, Some("AWS::UseFIPS")),
        ]
    );
    assert_eq!(
        rules.parameter("UseFIPS").and_then(|p| p.default.clone()),
        Some(ParamValue::Bool(false))
    );
}

#[test]
fn builtin_partitions_parse_and_resolve() {
    let partitions = Partitions::builtin();
    // A region the table does not list yet still resolves through `regionRegex`, and an
    // unknown one through the `aws` partition.
    let rules = RuleSet::parse(RULE_SET).expect("the rule set parses");
    for (region, url) in [
        (
            "eu-south-9",
            "https://api.iotmanagedintegrations.eu-south-9.api.aws",
        ),
        (
            "cn-south-2",
            "https://api.iotmanagedintegrations.cn-south-2.api.amazonwebservices.com.cn",
        ),
        (
            "moon-1",
            "https://api.iotmanagedintegrations.moon-1.api.aws",
        ),
    ] {
        let params = HashMap::from([("Region".to_owned(), ParamValue::from(region))]);
        let endpoint = rules.resolve(&params, partitions).expect("resolves");
        assert_eq!(endpoint.url, url);
        assert!(endpoint.headers.is_empty());
        assert!(endpoint.properties.is_empty());
    }
}

#[test]
fn wrong_parameters_are_errors() {
    let rules = RuleSet::parse(RULE_SET).expect("the rule set parses");
    let partitions = Partitions::builtin();
    let wrong_type = HashMap::from([("UseFIPS".to_owned(), ParamValue::from("yes"))]);
    assert!(rules.resolve(&wrong_type, partitions).is_err());
    let unknown = HashMap::from([("UseDualStack".to_owned(), ParamValue::Bool(true))]);
    assert!(rules.resolve(&unknown, partitions).is_err());
}

#[test]
fn malformed_rule_set_is_an_error() {
    let truncated = &RULE_SET[..RULE_SET.len() / 2];
    assert!(RuleSet::parse(truncated).is_err());
    let unknown_function = RULE_SET.replace("\"booleanEquals\"", "\"booleanEqualz\"");
    let err = RuleSet::parse(&unknown_function).expect_err("unknown function");
    assert!(err.message.contains("booleanEqualz"), "{err}");
    let bad_reference = RULE_SET.replace("{PartitionResult#", "{Partition#");
    assert!(RuleSet::parse(&bad_reference).is_err());
}
