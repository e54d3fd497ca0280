//! What the client puts on the wire and how it reacts, seen by a raw HTTP server on loopback
//! that records every request and answers from a script.

use aws_op::{Client, Config, Credentials, Error, TimeoutKind};
use aws_op_iot_managed_integrations::*;
use std::time::Duration;

mod support;
use support::recorder;

fn client(url: &str, config: impl FnOnce(Config) -> Config) -> IotManagedIntegrationsClient {
    let base = Config::new(
        "us-east-1",
        Credentials::new("AKIDTEST", "secret", Some("session-tok".into())),
    )
    .with_endpoint_url(url);
    Client::new(&config(base)).unwrap()
}

const CREATED: &str = r#"{"OAuthAuthorizationUrl":"https://x","AccountAssociationId":"a1","AssociationState":"ASSOCIATION_IN_PROGRESS"}"#;

#[tokio::test]
async fn request_carries_signature_sdk_headers_and_one_token_across_retries() {
    let (url, seen, script) = recorder().await;
    script.lock().unwrap().extend([
        (500, vec![], r#"{"message":"boom"}"#.into(), Duration::ZERO),
        (
            429,
            vec![
                ("x-amzn-errortype".into(), "ThrottlingException".into()),
                ("x-amz-retry-after".into(), "5".into()),
            ],
            "{}".into(),
            Duration::ZERO,
        ),
        (201, vec![], CREATED.into(), Duration::ZERO),
    ]);
    let client = client(&url, |c| c);
    let out = CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd-1")
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(out.account_association_id, "a1");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3);
    for (i, s) in seen.iter().enumerate() {
        assert_eq!(s.request_line, "POST /account-associations HTTP/1.1");
        assert_eq!(
            s.header("amz-sdk-request").unwrap(),
            format!("attempt={}; max=3", i + 1)
        );
        assert!(s.header("user-agent").unwrap().starts_with("aws-op/"));
        assert_eq!(s.header("x-amz-security-token"), Some("session-tok"));
        assert_eq!(s.header("content-type"), Some("application/json"));
        let auth = s.header("authorization").unwrap();
        assert!(
            auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/"),
            "{auth}"
        );
        assert!(
            auth.contains("/us-east-1/iotmanagedintegrations/aws4_request"),
            "{auth}"
        );
        assert!(
            auth.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token"),
            "{auth}"
        );
    }
    // One invocation id and one body (so one idempotency token) for the whole call.
    assert_eq!(
        seen[0].header("amz-sdk-invocation-id"),
        seen[2].header("amz-sdk-invocation-id")
    );
    assert_eq!(seen[0].body, seen[2].body);
    let body: aws_op::serde_json::Value = aws_op::serde_json::from_slice(&seen[0].body).unwrap();
    let token = body["ClientToken"].as_str().unwrap();
    assert_eq!(token.len(), 36);
    assert_eq!(&token[14..15], "4", "a version 4 UUID: {token}");
}

