//! S3 walked against moto, a third-party emulator, through the generated crate: buckets created
//! (one with a location constraint), located, listed and deleted; objects put from bytes, from a
//! file and from a stream of known length (the file and the stream go aws-chunked with signed
//! chunks and a trailing checksum, as over any plain-HTTP endpoint; a stream of unknown length
//! is refused before sending, as S3 needs the length), read back as a `ByteStream` chunk by
//! chunk, inspected with HEAD (content type, user metadata, a unicode key), listed over several
//! pages, copied, read by range; flexible checksums (CRC32, CRC32C, CRC64NVME, SHA-256) sent as
//! a header and as a trailer of signed and unsigned chunks, validated on download and read back
//! with GetObjectAttributes; multipart uploads (CRC32 parts, a composite object checksum)
//! completed and aborted; a batch delete (its required checksum sent whether checksums are
//! "when supported" or "when required"); presigned GET and PUT URLs used by a plain HTTP
//! client; `NoSuchKey`, `NoSuchBucket` (from a HEAD's bodiless 404 too) and `NoSuchUpload`
//! arrive as their typed variants; a customer encryption key is absent from `Debug`.
//!
//! moto checks no signatures, neither the requests' nor the chunks' nor the presigned URLs'
//! (the emulator and `tests/streaming.rs` in the root crate do): this walk shows that a
//! third party reads what aws-op sends, and aws-op reads what it answers.

use aws_op::runtime::sigv4::uri_encode;
use aws_op::{Body, Client, Error, PayloadSigning, RequestChecksumCalculation};
use aws_op_moto::{all_pages, assert_recent, Moto};
use aws_op_s3::*;
use bytes::Bytes;
use common::{chunks_of, content, create_bucket, fetch, put, temp_file};
use std::collections::HashMap;
use std::time::Duration;

mod common;

const UNICODE_KEY: &str = "notes/Zoë 🚀/naïve café.txt";

fn client(moto: &Moto) -> Client<S3> {
    Client::new(&moto.config()).expect("a client for moto")
}

/// Reads an object back chunk by chunk, as a caller that does not hold it whole would.
async fn get_chunks(client: &Client<S3>, bucket: &str, key: &str) -> (GetObjectOutput, Vec<Bytes>) {
    let mut output = GetObjectRequest::builder()
        .bucket(bucket)
        .key(key)
        .build()
        .send(client)
        .await
        .unwrap_or_else(|e| panic!("GetObject {key}: {e}"));
    let mut chunks = Vec::new();
    while let Some(chunk) = output.body.next().await {
        chunks.push(chunk.unwrap_or_else(|e| panic!("reading {key}: {e}")));
    }
    (output, chunks)
}

async fn get(client: &Client<S3>, bucket: &str, key: &str) -> Vec<u8> {
    get_chunks(client, bucket, key).await.1.concat()
}

