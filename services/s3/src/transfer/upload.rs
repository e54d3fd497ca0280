//! Uploads: a file or a stream of unknown length, as one `PutObject` when it is small, else as
//! a multipart upload of parts sent `concurrency` at a time and aborted when any step fails,
//! so that no stored parts are left behind.

use super::parts::{PartReader, Parts};
use super::{Meter, Transfer, TransferError, MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE};
use crate::{
    AbortMultipartUploadRequest, CompleteMultipartUploadRequest, CompletedMultipartUpload,
    CompletedPart, CreateMultipartUploadRequest, PutObjectRequest,
};
use aws_op::{Body, Stream};
use bytes::Bytes;
use std::path::Path;

/// A finished upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uploaded {
    /// The object's ETag (a multipart one ends in `-` and the number of parts).
    pub e_tag: String,
    /// The object's version, in a bucket with versioning.
    pub version_id: Option<String>,
    /// Bytes uploaded.
    pub size: u64,
    /// Parts uploaded; 1 for a single `PutObject`.
    pub parts: u32,
}

impl Transfer {
    /// Uploads the file at `path` as `key` of `bucket`.
    ///
    /// Parts are ranges of the file, read as they are sent and read again when the client
    /// retries one (a throttle, a `5xx`, a dropped connection); each carries the transfer's
    /// checksum, which S3 verifies. When a part still fails, the others are cancelled and the
    /// upload is aborted; the error says whether the abort succeeded.
    ///
    /// # Errors
    ///
    /// A [`TransferError`] naming the step that failed: reading the file, a part size outside
    /// S3's limits (before anything is sent), or one of the operations.
    pub async fn upload_file(
        &self,
        path: impl AsRef<Path>,
        bucket: &str,
        key: &str,
    ) -> Result<Uploaded, TransferError> {
        let path = path.as_ref();
        let reading = || format!("reading {}", path.display());
        let size = std::fs::metadata(path)
            .map_err(|e| TransferError::new(reading(), e))?
            .len();
        let meter = Meter::new(Some(size), self.progress.clone());
        // An empty file has no part to upload: S3 completes no multipart upload without one.
        if size < self.multipart_threshold || size == 0 {
            let body = Body::from_path(path).map_err(|e| TransferError::new(reading(), e))?;
            return self.put_whole(bucket, key, body, size, &meter).await;
        }
        let part_size = self.part_size.max(size.div_ceil(MAX_PARTS));
        check_part_size(part_size, size > part_size)?;
        let upload_id = self.create(bucket, key).await?;
        let mut parts = Parts::new(self, bucket, key, &upload_id, &meter);
        let sent = async {
            let (mut offset, mut number) = (0, 1);
            while offset < size {
                let len = part_size.min(size - offset);
                let body = Body::from_file_range(path, offset, len)
                    .map_err(|e| TransferError::new(reading(), e))?;
                parts.send(number, body, len).await?;
                (offset, number) = (offset + len, number + 1);
            }
            parts.finish().await
        };
        let result = sent.await;
        self.complete(bucket, key, &upload_id, result, size).await
    }

