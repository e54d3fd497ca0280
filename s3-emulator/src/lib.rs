//! A local S3 for tests and development: buckets, objects, multipart uploads, ranged reads,
//! flexible checksums, listings by page and presigned URLs, held in memory or in a directory
//! ([`S3Emulator::start_in_directory`]).
//!
//! It runs on the typed mock server of `aws-op-emulator`, so every request is checked the way
//! S3 checks it before any state changes: its SigV4 signature (in the `Authorization` header
//! or in a presigned URL's query, which must not have expired), each aws-chunked chunk and
//! trailer signature, every declared checksum and `Content-MD5`, and the model's constraints.
//! Errors come back as S3 writes them (`NoSuchKey`, `BucketNotEmpty`, `InvalidRange`,
//! `BadDigest`, `EntityTooSmall`, `SignatureDoesNotMatch`, …), and the emulator's faults
//! (errors, delays, dropped connections, responses cut off mid-body) can be injected.
//!
//! ```no_run
//! use aws_op::Client;
//! use aws_op_s3::transfer::Transfer;
//! use aws_op_s3::*;
//! use aws_op_s3_emulator::S3Emulator;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let s3 = S3Emulator::start().await?;
//! let client: Client<S3> = Client::new(&s3.client_config())?;
//! CreateBucketRequest::builder().bucket("photos").build().send(&client).await?;
//! Transfer::new(&client).upload_file("cat.jpg", "photos", "2026/cat.jpg").await?;
//! # Ok(()) }
//! ```
//!
//! Each request body is held in memory while its signatures and checksums are verified, up to
//! [`MAX_PUT_BYTES`] (S3's limit of one `PutObject`, 5 GiB) when started with
//! [`S3Emulator::start`].

mod checksums;
mod data;
mod disk;
mod error;
mod handlers;
mod object;
mod range;
mod store;

use aws_op::Config;
use aws_op_emulator::{EmulatorConfig, Fault, FaultScope, MockServer};
use aws_op_s3::S3;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

/// The largest object one `PutObject` (or part) may carry in S3, and the largest request body
/// [`S3Emulator::start`] accepts: 5 GiB.
pub const MAX_PUT_BYTES: u64 = 5 * 1024 * 1024 * 1024;

/// A running S3 emulator. Dropping it stops it.
pub struct S3Emulator {
    mock: MockServer<S3>,
    store: handlers::Shared,
}

impl S3Emulator {
    /// Starts an emulator on a free port of `127.0.0.1`, accepting the default key pair
    /// (`aws_op_emulator::DEFAULT_ACCESS_KEY_ID`) and request bodies up to [`MAX_PUT_BYTES`].
    ///
    /// # Errors
    ///
    /// The error of binding the socket.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_with(EmulatorConfig::new().max_body_bytes(MAX_PUT_BYTES)).await
    }

    /// Starts an emulator with `config`'s address, key pairs, clock skew and body limit
    /// (`EmulatorConfig::max_body_bytes`: its default of 16 MiB fits the transfer module's
    /// parts; [`MAX_PUT_BYTES`] lets single `PutObject`s be as large as S3 allows).
    ///
    /// # Errors
    ///
    /// The error of binding the address.
    pub async fn start_with(config: EmulatorConfig) -> std::io::Result<Self> {
        Self::serve(config, store::Store::default()).await
    }

    /// Starts an emulator like [`start_with`](Self::start_with) that keeps its buckets and
    /// objects in the directory `dir` (created if missing) rather than in memory: what an
    /// earlier run left there is served again, and large objects take disk, not memory.
    /// Uploads in progress are not kept across runs.
    ///
    /// # Errors
    ///
    /// The directory cannot be created or read, or holds files the emulator did not write;
    /// the error of binding the address.
    pub async fn start_in_directory(
        config: EmulatorConfig,
        dir: impl AsRef<Path>,
    ) -> std::io::Result<Self> {
        Self::serve(config, store::Store::in_directory(dir.as_ref())?).await
    }

    async fn serve(config: EmulatorConfig, store: store::Store) -> std::io::Result<Self> {
        let mock = MockServer::<S3>::start_with(config).await?;
        mock.write_errors_with(error::server_error);
        let store = Arc::new(Mutex::new(store));
        handlers::register(&mock, &store);
        Ok(S3Emulator { mock, store })
    }

    /// The address the emulator listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.mock.local_addr()
    }

    /// `http://<address>`, for `Config::with_endpoint_url`.
    pub fn endpoint_url(&self) -> String {
        self.mock.endpoint_url()
    }

    /// A client configuration for this emulator: region `us-east-1`, the default key pair,
    /// this endpoint, buckets in the path (a local address has no bucket host names).
    pub fn client_config(&self) -> Config {
        self.mock.client_config().with_force_path_style(true)
    }

    /// Scripted faults: the next requests in `scope` (an operation such as `GetObject`, or
    /// all) get these, in order, once each, after their signature is verified. A
    /// [`Fault::TruncatedBody`] cuts a response off mid-body, [`Fault::DropAfterCommit`]
    /// stores an object and drops the connection; see [`Fault`].
    ///
    /// ```no_run
    /// # use aws_op_emulator::{Fault, FaultScope};
    /// # async fn demo(s3: aws_op_s3_emulator::S3Emulator) {
    /// s3.script_faults(FaultScope::operation("GetObject"), [Fault::TruncatedBody]);
    /// # }
    /// ```
    pub fn script_faults(&self, scope: FaultScope, faults: impl IntoIterator<Item = Fault>) {
        self.mock.script_faults(scope, faults);
    }

    /// Faults at a rate: each request in `scope` gets one with probability `rate`, drawn from
    /// `faults` by a generator seeded with `seed`.
    pub fn fault_rate(&self, scope: FaultScope, rate: f64, faults: Vec<Fault>, seed: u64) {
        self.mock.fault_rate(scope, rate, faults, seed);
    }

    /// The faults injected so far, by kind.
    pub fn faults_injected(&self) -> BTreeMap<&'static str, usize> {
        self.mock.faults_injected()
    }

    /// How many multipart uploads are in progress in `bucket` (none for a missing bucket):
    /// what a test checks to know that a failed upload left nothing behind.
    pub fn uploads_in_progress(&self, bucket: &str) -> usize {
        self.store
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .upload_count(bucket)
    }
}
