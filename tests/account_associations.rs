//! Every account-association operation against the emulator over loopback: success and each
//! modelled error, through the public `send` path.

use aws_op::{Client, Config, Credentials, Error};
use aws_op_emulator::{Emulator, EmulatorConfig, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use aws_op_iot_managed_integrations::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

async fn setup(config: impl FnOnce(Config) -> Config) -> (Emulator, IotManagedIntegrationsClient) {
    let emulator = Emulator::start(EmulatorConfig::new()).await.unwrap();
    let base = Config::new(
        "us-east-1",
        Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, None),
    )
    .with_endpoint_url(emulator.endpoint_url());
    let client = Client::new(&config(base)).unwrap();
    (emulator, client)
}

async fn create(
    client: &IotManagedIntegrationsClient,
    destination: &str,
) -> CreateAccountAssociationResponse {
    CreateAccountAssociationRequest::builder()
        .connector_destination_id(destination)
        .name("assoc")
        .build()
        .send(client)
        .await
        .unwrap()
}

#[tokio::test]
async fn create_get_list_update_refresh_delete() {
    let (emulator, client) = setup(|c| c).await;
    let created = CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd-1")
        .name("living room")
        .description("first")
        .tags([("env".to_string(), "test".to_string())])
        .general_authorization(
            GeneralAuthorizationName::builder()
                .auth_material_name("mat-1")
                .build(),
        )
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(
        created.association_state,
        AssociationState::AssociationInProgress
    );
    assert!(created.o_auth_authorization_url.starts_with("https://"));
    let arn = created.arn.clone().unwrap();
    assert!(
        arn.starts_with("arn:aws:iotmanagedintegrations:us-east-1:"),
        "{arn}"
    );
    let id = created.account_association_id.clone();

    let got = GetAccountAssociationRequest::builder()
        .account_association_id(id.as_str())
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(got.account_association_id, id);
    assert_eq!(got.name.as_deref(), Some("living room"));
    assert_eq!(got.connector_destination_id.as_deref(), Some("cd-1"));
    assert_eq!(got.tags.as_ref().unwrap()["env"], "test");
    assert_eq!(
        got.general_authorization
            .unwrap()
            .auth_material_name
            .as_deref(),
        Some("mat-1")
    );

    UpdateAccountAssociationRequest::builder()
        .account_association_id(id.as_str())
        .name("kitchen")
        .build()
        .send(&client)
        .await
        .unwrap();
    let listed = ListAccountAssociationsRequest::builder()
        .connector_destination_id("cd-1")
        .build()
        .send(&client)
        .await
        .unwrap();
    let items = listed.items.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].name.as_deref(), Some("kitchen"));

    let refreshed = StartAccountAssociationRefreshRequest::builder()
        .account_association_id(id.as_str())
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_ne!(
        refreshed.o_auth_authorization_url,
        created.o_auth_authorization_url
    );

    DeleteAccountAssociationRequest::builder()
        .account_association_id(id.as_str())
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(emulator.association_count(), 0);
}

#[tokio::test]
async fn list_paginates_with_max_results_and_next_token() {
    let (_emulator, client) = setup(|c| c).await;
    for i in 0..5 {
        create(&client, &format!("cd-{i}")).await;
    }
    let mut seen = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let page = ListAccountAssociationsRequest::builder()
            .max_results(2)
            .set_next_token(token.take())
            .build()
            .send(&client)
            .await
            .unwrap();
        pages += 1;
        seen.extend(
            page.items
                .unwrap_or_default()
                .into_iter()
                .map(|i| i.account_association_id),
        );
        match page.next_token {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 5);
    seen.dedup();
    assert_eq!(seen.len(), 5);

    // The generated paginator walks the same pages.
    let mut pages = ListAccountAssociationsRequest::builder()
        .max_results(2)
        .build()
        .paginate(&client);
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.unwrap().items.unwrap_or_default().len());
    }
    assert_eq!(sizes, [2, 2, 1]);
    let mut items = ListAccountAssociationsRequest::builder()
        .max_results(2)
        .build()
        .items(&client);
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        ids.push(item.unwrap().account_association_id);
    }
    assert_eq!(ids, seen);
}

