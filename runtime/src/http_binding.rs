//! The HTTP bindings of the REST protocols (restJson1 today): URI labels, host labels, query
//! parameters, headers and payloads, whatever the body's format.
//!
//! Scalars turn into text through [`HttpText`] (the member's timestamp format decides how
//! timestamps look); [`ToQuery`] and [`ToHeader`] add the list rules (repeat the query key, join
//! header values with `", "`), and [`FromHeader`] reads them back.

use crate::blob::Blob;
use crate::decode_error::DecodeError;
use crate::time::{DateTime, TimestampFormat};
use crate::uri_encoding::uri_encode;
use std::collections::HashMap;

/// A scalar that has a text form in labels, query strings and headers.
pub trait HttpText: Sized {
    /// The text form.
    fn to_http_text(&self, ts: TimestampFormat) -> String;
    /// Reads the text form back.
    fn from_http_text(text: &str, ts: TimestampFormat) -> Result<Self, DecodeError>;
    /// Whether the text form may contain commas that are not separators (strings: quoted in
    /// header lists; http-dates: never quoted, but split after every second comma).
    const HEADER_LIST_KIND: HeaderListKind = HeaderListKind::Plain;
}

/// How values of a type are separated in a comma-joined header list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderListKind {
    /// Never contains a comma (numbers, booleans, enums without commas).
    Plain,
    /// Strings: quoted when they contain `,` or `"`.
    Quoted,
    /// Timestamps: http-dates contain exactly one comma each.
    Timestamp,
}

impl HttpText for String {
    fn to_http_text(&self, _: TimestampFormat) -> String {
        self.clone()
    }
    fn from_http_text(text: &str, _: TimestampFormat) -> Result<Self, DecodeError> {
        Ok(text.to_owned())
    }
    const HEADER_LIST_KIND: HeaderListKind = HeaderListKind::Quoted;
}

impl HttpText for bool {
    fn to_http_text(&self, _: TimestampFormat) -> String {
        self.to_string()
    }
    fn from_http_text(text: &str, _: TimestampFormat) -> Result<Self, DecodeError> {
        match text.trim() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(DecodeError::new("expected `true` or `false`")),
        }
    }
}

macro_rules! integer_text {
    ($($t:ty),*) => {$(
        impl HttpText for $t {
            fn to_http_text(&self, _: TimestampFormat) -> String {
                self.to_string()
            }
            fn from_http_text(text: &str, _: TimestampFormat) -> Result<Self, DecodeError> {
                text.trim().parse().map_err(|_| {
                    DecodeError::new(concat!("expected an integer that fits ", stringify!($t)))
                })
            }
        }
    )*};
}

integer_text!(i8, i16, i32, i64);

macro_rules! float_text {
    ($($t:ty),*) => {$(
        impl HttpText for $t {
            fn to_http_text(&self, _: TimestampFormat) -> String {
                if self.is_nan() {
                    "NaN".into()
                } else if self.is_infinite() {
                    if *self > 0.0 { "Infinity".into() } else { "-Infinity".into() }
                } else {
                    self.to_string()
                }
            }
            fn from_http_text(text: &str, _: TimestampFormat) -> Result<Self, DecodeError> {
                match text.trim() {
                    "NaN" => Ok(<$t>::NAN),
                    "Infinity" => Ok(<$t>::INFINITY),
                    "-Infinity" => Ok(<$t>::NEG_INFINITY),
                    t => t.parse().map_err(|_| DecodeError::new("expected a number")),
                }
            }
        }
    )*};
}

float_text!(f32, f64);

impl HttpText for DateTime {
    fn to_http_text(&self, ts: TimestampFormat) -> String {
        self.fmt(ts)
    }
    fn from_http_text(text: &str, ts: TimestampFormat) -> Result<Self, DecodeError> {
        DateTime::parse(text.trim(), ts)
            .map_err(|e| DecodeError::new(format!("bad timestamp: {e}")))
    }
    const HEADER_LIST_KIND: HeaderListKind = HeaderListKind::Timestamp;
}

impl HttpText for Blob {
    fn to_http_text(&self, _: TimestampFormat) -> String {
        self.to_base64()
    }
    fn from_http_text(text: &str, _: TimestampFormat) -> Result<Self, DecodeError> {
        Blob::from_base64(text.trim()).map_err(|e| DecodeError::new(format!("bad base64: {e}")))
    }
}

