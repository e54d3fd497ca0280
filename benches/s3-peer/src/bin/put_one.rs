//! The one-call PutObject program written with `aws-sdk-s3`, for the clean build time and
//! stripped size beside aws-op's `put_object` example (README: S3). Credentials, region and
//! endpoint come from the environment, as there.
//!
//! ```text
//! put_one BUCKET KEY TEXT
//! ```

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(bucket), Some(key), Some(text)) = (args.next(), args.next(), args.next()) else {
        return Err("usage: put_one BUCKET KEY TEXT".into());
    };
    let config = aws_config::load_from_env().await;
    let client = aws_sdk_s3::Client::new(&config);
    let put = client
        .put_object()
        .bucket(bucket)
        .key(key)
        .body(text.into_bytes().into())
        .send()
        .await?;
    println!("ETag {}", put.e_tag.unwrap_or_default());
    Ok(())
}
