//! Fault injection observed on the wire: hand-written HTTP/1.1 over loopback sockets, with
//! requests signed here, so that what a client really receives (or does not) is checked.

mod common;

use aws_op::serde_json::{self, Value};
use aws_op_emulator::{Emulator, Fault, FaultScope};
use common::{split_response, start, Conn, Signer, CREATE, DEFAULT_SIGNER};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CREATE_OP: &str = "CreateAccountAssociation";
const LIST_OP: &str = "ListAccountAssociations";
const GET_OP: &str = "GetAccountAssociation";

/// The counters of [`Emulator::faults_injected`] that are not zero.
fn injected(emulator: &Emulator) -> BTreeMap<&'static str, usize> {
    let mut counts = emulator.faults_injected();
    assert_eq!(counts.len(), 6, "{counts:?}");
    counts.retain(|_, n| *n > 0);
    counts
}

/// The associations listed by a fresh connection.
async fn listed(emulator: &Emulator) -> Vec<Value> {
    let mut conn = Conn::open(emulator).await;
    let response = conn.send("GET", "/account-associations", "").await;
    assert_eq!(response.status, 200, "{response:?}");
    response.json()["Items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn error_faults_are_aws_shaped_served_in_order_and_after_authentication() {
    let emulator = start().await;
    let mut conn = Conn::open(&emulator).await;
    emulator.script_faults(
        FaultScope::All,
        [
            Fault::throttling(),
            Fault::internal(),
            Fault::unavailable(),
            Fault::error(418, "TeapotException", "short and stout"),
        ],
    );
    // Neither an unsigned nor an unroutable request consumes a fault.
    let unsigned = conn
        .send_as(None, "POST", "/account-associations", CREATE)
        .await;
    assert_eq!(unsigned.status, 403);
    let bad_signature = Signer {
        secret: "wrong",
        ..DEFAULT_SIGNER
    };
    let forged = conn
        .send_as(Some(bad_signature), "GET", "/account-associations", "")
        .await;
    assert_eq!(forged.status, 403);
    let unrouted = conn.send("GET", "/nothing-here", "").await;
    assert_eq!(unrouted.status, 404);
    assert!(injected(&emulator).is_empty());

    let expected = [
        (429, "ThrottlingException"),
        (500, "InternalServerException"),
        (503, "ServiceUnavailableException"),
        (418, "TeapotException"),
    ];
    for (status, code) in expected {
        let response = conn.send("POST", "/account-associations", CREATE).await;
        assert_eq!(response.status, status, "{response:?}");
        assert_eq!(response.error_type(), Some(code));
        assert_eq!(response.header("content-type"), Some("application/json"));
        assert!(response.header("x-amzn-requestid").is_some());
        assert!(!response.message().is_empty());
        assert_eq!(response.json().as_object().map(|o| o.len()), Some(1));
    }
    assert_eq!(
        conn.send("POST", "/account-associations", CREATE)
            .await
            .status,
        201
    );
    assert_eq!(emulator.association_count(), 1);
    assert_eq!(emulator.request_count(CREATE_OP), 5);
    assert_eq!(injected(&emulator), BTreeMap::from([("error", 4)]));
}

#[tokio::test]
async fn fail_next_is_a_scripted_error_for_one_operation() {
    let emulator = start().await;
    let mut conn = Conn::open(&emulator).await;
    emulator.fail_next(CREATE_OP, 409, "ConflictException", "busy");
    let list = conn.send("GET", "/account-associations", "").await;
    assert_eq!(list.status, 200);
    let failed = conn.send("POST", "/account-associations", CREATE).await;
    assert_eq!(
        (
            failed.status,
            failed.error_type(),
            failed.message().as_str()
        ),
        (409, Some("ConflictException"), "busy")
    );
    emulator.fail_next(CREATE_OP, 500, "InternalServerException", "again");
    emulator.clear_faults();
    let created = conn.send("POST", "/account-associations", CREATE).await;
    assert_eq!(created.status, 201);
    assert_eq!(injected(&emulator), BTreeMap::from([("error", 1)]));
}

#[tokio::test]
async fn a_delay_postpones_the_response() {
    let emulator = start().await;
    let mut conn = Conn::open(&emulator).await;
    let delay = Duration::from_millis(150);
    emulator.script_faults(FaultScope::operation(CREATE_OP), [Fault::Delay(delay)]);
    let started = Instant::now();
    let response = conn.send("POST", "/account-associations", CREATE).await;
    assert!(started.elapsed() >= delay, "{:?}", started.elapsed());
    assert_eq!(response.status, 201, "{response:?}");
    assert_eq!(emulator.association_count(), 1);
    assert_eq!(injected(&emulator), BTreeMap::from([("delay", 1)]));
}

#[tokio::test]
async fn drop_before_commit_closes_the_connection_and_commits_nothing() {
    let emulator = start().await;
    let mut conn = Conn::open(&emulator).await;
    emulator.script_faults(FaultScope::All, [Fault::DropBeforeCommit]);
    let received = conn
        .send_until_closed("POST", "/account-associations", CREATE)
        .await;
    assert!(
        received.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&received)
    );
    assert_eq!(emulator.association_count(), 0);
    assert!(listed(&emulator).await.is_empty());
    assert_eq!(emulator.request_count(CREATE_OP), 1);
    assert_eq!(injected(&emulator), BTreeMap::from([("drop-before", 1)]));
}

