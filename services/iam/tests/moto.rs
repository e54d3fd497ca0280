//! IAM walked against moto, a third-party emulator (awsQuery with XML answers): users created
//! under a path with unicode tags (creation date checked), read back, renamed, listed and
//! deleted; roles created with a JSON trust policy and a unicode description, given an inline
//! policy, both documents read back (IAM answers them URL-encoded, as AWS does, and aws-op hands
//! over that text unchanged: the walk decodes it), the description changed, roles listed over
//! three pages, deleted; an access key whose secret stays out of `Debug`; a missing user and a
//! duplicate user as the typed NoSuchEntityException and EntityAlreadyExistsException.

use aws_op::Client;
use aws_op_iam::*;
use aws_op_moto::{all_pages, assert_recent, Moto};

const TAG_VALUE: &str = "Zoë Łódź 東京";

fn trust_policy() -> String {
    // A condition value outside ASCII: it travels URL-encoded as UTF-8 on the way back.
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalTag/owner":"Zoë"}}}]}"#.to_owned()
}

fn inline_policy() -> String {
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::walk-bucket/reports 2026/a+b.txt"}]}"#.to_owned()
}

/// IAM returns policy documents URL-encoded (RFC 3986); aws-op, like the model, treats them as
/// plain strings, so the caller decodes them (botocore does this in a customisation).
fn decode_policy(encoded: &str) -> String {
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .unwrap_or_else(|e| panic!("policy document is not UTF-8 once decoded: {e}: {encoded}"))
        .into_owned()
}

fn client(moto: &Moto) -> Client<Iam> {
    Client::new(&moto.config()).unwrap()
}

#[tokio::test]
async fn users_are_created_read_renamed_listed_and_deleted() {
    let moto = Moto::start();
    let client = client(&moto);

    let mut names = Vec::new();
    for i in 0..5 {
        let name = format!("walk-user-{i}");
        let user = CreateUserRequest::builder()
            .user_name(name.as_str())
            .path("/walk/")
            .tags(vec![
                Tag::builder().key("owner").value(TAG_VALUE).build(),
                Tag::builder().key("index").value(i.to_string()).build(),
            ])
            .build()
            .send(&client)
            .await
            .expect("CreateUser")
            .user
            .expect("CreateUser returns the user");
        assert_eq!(user.user_name, name);
        assert_eq!(user.path, "/walk/");
        assert_eq!(
            user.arn,
            format!("arn:aws:iam::123456789012:user/walk/{name}")
        );
        assert_recent("CreateUser CreateDate", user.create_date.secs());
        names.push(name);
    }

    let user = GetUserRequest::builder()
        .user_name("walk-user-0")
        .build()
        .send(&client)
        .await
        .expect("GetUser")
        .user;
    assert_eq!(user.path, "/walk/");
    assert_recent("GetUser CreateDate", user.create_date.secs());
    let tags = user.tags.expect("GetUser returns the tags");
    assert!(
        tags.iter()
            .any(|t| t.key == "owner" && t.value == TAG_VALUE),
        "{tags:?}"
    );

    let duplicate = CreateUserRequest::builder()
        .user_name("walk-user-1")
        .build()
        .send(&client)
        .await
        .expect_err("the name is taken");
    let service = duplicate.service_error().expect("a service error");
    assert!(
        matches!(
            service.err(),
            CreateUserError::EntityAlreadyExistsException(_)
        ),
        "expected EntityAlreadyExistsException, got {:?} (code {})",
        service.err(),
        service.code
    );
    assert_eq!(service.status, 409);

    UpdateUserRequest::builder()
        .user_name("walk-user-0")
        .new_user_name("walk-renamed")
        .new_path("/walk/renamed/")
        .build()
        .send(&client)
        .await
        .expect("UpdateUser");
    names[0] = "walk-renamed".to_owned();
    let renamed = GetUserRequest::builder()
        .user_name("walk-renamed")
        .build()
        .send(&client)
        .await
        .expect("GetUser of the new name")
        .user;
    assert_eq!(renamed.path, "/walk/renamed/");
    assert_eq!(renamed.user_id, user.user_id, "the same user, renamed");
    let gone = GetUserRequest::builder()
        .user_name("walk-user-0")
        .build()
        .send(&client)
        .await
        .expect_err("the old name is gone");
    let service = gone.service_error().expect("a service error");
    assert!(
        matches!(service.err(), GetUserError::NoSuchEntityException(_)),
        "expected NoSuchEntityException, got {:?} (code {})",
        service.err(),
        service.code
    );
    assert_eq!(service.status, 404);

    // Asked for two per page; moto 5.2.6 ignores `MaxItems` and `Marker` in ListUsers and
    // answers with one untruncated page (see "Against moto" in the README), so the users are
    // checked, not the number of pages. ListRoles, which moto does page, is walked below.
    let pages = all_pages(
        ListUsersRequest::builder()
            .path_prefix("/walk/")
            .max_items(2)
            .build()
            .paginate(&client),
    )
    .await;
    let mut listed: Vec<String> = pages
        .into_iter()
        .flat_map(|page| page.users)
        .map(|u| u.user_name)
        .collect();
    listed.sort();
    let mut expected = names.clone();
    expected.sort();
    assert_eq!(listed, expected);

    for name in &names {
        DeleteUserRequest::builder()
            .user_name(name.as_str())
            .build()
            .send(&client)
            .await
            .expect("DeleteUser");
    }
    let left = ListUsersRequest::builder()
        .path_prefix("/walk/")
        .build()
        .send(&client)
        .await
        .expect("ListUsers");
    assert!(left.users.is_empty(), "{:?}", left.users);
}

