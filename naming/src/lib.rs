//! The default wire name of a member: the one naming rule that the `#[aws(...)]` macros apply
//! and that the generator predicts (it writes `name = "..."` only where the default differs).
//!
//! A crate of its own, without dependencies, because a proc-macro crate can export nothing but
//! macros: the generator could not import the rule from the macros, and the macros should not
//! depend on the generator (serde, serde_json).

/// The wire name of a field by default: `r#` stripped, each `_`-separated part capitalised,
/// the rest kept as written (`connector_destination_id` -> `ConnectorDestinationId`,
/// `o_auth_authorization_url` -> `OAuthAuthorizationUrl`, `r#type` -> `Type`).
pub fn wire_name(field: &str) -> String {
    let name = field.strip_prefix("r#").unwrap_or(field);
    let mut out = String::with_capacity(name.len());
    for part in name.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_is_capitalised_and_inner_capitals_kept() {
        assert_eq!(
            wire_name("o_auth_authorization_url"),
            "OAuthAuthorizationUrl"
        );
        assert_eq!(wire_name("client_token"), "ClientToken");
        assert_eq!(wire_name("r#type"), "Type");
        assert_eq!(wire_name("self_"), "Self");
        assert_eq!(wire_name("_1st__x"), "1stX");
        assert_eq!(wire_name("été"), "Été");
        assert_eq!(wire_name(""), "");
    }
}
