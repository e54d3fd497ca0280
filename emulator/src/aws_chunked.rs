//! aws-chunked request bodies (S3's streaming uploads), decoded and verified: each chunk's
//! signature and the trailer's, in the chain seeded by the request's own signature (signed
//! framing); the trailing checksum against the decoded bytes; the decoded length against
//! `x-amz-decoded-content-length`; and every trailer `x-amz-trailer` announced.
//!
//! ```text
//! signed:    <hex size>;chunk-signature=<sig>\r\n<data>\r\n ... 0;chunk-signature=<sig>\r\n
//!            [x-amz-checksum-crc32:<base64>\r\n x-amz-trailer-signature:<sig>\r\n] \r\n
//! unsigned:  <hex size>\r\n<data>\r\n ... 0\r\n x-amz-checksum-crc32:<base64>\r\n \r\n
//! ```

use crate::reply::ApiError;
use aws_op::runtime::checksum::ChecksumAlgorithm;
use aws_op::runtime::sigv4::{ChunkSigner, TRAILER_SIGNATURE_HEADER};

/// What an aws-chunked body carried.
#[derive(Debug)]
pub(crate) struct Dechunked {
    /// The bytes of the chunks, joined.
    pub data: Vec<u8>,
    /// The trailing headers (names lower-case), without the trailer signature.
    pub trailers: Vec<(String, String)>,
}

/// The announcements of the request that frame its body.
pub(crate) struct Framing<'a> {
    /// Continues the request's signature through the chunks (signed framing); `None` for
    /// unsigned framing, where no chunk may carry a signature.
    pub signer: Option<ChunkSigner>,
    /// The trailers `x-amz-trailer` announced (lower-case).
    pub announced: &'a [String],
    /// `x-amz-decoded-content-length`, when sent.
    pub decoded_len: Option<u64>,
}

/// Decodes and verifies `body`.
///
/// # Errors
///
/// `403 SignatureDoesNotMatch` for a chunk or trailer signature outside the chain, `403
/// IncompleteSignature` for a missing one; `400 BadDigest` for a trailing checksum that does
/// not match the bytes; `400 IncompleteBody` for a decoded length other than announced; `400
/// InvalidRequest` for a malformed body or a missing announced trailer.
pub(crate) fn decode(body: &[u8], mut framing: Framing<'_>) -> Result<Dechunked, ApiError> {
    let mut rest = body;
    // The bytes carried are fewer than the body's: one allocation, never regrown.
    let mut data = Vec::with_capacity(
        framing
            .decoded_len
            .map_or(body.len(), |len| usize::try_from(len).unwrap_or(usize::MAX))
            .min(body.len()),
    );
    for index in 0.. {
        let (line, after) = split_line(rest)?;
        let (size, signature) = chunk_header(line)?;
        if after.len() < size {
            return Err(malformed(format!(
                "chunk {index} announces {size} bytes, {} remain",
                after.len()
            )));
        }
        let (chunk, after) = after.split_at(size);
        check_chunk_signature(&mut framing.signer, signature, chunk, index)?;
        if size == 0 {
            rest = after;
            break;
        }
        data.extend_from_slice(chunk);
        rest = after
            .strip_prefix(b"\r\n")
            .ok_or_else(|| malformed(format!("chunk {index} does not end with CRLF")))?;
    }
    let Trailers {
        headers: trailers,
        signature: trailer_signature,
    } = read_trailers(rest)?;
    if let Some(signer) = &mut framing.signer {
        if !trailers.is_empty() {
            let pairs: Vec<(&str, &str)> = trailers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str()))
                .collect();
            let expected = signer.sign_trailer(&pairs);
            match trailer_signature {
                Some(signature) if signature == expected => {}
                Some(_) => return Err(mismatch("the trailer")),
                None => return Err(incomplete("the trailer has no x-amz-trailer-signature")),
            }
        }
    }
    for name in framing.announced {
        if !trailers.iter().any(|(trailer, _)| trailer == name) {
            return Err(malformed(format!(
                "the announced trailer {name} did not arrive"
            )));
        }
    }
    check_checksums(&trailers, &data)?;
    if let Some(len) = framing.decoded_len.filter(|len| *len != data.len() as u64) {
        return Err(ApiError::new(
            400,
            "IncompleteBody",
            format!(
                "x-amz-decoded-content-length is {len}, the chunks carry {} bytes.",
                data.len()
            ),
        ));
    }
    Ok(Dechunked { data, trailers })
}

/// The size and signature of `<hex size>[;chunk-signature=<sig>]`.
fn chunk_header(line: &str) -> Result<(usize, Option<&str>), ApiError> {
    let (size, signature) = match line.split_once(';') {
        None => (line, None),
        Some((size, extension)) => {
            let signature = extension.strip_prefix("chunk-signature=").ok_or_else(|| {
                malformed(format!("unknown chunk extension {:?}", truncate(extension)))
            })?;
            (size, Some(signature))
        }
    };
    let size = usize::from_str_radix(size, 16).map_err(|_| {
        malformed(format!(
            "chunk size {:?} is not hexadecimal",
            truncate(size)
        ))
    })?;
    Ok((size, signature))
}

