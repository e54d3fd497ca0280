//! JSON body members: nested structures with key/value/item constraints, a string enum, a
//! union, documents, timestamps and numeric ranges with negative and fractional bounds.

use aws_op::prelude::*;
use std::collections::HashMap;

#[aws_service(
    id = "Example",
    signing_name = "example",
    protocol = "restJson1",
    api_version = "2024-01-01"
)]
pub struct Example;

#[aws_shape]
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Color {
    #[aws(name = "RED")]
    Red,
    #[aws(name = "DARK_BLUE")]
    DarkBlue,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub enum Target {
    Name(String),
    #[aws(name = "id", sensitive)]
    Id(i64),
    Settings(Settings),
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Settings {
    #[aws(range(min = -1.5, max = 2.5))]
    pub ratio: Option<f64>,
    #[aws(range(min = -10, max = 10))]
    pub offset: Option<i32>,
    #[aws(
        key(length(min = 1), pattern = "[a-z]+"),
        value(range(min = 0, max = 100))
    )]
    pub weights: Option<HashMap<String, i32>>,
    #[aws(length(max = 4), item(length(min = 1, max = 8), pattern = "[A-Z]+"))]
    pub codes: Option<Vec<String>>,
    #[aws(name = "createdAt", timestamp_format = "date-time")]
    pub created: Option<DateTime>,
}

#[aws_error(code = "ConflictException", status = 409)]
#[derive(Clone, PartialEq)]
pub struct ConflictException {
    pub message: String,
    #[aws(header = "X-Resource")]
    pub resource: Option<String>,
}

#[aws_error]
pub enum UpdateThingError {
    ConflictException(ConflictException),
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct UpdateThingResponse {
    pub color: Color,
    pub settings: Option<Settings>,
}

#[aws_operation(
    service = Example,
    http = "POST /things/{ThingId}",
    output = UpdateThingResponse,
    errors = UpdateThingError
)]
#[derive(Clone, PartialEq)]
pub struct UpdateThingRequest {
    #[aws(label)]
    pub thing_id: String,
    pub color: Option<Color>,
    pub target: Option<Target>,
    pub settings: Settings,
    pub attributes: Option<Document>,
    pub payload_bytes: Option<Blob>,
    #[aws(sensitive, length(min = 1))]
    pub secret: Option<String>,
}

fn main() {
    let settings = Settings::builder().ratio(-1.0).offset(-3).build();
    let request = UpdateThingRequest::builder()
        .thing_id("thing-1")
        .color(Color::DarkBlue)
        .target(Target::Id(7))
        .settings(settings)
        .attributes(aws_op::serde_json::json!({ "a": [1, 2] }))
        .build();
    assert!(request.validate(true).is_ok());
    assert_eq!(Color::from("RED"), Color::Red);
    assert!(Color::from("GREEN").is_unknown());
}
