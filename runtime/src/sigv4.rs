//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`): signing on the client side and
//! verification on the server side (used by the local emulator).
//!
//! The rules implemented are the ones for every AWS service **except S3**:
//!
//! * **Canonical URI**: the request path as it goes on the wire is normalised (`.` and
//!   `..` segments removed, runs of `/` collapsed, a trailing slash kept) and then
//!   URI-encoded *again*: every byte except the unreserved set `A-Za-z0-9-._~` and `/`
//!   becomes `%XX` (upper-case hex). An already percent-encoded path such as
//!   `/tags/arn%3Aaws%3Ax` therefore becomes `/tags/arn%253Aaws%253Ax` in the canonical
//!   request ("double encoding"). S3 neither normalises nor double-encodes; that is not
//!   supported here.
//! * **Canonical query**: names and values (given decoded) are encoded with the same
//!   unreserved set (`/` encoded too, space as `%20`), sorted by encoded name then encoded
//!   value (byte order) and joined as `name=value` with `&`. Repeated names are allowed.
//! * **Canonical headers**: names lower-cased and sorted (a stable sort, so repeated
//!   names keep their order of appearance and are joined with `,`); values trimmed with
//!   every inner run of whitespace (space, tab, CR, LF: this also folds multi-line values)
//!   collapsed to one space. Every header handed to [`sign`] is signed; the caller
//!   includes `host` (with `:port` when not the default port), `x-amz-date` (see
//!   [`amz_date`]) and, when it wants it signed, `x-amz-security-token`.
//! * **String to sign**: `AWS4-HMAC-SHA256\n<amz-date>\n<scope>\n<hex sha256(canonical request)>`
//!   with scope `<yyyymmdd>/<region>/<service>/aws4_request`.
//! * **Signing key**: `kDate = HMAC("AWS4" + secret, yyyymmdd)`, `kRegion = HMAC(kDate, region)`,
//!   `kService = HMAC(kRegion, service)`, `kSigning = HMAC(kService, "aws4_request")`;
//!   the signature is the lower-case hex of `HMAC(kSigning, string to sign)`.
//!
//! The implementation is checked against the official AWS SigV4 test suite (all 34
//! cases, see `tests/sigv4_suite.rs`).

use crate::calendar;
use crate::uri_encoding::push_encoded;
pub use crate::uri_encoding::{parse_query, percent_decode, uri_encode};
use std::borrow::Cow;
use std::fmt;

/// The only algorithm supported: `AWS4-HMAC-SHA256`.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Hex SHA-256 of an empty payload.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Last element of every credential scope.
const TERMINATOR: &str = "aws4_request";

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

// ---------------------------------------------------------------------------------------
// Public data types
// ---------------------------------------------------------------------------------------

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
///   (see [`parse_query`] to get them from a raw query string).
/// * `headers`: the `(name, value)` headers to sign, any case, repeated names allowed
///   (joined with `,` in order). The caller includes `host` (with `:port` when not the
///   default port) and `x-amz-date`; nothing is added by the signer.
/// * `payload_sha256_hex`: lower-case hex SHA-256 of the body (see [`sha256_hex`] and
///   [`EMPTY_PAYLOAD_SHA256`]).
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

// ---------------------------------------------------------------------------------------
// Signing
// ---------------------------------------------------------------------------------------

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
    sign_prepared(
        req.method,
        req.path,
        req.query,
        &mut headers,
        req.payload_sha256_hex,
        keys.access_key_id,
        keys.secret_access_key,
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
    key: [u8; 32],
}

impl SigningKeyCache {
    fn get_or_derive(&self, secret: &str, day: &str, region: &str, service: &str) -> [u8; 32] {
        let mut entry = self.entry.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(e) = entry.as_ref() {
            if e.secret == secret && e.day == day && e.region == region && e.service == service {
                return e.key;
            }
        }
        let key = signing_key(secret, day, region, service);
        *entry = Some(CachedKey {
            secret: secret.to_owned(),
            day: day.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            key,
        });
        key
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKeyCache(** redacted **)")
    }
}

