//! The functions rules call: the standard library (`isSet`, `not`, `booleanEquals`,
//! `stringEquals`, `getAttr`, `substring`, `uriEncode`, `parseURL`, `isValidHostLabel`,
//! `coalesce`) and the AWS ones (`aws.partition`, `aws.parseArn`,
//! `aws.isVirtualHostableS3Bucket`): their names, arities and implementations.

use super::partitions::Partitions;
use super::value::Value;
use super::{fail, EndpointError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Coalesce,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

impl Func {
    /// The function of a name, with its least and greatest number of arguments.
    pub(super) fn lookup(name: &str) -> Option<(Func, usize, usize)> {
        Some(match name {
            "isSet" => (Func::IsSet, 1, 1),
            "not" => (Func::Not, 1, 1),
            "booleanEquals" => (Func::BooleanEquals, 2, 2),
            "stringEquals" => (Func::StringEquals, 2, 2),
            "substring" => (Func::Substring, 4, 4),
            "uriEncode" => (Func::UriEncode, 1, 1),
            "parseURL" => (Func::ParseUrl, 1, 1),
            "isValidHostLabel" => (Func::IsValidHostLabel, 2, 2),
            "coalesce" => (Func::Coalesce, 2, usize::MAX),
            "aws.partition" => (Func::Partition, 1, 1),
            "aws.parseArn" => (Func::ParseArn, 1, 1),
            "aws.isVirtualHostableS3Bucket" => (Func::IsVirtualHostableS3Bucket, 2, 2),
            _ => return None,
        })
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Func::IsSet => "isSet",
            Func::Not => "not",
            Func::BooleanEquals => "booleanEquals",
            Func::StringEquals => "stringEquals",
            Func::Substring => "substring",
            Func::UriEncode => "uriEncode",
            Func::ParseUrl => "parseURL",
            Func::IsValidHostLabel => "isValidHostLabel",
            Func::Coalesce => "coalesce",
            Func::Partition => "aws.partition",
            Func::ParseArn => "aws.parseArn",
            Func::IsVirtualHostableS3Bucket => "aws.isVirtualHostableS3Bucket",
        }
    }
}

pub(super) fn arity<T>(func: Func) -> Result<T, EndpointError> {
    fail(format!("wrong number of arguments to `{}`", func.name()))
}

fn type_error<T>(func: Func, args: &[Value]) -> Result<T, EndpointError> {
    let got: Vec<&str> = args.iter().map(Value::type_name).collect();
    fail(format!(
        "wrong argument types to `{}`: ({})",
        func.name(),
        got.join(", ")
    ))
}

/// Applies a function other than `isSet` and `coalesce` to argument values.
pub(super) fn apply(
    func: Func,
    args: &[Value],
    partitions: &Partitions,
) -> Result<Option<Value>, EndpointError> {
    use Value::{Bool, Int, Str};
    let result = match (func, args) {
        (Func::Not, [Bool(b)]) => Some(Bool(!b)),
        (Func::BooleanEquals, [Bool(a), Bool(b)]) => Some(Bool(a == b)),
        (Func::StringEquals, [Str(a), Str(b)]) => Some(Bool(a == b)),
        (Func::Substring, [Str(input), Int(start), Int(stop), Bool(reverse)]) => {
            match (usize::try_from(*start), usize::try_from(*stop)) {
                (Ok(start), Ok(stop)) => substring(input, start, stop, *reverse).map(Str),
                _ => None,
            }
        }
        (Func::UriEncode, [Str(s)]) => Some(Str(uri_encode(s))),
        (Func::ParseUrl, [Str(s)]) => parse_url(s).map(|u| u.to_value()),
        (Func::IsValidHostLabel, [Str(s), Bool(sub)]) => Some(Bool(is_valid_host_label(s, *sub))),
        (Func::Partition, [Str(region)]) => partitions.lookup(region).map(|p| p.to_value()),
        (Func::ParseArn, [Str(s)]) => parse_arn(s).map(|a| a.to_value()),
        (Func::IsVirtualHostableS3Bucket, [Str(s), Bool(sub)]) => {
            Some(Bool(is_virtual_hostable_s3_bucket(s, *sub)))
        }
        _ => return type_error(func, args),
    };
    Ok(result)
}

