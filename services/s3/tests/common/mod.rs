//! What the S3 crate's test files share: deterministic content, temporary files, a bucket, an
//! object, a presigned request sent by a plain HTTP client, and a body source that yields its chunks one at a time.

// Each test file uses some of these.
#![allow(dead_code)]

use aws_op::{Body, Client, Stream};
use aws_op_s3::{CreateBucketRequest, PutObjectOutput, PutObjectRequest, S3};
use bytes::Bytes;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Deterministic bytes that differ at every offset a test may compare.
pub fn content(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_be_bytes()[0] ^ seed)
        .collect()
}

/// A path in the temporary directory, unique to this test process and `name`.
pub fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("aws-op-s3-test-{}-{name}", std::process::id()))
}

/// A temporary file holding `data`.
pub fn temp_file(name: &str, data: &[u8]) -> PathBuf {
    let path = temp_path(name);
    std::fs::write(&path, data).expect("write the upload's file");
    path
}

pub async fn create_bucket(client: &Client<S3>, name: &str) {
    CreateBucketRequest::builder()
        .bucket(name)
        .build()
        .send(client)
        .await
        .unwrap_or_else(|e| panic!("CreateBucket {name}: {e}"));
}

pub async fn put(
    client: &Client<S3>,
    bucket: &str,
    key: &str,
    body: impl Into<Body>,
) -> PutObjectOutput {
    PutObjectRequest::builder()
        .bucket(bucket)
        .key(key)
        .body(body.into())
        .build()
        .send(client)
        .await
        .unwrap_or_else(|e| panic!("PutObject {key}: {e}"))
}

/// Sends `presigned` (its method and headers) to `url` with `body` using a plain HTTP client, as
/// whoever the URL was given to would; `url` is the presigned one, or a tampered copy of it.
/// Returns the status and the body.
pub async fn fetch(
    presigned: &aws_op::PresignedRequest,
    url: &str,
    body: Vec<u8>,
) -> (u16, Vec<u8>) {
    let method = reqwest::Method::from_bytes(presigned.method.as_bytes()).expect("a method");
    let mut request = reqwest::Client::new().request(method, url);
    for (name, value) in &presigned.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request.body(body).send().await.expect("an answer");
    let status = response.status().as_u16();
    (status, response.bytes().await.expect("the body").to_vec())
}

/// A body source that yields its chunks one at a time, as a network or a pipe would, and then
/// an error if it was given one.
pub struct Chunks(VecDeque<Result<Bytes, std::io::Error>>);

impl Stream for Chunks {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.get_mut().0.pop_front())
    }
}

/// `data` in chunks of `size` bytes.
pub fn chunks_of(data: &[u8], size: usize) -> Chunks {
    Chunks(
        data.chunks(size)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect(),
    )
}

/// `data` in chunks of `size` bytes, then `error`.
pub fn chunks_then_error(data: &[u8], size: usize, error: &str) -> Chunks {
    let mut chunks = chunks_of(data, size);
    chunks
        .0
        .push_back(Err(std::io::Error::other(error.to_owned())));
    chunks
}
