//! Rust names from model names: snake_case fields, PascalCase types and variants, keywords.
//! The wire name the macros give a field by default is the `aws-op-naming` crate's.

use std::collections::BTreeSet;

/// Rust's strict and reserved keywords (edition 2021), which need `r#` as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "static",
    "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual",
    "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self", "_"];

/// Splits a name into words: at non-alphanumeric characters, at a lower-case letter or digit
/// followed by an upper-case letter, and before the last capital of a run that is followed by
/// a lower-case letter (`KMSKeyArn` -> `KMS`, `Key`, `Arn`; `OAuthUrl` -> `O`, `Auth`, `Url`).
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).and_then(|p| chars.get(p)) {
            let next = chars.get(i + 1).copied();
            let boundary = c.is_uppercase()
                && ((prev.is_lowercase() || prev.is_ascii_digit())
                    || (prev.is_uppercase() && next.is_some_and(char::is_lowercase)));
            if boundary && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `KMSKeyArn` -> `kms_key_arn`; `OAuthAuthorizationUrl` -> `o_auth_authorization_url`.
pub fn snake_case(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// The field identifier of a member, as written in Rust (`r#type` for keywords, `self_` for
/// the keywords that cannot be raw, `_1st` when it would start with a digit).
pub fn field_ident(member: &str) -> String {
    keyword_safe(&bare_field_name(member))
}

/// The snake_case field name of a member before keyword handling: never empty, never
/// starting with a digit, ASCII only.
pub fn bare_field_name(member: &str) -> String {
    let mut name = snake_case(member);
    if name.is_empty() {
        name = "member".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if !name.is_ascii() {
        name = ascii_only(&name);
    }
    name
}

/// A usable identifier from a bare name: `type` -> `r#type`, `self` -> `self_`.
pub fn keyword_safe(bare: &str) -> String {
    if NOT_RAW.contains(&bare) {
        format!("{bare}_")
    } else if KEYWORDS.contains(&bare) {
        format!("r#{bare}")
    } else {
        bare.to_owned()
    }
}

/// Replaces non-ASCII characters (identifiers stay plain ASCII for every reader of the code).
fn ascii_only(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii() { c } else { 'x' })
        .collect()
}

/// A type identifier from a shape or operation name: the name itself when it is one, else
/// its words capitalised and joined (`foo-bar` -> `FooBar`), never starting with a digit.
pub fn type_ident(name: &str) -> String {
    let mut out = String::new();
    for word in words(name) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    finish_pascal(out, "Shape")
}

/// An enum variant from a value: `ASSOCIATION_IN_PROGRESS` -> `AssociationInProgress`,
/// `inProgress` -> `InProgress`, `t2.micro` -> `T2Micro`, `1.0` -> `V10`, `` -> `Empty`.
pub fn variant_ident(value: &str) -> String {
    let mut out = String::new();
    for word in value.split(|c: char| !c.is_alphanumeric()) {
        let mut chars = word.chars();
        let Some(first) = chars.next() else { continue };
        out.extend(first.to_uppercase());
        let rest = chars.as_str();
        if word.chars().any(char::is_lowercase) {
            out.push_str(rest);
        } else {
            out.push_str(&rest.to_lowercase());
        }
    }
    if out.is_empty() {
        return "Empty".into();
    }
    finish_pascal(out, "V")
}

fn finish_pascal(mut name: String, digit_prefix: &str) -> String {
    if name.is_empty() {
        return "Shape".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if !name.is_ascii() {
        name = ascii_only(&name);
    }
    if name == "Self" {
        name.push_str("Value");
    }
    name
}

/// `base`, or `base` + `suffix` (then `suffix2`, `suffix3`, ...) when `taken` has it; the
/// chosen name is added to `taken`.
pub fn unique(base: &str, suffix: &str, taken: &mut BTreeSet<String>) -> String {
    unique_with(base, suffix, taken, |_| true)
}

/// Like [`unique`], with an extra condition a candidate must meet (its derived names free).
pub fn unique_with(
    base: &str,
    suffix: &str,
    taken: &mut BTreeSet<String>,
    also_free: impl Fn(&str) -> bool,
) -> String {
    let free = |c: &str, taken: &BTreeSet<String>| !taken.contains(c) && also_free(c);
    let mut candidate = base.to_owned();
    let mut n = 1;
    while !free(&candidate, taken) {
        candidate = if n == 1 {
            format!("{base}{suffix}")
        } else {
            format!("{base}{suffix}{n}")
        };
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_member_names() {
        assert_eq!(
            field_ident("OAuthAuthorizationUrl"),
            "o_auth_authorization_url"
        );
        assert_eq!(field_ident("ARN"), "arn");
        assert_eq!(field_ident("KMSKeyArn"), "kms_key_arn");
        assert_eq!(field_ident("ClientToken"), "client_token");
        assert_eq!(field_ident("Ec2InstanceId"), "ec2_instance_id");
        assert_eq!(field_ident("S3Key"), "s3_key");
        assert_eq!(field_ident("message"), "message");
        assert_eq!(field_ident("foo_bar-baz"), "foo_bar_baz");
        assert_eq!(field_ident("1st"), "_1st");
        assert_eq!(field_ident(""), "member");
    }

    #[test]
    fn keywords() {
        assert_eq!(field_ident("Type"), "r#type");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("Match"), "r#match");
        assert_eq!(field_ident("Self"), "self_");
        assert_eq!(field_ident("crate"), "crate_");
        assert_eq!(field_ident("Super"), "super_");
        assert_eq!(aws_op_naming::wire_name("r#type"), "Type");
        assert_eq!(aws_op_naming::wire_name("self_"), "Self");
        assert_eq!(type_ident("Self"), "SelfValue");
        assert_eq!(variant_ident("Self"), "SelfValue");
    }

    #[test]
    fn wire_name_round_trip() {
        // The macros' default gives these back, so no `name = ...` is needed.
        for name in [
            "OAuthAuthorizationUrl",
            "ClientToken",
            "S3Key",
            "Ec2InstanceId",
        ] {
            assert_eq!(aws_op_naming::wire_name(&field_ident(name)), name);
        }
        // These need `name = ...`.
        for name in ["ARN", "KMSKeyArn", "message", "type"] {
            assert_ne!(aws_op_naming::wire_name(&field_ident(name)), name);
        }
    }

    #[test]
    fn types_and_variants() {
        assert_eq!(type_ident("GetThingInput"), "GetThingInput");
        assert_eq!(type_ident("foo-bar.baz"), "FooBarBaz");
        assert_eq!(type_ident("lowerCase"), "LowerCase");
        assert_eq!(type_ident("3Things"), "Shape3Things");
        assert_eq!(
            variant_ident("ASSOCIATION_IN_PROGRESS"),
            "AssociationInProgress"
        );
        assert_eq!(variant_ident("inProgress"), "InProgress");
        assert_eq!(variant_ident("t2.micro"), "T2Micro");
        assert_eq!(variant_ident("1.0"), "V10");
        assert_eq!(variant_ident(""), "Empty");
        assert_eq!(variant_ident("--"), "Empty");
        assert_eq!(variant_ident("application/json"), "ApplicationJson");
    }

    #[test]
    fn unique_names() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique("Foo", "Shape", &mut taken), "Foo");
        assert_eq!(unique("Foo", "Shape", &mut taken), "FooShape");
        assert_eq!(unique("Foo", "Shape", &mut taken), "FooShape2");
        assert_eq!(
            unique_with("Bar", "Shape", &mut taken, |c| c != "Bar"),
            "BarShape"
        );
    }
}
