//! A botocore service model (`service-2.json`), read into typed form.
//!
//! Reading checks the structure the generator relies on (every reference names a defined shape,
//! every shape has a known type) and reports the first problem with its place in the model.

use crate::error::CodegenError;
use crate::json::Json;
use std::collections::BTreeMap;

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// botocore `rest-json`.
    RestJson1,
    /// botocore `json` with `jsonVersion` 1.0.
    AwsJson1_0,
    /// botocore `json` with `jsonVersion` 1.1.
    AwsJson1_1,
    /// botocore `rest-xml`.
    RestXml,
    /// botocore `query`.
    AwsQuery,
    /// botocore `ec2`.
    Ec2Query,
    /// botocore `smithy-rpc-v2-cbor` (Smithy RPC v2 CBOR).
    RpcV2Cbor,
}

/// botocore's protocol names in its order of preference (`PRIORITY_ORDERED_SUPPORTED_PROTOCOLS`):
/// a model listing several (`metadata.protocols`) is served with the first one the client speaks.
pub const PROTOCOL_PREFERENCE: &[&str] = &[
    "json",
    "rest-json",
    "rest-xml",
    "smithy-rpc-v2-cbor",
    "query",
    "ec2",
];

impl Protocol {
    /// Every protocol aws-op generates, in botocore's order of preference.
    pub const ALL: &'static [Protocol] = &[
        Protocol::AwsJson1_0,
        Protocol::AwsJson1_1,
        Protocol::RestJson1,
        Protocol::RestXml,
        Protocol::RpcV2Cbor,
        Protocol::AwsQuery,
        Protocol::Ec2Query,
    ];

    /// botocore's name of the protocol (`metadata.protocol`).
    pub fn botocore_name(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "rest-json",
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => "json",
            Protocol::RestXml => "rest-xml",
            Protocol::RpcV2Cbor => "smithy-rpc-v2-cbor",
            Protocol::AwsQuery => "query",
            Protocol::Ec2Query => "ec2",
        }
    }

    /// The protocol aws-op speaks for botocore's name `name` (`json` takes `jsonVersion` from
    /// the metadata), or `None` when it speaks none by that name.
    fn from_botocore(name: &str, json_version: Option<&str>) -> Option<Protocol> {
        match (name, json_version) {
            ("rest-json", _) => Some(Protocol::RestJson1),
            ("rest-xml", _) => Some(Protocol::RestXml),
            ("smithy-rpc-v2-cbor", _) => Some(Protocol::RpcV2Cbor),
            ("query", _) => Some(Protocol::AwsQuery),
            ("ec2", _) => Some(Protocol::Ec2Query),
            ("json", Some("1.0")) => Some(Protocol::AwsJson1_0),
            // botocore's json files without a version are the 1.1 test service.
            ("json", Some("1.1") | None) => Some(Protocol::AwsJson1_1),
            _ => None,
        }
    }

    /// The spelling of `#[aws_service(protocol = "...")]`.
    pub fn attribute_value(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "restJson1",
            Protocol::AwsJson1_0 => "awsJson1_0",
            Protocol::AwsJson1_1 => "awsJson1_1",
            Protocol::RestXml => "restXml",
            Protocol::AwsQuery => "awsQuery",
            Protocol::Ec2Query => "ec2Query",
            Protocol::RpcV2Cbor => "rpcv2Cbor",
        }
    }

    /// Whether members bind to HTTP locations (labels, query, headers); the RPC protocols
    /// (awsJson, awsQuery, ec2Query, rpcv2Cbor) put every member in the body.
    pub fn has_http_bindings(self) -> bool {
        matches!(self, Protocol::RestJson1 | Protocol::RestXml)
    }

    /// Whether requests name the operation with the model's `targetPrefix`: awsJson in
    /// `X-Amz-Target`, rpcv2Cbor in its path.
    pub fn has_target_prefix(self) -> bool {
        matches!(
            self,
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RpcV2Cbor
        )
    }

    /// The feature of the `aws-op` crate that a service of this protocol needs (`xml` for the
    /// XML protocols, `cbor` for rpcv2Cbor); the JSON protocols need none.
    pub fn aws_op_feature(self) -> Option<&'static str> {
        match self {
            Protocol::RestXml | Protocol::AwsQuery | Protocol::Ec2Query => Some("xml"),
            Protocol::RpcV2Cbor => Some("cbor"),
            Protocol::RestJson1 | Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => None,
        }
    }

    /// Whether bodies are XML (restXml, and the responses of awsQuery and ec2Query): element
    /// names, namespaces and error codes follow the model's XML facts.
    pub fn is_xml(self) -> bool {
        matches!(
            self,
            Protocol::RestXml | Protocol::AwsQuery | Protocol::Ec2Query
        )
    }
}

/// The service facts of `metadata`.
#[derive(Clone, Debug, PartialEq)]
pub struct Metadata {
    /// The protocol.
    pub protocol: Protocol,
    /// `serviceId`.
    pub service_id: Option<String>,
    /// `signingName`.
    pub signing_name: Option<String>,
    /// `endpointPrefix`.
    pub endpoint_prefix: Option<String>,
    /// `apiVersion`.
    pub api_version: Option<String>,
    /// `targetPrefix` (awsJson).
    pub target_prefix: Option<String>,
    /// `serviceFullName`.
    pub service_full_name: Option<String>,
    /// `awsQueryCompatible` is present: the service also answers with awsQuery error codes.
    pub aws_query_compatible: bool,
    /// `protocolSettings.h2` is `eventstream`: the service's event-stream operations need
    /// HTTP/2.
    pub event_stream_http2: bool,
    /// `signatureVersion` is `s3` or `s3v4`: requests are signed the way S3 signs.
    pub s3_signing: bool,
}

/// A timestamp's wire format (botocore `timestampFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// `unixTimestamp`.
    EpochSeconds,
    /// `iso8601`.
    DateTime,
    /// `rfc822`.
    HttpDate,
}

impl TimestampFormat {
    fn parse(text: &str, at: &str) -> Result<Self, CodegenError> {
        match text {
            "unixTimestamp" => Ok(TimestampFormat::EpochSeconds),
            "iso8601" => Ok(TimestampFormat::DateTime),
            "rfc822" => Ok(TimestampFormat::HttpDate),
            other => Err(CodegenError::invalid(
                at,
                format!(
                    "timestampFormat `{other}` is not one of `unixTimestamp`, `iso8601`, `rfc822`"
                ),
            )),
        }
    }

    /// The spelling of `#[aws(timestamp_format = "...")]`.
    pub fn attribute_value(self) -> &'static str {
        match self {
            TimestampFormat::EpochSeconds => "epoch-seconds",
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
        }
    }
}

/// An XML namespace (`xmlNamespace`: an object with `uri` and `prefix`, or just the URI).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlNamespace {
    /// `uri`.
    pub uri: String,
    /// `prefix`.
    pub prefix: Option<String>,
}

