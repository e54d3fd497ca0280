//! `SubscribeToShard` over HTTP/2 (which AWS requires of it, and the official Rust SDK does not
//! offer): the generated operation against the typed mock server, which serves the operation
//! over HTTP/2 only, verifies the request's signature and answers with Kinesis's event stream
//! (its `initial-response` event, then typed `SubscribeToShardEvent`s, or an exception event).
//! moto does not implement `SubscribeToShard`, so the third-party walk cannot cover it.

use aws_op::{Blob, Client, DateTime, Error};
use aws_op_emulator::MockServer;
use aws_op_kinesis::*;

const CONSUMER: &str =
    "arn:aws:kinesis:us-east-1:123456789012:stream/orders/consumer/audit:1700000000";

fn subscribe() -> SubscribeToShardRequest {
    SubscribeToShardRequest::builder()
        .consumer_arn(CONSUMER)
        .shard_id("shardId-000000000000")
        .starting_position(
            StartingPosition::builder()
                .r#type(ShardIteratorType::AtSequenceNumber)
                .sequence_number("49590338271490256608559692538361571095921575989136588898")
                .build(),
        )
        .build()
}

fn record(sequence: &str, data: &[u8]) -> Record {
    Record::builder()
        .sequence_number(sequence)
        .data(Blob::new(data.to_vec()))
        .partition_key("pk")
        .approximate_arrival_timestamp(DateTime::from_secs(1_700_000_000))
        .build()
}

fn batch(records: Vec<Record>, continuation: &str, behind_ms: i64) -> SubscribeToShardEventStream {
    SubscribeToShardEventStream::SubscribeToShardEvent(
        SubscribeToShardEvent::builder()
            .records(records)
            .continuation_sequence_number(continuation)
            .millis_behind_latest(behind_ms)
            .build(),
    )
}

async fn mock() -> (MockServer<Kinesis>, Client<Kinesis>) {
    let mock = MockServer::<Kinesis>::start().await.expect("a mock server");
    let client = Client::new(&mock.client_config()).expect("a client");
    (mock, client)
}

#[tokio::test]
async fn records_arrive_as_typed_events_over_http2() {
    let (mock, client) = mock().await;
    let sent = [
        batch(
            vec![
                record("1", b"\x00binary\xff"),
                record("2", "héllo".as_bytes()),
            ],
            "2",
            1_500,
        ),
        batch(Vec::new(), "2", 0),
        batch(vec![record("3", b"{\"order\":3}")], "3", 0),
    ];
    mock.on::<SubscribeToShardRequest>().streams(sent.clone());

    // The mock answers 505 to SubscribeToShard over HTTP/1.1: this came over HTTP/2.
    let mut output = subscribe().send(&client).await.expect("the subscription");
    let mut received = Vec::new();
    while let Some(event) = output.event_stream.recv().await.expect("an event") {
        received.push(event);
    }
    assert_eq!(received, sent);
    assert_eq!(mock.received::<SubscribeToShardRequest>(), [subscribe()]);
}

#[tokio::test]
async fn an_exception_event_ends_the_stream_with_its_typed_error() {
    let (mock, client) = mock().await;
    mock.on::<SubscribeToShardRequest>().streams_then_fails(
        [batch(vec![record("1", b"first")], "1", 0)],
        KMSThrottlingException::builder()
            .message("Rate exceeded for the key")
            .build(),
    );
    let mut output = subscribe().send(&client).await.expect("the subscription");
    let first = output.event_stream.recv().await.expect("the first batch");
    assert_eq!(first, Some(batch(vec![record("1", b"first")], "1", 0)));
    let error = output.event_stream.recv().await.unwrap_err();
    let Error::Service(service) = &error else {
        panic!("not a service error: {error:?}");
    };
    assert!(
        matches!(
            &service.error,
            SubscribeToShardEventStreamError::KMSThrottlingException(e)
                if e.message.as_deref() == Some("Rate exceeded for the key")
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_refused_subscription_is_the_operations_typed_error() {
    let (mock, client) = mock().await;
    mock.on::<SubscribeToShardRequest>().fails(
        ResourceInUseException::builder()
            .message("Another active subscription exists for this consumer")
            .build(),
    );
    let error = subscribe().send(&client).await.unwrap_err();
    let Error::Service(service) = &error else {
        panic!("not a service error: {error:?}");
    };
    assert!(
        matches!(
            &service.error,
            SubscribeToShardError::ResourceInUseException(_)
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_invalid_subscription_is_refused_before_anything_is_sent() {
    let (mock, client) = mock().await;
    mock.on::<SubscribeToShardRequest>()
        .streams([batch(Vec::new(), "0", 0)]);
    let mut request = subscribe();
    request.consumer_arn = "not-an-arn".into();
    let error = request.send(&client).await.unwrap_err();
    assert!(matches!(error, Error::Validation(_)), "{error:?}");
    assert!(
        error.to_string().contains("`ConsumerARN` breaks pattern"),
        "{error}"
    );
    assert!(mock.received::<SubscribeToShardRequest>().is_empty());
}
