//! S3's flexible checksums (Smithy `httpChecksum`): CRC32, CRC32C, CRC64NVME, SHA-1 and
//! SHA-256 of a body, sent as `x-amz-checksum-<algorithm>` (a header, or a trailer of an
//! aws-chunked body) and verified on download.
//!
//! The CRCs come from small, single-purpose crates (crc32fast, crc32c, crc64fast-nvme: each
//! checked against its algorithm's standard check value below, each SIMD-accelerated); SHA-1 and
//! SHA-256 from ring, already built for TLS.

use crate::blob::{base64_decode, base64_encode};
use crate::byte_stream::{BodyCheck, ByteStreamError, ByteStreamErrorKind};
use std::fmt;

/// A checksum algorithm of S3's flexible checksums.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChecksumAlgorithm {
    /// CRC-32 (ISO-HDLC, as zlib and Ethernet), the SDKs' default.
    Crc32,
    /// CRC-32C (Castagnoli, iSCSI).
    Crc32c,
    /// CRC-64/NVME.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl ChecksumAlgorithm {
    /// Every algorithm, in the order responses are checked when several are present (the
    /// SDKs' order: the fastest first).
    pub const ALL: [ChecksumAlgorithm; 5] = [
        ChecksumAlgorithm::Crc64Nvme,
        ChecksumAlgorithm::Crc32,
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Sha256,
        ChecksumAlgorithm::Sha1,
    ];

    /// The name as the model and `x-amz-sdk-checksum-algorithm` spell it (`CRC32`).
    pub fn name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "CRC32",
            ChecksumAlgorithm::Crc32c => "CRC32C",
            ChecksumAlgorithm::Crc64Nvme => "CRC64NVME",
            ChecksumAlgorithm::Sha1 => "SHA1",
            ChecksumAlgorithm::Sha256 => "SHA256",
        }
    }

    /// The header (or trailer) carrying the value (`x-amz-checksum-crc32`).
    pub fn header_name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "x-amz-checksum-crc32",
            ChecksumAlgorithm::Crc32c => "x-amz-checksum-crc32c",
            ChecksumAlgorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            ChecksumAlgorithm::Sha1 => "x-amz-checksum-sha1",
            ChecksumAlgorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// Reads a name in any case (`crc32c`, `SHA256`).
    pub fn parse(name: &str) -> Option<Self> {
        ChecksumAlgorithm::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The length of a digest in bytes.
    pub fn digest_len(self) -> usize {
        match self {
            ChecksumAlgorithm::Crc32 | ChecksumAlgorithm::Crc32c => 4,
            ChecksumAlgorithm::Crc64Nvme => 8,
            ChecksumAlgorithm::Sha1 => 20,
            ChecksumAlgorithm::Sha256 => 32,
        }
    }

    /// A fresh incremental hasher.
    pub fn hasher(self) -> Hasher {
        Hasher {
            state: match self {
                ChecksumAlgorithm::Crc32 => State::Crc32(crc32fast::Hasher::new()),
                ChecksumAlgorithm::Crc32c => State::Crc32c(0),
                ChecksumAlgorithm::Crc64Nvme => State::Crc64(crc64fast_nvme::Digest::new()),
                ChecksumAlgorithm::Sha1 => State::Digest(
                    Box::new(ring::digest::Context::new(
                        &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
                    )),
                    self,
                ),
                ChecksumAlgorithm::Sha256 => State::Digest(
                    Box::new(ring::digest::Context::new(&ring::digest::SHA256)),
                    self,
                ),
            },
        }
    }

    /// The base64 checksum of `data`, as `x-amz-checksum-*` carries it.
    pub fn checksum(self, data: &[u8]) -> String {
        let mut hasher = self.hasher();
        hasher.update(data);
        hasher.finish_base64()
    }
}

impl fmt::Display for ChecksumAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An incremental checksum.
pub struct Hasher {
    state: State,
}