/// The HTTP binding of an operation (`http`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Http {
    /// `method`.
    pub method: String,
    /// `requestUri`: path template plus constant query.
    pub request_uri: String,
    /// `responseCode`, when given.
    pub response_code: Option<u16>,
}

/// One entry of `operations`.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// `name`.
    pub name: String,
    /// `http`; optional for awsJson services.
    pub http: Option<Http>,
    /// The input shape.
    pub input: Option<String>,
    /// `input.payload`: older models name the payload member on the reference rather than on
    /// the shape. Reading merges it into the shape's [`Shape::payload`], as botocore does.
    pub input_payload: Option<String>,
    /// The output shape.
    pub output: Option<String>,
    /// `output.payload`, merged into the shape like `input.payload`.
    pub output_payload: Option<String>,
    /// The error shapes, in model order.
    pub errors: Vec<String>,
    /// `documentation`.
    pub documentation: Option<String>,
    /// `endpoint.hostPrefix`.
    pub host_prefix: Option<String>,
    /// `requestcompression.encodings`.
    pub request_compression: Vec<String>,
    /// `httpChecksumRequired`.
    pub checksum_required: bool,
    /// `httpChecksum`: S3's flexible checksums.
    pub http_checksum: Option<HttpChecksum>,
    /// `authtype` is `v4-unsigned-body` (or `unsignedPayload` is set): the body is not signed.
    pub unsigned_payload: bool,
    /// `input.locationName`: the XML root element of the input.
    pub input_location_name: Option<String>,
    /// `input.xmlNamespace`: the namespace of the input's XML root element.
    pub input_xml_namespace: Option<XmlNamespace>,
    /// `staticContextParams`: endpoint rule parameters the operation sets to fixed values,
    /// sorted by name.
    pub static_context_params: Vec<(String, StaticValue)>,
}

/// The fixed value of an endpoint rule parameter (`staticContextParams`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaticValue {
    /// A boolean parameter.
    Bool(bool),
    /// A string parameter.
    String(String),
}

/// An operation's `httpChecksum` trait: the input members naming the request's checksum
/// algorithm and enabling response validation, and the algorithms a response may carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpChecksum {
    /// `requestAlgorithmMember`.
    pub request_algorithm_member: Option<String>,
    /// `requestChecksumRequired`.
    pub request_checksum_required: bool,
    /// `requestValidationModeMember`.
    pub request_validation_mode_member: Option<String>,
    /// `responseAlgorithms`, in model order.
    pub response_algorithms: Vec<String>,
}

/// Where a member is bound in the HTTP message (`location`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    /// `uri`.
    Uri,
    /// `querystring`.
    QueryString,
    /// `header`.
    Header,
    /// `headers`.
    Headers,
    /// `statusCode`.
    StatusCode,
}

/// A member of a structure or union, or the member/key/value of a list or map.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The member name (empty for list members and map keys/values).
    pub name: String,
    /// The target shape.
    pub shape: String,
    /// `location`: the member's, else (structure and union members) its target shape's, as
    /// botocore resolves a member over its shape.
    pub location: Option<Location>,
    /// `locationName`: the member's, else (structure and union members) its target shape's.
    pub location_name: Option<String>,
    /// `documentation`.
    pub documentation: Option<String>,
    /// `idempotencyToken`.
    pub idempotency_token: bool,
    /// `hostLabel`.
    pub host_label: bool,
    /// `jsonvalue`.
    pub json_value: bool,
    /// `contextParam.name`: the endpoint rule parameter the member's value sets.
    pub context_param: Option<String>,
    /// `timestampFormat` on the member.
    pub timestamp_format: Option<TimestampFormat>,
    /// `eventpayload` (event structures only): the event's whole payload.
    pub event_payload: bool,
    /// `eventheader` (event structures only): a typed header of the event message.
    pub event_header: bool,
    /// `xmlAttribute`.
    pub xml_attribute: bool,
    /// `flattened` on the member (usually on the list or map shape).
    pub flattened: bool,
    /// `xmlNamespace` on the member.
    pub xml_namespace: Option<XmlNamespace>,
    /// `queryName` (ec2Query).
    pub query_name: Option<String>,
    /// `streaming` on the member (S3 puts it there; other models on the blob shape).
    pub streaming: bool,
}

/// What kind of value a shape is.
#[derive(Clone, Debug, PartialEq)]
pub enum ShapeKind {
    /// A structure; members in model order.
    Structure(Vec<Member>),
    /// A union (`"union": true`); members in model order.
    Union(Vec<Member>),
    /// A string; `enum` values in model order (empty when not an enum).
    String(Vec<String>),
    /// `character`: a one-character string.
    Character,
    /// `blob`.
    Blob,
    /// `boolean`.
    Boolean,
    /// `byte`.
    Byte,
    /// `short`.
    Short,
    /// `integer`.
    Integer,
    /// `long`.
    Long,
    /// `float`.
    Float,
    /// `double`.
    Double,
    /// `timestamp`.
    Timestamp,
    /// A free-form document (`"document": true`).
    Document,
    /// `list` of `member`.
    List(Box<Member>),
    /// `map` of `key` to `value`.
    Map(Box<Member>, Box<Member>),
}

impl ShapeKind {
    /// The members of a structure or union.
    pub fn members(&self) -> &[Member] {
        match self {
            ShapeKind::Structure(m) | ShapeKind::Union(m) => m,
            _ => &[],
        }
    }
}

/// The `error` trait of an error shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorTrait {
    /// `error.code`, when it differs from the shape name.
    pub code: Option<String>,
    /// `error.httpStatusCode`.
    pub status: Option<u16>,
    /// `error.senderFault`.
    pub sender_fault: bool,
}

/// One entry of `shapes`.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// The shape name.
    pub name: String,
    /// The kind, with members.
    pub kind: ShapeKind,
    /// `documentation`.
    pub documentation: Option<String>,
    /// `required` member names.
    pub required: Vec<String>,
    /// `payload`: the member bound to the whole body (also when an operation's `input` or
    /// `output` reference names it).
    pub payload: Option<String>,
    /// `location` on the shape itself (older models): the default of the members that
    /// target it.
    pub location: Option<Location>,
    /// `locationName` on the shape itself: the default of the members that target it.
    pub location_name: Option<String>,
    /// `sensitive`.
    pub sensitive: bool,
    /// `min`.
    pub min: Option<f64>,
    /// `max`.
    pub max: Option<f64>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `timestampFormat` on the shape.
    pub timestamp_format: Option<TimestampFormat>,
    /// `exception`: the shape is an error.
    pub exception: bool,
    /// `fault`: a server-side error.
    pub fault: bool,
    /// `error`.
    pub error: Option<ErrorTrait>,
    /// `retryable`: `Some(throttling)` when the error is retryable.
    pub retryable: Option<bool>,
    /// `eventstream`.
    pub event_stream: bool,
    /// `streaming`.
    pub streaming: bool,
    /// `flattened` (lists and maps).
    pub flattened: bool,
    /// `xmlNamespace` on the shape.
    pub xml_namespace: Option<XmlNamespace>,
}