/// `substring(input, start, stop, reverse)`: the characters `start..stop` of an ASCII string,
/// counted from the end when `reverse` is true (the result still reads forwards).
///
/// No value when the input has a non-ASCII character, when `start >= stop` or when the input
/// is shorter than `stop`.
fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if !input.is_ascii() || start >= stop || input.len() < stop {
        return None;
    }
    let (from, to) = if reverse {
        (input.len() - stop, input.len() - start)
    } else {
        (start, stop)
    };
    input.get(from..to).map(str::to_owned)
}

/// `uriEncode`: RFC 3986 percent-encoding of every byte except the unreserved characters
/// `A-Z a-z 0-9 - _ . ~`, with uppercase hexadecimal digits: SigV4's encoding, `/` included.
fn uri_encode(input: &str) -> String {
    crate::uri_encoding::uri_encode(input, true)
}

/// The `URL` structure returned by `parseURL`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Url {
    scheme: String,
    authority: String,
    path: String,
    normalized_path: String,
    is_ip: bool,
}

impl Url {
    fn to_value(&self) -> Value {
        Value::record(vec![
            ("scheme", Value::Str(self.scheme.clone())),
            ("authority", Value::Str(self.authority.clone())),
            ("path", Value::Str(self.path.clone())),
            ("normalizedPath", Value::Str(self.normalized_path.clone())),
            ("isIp", Value::Bool(self.is_ip)),
        ])
    }
}

