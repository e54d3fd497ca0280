//! The generated text for a small model that uses most features is exactly the checked-in
//! `golden/demo.rs` (`UPDATE_GOLDEN=1` rewrites it after a deliberate change) and what rustfmt
//! would write, and generation is deterministic: the same model in any key order gives the
//! same text.

mod common;

use aws_op_codegen::{generate, Model, Options};
use std::path::Path;

fn golden_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden"))
}

fn options() -> Options {
    let paginators = std::fs::read_to_string(golden_dir().join("demo-paginators.json")).unwrap();
    Options {
        paginators: Some(serde_json::from_str(&paginators).unwrap()),
        endpoint: Some("https://things.{region}.example.com".into()),
        header: Some("The golden file of aws-op-codegen's tests.".into()),
        ..Options::new("DemoThings")
    }
}

#[test]
fn demo_model_matches_the_golden_file() {
    let text = std::fs::read_to_string(golden_dir().join("demo-service.json")).unwrap();
    let model = Model::from_service_str(&text).unwrap();
    let source = generate(&model, &options()).unwrap();
    if let Err(diff) = common::rustfmt_check(&source) {
        panic!("the generated text is not rustfmt-stable:\n{diff}");
    }
    let path = golden_dir().join("demo.rs");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &source).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == source,
        "generated text changed; rerun with UPDATE_GOLDEN=1 if intended:\n{source}"
    );
}

#[test]
fn output_does_not_depend_on_key_order() {
    let text = std::fs::read_to_string(golden_dir().join("demo-service.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let first = generate(&Model::from_service_json(&value).unwrap(), &options()).unwrap();
    // Rebuild every object with its keys reversed: `Value` input is sorted, so nothing moves.
    fn reverse(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.reverse();
                serde_json::Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), reverse(v)))
                        .collect(),
                )
            }
            serde_json::Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(reverse).collect())
            }
            other => other.clone(),
        }
    }
    let second = generate(
        &Model::from_service_json(&reverse(&value)).unwrap(),
        &options(),
    )
    .unwrap();
    assert_eq!(first, second);
    // Twice from the text: the same.
    let a = generate(&Model::from_service_str(&text).unwrap(), &options()).unwrap();
    let b = generate(&Model::from_service_str(&text).unwrap(), &options()).unwrap();
    assert_eq!(a, b);
}
