//! Property tests of the XML protocols: malformed XML and form bodies are typed errors, never
//! panics, through the public paths (`read_response`, `parse_request`), and what a client
//! writes a server reads back unchanged.
//!
//! Inputs: arbitrary bytes, generated XML documents whose element names are mostly the
//! services' wire names (nested, repeated, with attributes, entities and CDATA), generated
//! forms with the services' keys, and byte-level edits of valid documents and forms.
//! Bounded for CI: 256 cases per property, no failure files written.

use aws_op::prelude::*;
use aws_op::read_response;
use aws_op::{HttpRequest, HttpResponse};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use std::collections::HashMap;

mod xml_services;
use xml_services::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------- strategies

/// Element and key names the services use, plus the envelopes' and some strangers.
const NAMES: &[&str] = &[
    "ListBucketResult",
    "Name",
    "Contents",
    "Key",
    "LastModified",
    "Size",
    "Owner",
    "ID",
    "KeyCount",
    "IsTruncated",
    "Tagging",
    "TagSet",
    "Tag",
    "Value",
    "CreateThingRequest",
    "Labels",
    "K",
    "V",
    "Created",
    "Payload",
    "AssumeRoleResponse",
    "AssumeRoleResult",
    "Credentials",
    "AccessKeyId",
    "SecretAccessKey",
    "SessionToken",
    "Expiration",
    "PackedPolicySize",
    "SourceIdentity",
    "DescribeInstancesResponse",
    "reservationSet",
    "item",
    "reservationId",
    "instancesSet",
    "instanceId",
    "launchTime",
    "nextToken",
    "ErrorResponse",
    "Error",
    "Response",
    "Errors",
    "Code",
    "Message",
    "RequestId",
    "RequestID",
    "Type",
    "BucketName",
    "member",
    "entry",
    "key",
    "value",
    "x:y",
    "_",
];

/// Text: arbitrary unicode, numbers, dates, base64, booleans, entity and character references.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 =+/.:-]{0,16}",
        "-?[0-9]{1,30}(\\.[0-9]{0,10})?([eE][+-]?[0-9]{1,4})?",
        prop::sample::select(vec![
            "true",
            "false",
            "NaN",
            "-Infinity",
            "2014-04-29T18:30:38Z",
            "Tue, 29 Apr 2014 18:30:38 GMT",
            "1398796238",
            "&amp;",
            "&lt;&gt;",
            "&#x1F600;",
            "&#0;",
            "&#xD800;",
            "&bogus;",
            "<![CDATA[a<b]]>",
            "<!-- c -->",
            "]]>",
            "&",
        ])
        .prop_map(str::to_owned),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(NAMES).prop_map(str::to_owned),
        1 => "[a-zA-Z_][a-zA-Z0-9._:-]{0,8}",
    ]
}

/// An XML element tree as text (not always well-formed: text is inserted raw).
fn element() -> impl Strategy<Value = String> {
    let leaf = (name(), text()).prop_map(|(n, t)| format!("<{n}>{t}</{n}>"));
    leaf.prop_recursive(5, 64, 6, |inner| {
        (
            name(),
            prop::collection::vec((name(), text()), 0..3),
            prop::option::of("xmlns(:[a-z]{1,3})?=\"https://e\\.com/\""),
            prop::collection::vec(inner, 0..6),
        )
            .prop_map(|(n, attrs, ns, children)| {
                let attrs: String = attrs
                    .iter()
                    .map(|(k, v)| format!(" {k}=\"{}\"", v.replace('"', "&quot;")))
                    .collect();
                let ns = ns.map(|n| format!(" {n}")).unwrap_or_default();
                format!("<{n}{ns}{attrs}>{}</{n}>", children.concat())
            })
    })
}

fn xml_document() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::option::of(Just("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")),
        element(),
    )
        .prop_map(|(decl, root)| format!("{}{root}", decl.unwrap_or_default()).into_bytes())
}

