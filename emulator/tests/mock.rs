//! The typed mock server, over loopback, through the aws-op client: answers in order, modelled
//! errors as typed variants, retried statuses and dropped connections, recorded typed inputs,
//! signature checks, and routing for a restJson1 and an awsJson service.

use aws_op::{aws_error, aws_operation, aws_service, aws_shape, Client, Config, Credentials};
use aws_op_emulator::{Fault, FaultScope, MockServer};
use aws_op_iot_managed_integrations::*;

fn association(id: &str) -> GetAccountAssociationResponse {
    GetAccountAssociationResponse::builder()
        .account_association_id(id)
        .association_state(AssociationState::AssociationSucceeded)
        .name("from the mock")
        .o_auth_authorization_url("https://example.com/auth")
        .build()
}

fn get(id: &str) -> GetAccountAssociationRequest {
    GetAccountAssociationRequest::builder()
        .account_association_id(id)
        .build()
}

async fn iot_mock() -> (
    MockServer<IotManagedIntegrations>,
    IotManagedIntegrationsClient,
) {
    let mock = MockServer::<IotManagedIntegrations>::start().await.unwrap();
    let client = Client::new(&mock.client_config()).unwrap();
    (mock, client)
}

#[tokio::test]
async fn returns_the_registered_output_and_records_the_typed_input() {
    let (mock, client) = iot_mock().await;
    mock.on::<GetAccountAssociationRequest>()
        .returns(association("aa1"));
    let output = get("aa1").send(&client).await.unwrap();
    assert_eq!(output, association("aa1"));
    // The last answer repeats.
    let again = get("aa2").send(&client).await.unwrap();
    assert_eq!(again.account_association_id, "aa1");
    assert_eq!(
        mock.received::<GetAccountAssociationRequest>(),
        vec![get("aa1"), get("aa2")]
    );
}

#[tokio::test]
async fn the_idempotency_token_the_client_filled_in_is_recorded() {
    let (mock, client) = iot_mock().await;
    mock.on::<CreateAccountAssociationRequest>().returns(
        CreateAccountAssociationResponse::builder()
            .account_association_id("aa9")
            .association_state(AssociationState::AssociationInProgress)
            .o_auth_authorization_url("https://example.com/auth")
            .build(),
    );
    CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd-1")
        .build()
        .send(&client)
        .await
        .unwrap();
    let received = mock.received::<CreateAccountAssociationRequest>();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].connector_destination_id, "cd-1");
    assert!(received[0]
        .client_token
        .as_deref()
        .is_some_and(|t| !t.is_empty()));
}

#[tokio::test]
async fn answers_come_in_order_statuses_are_retried_then_the_output_arrives() {
    let (mock, client) = iot_mock().await;
    mock.on::<GetAccountAssociationRequest>()
        .status(503)
        .times(2)
        .returns(association("aa3"));
    let output = get("aa3").send(&client).await.unwrap();
    assert_eq!(output.account_association_id, "aa3");
    assert_eq!(mock.received::<GetAccountAssociationRequest>().len(), 3);
}

#[tokio::test]
async fn a_status_that_outlasts_the_retries_is_the_callers_error() {
    let (mock, client) = iot_mock().await;
    mock.on::<GetAccountAssociationRequest>().status(503);
    let error = get("aa4").send(&client).await.unwrap_err();
    assert_eq!(error.service_error().map(|e| e.status), Some(503));
    // The default retry policy makes three attempts.
    assert_eq!(mock.received::<GetAccountAssociationRequest>().len(), 3);
}

#[tokio::test]
async fn a_modelled_error_arrives_as_its_typed_variant() {
    let (mock, client) = iot_mock().await;
    mock.on::<GetAccountAssociationRequest>()
        .fails(ResourceNotFoundException {
            message: Some("no such association".into()),
            resource_id: Some("aa5".into()),
            resource_type: Some("AccountAssociation".into()),
        });
    let error = get("aa5").send(&client).await.unwrap_err();
    let service = error.service_error().expect("a service error");
    assert_eq!(service.status, 404);
    match service.err() {
        GetAccountAssociationError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id.as_deref(), Some("aa5"));
            assert_eq!(e.message.as_deref(), Some("no such association"));
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
}

