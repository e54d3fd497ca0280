//! The one error type of the generator: every variant names the part of the model at fault.

use crate::model::Protocol;
use std::fmt;

/// Why a model could not be read or turned into Rust.
///
/// `at` is a path into the model, e.g. `shapes.Foo.members.Bar` or `operations.GetFoo`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodegenError {
    /// A file is not valid JSON.
    Json {
        /// What was being read (a file name or "service model").
        what: String,
        /// serde_json's message, with line and column.
        message: String,
    },
    /// A part of the model does not have the expected form.
    Invalid {
        /// Where in the model.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// A member, input, output or error refers to a shape the model does not define.
    MissingShape {
        /// The reference.
        at: String,
        /// The shape name it asks for.
        shape: String,
    },
    /// A model feature the aws-op macros cannot express.
    Unsupported {
        /// Where in the model.
        at: String,
        /// The feature.
        feature: String,
    },
    /// None of the service's protocols is one aws-op speaks (see [`Protocol::ALL`]).
    ///
    /// [`Protocol::ALL`]: crate::Protocol::ALL
    UnsupportedProtocol {
        /// `metadata.protocols` (else `metadata.protocol`) as written; `json` with the
        /// `jsonVersion` when that is the reason.
        protocols: Vec<String>,
    },
    /// An [`Options`](crate::Options) value cannot be used.
    InvalidOption {
        /// The option's field name.
        option: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl CodegenError {
    pub(crate) fn invalid(at: impl Into<String>, message: impl Into<String>) -> Self {
        CodegenError::Invalid {
            at: at.into(),
            message: message.into(),
        }
    }

    pub(crate) fn unsupported(at: impl Into<String>, feature: impl Into<String>) -> Self {
        CodegenError::Unsupported {
            at: at.into(),
            feature: feature.into(),
        }
    }
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodegenError::Json { what, message } => {
                write!(f, "{what} is not valid JSON: {message}")
            }
            CodegenError::Invalid { at, message } => write!(f, "{at}: {message}"),
            CodegenError::MissingShape { at, shape } => {
                write!(
                    f,
                    "{at}: refers to shape `{shape}`, which the model does not define"
                )
            }
            CodegenError::Unsupported { at, feature } => {
                write!(f, "{at}: {feature} is not supported by aws-op")
            }
            CodegenError::UnsupportedProtocol { protocols } => {
                let named = protocols
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let (noun, verb) = match protocols.len() {
                    1 => ("protocol", "is"),
                    _ => ("protocols", "are"),
                };
                write!(
                    f,
                    "{noun} {named} {verb} not supported: aws-op generates {}",
                    supported_protocols()
                )
            }
            CodegenError::InvalidOption { option, message } => {
                write!(f, "option `{option}`: {message}")
            }
        }
    }
}

impl std::error::Error for CodegenError {}

/// "`json` (awsJson1_0, awsJson1_1), `rest-json` (restJson1), ... and `ec2` (ec2Query) services", from
/// [`Protocol::ALL`].
fn supported_protocols() -> String {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for p in Protocol::ALL {
        match groups
            .iter_mut()
            .find(|(name, _)| *name == p.botocore_name())
        {
            Some((_, spellings)) => spellings.push(p.attribute_value()),
            None => groups.push((p.botocore_name(), vec![p.attribute_value()])),
        }
    }
    let described: Vec<String> = groups
        .iter()
        .map(|(name, spellings)| format!("`{name}` ({})", spellings.join(", ")))
        .collect();
    match described.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} and {last} services", rest.join(", "))
        }
        _ => format!("{} services", described.join("")),
    }
}
