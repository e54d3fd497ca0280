use aws_op::prelude::*;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct Example;

#[aws_shape]
pub struct ListOutput {
    pub items: Option<Vec<String>>,
    pub next_token: Option<String>,
}

// No `item = ...`.
#[aws_operation(service = Example, http = "GET /a", output = ListOutput,
                paginated(input_token = next_token, output_token = next_token, items = items))]
#[derive(Clone)]
pub struct ListARequest {
    #[aws(query = "next")]
    pub next_token: Option<String>,
}

// The input has no field `token`.
#[aws_operation(service = Example, http = "GET /b", output = ListOutput,
                paginated(input_token = token, output_token = next_token, items = items, item = String))]
#[derive(Clone)]
pub struct ListBRequest {
    #[aws(query = "next")]
    pub next_token: Option<String>,
}

// `item` is a type, not a value.
#[aws_operation(service = Example, http = "GET /c", output = ListOutput,
                paginated(input_token = next_token, output_token = next_token, items = items, item = 5))]
#[derive(Clone)]
pub struct ListCRequest {
    #[aws(query = "next")]
    pub next_token: Option<String>,
}

#[aws_shape]
pub struct Headers {
    // json_value needs a header binding.
    #[aws(json_value)]
    pub json: Option<String>,
}

fn main() {}