/// `parseURL`, read as the AWS SDKs read it: with the URL standard's parser (reqwest's
/// `Url`, the one the HTTP client connects with), keeping the authority and path as written.
///
/// No value unless the input is `http://` or `https://` followed by a host, with no query
/// (`?`), fragment (`#`), whitespace, control character or empty port, and parses as a URL
/// (so no invalid port, IPv4 or IPv6 address). The authority is the text after `://` up to
/// the path, minus any `userinfo@` (the port kept as written, `:80` included); the path is
/// as written (empty when absent) and the normalized path always starts and ends with `/`.
/// `isIp` is true when the host is an IP address as the URL standard reads it
/// (`127.0.0.1`, `[fe80::1]`, and also `1.2.3`, which is `1.2.0.3`).
fn parse_url(input: &str) -> Option<Url> {
    if input.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let parsed = reqwest::Url::parse(input).ok()?;
    if !matches!(parsed.scheme(), "http" | "https")
        || parsed.query().is_some()
        || parsed.fragment().is_some()
    {
        return None;
    }
    // The parser forgives `https:host`, `https:///host` and `host:`; the rules do not.
    let (scheme, rest) = input.split_once("://")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let authority = match authority.rfind('@') {
        Some(i) => &authority[i + 1..],
        None => authority,
    };
    if authority.is_empty() || authority.ends_with(':') {
        return None;
    }
    // The parser has normalised the host: IPv4 in dotted decimal, IPv6 in brackets.
    let host = parsed.host_str()?;
    let is_ip = host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
    let normalized_path = if path.is_empty() {
        "/".to_owned()
    } else if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    Some(Url {
        scheme: scheme.to_owned(),
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// Whether `s` is a dotted-quad IPv4 address (four decimal numbers of at most 255).
fn is_ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// `isValidHostLabel(value, allowSubDomains)`: whether `value` is an RFC 1123 host label
/// (1 to 63 ASCII letters, digits and hyphens, neither starting nor ending with a hyphen), or,
/// with `allow_subdomains`, labels of that kind joined by dots.
pub(crate) fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    fn label(l: &str) -> bool {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    }
    if allow_subdomains {
        value.split('.').all(label)
    } else {
        label(value)
    }
}

/// The `ARN` structure returned by `aws.parseArn`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Arn {
    partition: String,
    service: String,
    region: String,
    account_id: String,
    resource_id: Vec<String>,
}

impl Arn {
    fn to_value(&self) -> Value {
        Value::record(vec![
            ("partition", Value::Str(self.partition.clone())),
            ("service", Value::Str(self.service.clone())),
            ("region", Value::Str(self.region.clone())),
            ("accountId", Value::Str(self.account_id.clone())),
            (
                "resourceId",
                Value::Array(self.resource_id.iter().cloned().map(Value::Str).collect()),
            ),
        ])
    }
}

/// `aws.parseArn`: `arn:partition:service:region:account-id:resource`, the resource split on
/// `:` and `/`. No value unless it starts with `arn:` and partition, service and resource are
/// non-empty (region and account may be empty).
fn parse_arn(input: &str) -> Option<Arn> {
    let mut fields = input.splitn(6, ':');
    if fields.next()? != "arn" {
        return None;
    }
    let partition = fields.next()?;
    let service = fields.next()?;
    let region = fields.next()?;
    let account_id = fields.next()?;
    let resource = fields.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: whether the bucket name can be used
/// as a host name: a valid host label (dotted labels with `allow_subdomains`), 3 to 63
/// characters of lowercase letters, digits, hyphens (and dots), and not an IPv4 address.
fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    is_valid_host_label(value, allow_subdomains)
        && (3..=63).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && !is_ipv4(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record_field<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
        match value {
            Value::Record(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    #[test]
    fn substring_edge_cases() {
        assert_eq!(substring("abcdef", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdef", 0, 4, true).as_deref(), Some("cdef"));
        assert_eq!(substring("abcdef", 2, 6, false).as_deref(), Some("cdef"));
        assert_eq!(substring("abcdef", 1, 3, true).as_deref(), Some("de"));
        assert_eq!(substring("abcdef", 0, 6, true).as_deref(), Some("abcdef"));
        // Too short, empty and inverted ranges.
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abc", 0, 4, true), None);
        assert_eq!(substring("", 0, 1, false), None);
        assert_eq!(substring("abc", 2, 2, false), None);
        assert_eq!(substring("abc", 3, 1, false), None);
        // Non-ASCII anywhere in the input gives no value, even outside the range.
        assert_eq!(substring("abcé", 0, 2, false), None);
        assert_eq!(substring("éabc", 0, 2, true), None);
        assert_eq!(substring("日本語です", 0, 1, false), None);
        // Through the evaluator: negative indexes give no value.
        let p = Partitions::builtin();
        let args = [
            Value::Str("abc".into()),
            Value::Int(-1),
            Value::Int(2),
            Value::Bool(false),
        ];
        assert_eq!(apply(Func::Substring, &args, p), Ok(None));
        // Wrong types are an error, not a panic.
        assert!(apply(Func::Substring, &[Value::Bool(true)], p).is_err());
    }

    #[test]
    fn uri_encode_cases() {
        assert_eq!(uri_encode("abcXYZ019-_.~"), "abcXYZ019-_.~");
        assert_eq!(uri_encode("a b"), "a%20b");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(uri_encode("é😀"), "%C3%A9%F0%9F%98%80");
        assert_eq!(uri_encode(""), "");
    }

    #[test]
    fn parse_url_cases() {
        let u = parse_url("http://127.0.0.1:8080/p").expect("parses");
        assert_eq!(u.scheme, "http");
        assert_eq!(u.authority, "127.0.0.1:8080");
        assert_eq!(u.path, "/p");
        assert_eq!(u.normalized_path, "/p/");
        assert!(u.is_ip);

        let u = parse_url("https://example.com").expect("parses");
        assert_eq!(
            (
                u.authority.as_str(),
                u.path.as_str(),
                u.normalized_path.as_str(),
                u.is_ip
            ),
            ("example.com", "", "/", false)
        );
        let u = parse_url("http://example.com:80/foo/bar").expect("parses");
        assert_eq!(u.authority, "example.com:80");
        assert_eq!(u.path, "/foo/bar");
        assert_eq!(u.normalized_path, "/foo/bar/");
        let u = parse_url("https://[fe80::1]").expect("parses");
        assert_eq!(u.authority, "[fe80::1]");
        assert!(u.is_ip);
        let u = parse_url("https://[fe80::1]:443/a/").expect("parses");
        assert_eq!(u.normalized_path, "/a/");
        assert!(u.is_ip);
        // Hosts are read as the URL standard (and so the HTTP client) reads them.
        assert!(parse_url("https://1.2.3").expect("parses").is_ip); // 1.2.0.3
        assert!(parse_url("https://0x7f.1:8080").expect("parses").is_ip); // 127.0.0.1
        assert!(!parse_url("https://1.2.3.example").expect("parses").is_ip);

        for bad in [
            "https://example.com:8443?foo=bar&faz=baz",
            "https://example.com/a?b",
            "https://example.com/#frag",
            "example.com",
            "://example.com",
            "https://",
            "https:///path",
            "https://host:port",
            "https://host:99999",
            "https://host:",
            "https://exa mple.com",
            "1http://example.com",
            "https://[zz]",
            "https://[::1",
            "https://[::1]:",
            "https://256.0.0.1",
            "https:example.com",
            "ftp://example.com",
        ] {
            assert_eq!(parse_url(bad), None, "{bad}");
        }
        // Userinfo is not part of the authority.
        assert_eq!(
            parse_url("https://user:pw@example.com").map(|u| u.authority),
            Some("example.com".to_owned())
        );
        // As a record for getAttr.
        let v = parse_url("https://a.b/c")
            .map(|u| u.to_value())
            .expect("parses");
        assert_eq!(
            record_field(&v, "scheme"),
            Some(&Value::Str("https".into()))
        );
        assert_eq!(record_field(&v, "isIp"), Some(&Value::Bool(false)));
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("abc", false));
        assert!(is_valid_host_label("a", false));
        assert!(is_valid_host_label("0abc-9", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-abc", false));
        assert!(!is_valid_host_label("abc-", false));
        assert!(!is_valid_host_label("a_b", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(!is_valid_host_label("é", false));
        // With subdomains.
        assert!(is_valid_host_label("a.b", true));
        assert!(is_valid_host_label("foo.bar-baz.qux", true));
        assert!(is_valid_host_label("abc", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label(".a", true));
        assert!(!is_valid_host_label("a.", true));
        assert!(!is_valid_host_label("a.-b", true));
        assert!(!is_valid_host_label("", true));
    }

    #[test]
    fn parse_arn_cases() {
        let a =
            parse_arn("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name").expect("arn");
        assert_eq!(
            (
                a.partition.as_str(),
                a.service.as_str(),
                a.region.as_str(),
                a.account_id.as_str()
            ),
            ("aws", "sns", "us-west-2", "012345678910")
        );
        assert_eq!(a.resource_id, ["example-sns-topic-name"]);
        let a =
            parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE").expect("arn");
        assert_eq!(a.resource_id, ["vpc", "vpc-0e9801d129EXAMPLE"]);
        let a = parse_arn("arn:aws:iam::012345678910:user/johndoe").expect("arn");
        assert_eq!(a.region, "");
        assert_eq!(a.resource_id, ["user", "johndoe"]);
        let a = parse_arn("arn:aws:s3:::bucket_name").expect("arn");
        assert_eq!((a.region.as_str(), a.account_id.as_str()), ("", ""));
        let a = parse_arn("arn:aws:s3-outposts:us-west-2:123:outpost:op-01:bucket:b").expect("arn");
        assert_eq!(a.resource_id, ["outpost", "op-01", "bucket", "b"]);
        for bad in [
            "11111111-2222-3333-4444-555555555555",
            "arn:aws:s3::",
            "arn::s3:::b",
            "arn:aws::::b",
            "arn:aws:s3:::",
            "ARN:aws:s3:::b",
            "",
        ] {
            assert_eq!(parse_arn(bad), None, "{bad}");
        }
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(is_virtual_hostable_s3_bucket("abc", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("my_bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("my..bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("192.168.1.1", true));
    }
}
