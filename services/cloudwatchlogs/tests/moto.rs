//! CloudWatch Logs walked against moto, a third-party emulator: log groups created with tags,
//! read back, given a retention policy, tagged again, listed page by page and deleted; log
//! streams created and listed by page; events with millisecond timestamps and unicode messages
//! put, then read back with GetLogEvents and page by page with FilterLogEvents; a group created
//! twice is the typed ResourceAlreadyExistsException, a missing one the typed
//! ResourceNotFoundException.

use aws_op::Client;
use aws_op_cloudwatchlogs::*;
use aws_op_moto::{all_pages, assert_recent, Moto};
use std::collections::HashMap;

fn client(moto: &Moto) -> Client<CloudWatchLogs> {
    Client::new(&moto.config()).expect("a client for moto")
}

async fn create_group(client: &Client<CloudWatchLogs>, name: &str) {
    CreateLogGroupRequest::builder()
        .log_group_name(name)
        .tags(HashMap::from([(
            "team".to_string(),
            "Zoë Ångström".to_string(),
        )]))
        .build()
        .send(client)
        .await
        .expect("CreateLogGroup");
}

async fn create_stream(client: &Client<CloudWatchLogs>, group: &str, name: &str) {
    CreateLogStreamRequest::builder()
        .log_group_name(group)
        .log_stream_name(name)
        .build()
        .send(client)
        .await
        .expect("CreateLogStream");
}

fn now_millis() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970");
    now.as_millis() as i64
}

#[tokio::test]
async fn log_groups_are_created_read_changed_tagged_listed_by_page_and_deleted() {
    let moto = Moto::start();
    let client = client(&moto);
    let names: Vec<String> = (0..5).map(|i| format!("/walk/group-{i}")).collect();
    for name in &names {
        create_group(&client, name).await;
    }

    PutRetentionPolicyRequest::builder()
        .log_group_name(names[0].as_str())
        .retention_in_days(30)
        .build()
        .send(&client)
        .await
        .expect("PutRetentionPolicy");

    // Two per page: three pages, every group once, in name order.
    let pages = all_pages(
        DescribeLogGroupsRequest::builder()
            .log_group_name_prefix("/walk/")
            .limit(2)
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 3);
    let groups: Vec<LogGroup> = pages
        .into_iter()
        .flat_map(|p| p.log_groups.unwrap_or_default())
        .collect();
    let listed: Vec<&str> = groups
        .iter()
        .map(|g| g.log_group_name.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(listed, names);
    assert_eq!(groups[0].retention_in_days, Some(30));
    assert_eq!(groups[1].retention_in_days, None);
    assert_recent(
        "creationTime",
        groups[0].creation_time.expect("creationTime") / 1000,
    );
    let arn = groups[0].log_group_arn.clone().expect("logGroupArn");
    assert!(arn.ends_with(":log-group:/walk/group-0"), "{arn}");

    TagResourceRequest::builder()
        .resource_arn(arn.as_str())
        .tags(HashMap::from([("stage".to_string(), "walk".to_string())]))
        .build()
        .send(&client)
        .await
        .expect("TagResource");
    let tags = ListTagsForResourceRequest::builder()
        .resource_arn(arn.as_str())
        .build()
        .send(&client)
        .await
        .expect("ListTagsForResource")
        .tags
        .unwrap_or_default();
    assert_eq!(
        tags,
        HashMap::from([
            ("team".to_string(), "Zoë Ångström".to_string()),
            ("stage".to_string(), "walk".to_string()),
        ])
    );

    for name in &names {
        DeleteLogGroupRequest::builder()
            .log_group_name(name.as_str())
            .build()
            .send(&client)
            .await
            .expect("DeleteLogGroup");
    }
    let left = DescribeLogGroupsRequest::builder()
        .log_group_name_prefix("/walk/")
        .build()
        .send(&client)
        .await
        .expect("DescribeLogGroups");
    assert!(left.log_groups.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn events_keep_unicode_messages_and_millisecond_timestamps() {
    let moto = Moto::start();
    let client = client(&moto);
    create_group(&client, "/walk/events").await;
    for i in 0..3 {
        create_stream(&client, "/walk/events", &format!("stream-{i}")).await;
    }

    let pages = all_pages(
        DescribeLogStreamsRequest::builder()
            .log_group_name("/walk/events")
            .limit(2)
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 2);
    let streams: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.log_streams.unwrap_or_default())
        .filter_map(|s| s.log_stream_name)
        .collect();
    assert_eq!(streams, ["stream-0", "stream-1", "stream-2"]);

    // Milliseconds that are not whole seconds, oldest first as the service requires.
    let start = now_millis() - 5_000;
    let messages = ["héllo, wörld", "Zoë 🚀 launched", "你好 — done"];
    let events: Vec<InputLogEvent> = messages
        .iter()
        .enumerate()
        .map(|(i, message)| {
            InputLogEvent::builder()
                .timestamp(start + 1_237 * i as i64)
                .message(*message)
                .build()
        })
        .collect();
    let put = PutLogEventsRequest::builder()
        .log_group_name("/walk/events")
        .log_stream_name("stream-1")
        .log_events(events)
        .build()
        .send(&client)
        .await
        .expect("PutLogEvents");
    assert!(put.rejected_log_events_info.is_none());

    let read = GetLogEventsRequest::builder()
        .log_group_name("/walk/events")
        .log_stream_name("stream-1")
        .start_from_head(true)
        .build()
        .send(&client)
        .await
        .expect("GetLogEvents");
    let read: Vec<(i64, String)> = read
        .events
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
            assert_recent(
                "ingestionTime",
                e.ingestion_time.expect("ingestionTime") / 1000,
            );
            (
                e.timestamp.expect("timestamp"),
                e.message.unwrap_or_default(),
            )
        })
        .collect();
    let expected: Vec<(i64, String)> = messages
        .iter()
        .enumerate()
        .map(|(i, m)| (start + 1_237 * i as i64, m.to_string()))
        .collect();
    assert_eq!(read, expected);

    // FilterLogEvents pages by its first result list (events), two events per page.
    let pages = all_pages(
        FilterLogEventsRequest::builder()
            .log_group_name("/walk/events")
            .log_stream_names(vec!["stream-1".to_string()])
            .limit(2)
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 2);
    let mut filtered = Vec::new();
    for event in pages.into_iter().flat_map(|p| p.events.unwrap_or_default()) {
        assert_eq!(event.log_stream_name.as_deref(), Some("stream-1"));
        filtered.push((
            event.timestamp.expect("timestamp"),
            event.message.unwrap_or_default(),
        ));
    }
    assert_eq!(filtered, expected);

    DeleteLogStreamRequest::builder()
        .log_group_name("/walk/events")
        .log_stream_name("stream-1")
        .build()
        .send(&client)
        .await
        .expect("DeleteLogStream");
    let gone = GetLogEventsRequest::builder()
        .log_group_name("/walk/events")
        .log_stream_name("stream-1")
        .build()
        .send(&client)
        .await
        .expect_err("the stream was deleted");
    let service = gone.service_error().expect("a service error");
    assert!(
        matches!(
            service.err(),
            GetLogEventsError::ResourceNotFoundException(_)
        ),
        "expected ResourceNotFoundException, got {:?}",
        service.err()
    );
}

