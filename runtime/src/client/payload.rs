//! How a request's body is signed and sent, decided once per call: its hash in the canonical
//! request (`x-amz-content-sha256` for S3), the checksum it carries (a header, or a trailer of
//! an aws-chunked body) and the headers that announce all this.
//!
//! | body | every service but S3 | S3 |
//! | --- | --- | --- |
//! | none, bytes | SHA-256 | SHA-256, checksum header |
//! | file | SHA-256 (the file read once ahead) | aws-chunked: signed chunks over HTTP, unsigned with a trailing checksum over HTTPS |
//! | stream, length known | `UNSIGNED-PAYLOAD` if the operation allows, else refused | as a file |
//! | stream, length unknown | as above, sent with chunked transfer coding | refused: S3 needs the length (the transfer helper uploads it in parts) |
//! | input event stream | `STREAMING-AWS4-HMAC-SHA256-EVENTS`, each event signed (`event_body`) | as the others |

use crate::body::{Body, BodyError, BodyReader};
use crate::config::{PayloadSigning, RequestChecksumCalculation, ResponseChecksumValidation};
use crate::http::HttpRequest;
use crate::operation::Operation;
use crate::sigv4::{self, UNSIGNED_PAYLOAD};
use std::future::poll_fn;

/// Bodies from this size up are sent with `Expect: 100-continue` (S3), so that a refusal
/// (a redirect, a denied signature) comes before the body is sent.
#[cfg(feature = "s3")]
pub(crate) const EXPECT_CONTINUE_THRESHOLD: u64 = 1024 * 1024;

/// How the body goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BodyEncoding {
    /// As it is.
    Plain,
    /// aws-chunked (S3).
    #[cfg(feature = "s3")]
    AwsChunked(super::aws_chunked::Framing),
    /// The input's event stream, each event in its signed envelope (`event_body`).
    SignedEvents,
}

/// The payload decisions of one call.
#[derive(Clone, Debug)]
pub(crate) struct PayloadPlan {
    /// The payload hash of the canonical request (hex SHA-256 or a marker).
    pub(crate) hash: String,
    /// Headers to add to the request before signing.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) encoding: BodyEncoding,
}

impl PayloadPlan {
    /// A body left out of the signature (presigned URLs, whose body is not known).
    pub(crate) fn unsigned() -> Self {
        PayloadPlan {
            hash: UNSIGNED_PAYLOAD.to_owned(),
            headers: Vec::new(),
            encoding: BodyEncoding::Plain,
        }
    }
}

/// What the plan depends on besides the request (all but `s3` read by S3 plans only).
#[derive(Clone, Copy, Debug)]
#[cfg_attr(not(feature = "s3"), allow(dead_code))]
pub(crate) struct PayloadSettings {
    /// S3-style signing (`SignatureVersion::S3V4`).
    pub(crate) s3: bool,
    /// The request goes over TLS.
    pub(crate) https: bool,
    pub(crate) checksums: RequestChecksumCalculation,
    pub(crate) validation: ResponseChecksumValidation,
    pub(crate) signing: PayloadSigning,
}

/// Decides how `request`'s body is signed and sent (see the module's table).
pub(crate) async fn plan<O: Operation>(
    request: &HttpRequest,
    settings: PayloadSettings,
) -> Result<PayloadPlan, BodyError> {
    if const { crate::event_stream::has_event_stream(O::SCHEMA) } {
        let hash = sigv4::STREAMING_EVENTS_PAYLOAD;
        return Ok(PayloadPlan {
            hash: hash.to_owned(),
            // S3-style signing sends the hash header anyway.
            headers: if settings.s3 {
                Vec::new()
            } else {
                vec![("x-amz-content-sha256".into(), hash.to_owned())]
            },
            encoding: BodyEncoding::SignedEvents,
        });
    }
    if settings.s3 {
        #[cfg(feature = "s3")]
        return s3_plan::<O>(request, settings).await;
        #[cfg(not(feature = "s3"))]
        return Err(BodyError::new(
            "S3-style signing needs the `s3` feature of aws-op",
        ));
    }
    let hash = match &request.body {
        None => sigv4::EMPTY_PAYLOAD_SHA256.to_owned(),
        Some(_) if O::UNSIGNED_PAYLOAD => UNSIGNED_PAYLOAD.to_owned(),
        Some(body) => hash_body(body).await?,
    };
    Ok(PayloadPlan {
        hash,
        headers: Vec::new(),
        encoding: BodyEncoding::Plain,
    })
}

