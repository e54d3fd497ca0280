//! Secrets never reach Debug, Display, error messages or tracing output: a full call is traced at
//! TRACE level (every crate, span events included) and the capture is searched for them.

use aws_op::{Client, Config, Credentials};
use aws_op_emulator::{Emulator, EmulatorConfig, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use aws_op_iot_managed_integrations::*;
use std::io::Write;
use std::sync::{Arc, Mutex};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::util::SubscriberInitExt;

const SESSION_TOKEN: &str = "SESSION-TOKEN-VALUE-0123456789";
const TAG_KEY: &str = "tag-key-not-for-logs";
const TAG_VALUE: &str = "tag-value-not-for-logs";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_clean(what: &str, text: &str) {
    for secret in [
        DEFAULT_SECRET_ACCESS_KEY,
        SESSION_TOKEN,
        TAG_KEY,
        TAG_VALUE,
        "oauth.emulator.invalid",
        "Signature=",
        "AWS4-HMAC-SHA256 Credential",
    ] {
        assert!(!text.contains(secret), "{what} leaks `{secret}`:\n{text}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_traced_call_leaks_no_secret() {
    let capture = Capture::default();
    let writer = capture.clone();
    let _guard = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .set_default();

    let emulator = Emulator::start(EmulatorConfig::new()).await.unwrap();
    let config = Config::new(
        "us-east-1",
        Credentials::new(
            DEFAULT_ACCESS_KEY_ID,
            DEFAULT_SECRET_ACCESS_KEY,
            Some(SESSION_TOKEN.into()),
        ),
    )
    .with_endpoint_url(emulator.endpoint_url());
    let client: IotManagedIntegrationsClient = Client::new(&config).unwrap();

    // A retried create, a service error and a validation error, all traced.
    emulator.fail_next(
        "CreateAccountAssociation",
        503,
        "ServiceUnavailableException",
        "busy",
    );
    let request = CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd-secret-test")
        .tags([(TAG_KEY.to_string(), TAG_VALUE.to_string())])
        .build();
    let created = request.clone().send(&client).await.unwrap();
    let got = GetAccountAssociationRequest::builder()
        .account_association_id(created.account_association_id.as_str())
        .build()
        .send(&client)
        .await
        .unwrap();
    let missing = GetAccountAssociationRequest::builder()
        .account_association_id("nothere")
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let invalid = CreateAccountAssociationRequest::builder()
        .connector_destination_id("!!")
        .tags([(String::new(), TAG_VALUE.to_string())])
        .build()
        .send(&client)
        .await
        .unwrap_err();

    let signed = client.sign(request.clone()).await.unwrap();
    for (what, text) in [
        ("Debug of the config", format!("{config:?}")),
        ("Debug of the client", format!("{client:?}")),
        ("Debug of the request", format!("{request:?}")),
        ("Debug of a response", format!("{created:?} {got:?}")),
        ("Debug of a signed request", format!("{signed:?}")),
        ("a service error", format!("{missing} {missing:?}")),
        ("a validation error", format!("{invalid} {invalid:?}")),
    ] {
        assert_clean(what, &text);
    }

    let traced = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert_clean("the tracing output", &traced);
    // The spans and the retry event are there, with what an operator needs.
    for expected in [
        "aws_op.call",
        "aws_op.attempt",
        "CreateAccountAssociation",
        "retry_reason=\"transient\"",
        "status=503",
        "status=201",
        "request_id=",
        "call failed",
    ] {
        assert!(
            traced.contains(expected),
            "tracing output lacks `{expected}`:\n{traced}"
        );
    }
}