#[tokio::test]
async fn non_retryable_errors_are_attempted_once() {
    let (url, seen, script) = recorder().await;
    for (status, code) in [
        (400, "ValidationException"),
        (404, "ResourceNotFoundException"),
        (409, "ConflictException"),
    ] {
        script.lock().unwrap().push_back((
            status,
            vec![(
                "x-amzn-errortype".into(),
                format!("{code}:http://internal.amazon.com/"),
            )],
            r#"{"Message":"no"}"#.into(),
            Duration::ZERO,
        ));
        let err = GetAccountAssociationRequest::builder()
            .account_association_id("a1")
            .build()
            .send(&client(&url, |c| c))
            .await
            .unwrap_err();
        assert_eq!(err.service_error().unwrap().code, code);
        assert_eq!(err.request_id(), Some(format!("rid-{status}").as_str()));
    }
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn malformed_success_bodies_are_response_errors() {
    let (url, _seen, script) = recorder().await;
    script
        .lock()
        .unwrap()
        .push_back((201, vec![], "{not json".into(), Duration::ZERO));
    script.lock().unwrap().push_back((
        201,
        vec![],
        r#"{"AccountAssociationId":5}"#.into(),
        Duration::ZERO,
    ));
    let client = client(&url, |c| c);
    for expected in ["not valid JSON", "AccountAssociationId"] {
        let err = CreateAccountAssociationRequest::builder()
            .connector_destination_id("cd")
            .build()
            .send(&client)
            .await
            .unwrap_err();
        let Error::Response(r) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(r.operation, "CreateAccountAssociation");
        assert!(err.to_string().contains(expected), "{err}");
    }
}

#[tokio::test]
async fn error_body_that_is_not_json_still_gives_a_typed_error() {
    let (url, _seen, script) = recorder().await;
    script.lock().unwrap().push_back((
        404,
        vec![(
            "x-amzn-errortype".into(),
            "ResourceNotFoundException".into(),
        )],
        "<html>gateway</html>".into(),
        Duration::ZERO,
    ));
    let err = GetAccountAssociationRequest::builder()
        .account_association_id("a1")
        .build()
        .send(&client(&url, |c| c))
        .await
        .unwrap_err();
    assert!(matches!(
        err.service_error().unwrap().error,
        GetAccountAssociationError::ResourceNotFoundException(_)
    ));
}

#[tokio::test]
async fn attempt_timeout_is_typed_and_names_itself() {
    let (url, seen, script) = recorder().await;
    script
        .lock()
        .unwrap()
        .push_back((200, vec![], "{}".into(), Duration::from_secs(5)));
    let client = client(&url, |c| {
        c.with_attempt_timeout(Duration::from_millis(100))
            .with_max_attempts(1)
    });
    let err = ListAccountAssociationsRequest::builder()
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let Error::Timeout(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind, TimeoutKind::Attempt);
    assert!(err.to_string().contains("attempt timeout"));
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_a_dispatch_error_after_retries() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = ListAccountAssociationsRequest::builder()
        .build()
        .send(&client(&url, |c| c))
        .await
        .unwrap_err();
    let Error::Dispatch(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.attempts, 3);
    assert!(
        err.to_string()
            .starts_with("ListAccountAssociations failed to send after 3 attempts"),
        "{err}"
    );
}

#[test]
fn missing_region_and_bad_endpoints_are_config_errors() {
    let err = Client::<IotManagedIntegrations>::new(&Config::empty()).unwrap_err();
    assert!(err.to_string().contains("AWS_REGION"), "{err}");
    let err = Client::<IotManagedIntegrations>::new(
        &Config::empty()
            .with_region("us-east-1")
            .with_endpoint_url("localhost:4566"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("scheme"), "{err}");
    let ok =
        Client::<IotManagedIntegrations>::new(&Config::empty().with_region("ap-south-1")).unwrap();
    assert_eq!(
        ok.endpoint().url(""),
        "https://api.iotmanagedintegrations.ap-south-1.api.aws"
    );
}

#[tokio::test]
async fn no_credentials_is_a_credentials_error_naming_the_variable() {
    // IMDS disabled: the chain must not reach for the link-local metadata address in tests.
    let vars = [
        ("AWS_REGION".to_string(), "us-east-1".to_string()),
        ("AWS_EC2_METADATA_DISABLED".to_string(), "true".to_string()),
    ]
    .into_iter()
    .collect();
    let client: IotManagedIntegrationsClient =
        Client::new(&Config::from_env_vars(vars).with_endpoint_url("http://127.0.0.1:9")).unwrap();
    let err = ListAccountAssociationsRequest::builder()
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let Error::Credentials(_) = &err else {
        panic!("{err:?}")
    };
    assert!(err.to_string().contains("AWS_ACCESS_KEY_ID"), "{err}");
}

#[tokio::test]
async fn operation_timeout_covers_retries_and_names_itself() {
    let (url, seen, script) = recorder().await;
    // Every answer is a slow 503: attempts keep retrying until the operation limit fires.
    for _ in 0..10 {
        script
            .lock()
            .unwrap()
            .push_back((503, vec![], "{}".into(), Duration::from_millis(150)));
    }
    let client = client(&url, |c| {
        c.with_max_attempts(10)
            .with_operation_timeout(Duration::from_millis(400))
    });
    let err = ListAccountAssociationsRequest::builder()
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let Error::Timeout(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind, TimeoutKind::Operation);
    assert!(err.to_string().contains("operation timeout"), "{err}");
    assert!(
        seen.lock().unwrap().len() >= 2,
        "it retried before the limit"
    );
}
