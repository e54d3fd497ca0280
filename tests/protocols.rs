//! awsJson1_0/1_1, host prefixes, request checksums, compression, base64 JSON headers and
//! pagination, through the public client against a recording server on loopback.

use aws_op::prelude::*;
use aws_op::Stream;
use std::collections::HashMap;
use std::pin::Pin;
use std::time::Duration;

mod support;
use support::recorder;

#[aws_service(
    id = "Json Eleven",
    signing_name = "jsoneleven",
    endpoint_prefix = "jsoneleven",
    protocol = "awsJson1_1",
    api_version = "2018-01-01",
    target_prefix = "JsonProtocol"
)]
pub struct JsonEleven;

#[aws_service(
    id = "Json Ten",
    signing_name = "jsonten",
    endpoint_prefix = "jsonten",
    protocol = "awsJson1_0",
    api_version = "2020-07-14",
    target_prefix = "JsonRpc10"
)]
pub struct JsonTen;

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct PutItemOutput {
    pub item_id: String,
    pub created: Option<DateTime>,
}

#[aws_error(code = "InvalidGreeting", status = 400)]
pub struct InvalidGreeting {
    pub message: Option<String>,
}

#[aws_error]
pub enum PutItemError {
    InvalidGreeting(InvalidGreeting),
}

/// Bindings are written on `name` on purpose: awsJson ignores them, everything is body.
#[aws_operation(service = JsonEleven, output = PutItemOutput, errors = PutItemError)]
#[derive(Clone)]
pub struct PutItemRequest {
    #[aws(header = "X-Name")]
    pub name: String,
    pub when: Option<DateTime>,
    #[aws(range(min = 1, max = 10))]
    pub count: Option<i32>,
}

#[aws_operation(service = JsonTen, name = "Ping")]
pub struct PingRequest {}

#[aws_operation(service = JsonEleven, host_prefix = "foo.{Label}.", name = "EndpointWithHostLabel")]
pub struct EndpointRequest {
    #[aws(host_label)]
    pub label: String,
}

#[aws_service(
    id = "Rest Thing",
    signing_name = "restthing",
    endpoint_prefix = "restthing",
    protocol = "restJson1",
    api_version = "2019-12-16"
)]
pub struct RestThing;

#[aws_shape]
pub struct UploadOutput {
    #[aws(header = "X-Json", json_value)]
    pub json: Option<String>,
}

#[aws_operation(service = RestThing, http = "POST /upload", checksum_required,
                request_compression = "gzip", output = UploadOutput)]
pub struct UploadRequest {
    #[aws(header = "X-Json", json_value)]
    pub json: Option<String>,
    #[aws(header = "Content-Encoding")]
    pub encoding: Option<String>,
    pub data: Option<String>,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ListThingsOutput {
    pub things: Option<Vec<String>>,
    pub next_token: Option<String>,
}

#[aws_operation(service = RestThing, http = "GET /things", output = ListThingsOutput,
                paginated(input_token = next_token, output_token = next_token, items = things,
                          item = String, page_size = max_results))]
#[derive(Clone)]
pub struct ListThingsRequest {
    #[aws(query = "nextToken")]
    pub next_token: Option<String>,
    #[aws(query = "maxResults", range(min = 1, max = 100))]
    pub max_results: Option<i32>,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct UsageOutput {
    pub items: Option<HashMap<String, Vec<i64>>>,
    pub position: Option<String>,
}

/// API Gateway's GetUsage form: the paginator's result key is a map, its items are the entries.
#[aws_operation(service = RestThing, http = "GET /usage", output = UsageOutput,
                paginated(input_token = position, output_token = position, items = items,
                          item = (String, Vec::<i64>)))]
#[derive(Clone)]
pub struct GetUsageRequest {
    #[aws(query = "position")]
    pub position: Option<String>,
}

fn config(url: &str) -> Config {
    Config::new("us-east-1", Credentials::new("AKIDTEST", "secret", None))
        .with_endpoint_url(url)
        .with_max_attempts(1)
}

async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

#[tokio::test]
async fn aws_json_1_1_posts_the_whole_input_to_root_with_the_target_header() {
    let (url, seen, script) = recorder().await;
    script.lock().unwrap().push_back((
        200,
        vec![],
        r#"{"ItemId":"i-1","Created":1.5e9}"#.into(),
        Duration::ZERO,
    ));
    let client = Client::<JsonEleven>::new(&config(&url)).unwrap();
    let out = PutItemRequest::builder()
        .name("n")
        .when(DateTime::from_secs(1_000))
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(out.item_id, "i-1");
    assert_eq!(out.created.map(|d| d.secs()), Some(1_500_000_000));
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.request_line, "POST / HTTP/1.1");
    assert_eq!(seen.header("x-amz-target"), Some("JsonProtocol.PutItem"));
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
    assert_eq!(
        seen.header("x-name"),
        None,
        "bindings do not apply to awsJson"
    );
    let body: aws_op::serde_json::Value = aws_op::serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(body, aws_op::serde_json::json!({"Name": "n", "When": 1000}));
}

