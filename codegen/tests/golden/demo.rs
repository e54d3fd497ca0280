// The golden file of aws-op-codegen's tests.

use aws_op::{aws_error, aws_operation, aws_service, aws_shape};
use std::collections::HashMap;

/// The service `Demo Things` (API version 2024-06-01): signing name `demothings`, restJson1.
#[aws_service(
    id = "Demo Things",
    signing_name = "demothings",
    endpoint_prefix = "things",
    protocol = "restJson1",
    api_version = "2024-06-01",
    endpoint = "https://things.{region}.example.com"
)]
#[derive(Clone, Copy, Default)]
pub struct DemoThings;

// ---------------------------------------------------------------- ListThings

/// Calls `ListThings`.
#[aws_operation(
    service = DemoThings,
    http = "GET /things",
    output = ListThingsOutput,
    errors = ListThingsError,
    paginated(
        input_token = next_token,
        output_token = next_token,
        items = items,
        item = ThingSummary,
        page_size = max_results
    )
)]
#[derive(Clone, PartialEq)]
pub struct ListThingsRequest {
    /// The `NextToken` member.
    #[aws(query = "NextToken")]
    pub next_token: Option<String>,
    /// The `MaxResults` member.
    #[aws(query = "MaxResults", range(min = 1, max = 100))]
    pub max_results: Option<i32>,
}

/// The output of `ListThings`.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ListThingsOutput {
    /// The `Items` member.
    pub items: Option<Vec<ThingSummary>>,
    /// The `NextToken` member.
    pub next_token: Option<String>,
}

/// Errors of `ListThings`.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum ListThingsError {
    /// `Throttled` (429).
    Throttled(Throttled),
}

// ---------------------------------------------------------------- Ping

/// Calls `Ping`.
#[aws_operation(
    service = DemoThings,
    http = "POST /ping",
    errors = PingError,
    host_prefix = "ping.",
    request_compression = "gzip",
    checksum_required,
    no_input
)]
#[derive(Clone, PartialEq)]
pub struct PingRequest {}

/// Errors of `Ping`.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum PingError {}

// ---------------------------------------------------------------- PutThing

/// Creates or replaces a `Thing`, e.g. a lamp.
#[aws_operation(
    service = DemoThings,
    http = "PUT /things/{ThingId}?mode=fast",
    status = 201,
    output = PutThingOutput,
    errors = PutThingError
)]
#[derive(Clone, PartialEq)]
pub struct PutThingRequest {
    /// The thing's id.
    #[aws(label, length(min = 1, max = 64), pattern = "[a-z0-9-]+")]
    pub thing_id: String,
    /// The `Type` member.
    #[aws(query = "type")]
    pub r#type: Option<Kind>,
    /// The `Filters` member.
    #[aws(
        query_map,
        key(length(min = 1, max = 128), pattern = "[\\p{L} \"._-]+")
    )]
    pub filters: Option<HashMap<String, String>>,
    /// The `Trace` member.
    #[aws(header = "X-Trace", json_value)]
    pub trace: Option<String>,
    /// The `Meta` member.
    #[aws(
        prefix_headers = "X-Meta-",
        key(length(min = 1, max = 128), pattern = "[\\p{L} \"._-]+")
    )]
    pub meta: Option<HashMap<String, String>>,
    /// The `ClientToken` member. Filled with a UUID when left unset.
    #[aws(idempotency_token)]
    pub client_token: Option<String>,
    /// The `KMSKeyArn` member.
    #[aws(
        name = "KMSKeyArn",
        pattern = "arn:aws:kms:[0-9a-zA-Z-]+:[0-9]+:key/[0-9a-zA-Z-]+"
    )]
    pub kms_key_arn: Option<String>,
    /// The `Thing` member.
    pub thing: Thing,
}

/// The output of `PutThing`.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct PutThingOutput {
    /// The `Status` member.
    #[aws(status_code)]
    pub status: i32,
    /// The `ETag` member.
    #[aws(header = "ETag")]
    pub e_tag: Option<String>,
    /// The `Thing` member.
    #[aws(payload)]
    pub thing: Option<Thing>,
}

