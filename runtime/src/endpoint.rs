//! Choosing the endpoint URL.
//!
//! Precedence (as the AWS SDKs): an endpoint set in code, then
//! `AWS_ENDPOINT_URL_<SERVICE_ID>` (service id upper-cased, spaces as `_`), then
//! `AWS_ENDPOINT_URL`, then the service's default endpoint for the region.
//! `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` skips the two variables.

use crate::error::ConfigError;

/// A parsed endpoint: where requests go and the `host` value that is signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// `http` or `https`.
    pub scheme: String,
    /// The host name or address (IPv6 in brackets).
    pub host: String,
    /// The port when not the scheme's default.
    pub port: Option<u16>,
    /// A base path prefixed to every request path (no trailing slash; often empty).
    pub base_path: String,
}

impl Endpoint {
    /// Parses `scheme://host[:port][/base]`.
    pub fn parse(url: &str) -> Result<Self, ConfigError> {
        let bad = |why: &str| ConfigError {
            message: format!("endpoint URL `{url}` {why}"),
        };
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| bad("has no scheme; write it as https://host[:port]"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(bad("must use http or https"));
        }
        let (authority, path) = match rest.find(['/', '?', '#']) {
            Some(i) if rest[i..].starts_with('/') => (&rest[..i], &rest[i..]),
            Some(_) => return Err(bad("must not carry a query or fragment")),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err(bad("must not carry user information"));
        }
        let (host, port) = split_host_port(authority).ok_or_else(|| bad("has a bad port"))?;
        if host.is_empty() {
            return Err(bad("has no host"));
        }
        let default_port = if scheme == "https" { 443 } else { 80 };
        Ok(Endpoint {
            port: port.filter(|p| *p != default_port),
            scheme,
            host: host.to_owned(),
            base_path: path.trim_end_matches('/').to_owned(),
        })
    }

    /// The `host` header value: the host, plus `:port` when not the default.
    pub fn host_header(&self) -> String {
        match self.port {
            Some(p) => format!("{}:{p}", self.host),
            None => self.host.clone(),
        }
    }

    /// The URL for a request path and query.
    pub fn url(&self, path_and_query: &str) -> String {
        format!(
            "{}://{}{}{}",
            self.scheme,
            self.host_header(),
            self.base_path,
            path_and_query
        )
    }
}

fn split_host_port(authority: &str) -> Option<(&str, Option<u16>)> {
    if let Some(rest) = authority.strip_prefix('[') {
        let end = rest.find(']')?;
        let host = &authority[..end + 2];
        return match &rest[end + 1..] {
            "" => Some((host, None)),
            p => Some((host, Some(p.strip_prefix(':')?.parse().ok()?))),
        };
    }
    match authority.rsplit_once(':') {
        Some((h, p)) => Some((h, Some(p.parse().ok()?))),
        None => Some((authority, None)),
    }
}

/// The environment variable naming a service's endpoint (`AWS_ENDPOINT_URL_IOT_MANAGED_INTEGRATIONS`).
pub fn service_endpoint_variable(service_id: &str) -> String {
    let mut name = String::from("AWS_ENDPOINT_URL_");
    for c in service_id.chars() {
        name.push(if c == ' ' || c == '-' {
            '_'
        } else {
            c.to_ascii_uppercase()
        });
    }
    name
}

/// Resolves the endpoint URL by the precedence above. `lookup` reads environment variables.
pub fn resolve(
    in_code: Option<&str>,
    service_id: &str,
    default_template: &str,
    region: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Endpoint, ConfigError> {
    if let Some(url) = in_code {
        return Endpoint::parse(url);
    }
    let ignore = lookup("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    if !ignore {
        for var in [
            service_endpoint_variable(service_id),
            "AWS_ENDPOINT_URL".into(),
        ] {
            if let Some(url) = lookup(&var).filter(|v| !v.trim().is_empty()) {
                return Endpoint::parse(url.trim()).map_err(|e| ConfigError {
                    message: format!("{var}: {}", e.message),
                });
            }
        }
    }
    if !is_valid_region(region) {
        return Err(ConfigError {
            message: format!(
                "region `{region}` is not a valid host label; set AWS_REGION (for example us-east-1)"
            ),
        });
    }
    Endpoint::parse(&default_template.replace("{region}", region))
}

/// A region must be a valid DNS host label (letters, digits, `-`), as the endpoint rules require.
pub fn is_valid_region(region: &str) -> bool {
    !region.is_empty()
        && region.len() <= 63
        && region
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: &str = "https://api.iotmanagedintegrations.{region}.api.aws";

    #[test]
    fn precedence_code_then_service_variable_then_global_then_default() {
        let env = |k: &str| match k {
            "AWS_ENDPOINT_URL_IOT_MANAGED_INTEGRATIONS" => Some("http://127.0.0.1:1".to_string()),
            "AWS_ENDPOINT_URL" => Some("http://127.0.0.1:2".to_string()),
            _ => None,
        };
        let id = "IoT Managed Integrations";
        let r = |code| resolve(code, id, DEFAULT, "us-east-1", &env).unwrap();
        assert_eq!(r(Some("http://localhost:3")).port, Some(3));
        assert_eq!(r(None).port, Some(1));
        let global_only = |k: &str| (k == "AWS_ENDPOINT_URL").then(|| "http://h:2".to_string());
        assert_eq!(
            resolve(None, id, DEFAULT, "x", &global_only).unwrap().port,
            Some(2)
        );
        let none = |_: &str| None;
        let d = resolve(None, id, DEFAULT, "eu-west-1", &none).unwrap();
        assert_eq!(
            d.url("/x"),
            "https://api.iotmanagedintegrations.eu-west-1.api.aws/x"
        );
    }

    #[test]
    fn ignore_configured_endpoints() {
        let env = |k: &str| match k {
            "AWS_ENDPOINT_URL" => Some("http://127.0.0.1:2".to_string()),
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS" => Some("true".to_string()),
            _ => None,
        };
        let e = resolve(None, "IoT Managed Integrations", DEFAULT, "us-east-1", &env).unwrap();
        assert_eq!(e.host, "api.iotmanagedintegrations.us-east-1.api.aws");
    }

    #[test]
    fn parse_keeps_non_default_ports_and_base_paths() {
        let e = Endpoint::parse("http://[::1]:8080/base/").unwrap();
        assert_eq!(e.host_header(), "[::1]:8080");
        assert_eq!(e.base_path, "/base");
        assert_eq!(Endpoint::parse("https://h:443").unwrap().port, None);
        assert!(Endpoint::parse("ftp://h").is_err());
        assert!(Endpoint::parse("h:80").is_err());
        assert!(Endpoint::parse("http://h:notaport").is_err());
        assert!(resolve(None, "S", DEFAULT, "bad/region", &|_| None).is_err());
    }
}
