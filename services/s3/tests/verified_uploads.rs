//! Every form of upload body the client sends, verified by the typed mock server the way S3
//! verifies it: a body signed whole (`x-amz-content-sha256` its SHA-256), `UNSIGNED-PAYLOAD`,
//! aws-chunked with signed chunks (with and without a signed checksum trailer) and unsigned
//! chunks with a checksum trailer. The mock decodes each, checks every chunk and trailer
//! signature and the checksum, and records the bytes; a body that does not match its
//! signature is refused.

use aws_op::{Body, Client, PayloadSigning, RequestChecksumCalculation};
use aws_op_emulator::MockServer;
use aws_op_s3::*;
use common::{chunks_of, content};

mod common;

fn put(key: &str, body: Body) -> PutObjectRequest {
    PutObjectRequest::builder()
        .bucket("verified")
        .key(key)
        .body(body)
        .build()
}

/// A body of known length that is not in memory, so the client cannot hash it up front.
fn streamed(data: &[u8]) -> Body {
    Body::from_stream_with_length(chunks_of(data, 10_000), data.len() as u64)
}

#[tokio::test]
async fn every_upload_form_is_verified_and_arrives_whole() {
    let mock = MockServer::<S3>::start().await.expect("a mock server");
    mock.on::<PutObjectRequest>()
        .returns(PutObjectOutput::builder().e_tag("\"stored\"").build());
    let data = content(200_000, 0);
    let when_supported = RequestChecksumCalculation::WhenSupported;
    let when_required = RequestChecksumCalculation::WhenRequired;
    // (key, payload signing, checksum setting, body from memory?, expected x-amz-content-sha256, CRC32 sent?)
    let forms = [
        (
            "signed-chunks-trailer",
            PayloadSigning::SignedChunks,
            when_supported,
            false,
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
            true,
        ),
        (
            "signed-chunks",
            PayloadSigning::SignedChunks,
            when_required,
            false,
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            false,
        ),
        (
            "unsigned-chunks-trailer",
            PayloadSigning::Unsigned,
            when_supported,
            false,
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            true,
        ),
        (
            "unsigned",
            PayloadSigning::Unsigned,
            when_required,
            false,
            "UNSIGNED-PAYLOAD",
            false,
        ),
        (
            "whole",
            PayloadSigning::Auto,
            when_required,
            true,
            "",
            false,
        ),
    ];
    for (key, signing, checksums, in_memory, content_sha256, crc32) in forms {
        let config = mock
            .client_config()
            .with_payload_signing(signing)
            .with_request_checksum_calculation(checksums);
        let client: Client<S3> = Client::new(&config).expect("a client");
        let body = || match in_memory {
            true => Body::from(data.clone()),
            false => streamed(&data),
        };
        let signed = client.sign(put(key, body())).await.expect("signed");
        let sent = signed
            .headers
            .iter()
            .find(|(name, _)| name == "x-amz-content-sha256")
            .map(|(_, value)| value.clone());
        let expected = match content_sha256 {
            "" => aws_op::runtime::sigv4::sha256_hex(&data),
            form => form.to_owned(),
        };
        assert_eq!(sent, Some(expected), "{key}");
        let request = put(key, body());
        request
            .send(&client)
            .await
            .unwrap_or_else(|e| panic!("{key}: {e}"));

        let received = mock.take_received::<PutObjectRequest>();
        assert_eq!(received.len(), 1, "{key}");
        let body = received[0].body.as_ref().and_then(Body::as_bytes);
        assert!(body == Some(&data[..]), "{key}: the bytes arrive decoded");
        assert_eq!(
            received[0].content_encoding, None,
            "{key}: no aws-chunked left"
        );
        assert_eq!(
            received[0].checksum_crc32.is_some(),
            crc32,
            "{key}: the trailer's checksum joins the headers"
        );
    }
}

#[tokio::test]
async fn a_body_that_is_not_the_one_signed_is_refused() {
    let mock = MockServer::<S3>::start().await.expect("a mock server");
    mock.on::<PutObjectRequest>()
        .returns(PutObjectOutput::builder().build());
    let config = mock
        .client_config()
        .with_request_checksum_calculation(RequestChecksumCalculation::WhenRequired);
    let client: Client<S3> = Client::new(&config).expect("a client");
    let signed = client
        .sign(put("swapped", Body::from(&b"the signed bytes"[..])))
        .await
        .expect("signed");

    let http = reqwest::Client::new();
    let mut request = http.put(&signed.url);
    for (name, value) in signed.headers.iter().filter(|(name, _)| name != "host") {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request
        .body(&b"other bytes, same length"[..])
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), 400);
    let code = response.headers().get("x-amzn-errortype").cloned();
    assert_eq!(
        code.as_ref().and_then(|c| c.to_str().ok()),
        Some("XAmzContentSHA256Mismatch")
    );
    assert!(mock.take_received::<PutObjectRequest>().is_empty());
}
