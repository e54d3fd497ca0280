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

use aws_sdk_s3::primitives::{ByteStream, Length};
use aws_sdk_s3::types::{ChecksumAlgorithm, CompletedMultipartUpload, CompletedPart};
use aws_sdk_s3::Client;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use tokio::task::JoinSet;

type Error = Box<dyn std::error::Error + Send + Sync>;

const BUCKET: &str = "bench";
const MIB: u64 = 1024 * 1024;
// The emulator's fixed key pair (aws_op_emulator::DEFAULT_ACCESS_KEY_ID / _SECRET_ACCESS_KEY).
const ACCESS_KEY_ID: &str = "AKIDEMULATOR0000001";
const SECRET_ACCESS_KEY: &str = "emulator/secret/key/not-a-real-one";

/// User plus system CPU of this process, in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// The peak resident set of this process, in MiB (`VmHWM`).
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The same pseudo-random contents as aws-op's bench writes.
fn write_source(path: &Path, size: u64) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut block = vec![0u8; MIB as usize];
    let mut left = size;
    while left > 0 {
        for chunk in block.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let bytes = state.to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        let n = left.min(MIB) as usize;
        file.write_all(&block[..n])?;
        left -= n as u64;
    }
    file.flush()
}

struct Args {
    endpoint: String,
    mode: String,
    size_mib: u64,
    part_size_mib: u64,
    concurrency: usize,
}

const MODES: [&str; 4] = ["upload", "upload-single", "download", "download-single"];

fn args() -> Result<Args, String> {
    let mut args = Args {
        endpoint: String::new(),
        mode: String::new(),
        size_mib: 64,
        part_size_mib: 8,
        concurrency: 8,
    };
    let mut argv = std::env::args().skip(1);
    while let Some(flag) = argv.next() {
        let value = argv.next().ok_or(format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag}: {value:?} is not a number"))
        };
        match flag.as_str() {
            "--endpoint-url" => args.endpoint = value.clone(),
            "--mode" => args.mode = value.clone(),
            "--size-mib" => args.size_mib = number()?,
            "--part-size-mib" => args.part_size_mib = number()?,
            "--concurrency" => args.concurrency = number()?.max(1) as usize,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if args.endpoint.is_empty() || !MODES.contains(&args.mode.as_str()) {
        return Err(format!(
            "--endpoint-url and --mode {} are required",
            MODES.join("|")
        ));
    }
    Ok(args)
}

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
    let args = args().map_err(|problem| {
        format!(
            "{problem}\nusage: transfer_bench --endpoint-url URL --mode {} --size-mib N \
             [--part-size-mib N] [--concurrency N]",
            MODES.join("|")
        )
    })?;
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
    let size = args.size_mib * MIB;
    let part_size = args.part_size_mib * MIB;
    let key = format!("bench-{}.bin", args.size_mib);
    let path: PathBuf = std::env::temp_dir().join(format!(
        "s3-peer-transfer-bench-{}-{}",
        std::process::id(),
        args.mode
    ));
    if args.mode.starts_with("upload") {
        // The bucket may be there from an earlier run.
        let _ = client.create_bucket().bucket(BUCKET).send().await;
        write_source(&path, size)?;
    }
    let (cpu0, started) = (cpu_seconds(), Instant::now());
    let moved = match args.mode.as_str() {
        "upload" => upload(&client, &key, &path, part_size, args.concurrency).await,
        "upload-single" => upload_single(&client, &key, &path).await,
        "download" => download(&client, &key, &path, part_size, args.concurrency).await,
        _ => download_single(&client, &key, &path).await,
    };
    let (seconds, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
    std::fs::remove_file(&path).ok();
    let moved = moved?;
    if moved != size {
        return Err(format!("moved {moved} bytes of {size}").into());
    }
    let gib = size as f64 / (1024.0 * MIB as f64);
    println!(
        "{:<15} {:>6} MiB  {:>8.1} MiB/s  {:>6.2} s CPU/GiB  peak RSS {:>7.1} MiB",
        args.mode,
        args.size_mib,
        size as f64 / MIB as f64 / seconds,
        cpu / gib,
        peak_rss_mib()
    );
    Ok(())
}
