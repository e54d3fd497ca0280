//! Why a pattern was not compiled.

use std::fmt;

/// What kind of problem stopped the compilation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not a regular expression (in ECMA-262 nor in the Java dialect AWS models
    /// use): an unclosed class, a quantifier with nothing to repeat, `{3,1}`, ...
    Syntax,
    /// A valid expression this engine cannot check exactly in linear time (a backreference, a
    /// Unicode property it has no table for, ...). A model's pattern of this kind is left
    /// unenforced, never rejected.
    Unsupported,
}

/// A pattern that could not be compiled, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    offset: usize,
}

impl Error {
    pub(crate) fn syntax(offset: usize, message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Syntax,
            message: message.into(),
            offset,
        }
    }

    pub(crate) fn unsupported(offset: usize, message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Unsupported,
            message: message.into(),
            offset,
        }
    }

    /// Syntax error or unsupported construct.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// What is wrong, in a phrase (no position, no pattern).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where, in characters from the start of the pattern.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset)
    }
}

impl std::error::Error for Error {}
