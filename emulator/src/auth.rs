//! Authentication: SigV4 verification of every request, and the credential scope check.

use crate::config::EmulatorConfig;
use crate::reply::ApiError;
use aws_op::runtime::sigv4;

/// Who signed a request, once its signature is verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Caller {
    /// The region of the credential scope; it becomes the region of the ARNs created.
    pub region: String,
}

/// The parts of a received request that the signature covers.
pub(crate) struct Signed<'a> {
    /// The method as received.
    pub method: &'a str,
    /// The path as received (percent-encoded, without the query).
    pub raw_path: &'a str,
    /// The decoded query pairs.
    pub query: &'a [(String, String)],
    /// Every header received.
    pub headers: &'a [(String, String)],
    /// The body received.
    pub body: &'a [u8],
}

/// Verifies the signature of `request` at `now_epoch_secs`, for the service signing as
/// `signing_name`.
///
/// # Errors
///
/// `403` with the [`sigv4::VerifyError`]'s code and message, or `403
/// InvalidSignatureException` when the credential scope names another service.
pub(crate) fn authenticate(
    config: &EmulatorConfig,
    request: &Signed<'_>,
    now_epoch_secs: i64,
    signing_name: &str,
) -> Result<Caller, ApiError> {
    let secret_for = |access_key_id: &str| config.secret_for(access_key_id);
    let parsed = sigv4::verify(
        request.method,
        request.raw_path,
        request.query,
        request.headers,
        &sigv4::sha256_hex(request.body),
        &secret_for,
        now_epoch_secs,
        config.max_skew_secs(),
    )
    .map_err(|e| ApiError::new(403, e.code(), e.to_string()))?;
    if parsed.service != signing_name {
        return Err(ApiError::new(
            403,
            "InvalidSignatureException",
            format!("Credential should be scoped to correct service: '{signing_name}'."),
        ));
    }
    Ok(Caller {
        region: parsed.region,
    })
}