/// Percent-encodes a URI label; a greedy label (`{Key+}`) keeps its `/` separators.
pub fn encode_label(text: &str, greedy: bool) -> String {
    uri_encode(text, !greedy)
}

/// A member bound to a query parameter: scalars add one pair, lists repeat the key.
pub trait ToQuery {
    /// Appends this member's pairs.
    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>, ts: TimestampFormat);
}

/// A member bound to all remaining query parameters (`httpQueryParams`).
pub trait ToQueryMap {
    /// Appends one pair per entry (per item for list values).
    fn push_query_map(&self, out: &mut Vec<(String, String)>, ts: TimestampFormat);
}

/// A member read from the query parameters no other member binds (server side).
pub trait FromQueryMap: Sized {
    /// Builds the map from the remaining pairs.
    fn from_query_map(pairs: &[(&str, &str)], ts: TimestampFormat) -> Result<Self, DecodeError>;
}

impl<T: HttpText> FromQueryMap for HashMap<String, T> {
    fn from_query_map(pairs: &[(&str, &str)], ts: TimestampFormat) -> Result<Self, DecodeError> {
        let mut out = HashMap::new();
        for (k, v) in pairs {
            if !out.contains_key(*k) {
                out.insert(
                    (*k).to_owned(),
                    T::from_http_text(v, ts).map_err(|e| e.at(*k))?,
                );
            }
        }
        Ok(out)
    }
}

impl<T: HttpText> FromQueryMap for HashMap<String, Vec<T>> {
    fn from_query_map(pairs: &[(&str, &str)], ts: TimestampFormat) -> Result<Self, DecodeError> {
        let mut out: HashMap<String, Vec<T>> = HashMap::new();
        for (k, v) in pairs {
            let value = T::from_http_text(v, ts).map_err(|e| e.at(*k))?;
            out.entry((*k).to_owned()).or_default().push(value);
        }
        Ok(out)
    }
}

/// A member bound to a header.
pub trait ToHeader {
    /// The header value; `None` sends no header (an empty list).
    fn to_header(&self, ts: TimestampFormat) -> Option<String>;
}

/// A member read from a header.
pub trait FromHeader: Sized {
    /// Reads the header's value (all lines of it, joined with `,`).
    fn from_header(value: &str, ts: TimestampFormat) -> Result<Self, DecodeError>;
}

/// A member read from the query string (server side: the emulator and tests).
pub trait FromQuery: Sized {
    /// Reads the member from every value given for its name (at least one).
    fn from_query(values: &[&str], ts: TimestampFormat) -> Result<Self, DecodeError>;
}

/// Implements the binding traits for a scalar [`HttpText`] type. Generated enums use it too.
#[macro_export]
#[doc(hidden)]
macro_rules! __impl_scalar_bindings {
    ($($t:ty),*) => {$(
        impl $crate::__private::ToQuery for $t {
            #[inline]
            fn push_query(&self, name: &str, out: &mut ::std::vec::Vec<(::std::string::String, ::std::string::String)>, ts: $crate::__private::TimestampFormat) {
                out.push((name.to_owned(), $crate::__private::HttpText::to_http_text(self, ts)));
            }
        }
        impl $crate::__private::ToHeader for $t {
            #[inline]
            fn to_header(&self, ts: $crate::__private::TimestampFormat) -> ::std::option::Option<::std::string::String> {
                ::std::option::Option::Some($crate::__private::HttpText::to_http_text(self, ts))
            }
        }
        impl $crate::__private::FromQuery for $t {
            #[inline]
            fn from_query(values: &[&str], ts: $crate::__private::TimestampFormat) -> ::std::result::Result<Self, $crate::__private::DecodeError> {
                $crate::__private::HttpText::from_http_text(values.first().copied().unwrap_or_default(), ts)
            }
        }
        impl $crate::__private::FromHeader for $t {
            #[inline]
            fn from_header(value: &str, ts: $crate::__private::TimestampFormat) -> ::std::result::Result<Self, $crate::__private::DecodeError> {
                $crate::__private::HttpText::from_http_text(value, ts)
            }
        }
    )*};
}

__impl_scalar_bindings!(String, bool, i8, i16, i32, i64, f32, f64, DateTime, Blob);

