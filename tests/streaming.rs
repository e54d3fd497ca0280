//! Streaming bodies over loopback, both ways: uploads from bytes, a file and a stream, downloads
//! read as a stream, for a restJson1 service (plain SigV4, the body's SHA-256 signed) and an
//! S3-signed restXml service (files and streams sent aws-chunked with signed chunks).
//!
//! The server here is a small object store that verifies every signature it receives with the
//! runtime's verifier: the request's, and for aws-chunked bodies each chunk's, chained from the
//! request's. It stores an object only when its body arrived whole and verified.

use aws_op::prelude::*;
use aws_op::runtime::checksum::ChecksumAlgorithm;
use aws_op::runtime::sigv4;
use aws_op::ByteStreamErrorKind;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::Frame;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

mod stream_sources;
use stream_sources::{Items, Received};

const ACCESS_KEY: &str = "AKIDSTREAMING";
const SECRET: &str = "streaming/secret";

// ------------------------------------------------------------------ the two services

#[aws_service(
    id = "Blob Store",
    signing_name = "blobstore",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct BlobStore;

#[aws_operation(service = BlobStore, http = "PUT /blobs/{Name}")]
pub struct PutBlobRequest {
    #[aws(label)]
    pub name: String,
    #[aws(payload)]
    pub body: Body,
}

/// A payload left out of the signature (Smithy `unsignedPayload`): it may be a stream.
#[aws_operation(service = BlobStore, http = "PUT /unsigned/{Name}", unsigned_payload)]
pub struct PutUnsignedBlobRequest {
    #[aws(label)]
    pub name: String,
    #[aws(payload)]
    pub body: Body,
}

#[aws_operation(service = BlobStore, http = "GET /blobs/{Name}", output = GetBlobOutput)]
pub struct GetBlobRequest {
    #[aws(label)]
    pub name: String,
}

#[aws_shape]
pub struct GetBlobOutput {
    #[aws(header = "Content-Length")]
    pub content_length: Option<i64>,
    #[aws(payload)]
    pub body: ByteStream,
}

#[aws_service(
    id = "Object Store",
    signing_name = "s3",
    protocol = "restXml",
    api_version = "2006-03-01",
    signature_version = "s3v4"
)]
pub struct ObjectStore;

#[aws_operation(service = ObjectStore, http = "PUT /{Bucket}/{Key+}",
                http_checksum(request_algorithm_header = "x-amz-sdk-checksum-algorithm"))]
pub struct PutObjectRequest {
    #[aws(label)]
    pub bucket: String,
    #[aws(label)]
    pub key: String,
    #[aws(header = "x-amz-sdk-checksum-algorithm")]
    pub checksum_algorithm: Option<String>,
    #[aws(payload)]
    pub body: Body,
}

#[aws_operation(service = ObjectStore, http = "GET /{Bucket}/{Key+}", output = GetObjectOutput,
                http_checksum(response_validation_header = "x-amz-checksum-mode",
                              response_algorithms = "CRC64NVME,CRC32,CRC32C,SHA256,SHA1"))]
pub struct GetObjectRequest {
    #[aws(label)]
    pub bucket: String,
    #[aws(label)]
    pub key: String,
    #[aws(header = "x-amz-checksum-mode")]
    pub checksum_mode: Option<String>,
}

#[aws_shape]
pub struct GetObjectOutput {
    #[aws(payload)]
    pub body: ByteStream,
}

// ------------------------------------------------------------------ the loopback store

/// What the store saw of one upload.
#[derive(Clone, Debug)]
struct Upload {
    path: String,
    headers: Vec<(String, String)>,
    /// Chunks of an aws-chunked body (0 otherwise), the final empty one included.
    chunks: usize,
    /// The trailing headers of an aws-chunked body, the trailer signature verified and left out.
    trailer: Vec<(String, String)>,
}