#[tokio::test]
async fn register_list_and_deregister_managed_things() {
    let (_emulator, client) = setup(|c| c).await;
    let a = create(&client, "cd-1").await.account_association_id;
    let b = create(&client, "cd-2").await.account_association_id;
    let registered = RegisterAccountAssociationRequest::builder()
        .managed_thing_id("thing-1")
        .account_association_id(a.as_str())
        .device_discovery_id("disc1")
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(registered.managed_thing_id.as_deref(), Some("thing-1"));

    // The same thing under another association is a conflict.
    let err = RegisterAccountAssociationRequest::builder()
        .managed_thing_id("thing-1")
        .account_association_id(b.as_str())
        .device_discovery_id("disc1")
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let service = err.service_error().expect("a service error");
    assert!(matches!(
        service.error,
        RegisterAccountAssociationError::ConflictException(_)
    ));
    assert_eq!(service.status, 409);

    let listed = ListManagedThingAccountAssociationsRequest::builder()
        .managed_thing_id("thing-1")
        .build()
        .send(&client)
        .await
        .unwrap();
    let items = listed.items.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].account_association_id.as_deref(), Some(a.as_str()));
    assert_eq!(
        items[0].managed_thing_association_status,
        Some(ManagedThingAssociationStatus::Associated)
    );

    DeregisterAccountAssociationRequest::builder()
        .managed_thing_id("thing-1")
        .account_association_id(a.as_str())
        .build()
        .send(&client)
        .await
        .unwrap();
    let err = DeregisterAccountAssociationRequest::builder()
        .managed_thing_id("thing-1")
        .account_association_id(a.as_str())
        .build()
        .send(&client)
        .await
        .unwrap_err();
    assert!(matches!(
        err.service_error().unwrap().error,
        DeregisterAccountAssociationError::ResourceNotFoundException(_)
    ));
}

#[tokio::test]
async fn same_client_token_same_parameters_gives_the_same_association() {
    let (emulator, client) = setup(|c| c).await;
    let request = CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd-1")
        .client_token("token-123")
        .build();
    let first = request.clone().send(&client).await.unwrap();
    let second = request.send(&client).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(emulator.association_count(), 1);

    let err = CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd-other")
        .client_token("token-123")
        .build()
        .send(&client)
        .await
        .unwrap_err();
    assert!(matches!(
        err.service_error().unwrap().error,
        CreateAccountAssociationError::ConflictException(_)
    ));
    assert_eq!(emulator.association_count(), 1);
}

#[tokio::test]
async fn the_token_is_generated_once_and_reused_by_retries() {
    let generated = Arc::new(AtomicUsize::new(0));
    let counter = generated.clone();
    let (emulator, client) = setup(move |c| {
        c.with_idempotency_token_generator(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            aws_op::idempotency_token()
        })
    })
    .await;
    emulator.fail_next(
        "CreateAccountAssociation",
        503,
        "ServiceUnavailableException",
        "busy",
    );
    emulator.fail_next(
        "CreateAccountAssociation",
        500,
        "InternalServerException",
        "oops",
    );
    let created = create(&client, "cd-1").await;
    assert_eq!(generated.load(Ordering::SeqCst), 1);
    assert_eq!(emulator.request_count("CreateAccountAssociation"), 3);
    assert_eq!(emulator.association_count(), 1);
    assert!(!created.account_association_id.is_empty());
}

#[tokio::test]
async fn invalid_input_is_rejected_before_any_request() {
    let (emulator, client) = setup(|c| c).await;
    let err = CreateAccountAssociationRequest::builder()
        .connector_destination_id("")
        // No character of `[A-Za-z0-9-_ ]+` at all (the pattern is not anchored).
        .description("//")
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err:?}")
    };
    // The empty id breaks both its length and its pattern.
    assert_eq!(v.violations.len(), 3);
    assert!(v.at("ConnectorDestinationId").is_some());
    assert!(v.at("Description").is_some());
    assert_eq!(emulator.request_count("CreateAccountAssociation"), 0);
}

