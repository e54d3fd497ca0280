//! rpcv2Cbor (needs the `cbor` feature): the public client against a recording server on
//! loopback, the server side the emulator uses (`parse_request`, `serialize_output`,
//! `serialize_error`), and property tests: no body, however malformed, panics the reader.

use aws_op::prelude::*;
use aws_op::read_response;
use aws_op::runtime::protocol::{Protocol, RpcV2Cbor};
use aws_op::{HttpRequest, HttpResponse};
use aws_op::{OperationError, ServiceError};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use std::collections::HashMap;
use std::time::Duration;

mod support;
use support::{recorder, Seen};

#[aws_service(
    id = "Rpc V2 Protocol",
    signing_name = "rpcv2protocol",
    endpoint_prefix = "rpcv2protocol",
    protocol = "rpcv2Cbor",
    api_version = "2020-07-14",
    target_prefix = "RpcV2Protocol"
)]
pub struct RpcV2Protocol;

#[aws_service(
    id = "Query Compatible Rpc V2",
    signing_name = "querycompatiblerpcv2",
    protocol = "rpcv2Cbor",
    api_version = "2025-06-20",
    target_prefix = "QueryCompatibleRpcV2Protocol",
    aws_query_compatible
)]
pub struct QueryCompatibleRpcV2;

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Nested {
    pub name: String,
    pub child: Option<Box<Nested>>,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub enum Choice {
    Text(String),
    Number(i32),
    Thing(Nested),
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct PutThingOutput {
    pub id: String,
    pub created: Option<DateTime>,
    pub score: Option<f32>,
    pub sizes: Option<Vec<i64>>,
    pub labels: Option<HashMap<String, Vec<String>>>,
    pub choice: Option<Choice>,
}

#[aws_error(code = "InvalidThing", status = 400)]
#[derive(Clone, PartialEq)]
pub struct InvalidThing {
    #[aws(name = "Message")]
    pub message: Option<String>,
    pub nested: Option<Nested>,
}

#[aws_error]
pub enum PutThingError {
    InvalidThing(InvalidThing),
}

/// Bindings are written on `name` on purpose: rpcv2Cbor ignores them, everything is body.
#[aws_operation(service = RpcV2Protocol, output = PutThingOutput, errors = PutThingError)]
#[derive(Clone, PartialEq)]
pub struct PutThingRequest {
    #[aws(header = "X-Name")]
    pub name: String,
    pub count: Option<i32>,
    pub small: Option<i8>,
    pub ratio: Option<f64>,
    pub flag: Option<bool>,
    pub when: Option<DateTime>,
    pub data: Option<Blob>,
    pub tags: Option<Vec<String>>,
    pub gaps: Option<Vec<Option<String>>>,
    pub attributes: Option<HashMap<String, i64>>,
    pub nested: Option<Nested>,
    pub choice: Option<Choice>,
    pub extra: Option<Document>,
}

#[aws_operation(service = RpcV2Protocol, name = "Ping", no_input)]
pub struct PingRequest {}

#[aws_operation(service = RpcV2Protocol, name = "Empty")]
pub struct EmptyRequest {}

#[aws_error(code = "Customized", status = 402)]
pub struct CustomCodeError {
    pub message: Option<String>,
}

#[aws_error]
pub enum QueryCompatibleError {
    CustomCodeError(CustomCodeError),
}

#[aws_operation(service = QueryCompatibleRpcV2, name = "QueryCompatibleOperation", no_input,
                errors = QueryCompatibleError)]
pub struct QueryCompatibleRequest {}

fn config(url: &str) -> Config {
    Config::new("us-east-1", Credentials::new("AKIDTEST", "secret", None))
        .with_endpoint_url(url)
        .with_max_attempts(1)
}

