//! S3's answers that the generic path would misread: an `<Error>` document in a 200, a bucket
//! that lives in another region (and the per-bucket region cache that follows), the bare
//! `<LocationConstraint>` of GetBucketLocation, the bodiless 404 of a HEAD, and the checksums
//! of downloads.

use crate::byte_stream::BodyCheck;
use crate::checksum::{ChecksumAlgorithm, ResponseChecksum};
use crate::http::HttpResponse;
use crate::operation::HttpChecksum;
use std::collections::HashMap;
use std::sync::Mutex;

/// How many buckets' regions a client remembers before it starts over.
const BUCKET_REGIONS_LIMIT: usize = 4096;

/// Whether a 2xx response is really an error: its body is an `<Error>` document (S3 answers
/// CopyObject, UploadPartCopy and CompleteMultipartUpload with 200 before the work is done,
/// and reports a failure in the body).
pub(crate) fn is_error_in_success(response: &HttpResponse) -> bool {
    if !(200..300).contains(&response.status) {
        return false;
    }
    let mut text = trim_start(&response.body);
    if let Some(rest) = text.strip_prefix(b"<?xml") {
        let Some(end) = rest.windows(2).position(|w| w == b"?>") else {
            return false;
        };
        text = trim_start(&rest[end + 2..]);
    }
    text.strip_prefix(b"<Error")
        .is_some_and(|rest| matches!(rest.first(), Some(b'>' | b' ' | b'\t' | b'\r' | b'\n')))
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// The region a refused request should have been signed for: S3 answers a request to a bucket
/// in another region with 301, 307 or 400 and `x-amz-bucket-region`.
pub(crate) fn redirect_region(response: &HttpResponse, signed_for: &str) -> Option<String> {
    if !matches!(response.status, 301 | 307 | 400) {
        return None;
    }
    let region = response.header("x-amz-bucket-region")?.trim();
    (!region.is_empty() && region != signed_for && crate::endpoint::is_valid_region(region))
        .then(|| region.to_owned())
}

/// Buckets whose region differs from the client's, learned from redirects.
#[derive(Default)]
pub(crate) struct BucketRegions {
    regions: Mutex<HashMap<String, String>>,
}

impl BucketRegions {
    pub(crate) fn get(&self, bucket: &str) -> Option<String> {
        self.lock().get(bucket).cloned()
    }

    pub(crate) fn set(&self, bucket: &str, region: &str) {
        let mut regions = self.lock();
        if regions.len() >= BUCKET_REGIONS_LIMIT {
            regions.clear();
        }
        regions.insert(bucket.to_owned(), region.to_owned());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.regions.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// GetBucketLocation answers `<LocationConstraint>region</LocationConstraint>`, the member as
/// the document itself, and an empty one for us-east-1. Rewritten into the output's document
/// with the region spelt out, so the protocol reads it like any other.
pub(crate) fn normalise_bucket_location(operation: &str, response: &mut HttpResponse) {
    if operation != "GetBucketLocation" || !(200..300).contains(&response.status) {
        return;
    }
    let Ok(text) = std::str::from_utf8(&response.body) else {
        return;
    };
    let Ok(document) = roxmltree::Document::parse(text) else {
        return;
    };
    let root = document.root_element();
    if root.tag_name().name() != "LocationConstraint" {
        return;
    }
    let region = root.text().map(str::trim).filter(|r| !r.is_empty());
    let region = region.unwrap_or("us-east-1");
    response.body = format!(
        "<GetBucketLocationOutput><LocationConstraint>{}</LocationConstraint>\
         </GetBucketLocationOutput>",
        escape(region)
    )
    .into_bytes();
}

/// A refused HEAD has no body, so its error code is only in the status. HeadObject's and
/// HeadBucket's 404 is the one error the model gives each (`NoSuchKey`, `NoSuchBucket`, as the
/// official SDKs read it): written into the response as that error's document, so that it
/// arrives as the typed error rather than an unmodelled `Http404`.
pub(crate) fn name_head_not_found(operation: &str, response: &mut HttpResponse) {
    if response.status != 404 || !response.body.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    let code = match operation {
        "HeadObject" => "NoSuchKey",
        "HeadBucket" => "NoSuchBucket",
        _ => return,
    };
    response.body = format!("<Error><Code>{code}</Code></Error>").into_bytes();
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// The checksum to verify over a download, when the operation validates responses and the
/// request asked for it (`x-amz-checksum-mode: ENABLED`).
pub(crate) fn response_checksum(
    trait_: HttpChecksum,
    request_headers: &[&[(String, String)]],
    response_headers: &[(String, String)],
) -> Option<Box<dyn BodyCheck>> {
    let mode_header = trait_.response_validation_header?;
    let enabled = request_headers.iter().any(|headers| {
        crate::http::find_header(headers, mode_header)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("ENABLED"))
    });
    if !enabled {
        return None;
    }
    let algorithms: Vec<ChecksumAlgorithm> = trait_
        .response_algorithms
        .iter()
        .filter_map(|name| ChecksumAlgorithm::parse(name))
        .collect();
    ResponseChecksum::from_headers(response_headers, &algorithms)
        .map(|c| Box::new(c) as Box<dyn BodyCheck>)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![],
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn errors_in_a_200_are_recognised() {
        let error = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n<Error><Code>InternalError</Code></Error>";
        assert!(is_error_in_success(&response(200, error)));
        assert!(is_error_in_success(&response(200, "  <Error>\n</Error>")));
        assert!(!is_error_in_success(&response(200, "<CopyObjectResult/>")));
        assert!(!is_error_in_success(&response(200, "<Errors/>")));
        assert!(!is_error_in_success(&response(200, "")));
        assert!(!is_error_in_success(&response(500, "<Error/>")));
    }

    #[test]
    fn redirects_name_another_region() {
        let mut r = response(301, "");
        r.headers
            .push(("x-amz-bucket-region".into(), "eu-west-1".into()));
        assert_eq!(
            redirect_region(&r, "us-east-1").as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(redirect_region(&r, "eu-west-1"), None);
        r.status = 403;
        assert_eq!(redirect_region(&r, "us-east-1"), None);
    }

    #[test]
    fn a_bodiless_head_404_is_named_after_the_modelled_error() {
        for (operation, code) in [("HeadObject", "NoSuchKey"), ("HeadBucket", "NoSuchBucket")] {
            let mut r = response(404, "");
            name_head_not_found(operation, &mut r);
            assert_eq!(
                String::from_utf8(r.body).unwrap(),
                format!("<Error><Code>{code}</Code></Error>")
            );
        }
        // Another status, another operation, or a body that says more: left as it is.
        for (operation, status, body) in [
            ("HeadObject", 403, ""),
            ("GetObject", 404, ""),
            (
                "HeadObject",
                404,
                "<Error><Code>NoSuchBucket</Code></Error>",
            ),
        ] {
            let mut r = response(status, body);
            name_head_not_found(operation, &mut r);
            assert_eq!(String::from_utf8(r.body).unwrap(), body);
        }
    }

    #[test]
    fn an_empty_location_constraint_is_us_east_1() {
        let mut r = response(
            200,
            "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>",
        );
        normalise_bucket_location("GetBucketLocation", &mut r);
        assert_eq!(
            String::from_utf8(r.body).unwrap(),
            "<GetBucketLocationOutput><LocationConstraint>us-east-1</LocationConstraint></GetBucketLocationOutput>"
        );
        let mut r = response(200, "<LocationConstraint>eu-west-1</LocationConstraint>");
        normalise_bucket_location("GetBucketLocation", &mut r);
        assert!(String::from_utf8(r.body).unwrap().contains(">eu-west-1<"));
    }
}
