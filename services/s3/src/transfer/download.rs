//! An object down from S3 into a file: its size from `HeadObject`, then ranged `GetObject`s,
//! `concurrency` at a time, each written at its offset as its chunks arrive. A range whose
//! connection fails mid-body is requested again from the first byte not yet written. Every
//! range asks for the ETag `HeadObject` saw (`If-Match`), so an object replaced meanwhile
//! fails the download instead of mixing two versions. The bytes go to `<path>.partial`, which
//! is renamed to `path` only when every range is complete and removed on failure.

use super::file_io::write_all_at;
use super::{Meter, Transfer, TransferError};
use crate::{GetObjectRequest, HeadObjectRequest, S3};
use aws_op::Client;
use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::task::JoinSet;

/// A finished download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Downloaded {
    /// Bytes written.
    pub size: u64,
    /// The object's ETag, which every range matched.
    pub e_tag: Option<String>,
    /// Ranges requested (not counting resumptions).
    pub ranges: u32,
    /// Times a range was requested again after its connection failed mid-body.
    pub resumes: u32,
}

/// One range of the object, `[start, end)`, and what it needs to fetch it.
struct RangeFetch {
    client: Client<S3>,
    bucket: String,
    key: String,
    e_tag: Option<String>,
    file: Arc<File>,
    start: u64,
    end: u64,
    max_resumes: u32,
    meter: Meter,
}

impl Transfer {
    /// Downloads `key` of `bucket` into the file at `path`, replacing it when the download
    /// completes.
    ///
    /// # Errors
    ///
    /// A [`TransferError`] naming the step that failed: `HeadObject` (a missing key is its
    /// typed `404`), a `GetObject` range (after the resumptions allowed), or a file
    /// operation. Nothing is left at `path` or beside it.
    pub async fn download_file(
        &self,
        bucket: &str,
        key: &str,
        path: impl AsRef<Path>,
    ) -> Result<Downloaded, TransferError> {
        let path = path.as_ref();
        let head = HeadObjectRequest::builder()
            .bucket(bucket)
            .key(key)
            .build()
            .send(&self.client)
            .await
            .map_err(|e| TransferError::new("HeadObject", e))?;
        let size = head
            .content_length
            .and_then(|len| u64::try_from(len).ok())
            .ok_or_else(|| {
                TransferError::new("HeadObject", "the response has no Content-Length")
            })?;
        let partial = partial_path(path);
        let file_step = || format!("writing {}", partial.display());
        let file = File::create(&partial).map_err(|e| TransferError::new(file_step(), e))?;
        let fetched = match file.set_len(size) {
            Ok(()) => {
                let meter = Meter::new(Some(size), self.progress.clone());
                self.fetch_ranges(bucket, key, head.e_tag.clone(), Arc::new(file), size, meter)
                    .await
            }
            Err(e) => Err(TransferError::new(file_step(), e)),
        };
        let finished = fetched.and_then(|counts| {
            std::fs::rename(&partial, path)
                .map(|()| counts)
                .map_err(|e| TransferError::new(format!("renaming to {}", path.display()), e))
        });
        match finished {
            Ok((ranges, resumes)) => Ok(Downloaded {
                size,
                e_tag: head.e_tag,
                ranges,
                resumes,
            }),
            Err(error) => {
                let _ = std::fs::remove_file(&partial);
                Err(error)
            }
        }
    }

    /// Fetches every range of an object of `size` bytes into `file`, `concurrency` at a time.
    /// Returns how many ranges there were and how many resumptions they took.
    async fn fetch_ranges(
        &self,
        bucket: &str,
        key: &str,
        e_tag: Option<String>,
        file: Arc<File>,
        size: u64,
        meter: Meter,
    ) -> Result<(u32, u32), TransferError> {
        let range_size = self.part_size.max(1);
        let mut in_flight = JoinSet::new();
        let (mut start, mut ranges, mut resumes) = (0, 0, 0);
        loop {
            while in_flight.len() < self.concurrency && start < size {
                let end = size.min(start + range_size);
                let fetch = RangeFetch {
                    client: self.client.clone(),
                    bucket: bucket.to_owned(),
                    key: key.to_owned(),
                    e_tag: e_tag.clone(),
                    file: Arc::clone(&file),
                    start,
                    end,
                    max_resumes: self.max_resumes,
                    meter: meter.clone(),
                };
                in_flight.spawn(fetch.run());
                start = end;
                ranges += 1;
            }
            match in_flight.join_next().await {
                None => return Ok((ranges, resumes)),
                Some(Ok(range_resumes)) => resumes += range_resumes?,
                Some(Err(task)) => return Err(TransferError::new("GetObject", task)),
            }
        }
    }
}

