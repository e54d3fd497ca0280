//! Compile-time diagnostics of the macros (`tests/ui/*.rs`, each with its expected `.stderr`)
//! and programs that must compile (`tests/ui/pass/*.rs`).
//!
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test --test ui`, then review
//! every changed `.stderr` file.

#[test]
fn compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
