//! How each type validates itself against the constraints of the position it sits at: the
//! [`Validate`] impls of strings, numbers, blobs and collections, and the traits that say which
//! constraints a type takes ([`HasLength`], [`RangeValue`]).

use super::{Path, Rule, Validator};
use crate::blob::Blob;
use crate::schema::{Constraints, Member};
use crate::time::DateTime;
use std::collections::HashMap;
use std::fmt;

/// A value whose length a `length` constraint limits.
#[diagnostic::on_unimplemented(
    message = "`length` does not apply to `{Self}`",
    label = "a `length` constraint is on this member",
    note = "`length` limits strings, blobs, lists and maps"
)]
pub trait HasLength {
    /// What the length counts, for messages.
    const UNIT: &'static str;
    /// The length as Smithy counts it.
    fn constraint_len(&self) -> usize;
}

impl HasLength for str {
    const UNIT: &'static str = "characters";
    fn constraint_len(&self) -> usize {
        self.chars().count()
    }
}

impl HasLength for String {
    const UNIT: &'static str = "characters";
    fn constraint_len(&self) -> usize {
        self.chars().count()
    }
}

impl<T> HasLength for Vec<T> {
    const UNIT: &'static str = "items";
    fn constraint_len(&self) -> usize {
        self.len()
    }
}

impl<K, V> HasLength for HashMap<K, V> {
    const UNIT: &'static str = "entries";
    fn constraint_len(&self) -> usize {
        self.len()
    }
}

impl HasLength for Blob {
    const UNIT: &'static str = "bytes";
    fn constraint_len(&self) -> usize {
        self.len()
    }
}

/// A number a `range` constraint limits.
#[diagnostic::on_unimplemented(
    message = "`range` does not apply to `{Self}`",
    label = "a `range` constraint is on this member",
    note = "`range` limits numbers"
)]
pub trait RangeValue: fmt::Display {
    /// The value as a float for comparison with the bounds.
    fn as_f64(&self) -> f64;
}

macro_rules! range_value {
    ($($t:ty),*) => {$(
        impl RangeValue for $t {
            fn as_f64(&self) -> f64 {
                *self as f64
            }
        }

        impl Validate for $t {
            fn validate(&self, v: &mut Validator, path: &Path<'_>, member: &'static Member) {
                let c = member.constraints;
                if c.min.is_some() || c.max.is_some() {
                    v.range(path, self, c.min, c.max, member.is_sensitive());
                }
            }
        }
    )*};
}

range_value!(i8, i16, i32, i64, f32, f64);

/// A value that validates itself against the constraints of the position it sits at
/// (`member`) and, for structures, unions, enums and their collections, its contents.
///
/// Generated code makes one call per member with something to check
/// ([`Validator::member`]); the constraints are data in the member's table.
pub trait Validate {
    /// Records every violation of `self`, at `path`, described by `member`.
    fn validate(&self, _v: &mut Validator, _path: &Path<'_>, _member: &'static Member) {}
}

impl Validate for String {
    fn validate(&self, v: &mut Validator, path: &Path<'_>, member: &'static Member) {
        v.text(path, self, member);
    }
}

impl Validate for Blob {
    fn validate(&self, v: &mut Validator, path: &Path<'_>, member: &'static Member) {
        v.length_of(path, self, member);
    }
}

macro_rules! leaf {
    ($($t:ty),*) => {$( impl Validate for $t {} )*};
}

// Values no constraint applies to.
leaf!(bool, DateTime, serde_json::Value, crate::ByteStream);

/// A body is sent as it streams only as an operation's own member (its payload); anywhere
/// else (in an event, a list, a nested structure) it is written as a blob, which needs its
/// bytes in memory. A stream there is refused rather than sent empty.
impl Validate for crate::Body {
    fn validate(&self, v: &mut Validator, path: &Path<'_>, _: &'static Member) {
        let operation_member = matches!(path, Path::Member(Path::Root, _));
        if !operation_member && self.as_bytes().is_none() {
            v.report(
                path,
                Rule::Streaming,
                "a body that streams can only be an operation's payload; here it would be sent \
                 as a blob, so give it bytes in memory (Body::from a Vec, Bytes or String)",
            );
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, v: &mut Validator, path: &Path<'_>, member: &'static Member) {
        if let Some(inner) = self {
            inner.validate(v, path, member);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, v: &mut Validator, path: &Path<'_>, member: &'static Member) {
        (**self).validate(v, path, member);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, v: &mut Validator, path: &Path<'_>, member: &'static Member) {
        v.length_of(path, self, member);
        let item = member.item();
        for (i, value) in self.iter().enumerate() {
            value.validate(v, &Path::Index(path, i), item);
        }
    }
}

impl<T: Validate> Validate for HashMap<String, T> {
    fn validate(&self, v: &mut Validator, path: &Path<'_>, member: &'static Member) {
        v.length_of(path, self, member);
        let key = member.key();
        if *key.constraints != Constraints::NONE {
            let key_path = Path::MapKey(path);
            for k in self.keys() {
                v.text(&key_path, k, key);
            }
        }
        let value = member.map_value();
        let value_path = Path::MapValue(path);
        for item in self.values() {
            item.validate(v, &value_path, value);
        }
    }
}
