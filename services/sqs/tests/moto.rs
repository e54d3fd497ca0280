//! SQS walked against moto, a third-party emulator: queues created, read back, changed, listed
//! page by page and deleted; messages with unicode bodies and binary attributes sent, received
//! and deleted; a modelled error (`QueueDoesNotExist`, sent by SQS with its awsQuery code)
//! arrives as its typed variant.

use aws_op::{Blob, Client};
use aws_op_moto::{all_pages, Moto};
use aws_op_sqs::*;
use std::collections::HashMap;

fn client(moto: &Moto) -> Client<Sqs> {
    Client::new(&moto.config()).expect("a client for moto")
}

async fn create_queue(client: &Client<Sqs>, name: &str) -> String {
    CreateQueueRequest::builder()
        .queue_name(name)
        .attributes(HashMap::from([(
            "VisibilityTimeout".to_string(),
            "45".to_string(),
        )]))
        .tags(HashMap::from([("team".to_string(), "walks".to_string())]))
        .build()
        .send(client)
        .await
        .expect("CreateQueue")
        .queue_url
        .expect("CreateQueue returns the queue URL")
}

#[tokio::test]
async fn queues_are_created_read_changed_listed_by_page_and_deleted() {
    let moto = Moto::start();
    let client = client(&moto);
    let mut urls = Vec::new();
    for i in 0..5 {
        urls.push(create_queue(&client, &format!("walk-queue-{i}")).await);
    }

    let found = GetQueueUrlRequest::builder()
        .queue_name("walk-queue-3")
        .build()
        .send(&client)
        .await
        .expect("GetQueueUrl");
    assert_eq!(found.queue_url.as_deref(), Some(urls[3].as_str()));

    let attributes = GetQueueAttributesRequest::builder()
        .queue_url(urls[0].as_str())
        .attribute_names(vec![QueueAttributeName::All])
        .build()
        .send(&client)
        .await
        .expect("GetQueueAttributes")
        .attributes
        .unwrap_or_default();
    assert_eq!(
        attributes.get("VisibilityTimeout").map(String::as_str),
        Some("45")
    );

    SetQueueAttributesRequest::builder()
        .queue_url(urls[0].as_str())
        .attributes(HashMap::from([(
            "VisibilityTimeout".to_string(),
            "90".to_string(),
        )]))
        .build()
        .send(&client)
        .await
        .expect("SetQueueAttributes");
    let changed = GetQueueAttributesRequest::builder()
        .queue_url(urls[0].as_str())
        .attribute_names(vec![QueueAttributeName::VisibilityTimeout])
        .build()
        .send(&client)
        .await
        .expect("GetQueueAttributes")
        .attributes
        .unwrap_or_default();
    assert_eq!(
        changed.get("VisibilityTimeout").map(String::as_str),
        Some("90")
    );

    let tags = ListQueueTagsRequest::builder()
        .queue_url(urls[1].as_str())
        .build()
        .send(&client)
        .await
        .expect("ListQueueTags")
        .tags
        .unwrap_or_default();
    assert_eq!(tags.get("team").map(String::as_str), Some("walks"));

    // Two per page: three pages, every queue once.
    let pages = all_pages(
        ListQueuesRequest::builder()
            .queue_name_prefix("walk-queue-")
            .max_results(2)
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 3);
    let mut listed: Vec<String> = pages
        .into_iter()
        .flat_map(|page| page.queue_urls.unwrap_or_default())
        .collect();
    listed.sort();
    let mut expected = urls.clone();
    expected.sort();
    assert_eq!(listed, expected);

    for url in &urls {
        DeleteQueueRequest::builder()
            .queue_url(url.as_str())
            .build()
            .send(&client)
            .await
            .expect("DeleteQueue");
    }
    let left = ListQueuesRequest::builder()
        .queue_name_prefix("walk-queue-")
        .build()
        .send(&client)
        .await
        .expect("ListQueues");
    assert!(left.queue_urls.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn messages_keep_unicode_bodies_and_binary_attributes() {
    let moto = Moto::start();
    let client = client(&moto);
    let url = create_queue(&client, "walk-messages").await;
    let body = "héllo, wörld — 你好 🚀";
    let binary = vec![0u8, 1, 2, 254, 255];
    let sent = SendMessageRequest::builder()
        .queue_url(url.as_str())
        .message_body(body)
        .message_attributes(HashMap::from([
            (
                "payload".to_string(),
                MessageAttributeValue::builder()
                    .data_type("Binary")
                    .binary_value(Blob::from(binary.clone()))
                    .build(),
            ),
            (
                "origin".to_string(),
                MessageAttributeValue::builder()
                    .data_type("String")
                    .string_value("ünïcode attribute")
                    .build(),
            ),
        ]))
        .build()
        .send(&client)
        .await
        .expect("SendMessage");
    let message_id = sent.message_id.expect("SendMessage returns the message id");

    let received = ReceiveMessageRequest::builder()
        .queue_url(url.as_str())
        .message_attribute_names(vec!["All".to_string()])
        .max_number_of_messages(10)
        .build()
        .send(&client)
        .await
        .expect("ReceiveMessage")
        .messages
        .unwrap_or_default();
    assert_eq!(received.len(), 1);
    let message = &received[0];
    assert_eq!(message.message_id.as_deref(), Some(message_id.as_str()));
    assert_eq!(message.body.as_deref(), Some(body));
    let attributes = message.message_attributes.clone().unwrap_or_default();
    assert_eq!(
        attributes["payload"]
            .binary_value
            .as_ref()
            .map(|b| b.as_ref().to_vec()),
        Some(binary)
    );
    assert_eq!(
        attributes["origin"].string_value.as_deref(),
        Some("ünïcode attribute")
    );

    DeleteMessageRequest::builder()
        .queue_url(url.as_str())
        .receipt_handle(message.receipt_handle.clone().expect("a receipt handle"))
        .build()
        .send(&client)
        .await
        .expect("DeleteMessage");
    let after = ReceiveMessageRequest::builder()
        .queue_url(url.as_str())
        .build()
        .send(&client)
        .await
        .expect("ReceiveMessage");
    assert!(after.messages.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn a_missing_queue_is_the_typed_queue_does_not_exist() {
    let moto = Moto::start();
    let client = client(&moto);
    let error = GetQueueUrlRequest::builder()
        .queue_name("no-such-queue")
        .build()
        .send(&client)
        .await
        .expect_err("GetQueueUrl of a missing queue fails");
    let service = error.service_error().expect("a service error");
    assert_eq!(service.status, 400);
    assert!(
        matches!(service.err(), GetQueueUrlError::QueueDoesNotExist(_)),
        "expected QueueDoesNotExist, got {:?} (code {})",
        service.err(),
        service.code
    );
}