impl<T: HttpText> ToQuery for Vec<T> {
    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>, ts: TimestampFormat) {
        for item in self {
            out.push((name.to_owned(), item.to_http_text(ts)));
        }
    }
}

impl<T: HttpText> FromQuery for Vec<T> {
    fn from_query(values: &[&str], ts: TimestampFormat) -> Result<Self, DecodeError> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| T::from_http_text(v, ts).map_err(|e| e.at(format!("[{i}]"))))
            .collect()
    }
}

impl<T: HttpText> ToQueryMap for HashMap<String, T> {
    fn push_query_map(&self, out: &mut Vec<(String, String)>, ts: TimestampFormat) {
        let mut keys: Vec<&String> = self.keys().collect();
        keys.sort();
        for k in keys {
            out.push((k.clone(), self[k].to_http_text(ts)));
        }
    }
}

impl<T: HttpText> ToQueryMap for HashMap<String, Vec<T>> {
    fn push_query_map(&self, out: &mut Vec<(String, String)>, ts: TimestampFormat) {
        let mut keys: Vec<&String> = self.keys().collect();
        keys.sort();
        for k in keys {
            for item in &self[k] {
                out.push((k.clone(), item.to_http_text(ts)));
            }
        }
    }
}

impl<T: HttpText> ToHeader for Vec<T> {
    fn to_header(&self, ts: TimestampFormat) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let mut out = String::new();
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let text = item.to_http_text(ts);
            if T::HEADER_LIST_KIND == HeaderListKind::Quoted
                && (text.contains(',') || text.contains('"'))
            {
                out.push('"');
                out.push_str(&text.replace('\\', "\\\\").replace('"', "\\\""));
                out.push('"');
            } else {
                out.push_str(&text);
            }
        }
        Some(out)
    }
}

impl<T: HttpText> FromHeader for Vec<T> {
    fn from_header(value: &str, ts: TimestampFormat) -> Result<Self, DecodeError> {
        let parts = match (T::HEADER_LIST_KIND, ts) {
            (HeaderListKind::Quoted, _) => split_quoted(value)?,
            (HeaderListKind::Timestamp, TimestampFormat::HttpDate) => split_http_dates(value),
            _ => value.split(',').map(|p| p.trim().to_owned()).collect(),
        };
        parts
            .iter()
            .enumerate()
            .map(|(i, p)| T::from_http_text(p, ts).map_err(|e| e.at(format!("[{i}]"))))
            .collect()
    }
}

/// Splits a header list whose items may be `"quoted, with commas"`.
fn split_quoted(value: &str) -> Result<Vec<String>, DecodeError> {
    let mut items = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('\\') => item.extend(chars.next()),
                    Some('"') => break,
                    Some(c) => item.push(c),
                    None => return Err(DecodeError::new("unterminated quoted header value")),
                }
            }
            while chars.peek().is_some_and(|c| *c != ',') {
                chars.next();
            }
        } else {
            while let Some(c) = chars.peek().copied().filter(|c| *c != ',') {
                item.push(c);
                chars.next();
            }
            item = item.trim().to_owned();
        }
        items.push(item);
        if chars.next().is_none() {
            return Ok(items);
        }
    }
}

/// Splits `Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 ...` after every second comma.
fn split_http_dates(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut commas = 0;
    for (i, c) in value.char_indices() {
        if c == ',' {
            commas += 1;
            if commas % 2 == 0 {
                items.push(value[start..i].trim().to_owned());
                start = i + 1;
            }
        }
    }
    items.push(value[start..].trim().to_owned());
    items
}

/// Reads every header starting with `prefix` into a map keyed by the rest of the name.
pub fn read_prefix_headers(headers: &[(String, String)], prefix: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for (name, value) in headers {
        if name.len() >= prefix.len()
            && name.is_char_boundary(prefix.len())
            && name[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            out.insert(name[prefix.len()..].to_owned(), value.clone());
        }
    }
    out
}

/// Every value of header `name`, joined with `, ` (HTTP's rule for repeated fields).
pub fn header_all(headers: &[(String, String)], name: &str) -> Option<String> {
    let mut joined: Option<String> = None;
    for (n, v) in headers {
        if n.eq_ignore_ascii_case(name) {
            match &mut joined {
                Some(s) => {
                    s.push_str(", ");
                    s.push_str(v);
                }
                None => joined = Some(v.clone()),
            }
        }
    }
    joined
}

