//! The S3 emulator through the generated client, the transfer module and a plain HTTP client
//! for presigned URLs: every request is signed, and the emulator verifies each signature form
//! before it changes anything.

use aws_op::{Body, Client, Credentials, Error};
use aws_op_s3::transfer::Transfer;
use aws_op_s3::*;
use aws_op_s3_emulator::S3Emulator;
use common::{content, create_bucket, fetch, put, temp_file, temp_path};
use std::time::Duration;

// The S3 crate's test helpers: deterministic content, a bucket, an object, a presigned fetch.
#[path = "../../services/s3/tests/common/mod.rs"]
mod common;

const MIB: usize = 1024 * 1024;

async fn started() -> (S3Emulator, Client<S3>) {
    let s3 = S3Emulator::start().await.expect("an S3 emulator");
    let client = Client::new(&s3.client_config()).expect("a client");
    (s3, client)
}

async fn get(
    client: &Client<S3>,
    bucket: &str,
    key: &str,
    range: Option<&str>,
) -> Result<(GetObjectOutput, Vec<u8>), Error<GetObjectError>> {
    let mut request = GetObjectRequest::builder().bucket(bucket).key(key).build();
    request.range = range.map(str::to_owned);
    let output = request.send(client).await?;
    let mut output = output;
    let mut bytes = Vec::new();
    while let Some(chunk) = output.body.next().await {
        bytes.extend_from_slice(&chunk.expect("a chunk"));
    }
    Ok((output, bytes))
}

/// The code of a service error, whatever the operation.
fn code<E: std::fmt::Debug>(error: &Error<E>) -> (u16, String) {
    let service = error
        .service_error()
        .unwrap_or_else(|| panic!("a service error, not {error:?}"));
    (service.status, service.code.clone())
}

#[tokio::test]
async fn buckets_objects_ranges_copies_and_errors() {
    let (_s3, client) = started().await;
    create_bucket(&client, "walk").await;
    let again = CreateBucketRequest::builder()
        .bucket("walk")
        .build()
        .send(&client)
        .await
        .expect_err("the bucket exists");
    assert!(
        matches!(
            again.service_error().map(|s| s.err()),
            Some(CreateBucketError::BucketAlreadyOwnedByYou(_))
        ),
        "{again:?}"
    );

    let invalid = CreateBucketRequest::builder()
        .bucket("Not_A_Bucket")
        .build()
        .send(&client)
        .await
        .expect_err("not an S3 bucket name");
    assert_eq!(code(&invalid), (400, "InvalidBucketName".into()));

    let data = content(300_000, 1);
    let key = "docs/Zoë 🚀/naïve.bin";
    let stored = put(&client, "walk", key, data.clone()).await;
    let head = HeadObjectRequest::builder()
        .bucket("walk")
        .key(key)
        .build()
        .send(&client)
        .await
        .expect("HeadObject");
    assert_eq!(head.content_length, Some(300_000));
    assert_eq!(head.e_tag, stored.e_tag);

    let (whole, bytes) = get(&client, "walk", key, None).await.expect("GetObject");
    assert!(bytes == data);
    assert_eq!(whole.e_tag, stored.e_tag);
    let (ranged, bytes) = get(&client, "walk", key, Some("bytes=1000-1999"))
        .await
        .expect("a range");
    assert_eq!(bytes, &data[1000..2000]);
    assert_eq!(
        ranged.content_range.as_deref(),
        Some("bytes 1000-1999/300000")
    );
    let (_, tail) = get(&client, "walk", key, Some("bytes=-10"))
        .await
        .expect("a suffix");
    assert_eq!(tail, &data[data.len() - 10..]);
    let past = get(&client, "walk", key, Some("bytes=300000-"))
        .await
        .expect_err("past the end");
    assert_eq!(code(&past), (416, "InvalidRange".to_string()));
    let missing = get(&client, "walk", "nope", None)
        .await
        .expect_err("no such key");
    assert!(matches!(
        missing.service_error().map(|s| s.err()),
        Some(GetObjectError::NoSuchKey(_))
    ));

    let copied = CopyObjectRequest::builder()
        .bucket("walk")
        .key("copies/naïve.bin")
        .copy_source(format!(
            "walk/{}",
            aws_op::runtime::sigv4::uri_encode(key, false)
        ))
        .build()
        .send(&client)
        .await
        .expect("CopyObject");
    assert_eq!(
        copied.copy_object_result.and_then(|r| r.e_tag),
        stored.e_tag
    );
    assert!(
        get(&client, "walk", "copies/naïve.bin", None)
            .await
            .expect("the copy")
            .1
            == data
    );

    let full = DeleteBucketRequest::builder()
        .bucket("walk")
        .build()
        .send(&client)
        .await
        .expect_err("the bucket holds objects");
    assert_eq!(code(&full), (409, "BucketNotEmpty".to_string()));
    for key in [key, "copies/naïve.bin"] {
        DeleteObjectRequest::builder()
            .bucket("walk")
            .key(key)
            .build()
            .send(&client)
            .await
            .expect("DeleteObject");
    }
    DeleteBucketRequest::builder()
        .bucket("walk")
        .build()
        .send(&client)
        .await
        .expect("the empty bucket is deleted");
    let gone = HeadBucketRequest::builder()
        .bucket("walk")
        .build()
        .send(&client)
        .await
        .expect_err("no bucket");
    assert_eq!(code(&gone).0, 404);
}

