//! S3's errors, as S3 writes them: `<Error><Code>…</Code><Message>…</Message></Error>` with
//! the status. The model describes only a few (`NoSuchKey`, `NoSuchBucket`, …); the others
//! (`BucketNotEmpty`, `InvalidRange`, `BadDigest`, …) are written here, so that a client reads
//! them as S3's.

use aws_op::HttpResponse;

/// An S3 error: its status, code and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct S3Error {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl S3Error {
    pub(crate) fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        S3Error {
            status,
            code,
            message: message.into(),
        }
    }

    pub(crate) fn no_such_bucket(bucket: &str) -> Self {
        Self::new(
            404,
            "NoSuchBucket",
            format!("The bucket {bucket} does not exist."),
        )
    }

    pub(crate) fn no_such_key(key: &str) -> Self {
        Self::new(404, "NoSuchKey", format!("The key {key} does not exist."))
    }

    pub(crate) fn no_such_upload(upload_id: &str) -> Self {
        Self::new(
            404,
            "NoSuchUpload",
            format!(
                "The upload {upload_id} does not exist; it may have been aborted or completed."
            ),
        )
    }

    /// `500 InternalError`: the emulator could not read or write its directory.
    pub(crate) fn internal(problem: impl Into<String>) -> Self {
        Self::new(500, "InternalError", problem)
    }

    pub(crate) fn bad_digest(what: &str) -> Self {
        Self::new(
            400,
            "BadDigest",
            format!("The {what} you specified did not match the calculated checksum."),
        )
    }

    /// The response S3 sends for this error (see [`response`]).
    pub(crate) fn response(&self, head: bool) -> HttpResponse {
        response(self.status, self.code, &self.message, head)
    }
}

/// The response S3 sends for an error: the XML error document, or, for a `HEAD` (which has
/// no body), the status alone. The mock server writes its own errors (a refused signature,
/// an injected fault) with it too.
pub(crate) fn response(status: u16, code: &str, message: &str, head: bool) -> HttpResponse {
    let body = if head {
        Vec::new()
    } else {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message></Error>",
            escape(code),
            escape(message)
        )
        .into_bytes()
    };
    HttpResponse {
        status,
        headers: vec![("content-type".into(), "application/xml".into())],
        body,
    }
}

/// The mock server's own errors (refused signatures and bodies, injected faults) as S3 writes
/// them: the codes of JSON services it uses become S3's for the same refusal.
pub(crate) fn server_error(status: u16, code: &str, message: &str, head: bool) -> HttpResponse {
    let (status, code) = match code {
        "InvalidSignatureException" if message.starts_with("Signature expired") => {
            (403, "RequestTimeTooSkewed")
        }
        "InvalidSignatureException" => (403, "SignatureDoesNotMatch"),
        "UnrecognizedClientException" => (403, "InvalidAccessKeyId"),
        "IncompleteSignatureException" => (400, "AuthorizationHeaderMalformed"),
        "RequestEntityTooLargeException" => (400, "EntityTooLarge"),
        "ValidationException" => (400, "InvalidArgument"),
        "UnknownOperationException" => (501, "NotImplemented"),
        "InternalServerException" => (500, "InternalError"),
        "ServiceUnavailableException" => (503, "ServiceUnavailable"),
        "ThrottlingException" => (503, "SlowDown"),
        other => (status, other),
    };
    response(status, code, message, head)
}

/// `text` with XML's five special characters escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::S3Error;

    #[test]
    fn messages_are_escaped_and_heads_have_no_body() {
        let error = S3Error::new(400, "InvalidArgument", "a <b> & 'c'");
        let body = String::from_utf8(error.response(false).body).unwrap();
        assert!(body.contains("<Code>InvalidArgument</Code>"));
        assert!(body.contains("<Message>a &lt;b&gt; &amp; &apos;c&apos;</Message>"));
        let head = error.response(true);
        assert_eq!((head.status, head.body.len()), (400, 0));
    }
}