impl Shape {
    /// Whether this is an error shape.
    pub fn is_error(&self) -> bool {
        self.exception || self.error.is_some()
    }
}

/// A service model: metadata, operations and shapes.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    metadata: Metadata,
    operations: BTreeMap<String, Operation>,
    shapes: BTreeMap<String, Shape>,
}

impl Model {
    /// Reads a whole `service-2.json` held as a `serde_json::Value`.
    ///
    /// Object keys come sorted from `Value`, so structure members are in name order. Prefer
    /// [`Model::from_service_str`] when the text is at hand: it keeps the model's member order
    /// (the order of fields and of query parameters).
    pub fn from_service_json(model: &serde_json::Value) -> Result<Model, CodegenError> {
        Self::from_json(&Json::from_value(model))
    }

    /// Reads a whole `service-2.json` from its text, keeping the model's member order.
    pub fn from_service_str(text: &str) -> Result<Model, CodegenError> {
        let json = Json::parse(text).map_err(|e| CodegenError::Json {
            what: "the service model".into(),
            message: e.to_string(),
        })?;
        Self::from_json(&json)
    }

    /// Reads a model given in parts, as a protocol test suite gives it: `metadata`, the
    /// `shapes` object and the operation objects (`given` of each case). Operations with the
    /// same name must be identical.
    pub fn from_parts(
        metadata: &serde_json::Value,
        operations: &[serde_json::Value],
        shapes: &serde_json::Value,
    ) -> Result<Model, CodegenError> {
        let operations: Vec<Json> = operations.iter().map(Json::from_value).collect();
        Self::build(
            &Json::from_value(metadata),
            &operations,
            &Json::from_value(shapes),
        )
    }

    /// [`Model::from_parts`] with the shapes read from their text ([`Json::parse`]), so
    /// structure members keep the model's order: the order of awsQuery form keys.
    pub fn from_parts_ordered(
        metadata: &serde_json::Value,
        operations: &[serde_json::Value],
        shapes: &Json,
    ) -> Result<Model, CodegenError> {
        let operations: Vec<Json> = operations.iter().map(Json::from_value).collect();
        Self::build(&Json::from_value(metadata), &operations, shapes)
    }

    fn from_json(model: &Json) -> Result<Model, CodegenError> {
        if model.as_object().is_none() {
            return Err(CodegenError::invalid("model", "expected a JSON object"));
        }
        let metadata = model
            .get("metadata")
            .ok_or_else(|| CodegenError::invalid("model", "has no `metadata`"))?;
        let operations = match model.get("operations") {
            Some(Json::Object(entries)) => entries
                .iter()
                .map(|(name, op)| with_name(name, op))
                .collect(),
            Some(other) => {
                return Err(CodegenError::invalid(
                    "operations",
                    format!("expected an object, found {}", other.kind()),
                ))
            }
            None => Vec::new(),
        };
        let empty = Json::Object(Vec::new());
        let shapes = model.get("shapes").unwrap_or(&empty);
        Self::build(metadata, &operations, shapes)
    }

    fn build(metadata: &Json, operations: &[Json], shapes: &Json) -> Result<Model, CodegenError> {
        let metadata = read_metadata(metadata)?;
        let Some(shape_entries) = shapes.as_object() else {
            return Err(CodegenError::invalid(
                "shapes",
                format!("expected an object, found {}", shapes.kind()),
            ));
        };
        let mut shape_map = BTreeMap::new();
        for (name, shape) in shape_entries {
            shape_map.insert(name.clone(), read_shape(name, shape)?);
        }
        let mut op_map: BTreeMap<String, Operation> = BTreeMap::new();
        for op in operations {
            let op = read_operation(op)?;
            if let Some(previous) = op_map.get(&op.name) {
                if *previous != op {
                    return Err(CodegenError::invalid(
                        format!("operations.{}", op.name),
                        "defined twice, differently",
                    ));
                }
            }
            op_map.insert(op.name.clone(), op);
        }
        let mut model = Model {
            metadata,
            operations: op_map,
            shapes: shape_map,
        };
        model.check_references()?;
        model.inherit_locations();
        model.merge_reference_payloads()?;
        crate::s3_roots::name_response_roots(&mut model);
        Ok(model)
    }

    /// Gives structure `shape` the XML root element name `root`, unless the model names it.
    pub(crate) fn name_root_if_unnamed(&mut self, shape: &str, root: &str) {
        if let Some(shape) = self.shapes.get_mut(shape) {
            shape.location_name.get_or_insert_with(|| root.to_owned());
        }
    }

    /// The service metadata.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// The operations, by name.
    pub fn operations(&self) -> &BTreeMap<String, Operation> {
        &self.operations
    }

    /// Keeps only the operations whose name `keep` accepts (see
    /// [`only_operations`](crate::only_operations)).
    pub(crate) fn retain_operations(&mut self, keep: impl Fn(&str) -> bool) {
        self.operations.retain(|name, _| keep(name));
    }

    /// The shapes, by name.
    pub fn shapes(&self) -> &BTreeMap<String, Shape> {
        &self.shapes
    }

    /// The code an error shape travels with: the model's `error.code` where the service sends
    /// awsQuery codes (the XML protocols, and JSON or CBOR services marked
    /// `awsQueryCompatible`), else the shape's name.
    pub fn wire_error_code<'m>(&'m self, shape: &'m str) -> &'m str {
        let meta = self.metadata();
        let code = self
            .shape(shape)
            .and_then(|s| s.error.as_ref())
            .and_then(|e| e.code.as_deref());
        match code {
            Some(code) if meta.protocol.is_xml() || meta.aws_query_compatible => code,
            _ => shape,
        }
    }

    /// One shape.
    pub fn shape(&self, name: &str) -> Option<&Shape> {
        self.shapes.get(name)
    }

    /// A shape that the model was checked to define.
    pub(crate) fn defined(&self, name: &str) -> &Shape {
        match self.shapes.get(name) {
            Some(shape) => shape,
            // `check_references` ran when the model was built.
            None => unreachable!("shape `{name}` was checked to exist"),
        }
    }

    /// A structure or union member without `location` / `locationName` takes its target
    /// shape's (botocore merges a member's traits over its shape's).
    fn inherit_locations(&mut self) {
        let defaults: BTreeMap<String, (Option<Location>, Option<String>)> = self
            .shapes
            .values()
            .filter(|s| s.location.is_some() || s.location_name.is_some())
            .map(|s| (s.name.clone(), (s.location, s.location_name.clone())))
            .collect();
        if defaults.is_empty() {
            return;
        }
        for shape in self.shapes.values_mut() {
            if let ShapeKind::Structure(members) | ShapeKind::Union(members) = &mut shape.kind {
                for m in members {
                    if let Some((location, name)) = defaults.get(&m.shape) {
                        m.location = m.location.or(*location);
                        if m.location_name.is_none() {
                            m.location_name = name.clone();
                        }
                    }
                }
            }
        }
    }

