//! Signing: what a request hands the signer, the signing key derived from the secret, and
//! the `Authorization` header that comes out.

use super::canonical::{canonical_request, HeaderRef};
use super::date::amz_date;
use super::{ALGORITHM, TERMINATOR};
use std::fmt;

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

/// Secrets for signing.
///
/// `Debug` is implemented by hand and never shows the secret access key or the session
/// token. [`sign`] does not read `session_token`: a caller that wants the token signed
/// puts an `x-amz-security-token` header into [`SignableRequest::headers`] itself.
#[derive(Clone, Copy)]
pub struct SigningKeys<'a> {
    /// Access key id, e.g. `AKIDEXAMPLE`; appears in the `Credential=` part.
    pub access_key_id: &'a str,
    /// Secret access key; only used to derive the signing key.
    pub secret_access_key: &'a str,
    /// Session token of temporary credentials, if any.
    pub session_token: Option<&'a str>,
}

impl fmt::Debug for SigningKeys<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKeys")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("session_token", &self.session_token.map(|_| "<redacted>"))
            .finish()
    }
}

/// What to sign.
///
/// * `path`: the request path exactly as it goes on the wire (already percent-encoded
///   once, e.g. `/tags/arn%3Aaws%3Ax`), without the query string.
/// * `query`: the **decoded** `(name, value)` pairs in wire order; repeated names allowed
///   (see [`parse_query`](super::parse_query) to get them from a raw query string).
/// * `headers`: the `(name, value)` headers to sign, any case, repeated names allowed
///   (joined with `,` in order). The caller includes `host` (with `:port` when not the
///   default port) and `x-amz-date`; nothing is added by the signer.
/// * `payload_sha256_hex`: lower-case hex SHA-256 of the body (see [`sha256_hex`] and
///   [`EMPTY_PAYLOAD_SHA256`](super::EMPTY_PAYLOAD_SHA256)).
///
/// `Debug` redacts the values of `authorization` and `x-amz-security-token` headers.
#[derive(Clone, Copy)]
pub struct SignableRequest<'a> {
    /// HTTP method, used as given (e.g. `GET`).
    pub method: &'a str,
    /// Wire path, percent-encoded once, without `?query`.
    pub path: &'a str,
    /// Decoded query pairs in wire order.
    pub query: &'a [(String, String)],
    /// Headers to sign.
    pub headers: &'a [(String, String)],
    /// Lower-case hex SHA-256 of the payload.
    pub payload_sha256_hex: &'a str,
}

impl fmt::Debug for SignableRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'h>(&'h [(String, String)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list()
                    .entries(self.0.iter().map(|(n, v)| {
                        let n = n.trim();
                        let secret = n.eq_ignore_ascii_case("authorization")
                            || n.eq_ignore_ascii_case("x-amz-security-token");
                        (n, if secret { "<redacted>" } else { v.as_str() })
                    }))
                    .finish()
            }
        }
        f.debug_struct("SignableRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &Headers(self.headers))
            .field("payload_sha256_hex", &self.payload_sha256_hex)
            .finish()
    }
}

/// Where and when to sign: region, service (signing name) and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningScope<'a> {
    /// Region, e.g. `us-east-1`.
    pub region: &'a str,
    /// Signing name of the service, e.g. `iotmanagedintegrations`.
    pub service: &'a str,
    /// Signing time in seconds since the Unix epoch (UTC).
    pub time_epoch_secs: i64,
}

/// Result of signing: the `Authorization` header value plus every intermediate string
/// (useful for debugging signature mismatches).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Value of the `Authorization` header:
    /// `AWS4-HMAC-SHA256 Credential=<akid>/<scope>, SignedHeaders=<list>, Signature=<hex>`.
    pub authorization: String,
    /// The signing time formatted as `20150830T123600Z` (see [`amz_date`]).
    pub amz_date: String,
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// Lower-case hex of the signature.
    pub signature_hex: String,
    /// `;`-separated lower-case names of the signed headers, sorted.
    pub signed_headers: String,
}

/// Signs `req` with `keys` for `scope`.
///
/// The caller has already put `x-amz-date` (use [`amz_date`] with the same
/// `scope.time_epoch_secs`) and, if it wants it signed, `x-amz-security-token` into
/// `req.headers`; the signer adds nothing and signs every header it is given.
pub fn sign(
    req: &SignableRequest<'_>,
    keys: &SigningKeys<'_>,
    scope: &SigningScope<'_>,
) -> Signature {
    sign_with(req, keys, scope, None)
}

/// Like [`sign`], reusing the derived signing key while the secret, day, region and service
/// stay the same (four HMACs saved per request).
pub fn sign_cached(
    req: &SignableRequest<'_>,
    keys: &SigningKeys<'_>,
    scope: &SigningScope<'_>,
    cache: &SigningKeyCache,
) -> Signature {
    sign_with(req, keys, scope, Some(cache))
}

fn sign_with(
    req: &SignableRequest<'_>,
    keys: &SigningKeys<'_>,
    scope: &SigningScope<'_>,
    cache: Option<&SigningKeyCache>,
) -> Signature {
    let date = amz_date(scope.time_epoch_secs);
    let mut headers: Vec<HeaderRef<'_>> = req
        .headers
        .iter()
        .map(|(n, v)| HeaderRef::new(n, v))
        .collect();
    let (creq, signed_headers) = canonical_request(
        req.method,
        req.path,
        req.query,
        &mut headers,
        req.payload_sha256_hex,
    );
    sign_canonical(
        creq,
        signed_headers,
        keys,
        date,
        scope.region,
        scope.service,
        cache,
    )
}

