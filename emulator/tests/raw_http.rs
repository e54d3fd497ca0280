//! The emulator over real loopback sockets, driven with hand-written HTTP/1.1 and requests
//! signed here (not with the aws-op client), so the server is checked on its own.

mod common;

use aws_op::serde_json;
use aws_op_emulator::{Emulator, EmulatorConfig};
use common::{read_response, start, Conn, Signer, CREATE, DEFAULT_SIGNER};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

#[tokio::test]
async fn authentication_failures_get_403_with_the_aws_codes() {
    let emulator = start().await;
    let mut conn = Conn::open(&emulator).await;
    let cases = [
        (None, "MissingAuthenticationTokenException"),
        (
            Some(Signer {
                secret: "not-the-secret",
                ..DEFAULT_SIGNER
            }),
            "InvalidSignatureException",
        ),
        (
            Some(Signer {
                access_key_id: "AKIDUNKNOWN",
                ..DEFAULT_SIGNER
            }),
            "UnrecognizedClientException",
        ),
        (
            Some(Signer {
                skew_secs: 600,
                ..DEFAULT_SIGNER
            }),
            "InvalidSignatureException",
        ),
        (
            Some(Signer {
                service: "iot",
                ..DEFAULT_SIGNER
            }),
            "InvalidSignatureException",
        ),
    ];
    for (signer, code) in cases {
        let response = conn
            .send_as(signer, "POST", "/account-associations", CREATE)
            .await;
        assert_eq!(response.status, 403, "{code}: {response:?}");
        assert_eq!(response.error_type(), Some(code));
        assert!(response.header("x-amzn-requestid").is_some());
    }
    let skewed = conn
        .send_as(
            Some(Signer {
                skew_secs: -600,
                ..DEFAULT_SIGNER
            }),
            "GET",
            "/account-associations",
            "",
        )
        .await;
    assert!(
        skewed.message().starts_with("Signature expired"),
        "{skewed:?}"
    );
    // Nothing reached an operation.
    assert_eq!(emulator.request_count("CreateAccountAssociation"), 0);
    assert_eq!(emulator.association_count(), 0);
}