/// Errors of `PutThing`.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum PutThingError {
    /// `NotFound` (404).
    NotFound(NotFound),
    /// `Throttled` (429).
    Throttled(Throttled),
    /// `Internal` (500).
    Internal(Internal),
    /// `AVeryLongErrorNameThatMakesTheVariantLineGoPastTheLimitException` (409).
    AVeryLongErrorNameThatMakesTheVariantLineGoPastTheLimitException(
        AVeryLongErrorNameThatMakesTheVariantLineGoPastTheLimitException,
    ),
}

// ---------------------------------------------------------------- Shapes

/// The `AnExtremelyLongShapeNameUsedForLayoutChecks` structure.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct AnExtremelyLongShapeNameUsedForLayoutChecks {}

/// The `Attribute` union.
#[aws_shape]
#[derive(Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Attribute {
    /// The `text` member.
    #[aws(name = "text")]
    Text(String),
    /// The `count` member.
    #[aws(name = "count")]
    Count(i32),
    /// The `owner` member.
    #[aws(name = "owner")]
    Owner(Thing),
}

/// The values of `Kind`.
#[aws_shape]
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `t2.micro`
    #[aws(name = "t2.micro")]
    T2Micro,
    /// `LAMP_POST`
    #[aws(name = "LAMP_POST")]
    LampPost,
    /// `1.0`
    #[aws(name = "1.0")]
    V10,
    /// `Unknown`
    #[aws(name = "Unknown")]
    UnknownValue,
    /// `""`
    #[aws(name = "")]
    Empty,
}

/// A thing.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Thing {
    /// The `Name` member.
    #[aws(length(min = 1, max = 128), pattern = "[\\p{L} \"._-]+")]
    pub name: Option<String>,
    /// The `Kind` member.
    pub kind: Option<Kind>,
    /// The `Parent` member.
    pub parent: Option<Box<Thing>>,
    /// The `Children` member.
    pub children: Option<Vec<ThingSummary>>,
    /// The `Attribute` member.
    pub attribute: Option<Box<Attribute>>,
    /// The `Created` member.
    #[aws(timestamp_format = "date-time")]
    pub created: Option<aws_op::DateTime>,
    /// The `Secret` member.
    #[aws(sensitive)]
    pub secret: Option<aws_op::Blob>,
    /// The `Extra` member.
    pub extra: Option<aws_op::Document>,
    /// The `Ratio` member.
    #[aws(range(min = -1.5, max = 1.5))]
    pub ratio: Option<f64>,
    /// The `Labels` member.
    #[aws(
        length(max = 10),
        item(length(min = 1, max = 128), pattern = "[\\p{L} \"._-]+")
    )]
    pub labels: Option<Vec<String>>,
    /// The `self` member.
    #[aws(name = "self")]
    pub self_: Option<String>,
    /// The `Build` member.
    pub build_: Option<String>,
    /// The `SetName` member.
    pub set_name_: Option<String>,
    /// The `AnExtremelyLongMemberNameThatKeepsGoingOnAndOnForTesting` member.
    pub an_extremely_long_member_name_that_keeps_going_on_and_on_for_testing:
        Option<Vec<AnExtremelyLongShapeNameUsedForLayoutChecks>>,
}

/// The `ThingSummary` structure.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ThingSummary {
    /// The `ThingId` member.
    #[aws(length(min = 1, max = 64), pattern = "[a-z0-9-]+")]
    pub thing_id: Option<String>,
}

// ---------------------------------------------------------------- Errors

/// The `AVeryLongErrorNameThatMakesTheVariantLineGoPastTheLimitException` error.
#[aws_error(
    code = "AVeryLongErrorNameThatMakesTheVariantLineGoPastTheLimitException",
    status = 409
)]
#[derive(Clone, PartialEq)]
pub struct AVeryLongErrorNameThatMakesTheVariantLineGoPastTheLimitException {}

/// The `Internal` error.
#[aws_error(code = "Internal", status = 500, retryable)]
#[derive(Clone, PartialEq)]
pub struct Internal {
    /// The `Message` member.
    pub message: Option<String>,
}

/// The `NotFound` error.
#[aws_error(code = "NotFound", status = 404)]
#[derive(Clone, PartialEq)]
pub struct NotFound {
    /// The `message` member.
    #[aws(name = "message")]
    pub message: Option<String>,
}

/// The `Throttled` error.
#[aws_error(code = "Throttled", status = 429, throttling)]
#[derive(Clone, PartialEq)]
pub struct Throttled {
    /// The `Message` member.
    pub message: Option<String>,
}
