use aws_op::prelude::*;
use std::collections::HashMap;

// Each constraint applies to some types only: `length` to strings, blobs, lists and maps,
// `range` to numbers, `item(...)` to lists, `key(...)` and `value(...)` to maps. Any other
// type is an error at compile time, never a check that silently never runs.
#[aws_shape]
pub struct Thing {
    #[aws(length(min = 1))]
    pub flag: Option<bool>,
    #[aws(range(min = 0))]
    pub name: Option<String>,
    #[aws(item(length(max = 8)))]
    pub single: Option<String>,
    #[aws(value(range(max = 3)))]
    pub labels: Option<HashMap<String, String>>,
}

fn main() {}
