//! DynamoDB: create a table, put an item holding a nested map, get it, query it, delete it,
//! delete the table.
//!
//! ```text
//! cargo run -p aws-op-dynamodb --example dynamodb                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-dynamodb --example dynamodb   # a local moto server
//! ```

use aws_op::{Client, Config};
use aws_op_dynamodb::*;
use std::collections::HashMap;

fn s(value: &str) -> AttributeValue {
    AttributeValue::builder().s(value).build()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client: Client<DynamoDb> = Client::new(&Config::from_env())?;
    let table = "aws-op-example";

    CreateTableRequest::builder()
        .table_name(table)
        .attribute_definitions(vec![AttributeDefinition::builder()
            .attribute_name("id")
            .attribute_type(ScalarAttributeType::S)
            .build()])
        .key_schema(vec![KeySchemaElement::builder()
            .attribute_name("id")
            .key_type(KeyType::Hash)
            .build()])
        .billing_mode(BillingMode::PayPerRequest)
        .build()
        .send(&client)
        .await?;
    // AWS creates a table in the background: wait until it is ACTIVE before using it.
    loop {
        let describe = DescribeTableRequest::builder().table_name(table).build();
        let status = describe
            .send(&client)
            .await?
            .table
            .and_then(|t| t.table_status);
        println!("table {table}: {status:?}");
        if status == Some(TableStatus::Active) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }

    let key = HashMap::from([("id".to_string(), s("user-1"))]);
    let address = HashMap::from([("city".to_string(), s("Zürich — 東京"))]);
    let mut item = key.clone();
    item.insert(
        "address".into(),
        AttributeValue::builder().m(address).build(),
    );
    let put = PutItemRequest::builder()
        .table_name(table)
        .item(item)
        .build();
    put.send(&client).await?;

    let got = GetItemRequest::builder()
        .table_name(table)
        .key(key.clone())
        .consistent_read(true)
        .build()
        .send(&client)
        .await?;
    let address = got.item.and_then(|item| item.get("address")?.m.clone());
    let city = address.as_ref().and_then(|a| a.get("city")?.s.as_deref());
    println!("got user-1, who lives in {city:?}");

    let queried = QueryRequest::builder()
        .table_name(table)
        .key_condition_expression("id = :id")
        .expression_attribute_values(HashMap::from([(":id".to_string(), s("user-1"))]))
        .build()
        .send(&client)
        .await?;
    println!("query found {} item(s)", queried.count.unwrap_or_default());

    let delete_item = DeleteItemRequest::builder()
        .table_name(table)
        .key(key)
        .build();
    delete_item.send(&client).await?;
    let delete_table = DeleteTableRequest::builder().table_name(table).build();
    delete_table.send(&client).await?;
    println!("deleted the item and the table");
    Ok(())
}
