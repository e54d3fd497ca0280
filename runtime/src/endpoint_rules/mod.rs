//! Endpoint rule sets: the Smithy rules engine that turns endpoint parameters into a URL.
//!
//! A service's `endpoint-rule-set-1.json` (rules engine version 1.x) declares
//! [parameters](Parameter) such as `Region`, `UseFIPS` or `Endpoint` and an ordered list of
//! rules. [`RuleSet::parse`] reads and checks the document once; [`RuleSet::resolve`] evaluates
//! it for one set of [`ParamValue`]s and returns the [`ResolvedEndpoint`] of the first matching
//! `endpoint` rule, or the message of the first matching `error` rule as an [`EndpointError`].
//!
//! The evaluation follows the Smithy rules-engine specification:
//!
//! - parameters take their `default` when not given; a `required` parameter without a value is
//!   an error, and so is a value of the wrong type or for an undeclared parameter;
//! - rules are tried in order; a rule applies when all of its `conditions` hold. A condition is a
//!   function call; it fails when the call yields `false` or nothing (an empty optional), and
//!   `assign` binds a successful result to a name visible to later conditions and, for `tree`
//!   rules, to the sub-rules. A `tree` rule whose conditions hold is terminal: when none of its
//!   sub-rules applies, resolution fails (rule exhaustion), as it does when no top-level rule
//!   applies;
//! - strings are templates: `{Name}` inserts a parameter or variable, `{Name#path}` an attribute
//!   of it (see `getAttr`; a boolean is written `true` / `false`), and `{{` / `}}` stand for
//!   literal braces. The `url`, the header values and the string leaves of `properties` of an
//!   endpoint are templates too.
//!
//! Functions: `isSet`, `not`, `booleanEquals`, `stringEquals`, `getAttr`, `substring`,
//! `uriEncode`, `parseURL`, `isValidHostLabel`, `coalesce` (rules engine 1.1) and the AWS
//! functions `aws.partition`, `aws.parseArn` and `aws.isVirtualHostableS3Bucket`.
//! `aws.partition` consults a [`Partitions`] table, normally [`Partitions::builtin`] (botocore's
//! `partitions.json`).
//!
//! Nothing here panics on any document or input: a malformed rule set or partition table is
//! reported by `parse` (shape, unknown functions, wrong argument counts, references to names
//! that are not in scope, template syntax), and what can only be seen during evaluation (an
//! argument of the wrong type, a template naming an unset value) by `resolve`.

mod ast;
mod document;
mod eval;
mod functions;
mod parse;
mod partitions;
mod value;

pub(crate) use self::ast::{ParamValue, ResolvedEndpoint, RuleSet};
pub(crate) use self::functions::is_valid_host_label;
pub(crate) use self::partitions::Partitions;
use std::fmt;

/// Why a rule set or partition table could not be parsed, or why resolution failed.
///
/// When an `error` rule of the rule set applies, [`message`](Self::message) is that rule's
/// message, verbatim (after template expansion).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError {
    /// What went wrong.
    pub message: String,
}

impl EndpointError {
    /// An error with the given message.
    pub fn new(message: impl Into<String>) -> Self {
        EndpointError {
            message: message.into(),
        }
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

fn fail<T>(message: impl Into<String>) -> Result<T, EndpointError> {
    Err(EndpointError::new(message))
}

#[cfg(test)]
mod botocore_tests;