#[tokio::test]
async fn buckets_are_created_located_listed_and_deleted() {
    let moto = Moto::start();
    let client = client(&moto);
    create_bucket(&client, "walk-east").await;
    CreateBucketRequest::builder()
        .bucket("walk-ireland")
        .create_bucket_configuration(CreateBucketConfiguration {
            location_constraint: Some(BucketLocationConstraint::EuWest1),
            location: None,
            bucket: None,
            tags: None,
        })
        .build()
        .send(&client)
        .await
        .expect("CreateBucket with a location constraint");

    let location = |bucket: &'static str| {
        let client = client.clone();
        async move {
            GetBucketLocationRequest::builder()
                .bucket(bucket)
                .build()
                .send(&client)
                .await
                .expect("GetBucketLocation")
                .location_constraint
                .expect("a location")
        }
    };
    assert_eq!(
        location("walk-ireland").await,
        BucketLocationConstraint::EuWest1
    );
    // S3 answers an empty constraint for us-east-1; the client spells it out.
    assert_eq!(location("walk-east").await.as_str(), "us-east-1");

    HeadBucketRequest::builder()
        .bucket("walk-ireland")
        .build()
        .send(&client)
        .await
        .expect("HeadBucket");
    let listed = ListBucketsRequest::builder()
        .build()
        .send(&client)
        .await
        .expect("ListBuckets");
    let mut names: Vec<String> = listed
        .buckets
        .unwrap_or_default()
        .into_iter()
        .map(|b| {
            assert_recent(
                "bucket creation date",
                b.creation_date.expect("a date").secs(),
            );
            b.name.expect("a name")
        })
        .collect();
    names.sort();
    assert_eq!(names, ["walk-east", "walk-ireland"]);

    for bucket in ["walk-east", "walk-ireland"] {
        DeleteBucketRequest::builder()
            .bucket(bucket)
            .build()
            .send(&client)
            .await
            .expect("DeleteBucket");
    }
    // A HEAD's refusal has no body: its 404 still arrives as the modelled error.
    let error = HeadBucketRequest::builder()
        .bucket("walk-ireland")
        .build()
        .send(&client)
        .await
        .expect_err("the bucket is gone");
    let service = error.service_error().expect("a service error");
    assert_eq!(service.status, 404);
    assert!(
        matches!(service.err(), HeadBucketError::NoSuchBucket(_)),
        "expected NoSuchBucket, got {:?} (code {})",
        service.err(),
        service.code
    );
    let error = ListObjectsV2Request::builder()
        .bucket("walk-east")
        .build()
        .send(&client)
        .await
        .expect_err("the bucket is gone");
    let service = error.service_error().expect("a service error");
    assert_eq!(service.status, 404);
    assert!(
        matches!(service.err(), ListObjectsV2Error::NoSuchBucket(_)),
        "expected NoSuchBucket, got {:?} (code {})",
        service.err(),
        service.code
    );
}

