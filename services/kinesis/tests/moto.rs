//! Kinesis walked against moto, a third-party emulator: streams created, waited for until
//! ACTIVE, read back, tagged, their retention raised, listed page by page (streams and shards)
//! and deleted; records with every byte value 0x00..=0xff and a unicode partition key put one
//! at a time and in a batch, then read back through a shard iterator with their arrival
//! timestamps; a missing stream arrives as the typed ResourceNotFoundException.

use aws_op::{Blob, Client};
use aws_op_kinesis::*;
use aws_op_moto::{all_pages, assert_recent, Moto};
use std::collections::HashMap;
use std::time::Duration;

fn client(moto: &Moto) -> Client<Kinesis> {
    Client::new(&moto.config()).expect("a client for moto")
}

async fn create_active_stream(client: &Client<Kinesis>, name: &str, shards: i32) {
    CreateStreamRequest::builder()
        .stream_name(name)
        .shard_count(shards)
        .build()
        .send(client)
        .await
        .expect("CreateStream");
    for _ in 0..50 {
        let summary = describe(client, name).await;
        if summary.stream_status == StreamStatus::Active {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("stream {name} never became ACTIVE");
}

async fn describe(client: &Client<Kinesis>, name: &str) -> StreamDescriptionSummary {
    DescribeStreamSummaryRequest::builder()
        .stream_name(name)
        .build()
        .send(client)
        .await
        .expect("DescribeStreamSummary")
        .stream_description_summary
}

#[tokio::test]
async fn streams_are_created_read_tagged_changed_listed_by_page_and_deleted() {
    let moto = Moto::start();
    let client = client(&moto);
    let names: Vec<String> = (0..5).map(|i| format!("walk-stream-{i}")).collect();
    for name in &names {
        create_active_stream(&client, name, 1).await;
    }

    let summary = describe(&client, &names[0]).await;
    assert_eq!(summary.stream_name, names[0]);
    assert!(summary.stream_arn.ends_with(":stream/walk-stream-0"));
    assert_eq!(summary.retention_period_hours, 24);
    assert_eq!(summary.open_shard_count, 1);
    assert_recent(
        "StreamCreationTimestamp",
        summary.stream_creation_timestamp.secs(),
    );

    IncreaseStreamRetentionPeriodRequest::builder()
        .stream_name(names[0].as_str())
        .retention_period_hours(48)
        .build()
        .send(&client)
        .await
        .expect("IncreaseStreamRetentionPeriod");
    assert_eq!(
        describe(&client, &names[0]).await.retention_period_hours,
        48
    );

    // Tagged after creation: moto 5.2.6 drops the tags CreateStream carries.
    AddTagsToStreamRequest::builder()
        .stream_name(names[0].as_str())
        .tags(HashMap::from([
            ("stage".to_string(), "walk".to_string()),
            ("team".to_string(), "Zoë 🚀".to_string()),
        ]))
        .build()
        .send(&client)
        .await
        .expect("AddTagsToStream");
    let mut tags = ListTagsForStreamRequest::builder()
        .stream_name(names[0].as_str())
        .build()
        .send(&client)
        .await
        .expect("ListTagsForStream")
        .tags;
    tags.sort_by(|a, b| a.key.cmp(&b.key));
    let tags: Vec<(String, Option<String>)> = tags.into_iter().map(|t| (t.key, t.value)).collect();
    assert_eq!(
        tags,
        [
            ("stage".to_string(), Some("walk".to_string())),
            ("team".to_string(), Some("Zoë 🚀".to_string())),
        ]
    );

    // ListStreams pages by its first result list; each page keeps both.
    let pages = all_pages(
        ListStreamsRequest::builder()
            .limit(2)
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 3);
    let mut listed = Vec::new();
    for (i, page) in pages.into_iter().enumerate() {
        let summaries = page.stream_summaries.unwrap_or_default();
        assert_eq!(
            summaries.iter().map(|s| &s.stream_name).collect::<Vec<_>>(),
            page.stream_names.iter().collect::<Vec<_>>(),
            "the summaries name the same streams"
        );
        assert_eq!(
            page.has_more_streams,
            i < 2,
            "HasMoreStreams on page {}",
            i + 1
        );
        listed.extend(page.stream_names);
    }
    listed.sort();
    assert_eq!(listed, names);

    for name in &names {
        DeleteStreamRequest::builder()
            .stream_name(name.as_str())
            .build()
            .send(&client)
            .await
            .expect("DeleteStream");
    }
    let left = ListStreamsRequest::builder()
        .build()
        .send(&client)
        .await
        .expect("ListStreams");
    assert!(
        left.stream_names.is_empty(),
        "left: {:?}",
        left.stream_names
    );
}

#[tokio::test]
async fn shards_are_listed_by_page() {
    let moto = Moto::start();
    let client = client(&moto);
    create_active_stream(&client, "walk-shards", 5).await;

    let pages = all_pages(
        ListShardsRequest::builder()
            .stream_name("walk-shards")
            .max_results(2)
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 3);
    let shards: Vec<Shard> = pages
        .into_iter()
        .flat_map(|p| p.shards.unwrap_or_default())
        .collect();
    let ids: Vec<&str> = shards.iter().map(|s| s.shard_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "shardId-000000000000",
            "shardId-000000000001",
            "shardId-000000000002",
            "shardId-000000000003",
            "shardId-000000000004",
        ]
    );
    // The five shards split the 128-bit hash key space between them, edge to edge.
    assert_eq!(shards[0].hash_key_range.starting_hash_key, "0");
    assert_eq!(
        shards[4].hash_key_range.ending_hash_key,
        u128::MAX.to_string()
    );
}

#[tokio::test]
async fn records_keep_every_byte_value_and_arrival_times() {
    let moto = Moto::start();
    let client = client(&moto);
    create_active_stream(&client, "walk-records", 1).await;
    let every_byte: Vec<u8> = (0..=255u8).collect();
    let reversed: Vec<u8> = every_byte.iter().rev().copied().collect();

    let first = PutRecordRequest::builder()
        .stream_name("walk-records")
        .partition_key("Zoë 🚀")
        .data(Blob::from(every_byte.clone()))
        .build()
        .send(&client)
        .await
        .expect("PutRecord");
    assert_eq!(first.shard_id, "shardId-000000000000");

    let batch = PutRecordsRequest::builder()
        .stream_name("walk-records")
        .records(vec![
            PutRecordsRequestEntry::builder()
                .partition_key("batch-1")
                .data(Blob::from(reversed.clone()))
                .build(),
            PutRecordsRequestEntry::builder()
                .partition_key("batch-2")
                .data(Blob::from("héllo 你好".as_bytes()))
                .build(),
        ])
        .build()
        .send(&client)
        .await
        .expect("PutRecords");
    assert_eq!(batch.failed_record_count.unwrap_or(0), 0);
    assert_eq!(batch.records.len(), 2);
    assert!(batch.records.iter().all(|r| r.error_code.is_none()));

    let iterator = GetShardIteratorRequest::builder()
        .stream_name("walk-records")
        .shard_id(first.shard_id.as_str())
        .shard_iterator_type(ShardIteratorType::TrimHorizon)
        .build()
        .send(&client)
        .await
        .expect("GetShardIterator")
        .shard_iterator
        .expect("a shard iterator");
    let read = GetRecordsRequest::builder()
        .shard_iterator(iterator)
        .build()
        .send(&client)
        .await
        .expect("GetRecords");
    let records: Vec<(Option<&str>, &[u8])> = read
        .records
        .iter()
        .map(|r| (r.partition_key.as_deref(), r.data.as_bytes()))
        .collect();
    assert_eq!(
        records,
        [
            (Some("Zoë 🚀"), every_byte.as_slice()),
            (Some("batch-1"), reversed.as_slice()),
            (Some("batch-2"), "héllo 你好".as_bytes()),
        ]
    );
    assert_eq!(read.records[0].sequence_number, first.sequence_number);
    assert_eq!(
        read.records[1].sequence_number.as_str(),
        batch.records[0]
            .sequence_number
            .as_deref()
            .unwrap_or_default()
    );
    for record in &read.records {
        let arrived = record
            .approximate_arrival_timestamp
            .expect("ApproximateArrivalTimestamp");
        assert_recent("ApproximateArrivalTimestamp", arrived.secs());
    }
    assert!(read.next_shard_iterator.is_some());

    // From after the last record, the shard has nothing more.
    let after = GetShardIteratorRequest::builder()
        .stream_name("walk-records")
        .shard_id(first.shard_id.as_str())
        .shard_iterator_type(ShardIteratorType::AfterSequenceNumber)
        .starting_sequence_number(read.records[2].sequence_number.as_str())
        .build()
        .send(&client)
        .await
        .expect("GetShardIterator")
        .shard_iterator
        .expect("a shard iterator");
    let rest = GetRecordsRequest::builder()
        .shard_iterator(after)
        .build()
        .send(&client)
        .await
        .expect("GetRecords");
    assert!(rest.records.is_empty());
}

#[tokio::test]
async fn a_missing_stream_is_the_typed_resource_not_found() {
    let moto = Moto::start();
    let client = client(&moto);
    let missing = DescribeStreamSummaryRequest::builder()
        .stream_name("walk-no-such-stream")
        .build()
        .send(&client)
        .await
        .expect_err("the stream does not exist");
    let service = missing.service_error().expect("a service error");
    assert!(
        matches!(
            service.err(),
            DescribeStreamSummaryError::ResourceNotFoundException(_)
        ),
        "expected ResourceNotFoundException, got {:?}",
        service.err()
    );
    assert_eq!(service.status, 400);
    assert!(
        service
            .message
            .as_deref()
            .unwrap_or_default()
            .contains("walk-no-such-stream"),
        "the message names the stream: {:?}",
        service.message
    );
}