#[tokio::test]
async fn listings_page_and_roll_up_common_prefixes() {
    let (_s3, client) = started().await;
    create_bucket(&client, "listing").await;
    for key in ["a/1", "a/2", "b/1", "c", "d", "e"] {
        put(&client, "listing", key, key.as_bytes().to_vec()).await;
    }
    let mut request = ListObjectsV2Request::builder()
        .bucket("listing")
        .max_keys(2)
        .build();
    request.delimiter = Some("/".into());
    let mut pages = request.paginate(&client);
    let (mut keys, mut prefixes, mut count) = (Vec::new(), Vec::new(), 0);
    while let Some(page) = pages.next().await {
        let page = page.expect("a page");
        count += 1;
        keys.extend(
            page.contents
                .unwrap_or_default()
                .into_iter()
                .filter_map(|o| o.key),
        );
        prefixes.extend(
            page.common_prefixes
                .unwrap_or_default()
                .into_iter()
                .filter_map(|p| p.prefix),
        );
    }
    assert_eq!(prefixes, ["a/", "b/"]);
    assert_eq!(keys, ["c", "d", "e"]);
    assert_eq!(count, 3, "5 entries in pages of 2");

    let buckets = ListBucketsRequest::builder()
        .build()
        .send(&client)
        .await
        .expect("ListBuckets");
    let names: Vec<_> = buckets
        .buckets
        .unwrap_or_default()
        .into_iter()
        .filter_map(|b| b.name)
        .collect();
    assert_eq!(names, ["listing"]);
}

#[tokio::test]
async fn checksums_are_verified_kept_and_returned() {
    let (_s3, client) = started().await;
    create_bucket(&client, "sums").await;
    let data = content(100_000, 2);
    PutObjectRequest::builder()
        .bucket("sums")
        .key("crc32c.bin")
        .checksum_algorithm(ChecksumAlgorithm::Crc32c)
        .body(Body::from(data.clone()))
        .build()
        .send(&client)
        .await
        .expect("PutObject with CRC32C");
    let mut request = GetObjectRequest::builder()
        .bucket("sums")
        .key("crc32c.bin")
        .build();
    request.checksum_mode = Some(ChecksumMode::Enabled);
    let mut output = request.send(&client).await.expect("GetObject");
    assert!(output.checksum_crc32_c.is_some(), "the checksum comes back");
    assert!(
        output.body.checksum().is_some(),
        "and the client checks it as it reads"
    );
    let mut read = Vec::new();
    while let Some(chunk) = output.body.next().await {
        read.extend_from_slice(&chunk.expect("verified bytes"));
    }
    assert!(read == data);

    let mut wrong = PutObjectRequest::builder()
        .bucket("sums")
        .key("wrong.bin")
        .body(Body::from(data.clone()))
        .build();
    wrong.checksum_sha256 =
        Some(aws_op::runtime::checksum::ChecksumAlgorithm::Sha256.checksum(b"other"));
    let refused = wrong
        .send(&client)
        .await
        .expect_err("a checksum of other bytes");
    assert_eq!(code(&refused), (400, "BadDigest".to_string()));
    let missing = get(&client, "sums", "wrong.bin", None)
        .await
        .expect_err("nothing stored");
    assert_eq!(code(&missing).0, 404);
}

