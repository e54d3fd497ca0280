//! Comparing what a case expects with what the code under test produced.
//!
//! This module is compiled twice: into the runner (where its unit tests live) and, copied
//! verbatim, into the generated harness, which runs the comparisons. It therefore depends on
//! `serde_json`, `roxmltree` (XML bodies) and `std` only.

use serde_json::Value;
use std::collections::BTreeMap;

/// A signed request as the harness received it from the client.
#[derive(Clone, Debug, Default)]
pub struct ActualRequest {
    /// The HTTP method.
    pub method: String,
    /// The full URL: scheme, authority, path and query.
    pub url: String,
    /// Every header the client sends.
    pub headers: Vec<(String, String)>,
    /// The body; `None` sends none.
    pub body: Option<Vec<u8>>,
}

/// How a request body is compared when it is not empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyFormat {
    /// As JSON when the expected body is JSON (rest-json, json), else byte for byte.
    Json,
    /// As canonical XML when the expected body is XML (rest-xml), else byte for byte.
    Xml,
    /// Byte for byte (query and ec2 form bodies).
    Bytes,
}

impl BodyFormat {
    /// The format of a protocol test file's `metadata.protocol`.
    pub fn of_protocol(protocol: &str) -> BodyFormat {
        match protocol {
            "rest-xml" => BodyFormat::Xml,
            "query" | "ec2" => BodyFormat::Bytes,
            _ => BodyFormat::Json,
        }
    }
}

/// The parts of a URL the checks look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// Host and optional port.
    pub authority: &'a str,
    /// The path, `/` when the URL has none.
    pub path: &'a str,
    /// The raw query string without `?` (empty when absent).
    pub query: &'a str,
}

/// Splits `scheme://authority/path?query`; a URL without a scheme is taken as a path.
pub fn split_url(url: &str) -> UrlParts<'_> {
    let (authority, rest) = match url.split_once("://") {
        Some((_, after)) => {
            let end = after.find(['/', '?']).unwrap_or(after.len());
            (&after[..end], &after[end..])
        }
        None => ("", url),
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    UrlParts {
        authority,
        path: if path.is_empty() { "/" } else { path },
        query,
    }
}

/// Upper-cases the hex digits of `%xx` escapes, so `%2f` and `%2F` compare equal.
pub fn normalize_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '%' {
            for _ in 0..2 {
                match chars.next() {
                    Some(h) => out.push(h.to_ascii_uppercase()),
                    None => break,
                }
            }
        }
    }
    out
}

/// The query as `name -> values in order`, still percent-encoded (escapes normalized); `a`
/// and `a=` are the same pair. Names may come in any order, values of one name keep theirs.
pub fn query_pairs(query: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        out.entry(normalize_escapes(name))
            .or_default()
            .push(normalize_escapes(value));
    }
    out
}

