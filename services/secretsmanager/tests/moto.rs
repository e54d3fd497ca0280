//! Secrets Manager walked against moto, a third-party emulator: secrets created (with the
//! idempotency token the client fills in, which the service keeps as the version id), read
//! back as strings and binary, changed, listed page by page, deleted; a missing secret as the
//! typed ResourceNotFoundException; secret values kept out of `Debug`.

use aws_op::{Blob, Client};
use aws_op_moto::{all_pages, Moto};
use aws_op_secretsmanager::*;

#[tokio::test]
async fn secrets_are_created_read_changed_listed_by_page_and_deleted() {
    let moto = Moto::start();
    let client: Client<SecretsManager> = Client::new(&moto.config()).unwrap();

    let created = CreateSecretRequest::builder()
        .name("walk/db-password")
        .secret_string("pässwörd — 秘密")
        .description("a secret of the moto walk")
        .build()
        .send(&client)
        .await
        .expect("CreateSecret");
    // The service keeps the request's ClientRequestToken as the version id: the client filled
    // one in, within the model's 32 to 64 characters.
    let version = created.version_id.expect("a version id");
    assert!((32..=64).contains(&version.len()), "{version}");

    let value = GetSecretValueRequest::builder()
        .secret_id("walk/db-password")
        .build()
        .send(&client)
        .await
        .expect("GetSecretValue");
    assert_eq!(value.secret_string.as_deref(), Some("pässwörd — 秘密"));
    assert_eq!(value.version_id.as_deref(), Some(version.as_str()));
    assert!(value.created_date.is_some());
    assert!(
        !format!("{value:?}").contains("pässwörd"),
        "Debug shows no secret value"
    );

    let binary = vec![0u8, 1, 2, 3, 250, 255];
    let put = PutSecretValueRequest::builder()
        .secret_id("walk/db-password")
        .secret_binary(Blob::from(binary.clone()))
        .build()
        .send(&client)
        .await
        .expect("PutSecretValue");
    assert_ne!(put.version_id.as_deref(), Some(version.as_str()));
    let value = GetSecretValueRequest::builder()
        .secret_id("walk/db-password")
        .build()
        .send(&client)
        .await
        .expect("GetSecretValue");
    assert_eq!(
        value.secret_binary.as_ref().map(|b| b.as_ref().to_vec()),
        Some(binary)
    );

    for i in 0..4 {
        CreateSecretRequest::builder()
            .name(format!("walk/listed-{i}"))
            .secret_string("x")
            .build()
            .send(&client)
            .await
            .expect("CreateSecret");
    }
    let pages = all_pages(
        ListSecretsRequest::builder()
            .max_results(2)
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 3);
    let mut names: Vec<String> = pages
        .into_iter()
        .flat_map(|page| page.secret_list.unwrap_or_default())
        .filter_map(|s| s.name)
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "walk/db-password",
            "walk/listed-0",
            "walk/listed-1",
            "walk/listed-2",
            "walk/listed-3"
        ]
    );

    DeleteSecretRequest::builder()
        .secret_id("walk/db-password")
        .force_delete_without_recovery(true)
        .build()
        .send(&client)
        .await
        .expect("DeleteSecret");
    let error = DescribeSecretRequest::builder()
        .secret_id("walk/db-password")
        .build()
        .send(&client)
        .await
        .expect_err("the secret is gone");
    let service = error.service_error().expect("a service error");
    assert!(
        matches!(
            service.err(),
            DescribeSecretError::ResourceNotFoundException(_)
        ),
        "expected ResourceNotFoundException, got {:?}",
        service.err()
    );
}
