//! DynamoDB walked against moto, a third-party emulator: tables created, described, listed page
//! by page and deleted; items with nested maps and lists (AttributeValue is recursive), binary,
//! numbers and unicode put, read back, queried, updated and conditionally deleted; an
//! idempotent transaction; modelled errors as their typed variants.

use aws_op::{Blob, Client};
use aws_op_dynamodb::*;
use aws_op_moto::{all_pages, assert_recent, Moto};
use std::collections::HashMap;

fn s(value: &str) -> AttributeValue {
    AttributeValue::builder().s(value).build()
}

fn n(value: &str) -> AttributeValue {
    AttributeValue::builder().n(value).build()
}

fn key(pk: &str, sk: &str) -> HashMap<String, AttributeValue> {
    HashMap::from([("pk".to_string(), s(pk)), ("sk".to_string(), s(sk))])
}

async fn create_table(client: &Client<DynamoDb>, name: &str) {
    CreateTableRequest::builder()
        .table_name(name)
        .attribute_definitions(vec![
            AttributeDefinition::builder()
                .attribute_name("pk")
                .attribute_type(ScalarAttributeType::S)
                .build(),
            AttributeDefinition::builder()
                .attribute_name("sk")
                .attribute_type(ScalarAttributeType::S)
                .build(),
        ])
        .key_schema(vec![
            KeySchemaElement::builder()
                .attribute_name("pk")
                .key_type(KeyType::Hash)
                .build(),
            KeySchemaElement::builder()
                .attribute_name("sk")
                .key_type(KeyType::Range)
                .build(),
        ])
        .billing_mode(BillingMode::PayPerRequest)
        .build()
        .send(client)
        .await
        .expect("CreateTable");
}

