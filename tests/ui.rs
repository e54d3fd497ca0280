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

/// A protocol whose cargo feature is off: the error says which feature to turn on.
#[cfg(not(feature = "cbor"))]
#[test]
fn protocols_behind_features() {
    trybuild::TestCases::new().compile_fail("tests/ui/without_cbor/*.rs");
}
