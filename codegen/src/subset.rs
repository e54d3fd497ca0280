//! Only what a program calls: a model cut down to some operations (`--operations`). Shapes
//! follow by themselves, since the generator writes only what the remaining operations reach;
//! paginator entries of the other operations are dropped with them.

use crate::{CodegenError, Model};
use serde_json::Value;

/// `model` with only the operations `names`, and `paginators` with only their entries.
///
/// # Errors
///
/// [`CodegenError::InvalidOption`] naming every name that is not an operation of the model.
pub fn only_operations(
    model: &Model,
    paginators: Option<Value>,
    names: &[String],
) -> Result<(Model, Option<Value>), CodegenError> {
    let unknown: Vec<&str> = names
        .iter()
        .filter(|n| !model.operations().contains_key(n.as_str()))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(CodegenError::InvalidOption {
            option: "operations",
            message: format!(
                "not operations of the model: {} (it has {} operations, such as {})",
                unknown.join(", "),
                model.operations().len(),
                model
                    .operations()
                    .keys()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let keep = |name: &str| names.iter().any(|n| n == name);
    let mut subset = model.clone();
    subset.retain_operations(keep);
    let paginators = paginators.map(|mut document| {
        let table = match document.get_mut("pagination") {
            Some(table) => table,
            None => &mut document,
        };
        if let Some(entries) = table.as_object_mut() {
            entries.retain(|name, _| keep(name));
        }
        document
    });
    Ok((subset, paginators))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"{
        "version": "2.0",
        "metadata": {"apiVersion": "2024-01-01", "endpointPrefix": "demo", "protocol": "json",
                     "jsonVersion": "1.0", "targetPrefix": "Demo", "serviceId": "Demo",
                     "signatureVersion": "v4", "uid": "demo-2024-01-01"},
        "operations": {
            "GetThing": {"name": "GetThing", "http": {"method": "POST", "requestUri": "/"},
                         "input": {"shape": "GetThingInput"}, "output": {"shape": "Thing"}},
            "ListThings": {"name": "ListThings", "http": {"method": "POST", "requestUri": "/"},
                           "input": {"shape": "ListThingsInput"}, "output": {"shape": "ThingList"}}
        },
        "shapes": {
            "GetThingInput": {"type": "structure", "members": {"Id": {"shape": "String"}}},
            "Thing": {"type": "structure", "members": {"Id": {"shape": "String"}}},
            "ListThingsInput": {"type": "structure", "members": {"NextToken": {"shape": "String"}}},
            "ThingList": {"type": "structure", "members": {
                "Things": {"shape": "Things"}, "NextToken": {"shape": "String"}}},
            "Things": {"type": "list", "member": {"shape": "Summary"}},
            "Summary": {"type": "structure", "members": {"Id": {"shape": "String"}}},
            "String": {"type": "string"}
        }
    }"#;

    fn paginators() -> Value {
        serde_json::json!({"pagination": {"ListThings": {
            "input_token": "NextToken", "output_token": "NextToken", "result_key": "Things"}}})
    }

    #[test]
    fn the_other_operations_their_shapes_and_their_paginators_are_left_out() {
        let model = Model::from_service_str(MODEL).unwrap();
        let (subset, pages) =
            only_operations(&model, Some(paginators()), &["GetThing".to_string()]).unwrap();
        assert_eq!(subset.operations().keys().collect::<Vec<_>>(), ["GetThing"]);
        assert_eq!(pages.unwrap()["pagination"], serde_json::json!({}));
        let source = crate::generate(&subset, &crate::Options::new("Demo")).unwrap();
        assert!(source.contains("pub struct GetThingRequest"));
        assert!(!source.contains("ListThings"));
        assert!(!source.contains("pub struct Summary"));
    }

    #[test]
    fn unknown_names_are_all_reported() {
        let model = Model::from_service_str(MODEL).unwrap();
        let error = only_operations(
            &model,
            None,
            &["GetThing".into(), "Nope".into(), "Gone".into()],
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("Nope, Gone"), "{error}");
    }
}