#[tokio::test]
async fn multipart_transfers_round_trip_with_composite_checksums() {
    let (s3, client) = started().await;
    create_bucket(&client, "big").await;
    let data = content(21 * MIB + 123, 3);
    let path = temp_path("emulator-blob.bin");
    std::fs::write(&path, &data).expect("the source file");
    let transfer = Transfer::new(&client)
        .part_size(5 * MIB as u64)
        .concurrency(4)
        .checksum(ChecksumAlgorithm::Sha256);
    let uploaded = transfer
        .upload_file(&path, "big", "blob.bin")
        .await
        .expect("the upload");
    assert_eq!(uploaded.parts, 5);
    assert!(uploaded.e_tag.ends_with("-5\""), "{}", uploaded.e_tag);
    assert_eq!(s3.uploads_in_progress("big"), 0);

    let mut request = HeadObjectRequest::builder()
        .bucket("big")
        .key("blob.bin")
        .build();
    request.checksum_mode = Some(ChecksumMode::Enabled);
    let head = request.send(&client).await.expect("HeadObject");
    assert!(
        head.checksum_sha256
            .as_deref()
            .is_some_and(|c| c.ends_with("-5")),
        "{head:?}"
    );
    assert_eq!(head.checksum_type, Some(ChecksumType::Composite));

    let target = path.with_extension("down");
    let downloaded = transfer
        .download_file("big", "blob.bin", &target)
        .await
        .expect("the download");
    assert_eq!(downloaded.ranges, 5);
    assert!(std::fs::read(&target).expect("the downloaded file") == data);
    for file in [path, target] {
        std::fs::remove_file(file).ok();
    }
}