#[tokio::test]
async fn duplicates_and_missing_groups_are_typed_errors() {
    let moto = Moto::start();
    let client = client(&moto);
    create_group(&client, "/walk/twice").await;
    let twice = CreateLogGroupRequest::builder()
        .log_group_name("/walk/twice")
        .build()
        .send(&client)
        .await
        .expect_err("the group exists");
    let service = twice.service_error().expect("a service error");
    assert!(
        matches!(
            service.err(),
            CreateLogGroupError::ResourceAlreadyExistsException(_)
        ),
        "expected ResourceAlreadyExistsException, got {:?}",
        service.err()
    );
    assert_eq!(service.status, 400);

    // Tag values are letters, spaces, digits and `_.:/=+-@`: an emoji is refused before sending.
    let refused = CreateLogGroupRequest::builder()
        .log_group_name("/walk/refused")
        .tags(HashMap::from([("team".to_string(), "Zoë 🚀".to_string())]))
        .build()
        .send(&client)
        .await
        .expect_err("the tag value breaks the pattern");
    let validation = refused.validation_error().expect("a validation error");
    assert_eq!(validation.violations.len(), 1);
    assert_eq!(validation.violations[0].path, "tags.value");
    assert_eq!(validation.violations[0].rule, aws_op::Rule::Pattern);

    let missing = PutRetentionPolicyRequest::builder()
        .log_group_name("/walk/no-such-group")
        .retention_in_days(7)
        .build()
        .send(&client)
        .await
        .expect_err("the group does not exist");
    let service = missing.service_error().expect("a service error");
    assert!(
        matches!(
            service.err(),
            PutRetentionPolicyError::ResourceNotFoundException(_)
        ),
        "expected ResourceNotFoundException, got {:?}",
        service.err()
    );
}