#[tokio::test]
async fn with_client_checks_off_the_service_reports_validation_exception() {
    let (emulator, client) = setup(|c| c.with_constraint_validation(false)).await;
    let err = CreateAccountAssociationRequest::builder()
        .connector_destination_id("!?")
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let service = err.service_error().expect("service error");
    let CreateAccountAssociationError::ValidationException(e) = &service.error else {
        panic!("{err:?}")
    };
    assert!(e
        .message
        .as_deref()
        .unwrap()
        .contains("ConnectorDestinationId"));
    assert_eq!(emulator.request_count("CreateAccountAssociation"), 1);
}

#[tokio::test]
async fn unknown_ids_give_resource_not_found_with_its_members() {
    let (_emulator, client) = setup(|c| c).await;
    let err = GetAccountAssociationRequest::builder()
        .account_association_id("doesnotexist")
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let service = err.service_error().unwrap();
    let GetAccountAssociationError::ResourceNotFoundException(e) = &service.error else {
        panic!("{err:?}")
    };
    assert_eq!(e.resource_id.as_deref(), Some("doesnotexist"));
    assert!(service.request_id.is_some());
    let text = err.to_string();
    assert!(
        text.contains("GetAccountAssociation failed: ResourceNotFoundException (HTTP 404)"),
        "{text}"
    );
    assert!(text.contains("request id"), "{text}");
    for result in [
        UpdateAccountAssociationRequest::builder()
            .account_association_id("nope")
            .build()
            .send(&client)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        DeleteAccountAssociationRequest::builder()
            .account_association_id("nope")
            .build()
            .send(&client)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        StartAccountAssociationRefreshRequest::builder()
            .account_association_id("nope")
            .build()
            .send(&client)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
    ] {
        assert!(result.unwrap_err().contains("ResourceNotFoundException"));
    }
}

#[tokio::test]
async fn unknown_connector_destination_is_not_found() {
    let emulator = Emulator::start(EmulatorConfig::new().connector_destinations(["cd-known"]))
        .await
        .unwrap();
    let client: IotManagedIntegrationsClient = Client::new(
        &Config::new(
            "us-east-1",
            Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, None),
        )
        .with_endpoint_url(emulator.endpoint_url()),
    )
    .unwrap();
    create(&client, "cd-known").await;
    let err = CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd-unknown")
        .build()
        .send(&client)
        .await
        .unwrap_err();
    assert!(matches!(
        err.service_error().unwrap().error,
        CreateAccountAssociationError::ResourceNotFoundException(_)
    ));
}

