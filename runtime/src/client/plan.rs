//! One call's request, planned once and signed anew for each attempt: where it goes (its
//! route), how its body is hashed and framed (its payload plan), and the headers signed. Also
//! the presigned form of the same request.

use super::event_body::EventSeed;
use super::payload::{BodyEncoding, PayloadPlan};
use super::route::Route;
use super::Inner;
use crate::body::Body;
use crate::http::HttpRequest;
use crate::sigv4::{self, UriEncoding};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The parts of a request that stay the same across attempts.
pub(crate) struct Plan<'a> {
    request: &'a HttpRequest,
    pub(crate) route: Arc<Route>,
    url: String,
    /// `url` parsed, when it could be made from the route's parsed origin.
    parsed_url: Option<reqwest::Url>,
    /// `host` as signed: the route's, behind the operation's host prefix if it has one.
    host: String,
    /// The path as signed: the endpoint's base path, then the operation's.
    signing_path: String,
    pub(crate) signing_region: String,
    signing_name: String,
    uri_encoding: UriEncoding,
    /// S3: `x-amz-content-sha256` is sent.
    content_sha256: bool,
    pub(crate) payload: PayloadPlan,
    /// The bucket the route was resolved for (S3), which a redirect's region is cached for.
    pub(crate) bucket: Option<String>,
}

impl<'a> Plan<'a> {
    /// Plans `request` to `route`. `bucket`, when given, is the leading path segment the route
    /// already carries (S3's rules put the bucket in the host or in the base path), so it is
    /// dropped from the operation's path.
    pub(crate) fn new(
        inner: &Inner,
        request: &'a HttpRequest,
        route: Arc<Route>,
        payload: PayloadPlan,
        bucket: Option<&str>,
    ) -> Self {
        let host = match request
            .host_prefix
            .as_ref()
            .filter(|_| inner.host_prefix_injection)
        {
            Some(prefix) => format!("{prefix}{}", route.host),
            None => route.host.clone(),
        };
        let path = match bucket {
            Some(bucket) => without_bucket(&request.path, bucket),
            None => &request.path,
        };
        let mut signing_path = format!("{}{path}", route.endpoint.base_path);
        if signing_path.is_empty() {
            signing_path.push('/');
        }
        let mut url = format!("{}://{host}{signing_path}", route.endpoint.scheme);
        let path_end = url.len();
        crate::uri_encoding::append_query(&mut url, &request.query);
        let parsed_url = match (&request.host_prefix, &route.origin) {
            (None, Some(origin)) => {
                let query = url[path_end..].strip_prefix('?');
                Some(with_path_and_query(origin, &signing_path, query))
            }
            _ => None,
        };
        Plan {
            request,
            url,
            parsed_url,
            host,
            signing_path,
            signing_region: route
                .signing_region
                .clone()
                .unwrap_or_else(|| inner.region.clone()),
            signing_name: route
                .signing_name
                .clone()
                .unwrap_or_else(|| inner.signing_name.to_owned()),
            uri_encoding: route.uri_encoding(inner.s3_signing),
            content_sha256: inner.s3_signing,
            route,
            payload,
            bucket: bucket.map(str::to_owned),
        }
    }

    /// The headers the operation's input set.
    #[cfg_attr(not(feature = "s3"), allow(dead_code))]
    pub(crate) fn request_headers(&self) -> &[(String, String)] {
        &self.request.headers
    }

