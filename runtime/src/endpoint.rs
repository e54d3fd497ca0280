//! Choosing the endpoint URL: the precedence of the AWS SDKs, then parsing it.

use crate::endpoint_rules::{ParamValue, Partitions, RuleSet};
use crate::env::Env;
use crate::error::ConfigError;
use crate::profile::{Profile, ProfileSet};
use std::collections::HashMap;

/// A parsed endpoint: where requests go and the `host` value that is signed.
///
/// A client chooses its endpoint when it is made ([`Client::endpoint`](crate::Client::endpoint)
/// shows it). Precedence, as the AWS SDKs resolve it:
///
/// 1. an endpoint set in code ([`Config::with_endpoint_url`](crate::Config::with_endpoint_url));
/// 2. `AWS_ENDPOINT_URL_<SERVICE_ID>` (service id upper-cased, spaces as `_`:
///    `AWS_ENDPOINT_URL_IOT_MANAGED_INTEGRATIONS`);
/// 3. `AWS_ENDPOINT_URL`;
/// 4. the profile's `services` section: `services = NAME` and, under `[services NAME]`,
///    `iot_managed_integrations =` (or `iot-managed-integrations =`) with `endpoint_url = URL`;
/// 5. the profile's `endpoint_url`;
/// 6. the service's endpoint rules (its `endpoint-rule-set-1.json`, evaluated with the
///    partitions table), with `Region` and `UseFIPS` (`AWS_USE_FIPS_ENDPOINT` /
///    `use_fips_endpoint`); a service without rules uses its endpoint template.
///
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the profile's
/// `ignore_configured_endpoint_urls = true`) skips 2 to 5.
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
    /// Parses `scheme://host[:port][/base]` with reqwest's URL parser, the one the requests
    /// go out with: the host as it reads it (lower case, IPv6 in brackets), the port only
    /// when it is not the scheme's default.
    pub fn parse(url: &str) -> Result<Self, ConfigError> {
        let bad = |why: &str| ConfigError {
            message: format!("endpoint URL `{url}` {why}"),
        };
        let parsed = reqwest::Url::parse(url).map_err(|e| {
            bad(&format!(
                "is not a URL ({e}); write it as https://host[:port]"
            ))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(bad(
                "must start with the scheme http:// or https://; write it as https://host[:port]",
            ));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(bad("must not carry a query or fragment"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(bad("must not carry user information"));
        }
        let host = match parsed.host_str() {
            Some(host) if !host.is_empty() => host,
            _ => return Err(bad("has no host")),
        };
        Ok(Endpoint {
            scheme: parsed.scheme().to_owned(),
            host: host.to_owned(),
            port: parsed.port(),
            base_path: parsed.path().trim_end_matches('/').to_owned(),
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

/// What endpoint resolution reads.
#[derive(Clone, Copy)]
pub struct EndpointInputs<'a> {
    /// The endpoint set in code.
    pub in_code: Option<&'a str>,
    /// The service's `serviceId` (`IoT Managed Integrations`).
    pub service_id: &'a str,
    /// The endpoint template with `{region}`, used when the service has no rules.
    pub default_template: &'a str,
    /// The service's endpoint rule set (JSON).
    pub rules: Option<&'a str>,
    /// The region.
    pub region: &'a str,
    /// Whether a FIPS endpoint is wanted.
    pub use_fips: bool,
    /// Environment variables.
    pub env: &'a Env,
    /// The profile files, when loaded.
    pub profiles: Option<&'a ProfileSet>,
}

/// Resolves the endpoint URL by the precedence above.
pub fn resolve(inputs: &EndpointInputs<'_>) -> Result<Endpoint, ConfigError> {
    if let Some(url) = inputs.in_code {
        return Endpoint::parse(url);
    }
    let profile = inputs.profiles.and_then(ProfileSet::selected);
    let ignore = inputs
        .env
        .get_bool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .or_else(|| profile_bool(profile, "ignore_configured_endpoint_urls"))
        .unwrap_or(false);
    if !ignore {
        if let Some((url, source)) = configured_endpoint(inputs, profile) {
            return Endpoint::parse(url.trim()).map_err(|e| ConfigError {
                message: format!("{source}: {}", e.message),
            });
        }
    }
    if !is_valid_region(inputs.region) {
        return Err(ConfigError {
            message: format!(
                "region `{}` is not a valid host label; set AWS_REGION (for example us-east-1)",
                inputs.region
            ),
        });
    }
    match inputs.rules {
        Some(rules) => from_rules(rules, inputs.region, inputs.use_fips),
        None if inputs.use_fips => Err(ConfigError {
            message: format!(
                "a FIPS endpoint was requested (AWS_USE_FIPS_ENDPOINT / use_fips_endpoint), but \
                 `{}` has no endpoint rules to find one; set an endpoint URL instead",
                inputs.service_id
            ),
        }),
        None => Endpoint::parse(&inputs.default_template.replace("{region}", inputs.region)),
    }
}

/// The first configured endpoint (steps 2 to 5) and where it came from.
fn configured_endpoint(
    inputs: &EndpointInputs<'_>,
    profile: Option<&Profile>,
) -> Option<(String, String)> {
    for var in [
        service_endpoint_variable(inputs.service_id),
        "AWS_ENDPOINT_URL".to_owned(),
    ] {
        if let Some(url) = inputs.env.get(&var) {
            return Some((url, var));
        }
    }
    let profile = profile?;
    if let (Some(section_name), Some(profiles)) = (profile.get("services"), inputs.profiles) {
        if let Some(section) = profiles.services_section(section_name) {
            for key in service_config_keys(inputs.service_id) {
                if let Some(url) = section.sub_property(&key, "endpoint_url") {
                    let at = section.location(&key).unwrap_or_default();
                    return Some((
                        url.to_owned(),
                        format!("[services {section_name}] {key} ({at})"),
                    ));
                }
            }
        }
    }
    profile.get("endpoint_url").map(|url| {
        let at = profile.location("endpoint_url").unwrap_or_default();
        (
            url.to_owned(),
            format!("profile `{}` endpoint_url ({at})", profile.name()),
        )
    })
}

fn profile_bool(profile: Option<&Profile>, key: &str) -> Option<bool> {
    match profile?.get(key)?.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Evaluates the service's rule set for a region.
fn from_rules(rules: &str, region: &str, use_fips: bool) -> Result<Endpoint, ConfigError> {
    let bad = |e: &dyn std::fmt::Display| ConfigError {
        message: format!("endpoint rules: {e}"),
    };
    let rule_set = RuleSet::parse(rules).map_err(|e| bad(&e))?;
    let mut params = HashMap::new();
    params.insert("Region".to_owned(), ParamValue::String(region.to_owned()));
    params.insert("UseFIPS".to_owned(), ParamValue::Bool(use_fips));
    let resolved = rule_set
        .resolve(&params, Partitions::builtin())
        .map_err(|e| bad(&e))?;
    Endpoint::parse(&resolved.url)
}

/// The keys a `[services x]` section may use for a service: the service id lower-cased with
/// spaces as `_`, and with `-`.
pub fn service_config_keys(service_id: &str) -> [String; 2] {
    let lower = service_id.to_ascii_lowercase();
    [
        lower.replace([' ', '-'], "_"),
        lower.replace([' ', '_'], "-"),
    ]
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
    const ID: &str = "IoT Managed Integrations";

    fn inputs<'a>(env: &'a Env, code: Option<&'a str>, region: &'a str) -> EndpointInputs<'a> {
        EndpointInputs {
            in_code: code,
            service_id: ID,
            default_template: DEFAULT,
            rules: None,
            region,
            use_fips: false,
            env,
            profiles: None,
        }
    }

    #[test]
    fn precedence_code_then_service_variable_then_global_then_default() {
        let env = Env::from_pairs([
            (
                "AWS_ENDPOINT_URL_IOT_MANAGED_INTEGRATIONS",
                "http://127.0.0.1:1",
            ),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:2"),
        ]);
        let r = |code| resolve(&inputs(&env, code, "us-east-1")).unwrap();
        assert_eq!(r(Some("http://localhost:3")).port, Some(3));
        assert_eq!(r(None).port, Some(1));
        let global = Env::from_pairs([("AWS_ENDPOINT_URL", "http://h:2")]);
        assert_eq!(resolve(&inputs(&global, None, "x")).unwrap().port, Some(2));
        let none = Env::default();
        let d = resolve(&inputs(&none, None, "eu-west-1")).unwrap();
        assert_eq!(
            d.url("/x"),
            "https://api.iotmanagedintegrations.eu-west-1.api.aws/x"
        );
    }

    #[test]
    fn ignore_configured_endpoints() {
        let env = Env::from_pairs([
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:2"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ]);
        let e = resolve(&inputs(&env, None, "us-east-1")).unwrap();
        assert_eq!(e.host, "api.iotmanagedintegrations.us-east-1.api.aws");
    }

    #[test]
    fn fips_without_rules_is_a_clear_error() {
        let env = Env::default();
        let mut i = inputs(&env, None, "us-east-1");
        i.use_fips = true;
        assert!(resolve(&i).unwrap_err().message.contains("FIPS"));
    }

    #[test]
    fn service_keys_accept_both_spellings() {
        assert_eq!(
            service_config_keys(ID),
            [
                "iot_managed_integrations".to_string(),
                "iot-managed-integrations".to_string()
            ]
        );
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
        assert!(Endpoint::parse("http://::1:80").is_err());
        assert!(Endpoint::parse("http://a:b:80").is_err());
        let env = Env::default();
        assert!(resolve(&inputs(&env, None, "bad/region")).is_err());
    }
}
