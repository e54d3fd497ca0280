//! The transfer module through its public path: multipart uploads and concurrent ranged
//! downloads against moto (a third-party S3), and the failures moto cannot stage (a part that
//! fails, a connection cut mid-body) against the typed mock server, which verifies every
//! signature.

use aws_op::{ByteStream, Client};
use aws_op_emulator::MockServer;
use aws_op_moto::Moto;
use aws_op_s3::transfer::{Progress, Transfer};
use aws_op_s3::*;
use common::{chunks_of, chunks_then_error, content, create_bucket, temp_path};
use std::sync::{Arc, Mutex};

mod common;

const MIB: usize = 1024 * 1024;

/// A transfer whose progress reports are kept for the test to inspect.
fn recorded(transfer: Transfer) -> (Transfer, Arc<Mutex<Vec<Progress>>>) {
    let reports = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&reports);
    let transfer = transfer.on_progress(move |p| sink.lock().unwrap().push(p));
    (transfer, reports)
}

/// Progress grows with every report, ends at `transferred`, and always announces `total`.
fn assert_progress_reaches(reports: &Mutex<Vec<Progress>>, transferred: u64, total: Option<u64>) {
    let reports = reports.lock().unwrap();
    let amounts: Vec<u64> = reports.iter().map(|p| p.transferred).collect();
    assert!(amounts.windows(2).all(|w| w[0] < w[1]), "{amounts:?}");
    assert_eq!(amounts.last(), Some(&transferred), "{reports:?}");
    assert!(reports.iter().all(|p| p.total == total));
}

async fn open_uploads(client: &Client<S3>, bucket: &str) -> usize {
    ListMultipartUploadsRequest::builder()
        .bucket(bucket)
        .build()
        .send(client)
        .await
        .expect("ListMultipartUploads")
        .uploads
        .map_or(0, |uploads| uploads.len())
}

#[tokio::test]
async fn a_file_goes_up_in_concurrent_parts_and_comes_down_in_concurrent_ranges() {
    let moto = Moto::start();
    let client: Client<S3> = Client::new(&moto.config()).expect("a client for moto");
    create_bucket(&client, "transfer-multipart").await;
    let data = content(11 * MIB + 517, 0);
    let source = temp_path("multipart-source.bin");
    std::fs::write(&source, &data).expect("the source file");
    let key = "big/Zoë 🚀.bin";

    let (up, up_progress) = recorded(
        Transfer::new(&client)
            .part_size(5 * MIB as u64)
            .multipart_threshold(5 * MIB as u64)
            .concurrency(2),
    );
    let uploaded = up
        .upload_file(&source, "transfer-multipart", key)
        .await
        .expect("the multipart upload");
    assert_eq!(uploaded.parts, 3);
    assert_eq!(uploaded.size, data.len() as u64);
    assert!(uploaded.e_tag.ends_with("-3\""), "{}", uploaded.e_tag);
    let len = data.len() as u64;
    assert_progress_reaches(&up_progress, len, Some(len));
    assert_eq!(open_uploads(&client, "transfer-multipart").await, 0);

    let target = temp_path("multipart-target.bin");
    let (down, down_progress) = recorded(
        Transfer::new(&client)
            .part_size(4 * MIB as u64)
            .concurrency(3),
    );
    let downloaded = down
        .download_file("transfer-multipart", key, &target)
        .await
        .expect("the ranged download");
    assert_eq!(downloaded.ranges, 3);
    assert_eq!(downloaded.resumes, 0);
    assert_eq!(downloaded.e_tag.as_deref(), Some(uploaded.e_tag.as_str()));
    assert!(std::fs::read(&target).expect("the downloaded file") == data);
    assert_progress_reaches(&down_progress, len, Some(len));
    assert!(!temp_path("multipart-target.bin.partial").exists());
    for path in [source, target] {
        std::fs::remove_file(path).ok();
    }
}

#[tokio::test]
async fn a_stream_of_unknown_length_goes_up_in_parts_or_whole() {
    let moto = Moto::start();
    let client: Client<S3> = Client::new(&moto.config()).expect("a client for moto");
    create_bucket(&client, "transfer-stream").await;
    let (transfer, progress) = recorded(Transfer::new(&client).part_size(5 * MIB as u64));
    let data = content(10 * MIB + 4321, 0);
    let uploaded = transfer
        .upload_stream(chunks_of(&data, 333_333), "transfer-stream", "streamed.bin")
        .await
        .expect("the streamed upload");
    assert_eq!((uploaded.parts, uploaded.size), (3, data.len() as u64));
    assert!(uploaded.e_tag.ends_with("-3\""), "{}", uploaded.e_tag);
    assert_progress_reaches(&progress, data.len() as u64, None);

    let short = content(1000, 0);
    let whole = transfer
        .upload_stream(chunks_of(&short, 300), "transfer-stream", "short.bin")
        .await
        .expect("the short stream");
    assert_eq!((whole.parts, whole.size), (1, 1000));

    for (key, expected) in [("streamed.bin", data), ("short.bin", short)] {
        let target = temp_path(key);
        transfer
            .download_file("transfer-stream", key, &target)
            .await
            .unwrap_or_else(|e| panic!("downloading {key}: {e}"));
        assert!(
            std::fs::read(&target).expect("the downloaded file") == expected,
            "{key}"
        );
        std::fs::remove_file(target).ok();
    }
    assert_eq!(open_uploads(&client, "transfer-stream").await, 0);
}

