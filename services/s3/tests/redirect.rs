//! S3's region redirect through the generated crate, against the typed mock server (which
//! verifies every signature): a bucket in another region answers `301` with
//! `x-amz-bucket-region`; the client signs for that region and sends again at once, and keeps
//! the bucket's region for the next calls.

use aws_op::{Client, Error, HttpResponse};
use aws_op_emulator::MockServer;
use aws_op_s3::*;

fn head(bucket: &str) -> HeadBucketRequest {
    HeadBucketRequest::builder().bucket(bucket).build()
}

fn moved_to(region: &str) -> HttpResponse {
    HttpResponse {
        status: 301,
        headers: vec![("x-amz-bucket-region".into(), region.into())],
        body: Vec::new(),
    }
}

#[tokio::test]
async fn a_bucket_in_another_region_is_signed_for_it_and_remembered() {
    let mock = MockServer::<S3>::start().await.expect("a mock server");
    mock.on::<HeadBucketRequest>()
        .raw(moved_to("eu-central-1"))
        .returns(
            HeadBucketOutput::builder()
                .bucket_region("eu-central-1")
                .build(),
        );
    let client: Client<S3> =
        Client::new(&mock.client_config().with_region("us-west-2")).expect("a client");

    let output = head("photos")
        .send(&client)
        .await
        .expect("the redirect followed");
    assert_eq!(output.bucket_region.as_deref(), Some("eu-central-1"));
    head("photos")
        .send(&client)
        .await
        .expect("straight to the bucket's region");
    // Another bucket is still signed for the client's region.
    head("logs")
        .send(&client)
        .await
        .expect("the client's region");

    assert_eq!(
        mock.signing_regions::<HeadBucketRequest>(),
        ["us-west-2", "eu-central-1", "eu-central-1", "us-west-2"]
    );
}

#[tokio::test]
async fn a_second_redirect_in_one_call_is_the_error() {
    let mock = MockServer::<S3>::start().await.expect("a mock server");
    mock.on::<HeadBucketRequest>()
        .raw(moved_to("eu-central-1"))
        .raw(moved_to("ap-south-1"));
    let client: Client<S3> = Client::new(&mock.client_config()).expect("a client");
    let error = head("photos").send(&client).await.unwrap_err();
    assert!(matches!(error, Error::Service(_)), "{error:?}");
    assert_eq!(
        mock.signing_regions::<HeadBucketRequest>(),
        ["us-east-1", "eu-central-1"]
    );
}
