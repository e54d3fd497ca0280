//! Query-string SigV4 (presigned URLs): the signature and its parameters travel in the URL, so
//! anyone holding it can make that one request until it expires.
//!
//! `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires` (at most 7 days),
//! `X-Amz-SignedHeaders` and, with temporary credentials, `X-Amz-Security-Token` join the
//! query; the canonical request is made over that query, the signed headers and the payload
//! hash (S3: `UNSIGNED-PAYLOAD`), and `X-Amz-Signature` is appended last.

use super::canonical::{canonical_request, HeaderRef, UriEncoding};
use super::date::{amz_date, parse_amz_date};
use super::sign::{sign_canonical, SigningKeyCache, SigningKeys, SigningScope};
use super::verify::{
    check_signature, echo, find_header, malformed, parse_credential, parse_signed_headers,
    ParsedAuthorization, ReceivedRequest, VerifyError,
};
use super::{ALGORITHM, TERMINATOR};

/// The longest a presigned URL may be valid: 7 days.
pub const MAX_PRESIGN_EXPIRY_SECS: u64 = 7 * 24 * 3600;

/// What to presign: the request as it will be sent, minus the signature parameters.
#[derive(Clone, Copy, Debug)]
pub struct PresignableRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Wire path, percent-encoded once, without `?query`.
    pub path: &'a str,
    /// The request's own decoded query pairs (the signature parameters are added to them).
    pub query: &'a [(String, String)],
    /// Headers to sign, `host` among them; whoever uses the URL must send them as they are.
    pub headers: &'a [(String, String)],
    /// The payload hash: `UNSIGNED-PAYLOAD` for S3, else the hex SHA-256 of the body.
    pub payload_sha256_hex: &'a str,
    /// How the path enters the canonical request.
    pub uri_encoding: UriEncoding,
}

/// Presigns `req` for `expires_secs` from `scope.time_epoch_secs` and returns the request's
/// query followed by the signature parameters, `X-Amz-Signature` last: append them to the URL.
/// `expires_secs` must be 1 to [`MAX_PRESIGN_EXPIRY_SECS`] (the caller checks it).
pub fn presign(
    req: &PresignableRequest<'_>,
    keys: &SigningKeys<'_>,
    scope: &SigningScope<'_>,
    expires_secs: u64,
    cache: Option<&SigningKeyCache>,
) -> Vec<(String, String)> {
    let date = amz_date(scope.time_epoch_secs);
    let mut headers: Vec<HeaderRef<'_>> = req
        .headers
        .iter()
        .map(|(n, v)| HeaderRef::new(n, v))
        .collect();
    let mut names: Vec<String> = headers.iter().map(|h| h.name().to_owned()).collect();
    names.sort();
    names.dedup();
    let mut query = req.query.to_vec();
    query.push(("X-Amz-Algorithm".into(), ALGORITHM.into()));
    query.push((
        "X-Amz-Credential".into(),
        format!(
            "{}/{}/{}/{}/{TERMINATOR}",
            keys.access_key_id,
            &date[..8],
            scope.region,
            scope.service
        ),
    ));
    query.push(("X-Amz-Date".into(), date.clone()));
    query.push(("X-Amz-Expires".into(), expires_secs.to_string()));
    query.push(("X-Amz-SignedHeaders".into(), names.join(";")));
    if let Some(token) = keys.session_token {
        query.push(("X-Amz-Security-Token".into(), token.to_owned()));
    }
    let (creq, signed_headers) = canonical_request(
        req.method,
        req.path,
        &query,
        &mut headers,
        req.payload_sha256_hex,
        req.uri_encoding,
    );
    let signature = sign_canonical(
        creq,
        signed_headers,
        keys,
        date,
        scope.region,
        scope.service,
        cache,
    );
    query.push(("X-Amz-Signature".into(), signature.signature_hex));
    query
}

/// A presigned request that verified: its credential and when it stops being valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedPresigned {
    /// The credential, signed headers and signature, as for a header-signed request.
    pub authorization: ParsedAuthorization,
    /// When the URL expires, in seconds since the Unix epoch.
    pub expires_at_epoch_secs: i64,
}