#[tokio::test]
async fn a_dropped_connection_is_retried_like_any_transport_failure() {
    let (mock, client) = iot_mock().await;
    mock.on::<GetAccountAssociationRequest>()
        .drops_connection()
        .returns(association("aa6"));
    let output = get("aa6").send(&client).await.unwrap();
    assert_eq!(output.account_association_id, "aa6");
    assert_eq!(mock.received::<GetAccountAssociationRequest>().len(), 2);
}

#[tokio::test]
async fn injected_faults_act_on_the_mock_as_on_the_emulator() {
    let (mock, client) = iot_mock().await;
    mock.on::<GetAccountAssociationRequest>()
        .returns(association("aa8"));
    // An error (JSON, as the mock writes its own errors by default), then a dropped
    // connection before the answer: both retried, the third attempt answered.
    mock.script_faults(
        FaultScope::operation("GetAccountAssociation"),
        [Fault::throttling(), Fault::DropBeforeCommit],
    );
    let output = get("aa8").send(&client).await.unwrap();
    assert_eq!(output.account_association_id, "aa8");
    // The error and the early drop act before the answer: only the third attempt is recorded.
    assert_eq!(mock.received::<GetAccountAssociationRequest>().len(), 1);

    // A malformed body is the caller's typed decoding error, not a crash.
    let once: IotManagedIntegrationsClient =
        Client::new(&mock.client_config().with_max_attempts(1)).unwrap();
    mock.script_faults(FaultScope::All, [Fault::MalformedJson]);
    let error = get("aa9").send(&once).await.unwrap_err();
    assert!(error.service_error().is_none(), "{error:?}");

    // At a rate of 1, every request in scope gets one of the faults.
    mock.fault_rate(FaultScope::All, 1.0, vec![Fault::unavailable()], 7);
    let error = get("aa10").send(&once).await.unwrap_err();
    assert_eq!(
        error.service_error().map(|e| (e.status, e.code.as_str())),
        Some((503, "ServiceUnavailableException"))
    );
    mock.clear_faults();
    assert_eq!(
        get("aa11")
            .send(&once)
            .await
            .unwrap()
            .account_association_id,
        "aa8"
    );
    let injected = mock.faults_injected();
    assert_eq!(
        (
            injected["error"],
            injected["drop-before"],
            injected["malformed"]
        ),
        (2, 1, 1),
        "{injected:?}"
    );
}

#[tokio::test]
async fn operations_not_registered_are_unknown_and_registered_ones_without_answers_say_so() {
    let (mock, client) = iot_mock().await;
    let error = get("aa7").send(&client).await.unwrap_err();
    let service = error.service_error().expect("a service error");
    assert_eq!(
        (service.status, service.code.as_str()),
        (404, "UnknownOperationException")
    );

    let _ = mock.on::<GetAccountAssociationRequest>();
    let error = get("aa7").send(&client).await.unwrap_err();
    assert_eq!(
        error.service_error().map(|e| e.code.as_str()),
        Some("MockAnswerMissing")
    );
}

#[tokio::test]
async fn requests_signed_with_an_unknown_secret_are_refused_and_not_recorded() {
    let mock = MockServer::<IotManagedIntegrations>::start().await.unwrap();
    mock.on::<GetAccountAssociationRequest>()
        .returns(association("aa8"));
    let config = Config::new(
        "us-east-1",
        Credentials::new(
            aws_op_emulator::DEFAULT_ACCESS_KEY_ID,
            "not-the-secret",
            None,
        ),
    )
    .with_endpoint_url(mock.endpoint_url());
    let client: IotManagedIntegrationsClient = Client::new(&config).unwrap();
    let error = get("aa8").send(&client).await.unwrap_err();
    let service = error.service_error().expect("a service error");
    assert_eq!(
        (service.status, service.code.as_str()),
        (403, "InvalidSignatureException")
    );
    assert!(mock.received::<GetAccountAssociationRequest>().is_empty());
}

/// A small awsJson 1.1 service written by hand: its two operations share `POST /` and differ
/// only by `X-Amz-Target`.
#[aws_service(
    id = "Mock Queue",
    signing_name = "mockqueue",
    endpoint_prefix = "mockqueue",
    protocol = "awsJson1_1",
    target_prefix = "MockQueue_20240101",
    api_version = "2024-01-01",
    endpoint = "https://mockqueue.{region}.amazonaws.com"
)]
pub struct MockQueue;