#[tokio::test]
async fn multipart_rules_are_enforced() {
    let (s3, client) = started().await;
    create_bucket(&client, "rules").await;
    let upload_id = CreateMultipartUploadRequest::builder()
        .bucket("rules")
        .key("small-parts")
        .build()
        .send(&client)
        .await
        .expect("CreateMultipartUpload")
        .upload_id
        .expect("an upload id");
    let mut parts = Vec::new();
    for number in 1..=2 {
        let part = UploadPartRequest::builder()
            .bucket("rules")
            .key("small-parts")
            .upload_id(upload_id.as_str())
            .part_number(number)
            .body(Body::from(content(1000, number as u8)))
            .build()
            .send(&client)
            .await
            .expect("UploadPart");
        parts.push(
            CompletedPart::builder()
                .part_number(number)
                .e_tag(part.e_tag.expect("an ETag"))
                .build(),
        );
    }
    let listed = ListPartsRequest::builder()
        .bucket("rules")
        .key("small-parts")
        .upload_id(upload_id.as_str())
        .build()
        .send(&client)
        .await
        .expect("ListParts");
    let sizes: Vec<_> = listed
        .parts
        .unwrap_or_default()
        .into_iter()
        .map(|p| (p.part_number, p.size))
        .collect();
    assert_eq!(sizes, [(Some(1), Some(1000)), (Some(2), Some(1000))]);
    let complete = |parts: Vec<CompletedPart>| {
        CompleteMultipartUploadRequest::builder()
            .bucket("rules")
            .key("small-parts")
            .upload_id(upload_id.as_str())
            .multipart_upload(CompletedMultipartUpload { parts: Some(parts) })
            .build()
            .send(&client)
    };
    let too_small = complete(parts.clone())
        .await
        .expect_err("a first part under 5 MiB");
    assert_eq!(code(&too_small), (400, "EntityTooSmall".to_string()));
    let mut reversed = parts.clone();
    reversed.reverse();
    let disordered = complete(reversed).await.expect_err("parts out of order");
    assert_eq!(code(&disordered), (400, "InvalidPartOrder".to_string()));
    let mut wrong = parts[1..].to_vec();
    wrong[0].e_tag = Some("\"0000\"".into());
    let mismatched = complete(wrong)
        .await
        .expect_err("an ETag that is not the part's");
    assert_eq!(code(&mismatched), (400, "InvalidPart".to_string()));
    let single = complete(parts[..1].to_vec())
        .await
        .expect("the first part alone is also the last");
    assert!(single.e_tag.is_some_and(|e| e.ends_with("-1\"")));
    assert_eq!(s3.uploads_in_progress("rules"), 0);
    let after = AbortMultipartUploadRequest::builder()
        .bucket("rules")
        .key("small-parts")
        .upload_id(upload_id.as_str())
        .build()
        .send(&client)
        .await
        .expect_err("the upload is complete");
    assert!(matches!(
        after.service_error().map(|s| s.err()),
        Some(AbortMultipartUploadError::NoSuchUpload(_))
    ));
}

#[tokio::test]
async fn presigned_urls_work_until_tampered_with_or_expired() {
    let (_s3, client) = started().await;
    create_bucket(&client, "shared").await;
    let key = "links/Zoë 🚀.txt";
    let uploaded = "put through a presigned URL".as_bytes().to_vec();
    let put_url = PutObjectRequest::builder()
        .bucket("shared")
        .key(key)
        .content_type("text/plain")
        .build()
        .presign(&client, Duration::from_secs(300))
        .await
        .expect("presign PutObject");
    assert_eq!(fetch(&put_url, &put_url.url, uploaded.clone()).await.0, 200);

    let get_url = GetObjectRequest::builder()
        .bucket("shared")
        .key(key)
        .build()
        .presign(&client, Duration::from_secs(300))
        .await
        .expect("presign GetObject");
    let (status, body) = fetch(&get_url, &get_url.url, Vec::new()).await;
    assert_eq!((status, body), (200, uploaded));

    let other_key = get_url.url.replace("links/", "link/");
    assert_eq!(
        fetch(&get_url, &other_key, Vec::new()).await.0,
        403,
        "a tampered path"
    );
    let short = GetObjectRequest::builder()
        .bucket("shared")
        .key(key)
        .build()
        .presign(&client, Duration::from_secs(1))
        .await
        .expect("presign for a second");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        fetch(&short, &short.url, Vec::new()).await.0,
        403,
        "an expired URL"
    );
}

#[tokio::test]
async fn a_wrong_secret_changes_nothing() {
    let (s3, client) = started().await;
    create_bucket(&client, "guarded").await;
    let config = s3.client_config().with_credentials(Credentials::new(
        aws_op_emulator::DEFAULT_ACCESS_KEY_ID,
        "not-the-secret",
        None,
    ));
    let intruder: Client<S3> = Client::new(&config).expect("a client");
    let refused = PutObjectRequest::builder()
        .bucket("guarded")
        .key("planted")
        .body(Body::from(&b"x"[..]))
        .build()
        .send(&intruder)
        .await
        .expect_err("a bad signature");
    assert_eq!(code(&refused), (403, "SignatureDoesNotMatch".into()));
    let missing = get(&client, "guarded", "planted", None)
        .await
        .expect_err("nothing stored");
    assert_eq!(code(&missing).0, 404);
}

