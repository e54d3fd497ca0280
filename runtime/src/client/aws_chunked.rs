//! The `aws-chunked` content encoding of S3 uploads that are not in memory: the body in chunks
//! of a fixed size, each preceded by its length (and, when signed, its chunk signature), then a
//! final empty chunk and the trailing headers (a checksum computed on the way, with its own
//! signature when chunks are signed).
//!
//! ```text
//! 10000;chunk-signature=<64 hex>\r\n<65536 bytes>\r\n     signed
//! 10000\r\n<65536 bytes>\r\n                               unsigned
//! ...
//! 0;chunk-signature=<64 hex>\r\n                           final chunk
//! x-amz-checksum-crc32:<base64>\r\n                        trailer
//! x-amz-trailer-signature:<64 hex>\r\n                     (signed only)
//! \r\n
//! ```
//!
//! Every chunk but the last has the same size, so the encoded length (the request's
//! `Content-Length`) is known before sending. The body never holds more than one chunk.

use crate::body::{BodyError, BodyReader};
use crate::checksum::{ChecksumAlgorithm, Hasher};
use crate::sigv4::{ChunkSigner, TRAILER_SIGNATURE_HEADER};
use bytes::{Bytes, BytesMut};
use http_body::{Frame, SizeHint};
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The chunk size of signed bodies (the SDKs'): each chunk costs a SHA-256 and two HMACs.
pub(crate) const SIGNED_CHUNK_SIZE: usize = 64 * 1024;
/// The chunk size of unsigned bodies: a file read ([`crate::body`] reads 64 KiB at a time)
/// becomes one chunk without being copied, and little is held per upload in flight.
pub(crate) const UNSIGNED_CHUNK_SIZE: usize = 64 * 1024;

/// `;chunk-signature=` and 64 hex digits.
const SIGNATURE_EXTENSION_LEN: u64 = 17 + 64;

/// How an aws-chunked body is framed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Framing {
    /// Chunks (and the trailer) carry signatures.
    pub(crate) signed: bool,
    /// The checksum sent as a trailer, if any.
    pub(crate) trailer: Option<ChecksumAlgorithm>,
}

impl Framing {
    pub(crate) fn chunk_size(self) -> usize {
        if self.signed {
            SIGNED_CHUNK_SIZE
        } else {
            UNSIGNED_CHUNK_SIZE
        }
    }

    /// The encoded length of a body of `len` bytes.
    pub(crate) fn encoded_len(self, len: u64) -> u64 {
        let size = self.chunk_size() as u64;
        let frame = |n: u64| {
            let hex = format!("{n:x}").len() as u64;
            let extension = if self.signed {
                SIGNATURE_EXTENSION_LEN
            } else {
                0
            };
            hex + extension + 2 + n + 2
        };
        let full = len / size;
        let rest = len % size;
        let mut total = full * frame(size) + if rest > 0 { frame(rest) } else { 0 };
        // The final chunk has no data and no CRLF after its (empty) data.
        total += frame(0) - 2;
        if let Some(algorithm) = self.trailer {
            let value_len = base64_len(algorithm.digest_len()) as u64;
            total += algorithm.header_name().len() as u64 + 1 + value_len + 2;
            if self.signed {
                total += TRAILER_SIGNATURE_HEADER.len() as u64 + 1 + 64 + 2;
            }
        }
        total + 2
    }
}

fn base64_len(bytes: usize) -> usize {
    bytes.div_ceil(3) * 4
}

/// An aws-chunked body, encoded as it is sent.
pub(crate) struct AwsChunkedBody {
    reader: BodyReader,
    framing: Framing,
    signer: Option<ChunkSigner>,
    checksum: Option<Hasher>,
    /// Bytes read but not yet framed (less than a chunk).
    pending: BytesMut,
    /// Frames ready to go out.
    ready: VecDeque<Bytes>,
    remaining_encoded: u64,
    source_done: bool,
    finished: bool,
}

impl AwsChunkedBody {
    /// Encodes `reader`'s `len` bytes; `signer` continues from the request's signature (signed
    /// framing only).
    pub(crate) fn new(
        reader: BodyReader,
        len: u64,
        framing: Framing,
        signer: Option<ChunkSigner>,
    ) -> Self {
        AwsChunkedBody {
            reader,
            framing,
            signer,
            checksum: framing.trailer.map(ChecksumAlgorithm::hasher),
            pending: BytesMut::new(),
            ready: VecDeque::new(),
            remaining_encoded: framing.encoded_len(len),
            source_done: false,
            finished: false,
        }
    }

    /// Frames one chunk of data (empty: the final chunk, then the trailer).
    fn frame(&mut self, data: Bytes) {
        let mut head = format!("{:x}", data.len());
        if let Some(signer) = &mut self.signer {
            head.push_str(";chunk-signature=");
            head.push_str(&signer.sign_chunk(&data));
        }
        head.push_str("\r\n");
        self.ready.push_back(Bytes::from(head));
        if data.is_empty() {
            self.finish();
            return;
        }
        if let Some(checksum) = &mut self.checksum {
            checksum.update(&data);
        }
        self.ready.push_back(data);
        self.ready.push_back(Bytes::from_static(b"\r\n"));
    }