#[derive(Default)]
struct Store {
    objects: Mutex<HashMap<String, Vec<u8>>>,
    /// The checksum each object was uploaded with, as `(header, base64 value)`.
    checksums: Mutex<HashMap<String, (String, String)>>,
    /// Downloads announce a checksum of other bytes.
    corrupt_checksums: AtomicBool,
    uploads: Mutex<Vec<Upload>>,
    /// Requests that reached the store (signed or not, whole or not).
    requests: AtomicUsize,
    /// Downloads stop after half their announced length.
    cut_downloads: AtomicBool,
}

impl Store {
    fn object(&self, path: &str) -> Option<Vec<u8>> {
        self.objects.lock().unwrap().get(path).cloned()
    }
}

type Reply = hyper::Response<http_body_util::combinators::BoxBody<Bytes, std::io::Error>>;

fn reply(status: u16, body: impl Into<Bytes>) -> Reply {
    hyper::Response::builder()
        .status(status)
        .body(Full::new(body.into()).map_err(|e| match e {}).boxed())
        .unwrap()
}

async fn start_store() -> (String, Arc<Store>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let store = Arc::new(Store::default());
    let shared = store.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let store = shared.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let store = store.clone();
                    async move { Ok::<_, std::convert::Infallible>(handle(&store, request).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (url, store)
}

async fn handle(store: &Store, request: hyper::Request<hyper::body::Incoming>) -> Reply {
    store.requests.fetch_add(1, Ordering::SeqCst);
    let (parts, body) = request.into_parts();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    // A body cut off mid-way (the client aborted it) is never stored.
    let Ok(body) = body.collect().await.map(|b| b.to_bytes()) else {
        return reply(400, "IncompleteBody");
    };
    let path = parts.uri.path().to_owned();
    let query = sigv4::parse_query(parts.uri.query().unwrap_or(""));
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    // S3 (`x-amz-content-sha256` on every request) signs the payload hash it declares; other
    // services the body's SHA-256, or nothing for an operation with an unsigned payload.
    let declared = header("x-amz-content-sha256");
    let s3 = declared.is_some();
    let payload_hash = match declared {
        Some(declared) => declared,
        None if path.starts_with("/unsigned/") => sigv4::UNSIGNED_PAYLOAD.to_owned(),
        None => sigv4::sha256_hex(&body),
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let received = sigv4::ReceivedRequest {
        method: parts.method.as_str(),
        raw_path: &path,
        query: &query,
        headers: &headers,
        payload_sha256_hex: &payload_hash,
        uri_encoding: if s3 {
            sigv4::UriEncoding::Single
        } else {
            sigv4::UriEncoding::Double
        },
    };
    let secret_for = |key: &str| (key == ACCESS_KEY).then(|| SECRET.to_owned());
    let authorization = match sigv4::verify_request(&received, &secret_for, now, 300) {
        Ok(a) => a,
        Err(e) => return reply(403, format!("{}: {e}", e.code())),
    };
    match parts.method.as_str() {
        "PUT" => {
            let (content, chunks, trailer) = match payload_hash.as_str() {
                sigv4::STREAMING_SIGNED_PAYLOAD | sigv4::STREAMING_SIGNED_PAYLOAD_TRAILER => {
                    let amz_date = header("x-amz-date").unwrap_or_default();
                    let mut signer = sigv4::ChunkSigner::new(
                        sigv4::SigningKey::derive(
                            SECRET,
                            &authorization.date,
                            &authorization.region,
                            &authorization.service,
                        ),
                        &amz_date,
                        &authorization.region,
                        &authorization.service,
                        &authorization.signature,
                    );
                    match decode_signed_chunks(&body, &mut signer) {
                        Ok(decoded) => decoded,
                        Err(e) => return reply(403, format!("SignatureDoesNotMatch: {e}")),
                    }
                }
                sigv4::UNSIGNED_PAYLOAD => (body.to_vec(), 0, Vec::new()),
                hash if hash == sigv4::sha256_hex(&body) => (body.to_vec(), 0, Vec::new()),
                other => return reply(400, format!("XAmzContentSHA256Mismatch: {other}")),
            };
            if let Some(declared) = header("x-amz-decoded-content-length") {
                if declared != content.len().to_string() {
                    return reply(400, "IncompleteBody: decoded length");
                }
            }
            // A checksum in a header or in the trailer must be that of the content.
            let sent = ChecksumAlgorithm::ALL.iter().find_map(|algorithm| {
                let name = algorithm.header_name();
                header(name)
                    .or_else(|| {
                        trailer
                            .iter()
                            .find(|(n, _)| n == name)
                            .map(|(_, v)| v.clone())
                    })
                    .map(|value| (*algorithm, value))
            });
            if let Some((algorithm, value)) = &sent {
                if algorithm.checksum(&content) != *value {
                    return reply(400, format!("BadDigest: {}", algorithm.name()));
                }
                store.checksums.lock().unwrap().insert(
                    path.clone(),
                    (algorithm.header_name().to_owned(), value.clone()),
                );
            }
            store.uploads.lock().unwrap().push(Upload {
                path: path.clone(),
                headers,
                chunks,
                trailer,
            });
            store.objects.lock().unwrap().insert(path, content);
            reply(200, "")
        }
        "GET" => {
            let Some(object) = store.object(&path) else {
                return reply(404, "NoSuchKey");
            };
            let announced = object.len();
            let sent = if store.cut_downloads.load(Ordering::SeqCst) {
                announced / 2
            } else {
                announced
            };
            // In chunks of 64 KiB, so the client reads many frames; a cut download sends its
            // head and half its body, then drops the connection.
            let (frames, receiver) = tokio::sync::mpsc::channel(4);
            tokio::spawn(async move {
                for piece in object[..sent].chunks(64 * 1024) {
                    let frame = Ok(Frame::data(Bytes::copy_from_slice(piece)));
                    if frames.send(frame).await.is_err() {
                        return;
                    }
                }
                if sent < announced {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    let _ = frames.send(Err(std::io::Error::other("cut"))).await;
                }
            });
            let mut response = hyper::Response::builder()
                .status(200)
                .header("content-length", announced);
            let checksum = store.checksums.lock().unwrap().get(&path).cloned();
            if let Some((name, value)) =
                checksum.filter(|_| header("x-amz-checksum-mode").is_some())
            {
                let value = if store.corrupt_checksums.load(Ordering::SeqCst) {
                    ChecksumAlgorithm::parse(&name["x-amz-checksum-".len()..])
                        .unwrap()
                        .checksum(b"other bytes")
                } else {
                    value
                };
                response = response.header(name, value);
            }
            response
                .body(StreamBody::new(Received(receiver)).boxed())
                .unwrap()
        }
        _ => reply(405, ""),
    }
}

/// A decoded aws-chunked body: its content, its number of chunks, its trailing headers.
type Decoded = (Vec<u8>, usize, Vec<(String, String)>);

/// Decodes an aws-chunked body, verifying every chunk signature in turn and the trailer's
/// signature: the content, the number of chunks and the trailing headers.
fn decode_signed_chunks(
    mut rest: &[u8],
    signer: &mut sigv4::ChunkSigner,
) -> Result<Decoded, String> {
    let mut content = Vec::new();
    let mut chunks = 0;
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("no chunk header")?;
        let line = std::str::from_utf8(&rest[..line_end]).map_err(|e| e.to_string())?;
        let (size, signature) = line
            .split_once(";chunk-signature=")
            .ok_or("unsigned chunk")?;
        let size = usize::from_str_radix(size, 16).map_err(|e| e.to_string())?;
        let data_start = line_end + 2;
        let data = rest
            .get(data_start..data_start + size)
            .ok_or("chunk shorter than its size")?;
        if signer.sign_chunk(data) != signature {
            return Err(format!("chunk {chunks} signature"));
        }
        chunks += 1;
        rest = &rest[data_start + size..];
        if size == 0 {
            break;
        }
        content.extend_from_slice(data);
        rest = rest.strip_prefix(b"\r\n").ok_or("no CRLF after a chunk")?;
    }
    // The trailer: `name:value` lines, the last one its signature, then an empty line.
    let text = std::str::from_utf8(rest).map_err(|e| e.to_string())?;
    let text = text
        .strip_suffix("\r\n")
        .ok_or("no end after the trailer")?;
    let mut trailer: Vec<(String, String)> = text
        .split_terminator("\r\n")
        .map(|line| {
            line.split_once(':')
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .ok_or("a trailer line without `:`")
        })
        .collect::<Result<_, _>>()?;
    if let Some((name, signature)) = trailer.pop() {
        if name != sigv4::TRAILER_SIGNATURE_HEADER {
            return Err("the trailer is not signed".into());
        }
        let lines: Vec<(&str, &str)> = trailer
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        if signer.sign_trailer(&lines) != signature {
            return Err("trailer signature".into());
        }
    }
    Ok((content, chunks, trailer))
}

/// A body stream of `parts` (irregular sizes), then `tail`.
fn chunk_stream(
    parts: &[&[u8]],
    tail: Option<std::io::Error>,
) -> Items<Result<Bytes, std::io::Error>> {
    let mut items: VecDeque<_> = parts
        .iter()
        .map(|p| Ok(Bytes::copy_from_slice(p)))
        .collect();
    if let Some(e) = tail {
        items.push_back(Err(e));
    }
    Items(items)
}

fn config(url: &str) -> Config {
    Config::new("us-east-1", Credentials::new(ACCESS_KEY, SECRET, None))
        .with_endpoint_url(url)
        .with_max_attempts(1)
}

/// Bytes that differ from position to position, so that a misplaced chunk shows.
fn content(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

fn temp_file(name: &str, data: &[u8]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("aws-op-streaming-{}-{name}", std::process::id()));
    std::fs::write(&path, data).unwrap();
    path
}

async fn read_all(mut body: ByteStream) -> Result<(Vec<u8>, usize), aws_op::ByteStreamError> {
    let mut out = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = body.next().await {
        out.extend_from_slice(&chunk?);
        chunks += 1;
    }
    Ok((out, chunks))
}

// ------------------------------------------------------------------ restJson1, plain SigV4

#[tokio::test]
async fn blob_payloads_upload_from_bytes_and_files_and_download_as_streams() {
    let (url, store) = start_store().await;
    let client: Client<BlobStore> = Client::new(&config(&url)).unwrap();

    let small = content(1000);
    PutBlobRequest::builder()
        .name("small")
        .body(Body::from(small.clone()))
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(store.object("/blobs/small"), Some(small.clone()));

    // A file: read once for its SHA-256, then again as it is sent.
    let big = content(3 * 1024 * 1024 + 17);
    let path = temp_file("big", &big);
    PutBlobRequest::builder()
        .name("big")
        .body(Body::from_path(&path).unwrap())
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(store.object("/blobs/big").as_deref(), Some(&big[..]));
    let range = Body::from_file_range(&path, 1000, 5000).unwrap();
    PutBlobRequest::builder()
        .name("range")
        .body(range)
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(
        store.object("/blobs/range").as_deref(),
        Some(&big[1000..6000])
    );
    std::fs::remove_file(&path).unwrap();

    // The download is handed out before its body is read, and read chunk by chunk.
    let output = GetBlobRequest::builder()
        .name("big")
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(output.content_length, Some(big.len() as i64));
    assert_eq!(output.body.remaining_len(), Some(big.len() as u64));
    let (read, chunks) = read_all(output.body).await.unwrap();
    assert!(read == big, "the download differs from the upload");
    assert!(chunks > 1, "read in {chunks} chunks");
    let whole = GetBlobRequest::builder()
        .name("small")
        .build()
        .send(&client)
        .await
        .unwrap()
        .body
        .collect()
        .await
        .unwrap();
    assert_eq!(whole, small);
}

#[tokio::test]
async fn a_service_that_signs_its_body_cannot_take_a_stream() {
    let (url, store) = start_store().await;
    let client: Client<BlobStore> = Client::new(&config(&url)).unwrap();
    let err = PutBlobRequest::builder()
        .name("s")
        .body(Body::from_stream(chunk_stream(&[b"abc"], None)))
        .build()
        .send(&client)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Body(e) if e.error.message().contains("SHA-256")),
        "{err}"
    );
    assert_eq!(store.requests.load(Ordering::SeqCst), 0, "nothing was sent");
}