#[tokio::test]
async fn single_puts_beyond_a_part_go_up_whole_until_the_body_limit() {
    let (_s3, client) = started().await;
    create_bucket(&client, "whole").await;
    // A file and a stream of known length (over plain HTTP both go aws-chunked, signed chunk
    // by chunk), each larger than the mock server's default body limit.
    let data = content(40 * MIB, 7);
    let path = temp_file("single-put-40mib", &data);
    put(
        &client,
        "whole",
        "file",
        Body::from_path(&path).expect("the file"),
    )
    .await;
    std::fs::remove_file(&path).ok();
    put(
        &client,
        "whole",
        "stream",
        Body::from_stream_with_length(
            common::chunks_of(&data[..20 * MIB], 100_000),
            20 * MIB as u64,
        ),
    )
    .await;
    let (_, file) = get(&client, "whole", "file", None).await.expect("file");
    assert!(file == data, "the file came back changed");
    let (_, stream) = get(&client, "whole", "stream", None).await.expect("stream");
    assert!(stream == data[..20 * MIB], "the stream came back changed");

    // A lower limit refuses a larger body before reading it, and stores nothing.
    let limited =
        S3Emulator::start_with(aws_op_emulator::EmulatorConfig::new().max_body_bytes(MIB as u64))
            .await
            .expect("an S3 emulator");
    let client: Client<S3> = Client::new(&limited.client_config()).expect("a client");
    create_bucket(&client, "small").await;
    let refused = PutObjectRequest::builder()
        .bucket("small")
        .key("big")
        .body(Body::from(data[..2 * MIB].to_vec()))
        .build()
        .send(&client)
        .await
        .expect_err("over the limit");
    assert_eq!(
        code(&refused),
        (400, "EntityTooLarge".into()),
        "{refused:?}"
    );
    let missing = get(&client, "small", "big", None)
        .await
        .expect_err("nothing stored");
    assert_eq!(code(&missing).0, 404);
}

/// The name of the root element of an XML document (after any `<?xml ...?>` declaration).
fn root_element(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut rest = text.trim_start();
    if let Some(declaration) = rest.strip_prefix("<?") {
        rest = declaration
            .split_once("?>")
            .map_or("", |(_, after)| after.trim_start());
    }
    rest.strip_prefix('<')
        .and_then(|element| element.split(['>', ' ', '/']).next())
        .unwrap_or_else(|| panic!("no XML element in {text:?}"))
        .to_owned()
}

#[tokio::test]
async fn responses_are_rooted_where_s3_roots_them() {
    // Other S3 clients check the root element, so these are S3's names, not the output
    // shapes' (which is all botocore's model gives).
    let (_s3, client) = started().await;
    create_bucket(&client, "roots").await;
    let list = ListObjectsV2Request::builder()
        .bucket("roots")
        .build()
        .presign(&client, Duration::from_secs(60))
        .await
        .expect("presign ListObjectsV2");
    let (status, body) = fetch(&list, &list.url, Vec::new()).await;
    assert_eq!(
        (status, root_element(&body)),
        (200, "ListBucketResult".into())
    );
    let buckets = ListBucketsRequest::builder()
        .build()
        .presign(&client, Duration::from_secs(60))
        .await
        .expect("presign ListBuckets");
    let (status, body) = fetch(&buckets, &buckets.url, Vec::new()).await;
    assert_eq!(
        (status, root_element(&body)),
        (200, "ListAllMyBucketsResult".into())
    );
    let create = CreateMultipartUploadRequest::builder()
        .bucket("roots")
        .key("parts")
        .build()
        .presign(&client, Duration::from_secs(60))
        .await
        .expect("presign CreateMultipartUpload");
    let (status, body) = fetch(&create, &create.url, Vec::new()).await;
    assert_eq!(
        (status, root_element(&body)),
        (200, "InitiateMultipartUploadResult".into())
    );
}