#[tokio::test]
async fn drop_after_commit_commits_then_closes_the_connection() {
    let emulator = start().await;
    let mut conn = Conn::open(&emulator).await;
    emulator.script_faults(FaultScope::operation(CREATE_OP), [Fault::DropAfterCommit]);
    let with_token = r#"{"ClientToken":"tok-drop","ConnectorDestinationId":"cd-1","Name":"den"}"#;
    let received = conn
        .send_until_closed("POST", "/account-associations", with_token)
        .await;
    assert!(
        received.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&received)
    );
    assert_eq!(emulator.association_count(), 1);
    let items = listed(&emulator).await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["Name"], "den");
    let id = items[0]["AccountAssociationId"]
        .as_str()
        .expect("an id")
        .to_owned();

    // The client retries with the same token, on a new connection: the same association.
    let mut retry = Conn::open(&emulator).await;
    let replay = retry
        .send("POST", "/account-associations", with_token)
        .await;
    assert_eq!(replay.status, 201, "{replay:?}");
    assert_eq!(replay.json()["AccountAssociationId"], id.as_str());
    let got = retry
        .send("GET", &format!("/account-associations/{id}"), "")
        .await;
    assert_eq!((got.status, &got.json()["Name"]), (200, &"den".into()));
    assert_eq!(emulator.association_count(), 1);
    assert_eq!(injected(&emulator), BTreeMap::from([("drop-after", 1)]));
}

#[tokio::test]
async fn a_truncated_body_announces_more_than_it_sends() {
    let emulator = start().await;
    emulator.script_faults(FaultScope::operation(CREATE_OP), [Fault::TruncatedBody]);
    let mut conn = Conn::open(&emulator).await;
    let received = conn
        .send_until_closed("POST", "/account-associations", CREATE)
        .await;
    let response = split_response(&received).expect("a complete head");
    assert_eq!(response.status, 201, "{response:?}");
    let declared: usize = response
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .expect("a Content-Length");
    assert!(
        !response.body.is_empty() && response.body.len() < declared,
        "{} of {declared} bytes",
        response.body.len()
    );
    assert!(serde_json::from_slice::<Value>(&response.body).is_err());
    // The association was committed.
    assert_eq!(emulator.association_count(), 1);
    let id = listed(&emulator).await[0]["AccountAssociationId"]
        .as_str()
        .expect("an id")
        .to_owned();

    // A response without a body (204) is cut short as a 200 announcing `{}`.
    emulator.script_faults(FaultScope::All, [Fault::TruncatedBody]);
    let mut conn = Conn::open(&emulator).await;
    let received = conn
        .send_until_closed(
            "PUT",
            &format!("/account-associations/{id}"),
            r#"{"Name":"renamed"}"#,
        )
        .await;
    let response = split_response(&received).expect("a complete head");
    assert_eq!(response.status, 200, "{response:?}");
    assert_eq!(response.header("content-length"), Some("2"));
    assert_eq!(response.body, b"{");
    assert_eq!(listed(&emulator).await[0]["Name"], "renamed");
    assert_eq!(injected(&emulator), BTreeMap::from([("truncate", 2)]));
}

