//! Checks of the model's constraints, run before anything is sent.
//!
//! Generated `validate` code walks the request and records every [`Violation`] in a
//! [`Validator`]; the call fails with one [`ValidationError`] that lists them all, each with its
//! wire path (`Tags.key`, `GeneralAuthorization.AuthMaterialName`) and the rule it broke.
//! Values of `sensitive` members are never quoted in messages.

use crate::pattern::Pattern;
use crate::schema::Member;
use std::fmt;

pub mod assert; // compile-time proof that a member's type takes its constraints
mod values; // the Validate impls of strings, numbers, blobs and collections

pub use values::{HasLength, RangeValue, Validate};

/// The rule a value broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A required member has no value.
    Required,
    /// Too short or too long (strings count Unicode code points; lists and maps entries; blobs bytes).
    Length,
    /// No part of the value matches the member's pattern.
    Pattern,
    /// A number outside its range.
    Range,
    /// A value the enum does not define.
    Enum,
    /// A body that streams where only bytes in memory can be sent: anywhere but an
    /// operation's own member (inside an event, a list, a structure).
    Streaming,
}

impl Rule {
    /// The rule's name as used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::Length => "length",
            Rule::Pattern => "pattern",
            Rule::Range => "range",
            Rule::Enum => "enum",
            Rule::Streaming => "streaming",
        }
    }
}