#[tokio::test]
async fn an_unsigned_payload_may_be_a_stream_of_unknown_length() {
    let (url, store) = start_store().await;
    let client: Client<BlobStore> = Client::new(&config(&url)).unwrap();
    let data = content(250_000);
    let pieces: Vec<&[u8]> = data.chunks(70_000).collect();
    PutUnsignedBlobRequest::builder()
        .name("s")
        .body(Body::from_stream(chunk_stream(&pieces, None)))
        .build()
        .send(&client)
        .await
        .unwrap();
    assert!(store.object("/unsigned/s").as_deref() == Some(&data[..]));
    let upload = store.uploads.lock().unwrap().last().cloned().unwrap();
    let transfer = upload
        .headers
        .iter()
        .find(|(n, _)| n == "transfer-encoding")
        .map(|(_, v)| v.as_str());
    assert_eq!(transfer, Some("chunked"), "sent as it came, length unknown");
}

#[tokio::test]
async fn a_download_cut_short_is_an_error_not_a_short_object() {
    let (url, store) = start_store().await;
    let client: Client<BlobStore> = Client::new(&config(&url)).unwrap();
    let data = content(512 * 1024);
    PutBlobRequest::builder()
        .name("cut")
        .body(Body::from(data.clone()))
        .build()
        .send(&client)
        .await
        .unwrap();
    store.cut_downloads.store(true, Ordering::SeqCst);
    let output = GetBlobRequest::builder()
        .name("cut")
        .build()
        .send(&client)
        .await
        .unwrap();
    let err = read_all(output.body).await.unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ByteStreamErrorKind::Transport | ByteStreamErrorKind::Truncated
        ),
        "{err}"
    );
    assert!(err.is_retryable());
}

