//! Kinesis: create a stream, wait until it is ACTIVE, put records, read them back, delete the
//! stream.
//!
//! ```text
//! cargo run -p aws-op-kinesis --example kinesis                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-kinesis --example kinesis   # a local moto server
//! ```

use aws_op::{Blob, Client, Config};
use aws_op_kinesis::*;
use std::time::Duration;

const STREAM: &str = "aws-op-example";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client: Client<Kinesis> = Client::new(&Config::from_env())?;

    CreateStreamRequest::builder()
        .stream_name(STREAM)
        .shard_count(1)
        .build()
        .send(&client)
        .await?;
    let outcome = put_and_read(&client).await;
    // The stream goes whatever happened on the way.
    let deleted = DeleteStreamRequest::builder()
        .stream_name(STREAM)
        .build()
        .send(&client)
        .await;
    outcome?;
    deleted?;
    println!("deleted the stream");
    Ok(())
}

async fn put_and_read(client: &Client<Kinesis>) -> Result<(), Box<dyn std::error::Error>> {
    // A new stream is CREATING for up to a minute or so on AWS.
    let mut status = StreamStatus::Creating;
    for _ in 0..120 {
        status = DescribeStreamSummaryRequest::builder()
            .stream_name(STREAM)
            .build()
            .send(client)
            .await?
            .stream_description_summary
            .stream_status;
        if status == StreamStatus::Active {
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    if status != StreamStatus::Active {
        return Err(format!("{STREAM} is still {status:?} after two minutes").into());
    }
    println!("stream {STREAM} is ACTIVE");

    let put = PutRecordRequest::builder()
        .stream_name(STREAM)
        .partition_key("example")
        .data(Blob::from("hello from aws-op"))
        .build()
        .send(client)
        .await?;
    println!(
        "put a record in {} at {}",
        put.shard_id, put.sequence_number
    );
    let batch = PutRecordsRequest::builder()
        .stream_name(STREAM)
        .records(
            (1..=3)
                .map(|i| {
                    PutRecordsRequestEntry::builder()
                        .partition_key(format!("example-{i}"))
                        .data(Blob::from(format!("record {i}")))
                        .build()
                })
                .collect::<Vec<_>>(),
        )
        .build()
        .send(client)
        .await?;
    println!(
        "put {} more, {} failed",
        batch.records.len(),
        batch.failed_record_count.unwrap_or(0)
    );

    let mut iterator = GetShardIteratorRequest::builder()
        .stream_name(STREAM)
        .shard_id(put.shard_id)
        .shard_iterator_type(ShardIteratorType::TrimHorizon)
        .build()
        .send(client)
        .await?
        .shard_iterator;
    // Records can take a moment to become readable on AWS: follow the iterator until all four
    // have come back, or give up after a few empty reads.
    let (mut read, mut reads) = (0, 0);
    while let Some(current) = iterator.take() {
        if read >= 4 || reads == 10 {
            break;
        }
        let page = GetRecordsRequest::builder()
            .shard_iterator(current)
            .build()
            .send(client)
            .await?;
        for record in &page.records {
            println!(
                "read {:?} (partition key {}, arrived {:?})",
                String::from_utf8_lossy(record.data.as_bytes()),
                record.partition_key.as_deref().unwrap_or_default(),
                record.approximate_arrival_timestamp
            );
        }
        read += page.records.len();
        reads += 1;
        iterator = page.next_shard_iterator;
        if read < 4 {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
    Ok(())
}
