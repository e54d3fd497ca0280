//! # aws-op-emulator
//!
//! A real, stateful, local HTTP server that emulates the account-association API of
//! *Managed integrations for AWS IoT Device Management* (`iotmanagedintegrations`, restJson1).
//!
//! It is meant for tests, examples and benchmarks that need no AWS account, yet exercise the
//! whole path a real call takes:
//!
//! - every request must carry a valid **SigV4** signature (known access key, clock within
//!   the allowed skew, credential scope naming the service), in its `Authorization` header or
//!   in its query (a presigned URL, refused once it has expired);
//! - requests are routed by method and URI template, parsed with the operation's own
//!   `parse_request` and checked against the **model's constraints**;
//! - state lives in memory: account associations (with `ClientToken` idempotency) and
//!   managed-thing registrations, with paginated lists;
//! - **scripted errors** ([`Emulator::fail_next`]) let a test provoke every modelled error;
//! - **fault injection** ([`Fault`]): errors, delays, connections dropped before or after the
//!   request is committed, truncated bodies and malformed JSON, either scripted
//!   ([`Emulator::script_faults`]) or drawn at a rate with a seed ([`Emulator::fault_rate`]),
//!   for every operation or one ([`FaultScope`]).
//!
//! ```no_run
//! use aws_op_emulator::{Emulator, EmulatorConfig, Fault, FaultScope};
//! use std::time::Duration;
//!
//! # async fn demo() -> std::io::Result<()> {
//! let emulator = Emulator::start(EmulatorConfig::new()).await?;
//! println!("point your client at {}", emulator.endpoint_url());
//! emulator.fail_next("CreateAccountAssociation", 429, "ThrottlingException", "slow down");
//! emulator.script_faults(
//!     FaultScope::operation("GetAccountAssociation"),
//!     [Fault::DropAfterCommit, Fault::Delay(Duration::from_millis(100))],
//! );
//! emulator.fault_rate(FaultScope::All, 0.1, vec![Fault::internal(), Fault::TruncatedBody], 7);
//! // ... call the API ...
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Error responses carry the status, the header `x-amzn-ErrorType: <Code>` and the body
//! `{"Message": "..."}` (plus `ResourceId` and `ResourceType` for
//! `ResourceNotFoundException`). Every response carries a unique `x-amzn-RequestId`.
//!
//! For any other service, [`MockServer`] is a typed mock server: per operation, the outputs,
//! modelled errors, statuses or dropped connections it answers with, over real HTTP, with the
//! same signature checks and the operation's generated request parsing.
//!
//! The binary (`cargo run -p aws-op-emulator -- --port 4566`) serves the same API; its flags
//! are parsed by [`cli::parse_args`]. `--fault-rate 0.1` (with `--faults`, `--fault-seed` and
//! `--fault-operation`) injects faults at a rate, like [`Emulator::fault_rate`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod auth;
#[cfg(feature = "s3")]
mod aws_chunked;
pub mod bedrock;
pub mod cli;
mod config;
mod dispatch;
mod faults;
mod handlers;
mod mock;
mod reply;
mod server;
mod state;
mod streams;

pub use config::EmulatorConfig;
pub use faults::{Fault, FaultScope, FAULT_KINDS};
pub use mock::{Answers, ErrorWriter, MockReply, MockServer};
pub use server::Emulator;
pub use streams::{StreamFault, StreamStats};

/// The access key id every emulator accepts.
pub const DEFAULT_ACCESS_KEY_ID: &str = "AKIDEMULATOR0000001";

/// The secret access key of [`DEFAULT_ACCESS_KEY_ID`]. Not a real secret: it is published here.
pub const DEFAULT_SECRET_ACCESS_KEY: &str = "emulator/secret/key/not-a-real-one";

/// A client configuration for an emulator (or mock server) at `endpoint_url`: region
/// `us-east-1` and the default key pair, which every emulator accepts.
///
/// ```
/// let config = aws_op_emulator::client_config("http://127.0.0.1:4566");
/// assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:4566"));
/// assert_eq!(config.region(), Some("us-east-1"));
/// ```
pub fn client_config(endpoint_url: impl Into<String>) -> aws_op::Config {
    aws_op::Config::new(
        "us-east-1",
        aws_op::Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, None),
    )
    .with_endpoint_url(endpoint_url)
}

/// The account id used in the ARNs the emulator creates.
pub const ACCOUNT_ID: &str = "123456789012";

/// The largest request body accepted by default (16 MiB: an S3 part of the transfer module's
/// default 8 MiB, with room); a larger one gets `413`. [`EmulatorConfig::max_body_bytes`]
/// changes it.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
