//! KMS walked against moto, a third-party emulator: keys created with tags, described (their
//! creation date a timestamp), used to encrypt and decrypt binary data, aliased, listed and
//! scheduled for deletion; a missing key as the typed NotFoundException; plaintext kept
//! out of `Debug`.

use aws_op::{Blob, Client};
use aws_op_kms::*;
use aws_op_moto::{all_pages, assert_recent, Moto};

#[tokio::test]
async fn keys_are_created_used_aliased_listed_and_scheduled_for_deletion() {
    let moto = Moto::start();
    let client: Client<Kms> = Client::new(&moto.config()).unwrap();
    let mut key_ids = Vec::new();
    for i in 0..5 {
        let created = CreateKeyRequest::builder()
            .description(format!("walk key {i} — ünïcode"))
            .tags(vec![Tag::builder()
                .tag_key("team")
                .tag_value("walks")
                .build()])
            .build()
            .send(&client)
            .await
            .expect("CreateKey")
            .key_metadata
            .expect("CreateKey returns the key's metadata");
        key_ids.push(created.key_id);
    }

    let described = DescribeKeyRequest::builder()
        .key_id(key_ids[0].as_str())
        .build()
        .send(&client)
        .await
        .expect("DescribeKey")
        .key_metadata
        .expect("the key's metadata");
    assert_eq!(
        described.description.as_deref(),
        Some("walk key 0 — ünïcode")
    );
    assert_eq!(described.enabled, Some(true));
    assert_recent(
        "the key's creation date",
        described.creation_date.expect("a creation date").secs(),
    );

    let plaintext = vec![0u8, 1, 2, 3, 128, 255, 42];
    let request = EncryptRequest::builder()
        .key_id(key_ids[0].as_str())
        .plaintext(Blob::from(plaintext.clone()))
        .build();
    assert!(
        !format!("{request:?}").contains("128"),
        "Debug shows no plaintext"
    );
    let sealed = request
        .send(&client)
        .await
        .expect("Encrypt")
        .ciphertext_blob
        .expect("a ciphertext");
    assert_ne!(sealed.as_ref(), plaintext.as_slice());
    let opened = DecryptRequest::builder()
        .ciphertext_blob(sealed)
        .build()
        .send(&client)
        .await
        .expect("Decrypt");
    assert_eq!(
        opened.plaintext.as_ref().map(|b| b.as_ref().to_vec()),
        Some(plaintext)
    );
    assert_eq!(
        opened.key_id.as_deref().map(|k| k.ends_with(&key_ids[0])),
        Some(true)
    );

    CreateAliasRequest::builder()
        .alias_name("alias/walk-key")
        .target_key_id(key_ids[1].as_str())
        .build()
        .send(&client)
        .await
        .expect("CreateAlias");
    let aliases = ListAliasesRequest::builder()
        .key_id(key_ids[1].as_str())
        .build()
        .send(&client)
        .await
        .expect("ListAliases")
        .aliases
        .unwrap_or_default();
    assert_eq!(
        aliases
            .iter()
            .map(|a| a.alias_name.as_deref())
            .collect::<Vec<_>>(),
        [Some("alias/walk-key")]
    );

    // Asked for two per page; moto 5.2.6 ignores `Limit` and answers with one page (see "Against
    // moto" in the README), so only the keys are checked, not the number of pages.
    let pages = all_pages(
        ListKeysRequest::builder()
            .limit(2)
            .build()
            .paginate(&client),
    )
    .await;
    let mut listed: Vec<String> = pages
        .into_iter()
        .flat_map(|page| page.keys.unwrap_or_default())
        .filter_map(|k| k.key_id)
        .collect();
    listed.sort();
    key_ids.sort();
    assert_eq!(listed, key_ids);

    let scheduled = ScheduleKeyDeletionRequest::builder()
        .key_id(key_ids[2].as_str())
        .pending_window_in_days(7)
        .build()
        .send(&client)
        .await
        .expect("ScheduleKeyDeletion");
    // moto leaves `KeyState` out of this response (AWS sends it); DescribeKey shows it.
    let state = DescribeKeyRequest::builder()
        .key_id(key_ids[2].as_str())
        .build()
        .send(&client)
        .await
        .expect("DescribeKey")
        .key_metadata
        .and_then(|k| k.key_state);
    assert_eq!(state, Some(KeyState::PendingDeletion));
    let deletion = scheduled.deletion_date.expect("a deletion date").secs();
    assert_recent("the deletion date less 7 days", deletion - 7 * 86_400);
}

#[tokio::test]
async fn a_missing_key_is_the_typed_not_found() {
    let moto = Moto::start();
    let client: Client<Kms> = Client::new(&moto.config()).unwrap();
    let error = DescribeKeyRequest::builder()
        .key_id("00000000-0000-0000-0000-000000000000")
        .build()
        .send(&client)
        .await
        .expect_err("DescribeKey of a missing key fails");
    let service = error.service_error().expect("a service error");
    assert!(
        matches!(service.err(), DescribeKeyError::NotFoundException(_)),
        "expected NotFoundException, got {:?}",
        service.err()
    );
}
