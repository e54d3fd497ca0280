//! Every suite of the protocol test files in `conformance/protocols/` generates (or fails with
//! the one expected, named error), and what it generates is exactly what rustfmt would write.

mod common;

use aws_op_codegen::{generate, CodegenError, Model, Options};
use common::rustfmt_check;
use serde_json::Value;
use std::path::Path;

const FILES: &[&str] = &[
    "input/rest-json.json",
    "input/json.json",
    "output/rest-json.json",
    "output/json.json",
    "input/json_1_0.json",
    "input/json_1_0-query-compatible.json",
    "output/json_1_0.json",
    "output/json_1_0-query-compatible.json",
    "input/smithy-rpc-v2-cbor.json",
    "input/smithy-rpc-v2-cbor-non-query-compatible.json",
    "output/smithy-rpc-v2-cbor.json",
    "output/smithy-rpc-v2-cbor-query-compatible.json",
    "legacy/input/rest-json.json",
    "legacy/input/json.json",
    "legacy/output/rest-json.json",
    "legacy/output/json.json",
    "input/rest-xml.json",
    "input/query.json",
    "input/ec2.json",
    "output/rest-xml.json",
    "output/query.json",
    "output/ec2.json",
    "legacy/input/rest-xml.json",
    "legacy/input/query.json",
    "legacy/input/ec2.json",
    "legacy/output/rest-xml.json",
    "legacy/output/query.json",
    "legacy/output/ec2.json",
];

/// One model per suite and distinct set of `given` operations: cases that give different
/// operations of the same name get models of their own.
fn models(suite: &Value) -> Vec<Result<Model, CodegenError>> {
    let mut groups: Vec<Vec<Value>> = Vec::new();
    for case in suite["cases"].as_array().into_iter().flatten() {
        let given = case["given"].clone();
        let name = &given["name"];
        let fits = groups
            .iter_mut()
            .find(|g| g.iter().all(|op| op["name"] != *name || *op == given));
        match fits {
            Some(group) => {
                if !group.contains(&given) {
                    group.push(given);
                }
            }
            None => groups.push(vec![given]),
        }
    }
    groups
        .iter()
        .map(|ops| Model::from_parts(&suite["metadata"], ops, &suite["shapes"]))
        .collect()
}

#[test]
fn every_suite_generates_rustfmt_stable_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/protocols");
    let mut generated = 0;
    let mut refused = Vec::new();
    let mut failures = Vec::new();
    for file in FILES {
        let text = std::fs::read_to_string(root.join(file)).expect("protocol test file");
        let suites: Value = serde_json::from_str(&text).expect("valid JSON");
        for suite in suites.as_array().expect("an array of suites") {
            let description = suite["description"].as_str().unwrap_or_default();
            for model in models(suite) {
                let source = model.and_then(|m| generate(&m, &Options::new("Service")));
                match source {
                    Ok(source) => {
                        generated += 1;
                        if let Err(diff) = rustfmt_check(&source) {
                            failures.push(format!("{file} / {description}:\n{diff}"));
                        }
                    }
                    Err(e) => refused.push(format!("{file} / {description}: {e}")),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "not rustfmt-stable:\n{}",
        failures.join("\n")
    );
    // Refused by name: the suite with an event stream. Every other suite generates.
    assert_eq!(
        refused,
        [
            "legacy/output/json.json / RPC JSON Event Stream: shapes.EventStream: an event \
             stream (`eventstream`) is not supported by aws-op",
            "legacy/output/rest-xml.json / REST XML Event Stream: shapes.EventStream: an event \
             stream (`eventstream`) is not supported by aws-op"
        ],
        "{refused:#?}"
    );
    assert!(generated > 300, "{generated} models generated");
}