/// Every value of header `name` (any case), joined with `", "` as the case files write lists.
pub fn header_value(headers: &[(String, String)], name: &str) -> Option<String> {
    let values: Vec<&str> = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// Every difference between a case's `serialized` object and the request the client made.
/// `endpoint` is the endpoint URL the client was given (its path counts towards `host`).
///
/// `Content-Length` is not set by the signer but by the HTTP client from the body, so it is
/// taken as present (with the body's length) exactly when a body is sent.
pub fn request_differences(
    serialized: &Value,
    endpoint: &str,
    list_headers: &[&str],
    format: BodyFormat,
    actual: &ActualRequest,
) -> Vec<String> {
    let mut diffs = Vec::new();
    let url = split_url(&actual.url);
    let mut headers = actual.headers.clone();
    if let Some(body) = &actual.body {
        if header_value(&headers, "content-length").is_none() {
            headers.push(("content-length".into(), body.len().to_string()));
        }
    }
    if let Some(method) = serialized.get("method").and_then(Value::as_str) {
        if !method.eq_ignore_ascii_case(&actual.method) {
            diffs.push(format!("method: expected {method}, got {}", actual.method));
        }
    }
    if let Some(uri) = serialized.get("uri").and_then(Value::as_str) {
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        if normalize_escapes(path) != normalize_escapes(url.path) {
            diffs.push(format!("path: expected `{path}`, got `{}`", url.path));
        }
        let (want, got) = (query_pairs(query), query_pairs(url.query));
        if want != got {
            diffs.push(format!(
                "query: expected `{query}`, got `{}`{}",
                url.query,
                query_hint(&want, &got)
            ));
        }
    }
    if let Some(expected) = serialized.get("headers").and_then(Value::as_object) {
        for (name, want) in expected {
            let mut want = match want {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            // botocore's rule for form bodies: the expected type gains the charset it sends.
            if format == BodyFormat::Bytes
                && name.eq_ignore_ascii_case("content-type")
                && !want.contains("charset=utf-8")
            {
                want.push_str("; charset=utf-8");
            }
            let is_list = list_headers.iter().any(|h| h.eq_ignore_ascii_case(name));
            match header_value(&headers, name) {
                None => diffs.push(format!("header `{name}`: expected {want:?}, absent")),
                Some(got) if is_list && list_elements(&got) == list_elements(&want) => {}
                Some(got) if got != want => {
                    diffs.push(format!("header `{name}`: expected {want:?}, got {got:?}"))
                }
                Some(_) => {}
            }
        }
    }
    for name in names(serialized.get("forbidHeaders")) {
        if let Some(got) = header_value(&headers, name) {
            diffs.push(format!("header `{name}` must be absent, got {got:?}"));
        }
    }
    for name in names(serialized.get("requireHeaders")) {
        if header_value(&headers, name).is_none() {
            diffs.push(format!("header `{name}` is required, absent"));
        }
    }
    if let Some(want) = serialized.get("body").and_then(Value::as_str) {
        if let Some(d) = body_difference(want, actual.body.as_deref(), format) {
            diffs.push(d);
        }
    }
    if let Some(want) = serialized.get("host").and_then(Value::as_str) {
        let host = url.authority;
        // A host with a path (`example.com/custom`) names the endpoint's base path too.
        let got = if want.contains('/') {
            let base = split_url(endpoint).path.trim_end_matches('/');
            format!("{host}{base}")
        } else {
            host.to_owned()
        };
        if !got.eq_ignore_ascii_case(want) {
            diffs.push(format!("host: expected `{want}`, got `{got}`"));
        }
    }
    diffs
}

/// The elements of a header list: split at commas outside double quotes, optional whitespace
/// around each trimmed (RFC 9110 section 5.6.1).
pub fn list_elements(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in value.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(value[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(value[start..].trim());
    out
}

fn names(v: Option<&Value>) -> impl Iterator<Item = &str> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// Names the first query parameter that differs, which the full strings can hide.
fn query_hint(want: &BTreeMap<String, Vec<String>>, got: &BTreeMap<String, Vec<String>>) -> String {
    for (name, values) in want {
        match got.get(name) {
            None => return format!(" (`{name}` missing)"),
            Some(g) if g != values => return format!(" (`{name}`: {values:?} vs {g:?})"),
            Some(_) => {}
        }
    }
    match got.keys().find(|k| !want.contains_key(*k)) {
        Some(extra) => format!(" (unexpected `{extra}`)"),
        None => String::new(),
    }
}

/// Compares a body: `""` means none (or empty); in `format`, a JSON text is compared as JSON
/// and an XML document as canonical XML ([`canonical_xml`]); anything else byte for byte.
pub fn body_difference(want: &str, got: Option<&[u8]>, format: BodyFormat) -> Option<String> {
    let got = got.unwrap_or_default();
    if want.is_empty() {
        return (!got.is_empty()).then(|| format!("body: expected none, got {}", shown_bytes(got)));
    }
    if format == BodyFormat::Xml {
        if let Ok(want_xml) = canonical_xml(want) {
            return match std::str::from_utf8(got)
                .map_err(|e| e.to_string())
                .and_then(canonical_xml)
            {
                Ok(got_xml) if got_xml == want_xml => None,
                Ok(got_xml) => Some(format!(
                    "body: expected XML {}, got {}",
                    cut(want_xml),
                    cut(got_xml)
                )),
                Err(e) => Some(format!(
                    "body: expected XML {}, got {} ({e})",
                    cut(want_xml),
                    shown_bytes(got)
                )),
            };
        }
    }
    let want_json = match format {
        BodyFormat::Json => serde_json::from_str::<Value>(want).ok(),
        _ => None,
    };
    if let Some(want_json) = want_json {
        return match serde_json::from_slice::<Value>(got) {
            Ok(got_json) => json_difference(&want_json, &got_json).map(|d| format!("body: {d}")),
            Err(_) => Some(format!(
                "body: expected JSON {}, got {}",
                shown(&want_json),
                shown_bytes(got)
            )),
        };
    }
    (want.as_bytes() != got).then(|| {
        format!(
            "body: expected {}, got {}",
            shown_bytes(want.as_bytes()),
            shown_bytes(got)
        )
    })
}

/// An XML document in a canonical form, as botocore compares rest-xml bodies (W3C C14N 2.0
/// with text stripped of surrounding whitespace): elements and attributes by namespace and
/// local name, attributes sorted, the namespace declarations each element adds (a declaration
/// already in scope with the same URI is superfluous), text trimmed and escaped, comments,
/// processing instructions and the XML declaration left out, `<a/>` the same as `<a></a>`.
pub fn canonical_xml(text: &str) -> Result<String, String> {
    let document = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    let mut out = String::new();
    canonical_element(document.root_element(), &mut out);
    Ok(out)
}

fn canonical_element(node: roxmltree::Node<'_, '_>, out: &mut String) {
    let expanded = |ns: Option<&str>, local: &str| match ns {
        Some(ns) => format!("{{{ns}}}{local}"),
        None => local.to_owned(),
    };
    let name = expanded(node.tag_name().namespace(), node.tag_name().name());
    let in_scope = |n: Option<roxmltree::Node<'_, '_>>| -> Vec<(String, String)> {
        n.map(|n| {
            n.namespaces()
                .map(|ns| {
                    (
                        ns.name().unwrap_or_default().to_owned(),
                        ns.uri().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
    };
    let inherited = in_scope(node.parent_element());
    let mut declared: Vec<(String, String)> = in_scope(Some(node))
        .into_iter()
        .filter(|ns| !inherited.contains(ns))
        .collect();
    declared.sort();
    let mut attributes: Vec<(String, String)> = node
        .attributes()
        .map(|a| (expanded(a.namespace(), a.name()), a.value().to_owned()))
        .collect();
    attributes.sort();
    out.push('<');
    out.push_str(&name);
    for (prefix, uri) in declared {
        out.push_str(&format!(" xmlns:{prefix}={uri:?}"));
    }
    for (attribute, value) in attributes {
        out.push_str(&format!(" {attribute}={value:?}"));
    }
    out.push('>');
    for child in node.children() {
        if child.is_element() {
            canonical_element(child, out);
        } else if child.is_text() {
            let text = child.text().unwrap_or_default().trim();
            out.push_str(&text.replace('&', "&amp;").replace('<', "&lt;"));
        }
    }
    out.push_str("</");
    out.push_str(&name);
    out.push('>');
}

/// The first difference between two JSON values, with its path (`$.a[2].b`); numbers are
/// compared by value, so `1` equals `1.0`.
pub fn json_difference(want: &Value, got: &Value) -> Option<String> {
    diff_at("$", want, got)
}

fn diff_at(path: &str, want: &Value, got: &Value) -> Option<String> {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                let p = format!("{path}.{k}");
                match g.get(k) {
                    Some(gv) => {
                        if let Some(d) = diff_at(&p, wv, gv) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{p}: expected {}, absent", shown(wv))),
                }
            }
            g.iter()
                .find(|(k, _)| !w.contains_key(*k))
                .map(|(k, gv)| format!("{path}.{k}: expected absent, got {}", shown(gv)))
        }
        (Value::Array(w), Value::Array(g)) => {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                if let Some(d) = diff_at(&format!("{path}[{i}]"), wv, gv) {
                    return Some(d);
                }
            }
            (w.len() != g.len()).then(|| {
                format!(
                    "{path}: expected {} items, got {}: {}",
                    w.len(),
                    g.len(),
                    shown(got)
                )
            })
        }
        (Value::Number(w), Value::Number(g)) => {
            let same = match (w.as_i64(), g.as_i64(), w.as_u64(), g.as_u64()) {
                (Some(a), Some(b), _, _) => a == b,
                (_, _, Some(a), Some(b)) => a == b,
                _ => w.as_f64() == g.as_f64(),
            };
            (!same).then(|| format!("{path}: expected {w}, got {g}"))
        }
        _ => (want != got).then(|| format!("{path}: expected {}, got {}", shown(want), shown(got))),
    }
}

/// Compact JSON, cut at 200 characters.
pub fn shown(v: &Value) -> String {
    cut(v.to_string())
}

/// Bytes as text (lossy) in quotes, cut at 200 characters.
pub fn shown_bytes(b: &[u8]) -> String {
    cut(format!("{:?}", String::from_utf8_lossy(b)))
}

fn cut(mut s: String) -> String {
    if let Some((i, _)) = s.char_indices().nth(200) {
        s.truncate(i);
        s.push_str("...");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(url: &str, headers: &[(&str, &str)], body: Option<&str>) -> ActualRequest {
        ActualRequest {
            method: "POST".into(),
            url: url.into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.map(|b| b.as_bytes().to_vec()),
        }
    }

    #[test]
    fn urls_split_into_authority_path_and_query() {
        let p = split_url("https://example.com:8443/a/b?x=1&y");
        assert_eq!(p.authority, "example.com:8443");
        assert_eq!(p.path, "/a/b");
        assert_eq!(p.query, "x=1&y");
        assert_eq!(split_url("https://example.com").path, "/");
        assert_eq!(split_url("https://example.com?q=1").query, "q=1");
    }

    #[test]
    fn query_order_matters_only_within_a_name() {
        assert_eq!(query_pairs("a=1&b=2&a=3"), query_pairs("b=2&a=1&a=3"));
        assert_ne!(query_pairs("a=1&a=3"), query_pairs("a=3&a=1"));
        assert_eq!(query_pairs("flag"), query_pairs("flag="));
        assert_eq!(query_pairs("k=%2f"), query_pairs("k=%2F"));
    }

    #[test]
    fn a_matching_request_has_no_differences() {
        let serialized = json!({
            "method": "POST",
            "uri": "/things/a%2Fb?x=1&y=2",
            "headers": {"Content-Type": "application/json", "X-List": "a, b"},
            "forbidHeaders": ["X-Absent"],
            "requireHeaders": ["Content-Length"],
            "body": "{\"a\": 1.0, \"b\": [true]}",
            "host": "example.com"
        });
        let actual = request(
            "https://example.com/things/a%2fb?y=2&x=1",
            &[
                ("content-type", "application/json"),
                ("x-list", "a"),
                ("X-List", "b"),
            ],
            Some(r#"{"b":[true],"a":1}"#),
        );
        assert_eq!(
            request_differences(
                &serialized,
                "https://example.com",
                &[],
                BodyFormat::Json,
                &actual
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn every_difference_is_named() {
        let serialized = json!({
            "method": "GET",
            "uri": "/a?x=1",
            "headers": {"X-H": "1", "X-Missing": "v"},
            "forbidHeaders": ["Content-Type"],
            "requireHeaders": ["Content-Length"],
            "body": "",
            "host": "foo.example.com"
        });
        let actual = request(
            "https://example.com/b?x=2",
            &[("x-h", "2"), ("content-type", "text/plain")],
            Some("x"),
        );
        let d = request_differences(
            &serialized,
            "https://example.com",
            &[],
            BodyFormat::Json,
            &actual,
        );
        let all = d.join("\n");
        for needle in [
            "method: expected GET, got POST",
            "path: expected `/a`, got `/b`",
            "query: expected `x=1`, got `x=2`",
            "header `X-H`: expected \"1\", got \"2\"",
            "header `X-Missing`: expected \"v\", absent",
            "header `Content-Type` must be absent",
            "body: expected none, got \"x\"",
            "host: expected `foo.example.com`, got `example.com`",
        ] {
            assert!(all.contains(needle), "{needle} not in:\n{all}");
        }
        // Content-Length follows the body: present here, absent without one.
        assert!(!all.contains("Content-Length"));
        let no_body = request("https://example.com/a?x=1", &[], None);
        let d = request_differences(
            &serialized,
            "https://example.com",
            &[],
            BodyFormat::Json,
            &no_body,
        )
        .join("\n");
        assert!(
            d.contains("header `Content-Length` is required, absent"),
            "{d}"
        );
    }

    #[test]
    fn host_with_path_includes_the_endpoint_path() {
        let serialized = json!({"uri": "/custom/", "host": "example.com/custom"});
        let actual = request("https://example.com/custom/", &[], Some("{}"));
        assert!(request_differences(
            &serialized,
            "https://example.com/custom",
            &[],
            BodyFormat::Json,
            &actual
        )
        .is_empty());
    }

    #[test]
    fn bodies_compare_as_json_or_bytes() {
        assert_eq!(body_difference("", None, BodyFormat::Json), None);
        assert_eq!(body_difference("", Some(b""), BodyFormat::Json), None);
        assert_eq!(
            body_difference("{\"a\":1}", Some(b" { \"a\" : 1.0 } "), BodyFormat::Json),
            None
        );
        assert!(
            body_difference("{\"a\":1}", Some(b"{\"a\":2}"), BodyFormat::Json)
                .unwrap()
                .contains("$.a: expected 1, got 2")
        );
        assert!(
            body_difference("{\"a\":1}", Some(b"nope"), BodyFormat::Json)
                .unwrap()
                .contains("expected JSON")
        );
        assert_eq!(
            body_difference("blob bytes", Some(b"blob bytes"), BodyFormat::Json),
            None
        );
        assert!(body_difference("blob bytes", Some(b"other"), BodyFormat::Json).is_some());
    }

    #[test]
    fn xml_bodies_compare_canonically() {
        let want =
            "<A xmlns=\"https://a/\" z=\"1\" y=\"&lt;\">\n  <B>  x &amp; y </B>\n  <C/>\n</A>";
        let same = "<?xml version=\"1.0\"?><A y='&lt;' z='1' xmlns='https://a/'><!-- c --><B>x &amp; y</B><C></C></A>";
        assert_eq!(
            body_difference(want, Some(same.as_bytes()), BodyFormat::Xml),
            None
        );
        for other in [
            "<A xmlns=\"https://a/\" z=\"1\" y=\"&lt;\"><C/><B>x &amp; y</B></A>",
            "<A z=\"1\" y=\"&lt;\"><B>x &amp; y</B><C/></A>",
            "<A xmlns=\"https://a/\" z=\"2\" y=\"&lt;\"><B>x &amp; y</B><C/></A>",
            "<A xmlns=\"https://a/\" z=\"1\" y=\"&lt;\"><B>x y</B><C/></A>",
            "not xml",
        ] {
            assert!(
                body_difference(want, Some(other.as_bytes()), BodyFormat::Xml).is_some(),
                "{other}"
            );
        }
        // A prefix declared on the element counts, even when nothing uses it.
        assert!(body_difference(
            "<A xmlns:p=\"https://p/\"><B/></A>",
            Some(b"<A><B/></A>"),
            BodyFormat::Xml
        )
        .is_some());
        // Not XML: byte for byte.
        assert_eq!(
            body_difference("blob", Some(b"blob"), BodyFormat::Xml),
            None
        );
        // Form bodies: byte for byte, JSON-looking or not.
        assert!(body_difference("{\"a\":1}", Some(b"{\"a\": 1}"), BodyFormat::Bytes).is_some());
    }

    #[test]
    fn json_differences_have_paths() {
        let want = json!({"a": {"b": [1, 2]}, "c": "x"});
        assert_eq!(json_difference(&want, &want.clone()), None);
        let got = json!({"a": {"b": [1, 3]}, "c": "x"});
        assert_eq!(
            json_difference(&want, &got).unwrap(),
            "$.a.b[1]: expected 2, got 3"
        );
        let got = json!({"a": {"b": [1, 2]}});
        assert_eq!(
            json_difference(&want, &got).unwrap(),
            "$.c: expected \"x\", absent"
        );
        let got = json!({"a": {"b": [1, 2]}, "c": "x", "d": null});
        assert_eq!(
            json_difference(&want, &got).unwrap(),
            "$.d: expected absent, got null"
        );
        assert_eq!(json_difference(&json!(1.5), &json!(1.5)), None);
        assert!(json_difference(&json!([1]), &json!([1, 2]))
            .unwrap()
            .contains("expected 1 items, got 2"));
    }

    #[test]
    fn list_headers_compare_as_lists_and_others_exactly() {
        assert_eq!(list_elements("a, b,c"), ["a", "b", "c"]);
        assert_eq!(list_elements(r#""a, b", c"#), [r#""a, b""#, "c"]);
        let serialized = serde_json::json!({"headers": {"X-List": "a,b", "X-Date": "Mon,1"}});
        let actual = request(
            "https://example.com/",
            &[("X-List", "a, b"), ("X-Date", "Mon, 1")],
            None,
        );
        let d = request_differences(
            &serialized,
            "https://example.com",
            &["x-list"],
            BodyFormat::Json,
            &actual,
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].contains("X-Date"), "{d:?}");
        let other = request(
            "https://example.com/",
            &[("X-List", "a, c"), ("X-Date", "Mon,1")],
            None,
        );
        let d = request_differences(
            &serialized,
            "https://example.com",
            &["x-list"],
            BodyFormat::Json,
            &other,
        );
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn long_values_are_cut() {
        let s = shown(&Value::String("x".repeat(500)));
        assert!(s.len() < 220 && s.ends_with("..."));
    }
}