    /// Signs for now with `credentials`: the request's headers plus `host`, `x-amz-date`,
    /// `x-amz-security-token` (temporary credentials), `x-amz-content-sha256` (S3), the payload
    /// plan's and the endpoint's headers, and `authorization`.
    pub(crate) fn sign(&self, inner: &Inner, credentials: &crate::Credentials) -> SignedRequest {
        let now = inner.now();
        let amz_date = sigv4::amz_date(now);
        let mut headers: Vec<(String, String)> =
            Vec::with_capacity(self.request.headers.len() + self.payload.headers.len() + 5);
        headers.push(("host".into(), self.host.clone()));
        headers.push(("x-amz-date".into(), amz_date.clone()));
        if let Some(token) = credentials.session_token() {
            headers.push(("x-amz-security-token".into(), token.to_owned()));
        }
        if self.content_sha256 {
            headers.push(("x-amz-content-sha256".into(), self.payload.hash.clone()));
        }
        headers.extend(self.request.headers.iter().cloned());
        headers.extend(self.payload.headers.iter().cloned());
        headers.extend(self.route.headers.iter().cloned());
        let signature = sigv4::sign_cached(
            &sigv4::SignableRequest {
                method: self.request.method,
                path: &self.signing_path,
                query: &self.request.query,
                headers: &headers,
                payload_sha256_hex: &self.payload.hash,
                uri_encoding: self.uri_encoding,
            },
            &signing_keys(credentials),
            &sigv4::SigningScope {
                region: &self.signing_region,
                service: &self.signing_name,
                time_epoch_secs: now,
            },
            &inner.signing_keys,
        );
        headers.push(("authorization".into(), signature.authorization));
        let chunk_signer =
            self.chunk_signer(inner, credentials, &amz_date, &signature.signature_hex);
        let event_seed = (self.payload.encoding == BodyEncoding::SignedEvents).then(|| EventSeed {
            secret_access_key: credentials.secret_access_key().to_owned(),
            region: self.signing_region.clone(),
            service: self.signing_name.clone(),
            signature: signature.signature_hex.clone(),
        });
        SignedRequest {
            method: self.request.method,
            url: self.url.clone(),
            parsed_url: self.parsed_url.clone(),
            headers,
            body: self.request.body.clone(),
            encoding: self.payload.encoding,
            chunk_signer,
            event_seed,
            clock_offset_secs: inner
                .clock_offset
                .load(std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The signer of the chunks after the request's signature, when the body is sent in
    /// signed chunks.
    fn chunk_signer(
        &self,
        inner: &Inner,
        credentials: &crate::Credentials,
        amz_date: &str,
        seed_signature: &str,
    ) -> Option<sigv4::ChunkSigner> {
        match self.payload.encoding {
            #[cfg(feature = "s3")]
            BodyEncoding::AwsChunked(framing) if framing.signed => {
                let key = inner.signing_keys.signing_key(
                    credentials.secret_access_key(),
                    &amz_date[..8],
                    &self.signing_region,
                    &self.signing_name,
                );
                Some(sigv4::ChunkSigner::new(
                    key,
                    amz_date,
                    &self.signing_region,
                    &self.signing_name,
                    seed_signature,
                ))
            }
            _ => {
                let _ = (inner, credentials, amz_date, seed_signature);
                None
            }
        }
    }

    /// The presigned form: the signature in the query, valid for `expires` from now.
    pub(crate) fn presign(
        &self,
        inner: &Inner,
        credentials: &crate::Credentials,
        expires: Duration,
    ) -> PresignedRequest {
        let now = inner.now();
        let mut headers: Vec<(String, String)> = Vec::with_capacity(self.request.headers.len() + 1);
        headers.push(("host".into(), self.host.clone()));
        headers.extend(self.request.headers.iter().cloned());
        headers.extend(self.route.headers.iter().cloned());
        // S3 signs no payload in a URL; other services sign the body the URL is for.
        let hash = if self.content_sha256 {
            sigv4::UNSIGNED_PAYLOAD.to_owned()
        } else {
            match self.request.body_bytes() {
                Some(bytes) => sigv4::sha256_hex(bytes),
                None => sigv4::UNSIGNED_PAYLOAD.to_owned(),
            }
        };
        let query = sigv4::presign(
            &sigv4::PresignableRequest {
                method: self.request.method,
                path: &self.signing_path,
                query: &self.request.query,
                headers: &headers,
                payload_sha256_hex: &hash,
                uri_encoding: self.uri_encoding,
            },
            &signing_keys(credentials),
            &sigv4::SigningScope {
                region: &self.signing_region,
                service: &self.signing_name,
                time_epoch_secs: now,
            },
            expires.as_secs(),
            Some(&inner.signing_keys),
        );
        let mut url = format!(
            "{}://{}{}",
            self.route.endpoint.scheme, self.host, self.signing_path
        );
        crate::uri_encoding::append_query(&mut url, &query);
        headers.remove(0);
        let signed_at = SystemTime::UNIX_EPOCH + Duration::from_secs(now.max(0) as u64);
        PresignedRequest {
            method: self.request.method,
            url,
            headers,
            expires_at: signed_at + expires,
        }
    }
}

fn signing_keys(credentials: &crate::Credentials) -> sigv4::SigningKeys<'_> {
    sigv4::SigningKeys {
        access_key_id: credentials.access_key_id(),
        secret_access_key: credentials.secret_access_key(),
        session_token: credentials.session_token(),
    }
}

/// `origin` (`scheme://host/`) with `path` and `query` (both already percent-encoded): the URL
/// reqwest would parse from their concatenation, without parsing the host again.
fn with_path_and_query(origin: &reqwest::Url, path: &str, query: Option<&str>) -> reqwest::Url {
    let mut url = origin.clone();
    url.set_path(path);
    url.set_query(query);
    url
}

/// `path` without its first segment when that is `bucket` (percent-encoded as a label).
fn without_bucket<'p>(path: &'p str, bucket: &str) -> &'p str {
    let encoded = crate::http_binding::encode_label(bucket, false);
    match path
        .strip_prefix('/')
        .and_then(|rest| rest.strip_prefix(encoded.as_str()))
    {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => path,
    }
}

