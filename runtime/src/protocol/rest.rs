//! The HTTP binding layer that restJson1 and restXml share: URI labels, query parameters,
//! headers, prefix headers, payloads and status codes around a body document whose format is a
//! [`DocumentFormat`].
//!
//! [`RestEncoder`] and [`RestDecoder`] wrap the format's own encoder and decoder: body members
//! pass through to the document, bound members go to their place in the HTTP message. They are
//! used on both sides: a client writes inputs and reads outputs and errors, the emulator reads
//! inputs and writes outputs and errors.

use crate::decode_error::DecodeError;
use crate::http::{HttpRequest, HttpResponse};
use crate::http_binding::{
    encode_label, header_all, json_value_from_header, json_value_to_header, read_prefix_headers,
    FromHeader, FromQuery, FromQueryMap, HttpText, ToHeader, ToQuery, ToQueryMap,
};
use crate::operation::Operation;
use crate::protocol::json::JsonEncoder;
use crate::schema::{Binding, Member, Schema};
use crate::shape::{
    Decode, Encode, Encoder, Payload, PayloadKind, Shape, StructDecoder, UnionMember,
};
use crate::time::{DateTime, TimestampFormat};
use crate::Document;
use std::collections::HashMap;

/// The document format of a REST protocol's bodies.
pub(crate) trait DocumentFormat {
    /// The `Content-Type` of a body document.
    const CONTENT_TYPE: &'static str;
    /// The body sent for a structure payload left unset (restJson1 sends `{}`).
    const UNSET_SHAPE_PAYLOAD: Option<&'static [u8]>;