#[tokio::test]
async fn small_and_empty_files_go_up_whole() {
    let moto = Moto::start();
    let client: Client<S3> = Client::new(&moto.config()).expect("a client for moto");
    create_bucket(&client, "transfer-small").await;
    // An empty file goes up whole even when every file is to go in parts.
    for (name, len, threshold) in [("small.bin", 70_000, 16 * MIB), ("empty.bin", 0, 0)] {
        let transfer = Transfer::new(&client)
            .checksum(ChecksumAlgorithm::Sha256)
            .multipart_threshold(threshold as u64);
        let data = content(len, 0);
        let source = temp_path(name);
        std::fs::write(&source, &data).expect("the source file");
        let uploaded = transfer
            .upload_file(&source, "transfer-small", name)
            .await
            .unwrap_or_else(|e| panic!("uploading {name}: {e}"));
        assert_eq!((uploaded.parts, uploaded.size), (1, len as u64));
        assert!(!uploaded.e_tag.contains('-'), "a single PutObject's ETag");

        let target = temp_path(&format!("{name}.down"));
        let downloaded = transfer
            .download_file("transfer-small", name, &target)
            .await
            .unwrap_or_else(|e| panic!("downloading {name}: {e}"));
        assert_eq!(downloaded.ranges, u32::from(len > 0));
        assert!(std::fs::read(&target).expect("the downloaded file") == data);
        for path in [source, target] {
            std::fs::remove_file(path).ok();
        }
    }
}

#[tokio::test]
async fn a_missing_object_or_a_part_size_s3_refuses_fails_before_anything_is_written() {
    let moto = Moto::start();
    let client: Client<S3> = Client::new(&moto.config()).expect("a client for moto");
    create_bucket(&client, "transfer-refused").await;

    let target = temp_path("missing.bin");
    let error = Transfer::new(&client)
        .download_file("transfer-refused", "no/such/key", &target)
        .await
        .expect_err("a missing key");
    assert_eq!(error.step(), "HeadObject");
    assert!(!target.exists() && !temp_path("missing.bin.partial").exists());

    let source = temp_path("tiny-parts.bin");
    std::fs::write(&source, content(3 * MIB, 0)).expect("the source file");
    let error = Transfer::new(&client)
        .part_size(MIB as u64)
        .multipart_threshold(0)
        .upload_file(&source, "transfer-refused", "tiny-parts.bin")
        .await
        .expect_err("parts of 1 MiB");
    assert_eq!(error.step(), "planning the upload");
    assert!(
        error.to_string().contains("below S3's smallest part"),
        "{error}"
    );
    assert_eq!(open_uploads(&client, "transfer-refused").await, 0);
    std::fs::remove_file(source).ok();
}

/// A mock S3 that starts multipart upload `upload_id` and accepts its abort; each test says how
/// it answers the parts.
async fn multipart_mock(upload_id: &str) -> MockServer<S3> {
    let mock = MockServer::<S3>::start().await.expect("a mock server");
    mock.on::<CreateMultipartUploadRequest>().returns(
        CreateMultipartUploadOutput::builder()
            .upload_id(upload_id)
            .build(),
    );
    mock.on::<AbortMultipartUploadRequest>()
        .returns(AbortMultipartUploadOutput::builder().build());
    mock
}

