//! Throughput, client CPU per GiB and peak memory of one transfer against an S3 server in
//! another process (the S3 emulator's binary, or any S3), one measurement per run so that the
//! peak RSS is that transfer's:
//!
//! ```text
//! cargo build --release -p aws-op-s3-emulator --bins --examples
//! target/release/aws-op-s3-emulator --port 9000 &
//! target/release/examples/transfer_bench --endpoint-url http://127.0.0.1:9000 \
//!     --mode upload --size-mib 1024 [--part-size-mib 8] [--concurrency 8]
//! ```
//!
//! Modes: `upload` (a file, multipart), `upload-single` (the file in one `PutObject`),
//! `download` (concurrent ranges into a file) and `download-single` (one `GetObject` streamed
//! into a file). A download reads the object an upload of the same size left
//! (`bench-<size>.bin` in bucket `bench`). CPU and peak RSS are read from `/proc/self`
//! (Linux). `benches/s3-peer` holds the same program written with `aws-sdk-s3`.

mod measure;

use aws_op::Client;
use aws_op_s3::transfer::Transfer;
use aws_op_s3::*;
use measure::{write_source, Args, BUCKET, MIB};
use std::io::Write;

/// One `PutObject` of the whole file, with a CRC32 checksum (as the transfers' parts).
async fn upload_single(
    client: &Client<S3>,
    key: &str,
    path: &std::path::Path,
) -> Result<u64, Box<dyn std::error::Error>> {
    let body = aws_op::Body::from_path(path)?;
    let size = body.len().unwrap_or(0);
    PutObjectRequest::builder()
        .bucket(BUCKET)
        .key(key)
        .checksum_algorithm(ChecksumAlgorithm::Crc32)
        .body(body)
        .build()
        .send(client)
        .await?;
    Ok(size)
}

async fn download_single(
    client: &Client<S3>,
    key: &str,
    path: &std::path::Path,
) -> Result<u64, Box<dyn std::error::Error>> {
    let mut output = GetObjectRequest::builder()
        .bucket(BUCKET)
        .key(key)
        .build()
        .send(client)
        .await?;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut total = 0;
    while let Some(chunk) = output.body.next().await {
        let chunk = chunk?;
        file.write_all(&chunk)?;
        total += chunk.len() as u64;
    }
    file.flush()?;
    Ok(total)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse()?;
    let config = aws_op_emulator::client_config(&args.endpoint).with_force_path_style(true);
    let client: Client<S3> = Client::new(&config)?;
    let transfer = Transfer::new(&client)
        .part_size(args.part_size_mib * MIB)
        .concurrency(args.concurrency);
    let (key, path) = (args.key(), args.path("aws-op"));
    if args.mode.starts_with("upload") {
        // The bucket may be there from an earlier run.
        let _ = CreateBucketRequest::builder()
            .bucket(BUCKET)
            .build()
            .send(&client)
            .await;
        write_source(&path, args.size())?;
    }
    let run = async {
        match args.mode.as_str() {
            "upload" => transfer
                .upload_file(&path, BUCKET, &key)
                .await
                .map(|uploaded| uploaded.size)
                .map_err(Into::into),
            "upload-single" => upload_single(&client, &key, &path).await,
            "download" => transfer
                .download_file(BUCKET, &key, &path)
                .await
                .map(|downloaded| downloaded.size)
                .map_err(Into::into),
            _ => download_single(&client, &key, &path).await,
        }
    };
    args.measure(&path, run).await
}
