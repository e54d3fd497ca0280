//! Authentication: SigV4 verification of every request, the credential scope check, and the
//! chained signature of every message of a signed input event stream.

use crate::config::EmulatorConfig;
use crate::reply::ApiError;
use aws_op::runtime::event_stream::{Message, MessageDecoder};
use aws_op::runtime::sigv4::{self, EventSignatureError, EventVerifier};
use std::time::{SystemTime, UNIX_EPOCH};

/// Who signed a request, once its signature is verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Caller {
    /// The region of the credential scope; it becomes the region of the ARNs created.
    pub region: String,
    /// The messages of the input event stream the body carried, each envelope's signature
    /// verified (`None`: the body was signed whole, as usual).
    pub input_events: Option<Vec<Message>>,
}

/// A request as received, body read in full.
#[derive(Debug)]
pub(crate) struct RawRequest {
    /// Whether it came over HTTP/2 (otherwise HTTP/1.x).
    pub http2: bool,
    /// The method.
    pub method: String,
    /// The path, percent-encoded as received.
    pub path: String,
    /// The raw query string (without `?`).
    pub query: String,
    /// Every header, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl RawRequest {
    /// Verifies the signature of this request now, for the service signing as
    /// `signing_name`, and returns its decoded query with the caller.
    ///
    /// # Errors
    ///
    /// As [`authenticate`].
    ///
    /// An aws-chunked body (S3's streaming upload) is replaced by the bytes its chunks carry,
    /// once every chunk and trailer signature and the trailing checksum are verified; its
    /// trailers join the headers, as S3 reads them.
    pub(crate) fn authenticate(
        &mut self,
        config: &EmulatorConfig,
        signing_name: &str,
    ) -> Result<(Vec<(String, String)>, Caller), ApiError> {
        let query = sigv4::parse_query(&self.query);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let (caller, chunked) = authenticate(config, self, &query, now, signing_name)?;
        if let Some(checks) = chunked {
            self.dechunk(checks)?;
        }
        Ok((query, caller))
    }