    /// Uploads `stream`, of a length not known ahead, as `key` of `bucket`.
    ///
    /// The stream is read into parts of the transfer's part size; at most `concurrency`
    /// parts are in flight and one more is being filled, so memory stays within
    /// `(concurrency + 1) × part size`. A stream that ends within the first part goes up as
    /// one `PutObject`. The object can hold up to 10,000 parts, so the part size bounds its
    /// size (8 MiB parts: 78 GiB).
    ///
    /// # Errors
    ///
    /// As [`Transfer::upload_file`]; a failing stream fails the step `reading the stream`,
    /// and the upload is aborted.
    pub async fn upload_stream<S, E>(
        &self,
        stream: S,
        bucket: &str,
        key: &str,
    ) -> Result<Uploaded, TransferError>
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let part_size = self.part_size;
        check_part_size(part_size, true)?;
        let mut reader = PartReader::new(stream, part_size);
        let meter = Meter::new(None, self.progress.clone());
        let first = reader.next_part().await?;
        if reader.ended() {
            let size = first.len() as u64;
            return self
                .put_whole(bucket, key, Body::from(first), size, &meter)
                .await;
        }
        let upload_id = self.create(bucket, key).await?;
        let mut parts = Parts::new(self, bucket, key, &upload_id, &meter);
        let mut size = 0;
        let sent = async {
            let mut part = first;
            for number in 1.. {
                if number > MAX_PARTS as usize {
                    let problem =
                        format!("the stream is longer than {MAX_PARTS} parts of {part_size} bytes");
                    return Err(TransferError::new("reading the stream", problem));
                }
                let len = part.len() as u64;
                size += len;
                parts.send(number, Body::from(part), len).await?;
                part = reader.next_part().await?;
                if part.is_empty() {
                    break;
                }
            }
            parts.finish().await
        };
        let result = sent.await;
        self.complete(bucket, key, &upload_id, result, size).await
    }

    /// One `PutObject` of the whole body.
    async fn put_whole(
        &self,
        bucket: &str,
        key: &str,
        body: Body,
        size: u64,
        meter: &Meter,
    ) -> Result<Uploaded, TransferError> {
        let put = PutObjectRequest::builder()
            .bucket(bucket)
            .key(key)
            .checksum_algorithm(self.checksum.clone())
            .body(body)
            .build()
            .send(&self.client)
            .await
            .map_err(|e| TransferError::new("PutObject", e))?;
        meter.add(size);
        Ok(Uploaded {
            e_tag: put.e_tag.unwrap_or_default(),
            version_id: put.version_id,
            size,
            parts: 1,
        })
    }

    /// Starts a multipart upload with the transfer's checksum; returns its id.
    async fn create(&self, bucket: &str, key: &str) -> Result<String, TransferError> {
        let created = CreateMultipartUploadRequest::builder()
            .bucket(bucket)
            .key(key)
            .checksum_algorithm(self.checksum.clone())
            .build()
            .send(&self.client)
            .await
            .map_err(|e| TransferError::new("CreateMultipartUpload", e))?;
        created.upload_id.ok_or_else(|| {
            TransferError::new("CreateMultipartUpload", "the response has no UploadId")
        })
    }

    /// Completes the upload with the parts sent, or aborts it after the failure to send them
    /// (or to complete).
    async fn complete(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        sent: Result<Vec<CompletedPart>, TransferError>,
        size: u64,
    ) -> Result<Uploaded, TransferError> {
        let parts = match sent {
            Ok(parts) => parts,
            Err(error) => return Err(self.abort(bucket, key, upload_id, error).await),
        };
        let count = parts.len() as u32;
        let completed = CompleteMultipartUploadRequest::builder()
            .bucket(bucket)
            .key(key)
            .upload_id(upload_id)
            .multipart_upload(CompletedMultipartUpload { parts: Some(parts) })
            .build()
            .send(&self.client)
            .await;
        match completed {
            Ok(done) => Ok(Uploaded {
                e_tag: done.e_tag.unwrap_or_default(),
                version_id: done.version_id,
                size,
                parts: count,
            }),
            Err(e) => {
                let error = TransferError::new("CompleteMultipartUpload", e);
                Err(self.abort(bucket, key, upload_id, error).await)
            }
        }
    }

    /// Aborts the upload after `error`, and says in the error whether that worked.
    async fn abort(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        error: TransferError,
    ) -> TransferError {
        let aborted = AbortMultipartUploadRequest::builder()
            .bucket(bucket)
            .key(key)
            .upload_id(upload_id)
            .build()
            .send(&self.client)
            .await;
        error.after_abort(upload_id, aborted.err().map(|e| e.to_string()))
    }
}

/// Refuses a part size outside S3's limits before anything is sent; `more_than_one` says
/// whether the part is not the last one (only the last may be below 5 MiB).
fn check_part_size(part_size: u64, more_than_one: bool) -> Result<(), TransferError> {
    let problem = if part_size > MAX_PART_SIZE {
        "above S3's largest part of 5 GiB"
    } else if part_size < MIN_PART_SIZE && more_than_one {
        "below S3's smallest part of 5 MiB (only the last part may be smaller)"
    } else {
        return Ok(());
    };
    Err(TransferError::new(
        "planning the upload",
        format!("a part size of {part_size} bytes is {problem}"),
    ))
}