enum State {
    Crc32(crc32fast::Hasher),
    Crc32c(u32),
    Crc64(crc64fast_nvme::Digest),
    // Boxed: a SHA context is ten times the size of a CRC state.
    Digest(Box<ring::digest::Context>, ChecksumAlgorithm),
}

impl Hasher {
    /// Adds bytes.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            State::Crc32(h) => h.update(data),
            State::Crc32c(crc) => *crc = crc32c::crc32c_append(*crc, data),
            State::Crc64(d) => d.write(data),
            State::Digest(ctx, _) => ctx.update(data),
        }
    }

    /// The algorithm.
    pub fn algorithm(&self) -> ChecksumAlgorithm {
        match &self.state {
            State::Crc32(_) => ChecksumAlgorithm::Crc32,
            State::Crc32c(_) => ChecksumAlgorithm::Crc32c,
            State::Crc64(_) => ChecksumAlgorithm::Crc64Nvme,
            State::Digest(_, algorithm) => *algorithm,
        }
    }

    /// The digest, big-endian for the CRCs (as S3 encodes them).
    pub fn finish(self) -> Vec<u8> {
        match self.state {
            State::Crc32(h) => h.finalize().to_be_bytes().to_vec(),
            State::Crc32c(crc) => crc.to_be_bytes().to_vec(),
            State::Crc64(d) => d.sum64().to_be_bytes().to_vec(),
            State::Digest(ctx, _) => ctx.finish().as_ref().to_vec(),
        }
    }

    /// The digest in base64.
    pub fn finish_base64(self) -> String {
        base64_encode(&self.finish())
    }
}

impl fmt::Debug for Hasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hasher({})", self.algorithm())
    }
}

/// A checksum value as a response or a request carries it: a whole-object checksum, or a
/// composite one of a multipart object (`<base64>-<parts>`, the checksum of the parts'
/// checksums), which the object's bytes alone cannot reproduce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChecksumValue {
    /// The checksum of the bytes.
    Whole(String),
    /// The checksum of `parts` part checksums.
    Composite {
        /// The base64 checksum of the concatenated part checksums.
        value: String,
        /// The number of parts.
        parts: u32,
    },
}

impl ChecksumValue {
    /// Reads a header value; `None` when it is neither base64 of the algorithm's digest length
    /// nor that followed by `-<parts>`.
    pub fn parse(algorithm: ChecksumAlgorithm, text: &str) -> Option<Self> {
        let text = text.trim();
        let (value, parts) = match text.rsplit_once('-') {
            Some((value, parts)) => (value, Some(parts.parse::<u32>().ok()?)),
            None => (text, None),
        };
        if base64_decode(value).ok()?.len() != algorithm.digest_len() {
            return None;
        }
        Some(match parts {
            Some(parts) => ChecksumValue::Composite {
                value: value.to_owned(),
                parts,
            },
            None => ChecksumValue::Whole(value.to_owned()),
        })
    }
}

/// A checksum a response announced, verified over its body as it is read.
pub(crate) struct ResponseChecksum {
    expected: String,
    hasher: Hasher,
}

impl ResponseChecksum {
    /// The first whole-object checksum among `headers` in the order of `algorithms` (the
    /// operation's response algorithms this client knows). A composite checksum is not
    /// verifiable from the bytes: `None` then, as for no checksum.
    pub(crate) fn from_headers(
        headers: &[(String, String)],
        algorithms: &[ChecksumAlgorithm],
    ) -> Option<Self> {
        ChecksumAlgorithm::ALL
            .into_iter()
            .filter(|a| algorithms.contains(a))
            .find_map(|algorithm| {
                let text = crate::http::find_header(headers, algorithm.header_name())?;
                match ChecksumValue::parse(algorithm, text) {
                    Some(ChecksumValue::Whole(expected)) => Some(ResponseChecksum {
                        expected,
                        hasher: algorithm.hasher(),
                    }),
                    // Composite: not from these bytes. Malformed: reported as a mismatch.
                    Some(ChecksumValue::Composite { .. }) => None,
                    None => Some(ResponseChecksum {
                        expected: text.trim().to_owned(),
                        hasher: algorithm.hasher(),
                    }),
                }
            })
    }
}