#[tokio::test]
async fn a_failed_part_cancels_the_upload_and_aborts_it() {
    let mock = multipart_mock("upload-7").await;
    mock.on::<UploadPartRequest>()
        .returns(UploadPartOutput::builder().e_tag("\"part\"").build())
        .status(403);
    let client: Client<S3> = Client::new(&mock.client_config()).expect("a client");
    let source = temp_path("failing-part.bin");
    std::fs::write(&source, content(10 * MIB + 1, 0)).expect("the source file");

    let error = Transfer::new(&client)
        .part_size(5 * MIB as u64)
        .concurrency(1)
        .multipart_threshold(0)
        .upload_file(&source, "bucket", "failing-part.bin")
        .await
        .expect_err("the second part is refused");
    let parts: Vec<i32> = mock
        .take_received::<UploadPartRequest>()
        .iter()
        .map(|part| part.part_number)
        .collect();
    assert_eq!(
        parts,
        [1, 2],
        "no part after the failed one is sent ({error})"
    );
    assert_eq!(error.step(), "UploadPart 2", "{error}");
    assert!(error.upload_aborted(), "{error}");
    assert!(
        error.to_string().contains("upload-7 was aborted"),
        "{error}"
    );
    let aborted = mock.take_received::<AbortMultipartUploadRequest>();
    assert_eq!(aborted.len(), 1);
    assert_eq!(aborted[0].upload_id, "upload-7");
    assert!(mock
        .take_received::<CompleteMultipartUploadRequest>()
        .is_empty());
    std::fs::remove_file(source).ok();
}

#[tokio::test]
async fn a_stream_that_fails_midway_aborts_its_upload() {
    let mock = multipart_mock("upload-9").await;
    mock.on::<UploadPartRequest>()
        .returns(UploadPartOutput::builder().e_tag("\"part\"").build());
    let client: Client<S3> = Client::new(&mock.client_config()).expect("a client");

    let error = Transfer::new(&client)
        .part_size(5 * MIB as u64)
        .upload_stream(
            chunks_then_error(&content(6 * MIB, 0), MIB, "the source broke"),
            "bucket",
            "broken.bin",
        )
        .await
        .expect_err("the stream breaks");
    assert_eq!(error.step(), "reading the stream", "{error}");
    assert!(error.to_string().contains("the source broke"), "{error}");
    assert!(error.upload_aborted(), "{error}");
    assert_eq!(mock.take_received::<AbortMultipartUploadRequest>().len(), 1);
    assert!(mock
        .take_received::<CompleteMultipartUploadRequest>()
        .is_empty());
}

/// A mock S3 holding one object of `data`, whose first `GetObject` is cut off mid-body.
async fn object_cut_off_once(data: &[u8]) -> MockServer<S3> {
    let mock = MockServer::<S3>::start().await.expect("a mock server");
    let len = data.len();
    mock.on::<HeadObjectRequest>().returns(
        HeadObjectOutput::builder()
            .content_length(len as i64)
            .e_tag("\"v1\"")
            .build(),
    );
    let half = len / 2;
    mock.on::<GetObjectRequest>()
        .returns_cut_off(
            GetObjectOutput::builder()
                .body(ByteStream::from_bytes(data.to_vec()))
                .content_range(format!("bytes 0-{}/{len}", len - 1))
                .build(),
        )
        .returns(
            GetObjectOutput::builder()
                .body(ByteStream::from_bytes(data[half..].to_vec()))
                .content_range(format!("bytes {half}-{}/{len}", len - 1))
                .build(),
        );
    mock
}

#[tokio::test]
async fn a_range_cut_off_mid_body_resumes_where_it_stopped() {
    let data = content(300_001, 0);
    let mock = object_cut_off_once(&data).await;
    let client: Client<S3> = Client::new(&mock.client_config()).expect("a client");
    let target = temp_path("resumed.bin");

    let downloaded = Transfer::new(&client)
        .download_file("bucket", "resumed.bin", &target)
        .await
        .expect("the download, resumed");
    assert_eq!((downloaded.ranges, downloaded.resumes), (1, 1));
    assert!(std::fs::read(&target).expect("the downloaded file") == data);
    let asked: Vec<(Option<String>, Option<String>)> = mock
        .take_received::<GetObjectRequest>()
        .into_iter()
        .map(|get| (get.range, get.if_match))
        .collect();
    let v1 = Some("\"v1\"".to_string());
    assert_eq!(
        asked,
        [
            (Some("bytes=0-300000".into()), v1.clone()),
            (Some("bytes=150000-300000".into()), v1),
        ]
    );
    std::fs::remove_file(target).ok();
}

#[tokio::test]
async fn a_range_that_keeps_failing_fails_the_download_and_leaves_no_file() {
    let data = content(40_000, 0);
    let mock = object_cut_off_once(&data).await;
    let client: Client<S3> = Client::new(&mock.client_config()).expect("a client");
    let target = temp_path("never-resumed.bin");

    let error = Transfer::new(&client)
        .max_resumes(0)
        .download_file("bucket", "never-resumed.bin", &target)
        .await
        .expect_err("no resumption allowed");
    assert!(
        error.step().starts_with("GetObject bytes=0-39999"),
        "{error}"
    );
    assert!(
        error.to_string().contains("stopped at byte 20000"),
        "{error}"
    );
    assert!(!target.exists() && !temp_path("never-resumed.bin.partial").exists());
}
