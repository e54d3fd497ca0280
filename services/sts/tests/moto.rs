//! STS walked against moto, a third-party emulator: who the caller is, a role assumed with
//! tags and a duration (its credentials' expiration is a timestamp in the response), a session
//! token. moto's only STS errors are the model's length limits, which aws-op refuses before
//! sending; that refusal is asserted here as the typed validation error it is.

use aws_op::Client;
use aws_op_moto::Moto;
use aws_op_sts::*;

#[tokio::test]
async fn the_caller_assumes_a_role_and_gets_a_session_token() {
    let moto = Moto::start();
    let client: Client<Sts> = Client::new(&moto.config()).unwrap();

    let me = GetCallerIdentityRequest {}
        .send(&client)
        .await
        .expect("GetCallerIdentity");
    let account = me.account.expect("an account");
    assert_eq!(account.len(), 12);
    assert!(me.arn.is_some_and(|arn| arn.starts_with("arn:aws:")));

    let role_arn = format!("arn:aws:iam::{account}:role/walk-role");
    let assumed = AssumeRoleRequest::builder()
        .role_arn(role_arn.as_str())
        .role_session_name("walk-session@example.com")
        .duration_seconds(1800)
        .tags(vec![Tag::builder().key("team").value("wälks ü").build()])
        .build()
        .send(&client)
        .await
        .expect("AssumeRole");
    let credentials = assumed.credentials.expect("credentials");
    assert!(!credentials.access_key_id.is_empty());
    assert!(!credentials.session_token.is_empty());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let lifetime = credentials.expiration.secs() - now;
    assert!(
        (1700..=1900).contains(&lifetime),
        "expires in {lifetime} s, asked for 1800"
    );
    assert!(
        !format!("{credentials:?}").contains(&credentials.secret_access_key),
        "Debug shows no secret access key"
    );
    let user = assumed.assumed_role_user.expect("the assumed role user");
    assert!(
        user.arn.ends_with("walk-role/walk-session@example.com"),
        "{}",
        user.arn
    );

    let session = GetSessionTokenRequest::builder()
        .duration_seconds(900)
        .build()
        .send(&client)
        .await
        .expect("GetSessionToken");
    assert!(session.credentials.is_some());
}

#[tokio::test]
async fn a_session_name_over_the_models_limit_is_refused_before_sending() {
    let moto = Moto::start();
    let client: Client<Sts> = Client::new(&moto.config()).unwrap();
    let error = AssumeRoleRequest::builder()
        .role_arn("arn:aws:iam::123456789012:role/walk-role")
        .role_session_name("x".repeat(65))
        .build()
        .send(&client)
        .await
        .expect_err("65 characters break length(max = 64)");
    let validation = error.validation_error().expect("a validation error");
    assert!(
        validation.to_string().contains("RoleSessionName"),
        "{validation}"
    );
}
