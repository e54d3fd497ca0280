//! CloudWatch Logs: create a log group and a stream, put events, read them back, delete the
//! group (and with it the stream).
//!
//! ```text
//! cargo run -p aws-op-cloudwatchlogs --example cloudwatchlogs                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-cloudwatchlogs --example cloudwatchlogs   # a local moto server
//! ```

use aws_op::{Client, Config, DateTime};
use aws_op_cloudwatchlogs::*;

const GROUP: &str = "/aws-op/example";
const STREAM: &str = "example-stream";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client: Client<CloudWatchLogs> = Client::new(&Config::from_env())?;

    CreateLogGroupRequest::builder()
        .log_group_name(GROUP)
        .build()
        .send(&client)
        .await?;
    println!("created the log group {GROUP}");
    let outcome = put_and_read(&client).await;
    // The group goes whatever happened on the way.
    let deleted = DeleteLogGroupRequest::builder()
        .log_group_name(GROUP)
        .build()
        .send(&client)
        .await;
    outcome?;
    deleted?;
    println!("deleted the log group");
    Ok(())
}

async fn put_and_read(client: &Client<CloudWatchLogs>) -> Result<(), Box<dyn std::error::Error>> {
    CreateLogStreamRequest::builder()
        .log_group_name(GROUP)
        .log_stream_name(STREAM)
        .build()
        .send(client)
        .await?;

    let now = DateTime::now();
    let millis = now.secs() * 1000 + i64::from(now.subsec_nanos() / 1_000_000);
    let events = ["starting", "working", "done"]
        .iter()
        .enumerate()
        .map(|(i, message)| {
            InputLogEvent::builder()
                .timestamp(millis + i as i64)
                .message(format!("aws-op example: {message}"))
                .build()
        })
        .collect::<Vec<_>>();
    let put = PutLogEventsRequest::builder()
        .log_group_name(GROUP)
        .log_stream_name(STREAM)
        .log_events(events)
        .build()
        .send(client)
        .await?;
    if let Some(rejected) = put.rejected_log_events_info {
        println!("some events were rejected: {rejected:?}");
    }

    let read = GetLogEventsRequest::builder()
        .log_group_name(GROUP)
        .log_stream_name(STREAM)
        .start_from_head(true)
        .build()
        .send(client)
        .await?;
    for event in read.events.unwrap_or_default() {
        println!(
            "{} ms: {}",
            event.timestamp.unwrap_or_default(),
            event.message.unwrap_or_default()
        );
    }
    Ok(())
}
