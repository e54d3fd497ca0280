//! SNS: create a topic and an SQS queue, subscribe the queue, publish a message, read it from
//! the queue, delete the topic and the queue.
//!
//! ```text
//! cargo run -p aws-op-sns --example sns                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-sns --example sns   # a local moto server
//! ```

use aws_op::{Client, Config};
use aws_op_sns::*;
use aws_op_sqs::{QueueAttributeName, Sqs};
use std::collections::HashMap;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env();
    let sns: Client<Sns> = Client::new(&config)?;
    let sqs: Client<Sqs> = Client::new(&config)?;

    let topic = CreateTopicRequest::builder()
        .name("aws-op-example")
        .build()
        .send(&sns)
        .await?
        .topic_arn
        .ok_or("CreateTopic returned no ARN")?;
    println!("topic {topic}");
    let queue_url = aws_op_sqs::CreateQueueRequest::builder()
        .queue_name("aws-op-example-subscriber")
        .build()
        .send(&sqs)
        .await?
        .queue_url
        .ok_or("CreateQueue returned no URL")?;
    let queue_arn = aws_op_sqs::GetQueueAttributesRequest::builder()
        .queue_url(queue_url.as_str())
        .attribute_names(vec![QueueAttributeName::QueueArn])
        .build()
        .send(&sqs)
        .await?
        .attributes
        .and_then(|a| a.get("QueueArn").cloned())
        .ok_or("GetQueueAttributes returned no ARN")?;
    // The queue lets this topic (and only it) send to it.
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"sns.amazonaws.com"}},"Action":"sqs:SendMessage","Resource":"{queue_arn}","Condition":{{"ArnEquals":{{"aws:SourceArn":"{topic}"}}}}}}]}}"#
    );
    aws_op_sqs::SetQueueAttributesRequest::builder()
        .queue_url(queue_url.as_str())
        .attributes(HashMap::from([("Policy".to_string(), policy)]))
        .build()
        .send(&sqs)
        .await?;

    let subscription = SubscribeRequest::builder()
        .topic_arn(topic.as_str())
        .protocol("sqs")
        .endpoint(queue_arn)
        .attributes(HashMap::from([(
            "RawMessageDelivery".to_string(),
            "true".to_string(),
        )]))
        .build()
        .send(&sns)
        .await?;
    println!(
        "subscribed {}",
        subscription.subscription_arn.unwrap_or_default()
    );

    let published = PublishRequest::builder()
        .topic_arn(topic.as_str())
        .message("hello from aws-op")
        .build()
        .send(&sns)
        .await?;
    println!("published {}", published.message_id.unwrap_or_default());

    let received = aws_op_sqs::ReceiveMessageRequest::builder()
        .queue_url(queue_url.as_str())
        .wait_time_seconds(10)
        .build()
        .send(&sqs)
        .await?;
    for message in received.messages.unwrap_or_default() {
        println!("the queue received {:?}", message.body.unwrap_or_default());
    }

    DeleteTopicRequest::builder()
        .topic_arn(topic.as_str())
        .build()
        .send(&sns)
        .await?;
    aws_op_sqs::DeleteQueueRequest::builder()
        .queue_url(queue_url)
        .build()
        .send(&sqs)
        .await?;
    println!("deleted the topic (and its subscription) and the queue");
    Ok(())
}
