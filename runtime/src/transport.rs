//! The HTTP transport under every request this crate sends, to a service or to a credentials
//! endpoint: one user agent, one TLS crypto provider, one way to read a whole response.
//!
//! The client and the credential providers both build on this module and on nothing of each
//! other, so configuration (which makes providers) never reaches back into the client.

use crate::http::HttpResponse;

/// The `User-Agent` sent with every request.
pub(crate) const USER_AGENT: &str = concat!("aws-op/", env!("CARGO_PKG_VERSION"), " lang/rust");

/// How much of an unexpected response body an error message quotes.
const SNIPPET_CHARS: usize = 200;

/// Installs the process-wide rustls crypto provider every HTTP client here needs, once: ring,
/// the light one. If the program already installed another (aws-lc-rs, for post-quantum key
/// exchange), that one is kept.
pub(crate) fn install_crypto_provider() {
    static CRYPTO_PROVIDER: std::sync::Once = std::sync::Once::new();
    CRYPTO_PROVIDER.call_once(|| {
        // rustls deprecates its ring provider (0.23.48) because ring has no ML-KEM, hence no
        // post-quantum X25519MLKEM768 key exchange. That is the trade this default makes for
        // build time and binary size (README, "TLS"); ring's provider has no other constructor.
        #[allow(deprecated)]
        let ring = rustls::crypto::ring::default_provider();
        let _ = ring.install_default();
    });
}

/// A reqwest client from `builder` with this crate's user agent, after installing the crypto
/// provider.
pub(crate) fn build_client(
    builder: reqwest::ClientBuilder,
) -> Result<reqwest::Client, reqwest::Error> {
    install_crypto_provider();
    builder.user_agent(USER_AGENT).build()
}

/// Sends a request and reads the whole response: status, headers (values that are not UTF-8
/// read lossily) and body.
pub(crate) async fn exchange(
    request: reqwest::RequestBuilder,
) -> Result<HttpResponse, reqwest::Error> {
    let response = request.send().await?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = response.bytes().await?.to_vec();
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// A transport error with its chain of causes, and whether it timed out.
pub(crate) fn describe_error(e: &reqwest::Error) -> String {
    let mut text = crate::error::error_chain(e);
    if e.is_timeout() {
        text.push_str(" (timed out)");
    }
    text
}

/// At most the first 200 characters of `text`, on one line: how error messages quote a body
/// they did not expect.
pub(crate) fn snippet(text: &str) -> String {
    let mut out: String = text
        .trim()
        .chars()
        .take(SNIPPET_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.trim().chars().nth(SNIPPET_CHARS).is_some() {
        out.push_str("...");
    }
    out
}
