//! EventBridge: create an event bus, put a rule on it, put an event, delete the rule and the
//! bus.
//!
//! ```text
//! cargo run -p aws-op-eventbridge --example eventbridge                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-eventbridge --example eventbridge   # a local moto server
//! ```

use aws_op::{Client, Config};
use aws_op_eventbridge::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client: Client<EventBridge> = Client::new(&Config::from_env())?;
    let bus = "aws-op-example";

    let created = CreateEventBusRequest::builder()
        .name(bus)
        .build()
        .send(&client)
        .await?;
    println!("bus {}", created.event_bus_arn.unwrap_or_default());

    let rule = PutRuleRequest::builder()
        .name("aws-op-example-orders")
        .event_bus_name(bus)
        .event_pattern(r#"{"source":["aws-op.example"]}"#)
        .build()
        .send(&client)
        .await?;
    println!("rule {}", rule.rule_arn.unwrap_or_default());

    let put = PutEventsRequest::builder()
        .entries(vec![PutEventsRequestEntry::builder()
            .event_bus_name(bus)
            .source("aws-op.example")
            .detail_type("Order placed")
            .detail(r#"{"order":"A-1"}"#)
            .build()])
        .build()
        .send(&client)
        .await?;
    for entry in put.entries.unwrap_or_default() {
        println!("event {:?}, error {:?}", entry.event_id, entry.error_code);
    }

    DeleteRuleRequest::builder()
        .name("aws-op-example-orders")
        .event_bus_name(bus)
        .build()
        .send(&client)
        .await?;
    DeleteEventBusRequest::builder()
        .name(bus)
        .build()
        .send(&client)
        .await?;
    println!("deleted the rule and the bus");
    Ok(())
}
