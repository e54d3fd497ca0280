//! Lambda walked against moto, a third-party emulator: functions created from an in-memory zip
//! (with an IAM role made first through aws-op-iam, since moto checks it exists), read back,
//! reconfigured with unicode environment values and descriptions, tagged, listed, published as
//! a version behind an alias and deleted; a deleted function arrives as the typed
//! ResourceNotFoundException; environment variables and the zip are kept out of `Debug`.
//! Invoke is not walked: moto runs functions in Docker.

use aws_op::{Blob, Client};
use aws_op_lambda::*;
use aws_op_moto::{all_pages, Moto};
use std::collections::HashMap;

#[path = "../examples/shared/stored_zip.rs"]
mod stored_zip;
use stored_zip::zip_one_file;

const HANDLER_SOURCE: &str = "def handler(event, context):\n    return {'greeting': 'Zoë 🚀'}\n";

const TRUST_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

fn client(moto: &Moto) -> Client<Lambda> {
    Client::new(&moto.config()).expect("a client for moto")
}

/// The role Lambda assumes; moto refuses a function whose role IAM does not know.
async fn create_role(moto: &Moto) -> String {
    let iam: Client<aws_op_iam::Iam> = Client::new(&moto.config()).expect("an IAM client");
    aws_op_iam::CreateRoleRequest::builder()
        .role_name("walk-lambda-role")
        .assume_role_policy_document(TRUST_POLICY)
        .build()
        .send(&iam)
        .await
        .expect("CreateRole")
        .role
        .arn
}

fn environment(name: &str, value: &str) -> Environment {
    Environment::builder()
        .variables(HashMap::from([(name.to_string(), value.to_string())]))
        .build()
}

fn variables(configuration: &FunctionConfiguration) -> HashMap<String, String> {
    configuration
        .environment
        .as_ref()
        .and_then(|e| e.variables.clone())
        .unwrap_or_default()
}

fn create_request(name: &str, role: &str, zip: &[u8]) -> CreateFunctionRequest {
    CreateFunctionRequest::builder()
        .function_name(name)
        .role(role)
        .runtime(Runtime::Python312)
        .handler("index.handler")
        .description("first — ünïcode ✓")
        .timeout(3)
        .memory_size(128)
        .environment(environment("GREETING", "Zoë 🚀"))
        .tags(HashMap::from([("team".to_string(), "walks".to_string())]))
        .code(FunctionCode::builder().zip_file(Blob::from(zip)).build())
        .build()
}

