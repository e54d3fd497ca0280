//! Generates aws-op code from a botocore service model.
//!
//! A botocore model (`service-2.json`: `metadata`, `operations`, `shapes`) and optionally its
//! `paginators-1.json` become one Rust module of annotated items: the `#[aws_service]` struct,
//! an `#[aws_operation]` input struct `{Op}Request` and an `#[aws_error]` enum `{Op}Error` per
//! operation, and `#[aws_shape]` / `#[aws_error]` items for the shapes the operations reach.
//! The text is laid out as rustfmt lays it out, so it can be checked in as is.
//!
//! ```
//! let model = aws_op_codegen::Model::from_service_str(r#"{
//!     "metadata": {"protocol": "rest-json", "serviceId": "Demo", "apiVersion": "2024-01-01",
//!                  "signingName": "demo"},
//!     "operations": {"GetThing": {"name": "GetThing",
//!         "http": {"method": "GET", "requestUri": "/things/{Id}", "responseCode": 200},
//!         "input": {"shape": "GetThingInput"}, "output": {"shape": "Thing"}}},
//!     "shapes": {
//!         "GetThingInput": {"type": "structure", "required": ["Id"],
//!             "members": {"Id": {"shape": "Id", "location": "uri", "locationName": "Id"}}},
//!         "Thing": {"type": "structure", "members": {"Name": {"shape": "Id"}}},
//!         "Id": {"type": "string", "min": 1}
//!     }
//! }"#)?;
//! let source = aws_op_codegen::generate(&model, &aws_op_codegen::Options::new("Demo"))?;
//! assert!(source.contains("pub struct GetThingRequest {"));
//!
//! // The same names, for code that uses the generated items:
//! let names = aws_op_codegen::resolve(&model, &aws_op_codegen::Options::new("Demo"))?;
//! let op = names.operation("GetThing").unwrap();
//! assert_eq!(op.input, "GetThingRequest");
//! assert_eq!(op.input_field("Id").unwrap().ident, "id");
//! assert_eq!(op.output.as_deref(), Some("Thing"));
//! # Ok::<(), aws_op_codegen::CodegenError>(())
//! ```
//!
//! # Command line
//!
//! ```text
//! cargo run -p aws-op-codegen -- --model service-2.json [--paginators paginators-1.json]
//!     [--service-name Ident] [--endpoint URL-template] [--endpoint-rules path]
//!     [--out FILE]
//! ```
//!
//! writes the module to `FILE` (standard output without `--out`), headed by a comment with
//! the command that regenerates it (see [`command_header`]). `--endpoint-rules` is the
//! path the service crate embeds (relative to its manifest), written into
//! `#[aws_service(endpoint_rules = "...")]`; it is not read.
//!
//! # Mapping
//!
//! - Names: a shape keeps its name as the type name (sanitised to an identifier); a member
//!   becomes a snake_case field (`KMSKeyArn` -> `kms_key_arn`, `type` -> `r#type`), with
//!   `#[aws(name = "...")]` where the macros' default wire name would differ. A type name that
//!   would clash with a name the module uses (`String`, `Option`, `{Op}Request`, a builder...)
//!   gets the suffix `Shape`.
//! - Types: required members are plain, others `Option<T>`; strings (with `enum`: an open enum),
//!   numbers, `aws_op::Blob`, `aws_op::DateTime`, `aws_op::Document`, `Vec<T>`,
//!   `HashMap<String, V>` (map keys are always `String`), unions as enums, `Box<T>` on the
//!   members that close a cycle of structures.
//! - Bindings, idempotency tokens, host labels, timestamp formats, sensitivity as the model
//!   says; constraints (`length`, `pattern`, `range`, and `item`/`key`/`value` one level into
//!   lists and maps) on the shapes that are sent (reachable from an operation input): only
//!   requests are validated, so output-only shapes carry none and compile faster.
//!   Older models' forms are read as botocore reads them: a `payload` named on an operation's
//!   `input` / `output` reference, and `location` / `locationName` on a member's target shape
//!   when the member has none.
//! - Documentation: the first sentence of the model's, or a generated line.
//!
//! Protocols: the first of the model's `metadata.protocols` (else `metadata.protocol`) that aws-op
//! speaks, in botocore's order of preference ([`PROTOCOL_PREFERENCE`]): `json` (awsJson1_0 or
//! awsJson1_1, by `jsonVersion`), `rest-json` (restJson1), `rest-xml` (restXml),
//! `smithy-rpc-v2-cbor` (rpcv2Cbor), `query` (awsQuery) and `ec2` (ec2Query), with the XML facts
//! (`xmlNamespace`, `xmlAttribute`, `flattened`, element names, `queryName`) as attributes. A
//! model listing none of them is a [`CodegenError::UnsupportedProtocol`] naming its protocols.
//! Event streams (`eventstream` structures) become `#[aws_shape(event_stream)]` unions whose
//! exception members form an `#[aws_error]` enum of their own; the member holding one is an
//! `aws_op::EventReceiver` in an output and an `aws_op::EventSender` in an input; `eventheader`
//! and `eventpayload` members are `event_header` and `payload`.