/// A request validated, serialised and signed, ready for any HTTP client.
///
/// [`Client::call`](crate::Client::call) makes one per attempt;
/// [`Client::sign`](crate::Client::sign) hands one out (for tools that send requests themselves,
/// and for measuring the client against a bare HTTP stack). A body that `call` would send
/// aws-chunked (an S3 upload from a file or a stream) is given here unframed; send such
/// requests with `call`.
#[derive(Clone)]
pub struct SignedRequest {
    /// The HTTP method.
    pub method: &'static str,
    /// The full URL.
    pub url: String,
    /// `url` parsed, when the client could make it without parsing the host again.
    pub(crate) parsed_url: Option<reqwest::Url>,
    /// Every header to send, `host` first, `authorization` last.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<Body>,
    pub(crate) encoding: BodyEncoding,
    pub(crate) chunk_signer: Option<sigv4::ChunkSigner>,
    /// What an input event stream's envelopes are chained to (never printed).
    pub(crate) event_seed: Option<EventSeed>,
    /// The clock offset the request was signed with; envelopes are dated with it too.
    pub(crate) clock_offset_secs: i64,
}

impl std::fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The signature and session token are credentials in their own right.
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let secret = n.eq_ignore_ascii_case("authorization")
                    || n.eq_ignore_ascii_case("x-amz-security-token");
                (
                    n.as_str(),
                    if secret { "** redacted **" } else { v.as_str() },
                )
            })
            .collect();
        f.debug_struct("SignedRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

/// A presigned request: a URL that carries its own signature, usable by any HTTP client (a
/// browser, `curl`) without credentials until it expires.
///
/// The headers were signed with it: a request made with the URL must send each of them with
/// exactly this value (a `Content-Type` of an upload, say); `host` is the URL's own.
#[derive(Clone)]
pub struct PresignedRequest {
    /// The HTTP method to use.
    pub method: &'static str,
    /// The URL, signature parameters included.
    pub url: String,
    /// Headers that must travel with the URL, as signed.
    pub headers: Vec<(String, String)>,
    /// When the URL stops being accepted.
    pub expires_at: SystemTime,
}

impl std::fmt::Debug for PresignedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL is a credential for as long as it is valid: only its path is shown.
        let path = self.url.split('?').next().unwrap_or_default();
        f.debug_struct("PresignedRequest")
            .field("method", &self.method)
            .field("url", &format_args!("{path}?** signed query redacted **"))
            .field("headers", &self.headers)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{with_path_and_query, without_bucket};

    #[test]
    fn a_url_made_from_the_parsed_origin_is_the_url_reqwest_would_parse() {
        let origins = [
            "https://iotmanagedintegrations.us-east-1.api.aws/",
            "http://127.0.0.1:4566/",
            "http://[::1]:8080/",
            "https://bucket.s3.eu-west-1.amazonaws.com/",
        ];
        let tails = [
            "/",
            "/account-associations",
            "/tags/arn%3Aaws%3Ax%3A%3A1/x",
            "/a/./b/../c//d/",
            "/key%20with%20spaces/%E2%9C%93",
            "/k?list-type=2&prefix=a%2Fb&x=",
            "/?uploads",
            "/p?a=1&a=2&empty&%3D=%26",
            "/x%3Fy%23z?q=%3F%23",
        ];
        for origin in origins {
            let parsed_origin = reqwest::Url::parse(origin).unwrap();
            for tail in tails {
                let url = format!("{}{tail}", origin.trim_end_matches('/'));
                let (path, query) = match tail.split_once('?') {
                    Some((path, query)) => (path, Some(query)),
                    None => (tail, None),
                };
                assert_eq!(
                    with_path_and_query(&parsed_origin, path, query),
                    reqwest::Url::parse(&url).unwrap(),
                    "{url}"
                );
            }
        }
    }

    #[test]
    fn the_bucket_segment_is_dropped_only_when_it_leads() {
        assert_eq!(without_bucket("/b/k/x", "b"), "/k/x");
        assert_eq!(without_bucket("/b", "b"), "");
        assert_eq!(without_bucket("/bb/k", "b"), "/bb/k");
        assert_eq!(without_bucket("/a%20b/k", "a b"), "/k");
        assert_eq!(without_bucket("/x/b", "b"), "/x/b");
    }
}
