//! Compile-time checks the macros emit, spanned at a constraint, so that a constraint the
//! member's type cannot take is an error there rather than a check that never runs.

use super::{HasLength, RangeValue};

/// `length` applies to `T`.
pub const fn length<T: HasLength + ?Sized>() {}

/// `pattern` applies to `T`.
pub const fn text<T: AsRef<str> + ?Sized>() {}

/// `range` applies to `T`.
pub const fn range<T: RangeValue + ?Sized>() {}

/// The item type of a list, for constraints on its items.
#[diagnostic::on_unimplemented(
    message = "`item(...)` does not apply to `{Self}`",
    label = "an `item(...)` constraint is on this member",
    note = "`item(...)` describes the items of a list (`Vec`)"
)]
pub trait Items {
    /// The item type.
    type Item;
}

impl<T> Items for Vec<T> {
    type Item = T;
}

/// The key and value types of a map, for constraints on its keys and values.
#[diagnostic::on_unimplemented(
    message = "`key(...)` and `value(...)` do not apply to `{Self}`",
    label = "a `key(...)` or `value(...)` constraint is on this member",
    note = "`key(...)` and `value(...)` describe the entries of a map (`HashMap`)"
)]
pub trait Entries {
    /// The key type.
    type Key;
    /// The value type.
    type Value;
}

impl<K, V> Entries for std::collections::HashMap<K, V> {
    type Key = K;
    type Value = V;
}
