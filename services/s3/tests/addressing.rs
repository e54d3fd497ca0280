//! S3's addressing, from its endpoint rules fed by the operation's members (`context_param`,
//! `static_context_params`): where a signed request goes, read from `Client::sign` (nothing is
//! sent). The rules are botocore's, so these are the URLs every AWS SDK sends to.

use aws_op::{Client, Config, Credentials};
use aws_op_s3::*;

fn client(configure: impl FnOnce(Config) -> Config) -> Client<S3> {
    let config = Config::new(
        "us-west-2",
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        ),
    );
    Client::new(&configure(config)).expect("a client")
}

fn get(bucket: &str, key: &str) -> GetObjectRequest {
    GetObjectRequest::builder().bucket(bucket).key(key).build()
}

async fn url_of(client: &Client<S3>, request: GetObjectRequest) -> String {
    client.sign(request).await.expect("a signed request").url
}

#[tokio::test]
async fn a_bucket_goes_in_the_host_name() {
    let url = url_of(&client(|c| c), get("photos-2026", "cats/tabby.jpg")).await;
    assert_eq!(
        url,
        "https://photos-2026.s3.us-west-2.amazonaws.com/cats/tabby.jpg"
    );
}

#[tokio::test]
async fn force_path_style_keeps_the_bucket_in_the_path() {
    let client = client(|c| c.with_force_path_style(true));
    let url = url_of(&client, get("photos-2026", "cats/tabby.jpg")).await;
    assert_eq!(
        url,
        "https://s3.us-west-2.amazonaws.com/photos-2026/cats/tabby.jpg"
    );
}

#[tokio::test]
async fn a_bucket_name_with_dots_stays_in_the_path_under_tls() {
    // A dotted name would not match the certificate's `*.s3...` wildcard.
    let url = url_of(&client(|c| c), get("www.example.com", "index.html")).await;
    assert_eq!(
        url,
        "https://s3.us-west-2.amazonaws.com/www.example.com/index.html"
    );
}

#[tokio::test]
async fn an_access_point_arn_routes_to_the_access_point() {
    let arn = "arn:aws:s3:us-west-2:123456789012:accesspoint/uploads";
    let url = url_of(&client(|c| c), get(arn, "a.txt")).await;
    assert_eq!(
        url,
        "https://uploads-123456789012.s3-accesspoint.us-west-2.amazonaws.com/a.txt"
    );
}

#[tokio::test]
async fn an_endpoint_at_an_ip_address_is_addressed_by_path() {
    let client = client(|c| c.with_endpoint_url("http://127.0.0.1:9000"));
    let url = url_of(&client, get("photos-2026", "cats/tabby.jpg")).await;
    assert_eq!(url, "http://127.0.0.1:9000/photos-2026/cats/tabby.jpg");
}

#[tokio::test]
async fn a_directory_bucket_is_created_through_the_express_control_endpoint() {
    // CreateBucket sets `UseS3ExpressControlEndpoint` (a static parameter of the operation).
    let request = CreateBucketRequest::builder()
        .bucket("logs--usw2-az1--x-s3")
        .build();
    let signed = client(|c| c).sign(request).await.expect("a signed request");
    assert_eq!(
        signed.url,
        "https://s3express-control.us-west-2.amazonaws.com/logs--usw2-az1--x-s3"
    );
    let authorization = signed
        .headers
        .iter()
        .find(|(name, _)| name == "authorization")
        .map(|(_, value)| value.as_str())
        .unwrap_or_default();
    assert!(
        authorization.contains("/us-west-2/s3express/aws4_request"),
        "{authorization}"
    );
}