fn check_chunk_signature(
    signer: &mut Option<ChunkSigner>,
    signature: Option<&str>,
    chunk: &[u8],
    index: usize,
) -> Result<(), ApiError> {
    match (signer, signature) {
        (Some(signer), Some(signature)) => match signer.sign_chunk(chunk) == signature {
            true => Ok(()),
            false => Err(mismatch(&format!("chunk {index}"))),
        },
        (Some(_), None) => Err(incomplete(&format!("chunk {index} has no signature"))),
        (None, Some(_)) => Err(malformed(format!(
            "chunk {index} is signed, but x-amz-content-sha256 announced unsigned chunks"
        ))),
        (None, None) => Ok(()),
    }
}

/// The trailing headers of a body and, apart from them, its trailer signature.
struct Trailers<'a> {
    headers: Vec<(String, String)>,
    signature: Option<&'a str>,
}

/// The trailing header lines up to the blank line that ends the body.
fn read_trailers(mut rest: &[u8]) -> Result<Trailers<'_>, ApiError> {
    let mut trailers = Vec::new();
    let mut signature = None;
    loop {
        let (line, after) = split_line(rest)?;
        rest = after;
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| malformed(format!("trailer {:?} has no colon", truncate(line))))?;
        let name = name.trim().to_ascii_lowercase();
        if name == TRAILER_SIGNATURE_HEADER {
            signature = Some(value.trim());
        } else {
            trailers.push((name, value.trim().to_owned()));
        }
    }
    if !rest.is_empty() {
        return Err(malformed(format!(
            "{} bytes follow the end of the body",
            rest.len()
        )));
    }
    Ok(Trailers {
        headers: trailers,
        signature,
    })
}

/// Every trailing `x-amz-checksum-*` must be the checksum of `data`.
fn check_checksums(trailers: &[(String, String)], data: &[u8]) -> Result<(), ApiError> {
    for (name, value) in trailers {
        let Some(algorithm) = ChecksumAlgorithm::ALL
            .into_iter()
            .find(|a| a.header_name() == name)
        else {
            continue;
        };
        if algorithm.checksum(data) != *value {
            return Err(ApiError::new(
                400,
                "BadDigest",
                format!("The {algorithm} you specified did not match the calculated checksum."),
            ));
        }
    }
    Ok(())
}

/// The next CRLF-ended line (as text) and what follows it.
fn split_line(bytes: &[u8]) -> Result<(&str, &[u8]), ApiError> {
    let end = bytes
        .windows(2)
        .position(|pair| pair == b"\r\n")
        .ok_or_else(|| malformed("the body ends inside a line".into()))?;
    let line = std::str::from_utf8(&bytes[..end])
        .map_err(|_| malformed("a chunk or trailer line is not UTF-8".into()))?;
    Ok((line, &bytes[end + 2..]))
}

/// At most the first 64 characters of `text`, for messages.
fn truncate(text: &str) -> &str {
    text.char_indices()
        .nth(64)
        .map_or(text, |(end, _)| &text[..end])
}

fn malformed(problem: String) -> ApiError {
    ApiError::new(
        400,
        "InvalidRequest",
        format!("The aws-chunked body is malformed: {problem}."),
    )
}

fn mismatch(what: &str) -> ApiError {
    ApiError::new(
        403,
        "SignatureDoesNotMatch",
        format!("The signature of {what} does not continue the request's signature chain."),
    )
}

fn incomplete(problem: &str) -> ApiError {
    ApiError::new(
        403,
        "IncompleteSignature",
        format!("The aws-chunked body is not signed throughout: {problem}."),
    )
}

#[cfg(test)]
mod tests {
    use super::{decode, Framing};
    use aws_op::runtime::checksum::ChecksumAlgorithm;
    use aws_op::runtime::sigv4::{ChunkSigner, SigningKey};

    const SEED: &str = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";

    fn signer() -> ChunkSigner {
        let key = SigningKey::derive("secret", "20260101", "us-east-1", "s3");
        ChunkSigner::new(key, "20260101T000000Z", "us-east-1", "s3", SEED)
    }

