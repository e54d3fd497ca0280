//! Serialisation and parsing edge cases of the generated code, checked on exact wire values.

use aws_op::{HttpRequest, HttpResponse};
use aws_op::{Operation, Rule};
use aws_op_iot_managed_integrations::*;
use std::collections::HashMap;

fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("x-amzn-RequestId".into(), "req-1".into())],
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn create_serialises_body_members_in_order_and_sorted_tags() {
    let mut tags = HashMap::new();
    tags.insert("zone".to_string(), "b".to_string());
    tags.insert("env".to_string(), "prod".to_string());
    let req = CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd-1")
        .name("my assoc")
        .tags(tags)
        .client_token("tok-1")
        .general_authorization(
            GeneralAuthorizationName::builder()
                .auth_material_name("m1")
                .build(),
        )
        .build();
    let http = req.serialize();
    assert_eq!(http.method, "POST");
    assert_eq!(http.path, "/account-associations");
    assert!(http.query.is_empty());
    assert_eq!(http.header("content-type"), Some("application/json"));
    let body = String::from_utf8(http.body_bytes().unwrap().to_vec()).unwrap();
    assert_eq!(
        body,
        r#"{"ClientToken":"tok-1","ConnectorDestinationId":"cd-1","Name":"my assoc","Tags":{"env":"prod","zone":"b"},"GeneralAuthorization":{"AuthMaterialName":"m1"}}"#
    );
}

#[test]
fn body_with_all_members_unset_is_an_empty_object() {
    let req = UpdateAccountAssociationRequest::builder()
        .account_association_id("abc")
        .build();
    let http = req.serialize();
    assert_eq!(http.method, "PUT");
    assert_eq!(http.path, "/account-associations/abc");
    assert_eq!(
        http.body.as_ref().and_then(|b| b.as_bytes()),
        Some(&b"{}"[..])
    );
    assert_eq!(http.header("content-type"), Some("application/json"));
}

#[test]
fn input_without_body_members_sends_no_body_and_no_content_type() {
    let req = GetAccountAssociationRequest::builder()
        .account_association_id("abc")
        .build();
    let http = req.serialize();
    assert_eq!(http.body, None);
    assert_eq!(http.header("content-type"), None);
    let list = ListAccountAssociationsRequest::builder()
        .max_results(10)
        .next_token("a=b")
        .build()
        .serialize();
    assert_eq!(list.body, None);
    assert_eq!(
        list.path_and_query(),
        "/account-associations?MaxResults=10&NextToken=a%3Db"
    );
}

#[test]
fn labels_are_percent_encoded() {
    let req = GetAccountAssociationRequest::builder()
        .account_association_id("a b/c")
        .build();
    assert_eq!(req.serialize().path, "/account-associations/a%20b%2Fc");
}

#[test]
fn validation_lists_every_violation_with_wire_paths() {
    let mut tags = HashMap::new();
    tags.insert(String::new(), "x".repeat(300));
    let req = CreateAccountAssociationRequest::builder()
        .connector_destination_id("!!")
        .name("")
        .tags(tags)
        .general_authorization(
            GeneralAuthorizationName::builder()
                .auth_material_name("   ")
                .build(),
        )
        .build();
    let err = req.validate(true).unwrap_err();
    let paths: Vec<(&str, Rule)> = err
        .violations
        .iter()
        .map(|v| (v.path.as_str(), v.rule))
        .collect();
    assert_eq!(
        paths,
        vec![
            ("ConnectorDestinationId", Rule::Pattern),
            ("Name", Rule::Length),
            ("Name", Rule::Pattern),
            ("Tags.key", Rule::Length),
            ("Tags.value", Rule::Length),
            ("GeneralAuthorization.AuthMaterialName", Rule::Pattern),
        ]
    );
    let text = err.to_string();
    assert!(
        text.starts_with("CreateAccountAssociation input is invalid (6 violations)"),
        "{text}"
    );
    assert!(text.contains("\"!!\""), "{text}");
    // Without constraint checks the same input passes.
    assert!(req.validate(false).is_ok());
}

#[test]
fn sensitive_members_are_redacted_in_debug_and_messages() {
    let mut tags = HashMap::new();
    tags.insert("secret-key".to_string(), "secret-value".to_string());
    let req = CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd")
        .tags(tags)
        .build();
    let shown = format!("{req:?}");
    assert!(!shown.contains("secret"), "{shown}");
    assert!(shown.contains("*** Sensitive Data Redacted ***"), "{shown}");
    let out = CreateAccountAssociationRequest::parse_output(&response(
        201,
        r#"{"OAuthAuthorizationUrl":"https://auth/secret-url","AccountAssociationId":"a1","AssociationState":"ASSOCIATION_IN_PROGRESS"}"#,
    ))
    .unwrap();
    assert!(!format!("{out:?}").contains("secret-url"));
    assert_eq!(out.o_auth_authorization_url, "https://auth/secret-url");
}

#[test]
fn unknown_enum_values_are_kept() {
    let out = GetAccountAssociationRequest::parse_output(&response(
        200,
        r#"{"OAuthAuthorizationUrl":"u","AccountAssociationId":"a1","AssociationState":"SOMETHING_NEW","Extra":1}"#,
    ))
    .unwrap();
    assert_eq!(
        out.association_state,
        AssociationState::Unknown("SOMETHING_NEW".into())
    );
    assert_eq!(out.association_state.as_str(), "SOMETHING_NEW");
}

#[test]
fn missing_required_output_member_is_an_error_naming_it() {
    let err = CreateAccountAssociationRequest::parse_output(&response(
        201,
        r#"{"OAuthAuthorizationUrl":"u","AssociationState":"ASSOCIATION_FAILED"}"#,
    ))
    .unwrap_err();
    assert_eq!(err.path(), "AccountAssociationId");
    assert!(err.to_string().contains("required member is missing"));
}

#[test]
fn malformed_bodies_are_errors_not_panics() {
    for body in [
        "not json",
        "[1,2]",
        "{\"Items\": 5}",
        "{\"Items\": [{\"AccountAssociationId\": 1}]}",
        "\u{0}",
        "{",
    ] {
        let r = ListAccountAssociationsRequest::parse_output(&response(200, body));
        assert!(r.is_err(), "{body} should fail");
    }
    let err = ListAccountAssociationsRequest::parse_output(&response(
        200,
        r#"{"Items":[{"AccountAssociationId":"a","AssociationState":"X"},{"AccountAssociationId":7,"AssociationState":"X"}]}"#,
    ))
    .unwrap_err();
    assert_eq!(err.path(), "Items[1].AccountAssociationId");
}

#[test]
fn empty_body_is_accepted_when_nothing_is_required() {
    let out = ListAccountAssociationsRequest::parse_output(&response(200, "")).unwrap();
    assert!(out.items.is_none() && out.next_token.is_none());
    UpdateAccountAssociationRequest::parse_output(&response(204, "")).unwrap();
}

#[test]
fn server_side_parse_round_trips_the_request() {
    let req = ListManagedThingAccountAssociationsRequest::builder()
        .managed_thing_id("thing:1")
        .max_results(5)
        .build();
    let http: HttpRequest = req.serialize();
    let back = ListManagedThingAccountAssociationsRequest::parse_request(&http).unwrap();
    assert_eq!(back, req);
    let create = CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd")
        .description("d")
        .build();
    let back = CreateAccountAssociationRequest::parse_request(&create.serialize()).unwrap();
    assert_eq!(back, create);
}
