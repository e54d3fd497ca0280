//! DynamoDB's account endpoints, from its endpoint rules fed by the operation's members
//! (`context_param = "ResourceArn"` on `TableName`) and the account ID endpoint mode: a table
//! named by its ARN is reached at its account's endpoint unless the mode is `disabled`. Read
//! from `Client::sign` (nothing is sent).

use aws_op::{AccountIdEndpointMode, Client, Config, Credentials};
use aws_op_dynamodb::*;
use std::collections::HashMap;

const TABLE_ARN: &str = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders";

fn client(mode: Option<AccountIdEndpointMode>) -> Client<DynamoDb> {
    let mut config = Config::new(
        "eu-west-1",
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        ),
    );
    if let Some(mode) = mode {
        config = config.with_account_id_endpoint_mode(mode);
    }
    Client::new(&config).expect("a client")
}

async fn url_of(client: &Client<DynamoDb>, table: &str) -> String {
    let key = HashMap::from([(
        "pk".to_owned(),
        AttributeValue::builder().s("order-1").build(),
    )]);
    let request = GetItemRequest::builder().table_name(table).key(key).build();
    client.sign(request).await.expect("a signed request").url
}

#[tokio::test]
async fn a_table_named_by_its_arn_is_reached_at_its_accounts_endpoint() {
    let url = url_of(&client(None), TABLE_ARN).await;
    assert_eq!(url, "https://123456789012.ddb.eu-west-1.amazonaws.com/");
}

#[tokio::test]
async fn a_table_named_by_its_name_is_reached_at_the_regional_endpoint() {
    let url = url_of(&client(None), "orders").await;
    assert_eq!(url, "https://dynamodb.eu-west-1.amazonaws.com/");
}

#[tokio::test]
async fn the_disabled_mode_keeps_every_call_regional() {
    let url = url_of(&client(Some(AccountIdEndpointMode::Disabled)), TABLE_ARN).await;
    assert_eq!(url, "https://dynamodb.eu-west-1.amazonaws.com/");
}

#[tokio::test]
async fn the_required_mode_refuses_a_call_that_names_no_account() {
    let client = client(Some(AccountIdEndpointMode::Required));
    let key = HashMap::from([("pk".to_owned(), AttributeValue::builder().s("1").build())]);
    let request = GetItemRequest::builder()
        .table_name("orders")
        .key(key)
        .build();
    let error = client.sign(request).await.unwrap_err();
    assert!(matches!(error, aws_op::Error::Config(_)), "{error:?}");
    assert!(error.to_string().contains("endpoint rules"), "{error}");
}
