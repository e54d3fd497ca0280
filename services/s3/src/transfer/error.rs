//! Why a transfer failed, and what was cleaned up after it.

use std::fmt;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A failed transfer: the step that failed (an operation such as `UploadPart`, or a file
/// operation), its cause, and for a multipart upload whether it was aborted, so that no parts
/// are left stored and billed.
#[derive(Debug)]
pub struct TransferError {
    step: String,
    source: BoxError,
    upload: Option<AbortOutcome>,
}

/// What became of a multipart upload that failed.
#[derive(Debug)]
enum AbortOutcome {
    Aborted { upload_id: String },
    AbortFailed { upload_id: String, reason: String },
}

impl TransferError {
    /// `step` failed because of `source`.
    pub(crate) fn new(step: impl Into<String>, source: impl Into<BoxError>) -> Self {
        TransferError {
            step: step.into(),
            source: source.into(),
            upload: None,
        }
    }

    /// The multipart upload `upload_id` was aborted after this failure, or the abort failed
    /// with `abort_error`.
    pub(crate) fn after_abort(mut self, upload_id: &str, abort_error: Option<String>) -> Self {
        let upload_id = upload_id.to_owned();
        self.upload = Some(match abort_error {
            None => AbortOutcome::Aborted { upload_id },
            Some(reason) => AbortOutcome::AbortFailed { upload_id, reason },
        });
        self
    }

    /// The step that failed, such as `UploadPart 3` or `writing the file`.
    pub fn step(&self) -> &str {
        &self.step
    }

    /// Whether the failed multipart upload was aborted (its parts deleted). `false` when there
    /// was none, or when the abort failed too (the upload then shows in
    /// `ListMultipartUploads` until a lifecycle rule removes it).
    pub fn upload_aborted(&self) -> bool {
        matches!(self.upload, Some(AbortOutcome::Aborted { .. }))
    }
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.step, self.source)?;
        match &self.upload {
            None => Ok(()),
            Some(AbortOutcome::Aborted { upload_id }) => {
                write!(f, "; multipart upload {upload_id} was aborted")
            }
            Some(AbortOutcome::AbortFailed { upload_id, reason }) => write!(
                f,
                "; aborting multipart upload {upload_id} failed too ({reason}), so its parts stay stored"
            ),
        }
    }
}

impl std::error::Error for TransferError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}
