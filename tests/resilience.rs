//! Retries under faults, against the emulator over loopback: the retry bucket bounds an outage,
//! throttling engages adaptive mode, and non-retryable errors are attempted once.

use aws_op::runtime::retry::{RetryMode, BUCKET_CAPACITY, RETRY_COST};
use aws_op::{Client, Config, Credentials};
use aws_op_emulator::{Emulator, EmulatorConfig, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use aws_op_iot_managed_integrations::*;

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

/// Under a total outage (every answer a 500) the bucket pays for 500 / 14 = 35 retries, then
/// every call makes a single attempt: 100 calls cost 135 attempts, not 300.
#[tokio::test]
async fn the_retry_bucket_bounds_attempts_under_a_full_outage() {
    let (emulator, client) = setup(|c| c).await;
    let calls = 100;
    for _ in 0..calls * 3 {
        emulator.fail_next(
            "ListAccountAssociations",
            500,
            "InternalServerException",
            "down",
        );
    }
    for _ in 0..calls {
        let err = ListAccountAssociationsRequest::builder()
            .build()
            .send(&client)
            .await
            .unwrap_err();
        assert_eq!(err.service_error().unwrap().status, 500);
    }
    let retries = (BUCKET_CAPACITY / RETRY_COST) as usize;
    let attempts = emulator.request_count("ListAccountAssociations");
    println!("{calls} calls under a full outage made {attempts} attempts ({retries} retries)");
    assert_eq!(attempts, calls + retries);
    assert!(client.retry_tokens() < RETRY_COST);
}

#[tokio::test]
async fn non_retryable_errors_are_attempted_once() {
    let (emulator, client) = setup(|c| c).await;
    for (status, code) in [
        (400, "ValidationException"),
        (403, "AccessDeniedException"),
        (404, "ResourceNotFoundException"),
        (409, "ConflictException"),
    ] {
        emulator.fail_next("DeleteAccountAssociation", status, code, "no");
        let err = DeleteAccountAssociationRequest::builder()
            .account_association_id("abc")
            .build()
            .send(&client)
            .await
            .unwrap_err();
        assert_eq!(err.service_error().unwrap().code, code);
    }
    assert_eq!(emulator.request_count("DeleteAccountAssociation"), 4);
}

#[tokio::test]
async fn adaptive_mode_engages_on_throttling_and_calls_still_succeed() {
    let (emulator, client) =
        setup(|c| c.with_retry_mode(RetryMode::Adaptive).with_max_attempts(5)).await;
    assert_eq!(client.adaptive_rate(), Some(0.0));
    // Two throttles keep the test short (throttling backoff starts at 1 s).
    for _ in 0..2 {
        emulator.fail_next(
            "ListAccountAssociations",
            429,
            "ThrottlingException",
            "slow down",
        );
    }
    ListAccountAssociationsRequest::builder()
        .build()
        .send(&client)
        .await
        .unwrap();
    assert!(
        client.adaptive_rate().unwrap() > 0.0,
        "the limiter is on after throttling"
    );
    assert_eq!(emulator.request_count("ListAccountAssociations"), 3);
}

#[test]
fn retry_mode_from_the_environment() {
    let vars = [
        ("AWS_RETRY_MODE".to_string(), "adaptive".to_string()),
        ("AWS_REGION".to_string(), "us-east-1".to_string()),
    ]
    .into_iter()
    .collect();
    let client: IotManagedIntegrationsClient = Client::new(&Config::from_env_vars(vars)).unwrap();
    assert!(client.adaptive_rate().is_some());
}