/// Whether a request carries query-string authentication (`X-Amz-Signature` or
/// `X-Amz-Algorithm` in its query).
pub fn is_presigned(query: &[(String, String)]) -> bool {
    query
        .iter()
        .any(|(n, _)| n == "X-Amz-Signature" || n == "X-Amz-Algorithm")
}

/// Verifies a presigned request (server side). `request.query` is the whole query received;
/// `request.payload_sha256_hex` the payload hash to verify with (S3: `UNSIGNED-PAYLOAD`, or the
/// `X-Amz-Content-Sha256` of the query when present).
///
/// Checks the signature parameters (each present once, `X-Amz-Expires` from 1 to 7 days), that
/// the URL is not used before its date (less `max_skew_secs`) nor after it expired, then the
/// credential, signed headers and signature as [`verify_request`](super::verify_request) does.
///
/// # Errors
///
/// The first failed check: [`VerifyError::UrlExpired`] for an expired URL, others as for
/// header signatures.
pub fn verify_presigned(
    request: &ReceivedRequest<'_>,
    secret_for: &dyn Fn(&str) -> Option<String>,
    now_epoch_secs: i64,
    max_skew_secs: i64,
) -> Result<VerifiedPresigned, VerifyError> {
    let param = |name: &str| -> Result<&str, VerifyError> {
        let mut values = request
            .query
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str());
        match (values.next(), values.next()) {
            (Some(v), None) => Ok(v),
            (None, _) => Err(malformed(format!(
                "Query-string authentication requires the {name} parameter."
            ))),
            (Some(_), Some(_)) => Err(malformed(format!(
                "Query-string authentication has the {name} parameter more than once."
            ))),
        }
    };
    let algorithm = param("X-Amz-Algorithm")?;
    if algorithm != ALGORITHM {
        return Err(VerifyError::UnsupportedAlgorithm {
            algorithm: echo(algorithm),
        });
    }
    let (access_key_id, date, region, service) = parse_credential(param("X-Amz-Credential")?)?;
    let request_date = param("X-Amz-Date")?;
    let request_time = parse_amz_date(request_date).ok_or_else(|| VerifyError::InvalidDate {
        value: echo(request_date),
    })?;
    let expires_text = param("X-Amz-Expires")?;
    let expires = expires_text
        .parse::<u64>()
        .ok()
        .filter(|e| (1..=MAX_PRESIGN_EXPIRY_SECS).contains(e))
        .ok_or_else(|| VerifyError::InvalidExpires {
            value: echo(expires_text),
        })?;
    let parsed = ParsedAuthorization {
        access_key_id,
        date,
        region,
        service,
        signed_headers: parse_signed_headers(param("X-Amz-SignedHeaders")?)?,
        signature: param("X-Amz-Signature")?.to_owned(),
    };
    let expires_at = request_time.saturating_add(expires as i64);
    if now_epoch_secs > expires_at {
        return Err(VerifyError::UrlExpired {
            expires_at_epoch_secs: expires_at,
            now_epoch_secs,
        });
    }
    if request_time - max_skew_secs.max(0) > now_epoch_secs {
        return Err(VerifyError::SignatureExpired {
            request_date: request_date.to_owned(),
            now_epoch_secs,
            max_skew_secs,
        });
    }
    let query: Vec<(String, String)> = request
        .query
        .iter()
        .filter(|(n, _)| n != "X-Amz-Signature")
        .cloned()
        .collect();
    check_signature(request, &parsed, &query, request_date, secret_for)?;
    // The header of the same name would take precedence over the query parameter, so a
    // presigned request must not carry one.
    if find_header(request.headers, "authorization").is_some() {
        return Err(malformed(
            "Only one authentication mechanism allowed: query-string or Authorization header.",
        ));
    }
    Ok(VerifiedPresigned {
        authorization: parsed,
        expires_at_epoch_secs: expires_at,
    })
}