    /// Merges the `payload` of operations' `input` / `output` references into the shapes.
    /// Every reference to such a shape must agree, unless the shape names the payload itself.
    fn merge_reference_payloads(&mut self) -> Result<(), CodegenError> {
        // Shape -> (place of the reference, its payload), in operation order.
        let mut uses: BTreeMap<&str, Vec<(String, Option<&str>)>> = BTreeMap::new();
        for op in self.operations.values() {
            let refs = [
                ("input", &op.input, &op.input_payload),
                ("output", &op.output, &op.output_payload),
            ];
            for (key, shape, payload) in refs {
                if let Some(shape) = shape {
                    let at = format!("operations.{}.{key}", op.name);
                    uses.entry(shape)
                        .or_default()
                        .push((at, payload.as_deref()));
                }
            }
        }
        let mut merged = Vec::new();
        for (name, refs) in &uses {
            let Some((at, Some(payload))) = refs.iter().find(|(_, p)| p.is_some()) else {
                continue;
            };
            let shape = self.defined(name);
            let at = format!("{at}.payload");
            if !shape.kind.members().iter().any(|m| m.name == *payload) {
                return Err(CodegenError::invalid(
                    at,
                    format!("names `{payload}`, which is not a member of `{name}`"),
                ));
            }
            match shape.payload.as_deref() {
                Some(own) if own != *payload => {
                    return Err(CodegenError::invalid(
                        at,
                        format!("names `{payload}`, but shape `{name}` has payload `{own}`"),
                    ))
                }
                Some(_) => continue,
                None => {}
            }
            if let Some((other, other_payload)) = refs.iter().find(|(_, p)| *p != Some(*payload)) {
                let message = match other_payload {
                    Some(p) => {
                        format!("names payload `{p}` of `{name}`, but {at} names `{payload}`")
                    }
                    None => {
                        format!("uses `{name}` without the payload `{payload}` that {at} names")
                    }
                };
                return Err(CodegenError::invalid(other.clone(), message));
            }
            merged.push((name.to_string(), payload.to_string()));
        }
        for (name, payload) in merged {
            if let Some(shape) = self.shapes.get_mut(&name) {
                shape.payload = Some(payload);
            }
        }
        Ok(())
    }

    fn check_references(&self) -> Result<(), CodegenError> {
        let check = |at: String, shape: &str| {
            if self.shapes.contains_key(shape) {
                Ok(())
            } else {
                Err(CodegenError::MissingShape {
                    at,
                    shape: shape.to_owned(),
                })
            }
        };
        for op in self.operations.values() {
            let at = format!("operations.{}", op.name);
            if let Some(s) = &op.input {
                check(format!("{at}.input"), s)?;
            }
            if let Some(s) = &op.output {
                check(format!("{at}.output"), s)?;
            }
            for e in &op.errors {
                check(format!("{at}.errors"), e)?;
            }
        }
        for shape in self.shapes.values() {
            let at = format!("shapes.{}", shape.name);
            match &shape.kind {
                ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                    for m in members {
                        check(format!("{at}.members.{}", m.name), &m.shape)?;
                    }
                    for r in &shape.required {
                        if !members.iter().any(|m| m.name == *r) {
                            return Err(CodegenError::invalid(
                                format!("{at}.required"),
                                format!("names `{r}`, which is not a member"),
                            ));
                        }
                    }
                    if let Some(p) = &shape.payload {
                        if !members.iter().any(|m| m.name == *p) {
                            return Err(CodegenError::invalid(
                                format!("{at}.payload"),
                                format!("names `{p}`, which is not a member"),
                            ));
                        }
                    }
                }
                ShapeKind::List(m) => check(format!("{at}.member"), &m.shape)?,
                ShapeKind::Map(k, v) => {
                    check(format!("{at}.key"), &k.shape)?;
                    check(format!("{at}.value"), &v.shape)?;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// An operation entry of `operations` is named by its key, as botocore names operations: the
/// entry's own `name` is a wire name that botocore's serializers do not use, and CloudFront's
/// model suffixes it with the API version (`AssociateAlias2020_05_31`), which neither the
/// paginators nor the service know.
fn with_name(name: &str, op: &Json) -> Json {
    match op {
        Json::Object(entries) => {
            let mut entries: Vec<_> = entries
                .iter()
                .filter(|(key, _)| key != "name")
                .cloned()
                .collect();
            entries.insert(0, ("name".into(), Json::String(name.into())));
            Json::Object(entries)
        }
        other => other.clone(),
    }
}

fn string_at(value: &Json, key: &str, at: &str) -> Result<Option<String>, CodegenError> {
    match value.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(CodegenError::invalid(
            format!("{at}.{key}"),
            format!("expected a string, found {}", other.kind()),
        )),
    }
}

fn bool_at(value: &Json, key: &str, at: &str) -> Result<bool, CodegenError> {
    match value.get(key) {
        None | Some(Json::Null) => Ok(false),
        Some(Json::Bool(b)) => Ok(*b),
        Some(other) => Err(CodegenError::invalid(
            format!("{at}.{key}"),
            format!("expected a boolean, found {}", other.kind()),
        )),
    }
}

fn number_at(value: &Json, key: &str, at: &str) -> Result<Option<f64>, CodegenError> {
    match value.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Number(n)) => Ok(n.as_f64()),
        Some(other) => Err(CodegenError::invalid(
            format!("{at}.{key}"),
            format!("expected a number, found {}", other.kind()),
        )),
    }
}

fn status_at(value: &Json, key: &str, at: &str) -> Result<Option<u16>, CodegenError> {
    match number_at(value, key, at)? {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && (100.0..=599.0).contains(&n) => Ok(Some(n as u16)),
        Some(n) => Err(CodegenError::invalid(
            format!("{at}.{key}"),
            format!("{n} is not an HTTP status code"),
        )),
    }
}

fn read_metadata(metadata: &Json) -> Result<Metadata, CodegenError> {
    let at = "metadata";
    if metadata.as_object().is_none() {
        return Err(CodegenError::invalid(
            at,
            format!("expected an object, found {}", metadata.kind()),
        ));
    }
    let protocol = read_protocol(metadata)?;
    Ok(Metadata {
        protocol,
        service_id: string_at(metadata, "serviceId", at)?,
        signing_name: string_at(metadata, "signingName", at)?,
        endpoint_prefix: string_at(metadata, "endpointPrefix", at)?,
        api_version: string_at(metadata, "apiVersion", at)?,
        target_prefix: string_at(metadata, "targetPrefix", at)?,
        service_full_name: string_at(metadata, "serviceFullName", at)?,
        event_stream_http2: match metadata.get("protocolSettings") {
            Some(settings) => {
                string_at(settings, "h2", "metadata.protocolSettings")?.as_deref()
                    == Some("eventstream")
            }
            None => false,
        },
        aws_query_compatible: metadata.get("awsQueryCompatible").is_some(),
        s3_signing: matches!(
            string_at(metadata, "signatureVersion", at)?.as_deref(),
            Some("s3" | "s3v4")
        ),
    })
}

/// The protocol to generate: the first of `metadata.protocols` (else `metadata.protocol`) that
/// aws-op speaks, in botocore's order of preference. `jsonVersion` and `targetPrefix` are read
/// from the metadata whichever protocol `metadata.protocol` names, as botocore's serializers do.
fn read_protocol(metadata: &Json) -> Result<Protocol, CodegenError> {
    let at = "metadata";
    let listed = match metadata.get("protocols") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(items)) => items
            .iter()
            .map(|p| {
                p.as_str().map(str::to_owned).ok_or_else(|| {
                    CodegenError::invalid("metadata.protocols", "expected protocol names")
                })
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(CodegenError::invalid(
                "metadata.protocols",
                format!("expected an array, found {}", other.kind()),
            ))
        }
    };
    let listed = if listed.is_empty() {
        vec![string_at(metadata, "protocol", at)?
            .ok_or_else(|| CodegenError::invalid(at, "has no `protocol`"))?]
    } else {
        listed
    };
    let json_version = string_at(metadata, "jsonVersion", at)?;
    let by_preference = PROTOCOL_PREFERENCE
        .iter()
        .filter(|p| listed.iter().any(|l| l == *p))
        .copied();
    let mut chosen =
        by_preference.filter_map(|p| Protocol::from_botocore(p, json_version.as_deref()));
    chosen
        .next()
        .ok_or_else(|| CodegenError::UnsupportedProtocol {
            protocols: listed
                .iter()
                .map(|p| match (p.as_str(), &json_version) {
                    ("json", Some(v)) => format!("json (jsonVersion {v})"),
                    _ => p.clone(),
                })
                .collect(),
        })
}

