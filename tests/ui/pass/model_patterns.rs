//! Model patterns in every dialect AWS models use compile, including one the engine cannot
//! check (its field's documentation says it is not enforced).

use aws_op::prelude::*;

#[aws_shape]
pub struct ModelPatterns {
    #[aws(pattern = r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*")]
    pub surrogates: Option<String>,
    #[aws(pattern = r"^[\p{Print}&&[^|:/]]+$")]
    pub java_classes: Option<String>,
    #[aws(pattern = r"^(?=.{1,64}$)(?!aws:)[\p{L}\p{N}_.:/=+\-@]+$")]
    pub look_arounds: Option<String>,
    #[aws(pattern = r"^.{1,100000}$|^(ab){2,1016}$")]
    pub large_repetitions: Option<String>,
    #[aws(pattern = r"^[-_a-zA-Z0-9]*${2,64}$")]
    pub quantified_anchor: Option<String>,
    #[aws(pattern = r"^(?!.*?(.)\1{3})[-_!@#$a-zA-Z0-9]*$")]
    pub unenforced: Option<String>,
}

// A pattern passed through `macro_rules!` (its literal carries that macro's hygiene).
macro_rules! shape_with_pattern {
    ($name:ident, $pattern:literal) => {
        #[aws_shape]
        pub struct $name {
            #[aws(pattern = $pattern)]
            pub value: String,
        }
    };
}

shape_with_pattern!(ThroughMacroRules, "^[a-z]+$");

fn main() {
    let _ = ThroughMacroRules {
        value: "abc".to_owned(),
    };
    let shape = ModelPatterns {
        surrogates: Some("😀".to_owned()),
        java_classes: Some("abc".to_owned()),
        look_arounds: Some("tag".to_owned()),
        large_repetitions: Some("abab".to_owned()),
        quantified_anchor: Some("a-b".to_owned()),
        unenforced: Some("aaaa".to_owned()),
    };
    let _ = shape;
}
