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
    pub(crate) fn authenticate(
        &self,
        config: &EmulatorConfig,
        signing_name: &str,
    ) -> Result<(Vec<(String, String)>, Caller), ApiError> {
        let query = sigv4::parse_query(&self.query);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let caller = authenticate(config, self, &query, now, signing_name)?;
        Ok((query, caller))
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
) -> Result<Caller, ApiError> {
    let secret_for = |access_key_id: &str| config.secret_for(access_key_id);
    // A body signed message by message declares so; its envelopes are checked below.
    let streaming = request.headers.iter().any(|(name, value)| {
        name == "x-amz-content-sha256" && value == sigv4::STREAMING_EVENTS_PAYLOAD
    });
    let payload_sha256_hex = if streaming {
        sigv4::STREAMING_EVENTS_PAYLOAD.to_owned()
    } else {
        sigv4::sha256_hex(&request.body)
    };
    let received = sigv4::ReceivedRequest {
        method: &request.method,
        raw_path: &request.path,
        query,
        headers: &request.headers,
        payload_sha256_hex: &payload_sha256_hex,
        uri_encoding: sigv4::UriEncoding::Double,
    };
    let verified = if sigv4::is_presigned(query) && !streaming {
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
    let input_events = if streaming {
        let secret = secret_for(&parsed.access_key_id).unwrap_or_default();
        let verifier =
            EventVerifier::new(&secret, &parsed.region, &parsed.service, &parsed.signature);
        Some(verify_event_stream(verifier, &request.body)?)
    } else {
        None
    };
    Ok(Caller {
        region: parsed.region,
        input_events,
    })
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
