//! Property tests: bad input never panics the generated code.
//!
//! Every operation's `parse_output`, its error path (`read_response`: the code, the message and
//! the typed error) and the server-side `parse_request` are fed arbitrary bytes, arbitrary JSON documents and
//! mutations of valid messages; they must return `Ok` or `Err`, never panic. Requests built with
//! the builders must survive `serialize` then `parse_request` unchanged.
//!
//! Bounded for CI: 256 cases per property, no failure files written.

use aws_op::serde_json::{self, Map, Value};
use aws_op::{
    read_response, Error, HttpRequest, HttpResponse, Operation, OperationError, ServiceError,
};
use aws_op_iot_managed_integrations::*;
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use std::collections::HashMap;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------- strategies

/// Every wire name the service's shapes use, plus the error-envelope keys.
const MEMBER_NAMES: &[&str] = &[
    "Items",
    "AccountAssociationId",
    "AssociationState",
    "NextToken",
    "OAuthAuthorizationUrl",
    "Tags",
    "Arn",
    "ErrorMessage",
    "ConnectorDestinationId",
    "Name",
    "Description",
    "GeneralAuthorization",
    "AuthMaterialName",
    "ManagedThingId",
    "DeviceDiscoveryId",
    "ManagedThingAssociationStatus",
    "ClientToken",
    "Message",
    "ResourceId",
    "ResourceType",
    "message",
    "errorMessage",
    "code",
    "__type",
];

/// Values the enums know, so that some documents get past the enum members.
const ENUM_VALUES: &[&str] = &[
    "ASSOCIATION_IN_PROGRESS",
    "ASSOCIATION_FAILED",
    "ASSOCIATION_SUCCEEDED",
    "ASSOCIATION_DELETING",
    "REFRESH_TOKEN_EXPIRED",
    "PRE_ASSOCIATED",
    "ASSOCIATED",
];

/// Every modelled error code.
const ERROR_CODES: &[&str] = &[
    "AccessDeniedException",
    "ConflictException",
    "InternalServerException",
    "ResourceNotFoundException",
    "ServiceUnavailableException",
    "ThrottlingException",
    "UnauthorizedException",
    "ValidationException",
];

/// Text: arbitrary unicode, percent sequences, or plain ASCII.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(%[0-9A-Fa-fgG]{0,2}|[-/._~ a-zA-Z0-9?=&+#:]|\\PC){0,24}",
        "[a-zA-Z0-9]{0,12}",
        prop::collection::vec(any::<char>(), 0..16).prop_map(|c| c.into_iter().collect()),
    ]
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..256)
}

/// An object key: mostly a real member name, sometimes anything.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(MEMBER_NAMES).prop_map(str::to_owned),
        1 => text(),
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("JSON numbers are finite", |f| {
            serde_json::Number::from_f64(f).map(Value::Number)
        }),
        prop::sample::select(vec![
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            -0.0,
            0.5,
            1e300,
            -1e-300,
            9_223_372_036_854_775_808.0,
        ])
        .prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        Just(Value::from(i64::MIN)),
    ]
}

/// A JSON document: null, booleans, numbers (huge and fractional too), strings (unicode, known
/// enum values), arrays and objects whose keys are partly the service's member names.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        text().prop_map(Value::String),
        prop::sample::select(ENUM_VALUES).prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A JSON object (what bodies mostly are).
fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec((key(), json()), 0..8).prop_map(|kv| kv.into_iter().collect())
}

/// A numeric literal as text, far beyond what `i64`/`f64` hold.
fn huge_number_literal() -> impl Strategy<Value = String> {
    "-?[0-9]{1,400}(\\.[0-9]{1,60})?([eE][+-]?[0-9]{1,6})?"
}

/// Header lists: arbitrary names and values, sometimes real header names.
fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        text(),
        prop::sample::select(vec![
            "x-amzn-errortype",
            "X-Amzn-ErrorType",
            "x-amzn-requestid",
            "content-type",
            "content-length",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec((name, text()), 0..6)
}

/// A body: raw bytes, a JSON document, or a JSON object, as bytes.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        bytes(),
        json().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        json_object().prop_map(|m| serde_json::to_vec(&m).unwrap()),
    ]
}

