//! One PutObject call, as a user's own program would make it: the S3 counterpart of
//! `create_account_association`, on which the S3 build-time and binary-size figures are
//! measured beside the same program written with `aws-sdk-s3` (`benches/s3-peer`).
//!
//! Configuration comes from the environment the way the AWS SDKs read it (`AWS_REGION`,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_ENDPOINT_URL_S3`, ...); `--endpoint-url`
//! overrides the endpoint and puts the bucket in the path (a local S3 has no bucket host names).
//!
//! ```text
//! cargo run -p aws-op-examples --no-default-features --features s3 --example put_object -- \
//!     my-bucket notes/hello.txt "hello" [--endpoint-url http://127.0.0.1:9000]
//! ```

use aws_op::{Client, Config};
use aws_op_s3::{PutObjectRequest, S3};
use std::process::ExitCode;

const USAGE: &str = "usage: put_object BUCKET KEY TEXT [--endpoint-url URL]";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut positional = Vec::new();
    let mut endpoint_url = None;
    let mut argv = std::env::args().skip(1);
    while let Some(arg) = argv.next() {
        match arg.as_str() {
            "--help" | "-h" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--endpoint-url" => match argv.next() {
                Some(url) => endpoint_url = Some(url),
                None => {
                    eprintln!("--endpoint-url needs a value\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            _ => positional.push(arg),
        }
    }
    let [bucket, key, text] = <[String; 3]>::try_from(positional).unwrap_or_default();
    if bucket.is_empty() || key.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut config = Config::from_env();
    if let Some(url) = endpoint_url {
        config = config.with_endpoint_url(url).with_force_path_style(true);
    }
    let client = match Client::<S3>::new(&config) {
        Ok(client) => client,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let request = PutObjectRequest::builder()
        .bucket(bucket)
        .key(key)
        .body(aws_op::Body::from(text))
        .build();
    match request.send(&client).await {
        Ok(put) => {
            println!("ETag {}", put.e_tag.unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
