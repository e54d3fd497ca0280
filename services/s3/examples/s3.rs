//! S3: create a bucket, put an object, read it back as a stream, list the bucket, delete the
//! object and the bucket.
//!
//! ```text
//! cargo run -p aws-op-s3 --example s3                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-s3 --example s3   # a local moto server
//! ```
//!
//! With `AWS_ENDPOINT_URL` set the bucket goes in the path (`http://127.0.0.1:5000/bucket/key`,
//! `Config::with_force_path_style`): a local server answers on one host name, and
//! `bucket.localhost` would not resolve.

use aws_op::{Body, Client, Config};
use aws_op_s3::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env();
    let local = config.env_var("AWS_ENDPOINT_URL").is_some();
    let config = config.with_force_path_style(local);
    let client: Client<S3> = Client::new(&config)?;

    // Bucket names are global: one of this run's own.
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?;
    let bucket = format!("aws-op-example-{}-{}", stamp.as_secs(), std::process::id());
    // Outside us-east-1 a bucket names its region.
    CreateBucketRequest::builder()
        .bucket(bucket.as_str())
        .set_create_bucket_configuration(bucket_location(client.region()))
        .build()
        .send(&client)
        .await?;
    println!("bucket {bucket}");

    let put = PutObjectRequest::builder()
        .bucket(bucket.as_str())
        .key("hello.txt")
        .content_type("text/plain; charset=utf-8")
        .body(Body::from("hello from aws-op"))
        .build()
        .send(&client)
        .await?;
    println!("put hello.txt, ETag {}", put.e_tag.unwrap_or_default());

    // The body is read as it arrives, and checked against the checksum S3 stored.
    let mut object = GetObjectRequest::builder()
        .bucket(bucket.as_str())
        .key("hello.txt")
        .build()
        .send(&client)
        .await?;
    let mut text = Vec::new();
    while let Some(chunk) = object.body.next().await {
        text.extend_from_slice(&chunk?);
    }
    println!("got {:?}", String::from_utf8_lossy(&text));

    let listed = ListObjectsV2Request::builder()
        .bucket(bucket.as_str())
        .build()
        .send(&client)
        .await?;
    for item in listed.contents.unwrap_or_default() {
        println!(
            "listed {} ({} bytes)",
            item.key.unwrap_or_default(),
            item.size.unwrap_or_default()
        );
    }

    DeleteObjectRequest::builder()
        .bucket(bucket.as_str())
        .key("hello.txt")
        .build()
        .send(&client)
        .await?;
    DeleteBucketRequest::builder()
        .bucket(bucket.as_str())
        .build()
        .send(&client)
        .await?;
    println!("deleted the object and the bucket");
    Ok(())
}