fn response() -> impl Strategy<Value = HttpResponse> {
    (any::<u16>(), headers(), body()).prop_map(|(status, headers, body)| HttpResponse {
        status,
        headers,
        body,
    })
}

// ---------------------------------------------------------------- outputs

fn parse<Op: Operation>(resp: &HttpResponse)
where
    Op::Output: std::fmt::Debug,
{
    match Op::parse_output(resp) {
        Ok(out) => {
            let _ = format!("{out:?}");
        }
        Err(e) => {
            let _ = (e.to_string(), e.path(), format!("{e:?}"));
        }
    }
}

/// `parse_output` of every operation of the service.
fn parse_every_output(resp: &HttpResponse) {
    parse::<CreateAccountAssociationRequest>(resp);
    parse::<GetAccountAssociationRequest>(resp);
    parse::<ListAccountAssociationsRequest>(resp);
    parse::<UpdateAccountAssociationRequest>(resp);
    parse::<DeleteAccountAssociationRequest>(resp);
    parse::<StartAccountAssociationRefreshRequest>(resp);
    parse::<RegisterAccountAssociationRequest>(resp);
    parse::<DeregisterAccountAssociationRequest>(resp);
    parse::<ListManagedThingAccountAssociationsRequest>(resp);
}

/// One valid body per operation output (`parse_output` accepts each: see the test below).
const VALID_BODIES: &[&str] = &[
    r#"{"OAuthAuthorizationUrl":"https://auth/x","AccountAssociationId":"a1","AssociationState":"ASSOCIATION_IN_PROGRESS","Arn":"arn:aws:iotmanagedintegrations:us-east-1:123456789012:account-association/a1"}"#,
    r#"{"AccountAssociationId":"a1","AssociationState":"ASSOCIATION_FAILED","ErrorMessage":"boom","ConnectorDestinationId":"cd-1","Name":"n","Description":"d","Arn":"arn","OAuthAuthorizationUrl":"u","Tags":{"env":"prod","z":""},"GeneralAuthorization":{"AuthMaterialName":"m1"}}"#,
    r#"{"Items":[{"AccountAssociationId":"a","AssociationState":"ASSOCIATION_SUCCEEDED","ErrorMessage":"e","ConnectorDestinationId":"c","Name":"n","Description":"d","Arn":"arn"},{"AccountAssociationId":"b","AssociationState":"REFRESH_TOKEN_EXPIRED"}],"NextToken":"t0k3n="}"#,
    r#"{"OAuthAuthorizationUrl":"https://auth/refresh"}"#,
    r#"{"AccountAssociationId":"a1","DeviceDiscoveryId":"d1","ManagedThingId":"m:1"}"#,
    r#"{"Items":[{"ManagedThingId":"m","AccountAssociationId":"a","ManagedThingAssociationStatus":"ASSOCIATED"},{"ManagedThingAssociationStatus":"PRE_ASSOCIATED"}],"NextToken":"n"}"#,
];

fn ok_response(body: Vec<u8>) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![("x-amzn-RequestId".into(), "req-1".into())],
        body,
    }
}

#[test]
fn the_valid_bodies_parse() {
    let resp = |i: usize| ok_response(VALID_BODIES[i].as_bytes().to_vec());
    assert!(CreateAccountAssociationRequest::parse_output(&resp(0)).is_ok());
    assert!(GetAccountAssociationRequest::parse_output(&resp(1)).is_ok());
    assert!(ListAccountAssociationsRequest::parse_output(&resp(2)).is_ok());
    assert!(StartAccountAssociationRefreshRequest::parse_output(&resp(3)).is_ok());
    assert!(RegisterAccountAssociationRequest::parse_output(&resp(4)).is_ok());
    assert!(ListManagedThingAccountAssociationsRequest::parse_output(&resp(5)).is_ok());
}

/// A byte-level edit of a body.
#[derive(Clone, Debug)]
enum Edit {
    Flip(prop::sample::Index, u8),
    Delete(prop::sample::Index),
    Insert(prop::sample::Index, u8),
    Truncate(prop::sample::Index),
    Duplicate(prop::sample::Index, prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<prop::sample::Index>(), 1..=255u8).prop_map(|(i, m)| Edit::Flip(i, m)),
        any::<prop::sample::Index>().prop_map(Edit::Delete),
        (
            any::<prop::sample::Index>(),
            prop_oneof![
                any::<u8>(),
                prop::sample::select(b"{}[]\",:\\0-eE.tfn ".to_vec())
            ]
        )
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<prop::sample::Index>().prop_map(Edit::Truncate),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(a, b)| Edit::Duplicate(a, b)),
    ]
}