fn full_input() -> PutThingRequest {
    PutThingRequest::builder()
        .name("thing")
        .count(-70_000)
        .small(-5)
        .ratio(1.889)
        .flag(false)
        .when(DateTime::from_secs_and_nanos(946_845_296, 123_000_000))
        .data(Blob::from("blob bytes"))
        .tags(vec!["a".into(), String::new()])
        .gaps(vec![Some("x".into()), None])
        .attributes(HashMap::from([("k".into(), i64::MIN), ("z".into(), 0)]))
        .nested(Nested {
            name: "outer".into(),
            child: Some(Box::new(Nested {
                name: "inner".into(),
                child: None,
            })),
        })
        .choice(Choice::Number(7))
        .extra(aws_op::serde_json::json!({"a": [1, -2, 1.5, "s", null, true]}))
        .build()
}

fn full_output() -> PutThingOutput {
    PutThingOutput {
        id: "i-1".into(),
        created: Some(DateTime::from_secs(1_398_796_238)),
        score: Some(7.625),
        sizes: Some(vec![
            0,
            23,
            24,
            255,
            256,
            65_536,
            u32::MAX as i64 + 1,
            -1,
            -25,
        ]),
        labels: Some(HashMap::from([
            ("x".into(), vec![]),
            ("y".into(), vec!["b".into()]),
        ])),
        choice: Some(Choice::Thing(Nested {
            name: "n".into(),
            child: None,
        })),
    }
}

/// The request the recording server saw, as the server side of the protocol reads it.
fn as_request(seen: &Seen) -> HttpRequest {
    let path = seen.request_line.split(' ').nth(1).unwrap_or_default();
    HttpRequest {
        method: "POST",
        path: path.to_owned(),
        headers: seen.headers.clone(),
        body: Some(seen.body.clone()),
        ..HttpRequest::default()
    }
}

fn served(response: HttpResponse) -> (u16, Vec<(String, String)>, Vec<u8>, Duration) {
    (
        response.status,
        response.headers,
        response.body,
        Duration::ZERO,
    )
}

#[tokio::test]
async fn a_call_posts_cbor_to_the_service_path_and_reads_the_cbor_output() {
    let (url, seen, script) = recorder().await;
    let output = full_output();
    script
        .lock()
        .unwrap()
        .push_back(served(RpcV2Cbor::serialize_output::<PutThingRequest>(
            &output,
        )));
    let client = Client::<RpcV2Protocol>::new(&config(&url)).unwrap();
    let input = full_input();
    let got = input.clone().send(&client).await.unwrap();
    assert!(got == output, "{got:?}");

    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(
        seen.request_line,
        "POST /service/RpcV2Protocol/operation/PutThing HTTP/1.1"
    );
    assert_eq!(seen.header("smithy-protocol"), Some("rpc-v2-cbor"));
    assert_eq!(seen.header("accept"), Some("application/cbor"));
    assert_eq!(seen.header("content-type"), Some("application/cbor"));
    assert_eq!(seen.header("x-name"), None, "bindings do not apply");
    assert_eq!(seen.header("x-amz-target"), None);
    assert_eq!(seen.header("x-amzn-query-mode"), None);
    // The server side reads back exactly what the client wrote, every member included.
    let back = PutThingRequest::parse_request(&as_request(&seen)).unwrap();
    assert!(back == input, "{back:?}");
}

#[test]
fn the_body_is_the_documented_cbor() {
    let input = PutThingRequest::builder()
        .name("n")
        .when(DateTime::from_secs(1_000))
        .data(Blob::from("ab"))
        .tags(vec!["t".into()])
        .build();
    let body = input.serialize().body.unwrap();
    // {_ "Name": "n", "When": 1(1000), "Data": h'6162', "Tags": ["t"]}
    let hex: String = body.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        hex,
        "bf644e616d65616e645768656ec11903e864446174614261626454616773816174ff"
    );
}

