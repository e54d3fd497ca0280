//! The one error type of the generator: every variant names the part of the model at fault.

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
    /// A model feature the aws-op macros cannot express (event streams, for example).
    Unsupported {
        /// Where in the model.
        at: String,
        /// The feature.
        feature: String,
    },
    /// The service's protocol is not one aws-op speaks.
    UnsupportedProtocol {
        /// `metadata.protocol` as written.
        protocol: String,
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
            CodegenError::UnsupportedProtocol { protocol } => write!(
                f,
                "protocol `{protocol}` is not supported: aws-op generates `rest-json` \
                 (restJson1), `json` (awsJson1_0, awsJson1_1), `rest-xml` (restXml), `query` \
                 (awsQuery), `ec2` (ec2Query) and `smithy-rpc-v2-cbor` (rpcv2Cbor) services"
            ),
            CodegenError::InvalidOption { option, message } => {
                write!(f, "option `{option}`: {message}")
            }
        }
    }
}

impl std::error::Error for CodegenError {}
