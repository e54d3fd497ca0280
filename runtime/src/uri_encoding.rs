//! Percent-encoding as AWS uses it everywhere (SigV4, URI labels, query strings, form bodies):
//! RFC 3986 with only the unreserved `A-Za-z0-9-._~` kept, upper-case hex, space as `%20`.
//! Built on the `percent-encoding` crate, which reqwest's `url` already compiles.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the RFC 3986 unreserved characters is encoded.
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The same, keeping `/` (paths and greedy labels).
const RESERVED_BUT_SLASH: &AsciiSet = &RESERVED.remove(b'/');

/// Percent-encodes `input` per SigV4 / RFC 3986: the unreserved `A-Za-z0-9-._~` are kept,
/// `/` is kept unless `encode_slash`, every other byte (UTF-8 bytes of non-ASCII
/// characters included) becomes `%XX` with upper-case hex. Space is `%20`, never `+`.
pub fn uri_encode(input: &str, encode_slash: bool) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 2);
    push_encoded(&mut out, input, encode_slash);
    out
}

/// Appends `input` percent-encoded as [`uri_encode`] does.
pub(crate) fn push_encoded(out: &mut String, input: &str, encode_slash: bool) {
    let set = if encode_slash {
        RESERVED
    } else {
        RESERVED_BUT_SLASH
    };
    out.extend(utf8_percent_encode(input, set));
}

/// Percent-decodes `input` (`%41` → `A`, either hex case). `+` stays `+`; an invalid or
/// truncated escape is kept literally. Bytes that do not form UTF-8 are replaced with
/// U+FFFD (lossy).
pub fn percent_decode(input: &str) -> String {
    percent_decode_str(input).decode_utf8_lossy().into_owned()
}

/// Parses a raw query string (the part after `?`, e.g. `a=1&b&c=`) into decoded pairs in
/// order. A missing `=` gives an empty value; empty pieces (`a=1&&b`) are skipped; `+`
/// is not treated as a space.
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| match piece.split_once('=') {
            Some((name, value)) => (percent_decode(name), percent_decode(value)),
            None => (percent_decode(piece), String::new()),
        })
        .collect()
}

/// Appends `?a=b&c=d` (names and values percent-encoded) to `out` when `query` is not empty.
pub(crate) fn append_query(out: &mut String, query: &[(String, String)]) {
    for (i, (name, value)) in query.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        push_encoded(out, name, true);
        out.push('=');
        push_encoded(out, value, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreserved_characters_are_kept() {
        assert_eq!(uri_encode("abcXYZ019-_.~", true), "abcXYZ019-_.~");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\", true),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(uri_encode("a b/c~d", false), "a%20b/c~d");
        assert_eq!(uri_encode("a b/c~d", true), "a%20b%2Fc~d");
        assert_eq!(uri_encode("é😀\u{7f}", true), "%C3%A9%F0%9F%98%80%7F");
        assert_eq!(uri_encode("", true), "");
    }

    #[test]
    fn decoding_keeps_what_is_not_an_escape() {
        assert_eq!(percent_decode("a%2Fb%2fc+d"), "a/b/c+d");
        assert_eq!(percent_decode("%41%62+%2f"), "Ab+/");
        assert_eq!(percent_decode("%C3%A9"), "\u{e9}");
        assert_eq!(percent_decode("plain"), "plain");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
    }

    #[test]
    fn queries_read_back() {
        assert_eq!(
            parse_query("a=1&&b&c=x%20y"),
            [
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), String::new()),
                ("c".to_owned(), "x y".to_owned())
            ]
        );
        let mut url = "/p".to_owned();
        append_query(&mut url, &parse_query("k=a/b&k=c d"));
        assert_eq!(url, "/p?k=a%2Fb&k=c%20d");
    }
}