/// Every modelled error of every operation parses into its own variant, with code, message,
/// status and request id. Retries are off so retryable errors surface.
#[tokio::test]
async fn every_modelled_error_of_every_operation_is_typed() {
    let (emulator, client) = setup(|c| c.with_max_attempts(1)).await;
    let id = create(&client, "cd-1").await.account_association_id;
    let all = [
        ("ValidationException", 400),
        ("AccessDeniedException", 403),
        ("InternalServerException", 500),
        ("UnauthorizedException", 401),
        ("ConflictException", 409),
        ("ServiceUnavailableException", 503),
        ("ThrottlingException", 429),
        ("ResourceNotFoundException", 404),
    ];
    macro_rules! check {
        ($op:literal, $request:expr, $err:ident, [$($variant:ident),*]) => {
            $(
                let status = all.iter().find(|(c, _)| *c == stringify!($variant)).unwrap().1;
                emulator.fail_next($op, status, stringify!($variant), "scripted failure");
                let err = $request.send(&client).await.unwrap_err();
                let service = err.service_error().unwrap_or_else(|| panic!("{err:?}"));
                assert!(matches!(service.error, $err::$variant(_)), "{} {:?}", $op, service.error);
                assert_eq!(service.code, stringify!($variant));
                assert_eq!(service.status, status);
                assert_eq!(service.message.as_deref(), Some("scripted failure"));
                let text = err.to_string();
                assert!(text.contains($op) && text.contains(stringify!($variant)) && text.contains("scripted failure") && text.contains("request id"), "{text}");
            )*
        };
    }
    check!(
        "CreateAccountAssociation",
        CreateAccountAssociationRequest::builder()
            .connector_destination_id("cd")
            .build(),
        CreateAccountAssociationError,
        [
            ValidationException,
            AccessDeniedException,
            InternalServerException,
            UnauthorizedException,
            ConflictException,
            ServiceUnavailableException,
            ThrottlingException,
            ResourceNotFoundException
        ]
    );
    check!(
        "GetAccountAssociation",
        GetAccountAssociationRequest::builder()
            .account_association_id(id.as_str())
            .build(),
        GetAccountAssociationError,
        [
            ValidationException,
            AccessDeniedException,
            InternalServerException,
            ServiceUnavailableException,
            ResourceNotFoundException,
            ThrottlingException
        ]
    );
    check!(
        "ListAccountAssociations",
        ListAccountAssociationsRequest::builder().build(),
        ListAccountAssociationsError,
        [
            ValidationException,
            AccessDeniedException,
            InternalServerException,
            ServiceUnavailableException,
            ThrottlingException
        ]
    );
    check!(
        "UpdateAccountAssociation",
        UpdateAccountAssociationRequest::builder()
            .account_association_id(id.as_str())
            .build(),
        UpdateAccountAssociationError,
        [
            ValidationException,
            AccessDeniedException,
            InternalServerException,
            ConflictException,
            ServiceUnavailableException,
            ResourceNotFoundException,
            ThrottlingException
        ]
    );
    check!(
        "DeleteAccountAssociation",
        DeleteAccountAssociationRequest::builder()
            .account_association_id(id.as_str())
            .build(),
        DeleteAccountAssociationError,
        [
            ValidationException,
            AccessDeniedException,
            InternalServerException,
            ServiceUnavailableException,
            ResourceNotFoundException,
            ThrottlingException
        ]
    );
    check!(
        "StartAccountAssociationRefresh",
        StartAccountAssociationRefreshRequest::builder()
            .account_association_id(id.as_str())
            .build(),
        StartAccountAssociationRefreshError,
        [
            ValidationException,
            AccessDeniedException,
            InternalServerException,
            ConflictException,
            ServiceUnavailableException,
            ResourceNotFoundException,
            ThrottlingException
        ]
    );
    check!(
        "RegisterAccountAssociation",
        RegisterAccountAssociationRequest::builder()
            .managed_thing_id("t")
            .account_association_id(id.as_str())
            .device_discovery_id("d")
            .build(),
        RegisterAccountAssociationError,
        [
            AccessDeniedException,
            ValidationException,
            InternalServerException,
            ConflictException,
            ThrottlingException,
            ResourceNotFoundException
        ]
    );
    check!(
        "DeregisterAccountAssociation",
        DeregisterAccountAssociationRequest::builder()
            .managed_thing_id("t")
            .account_association_id(id.as_str())
            .build(),
        DeregisterAccountAssociationError,
        [
            AccessDeniedException,
            ValidationException,
            InternalServerException,
            ConflictException,
            ThrottlingException,
            ResourceNotFoundException
        ]
    );
    check!(
        "ListManagedThingAccountAssociations",
        ListManagedThingAccountAssociationsRequest::builder().build(),
        ListManagedThingAccountAssociationsError,
        [
            AccessDeniedException,
            ValidationException,
            InternalServerException,
            ThrottlingException
        ]
    );

    // A code the operation does not model lands in the catch-all, still with code and message.
    emulator.fail_next(
        "GetAccountAssociation",
        418,
        "TeapotException",
        "short and stout",
    );
    let err = GetAccountAssociationRequest::builder()
        .account_association_id(id.as_str())
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let GetAccountAssociationError::Unhandled(u) = &err.service_error().unwrap().error else {
        panic!("{err:?}")
    };
    assert_eq!(u.code, "TeapotException");
    assert!(err.to_string().contains("short and stout"));
}

#[tokio::test]
async fn a_wrong_secret_is_refused_with_a_typed_403() {
    let emulator = Emulator::start(EmulatorConfig::new()).await.unwrap();
    let client: IotManagedIntegrationsClient = Client::new(
        &Config::new(
            "us-east-1",
            Credentials::new(DEFAULT_ACCESS_KEY_ID, "wrong", None),
        )
        .with_endpoint_url(emulator.endpoint_url()),
    )
    .unwrap();
    let err = ListAccountAssociationsRequest::builder()
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let service = err.service_error().unwrap();
    assert_eq!(service.status, 403);
    assert_eq!(service.code, "InvalidSignatureException");
    assert!(!err.to_string().contains("wrong"));
}