#[tokio::test]
async fn an_operation_without_input_sends_no_body_and_no_content_type() {
    let (url, seen, script) = recorder().await;
    script
        .lock()
        .unwrap()
        .push_back((200, vec![], Vec::new(), Duration::ZERO));
    script
        .lock()
        .unwrap()
        .push_back((200, vec![], Vec::new(), Duration::ZERO));
    let client = Client::<RpcV2Protocol>::new(&config(&url)).unwrap();
    PingRequest {}.send(&client).await.unwrap();
    EmptyRequest {}.send(&client).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen[0].request_line,
        "POST /service/RpcV2Protocol/operation/Ping HTTP/1.1"
    );
    assert!(seen[0].body.is_empty());
    assert_eq!(seen[0].header("content-type"), None);
    assert_eq!(seen[0].header("accept"), Some("application/cbor"));
    // An input with no members set is still a map: `{_ }`.
    assert_eq!(seen[1].body, [0xbf, 0xff]);
    assert_eq!(seen[1].header("content-type"), Some("application/cbor"));
    // No output: the server answers without a body.
    let response = RpcV2Cbor::serialize_output::<PingRequest>(&());
    assert!(response.body.is_empty() && response.header("content-type").is_none());
}

#[tokio::test]
async fn errors_come_from_type_and_carry_their_members() {
    let (url, _seen, script) = recorder().await;
    let error = InvalidThing {
        message: Some("Hi".into()),
        nested: Some(Nested {
            name: "why".into(),
            child: None,
        }),
    };
    script
        .lock()
        .unwrap()
        .push_back(served(RpcV2Cbor::serialize_error::<
            PutThingRequest,
            InvalidThing,
        >(&error)));
    let client = Client::<RpcV2Protocol>::new(&config(&url)).unwrap();
    let err = full_input().send(&client).await.unwrap_err();
    let Error::Service(e) = err else {
        panic!("expected a service error, got {err:?}")
    };
    assert_eq!(e.status, 400);
    assert_eq!(e.message.as_deref(), Some("Hi"));
    assert_eq!(e.request_id.as_deref(), Some("rid-400"));
    match e.error {
        PutThingError::InvalidThing(got) => assert!(got == error, "{got:?}"),
        other => panic!("expected InvalidThing, got {other:?}"),
    }
}

fn cbor_response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: body.to_vec(),
    }
}