fn shape_ref(value: &Json, at: &str) -> Result<String, CodegenError> {
    string_at(value, "shape", at)?.ok_or_else(|| CodegenError::invalid(at, "has no `shape`"))
}

fn read_operation(op: &Json) -> Result<Operation, CodegenError> {
    let name = string_at(op, "name", "operations")?
        .ok_or_else(|| CodegenError::invalid("operations", "an operation has no `name`"))?;
    let at = format!("operations.{name}");
    let http = match op.get("http") {
        None | Some(Json::Null) => None,
        Some(http) => {
            let at = format!("{at}.http");
            Some(Http {
                method: string_at(http, "method", &at)?.unwrap_or_else(|| "POST".into()),
                request_uri: string_at(http, "requestUri", &at)?.unwrap_or_else(|| "/".into()),
                response_code: status_at(http, "responseCode", &at)?,
            })
        }
    };
    let shape_of = |key: &str| -> Result<Option<String>, CodegenError> {
        match op.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(r) => shape_ref(r, &format!("{at}.{key}")).map(Some),
        }
    };
    let payload_of = |key: &str| -> Result<Option<String>, CodegenError> {
        match op.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(r) => string_at(r, "payload", &format!("{at}.{key}")),
        }
    };
    let errors = match op.get("errors") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(items)) => items
            .iter()
            .map(|e| shape_ref(e, &format!("{at}.errors")))
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(CodegenError::invalid(
                format!("{at}.errors"),
                format!("expected an array, found {}", other.kind()),
            ))
        }
    };
    let host_prefix = match op.get("endpoint") {
        Some(endpoint) => string_at(endpoint, "hostPrefix", &format!("{at}.endpoint"))?,
        None => None,
    };
    let request_compression = match op
        .get("requestcompression")
        .and_then(|c| c.get("encodings"))
    {
        None => Vec::new(),
        Some(Json::Array(items)) => items
            .iter()
            .map(|e| {
                e.as_str().map(str::to_owned).ok_or_else(|| {
                    CodegenError::invalid(
                        format!("{at}.requestcompression.encodings"),
                        "expected strings",
                    )
                })
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(CodegenError::invalid(
                format!("{at}.requestcompression.encodings"),
                format!("expected an array, found {}", other.kind()),
            ))
        }
    };
    let input_ref = op.get("input").unwrap_or(&Json::Null);
    Ok(Operation {
        input_location_name: string_at(input_ref, "locationName", &format!("{at}.input"))?,
        input_xml_namespace: xml_namespace_at(input_ref, &format!("{at}.input"))?,
        input: shape_of("input")?,
        input_payload: payload_of("input")?,
        output: shape_of("output")?,
        output_payload: payload_of("output")?,
        errors,
        documentation: string_at(op, "documentation", &at)?,
        host_prefix,
        request_compression,
        checksum_required: bool_at(op, "httpChecksumRequired", &at)?,
        http_checksum: http_checksum_at(op, &at)?,
        unsigned_payload: string_at(op, "authtype", &at)?.as_deref() == Some("v4-unsigned-body")
            || bool_at(op, "unsignedPayload", &at)?,
        static_context_params: static_context_params_at(op, &at)?,
        http,
        name,
    })
}

/// `staticContextParams`: `{"Name": {"value": true}}`, a boolean or a string each, named as a
/// Rust identifier (the attribute writes `Name = value`).
fn static_context_params_at(
    op: &Json,
    at: &str,
) -> Result<Vec<(String, StaticValue)>, CodegenError> {
    let Some(params) = op.get("staticContextParams") else {
        return Ok(Vec::new());
    };
    let at = format!("{at}.staticContextParams");
    let Some(params) = params.as_object() else {
        return Err(CodegenError::invalid(
            at,
            format!("expected an object, found {}", params.kind()),
        ));
    };
    params
        .iter()
        .map(|(name, param)| {
            let at = format!("{at}.{name}");
            let identifier = name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !identifier {
                return Err(CodegenError::invalid(
                    at,
                    "an endpoint parameter name must be letters, digits and `_`",
                ));
            }
            let value = match param.get("value") {
                Some(Json::Bool(on)) => StaticValue::Bool(*on),
                Some(Json::String(text)) => StaticValue::String(text.clone()),
                other => {
                    return Err(CodegenError::invalid(
                        format!("{at}.value"),
                        format!(
                            "expected a boolean or a string, found {}",
                            other.map_or("nothing", |v| v.kind())
                        ),
                    ))
                }
            };
            Ok((name.clone(), value))
        })
        .collect()
}