#[tokio::test]
async fn endpoint_and_credentials_from_environment_variables() {
    let emulator = Emulator::start(EmulatorConfig::new()).await.unwrap();
    let vars = [
        ("AWS_REGION", "eu-west-1".to_string()),
        ("AWS_ACCESS_KEY_ID", DEFAULT_ACCESS_KEY_ID.to_string()),
        (
            "AWS_SECRET_ACCESS_KEY",
            DEFAULT_SECRET_ACCESS_KEY.to_string(),
        ),
        (
            "AWS_ENDPOINT_URL_IOT_MANAGED_INTEGRATIONS",
            emulator.endpoint_url(),
        ),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:9".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let client: IotManagedIntegrationsClient = Client::new(&Config::from_env_vars(vars)).unwrap();
    let created = create(&client, "cd-env").await;
    assert!(created.arn.unwrap().contains(":eu-west-1:"));
}

#[tokio::test]
async fn a_skewed_clock_is_corrected_from_the_services_date_and_retried_once() {
    let skew = std::time::Duration::from_secs(10 * 60);
    let (_emulator, client) =
        setup(|c| c.with_time_source(move || std::time::SystemTime::now() - skew)).await;
    // The emulator refuses signatures more than 5 minutes off; its Date header tells the truth.
    let created = create(&client, "cd-skew").await;
    assert!(!created.account_association_id.is_empty());
    let offset = client.clock_offset_secs();
    assert!((590..=610).contains(&offset), "learned offset {offset}");
    // Later calls sign with the corrected clock straight away.
    create(&client, "cd-skew-2").await;
}

#[tokio::test]
async fn a_clock_ahead_is_corrected_even_with_retries_off() {
    // Skew correction is not a retry: it happens (once) even when retries are off.
    let skew = std::time::Duration::from_secs(3600);
    let (_emulator, client) = setup(move |c| {
        c.with_max_attempts(1)
            .with_time_source(move || std::time::SystemTime::now() + skew)
    })
    .await;
    create(&client, "cd-future").await;
    assert!(client.clock_offset_secs() < -3500);
}

#[tokio::test]
async fn reserved_and_non_ascii_characters_in_labels_are_signed_as_sent() {
    // With constraint checks off the request reaches the emulator, whose signature check must
    // pass (double-encoded canonical path) before its own validation refuses the id, which has
    // no character of `[0-9a-zA-Z]+` (the pattern is not anchored).
    let (emulator, client) = setup(|c| c.with_constraint_validation(false)).await;
    for id in [":/?#[]@!$&'()*+,;=", "é ü 日本", "+=&?#% é/"] {
        let err = GetAccountAssociationRequest::builder()
            .account_association_id(id)
            .build()
            .send(&client)
            .await
            .unwrap_err();
        let service = err.service_error().unwrap_or_else(|| panic!("{err:?}"));
        assert_eq!(service.status, 400, "{id}: {err}");
        assert!(
            matches!(
                service.error,
                GetAccountAssociationError::ValidationException(_)
            ),
            "{id}: {err}"
        );
    }
    assert_eq!(emulator.request_count("GetAccountAssociation"), 3);
}

#[tokio::test]
async fn session_tokens_and_non_ascii_query_values_are_signed_and_verified() {
    let emulator = Emulator::start(EmulatorConfig::new()).await.unwrap();
    let client: IotManagedIntegrationsClient = Client::new(
        &Config::new(
            "us-east-1",
            Credentials::new(
                DEFAULT_ACCESS_KEY_ID,
                DEFAULT_SECRET_ACCESS_KEY,
                Some("a-session-token/with+chars=".into()),
            ),
        )
        .with_endpoint_url(emulator.endpoint_url())
        .with_constraint_validation(false),
    )
    .unwrap();
    create(&client, "cd-token").await;
    // Past the signature check, the emulator's own validation refuses the values.
    for value in ["日本 語", "&=+/", ""] {
        let err = ListAccountAssociationsRequest::builder()
            .connector_destination_id(value)
            .build()
            .send(&client)
            .await
            .unwrap_err();
        assert_eq!(err.service_error().unwrap().status, 400, "{value:?}: {err}");
    }
}
