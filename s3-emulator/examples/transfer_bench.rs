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

use aws_op::{Client, Config, Credentials};
use aws_op_s3::transfer::Transfer;
use aws_op_s3::*;
use std::io::Write;
use std::time::Instant;

const BUCKET: &str = "bench";
const MIB: u64 = 1024 * 1024;

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
    // utime and stime, the 12th and 13th fields after the command name, in 1/100 s.
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

/// Writes `size` pseudo-random bytes to `path`, 1 MiB at a time.
fn write_source(path: &std::path::Path, size: u64) -> std::io::Result<()> {
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
            "--concurrency" => args.concurrency = number()? as usize,
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
    let args = args().map_err(|problem| {
        format!(
            "{problem}\nusage: transfer_bench --endpoint-url URL --mode {} --size-mib N \
             [--part-size-mib N] [--concurrency N]",
            MODES.join("|")
        )
    })?;
    let config = Config::new(
        "us-east-1",
        Credentials::new(
            aws_op_emulator::DEFAULT_ACCESS_KEY_ID,
            aws_op_emulator::DEFAULT_SECRET_ACCESS_KEY,
            None,
        ),
    )
    .with_endpoint_url(&args.endpoint)
    .with_force_path_style(true);
    let client: Client<S3> = Client::new(&config)?;
    let transfer = Transfer::new(&client)
        .part_size(args.part_size_mib * MIB)
        .concurrency(args.concurrency);
    let size = args.size_mib * MIB;
    let key = format!("bench-{}.bin", args.size_mib);
    let dir = std::env::temp_dir();
    let path = dir.join(format!(
        "aws-op-transfer-bench-{}-{}",
        std::process::id(),
        args.mode
    ));
    if args.mode.starts_with("upload") {
        // The bucket may be there from an earlier run.
        let _ = CreateBucketRequest::builder()
            .bucket(BUCKET)
            .build()
            .send(&client)
            .await;
        write_source(&path, size)?;
    }
    let (cpu0, started) = (cpu_seconds(), Instant::now());
    let moved = match args.mode.as_str() {
        "upload" => transfer.upload_file(&path, BUCKET, &key).await?.size,
        "upload-single" => upload_single(&client, &key, &path).await?,
        "download" => transfer.download_file(BUCKET, &key, &path).await?.size,
        _ => download_single(&client, &key, &path).await?,
    };
    let (seconds, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
    std::fs::remove_file(&path).ok();
    assert_eq!(moved, size, "moved {moved} bytes of {size}");
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
