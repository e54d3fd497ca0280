//! [`DecodeError`]: where a response (or, in the emulator, a request) did not match its
//! definition, whichever part of the message it was read from (JSON body, header, query).

use std::fmt;

/// Where a response (or, in the emulator, a request) did not match its definition.
///
/// Never includes member values, so it is safe to log even for `sensitive` members.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError {
    // Innermost segment first: segments are added while the error travels outwards.
    path: Vec<String>,
    problem: String,
}

impl DecodeError {
    /// A problem with the value at the current position.
    pub fn new(problem: impl Into<String>) -> Self {
        DecodeError {
            path: Vec::new(),
            problem: problem.into(),
        }
    }

    /// Prefixes the path with a member name, a `[index]` or a `{key}` segment.
    pub fn at(mut self, segment: impl Into<String>) -> Self {
        self.path.push(segment.into());
        self
    }

    /// The wire path of the bad value (`Items[2].AssociationState`), empty for the whole body.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for seg in self.path.iter().rev() {
            if !out.is_empty() && !seg.starts_with('[') {
                out.push('.');
            }
            out.push_str(seg);
        }
        out
    }

    /// What was wrong.
    pub fn problem(&self) -> &str {
        &self.problem
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        if path.is_empty() {
            write!(f, "{}", self.problem)
        } else {
            write!(f, "`{path}`: {}", self.problem)
        }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DecodeError({self})")
    }
}

impl std::error::Error for DecodeError {}
