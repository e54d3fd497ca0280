//! # aws-op-pattern
//!
//! The one regular-expression engine of aws-op: Smithy `pattern` constraints (checked by the
//! code the macros generate, in clients and in the emulator) and the `regionRegex` of endpoint
//! partitions. It has no dependencies.
//!
//! A Smithy pattern is an ECMA-262 regular expression that is **not implicitly anchored**: a
//! value satisfies it when some part of the value matches (`find`), and `^`/`$` anchor only
//! where they are written. [`compile`] reads the syntax AWS models use (see [`parse`'s rules
//! below](#syntax)) into a [`Regex`]; [`Program::is_match`] searches a text in time linear in
//! its length. The macros compile at expansion time and emit the [`Program`] tables as
//! `static` data, so a request is validated without compiling anything.
//!
//! # Syntax
//!
//! ECMA-262 in Unicode mode (code points, `\u{...}`, `\p{...}`), with the Annex B leniencies
//! models rely on (`{`/`}` as literals, `[\w-_]`, quantified look-aheads), and the Java
//! constructs models use, with Java's meaning: surrogate pairs written as two escapes
//! (`\uD800\uDC00` is U+10000), Java's US-ASCII POSIX classes (`\p{Alpha}`, `\p{Print}`, ...),
//! `\A`, `\z`, `\x{...}`, nested classes and `&&`, inline flags (`(?i)` folds ASCII letters),
//! a quantifier on an assertion, and a stacked quantifier (`x{11}{0,1011}`, which Java applies
//! to an empty atom). `\d`, `\w`, `\s`, `\b` and `.` keep their ECMA-262 meaning.
//!
//! # What is checked
//!
//! Everything but backreferences, possessive quantifiers, atomic groups, Unicode scripts and
//! blocks, and a few rare Java escapes, which [`compile`] reports as
//! [`ErrorKind::Unsupported`]: such a pattern cannot be checked exactly in linear time, and a
//! caller enforcing a model leaves it unchecked rather than reject valid values. Look-arounds
//! are checked exactly, and bounded repetitions of any size are counted, not copied.
//!
//! # Features
//!
//! `unicode` (default): the Unicode tables behind `\p{L}`, `\p{IsAlphabetic}`, ... (about
//! 22 KB). Without it those patterns are [`ErrorKind::Unsupported`]; the aws-op runtime, which
//! only compiles endpoint partition regexes, leaves it off.
//!
//! ```
//! let regex = aws_op_pattern::compile(r"[A-Za-z0-9-_]+").unwrap();
//! assert!(regex.is_match("not valid!")); // "not" matches: the pattern is not anchored
//! assert!(!regex.is_match("!!"));
//! let anchored = aws_op_pattern::compile(r"^(?!aws:)[\p{L}\p{N}_.:/=+\-@]{1,128}$").unwrap();
//! assert!(anchored.is_match("my-tag"));
//! assert!(!anchored.is_match("aws:reserved"));
//! ```

mod ast;
mod backref;
mod charset;
mod class_run;
mod compile;
mod error;
mod features;
mod matcher;
mod parse;
mod program;
mod properties;
#[cfg_attr(not(feature = "unicode"), allow(dead_code))]
mod unicode_tables;

pub use compile::MAX_STATES;
pub use error::{Error, ErrorKind};
pub use features::Features;
pub use program::{Assertion, Automaton, Counter, Program, Regex, State};

/// The version of the Unicode Character Database behind `\p{...}`.
pub const UNICODE_VERSION: &str = unicode_tables::VERSION;

/// Compiles a pattern. A syntax error is [`ErrorKind::Syntax`]; a valid pattern that cannot be
/// checked exactly is [`ErrorKind::Unsupported`].
pub fn compile(pattern: &str) -> Result<Regex, Error> {
    let parsed = parse::parse(pattern)?;
    if parsed.features.backreference {
        let node = backref::eliminate(&parsed.node)?;
        return compile::compile(&node, parsed.features);
    }
    compile::compile(&parsed.node, parsed.features)
}
