//! The model facts S3 needs from the generator: `signatureVersion` `s3` (S3's signing),
//! streaming blob payloads (`Body` up, `ByteStream` down), `httpChecksum` (headers of its
//! members, response algorithms the runtime verifies) and `authtype` `v4-unsigned-body`.

use aws_op_codegen::{generate, Model, Options};

const MODEL: &str = r#"{
    "metadata": {"protocol": "rest-xml", "serviceId": "S3", "apiVersion": "2006-03-01",
                 "signingName": "s3", "signatureVersion": "s3"},
    "operations": {
        "PutObject": {"name": "PutObject", "http": {"method": "PUT", "requestUri": "/{Bucket}/{Key+}"},
            "input": {"shape": "PutObjectRequest"},
            "httpChecksum": {"requestAlgorithmMember": "ChecksumAlgorithm",
                             "requestChecksumRequired": true}},
        "GetObject": {"name": "GetObject", "http": {"method": "GET", "requestUri": "/{Bucket}/{Key+}"},
            "input": {"shape": "GetObjectRequest"}, "output": {"shape": "GetObjectOutput"},
            "httpChecksum": {"requestValidationModeMember": "ChecksumMode",
                             "responseAlgorithms": ["CRC64NVME", "CRC32", "SHA512", "MD5", "SHA1"]}},
        "WriteResponse": {"name": "WriteResponse", "http": {"method": "POST", "requestUri": "/respond"},
            "input": {"shape": "WriteResponseRequest"}, "authtype": "v4-unsigned-body"}
    },
    "shapes": {
        "PutObjectRequest": {"type": "structure", "required": ["Bucket", "Key"], "payload": "Body",
            "members": {
                "Bucket": {"shape": "S", "location": "uri", "locationName": "Bucket"},
                "Key": {"shape": "S", "location": "uri", "locationName": "Key"},
                "ChecksumAlgorithm": {"shape": "S", "location": "header",
                                      "locationName": "x-amz-sdk-checksum-algorithm"},
                "Body": {"shape": "B", "streaming": true}}},
        "GetObjectRequest": {"type": "structure", "required": ["Bucket", "Key"], "members": {
            "Bucket": {"shape": "S", "location": "uri", "locationName": "Bucket"},
            "Key": {"shape": "S", "location": "uri", "locationName": "Key"},
            "ChecksumMode": {"shape": "S", "location": "header", "locationName": "x-amz-checksum-mode"}}},
        "GetObjectOutput": {"type": "structure", "payload": "Body", "members": {
            "Body": {"shape": "B", "streaming": true},
            "ETag": {"shape": "S", "location": "header", "locationName": "ETag"}}},
        "WriteResponseRequest": {"type": "structure", "payload": "Body", "members": {
            "Body": {"shape": "Stream"}}},
        "S": {"type": "string"},
        "B": {"type": "blob"},
        "Stream": {"type": "blob", "streaming": true}
    }
}"#;

fn item<'s>(source: &'s str, start: &str) -> &'s str {
    let at = source
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {source}"));
    let end = at + source[at..].find("\n}\n").unwrap();
    &source[at..end]
}

/// The attribute and struct of `request`: from the operation's doc-free attribute to its end.
fn operation<'s>(source: &'s str, request: &str) -> &'s str {
    let end = source.find(&format!("pub struct {request}")).unwrap();
    let start = source[..end].rfind("#[aws_operation(").unwrap();
    &source[start..end + item(&source[end..], "pub struct").len()]
}

#[test]
fn s3_signing_streaming_payloads_checksums_and_unsigned_bodies() {
    let model = Model::from_service_str(MODEL).unwrap();
    let source = generate(&model, &Options::default()).unwrap();
    assert!(
        item(&source, "#[aws_service(").contains("signature_version = \"s3v4\""),
        "{source}"
    );

    let put = operation(&source, "PutObjectRequest");
    assert!(put.contains("pub body: Option<aws_op::Body>,"), "{put}");
    assert!(
        put.contains(
            "http_checksum(\n        request_algorithm_header = \"x-amz-sdk-checksum-algorithm\",\n        request_checksum_required\n    )"
        ),
        "{put}"
    );

    let get = operation(&source, "GetObjectRequest");
    // SHA-512 and MD5 are left out: the runtime does not verify them.
    assert!(
        get.contains("response_validation_header = \"x-amz-checksum-mode\"")
            && get.contains("response_algorithms = \"CRC64NVME,CRC32,SHA1\""),
        "{get}"
    );
    assert!(!get.contains("request_algorithm_header"), "{get}");

    // A download is always there and read as it arrives: neither `Option` nor `Clone`.
    let output_at = source.find("pub struct GetObjectOutput").unwrap();
    let output = item(&source, "pub struct GetObjectOutput");
    assert!(output.contains("pub body: aws_op::ByteStream,"), "{output}");
    assert!(
        !source[..output_at]
            .trim_end()
            .ends_with("#[derive(Clone, PartialEq)]"),
        "{source}"
    );

    // `streaming` on the shape (Lambda's models) works as on the member (S3's).
    let write = operation(&source, "WriteResponseRequest");
    assert!(write.contains("unsigned_payload"), "{write}");
    assert!(write.contains("pub body: Option<aws_op::Body>,"), "{write}");

    // Without these facts none of it is emitted.
    let plain = MODEL
        .replace(
            "\"signatureVersion\": \"s3\"",
            "\"signatureVersion\": \"v4\"",
        )
        .replace(
            "\"authtype\": \"v4-unsigned-body\"",
            "\"documentation\": \"\"",
        );
    let plain = generate(
        &Model::from_service_str(&plain).unwrap(),
        &Options::default(),
    )
    .unwrap();
    assert!(!plain.contains("signature_version"), "{plain}");
    assert!(!plain.contains("unsigned_payload"), "{plain}");
}
