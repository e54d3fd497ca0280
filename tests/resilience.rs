//! Retries under faults, against the emulator over loopback: the retry bucket bounds an outage,
//! throttling engages adaptive mode, and non-retryable errors are attempted once.

use aws_op::{Client, Config, Credentials, RetryMode};
use aws_op_emulator::{Emulator, EmulatorConfig, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use aws_op_iot_managed_integrations::*;

/// The standard retry policy's token bucket, as the README documents it: 500 tokens, 14 per
/// retry.
const BUCKET_CAPACITY: u32 = 500;
const RETRY_COST: u32 = 14;

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

/// A create the server committed but whose response was lost is retried with the same
/// ClientToken and yields exactly one association.
#[tokio::test]
async fn a_lost_response_after_commit_yields_exactly_one_association() {
    use aws_op_emulator::{Fault, FaultScope};
    let (emulator, client) = setup(|c| c).await;
    emulator.script_faults(
        FaultScope::Operation("CreateAccountAssociation".into()),
        [Fault::DropAfterCommit, Fault::TruncatedBody],
    );
    let created = CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd-lost")
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(emulator.request_count("CreateAccountAssociation"), 3);
    assert_eq!(emulator.association_count(), 1);
    let listed = ListAccountAssociationsRequest::builder()
        .build()
        .send(&client)
        .await
        .unwrap();
    let items = listed.items.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].account_association_id,
        created.account_association_id
    );
}

/// 2,000 creates at concurrency 64 with 20 % injected faults of every kind: each call ends in
/// success or a typed error, no task hangs, and the emulator holds at most one association per
/// call, the successful ones included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_creates_under_faults_never_duplicate() {
    use aws_op_emulator::{Fault, FaultScope};
    use std::collections::HashMap;
    use std::time::Duration;
    let (emulator, client) = setup(|c| c.with_attempt_timeout(Duration::from_secs(5))).await;
    emulator.fault_rate(
        FaultScope::Operation("CreateAccountAssociation".into()),
        0.2,
        vec![
            Fault::internal(),
            Fault::unavailable(),
            Fault::throttling(),
            Fault::DropBeforeCommit,
            Fault::DropAfterCommit,
            Fault::TruncatedBody,
            Fault::MalformedJson,
            Fault::Delay(Duration::from_millis(20)),
        ],
        7,
    );
    let calls = 2000;
    let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(64));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..calls {
        let (client, semaphore) = (client.clone(), semaphore.clone());
        tasks.spawn(async move {
            let _permit = semaphore.acquire().await.unwrap();
            let result = CreateAccountAssociationRequest::builder()
                .connector_destination_id(format!("cd-{i}"))
                .build()
                .send(&client)
                .await;
            (
                i,
                result
                    .map(|r| r.account_association_id)
                    .map_err(|e| e.to_string()),
            )
        });
    }
    let mut succeeded = HashMap::new();
    let mut failed = 0;
    let all = async {
        while let Some(joined) = tasks.join_next().await {
            let (i, result) = joined.expect("no task panics");
            match result {
                Ok(id) => {
                    succeeded.insert(i, id);
                }
                Err(message) => {
                    assert!(message.contains("CreateAccountAssociation"), "{message}");
                    failed += 1;
                }
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(240), all)
        .await
        .expect("no call hangs");
    assert_eq!(succeeded.len() + failed, calls);
    println!(
        "{calls} creates: {} succeeded, {failed} failed with typed errors, faults {:?}",
        succeeded.len(),
        emulator.faults_injected()
    );
    emulator.clear_faults();

    // Every destination holds at most one association, and each success is the one it holds.
    let mut by_destination: HashMap<String, Vec<String>> = HashMap::new();
    let mut token = None;
    loop {
        let page = ListAccountAssociationsRequest::builder()
            .max_results(1000)
            .set_next_token(token.take())
            .build()
            .send(&client)
            .await
            .unwrap();
        for item in page.items.unwrap_or_default() {
            by_destination
                .entry(item.connector_destination_id.unwrap_or_default())
                .or_default()
                .push(item.account_association_id);
        }
        match page.next_token {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    assert!(
        by_destination.values().all(|ids| ids.len() == 1),
        "a duplicate association"
    );
    for (i, id) in &succeeded {
        assert_eq!(
            by_destination.get(&format!("cd-{i}")),
            Some(&vec![id.clone()])
        );
    }
    assert_eq!(emulator.association_count(), by_destination.len());
    assert!(emulator.association_count() >= succeeded.len());
}
