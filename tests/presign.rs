//! Presigned URLs against the emulator over loopback: a URL made by `presign` is fetched with a
//! plain HTTP client (no aws-op signing), and the emulator verifies its query signature and its
//! expiry. A tampered or expired URL is refused.

use aws_op::{Client, Config, Credentials, Error};
use aws_op_emulator::{Emulator, EmulatorConfig, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use aws_op_iot_managed_integrations::*;
use std::time::{Duration, SystemTime};

async fn setup(config: impl FnOnce(Config) -> Config) -> (Emulator, IotManagedIntegrationsClient) {
    let emulator = Emulator::start(EmulatorConfig::new()).await.unwrap();
    let base = Config::new(
        "us-east-1",
        Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, None),
    )
    .with_endpoint_url(emulator.endpoint_url());
    let client = Client::new(&config(base)).unwrap();
    (emulator, client)
}

async fn create(client: &IotManagedIntegrationsClient) -> String {
    CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd-presign")
        .name("presigned")
        .build()
        .send(client)
        .await
        .unwrap()
        .account_association_id
}

/// Fetches a presigned request with a plain reqwest client: its method, URL and headers only.
async fn fetch(presigned: &aws_op::PresignedRequest) -> (u16, String) {
    fetch_url(presigned, &presigned.url).await
}

async fn fetch_url(presigned: &aws_op::PresignedRequest, url: &str) -> (u16, String) {
    let method = reqwest::Method::from_bytes(presigned.method.as_bytes()).unwrap();
    let mut request = reqwest::Client::new().request(method, url);
    for (name, value) in &presigned.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn query_param<'u>(url: &'u str, name: &str) -> Option<&'u str> {
    url.split_once('?')?
        .1
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

#[tokio::test]
async fn a_presigned_get_is_served_to_a_plain_http_client() {
    let (_emulator, client) = setup(|c| c).await;
    let id = create(&client).await;
    let presigned = GetAccountAssociationRequest::builder()
        .account_association_id(id.as_str())
        .build()
        .presign(&client, Duration::from_secs(300))
        .await
        .unwrap();
    assert_eq!(presigned.method, "GET");
    assert_eq!(query_param(&presigned.url, "X-Amz-Expires"), Some("300"));
    assert_eq!(
        query_param(&presigned.url, "X-Amz-Algorithm"),
        Some("AWS4-HMAC-SHA256")
    );
    assert!(query_param(&presigned.url, "X-Amz-Signature").is_some_and(|s| s.len() == 64));
    let expires_in = presigned
        .expires_at
        .duration_since(SystemTime::now())
        .unwrap();
    assert!(expires_in <= Duration::from_secs(300) && expires_in > Duration::from_secs(250));
    // The URL is a credential: Debug shows its path only.
    let debug = format!("{presigned:?}");
    assert!(!debug.contains("X-Amz-Signature"), "{debug}");

    let (status, body) = fetch(&presigned).await;
    assert_eq!(status, 200, "{body}");
    let json: aws_op::serde_json::Value = aws_op::serde_json::from_str(&body).unwrap();
    assert_eq!(json["AccountAssociationId"], id.as_str());
    assert_eq!(json["Name"], "presigned");
}

#[tokio::test]
async fn a_presigned_delete_acts_on_the_resource() {
    let (emulator, client) = setup(|c| c).await;
    let id = create(&client).await;
    let presigned = DeleteAccountAssociationRequest::builder()
        .account_association_id(id.as_str())
        .build()
        .presign(&client, Duration::from_secs(60))
        .await
        .unwrap();
    let (status, body) = fetch(&presigned).await;
    assert_eq!(
        status,
        <DeleteAccountAssociationRequest as aws_op::Operation>::SUCCESS_STATUS,
        "{body}"
    );
    assert_eq!(emulator.association_count(), 0);
}

#[tokio::test]
async fn a_tampered_url_is_refused() {
    let (emulator, client) = setup(|c| c).await;
    let id = create(&client).await;
    let presigned = GetAccountAssociationRequest::builder()
        .account_association_id(id.as_str())
        .build()
        .presign(&client, Duration::from_secs(300))
        .await
        .unwrap();
    let other = create(&client).await;
    // Another resource with the same signature.
    let (status, body) = fetch_url(&presigned, &presigned.url.replace(&id, &other)).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("signature"), "{body}");
    // A longer validity than signed.
    let longer = presigned
        .url
        .replace("X-Amz-Expires=300", "X-Amz-Expires=600");
    assert_eq!(fetch_url(&presigned, &longer).await.0, 403);
    // A changed signature.
    let signature = query_param(&presigned.url, "X-Amz-Signature").unwrap();
    let flipped: String = signature
        .chars()
        .map(|c| if c == '0' { '1' } else { '0' })
        .collect();
    let forged = presigned.url.replace(signature, &flipped);
    assert_eq!(fetch_url(&presigned, &forged).await.0, 403);
    // Without its signature.
    let cut = presigned
        .url
        .replace(&format!("&X-Amz-Signature={signature}"), "");
    assert_eq!(fetch_url(&presigned, &cut).await.0, 403);
    // None of them reached the operation; the untouched URL still works.
    assert_eq!(emulator.request_count("GetAccountAssociation"), 0);
    assert_eq!(fetch(&presigned).await.0, 200);
    assert_eq!(emulator.request_count("GetAccountAssociation"), 1);
}

#[tokio::test]
async fn an_expired_url_is_refused() {
    // Signed two hours ago for one hour: the emulator's clock is past its expiry.
    let (_emulator, client) =
        setup(|c| c.with_time_source(|| SystemTime::now() - Duration::from_secs(2 * 3600))).await;
    let presigned = ListAccountAssociationsRequest::builder()
        .build()
        .presign(&client, Duration::from_secs(3600))
        .await
        .unwrap();
    assert!(presigned.expires_at < SystemTime::now());
    let (status, body) = fetch(&presigned).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("expired"), "{body}");
}

#[tokio::test]
async fn expiry_is_one_second_to_seven_days() {
    let (_emulator, client) = setup(|c| c).await;
    for bad in [Duration::ZERO, Duration::from_secs(7 * 24 * 3600 + 1)] {
        let err = ListAccountAssociationsRequest::builder()
            .build()
            .presign(&client, bad)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Config(e) if e.message.contains("7 days")),
            "{err}"
        );
    }
    let week = ListAccountAssociationsRequest::builder()
        .build()
        .presign(&client, Duration::from_secs(7 * 24 * 3600))
        .await
        .unwrap();
    assert_eq!(query_param(&week.url, "X-Amz-Expires"), Some("604800"));
    assert_eq!(fetch(&week).await.0, 200);
}

#[tokio::test]
async fn session_tokens_travel_in_the_url() {
    let (_emulator, client) = setup(|c| {
        c.with_credentials(Credentials::new(
            DEFAULT_ACCESS_KEY_ID,
            DEFAULT_SECRET_ACCESS_KEY,
            Some("session/token+1".into()),
        ))
    })
    .await;
    let presigned = ListAccountAssociationsRequest::builder()
        .build()
        .presign(&client, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(
        query_param(&presigned.url, "X-Amz-Security-Token"),
        Some("session%2Ftoken%2B1")
    );
    assert_eq!(fetch(&presigned).await.0, 200);
}

#[tokio::test]
async fn invalid_input_is_refused_before_presigning() {
    let (_emulator, client) = setup(|c| c).await;
    let err = GetAccountAssociationRequest::builder()
        .account_association_id("!!")
        .build()
        .presign(&client, Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err}");
}
