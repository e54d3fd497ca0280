//! Request compression (Smithy `requestCompression`, botocore `requestcompression`).
//!
//! An operation lists the encodings its service accepts; when the body is at least the
//! configured size, the client compresses it and appends the encoding to `Content-Encoding`
//! (after any the caller set), before signing, so every retry sends the same bytes. gzip is the
//! only encoding AWS defines. It needs the `gzip` feature; without it a body is sent as it is,
//! which the trait allows (compression is an optimisation, never a requirement).

use crate::http::HttpRequest;

/// The default smallest body that is compressed, in bytes (the AWS SDKs' default).
pub const DEFAULT_MIN_COMPRESSION_SIZE: u32 = 10_240;
/// The largest allowed value of the minimum size (10 MiB), as the SDKs bound it.
pub const MAX_MIN_COMPRESSION_SIZE: u32 = 10_485_760;

/// Whether and from what size bodies are compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompressionSettings {
    /// Off with `AWS_DISABLE_REQUEST_COMPRESSION=true`.
    pub enabled: bool,
    /// Bodies shorter than this are sent as they are.
    pub min_size: u32,
}

impl Default for CompressionSettings {
    fn default() -> Self {
        CompressionSettings {
            enabled: true,
            min_size: DEFAULT_MIN_COMPRESSION_SIZE,
        }
    }
}

/// Whether this build can compress with `encoding`.
pub fn supports(encoding: &str) -> bool {
    cfg!(feature = "gzip") && encoding.eq_ignore_ascii_case("gzip")
}

/// Compresses `request`'s body with the first of `encodings` this build supports, when the
/// settings and the body's size call for it. Returns the encoding used.
pub fn compress_request(
    request: &mut HttpRequest,
    encodings: &[&'static str],
    settings: CompressionSettings,
) -> Option<&'static str> {
    if !settings.enabled {
        return None;
    }
    // Only bodies in memory: a file or a stream goes out as it is read.
    let body = request.body.as_ref()?.as_bytes()?;
    if body.len() < settings.min_size as usize {
        return None;
    }
    let encoding = *encodings.iter().find(|e| supports(e))?;
    let compressed = gzip(body)?;
    request.body = Some(compressed.into());
    // One Content-Encoding header: the caller's codings first, then ours (RFC 9110 order of
    // application).
    let existing: Vec<String> = request
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("content-encoding"))
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect();
    request
        .headers
        .retain(|(n, _)| !n.eq_ignore_ascii_case("content-encoding"));
    let mut value = existing.join(", ");
    if !value.is_empty() {
        value.push_str(", ");
    }
    value.push_str(encoding);
    request.headers.push(("content-encoding".into(), value));
    Some(encoding)
}

#[cfg(feature = "gzip")]
fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 2),
        flate2::Compression::default(),
    );
    // Writing to a Vec cannot fail; should it, the body goes uncompressed.
    encoder.write_all(body).ok()?;
    encoder.finish().ok()
}

#[cfg(not(feature = "gzip"))]
fn gzip(_: &[u8]) -> Option<Vec<u8>> {
    None
}

#[cfg(all(test, feature = "gzip"))]
mod tests {
    use super::*;
    use std::io::Read;

    fn request(body: &[u8], headers: &[(&str, &str)]) -> HttpRequest {
        HttpRequest {
            method: "POST",
            path: "/".into(),
            body: Some(body.to_vec().into()),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn large_bodies_are_gzipped_and_the_encoding_appended() {
        let body = vec![b'a'; 20_000];
        let mut r = request(&body, &[("Content-Encoding", "custom")]);
        let used = compress_request(&mut r, &["gzip"], CompressionSettings::default());
        assert_eq!(used, Some("gzip"));
        assert_eq!(r.header("content-encoding"), Some("custom, gzip"));
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(r.body_bytes().unwrap())
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, body);
    }

    #[test]
    fn small_bodies_unknown_encodings_and_disabled_settings_are_left_alone() {
        let small = CompressionSettings::default();
        let mut r = request(b"{}", &[]);
        assert_eq!(compress_request(&mut r, &["gzip"], small), None);
        assert_eq!(r.body_bytes(), Some(&b"{}"[..]));
        let zero = CompressionSettings {
            enabled: true,
            min_size: 0,
        };
        assert_eq!(compress_request(&mut r, &["br"], zero), None);
        let off = CompressionSettings {
            enabled: false,
            min_size: 0,
        };
        assert_eq!(compress_request(&mut r, &["gzip"], off), None);
        assert_eq!(r.header("content-encoding"), None);
    }
}