    /// `chunks` framed as the client frames them, with a CRC32 trailer.
    fn encode(chunks: &[&[u8]], mut signer: Option<ChunkSigner>) -> Vec<u8> {
        let mut body = Vec::new();
        let mut data = Vec::new();
        for chunk in chunks.iter().copied().chain([&b""[..]]) {
            body.extend_from_slice(format!("{:x}", chunk.len()).as_bytes());
            if let Some(signer) = &mut signer {
                body.extend_from_slice(b";chunk-signature=");
                body.extend_from_slice(signer.sign_chunk(chunk).as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            if !chunk.is_empty() {
                body.extend_from_slice(chunk);
                body.extend_from_slice(b"\r\n");
                data.extend_from_slice(chunk);
            }
        }
        let checksum = ChecksumAlgorithm::Crc32.checksum(&data);
        body.extend_from_slice(format!("x-amz-checksum-crc32:{checksum}\r\n").as_bytes());
        if let Some(signer) = &mut signer {
            let signature = signer.sign_trailer(&[("x-amz-checksum-crc32", &checksum)]);
            body.extend_from_slice(format!("x-amz-trailer-signature:{signature}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body
    }

    fn framing(signer: Option<ChunkSigner>, announced: &[String]) -> Framing<'_> {
        Framing {
            signer,
            announced,
            decoded_len: None,
        }
    }

    fn crc32() -> Vec<String> {
        vec!["x-amz-checksum-crc32".to_string()]
    }

    #[test]
    fn signed_and_unsigned_bodies_decode_to_their_bytes_and_trailers() {
        let chunks: [&[u8]; 2] = [&[7; 65_536], b"tail"];
        for signed in [true, false] {
            let body = encode(&chunks, signed.then(signer));
            let announced = crc32();
            let decoded = decode(&body, framing(signed.then(signer), &announced))
                .unwrap_or_else(|e| panic!("signed {signed}: {}", e.message));
            assert_eq!(decoded.data, chunks.concat());
            assert_eq!(decoded.trailers.len(), 1);
            assert_eq!(decoded.trailers[0].0, "x-amz-checksum-crc32");
        }
    }

    #[test]
    fn a_changed_byte_breaks_the_chunk_signature() {
        let mut body = encode(&[b"hello world"], Some(signer()));
        let at = body.windows(5).position(|w| w == b"hello").unwrap();
        body[at] = b'j';
        let error = decode(&body, framing(Some(signer()), &crc32())).unwrap_err();
        assert_eq!(
            (error.status, error.code.as_str()),
            (403, "SignatureDoesNotMatch")
        );
        assert!(error.message.contains("chunk 0"), "{}", error.message);
    }

    #[test]
    fn a_chunk_signed_with_another_seed_is_refused() {
        let key = SigningKey::derive("secret", "20260101", "us-east-1", "s3");
        let other = ChunkSigner::new(key, "20260101T000000Z", "us-east-1", "s3", &"0".repeat(64));
        let body = encode(&[b"data"], Some(other));
        let error = decode(&body, framing(Some(signer()), &crc32())).unwrap_err();
        assert_eq!(error.code, "SignatureDoesNotMatch");
    }

    #[test]
    fn signed_framing_needs_every_signature() {
        let body = encode(&[b"data"], None);
        let error = decode(&body, framing(Some(signer()), &crc32())).unwrap_err();
        assert_eq!(
            (error.status, error.code.as_str()),
            (403, "IncompleteSignature")
        );

        let signed = encode(&[b"data"], Some(signer()));
        let error = decode(&signed, framing(None, &crc32())).unwrap_err();
        assert_eq!((error.status, error.code.as_str()), (400, "InvalidRequest"));
    }

    #[test]
    fn a_checksum_that_does_not_match_the_bytes_is_bad_digest() {
        let body = encode(&[b"data"], None);
        let text = String::from_utf8(body).unwrap();
        let good = ChecksumAlgorithm::Crc32.checksum(b"data");
        let wrong = text.replace(&good, &ChecksumAlgorithm::Crc32.checksum(b"date"));
        let error = decode(wrong.as_bytes(), framing(None, &crc32())).unwrap_err();
        assert_eq!((error.status, error.code.as_str()), (400, "BadDigest"));
    }

    #[test]
    fn a_changed_trailer_breaks_the_trailer_signature() {
        let body = String::from_utf8(encode(&[b"data"], Some(signer()))).unwrap();
        let good = ChecksumAlgorithm::Crc32.checksum(b"data");
        let swapped = body.replace(
            &format!("x-amz-checksum-crc32:{good}"),
            &format!("x-amz-checksum-crc32c:{good}"),
        );
        let error = decode(swapped.as_bytes(), framing(Some(signer()), &[])).unwrap_err();
        assert_eq!(error.code, "SignatureDoesNotMatch");
        assert!(error.message.contains("trailer"), "{}", error.message);
    }

    #[test]
    fn malformed_or_short_bodies_and_missing_trailers_are_refused() {
        let body = encode(&[b"data"], None);
        for cut in [1, 5, body.len() - 1] {
            let error = decode(&body[..cut], framing(None, &crc32())).unwrap_err();
            assert_eq!(
                error.code, "InvalidRequest",
                "cut at {cut}: {}",
                error.message
            );
        }
        let not_hex = b"zz\r\ndata\r\n0\r\n\r\n";
        assert_eq!(
            decode(not_hex, framing(None, &[])).unwrap_err().code,
            "InvalidRequest"
        );
        let announced = vec!["x-amz-checksum-sha256".to_string()];
        let error = decode(&body, framing(None, &announced)).unwrap_err();
        assert!(
            error.message.contains("did not arrive"),
            "{}",
            error.message
        );
        let mut long = framing(None, &[]);
        long.decoded_len = Some(5);
        assert_eq!(decode(&body, long).unwrap_err().code, "IncompleteBody");
    }
}