/// A header borrowed from the caller with its name lower-cased (borrowed when it already is).
struct HeaderRef<'a> {
    name: Cow<'a, str>,
    value: &'a str,
}

impl<'a> HeaderRef<'a> {
    fn new(name: &'a str, value: &'a str) -> Self {
        let name = name.trim();
        let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        };
        HeaderRef { name, value }
    }
}

/// Shared by [`sign`] and [`verify`]: `amz_date` must be a valid 16-byte `YYYYMMDDTHHMMSSZ`.
#[allow(clippy::too_many_arguments)]
fn sign_prepared(
    method: &str,
    path: &str,
    query: &[(String, String)],
    headers: &mut [HeaderRef<'_>],
    payload_sha256_hex: &str,
    access_key_id: &str,
    secret_access_key: &str,
    amz_date: String,
    region: &str,
    service: &str,
    cache: Option<&SigningKeyCache>,
) -> Signature {
    // Stable: repeated names keep their order of appearance.
    headers.sort_by(|a, b| a.name.cmp(&b.name));

    let header_len: usize = headers
        .iter()
        .map(|h| h.name.len() + h.value.len() + 2)
        .sum();
    let query_len: usize = query.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let mut creq = String::with_capacity(
        method.len() + path.len() * 3 / 2 + query_len * 3 / 2 + header_len * 2 + 96,
    );
    let mut signed_headers = String::with_capacity(header_len / 2 + 8);

    creq.push_str(method);
    creq.push('\n');
    write_canonical_uri(&mut creq, path);
    creq.push('\n');
    write_canonical_query(&mut creq, query);
    creq.push('\n');
    write_canonical_headers(&mut creq, &mut signed_headers, headers);
    creq.push('\n');
    creq.push_str(&signed_headers);
    creq.push('\n');
    creq.push_str(payload_sha256_hex);

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
        Some(c) => c.get_or_derive(secret_access_key, day, region, service),
        None => signing_key(secret_access_key, day, region, service),
    };
    let mut signature_hex = String::with_capacity(64);
    push_hex_lower(
        &mut signature_hex,
        &hmac_sha256(&key, string_to_sign.as_bytes()),
    );

    let scope = &string_to_sign[scope_start..scope_end];
    let mut authorization = String::with_capacity(
        ALGORITHM.len() + access_key_id.len() + scope.len() + signed_headers.len() + 64 + 40,
    );
    authorization.push_str(ALGORITHM);
    authorization.push_str(" Credential=");
    authorization.push_str(access_key_id);
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

/// Writes `name:value\n` lines (headers already sorted by lower-case name) and the
/// `;`-separated signed header list.
fn write_canonical_headers(creq: &mut String, signed: &mut String, headers: &[HeaderRef<'_>]) {
    let mut i = 0;
    while i < headers.len() {
        let name: &str = &headers[i].name;
        if !signed.is_empty() {
            signed.push(';');
        }
        signed.push_str(name);
        creq.push_str(name);
        creq.push(':');
        let mut first = true;
        while i < headers.len() && headers[i].name == name {
            if !first {
                creq.push(',');
            }
            first = false;
            push_normalized_value(creq, headers[i].value);
            i += 1;
        }
        creq.push('\n');
    }
}

/// Trims the value and collapses every inner run of whitespace (which also folds the
/// line breaks of a multi-line value) into one space.
fn push_normalized_value(out: &mut String, value: &str) {
    let mut first = true;
    for word in value
        .split([' ', '\t', '\r', '\n'])
        .filter(|w| !w.is_empty())
    {
        if !first {
            out.push(' ');
        }
        first = false;
        out.push_str(word);
    }
}

// ring is already built for TLS, so signing reuses it rather than adding hmac/sha2 crates.
fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let tag = ring::hmac::sign(&ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key), data);
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

// ---------------------------------------------------------------------------------------
// Canonical URI and query, encoding
// ---------------------------------------------------------------------------------------

/// Canonical URI of a wire path (all services but S3).
///
/// The path is normalised (`.` and `..` segments removed, `//` collapsed, a trailing slash
/// kept; an empty path is `/`), then every byte except the unreserved `A-Za-z0-9-._~` and
/// `/` is URI-encoded, so an already encoded `%3A` becomes `%253A` (double encoding).
pub fn canonical_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + path.len() / 2 + 1);
    write_canonical_uri(&mut out, path);
    out
}