#[test]
fn aws_json_server_side_parse_reads_the_body_the_client_wrote() {
    use aws_op::Operation;
    let input = PutItemRequest::builder()
        .name("n")
        .count(3)
        .when(DateTime::from_secs(1_000))
        .build();
    let back = PutItemRequest::parse_request(&input.serialize()).unwrap();
    assert_eq!(back.name, "n");
    assert_eq!(back.count, Some(3));
    assert_eq!(back.when.map(|d| d.secs()), Some(1_000));
}

#[tokio::test]
async fn aws_json_errors_come_from_type_with_namespace_and_uri_removed() {
    let (url, _seen, script) = recorder().await;
    script.lock().unwrap().push_back((
        400,
        vec![],
        r#"{"__type":"aws.protocoltests.json#InvalidGreeting:http://internal.amazon.com/","message":"Hi"}"#.into(),
        Duration::ZERO,
    ));
    let client = Client::<JsonEleven>::new(&config(&url)).unwrap();
    let err = PutItemRequest::builder()
        .name("n")
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let Error::Service(e) = err else {
        panic!("expected a service error, got {err:?}")
    };
    assert!(matches!(e.error, PutItemError::InvalidGreeting(_)));
    assert_eq!(e.message.as_deref(), Some("Hi"));
}

#[tokio::test]
async fn aws_json_1_0_sends_an_empty_object_and_its_own_content_type() {
    let (url, seen, script) = recorder().await;
    script
        .lock()
        .unwrap()
        .push_back((200, vec![], Vec::new(), Duration::ZERO));
    let client = Client::<JsonTen>::new(&config(&url)).unwrap();
    PingRequest {}.send(&client).await.unwrap();
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-amz-json-1.0")
    );
    assert_eq!(seen.header("x-amz-target"), Some("JsonRpc10.Ping"));
    assert_eq!(seen.body, b"{}");
}

#[tokio::test]
async fn invalid_members_are_refused_before_sending() {
    let client = Client::<JsonEleven>::new(&config("http://127.0.0.1:9")).unwrap();
    let err = PutItemRequest::builder()
        .name("n")
        .count(11)
        .build()
        .send(&client)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Count"), "{err}");
}

#[tokio::test]
async fn host_prefix_labels_are_filled_into_the_signed_host() {
    let client = Client::<JsonEleven>::new(&config("https://example.com")).unwrap();
    let signed = client
        .sign(EndpointRequest {
            label: "bar".into(),
        })
        .await
        .unwrap();
    assert_eq!(signed.url, "https://foo.bar.example.com/");
    assert_eq!(
        signed.headers[0],
        ("host".into(), "foo.bar.example.com".into())
    );
    let err = client
        .sign(EndpointRequest {
            label: "not a label".into(),
        })
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("Label") && text.contains("host label"),
        "{text}"
    );

    let plain =
        Client::<JsonEleven>::new(&config("https://example.com").with_host_prefix_injection(false))
            .unwrap();
    let signed = plain
        .sign(EndpointRequest {
            label: "bar".into(),
        })
        .await
        .unwrap();
    assert_eq!(signed.url, "https://example.com/");
    assert_eq!(signed.headers[0], ("host".into(), "example.com".into()));
}

#[tokio::test]
async fn checksum_required_sends_content_md5_of_the_body_and_json_headers_are_base64() {
    let (url, seen, script) = recorder().await;
    // "true" base64-encoded.
    script.lock().unwrap().push_back((
        200,
        vec![("X-Json".into(), "dHJ1ZQ==".into())],
        Vec::new(),
        Duration::ZERO,
    ));
    let client = Client::<RestThing>::new(&config(&url)).unwrap();
    let out = UploadRequest {
        json: Some("{\"a\":1}".into()),
        encoding: None,
        data: Some("abc".into()),
    }
    .send(&client)
    .await
    .unwrap();
    assert_eq!(out.json.as_deref(), Some("true"));
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.body, br#"{"Data":"abc"}"#);
    // MD5 of {"Data":"abc"}, base64.
    assert_eq!(seen.header("content-md5"), Some("vkoJEpfkKF+IttxFEJQx7A=="));
    assert_eq!(seen.header("x-json"), Some("eyJhIjoxfQ=="));
    assert_eq!(
        seen.header("content-encoding"),
        None,
        "small bodies are not compressed"
    );
}

#[tokio::test]
async fn malformed_base64_json_header_is_a_response_error() {
    let (url, _seen, script) = recorder().await;
    script.lock().unwrap().push_back((
        200,
        vec![("X-Json".into(), "***".into())],
        Vec::new(),
        Duration::ZERO,
    ));
    let client = Client::<RestThing>::new(&config(&url)).unwrap();
    let err = UploadRequest {
        json: None,
        encoding: None,
        data: None,
    }
    .send(&client)
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Response(_)), "{err:?}");
    assert!(err.to_string().contains("X-Json"), "{err}");
}