#[tokio::test]
async fn functions_are_created_read_updated_tagged_listed_published_and_deleted() {
    let moto = Moto::start();
    let client = client(&moto);
    let role = create_role(&moto).await;
    let zip = zip_one_file("index.py", HANDLER_SOURCE.as_bytes());

    let request = create_request("walk-fn-0", &role, &zip);
    let debug = format!("{request:?}");
    assert!(
        !debug.contains("Zoë") && !debug.contains("GREETING"),
        "Debug shows no environment: {debug}"
    );
    assert!(!debug.contains("Blob("), "Debug shows no zip: {debug}");
    let created = request.send(&client).await.expect("CreateFunction");
    assert_eq!(created.function_name.as_deref(), Some("walk-fn-0"));
    assert_eq!(created.runtime, Some(Runtime::Python312));
    assert_eq!(created.role.as_deref(), Some(role.as_str()));
    assert_eq!(created.code_size, Some(zip.len() as i64));
    assert_eq!(
        variables(&created),
        HashMap::from([("GREETING".to_string(), "Zoë 🚀".to_string())])
    );
    let arn = created.function_arn.clone().expect("FunctionArn");
    assert!(arn.ends_with(":function:walk-fn-0"), "{arn}");
    for i in 1..3 {
        create_request(&format!("walk-fn-{i}"), &role, &zip)
            .send(&client)
            .await
            .expect("CreateFunction");
    }

    let got = GetFunctionRequest::builder()
        .function_name("walk-fn-0")
        .build()
        .send(&client)
        .await
        .expect("GetFunction");
    let configuration = got.configuration.expect("Configuration");
    assert_eq!(
        configuration.description.as_deref(),
        Some("first — ünïcode ✓")
    );
    assert_eq!(configuration.handler.as_deref(), Some("index.handler"));
    assert_eq!(
        got.tags.unwrap_or_default(),
        HashMap::from([("team".to_string(), "walks".to_string())])
    );

    let updated = UpdateFunctionConfigurationRequest::builder()
        .function_name("walk-fn-0")
        .description("second — 你好")
        .memory_size(256)
        .timeout(10)
        .environment(environment("GREETING", "héllo, wörld 你好"))
        .build()
        .send(&client)
        .await
        .expect("UpdateFunctionConfiguration");
    assert_eq!(updated.memory_size, Some(256));
    let reread = GetFunctionConfigurationRequest::builder()
        .function_name("walk-fn-0")
        .build()
        .send(&client)
        .await
        .expect("GetFunctionConfiguration");
    assert_eq!(reread.description.as_deref(), Some("second — 你好"));
    assert_eq!((reread.memory_size, reread.timeout), (Some(256), Some(10)));
    assert_eq!(
        variables(&reread),
        HashMap::from([("GREETING".to_string(), "héllo, wörld 你好".to_string())])
    );

    TagResourceRequest::builder()
        .resource(arn.as_str())
        .tags(HashMap::from([("stage".to_string(), "Zoë 🚀".to_string())]))
        .build()
        .send(&client)
        .await
        .expect("TagResource");
    let tags = ListTagsRequest::builder()
        .resource(arn.as_str())
        .build()
        .send(&client)
        .await
        .expect("ListTags")
        .tags
        .unwrap_or_default();
    assert_eq!(
        tags,
        HashMap::from([
            ("team".to_string(), "walks".to_string()),
            ("stage".to_string(), "Zoë 🚀".to_string()),
        ])
    );

    // moto 5.2.6 ignores MaxItems on ListFunctions and answers one page with every function
    // (boto3 sees the same): assert the functions, not the page count.
    let pages = all_pages(
        ListFunctionsRequest::builder()
            .max_items(2)
            .build()
            .paginate(&client),
    )
    .await;
    let mut listed: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.functions.unwrap_or_default())
        .filter_map(|f| f.function_name)
        .collect();
    listed.sort();
    assert_eq!(listed, ["walk-fn-0", "walk-fn-1", "walk-fn-2"]);

    let version = PublishVersionRequest::builder()
        .function_name("walk-fn-0")
        .description("v1 ✓")
        .build()
        .send(&client)
        .await
        .expect("PublishVersion");
    assert_eq!(version.version.as_deref(), Some("1"));
    assert_eq!(version.description.as_deref(), Some("v1 ✓"));
    let versions = ListVersionsByFunctionRequest::builder()
        .function_name("walk-fn-0")
        .build()
        .send(&client)
        .await
        .expect("ListVersionsByFunction")
        .versions
        .unwrap_or_default();
    let versions: Vec<Option<&str>> = versions.iter().map(|v| v.version.as_deref()).collect();
    assert_eq!(versions, [Some("$LATEST"), Some("1")]);

    let alias = CreateAliasRequest::builder()
        .function_name("walk-fn-0")
        .name("live")
        .function_version("1")
        .description("live — Zoë 🚀")
        .build()
        .send(&client)
        .await
        .expect("CreateAlias");
    assert!(alias
        .alias_arn
        .as_deref()
        .unwrap_or_default()
        .ends_with(":function:walk-fn-0:live"));
    let aliases = ListAliasesRequest::builder()
        .function_name("walk-fn-0")
        .build()
        .send(&client)
        .await
        .expect("ListAliases")
        .aliases
        .unwrap_or_default();
    let aliases: Vec<(Option<&str>, Option<&str>, Option<&str>)> = aliases
        .iter()
        .map(|a| {
            (
                a.name.as_deref(),
                a.function_version.as_deref(),
                a.description.as_deref(),
            )
        })
        .collect();
    assert_eq!(aliases, [(Some("live"), Some("1"), Some("live — Zoë 🚀"))]);

    for i in 0..3 {
        DeleteFunctionRequest::builder()
            .function_name(format!("walk-fn-{i}"))
            .build()
            .send(&client)
            .await
            .expect("DeleteFunction");
    }
    let missing = GetFunctionRequest::builder()
        .function_name("walk-fn-0")
        .build()
        .send(&client)
        .await
        .expect_err("the function was deleted");
    let service = missing.service_error().expect("a service error");
    assert!(
        matches!(
            service.err(),
            GetFunctionError::ResourceNotFoundException(_)
        ),
        "expected ResourceNotFoundException, got {:?}",
        service.err()
    );
    assert_eq!(service.status, 404);
    let left = ListFunctionsRequest::builder()
        .build()
        .send(&client)
        .await
        .expect("ListFunctions");
    assert!(left.functions.unwrap_or_default().is_empty());
}

#[test]
fn the_hand_made_zip_is_framed_as_a_zip() {
    let zip = zip_one_file("a", b"xyz");
    assert_eq!(&zip[..4], b"PK\x03\x04");
    assert_eq!(&zip[zip.len() - 22..zip.len() - 18], b"PK\x05\x06");
}