fn write_canonical_uri(out: &mut String, path: &str) {
    if !needs_normalisation(path) {
        if !path.starts_with('/') {
            out.push('/');
        }
        push_encoded(out, path, false);
        return;
    }
    // Slow path: resolve segments on a small stack of slices.
    let mut segments: Vec<&str> = Vec::with_capacity(path.len() / 4 + 1);
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let last = path.rsplit('/').next().unwrap_or("");
    let trailing_slash = matches!(last, "" | "." | "..");
    for segment in &segments {
        out.push('/');
        push_encoded(out, segment, false);
    }
    if segments.is_empty() || trailing_slash {
        out.push('/');
    }
}

/// True when the path holds an empty (other than a final one), `.` or `..` segment or
/// does not start with `/`: only then is the segment-by-segment rewrite needed.
fn needs_normalisation(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return !path.is_empty();
    };
    let mut segments = rest.split('/').peekable();
    while let Some(segment) = segments.next() {
        let is_last = segments.peek().is_none();
        match segment {
            "." | ".." => return true,
            "" if !is_last => return true,
            _ => {}
        }
    }
    false
}

/// Canonical query string from decoded pairs.
///
/// Names and values are encoded (unreserved kept, everything else `%XX` upper-case,
/// space as `%20`, `/` encoded), sorted by encoded name then encoded value, and joined
/// as `name=value` with `&`. An empty slice gives an empty string.
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut out = String::new();
    write_canonical_query(&mut out, query);
    out
}

