//! Flexible checksums as S3 checks and keeps them: every `x-amz-checksum-*` a request declares
//! (a header, or an aws-chunked trailer the server joined to the headers) and its
//! `Content-MD5` must match the bytes; the checksum given is kept and returned with the
//! object when asked for.

use crate::error::S3Error;
pub(crate) use aws_op::runtime::checksum::ChecksumAlgorithm as Algorithm;
use aws_op::runtime::md5;
use aws_op::Blob;

/// A checksum kept with an object or a part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoredChecksum {
    pub algorithm: Algorithm,
    /// Base64, of the bytes or, for a composite checksum, of the parts' checksums.
    pub value: String,
    /// For a multipart object: the number of parts its composite checksum covers.
    pub composite_parts: Option<usize>,
}

impl StoredChecksum {
    /// The value as S3 sends it: a composite one ends in `-` and the number of parts.
    pub(crate) fn header_value(&self) -> String {
        match self.composite_parts {
            Some(parts) => format!("{}-{parts}", self.value),
            None => self.value.clone(),
        }
    }
}

/// Base64 of raw digest bytes.
pub(crate) fn base64(raw: &[u8]) -> String {
    Blob::new(raw).to_base64()
}

/// Checks the checksums a request declared, by algorithm, and its `Content-MD5` against
/// `data`; returns the first checksum declared, to keep.
///
/// # Errors
///
/// `400 BadDigest` naming the checksum that does not match.
pub(crate) fn verify(
    declared: &[(Algorithm, Option<&str>)],
    content_md5: Option<&str>,
    data: &[u8],
) -> Result<Option<StoredChecksum>, S3Error> {
    if let Some(expected) = content_md5 {
        if base64(&md5::digest(data)) != expected.trim() {
            return Err(S3Error::bad_digest("Content-MD5"));
        }
    }
    let mut kept = None;
    for (algorithm, value) in declared {
        let Some(value) = value else { continue };
        if algorithm.checksum(data) != value.trim() {
            return Err(S3Error::bad_digest(algorithm.name()));
        }
        kept.get_or_insert(StoredChecksum {
            algorithm: *algorithm,
            value: value.trim().to_owned(),
            composite_parts: None,
        });
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::{verify, Algorithm};

    #[test]
    fn declared_checksums_must_match_and_the_first_is_kept() {
        let crc = Algorithm::Crc32.checksum(b"data");
        let kept = verify(&[(Algorithm::Crc32, Some(&crc))], None, b"data").unwrap();
        assert_eq!(kept.map(|k| k.value), Some(crc.clone()));
        let error = verify(&[(Algorithm::Crc32, Some(&crc))], None, b"date").unwrap_err();
        assert_eq!((error.status, error.code), (400, "BadDigest"));
        assert!(error.message.contains("CRC32"), "{}", error.message);
        let md5 = "jXd/OF09/siBXSD3SWAm3A=="; // "data"
        assert!(verify(&[], Some(md5), b"data").is_ok());
        assert_eq!(
            verify(&[], Some(md5), b"date").unwrap_err().code,
            "BadDigest"
        );
        assert_eq!(verify(&[], None, b"anything").unwrap(), None);
    }
}
