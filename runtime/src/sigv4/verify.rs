//! Verification on the server side (the local emulator): the `Authorization` header read
//! back, and the signature recomputed from what was received.

use super::canonical::{canonical_request, HeaderRef};
use super::date::{amz_date, parse_amz_date};
use super::sign::{sign_canonical, SigningKeys};
use super::{ALGORITHM, TERMINATOR};
use std::fmt;

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAuthorization {
    /// Access key id from `Credential=`.
    pub access_key_id: String,
    /// Scope date `YYYYMMDD` from `Credential=`.
    pub date: String,
    /// Scope region from `Credential=`.
    pub region: String,
    /// Scope service (signing name) from `Credential=`.
    pub service: String,
    /// Lower-cased names from `SignedHeaders=`, in the order given.
    pub signed_headers: Vec<String>,
    /// Hex signature from `Signature=`.
    pub signature: String,
}

/// Why a request failed verification. [`VerifyError::code`] gives the AWS error code and
/// `Display` a message worded like AWS's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// No `Authorization` header (code `MissingAuthenticationTokenException`).
    MissingAuthorization,
    /// The `Authorization` header is not a well-formed SigV4 header (code
    /// `IncompleteSignatureException`); `reason` is the message.
    MalformedAuthorization {
        /// Human-readable description of what is wrong.
        reason: String,
    },
    /// The algorithm is not `AWS4-HMAC-SHA256` (code `IncompleteSignatureException`).
    UnsupportedAlgorithm {
        /// The algorithm found (possibly truncated).
        algorithm: String,
    },
    /// No `x-amz-date` header (code `IncompleteSignatureException`).
    MissingDate,
    /// `x-amz-date` is not `YYYYMMDDTHHMMSSZ` (code `IncompleteSignatureException`).
    InvalidDate {
        /// The value found (possibly truncated).
        value: String,
    },
    /// The request time is further than the allowed skew from the server time (code
    /// `InvalidSignatureException`, message starting with `Signature expired`).
    SignatureExpired {
        /// The `x-amz-date` value of the request.
        request_date: String,
        /// Server time, seconds since the Unix epoch.
        now_epoch_secs: i64,
        /// Allowed skew in seconds.
        max_skew_secs: i64,
    },
    /// The credential scope date differs from the day of `x-amz-date` (code
    /// `InvalidSignatureException`).
    CredentialDateMismatch {
        /// `YYYYMMDD` from the credential scope.
        scope_date: String,
        /// The `x-amz-date` value.
        request_date: String,
    },
    /// The access key id is unknown (code `UnrecognizedClientException`).
    UnknownAccessKey {
        /// The access key id from the credential.
        access_key_id: String,
    },
    /// `host` is not among the signed headers (code `IncompleteSignatureException`).
    HostNotSigned,
    /// A header named in `SignedHeaders` is not in the request (code
    /// `InvalidSignatureException`).
    MissingSignedHeader {
        /// The lower-case header name.
        name: String,
    },
    /// The signature does not match (code `InvalidSignatureException`). The canonical
    /// request and string to sign the server computed are kept for debugging; they are
    /// not part of the `Display` message.
    SignatureMismatch {
        /// The canonical request computed by the server.
        canonical_request: String,
        /// The string to sign computed by the server.
        string_to_sign: String,
    },
}

impl VerifyError {
    /// The AWS error code of this failure (e.g. `InvalidSignatureException`).
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::MissingAuthorization => "MissingAuthenticationTokenException",
            VerifyError::MalformedAuthorization { .. }
            | VerifyError::UnsupportedAlgorithm { .. }
            | VerifyError::MissingDate
            | VerifyError::InvalidDate { .. }
            | VerifyError::HostNotSigned => "IncompleteSignatureException",
            VerifyError::UnknownAccessKey { .. } => "UnrecognizedClientException",
            VerifyError::SignatureExpired { .. }
            | VerifyError::CredentialDateMismatch { .. }
            | VerifyError::MissingSignedHeader { .. }
            | VerifyError::SignatureMismatch { .. } => "InvalidSignatureException",
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::MissingAuthorization => f.write_str("Missing Authentication Token"),
            VerifyError::MalformedAuthorization { reason } => f.write_str(reason),
            VerifyError::UnsupportedAlgorithm { algorithm } => write!(
                f,
                "Unsupported AWS 'algorithm': '{algorithm}' (only '{ALGORITHM}' is supported)"
            ),
            VerifyError::MissingDate => f.write_str(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
            ),
            VerifyError::InvalidDate { value } => write!(
                f,
                "Date must be in ISO-8601 'basic format'. Got '{value}'. See http://en.wikipedia.org/wiki/ISO_8601"
            ),
            VerifyError::SignatureExpired {
                request_date,
                now_epoch_secs,
                max_skew_secs,
            } => {
                let now = amz_date(*now_epoch_secs);
                let skew = if max_skew_secs % 60 == 0 {
                    format!("{} min.", max_skew_secs / 60)
                } else {
                    format!("{max_skew_secs} sec.")
                };
                let request_time = parse_amz_date(request_date).unwrap_or(*now_epoch_secs);
                if request_time > *now_epoch_secs {
                    let limit = amz_date(now_epoch_secs.saturating_add(*max_skew_secs));
                    write!(
                        f,
                        "Signature expired: {request_date} is now later than {limit} ({now} + {skew})"
                    )
                } else {
                    let limit = amz_date(now_epoch_secs.saturating_sub(*max_skew_secs));
                    write!(
                        f,
                        "Signature expired: {request_date} is now earlier than {limit} ({now} - {skew})"
                    )
                }
            }
            VerifyError::CredentialDateMismatch {
                scope_date,
                request_date,
            } => write!(
                f,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope_date}' != '{}', from '{request_date}'.",
                request_date.get(..8).unwrap_or(request_date)
            ),
            VerifyError::UnknownAccessKey { .. } => {
                f.write_str("The security token included in the request is invalid.")
            }
            VerifyError::HostNotSigned => f.write_str(
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
            ),
            VerifyError::MissingSignedHeader { name } => write!(
                f,
                "The request signature we calculated does not match the signature you provided. Signed header '{name}' is not present in the request."
            ),
            VerifyError::SignatureMismatch { .. } => f.write_str(
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
            ),
        }
    }
}