mod docs;
mod emit;
mod error;
mod json;
mod layout;
mod model;
mod naming;
mod paginators;
mod resolve;
mod s3_roots;
mod subset;
mod up_to_date;

pub use error::CodegenError;
pub use json::Json;
pub use model::{
    ErrorTrait, Http, HttpChecksum, Location, Member, Metadata, Model, Operation, Protocol, Shape,
    ShapeKind, TimestampFormat, XmlNamespace, PROTOCOL_PREFERENCE,
};
pub use resolve::{
    resolve, Binding, ErrorVariant, Field, Resolved, ResolvedOperation, ResolvedShape, TypeKind,
    Variant,
};
pub use subset::only_operations;
pub use up_to_date::check_up_to_date;

/// What the generated module is called and what it embeds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// The identifier of the `#[aws_service]` struct. Empty: from the model's `serviceId`
    /// (`IoT Managed Integrations` -> `IoTManagedIntegrations`).
    pub service_name: String,
    /// `#[aws_service(endpoint = "...")]`: the endpoint URL template with `{region}`.
    pub endpoint: Option<String>,
    /// `#[aws_service(endpoint_rules = "...")]`: the rule set's path relative to the crate's
    /// manifest.
    pub endpoint_rules: Option<String>,
    /// The paginators document (`paginators-1.json`), if any.
    pub paginators: Option<serde_json::Value>,
    /// A comment for the top of the file (one `//` line per line), e.g. "generated by ...".
    pub header: Option<String>,
}

impl Options {
    /// Options naming the service struct `service_name`, everything else unset.
    pub fn new(service_name: impl Into<String>) -> Self {
        Options {
            service_name: service_name.into(),
            ..Options::default()
        }
    }
}

/// The header comment the command line writes: that the file is generated, and the command
/// (`cargo run -p aws-op-codegen -- ARGS`) that regenerates it, one argument pair per line.
///
/// A test that regenerates a checked-in file builds its [`Options::header`] with this, from the
/// same arguments, to get the same text.
pub fn command_header(args: &[&str]) -> String {
    let mut text = String::from(
        "Generated by aws-op-codegen; do not edit. Regenerate from the workspace root with:\n\n",
    );
    text.push_str("cargo run -p aws-op-codegen --");
    let mut i = 0;
    while i < args.len() {
        text.push_str(" \\\n    ");
        text.push_str(&shell_word(args[i]));
        if args[i].starts_with("--") && i + 1 < args.len() && !args[i + 1].starts_with("--") {
            text.push(' ');
            text.push_str(&shell_word(args[i + 1]));
            i += 1;
        }
        i += 1;
    }
    text
}

/// An argument as a POSIX shell word: quoted when it holds anything but safe characters.
fn shell_word(arg: &str) -> String {
    let safe = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@".contains(c));
    if safe {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

/// The Rust source of one module (no `mod` wrapper) for `model`: imports, the service
/// struct, every operation, and the shapes they reach.
pub fn generate(model: &Model, options: &Options) -> Result<String, CodegenError> {
    emit::generate(model, &resolve(model, options)?, options)
}

/// [`generate`] with names already resolved (by [`resolve`] with the same model and options),
/// for code that needs both the source and the names.
pub fn generate_resolved(
    model: &Model,
    resolved: &Resolved,
    options: &Options,
) -> Result<String, CodegenError> {
    emit::generate(model, resolved, options)
}