impl BodyCheck for ResponseChecksum {
    fn algorithm_name(&self) -> &'static str {
        self.hasher.algorithm().name()
    }

    fn expected(&self) -> &str {
        &self.expected
    }

    fn update(&mut self, data: &[u8]) {
        self.hasher.update(data);
    }

    fn verify(self: Box<Self>) -> Result<(), ByteStreamError> {
        let algorithm = self.hasher.algorithm();
        let actual = self.hasher.finish_base64();
        if actual == self.expected {
            return Ok(());
        }
        Err(ByteStreamError::new(
            ByteStreamErrorKind::ChecksumMismatch,
            format!(
                "checksum mismatch: the response announced {} {} but the body received has {actual}",
                algorithm.name(),
                crate::transport::snippet(&self.expected)
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The standard check value of each algorithm: its digest of the ASCII bytes `123456789`
    /// (the CRC catalogue's `check` field; FIPS 180 for SHA).
    #[test]
    fn check_values() {
        let check = |a: ChecksumAlgorithm| {
            let mut h = a.hasher();
            h.update(b"1234");
            h.update(b"56789");
            h.finish()
        };
        assert_eq!(
            check(ChecksumAlgorithm::Crc32),
            0xCBF4_3926u32.to_be_bytes()
        );
        assert_eq!(
            check(ChecksumAlgorithm::Crc32c),
            0xE306_9283u32.to_be_bytes()
        );
        assert_eq!(
            check(ChecksumAlgorithm::Crc64Nvme),
            0xAE8B_1486_0A79_9888u64.to_be_bytes()
        );
        assert_eq!(
            crate::sigv4::hex_lower(&check(ChecksumAlgorithm::Sha1)),
            "f7c3bc1d808e04732adf679965ccc34ca7ae3441"
        );
        assert_eq!(
            crate::sigv4::hex_lower(&check(ChecksumAlgorithm::Sha256)),
            "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225"
        );
    }

    /// S3's examples: CRC32 of an empty body is `AAAAAA==`; of `Hello world` (AWS SDK tests)
    /// `i9aeUg==`.
    #[test]
    fn base64_values_as_s3_sends_them() {
        assert_eq!(ChecksumAlgorithm::Crc32.checksum(b""), "AAAAAA==");
        assert_eq!(
            ChecksumAlgorithm::Crc32.checksum(b"Hello world"),
            "i9aeUg=="
        );
        assert_eq!(
            ChecksumAlgorithm::Crc32c.checksum(b"Hello world"),
            "crUfeA=="
        );
    }

    #[test]
    fn composite_values_are_recognised() {
        let a = ChecksumAlgorithm::Crc32;
        assert_eq!(
            ChecksumValue::parse(a, "i9aeUg==-3"),
            Some(ChecksumValue::Composite {
                value: "i9aeUg==".into(),
                parts: 3
            })
        );
        assert_eq!(
            ChecksumValue::parse(a, "i9aeUg=="),
            Some(ChecksumValue::Whole("i9aeUg==".into()))
        );
        assert_eq!(ChecksumValue::parse(a, "i9aeUg==-x"), None);
        assert_eq!(
            ChecksumValue::parse(ChecksumAlgorithm::Sha256, "i9aeUg=="),
            None
        );
    }

    #[test]
    fn names_parse_in_any_case() {
        for a in ChecksumAlgorithm::ALL {
            assert_eq!(ChecksumAlgorithm::parse(&a.name().to_lowercase()), Some(a));
            assert!(a.header_name().ends_with(&a.name().to_lowercase()));
        }
        assert_eq!(ChecksumAlgorithm::parse("MD5"), None);
    }
}
