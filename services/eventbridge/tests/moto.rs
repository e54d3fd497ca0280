//! EventBridge walked against moto, a third-party emulator: an event bus created, rules put on
//! it with event patterns, described, listed page by page, given an SQS queue as target and
//! deleted; an event with unicode JSON detail and a timestamp put and read from the queue; a missing rule as the typed
//! ResourceNotFoundException.

use aws_op::{Client, DateTime};
use aws_op_eventbridge::*;
use aws_op_moto::{all_pages, Moto};

#[tokio::test]
async fn rules_are_put_described_listed_by_page_targeted_and_deleted() {
    let moto = Moto::start();
    let client: Client<EventBridge> = Client::new(&moto.config()).unwrap();
    let bus = CreateEventBusRequest::builder()
        .name("walk-bus")
        .description("the walk's bus")
        .build()
        .send(&client)
        .await
        .expect("CreateEventBus")
        .event_bus_arn
        .expect("CreateEventBus returns the bus ARN");
    assert!(bus.ends_with(":event-bus/walk-bus"), "{bus}");

    let pattern = r#"{"source":["walk.orders"],"detail-type":["Order placed"]}"#;
    let names: Vec<String> = (0..5).map(|i| format!("walk-rule-{i}")).collect();
    for name in &names {
        PutRuleRequest::builder()
            .name(name.as_str())
            .event_bus_name("walk-bus")
            .event_pattern(pattern)
            .state(RuleState::Enabled)
            .description("règle — 规则")
            .build()
            .send(&client)
            .await
            .expect("PutRule");
    }
    let rule = DescribeRuleRequest::builder()
        .name("walk-rule-0")
        .event_bus_name("walk-bus")
        .build()
        .send(&client)
        .await
        .expect("DescribeRule");
    assert_eq!(rule.state, Some(RuleState::Enabled));
    assert_eq!(rule.description.as_deref(), Some("règle — 规则"));
    let read_back: aws_op::serde_json::Value =
        aws_op::serde_json::from_str(rule.event_pattern.as_deref().unwrap_or("null")).unwrap();
    assert_eq!(read_back["source"][0], "walk.orders");

    // Two per page: five rules over three pages.
    let pages = all_pages(
        ListRulesRequest::builder()
            .event_bus_name("walk-bus")
            .limit(2)
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 3);
    let listed: Vec<String> = pages
        .into_iter()
        .flat_map(|page| page.rules.unwrap_or_default())
        .filter_map(|r| r.name)
        .collect();
    assert_eq!(listed, names);

    // The rule's target: a real queue, read after the event is put.
    let sqs: Client<aws_op_sqs::Sqs> = Client::new(&moto.config()).unwrap();
    let queue_url = aws_op_sqs::CreateQueueRequest::builder()
        .queue_name("walk-queue")
        .build()
        .send(&sqs)
        .await
        .expect("CreateQueue")
        .queue_url
        .expect("a queue URL");
    PutTargetsRequest::builder()
        .rule("walk-rule-0")
        .event_bus_name("walk-bus")
        .targets(vec![Target::builder()
            .id("queue")
            .arn("arn:aws:sqs:us-east-1:123456789012:walk-queue")
            .build()])
        .build()
        .send(&client)
        .await
        .expect("PutTargets");
    let targets = ListTargetsByRuleRequest::builder()
        .rule("walk-rule-0")
        .event_bus_name("walk-bus")
        .build()
        .send(&client)
        .await
        .expect("ListTargetsByRule")
        .targets
        .unwrap_or_default();
    assert_eq!(
        targets.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["queue"]
    );

    let put = PutEventsRequest::builder()
        .entries(vec![PutEventsRequestEntry::builder()
            .event_bus_name("walk-bus")
            .source("walk.orders")
            .detail_type("Order placed")
            .detail(r#"{"order":"A-1","customer":"Zoë 🚀"}"#)
            .time(DateTime::from_secs(1_767_225_600))
            .build()])
        .build()
        .send(&client)
        .await
        .expect("PutEvents");
    assert_eq!(put.failed_entry_count, Some(0));
    assert!(put.entries.unwrap_or_default()[0].event_id.is_some());
    let delivered = aws_op_sqs::ReceiveMessageRequest::builder()
        .queue_url(queue_url.as_str())
        .build()
        .send(&sqs)
        .await
        .expect("ReceiveMessage")
        .messages
        .unwrap_or_default();
    assert_eq!(
        delivered.len(),
        1,
        "the rule delivered the event to its queue"
    );
    let event: aws_op::serde_json::Value =
        aws_op::serde_json::from_str(delivered[0].body.as_deref().unwrap_or("null")).unwrap();
    assert_eq!(event["detail"]["customer"], "Zoë 🚀");
    assert_eq!(event["time"], "2026-01-01T00:00:00Z");

    RemoveTargetsRequest::builder()
        .rule("walk-rule-0")
        .event_bus_name("walk-bus")
        .ids(vec!["queue".to_string()])
        .build()
        .send(&client)
        .await
        .expect("RemoveTargets");
    for name in &names {
        DeleteRuleRequest::builder()
            .name(name.as_str())
            .event_bus_name("walk-bus")
            .build()
            .send(&client)
            .await
            .expect("DeleteRule");
    }
    let error = DescribeRuleRequest::builder()
        .name("walk-rule-0")
        .event_bus_name("walk-bus")
        .build()
        .send(&client)
        .await
        .expect_err("the rule is gone");
    let service = error.service_error().expect("a service error");
    assert!(
        matches!(
            service.err(),
            DescribeRuleError::ResourceNotFoundException(_)
        ),
        "expected ResourceNotFoundException, got {:?}",
        service.err()
    );
}