impl RangeFetch {
    /// Fetches the range, resuming after a failed connection; returns the resumptions taken.
    ///
    /// Chunks are written with blocking positional writes: each is one read's worth of bytes
    /// into the page cache, shorter than a task switch to a blocking thread would be.
    async fn run(self) -> Result<u32, TransferError> {
        let mut offset = self.start;
        let mut resumes = 0;
        while offset < self.end {
            let range = format!("bytes={offset}-{}", self.end - 1);
            let step = || format!("GetObject {range} of {}", self.key);
            let mut output = GetObjectRequest::builder()
                .bucket(self.bucket.as_str())
                .key(self.key.as_str())
                .range(range.as_str())
                .set_if_match(self.e_tag.clone())
                .build()
                .send(&self.client)
                .await
                .map_err(|e| TransferError::new(step(), e))?;
            check_range_start(output.content_range.as_deref(), offset, self.end)
                .map_err(|problem| TransferError::new(step(), problem))?;
            let interrupted = loop {
                match output.body.next().await {
                    None => break None,
                    Some(Ok(chunk)) => {
                        let len = chunk.len() as u64;
                        if offset + len > self.end {
                            return Err(TransferError::new(step(), "more bytes than the range"));
                        }
                        write_all_at(&self.file, &chunk, offset)
                            .map_err(|e| TransferError::new("writing the file", e))?;
                        offset += len;
                        self.meter.add(len);
                    }
                    Some(Err(e)) if e.is_retryable() => break Some(e.to_string()),
                    Some(Err(e)) => return Err(TransferError::new(step(), e)),
                }
            };
            if offset < self.end {
                resumes += 1;
                if resumes > self.max_resumes {
                    let why = interrupted.unwrap_or_else(|| "the body ended early".into());
                    let problem = format!(
                        "stopped at byte {offset} {} times, the last time because: {why}",
                        resumes
                    );
                    return Err(TransferError::new(step(), problem));
                }
            }
        }
        Ok(resumes)
    }
}

/// Checks that a response starts where the range asked: its `Content-Range` (`bytes a-b/n`)
/// starts at `offset`, or, when it has none (a `200` with the whole object), `offset` is 0.
fn check_range_start(content_range: Option<&str>, offset: u64, end: u64) -> Result<(), String> {
    let start = match content_range {
        None if offset == 0 => return Ok(()),
        None => return Err(format!("no Content-Range for a range from byte {offset}")),
        Some(value) => value
            .strip_prefix("bytes ")
            .and_then(|rest| rest.split('-').next())
            .and_then(|first| first.trim().parse::<u64>().ok()),
    };
    match start {
        Some(start) if start == offset => Ok(()),
        _ => Err(format!(
            "Content-Range {:?} does not start at byte {offset} (range ends at {end})",
            content_range.unwrap_or_default()
        )),
    }
}

/// Where a download is written until it is complete: `path` with `.partial` added.
fn partial_path(path: &Path) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(".partial");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::check_range_start;

    #[test]
    fn a_range_must_start_where_it_was_asked() {
        assert_eq!(
            check_range_start(Some("bytes 100-199/1000"), 100, 200),
            Ok(())
        );
        assert_eq!(check_range_start(None, 0, 1000), Ok(()));
        let late = check_range_start(Some("bytes 0-199/1000"), 100, 200).unwrap_err();
        assert!(late.contains("does not start at byte 100"), "{late}");
        let missing = check_range_start(None, 100, 200).unwrap_err();
        assert!(missing.contains("no Content-Range"), "{missing}");
        let garbled = check_range_start(Some("items 1-2"), 0, 2).unwrap_err();
        assert!(garbled.contains("does not start at byte 0"), "{garbled}");
    }
}
