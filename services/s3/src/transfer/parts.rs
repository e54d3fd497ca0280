//! The parts of a multipart upload: sent `concurrency` at a time, and read from a stream into
//! buffers of the part size.

use super::{Meter, Transfer, TransferError};
use crate::{CompletedPart, UploadPartOutput, UploadPartRequest};
use aws_op::{Body, Stream};
use bytes::{Bytes, BytesMut};
use std::future::poll_fn;
use std::pin::Pin;
use tokio::task::JoinSet;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The parts of one upload, at most `concurrency` in flight. Dropping it cancels those still
/// in flight (the set aborts its tasks).
pub(super) struct Parts<'a> {
    transfer: &'a Transfer,
    bucket: &'a str,
    key: &'a str,
    upload_id: &'a str,
    meter: &'a Meter,
    in_flight: JoinSet<Result<CompletedPart, TransferError>>,
    done: Vec<CompletedPart>,
}

impl<'a> Parts<'a> {
    pub(super) fn new(
        transfer: &'a Transfer,
        bucket: &'a str,
        key: &'a str,
        upload_id: &'a str,
        meter: &'a Meter,
    ) -> Self {
        Parts {
            transfer,
            bucket,
            key,
            upload_id,
            meter,
            in_flight: JoinSet::new(),
            done: Vec::new(),
        }
    }

    /// Sends part `number` of `len` bytes once a slot is free. A part that failed meanwhile
    /// is the error.
    pub(super) async fn send(
        &mut self,
        number: usize,
        body: Body,
        len: u64,
    ) -> Result<(), TransferError> {
        while self.in_flight.len() >= self.transfer.concurrency {
            self.join_one().await?;
        }
        let step = format!("UploadPart {number}");
        // A part number is at most 10,000.
        let number = i32::try_from(number).map_err(|e| TransferError::new(step.as_str(), e))?;
        let request = UploadPartRequest::builder()
            .bucket(self.bucket)
            .key(self.key)
            .upload_id(self.upload_id)
            .part_number(number)
            .checksum_algorithm(self.transfer.checksum.clone())
            .body(body)
            .build();
        let (client, meter) = (self.transfer.client.clone(), self.meter.clone());
        self.in_flight.spawn(async move {
            let output = request
                .send(&client)
                .await
                .map_err(|e| TransferError::new(step.as_str(), e))?;
            meter.add(len);
            completed_part(number, output)
                .ok_or_else(|| TransferError::new(step, "the response has no ETag"))
        });
        Ok(())
    }

    /// Waits for every part still in flight; returns all parts in order.
    pub(super) async fn finish(mut self) -> Result<Vec<CompletedPart>, TransferError> {
        while !self.in_flight.is_empty() {
            self.join_one().await?;
        }
        self.done.sort_by_key(|part| part.part_number);
        Ok(std::mem::take(&mut self.done))
    }

    async fn join_one(&mut self) -> Result<(), TransferError> {
        match self.in_flight.join_next().await {
            None => Ok(()),
            Some(Ok(part)) => {
                self.done.push(part?);
                Ok(())
            }
            Some(Err(task)) => Err(TransferError::new("UploadPart", task)),
        }
    }
}

/// The part as `CompleteMultipartUpload` lists it: its number, ETag and checksum.
fn completed_part(number: i32, output: UploadPartOutput) -> Option<CompletedPart> {
    Some(CompletedPart {
        e_tag: Some(output.e_tag?),
        part_number: Some(number),
        checksum_crc32: output.checksum_crc32,
        checksum_crc32_c: output.checksum_crc32_c,
        checksum_crc64_nvme: output.checksum_crc64_nvme,
        checksum_sha1: output.checksum_sha1,
        checksum_sha256: output.checksum_sha256,
        checksum_sha512: output.checksum_sha512,
        checksum_md5: output.checksum_md5,
        checksum_xxhash64: output.checksum_xxhash64,
        checksum_xxhash3: output.checksum_xxhash3,
        checksum_xxhash128: output.checksum_xxhash128,
    })
}

/// Reads a stream into parts of a fixed size (the last one shorter).
pub(super) struct PartReader<S> {
    stream: Pin<Box<S>>,
    part_size: usize,
    /// Bytes read past the end of the last part.
    carry: BytesMut,
    ended: bool,
}

impl<S, E> PartReader<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<BoxError>,
{
    pub(super) fn new(stream: S, part_size: u64) -> Self {
        PartReader {
            stream: Box::pin(stream),
            part_size: usize::try_from(part_size).unwrap_or(usize::MAX),
            carry: BytesMut::new(),
            ended: false,
        }
    }

    /// Whether the stream has ended (the part read last was its last).
    pub(super) fn ended(&self) -> bool {
        self.ended && self.carry.is_empty()
    }

    /// The next part: `part_size` bytes, fewer at the end, empty once the stream is over.
    pub(super) async fn next_part(&mut self) -> Result<Bytes, TransferError> {
        while self.carry.len() < self.part_size && !self.ended {
            match poll_fn(|cx| self.stream.as_mut().poll_next(cx)).await {
                Some(Ok(chunk)) => self.carry.extend_from_slice(&chunk),
                Some(Err(e)) => return Err(TransferError::new("reading the stream", e)),
                None => self.ended = true,
            }
        }
        let len = self.carry.len().min(self.part_size);
        Ok(self.carry.split_to(len).freeze())
    }
}
