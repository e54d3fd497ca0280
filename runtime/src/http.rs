//! The protocol-neutral HTTP request and response that codecs produce and parse.
//!
//! Keeping these plain (no reqwest types) lets the signer, the emulator and the tests work on
//! exactly the bytes that go on the wire.

/// An HTTP request as the serialiser produced it, before endpoint and signing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method, upper case (`GET`, `POST`, ...).
    pub method: &'static str,
    /// The path as it goes on the wire: labels already percent-encoded once.
    pub path: String,
    /// Decoded query pairs in wire order; a name may repeat.
    pub query: Vec<(String, String)>,
    /// Headers set by the operation (not `host`, signing or SDK headers).
    pub headers: Vec<(String, String)>,
    /// The body; `None` sends no body and no `Content-Type`.
    pub body: Option<Vec<u8>>,
    /// Prepended to the endpoint's host (Smithy `endpoint` trait, labels already filled in),
    /// e.g. `foo.bar.` turns `example.com` into `foo.bar.example.com`.
    pub host_prefix: Option<String>,
}

impl HttpRequest {
    /// Looks a header up by name, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The path and query as they appear in the request line.
    pub fn path_and_query(&self) -> String {
        let mut out = self.path.clone();
        crate::uri_encoding::append_query(&mut out, &self.query);
        out
    }
}

/// An HTTP response as received.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Headers in received order; names as received.
    pub headers: Vec<(String, String)>,
    /// The body bytes (possibly empty).
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// Looks a header up by name, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The AWS request id: `x-amzn-requestid`, else `x-amz-request-id`.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-amzn-requestid")
            .or_else(|| self.header("x-amz-request-id"))
    }
}

/// Finds the first header called `name`, ignoring ASCII case.
pub fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
