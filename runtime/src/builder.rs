//! The typestate marker of the generated builders.
//!
//! A generated builder carries one type parameter per required member: [`Unset`] until its
//! setter is called, then the member's own type, holding the value. `build()` exists only when
//! no parameter is [`Unset`], so a missing member is a compile error that names it.

/// The required member has not been given a value yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unset;

/// Shown by `Debug` in place of a `sensitive` member's value.
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("*** Sensitive Data Redacted ***")
    }
}
