//! The partition table (botocore's `partitions.json`) that `aws.partition` consults.

use super::document::{expect_object, optional_bool, optional_string};
use super::value::Value;
use super::{fail, EndpointError};
// `regionRegex` runs on the engine of `pattern` constraints (unanchored, like them).
use aws_op_pattern::Regex;
use serde_json::Value as Json;
use std::sync::OnceLock;

/// What `aws.partition` returns for a region: the outputs of its partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionOutputs {
    /// The partition's name, e.g. `aws`, `aws-cn`.
    pub name: String,
    /// The default DNS suffix, e.g. `amazonaws.com`.
    pub dns_suffix: String,
    /// The dual-stack DNS suffix, e.g. `api.aws`.
    pub dual_stack_dns_suffix: String,
    /// Whether the partition has FIPS endpoints.
    pub supports_fips: bool,
    /// Whether the partition has dual-stack endpoints.
    pub supports_dual_stack: bool,
    /// The region of the partition's global endpoints, e.g. `us-east-1`, when the table says.
    pub implicit_global_region: Option<String>,
}

impl PartitionOutputs {
    pub(super) fn to_value(&self) -> Value {
        let mut fields = vec![
            ("name", Value::Str(self.name.clone())),
            ("dnsSuffix", Value::Str(self.dns_suffix.clone())),
            (
                "dualStackDnsSuffix",
                Value::Str(self.dual_stack_dns_suffix.clone()),
            ),
            ("supportsFIPS", Value::Bool(self.supports_fips)),
            ("supportsDualStack", Value::Bool(self.supports_dual_stack)),
        ];
        if let Some(region) = &self.implicit_global_region {
            fields.push(("implicitGlobalRegion", Value::Str(region.clone())));
        }
        Value::record(fields)
    }
}

/// Output values a single region overrides (fields of its `regions` entry other than
/// `description`).
#[derive(Clone, Debug, Default)]
struct RegionOverride {
    name: Option<String>,
    dns_suffix: Option<String>,
    dual_stack_dns_suffix: Option<String>,
    supports_fips: Option<bool>,
    supports_dual_stack: Option<bool>,
    implicit_global_region: Option<String>,
}

#[derive(Clone, Debug)]
struct Partition {
    id: String,
    outputs: PartitionOutputs,
    region_regex: Regex,
    regions: Vec<(String, RegionOverride)>,
}

/// The partition table (botocore's `partitions.json`), which `aws.partition` consults.
#[derive(Clone, Debug)]
pub struct Partitions {
    partitions: Vec<Partition>,
}

static BUILTIN: OnceLock<Partitions> = OnceLock::new();

impl Partitions {
    /// Parses a partition table: `{"partitions": [{"id", "outputs", "regionRegex", "regions"}]}`.
    ///
    /// Each `outputs` needs `name`, `dnsSuffix`, `dualStackDnsSuffix`, `supportsFIPS` and
    /// `supportsDualStack` (`implicitGlobalRegion` is optional); each `regionRegex` must be a
    /// regular expression of the supported subset (literals, `.`, classes `[...]`, `\d \w \s`,
    /// groups, `|`, `* + ? {n,m}`, `^ $`).
    pub fn parse(json: &str) -> Result<Partitions, EndpointError> {
        let doc: Json = serde_json::from_str(json)
            .map_err(|e| EndpointError::new(format!("partition table is not valid JSON: {e}")))?;
        let obj = expect_object(&doc, "partition table")?;
        let list = obj
            .get("partitions")
            .and_then(Json::as_array)
            .ok_or_else(|| EndpointError::new("partition table: `partitions` must be an array"))?;
        let partitions = list
            .iter()
            .enumerate()
            .map(|(i, p)| parse_partition(p, i))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Partitions { partitions })
    }

    /// The table shipped with this crate (botocore's `partitions.json`), parsed on first use.
    ///
    /// Should the embedded table ever fail to parse, this is an empty table (every lookup
    /// finds nothing) rather than a panic; the crate's tests check that it parses.
    pub fn builtin() -> &'static Partitions {
        BUILTIN.get_or_init(|| {
            Partitions::parse(include_str!("../../data/partitions.json")).unwrap_or(Partitions {
                partitions: Vec::new(),
            })
        })
    }

    /// The partition outputs for a region, as `aws.partition` computes them.
    ///
    /// A region listed in a partition's `regions` map selects that partition (with any
    /// outputs the entry overrides); otherwise the first partition whose `regionRegex`
    /// matches; otherwise the `aws` partition. `None` only when none of these exists.
    pub fn lookup(&self, region: &str) -> Option<PartitionOutputs> {
        for p in &self.partitions {
            if let Some((_, o)) = p.regions.iter().find(|(r, _)| r == region) {
                let base = &p.outputs;
                return Some(PartitionOutputs {
                    name: o.name.clone().unwrap_or_else(|| base.name.clone()),
                    dns_suffix: o
                        .dns_suffix
                        .clone()
                        .unwrap_or_else(|| base.dns_suffix.clone()),
                    dual_stack_dns_suffix: o
                        .dual_stack_dns_suffix
                        .clone()
                        .unwrap_or_else(|| base.dual_stack_dns_suffix.clone()),
                    supports_fips: o.supports_fips.unwrap_or(base.supports_fips),
                    supports_dual_stack: o.supports_dual_stack.unwrap_or(base.supports_dual_stack),
                    implicit_global_region: o
                        .implicit_global_region
                        .clone()
                        .or_else(|| base.implicit_global_region.clone()),
                });
            }
        }
        self.partitions
            .iter()
            .find(|p| p.region_regex.is_match(region))
            .or_else(|| self.partitions.iter().find(|p| p.id == "aws"))
            .map(|p| p.outputs.clone())
    }
}