#[tokio::test]
async fn objects_round_trip_from_bytes_a_file_and_a_stream() {
    let moto = Moto::start();
    let client = client(&moto);
    create_bucket(&client, "walk-objects").await;

    // Bytes, with a content type and user metadata, under a unicode key.
    let text = "Zoë 🚀 says hello\n".repeat(100);
    let put_text = PutObjectRequest::builder()
        .bucket("walk-objects")
        .key(UNICODE_KEY)
        .content_type("text/plain; charset=utf-8")
        .metadata(HashMap::from([
            ("owner".to_string(), "walks".to_string()),
            ("purpose".to_string(), "round trip".to_string()),
        ]))
        .body(Body::from(text.clone()))
        .build()
        .send(&client)
        .await
        .expect("PutObject from bytes");
    let etag = put_text.e_tag.expect("an ETag");
    let head = HeadObjectRequest::builder()
        .bucket("walk-objects")
        .key(UNICODE_KEY)
        .build()
        .send(&client)
        .await
        .expect("HeadObject");
    assert_eq!(head.content_length, Some(text.len() as i64));
    assert_eq!(
        head.content_type.as_deref(),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(head.e_tag.as_deref(), Some(etag.as_str()));
    assert_recent("last modified", head.last_modified.expect("a date").secs());
    let metadata = head.metadata.unwrap_or_default();
    assert_eq!(metadata.get("owner").map(String::as_str), Some("walks"));
    assert_eq!(
        metadata.get("purpose").map(String::as_str),
        Some("round trip")
    );
    assert_eq!(
        get(&client, "walk-objects", UNICODE_KEY).await,
        text.as_bytes()
    );

    // A file of 300 KiB: sent aws-chunked in signed 64 KiB chunks, read back in pieces.
    let large = content(300 * 1024, 7);
    let path = temp_file("large.bin", &large);
    put(
        &client,
        "walk-objects",
        "large.bin",
        Body::from_path(&path).expect("the file"),
    )
    .await;
    std::fs::remove_file(&path).ok();
    let (output, chunks) = get_chunks(&client, "walk-objects", "large.bin").await;
    assert_eq!(output.content_length, Some(large.len() as i64));
    assert!(
        chunks.len() > 1,
        "read in one piece: {} chunks",
        chunks.len()
    );
    assert_eq!(chunks.concat(), large);

    // A stream that announces its length: aws-chunked as well.
    let streamed = content(150 * 1024, 11);
    let body = Body::from_stream_with_length(chunks_of(&streamed, 10_000), streamed.len() as u64);
    put(&client, "walk-objects", "streamed.bin", body).await;
    assert_eq!(get(&client, "walk-objects", "streamed.bin").await, streamed);

    // A stream of unknown length cannot be one PutObject (S3 needs
    // x-amz-decoded-content-length): refused before anything is sent, and nothing is stored.
    let unknown = Body::from_stream(chunks_of(&streamed, 10_000));
    let error = PutObjectRequest::builder()
        .bucket("walk-objects")
        .key("unknown-length.bin")
        .body(unknown)
        .build()
        .send(&client)
        .await
        .expect_err("a stream of unknown length");
    assert!(
        matches!(&error, Error::Body(e) if e.to_string().contains("x-amz-decoded-content-length")),
        "{error:?}"
    );
    let error = GetObjectRequest::builder()
        .bucket("walk-objects")
        .key("unknown-length.bin")
        .build()
        .send(&client)
        .await
        .expect_err("nothing was stored");
    let service = error.service_error().expect("a service error");
    assert_eq!(service.status, 404);
    assert!(
        matches!(service.err(), GetObjectError::NoSuchKey(_)),
        "expected NoSuchKey, got {:?} (code {})",
        service.err(),
        service.code
    );

    let error = HeadObjectRequest::builder()
        .bucket("walk-objects")
        .key("unknown-length.bin")
        .build()
        .send(&client)
        .await
        .expect_err("nothing was stored");
    let service = error.service_error().expect("a service error");
    assert!(
        matches!(service.err(), HeadObjectError::NoSuchKey(_)),
        "expected NoSuchKey from a bodiless 404, got {:?} (code {})",
        service.err(),
        service.code
    );

    // A customer-provided encryption key is `sensitive`: never in `Debug`.
    let with_key = GetObjectRequest::builder()
        .bucket("walk-objects")
        .key("large.bin")
        .sse_customer_algorithm("AES256")
        .sse_customer_key("c2VjcmV0LWtleS1tYXRlcmlhbC0zMi1ieXRlcy1sb25n")
        .build();
    let shown = format!("{with_key:?}");
    assert!(shown.contains("AES256"), "{shown}");
    assert!(!shown.contains("c2VjcmV0"), "{shown}");

    // A range: bytes 1000..=1999 of the file.
    let mut ranged = GetObjectRequest::builder()
        .bucket("walk-objects")
        .key("large.bin")
        .range("bytes=1000-1999")
        .build()
        .send(&client)
        .await
        .expect("a ranged GetObject");
    assert_eq!(ranged.content_length, Some(1000));
    assert_eq!(
        ranged.content_range.as_deref(),
        Some(format!("bytes 1000-1999/{}", large.len()).as_str())
    );
    let mut part = Vec::new();
    while let Some(chunk) = ranged.body.next().await {
        part.extend_from_slice(&chunk.expect("a chunk of the range"));
    }
    assert_eq!(part, large[1000..2000]);

    // A copy keeps the content and, unless replaced, the metadata.
    let copied = CopyObjectRequest::builder()
        .bucket("walk-objects")
        .key("copy of Zoë.txt")
        .copy_source(format!("walk-objects/{}", uri_encode(UNICODE_KEY, false)))
        .build()
        .send(&client)
        .await
        .expect("CopyObject");
    let result = copied.copy_object_result.expect("a CopyObjectResult");
    assert_eq!(result.e_tag.as_deref(), Some(etag.as_str()));
    assert_recent("copy time", result.last_modified.expect("a date").secs());
    assert_eq!(
        get(&client, "walk-objects", "copy of Zoë.txt").await,
        text.as_bytes()
    );
    let head = HeadObjectRequest::builder()
        .bucket("walk-objects")
        .key("copy of Zoë.txt")
        .build()
        .send(&client)
        .await
        .expect("HeadObject of the copy");
    assert_eq!(
        head.metadata
            .unwrap_or_default()
            .get("owner")
            .map(String::as_str),
        Some("walks")
    );

    // ListObjectsV2 (its paginator), two keys a page: 6 objects over 3 pages.
    for i in 0..2 {
        put(
            &client,
            "walk-objects",
            &format!("small-{i}.txt"),
            format!("small {i}"),
        )
        .await;
    }
    let pages = all_pages(
        ListObjectsV2Request::builder()
            .bucket("walk-objects")
            .max_keys(2)
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 3, "{pages:?}");
    let objects: Vec<Object> = pages
        .into_iter()
        .flat_map(|p| p.contents.unwrap_or_default())
        .collect();
    let keys: Vec<&str> = objects.iter().filter_map(|o| o.key.as_deref()).collect();
    let mut expected = vec![
        "copy of Zoë.txt",
        "large.bin",
        UNICODE_KEY,
        "small-0.txt",
        "small-1.txt",
        "streamed.bin",
    ];
    expected.sort();
    assert_eq!(keys, expected);
    let size = |key: &str| {
        objects
            .iter()
            .find(|o| o.key.as_deref() == Some(key))
            .and_then(|o| o.size)
    };
    assert_eq!(size("large.bin"), Some(large.len() as i64));
    let listed = ListObjectsV2Request::builder()
        .bucket("walk-objects")
        .prefix("notes/Zoë 🚀/")
        .build()
        .send(&client)
        .await
        .expect("ListObjectsV2 by a unicode prefix");
    assert_eq!(listed.key_count, Some(1));
}

#[tokio::test]
async fn checksums_are_sent_and_validated_on_download() {
    let moto = Moto::start();
    let client = client(&moto);
    create_bucket(&client, "walk-checksums").await;
    let data = content(200 * 1024, 3);
    let path = temp_file("checksummed.bin", &data);
    let unsigned: Client<S3> =
        Client::new(&moto.config().with_payload_signing(PayloadSigning::Unsigned))
            .expect("a client");
    for algorithm in [
        ChecksumAlgorithm::Crc32,
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Crc64nvme,
        ChecksumAlgorithm::Sha256,
    ] {
        // From bytes the checksum is a header; from a file, the trailer of aws-chunked, with
        // signed chunks (the default over HTTP) or unsigned ones (the default over HTTPS).
        let file = || Body::from_path(&path).expect("the file");
        let bodies = [
            ("bytes", &client, Body::from(data.clone())),
            ("file", &client, file()),
            ("file-unsigned", &unsigned, file()),
        ];
        for (source, sender, body) in bodies {
            let key = format!("{}-{source}", algorithm.as_str());
            let stored = PutObjectRequest::builder()
                .bucket("walk-checksums")
                .key(key.as_str())
                .checksum_algorithm(algorithm.clone())
                .body(body)
                .build()
                .send(sender)
                .await
                .unwrap_or_else(|e| panic!("PutObject {key}: {e}"));
            let sent = [
                &stored.checksum_crc32,
                &stored.checksum_crc32_c,
                &stored.checksum_crc64_nvme,
                &stored.checksum_sha256,
            ]
            .into_iter()
            .flatten()
            .next()
            .unwrap_or_else(|| panic!("{key}: no checksum echoed: {stored:?}"))
            .clone();

            // The default ("when supported") asks for the checksum and checks the bytes
            // against it as they arrive; the stream ends cleanly only if they match.
            let mut output = GetObjectRequest::builder()
                .bucket("walk-checksums")
                .key(key.as_str())
                .build()
                .send(&client)
                .await
                .unwrap_or_else(|e| panic!("GetObject {key}: {e}"));
            assert_eq!(
                output.body.checksum(),
                Some((algorithm.as_str(), sent.as_str())),
                "{key}: the download is verified against the stored checksum"
            );
            let announced = [
                &output.checksum_crc32,
                &output.checksum_crc32_c,
                &output.checksum_crc64_nvme,
                &output.checksum_sha256,
            ];
            assert_eq!(announced.into_iter().flatten().collect::<Vec<_>>(), [&sent]);
            let mut read = Vec::new();
            while let Some(chunk) = output.body.next().await {
                read.extend_from_slice(&chunk.unwrap_or_else(|e| panic!("{key}: {e}")));
            }
            assert_eq!(read, data, "{key}");

            // The stored checksum, as GetObjectAttributes reports it.
            let attributes = GetObjectAttributesRequest::builder()
                .bucket("walk-checksums")
                .key(key.as_str())
                .object_attributes(vec![ObjectAttributes::Checksum])
                .build()
                .send(&client)
                .await
                .unwrap_or_else(|e| panic!("GetObjectAttributes {key}: {e}"))
                .checksum
                .unwrap_or_else(|| panic!("{key}: no checksum attribute"));
            let reported = [
                attributes.checksum_crc32,
                attributes.checksum_crc32_c,
                attributes.checksum_crc64_nvme,
                attributes.checksum_sha256,
            ];
            assert_eq!(reported.into_iter().flatten().collect::<Vec<_>>(), [sent]);
        }
    }
    std::fs::remove_file(&path).ok();

    // Without checksum mode nothing is announced, so nothing is verified.
    let plain = GetObjectRequest::builder()
        .bucket("walk-checksums")
        .key("CRC32-bytes")
        .build();
    let config = moto
        .config()
        .with_response_checksum_validation(aws_op::ResponseChecksumValidation::WhenRequired);
    let quiet: Client<S3> = Client::new(&config).expect("a client");
    let output = plain.send(&quiet).await.expect("GetObject");
    assert_eq!(output.checksum_crc32, None);
    assert_eq!(output.body.checksum(), None);
    assert_eq!(output.body.collect().await.expect("the body"), data);
}

#[tokio::test]
async fn multipart_uploads_complete_and_abort() {
    let moto = Moto::start();
    let client = client(&moto);
    create_bucket(&client, "walk-multipart").await;
    let key = "big/Zoë 🚀.bin";
    let created = CreateMultipartUploadRequest::builder()
        .bucket("walk-multipart")
        .key(key)
        .content_type("application/x-walk")
        .checksum_algorithm(ChecksumAlgorithm::Crc32)
        .build()
        .send(&client)
        .await
        .expect("CreateMultipartUpload");
    assert_eq!(created.key.as_deref(), Some(key));
    let upload_id = created.upload_id.expect("an upload id");

    // Two parts of 5 MiB (S3's smallest but the last) and a last one of 1 KiB: the first from
    // bytes, the second from a range of a file, the last from a stream.
    let five_mib = 5 * 1024 * 1024;
    let whole = content(2 * five_mib + 1024, 5);
    let path = temp_file("parts.bin", &whole);
    let bodies = [
        Body::from(whole[..five_mib].to_vec()),
        Body::from_file_range(&path, five_mib as u64, five_mib as u64).expect("the file"),
        Body::from_stream_with_length(chunks_of(&whole[2 * five_mib..], 100), 1024),
    ];
    let mut completed = Vec::new();
    for (number, body) in (1..).zip(bodies) {
        let part = UploadPartRequest::builder()
            .bucket("walk-multipart")
            .key(key)
            .upload_id(upload_id.as_str())
            .part_number(number)
            .checksum_algorithm(ChecksumAlgorithm::Crc32)
            .body(body)
            .build()
            .send(&client)
            .await
            .unwrap_or_else(|e| panic!("UploadPart {number}: {e}"));
        assert!(part.checksum_crc32.is_some(), "part {number}: {part:?}");
        completed.push(CompletedPart {
            e_tag: Some(part.e_tag.expect("a part ETag")),
            part_number: Some(number),
            checksum_crc32: part.checksum_crc32,
            checksum_crc32_c: None,
            checksum_crc64_nvme: None,
            checksum_sha1: None,
            checksum_sha256: None,
            checksum_sha512: None,
            checksum_md5: None,
            checksum_xxhash64: None,
            checksum_xxhash3: None,
            checksum_xxhash128: None,
        });
    }
    std::fs::remove_file(&path).ok();

    let listed = ListPartsRequest::builder()
        .bucket("walk-multipart")
        .key(key)
        .upload_id(upload_id.as_str())
        .build()
        .send(&client)
        .await
        .expect("ListParts");
    let parts = listed.parts.unwrap_or_default();
    let sizes: Vec<(Option<i32>, Option<i64>)> =
        parts.iter().map(|p| (p.part_number, p.size)).collect();
    assert_eq!(
        sizes,
        [
            (Some(1), Some(five_mib as i64)),
            (Some(2), Some(five_mib as i64)),
            (Some(3), Some(1024))
        ]
    );
    let uploads = ListMultipartUploadsRequest::builder()
        .bucket("walk-multipart")
        .build()
        .send(&client)
        .await
        .expect("ListMultipartUploads")
        .uploads
        .unwrap_or_default();
    assert_eq!(uploads.len(), 1);
    assert_eq!(uploads[0].upload_id.as_deref(), Some(upload_id.as_str()));

    let done = CompleteMultipartUploadRequest::builder()
        .bucket("walk-multipart")
        .key(key)
        .upload_id(upload_id.as_str())
        .multipart_upload(CompletedMultipartUpload {
            parts: Some(completed),
        })
        .build()
        .send(&client)
        .await
        .expect("CompleteMultipartUpload");
    let etag = done.e_tag.expect("an ETag");
    assert!(
        etag.trim_matches('"').ends_with("-3"),
        "a multipart ETag: {etag}"
    );
    // The object's CRC32 is composite (over the parts' checksums, `<base64>-3`): recognised as
    // such and not checked against the bytes, which it is not computed from.
    let (output, chunks) = get_chunks(&client, "walk-multipart", key).await;
    let composite = output.checksum_crc32.as_deref().unwrap_or_default();
    assert!(
        composite.ends_with("-3"),
        "a composite checksum: {output:?}"
    );
    assert_eq!(output.content_type.as_deref(), Some("application/x-walk"));
    assert_eq!(output.e_tag.as_deref(), Some(etag.as_str()));
    assert_eq!(chunks.concat(), whole);

    // An upload given up: aborted, then gone.
    let abandoned = CreateMultipartUploadRequest::builder()
        .bucket("walk-multipart")
        .key("abandoned.bin")
        .build()
        .send(&client)
        .await
        .expect("CreateMultipartUpload")
        .upload_id
        .expect("an upload id");
    UploadPartRequest::builder()
        .bucket("walk-multipart")
        .key("abandoned.bin")
        .upload_id(abandoned.as_str())
        .part_number(1)
        .body(Body::from("never completed"))
        .build()
        .send(&client)
        .await
        .expect("UploadPart");
    AbortMultipartUploadRequest::builder()
        .bucket("walk-multipart")
        .key("abandoned.bin")
        .upload_id(abandoned.as_str())
        .build()
        .send(&client)
        .await
        .expect("AbortMultipartUpload");
    let uploads = ListMultipartUploadsRequest::builder()
        .bucket("walk-multipart")
        .build()
        .send(&client)
        .await
        .expect("ListMultipartUploads")
        .uploads
        .unwrap_or_default();
    assert!(uploads.is_empty(), "{uploads:?}");
    let error = AbortMultipartUploadRequest::builder()
        .bucket("walk-multipart")
        .key("abandoned.bin")
        .upload_id(abandoned.as_str())
        .build()
        .send(&client)
        .await
        .expect_err("the upload is gone");
    let service = error.service_error().expect("a service error");
    assert_eq!(service.status, 404);
    assert!(
        matches!(service.err(), AbortMultipartUploadError::NoSuchUpload(_)),
        "expected NoSuchUpload, got {:?} (code {})",
        service.err(),
        service.code
    );
}

#[tokio::test]
async fn objects_are_deleted_in_batches() {
    let moto = Moto::start();
    let client = client(&moto);
    create_bucket(&client, "walk-batch").await;
    // DeleteObjects requires a checksum of its body: sent whether checksums are computed
    // "when supported" (the default) or only "when required".
    let when_required: Client<S3> = Client::new(
        &moto
            .config()
            .with_request_checksum_calculation(RequestChecksumCalculation::WhenRequired),
    )
    .expect("a client");
    for (round, client) in [&client, &when_required].into_iter().enumerate() {
        let keys: Vec<String> = (0..4).map(|i| format!("batch-{round}/Zoë-{i}")).collect();
        for key in &keys {
            put(client, "walk-batch", key, format!("{key} content")).await;
        }
        let deleted = DeleteObjectsRequest::builder()
            .bucket("walk-batch")
            .delete(Delete {
                objects: keys[..3]
                    .iter()
                    .map(|key| ObjectIdentifier {
                        key: key.clone(),
                        version_id: None,
                        e_tag: None,
                        last_modified_time: None,
                        size: None,
                    })
                    .collect(),
                quiet: None,
            })
            .build()
            .send(client)
            .await
            .expect("DeleteObjects");
        assert_eq!(deleted.errors.unwrap_or_default(), []);
        let mut gone: Vec<String> = deleted
            .deleted
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| d.key)
            .collect();
        gone.sort();
        assert_eq!(gone, keys[..3]);
        let left = ListObjectsV2Request::builder()
            .bucket("walk-batch")
            .prefix(format!("batch-{round}/"))
            .build()
            .send(client)
            .await
            .expect("ListObjectsV2");
        let left: Vec<String> = left
            .contents
            .unwrap_or_default()
            .into_iter()
            .filter_map(|o| o.key)
            .collect();
        assert_eq!(left, keys[3..]);
    }
}