fn http_checksum_at(op: &Json, at: &str) -> Result<Option<HttpChecksum>, CodegenError> {
    let Some(value) = op.get("httpChecksum") else {
        return Ok(None);
    };
    let at = format!("{at}.httpChecksum");
    let response_algorithms = match value.get("responseAlgorithms") {
        None => Vec::new(),
        Some(Json::Array(items)) => items
            .iter()
            .map(|a| {
                a.as_str().map(str::to_owned).ok_or_else(|| {
                    CodegenError::invalid(format!("{at}.responseAlgorithms"), "expected strings")
                })
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(CodegenError::invalid(
                format!("{at}.responseAlgorithms"),
                format!("expected an array, found {}", other.kind()),
            ))
        }
    };
    Ok(Some(HttpChecksum {
        request_algorithm_member: string_at(value, "requestAlgorithmMember", &at)?,
        request_checksum_required: bool_at(value, "requestChecksumRequired", &at)?,
        request_validation_mode_member: string_at(value, "requestValidationModeMember", &at)?,
        response_algorithms,
    }))
}

fn location_at(value: &Json, at: &str) -> Result<Option<Location>, CodegenError> {
    Ok(match string_at(value, "location", at)?.as_deref() {
        None => None,
        Some("uri") => Some(Location::Uri),
        Some("querystring") => Some(Location::QueryString),
        Some("header") => Some(Location::Header),
        Some("headers") => Some(Location::Headers),
        Some("statusCode") => Some(Location::StatusCode),
        Some(other) => {
            return Err(CodegenError::unsupported(
                format!("{at}.location"),
                format!("location `{other}`"),
            ))
        }
    })
}

/// `xmlNamespace`: `{"uri": ..., "prefix": ...}` or the URI alone.
fn xml_namespace_at(value: &Json, at: &str) -> Result<Option<XmlNamespace>, CodegenError> {
    let at = format!("{at}.xmlNamespace");
    match value.get("xmlNamespace") {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(uri)) => Ok(Some(XmlNamespace {
            uri: uri.clone(),
            prefix: None,
        })),
        Some(ns @ Json::Object(_)) => Ok(Some(XmlNamespace {
            uri: string_at(ns, "uri", &at)?
                .ok_or_else(|| CodegenError::invalid(&at, "has no `uri`"))?,
            prefix: string_at(ns, "prefix", &at)?,
        })),
        Some(other) => Err(CodegenError::invalid(
            at,
            format!("expected an object or a string, found {}", other.kind()),
        )),
    }
}

fn read_member(name: &str, value: &Json, at: &str) -> Result<Member, CodegenError> {
    if value.as_object().is_none() {
        return Err(CodegenError::invalid(
            at,
            format!("expected an object, found {}", value.kind()),
        ));
    }
    let location = location_at(value, at)?;
    let timestamp_format = match string_at(value, "timestampFormat", at)? {
        Some(f) => Some(TimestampFormat::parse(
            &f,
            &format!("{at}.timestampFormat"),
        )?),
        None => None,
    };
    Ok(Member {
        name: name.to_owned(),
        shape: shape_ref(value, at)?,
        location,
        location_name: string_at(value, "locationName", at)?,
        documentation: string_at(value, "documentation", at)?,
        idempotency_token: bool_at(value, "idempotencyToken", at)?,
        host_label: bool_at(value, "hostLabel", at)?,
        json_value: bool_at(value, "jsonvalue", at)?,
        context_param: match value.get("contextParam") {
            Some(param) => string_at(param, "name", &format!("{at}.contextParam"))?,
            None => None,
        },
        timestamp_format,
        event_payload: bool_at(value, "eventpayload", at)?,
        event_header: bool_at(value, "eventheader", at)?,
        xml_attribute: bool_at(value, "xmlAttribute", at)?,
        flattened: bool_at(value, "flattened", at)?,
        xml_namespace: xml_namespace_at(value, at)?,
        query_name: string_at(value, "queryName", at)?,
        streaming: bool_at(value, "streaming", at)?,
    })
}

