//! The S3 emulator's `transfer_bench` written with `aws-sdk-s3`: the same options, modes, object
//! contents, key names and output line, so that the two run against the same server in one
//! session. The SDK has no transfer helper on crates.io, so multipart uploads and ranged
//! downloads are written here the way its guides show: parts read from the file with
//! `ByteStream::read_from().offset().length()`, `concurrency` at a time, each with CRC32 (as
//! aws-op's transfers send), and ranges written at their offsets as chunks arrive.
//!
//! ```text
//! cargo build --release --manifest-path benches/s3-peer/Cargo.toml
//! benches/s3-peer/target/release/transfer_bench --endpoint-url http://127.0.0.1:9000 \
//!     --mode upload --size-mib 1024 [--part-size-mib 8] [--concurrency 8]
//! ```

// The options, contents, key, measurements and output line of aws-op's benchmark.
#[path = "../../../../s3-emulator/examples/transfer_bench/measure.rs"]
mod measure;

use aws_sdk_s3::primitives::{ByteStream, Length};
use aws_sdk_s3::types::{ChecksumAlgorithm, CompletedMultipartUpload, CompletedPart};
use aws_sdk_s3::Client;
use measure::{write_source, Args, BUCKET, MIB};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;
use tokio::task::JoinSet;

type Error = Box<dyn std::error::Error + Send + Sync>;

// The emulator's fixed key pair (aws_op_emulator::DEFAULT_ACCESS_KEY_ID / _SECRET_ACCESS_KEY).
const ACCESS_KEY_ID: &str = "AKIDEMULATOR0000001";
const SECRET_ACCESS_KEY: &str = "emulator/secret/key/not-a-real-one";

/// A multipart upload of the file, `concurrency` parts at a time, aborted if a part fails.
async fn upload(
    client: &Client,
    key: &str,
    path: &Path,
    part_size: u64,
    concurrency: usize,
) -> Result<u64, Error> {
    let size = std::fs::metadata(path)?.len();
    let upload_id = client
        .create_multipart_upload()
        .bucket(BUCKET)
        .key(key)
        .checksum_algorithm(ChecksumAlgorithm::Crc32)
        .send()
        .await?
        .upload_id
        .ok_or("CreateMultipartUpload returned no UploadId")?;
    let sent = upload_parts(client, key, path, &upload_id, size, part_size, concurrency).await;
    let parts = match sent {
        Ok(parts) => parts,
        Err(error) => {
            let _ = client
                .abort_multipart_upload()
                .bucket(BUCKET)
                .key(key)
                .upload_id(&upload_id)
                .send()
                .await;
            return Err(error);
        }
    };
    client
        .complete_multipart_upload()
        .bucket(BUCKET)
        .key(key)
        .upload_id(&upload_id)
        .multipart_upload(
            CompletedMultipartUpload::builder()
                .set_parts(Some(parts))
                .build(),
        )
        .send()
        .await?;
    Ok(size)
}

async fn upload_parts(
    client: &Client,
    key: &str,
    path: &Path,
    upload_id: &str,
    size: u64,
    part_size: u64,
    concurrency: usize,
) -> Result<Vec<CompletedPart>, Error> {
    let count = size.div_ceil(part_size).max(1);
    let mut parts = Vec::with_capacity(count as usize);
    let mut running = JoinSet::new();
    let mut next = 0u64;
    while next < count || !running.is_empty() {
        while next < count && running.len() < concurrency {
            let offset = next * part_size;
            let length = part_size.min(size - offset);
            let number = next as i32 + 1;
            let (client, key, path, upload_id) = (
                client.clone(),
                key.to_owned(),
                path.to_owned(),
                upload_id.to_owned(),
            );
            running.spawn(async move {
                let body = ByteStream::read_from()
                    .path(&path)
                    .offset(offset)
                    .length(Length::Exact(length))
                    .build()
                    .await?;
                let sent = client
                    .upload_part()
                    .bucket(BUCKET)
                    .key(key)
                    .upload_id(upload_id)
                    .part_number(number)
                    .checksum_algorithm(ChecksumAlgorithm::Crc32)
                    .body(body)
                    .send()
                    .await?;
                Ok::<_, Error>(
                    CompletedPart::builder()
                        .part_number(number)
                        .set_e_tag(sent.e_tag)
                        .set_checksum_crc32(sent.checksum_crc32)
                        .build(),
                )
            });
            next += 1;
        }
        if let Some(done) = running.join_next().await {
            parts.push(done??);
        }
    }
    parts.sort_by_key(|part| part.part_number);
    Ok(parts)
}

