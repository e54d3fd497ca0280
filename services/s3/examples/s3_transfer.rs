//! `s3_transfer`: copy files and streams to and from S3 with the transfer module, with a
//! progress bar.
//!
//! ```text
//! s3_transfer cp FILE s3://BUCKET/KEY      upload a file (multipart from 16 MiB)
//! s3_transfer cp - s3://BUCKET/KEY         upload standard input, a stream of unknown length
//! s3_transfer cp s3://BUCKET/KEY FILE      download into a file (concurrent ranges)
//! s3_transfer ls s3://BUCKET[/PREFIX]      list objects, every page
//! s3_transfer mb s3://BUCKET               make a bucket
//! s3_transfer rm s3://BUCKET/KEY           remove an object
//! s3_transfer rb s3://BUCKET               remove an empty bucket
//!
//! options (cp): --part-size MIB (default 8), --concurrency N (default 8), --quiet
//! ```
//!
//! Credentials, region and endpoint come from the environment as for every AWS SDK; with
//! `AWS_ENDPOINT_URL` set (a local server) the bucket goes in the path:
//!
//! ```text
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-s3 --example s3_transfer -- \
//!     cp big.iso s3://my-bucket/isos/big.iso --part-size 16
//! ```

use aws_op::{Client, Config};
use aws_op_s3::transfer::{Progress, Transfer};
use aws_op_s3::*;
use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;

const USAGE: &str =
    "usage: s3_transfer cp SOURCE TARGET [--part-size MIB] [--concurrency N] [--quiet]
       s3_transfer ls s3://BUCKET[/PREFIX]
       s3_transfer mb|rb s3://BUCKET
       s3_transfer rm s3://BUCKET/KEY
(SOURCE and TARGET: a file, `-` for standard input as SOURCE, or s3://BUCKET/KEY)";

type BoxError = Box<dyn std::error::Error>;

/// An `s3://BUCKET/KEY` location (the key may be empty).
struct S3Path {
    bucket: String,
    key: String,
}

fn s3_path(text: &str) -> Option<S3Path> {
    let rest = text.strip_prefix("s3://")?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    (!bucket.is_empty()).then(|| S3Path {
        bucket: bucket.to_owned(),
        key: key.to_owned(),
    })
}

/// The command line: a command, its operands, and the copy options.
struct Args {
    command: String,
    operands: Vec<String>,
    part_size_mib: u64,
    concurrency: usize,
    quiet: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut argv = std::env::args().skip(1);
    let command = argv.next().ok_or("no command")?;
    let mut args = Args {
        command,
        operands: Vec::new(),
        part_size_mib: 8,
        concurrency: 8,
        quiet: false,
    };
    while let Some(arg) = argv.next() {
        let mut number = |flag: &str| -> Result<u64, String> {
            let value = argv.next().ok_or(format!("{flag} needs a value"))?;
            value
                .parse()
                .map_err(|_| format!("{flag}: {value:?} is not a number"))
        };
        match arg.as_str() {
            "--part-size" => args.part_size_mib = number("--part-size")?,
            "--concurrency" => args.concurrency = number("--concurrency")? as usize,
            "--quiet" => args.quiet = true,
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}")),
            _ => args.operands.push(arg),
        }
    }
    Ok(args)
}

/// A progress bar fed by the transfer's callback: bytes of a known total, or a counter.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
        )
        .expect("a valid template"),
    );
    bar
}

fn reporting(transfer: Transfer, bar: &ProgressBar) -> Transfer {
    let bar = bar.clone();
    transfer.on_progress(move |p: Progress| {
        if let Some(total) = p.total {
            bar.set_length(total);
        }
        bar.set_position(p.transferred);
    })
}

