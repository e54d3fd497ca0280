//! Chunk and trailer signatures of an `aws-chunked` body (S3's streaming SigV4): each chunk is
//! signed with the signature before it, starting from the request's own ("seed") signature, and
//! the trailing headers (a checksum computed while sending) are signed last.
//!
//! ```text
//! AWS4-HMAC-SHA256-PAYLOAD            AWS4-HMAC-SHA256-TRAILER
//! <x-amz-date>                        <x-amz-date>
//! <scope>                             <scope>
//! <previous signature>                <signature of the final, empty chunk>
//! <SHA-256 of "">                     <SHA-256 of the trailer lines, `name:value\n` each>
//! <SHA-256 of the chunk>
//! ```
//!
//! The client signs with a [`ChunkSigner`]; a server verifying a body runs the same signer with
//! the secret it knows and compares.

use super::sign::{sha256_hex, SigningKey};
use super::{EMPTY_PAYLOAD_SHA256, TERMINATOR};
use std::fmt;

/// `x-amz-content-sha256` of an aws-chunked body with signed chunks.
pub const STREAMING_SIGNED_PAYLOAD: &str = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
/// `x-amz-content-sha256` of an aws-chunked body with signed chunks and signed trailers.
pub const STREAMING_SIGNED_PAYLOAD_TRAILER: &str = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
/// `x-amz-content-sha256` of an aws-chunked body whose chunks are not signed, with trailers
/// (sent over TLS, a trailing checksum guarding the bytes).
pub const STREAMING_UNSIGNED_PAYLOAD_TRAILER: &str = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
/// `x-amz-content-sha256` of a body that is not part of the signature.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// The trailing header holding the trailer signature.
pub const TRAILER_SIGNATURE_HEADER: &str = "x-amz-trailer-signature";

/// Signs the chunks and trailer of one aws-chunked body, each with the signature before it.
#[derive(Clone)]
pub struct ChunkSigner {
    key: SigningKey,
    /// `<x-amz-date>\n<scope>\n`, shared by every string to sign.
    date_and_scope: String,
    previous: String,
}

impl ChunkSigner {
    /// A signer continuing from `seed_signature` (the hex signature of the request's
    /// `Authorization`), with the request's key, time stamp (`x-amz-date`), region and
    /// service.
    pub fn new(
        key: SigningKey,
        amz_date: &str,
        region: &str,
        service: &str,
        seed_signature: &str,
    ) -> Self {
        let day = amz_date.get(..8).unwrap_or(amz_date);
        ChunkSigner {
            key,
            date_and_scope: format!("{amz_date}\n{day}/{region}/{service}/{TERMINATOR}\n"),
            previous: seed_signature.to_owned(),
        }
    }

    /// Signs the next chunk (the final one is empty) and returns its hex signature.
    pub fn sign_chunk(&mut self, chunk: &[u8]) -> String {
        self.sign_chunk_hash(&sha256_hex(chunk))
    }

    /// Like [`ChunkSigner::sign_chunk`], given the chunk's hex SHA-256.
    pub fn sign_chunk_hash(&mut self, chunk_sha256_hex: &str) -> String {
        let string_to_sign = format!(
            "AWS4-HMAC-SHA256-PAYLOAD\n{}{}\n{EMPTY_PAYLOAD_SHA256}\n{chunk_sha256_hex}",
            self.date_and_scope, self.previous
        );
        self.previous = self.key.sign_hex(string_to_sign.as_bytes());
        self.previous.clone()
    }

    /// Signs the trailing headers (after the final chunk) and returns the hex signature. Each
    /// header enters as `name:value\n`, names lower-case, in the order sent.
    pub fn sign_trailer(&mut self, trailers: &[(&str, &str)]) -> String {
        let mut canonical = String::new();
        for (name, value) in trailers {
            canonical.push_str(&name.to_ascii_lowercase());
            canonical.push(':');
            canonical.push_str(value.trim());
            canonical.push('\n');
        }
        let string_to_sign = format!(
            "AWS4-HMAC-SHA256-TRAILER\n{}{}\n{}",
            self.date_and_scope,
            self.previous,
            sha256_hex(canonical.as_bytes())
        );
        self.previous = self.key.sign_hex(string_to_sign.as_bytes());
        self.previous.clone()
    }
}

impl fmt::Debug for ChunkSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChunkSigner").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigv4::{sign, SignableRequest, SigningKeys, SigningScope, UriEncoding};

    /// The example of S3's documentation ("Signature calculations for the Authorization header:
    /// transferring payload in multiple chunks"): a 66,560-byte object of `a` in a 64 KiB chunk,
    /// a 1 KiB chunk and the final empty one.
    #[test]
    fn s3_documentation_example() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let time = 1_369_353_600; // 20130524T000000Z
        let headers: Vec<(String, String)> = [
            ("Host", "s3.amazonaws.com"),
            ("x-amz-date", "20130524T000000Z"),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("x-amz-content-sha256", STREAMING_SIGNED_PAYLOAD),
            ("Content-Encoding", "aws-chunked"),
            ("x-amz-decoded-content-length", "66560"),
            ("Content-Length", "66824"),
        ]
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
        let seed = sign(
            &SignableRequest {
                method: "PUT",
                path: "/examplebucket/chunkObject.txt",
                query: &[],
                headers: &headers,
                payload_sha256_hex: STREAMING_SIGNED_PAYLOAD,
                uri_encoding: UriEncoding::Single,
            },
            &SigningKeys {
                access_key_id: "AKIAIOSFODNN7EXAMPLE",
                secret_access_key: secret,
                session_token: None,
            },
            &SigningScope {
                region: "us-east-1",
                service: "s3",
                time_epoch_secs: time,
            },
        );
        assert_eq!(
            seed.signature_hex,
            "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
        );
        let key = SigningKey::derive(secret, "20130524", "us-east-1", "s3");
        let mut signer = ChunkSigner::new(
            key,
            "20130524T000000Z",
            "us-east-1",
            "s3",
            &seed.signature_hex,
        );
        assert_eq!(
            signer.sign_chunk(&[b'a'; 65_536]),
            "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648"
        );
        assert_eq!(
            signer.sign_chunk(&[b'a'; 1024]),
            "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497"
        );
        assert_eq!(
            signer.sign_chunk(b""),
            "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"
        );
    }
}