/// A form: `Key.sub.N=value` pairs with the services' keys and indexes, percent-encoded or not.
fn form() -> impl Strategy<Value = Vec<u8>> {
    let segment = prop_oneof![
        3 => prop::sample::select(vec![
            "Action", "Version", "RoleArn", "RoleSessionName", "Tags", "member", "Key", "Value",
            "TransitiveTagKeys", "DurationSeconds", "Context", "entry", "Name", "value",
            "InstanceId", "Filter", "DryRun",
        ])
        .prop_map(str::to_owned),
        2 => (0..5u32).prop_map(|n| n.to_string()),
        1 => "[a-zA-Z0-9%+]{0,6}",
    ];
    let key = prop::collection::vec(segment, 1..6).prop_map(|s| s.join("."));
    let action = prop::sample::select(vec!["Action=AssumeRole&", "Action=DescribeInstances&", ""]);
    (action, prop::collection::vec((key, text()), 0..12)).prop_map(|(action, pairs)| {
        let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("{action}{}", pairs.join("&")).into_bytes()
    })
}

/// A byte-level edit of a body.
#[derive(Clone, Debug)]
enum Edit {
    Flip(prop::sample::Index, u8),
    Delete(prop::sample::Index),
    Insert(prop::sample::Index, u8),
    Truncate(prop::sample::Index),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<prop::sample::Index>(), 1..=255u8).prop_map(|(i, m)| Edit::Flip(i, m)),
        any::<prop::sample::Index>().prop_map(Edit::Delete),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<prop::sample::Index>().prop_map(Edit::Truncate),
    ];
    prop::collection::vec(edit, 1..4)
}

fn apply(mut body: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        if body.is_empty() {
            break;
        }
        match edit {
            Edit::Flip(i, m) => {
                let i = i.index(body.len());
                body[i] ^= m;
            }
            Edit::Delete(i) => {
                body.remove(i.index(body.len()));
            }
            Edit::Insert(i, b) => {
                let i = i.index(body.len() + 1);
                body.insert(i, *b);
            }
            Edit::Truncate(i) => body.truncate(i.index(body.len())),
        }
    }
    body
}

// ---------------------------------------------------------------- the public paths

/// Every client-side read of every operation: outputs (2xx) and typed errors (others).
fn read_all(status: u16, body: &[u8]) {
    fn read<O: Operation>(status: u16, body: &[u8])
    where
        O::Output: std::fmt::Debug,
    {
        let response = HttpResponse {
            status,
            headers: vec![],
            body: body.to_vec(),
        };
        match read_response::<O>(&response) {
            Ok(out) => drop(format!("{out:?}")),
            Err(e) => drop(format!("{e} {e:?}")),
        }
    }
    read::<PutBucketTaggingRequest>(status, body);
    read::<ListObjectsV2Request>(status, body);
    read::<CreateThingRequest>(status, body);
    read::<AssumeRoleRequest>(status, body);
    read::<DescribeInstancesRequest>(status, body);
}

/// Every server-side read of every operation, each request carrying `body` on its route.
fn parse_all(body: &[u8]) {
    fn parse<O: Operation>(route: HttpRequest, body: &[u8]) {
        let request = HttpRequest {
            body: Some(body.to_vec()),
            ..route
        };
        match O::parse_request(&request) {
            Ok(_) => {}
            Err(e) => drop((e.to_string(), e.path())),
        }
    }
    parse::<PutBucketTaggingRequest>(tagging_input().serialize(), body);
    parse::<CreateThingRequest>(thing_input("n").serialize(), body);
    parse::<AssumeRoleRequest>(role_input("s", 1).serialize(), body);
    parse::<DescribeInstancesRequest>(instances_input(vec![]).serialize(), body);
}

fn tagging_input() -> PutBucketTaggingRequest {
    PutBucketTaggingRequest::builder()
        .bucket("b")
        .tagging(Tagging::builder().tag_set(vec![]).build())
        .build()
}

fn thing_input(name: &str) -> CreateThingRequest {
    CreateThingRequest::builder().name(name).build()
}

fn role_input(session: &str, duration: i32) -> AssumeRoleRequest {
    AssumeRoleRequest::builder()
        .role_arn("arn:aws:iam::123456789012:role/r")
        .role_session_name(session)
        .duration_seconds(duration)
        .build()
}

fn instances_input(ids: Vec<String>) -> DescribeInstancesRequest {
    DescribeInstancesRequest::builder()
        .instance_ids(ids)
        .build()
}