#[tokio::test]
async fn malformed_json_answers_the_success_status_after_committing() {
    let emulator = start().await;
    emulator.script_faults(FaultScope::All, [Fault::MalformedJson]);
    let mut conn = Conn::open(&emulator).await;
    let response = conn.send("POST", "/account-associations", CREATE).await;
    assert_eq!(response.status, 201, "{response:?}");
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert!(!response.body.is_empty());
    assert!(serde_json::from_slice::<Value>(&response.body).is_err());
    assert_eq!(emulator.association_count(), 1);
    // The connection stays usable.
    let id = listed(&emulator).await[0]["AccountAssociationId"]
        .as_str()
        .expect("an id")
        .to_owned();
    emulator.script_faults(FaultScope::operation(GET_OP), [Fault::MalformedJson]);
    let got = conn
        .send("GET", &format!("/account-associations/{id}"), "")
        .await;
    assert_eq!(got.status, 200);
    assert!(serde_json::from_slice::<Value>(&got.body).is_err());
    // An operation that answers 204 answers 200 with the malformed body.
    emulator.script_faults(FaultScope::All, [Fault::MalformedJson]);
    let updated = conn
        .send(
            "PUT",
            &format!("/account-associations/{id}"),
            r#"{"Description":"x"}"#,
        )
        .await;
    assert_eq!(updated.status, 200, "{updated:?}");
    assert!(serde_json::from_slice::<Value>(&updated.body).is_err());
    assert_eq!(listed(&emulator).await[0]["Description"], "x");
    assert_eq!(injected(&emulator), BTreeMap::from([("malformed", 3)]));
}

#[tokio::test]
async fn rate_zero_never_injects_and_rate_one_always_does() {
    let emulator = start().await;
    let mut conn = Conn::open(&emulator).await;
    emulator.fault_rate(FaultScope::All, 0.0, vec![Fault::internal()], 1);
    for _ in 0..25 {
        let response = conn.send("GET", "/account-associations", "").await;
        assert_eq!(response.status, 200);
    }
    assert!(injected(&emulator).is_empty());

    // A new rate for the same scope replaces the rule.
    emulator.fault_rate(
        FaultScope::All,
        1.0,
        vec![Fault::internal(), Fault::unavailable()],
        1,
    );
    let mut statuses = Vec::new();
    for _ in 0..25 {
        statuses.push(conn.send("GET", "/account-associations", "").await.status);
    }
    assert!(
        statuses.iter().all(|s| [500, 503].contains(s)),
        "{statuses:?}"
    );
    assert!(statuses.contains(&500) && statuses.contains(&503));
    assert_eq!(injected(&emulator), BTreeMap::from([("error", 25)]));

    emulator.clear_faults();
    assert_eq!(
        conn.send("GET", "/account-associations", "").await.status,
        200
    );
    assert_eq!(emulator.request_count(LIST_OP), 51);
}