// ------------------------------------------------------------------ S3 signing, aws-chunked

#[tokio::test]
async fn s3_bytes_are_signed_whole_and_files_go_in_signed_chunks() {
    let (url, store) = start_store().await;
    let client: Client<ObjectStore> = Client::new(&config(&url)).unwrap();

    let small = content(100);
    PutObjectRequest::builder()
        .bucket("b")
        .key("dir/small.bin")
        .body(Body::from(small.clone()))
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(store.object("/b/dir/small.bin"), Some(small));

    let big = content(2 * 1024 * 1024 + 3);
    let path = temp_file("s3", &big);
    PutObjectRequest::builder()
        .bucket("b")
        .key("big.bin")
        .body(Body::from_path(&path).unwrap())
        .build()
        .send(&client)
        .await
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(store.object("/b/big.bin").as_deref() == Some(&big[..]));

    let uploads = store.uploads.lock().unwrap().clone();
    let header = |u: &Upload, name: &str| {
        u.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let whole = &uploads[0];
    assert_eq!(
        header(whole, "x-amz-content-sha256"),
        Some(sigv4::sha256_hex(&content(100)))
    );
    assert_eq!(whole.chunks, 0);
    // A CRC32 by default, in a header for bytes in memory (the store checked its value).
    assert_eq!(
        header(whole, "x-amz-sdk-checksum-algorithm").as_deref(),
        Some("CRC32")
    );
    assert_eq!(
        header(whole, "x-amz-checksum-crc32"),
        Some(ChecksumAlgorithm::Crc32.checksum(&content(100)))
    );
    let chunked = uploads.iter().find(|u| u.path == "/b/big.bin").unwrap();
    assert_eq!(
        header(chunked, "x-amz-content-sha256").as_deref(),
        Some(sigv4::STREAMING_SIGNED_PAYLOAD_TRAILER)
    );
    // ... and in the signed trailer for a file.
    assert_eq!(
        header(chunked, "x-amz-trailer").as_deref(),
        Some("x-amz-checksum-crc32")
    );
    assert_eq!(
        chunked.trailer,
        vec![(
            "x-amz-checksum-crc32".to_owned(),
            ChecksumAlgorithm::Crc32.checksum(&big)
        )]
    );
    assert_eq!(
        header(chunked, "content-encoding").as_deref(),
        Some("aws-chunked")
    );
    assert_eq!(
        header(chunked, "x-amz-decoded-content-length"),
        Some(big.len().to_string())
    );
    assert_eq!(header(chunked, "expect").as_deref(), Some("100-continue"));
    // 64 KiB chunks, a short one, and the final empty one: each signature verified.
    assert_eq!(chunked.chunks, big.len().div_ceil(64 * 1024) + 1);

    let output = GetObjectRequest::builder()
        .bucket("b")
        .key("big.bin")
        .build()
        .send(&client)
        .await
        .unwrap();
    // The download carried the checksum it was uploaded with, verified as it was read.
    assert_eq!(
        output.body.checksum(),
        Some(("CRC32", ChecksumAlgorithm::Crc32.checksum(&big).as_str()))
    );
    let (read, _) = read_all(output.body).await.unwrap();
    assert!(read == big);
}

#[tokio::test]
async fn checksums_follow_the_callers_algorithm_and_the_when_required_setting() {
    let (url, store) = start_store().await;
    let data = content(150_000);
    let path = temp_file("algorithms", &data);
    let client: Client<ObjectStore> = Client::new(&config(&url)).unwrap();
    for algorithm in ["CRC32C", "CRC64NVME", "SHA1", "SHA256"] {
        let key = algorithm.to_lowercase();
        PutObjectRequest::builder()
            .bucket("b")
            .key(key.as_str())
            .checksum_algorithm(algorithm)
            .body(Body::from_path(&path).unwrap())
            .build()
            .send(&client)
            .await
            .unwrap();
        let upload = store.uploads.lock().unwrap().last().cloned().unwrap();
        let expected = ChecksumAlgorithm::parse(algorithm).unwrap();
        assert_eq!(
            upload.trailer,
            vec![(expected.header_name().to_owned(), expected.checksum(&data))]
        );
        let output = GetObjectRequest::builder()
            .bucket("b")
            .key(key.as_str())
            .build()
            .send(&client)
            .await
            .unwrap();
        assert_eq!(output.body.checksum().map(|c| c.0), Some(algorithm));
        assert!(read_all(output.body).await.unwrap().0 == data);
    }
    let err = PutObjectRequest::builder()
        .bucket("b")
        .key("md5")
        .checksum_algorithm("MD5")
        .body(Body::from(data.clone()))
        .build()
        .send(&client)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("`MD5` is not a checksum algorithm"),
        "{err}"
    );

    // "When required": no checksum where the operation does not require one, no validation
    // asked for: what stores without flexible checksums need.
    let plain: Client<ObjectStore> = Client::new(
        &config(&url)
            .with_request_checksum_calculation(aws_op::RequestChecksumCalculation::WhenRequired)
            .with_response_checksum_validation(aws_op::ResponseChecksumValidation::WhenRequired),
    )
    .unwrap();
    PutObjectRequest::builder()
        .bucket("b")
        .key("plain")
        .body(Body::from_path(&path).unwrap())
        .build()
        .send(&plain)
        .await
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    let upload = store.uploads.lock().unwrap().last().cloned().unwrap();
    let sha = upload
        .headers
        .iter()
        .find(|(n, _)| n == "x-amz-content-sha256")
        .map(|(_, v)| v.as_str());
    assert_eq!(sha, Some(sigv4::STREAMING_SIGNED_PAYLOAD));
    assert!(upload.trailer.is_empty());
    let output = GetObjectRequest::builder()
        .bucket("b")
        .key("crc32c")
        .build()
        .send(&plain)
        .await
        .unwrap();
    assert_eq!(output.body.checksum(), None);
}