fn parse_partition(value: &Json, index: usize) -> Result<Partition, EndpointError> {
    let what = format!("partition table: partitions[{index}]");
    let obj = expect_object(value, &what)?;
    let id = optional_string(obj, "id", &what)?
        .ok_or_else(|| EndpointError::new(format!("{what}: `id` is missing")))?;
    let what = format!("partition `{id}`");
    let outputs = expect_object(
        obj.get("outputs").unwrap_or(&Json::Null),
        &format!("{what}: `outputs`"),
    )?;
    let need_str = |key: &str| {
        optional_string(outputs, key, &what)?
            .ok_or_else(|| EndpointError::new(format!("{what}: `outputs.{key}` is missing")))
    };
    let need_bool = |key: &str| {
        optional_bool(outputs, key, &what)?
            .ok_or_else(|| EndpointError::new(format!("{what}: `outputs.{key}` is missing")))
    };
    let outputs_value = PartitionOutputs {
        name: need_str("name")?,
        dns_suffix: need_str("dnsSuffix")?,
        dual_stack_dns_suffix: need_str("dualStackDnsSuffix")?,
        supports_fips: need_bool("supportsFIPS")?,
        supports_dual_stack: need_bool("supportsDualStack")?,
        implicit_global_region: optional_string(outputs, "implicitGlobalRegion", &what)?,
    };
    let regex_source = optional_string(obj, "regionRegex", &what)?
        .ok_or_else(|| EndpointError::new(format!("{what}: `regionRegex` is missing")))?;
    let region_regex = aws_op_pattern::compile(&regex_source).map_err(|e| {
        EndpointError::new(format!("{what}: bad `regionRegex` `{regex_source}`: {e}"))
    })?;
    let mut regions = Vec::new();
    match obj.get("regions") {
        None | Some(Json::Null) => {}
        Some(Json::Object(map)) => {
            for (region, entry) in map {
                let rwhat = format!("{what}: region `{region}`");
                let entry = expect_object(entry, &rwhat)?;
                regions.push((
                    region.clone(),
                    RegionOverride {
                        name: optional_string(entry, "name", &rwhat)?,
                        dns_suffix: optional_string(entry, "dnsSuffix", &rwhat)?,
                        dual_stack_dns_suffix: optional_string(
                            entry,
                            "dualStackDnsSuffix",
                            &rwhat,
                        )?,
                        supports_fips: optional_bool(entry, "supportsFIPS", &rwhat)?,
                        supports_dual_stack: optional_bool(entry, "supportsDualStack", &rwhat)?,
                        implicit_global_region: optional_string(
                            entry,
                            "implicitGlobalRegion",
                            &rwhat,
                        )?,
                    },
                ));
            }
        }
        Some(_) => return fail(format!("{what}: `regions` must be an object")),
    }
    Ok(Partition {
        id,
        outputs: outputs_value,
        region_regex,
        regions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_by_region_map_regex_and_fallback() {
        let p = Partitions::builtin();
        assert_eq!(
            p.partitions
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>(),
            [
                "aws",
                "aws-cn",
                "aws-eusc",
                "aws-iso",
                "aws-iso-b",
                "aws-iso-e",
                "aws-iso-f",
                "aws-us-gov"
            ]
        );
        // Listed regions.
        let us = p.lookup("us-east-1").expect("aws");
        assert_eq!(us.name, "aws");
        assert_eq!(us.dns_suffix, "amazonaws.com");
        assert_eq!(us.dual_stack_dns_suffix, "api.aws");
        assert!(us.supports_fips && us.supports_dual_stack);
        assert_eq!(us.implicit_global_region.as_deref(), Some("us-east-1"));
        assert_eq!(p.lookup("cn-northwest-1").expect("cn").name, "aws-cn");
        assert_eq!(
            p.lookup("cn-northwest-1")
                .expect("cn")
                .dual_stack_dns_suffix,
            "api.amazonwebservices.com.cn"
        );
        assert_eq!(p.lookup("us-gov-west-1").expect("gov").name, "aws-us-gov");
        // Unlisted regions matched by `regionRegex`.
        assert_eq!(p.lookup("us-west-99").expect("aws").name, "aws");
        assert_eq!(p.lookup("mx-north-7").expect("aws").name, "aws");
        assert_eq!(p.lookup("cn-south-5").expect("cn").name, "aws-cn");
        assert_eq!(p.lookup("us-gov-north-3").expect("gov").name, "aws-us-gov");
        assert_eq!(p.lookup("us-isob-west-4").expect("isob").name, "aws-iso-b");
        assert_eq!(p.lookup("eusc-de-west-2").expect("eusc").name, "aws-eusc");
        // Anything else falls back to `aws`.
        for region in ["mars-east-1", "", "us-east-1-", "local", "日本"] {
            assert_eq!(p.lookup(region).expect("fallback").name, "aws", "{region}");
        }
    }

    #[test]
    fn partition_table_overrides_and_errors() {
        let table = r#"{"partitions": [
            {"id": "aws", "regionRegex": "^(us|eu)\\-\\w+\\-\\d+$",
             "outputs": {"name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
                         "supportsFIPS": true, "supportsDualStack": true},
             "regions": {"aws-global": {"description": "global", "supportsFIPS": false}}},
            {"id": "other", "regionRegex": "^zz\\-\\d$",
             "outputs": {"name": "other", "dnsSuffix": "example", "dualStackDnsSuffix": "example",
                         "supportsFIPS": false, "supportsDualStack": false}}
        ]}"#;
        let p = Partitions::parse(table).expect("parses");
        let global = p.lookup("aws-global").expect("listed");
        assert!(!global.supports_fips);
        assert_eq!(global.implicit_global_region, None);
        assert_eq!(p.lookup("zz-1").expect("regex").name, "other");
        assert_eq!(p.lookup("nowhere").expect("fallback").name, "aws");
        // Without an `aws` partition, an unknown region has no partition.
        let only_other = r#"{"partitions": [{"id": "x", "regionRegex": "^x$",
            "outputs": {"name": "x", "dnsSuffix": "x", "dualStackDnsSuffix": "x",
                        "supportsFIPS": false, "supportsDualStack": false}}]}"#;
        assert_eq!(
            Partitions::parse(only_other).expect("parses").lookup("y"),
            None
        );

        for bad in [
            "",
            "[]",
            "{}",
            r#"{"partitions": {}}"#,
            r#"{"partitions": [1]}"#,
            r#"{"partitions": [{"id": "x"}]}"#,
            r#"{"partitions": [{"id": "x", "regionRegex": "(", "outputs": {"name": "x",
                "dnsSuffix": "x", "dualStackDnsSuffix": "x", "supportsFIPS": false,
                "supportsDualStack": false}}]}"#,
            r#"{"partitions": [{"id": "x", "regionRegex": "x", "outputs": {"name": "x",
                "dnsSuffix": "x", "dualStackDnsSuffix": "x", "supportsFIPS": "no",
                "supportsDualStack": false}}]}"#,
        ] {
            assert!(Partitions::parse(bad).is_err(), "{bad}");
        }
    }
}