    /// Writes the body members of a top-level shape.
    type Encoder: Encoder;
    /// An encoder for the body document of `schema`'s top-level members.
    fn body_encoder(schema: &'static Schema) -> Self::Encoder;
    /// The finished body document; `None` sends no body (restXml, when no body member is
    /// set).
    fn finish_body(encoder: Self::Encoder, schema: &'static Schema) -> Option<Vec<u8>>;
    /// A structure or union payload as a whole document.
    fn payload_document<T: Payload>(value: &T, member: &'static Member) -> Vec<u8>;

    /// A parsed body document, which may borrow the body (`'b`).
    type Parsed<'b>;
    /// Parses a body; an empty body is an empty document.
    fn parse(body: &[u8]) -> Result<Self::Parsed<'_>, DecodeError>;
    /// Reads the members of a top-level shape from its parsed body.
    type Root<'a>: StructDecoder;
    /// The reader of `schema`'s members in a parsed body.
    fn root<'a>(
        parsed: &'a Self::Parsed<'_>,
        schema: &'static Schema,
    ) -> Result<Self::Root<'a>, DecodeError>;
    /// Reads a structure or union payload from the whole body; `None` for an empty body.
    fn decode_payload<T: Payload>(
        body: &[u8],
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError>;
}

/// Whether a shape has members that go in the body document.
pub(crate) fn has_body_members(schema: &Schema) -> bool {
    schema.members.iter().any(|m| m.binding == Binding::Body)
}

/// A body and its `Content-Type`.
type Body = (Vec<u8>, &'static str);

/// Writes a top-level shape into HTTP message parts.
pub(crate) struct RestEncoder<F: DocumentFormat> {
    labels: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    query_map: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    payload: Option<Body>,
    status: Option<u16>,
    body: F::Encoder,
}

impl<F: DocumentFormat> RestEncoder<F> {
    fn new(schema: &'static Schema) -> Self {
        Self::with_body(F::body_encoder(schema))
    }

    /// An encoder whose body members go to `body` (an error envelope, say).
    fn with_body(body: F::Encoder) -> Self {
        RestEncoder {
            labels: Vec::new(),
            query: Vec::new(),
            query_map: Vec::new(),
            headers: Vec::new(),
            payload: None,
            status: None,
            body,
        }
    }

    /// The body: the payload, else the document of the body members (when the shape has any).
    fn into_body(self, schema: &'static Schema) -> (Parts, Option<Body>) {
        let body = match self.payload {
            Some(payload) => Some(payload),
            None if has_body_members(schema) => {
                F::finish_body(self.body, schema).map(|document| (document, F::CONTENT_TYPE))
            }
            None => None,
        };
        let parts = Parts {
            labels: self.labels,
            query: self.query,
            query_map: self.query_map,
            headers: self.headers,
            status: self.status,
        };
        (parts, body)
    }

    fn set_payload<T: Payload>(&mut self, member: &'static Member, value: &T) {
        self.payload = Some(match T::KIND {
            PayloadKind::Blob => (raw(value), "application/octet-stream"),
            PayloadKind::Text => (raw(value), "text/plain"),
            PayloadKind::Shape | PayloadKind::Union => {
                (F::payload_document(value, member), F::CONTENT_TYPE)
            }
            PayloadKind::Document => (JsonEncoder::document(value, member), "application/json"),
        });
    }
}

fn raw<T: Payload>(value: &T) -> Vec<u8> {
    value.raw_bytes().unwrap_or_default().to_vec()
}

/// The bound parts a [`RestEncoder`] collected.
struct Parts {
    labels: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    query_map: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    status: Option<u16>,
}

impl<F: DocumentFormat> Encoder for RestEncoder<F> {
    // Values reach these only through `field`, which hands them to the body document.
    fn string(&mut self, member: &'static Member, value: &str) {
        self.body.string(member, value);
    }
    fn boolean(&mut self, member: &'static Member, value: bool) {
        self.body.boolean(member, value);
    }
    fn integer(&mut self, member: &'static Member, value: i64) {
        self.body.integer(member, value);
    }
    fn float(&mut self, member: &'static Member, value: f32) {
        self.body.float(member, value);
    }
    fn double(&mut self, member: &'static Member, value: f64) {
        self.body.double(member, value);
    }
    fn timestamp(&mut self, member: &'static Member, value: &DateTime) {
        self.body.timestamp(member, value);
    }
    fn blob(&mut self, member: &'static Member, value: &[u8]) {
        self.body.blob(member, value);
    }
    fn document(&mut self, member: &'static Member, value: &Document) {
        self.body.document(member, value);
    }
    fn null(&mut self, member: &'static Member) {
        self.body.null(member);
    }
    fn list<T: Encode>(&mut self, member: &'static Member, items: &[T]) {
        self.body.list(member, items);
    }
    fn map<V: Encode>(&mut self, member: &'static Member, entries: &HashMap<String, V>) {
        self.body.map(member, entries);
    }
    fn shape<S: Shape>(&mut self, member: &'static Member, value: &S) {
        self.body.shape(member, value);
    }

    fn field<T: Encode + ?Sized>(&mut self, member: &'static Member, value: &T) {
        self.body.field(member, value);
    }

    fn label<T: HttpText + Encode>(&mut self, member: &'static Member, value: &T) {
        let text = value.to_http_text(member.timestamp_format_or(TimestampFormat::DateTime));
        let greedy = member.binding == Binding::GreedyLabel;
        self.labels.push((member.name, encode_label(&text, greedy)));
    }

    fn query<T: ToQuery + Encode>(&mut self, member: &'static Member, value: &T) {
        if let Binding::Query(name) = member.binding {
            let format = member.timestamp_format_or(TimestampFormat::DateTime);
            value.push_query(name, &mut self.query, format);
        }
    }

    fn query_map<T: ToQueryMap + Encode>(&mut self, member: &'static Member, value: &T) {
        let format = member.timestamp_format_or(TimestampFormat::DateTime);
        value.push_query_map(&mut self.query_map, format);
    }

    fn header<T: ToHeader + Encode>(&mut self, member: &'static Member, value: &T) {
        let Binding::Header(name) = member.binding else {
            return;
        };
        let text = value.to_header(member.timestamp_format_or(TimestampFormat::HttpDate));
        // A `jsonvalue` header carries its JSON text base64-encoded.
        let text = match text {
            Some(text) if member.is_json_value() => Some(json_value_to_header(&text)),
            other => other,
        };
        if let Some(text) = text {
            self.headers.push((name.to_owned(), text));
        }
    }

    fn prefix_headers(&mut self, member: &'static Member, value: &HashMap<String, String>) {
        if let Binding::PrefixHeaders(prefix) = member.binding {
            for key in crate::shape::sorted_keys(value) {
                self.headers
                    .push((format!("{prefix}{key}"), value[key].clone()));
            }
        }
    }

    fn payload<T: Payload>(&mut self, member: &'static Member, value: &T) {
        self.set_payload(member, value);
    }

    fn payload_unset<T: Payload>(&mut self, _: &'static Member) {
        self.payload = match T::KIND {
            // restJson1 always sends a structure payload; a blob payload keeps its type.
            PayloadKind::Shape => F::UNSET_SHAPE_PAYLOAD.map(|b| (b.to_vec(), F::CONTENT_TYPE)),
            PayloadKind::Blob => Some((Vec::new(), "application/octet-stream")),
            PayloadKind::Union | PayloadKind::Text | PayloadKind::Document => None,
        };
    }

    fn status_code(&mut self, _: &'static Member, value: i32) {
        self.status = u16::try_from(value).ok();
    }
}

/// Adds `Content-Type` unless a member already set it (a blob payload's media type wins).
fn set_content_type(headers: &mut Vec<(String, String)>, content_type: &str) {
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        headers.push(("content-type".into(), content_type.into()));
    }
}

/// The request of an operation of a REST protocol.
pub(crate) fn serialize_request<O: Operation, F: DocumentFormat>(input: &O) -> HttpRequest {
    let mut encoder = RestEncoder::<F>::new(O::SCHEMA);
    input.encode_members(&mut encoder);
    let (parts, body) = encoder.into_body(O::SCHEMA);
    let (path, constant_query) = expand_template(O::URI, &parts.labels);
    let mut query = constant_query;
    query.extend(parts.query);
    // Named query members (and the template's constants) win over the map (httpQueryParams).
    let named = query.len();
    for (key, value) in parts.query_map {
        if !query[..named].iter().any(|(k, _)| *k == key) {
            query.push((key, value));
        }
    }
    let mut headers = parts.headers;
    let body = body.map(|(bytes, content_type)| {
        set_content_type(&mut headers, content_type);
        bytes
    });
    HttpRequest {
        method: O::METHOD,
        path,
        query,
        headers,
        body,
        host_prefix: input.host_prefix(),
    }
}

/// A success response for `output` (server side).
pub(crate) fn serialize_response<S: Shape, F: DocumentFormat>(
    output: &S,
    default_status: u16,
) -> HttpResponse {
    serialize_response_with_body::<S, F>(output, default_status, F::body_encoder(S::SCHEMA))
}

/// A response for `output` whose body members go to `body`, an encoder already holding what
/// precedes them (restXml's error envelope).
pub(crate) fn serialize_response_with_body<S: Shape, F: DocumentFormat>(
    output: &S,
    default_status: u16,
    body: F::Encoder,
) -> HttpResponse {
    let mut encoder = RestEncoder::<F>::with_body(body);
    output.encode_members(&mut encoder);
    let (parts, body) = encoder.into_body(S::SCHEMA);
    let mut headers = parts.headers;
    let body = match body {
        Some((bytes, content_type)) => {
            set_content_type(&mut headers, content_type);
            bytes
        }
        None => Vec::new(),
    };
    HttpResponse {
        status: parts.status.unwrap_or(default_status),
        headers,
        body,
    }
}

/// Fills a URI template's labels (already percent-encoded) and splits off its constant query
/// (`/things/{Id}?type=x&flag` gives `type=x` and `flag=`).
fn expand_template(
    template: &str,
    labels: &[(&'static str, String)],
) -> (String, Vec<(String, String)>) {
    let (path_template, constant_query) = match template.split_once('?') {
        Some((path, query)) => (path, crate::uri_encoding::parse_query(query)),
        None => (template, Vec::new()),
    };
    let mut path = String::with_capacity(path_template.len() + 32);
    let mut rest = path_template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        let name = rest[open + 1..close].trim_end_matches('+');
        if let Some((_, value)) = labels.iter().find(|(n, _)| *n == name) {
            path.push_str(value);
        }
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    (path, constant_query)
}

/// Reads a top-level shape from HTTP message parts. Server-side requests also have labels and
/// query parameters; responses have a status code.
pub(crate) struct RestDecoder<'a, F: DocumentFormat + 'a> {
    headers: &'a [(String, String)],
    body: &'a [u8],
    status: Option<u16>,
    labels: Vec<(String, String)>,
    query: &'a [(String, String)],
    /// Names the query map must not take: named members and the template's constants.
    bound_query: Vec<String>,
    document: Option<F::Root<'a>>,
}

impl<'a, F: DocumentFormat + 'a> RestDecoder<'a, F> {
    /// A decoder of a response whose body (if the shape has body members) is `parsed`.
    pub(crate) fn response(response: &'a HttpResponse, document: Option<F::Root<'a>>) -> Self {
        RestDecoder {
            headers: &response.headers,
            body: &response.body,
            status: Some(response.status),
            labels: Vec::new(),
            query: &[],
            bound_query: Vec::new(),
            document,
        }
    }
}

impl<'a, F: DocumentFormat + 'a> StructDecoder for RestDecoder<'a, F> {
    fn field<T: Decode>(&mut self, member: &'static Member) -> Result<Option<T>, DecodeError> {
        match &mut self.document {
            Some(document) => document.field(member),
            None => Ok(None),
        }
    }

    fn union_member(&mut self, schema: &'static Schema) -> Result<UnionMember, DecodeError> {
        match &mut self.document {
            Some(document) => document.union_member(schema),
            None => Err(DecodeError::new(
                "a union needs exactly one member, found none",
            )),
        }
    }

    fn label<T: HttpText + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        let format = member.timestamp_format_or(TimestampFormat::DateTime);
        match self.labels.iter().find(|(n, _)| n == member.name) {
            Some((_, raw)) => T::from_http_text(raw, format)
                .map(Some)
                .map_err(|e| e.at(member.name)),
            None => Ok(None),
        }
    }

    fn query<T: FromQuery + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        let Binding::Query(name) = member.binding else {
            return Ok(None);
        };
        let values: Vec<&str> = self
            .query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect();
        if values.is_empty() {
            return Ok(None);
        }
        let format = member.timestamp_format_or(TimestampFormat::DateTime);
        T::from_query(&values, format)
            .map(Some)
            .map_err(|e| e.at(name))
    }

    fn query_map<T: FromQueryMap + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        let rest: Vec<(&str, &str)> = self
            .query
            .iter()
            .filter(|(k, _)| !self.bound_query.contains(k))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if rest.is_empty() {
            return Ok(None);
        }
        let format = member.timestamp_format_or(TimestampFormat::DateTime);
        T::from_query_map(&rest, format).map(Some)
    }