fn service_error<O: Operation>(response: &HttpResponse) -> ServiceError<O::Error> {
    match read_response::<O>(response) {
        Err(Error::Service(e)) => e,
        other => panic!("expected a service error, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn a_namespaced_type_is_reduced_and_an_unknown_code_is_kept() {
    // {"__type": "smithy.example#InvalidThing:http://x", "message": "m"}
    let mut body = vec![0xa2, 0x66];
    body.extend(b"__type");
    let code = b"smithy.example#InvalidThing:http://x";
    body.push(0x78);
    body.push(code.len() as u8);
    body.extend(code);
    body.push(0x67);
    body.extend(b"message");
    body.extend([0x61, b'm']);
    let e = service_error::<PutThingRequest>(&cbor_response(400, &[], &body));
    assert!(matches!(e.error, PutThingError::InvalidThing(_)));
    assert_eq!(e.message.as_deref(), Some("m"));

    // No `__type`, a body that is not CBOR: the status names the catch-all.
    let e = service_error::<PutThingRequest>(&cbor_response(503, &[], b"<html>"));
    assert_eq!(e.error.code(), "Http503");
}

#[tokio::test]
async fn query_compatible_services_ask_for_and_read_awsquery_codes() {
    let (url, seen, script) = recorder().await;
    // {"__type": "aws.protocoltests.rpcv2cbor#CustomCodeError", "message": "Hi"}, as the
    // service sends it beside `x-amzn-query-error`.
    let mut body = vec![0xa2, 0x66];
    body.extend(b"__type");
    let code = b"aws.protocoltests.rpcv2cbor#CustomCodeError";
    body.extend([0x78, code.len() as u8]);
    body.extend(code);
    body.push(0x67);
    body.extend(b"message");
    body.extend([0x62, b'H', b'i']);
    script.lock().unwrap().push_back((
        400,
        vec![("x-amzn-query-error".into(), "Customized;Sender".into())],
        body,
        Duration::ZERO,
    ));
    let client = Client::<QueryCompatibleRpcV2>::new(&config(&url)).unwrap();
    let err = QueryCompatibleRequest {}.send(&client).await.unwrap_err();
    let Error::Service(e) = err else {
        panic!("expected a service error, got {err:?}")
    };
    assert!(matches!(e.error, QueryCompatibleError::CustomCodeError(_)));
    assert_eq!(e.message.as_deref(), Some("Hi"));
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.header("x-amzn-query-mode"), Some("true"));
    assert_eq!(
        seen.request_line,
        "POST /service/QueryCompatibleRpcV2Protocol/operation/QueryCompatibleOperation HTTP/1.1"
    );
}

#[test]
fn the_server_side_wants_the_protocol_header() {
    let mut request = full_input().serialize();
    request.headers.retain(|(n, _)| n != "smithy-protocol");
    let err = PutThingRequest::parse_request(&request).unwrap_err();
    assert!(err.to_string().contains("smithy-protocol"), "{err}");
}

#[test]
fn wrong_types_name_the_member() {
    // {"Id": 5}
    let body = [0xa1, 0x62, b'I', b'd', 0x05];
    let err = read_response::<PutThingRequest>(&cbor_response(200, &[], &body)).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("`Id`") && text.contains("expected a text string, found an integer"),
        "{text}"
    );
    // A required member that is absent.
    let err = read_response::<PutThingRequest>(&cbor_response(200, &[], &[0xa0])).unwrap_err();
    assert!(
        err.to_string().contains("required member is missing"),
        "{err}"
    );
    // A body that is not a map.
    let err = read_response::<PutThingRequest>(&cbor_response(200, &[], &[0x80])).unwrap_err();
    assert!(
        err.to_string().contains("expected a CBOR map as body"),
        "{err}"
    );
}

#[test]
fn hostile_lengths_and_nesting_are_errors() {
    // A map claiming 2^64 - 1 entries, a byte string claiming 2^64 - 1 bytes.
    for body in [
        &[0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff][..],
        &[
            0xa1, 0x62, b'I', b'd', 0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        ][..],
    ] {
        let err = read_response::<PutThingRequest>(&cbor_response(200, &[], body)).unwrap_err();
        assert!(err.to_string().contains("end of input"), "{err}");
    }
    // {"Nested": [[[[...]]]]} a million levels deep: refused, not a stack overflow.
    let mut body = vec![0xa1, 0x66];
    body.extend(b"Nested");
    body.extend(std::iter::repeat_n(0x81, 1_000_000));
    body.push(0x00);
    let err = read_response::<PutThingRequest>(&cbor_response(200, &[], &body)).unwrap_err();
    assert!(err.to_string().contains("nest deeper than"), "{err}");
}

// ---------------------------------------------------------------- properties

fn proptest_config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Reads `body` every way a client or server can: as output, as each error status, as a
/// request. Any result is fine; a panic fails the property.
fn read_every_way(body: &[u8]) {
    for status in [200, 400, 500] {
        let _ = read_response::<PutThingRequest>(&cbor_response(status, &[], body));
    }
    let _ = read_response::<PingRequest>(&cbor_response(200, &[], body));
    let mut request = full_input().serialize();
    request.body = Some(body.to_vec());
    let _ = PutThingRequest::parse_request(&request);
}

fn nested() -> impl Strategy<Value = Nested> {
    let leaf = ".*".prop_map(|name| Nested { name, child: None });
    leaf.prop_recursive(4, 8, 1, |inner| {
        (".*", inner).prop_map(|(name, child)| Nested {
            name,
            child: Some(Box::new(child)),
        })
    })
}