/// One broken constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Wire path of the member (`Tags.key`, `Items[2].Name`).
    pub path: String,
    /// The rule broken.
    pub rule: Rule,
    /// What is wrong with the value (never the value itself when the member is sensitive).
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` breaks {}: {}",
            self.path,
            self.rule.name(),
            self.detail
        )
    }
}

/// Every constraint a request broke; returned before any I/O.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    /// The operation whose input was checked.
    pub operation: &'static str,
    /// The violations, in member order; never empty.
    pub violations: Vec<Violation>,
}

impl ValidationError {
    /// The violation at `path`, if any (handy in tests).
    pub fn at(&self, path: &str) -> Option<&Violation> {
        self.violations.iter().find(|v| v.path == path)
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(
            f,
            "{} input is invalid ({n} violation{}): ",
            self.operation,
            if n == 1 { "" } else { "s" }
        )?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// A position in the input, built on the stack and only turned into text on a violation.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    /// The operation's input itself.
    Root,
    /// A member of a structure.
    Member(&'a Path<'a>, &'static str),
    /// An item of a list.
    Index(&'a Path<'a>, usize),
    /// The keys of a map (`Tags.key`).
    MapKey(&'a Path<'a>),
    /// The values of a map (`Tags.value`).
    MapValue(&'a Path<'a>),
}

impl Path<'_> {
    fn render(&self, out: &mut String) {
        let dot = |out: &mut String| {
            if !out.is_empty() {
                out.push('.');
            }
        };
        match self {
            Path::Root => {}
            Path::Member(parent, name) => {
                parent.render(out);
                dot(out);
                out.push_str(name);
            }
            Path::Index(parent, i) => {
                parent.render(out);
                out.push_str(&format!("[{i}]"));
            }
            Path::MapKey(parent) => {
                parent.render(out);
                dot(out);
                out.push_str("key");
            }
            Path::MapValue(parent) => {
                parent.render(out);
                dot(out);
                out.push_str("value");
            }
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.render(&mut s);
        f.write_str(&s)
    }
}

/// Collects violations while generated code walks an input.
#[derive(Debug)]
pub struct Validator {
    constraints: bool,
    violations: Vec<Violation>,
}

impl Validator {
    /// A validator. With `constraints == false` the length, pattern, range and enum rules are
    /// skipped (a service may relax a constraint before its definition is updated); required
    /// members are enforced by the types either way.
    pub fn new(constraints: bool) -> Self {
        Validator {
            constraints,
            violations: Vec::new(),
        }
    }

    /// Whether length, pattern, range and enum rules are checked.
    pub fn constraints(&self) -> bool {
        self.constraints
    }

    /// Records a violation.
    pub fn report(&mut self, path: &Path<'_>, rule: Rule, detail: impl Into<String>) {
        self.violations.push(Violation {
            path: path.to_string(),
            rule,
            detail: detail.into(),
        });
    }

    /// Ends the walk: `Ok` when nothing was recorded.
    pub fn finish(self, operation: &'static str) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                operation,
                violations: self.violations,
            })
        }
    }

    /// Checks a length constraint.
    pub fn length<T: HasLength + ?Sized>(
        &mut self,
        path: &Path<'_>,
        value: &T,
        min: Option<u64>,
        max: Option<u64>,
    ) {
        if !self.constraints {
            return;
        }
        let len = value.constraint_len() as u64;
        let unit = T::UNIT;
        if let Some(min) = min.filter(|m| len < *m) {
            self.report(
                path,
                Rule::Length,
                format!("length {len} {unit} is below the minimum {min}"),
            );
        } else if let Some(max) = max.filter(|m| len > *m) {
            self.report(
                path,
                Rule::Length,
                format!("length {len} {unit} is above the maximum {max}"),
            );
        }
    }

    /// Checks that some part of `value` matches `pattern` (Smithy's `pattern` is anchored only
    /// where it writes `^` or `$`).
    pub fn pattern(&mut self, path: &Path<'_>, value: &str, pattern: &Pattern, sensitive: bool) {
        if !self.constraints || pattern.is_match(value) {
            return;
        }
        let source = pattern.source;
        let detail = if sensitive {
            format!("value (sensitive, not shown) contains no match of `{source}`")
        } else {
            format!("{} contains no match of `{source}`", quote(value))
        };
        self.report(path, Rule::Pattern, detail);
    }

    /// Checks a range constraint.
    pub fn range<T: RangeValue>(
        &mut self,
        path: &Path<'_>,
        value: &T,
        min: Option<f64>,
        max: Option<f64>,
        sensitive: bool,
    ) {
        if !self.constraints {
            return;
        }
        let v = value.as_f64();
        let shown = if sensitive {
            "value (sensitive, not shown)".to_string()
        } else {
            value.to_string()
        };
        if let Some(min) = min.filter(|m| v < *m || v.is_nan()) {
            self.report(
                path,
                Rule::Range,
                format!("{shown} is below the minimum {min}"),
            );
        } else if let Some(max) = max.filter(|m| v > *m) {
            self.report(
                path,
                Rule::Range,
                format!("{shown} is above the maximum {max}"),
            );
        }
    }

    /// Checks that an enum value is one the definition knows.
    pub fn known_enum(&mut self, path: &Path<'_>, value: &str, known: &[&str], is_known: bool) {
        if !self.constraints || is_known {
            return;
        }
        self.report(
            path,
            Rule::Enum,
            format!("{} is not one of {}", quote(value), known.join(", ")),
        );
    }

    /// Validates `value`, the member `member` of the structure at `parent`.
    #[inline]
    pub fn member<T: Validate + ?Sized>(
        &mut self,
        value: &T,
        member: &'static Member,
        parent: &Path<'_>,
    ) {
        value.validate(self, &Path::Member(parent, member.name), member);
    }

    /// Checks the text constraints of `member` (length in code points, pattern) on `value`:
    /// strings and string enums.
    pub fn text(&mut self, path: &Path<'_>, value: &str, member: &'static Member) {
        self.length_of(path, value, member);
        if let Some(pattern) = member.constraints.pattern {
            self.pattern(path, value, pattern, member.is_sensitive());
        }
    }

    /// Checks the `length` constraint of `member`, if it has one.
    fn length_of<T: HasLength + ?Sized>(&mut self, path: &Path<'_>, value: &T, member: &Member) {
        let c = member.constraints;
        if c.min_length.is_some() || c.max_length.is_some() {
            self.length(path, value, c.min_length, c.max_length);
        }
    }
}

/// Quotes a value for a message, showing at most 64 characters.
fn quote(value: &str) -> String {
    let count = value.chars().count();
    if count <= 64 {
        format!("{value:?}")
    } else {
        let head: String = value.chars().take(64).collect();
        format!("{head:?}... ({count} characters)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `^[a-z]+$`, compiled as the macros do.
    fn lower() -> Pattern {
        let regex = aws_op_pattern::compile("^[a-z]+$").expect("a valid pattern");
        let program = regex.program();
        Pattern {
            source: "^[a-z]+$",
            program: aws_op_pattern::Program {
                states: Vec::leak(program.states.to_vec()),
                ranges: Vec::leak(program.ranges.to_vec()),
                counters: Vec::leak(program.counters.to_vec()),
                automata: Vec::leak(program.automata.to_vec()),
            },
        }
    }

    #[test]
    fn paths_render_like_the_wire() {
        let root = Path::Root;
        let tags = Path::Member(&root, "Tags");
        let key = Path::MapKey(&tags);
        assert_eq!(key.to_string(), "Tags.key");
        let items = Path::Member(&root, "Items");
        let first = Path::Index(&items, 0);
        assert_eq!(Path::Member(&first, "Name").to_string(), "Items[0].Name");
    }

    #[test]
    fn lengths_count_code_points_and_patterns_anchor_where_written() {
        let mut v = Validator::new(true);
        let p = Path::Member(&Path::Root, "Name");
        v.length(&p, "ééé", Some(1), Some(3));
        v.pattern(&p, "abc def", &lower(), false);
        v.pattern(&p, "abcdef", &lower(), false);
        let err = v.finish("Op").unwrap_err();
        assert_eq!(err.violations.len(), 1);
        assert_eq!(err.violations[0].rule, Rule::Pattern);
        assert!(err.to_string().contains("\"abc def\""), "{err}");
        assert_eq!(
            err.violations[0].detail,
            "\"abc def\" contains no match of `^[a-z]+$`"
        );
    }

    #[test]
    fn sensitive_values_are_not_quoted() {
        let mut v = Validator::new(true);
        let p = Path::Member(&Path::Root, "Secret");
        v.pattern(&p, "hunter2 x", &lower(), true);
        let err = v.finish("Op").unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert_eq!(
            err.violations[0].detail,
            "value (sensitive, not shown) contains no match of `^[a-z]+$`"
        );
    }

    #[test]
    fn constraints_can_be_switched_off() {
        let mut v = Validator::new(false);
        let p = Path::Member(&Path::Root, "Name");
        v.length(&p, "", Some(1), None);
        v.range(&p, &0, Some(1.0), None, false);
        v.pattern(&p, "NOT LOWER", &lower(), false);
        assert!(v.finish("Op").is_ok());
    }
}