    fn header<T: FromHeader + Decode>(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<T>, DecodeError> {
        let Binding::Header(name) = member.binding else {
            return Ok(None);
        };
        let Some(value) = header_all(self.headers, name) else {
            return Ok(None);
        };
        let format = member.timestamp_format_or(TimestampFormat::HttpDate);
        let decoded = if member.is_json_value() {
            json_value_from_header(&value).and_then(|text| T::from_header(&text, format))
        } else {
            T::from_header(&value, format)
        };
        decoded.map(Some).map_err(|e| e.at(name))
    }

    fn prefix_headers(
        &mut self,
        member: &'static Member,
    ) -> Result<Option<HashMap<String, String>>, DecodeError> {
        let Binding::PrefixHeaders(prefix) = member.binding else {
            return Ok(None);
        };
        // A response's map is present, if empty, without such headers (botocore; Smithy's
        // HttpPrefixHeadersAreNotPresent); a request's is absent, as the client left it.
        let map = read_prefix_headers(self.headers, prefix);
        Ok((!map.is_empty() || self.status.is_some()).then_some(map))
    }

    fn payload<T: Payload>(&mut self, member: &'static Member) -> Result<Option<T>, DecodeError> {
        match T::KIND {
            PayloadKind::Blob | PayloadKind::Text => {
                if self.body.is_empty() {
                    return Ok(None);
                }
                T::from_raw_bytes(self.body).map(Some)
            }
            PayloadKind::Shape | PayloadKind::Union => F::decode_payload(self.body, member),
            PayloadKind::Document => {
                if self.body.iter().all(u8::is_ascii_whitespace) {
                    return Ok(None);
                }
                let value: serde_json::Value = serde_json::from_slice(self.body)
                    .map_err(|_| DecodeError::new("document payload is not valid JSON"))?;
                T::decode(crate::protocol::json::JsonValue(&value), member).map(Some)
            }
        }
    }

    fn status_code(&mut self, _: &'static Member) -> Result<Option<i32>, DecodeError> {
        Ok(self.status.map(i32::from))
    }
}

/// Reads an input from a request routed to `O` (server side).
pub(crate) fn deserialize_request<O: Operation, F: DocumentFormat>(
    request: &HttpRequest,
) -> Result<O, DecodeError> {
    let labels = crate::http_binding::match_uri_template(O::URI, &request.path)
        .ok_or_else(|| DecodeError::new("the request path does not match the operation's URI"))?;
    let body = request.body.as_deref().unwrap_or_default();
    let parsed = if has_body_members(O::SCHEMA) {
        Some(F::parse(body)?)
    } else {
        None
    };
    let document = match &parsed {
        Some(parsed) => Some(F::root(parsed, O::SCHEMA)?),
        None => None,
    };
    let mut bound_query: Vec<String> = O::SCHEMA
        .members
        .iter()
        .filter_map(|m| match m.binding {
            Binding::Query(name) => Some(name.to_owned()),
            _ => None,
        })
        .collect();
    if let Some((_, constant)) = O::URI.split_once('?') {
        bound_query.extend(
            crate::uri_encoding::parse_query(constant)
                .into_iter()
                .map(|(k, _)| k),
        );
    }
    let mut decoder = RestDecoder::<F> {
        headers: &request.headers,
        body,
        status: None,
        labels,
        query: &request.query,
        bound_query,
        document,
    };
    O::decode_members(&mut decoder)
}

/// Reads a success response's output (client side).
pub(crate) fn deserialize_response<S: Shape, F: DocumentFormat>(
    response: &HttpResponse,
) -> Result<S, DecodeError> {
    let parsed = if has_body_members(S::SCHEMA) {
        Some(F::parse(&response.body)?)
    } else {
        None
    };
    let document = match &parsed {
        Some(parsed) => Some(F::root(parsed, S::SCHEMA)?),
        None => None,
    };
    let mut decoder = RestDecoder::<F>::response(response, document);
    S::decode_members(&mut decoder)
}

#[cfg(test)]
mod tests {
    use super::expand_template;

    #[test]
    fn templates_fill_labels_and_keep_constant_query() {
        let labels = [("Id", "a%2Fb".to_owned()), ("Key", "x/y".to_owned())];
        let (path, query) = expand_template("/t/{Id}/k/{Key+}?x-id=Put&flag", &labels);
        assert_eq!(path, "/t/a%2Fb/k/x/y");
        assert_eq!(
            query,
            vec![
                ("x-id".to_owned(), "Put".to_owned()),
                ("flag".to_owned(), String::new())
            ]
        );
    }
}