/// The statuses of 40 requests to an emulator injecting errors at rate 0.5 with `seed`.
async fn statuses_with_seed(seed: u64) -> Vec<u16> {
    let emulator = start().await;
    emulator.fault_rate(
        FaultScope::All,
        0.5,
        vec![Fault::internal(), Fault::unavailable(), Fault::throttling()],
        seed,
    );
    let mut conn = Conn::open(&emulator).await;
    let mut statuses = Vec::new();
    for _ in 0..40 {
        statuses.push(conn.send("GET", "/account-associations", "").await.status);
    }
    statuses
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults() {
    let first = statuses_with_seed(42).await;
    assert_eq!(first, statuses_with_seed(42).await);
    assert_ne!(first, statuses_with_seed(43).await);
    let faults = first.iter().filter(|s| **s != 200).count();
    assert!((5..35).contains(&faults), "{first:?}");
    for status in [200, 429, 500, 503] {
        assert!(first.contains(&status), "{status}: {first:?}");
    }
}

#[tokio::test]
async fn faults_apply_to_their_scope_only_and_scripts_come_first() {
    let emulator = start().await;
    let mut conn = Conn::open(&emulator).await;
    emulator.fault_rate(
        FaultScope::operation(GET_OP),
        1.0,
        vec![Fault::internal()],
        3,
    );
    emulator.script_faults(FaultScope::operation(LIST_OP), [Fault::unavailable()]);
    emulator.script_faults(FaultScope::operation(GET_OP), [Fault::throttling()]);

    let created = conn.send("POST", "/account-associations", CREATE).await;
    assert_eq!(created.status, 201);
    let id = created.json()["AccountAssociationId"]
        .as_str()
        .expect("an id")
        .to_owned();
    let path = format!("/account-associations/{id}");
    assert_eq!(
        conn.send("GET", "/account-associations", "").await.status,
        503
    );
    assert_eq!(
        conn.send("GET", "/account-associations", "").await.status,
        200
    );
    // The scripted fault first, then the rate.
    assert_eq!(conn.send("GET", &path, "").await.status, 429);
    assert_eq!(conn.send("GET", &path, "").await.status, 500);
    assert_eq!(conn.send("GET", &path, "").await.status, 500);
    assert_eq!(
        conn.send("POST", &format!("{path}/refresh"), "")
            .await
            .status,
        200
    );
    assert_eq!(emulator.request_count(GET_OP), 3);
    assert_eq!(injected(&emulator), BTreeMap::from([("error", 4)]));
}

/// The emulator binary, killed when dropped.
struct Binary(Child);

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_injects_faults_from_its_flags() {
    let child = Command::new(env!("CARGO_BIN_EXE_aws-op-emulator"))
        .args([
            "--port",
            "0",
            "--fault-rate",
            "1",
            "--faults",
            "503,drop-before",
            "--fault-seed",
            "9",
            "--fault-operation",
            LIST_OP,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut binary = Binary(child);
    let stdout = binary.0.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let listening = lines.next().and_then(Result::ok).expect("a first line");
    let addr = listening
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|addr| addr.parse().ok())
        .expect("the address");
    let injecting = lines.next().and_then(Result::ok).expect("a second line");
    assert!(
        injecting.contains(LIST_OP) && injecting.contains("seed 9"),
        "{injecting}"
    );

    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let mut conn = Conn { addr, stream };
    let created = conn.send("POST", "/account-associations", CREATE).await;
    assert_eq!(created.status, 201, "{created:?}");
    // Every list gets a fault: a 503, or the connection closed without a response.
    let (mut errors, mut drops) = (0, 0);
    for _ in 0..16 {
        match conn.try_send("GET", "/account-associations", "").await {
            Ok(response) => {
                assert_eq!(response.status, 503, "{response:?}");
                errors += 1;
            }
            Err(received) => {
                assert!(received.is_empty(), "{received:?}");
                drops += 1;
                let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
                conn = Conn { addr, stream };
            }
        }
    }
    assert!(errors > 0 && drops > 0, "{errors} errors, {drops} drops");
}

#[test]
fn the_binary_rejects_bad_fault_flags_with_status_2() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["--fault-rate", "1.5"],
            "--fault-rate needs a number from 0 to 1",
        ),
        (
            &["--fault-rate", "0.5", "--faults", "404"],
            "unknown fault `404`",
        ),
        (&["--faults", "500"], "--faults needs --fault-rate"),
        (
            &["--fault-rate", "1", "--fault-operation", "Nope"],
            "--fault-operation needs an operation name",
        ),
    ];
    for (args, needle) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_aws-op-emulator"))
            .args(args)
            .output()
            .expect("the binary runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}