async fn copy(client: &Client<S3>, args: &Args) -> Result<(), BoxError> {
    let [source, target] = args.operands.as_slice() else {
        return Err("cp takes a SOURCE and a TARGET".into());
    };
    let transfer = Transfer::new(client)
        .part_size(args.part_size_mib * 1024 * 1024)
        .concurrency(args.concurrency);
    let bar = progress_bar(args.quiet);
    let transfer = reporting(transfer, &bar);
    match (s3_path(source), s3_path(target)) {
        (None, Some(to)) if source == "-" => {
            let uploaded = transfer
                .upload_stream(stdin_chunks(), &to.bucket, &to.key)
                .await?;
            bar.finish();
            println!(
                "{} bytes, {} part(s), ETag {}",
                uploaded.size, uploaded.parts, uploaded.e_tag
            );
        }
        (None, Some(to)) => {
            let uploaded = transfer.upload_file(source, &to.bucket, &to.key).await?;
            bar.finish();
            println!(
                "{} bytes, {} part(s), ETag {}",
                uploaded.size, uploaded.parts, uploaded.e_tag
            );
        }
        (Some(from), None) => {
            let downloaded = transfer
                .download_file(&from.bucket, &from.key, target)
                .await?;
            bar.finish();
            println!(
                "{} bytes, {} range(s), {} resumption(s)",
                downloaded.size, downloaded.ranges, downloaded.resumes
            );
        }
        _ => return Err("cp copies between a file and s3://BUCKET/KEY".into()),
    }
    Ok(())
}

/// Standard input as a stream of chunks, read on a blocking thread.
fn stdin_chunks() -> impl aws_op::Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send {
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    std::thread::spawn(move || {
        use std::io::Read;
        let mut stdin = std::io::stdin().lock();
        loop {
            let mut buffer = vec![0; 256 * 1024];
            let item = match stdin.read(&mut buffer) {
                Ok(0) => return,
                Ok(n) => {
                    buffer.truncate(n);
                    Ok(bytes::Bytes::from(buffer))
                }
                Err(e) => Err(e),
            };
            let failed = item.is_err();
            if sender.blocking_send(item).is_err() || failed {
                return;
            }
        }
    });
    Receiver(receiver)
}

/// A channel's receiving end as a stream.
struct Receiver<T>(tokio::sync::mpsc::Receiver<T>);

impl<T> aws_op::Stream for Receiver<T> {
    type Item = T;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<T>> {
        self.0.poll_recv(cx)
    }
}

async fn list(client: &Client<S3>, location: &S3Path) -> Result<(), BoxError> {
    let mut objects = ListObjectsV2Request::builder()
        .bucket(location.bucket.as_str())
        .set_prefix((!location.key.is_empty()).then(|| location.key.clone()))
        .build()
        .items(client);
    while let Some(object) = objects.next().await {
        let object = object?;
        let modified = object
            .last_modified
            .map(|t| t.to_string())
            .unwrap_or_default();
        println!(
            "{modified:>20} {:>14} {}",
            object.size.unwrap_or_default(),
            object.key.unwrap_or_default()
        );
    }
    Ok(())
}

async fn run(client: &Client<S3>, args: &Args) -> Result<(), BoxError> {
    let location = || -> Result<S3Path, BoxError> {
        match args.operands.as_slice() {
            [one] => s3_path(one).ok_or_else(|| format!("{one} is not s3://BUCKET[/KEY]").into()),
            _ => Err(format!("{} takes one s3:// location", args.command).into()),
        }
    };
    match args.command.as_str() {
        "cp" => copy(client, args).await,
        "ls" => list(client, &location()?).await,
        "mb" => {
            let bucket = location()?.bucket;
            CreateBucketRequest::builder()
                .bucket(bucket.as_str())
                .set_create_bucket_configuration(bucket_location(client.region()))
                .build()
                .send(client)
                .await?;
            Ok(())
        }
        "rb" => {
            let bucket = location()?.bucket;
            DeleteBucketRequest::builder()
                .bucket(bucket.as_str())
                .build()
                .send(client)
                .await?;
            Ok(())
        }
        "rm" => {
            let S3Path { bucket, key } = location()?;
            DeleteObjectRequest::builder()
                .bucket(bucket.as_str())
                .key(key.as_str())
                .build()
                .send(client)
                .await?;
            Ok(())
        }
        other => Err(format!("unknown command {other}").into()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(problem) => {
            eprintln!("s3_transfer: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let config = Config::from_env();
    let local = config.env_var("AWS_ENDPOINT_URL").is_some();
    let client: Client<S3> = match Client::new(&config.with_force_path_style(local)) {
        Ok(client) => client,
        Err(e) => {
            eprintln!("s3_transfer: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run(&client, &args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("s3_transfer: {e}");
            ExitCode::FAILURE
        }
    }
}