#[cfg(feature = "gzip")]
#[tokio::test]
async fn large_bodies_are_gzipped_after_the_callers_encoding() {
    let (url, seen, script) = recorder().await;
    script
        .lock()
        .unwrap()
        .push_back((200, vec![], Vec::new(), Duration::ZERO));
    let client = Client::<RestThing>::new(&config(&url)).unwrap();
    let data = "x".repeat(20_000);
    UploadRequest {
        json: None,
        encoding: Some("custom".into()),
        data: Some(data.clone()),
    }
    .send(&client)
    .await
    .unwrap();
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.header("content-encoding"), Some("custom, gzip"));
    assert!(
        seen.body.len() < 1_000,
        "compressed: {} bytes",
        seen.body.len()
    );
    // The gzip magic number, and the MD5 covers the bytes actually sent.
    assert_eq!(&seen.body[..2], &[0x1f, 0x8b]);
}

#[tokio::test]
async fn pages_follow_tokens_and_items_flatten_them() {
    let (url, seen, script) = recorder().await;
    for body in [
        r#"{"Things":["a","b"],"NextToken":"t1"}"#,
        r#"{"Things":[],"NextToken":"t2"}"#,
        r#"{"Things":["c"]}"#,
    ] {
        script
            .lock()
            .unwrap()
            .push_back((200, vec![], body.into(), Duration::ZERO));
    }
    let client = Client::<RestThing>::new(&config(&url)).unwrap();
    let mut items = ListThingsRequest {
        next_token: None,
        max_results: Some(2),
    }
    .items(&client);
    let mut got = Vec::new();
    while let Some(item) = next(&mut items).await {
        got.push(item.unwrap());
    }
    assert_eq!(got, ["a", "b", "c"]);
    let lines: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|s| s.request_line.clone())
        .collect();
    assert_eq!(
        lines,
        [
            "GET /things?maxResults=2 HTTP/1.1",
            "GET /things?nextToken=t1&maxResults=2 HTTP/1.1",
            "GET /things?nextToken=t2&maxResults=2 HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn a_map_result_pages_as_its_entries() {
    let (url, seen, script) = recorder().await;
    for body in [
        r#"{"Items":{"k1":[1,2],"k2":[]},"Position":"p1"}"#,
        r#"{"Position":"p2"}"#,
        r#"{"Items":{"k3":[3]}}"#,
    ] {
        script
            .lock()
            .unwrap()
            .push_back((200, vec![], body.into(), Duration::ZERO));
    }
    let client = Client::<RestThing>::new(&config(&url)).unwrap();
    let mut items = GetUsageRequest { position: None }.items(&client);
    let mut got = Vec::new();
    while let Some(item) = items.next().await {
        got.push(item.unwrap());
    }
    got.sort();
    let expected: Vec<(String, Vec<i64>)> = vec![
        ("k1".into(), vec![1, 2]),
        ("k2".into(), vec![]),
        ("k3".into(), vec![3]),
    ];
    assert_eq!(got, expected);
    let lines: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|s| s.request_line.clone())
        .collect();
    assert_eq!(
        lines,
        [
            "GET /usage HTTP/1.1",
            "GET /usage?position=p1 HTTP/1.1",
            "GET /usage?position=p2 HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn a_repeated_token_ends_the_pages_and_an_error_ends_them_after_being_yielded() {
    let (url, seen, script) = recorder().await;
    for body in [
        r#"{"Things":["a"],"NextToken":"same"}"#,
        r#"{"Things":["b"],"NextToken":"same"}"#,
    ] {
        script
            .lock()
            .unwrap()
            .push_back((200, vec![], body.into(), Duration::ZERO));
    }
    let client = Client::<RestThing>::new(&config(&url)).unwrap();
    let mut pages = ListThingsRequest {
        next_token: None,
        max_results: None,
    }
    .paginate(&client);
    let mut count = 0;
    // The inherent `next()`; the other test drives the `Stream` impl itself.
    while let Some(page) = pages.next().await {
        page.unwrap();
        count += 1;
    }
    assert_eq!(count, 2);
    assert_eq!(seen.lock().unwrap().len(), 2);

    script
        .lock()
        .unwrap()
        .push_back((500, vec![], r#"{"__type":"Boom"}"#.into(), Duration::ZERO));
    let mut pages = ListThingsRequest {
        next_token: None,
        max_results: None,
    }
    .paginate(&client);
    assert!(matches!(
        next(&mut pages).await,
        Some(Err(Error::Service(_)))
    ));
    assert!(next(&mut pages).await.is_none());
}

#[tokio::test]
async fn a_header_value_http_cannot_carry_is_refused_once_naming_the_header() {
    let (url, seen, _script) = recorder().await;
    let client = Client::<RestThing>::new(&config(&url).with_max_attempts(3)).unwrap();
    let err = UploadRequest::builder()
        .encoding("gzip\r\nX-Injected: 1")
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let Error::Dispatch(dispatch) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        dispatch.attempts, 1,
        "the same header fails every attempt: none is retried"
    );
    let text = err.to_string();
    assert!(
        text.contains("`content-encoding`") && text.contains("not a valid HTTP header value"),
        "{text}"
    );
    assert!(
        seen.lock().unwrap().is_empty(),
        "nothing reaches the server"
    );
}