#[tokio::test]
async fn a_download_whose_checksum_differs_never_ends_cleanly() {
    let (url, store) = start_store().await;
    let client: Client<ObjectStore> = Client::new(&config(&url)).unwrap();
    let data = content(300_000);
    PutObjectRequest::builder()
        .bucket("b")
        .key("k")
        .body(Body::from(data.clone()))
        .build()
        .send(&client)
        .await
        .unwrap();
    store.corrupt_checksums.store(true, Ordering::SeqCst);
    let mut body = GetObjectRequest::builder()
        .bucket("b")
        .key("k")
        .build()
        .send(&client)
        .await
        .unwrap()
        .body;
    // Every chunk but the last is handed out; the last is held back and the mismatch comes
    // instead, so the caller never sees the whole object as complete.
    let mut received = 0;
    let err = loop {
        match body.next().await {
            Some(Ok(chunk)) => received += chunk.len(),
            Some(Err(e)) => break e,
            None => panic!("the stream ended cleanly despite the checksum"),
        }
    };
    assert_eq!(err.kind(), ByteStreamErrorKind::ChecksumMismatch, "{err}");
    assert!(!err.is_retryable());
    assert!(received < data.len());
    assert!(body.next().await.is_none());
}

#[tokio::test]
async fn s3_streams_of_known_length_go_in_signed_chunks() {
    let (url, store) = start_store().await;
    let client: Client<ObjectStore> = Client::new(&config(&url)).unwrap();
    let data = content(200_000);
    // Irregular pieces: the chunks the store verifies are re-cut to 64 KiB.
    let pieces: Vec<&[u8]> = vec![&data[..10], &data[10..70_000], &data[70_000..]];
    PutObjectRequest::builder()
        .bucket("b")
        .key("stream")
        .body(Body::from_stream_with_length(
            chunk_stream(&pieces, None),
            data.len() as u64,
        ))
        .build()
        .send(&client)
        .await
        .unwrap();
    assert!(store.object("/b/stream").as_deref() == Some(&data[..]));
}

