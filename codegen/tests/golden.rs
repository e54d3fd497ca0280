//! The generated text for a small model that uses most features is exactly the checked-in
//! `golden/demo.rs` (`UPDATE_GOLDEN=1` rewrites it after a deliberate change) and what rustfmt
//! would write, and generation is deterministic: the same model with its operations and shapes
//! in another order gives the same text.

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
fn output_does_not_depend_on_the_order_of_operations_and_shapes() {
    let text = std::fs::read_to_string(golden_dir().join("demo-service.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    // The same model as text, with `operations` and `shapes` in a given order (member order,
    // which is field order by design, stays the same in both).
    let written = |reversed: bool| {
        let section = |name: &str| {
            let mut entries: Vec<String> = value[name]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| format!("{}: {v}", serde_json::Value::from(k.as_str())))
                .collect();
            if reversed {
                entries.reverse();
            }
            format!("{{{}}}", entries.join(", "))
        };
        format!(
            r#"{{"metadata": {}, "operations": {}, "shapes": {}}}"#,
            value["metadata"],
            section("operations"),
            section("shapes")
        )
    };
    let generate_from =
        |text: &str| generate(&Model::from_service_str(text).unwrap(), &options()).unwrap();
    let (forward, backward) = (written(false), written(true));
    assert_ne!(
        forward, backward,
        "the two texts list the entries differently"
    );
    assert_eq!(generate_from(&forward), generate_from(&backward));
    // Twice from the same text: the same.
    assert_eq!(generate_from(&text), generate_from(&text));
}