impl std::error::Error for VerifyError {}

/// At most this many characters of client-supplied text are echoed in error messages.
const ECHO_LIMIT: usize = 64;

fn echo(s: &str) -> String {
    match s.char_indices().nth(ECHO_LIMIT) {
        Some((cut, _)) => format!("{}...", &s[..cut]),
        None => s.to_owned(),
    }
}

fn malformed(reason: impl Into<String>) -> VerifyError {
    VerifyError::MalformedAuthorization {
        reason: reason.into(),
    }
}

/// Parses an `Authorization` header value of the form
/// `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=<hex>`.
///
/// Parameters may come in any order, separated by `,` with optional spaces. Never panics.
///
/// # Errors
///
/// [`VerifyError::UnsupportedAlgorithm`] when the value does not start with
/// `AWS4-HMAC-SHA256`, [`VerifyError::MalformedAuthorization`] for anything else that is
/// wrong (missing, repeated or unknown parameters, a credential that is not
/// `<akid>/<yyyymmdd>/<region>/<service>/aws4_request`, an empty signed header name).
pub fn parse_authorization(header: &str) -> Result<ParsedAuthorization, VerifyError> {
    let header = header.trim();
    if header.is_empty() {
        return Err(malformed("Authorization header is empty."));
    }
    let (algorithm, params) = match header.find([' ', '\t']) {
        Some(at) => (&header[..at], header[at..].trim_start()),
        None => (header, ""),
    };
    if algorithm != ALGORITHM {
        return Err(VerifyError::UnsupportedAlgorithm {
            algorithm: echo(algorithm),
        });
    }

    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for param in params.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, value)) = param.split_once('=') else {
            return Err(malformed(format!(
                "Authorization header requires each component to be of the form key=value; got '{}'.",
                echo(param)
            )));
        };
        let slot = match key.trim() {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            other => {
                return Err(malformed(format!(
                    "Authorization header has an unknown component '{}'.",
                    echo(other)
                )))
            }
        };
        if slot.is_some() {
            return Err(malformed(format!(
                "Authorization header has the '{}' component more than once.",
                key.trim()
            )));
        }
        *slot = Some(value.trim());
    }

    let mut missing = String::new();
    for (name, value) in [
        ("Credential", &credential),
        ("Signature", &signature),
        ("SignedHeaders", &signed_headers),
    ] {
        if value.is_none_or(str::is_empty) {
            if !missing.is_empty() {
                missing.push(' ');
            }
            missing.push_str("Authorization header requires '");
            missing.push_str(name);
            missing.push_str("' parameter.");
        }
    }
    let (Some(credential), Some(signed_headers), Some(signature), true) =
        (credential, signed_headers, signature, missing.is_empty())
    else {
        return Err(malformed(missing));
    };

    // Credential = <akid>/<yyyymmdd>/<region>/<service>/aws4_request
    let mut parts = credential.rsplitn(5, '/');
    let (Some(terminator), Some(service), Some(region), Some(date), Some(access_key_id)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(malformed(format!(
            "Credential should be of the form <access key>/<date>/<region>/<service>/aws4_request; got '{}'.",
            echo(credential)
        )));
    };
    if terminator != TERMINATOR {
        return Err(malformed(format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '{}'.",
            echo(terminator)
        )));
    }
    if access_key_id.is_empty() || region.is_empty() || service.is_empty() {
        return Err(malformed(format!(
            "Credential has an empty access key, region or service: '{}'.",
            echo(credential)
        )));
    }
    if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(format!(
            "Credential should be scoped to a valid date (YYYYMMDD), not '{}'.",
            echo(date)
        )));
    }

    let mut names = Vec::with_capacity(signed_headers.split(';').count());
    for name in signed_headers.split(';') {
        let name = name.trim();
        if name.is_empty() {
            return Err(malformed(format!(
                "SignedHeaders has an empty header name: '{}'.",
                echo(signed_headers)
            )));
        }
        names.push(name.to_ascii_lowercase());
    }

    Ok(ParsedAuthorization {
        access_key_id: access_key_id.to_owned(),
        date: date.to_owned(),
        region: region.to_owned(),
        service: service.to_owned(),
        signed_headers: names,
        signature: signature.to_owned(),
    })
}

