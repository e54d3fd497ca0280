use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct Example;

// Every syntax error is reported at its literal, all at once. (A valid pattern the engine
// cannot check, such as `(.)\1`, is not an error: see `pass/model_patterns.rs`.)
#[aws_operation(service = Example, http = "POST /things")]
pub struct CreateThingRequest {
    #[aws(pattern = "[a-z")]
    pub unclosed_class: Option<String>,
    #[aws(pattern = "(ab")]
    pub unclosed_group: Option<String>,
    #[aws(pattern = "ab)")]
    pub unmatched_parenthesis: Option<String>,
    #[aws(pattern = "*a")]
    pub nothing_to_repeat: Option<String>,
    #[aws(pattern = "a{3,1}")]
    pub bounds_out_of_order: Option<String>,
    #[aws(pattern = "[z-a]")]
    pub range_out_of_order: Option<String>,
    #[aws(pattern = r"\q")]
    pub unknown_escape: Option<String>,
    #[aws(pattern = r"\xZZ")]
    pub short_hex_escape: Option<String>,
    #[aws(pattern = r"\u{110000}")]
    pub code_point_too_large: Option<String>,
    #[aws(pattern = r"\c1")]
    pub control_escape_without_letter: Option<String>,
    #[aws(pattern = r"ab\")]
    pub trailing_backslash: Option<String>,
    #[aws(pattern = "a**")]
    pub quantifier_after_quantifier: Option<String>,
    #[aws(pattern = "{2}")]
    pub bounds_with_nothing_to_repeat: Option<String>,
    #[aws(pattern = "(?Q)")]
    pub unknown_group: Option<String>,
    #[aws(key(pattern = "[a-"), value(pattern = "a{2,1}"))]
    pub map: Option<std::collections::HashMap<String, String>>,
    #[aws(item(pattern = r"\u12"))]
    pub items: Option<Vec<String>>,
    #[aws(pattern = 42)]
    pub not_a_string: Option<String>,
}

fn main() {}
