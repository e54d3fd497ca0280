//! `paginators-1.json`: which operations page, and through which fields.
//!
//! An entry becomes `paginated(...)` on its operation when its `input_token`, `output_token`,
//! `result_key` and (optional) `limit_key` are each one plain member name and the result key is
//! a list (its elements are the items) or a map (its `(key, value)` entries are). Of several
//! result keys the first gives the items (pages hold them all). botocore's other forms (several
//! tokens, JMESPath expressions such as `a.b`, a result key that is a structure or a string,
//! tokens that are not strings) have no macro counterpart and are left out.

use crate::error::CodegenError;
use crate::json::Json;
use crate::layout::Arg;
use crate::model::{Model, ShapeKind};
use crate::resolve::{Field, Resolved};
use std::collections::BTreeMap;

/// The fields that link an operation's pages, as Rust identifiers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pagination {
    pub input_token: String,
    pub output_token: String,
    pub items: String,
    pub item: String,
    pub page_size: Option<String>,
}

impl Pagination {
    /// The `paginated(...)` argument of `#[aws_operation]`.
    pub fn arg(&self) -> Arg {
        let mut args = vec![
            Arg::raw("input_token", &self.input_token),
            Arg::raw("output_token", &self.output_token),
            Arg::raw("items", &self.items),
            Arg::raw("item", &self.item),
        ];
        if let Some(p) = &self.page_size {
            args.push(Arg::raw("page_size", p));
        }
        Arg::List("paginated".into(), args)
    }
}

/// One plain member name, or `None` for the forms that are left out.
fn plain(value: Option<&Json>) -> Option<&str> {
    let name = value?.as_str()?;
    let simple = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    simple.then_some(name)
}

/// The result key whose elements are the items: a plain name, or the first of several (S3's
/// ListObjectsV2 pages `Contents` and `CommonPrefixes`; the items are `Contents`, and every
/// page still holds both).
fn first_result_key(value: Option<&Json>) -> Option<&str> {
    match value? {
        Json::Array(keys) => plain(keys.first()),
        single => plain(Some(single)),
    }
}

/// Reads a paginators document (`{"pagination": {...}}`, or the inner object).
pub(crate) fn read(
    paginators: &serde_json::Value,
    model: &Model,
    resolved: &Resolved,
) -> Result<BTreeMap<String, Pagination>, CodegenError> {
    let json = Json::from_value(paginators);
    let table = json.get("pagination").unwrap_or(&json);
    let Some(entries) = table.as_object() else {
        return Err(CodegenError::invalid(
            "paginators",
            format!("expected an object, found {}", table.kind()),
        ));
    };
    let mut out = BTreeMap::new();
    for (op_name, entry) in entries {
        let at = format!("paginators.{op_name}");
        let Some(op) = resolved.operation(op_name) else {
            return Err(CodegenError::invalid(
                &at,
                "names an operation the model does not define",
            ));
        };
        let (Some(input_token), Some(output_token), Some(result_key)) = (
            plain(entry.get("input_token")),
            plain(entry.get("output_token")),
            first_result_key(entry.get("result_key")),
        ) else {
            continue;
        };
        let limit_key = match entry.get("limit_key") {
            None => None,
            Some(k) => match plain(Some(k)) {
                Some(k) => Some(k),
                None => continue,
            },
        };
        let output = op
            .output_shape
            .as_deref()
            .and_then(|s| resolved.shape(s))
            .ok_or_else(|| CodegenError::invalid(&at, "the operation has no output to page"))?;
        let input_field = |key: &str, member: &str| {
            op.input_field(member).ok_or_else(|| {
                CodegenError::invalid(
                    format!("{at}.{key}"),
                    format!("the input of {op_name} has no member `{member}`"),
                )
            })
        };
        let output_field = |key: &str, member: &str| {
            output.field(member).ok_or_else(|| {
                CodegenError::invalid(
                    format!("{at}.{key}"),
                    format!("the output of {op_name} has no member `{member}`"),
                )
            })
        };
        let input_token = input_field("input_token", input_token)?;
        let output_token = output_field("output_token", output_token)?;
        // Page tokens are strings; S3's ListParts pages by an integer part number, which has
        // no macro counterpart: the operation is left unpaginated.
        let is_string =
            |field: &Field| matches!(model.defined(&field.target).kind, ShapeKind::String(_));
        if !is_string(input_token) || !is_string(output_token) {
            continue;
        }
        let items = output_field("result_key", result_key)?;
        let item = match &model.defined(&items.target).kind {
            ShapeKind::List(element) => resolved.shape(&element.shape).map(|s| s.rust_type.clone()),
            // A map's items are its entries; keys are `String` in the generated code.
            ShapeKind::Map(_, value) => resolved
                .shape(&value.shape)
                .map(|s| format!("(String, {})", s.rust_type)),
            // Other result keys (a structure, a string) gather nothing item by item; the
            // operation is left unpaginated.
            _ => continue,
        };
        let Some(item) = item else {
            return Err(CodegenError::invalid(
                format!("{at}.result_key"),
                format!("`{result_key}` holds a type the model does not resolve"),
            ));
        };
        out.insert(
            op_name.clone(),
            Pagination {
                input_token: input_token.ident.clone(),
                output_token: output_token.ident.clone(),
                items: items.ident.clone(),
                // Attribute values are expressions: generic arguments take `::<>`.
                item: item.replace('<', "::<"),
                page_size: limit_key
                    .map(|k| input_field("limit_key", k).map(|f| f.ident.clone()))
                    .transpose()?,
            },
        );
    }
    Ok(out)
}
