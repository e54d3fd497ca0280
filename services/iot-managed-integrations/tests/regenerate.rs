//! `src/generated.rs` is exactly what `aws-op-codegen` writes from the model today: a change to
//! the model or the generator without regenerating fails here, with the command to run.

use aws_op_codegen::{command_header, generate, Model, Options};
use std::path::{Path, PathBuf};

/// The command line that wrote `src/generated.rs` (run from the workspace root).
const ARGS: &[&str] = &[
    "--model",
    "models/iot-managed-integrations/service-2.json",
    "--paginators",
    "models/iot-managed-integrations/paginators-1.json",
    "--service-name",
    "IotManagedIntegrations",
    "--endpoint",
    "https://api.iotmanagedintegrations.{region}.api.aws",
    "--endpoint-rules",
    "model/endpoint-rule-set-1.json",
    "--out",
    "services/iot-managed-integrations/src/generated.rs",
];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn arg(flag: &str) -> &'static str {
    let at = ARGS.iter().position(|a| *a == flag).expect("flag in ARGS");
    ARGS[at + 1]
}

fn read(relative: &str) -> String {
    let path = workspace_root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

/// Where the two texts first differ and how many lines differ, for a readable failure.
fn diff_summary(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = actual.lines().collect();
    let new: Vec<&str> = expected.lines().collect();
    let differing = (0..old.len().max(new.len()))
        .filter(|&i| old.get(i) != new.get(i))
        .count();
    let first = (0..old.len().max(new.len()))
        .find(|&i| old.get(i) != new.get(i))
        .unwrap_or(0);
    let mut out = format!(
        "{differing} line(s) differ (checked in: {} lines, generated: {} lines); first at line {}:\n",
        old.len(),
        new.len(),
        first + 1
    );
    for i in first.saturating_sub(2)..(first + 6).min(old.len().max(new.len())) {
        match (old.get(i), new.get(i)) {
            (Some(a), Some(b)) if a == b => out.push_str(&format!("  {:>5}   {a}\n", i + 1)),
            (a, b) => {
                if let Some(a) = a {
                    out.push_str(&format!("  {:>5} - {a}\n", i + 1));
                }
                if let Some(b) = b {
                    out.push_str(&format!("  {:>5} + {b}\n", i + 1));
                }
            }
        }
    }
    out
}

#[test]
fn generated_code_is_up_to_date() {
    let model = Model::from_service_str(&read(arg("--model"))).expect("the model reads");
    let paginators =
        aws_op::serde_json::from_str(&read(arg("--paginators"))).expect("paginators are JSON");
    let options = Options {
        service_name: arg("--service-name").into(),
        endpoint: Some(arg("--endpoint").into()),
        endpoint_rules: Some(arg("--endpoint-rules").into()),
        paginators: Some(paginators),
        header: Some(command_header(ARGS)),
    };
    let expected = generate(&model, &options).expect("the model generates");
    let actual = read(arg("--out"));
    if expected != actual {
        let command = command_header(ARGS)
            .lines()
            .skip(2)
            .collect::<Vec<_>>()
            .join("\n");
        panic!(
            "src/generated.rs is out of date.\n{}\nRegenerate it from the workspace root with:\n\n{command}\n",
            diff_summary(&expected, &actual)
        );
    }
}
