//! Authentication: SigV4 verification of every request, and the credential scope check.

use crate::config::EmulatorConfig;
use crate::reply::ApiError;
use aws_op::runtime::sigv4;
use std::time::{SystemTime, UNIX_EPOCH};

/// Who signed a request, once its signature is verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Caller {
    /// The region of the credential scope; it becomes the region of the ARNs created.
    pub region: String,
}

/// A request as received, body read in full.
#[derive(Debug)]
pub(crate) struct RawRequest {
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
    let payload_sha256_hex = sigv4::sha256_hex(&request.body);
    let received = sigv4::ReceivedRequest {
        method: &request.method,
        raw_path: &request.path,
        query,
        headers: &request.headers,
        payload_sha256_hex: &payload_sha256_hex,
        uri_encoding: sigv4::UriEncoding::Double,
    };
    let verified = if sigv4::is_presigned(query) {
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
    Ok(Caller {
        region: parsed.region,
    })
}