#[tokio::test]
async fn a_stream_that_fails_or_breaks_its_length_ends_the_call_and_stores_nothing() {
    let (url, store) = start_store().await;
    let client: Client<ObjectStore> = Client::new(&config(&url)).unwrap();
    let data = content(300_000);
    let cases: Vec<(&str, Body, &str)> = vec![
        (
            "fails",
            Body::from_stream_with_length(
                chunk_stream(
                    &[&data[..150_000]],
                    Some(std::io::Error::other("disk went away")),
                ),
                data.len() as u64,
            ),
            "disk went away",
        ),
        (
            "short",
            Body::from_stream_with_length(
                chunk_stream(&[&data[..100_000]], None),
                data.len() as u64,
            ),
            "ended after 100000 of the 300000 bytes",
        ),
        (
            "long",
            Body::from_stream_with_length(chunk_stream(&[&data[..]], None), 1000),
            "more than the 1000 bytes",
        ),
    ];
    for (key, body, expected) in cases {
        let err = PutObjectRequest::builder()
            .bucket("b")
            .key(key)
            .body(body)
            .build()
            .send(&client)
            .await
            .unwrap_err();
        let Error::Body(upload) = &err else {
            panic!("{key}: {err}");
        };
        assert!(upload.to_string().contains(expected), "{key}: {upload}");
        assert_eq!(store.object(&format!("/b/{key}")), None, "{key}");
    }
    assert!(store.uploads.lock().unwrap().is_empty());
}

#[tokio::test]
async fn s3_needs_the_length_of_a_stream_sent_in_one_request() {
    let (url, store) = start_store().await;
    let client: Client<ObjectStore> = Client::new(&config(&url)).unwrap();
    let err = PutObjectRequest::builder()
        .bucket("b")
        .key("unknown")
        .body(Body::from_stream(chunk_stream(&[b"abc"], None)))
        .build()
        .send(&client)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Body(e) if e.error.message().contains("length")),
        "{err}"
    );
    assert_eq!(store.requests.load(Ordering::SeqCst), 0);
}