#[tokio::test]
async fn a_valid_create_gets_201_and_an_extra_key_pair_works() {
    let emulator = Emulator::start(EmulatorConfig::new().key_pair("AKIDSECOND", "second-secret"))
        .await
        .expect("emulator starts");
    let mut conn = Conn::open(&emulator).await;
    let response = conn.send("POST", "/account-associations", CREATE).await;
    assert_eq!(response.status, 201, "{response:?}");
    assert_eq!(response.header("content-type"), Some("application/json"));
    let first_id = response.header("x-amzn-requestid").map(str::to_owned);
    assert!(first_id.is_some());
    let body = response.json();
    let id = body["AccountAssociationId"].as_str().expect("id");
    assert_eq!(id.len(), 32);
    assert!(id
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase()));
    assert_eq!(body["AssociationState"], "ASSOCIATION_IN_PROGRESS");
    assert_eq!(
        body["Arn"],
        format!("arn:aws:iotmanagedintegrations:eu-west-1:123456789012:account-association/{id}")
    );
    assert!(body["OAuthAuthorizationUrl"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://")));

    let second = Signer {
        access_key_id: "AKIDSECOND",
        secret: "second-secret",
        ..DEFAULT_SIGNER
    };
    let again = conn
        .send_as(Some(second), "POST", "/account-associations", CREATE)
        .await;
    assert_eq!(again.status, 201, "{again:?}");
    assert_ne!(
        again.header("x-amzn-requestid").map(str::to_owned),
        first_id
    );
    assert_eq!(emulator.association_count(), 2);
    assert_eq!(emulator.request_count("CreateAccountAssociation"), 2);
    emulator.shutdown().await;
}

#[tokio::test]
async fn invalid_input_gets_400_and_unknown_routes_404() {
    let emulator = start().await;
    let mut conn = Conn::open(&emulator).await;
    let cases = [
        (r#"{"ConnectorDestinationId": "#, "not valid JSON"),
        (r#"{"Name":"x"}"#, "ConnectorDestinationId"),
        (r#"{"ConnectorDestinationId":"!!"}"#, "pattern"),
        (r#"{"ConnectorDestinationId":7}"#, "ConnectorDestinationId"),
        (r#"[1]"#, "object"),
    ];
    for (body, needle) in cases {
        let response = conn.send("POST", "/account-associations", body).await;
        assert_eq!(response.status, 400, "{body}: {response:?}");
        assert_eq!(response.error_type(), Some("ValidationException"));
        assert!(response.message().contains(needle), "{body}: {response:?}");
    }
    let bad_query = conn
        .send("GET", "/account-associations?MaxResults=0", "")
        .await;
    assert_eq!(bad_query.status, 400, "{bad_query:?}");
    let bad_token = conn
        .send("GET", "/account-associations?NextToken=unknown", "")
        .await;
    assert_eq!(bad_token.status, 400, "{bad_token:?}");

    for (method, path) in [("GET", "/nothing-here"), ("PATCH", "/account-associations")] {
        let response = conn.send(method, path, "").await;
        assert_eq!(response.status, 404, "{method} {path}: {response:?}");
        assert_eq!(response.error_type(), Some("UnknownOperationException"));
    }
    assert_eq!(emulator.association_count(), 0);
}

#[tokio::test]
async fn scripted_errors_are_served_once_after_the_signature_check() {
    let emulator = start().await;
    let mut conn = Conn::open(&emulator).await;
    emulator.fail_next(
        "CreateAccountAssociation",
        429,
        "ThrottlingException",
        "Rate exceeded",
    );
    emulator.fail_next(
        "CreateAccountAssociation",
        500,
        "InternalServerException",
        "oops",
    );
    // An unsigned request does not consume the scripted error.
    let unsigned = conn
        .send_as(None, "POST", "/account-associations", CREATE)
        .await;
    assert_eq!(unsigned.status, 403);

    let first = conn.send("POST", "/account-associations", CREATE).await;
    assert_eq!(first.status, 429);
    assert_eq!(first.error_type(), Some("ThrottlingException"));
    assert_eq!(
        first.json(),
        serde_json::json!({"Message": "Rate exceeded"})
    );
    let second = conn.send("POST", "/account-associations", CREATE).await;
    assert_eq!(
        (second.status, second.error_type()),
        (500, Some("InternalServerException"))
    );
    let third = conn.send("POST", "/account-associations", CREATE).await;
    assert_eq!(third.status, 201, "{third:?}");
    assert_eq!(emulator.request_count("CreateAccountAssociation"), 3);
    assert_eq!(emulator.association_count(), 1);
}

#[tokio::test]
async fn associations_and_registrations_keep_state() {
    let emulator = Emulator::start(EmulatorConfig::new().connector_destinations(["cd-1", "cd-2"]))
        .await
        .expect("emulator starts");
    let mut conn = Conn::open(&emulator).await;

    // Idempotency: same token + same parameters = same bytes; other parameters = 409.
    let with_token = r#"{"ClientToken":"tok-1","ConnectorDestinationId":"cd-1","Name":"a"}"#;
    let created = conn.send("POST", "/account-associations", with_token).await;
    assert_eq!(created.status, 201, "{created:?}");
    let replay = conn.send("POST", "/account-associations", with_token).await;
    assert_eq!((replay.status, &replay.body), (201, &created.body));
    let other = r#"{"ClientToken":"tok-1","ConnectorDestinationId":"cd-2"}"#;
    let conflict = conn.send("POST", "/account-associations", other).await;
    assert_eq!(conflict.error_type(), Some("ConflictException"));
    let unknown_cd = r#"{"ConnectorDestinationId":"cd-9"}"#;
    let missing = conn.send("POST", "/account-associations", unknown_cd).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["ResourceType"], "ConnectorDestination");
    let id = created.json()["AccountAssociationId"]
        .as_str()
        .expect("id")
        .to_owned();
    let mut others = Vec::new();
    for cd in ["cd-2", "cd-2", "cd-1"] {
        let body = format!(r#"{{"ConnectorDestinationId":"{cd}"}}"#);
        let response = conn.send("POST", "/account-associations", &body).await;
        assert_eq!(response.status, 201);
        others.push(response.json()["AccountAssociationId"].clone());
    }
    assert_eq!(emulator.association_count(), 4);

    // Update, refresh, get.
    let path = format!("/account-associations/{id}");
    let updated = conn.send("PUT", &path, r#"{"Description":"new"}"#).await;
    assert_eq!((updated.status, updated.body.len()), (204, 0));
    let refreshed = conn.send("POST", &format!("{path}/refresh"), "").await;
    assert_eq!(refreshed.status, 200);
    let url = refreshed.json()["OAuthAuthorizationUrl"].clone();
    assert!(url.as_str().is_some_and(|u| u.ends_with("attempt=2")));
    let got = conn.send("GET", &path, "").await.json();
    assert_eq!(
        (
            &got["Name"],
            &got["Description"],
            &got["OAuthAuthorizationUrl"]
        ),
        (&"a".into(), &"new".into(), &url)
    );
    let unknown = conn.send("GET", "/account-associations/nope", "").await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json()["ResourceId"], "nope");

    // Pagination with a filter: cd-1 has two associations, one per page.
    let page = conn
        .send(
            "GET",
            "/account-associations?ConnectorDestinationId=cd-1&MaxResults=1",
            "",
        )
        .await
        .json();
    assert_eq!(page["Items"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["Items"][0]["AccountAssociationId"], id.as_str());
    let token = page["NextToken"].as_str().expect("a next token").to_owned();
    let last = conn
        .send(
            "GET",
            &format!(
                "/account-associations?ConnectorDestinationId=cd-1&MaxResults=1&NextToken={token}"
            ),
            "",
        )
        .await
        .json();
    assert_eq!(last["Items"].as_array().map(Vec::len), Some(1));
    assert!(last.get("NextToken").is_none());

    // Registrations.
    let register = |thing: &str, association: &str| {
        format!(
            r#"{{"ManagedThingId":"{thing}","AccountAssociationId":"{association}","DeviceDiscoveryId":"dd1"}}"#
        )
    };
    let reg = "/managed-thing-associations/register";
    let ok = conn.send("PUT", reg, &register("mt-1", &id)).await;
    assert_eq!(ok.status, 201, "{ok:?}");
    assert_eq!(ok.json()["ManagedThingId"], "mt-1");
    assert_eq!(
        conn.send("PUT", reg, &register("mt-1", &id)).await.status,
        201
    );
    let second = others[0].as_str().unwrap_or_default();
    let taken = conn.send("PUT", reg, &register("mt-1", second)).await;
    assert_eq!(taken.error_type(), Some("ConflictException"));
    let absent = "0".repeat(32);
    assert_eq!(
        conn.send("PUT", reg, &register("mt-1", &absent))
            .await
            .status,
        404
    );
    let dereg = "/managed-thing-associations/deregister";
    let not_registered = r#"{"ManagedThingId":"mt-2","AccountAssociationId":"ID"}"#;
    let response = conn
        .send("PUT", dereg, &not_registered.replace("ID", &id))
        .await;
    assert_eq!(response.status, 404);
    let listed = conn
        .send(
            "GET",
            &format!("/managed-thing-associations?AccountAssociationId={id}"),
            "",
        )
        .await
        .json();
    assert_eq!(
        listed["Items"],
        serde_json::json!([{"ManagedThingId": "mt-1", "AccountAssociationId": id,
                            "ManagedThingAssociationStatus": "ASSOCIATED"}])
    );

    // Delete forgets the registrations and the client token.
    assert_eq!(conn.send("DELETE", &path, "").await.status, 200);
    assert_eq!(conn.send("DELETE", &path, "").await.status, 404);
    let listed = conn
        .send("GET", "/managed-thing-associations", "")
        .await
        .json();
    assert_eq!(listed["Items"], serde_json::json!([]));
    let recreated = conn.send("POST", "/account-associations", other).await;
    assert_eq!(recreated.status, 201);
    assert_eq!(emulator.association_count(), 4);
}

#[tokio::test]
async fn an_oversized_body_gets_413() {
    let emulator = start().await;
    let mut stream = TcpStream::connect(emulator.local_addr())
        .await
        .expect("connect");
    let head = format!(
        "POST /account-associations HTTP/1.1\r\nhost: {}\r\ncontent-length: {}\r\n\r\n",
        emulator.local_addr(),
        aws_op_emulator::MAX_BODY_BYTES + 1
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let response = read_response(&mut stream).await;
    assert_eq!(response.status, 413, "{response:?}");
    assert!(response.header("x-amzn-requestid").is_some());
}
