//! Where one request goes and how it is signed there: the client's endpoint, or, for an
//! operation with endpoint parameters (S3's `Bucket`, `Key`...), the endpoint the service's rules
//! give for them, with the signing name, region and path encoding of its auth scheme.
//!
//! Rules are evaluated once per distinct set of parameters and the result cached (S3 evaluates
//! about a hundred conditions per bucket; a cache hit is a map lookup).

use crate::config::Config;
use crate::endpoint::Endpoint;
use crate::endpoint_rules::{ParamValue, Partitions, ResolvedEndpoint, RuleSet};
use crate::error::ConfigError;
use crate::operation::StaticParam;
use crate::sigv4::UriEncoding;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

/// How many resolved endpoints a client keeps before it starts over.
const CACHE_LIMIT: usize = 4096;

/// The endpoint of one request and the signing it needs there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Route {
    pub(crate) endpoint: Endpoint,
    /// `host` as signed (the endpoint's host and port).
    pub(crate) host: String,
    /// The region to sign for, when the endpoint names one (else the client's).
    pub(crate) signing_region: Option<String>,
    /// The signing name, when the endpoint names one (else the service's).
    pub(crate) signing_name: Option<String>,
    /// Whether the path is signed as sent (`disableDoubleEncoding`).
    pub(crate) single_encoding: bool,
    /// Headers the endpoint asks for.
    pub(crate) headers: Vec<(String, String)>,
    /// `scheme://host/` parsed once: each request's URL is this with its path and query set,
    /// so the host is not parsed again (through IDNA) on every call.
    pub(crate) origin: Option<reqwest::Url>,
}

impl Route {
    /// A route to `endpoint` with the client's signing.
    pub(crate) fn fixed(endpoint: Endpoint) -> Self {
        let host = endpoint.host_header();
        Route {
            origin: reqwest::Url::parse(&format!("{}://{host}/", endpoint.scheme)).ok(),
            host,
            endpoint,
            signing_region: None,
            signing_name: None,
            single_encoding: false,
            headers: Vec::new(),
        }
    }

    /// The path encoding of the canonical request: single for S3-style signing or when the
    /// endpoint's auth scheme turns double encoding off.
    pub(crate) fn uri_encoding(&self, s3_signing: bool) -> UriEncoding {
        if s3_signing || self.single_encoding {
            UriEncoding::Single
        } else {
            UriEncoding::Double
        }
    }
}

/// Chooses routes for a client: the fixed one, or its rules per request.
pub(crate) struct Router {
    /// The endpoint chosen when the client was made.
    pub(crate) fixed: Arc<Route>,
    /// The rules, with the client's builtin parameters, for operations with parameters.
    rules: Option<Rules>,
}

struct Rules {
    rule_set: RuleSet,
    /// The builtin parameters the rule set declares, from the configuration.
    builtins: HashMap<String, ParamValue>,
    cache: Mutex<HashMap<String, Arc<Route>>>,
}

impl Router {
    /// The router of a service with `rules` (its rule set, if any) for `config`, whose
    /// client-level endpoint is `fixed`.
    pub(crate) fn new(
        fixed: Endpoint,
        rules: Option<&str>,
        config: &Config,
        region: &str,
        configured: Option<String>,
    ) -> Result<Self, ConfigError> {
        let rules = match rules {
            Some(text) => {
                let rule_set = RuleSet::parse(text).map_err(|e| ConfigError {
                    message: format!("endpoint rules: {e}"),
                })?;
                let builtins = builtins(&rule_set, config, region, configured);
                Some(Rules {
                    rule_set,
                    builtins,
                    cache: Mutex::new(HashMap::new()),
                })
            }
            None => None,
        };
        Ok(Router {
            fixed: Arc::new(Route::fixed(fixed)),
            rules,
        })
    }