/// The last derived signing key and what it was derived from. Never printed.
#[derive(Default)]
pub struct SigningKeyCache {
    entry: std::sync::Mutex<Option<CachedKey>>,
}

struct CachedKey {
    secret: String,
    day: String,
    region: String,
    service: String,
    /// The HMAC key, with its padded inner and outer states already hashed.
    key: ring::hmac::Key,
}

impl SigningKeyCache {
    fn get_or_derive(
        &self,
        secret: &str,
        day: &str,
        region: &str,
        service: &str,
    ) -> ring::hmac::Key {
        let mut entry = self.entry.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(e) = entry.as_ref() {
            if e.secret == secret && e.day == day && e.region == region && e.service == service {
                return e.key.clone();
            }
        }
        let key = hmac_key(&signing_key(secret, day, region, service));
        *entry = Some(CachedKey {
            secret: secret.to_owned(),
            day: day.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            key: key.clone(),
        });
        key
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKeyCache(** redacted **)")
    }
}

/// Signs a canonical request (with its signed header list): shared by [`sign`] and
/// [`verify`](super::verify). `amz_date` must be a valid 16-byte `YYYYMMDDTHHMMSSZ`.
pub(super) fn sign_canonical(
    creq: String,
    signed_headers: String,
    keys: &SigningKeys<'_>,
    amz_date: String,
    region: &str,
    service: &str,
    cache: Option<&SigningKeyCache>,
) -> Signature {
    let day = &amz_date[..8];
    let scope_len = 8 + region.len() + service.len() + TERMINATOR.len() + 3;
    let mut string_to_sign = String::with_capacity(ALGORITHM.len() + 16 + scope_len + 64 + 3);
    string_to_sign.push_str(ALGORITHM);
    string_to_sign.push('\n');
    string_to_sign.push_str(&amz_date);
    string_to_sign.push('\n');
    let scope_start = string_to_sign.len();
    for (i, part) in [day, region, service, TERMINATOR].iter().enumerate() {
        if i > 0 {
            string_to_sign.push('/');
        }
        string_to_sign.push_str(part);
    }
    let scope_end = string_to_sign.len();
    string_to_sign.push('\n');
    push_hex_lower(&mut string_to_sign, sha256(creq.as_bytes()).as_ref());

    let key = match cache {
        Some(c) => c.get_or_derive(keys.secret_access_key, day, region, service),
        None => hmac_key(&signing_key(keys.secret_access_key, day, region, service)),
    };
    let mut signature_hex = String::with_capacity(64);
    push_hex_lower(
        &mut signature_hex,
        ring::hmac::sign(&key, string_to_sign.as_bytes()).as_ref(),
    );

    let scope = &string_to_sign[scope_start..scope_end];
    let mut authorization = String::with_capacity(
        ALGORITHM.len() + keys.access_key_id.len() + scope.len() + signed_headers.len() + 64 + 40,
    );
    authorization.push_str(ALGORITHM);
    authorization.push_str(" Credential=");
    authorization.push_str(keys.access_key_id);
    authorization.push('/');
    authorization.push_str(scope);
    authorization.push_str(", SignedHeaders=");
    authorization.push_str(&signed_headers);
    authorization.push_str(", Signature=");
    authorization.push_str(&signature_hex);

    Signature {
        authorization,
        amz_date,
        canonical_request: creq,
        string_to_sign,
        signature_hex,
        signed_headers,
    }
}

// ring is already built for TLS, so signing reuses it rather than adding hmac/sha2 crates.
fn hmac_key(key: &[u8]) -> ring::hmac::Key {
    ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key)
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let tag = ring::hmac::sign(&hmac_key(key), data);
    let mut out = [0u8; 32];
    out.copy_from_slice(tag.as_ref());
    out
}

fn sha256(data: &[u8]) -> ring::digest::Digest {
    ring::digest::digest(&ring::digest::SHA256, data)
}

/// kSigning from the secret and the scope parts.
fn signing_key(secret: &str, day: &str, region: &str, service: &str) -> [u8; 32] {
    // "AWS4" + secret, on the stack for any realistic secret length.
    let mut buf = [0u8; 128];
    let k_date = if secret.len() + 4 <= buf.len() {
        let n = secret.len() + 4;
        buf[..4].copy_from_slice(b"AWS4");
        buf[4..n].copy_from_slice(secret.as_bytes());
        let k = hmac_sha256(&buf[..n], day.as_bytes());
        buf.fill(0);
        k
    } else {
        let mut v = Vec::with_capacity(secret.len() + 4);
        v.extend_from_slice(b"AWS4");
        v.extend_from_slice(secret.as_bytes());
        let k = hmac_sha256(&v, day.as_bytes());
        v.fill(0);
        k
    };
    let k_region = hmac_sha256(&k_date, region.as_bytes());
    let k_service = hmac_sha256(&k_region, service.as_bytes());
    hmac_sha256(&k_service, TERMINATOR.as_bytes())
}

fn push_hex_lower(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len() * 2);
    for &b in bytes {
        out.push(HEX_LOWER[usize::from(b >> 4)] as char);
        out.push(HEX_LOWER[usize::from(b & 0x0f)] as char);
    }
}

/// Lower-case hex SHA-256 of `data` (the payload hash of a request).
pub fn sha256_hex(data: &[u8]) -> String {
    let mut out = String::with_capacity(64);
    push_hex_lower(&mut out, sha256(data).as_ref());
    out
}