fn find_header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Compares without an early exit on the first differing byte.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// Verifies a received request (server side, used by the local emulator).
///
/// `raw_path` is the path as received (percent-encoded, without `?query`), `query` the
/// decoded pairs ([`parse_query`](super::parse_query)), `all_headers` every header received and
/// `payload_sha256_hex` the hex SHA-256 of the body received. `secret_for` returns the
/// secret of a known access key id.
///
/// Checks, in this order: `Authorization` present and well formed, algorithm
/// `AWS4-HMAC-SHA256`, `x-amz-date` present and parseable and within `max_skew_secs` of
/// `now_epoch_secs`, the credential scope date equal to the day of `x-amz-date`, the
/// access key known, `host` signed, every signed header present, and the signature matching
/// (compared in constant time). Region and service of the scope are not checked here: the
/// caller can compare them with the returned [`ParsedAuthorization`]. Only the
/// `x-amz-date` header is accepted as the request time (not `Date`, not query-string
/// authentication).
///
/// # Errors
///
/// The first failed check, as a [`VerifyError`] whose [`VerifyError::code`] is the AWS
/// error code to answer with.
#[allow(clippy::too_many_arguments)]
pub fn verify(
    method: &str,
    raw_path: &str,
    query: &[(String, String)],
    all_headers: &[(String, String)],
    payload_sha256_hex: &str,
    secret_for: &dyn Fn(&str) -> Option<String>,
    now_epoch_secs: i64,
    max_skew_secs: i64,
) -> Result<ParsedAuthorization, VerifyError> {
    let header =
        find_header(all_headers, "authorization").ok_or(VerifyError::MissingAuthorization)?;
    let parsed = parse_authorization(header)?;

    let request_date = find_header(all_headers, "x-amz-date")
        .ok_or(VerifyError::MissingDate)?
        .trim();
    let request_time = parse_amz_date(request_date).ok_or_else(|| VerifyError::InvalidDate {
        value: echo(request_date),
    })?;
    if now_epoch_secs.abs_diff(request_time) > max_skew_secs.max(0).unsigned_abs() {
        return Err(VerifyError::SignatureExpired {
            request_date: request_date.to_owned(),
            now_epoch_secs,
            max_skew_secs,
        });
    }
    if parsed.date != request_date[..8] {
        return Err(VerifyError::CredentialDateMismatch {
            scope_date: parsed.date.clone(),
            request_date: request_date.to_owned(),
        });
    }

    let secret =
        secret_for(&parsed.access_key_id).ok_or_else(|| VerifyError::UnknownAccessKey {
            access_key_id: parsed.access_key_id.clone(),
        })?;

    if !parsed.signed_headers.iter().any(|n| n == "host") {
        return Err(VerifyError::HostNotSigned);
    }
    if let Some(absent) = parsed
        .signed_headers
        .iter()
        .find(|name| find_header(all_headers, name).is_none())
    {
        return Err(VerifyError::MissingSignedHeader {
            name: absent.clone(),
        });
    }

    let mut headers: Vec<HeaderRef<'_>> = all_headers
        .iter()
        .filter(|(n, _)| {
            let n = n.trim();
            parsed
                .signed_headers
                .iter()
                .any(|s| s.eq_ignore_ascii_case(n))
        })
        .map(|(n, v)| HeaderRef::new(n, v))
        .collect();
    let (creq, signed_headers) =
        canonical_request(method, raw_path, query, &mut headers, payload_sha256_hex);
    let keys = SigningKeys {
        access_key_id: &parsed.access_key_id,
        secret_access_key: &secret,
        session_token: None,
    };
    let expected = sign_canonical(
        creq,
        signed_headers,
        &keys,
        request_date.to_owned(),
        &parsed.region,
        &parsed.service,
        None,
    );
    if !constant_time_eq(
        expected.signature_hex.as_bytes(),
        parsed.signature.as_bytes(),
    ) {
        return Err(VerifyError::SignatureMismatch {
            canonical_request: expected.canonical_request,
            string_to_sign: expected.string_to_sign,
        });
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