fn choice() -> impl Strategy<Value = Choice> {
    prop_oneof![
        ".*".prop_map(Choice::Text),
        any::<i32>().prop_map(Choice::Number),
        nested().prop_map(Choice::Thing),
    ]
}

/// Inputs with every member drawn: finite floats (NaN never equals itself), and timestamps with
/// whole milliseconds within 2^32 s of the epoch (1833 to 2106), where a double's error is under
/// half a microsecond, so reading it back (rounded to the microsecond) is exact.
fn input() -> impl Strategy<Value = PutThingRequest> {
    (
        (
            ".*",
            any::<Option<i32>>(),
            any::<Option<i8>>(),
            proptest::option::of(-1e300f64..1e300),
            any::<Option<bool>>(),
            proptest::option::of((-(1i64 << 32)..1 << 32, 0u32..1000)),
        ),
        (
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..64)),
            proptest::option::of(proptest::collection::vec(".*", 0..4)),
            proptest::option::of(proptest::collection::vec(proptest::option::of(".*"), 0..4)),
            proptest::option::of(proptest::collection::hash_map(".*", any::<i64>(), 0..4)),
            proptest::option::of(nested()),
            proptest::option::of(choice()),
        ),
    )
        .prop_map(
            |((name, count, small, ratio, flag, when), (data, tags, gaps, attributes, n, c))| {
                PutThingRequest {
                    name,
                    count,
                    small,
                    ratio,
                    flag,
                    when: when.map(|(s, ms)| DateTime::from_secs_and_nanos(s, ms * 1_000_000)),
                    data: data.map(Blob::from),
                    tags,
                    gaps,
                    attributes,
                    nested: n,
                    choice: c,
                    extra: None,
                }
            },
        )
}

#[derive(Clone, Debug)]
enum Edit {
    Flip(prop::sample::Index, u8),
    Insert(prop::sample::Index, u8),
    Remove(prop::sample::Index),
    Truncate(prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Bytes that start CBOR heads of every major type, breaks and 8-byte lengths.
    let special = prop::sample::select(vec![
        0x1b, 0x3b, 0x5b, 0x5f, 0x7b, 0x7f, 0x9b, 0x9f, 0xbb, 0xbf, 0xc1, 0xf9, 0xfb, 0xff, 0x00,
    ]);
    prop_oneof![
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<prop::sample::Index>(), special).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<prop::sample::Index>().prop_map(Edit::Remove),
        any::<prop::sample::Index>().prop_map(Edit::Truncate),
    ]
}

fn apply(body: &mut Vec<u8>, edit: &Edit) {
    if body.is_empty() {
        return;
    }
    match edit {
        Edit::Flip(i, b) => {
            let i = i.index(body.len());
            body[i] ^= b | 1;
        }
        Edit::Insert(i, b) => body.insert(i.index(body.len() + 1), *b),
        Edit::Remove(i) => {
            body.remove(i.index(body.len()));
        }
        Edit::Truncate(i) => body.truncate(i.index(body.len())),
    }
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..256)) {
        read_every_way(&body);
    }

    #[test]
    fn mutations_of_valid_documents_never_panic(
        input in input(),
        edits in proptest::collection::vec(edit(), 1..6),
    ) {
        let mut request = input.serialize().body.unwrap();
        for e in &edits {
            apply(&mut request, e);
        }
        read_every_way(&request);
        let mut response =
            RpcV2Cbor::serialize_output::<PutThingRequest>(&full_output()).body;
        for e in &edits {
            apply(&mut response, e);
        }
        read_every_way(&response);
    }

    #[test]
    fn every_input_survives_the_wire(input in input()) {
        let back = PutThingRequest::parse_request(&input.serialize());
        prop_assert!(back.as_ref() == Ok(&input), "{:?}", back);
    }
}
