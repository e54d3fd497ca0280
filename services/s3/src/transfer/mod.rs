//! Whole-object transfers: a file or a stream up as one `PutObject` or as a multipart upload
//! of concurrent parts, and an object down by concurrent ranged `GetObject`s into a file, resuming a range
//! whose connection dropped from where it stopped.
//!
//! Memory stays bounded whatever the object's size: parts of a file are read from it as they
//! are sent and ranges are written to the file as they arrive, each request holding one chunk;
//! a stream is buffered one part per request in flight.
//!
//! ```no_run
//! use aws_op::{Client, Config};
//! use aws_op_s3::transfer::Transfer;
//! use aws_op_s3::S3;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client: Client<S3> = Client::new(&Config::from_env())?;
//! let transfer = Transfer::new(&client)
//!     .part_size(16 * 1024 * 1024)
//!     .concurrency(8)
//!     .on_progress(|p| eprintln!("{} of {:?} bytes", p.transferred, p.total));
//! let up = transfer.upload_file("backup.tar", "my-bucket", "backups/backup.tar").await?;
//! println!("uploaded in {} parts, ETag {}", up.parts, up.e_tag);
//! transfer.download_file("my-bucket", "backups/backup.tar", "restored.tar").await?;
//! # Ok(()) }
//! ```

mod download;
mod error;
mod file_io;
mod parts;
mod upload;

pub use download::Downloaded;
pub use error::TransferError;
pub use upload::Uploaded;

use crate::{ChecksumAlgorithm, S3};
use aws_op::Client;
use std::sync::{Arc, Mutex, PoisonError};

/// S3's smallest part (every part but the last).
pub const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;
/// S3's largest part.
pub const MAX_PART_SIZE: u64 = 5 * 1024 * 1024 * 1024;
/// S3's most parts in one upload.
pub const MAX_PARTS: u64 = 10_000;

/// How far a transfer has come, handed to the [`Transfer::on_progress`] callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Bytes sent or written so far.
    pub transferred: u64,
    /// Bytes in all; `None` for a stream of unknown length.
    pub total: Option<u64>,
}

type ProgressFn = dyn Fn(Progress) + Send + Sync;

/// Settings of file transfers through one client; cheap to clone.
#[derive(Clone)]
pub struct Transfer {
    client: Client<S3>,
    part_size: u64,
    concurrency: usize,
    multipart_threshold: u64,
    checksum: ChecksumAlgorithm,
    max_resumes: u32,
    progress: Option<Arc<ProgressFn>>,
}

impl Transfer {
    /// Transfers through `client` with 8 MiB parts and ranges, 8 at a time, multipart from
    /// 16 MiB, CRC32 checksums on every part, and up to 5 resumptions of each range.
    pub fn new(client: &Client<S3>) -> Self {
        Transfer {
            client: client.clone(),
            part_size: 8 * 1024 * 1024,
            concurrency: 8,
            multipart_threshold: 16 * 1024 * 1024,
            checksum: ChecksumAlgorithm::Crc32,
            max_resumes: 5,
            progress: None,
        }
    }

    /// The size of each part of an upload and of each range of a download. An upload raises it
    /// when the file would otherwise need more than [`MAX_PARTS`] parts; one below
    /// [`MIN_PART_SIZE`] or above [`MAX_PART_SIZE`] makes a multipart upload fail before it
    /// starts.
    pub fn part_size(mut self, bytes: u64) -> Self {
        self.part_size = bytes;
        self
    }

    /// How many parts or ranges are in flight at once (at least 1).
    pub fn concurrency(mut self, requests: usize) -> Self {
        self.concurrency = requests.max(1);
        self
    }

    /// Files of at least this size go up as a multipart upload; smaller ones as one
    /// `PutObject`.
    pub fn multipart_threshold(mut self, bytes: u64) -> Self {
        self.multipart_threshold = bytes;
        self
    }

    /// The checksum S3 verifies on every part (and on a single `PutObject`).
    pub fn checksum(mut self, algorithm: ChecksumAlgorithm) -> Self {
        self.checksum = algorithm;
        self
    }

    /// How many times one download range is requested again, from where it stopped, after
    /// its connection failed mid-body.
    pub fn max_resumes(mut self, times: u32) -> Self {
        self.max_resumes = times;
        self
    }

    /// Calls `report` whenever a part is sent or a chunk written, with the bytes so far (in
    /// increasing order). It runs on the transfer's tasks, one call at a time, so it should
    /// return quickly.
    pub fn on_progress(mut self, report: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(report));
        self
    }
}

/// The bytes a transfer has moved, shared by its tasks, reported on every change. Reports are
/// made under the lock, so the callback sees the amounts in increasing order.
#[derive(Clone)]
struct Meter {
    done: Arc<Mutex<u64>>,
    total: Option<u64>,
    report: Option<Arc<ProgressFn>>,
}

impl Meter {
    fn new(total: Option<u64>, report: Option<Arc<ProgressFn>>) -> Self {
        Meter {
            done: Arc::new(Mutex::new(0)),
            total,
            report,
        }
    }

    fn add(&self, bytes: u64) {
        // A callback that panicked poisons the lock; the count is still right.
        let mut done = self.done.lock().unwrap_or_else(PoisonError::into_inner);
        *done += bytes;
        if let Some(report) = &self.report {
            report(Progress {
                transferred: *done,
                total: self.total,
            });
        }
    }
}