    /// The value of header `name` (lower-case).
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Replaces the aws-chunked body by its bytes and adds its trailers to the headers.
    #[cfg(feature = "s3")]
    fn dechunk(&mut self, checks: ChunkChecks) -> Result<(), ApiError> {
        let announced: Vec<String> = self
            .header("x-amz-trailer")
            .map(|names| {
                names
                    .split(',')
                    .map(|n| n.trim().to_ascii_lowercase())
                    .filter(|n| !n.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let decoded_len = match self.header("x-amz-decoded-content-length") {
            None => None,
            Some(len) => Some(len.trim().parse::<u64>().map_err(|_| {
                ApiError::new(
                    400,
                    "InvalidRequest",
                    "x-amz-decoded-content-length is not a length.",
                )
            })?),
        };
        let framing = crate::aws_chunked::Framing {
            signer: match checks {
                ChunkChecks::Signed(signer) => Some(*signer),
                ChunkChecks::Unsigned => None,
            },
            announced: &announced,
            decoded_len,
        };
        let decoded = crate::aws_chunked::decode(&self.body, framing)?;
        self.body = decoded.data;
        self.headers.extend(decoded.trailers);
        // S3 keeps the object's other content codings, not the framing.
        for (name, value) in &mut self.headers {
            if name == "content-encoding" {
                *value = value
                    .split(',')
                    .map(str::trim)
                    .filter(|coding| !coding.eq_ignore_ascii_case("aws-chunked"))
                    .collect::<Vec<_>>()
                    .join(", ");
            }
        }
        self.headers
            .retain(|(name, value)| name != "content-encoding" || !value.is_empty());
        Ok(())
    }

    /// Without the `s3` feature the emulator cannot check trailing checksums, so it refuses
    /// aws-chunked bodies rather than accept them unverified.
    #[cfg(not(feature = "s3"))]
    fn dechunk(&mut self, _: ChunkChecks) -> Result<(), ApiError> {
        Err(ApiError::new(
            501,
            "NotImplemented",
            "aws-chunked bodies are verified by the emulator's `s3` feature, which is off.",
        ))
    }
}

/// How the chunks of an aws-chunked body are checked.
enum ChunkChecks {
    /// Each chunk and the trailer continue the request's signature.
    // Without the `s3` feature such a body is refused before its chunks are read.
    #[cfg_attr(not(feature = "s3"), allow(dead_code))]
    Signed(Box<sigv4::ChunkSigner>),
    /// The chunks are not signed; a trailing checksum guards them.
    Unsigned,
}

/// How the body of a request enters its signature, from `x-amz-content-sha256`.
enum BodySigning {
    /// The SHA-256 of the whole body (given or computed).
    Whole(String),
    /// Not signed (`UNSIGNED-PAYLOAD`).
    Unsigned,
    /// A signed input event stream, verified message by message.
    Events,
    /// An aws-chunked body, with signed chunks or unsigned.
    Chunked { signed: bool },
}

impl BodySigning {
    /// What `request` declares; `s3` services sign a presigned URL's payload as unsigned.
    fn of(request: &RawRequest, presigned: bool, s3: bool) -> Result<Self, ApiError> {
        Ok(match request.header("x-amz-content-sha256") {
            Some(sigv4::STREAMING_EVENTS_PAYLOAD) => BodySigning::Events,
            Some(sigv4::STREAMING_SIGNED_PAYLOAD | sigv4::STREAMING_SIGNED_PAYLOAD_TRAILER) => {
                BodySigning::Chunked { signed: true }
            }
            Some(sigv4::STREAMING_UNSIGNED_PAYLOAD_TRAILER) => {
                BodySigning::Chunked { signed: false }
            }
            Some(sigv4::UNSIGNED_PAYLOAD) => BodySigning::Unsigned,
            Some(declared) => {
                let actual = sigv4::sha256_hex(&request.body);
                if declared != actual {
                    return Err(ApiError::new(
                        400,
                        "XAmzContentSHA256Mismatch",
                        format!(
                            "The provided 'x-amz-content-sha256' header does not match what was computed ({actual})."
                        ),
                    ));
                }
                BodySigning::Whole(actual)
            }
            None if presigned && s3 => BodySigning::Unsigned,
            None => BodySigning::Whole(sigv4::sha256_hex(&request.body)),
        })
    }

    /// The payload hash of the canonical request.
    fn canonical_hash(&self, request: &RawRequest) -> String {
        match self {
            BodySigning::Whole(hash) => hash.clone(),
            BodySigning::Unsigned => sigv4::UNSIGNED_PAYLOAD.to_owned(),
            BodySigning::Events => sigv4::STREAMING_EVENTS_PAYLOAD.to_owned(),
            BodySigning::Chunked { .. } => request
                .header("x-amz-content-sha256")
                .unwrap_or_default()
                .to_owned(),
        }
    }
}

/// Verifies the signature of `request` (whose query decodes to `query`) at `now_epoch_secs`,
/// for the service signing as `signing_name`: in its `Authorization` header, or in its query
/// (a presigned URL, which must also not have expired).
///
/// # Errors
///
/// `403` with the [`sigv4::VerifyError`]'s code and message, or `403
/// InvalidSignatureException` when the credential scope names another service.
fn authenticate(
    config: &EmulatorConfig,
    request: &RawRequest,
    query: &[(String, String)],
    now_epoch_secs: i64,
    signing_name: &str,
) -> Result<(Caller, Option<ChunkChecks>), ApiError> {
    let secret_for = |access_key_id: &str| config.secret_for(access_key_id);
    let presigned = sigv4::is_presigned(query);
    // S3 signs paths as sent, without the second encoding other services apply.
    let s3 = signing_name.starts_with("s3");
    let payload = BodySigning::of(request, presigned, s3)?;
    let payload_sha256_hex = payload.canonical_hash(request);
    let received = sigv4::ReceivedRequest {
        method: &request.method,
        raw_path: &request.path,
        query,
        headers: &request.headers,
        payload_sha256_hex: &payload_sha256_hex,
        uri_encoding: if s3 {
            sigv4::UriEncoding::Single
        } else {
            sigv4::UriEncoding::Double
        },
    };
    let streaming = matches!(payload, BodySigning::Events);
    let verified = if presigned && !streaming {
        sigv4::verify_presigned(
            &received,
            &secret_for,
            now_epoch_secs,
            config.max_skew_secs(),
        )
        .map(|presigned| presigned.authorization)
    } else {
        sigv4::verify_request(
            &received,
            &secret_for,
            now_epoch_secs,
            config.max_skew_secs(),
        )
    };
    let parsed = verified.map_err(|e| ApiError::new(403, e.code(), e.to_string()))?;
    if parsed.service != signing_name {
        return Err(ApiError::new(
            403,
            "InvalidSignatureException",
            format!("Credential should be scoped to correct service: '{signing_name}'."),
        ));
    }
    let secret = || secret_for(&parsed.access_key_id).unwrap_or_default();
    let input_events = if streaming {
        let verifier = EventVerifier::new(
            &secret(),
            &parsed.region,
            &parsed.service,
            &parsed.signature,
        );
        Some(verify_event_stream(verifier, &request.body)?)
    } else {
        None
    };
    let chunked = match payload {
        BodySigning::Chunked { signed: true } => {
            let amz_date = request.header("x-amz-date").unwrap_or_default();
            let key =
                sigv4::SigningKey::derive(&secret(), &parsed.date, &parsed.region, &parsed.service);
            Some(ChunkChecks::Signed(Box::new(sigv4::ChunkSigner::new(
                key,
                amz_date,
                &parsed.region,
                &parsed.service,
                &parsed.signature,
            ))))
        }
        BodySigning::Chunked { signed: false } => Some(ChunkChecks::Unsigned),
        _ => None,
    };
    Ok((
        Caller {
            region: parsed.region,
            input_events,
        },
        chunked,
    ))
}

/// The messages of a signed input event stream, each envelope verified in order by
/// `verifier` (seeded by the request's verified signature).
///
/// # Errors
///
/// `403 InvalidSignatureException` for a signature that does not match the chain, `403
/// IncompleteSignatureException` for an envelope without its signature or date, or a stream
/// that does not end with the signed empty envelope; `400 SerializationException` for bytes
/// that are not envelopes around whole messages.
fn verify_event_stream(mut verifier: EventVerifier, body: &[u8]) -> Result<Vec<Message>, ApiError> {
    let malformed = |problem: String| ApiError::new(400, "SerializationException", problem);
    let mut decoder = MessageDecoder::new();
    decoder.push(body);
    let mut messages = Vec::new();
    while let Some(envelope) = decoder
        .next_message()
        .map_err(|e| malformed(format!("The input event stream is malformed: {e}")))?
    {
        match verifier.verify(&envelope) {
            Ok(Some(message)) => messages.push(message),
            Ok(None) => {}
            Err(e @ EventSignatureError::Mismatch { .. }) => {
                return Err(ApiError::new(
                    403,
                    "InvalidSignatureException",
                    e.to_string(),
                ))
            }
            Err(e @ EventSignatureError::MissingHeader { .. }) => {
                return Err(ApiError::new(
                    403,
                    "IncompleteSignatureException",
                    e.to_string(),
                ))
            }
            Err(e) => return Err(malformed(e.to_string())),
        }
    }
    decoder
        .finish()
        .map_err(|e| malformed(format!("The input event stream is malformed: {e}")))?;
    if !verifier.ended() {
        return Err(ApiError::new(
            403,
            "IncompleteSignatureException",
            "The input event stream ended without its signed empty envelope.",
        ));
    }
    Ok(messages)
}
