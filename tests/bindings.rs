//! The whole restJson1 binding surface on a test service: labels (greedy too), query scalars,
//! lists and maps, headers (lists, timestamps), prefix headers, payloads, status codes,
//! timestamps, blobs, documents, unions, nested shapes — serialised, parsed back, and parsed
//! from responses.

use aws_op::prelude::*;
use aws_op::{HttpRequest, HttpResponse};
use aws_op::{Rule, UnhandledError};
use std::collections::HashMap;

#[aws_service(
    id = "Bind Test",
    signing_name = "bindtest",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct BindTest;

#[aws_shape]
#[derive(Clone, PartialEq)]
pub enum Color {
    #[aws(name = "red")]
    Red,
    #[aws(name = "dark blue")]
    DarkBlue,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub enum Choice {
    #[aws(length(max = 4))]
    Text(String),
    Number(i32),
    #[aws(name = "nested")]
    Nested(Inner),
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Inner {
    #[aws(range(min = -1.5, max = 2.5))]
    pub ratio: Option<f64>,
    #[aws(timestamp_format = "date-time")]
    pub when: Option<DateTime>,
    pub data: Option<Blob>,
    pub doc: Option<Document>,
    #[aws(item(length(max = 3)))]
    pub names: Option<Vec<String>>,
    pub colors: Option<Vec<Color>>,
    #[aws(sensitive, item(pattern = "^[a-z]+$"))]
    pub codes: Option<Vec<String>>,
}

#[aws_operation(service = BindTest, http = "PUT /buckets/{Bucket}/objects/{Key+}?x-id=Put", status = 200,
                output = PutObjectOutput)]
