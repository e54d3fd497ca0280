//! The canonical request: the request reduced to the exact text SigV4 hashes (all services
//! but S3: paths normalised and encoded a second time).

use crate::uri_encoding::push_encoded;
use std::borrow::Cow;

/// A header borrowed from the caller with its name lower-cased (borrowed when it already is).
pub(super) struct HeaderRef<'a> {
    name: Cow<'a, str>,
    value: &'a str,
}

impl<'a> HeaderRef<'a> {
    pub(super) fn new(name: &'a str, value: &'a str) -> Self {
        let name = name.trim();
        let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        };
        HeaderRef { name, value }
    }
}

/// The canonical request of a request and its `;`-separated signed header list. Sorts
/// `headers` by name (a stable sort: repeated names keep their order of appearance).
pub(super) fn canonical_request(
    method: &str,
    path: &str,
    query: &[(String, String)],
    headers: &mut [HeaderRef<'_>],
    payload_sha256_hex: &str,
) -> (String, String) {
    headers.sort_by(|a, b| a.name.cmp(&b.name));
    let header_len: usize = headers
        .iter()
        .map(|h| h.name.len() + h.value.len() + 2)
        .sum();
    let query_len: usize = query.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let mut creq = String::with_capacity(
        method.len() + path.len() * 3 / 2 + query_len * 3 / 2 + header_len * 2 + 96,
    );
    let mut signed_headers = String::with_capacity(header_len / 2 + 8);

    creq.push_str(method);
    creq.push('\n');
    write_canonical_uri(&mut creq, path);
    creq.push('\n');
    write_canonical_query(&mut creq, query);
    creq.push('\n');
    write_canonical_headers(&mut creq, &mut signed_headers, headers);
    creq.push('\n');
    creq.push_str(&signed_headers);
    creq.push('\n');
    creq.push_str(payload_sha256_hex);
    (creq, signed_headers)
}

/// Canonical URI of a wire path (all services but S3).
///
/// The path is normalised (`.` and `..` segments removed, `//` collapsed, a trailing slash
/// kept; an empty path is `/`), then every byte except the unreserved `A-Za-z0-9-._~` and
/// `/` is URI-encoded, so an already encoded `%3A` becomes `%253A` (double encoding).
pub fn canonical_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + path.len() / 2 + 1);
    write_canonical_uri(&mut out, path);
    out
}

fn write_canonical_uri(out: &mut String, path: &str) {
    if !needs_normalisation(path) {
        if !path.starts_with('/') {
            out.push('/');
        }
        push_encoded(out, path, false);
        return;
    }
    // Slow path: resolve segments on a small stack of slices.
    let mut segments: Vec<&str> = Vec::with_capacity(path.len() / 4 + 1);
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let last = path.rsplit('/').next().unwrap_or("");
    let trailing_slash = matches!(last, "" | "." | "..");
    for segment in &segments {
        out.push('/');
        push_encoded(out, segment, false);
    }
    if segments.is_empty() || trailing_slash {
        out.push('/');
    }
}

/// True when the path holds an empty (other than a final one), `.` or `..` segment or
/// does not start with `/`: only then is the segment-by-segment rewrite needed.
fn needs_normalisation(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return !path.is_empty();
    };
    let mut segments = rest.split('/').peekable();
    while let Some(segment) = segments.next() {
        let is_last = segments.peek().is_none();
        match segment {
            "." | ".." => return true,
            "" if !is_last => return true,
            _ => {}
        }
    }
    false
}

/// Canonical query string from decoded pairs.
///
/// Names and values are encoded (unreserved kept, everything else `%XX` upper-case,
/// space as `%20`, `/` encoded), sorted by encoded name then encoded value, and joined
/// as `name=value` with `&`. An empty slice gives an empty string.
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut out = String::new();
    write_canonical_query(&mut out, query);
    out
}

fn write_canonical_query(out: &mut String, query: &[(String, String)]) {
    match query {
        [] => {}
        [(name, value)] => {
            push_encoded(out, name, true);
            out.push('=');
            push_encoded(out, value, true);
        }
        _ => {
            // All encoded names and values in one buffer, addressed by offsets.
            let len: usize = query.iter().map(|(n, v)| n.len() + v.len()).sum();
            let mut buf = String::with_capacity(len + len / 2);
            let mut spans: Vec<(usize, usize, usize)> = Vec::with_capacity(query.len());
            for (name, value) in query {
                let start = buf.len();
                push_encoded(&mut buf, name, true);
                let mid = buf.len();
                push_encoded(&mut buf, value, true);
                spans.push((start, mid, buf.len()));
            }
            spans.sort_unstable_by(|a, b| {
                buf[a.0..a.1]
                    .cmp(&buf[b.0..b.1])
                    .then_with(|| buf[a.1..a.2].cmp(&buf[b.1..b.2]))
            });
            out.reserve(buf.len() + 2 * spans.len());
            for (i, &(start, mid, end)) in spans.iter().enumerate() {
                if i > 0 {
                    out.push('&');
                }
                out.push_str(&buf[start..mid]);
                out.push('=');
                out.push_str(&buf[mid..end]);
            }
        }
    }
}

/// Writes `name:value\n` lines (headers already sorted by lower-case name) and the
/// `;`-separated signed header list.
fn write_canonical_headers(creq: &mut String, signed: &mut String, headers: &[HeaderRef<'_>]) {
    let mut i = 0;
    while i < headers.len() {
        let name: &str = &headers[i].name;
        if !signed.is_empty() {
            signed.push(';');
        }
        signed.push_str(name);
        creq.push_str(name);
        creq.push(':');
        let mut first = true;
        while i < headers.len() && headers[i].name == name {
            if !first {
                creq.push(',');
            }
            first = false;
            push_normalized_value(creq, headers[i].value);
            i += 1;
        }
        creq.push('\n');
    }
}

/// Trims the value and collapses every inner run of whitespace (which also folds the
/// line breaks of a multi-line value) into one space.
fn push_normalized_value(out: &mut String, value: &str) {
    let mut first = true;
    for word in value
        .split([' ', '\t', '\r', '\n'])
        .filter(|w| !w.is_empty())
    {
        if !first {
            out.push(' ');
        }
        first = false;
        out.push_str(word);
    }
}