/// One `PutObject` of the whole file.
async fn upload_single(client: &Client, key: &str, path: &Path) -> Result<u64, Error> {
    let size = std::fs::metadata(path)?.len();
    client
        .put_object()
        .bucket(BUCKET)
        .key(key)
        .checksum_algorithm(ChecksumAlgorithm::Crc32)
        .body(ByteStream::from_path(path).await?)
        .send()
        .await?;
    Ok(size)
}

/// `HeadObject`, then ranged `GetObject`s, `concurrency` at a time, each written at its offset.
async fn download(
    client: &Client,
    key: &str,
    path: &Path,
    part_size: u64,
    concurrency: usize,
) -> Result<u64, Error> {
    let head = client.head_object().bucket(BUCKET).key(key).send().await?;
    let size = head.content_length.unwrap_or(0).max(0) as u64;
    let e_tag = head.e_tag.unwrap_or_default();
    let file = Arc::new(std::fs::File::create(path)?);
    file.set_len(size)?;
    let count = size.div_ceil(part_size);
    let mut running = JoinSet::new();
    let mut next = 0u64;
    let mut total = 0;
    while next < count || !running.is_empty() {
        while next < count && running.len() < concurrency {
            let start = next * part_size;
            let end = (start + part_size).min(size) - 1;
            let (client, key, e_tag, file) =
                (client.clone(), key.to_owned(), e_tag.clone(), file.clone());
            running.spawn(async move {
                let mut output = client
                    .get_object()
                    .bucket(BUCKET)
                    .key(key)
                    .range(format!("bytes={start}-{end}"))
                    .if_match(e_tag)
                    .send()
                    .await?;
                let mut offset = start;
                while let Some(chunk) = output.body.try_next().await? {
                    file.write_all_at(&chunk, offset)?;
                    offset += chunk.len() as u64;
                }
                Ok::<_, Error>(offset - start)
            });
            next += 1;
        }
        if let Some(done) = running.join_next().await {
            total += done??;
        }
    }
    Ok(total)
}

/// One `GetObject` streamed into the file.
async fn download_single(client: &Client, key: &str, path: &Path) -> Result<u64, Error> {
    let mut output = client.get_object().bucket(BUCKET).key(key).send().await?;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut total = 0;
    while let Some(chunk) = output.body.try_next().await? {
        file.write_all(&chunk)?;
        total += chunk.len() as u64;
    }
    file.flush()?;
    Ok(total)
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args = Args::parse()?;
    let config = aws_config::from_env()
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_s3::config::Credentials::new(
            ACCESS_KEY_ID,
            SECRET_ACCESS_KEY,
            None,
            None,
            "s3-peer",
        ))
        .endpoint_url(&args.endpoint)
        .load()
        .await;
    let client = Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    );
    let part_size = args.part_size_mib * MIB;
    let (key, path) = (args.key(), args.path("s3-peer"));
    if args.mode.starts_with("upload") {
        // The bucket may be there from an earlier run.
        let _ = client.create_bucket().bucket(BUCKET).send().await;
        write_source(&path, args.size())?;
    }
    let run = async {
        match args.mode.as_str() {
            "upload" => upload(&client, &key, &path, part_size, args.concurrency).await,
            "upload-single" => upload_single(&client, &key, &path).await,
            "download" => download(&client, &key, &path, part_size, args.concurrency).await,
            _ => download_single(&client, &key, &path).await,
        }
    };
    args.measure(&path, run).await
}