    /// The route of a request with these operation parameters, in `region` (the client's,
    /// or a bucket's region learned from a redirect). Without parameters and in the client's
    /// region, the fixed route.
    pub(crate) fn route(
        &self,
        region: Option<&str>,
        context: &[(&'static str, String)],
        statics: &[(&'static str, StaticParam)],
    ) -> Result<Arc<Route>, ConfigError> {
        let Some(rules) = &self.rules else {
            return Ok(self.fixed.clone());
        };
        if context.is_empty() && statics.is_empty() && region.is_none() {
            return Ok(self.fixed.clone());
        }
        let mut key = String::new();
        for (name, value) in context {
            key.push_str(name);
            key.push('=');
            key.push_str(value);
            key.push('\n');
        }
        for (name, value) in statics {
            // `Bool(true)`, `String("control")`: the variant keeps a string apart from a flag.
            let _ = writeln!(key, "{name}={value:?}");
        }
        if let Some(region) = region {
            key.push_str("Region=");
            key.push_str(region);
        }
        let mut cache = rules.cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(route) = cache.get(&key) {
            return Ok(route.clone());
        }
        drop(cache);
        let mut params = rules.builtins.clone();
        if let Some(region) = region {
            params.insert("Region".into(), ParamValue::String(region.to_owned()));
        }
        for (name, value) in context {
            if rules.rule_set.parameter(name).is_some() {
                params.insert((*name).to_owned(), ParamValue::String(value.clone()));
            }
        }
        for (name, value) in statics {
            if rules.rule_set.parameter(name).is_some() {
                let value = match value {
                    StaticParam::Bool(on) => ParamValue::Bool(*on),
                    StaticParam::String(text) => ParamValue::String((*text).to_owned()),
                };
                params.insert((*name).to_owned(), value);
            }
        }
        let resolved = rules
            .rule_set
            .resolve(&params, Partitions::builtin())
            .map_err(|e| ConfigError {
                message: format!("endpoint rules: {e}"),
            })?;
        let route = Arc::new(route_of(&resolved)?);
        cache = rules.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, route.clone());
        Ok(route)
    }
}

/// The builtin parameters the rule set declares, with their values from `config`. An
/// endpoint configured in code, in the environment or in a profile becomes `Endpoint`, so the
/// rules still place the bucket in it (path-style for an IP address, say).
fn builtins(
    rule_set: &RuleSet,
    config: &Config,
    region: &str,
    configured: Option<String>,
) -> HashMap<String, ParamValue> {
    let mut out = HashMap::new();
    for (name, value) in [
        ("AWS::Region", Some(ParamValue::String(region.to_owned()))),
        ("AWS::UseFIPS", Some(ParamValue::Bool(config.use_fips))),
        (
            "AWS::UseDualStack",
            Some(ParamValue::Bool(config.use_dual_stack)),
        ),
        ("SDK::Endpoint", configured.map(ParamValue::String)),
        (
            "AWS::Auth::AccountIdEndpointMode",
            Some(ParamValue::String(
                config.account_id_endpoint_mode.as_str().to_owned(),
            )),
        ),
        (
            "AWS::S3::ForcePathStyle",
            Some(ParamValue::Bool(config.s3.force_path_style)),
        ),
        (
            "AWS::S3::Accelerate",
            Some(ParamValue::Bool(config.s3.accelerate)),
        ),
        (
            "AWS::S3::UseArnRegion",
            Some(ParamValue::Bool(config.s3.use_arn_region)),
        ),
        (
            "AWS::S3::DisableMultiRegionAccessPoints",
            Some(ParamValue::Bool(
                config.s3.disable_multi_region_access_points,
            )),
        ),
    ] {
        let Some(value) = value else { continue };
        if let Some(parameter) = rule_set
            .parameters()
            .iter()
            .find(|p| p.built_in.as_deref() == Some(name))
        {
            out.insert(parameter.name.clone(), value);
        }
    }
    out
}

/// The route of a resolved endpoint: its URL, headers and the first auth scheme this client
/// signs with (`sigv4`); `sigv4a` alone (multi-region access points) and S3 Express session
/// auth are refused with a message saying so.
fn route_of(resolved: &ResolvedEndpoint) -> Result<Route, ConfigError> {
    let endpoint = Endpoint::parse(&resolved.url)?;
    let mut route = Route::fixed(endpoint);
    route.headers = resolved
        .headers
        .iter()
        .map(|(name, values)| (name.clone(), values.join(",")))
        .collect();
    let Some(schemes) = resolved
        .properties
        .get("authSchemes")
        .and_then(Json::as_array)
    else {
        return Ok(route);
    };
    let names: Vec<&str> = schemes
        .iter()
        .filter_map(|s| s.get("name").and_then(Json::as_str))
        .collect();
    let Some(scheme) = schemes
        .iter()
        .find(|s| s.get("name").and_then(Json::as_str) == Some("sigv4"))
    else {
        return Err(ConfigError {
            message: format!(
                "the endpoint {} needs the auth scheme {}, which aws-op does not sign (SigV4a \
                 for multi-region access points, session auth for S3 Express directory \
                 buckets); it signs `sigv4`",
                resolved.url,
                names.join(" or ")
            ),
        });
    };
    let text = |key: &str| scheme.get(key).and_then(Json::as_str).map(str::to_owned);
    route.signing_name = text("signingName");
    route.signing_region = text("signingRegion");
    route.single_encoding = scheme
        .get("disableDoubleEncoding")
        .and_then(Json::as_bool)
        .unwrap_or(false);
    Ok(route)
}
