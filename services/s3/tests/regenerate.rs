//! `src/generated.rs` is exactly what `aws-op-codegen` writes from the model today: a change to
//! the model or the generator without regenerating fails here, with the command to run.

use std::path::Path;

/// The command line that wrote `src/generated.rs` (run from the workspace root).
const ARGS: &[&str] = &[
    "--model",
    "models/s3/service-2.json",
    "--paginators",
    "models/s3/paginators-1.json",
    "--service-name",
    "S3",
    "--endpoint",
    "https://s3.{region}.amazonaws.com",
    "--endpoint-rules",
    "model/endpoint-rule-set-1.json",
    "--out",
    "services/s3/src/generated.rs",
];

#[test]
fn generated_code_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if let Err(problem) = aws_op_codegen::check_up_to_date(&root, ARGS) {
        panic!("{problem}");
    }
}