fn apply(body: &mut Vec<u8>, edit: &Edit) {
    if body.is_empty() {
        if let Edit::Insert(_, b) = edit {
            body.push(*b);
        }
        return;
    }
    match edit {
        Edit::Flip(i, mask) => {
            let i = i.index(body.len());
            body[i] ^= mask;
        }
        Edit::Delete(i) => {
            body.remove(i.index(body.len()));
        }
        Edit::Insert(i, b) => body.insert(i.index(body.len() + 1), *b),
        Edit::Truncate(i) => body.truncate(i.index(body.len())),
        Edit::Duplicate(a, b) => {
            let (a, b) = (a.index(body.len()), b.index(body.len()));
            let (lo, hi) = (a.min(b), a.max(b));
            let chunk = body[lo..=hi].to_vec();
            body.splice(hi + 1..hi + 1, chunk);
        }
    }
}

/// A JSON-level edit: replace, remove or add a member somewhere in the document.
fn mutate_json(at: &mut Value, path: &[prop::sample::Index], new: Option<Value>, key: &str) {
    if let Some((step, rest)) = path.split_first() {
        let child = match at {
            Value::Object(map) if !map.is_empty() => {
                let n = map.len();
                map.values_mut().nth(step.index(n))
            }
            Value::Array(items) if !items.is_empty() => {
                let n = items.len();
                items.get_mut(step.index(n))
            }
            _ => None,
        };
        // Descend only into containers; edit the last one reached.
        if let Some(child) = child.filter(|c| c.is_object() || c.is_array()) {
            return mutate_json(child, rest, new, key);
        }
    }
    match (at, new) {
        (Value::Object(map), Some(v)) => {
            map.insert(key.to_owned(), v);
        }
        (Value::Object(map), None) => {
            map.remove(key);
            if let Some(k) = map.keys().next().cloned() {
                map.remove(&k);
            }
        }
        (Value::Array(items), Some(v)) => items.push(v),
        (Value::Array(items), None) => {
            items.pop();
        }
        (other, Some(v)) => *other = v,
        (_, None) => {}
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn outputs_never_panic_on_arbitrary_bytes(
        status in any::<u16>(),
        headers in headers(),
        body in bytes(),
    ) {
        parse_every_output(&HttpResponse { status, headers, body });
    }

    #[test]
    fn outputs_never_panic_on_arbitrary_json(doc in json(), headers in headers()) {
        let body = serde_json::to_vec(&doc).unwrap();
        parse_every_output(&HttpResponse { status: 200, headers, body });
    }

    #[test]
    fn outputs_never_panic_on_arbitrary_json_objects(obj in json_object()) {
        parse_every_output(&ok_response(serde_json::to_vec(&obj).unwrap()));
    }

    #[test]
    fn outputs_never_panic_on_huge_number_literals(
        which in prop::sample::select(MEMBER_NAMES),
        literal in huge_number_literal(),
        valid in prop::sample::select(VALID_BODIES),
    ) {
        // The literal as a member of its own, and in place of an existing member's value.
        let alone = format!("{{\"{which}\":{literal}}}");
        parse_every_output(&ok_response(alone.into_bytes()));
        let mut doc: Value = serde_json::from_str(valid).unwrap();
        doc[which] = Value::String("@@".into());
        let spliced = serde_json::to_string(&doc).unwrap().replace("\"@@\"", &literal);
        parse_every_output(&ok_response(spliced.into_bytes()));
        let in_list =
            format!("{{\"Items\":[{{\"{which}\":{literal}}}],\"Tags\":{{\"k\":{literal}}}}}");
        parse_every_output(&ok_response(in_list.into_bytes()));
    }

    #[test]
    fn outputs_never_panic_on_byte_mutations_of_valid_bodies(
        valid in prop::sample::select(VALID_BODIES),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let mut body = valid.as_bytes().to_vec();
        for e in &edits {
            apply(&mut body, e);
        }
        parse_every_output(&ok_response(body));
    }

    #[test]
    fn outputs_never_panic_on_json_mutations_of_valid_bodies(
        valid in prop::sample::select(VALID_BODIES),
        path in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        new in prop::option::weighted(0.8, json()),
        key in key(),
    ) {
        let mut doc: Value = serde_json::from_str(valid).unwrap();
        mutate_json(&mut doc, &path, new, &key);
        parse_every_output(&ok_response(serde_json::to_vec(&doc).unwrap()));
    }

    #[test]
    fn outputs_never_panic_on_arbitrary_responses(resp in response()) {
        parse_every_output(&resp);
    }
}

// ---------------------------------------------------------------- error envelopes

/// An error response: `code` in `X-Amzn-ErrorType` (when given), `body` as its JSON body, and a
/// status outside 2xx so that it takes the error path.
fn error_response(
    code: Option<&str>,
    status: u16,
    headers: &[(String, String)],
    body: &Map<String, Value>,
) -> HttpResponse {
    let mut headers = headers.to_vec();
    if let Some(code) = code {
        headers.push(("X-Amzn-ErrorType".into(), code.to_owned()));
    }
    HttpResponse {
        status: 300 + status % 300,
        headers,
        body: serde_json::to_vec(body).unwrap(),
    }
}

/// Reads `resp` as `O`'s error through the public path, touching everything a caller would.
fn error_of<O: Operation>(resp: &HttpResponse) -> ServiceError<O::Error> {
    match read_response::<O>(resp) {
        Err(Error::Service(e)) => {
            let _ = (
                e.error.code().to_owned(),
                e.error.retry_kind(),
                e.to_string(),
                format!("{e:?}"),
            );
            e
        }
        Err(other) => panic!(
            "a {} response is not a service error: {other:?}",
            resp.status
        ),
        Ok(_) => panic!("a {} response was read as a success", resp.status),
    }
}

fn every_error_enum(resp: &HttpResponse) {
    error_of::<CreateAccountAssociationRequest>(resp);
    error_of::<GetAccountAssociationRequest>(resp);
    error_of::<ListAccountAssociationsRequest>(resp);
    error_of::<UpdateAccountAssociationRequest>(resp);
    error_of::<DeleteAccountAssociationRequest>(resp);
    error_of::<StartAccountAssociationRefreshRequest>(resp);
    error_of::<RegisterAccountAssociationRequest>(resp);
    error_of::<DeregisterAccountAssociationRequest>(resp);
    error_of::<ListManagedThingAccountAssociationsRequest>(resp);
}

/// For each operation: a code naming one of its modelled errors gives that variant (not
/// `Unhandled`) when the body is `{}`, whatever the status and headers.
macro_rules! modelled_variants {
    ($code:expr, $resp:expr; $($op:ident => $enum:ident: [$($variant:ident),*]),* $(,)?) => {{
        let (code, resp): (&str, &HttpResponse) = ($code, $resp);
        $(
            let e = error_of::<$op>(resp).error;
            $(
                if code == stringify!($variant) {
                    prop_assert!(
                        matches!(e, $enum::$variant(_)),
                        "{}: code {} gave {:?}", stringify!($enum), code, e
                    );
                    prop_assert_eq!(e.code(), code);
                }
            )*
            let modelled = [$(stringify!($variant)),*];
            if !modelled.contains(&code) {
                prop_assert!(
                    matches!(e, $enum::Unhandled(_)),
                    "{}: code {} gave {:?}", stringify!($enum), code, e
                );
            }
        )*
    }};
}

fn code() -> impl Strategy<Value = String> {
    prop_oneof![
        text(),
        prop::sample::select(ERROR_CODES).prop_map(str::to_owned),
        // `namespace#Code:extra`, the shapes AWS sends.
        (text(), prop::sample::select(ERROR_CODES), text())
            .prop_map(|(ns, code, extra)| format!("{ns}#{code}:{extra}")),
        (text(), text(), text()).prop_map(|(a, b, c)| format!("{a}#{b}:{c}")),
    ]
}

fn check_modelled(code: &str, resp: &HttpResponse) -> Result<(), TestCaseError> {
    modelled_variants!(code, resp;
        CreateAccountAssociationRequest => CreateAccountAssociationError: [ValidationException,
            AccessDeniedException, InternalServerException, UnauthorizedException,
            ConflictException, ServiceUnavailableException, ThrottlingException,
            ResourceNotFoundException],
        GetAccountAssociationRequest => GetAccountAssociationError: [ValidationException,
            AccessDeniedException, InternalServerException, ServiceUnavailableException,
            ResourceNotFoundException, ThrottlingException],
        ListAccountAssociationsRequest => ListAccountAssociationsError: [ValidationException,
            AccessDeniedException, InternalServerException, ServiceUnavailableException,
            ThrottlingException],
        UpdateAccountAssociationRequest => UpdateAccountAssociationError: [ValidationException,
            AccessDeniedException, InternalServerException, ConflictException,
            ServiceUnavailableException, ResourceNotFoundException, ThrottlingException],
        DeleteAccountAssociationRequest => DeleteAccountAssociationError: [ValidationException,
            AccessDeniedException, InternalServerException, ServiceUnavailableException,
            ResourceNotFoundException, ThrottlingException],
        StartAccountAssociationRefreshRequest => StartAccountAssociationRefreshError: [
            ValidationException, AccessDeniedException, InternalServerException,
            ConflictException, ServiceUnavailableException, ResourceNotFoundException,
            ThrottlingException],
        RegisterAccountAssociationRequest => RegisterAccountAssociationError: [
            AccessDeniedException, ValidationException, InternalServerException,
            ConflictException, ThrottlingException, ResourceNotFoundException],
        DeregisterAccountAssociationRequest => DeregisterAccountAssociationError: [
            AccessDeniedException, ValidationException, InternalServerException,
            ConflictException, ThrottlingException, ResourceNotFoundException],
        ListManagedThingAccountAssociationsRequest => ListManagedThingAccountAssociationsError: [
            AccessDeniedException, ValidationException, InternalServerException,
            ThrottlingException],
    );
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn error_responses_never_panic(
        code in prop::option::of(code()),
        status in any::<u16>(),
        headers in headers(),
        body in json_object(),
    ) {
        let resp = error_response(code.as_deref(), status, &headers, &body);
        every_error_enum(&resp);
        let e = error_of::<CreateAccountAssociationRequest>(&resp);
        // Reduced to the shape name: no namespace, no suffix, no surrounding space.
        prop_assert!(!e.code.is_empty());
        prop_assert!(!e.code.contains(':') && !e.code.contains('#'), "{:?}", e.code);
        prop_assert_eq!(e.code.trim(), e.code.as_str());
    }

    #[test]
    fn arbitrary_error_bodies_never_panic(resp in response()) {
        if !(200..300).contains(&resp.status) {
            every_error_enum(&resp);
        }
    }

    #[test]
    fn error_codes_are_read_from_every_place_a_code_can_be(
        raw in code(),
        place in 0..3usize,
        status in any::<u16>(),
        message in text(),
    ) {
        let mut body = Map::new();
        let mut header = None;
        match place {
            0 => header = Some(raw.as_str()),
            1 => drop(body.insert("code".into(), Value::String(raw.clone()))),
            _ => drop(body.insert("__type".into(), Value::String(raw.clone()))),
        }
        body.insert("message".into(), Value::String(message.clone()));
        let resp = error_response(header, status, &[], &body);
        let e = error_of::<GetAccountAssociationRequest>(&resp);
        let expected = raw.split(':').next().unwrap().rsplit('#').next().unwrap().trim();
        let expected = if expected.is_empty() {
            format!("Http{}", resp.status)
        } else {
            expected.to_owned()
        };
        prop_assert_eq!(e.code, expected);
        prop_assert_eq!(e.message, Some(message));
    }

    #[test]
    fn a_modelled_code_gives_its_variant(
        code in prop_oneof![prop::sample::select(ERROR_CODES).prop_map(str::to_owned), text()],
        status in any::<u16>(),
        headers in headers(),
    ) {
        let resp = error_response(Some(&code), status, &headers, &Map::new());
        // A header code wins over anything the random headers add.
        let resp = HttpResponse {
            headers: resp
                .headers
                .into_iter()
                .filter(|(n, v)| !n.eq_ignore_ascii_case("x-amzn-errortype") || *v == code)
                .collect(),
            ..resp
        };
        let reduced = aws_op::runtime::protocol::sanitize_error_code(&code);
        check_modelled(reduced.as_deref().unwrap_or(""), &resp)?;
    }

    #[test]
    fn a_namespaced_code_in_the_header_gives_its_variant(
        ns in "[a-z.]{0,12}",
        code in prop::sample::select(ERROR_CODES),
        extra in text(),
        status in any::<u16>(),
    ) {
        let raw = format!("{ns}#{code}:{extra}");
        let resp = error_response(Some(&raw), status, &[], &Map::new());
        prop_assert_eq!(error_of::<ListAccountAssociationsRequest>(&resp).code, code);
        check_modelled(code, &resp)?;
    }
}

// ---------------------------------------------------------------- server side

const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "", "get"];

