use aws_op::prelude::*;

// `pattern` checks text: on a member that is not a string (nor a string enum) it is a type
// error reported at the pattern.
#[aws_shape]
pub struct Thing {
    #[aws(pattern = "[0-9]+")]
    pub count: Option<i32>,
}

fn main() {}
