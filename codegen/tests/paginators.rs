//! Paginators whose items are not a plain list of named types: a map result (its entries), a
//! list of lists or of maps (generic item types), and a structure result or integer tokens (left
//! unpaginated).
//! The text is what rustfmt would write.

mod common;

use aws_op_codegen::{generate, Model, Options};

const MODEL: &str = r#"{
    "metadata": {"protocol": "rest-json", "serviceId": "Usage", "apiVersion": "2024-01-01",
                 "signingName": "usage"},
    "operations": {
        "GetUsage": {"name": "GetUsage", "http": {"method": "GET", "requestUri": "/usage"},
            "input": {"shape": "PageIn"}, "output": {"shape": "UsageOut"}},
        "GetRows": {"name": "GetRows", "http": {"method": "GET", "requestUri": "/rows"},
            "input": {"shape": "PageIn"}, "output": {"shape": "RowsOut"}},
        "GetHistory": {"name": "GetHistory", "http": {"method": "GET", "requestUri": "/history"},
            "input": {"shape": "PageIn"}, "output": {"shape": "HistoryOut"}},
        "GetParts": {"name": "GetParts", "http": {"method": "GET", "requestUri": "/parts"},
            "input": {"shape": "PartsIn"}, "output": {"shape": "PartsOut"}}
    },
    "shapes": {
        "PageIn": {"type": "structure", "members": {
            "position": {"shape": "S", "location": "querystring", "locationName": "position"},
            "limit": {"shape": "N", "location": "querystring", "locationName": "limit"}}},
        "UsageOut": {"type": "structure", "members": {
            "items": {"shape": "UsageMap"}, "position": {"shape": "S"}}},
        "UsageMap": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "Counts"}},
        "Counts": {"type": "list", "member": {"shape": "Counts2"}},
        "Counts2": {"type": "list", "member": {"shape": "L"}},
        "RowsOut": {"type": "structure", "members": {
            "rows": {"shape": "Rows"}, "position": {"shape": "S"}}},
        "Rows": {"type": "list", "member": {"shape": "Row"}},
        "Row": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}},
        "HistoryOut": {"type": "structure", "members": {
            "history": {"shape": "History"}, "position": {"shape": "S"}}},
        "History": {"type": "structure", "members": {"total": {"shape": "N"}}},
        "PartsIn": {"type": "structure", "members": {
            "marker": {"shape": "N", "location": "querystring", "locationName": "marker"}}},
        "PartsOut": {"type": "structure", "members": {
            "parts": {"shape": "Rows"}, "next": {"shape": "N"}}},
        "S": {"type": "string"},
        "N": {"type": "integer"},
        "L": {"type": "long"}
    }
}"#;

const PAGINATORS: &str = r#"{"pagination": {
    "GetUsage": {"input_token": "position", "output_token": "position",
                 "limit_key": "limit", "result_key": "items"},
    "GetRows": {"input_token": "position", "output_token": "position", "result_key": "rows"},
    "GetHistory": {"input_token": "position", "output_token": "position",
                   "result_key": "history"},
    "GetParts": {"input_token": "marker", "output_token": "next", "result_key": "parts"}
}}"#;

#[test]
fn map_and_nested_results_page_and_structure_results_and_integer_tokens_do_not() {
    let model = Model::from_service_str(MODEL).unwrap();
    let options = Options {
        paginators: Some(serde_json::from_str(PAGINATORS).unwrap()),
        ..Options::default()
    };
    let source = generate(&model, &options).unwrap();
    if let Err(diff) = common::rustfmt_check(&source) {
        panic!("not rustfmt-stable:\n{diff}\n{source}");
    }
    for expected in [
        // A map's items are its entries.
        "    paginated(\n        input_token = position,\n        output_token = position,\n        \
         items = items,\n        item = (String, Vec::<Vec::<i64>>),\n        page_size = limit\n    )\n",
        // Generic item types are written with `::<>`, as attribute values are expressions.
        "        items = rows,\n        item = HashMap::<String, String>\n",
    ] {
        assert!(source.contains(expected), "{expected}\n---\n{source}");
    }
    // A structure result gathers nothing item by item, and integer tokens (S3's ListParts)
    // are not page tokens: those operations are not paginated.
    for request in ["GetHistoryRequest", "GetPartsRequest"] {
        let at = source.find(&format!("pub struct {request}")).unwrap();
        let attribute = source[..at].rfind("#[aws_operation(").unwrap();
        assert!(!source[attribute..at].contains("paginated"), "{source}");
    }
}

/// S3's ListObjectsV2 pages two result keys (`Contents`, `CommonPrefixes`): the first gives the
/// items, and the operation pages.
#[test]
fn the_first_of_several_result_keys_gives_the_items() {
    let model = Model::from_service_str(
        r#"{
        "metadata": {"protocol": "rest-xml", "serviceId": "Store", "apiVersion": "2006-03-01",
                     "signingName": "store"},
        "operations": {
            "ListKeys": {"name": "ListKeys", "http": {"method": "GET", "requestUri": "/{B}"},
                "input": {"shape": "In"}, "output": {"shape": "Out"}}
        },
        "shapes": {
            "In": {"type": "structure", "required": ["B"], "members": {
                "B": {"shape": "S", "location": "uri", "locationName": "B"},
                "Token": {"shape": "S", "location": "querystring", "locationName": "token"}}},
            "Out": {"type": "structure", "members": {
                "Contents": {"shape": "Keys"}, "CommonPrefixes": {"shape": "Keys"},
                "NextToken": {"shape": "S"}}},
            "Keys": {"type": "list", "member": {"shape": "S"}},
            "S": {"type": "string"}
        }
    }"#,
    )
    .unwrap();
    let options = Options {
        paginators: Some(
            serde_json::from_str(
                r#"{"pagination": {"ListKeys": {"input_token": "Token",
                    "output_token": "NextToken", "result_key": ["Contents", "CommonPrefixes"]}}}"#,
            )
            .unwrap(),
        ),
        ..Options::default()
    };
    let source = generate(&model, &options).unwrap();
    let expected = "    paginated(\n        input_token = token,\n        output_token = next_token,\n        \
                    items = contents,\n        item = String\n    ),\n";
    assert!(source.contains(expected), "{expected}\n---\n{source}");
}