#[tokio::test]
async fn roles_carry_trust_and_inline_policies_and_are_listed_by_page() {
    let moto = Moto::start();
    let client = client(&moto);

    let role = CreateRoleRequest::builder()
        .role_name("walk-role")
        .path("/walk/")
        .assume_role_policy_document(trust_policy())
        .description("Rôle de déploiement pour Zoë")
        .max_session_duration(7200)
        .tags(vec![Tag::builder().key("owner").value(TAG_VALUE).build()])
        .build()
        .send(&client)
        .await
        .expect("CreateRole")
        .role;
    assert_eq!(role.arn, "arn:aws:iam::123456789012:role/walk/walk-role");
    assert_recent("CreateRole CreateDate", role.create_date.secs());

    let read = GetRoleRequest::builder()
        .role_name("walk-role")
        .build()
        .send(&client)
        .await
        .expect("GetRole")
        .role;
    assert_eq!(read.role_id, role.role_id);
    assert_eq!(
        read.description.as_deref(),
        Some("Rôle de déploiement pour Zoë")
    );
    assert_eq!(read.max_session_duration, Some(7200));
    let encoded = read
        .assume_role_policy_document
        .expect("GetRole returns the trust policy");
    assert!(
        encoded.starts_with("%7B"),
        "IAM sends the document URL-encoded: {encoded}"
    );
    assert_eq!(decode_policy(&encoded), trust_policy());
    assert_eq!(
        read.tags.expect("GetRole returns the tags"),
        vec![Tag::builder().key("owner").value(TAG_VALUE).build()]
    );

    PutRolePolicyRequest::builder()
        .role_name("walk-role")
        .policy_name("read-reports")
        .policy_document(inline_policy())
        .build()
        .send(&client)
        .await
        .expect("PutRolePolicy");
    let inline = GetRolePolicyRequest::builder()
        .role_name("walk-role")
        .policy_name("read-reports")
        .build()
        .send(&client)
        .await
        .expect("GetRolePolicy");
    assert_eq!(inline.role_name, "walk-role");
    assert_eq!(inline.policy_name, "read-reports");
    assert_eq!(decode_policy(&inline.policy_document), inline_policy());
    let policy_names = ListRolePoliciesRequest::builder()
        .role_name("walk-role")
        .build()
        .send(&client)
        .await
        .expect("ListRolePolicies")
        .policy_names;
    assert_eq!(policy_names, ["read-reports"]);

    let updated = UpdateRoleDescriptionRequest::builder()
        .role_name("walk-role")
        .description("Rôle changé, déjà")
        .build()
        .send(&client)
        .await
        .expect("UpdateRoleDescription")
        .role
        .expect("UpdateRoleDescription returns the role");
    assert_eq!(updated.description.as_deref(), Some("Rôle changé, déjà"));

    for i in 0..4 {
        CreateRoleRequest::builder()
            .role_name(format!("walk-listed-{i}"))
            .path("/walk/")
            .assume_role_policy_document(trust_policy())
            .build()
            .send(&client)
            .await
            .expect("CreateRole");
    }
    let pages = all_pages(
        ListRolesRequest::builder()
            .path_prefix("/walk/")
            .max_items(2)
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 3, "five roles, two per page");
    let mut listed: Vec<String> = pages
        .into_iter()
        .flat_map(|page| page.roles)
        .map(|r| r.role_name)
        .collect();
    listed.sort();
    assert_eq!(
        listed,
        [
            "walk-listed-0",
            "walk-listed-1",
            "walk-listed-2",
            "walk-listed-3",
            "walk-role"
        ]
    );

    DeleteRolePolicyRequest::builder()
        .role_name("walk-role")
        .policy_name("read-reports")
        .build()
        .send(&client)
        .await
        .expect("DeleteRolePolicy");
    for name in listed {
        DeleteRoleRequest::builder()
            .role_name(name)
            .build()
            .send(&client)
            .await
            .expect("DeleteRole");
    }
    let error = GetRoleRequest::builder()
        .role_name("walk-role")
        .build()
        .send(&client)
        .await
        .expect_err("the role is gone");
    let service = error.service_error().expect("a service error");
    assert!(
        matches!(service.err(), GetRoleError::NoSuchEntityException(_)),
        "expected NoSuchEntityException, got {:?} (code {})",
        service.err(),
        service.code
    );
}

