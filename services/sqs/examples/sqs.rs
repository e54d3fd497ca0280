//! SQS: create a queue, send a message, receive it, delete it, delete the queue.
//!
//! ```text
//! cargo run -p aws-op-sqs --example sqs                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-sqs --example sqs   # a local moto server
//! ```

use aws_op::{Client, Config};
use aws_op_sqs::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client: Client<Sqs> = Client::new(&Config::from_env())?;

    let queue_url = CreateQueueRequest::builder()
        .queue_name("aws-op-example")
        .build()
        .send(&client)
        .await?
        .queue_url
        .ok_or("CreateQueue returned no URL")?;
    println!("queue {queue_url}");

    let sent = SendMessageRequest::builder()
        .queue_url(queue_url.as_str())
        .message_body("hello from aws-op")
        .build()
        .send(&client)
        .await?;
    println!("sent {}", sent.message_id.unwrap_or_default());

    let received = ReceiveMessageRequest::builder()
        .queue_url(queue_url.as_str())
        .wait_time_seconds(5)
        .build()
        .send(&client)
        .await?;
    for message in received.messages.unwrap_or_default() {
        println!("received {:?}", message.body.unwrap_or_default());
        if let Some(receipt) = message.receipt_handle {
            DeleteMessageRequest::builder()
                .queue_url(queue_url.as_str())
                .receipt_handle(receipt)
                .build()
                .send(&client)
                .await?;
        }
    }

    DeleteQueueRequest::builder()
        .queue_url(queue_url.as_str())
        .build()
        .send(&client)
        .await?;
    println!("deleted the queue");
    Ok(())
}