/// Sends a presigned request with a plain HTTP client: its method, URL and headers, and a body.
#[tokio::test]
async fn presigned_urls_are_used_by_a_plain_http_client() {
    let moto = Moto::start();
    let client = client(&moto);
    create_bucket(&client, "walk-presign").await;

    let uploaded = "put through a presigned URL: Zoë 🚀".as_bytes().to_vec();
    let put = PutObjectRequest::builder()
        .bucket("walk-presign")
        .key(UNICODE_KEY)
        .content_type("text/plain")
        .build()
        .presign(&client, Duration::from_secs(300))
        .await
        .expect("presign PutObject");
    assert_eq!(put.method, "PUT");
    assert!(put.url.contains("X-Amz-Signature="), "{}", put.url);
    assert!(put.url.contains("X-Amz-Expires=300"), "{}", put.url);
    assert!(
        put.url.contains("%2Fus-east-1%2Fs3%2Faws4_request"),
        "{}",
        put.url
    );
    // The content type is signed, so it travels beside the URL.
    assert!(
        put.headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("content-type") && v == "text/plain"),
        "{:?}",
        put.headers
    );
    // The URL is a credential while it lives: Debug shows its path only.
    assert!(!format!("{put:?}").contains("X-Amz-Signature"));
    let (status, _) = fetch(&put, &put.url, uploaded.clone()).await;
    assert_eq!(status, 200);
    let head = HeadObjectRequest::builder()
        .bucket("walk-presign")
        .key(UNICODE_KEY)
        .build()
        .send(&client)
        .await
        .expect("HeadObject");
    assert_eq!(head.content_type.as_deref(), Some("text/plain"));
    assert_eq!(get(&client, "walk-presign", UNICODE_KEY).await, uploaded);

    let get_url = GetObjectRequest::builder()
        .bucket("walk-presign")
        .key(UNICODE_KEY)
        .build()
        .presign(&client, Duration::from_secs(60))
        .await
        .expect("presign GetObject");
    assert_eq!(get_url.method, "GET");
    let (status, body) = fetch(&get_url, &get_url.url, Vec::new()).await;
    assert_eq!(status, 200);
    assert_eq!(body, uploaded);
}