fn read_shape(name: &str, value: &Json) -> Result<Shape, CodegenError> {
    let at = format!("shapes.{name}");
    if value.as_object().is_none() {
        return Err(CodegenError::invalid(
            &at,
            format!("expected an object, found {}", value.kind()),
        ));
    }
    let ty = string_at(value, "type", &at)?
        .ok_or_else(|| CodegenError::invalid(&at, "has no `type`"))?;
    let members = |value: &Json| -> Result<Vec<Member>, CodegenError> {
        match value.get("members") {
            None | Some(Json::Null) => Ok(Vec::new()),
            Some(Json::Object(entries)) => entries
                .iter()
                .map(|(m, v)| read_member(m, v, &format!("{at}.members.{m}")))
                .collect(),
            Some(other) => Err(CodegenError::invalid(
                format!("{at}.members"),
                format!("expected an object, found {}", other.kind()),
            )),
        }
    };
    let sub = |key: &str| -> Result<Box<Member>, CodegenError> {
        let v = value
            .get(key)
            .ok_or_else(|| CodegenError::invalid(&at, format!("a {ty} shape needs `{key}`")))?;
        read_member("", v, &format!("{at}.{key}")).map(Box::new)
    };
    let kind = if bool_at(value, "document", &at)? || ty == "document" {
        ShapeKind::Document
    } else {
        match ty.as_str() {
            "structure" if bool_at(value, "union", &at)? => ShapeKind::Union(members(value)?),
            "union" => ShapeKind::Union(members(value)?),
            "structure" => ShapeKind::Structure(members(value)?),
            "string" => {
                let values = match value.get("enum") {
                    None | Some(Json::Null) => Vec::new(),
                    Some(Json::Array(items)) => items
                        .iter()
                        .map(|v| {
                            v.as_str().map(str::to_owned).ok_or_else(|| {
                                CodegenError::invalid(
                                    format!("{at}.enum"),
                                    format!("expected strings, found {}", v.kind()),
                                )
                            })
                        })
                        .collect::<Result<_, _>>()?,
                    Some(other) => {
                        return Err(CodegenError::invalid(
                            format!("{at}.enum"),
                            format!("expected an array, found {}", other.kind()),
                        ))
                    }
                };
                ShapeKind::String(values)
            }
            "character" => ShapeKind::Character,
            "blob" => ShapeKind::Blob,
            "boolean" => ShapeKind::Boolean,
            "byte" => ShapeKind::Byte,
            "short" => ShapeKind::Short,
            "integer" => ShapeKind::Integer,
            "long" => ShapeKind::Long,
            "float" => ShapeKind::Float,
            "double" => ShapeKind::Double,
            "timestamp" => ShapeKind::Timestamp,
            "list" => ShapeKind::List(sub("member")?),
            "map" => ShapeKind::Map(sub("key")?, sub("value")?),
            other => {
                return Err(CodegenError::unsupported(
                    &at,
                    format!("shape type `{other}`"),
                ))
            }
        }
    };
    let required = match value.get("required") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str().map(str::to_owned).ok_or_else(|| {
                    CodegenError::invalid(format!("{at}.required"), "expected member names")
                })
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(CodegenError::invalid(
                format!("{at}.required"),
                format!("expected an array, found {}", other.kind()),
            ))
        }
    };
    let error = match value.get("error") {
        None | Some(Json::Null) => None,
        Some(e) => {
            let at = format!("{at}.error");
            Some(ErrorTrait {
                code: string_at(e, "code", &at)?,
                status: status_at(e, "httpStatusCode", &at)?,
                sender_fault: bool_at(e, "senderFault", &at)?,
            })
        }
    };
    let retryable = match value.get("retryable") {
        None | Some(Json::Null) => None,
        Some(r) => Some(bool_at(r, "throttling", &format!("{at}.retryable"))?),
    };
    let timestamp_format = match string_at(value, "timestampFormat", &at)? {
        Some(f) => Some(TimestampFormat::parse(
            &f,
            &format!("{at}.timestampFormat"),
        )?),
        None => None,
    };
    Ok(Shape {
        name: name.to_owned(),
        kind,
        documentation: string_at(value, "documentation", &at)?,
        required,
        payload: string_at(value, "payload", &at)?,
        location: location_at(value, &at)?,
        location_name: string_at(value, "locationName", &at)?,
        sensitive: bool_at(value, "sensitive", &at)?,
        min: number_at(value, "min", &at)?,
        max: number_at(value, "max", &at)?,
        pattern: string_at(value, "pattern", &at)?,
        timestamp_format,
        exception: bool_at(value, "exception", &at)?,
        fault: bool_at(value, "fault", &at)?,
        error,
        retryable,
        event_stream: bool_at(value, "eventstream", &at)?,
        streaming: bool_at(value, "streaming", &at)?,
        flattened: bool_at(value, "flattened", &at)?,
        xml_namespace: xml_namespace_at(value, &at)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"{
        "metadata": {"protocol": "rest-json", "serviceId": "Demo", "apiVersion": "2020-01-01"},
        "operations": {
            "GetThing": {"name": "GetThing", "http": {"method": "GET", "requestUri": "/t/{Id}"},
                         "input": {"shape": "GetThingInput"}, "errors": [{"shape": "Oops"}]}
        },
        "shapes": {
            "GetThingInput": {"type": "structure", "required": ["Id"],
                "members": {"Zed": {"shape": "S"}, "Id": {"shape": "S", "location": "uri",
                            "locationName": "Id"}}},
            "S": {"type": "string", "min": 1, "pattern": "[a-z]+"},
            "Oops": {"type": "structure", "members": {}, "exception": true,
                     "error": {"httpStatusCode": 418}}
        }
    }"#;

    #[test]
    fn reads_a_model_in_member_order() {
        let model = Model::from_service_str(MODEL).unwrap();
        assert_eq!(model.metadata().protocol, Protocol::RestJson1);
        let input = model.shape("GetThingInput").unwrap();
        let names: Vec<&str> = input
            .kind
            .members()
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(names, ["Zed", "Id"]);
        assert_eq!(input.kind.members()[1].location, Some(Location::Uri));
        assert_eq!(
            model.shape("Oops").unwrap().error.as_ref().unwrap().status,
            Some(418)
        );
        let value: serde_json::Value = serde_json::from_str(MODEL).unwrap();
        let sorted = Model::from_service_json(&value).unwrap();
        let names: Vec<&str> = sorted
            .shape("GetThingInput")
            .unwrap()
            .kind
            .members()
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(names, ["Id", "Zed"]);
    }

    #[test]
    fn missing_shapes_and_bad_types_are_named() {
        let text = MODEL.replace(r#""shape": "Oops""#, r#""shape": "Nope""#);
        let err = Model::from_service_str(&text).unwrap_err();
        assert_eq!(
            err,
            CodegenError::MissingShape {
                at: "operations.GetThing.errors".into(),
                shape: "Nope".into()
            }
        );
        let text = MODEL.replace(r#""type": "string""#, r#""type": "bigDecimal""#);
        let err = Model::from_service_str(&text).unwrap_err();
        assert!(err.to_string().contains("shapes.S"), "{err}");
        let err = Model::from_service_str("[1]").unwrap_err();
        assert!(err.to_string().contains("expected a JSON object"), "{err}");
    }

    #[test]
    fn operations_are_named_by_their_key_as_botocore_names_them() {
        // CloudFront's form: the `name` field carries the API version, the key does not.
        let text = r#"{"metadata": {"protocol": "rest-xml"},
            "operations": {"AssociateAlias": {"name": "AssociateAlias2020_05_31",
                "http": {"method": "PUT", "requestUri": "/alias"}}},
            "shapes": {}}"#;
        let model = Model::from_service_str(text).unwrap();
        let names: Vec<_> = model.operations().values().map(|o| &o.name).collect();
        assert_eq!(names, ["AssociateAlias"]);
        assert!(model.operations().contains_key("AssociateAlias"));
    }

    fn legacy(ops: serde_json::Value, shapes: serde_json::Value) -> Result<Model, CodegenError> {
        let meta = serde_json::json!({"protocol": "rest-json"});
        Model::from_parts(&meta, ops.as_array().unwrap(), &shapes)
    }

    #[test]
    fn endpoint_parameters_are_read_and_bad_ones_named() {
        let shapes = serde_json::json!({
            "In": {"type": "structure", "members": {
                "Bucket": {"shape": "S", "contextParam": {"name": "Bucket"}},
                "Key": {"shape": "S"}}},
            "S": {"type": "string"}
        });
        let op = |statics: serde_json::Value| {
            serde_json::json!([{"name": "Get", "http": {"method": "GET", "requestUri": "/"},
                "input": {"shape": "In"}, "staticContextParams": statics}])
        };
        let model = legacy(
            op(serde_json::json!({"UseExpress": {"value": true}, "Kind": {"value": "data"}})),
            shapes.clone(),
        )
        .unwrap();
        let get = &model.operations()["Get"];
        assert_eq!(
            get.static_context_params,
            [
                ("Kind".to_owned(), StaticValue::String("data".into())),
                ("UseExpress".to_owned(), StaticValue::Bool(true)),
            ]
        );
        let members = model.defined("In").kind.members();
        let params: Vec<_> = members.iter().map(|m| m.context_param.as_deref()).collect();
        assert_eq!(params, [Some("Bucket"), None]);

        let err = legacy(
            op(serde_json::json!({"Kind": {"value": 3}})),
            shapes.clone(),
        );
        let text = err.unwrap_err().to_string();
        assert!(text.contains("staticContextParams.Kind.value"), "{text}");
        assert!(text.contains("a boolean or a string"), "{text}");
        let err = legacy(
            op(serde_json::json!({"Not-Ident": {"value": true}})),
            shapes,
        );
        let text = err.unwrap_err().to_string();
        assert!(text.contains("letters, digits and `_`"), "{text}");
    }

    #[test]
    fn reference_payloads_are_merged_into_the_shape() {
        let shapes = serde_json::json!({
            "In": {"type": "structure", "members": {"foo": {"shape": "B"}, "bar": {"shape": "B"}}},
            "Out": {"type": "structure", "members": {"data": {"shape": "B"}}},
            "B": {"type": "blob"}
        });
        let op = |name: &str, payload: serde_json::Value| {
            serde_json::json!({"name": name, "http": {"method": "POST", "requestUri": "/"},
                "input": {"shape": "In", "payload": payload},
                "output": {"shape": "Out", "payload": "data"}})
        };
        let model = legacy(serde_json::json!([op("A", "foo".into())]), shapes.clone()).unwrap();
        assert_eq!(model.shape("In").unwrap().payload.as_deref(), Some("foo"));
        assert_eq!(model.shape("Out").unwrap().payload.as_deref(), Some("data"));
        let a = &model.operations()["A"];
        assert_eq!(a.input_payload.as_deref(), Some("foo"));
        assert_eq!(a.output_payload.as_deref(), Some("data"));

        let err = legacy(serde_json::json!([op("A", "nope".into())]), shapes.clone());
        assert_eq!(
            err.unwrap_err().to_string(),
            "operations.A.input.payload: names `nope`, which is not a member of `In`"
        );
        let ops = serde_json::json!([op("A", "foo".into()), op("B", "bar".into())]);
        assert!(matches!(
            legacy(ops, shapes.clone()),
            Err(CodegenError::Invalid { at, .. }) if at == "operations.B.input"
        ));
        // Another operation using the shape without the payload would read it differently.
        let ops = serde_json::json!([op("A", "foo".into()), op("B", serde_json::Value::Null)]);
        assert!(matches!(
            legacy(ops, shapes.clone()),
            Err(CodegenError::Invalid { at, .. }) if at == "operations.B.input"
        ));
        // A payload the shape names itself holds for every operation.
        let mut own = shapes;
        own["In"]["payload"] = "foo".into();
        let ops = serde_json::json!([op("A", "foo".into()), op("B", serde_json::Value::Null)]);
        assert!(legacy(ops.clone(), own.clone()).is_ok());
        own["In"]["payload"] = "bar".into();
        assert!(matches!(
            legacy(ops, own),
            Err(CodegenError::Invalid { at, .. }) if at == "operations.A.input.payload"
        ));
    }

    #[test]
    fn members_inherit_their_target_shapes_location() {
        let model = legacy(
            serde_json::json!([{"name": "Op", "output": {"shape": "Out"}}]),
            serde_json::json!({
                "Out": {"type": "structure", "members": {
                    "ImaHeader": {"shape": "HeaderShape"},
                    "ImaHeaderLocation": {"shape": "HeaderShape", "locationName": "X-Foo"},
                    "Query": {"shape": "HeaderShape", "location": "querystring"},
                    "Plain": {"shape": "S"},
                    "Renamed": {"shape": "Named"}}},
                "HeaderShape": {"type": "string", "location": "header"},
                "Named": {"type": "string", "locationName": "x-named"},
                "S": {"type": "string"}
            }),
        )
        .unwrap();
        // `from_parts` reads a `Value`: members in name order.
        let members = model.shape("Out").unwrap().kind.members();
        let got: Vec<_> = members
            .iter()
            .map(|m| (m.name.as_str(), m.location, m.location_name.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("ImaHeader", Some(Location::Header), None),
                ("ImaHeaderLocation", Some(Location::Header), Some("X-Foo")),
                ("Plain", None, None),
                ("Query", Some(Location::QueryString), None),
                ("Renamed", None, Some("x-named")),
            ]
        );
        assert_eq!(
            model.shape("HeaderShape").unwrap().location,
            Some(Location::Header)
        );
    }

    #[test]
    fn protocols() {
        let meta = |m: &str| {
            let v: serde_json::Value = serde_json::from_str(m).unwrap();
            Model::from_parts(&v, &[], &serde_json::json!({})).map(|m| m.metadata().protocol)
        };
        assert_eq!(
            meta(r#"{"protocol": "json", "jsonVersion": "1.0"}"#),
            Ok(Protocol::AwsJson1_0)
        );
        assert_eq!(meta(r#"{"protocol": "json"}"#), Ok(Protocol::AwsJson1_1));
        assert_eq!(meta(r#"{"protocol": "query"}"#), Ok(Protocol::AwsQuery));
        assert_eq!(meta(r#"{"protocol": "ec2"}"#), Ok(Protocol::Ec2Query));
        assert_eq!(meta(r#"{"protocol": "rest-xml"}"#), Ok(Protocol::RestXml));
        assert_eq!(
            meta(r#"{"protocol": "smithy-rpc-v2-cbor"}"#),
            Ok(Protocol::RpcV2Cbor)
        );
        assert_eq!(
            meta(r#"{"protocol": "smithy-rpc-v3"}"#)
                .unwrap_err()
                .to_string(),
            "protocol `smithy-rpc-v3` is not supported: aws-op generates `json` (awsJson1_0, \
             awsJson1_1), `rest-json` (restJson1), `rest-xml` (restXml), `smithy-rpc-v2-cbor` \
             (rpcv2Cbor), `query` (awsQuery) and `ec2` (ec2Query) services"
        );
    }

    #[test]
    fn the_first_listed_protocol_aws_op_speaks_is_chosen_in_botocores_order() {
        let meta = |m: &str| {
            let v: serde_json::Value = serde_json::from_str(m).unwrap();
            Model::from_parts(&v, &[], &serde_json::json!({})).map(|m| m.metadata().clone())
        };
        // CloudWatch's form: botocore talks JSON, with the metadata's jsonVersion and
        // targetPrefix, to a model declared smithy-rpc-v2-cbor.
        let chosen = meta(
            r#"{"protocol": "smithy-rpc-v2-cbor", "protocols": ["smithy-rpc-v2-cbor", "json", "query"],
                "jsonVersion": "1.0", "targetPrefix": "GraniteServiceVersion20100801"}"#,
        )
        .unwrap();
        assert_eq!(chosen.protocol, Protocol::AwsJson1_0);
        assert_eq!(
            chosen.target_prefix.as_deref(),
            Some("GraniteServiceVersion20100801")
        );
        // botocore's order, not the model's: json before rest-json, rest-json before rest-xml,
        // rpcv2Cbor before query.
        let chosen = meta(r#"{"protocol": "rest-json", "protocols": ["rest-json", "json"]}"#);
        assert_eq!(chosen.unwrap().protocol, Protocol::AwsJson1_1);
        let chosen =
            meta(r#"{"protocol": "rest-xml", "protocols": ["query", "rest-xml", "rest-json"]}"#);
        assert_eq!(chosen.unwrap().protocol, Protocol::RestJson1);
        // `protocols` wins over `protocol`, as in botocore.
        let chosen = meta(r#"{"protocol": "json", "protocols": ["query", "smithy-rpc-v2-cbor"]}"#);
        assert_eq!(chosen.unwrap().protocol, Protocol::RpcV2Cbor);
        // A listed protocol aws-op does not know is passed over; none known is an error naming
        // every one listed.
        let chosen = meta(r#"{"protocol": "json", "protocols": ["smithy-rpc-v3", "query"]}"#);
        assert_eq!(chosen.unwrap().protocol, Protocol::AwsQuery);
        let err =
            meta(r#"{"protocol": "json", "protocols": ["smithy-rpc-v3", "gopher"]}"#).unwrap_err();
        assert_eq!(
            err,
            CodegenError::UnsupportedProtocol {
                protocols: vec!["smithy-rpc-v3".into(), "gopher".into()]
            }
        );
        assert!(err
            .to_string()
            .starts_with("protocols `smithy-rpc-v3`, `gopher` are not supported: "));
        let err = meta(r#"{"protocol": "json", "jsonVersion": "2.0"}"#).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("protocol `json (jsonVersion 2.0)` is not supported"));
        assert!(meta(r#"{"protocol": "json", "protocols": "json"}"#).is_err());
    }
}