#[derive(Clone, PartialEq)]
pub struct PutObjectRequest {
    #[aws(label)]
    pub bucket: String,
    #[aws(label)]
    pub key: String,
    #[aws(query = "tag")]
    pub tags: Option<Vec<String>>,
    #[aws(query = "since")]
    pub since: Option<DateTime>,
    #[aws(query = "limit")]
    pub limit: Option<i64>,
    #[aws(query_map)]
    pub extra: Option<HashMap<String, String>>,
    #[aws(header = "X-Color")]
    pub color: Option<Color>,
    #[aws(header = "X-Names")]
    pub names: Option<Vec<String>>,
    #[aws(header = "X-When")]
    pub when: Option<DateTime>,
    #[aws(header = "X-Epoch", timestamp_format = "epoch-seconds")]
    pub epoch: Option<DateTime>,
    #[aws(header = "X-Flag")]
    pub flag: Option<bool>,
    #[aws(prefix_headers = "X-Meta-")]
    pub meta: Option<HashMap<String, String>>,
    #[aws(payload, sensitive)]
    pub body: Option<Blob>,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct PutObjectOutput {
    #[aws(status_code)]
    pub status: i32,
    #[aws(header = "ETag")]
    pub etag: Option<String>,
    #[aws(header = "X-Dates")]
    pub dates: Option<Vec<DateTime>>,
    #[aws(prefix_headers = "X-Meta-")]
    pub meta: Option<HashMap<String, String>>,
    #[aws(payload)]
    pub body: Option<Blob>,
}

#[aws_operation(service = BindTest, http = "POST /choose", output = ChooseOutput, errors = UnhandledError)]
#[derive(Clone, PartialEq)]
pub struct ChooseRequest {
    pub choice: Choice,
    pub inner: Option<Inner>,
    #[aws(name = "mapOfLists")]
    pub map_of_lists: Option<HashMap<String, Vec<i32>>>,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ChooseOutput {
    pub choice: Option<Choice>,
    pub inner: Option<Inner>,
}

fn put() -> PutObjectRequest {
    PutObjectRequest::builder()
        .bucket("my bucket")
        .key("a/b c/d.txt")
        .tags(vec!["x".to_string(), "y z".to_string()])
        .since(DateTime::from_secs(1398796238))
        .limit(5)
        .extra(HashMap::from([
            ("tag".to_string(), "ignored".to_string()),
            ("other".to_string(), "v".to_string()),
        ]))
        .color(Color::DarkBlue)
        .names(vec!["a".to_string(), "b,c".to_string()])
        .when(DateTime::from_secs(1398796238))
        .epoch(DateTime::from_secs_and_nanos(1398796238, 500_000_000))
        .flag(true)
        .meta(HashMap::from([("Owner".to_string(), "me".to_string())]))
        .body(Blob::new(b"\x00\x01binary".to_vec()))
        .build()
}

#[test]
fn every_request_binding_lands_where_the_model_says() {
    let http = put().serialize();
    assert_eq!(http.method, "PUT");
    assert_eq!(http.path, "/buckets/my%20bucket/objects/a/b%20c/d.txt");
    assert_eq!(
        http.query,
        vec![
            ("x-id".to_string(), "Put".to_string()),
            ("tag".to_string(), "x".to_string()),
            ("tag".to_string(), "y z".to_string()),
            ("since".to_string(), "2014-04-29T18:30:38Z".to_string()),
            ("limit".to_string(), "5".to_string()),
            ("other".to_string(), "v".to_string()),
        ],
        "named query members win over the query map"
    );
    assert_eq!(http.header("X-Color"), Some("dark blue"));
    assert_eq!(http.header("X-Names"), Some("a, \"b,c\""));
    assert_eq!(http.header("X-When"), Some("Tue, 29 Apr 2014 18:30:38 GMT"));
    assert_eq!(http.header("X-Epoch"), Some("1398796238.5"));
    assert_eq!(http.header("X-Flag"), Some("true"));
    assert_eq!(http.header("X-Meta-Owner"), Some("me"));
    assert_eq!(
        http.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(
        http.body.as_ref().and_then(|b| b.as_bytes()),
        Some(&b"\x00\x01binary"[..])
    );
    assert!(
        !format!("{:?}", put()).contains("binary"),
        "the sensitive payload is redacted"
    );
}

#[test]
fn server_side_parsing_inverts_serialisation() {
    let req = put();
    let back = PutObjectRequest::parse_request(&req.serialize()).unwrap();
    assert_eq!(back.bucket, req.bucket);
    assert_eq!(back.key, req.key);
    assert_eq!(back.tags, req.tags);
    assert_eq!(back.since, req.since);
    assert_eq!(back.names, req.names);
    assert_eq!(back.when, req.when);
    assert_eq!(back.epoch, req.epoch);
    assert_eq!(back.meta, req.meta);
    assert_eq!(back.body, req.body);
    assert_eq!(back.color, req.color);
    // The map keeps what no named member bound.
    assert_eq!(
        back.extra,
        Some(HashMap::from([("other".to_string(), "v".to_string())]))
    );
}

#[test]
fn response_bindings_status_headers_prefix_headers_and_blob_payload() {
    let resp = HttpResponse {
        status: 200,
        headers: vec![
            ("etag".into(), "\"abc\"".into()),
            (
                "x-dates".into(),
                "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT".into(),
            ),
            ("x-meta-a".into(), "1".into()),
            ("X-Meta-B".into(), "2".into()),
        ],
        body: b"raw bytes".to_vec(),
    };
    let out = PutObjectRequest::parse_output(&resp).unwrap();
    assert_eq!(out.status, 200);
    assert_eq!(out.etag.as_deref(), Some("\"abc\""));
    assert_eq!(out.dates.as_ref().unwrap().len(), 2);
    let meta = out.meta.unwrap();
    assert_eq!((meta["a"].as_str(), meta["B"].as_str()), ("1", "2"));
    assert_eq!(out.body.unwrap().as_bytes(), b"raw bytes");

    let bad = HttpResponse {
        status: 200,
        headers: vec![("x-dates".into(), "yesterday".into())],
        body: vec![],
    };
    let err = PutObjectRequest::parse_output(&bad).unwrap_err();
    assert!(err.to_string().contains("X-Dates"), "{err}");
}

#[test]
fn unions_documents_blobs_timestamps_and_maps_of_lists_in_bodies() {
    let inner = Inner::builder()
        .ratio(0.5)
        .when(DateTime::from_secs(0))
        .data(Blob::new(b"hi".to_vec()))
        .doc(aws_op::serde_json::json!({"free": ["form", 1, null]}))
        .names(vec!["ab".to_string()])
        .colors(vec![Color::Red, Color::from("green")])
        .build();
    let req = ChooseRequest::builder()
        .choice(Choice::Nested(inner.clone()))
        .inner(inner.clone())
        .map_of_lists(HashMap::from([("k".to_string(), vec![1, 2])]))
        .build();
    let http = req.serialize();
    let body: aws_op::serde_json::Value =
        aws_op::serde_json::from_slice(http.body.as_ref().and_then(|b| b.as_bytes()).unwrap())
            .unwrap();
    assert_eq!(body["Choice"]["nested"]["When"], "1970-01-01T00:00:00Z");
    assert_eq!(body["Inner"]["Data"], "aGk=");
    assert_eq!(body["Inner"]["Doc"]["free"][0], "form");
    assert_eq!(body["Inner"]["Colors"][1], "green");
    assert_eq!(body["mapOfLists"]["k"][1], 2);
    assert_eq!(ChooseRequest::parse_request(&http).unwrap(), req);

    // An unknown enum value in the input breaks the enum rule unless checks are off.
    let err = req.validate(true).unwrap_err();
    assert_eq!(err.violations.len(), 2, "{err}");
    assert!(err
        .violations
        .iter()
        .all(|v| v.rule == Rule::Enum && v.path.ends_with("Colors[1]")));
    assert!(req.validate(false).is_ok());

    let resp = HttpResponse {
        status: 200,
        headers: vec![],
        body: br#"{"Choice":{"SomethingNew":{"a":1}},"Inner":{"Ratio":"NaN","When":"2014-04-29T18:30:38.123Z"}}"#.to_vec(),
    };
    let out = ChooseRequest::parse_output(&resp).unwrap();
    assert_eq!(out.choice, Some(Choice::Unknown("SomethingNew".into())));
    let inner = out.inner.unwrap();
    assert!(inner.ratio.unwrap().is_nan());
    assert_eq!(inner.when.unwrap().subsec_nanos(), 123_000_000);

    let two = HttpResponse {
        status: 200,
        headers: vec![],
        body: br#"{"Choice":{"Text":"a","Number":1}}"#.to_vec(),
    };
    assert!(ChooseRequest::parse_output(&two)
        .unwrap_err()
        .to_string()
        .contains("exactly one"));
}

#[test]
fn ranges_with_negative_and_fractional_bounds_and_item_lengths() {
    let inner = Inner::builder()
        .ratio(-2.0)
        .names(vec!["abcd".to_string(), "ok".to_string()])
        .build();
    let req = ChooseRequest::builder()
        .choice(Choice::Text("t".into()))
        .inner(inner)
        .build();
    assert_eq!(
        violations(&req),
        vec![
            ("Inner.Ratio".to_string(), Rule::Range),
            ("Inner.Names[0]".to_string(), Rule::Length)
        ]
    );
}

/// The path and rule of every violation `req` has.
fn violations(req: &ChooseRequest) -> Vec<(String, Rule)> {
    let err = req.validate(true).unwrap_err();
    err.violations
        .iter()
        .map(|v| (v.path.clone(), v.rule))
        .collect()
}

#[test]
fn union_members_and_the_items_of_sensitive_lists_are_checked() {
    let inner = Inner::builder()
        .codes(vec!["fine".to_string(), "Secret 42".to_string()])
        .build();
    let req = ChooseRequest::builder()
        .choice(Choice::Text("longer".into()))
        .inner(inner)
        .build();
    assert_eq!(
        violations(&req),
        vec![
            ("Choice.Text".to_string(), Rule::Length),
            ("Inner.Codes[1]".to_string(), Rule::Pattern)
        ]
    );
    // The item of a sensitive list is as secret as the list.
    let text = req.validate(true).unwrap_err().to_string();
    assert!(!text.contains("Secret 42"), "{text}");
    assert!(text.contains("value (sensitive, not shown)"), "{text}");
    let short = ChooseRequest::builder()
        .choice(Choice::Text("four".into()))
        .build();
    assert!(short.validate(true).is_ok());
}

#[test]
fn an_empty_label_is_refused_even_with_checks_off() {
    let req = PutObjectRequest::builder().bucket("").key("k").build();
    let err = req.validate(false).unwrap_err();
    assert_eq!(err.violations[0].path, "Bucket");
    assert_eq!(err.violations[0].rule, Rule::Required);
}

#[test]
fn a_request_with_a_path_that_does_not_match_is_rejected_by_the_server_parser() {
    let http = HttpRequest {
        method: "PUT",
        path: "/elsewhere".into(),
        ..Default::default()
    };
    assert!(PutObjectRequest::parse_request(&http).is_err());
}

/// botocore's models write `-` in label names (Amazon MQ, Pinpoint, API Gateway V2...).
#[aws_operation(service = BindTest, http = "POST /v1/tags/{resource-arn}")]
#[derive(Clone, PartialEq)]
pub struct TagResourceRequest {
    #[aws(label, name = "resource-arn")]
    pub resource_arn: String,
    pub tags: Option<HashMap<String, String>>,
}

#[test]
fn labels_with_hyphens_bind_and_parse_back() {
    let req = TagResourceRequest {
        resource_arn: "arn:aws:mq:us-east-1:1:broker:b/1".into(),
        tags: None,
    };
    let http = req.serialize();
    assert_eq!(
        http.path,
        "/v1/tags/arn%3Aaws%3Amq%3Aus-east-1%3A1%3Abroker%3Ab%2F1"
    );
    assert_eq!(TagResourceRequest::parse_request(&http).unwrap(), req);
}

#[aws_operation(service = BindTest, http = "POST /config")]
pub struct PutConfigRequest {
    #[aws(payload)]
    pub config: Option<Inner>,
}

#[aws_operation(service = BindTest, http = "POST /image")]
pub struct PutImageRequest {
    #[aws(header = "Content-Type")]
    pub content_type: Option<String>,
    #[aws(payload)]
    pub data: Option<Blob>,
}

#[aws_operation(service = BindTest, http = "POST /color")]
pub struct PutColorRequest {
    #[aws(payload)]
    pub color: Option<Color>,
}

#[test]
fn unset_payloads_send_what_restjson1_expects() {
    // A structure payload always goes, as `{}` when unset.
    let r = PutConfigRequest { config: None }.serialize();
    assert_eq!(r.body.as_ref().and_then(|b| b.as_bytes()), Some(&b"{}"[..]));
    assert_eq!(r.header("content-type"), Some("application/json"));
    // An unset blob payload is an empty body of its media type.
    let r = PutImageRequest {
        content_type: None,
        data: None,
    }
    .serialize();
    assert_eq!(r.body.as_ref().and_then(|b| b.as_bytes()), Some(&b""[..]));
    assert_eq!(r.header("content-type"), Some("application/octet-stream"));
    // An unset enum (text) payload sends nothing.
    let r = PutColorRequest { color: None }.serialize();
    assert_eq!(
        (
            r.body.as_ref().and_then(|b| b.as_bytes()),
            r.header("content-type")
        ),
        (None, None)
    );
}

#[test]
fn a_content_type_member_replaces_the_payloads_default_and_enums_travel_as_text() {
    let r = PutImageRequest {
        content_type: Some("image/jpg".into()),
        data: Some(Blob::new(&b"1234"[..])),
    }
    .serialize();
    let types: Vec<&str> = r
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(types, ["image/jpg"]);
    let r = PutColorRequest {
        color: Some(Color::DarkBlue),
    }
    .serialize();
    assert_eq!(
        r.body.as_ref().and_then(|b| b.as_bytes()),
        Some(&b"dark blue"[..])
    );
    assert_eq!(r.header("content-type"), Some("text/plain"));
    let back = PutColorRequest::parse_request(&r).unwrap();
    assert_eq!(back.color, Some(Color::DarkBlue));
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub enum When {
    #[aws(timestamp_format = "date-time")]
    At(DateTime),
    Epoch(DateTime),
}

#[aws_operation(service = BindTest, http = "PUT /when")]
#[derive(Clone, PartialEq)]
pub struct PutWhenRequest {
    pub when: Option<When>,
}

#[test]
fn union_members_keep_their_timestamp_format() {
    let at = PutWhenRequest {
        when: Some(When::At(DateTime::from_secs(1_576_540_098))),
    };
    let http = at.serialize();
    assert_eq!(
        http.body.as_ref().and_then(|b| b.as_bytes()),
        Some(&br#"{"When":{"At":"2019-12-16T23:48:18Z"}}"#[..])
    );
    assert_eq!(PutWhenRequest::parse_request(&http).unwrap(), at);
    let epoch = PutWhenRequest {
        when: Some(When::Epoch(DateTime::from_secs(5))),
    };
    assert_eq!(
        epoch.serialize().body.as_ref().and_then(|b| b.as_bytes()),
        Some(&br#"{"When":{"Epoch":5}}"#[..])
    );
}
