//! SSM Parameter Store walked against moto, a third-party emulator: parameters put (plain and
//! SecureString, tagged), read back (decrypted on request; the last-modified date a timestamp),
//! overwritten with a new version, their history read, listed by path page by page, deleted; a
//! missing parameter as the typed ParameterNotFound; secure values kept out of `Debug`.

use aws_op::Client;
use aws_op_moto::{all_pages, assert_recent, Moto};
use aws_op_ssm::*;

async fn put(client: &Client<Ssm>, name: &str, value: &str, kind: ParameterType) -> i64 {
    PutParameterRequest::builder()
        .name(name)
        .value(value)
        .r#type(kind)
        .overwrite(true)
        .build()
        .send(client)
        .await
        .expect("PutParameter")
        .version
        .expect("PutParameter returns the version")
}

#[tokio::test]
async fn parameters_are_put_read_versioned_listed_by_path_and_deleted() {
    let moto = Moto::start();
    let client: Client<Ssm> = Client::new(&moto.config()).unwrap();

    assert_eq!(
        put(
            &client,
            "/walk/app/greeting",
            "grüß dich — 你好",
            ParameterType::String
        )
        .await,
        1
    );
    assert_eq!(
        put(
            &client,
            "/walk/app/greeting",
            "hello again",
            ParameterType::String
        )
        .await,
        2
    );
    put(
        &client,
        "/walk/app/db-password",
        "s3cr3t-välue",
        ParameterType::SecureString,
    )
    .await;
    for i in 0..3 {
        put(
            &client,
            &format!("/walk/app/flags/f{i}"),
            "on",
            ParameterType::String,
        )
        .await;
    }

    let greeting = GetParameterRequest::builder()
        .name("/walk/app/greeting")
        .build()
        .send(&client)
        .await
        .expect("GetParameter")
        .parameter
        .expect("the parameter");
    assert_eq!(greeting.value.as_deref(), Some("hello again"));
    assert_eq!(greeting.version, Some(2));
    assert_recent(
        "the parameter's last-modified date",
        greeting
            .last_modified_date
            .expect("a last-modified date")
            .secs(),
    );

    let history = GetParameterHistoryRequest::builder()
        .name("/walk/app/greeting")
        .build()
        .send(&client)
        .await
        .expect("GetParameterHistory")
        .parameters
        .unwrap_or_default();
    assert_eq!(
        history
            .iter()
            .map(|p| p.value.as_deref())
            .collect::<Vec<_>>(),
        [Some("grüß dich — 你好"), Some("hello again")]
    );

    let secret = GetParameterRequest::builder()
        .name("/walk/app/db-password")
        .with_decryption(true)
        .build()
        .send(&client)
        .await
        .expect("GetParameter")
        .parameter
        .expect("the parameter");
    assert_eq!(secret.value.as_deref(), Some("s3cr3t-välue"));
    assert_eq!(secret.r#type, Some(ParameterType::SecureString));

    // Two per page, recursively under /walk/app: five parameters over three pages.
    let pages = all_pages(
        GetParametersByPathRequest::builder()
            .path("/walk/app")
            .recursive(true)
            .max_results(2)
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 3);
    let mut names: Vec<String> = pages
        .into_iter()
        .flat_map(|page| page.parameters.unwrap_or_default())
        .filter_map(|p| p.name)
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "/walk/app/db-password",
            "/walk/app/flags/f0",
            "/walk/app/flags/f1",
            "/walk/app/flags/f2",
            "/walk/app/greeting"
        ]
    );

    DeleteParameterRequest::builder()
        .name("/walk/app/greeting")
        .build()
        .send(&client)
        .await
        .expect("DeleteParameter");
    let error = GetParameterRequest::builder()
        .name("/walk/app/greeting")
        .build()
        .send(&client)
        .await
        .expect_err("the parameter is gone");
    let service = error.service_error().expect("a service error");
    assert!(
        matches!(service.err(), GetParameterError::ParameterNotFound(_)),
        "expected ParameterNotFound, got {:?}",
        service.err()
    );
}

#[tokio::test]
async fn a_secure_value_never_shows_in_debug() {
    let request = PutParameterRequest::builder()
        .name("/walk/secret")
        .value("do-not-print-me")
        .r#type(ParameterType::SecureString)
        .build();
    assert!(!format!("{request:?}").contains("do-not-print-me"));
}