/// The files under `dir`, recursively.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a directory") {
        let path = entry.expect("an entry").path();
        match path.is_dir() {
            true => found.extend(files_under(&path)),
            false => found.push(path),
        }
    }
    found
}

#[tokio::test]
async fn a_directory_keeps_objects_across_restarts() {
    let dir = temp_path("emulator-dir");
    std::fs::remove_dir_all(&dir).ok();
    let config = || aws_op_emulator::EmulatorConfig::new().max_body_bytes(64 * MIB as u64);
    let s3 = S3Emulator::start_in_directory(config(), &dir)
        .await
        .expect("an S3 emulator in a directory");
    let client: Client<S3> = Client::new(&s3.client_config()).expect("a client");
    create_bucket(&client, "kept").await;
    let small = content(70_000, 5);
    let mut request = PutObjectRequest::builder()
        .bucket("kept")
        .key("notes/ü.txt")
        .content_type("text/plain")
        .checksum_algorithm(ChecksumAlgorithm::Crc32c)
        .body(Body::from(small.clone()))
        .build();
    request.metadata = Some([("owner".to_owned(), "ops".to_owned())].into());
    let put_small = request.send(&client).await.expect("PutObject");
    let large = content(11 * MIB + 7, 6);
    let path = temp_file("emulator-dir-large", &large);
    let transfer = |client: &Client<S3>| {
        Transfer::new(client)
            .part_size(5 * MIB as u64)
            .multipart_threshold(5 * MIB as u64)
    };
    let uploaded = transfer(&client)
        .upload_file(&path, "kept", "large.bin")
        .await
        .expect("a multipart upload");
    assert_eq!(uploaded.parts, 3);
    std::fs::remove_file(&path).ok();
    CopyObjectRequest::builder()
        .bucket("kept")
        .key("copy.txt")
        .copy_source("kept/notes/%C3%BC.txt")
        .build()
        .send(&client)
        .await
        .expect("CopyObject");
    put(&client, "kept", "gone", b"soon deleted".to_vec()).await;
    DeleteObjectRequest::builder()
        .bucket("kept")
        .key("gone")
        .build()
        .send(&client)
        .await
        .expect("DeleteObject");
    let unfinished = CreateMultipartUploadRequest::builder()
        .bucket("kept")
        .key("unfinished")
        .build()
        .send(&client)
        .await
        .expect("CreateMultipartUpload");
    let upload_id = unfinished.upload_id.expect("an upload id");
    // The bytes are in files, not in memory: three objects, each a file and its description.
    let stored: u64 = files_under(&dir)
        .iter()
        .map(|f| f.metadata().expect("a file").len())
        .sum();
    assert!(stored >= (2 * small.len() + large.len()) as u64, "{stored}");
    assert_eq!(files_under(&dir.join("kept/objects")).len(), 6);
    drop(client);
    drop(s3);

    let s3 = S3Emulator::start_in_directory(config(), &dir)
        .await
        .expect("the emulator again");
    let client: Client<S3> = Client::new(&s3.client_config()).expect("a client");
    let mut request = GetObjectRequest::builder()
        .bucket("kept")
        .key("notes/ü.txt")
        .build();
    request.checksum_mode = Some(ChecksumMode::Enabled);
    let mut again = request
        .send(&client)
        .await
        .expect("the object is still there");
    let mut bytes = Vec::new();
    while let Some(chunk) = again.body.next().await {
        bytes.extend_from_slice(&chunk.expect("a chunk"));
    }
    assert!(bytes == small);
    assert_eq!(again.e_tag, put_small.e_tag);
    assert_eq!(again.content_type.as_deref(), Some("text/plain"));
    assert_eq!(
        again
            .metadata
            .as_ref()
            .and_then(|m| m.get("owner"))
            .map(String::as_str),
        Some("ops")
    );
    assert_eq!(again.checksum_crc32_c, put_small.checksum_crc32_c);
    let (head, tail) = get(&client, "kept", "large.bin", Some("bytes=-10"))
        .await
        .expect("a ranged read of the multipart object");
    assert_eq!(head.e_tag.as_deref(), Some(uploaded.e_tag.as_str()));
    assert!(tail == large[large.len() - 10..]);
    let (_, copied) = get(&client, "kept", "copy.txt", None)
        .await
        .expect("the copy");
    assert!(copied == small);
    let listed = ListObjectsV2Request::builder()
        .bucket("kept")
        .build()
        .send(&client)
        .await
        .expect("ListObjectsV2");
    let keys: Vec<_> = listed
        .contents
        .unwrap_or_default()
        .into_iter()
        .filter_map(|o| o.key)
        .collect();
    assert_eq!(keys, ["copy.txt", "large.bin", "notes/ü.txt"]);
    let forgotten = ListPartsRequest::builder()
        .bucket("kept")
        .key("unfinished")
        .upload_id(upload_id)
        .build()
        .send(&client)
        .await
        .expect_err("uploads in progress are not kept");
    assert_eq!(code(&forgotten).1, "NoSuchUpload");
    // New uploads go on after the restart.
    let path = temp_file("emulator-dir-again", &large);
    let again = transfer(&client)
        .upload_file(&path, "kept", "large-again.bin")
        .await
        .expect("a multipart upload after the restart");
    assert_eq!(again.parts, 3);
    std::fs::remove_file(&path).ok();
    let keys = [keys, vec!["large-again.bin".to_owned()]].concat();

    // Deleting removes the files; an emptied bucket's directory goes with it.
    for key in keys {
        DeleteObjectRequest::builder()
            .bucket("kept")
            .key(key)
            .build()
            .send(&client)
            .await
            .expect("DeleteObject");
    }
    assert!(files_under(&dir.join("kept/objects")).is_empty());
    DeleteBucketRequest::builder()
        .bucket("kept")
        .build()
        .send(&client)
        .await
        .expect("DeleteBucket");
    assert!(!dir.join("kept").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn injected_faults_act_as_the_emulators() {
    use aws_op_emulator::{Fault, FaultScope};
    let (s3, client) = started().await;
    create_bucket(&client, "faulty").await;
    let data = content(3 * MIB + 11, 9);

    // An injected error is S3's document; with one attempt the caller sees it typed.
    s3.script_faults(FaultScope::operation("PutObject"), [Fault::unavailable()]);
    let once: Client<S3> = Client::new(&s3.client_config().with_max_attempts(1)).expect("a client");
    let refused = PutObjectRequest::builder()
        .bucket("faulty")
        .key("once")
        .body(Body::from(data.clone()))
        .build()
        .send(&once)
        .await
        .expect_err("the injected 503");
    assert_eq!(code(&refused), (503, "ServiceUnavailable".into()));

    // The default client retries an error and a connection dropped after the object was
    // stored (the first call's first two attempts), then an answer cut off (the second's).
    s3.script_faults(
        FaultScope::operation("PutObject"),
        [Fault::internal(), Fault::DropAfterCommit],
    );
    put(&client, "faulty", "first", data.clone()).await;
    s3.script_faults(FaultScope::operation("PutObject"), [Fault::TruncatedBody]);
    put(&client, "faulty", "second", data.clone()).await;

    // A ranged download cut off mid-body resumes from the first byte not written.
    s3.script_faults(FaultScope::operation("GetObject"), [Fault::TruncatedBody]);
    let target = temp_path("faulty-download");
    Transfer::new(&client)
        .part_size(5 * MIB as u64)
        .download_file("faulty", "first", &target)
        .await
        .expect("a download that resumes");
    assert!(std::fs::read(&target).expect("the file") == data);
    std::fs::remove_file(&target).ok();

    let injected = s3.faults_injected();
    assert_eq!(
        (
            injected["error"],
            injected["drop-after"],
            injected["truncate"]
        ),
        (2, 1, 2),
        "{injected:?}"
    );
}