fn write_canonical_query(out: &mut String, query: &[(String, String)]) {
    match query {
        [] => {}
        [(name, value)] => {
            push_encoded(out, name, true);
            out.push('=');
            push_encoded(out, value, true);
        }
        _ => {
            // All encoded names and values in one buffer, addressed by offsets.
            let len: usize = query.iter().map(|(n, v)| n.len() + v.len()).sum();
            let mut buf = String::with_capacity(len + len / 2);
            let mut spans: Vec<(usize, usize, usize)> = Vec::with_capacity(query.len());
            for (name, value) in query {
                let start = buf.len();
                push_encoded(&mut buf, name, true);
                let mid = buf.len();
                push_encoded(&mut buf, value, true);
                spans.push((start, mid, buf.len()));
            }
            spans.sort_unstable_by(|a, b| {
                buf[a.0..a.1]
                    .cmp(&buf[b.0..b.1])
                    .then_with(|| buf[a.1..a.2].cmp(&buf[b.1..b.2]))
            });
            out.reserve(buf.len() + 2 * spans.len());
            for (i, &(start, mid, end)) in spans.iter().enumerate() {
                if i > 0 {
                    out.push('&');
                }
                out.push_str(&buf[start..mid]);
                out.push('=');
                out.push_str(&buf[mid..end]);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------

/// Seconds of `0000-01-01T00:00:00Z`, the earliest time [`amz_date`] can format.
const MIN_FORMATTABLE: i64 = -62_167_219_200;
/// Seconds of `9999-12-31T23:59:59Z`, the latest time [`amz_date`] can format.
const MAX_FORMATTABLE: i64 = 253_402_300_799;

/// Formats seconds since the Unix epoch as the SigV4 time stamp `YYYYMMDDTHHMMSSZ`
/// (e.g. `20150830T123600Z`), the value of the `x-amz-date` header. Inverse of
/// [`parse_amz_date`]. Times outside years 0000–9999 are clamped into that range.
pub fn amz_date(time_epoch_secs: i64) -> String {
    let t = time_epoch_secs.clamp(MIN_FORMATTABLE, MAX_FORMATTABLE);
    let (days, secs) = calendar::split_days(t);
    let (year, month, day) = calendar::civil_from_days(days);
    let mut buf = [0u8; 16];
    let mut put = |at: usize, value: i64, width: usize| {
        let mut v = value;
        for k in (0..width).rev() {
            buf[at + k] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, year, 4);
    put(4, i64::from(month), 2);
    put(6, i64::from(day), 2);
    put(9, secs / 3600, 2);
    put(11, secs / 60 % 60, 2);
    put(13, secs % 60, 2);
    buf[8] = b'T';
    buf[15] = b'Z';
    buf.iter().map(|&b| b as char).collect()
}

/// Parses a SigV4 time stamp `YYYYMMDDTHHMMSSZ` (e.g. `20150830T123600Z`) into seconds
/// since the Unix epoch. `None` when the text is not exactly in that form or names an
/// impossible date or time (month 13, 30 February, hour 24, second 60, ...).
pub fn parse_amz_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let year = i64::from(num(0..4)?);
    let month = num(4..6)?;
    let day = num(6..8)?;
    let hour = num(9..11)?;
    let minute = num(11..13)?;
    let second = num(13..15)?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > calendar::days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let days = calendar::days_from_civil(year, month, day);
    Some(days * calendar::SECS_PER_DAY + i64::from(hour * 3600 + minute * 60 + second))
}

// ---------------------------------------------------------------------------------------
// Verification (server side)
// ---------------------------------------------------------------------------------------

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
/// decoded pairs ([`parse_query`]), `all_headers` every header received and
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
    let expected = sign_prepared(
        method,
        raw_path,
        query,
        &mut headers,
        payload_sha256_hex,
        &parsed.access_key_id,
        &secret,
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

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    const AKID: &str = "AKIDEXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const T: i64 = 1_440_938_160; // 2015-08-30T12:36:00Z

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    fn keys() -> SigningKeys<'static> {
        SigningKeys {
            access_key_id: AKID,
            secret_access_key: SECRET,
            session_token: None,
        }
    }

    fn scope(time: i64) -> SigningScope<'static> {
        SigningScope {
            region: "us-east-1",
            service: "iotmanagedintegrations",
            time_epoch_secs: time,
        }
    }

    fn secret_for(akid: &str) -> Option<String> {
        (akid == AKID).then(|| SECRET.to_owned())
    }

    /// A signed request: returns (headers with Authorization, query, body hash).
    fn signed_request(
        path: &str,
        query: &[(String, String)],
        body: &[u8],
    ) -> (Vec<(String, String)>, String) {
        let hash = sha256_hex(body);
        let mut headers = pairs(&[
            ("Host", "api.iotmanagedintegrations.us-east-1.amazonaws.com"),
            ("Content-Type", "application/json"),
            ("X-Amz-Date", &amz_date(T)),
        ]);
        let sig = sign(
            &SignableRequest {
                method: "POST",
                path,
                query,
                headers: &headers,
                payload_sha256_hex: &hash,
            },
            &keys(),
            &scope(T),
        );
        headers.push(("Authorization".to_owned(), sig.authorization));
        headers.push(("User-Agent".to_owned(), "unsigned/1.0".to_owned()));
        (headers, hash)
    }

    #[test]
    fn empty_payload_constant() {
        assert_eq!(sha256_hex(b""), EMPTY_PAYLOAD_SHA256);
    }

    #[test]
    fn arn_label_path_is_double_encoded() {
        let path = "/tags/arn%3Aaws%3Aiot%3Aus-east-1%3A123%3Athing%2Fx";
        assert_eq!(
            canonical_uri(path),
            "/tags/arn%253Aaws%253Aiot%253Aus-east-1%253A123%253Athing%252Fx"
        );
        let headers = pairs(&[
            ("host", "example.amazonaws.com"),
            ("x-amz-date", &amz_date(T)),
        ]);
        let sig = sign(
            &SignableRequest {
                method: "GET",
                path,
                query: &[],
                headers: &headers,
                payload_sha256_hex: EMPTY_PAYLOAD_SHA256,
            },
            &keys(),
            &scope(T),
        );
        assert!(sig.canonical_request.starts_with(
            "GET\n/tags/arn%253Aaws%253Aiot%253Aus-east-1%253A123%253Athing%252Fx\n\n"
        ));
    }

    #[test]
    fn path_normalisation() {
        for (input, expected) in [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/./", "/"),
            ("/a/..", "/"),
            ("/a/b/..", "/a/"),
            ("/a/b/../c", "/a/c"),
            ("/../a", "/a"),
            ("//a//b//", "/a/b/"),
            ("/a/./b/.", "/a/b/"),
            ("/a b/", "/a%20b/"),
            ("a/b", "/a/b"),
            ("/..a/.b./...", "/..a/.b./..."),
            ("/%2E%2E/x", "/%252E%252E/x"),
            ("/\u{1234}", "/%E1%88%B4"),
        ] {
            assert_eq!(canonical_uri(input), expected, "path {input:?}");
        }
    }

    #[test]
    fn non_default_port_host_is_signed_as_given() {
        let headers = pairs(&[("Host", "localhost:4566"), ("X-Amz-Date", &amz_date(T))]);
        let sig = sign(
            &SignableRequest {
                method: "GET",
                path: "/",
                query: &[],
                headers: &headers,
                payload_sha256_hex: EMPTY_PAYLOAD_SHA256,
            },
            &keys(),
            &scope(T),
        );
        assert!(sig
            .canonical_request
            .contains("\nhost:localhost:4566\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"));
        assert_eq!(sig.signed_headers, "host;x-amz-date");
        // A different port must give a different signature.
        let other = pairs(&[("Host", "localhost:4567"), ("X-Amz-Date", &amz_date(T))]);
        let sig2 = sign(
            &SignableRequest {
                method: "GET",
                path: "/",
                query: &[],
                headers: &other,
                payload_sha256_hex: EMPTY_PAYLOAD_SHA256,
            },
            &keys(),
            &scope(T),
        );
        assert_ne!(sig.signature_hex, sig2.signature_hex);
    }

    #[test]
    fn repeated_query_keys_and_empty_values() {
        let q = pairs(&[("b", "2"), ("a", ""), ("b", "1"), ("a", "z"), ("c", "")]);
        assert_eq!(canonical_query(&q), "a=&a=z&b=1&b=2&c=");
        assert_eq!(
            parse_query("a=1&b&c=&&d=x=y"),
            pairs(&[("a", "1"), ("b", ""), ("c", ""), ("d", "x=y")])
        );
        assert_eq!(canonical_query(&[]), "");
        assert_eq!(canonical_query(&pairs(&[("k", "")])), "k=");
    }

    #[test]
    fn non_ascii_and_reserved_query() {
        let q = pairs(&[
            ("name", "caf\u{e9} au lait"),
            ("\u{1234}", "a/b+c"),
            ("maxResults", "10"),
        ]);
        assert_eq!(
            canonical_query(&q),
            "%E1%88%B4=a%2Fb%2Bc&maxResults=10&name=caf%C3%A9%20au%20lait"
        );
        // Decoding a wire query and re-encoding gives the canonical form.
        let wire = "name=caf%C3%A9%20au%20lait&%E1%88%B4=a%2Fb%2Bc&maxResults=10";
        assert_eq!(parse_query(wire), q);
    }

    #[test]
    fn header_values_are_normalised() {
        let headers = pairs(&[
            ("HOST", "example.amazonaws.com"),
            ("My-Header", "  a   b\t\tc  "),
            ("my-header", "line1\n   line2"),
            ("X-Amz-Date", &amz_date(T)),
            ("A-Empty", ""),
        ]);
        let sig = sign(
            &SignableRequest {
                method: "GET",
                path: "/",
                query: &[],
                headers: &headers,
                payload_sha256_hex: EMPTY_PAYLOAD_SHA256,
            },
            &keys(),
            &scope(T),
        );
        assert_eq!(
            sig.canonical_request,
            "GET\n/\n\na-empty:\nhost:example.amazonaws.com\nmy-header:a b c,line1 line2\n\
             x-amz-date:20150830T123600Z\n\na-empty;host;my-header;x-amz-date\n"
                .to_owned()
                + EMPTY_PAYLOAD_SHA256
        );
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(amz_date(T), "20150830T123600Z");
        assert_eq!(parse_amz_date("20150830T123600Z"), Some(T));
        assert_eq!(amz_date(0), "19700101T000000Z");
        assert_eq!(amz_date(-1), "19691231T235959Z");
        assert_eq!(amz_date(951_782_400), "20000229T000000Z");
        assert_eq!(parse_amz_date("20000229T000000Z"), Some(951_782_400));
        assert_eq!(amz_date(i64::MAX), "99991231T235959Z");
        assert_eq!(amz_date(i64::MIN), "00000101T000000Z");
        for t in (MIN_FORMATTABLE..=MAX_FORMATTABLE).step_by(777_777_777) {
            assert_eq!(parse_amz_date(&amz_date(t)), Some(t), "{t}");
        }
        for bad in [
            "",
            "20150830T123600",
            "20150830 123600Z",
            "2015083OT123600Z",
            "20151330T123600Z",
            "20150230T123600Z",
            "19000229T000000Z",
            "20150830T243600Z",
            "20150830T126000Z",
            "20150830T123660Z",
            "+0150830T123600Z",
            "20150830T123600Z ",
            "２015083T123600Z",
        ] {
            assert_eq!(parse_amz_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn debug_redacts_secrets() {
        let k = SigningKeys {
            access_key_id: AKID,
            secret_access_key: SECRET,
            session_token: Some("TOKEN123"),
        };
        let shown = format!("{k:?}");
        assert!(shown.contains(AKID));
        assert!(!shown.contains(SECRET) && !shown.contains("TOKEN123"));
        let headers = pairs(&[("X-Amz-Security-Token", "TOKEN123"), ("host", "h")]);
        let req = SignableRequest {
            method: "GET",
            path: "/",
            query: &[],
            headers: &headers,
            payload_sha256_hex: EMPTY_PAYLOAD_SHA256,
        };
        let shown = format!("{req:?}");
        assert!(!shown.contains("TOKEN123") && shown.contains("\"h\""));
    }

    fn run_verify(
        path: &str,
        query: &[(String, String)],
        headers: &[(String, String)],
        hash: &str,
        now: i64,
    ) -> Result<ParsedAuthorization, VerifyError> {
        verify("POST", path, query, headers, hash, &secret_for, now, 300)
    }

    #[test]
    fn verify_round_trip() {
        let path = "/tags/arn%3Aaws%3Aiot%3Aus-east-1%3A123%3Athing%2Fx";
        let query = parse_query("b=2&a=%E2%9C%93&a=1&empty=");
        let (headers, hash) = signed_request(path, &query, b"{\"k\":1}");
        let parsed = run_verify(path, &query, &headers, &hash, T + 299).expect("valid request");
        assert_eq!(parsed.access_key_id, AKID);
        assert_eq!(parsed.date, "20150830");
        assert_eq!(parsed.region, "us-east-1");
        assert_eq!(parsed.service, "iotmanagedintegrations");
        assert_eq!(
            parsed.signed_headers,
            ["content-type", "host", "x-amz-date"]
        );
        // Header names are case-insensitive on the server side, order does not matter.
        let mut shuffled: Vec<(String, String)> = headers
            .iter()
            .rev()
            .map(|(n, v)| (n.to_ascii_uppercase(), v.clone()))
            .collect();
        shuffled.push(("X-Other".to_owned(), "not signed".to_owned()));
        assert!(run_verify(path, &query, &shuffled, &hash, T - 299).is_ok());
    }

    #[test]
    fn verify_rejects_tampering() {
        let path = "/things";
        let query = pairs(&[("maxResults", "10")]);
        let (headers, hash) = signed_request(path, &query, b"{\"k\":1}");

        // Tampered body.
        let err = run_verify(path, &query, &headers, &sha256_hex(b"{\"k\":2}"), T).unwrap_err();
        assert!(
            matches!(err, VerifyError::SignatureMismatch { .. }),
            "{err:?}"
        );
        assert_eq!(err.code(), "InvalidSignatureException");
        assert!(err.to_string().starts_with(
            "The request signature we calculated does not match the signature you provided."
        ));

        // Tampered path, query, signed header.
        assert!(matches!(
            run_verify("/things2", &query, &headers, &hash, T),
            Err(VerifyError::SignatureMismatch { .. })
        ));
        assert!(matches!(
            run_verify(path, &pairs(&[("maxResults", "11")]), &headers, &hash, T),
            Err(VerifyError::SignatureMismatch { .. })
        ));
        let mut changed = headers.clone();
        changed[1].1 = "text/plain".to_owned();
        assert!(matches!(
            run_verify(path, &query, &changed, &hash, T),
            Err(VerifyError::SignatureMismatch { .. })
        ));

        // Wrong secret.
        let wrong = |akid: &str| (akid == AKID).then(|| "not-the-secret".to_owned());
        let err = verify("POST", path, &query, &headers, &hash, &wrong, T, 300).unwrap_err();
        assert!(matches!(err, VerifyError::SignatureMismatch { .. }));

        // Unknown key.
        let nobody = |_: &str| None;
        let err = verify("POST", path, &query, &headers, &hash, &nobody, T, 300).unwrap_err();
        assert_eq!(
            err,
            VerifyError::UnknownAccessKey {
                access_key_id: AKID.to_owned()
            }
        );
        assert_eq!(err.code(), "UnrecognizedClientException");

        // Skew beyond the maximum, both directions.
        for now in [T + 301, T - 301] {
            let err = run_verify(path, &query, &headers, &hash, now).unwrap_err();
            assert!(matches!(err, VerifyError::SignatureExpired { .. }));
            assert_eq!(err.code(), "InvalidSignatureException");
            assert!(err.to_string().contains("Signature expired"), "{err}");
        }
        assert_eq!(
            run_verify(path, &query, &headers, &hash, T + 301)
                .unwrap_err()
                .to_string(),
            "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)"
        );

        // Missing headers.
        let without = |name: &str| -> Vec<(String, String)> {
            headers
                .iter()
                .filter(|(n, _)| !n.eq_ignore_ascii_case(name))
                .cloned()
                .collect()
        };
        let err = run_verify(path, &query, &without("authorization"), &hash, T).unwrap_err();
        assert_eq!(err, VerifyError::MissingAuthorization);
        assert_eq!(err.code(), "MissingAuthenticationTokenException");
        let err = run_verify(path, &query, &without("x-amz-date"), &hash, T).unwrap_err();
        assert_eq!(err, VerifyError::MissingDate);
        let err = run_verify(path, &query, &without("content-type"), &hash, T).unwrap_err();
        assert_eq!(
            err,
            VerifyError::MissingSignedHeader {
                name: "content-type".to_owned()
            }
        );
        let err = run_verify(path, &query, &without("host"), &hash, T).unwrap_err();
        assert!(matches!(err, VerifyError::MissingSignedHeader { .. }));
    }

    #[test]
    fn verify_checks_date_scope_and_host() {
        let hash = EMPTY_PAYLOAD_SHA256;
        let base = |authz: &str, date: &str| {
            pairs(&[
                ("host", "h"),
                ("x-amz-date", date),
                ("authorization", authz),
            ])
        };
        let sig = "a".repeat(64);
        let good_scope = format!("{AKID}/20150830/us-east-1/svc/aws4_request");

        let headers = base(
            &format!(
                "{ALGORITHM} Credential={good_scope}, SignedHeaders=x-amz-date, Signature={sig}"
            ),
            "20150830T123600Z",
        );
        let err = run_verify("/", &[], &headers, hash, T).unwrap_err();
        assert_eq!(err, VerifyError::HostNotSigned);
        assert_eq!(err.code(), "IncompleteSignatureException");

        let headers = base(
            &format!("{ALGORITHM} Credential={AKID}/20150831/us-east-1/svc/aws4_request, SignedHeaders=host;x-amz-date, Signature={sig}"),
            "20150830T123600Z",
        );
        let err = run_verify("/", &[], &headers, hash, T).unwrap_err();
        assert!(matches!(err, VerifyError::CredentialDateMismatch { .. }));
        assert!(
            err.to_string().contains("'20150831' != '20150830'"),
            "{err}"
        );

        let headers = base(
            &format!("{ALGORITHM} Credential={good_scope}, SignedHeaders=host;x-amz-date, Signature={sig}"),
            "2015-08-30T12:36:00Z",
        );
        let err = run_verify("/", &[], &headers, hash, T).unwrap_err();
        assert!(matches!(err, VerifyError::InvalidDate { .. }));
        assert_eq!(err.code(), "IncompleteSignatureException");

        let headers = base(
            &format!("{ALGORITHM} Credential={good_scope}, SignedHeaders=host;x-amz-date, Signature={sig}"),
            "20150830T123600Z",
        );
        let err = run_verify("/", &[], &headers, hash, T).unwrap_err();
        assert!(matches!(err, VerifyError::SignatureMismatch { .. }));
    }

    #[test]
    fn parse_authorization_accepts_sdk_forms() {
        let p = parse_authorization(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        )
        .unwrap();
        assert_eq!(
            p,
            ParsedAuthorization {
                access_key_id: "AKIDEXAMPLE".to_owned(),
                date: "20150830".to_owned(),
                region: "us-east-1".to_owned(),
                service: "service".to_owned(),
                signed_headers: vec!["host".to_owned(), "x-amz-date".to_owned()],
                signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
                    .to_owned(),
            }
        );
        // No spaces after commas, other order.
        let q = parse_authorization(
            "  AWS4-HMAC-SHA256 Signature=ab,SignedHeaders=Host,Credential=K/20150830/r/s/aws4_request ",
        )
        .unwrap();
        assert_eq!(q.access_key_id, "K");
        assert_eq!(q.signed_headers, ["host"]);
        assert_eq!(q.signature, "ab");
    }

    #[test]
    fn parse_authorization_junk_gives_errors() {
        let long = "x".repeat(10_000);
        let junk = [
            "",
            "   ",
            "AWS4-HMAC-SHA256",
            "AWS4-HMAC-SHA256 ",
            "AWS4-HMAC-SHA256 ,,,",
            "AWS4-HMAC-SHA256 Credential",
            "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=",
            "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00",
            "AWS4-HMAC-SHA256 Credential=a/20150830/c/d/aws4_request, SignedHeaders=host;;x, Signature=00",
            "AWS4-HMAC-SHA256 Credential=/20150830/c/d/aws4_request, SignedHeaders=host, Signature=00",
            "AWS4-HMAC-SHA256 Credential=a//c/d/aws4_request, SignedHeaders=host, Signature=00",
            "AWS4-HMAC-SHA256 Credential=20150830/c/d/aws4_request, SignedHeaders=host, Signature=00",
            "AWS4-HMAC-SHA256 Credential=a/2015083\u{e9}/c/d/aws4_request, SignedHeaders=host, Signature=00",
            "AWS4-HMAC-SHA256 Credential=a/20150830/c/d/aws4_request, Credential=a/20150830/c/d/aws4_request, SignedHeaders=host, Signature=00",
            "AWS4-HMAC-SHA256 Credential=a/20150830/c/d/aws4_request, SignedHeaders=host, Signature=00, Extra=1",
            "AWS4-HMAC-SHA256 Credential=a/20150830/c/d/aws4_request, SignedHeaders=host",
            "AWS4-HMAC-SHA1 Credential=a/20150830/c/d/aws4_request, SignedHeaders=host, Signature=00",
            "Bearer abc",
            "\u{1F600}\u{1F600} =",
            &long,
        ];
        for input in junk {
            let err = parse_authorization(input).unwrap_err();
            assert_eq!(err.code(), "IncompleteSignatureException", "{input:?}");
            assert!(!err.to_string().is_empty());
            assert!(err.to_string().len() < 600, "message echoes too much");
        }
        let err = parse_authorization("AWS4-HMAC-SHA256 Credential=a/20150830/c/d/aws4_request")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."
        );
        // Junk Authorization through verify: an error, never a panic.
        for input in junk {
            let headers = pairs(&[
                ("host", "h"),
                ("x-amz-date", "20150830T123600Z"),
                ("authorization", input),
            ]);
            assert!(run_verify("/", &[], &headers, EMPTY_PAYLOAD_SHA256, T).is_err());
        }
    }

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
