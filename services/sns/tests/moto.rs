//! SNS walked against moto, a third-party emulator: topics created, read back, changed, listed
//! over two pages (moto pages topics by 100) and deleted; a message with a unicode body and an
//! attribute published to a topic that an SQS queue subscribes to, and read from the
//! queue (awsQuery and awsJson side by side); a missing topic as the typed NotFoundException.

use aws_op::Client;
use aws_op_moto::{all_pages, Moto};
use aws_op_sns::*;
use std::collections::HashMap;

async fn create_topic(client: &Client<Sns>, name: &str) -> String {
    CreateTopicRequest::builder()
        .name(name)
        .tags(vec![Tag::builder().key("team").value("walks").build()])
        .build()
        .send(client)
        .await
        .expect("CreateTopic")
        .topic_arn
        .expect("CreateTopic returns the topic ARN")
}

#[tokio::test]
async fn topics_are_created_read_changed_listed_over_pages_and_deleted() {
    let moto = Moto::start();
    let client: Client<Sns> = Client::new(&moto.config()).unwrap();
    let mut arns = Vec::new();
    for i in 0..105 {
        arns.push(create_topic(&client, &format!("walk-topic-{i:03}")).await);
    }

    SetTopicAttributesRequest::builder()
        .topic_arn(arns[0].as_str())
        .attribute_name("DisplayName")
        .attribute_value("Wälk — 通知")
        .build()
        .send(&client)
        .await
        .expect("SetTopicAttributes");
    let attributes = GetTopicAttributesRequest::builder()
        .topic_arn(arns[0].as_str())
        .build()
        .send(&client)
        .await
        .expect("GetTopicAttributes")
        .attributes
        .unwrap_or_default();
    assert_eq!(
        attributes.get("DisplayName").map(String::as_str),
        Some("Wälk — 通知")
    );

    let pages = all_pages(ListTopicsRequest::builder().build().paginate(&client)).await;
    assert_eq!(pages.len(), 2);
    let mut listed: Vec<String> = pages
        .into_iter()
        .flat_map(|page| page.topics.unwrap_or_default())
        .filter_map(|t| t.topic_arn)
        .collect();
    listed.sort();
    let mut expected = arns.clone();
    expected.sort();
    assert_eq!(listed, expected);

    for arn in &arns {
        DeleteTopicRequest::builder()
            .topic_arn(arn.as_str())
            .build()
            .send(&client)
            .await
            .expect("DeleteTopic");
    }
    let error = GetTopicAttributesRequest::builder()
        .topic_arn(arns[0].as_str())
        .build()
        .send(&client)
        .await
        .expect_err("the topic is gone");
    let service = error.service_error().expect("a service error");
    assert!(
        matches!(service.err(), GetTopicAttributesError::NotFoundException(_)),
        "expected NotFoundException, got {:?} (code {})",
        service.err(),
        service.code
    );
}

#[tokio::test]
async fn a_published_message_reaches_a_subscribed_queue() {
    let moto = Moto::start();
    let sns: Client<Sns> = Client::new(&moto.config()).unwrap();
    let sqs: Client<aws_op_sqs::Sqs> = Client::new(&moto.config()).unwrap();
    let topic = create_topic(&sns, "walk-fanout").await;
    let queue_url = aws_op_sqs::CreateQueueRequest::builder()
        .queue_name("walk-fanout-queue")
        .build()
        .send(&sqs)
        .await
        .expect("CreateQueue")
        .queue_url
        .expect("a queue URL");
    let queue_arn = aws_op_sqs::GetQueueAttributesRequest::builder()
        .queue_url(queue_url.as_str())
        .attribute_names(vec![aws_op_sqs::QueueAttributeName::QueueArn])
        .build()
        .send(&sqs)
        .await
        .expect("GetQueueAttributes")
        .attributes
        .and_then(|a| a.get("QueueArn").cloned())
        .expect("the queue ARN");
    SubscribeRequest::builder()
        .topic_arn(topic.as_str())
        .protocol("sqs")
        .endpoint(queue_arn)
        .attributes(HashMap::from([(
            "RawMessageDelivery".to_string(),
            "true".to_string(),
        )]))
        .build()
        .send(&sns)
        .await
        .expect("Subscribe");

    let published = PublishRequest::builder()
        .topic_arn(topic.as_str())
        .message("disk full on ünïcode-host 🚨")
        // A string attribute: moto 5.2.6 drops a raw-delivered message with a binary attribute
        // (see "Against moto" in the README); SQS's own walk covers binary attributes.
        .message_attributes(HashMap::from([(
            "origin".to_string(),
            MessageAttributeValue::builder()
                .data_type("String")
                .string_value("ünïcode attribute")
                .build(),
        )]))
        .build()
        .send(&sns)
        .await
        .expect("Publish");
    assert!(published.message_id.is_some());

    let received = aws_op_sqs::ReceiveMessageRequest::builder()
        .queue_url(queue_url.as_str())
        .message_attribute_names(vec!["All".to_string()])
        .build()
        .send(&sqs)
        .await
        .expect("ReceiveMessage")
        .messages
        .unwrap_or_default();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].body.as_deref(),
        Some("disk full on ünïcode-host 🚨")
    );
    let origin = received[0]
        .message_attributes
        .as_ref()
        .and_then(|a| a.get("origin"))
        .and_then(|v| v.string_value.clone());
    assert_eq!(origin.as_deref(), Some("ünïcode attribute"));
}