/// A `json_value` header (botocore `jsonvalue`, Smithy `@mediaType` string): the text goes
/// base64-encoded, since JSON may hold characters a header cannot.
pub fn json_value_to_header(text: &str) -> String {
    crate::blob::base64_encode(text.as_bytes())
}

/// Reads a `json_value` header: base64 of UTF-8 text.
pub fn json_value_from_header(value: &str) -> Result<String, DecodeError> {
    let bytes = crate::blob::base64_decode(value.trim())
        .map_err(|e| DecodeError::new(format!("a base64-encoded JSON header: {e}")))?;
    String::from_utf8(bytes)
        .map_err(|_| DecodeError::new("a base64-encoded JSON header: the text is not UTF-8"))
}

/// Whether `value` can fill a `{Label}` of a host prefix: RFC 1123 host labels (letters,
/// digits and `-`, 1 to 63 characters, no `-` at either end), dot-separated; the endpoint
/// rules' `isValidHostLabel` with subdomains allowed.
pub fn is_valid_host_label(value: &str) -> bool {
    crate::endpoint_rules::is_valid_host_label(value, true)
}

/// Matches a request path against a URI template. Returns the decoded label values by name, or
/// `None` when the path does not fit. `{Name+}` (greedy) spans `/`.
pub fn match_uri_template(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let template = template.split('?').next().unwrap_or(template);
    let t_segs: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let p_segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let mut labels = Vec::new();
    let mut pi = 0;
    for (ti, t) in t_segs.iter().enumerate() {
        if let Some(name) = t.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            if let Some(greedy) = name.strip_suffix('+') {
                // A greedy label takes every segment the rest of the template leaves.
                let rest = t_segs.len() - ti - 1;
                if p_segs.len() < pi + 1 + rest {
                    return None;
                }
                let end = p_segs.len() - rest;
                let joined = p_segs[pi..end].join("/");
                if joined.is_empty() {
                    return None;
                }
                labels.push((
                    greedy.to_owned(),
                    crate::uri_encoding::percent_decode(&joined),
                ));
                pi = end;
                continue;
            }
            let seg = p_segs.get(pi)?;
            if seg.is_empty() {
                return None;
            }
            labels.push((name.to_owned(), crate::uri_encoding::percent_decode(seg)));
        } else if p_segs.get(pi) != Some(t) {
            return None;
        }
        pi += 1;
    }
    (pi == p_segs.len()).then_some(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_header_lists_round_trip() {
        let v = vec![
            "a".to_string(),
            "b,c".to_string(),
            "d\"e".to_string(),
            String::new(),
        ];
        let text = v.to_header(TimestampFormat::HttpDate).unwrap();
        assert_eq!(text, r#"a, "b,c", "d\"e", "#);
        let back = Vec::<String>::from_header(&text, TimestampFormat::HttpDate).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn http_date_lists_split_after_every_second_comma() {
        let text = "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT";
        let v = Vec::<DateTime>::from_header(text, TimestampFormat::HttpDate).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].secs(), 1576540098);
    }

    #[test]
    fn bad_header_values_are_errors_not_panics() {
        assert!(i32::from_header("x", TimestampFormat::HttpDate).is_err());
        assert!(Vec::<String>::from_header("\"open", TimestampFormat::HttpDate).is_err());
        assert!(bool::from_header("yes", TimestampFormat::HttpDate).is_err());
    }

    #[test]
    fn greedy_labels_keep_slashes() {
        assert_eq!(encode_label("a/b c", true), "a/b%20c");
        assert_eq!(encode_label("a/b c", false), "a%2Fb%20c");
    }

    #[test]
    fn templates_match_labels_and_greedy_labels() {
        let m = match_uri_template("/a/{Id}/refresh", "/a/x%3Ay/refresh").unwrap();
        assert_eq!(m, vec![("Id".into(), "x:y".into())]);
        assert!(match_uri_template("/a/{Id}", "/a/").is_none());
        assert!(match_uri_template("/a/{Id}", "/a/b/c").is_none());
        let g = match_uri_template("/k/{Key+}/end", "/k/a/b/c/end").unwrap();
        assert_eq!(g, vec![("Key".into(), "a/b/c".into())]);
        assert!(match_uri_template("/a", "/a").unwrap().is_empty());
    }
}
