//! `pattern` constraints, as the static tables the macros emit.
//!
//! The `#[aws_operation]` and `#[aws_shape]` macros compile each Smithy `@pattern` with
//! [`aws_op_pattern`] at expansion time and emit its automaton as a `static` [`Pattern`], so
//! validating a request compiles, caches and locks nothing. A value satisfies the pattern when
//! some part of it matches (Smithy's `pattern` is not implicitly anchored): `[a-z]+` accepts
//! "not valid!", `^[a-z]+$` does not.

pub use aws_op_pattern::{Assertion, Automaton, Counter, Program, State};

/// A compiled `pattern` constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as written in the model, for messages.
    pub source: &'static str,
    /// Its automaton (see [`Program`]).
    pub program: Program<'static>,
}

impl Pattern {
    /// Whether some part of `value` matches: in time linear in its length, never panicking
    /// (corrupt tables only fail to match).
    pub fn is_match(&self, value: &str) -> bool {
        self.program.is_match(value)
    }
}