/// Sends a message.
#[aws_operation(service = MockQueue, output = SendOutput)]
#[derive(Clone, PartialEq)]
pub struct SendRequest {
    /// The message.
    #[aws(length(min = 1, max = 16))]
    pub body: String,
}

/// The sent message's id.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct SendOutput {
    /// Its id.
    pub message_id: Option<String>,
}

/// Counts messages.
#[aws_operation(service = MockQueue, output = CountOutput)]
#[derive(Clone, PartialEq)]
pub struct CountRequest {}

/// How many.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct CountOutput {
    /// The count.
    pub count: Option<i32>,
}

#[tokio::test]
async fn an_aws_json_service_is_routed_by_its_target() {
    let mock = MockServer::<MockQueue>::start().await.unwrap();
    let client: Client<MockQueue> = Client::new(&mock.client_config()).unwrap();
    mock.on::<SendRequest>().returns(SendOutput {
        message_id: Some("m-1".into()),
    });
    mock.on::<CountRequest>()
        .returns(CountOutput { count: Some(7) });
    let sent = SendRequest {
        body: "hello, ünïcode".into(),
    }
    .send(&client)
    .await
    .unwrap();
    assert_eq!(sent.message_id.as_deref(), Some("m-1"));
    assert_eq!(CountRequest {}.send(&client).await.unwrap().count, Some(7));
    assert_eq!(
        mock.received::<SendRequest>(),
        vec![SendRequest {
            body: "hello, ünïcode".into()
        }]
    );
    assert_eq!(mock.received::<CountRequest>().len(), 1);
}

/// An awsQuery service written by hand: every operation is `POST /` with a form body naming its
/// `Action`, answered in XML.
#[aws_service(
    id = "Mock Tokens",
    signing_name = "mocktokens",
    endpoint_prefix = "mocktokens",
    protocol = "awsQuery",
    api_version = "2011-06-15",
    endpoint = "https://mocktokens.{region}.amazonaws.com"
)]
pub struct MockTokens;

/// Issues a token.
#[aws_operation(service = MockTokens, output = IssueOutput, errors = IssueError)]
#[derive(Clone, PartialEq)]
pub struct IssueRequest {
    /// Who asks.
    #[aws(length(min = 2, max = 64))]
    pub role_session_name: String,
    /// Tags of the session.
    pub tags: Option<Vec<String>>,
}

/// The token.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct IssueOutput {
    /// The token.
    pub token: Option<String>,
}

/// Revokes every token.
#[aws_operation(service = MockTokens)]
#[derive(Clone, PartialEq)]
pub struct RevokeRequest {}

/// The session name is refused.
#[aws_error(code = "MalformedPolicyDocument", status = 400)]
#[derive(Clone, PartialEq)]
pub struct MalformedPolicyDocumentException {
    /// The message.
    pub message: Option<String>,
}

/// Errors of `Issue`.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum IssueError {
    /// `MalformedPolicyDocument` (400).
    MalformedPolicyDocumentException(MalformedPolicyDocumentException),
}

#[tokio::test]
async fn an_aws_query_service_is_routed_by_the_forms_action() {
    let mock = MockServer::<MockTokens>::start().await.unwrap();
    let client: Client<MockTokens> = Client::new(&mock.client_config()).unwrap();
    mock.on::<IssueRequest>()
        .fails(MalformedPolicyDocumentException {
            message: Some("try again".into()),
        })
        .returns(IssueOutput {
            token: Some("t-1".into()),
        });
    mock.on::<RevokeRequest>().returns(());
    let request = IssueRequest {
        role_session_name: "me".into(),
        tags: Some(vec!["a".into(), "b".into()]),
    };
    let error = request.clone().send(&client).await.unwrap_err();
    match error.service_error().map(|e| e.err()) {
        Some(IssueError::MalformedPolicyDocumentException(e)) => {
            assert_eq!(e.message.as_deref(), Some("try again"));
        }
        other => panic!("expected MalformedPolicyDocument, got {other:?}"),
    }
    let output = request.clone().send(&client).await.unwrap();
    assert_eq!(output.token.as_deref(), Some("t-1"));
    RevokeRequest {}.send(&client).await.unwrap();
    assert_eq!(
        mock.received::<IssueRequest>(),
        vec![request.clone(), request]
    );
    assert_eq!(mock.received::<RevokeRequest>().len(), 1);
}