#[tokio::test]
async fn an_access_key_keeps_its_secret_out_of_debug() {
    let moto = Moto::start();
    let client = client(&moto);
    CreateUserRequest::builder()
        .user_name("walk-keyholder")
        .build()
        .send(&client)
        .await
        .expect("CreateUser");

    let key = CreateAccessKeyRequest::builder()
        .user_name("walk-keyholder")
        .build()
        .send(&client)
        .await
        .expect("CreateAccessKey")
        .access_key;
    assert_eq!(key.user_name, "walk-keyholder");
    assert_eq!(key.status, StatusType::Active);
    assert_eq!(
        key.secret_access_key.len(),
        40,
        "an AWS secret key's length"
    );
    assert_recent(
        "CreateAccessKey CreateDate",
        key.create_date.expect("a creation date").secs(),
    );
    let debug = format!("{key:?}");
    assert!(debug.contains(&key.access_key_id), "{debug}");
    assert!(
        !debug.contains(&key.secret_access_key),
        "Debug shows no secret access key: {debug}"
    );

    let listed = ListAccessKeysRequest::builder()
        .user_name("walk-keyholder")
        .build()
        .send(&client)
        .await
        .expect("ListAccessKeys")
        .access_key_metadata;
    let ids: Vec<_> = listed
        .iter()
        .filter_map(|m| m.access_key_id.as_deref())
        .collect();
    assert_eq!(ids, [key.access_key_id.as_str()]);

    DeleteAccessKeyRequest::builder()
        .user_name("walk-keyholder")
        .access_key_id(key.access_key_id.as_str())
        .build()
        .send(&client)
        .await
        .expect("DeleteAccessKey");
    let listed = ListAccessKeysRequest::builder()
        .user_name("walk-keyholder")
        .build()
        .send(&client)
        .await
        .expect("ListAccessKeys")
        .access_key_metadata;
    assert!(listed.is_empty(), "{listed:?}");
    DeleteUserRequest::builder()
        .user_name("walk-keyholder")
        .build()
        .send(&client)
        .await
        .expect("DeleteUser");
}