/// The hex SHA-256 of a body: bytes at once, a file read through once; a stream cannot be.
async fn hash_body(body: &Body) -> Result<String, BodyError> {
    if let Some(bytes) = body.as_bytes() {
        return Ok(sigv4::sha256_hex(bytes));
    }
    if !body.is_replayable() {
        return Err(BodyError::new(
            "this operation signs its body's SHA-256, which a stream cannot give before it is \
             sent; give the body as bytes or a file",
        ));
    }
    let mut reader = body.reader()?;
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    while let Some(chunk) = poll_fn(|cx| reader.poll_chunk(cx)).await {
        context.update(&chunk?);
    }
    Ok(sigv4::hex_lower(context.finish().as_ref()))
}

#[cfg(feature = "s3")]
async fn s3_plan<O: Operation>(
    request: &HttpRequest,
    settings: PayloadSettings,
) -> Result<PayloadPlan, BodyError> {
    use super::aws_chunked::Framing;

    let mut headers = Vec::new();
    // Responses carry a checksum only when asked for it.
    if let Some(mode) = O::HTTP_CHECKSUM.response_validation_header {
        if settings.validation == ResponseChecksumValidation::WhenSupported
            && request.header(mode).is_none()
        {
            headers.push((mode.to_owned(), "ENABLED".to_owned()));
        }
    }
    let algorithm = checksum_algorithm(request, O::HTTP_CHECKSUM, settings.checksums)?;
    if let (Some(algorithm), Some(header)) = (algorithm, O::HTTP_CHECKSUM.request_algorithm_header)
    {
        if request.header(header).is_none() {
            headers.push((header.to_owned(), algorithm.name().to_owned()));
        }
    }
    let body = match &request.body {
        None => {
            return Ok(PayloadPlan {
                hash: sigv4::EMPTY_PAYLOAD_SHA256.to_owned(),
                headers,
                encoding: BodyEncoding::Plain,
            })
        }
        Some(body) => body,
    };
    if let Some(bytes) = body.as_bytes() {
        if let Some(algorithm) = algorithm {
            headers.push((
                algorithm.header_name().to_owned(),
                algorithm.checksum(bytes),
            ));
        }
        let hash = if O::UNSIGNED_PAYLOAD {
            UNSIGNED_PAYLOAD.to_owned()
        } else {
            sigv4::sha256_hex(bytes)
        };
        return Ok(PayloadPlan {
            hash,
            headers,
            encoding: BodyEncoding::Plain,
        });
    }
    let Some(len) = body.len() else {
        return Err(BodyError::new(
            "S3 needs the length of a body sent in one request (x-amz-decoded-content-length); \
             give it with Body::from_stream_with_length, or upload a stream of unknown length \
             in parts (the transfer helper's upload does)",
        ));
    };
    if len >= EXPECT_CONTINUE_THRESHOLD {
        headers.push(("expect".into(), "100-continue".into()));
    }
    let signed = !O::UNSIGNED_PAYLOAD
        && match settings.signing {
            PayloadSigning::Auto => !settings.https,
            PayloadSigning::SignedChunks => true,
            PayloadSigning::Unsigned => false,
        };
    if !signed && algorithm.is_none() {
        return Ok(PayloadPlan {
            hash: UNSIGNED_PAYLOAD.to_owned(),
            headers,
            encoding: BodyEncoding::Plain,
        });
    }
    let framing = Framing {
        signed,
        trailer: algorithm,
    };
    let hash = match (signed, algorithm.is_some()) {
        (true, false) => sigv4::STREAMING_SIGNED_PAYLOAD,
        (true, true) => sigv4::STREAMING_SIGNED_PAYLOAD_TRAILER,
        (false, _) => sigv4::STREAMING_UNSIGNED_PAYLOAD_TRAILER,
    };
    // aws-chunked is applied first (it is removed first on arrival).
    let encodings: Vec<&str> = std::iter::once("aws-chunked")
        .chain(
            request
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("content-encoding"))
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty()),
        )
        .collect();
    headers.push(("content-encoding".into(), encodings.join(",")));
    headers.push(("x-amz-decoded-content-length".into(), len.to_string()));
    headers.push((
        "content-length".into(),
        framing.encoded_len(len).to_string(),
    ));
    if let Some(algorithm) = algorithm {
        headers.push(("x-amz-trailer".into(), algorithm.header_name().to_owned()));
    }
    Ok(PayloadPlan {
        hash: hash.to_owned(),
        headers,
        encoding: BodyEncoding::AwsChunked(framing),
    })
}