#[tokio::test]
async fn tables_are_created_described_listed_by_page_and_deleted() {
    let moto = Moto::start();
    let client: Client<DynamoDb> = Client::new(&moto.config()).unwrap();
    let names: Vec<String> = (0..5).map(|i| format!("walk-table-{i}")).collect();
    for name in &names {
        create_table(&client, name).await;
    }
    let table = DescribeTableRequest::builder()
        .table_name("walk-table-2")
        .build()
        .send(&client)
        .await
        .expect("DescribeTable")
        .table
        .expect("DescribeTable returns the table");
    assert_eq!(table.table_name.as_deref(), Some("walk-table-2"));
    assert_eq!(table.table_status, Some(TableStatus::Active));
    assert_recent(
        "the table's creation time",
        table.creation_date_time.expect("a creation time").secs(),
    );

    // Two per page: every table once, over three pages.
    let pages = all_pages(
        ListTablesRequest::builder()
            .limit(2)
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 3);
    let listed: Vec<String> = pages
        .into_iter()
        .flat_map(|page| page.table_names.unwrap_or_default())
        .collect();
    assert_eq!(listed, names);

    for name in &names {
        DeleteTableRequest::builder()
            .table_name(name.as_str())
            .build()
            .send(&client)
            .await
            .expect("DeleteTable");
    }
    let left = ListTablesRequest::builder()
        .build()
        .send(&client)
        .await
        .unwrap();
    assert!(left.table_names.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn items_keep_nested_binary_and_unicode_values_through_put_get_query_update_delete() {
    let moto = Moto::start();
    let client: Client<DynamoDb> = Client::new(&moto.config()).unwrap();
    create_table(&client, "walk-items").await;

    let nested = AttributeValue::builder()
        .m(HashMap::from([
            ("city".to_string(), s("Zürich — 東京")),
            (
                "visits".to_string(),
                AttributeValue::builder()
                    .l(vec![
                        n("1"),
                        AttributeValue::builder()
                            .m(HashMap::from([("deep".to_string(), s("🚀"))]))
                            .build(),
                    ])
                    .build(),
            ),
        ]))
        .build();
    let mut item = key("user-1", "profile");
    item.insert("address".into(), nested.clone());
    item.insert(
        "avatar".into(),
        AttributeValue::builder()
            .b(Blob::from(vec![0u8, 159, 255, 1]))
            .build(),
    );
    item.insert("score".into(), n("42"));
    item.insert(
        "verified".into(),
        AttributeValue::builder().bool(true).build(),
    );
    PutItemRequest::builder()
        .table_name("walk-items")
        .item(item.clone())
        .build()
        .send(&client)
        .await
        .expect("PutItem");
    for i in 0..3 {
        let mut order = key("user-1", &format!("order-{i}"));
        order.insert("total".into(), n(&format!("{}", 10 * (i + 1))));
        PutItemRequest::builder()
            .table_name("walk-items")
            .item(order)
            .build()
            .send(&client)
            .await
            .expect("PutItem");
    }

    let read = GetItemRequest::builder()
        .table_name("walk-items")
        .key(key("user-1", "profile"))
        .consistent_read(true)
        .build()
        .send(&client)
        .await
        .expect("GetItem")
        .item
        .expect("the item is there");
    assert_eq!(read, item);

    let orders = QueryRequest::builder()
        .table_name("walk-items")
        .key_condition_expression("pk = :pk AND begins_with(sk, :prefix)")
        .expression_attribute_values(HashMap::from([
            (":pk".to_string(), s("user-1")),
            (":prefix".to_string(), s("order-")),
        ]))
        .build()
        .send(&client)
        .await
        .expect("Query");
    assert_eq!(orders.count, Some(3));
    let totals: Vec<String> = orders
        .items
        .unwrap_or_default()
        .iter()
        .filter_map(|i| i.get("total").and_then(|v| v.n.clone()))
        .collect();
    assert_eq!(totals, ["10", "20", "30"]);

    let updated = UpdateItemRequest::builder()
        .table_name("walk-items")
        .key(key("user-1", "profile"))
        .update_expression("SET score = score + :one")
        .expression_attribute_values(HashMap::from([(":one".to_string(), n("1"))]))
        .return_values(ReturnValue::UpdatedNew)
        .build()
        .send(&client)
        .await
        .expect("UpdateItem");
    assert_eq!(
        updated.attributes.and_then(|a| a.get("score").cloned()),
        Some(n("43"))
    );

    // A condition that does not hold is the typed ConditionalCheckFailedException.
    let refused = DeleteItemRequest::builder()
        .table_name("walk-items")
        .key(key("user-1", "profile"))
        .condition_expression("score > :limit")
        .expression_attribute_values(HashMap::from([(":limit".to_string(), n("100"))]))
        .build()
        .send(&client)
        .await
        .expect_err("the condition does not hold");
    let service = refused.service_error().expect("a service error");
    assert!(
        matches!(
            service.err(),
            DeleteItemError::ConditionalCheckFailedException(_)
        ),
        "expected ConditionalCheckFailedException, got {:?}",
        service.err()
    );

    DeleteItemRequest::builder()
        .table_name("walk-items")
        .key(key("user-1", "profile"))
        .build()
        .send(&client)
        .await
        .expect("DeleteItem");
    let gone = GetItemRequest::builder()
        .table_name("walk-items")
        .key(key("user-1", "profile"))
        .build()
        .send(&client)
        .await
        .expect("GetItem");
    assert!(gone.item.is_none());
}

#[tokio::test]
async fn a_transaction_carries_the_idempotency_token_the_client_fills_in() {
    let moto = Moto::start();
    let client: Client<DynamoDb> = Client::new(&moto.config()).unwrap();
    create_table(&client, "walk-transactions").await;
    let put = |sk: &str| {
        let mut item = key("tx", sk);
        item.insert("note".into(), s("written in one transaction"));
        TransactWriteItem::builder()
            .put(
                Put::builder()
                    .table_name("walk-transactions")
                    .item(item)
                    .build(),
            )
            .build()
    };
    let request = TransactWriteItemsRequest::builder()
        .transact_items(vec![put("a"), put("b")])
        .build();
    assert!(request.client_request_token.is_none());
    request.send(&client).await.expect("TransactWriteItems");
    let scanned = ScanRequest::builder()
        .table_name("walk-transactions")
        .build()
        .send(&client)
        .await
        .expect("Scan");
    assert_eq!(scanned.count, Some(2));
}

#[tokio::test]
async fn a_missing_table_is_the_typed_resource_not_found() {
    let moto = Moto::start();
    let client: Client<DynamoDb> = Client::new(&moto.config()).unwrap();
    let error = DescribeTableRequest::builder()
        .table_name("no-such-table")
        .build()
        .send(&client)
        .await
        .expect_err("DescribeTable of a missing table fails");
    let service = error.service_error().expect("a service error");
    assert_eq!(service.status, 400);
    assert!(
        matches!(
            service.err(),
            DescribeTableError::ResourceNotFoundException(_)
        ),
        "expected ResourceNotFoundException, got {:?}",
        service.err()
    );
}
