//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`): signing on the client side and
//! verification on the server side (used by the local emulator).
//!
//! The rules below are those of every AWS service; S3 differs in the path
//! ([`UriEncoding::Single`]: as sent, never normalised or encoded again), sends
//! `x-amz-content-sha256` with every request, and may sign its body in chunks
//! ([`ChunkSigner`]). Presigned URLs put the signature in the query ([`presign`]).
//!
//! * **Canonical URI**: the request path as it goes on the wire is normalised (`.` and
//!   `..` segments removed, runs of `/` collapsed, a trailing slash kept) and then
//!   URI-encoded *again*: every byte except the unreserved set `A-Za-z0-9-._~` and `/`
//!   becomes `%XX` (upper-case hex). An already percent-encoded path such as
//!   `/tags/arn%3Aaws%3Ax` therefore becomes `/tags/arn%253Aaws%253Ax` in the canonical
//!   request ("double encoding"). S3 neither normalises nor double-encodes.
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
//!
//! Input event streams sign every message with the signature before it ([`EventSigner`],
//! and [`EventVerifier`] for test servers), the chain seeded by the request's own signature.

mod canonical;
mod chunked;
mod date;
mod event;
mod presign;
mod sign;
mod verify;

pub use self::canonical::{canonical_query, canonical_uri, UriEncoding};
pub use self::chunked::{
    ChunkSigner, STREAMING_SIGNED_PAYLOAD, STREAMING_SIGNED_PAYLOAD_TRAILER,
    STREAMING_UNSIGNED_PAYLOAD_TRAILER, TRAILER_SIGNATURE_HEADER, UNSIGNED_PAYLOAD,
};
pub use self::date::{amz_date, parse_amz_date};
pub use self::event::{EventSignatureError, EventSigner, EventVerifier, STREAMING_EVENTS_PAYLOAD};
pub use self::presign::{
    is_presigned, presign, verify_presigned, PresignableRequest, VerifiedPresigned,
    MAX_PRESIGN_EXPIRY_SECS,
};
pub(crate) use self::sign::hex_lower;
pub use self::sign::{
    sha256_hex, sign, sign_cached, SignableRequest, Signature, SigningKey, SigningKeyCache,
    SigningKeys, SigningScope,
};
pub use self::verify::{
    parse_authorization, verify, verify_request, ParsedAuthorization, ReceivedRequest, VerifyError,
};
pub use crate::uri_encoding::{parse_query, percent_decode, uri_encode};

/// The only algorithm supported: `AWS4-HMAC-SHA256`.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Hex SHA-256 of an empty payload.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Last element of every credential scope.
const TERMINATOR: &str = "aws4_request";

#[cfg(test)]
mod tests;