fn path() -> impl Strategy<Value = String> {
    let prefix = prop::sample::select(vec![
        "",
        "/",
        "/account-associations",
        "/account-associations/",
        "/managed-thing-associations",
        "/managed-thing-associations/",
        "/managed-thing-associations/register",
        "//",
    ]);
    let suffix = prop_oneof![
        Just(String::new()),
        text(),
        "(/|%[0-9A-Fa-f]{0,2}|[a-zA-Z0-9.]{1,4}|/refresh|%2F|%00|%FF){0,8}",
    ];
    let free = (prefix, suffix).prop_map(|(p, s)| format!("{p}{s}"));
    // Paths that fit a template, with arbitrary (raw or encoded) label text.
    let label = prop_oneof![
        text(),
        text().prop_map(|t| aws_op::runtime::sigv4::uri_encode(&t, true)),
    ];
    let fitting = (
        label,
        prop::sample::select(vec!["/account-associations/", "//account-associations/"]),
        prop::sample::select(vec!["", "/refresh", "/", "/refresh/"]),
    )
        .prop_map(|(l, p, s)| format!("{p}{l}{s}"));
    prop_oneof![free, fitting]
}

fn query() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        prop::sample::select(vec![
            "MaxResults",
            "NextToken",
            "ConnectorDestinationId",
            "ManagedThingId",
            "AccountAssociationId",
        ])
        .prop_map(str::to_owned),
        text(),
    ];
    let value = prop_oneof![
        text(),
        any::<i64>().prop_map(|n| n.to_string()),
        "[ +-]?[0-9]{0,12}[ ]?",
    ];
    prop::collection::vec((name, value), 0..5)
}

