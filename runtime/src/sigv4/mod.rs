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

mod canonical;
mod date;
mod sign;
mod verify;

pub use self::canonical::{canonical_query, canonical_uri};
pub use self::date::{amz_date, parse_amz_date};
pub use self::sign::{
    sha256_hex, sign, sign_cached, SignableRequest, Signature, SigningKeyCache, SigningKeys,
    SigningScope,
};
pub use self::verify::{parse_authorization, verify, ParsedAuthorization, VerifyError};
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
