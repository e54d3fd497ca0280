//! Host labels: a member marked `hostLabel` is a `host_label` only in operations whose host
//! prefix names it, as botocore fills them (S3 Control marks `AccountId` in every operation,
//! with or without a prefix).

use aws_op_codegen::{generate, Model, Options};

const MODEL: &str = r#"{
    "metadata": {"protocol": "rest-xml", "serviceId": "Control", "apiVersion": "2018-08-20",
                 "signingName": "control"},
    "operations": {
        "GetThing": {"name": "GetThing", "http": {"method": "GET", "requestUri": "/thing"},
            "endpoint": {"hostPrefix": "{AccountId}."}, "input": {"shape": "GetThingIn"}},
        "DeleteThing": {"name": "DeleteThing",
            "http": {"method": "DELETE", "requestUri": "/thing"},
            "input": {"shape": "DeleteThingIn"}}
    },
    "shapes": {
        "GetThingIn": {"type": "structure", "required": ["AccountId"], "members": {
            "AccountId": {"shape": "S", "hostLabel": true, "location": "header",
                          "locationName": "x-amz-account-id"}}},
        "DeleteThingIn": {"type": "structure", "required": ["AccountId"], "members": {
            "AccountId": {"shape": "S", "hostLabel": true, "location": "header",
                          "locationName": "x-amz-account-id"}}},
        "S": {"type": "string"}
    }
}"#;

#[test]
fn host_label_only_where_the_host_prefix_names_the_member() {
    let model = Model::from_service_str(MODEL).unwrap();
    let source = generate(&model, &Options::default()).unwrap();
    let input = |request: &str| {
        let at = source.find(&format!("pub struct {request}")).unwrap();
        let end = at + source[at..].find("\n}\n").unwrap();
        source[at..end].to_owned()
    };
    assert!(input("GetThingRequest").contains("host_label"), "{source}");
    assert!(
        !input("DeleteThingRequest").contains("host_label"),
        "{source}"
    );
}