fn request() -> impl Strategy<Value = HttpRequest> {
    (
        prop::sample::select(METHODS),
        path(),
        query(),
        headers(),
        prop::option::of(body()),
    )
        .prop_map(|(method, path, query, headers, body)| HttpRequest {
            method,
            path,
            query,
            headers,
            body,
            host_prefix: None,
        })
}

fn parse_req<Op: Operation>(req: &HttpRequest) {
    if let Err(e) = Op::parse_request(req) {
        let _ = (e.to_string(), e.path());
    }
}

fn parse_every_request(req: &HttpRequest) {
    parse_req::<CreateAccountAssociationRequest>(req);
    parse_req::<GetAccountAssociationRequest>(req);
    parse_req::<ListAccountAssociationsRequest>(req);
    parse_req::<UpdateAccountAssociationRequest>(req);
    parse_req::<DeleteAccountAssociationRequest>(req);
    parse_req::<StartAccountAssociationRefreshRequest>(req);
    parse_req::<RegisterAccountAssociationRequest>(req);
    parse_req::<DeregisterAccountAssociationRequest>(req);
    parse_req::<ListManagedThingAccountAssociationsRequest>(req);
}

// ---------------------------------------------------------------- round trips

fn create_request() -> impl Strategy<Value = CreateAccountAssociationRequest> {
    (
        "[A-Za-z0-9_-]{1,64}",
        prop::option::of("[a-zA-Z0-9=_-]{1,64}"),
        prop::option::of("[A-Za-z0-9_ -]{1,128}"),
        prop::option::of("[A-Za-z0-9_ -]{1,200}"),
        prop::option::of(prop::collection::hash_map("\\PC{1,24}", "\\PC{0,40}", 1..8)),
        prop::option::of(prop::option::of("[a-zA-Z0-9=_+/-]{1,100}")),
    )
        .prop_map(|(dest, token, name, description, tags, auth)| {
            CreateAccountAssociationRequest::builder()
                .connector_destination_id(dest)
                .set_client_token(token)
                .set_name(name)
                .set_description(description)
                .set_tags(tags)
                .set_general_authorization(auth.map(|material| {
                    GeneralAuthorizationName::builder()
                        .set_auth_material_name(material)
                        .build()
                }))
                .build()
        })
}

