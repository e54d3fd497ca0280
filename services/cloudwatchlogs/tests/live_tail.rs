//! CloudWatch Logs `StartLiveTail`, an output event stream, against moto: log events with
//! unicode messages put into two streams of a group, then a Live Tail session filtered by a
//! stream-name prefix and a filter pattern, read event by event (`sessionStart`, then
//! `sessionUpdate` with the matching events in time order) until the stream ends; a missing
//! log group as the typed `ResourceNotFoundException` before any event.
//!
//! `StartLiveTail` has the host prefix `stream-`, which cannot precede a loopback address:
//! the client turns host prefixes off, as a user pointing it at a local endpoint would
//! (botocore's `inject_host_prefix=False`).

use aws_op::Client;
use aws_op_cloudwatchlogs::*;
use aws_op_moto::Moto;

const GROUP: &str = "/walk/live-tail";

fn client(moto: &Moto) -> Client<CloudWatchLogs> {
    Client::new(&moto.config().with_host_prefix_injection(false)).expect("a client")
}

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_millis() as i64
}

async fn put_events(client: &Client<CloudWatchLogs>, stream: &str, events: &[(i64, &str)]) {
    CreateLogStreamRequest::builder()
        .log_group_name(GROUP)
        .log_stream_name(stream)
        .build()
        .send(client)
        .await
        .expect("CreateLogStream");
    let events: Vec<_> = events
        .iter()
        .map(|&(timestamp, message)| {
            InputLogEvent::builder()
                .timestamp(timestamp)
                .message(message)
                .build()
        })
        .collect();
    PutLogEventsRequest::builder()
        .log_group_name(GROUP)
        .log_stream_name(stream)
        .log_events(events)
        .build()
        .send(client)
        .await
        .expect("PutLogEvents");
}

#[tokio::test]
async fn a_live_tail_session_streams_the_matching_events() {
    let moto = Moto::start();
    let client = client(&moto);
    CreateLogGroupRequest::builder()
        .log_group_name(GROUP)
        .build()
        .send(&client)
        .await
        .expect("CreateLogGroup");
    let t = now_millis();
    put_events(
        &client,
        "web-1",
        &[
            (t, "ERROR checkout failed for Zoë 🚀"),
            (t + 2, "INFO page served"),
        ],
    )
    .await;
    put_events(
        &client,
        "web-2",
        &[(t + 1, "ERROR timeout in ünïcode path")],
    )
    .await;
    put_events(
        &client,
        "batch-1",
        &[(t + 3, "ERROR not tailed: other prefix")],
    )
    .await;

    let output = StartLiveTailRequest::builder()
        .log_group_identifiers(vec![GROUP.to_owned()])
        .log_stream_name_prefixes(vec!["web-".to_owned()])
        .log_event_filter_pattern("ERROR")
        .build()
        .send(&client)
        .await
        .expect("StartLiveTail");
    let mut stream = output.response_stream;

    let Some(StartLiveTailResponseStream::SessionStart(start)) =
        stream.recv().await.expect("the first event")
    else {
        panic!("the session starts with sessionStart");
    };
    assert!(start.session_id.is_some_and(|id| !id.is_empty()));
    let groups = start.log_group_identifiers.unwrap_or_default();
    assert_eq!(groups.len(), 1);
    assert!(groups[0].ends_with(GROUP), "{groups:?}");
    assert_eq!(start.log_stream_name_prefixes.unwrap_or_default(), ["web-"]);
    assert_eq!(start.log_event_filter_pattern.as_deref(), Some("ERROR"));

    let Some(StartLiveTailResponseStream::SessionUpdate(update)) =
        stream.recv().await.expect("the second event")
    else {
        panic!("then sessionUpdate");
    };
    assert_eq!(update.session_metadata.and_then(|m| m.sampled), Some(false));
    let results: Vec<_> = update
        .session_results
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.log_stream_name, e.message, e.timestamp))
        .collect();
    assert_eq!(
        results,
        [
            (
                Some("web-1".to_owned()),
                Some("ERROR checkout failed for Zoë 🚀".to_owned()),
                Some(t)
            ),
            (
                Some("web-2".to_owned()),
                Some("ERROR timeout in ünïcode path".to_owned()),
                Some(t + 1)
            ),
        ]
    );
    assert!(stream.recv().await.expect("a clean end").is_none());
}

#[tokio::test]
async fn a_missing_log_group_is_the_typed_error() {
    let moto = Moto::start();
    let client = client(&moto);
    let error = StartLiveTailRequest::builder()
        .log_group_identifiers(vec!["/walk/no-such-group".to_owned()])
        .build()
        .send(&client)
        .await
        .map(|_| ())
        .expect_err("no such group");
    let service = error.service_error().expect("a service error");
    assert!(
        matches!(
            service.err(),
            StartLiveTailError::ResourceNotFoundException(_)
        ),
        "{service:?}"
    );
}