/// Valid documents of each operation, as its server writes them, plus error documents.
fn valid_bodies() -> Vec<Vec<u8>> {
    let list = ListObjectsV2Output::builder()
        .name("b")
        .contents(vec![Object::builder().key("k").size(1).build()])
        .build();
    vec![
        <S3 as Service>::Protocol::serialize_output::<ListObjectsV2Request>(&list).body,
        tagging_input().serialize().body.unwrap_or_default(),
        thing_input("n").serialize().body.unwrap_or_default(),
        role_input("s", 900).serialize().body.unwrap_or_default(),
        instances_input(vec!["i-1".into(), "i-2".into()])
            .serialize()
            .body
            .unwrap_or_default(),
        b"<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchBucket</Code><Message>m</Message>\
          </Error><RequestId>r</RequestId></ErrorResponse>"
            .to_vec(),
        b"<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code></Error></Errors>\
          <RequestID>r</RequestID></Response>"
            .to_vec(),
    ]
}

use aws_op::runtime::protocol::Protocol;
use aws_op::Service;

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_are_errors_or_values(status in prop::sample::select(vec![200u16, 400, 404, 503]),
                                            body in prop::collection::vec(any::<u8>(), 0..256)) {
        read_all(status, &body);
        parse_all(&body);
    }

    #[test]
    fn generated_xml_documents_are_errors_or_values(status in prop::sample::select(vec![200u16, 400, 500]),
                                                    body in xml_document()) {
        read_all(status, &body);
        parse_all(&body);
    }

    #[test]
    fn generated_forms_are_errors_or_values(body in form()) {
        parse_all(&body);
    }

    #[test]
    fn edited_valid_documents_are_errors_or_values(which in any::<prop::sample::Index>(),
                                                   edits in edits(),
                                                   status in prop::sample::select(vec![200u16, 404])) {
        let bodies = valid_bodies();
        let body = apply(bodies[which.index(bodies.len())].clone(), &edits);
        read_all(status, &body);
        parse_all(&body);
    }

    /// Any text XML 1.0 can carry, any form value: what the client writes the server reads.
    /// Flattened maps and ec2Query lists are not empty here: an empty one has no element or
    /// key on the wire, so it reads back absent.
    #[test]
    fn inputs_survive_serialize_then_parse(name in any::<String>().prop_map(xml_text),
                                           value in any::<String>().prop_map(xml_text),
                                           count in any::<i32>(),
                                           session in any::<String>(),
                                           ids in prop::collection::vec(any::<String>(), 0..4),
                                           ec2_ids in prop::collection::vec(any::<String>(), 1..4),
                                           labels in prop::collection::hash_map(any::<String>().prop_map(xml_text), any::<String>().prop_map(xml_text), 1..4)) {
        let thing = CreateThingRequest::builder()
            .name(name.clone())
            .version(value.clone())
            .labels(labels.clone())
            .count(count)
            .build();
        prop_assert_eq!(CreateThingRequest::parse_request(&thing.serialize()).unwrap(), thing);
        let tagging = PutBucketTaggingRequest::builder()
            .bucket("b")
            .tagging(Tagging::builder().tag_set(vec![Tag::builder().key(name).value(value).build()]).build())
            .build();
        prop_assert_eq!(PutBucketTaggingRequest::parse_request(&tagging.serialize()).unwrap(), tagging);
        let role = AssumeRoleRequest::builder()
            .role_arn("arn:aws:iam::123456789012:role/r")
            .role_session_name(session.clone())
            .context(HashMap::from([(session.clone(), session)]))
            .duration_seconds(count)
            .transitive_tag_keys(ids.clone())
            .build();
        prop_assert_eq!(AssumeRoleRequest::parse_request(&role.serialize()).unwrap(), role);
        let described = instances_input(ec2_ids);
        prop_assert_eq!(DescribeInstancesRequest::parse_request(&described.serialize()).unwrap(), described);
    }
}

/// `s` without the characters XML 1.0 cannot carry (most C0 controls, surrogates are not
/// `char`s already, U+FFFE and U+FFFF).
fn xml_text(s: String) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect()
}

#[test]
fn the_valid_bodies_are_read() {
    let bodies = valid_bodies();
    let list = HttpResponse {
        status: 200,
        headers: vec![],
        body: bodies[0].clone(),
    };
    assert_eq!(
        read_response::<ListObjectsV2Request>(&list)
            .unwrap()
            .contents
            .unwrap()[0]
            .key,
        "k"
    );
    let role = HttpRequest {
        body: Some(bodies[3].clone()),
        ..role_input("s", 900).serialize()
    };
    assert_eq!(
        AssumeRoleRequest::parse_request(&role)
            .unwrap()
            .duration_seconds,
        Some(900)
    );
}