    /// The trailer after the final chunk.
    fn finish(&mut self) {
        let mut tail = String::new();
        if let Some(checksum) = self.checksum.take() {
            let name = checksum.algorithm().header_name();
            let value = checksum.finish_base64();
            tail.push_str(name);
            tail.push(':');
            tail.push_str(&value);
            tail.push_str("\r\n");
            if let Some(signer) = &mut self.signer {
                let signature = signer.sign_trailer(&[(name, &value)]);
                tail.push_str(TRAILER_SIGNATURE_HEADER);
                tail.push(':');
                tail.push_str(&signature);
                tail.push_str("\r\n");
            }
        }
        tail.push_str("\r\n");
        self.ready.push_back(Bytes::from(tail));
        self.finished = true;
    }
}

impl http_body::Body for AwsChunkedBody {
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyError>>> {
        let this = self.get_mut();
        let size = this.framing.chunk_size();
        loop {
            if let Some(frame) = this.ready.pop_front() {
                this.remaining_encoded = this.remaining_encoded.saturating_sub(frame.len() as u64);
                return Poll::Ready(Some(Ok(Frame::data(frame))));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            if this.pending.len() >= size {
                let chunk = this.pending.split_to(size).freeze();
                this.frame(chunk);
                continue;
            }
            if this.source_done {
                let rest = std::mem::take(&mut this.pending).freeze();
                if !rest.is_empty() {
                    this.frame(rest);
                }
                this.frame(Bytes::new());
                continue;
            }
            match this.reader.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => this.source_done = true,
                Poll::Ready(Some(Ok(mut data))) => {
                    // Whole chunks straight from the data, without copying; the rest waits.
                    if this.pending.is_empty() {
                        while data.len() >= size {
                            let chunk = data.split_to(size);
                            this.frame(chunk);
                        }
                    }
                    this.pending.extend_from_slice(&data);
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.finished && self.ready.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining_encoded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Body;
    use http_body::Body as _;

    fn encode(body: Body, framing: Framing, signer: Option<ChunkSigner>) -> Vec<u8> {
        let len = body.len().unwrap();
        let mut encoded = AwsChunkedBody::new(body.reader().unwrap(), len, framing, signer);
        let expected = encoded.size_hint().exact().unwrap();
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut out = Vec::new();
        loop {
            match Pin::new(&mut encoded).poll_frame(&mut cx) {
                Poll::Ready(Some(Ok(frame))) => out.extend_from_slice(&frame.into_data().unwrap()),
                Poll::Ready(None) => break,
                other => panic!("unexpected {:?}", other.map(|f| f.map(|r| r.is_ok()))),
            }
        }
        assert_eq!(
            out.len() as u64,
            expected,
            "the announced length is the encoded length"
        );
        out
    }

    #[test]
    fn unsigned_with_trailer() {
        let framing = Framing {
            signed: false,
            trailer: Some(ChecksumAlgorithm::Crc32),
        };
        let out = encode(Body::from("Hello world"), framing, None);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "b\r\nHello world\r\n0\r\nx-amz-checksum-crc32:i9aeUg==\r\n\r\n"
        );
    }

    #[test]
    fn lengths_hold_across_chunk_boundaries() {
        for signed in [false, true] {
            let size = Framing {
                signed,
                trailer: None,
            }
            .chunk_size();
            for len in [0, 1, size - 1, size, size + 1, 3 * size + 7] {
                for trailer in [None, Some(ChecksumAlgorithm::Sha256)] {
                    let framing = Framing { signed, trailer };
                    let signer = signed.then(|| {
                        let key = crate::sigv4::SigningKey::derive("s", "20130524", "r", "s3");
                        ChunkSigner::new(key, "20130524T000000Z", "r", "s3", &"0".repeat(64))
                    });
                    let out = encode(Body::from(vec![7u8; len]), framing, signer);
                    assert!(out.ends_with(b"\r\n\r\n"));
                }
            }
        }
    }

    /// The S3 documentation's example body: the 64 KiB chunk and the 1 KiB chunk with their
    /// documented signatures, and its documented `Content-Length` of 66824.
    #[test]
    fn signed_framing_matches_the_s3_example() {
        let framing = Framing {
            signed: true,
            trailer: None,
        };
        assert_eq!(framing.encoded_len(66_560), 66_824);
        let key = crate::sigv4::SigningKey::derive(
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "20130524",
            "us-east-1",
            "s3",
        );
        let signer = ChunkSigner::new(
            key,
            "20130524T000000Z",
            "us-east-1",
            "s3",
            "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
        );
        let out = encode(Body::from(vec![b'a'; 66_560]), framing, Some(signer));
        let text = String::from_utf8_lossy(&out);
        assert!(text.starts_with(
            "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n"
        ));
        assert!(text.contains(
            "\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n"
        ));
        assert!(text.ends_with(
            "0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"
        ));
    }
}