/// The checksum algorithm of a request: the caller's (the algorithm member), else CRC32 when
/// the settings or the operation call for one. `None` when the caller already set a checksum
/// value header, or none is wanted.
#[cfg(feature = "s3")]
fn checksum_algorithm(
    request: &HttpRequest,
    trait_: crate::operation::HttpChecksum,
    when: RequestChecksumCalculation,
) -> Result<Option<crate::checksum::ChecksumAlgorithm>, BodyError> {
    use crate::checksum::ChecksumAlgorithm;

    let Some(member_header) = trait_.request_algorithm_header else {
        return Ok(None);
    };
    if ChecksumAlgorithm::ALL
        .iter()
        .any(|a| request.header(a.header_name()).is_some())
    {
        return Ok(None);
    }
    if let Some(name) = request.header(member_header) {
        return ChecksumAlgorithm::parse(name).map(Some).ok_or_else(|| {
            BodyError::new(format!(
                "{member_header}: `{}` is not a checksum algorithm this client computes (CRC32, \
                 CRC32C, CRC64NVME, SHA1, SHA256)",
                crate::transport::snippet(name)
            ))
        });
    }
    let wanted =
        trait_.request_checksum_required || when == RequestChecksumCalculation::WhenSupported;
    Ok(wanted.then_some(ChecksumAlgorithm::Crc32))
}

/// The body of one attempt, framed as planned (`chunk_signer` signs aws-chunked bodies).
#[cfg_attr(not(feature = "s3"), allow(unused_variables))]
pub(crate) fn wire_body(
    body: &Body,
    encoding: BodyEncoding,
    chunk_signer: Option<sigv4::ChunkSigner>,
) -> Result<reqwest::Body, BodyError> {
    let reader = body.reader()?;
    Ok(match encoding {
        BodyEncoding::Plain => reqwest::Body::wrap(PlainBody {
            reader,
            remaining: body.len(),
        }),
        #[cfg(feature = "s3")]
        BodyEncoding::AwsChunked(framing) => {
            let len = body.len().unwrap_or_default();
            reqwest::Body::wrap(super::aws_chunked::AwsChunkedBody::new(
                reader,
                len,
                framing,
                chunk_signer,
            ))
        }
        BodyEncoding::SignedEvents => {
            return Err(BodyError::new(
                "an input event stream is sent from its events, not from a body",
            ))
        }
    })
}

/// A body sent as it is read; its length, when known, becomes `Content-Length`.
struct PlainBody {
    reader: BodyReader,
    remaining: Option<u64>,
}

impl http_body::Body for PlainBody {
    type Data = bytes::Bytes;
    type Error = BodyError;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, BodyError>>> {
        let this = self.get_mut();
        this.reader.poll_chunk(cx).map(|chunk| {
            chunk.map(|r| {
                r.map(|data| {
                    if let Some(n) = &mut this.remaining {
                        *n = n.saturating_sub(data.len() as u64);
                    }
                    http_body::Frame::data(data)
                })
            })
        })
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match self.remaining {
            Some(n) => http_body::SizeHint::with_exact(n),
            None => http_body::SizeHint::default(),
        }
    }
}