fn list_request() -> impl Strategy<Value = ListAccountAssociationsRequest> {
    (
        prop::option::of("[A-Za-z0-9_-]{1,64}"),
        prop::option::of(1..=1000i32),
        prop::option::of("[a-zA-Z0-9=_-]{1,300}"),
    )
        .prop_map(|(dest, max, token)| {
            ListAccountAssociationsRequest::builder()
                .set_connector_destination_id(dest)
                .set_max_results(max)
                .set_next_token(token)
                .build()
        })
}

fn get_request() -> impl Strategy<Value = GetAccountAssociationRequest> {
    "[0-9a-zA-Z]{1,64}".prop_map(|id| {
        GetAccountAssociationRequest::builder()
            .account_association_id(id)
            .build()
    })
}

/// Text outside the model's patterns (they would fail validation) but non-empty.
fn wild() -> impl Strategy<Value = String> {
    text().prop_filter("non-empty", |s| !s.is_empty())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parse_request_never_panics(req in request()) {
        parse_every_request(&req);
    }

    #[test]
    fn parse_request_never_panics_on_mutated_valid_requests(
        create in create_request(),
        edits in prop::collection::vec(edit(), 1..4),
        path in path(),
        query in query(),
    ) {
        let mut req = create.serialize();
        let mut body = req.body.take().unwrap_or_default();
        for e in &edits {
            apply(&mut body, e);
        }
        req.body = Some(body);
        parse_every_request(&req);
        req.path = path;
        req.query = query;
        parse_every_request(&req);
    }

    #[test]
    fn create_round_trips(req in create_request()) {
        prop_assert!(req.validate(true).is_ok(), "{:?}", req.validate(true));
        let wire = req.serialize();
        prop_assert_eq!(CreateAccountAssociationRequest::parse_request(&wire).unwrap(), req);
    }

    #[test]
    fn list_round_trips(req in list_request()) {
        prop_assert!(req.validate(true).is_ok(), "{:?}", req.validate(true));
        let wire = req.serialize();
        prop_assert_eq!(ListAccountAssociationsRequest::parse_request(&wire).unwrap(), req);
    }

    #[test]
    fn get_round_trips(req in get_request()) {
        prop_assert!(req.validate(true).is_ok(), "{:?}", req.validate(true));
        let wire = req.serialize();
        prop_assert_eq!(GetAccountAssociationRequest::parse_request(&wire).unwrap(), req);
    }

    /// Stronger than the model needs: text the patterns would reject still survives the wire
    /// (the emulator reads what a non-validating client sends).
    #[test]
    fn unvalidated_text_round_trips(
        id in wild(),
        dest in wild(),
        token in wild(),
        max in any::<i32>(),
        name in wild(),
    ) {
        let get = GetAccountAssociationRequest::builder().account_association_id(id).build();
        let back = GetAccountAssociationRequest::parse_request(&get.serialize());
        prop_assert_eq!(back.unwrap(), get);
        let list = ListAccountAssociationsRequest::builder()
            .connector_destination_id(dest.clone())
            .max_results(max)
            .next_token(token)
            .build();
        let back = ListAccountAssociationsRequest::parse_request(&list.serialize());
        prop_assert_eq!(back.unwrap(), list);
        let mut tags = HashMap::new();
        tags.insert(name.clone(), dest.clone());
        let create = CreateAccountAssociationRequest::builder()
            .connector_destination_id(dest)
            .name(name)
            .tags(tags)
            .build();
        let back = CreateAccountAssociationRequest::parse_request(&create.serialize());
        prop_assert_eq!(back.unwrap(), create);
    }
}
