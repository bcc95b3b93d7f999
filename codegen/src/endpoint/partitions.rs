//! The partition table behind `aws.partition`, emitted as static data.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::{Error, Result};

/// What `aws.partition` returns; the JSON keys of a partition's `outputs`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outputs {
    name: String,
    dns_suffix: String,
    dual_stack_dns_suffix: String,
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Partition {
    id: String,
    region_regex: String,
    /// Explicit regions; `Some` when the region overrides some outputs (already merged).
    regions: Vec<(String, Option<Outputs>)>,
    outputs: Outputs,
}

fn err(service_id: &str, path: &str, message: impl std::fmt::Display) -> Error {
    Error::shape(service_id, format!("partition data: {path}: {message}"))
}

fn parse(service_id: &str, value: &Value) -> Result<Vec<Partition>> {
    let list = value
        .get("partitions")
        .and_then(Value::as_array)
        .ok_or_else(|| err(service_id, "partitions", "missing array `partitions`"))?;
    let mut partitions = Vec::new();
    for (i, partition) in list.iter().enumerate() {
        let path = format!("partitions[{i}]");
        let string = |key: &str| -> Result<String> {
            partition
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| err(service_id, &path, format!("missing string `{key}`")))
        };
        let id = string("id")?;
        let region_regex = string("regionRegex")?;
        let outputs_value = partition
            .get("outputs")
            .ok_or_else(|| err(service_id, &path, "missing `outputs`"))?;
        let outputs = parse_outputs(service_id, &format!("{path}.outputs"), outputs_value, None)?;
        let mut regions = Vec::new();
        match partition.get("regions") {
            None => {}
            Some(Value::Object(map)) => {
                for (region, overrides) in map {
                    let region_path = format!("{path}.regions.{region}");
                    let merged =
                        parse_outputs(service_id, &region_path, overrides, Some(&outputs))?;
                    regions.push((region.clone(), (merged != outputs).then_some(merged)));
                }
            }
            Some(_) => return Err(err(service_id, &path, "`regions` is not an object")),
        }
        partitions.push(Partition {
            id,
            region_regex,
            regions,
            outputs,
        });
    }
    Ok(partitions)
}

/// Reads outputs; with `base`, every key is optional and overrides the base (other keys, such
/// as a region's `description`, are not outputs and are ignored).
fn parse_outputs(
    service_id: &str,
    path: &str,
    value: &Value,
    base: Option<&Outputs>,
) -> Result<Outputs> {
    let object = value
        .as_object()
        .ok_or_else(|| err(service_id, path, "not an object"))?;
    let string = |key: &str, fallback: Option<&String>| -> Result<String> {
        match (object.get(key), fallback) {
            (Some(Value::String(s)), _) => Ok(s.clone()),
            (None, Some(f)) => Ok(f.clone()),
            (Some(_), _) => Err(err(service_id, path, format!("`{key}` is not a string"))),
            (None, None) => Err(err(service_id, path, format!("missing string `{key}`"))),
        }
    };
    let boolean = |key: &str, fallback: Option<bool>| -> Result<bool> {
        match (object.get(key), fallback) {
            (Some(Value::Bool(b)), _) => Ok(*b),
            (None, Some(f)) => Ok(f),
            (Some(_), _) => Err(err(service_id, path, format!("`{key}` is not a boolean"))),
            (None, None) => Err(err(service_id, path, format!("missing boolean `{key}`"))),
        }
    };
    Ok(Outputs {
        name: string("name", base.map(|b| &b.name))?,
        dns_suffix: string("dnsSuffix", base.map(|b| &b.dns_suffix))?,
        dual_stack_dns_suffix: string(
            "dualStackDnsSuffix",
            base.map(|b| &b.dual_stack_dns_suffix),
        )?,
        supports_fips: boolean("supportsFIPS", base.map(|b| b.supports_fips))?,
        supports_dual_stack: boolean("supportsDualStack", base.map(|b| b.supports_dual_stack))?,
        implicit_global_region: string(
            "implicitGlobalRegion",
            base.map(|b| &b.implicit_global_region),
        )?,
    })
}

fn outputs_tokens(o: &Outputs) -> TokenStream {
    let Outputs {
        name,
        dns_suffix,
        dual_stack_dns_suffix,
        supports_fips,
        supports_dual_stack,
        implicit_global_region,
    } = o;
    quote! {
        PartitionOutputs {
            name: #name,
            dns_suffix: #dns_suffix,
            dual_stack_dns_suffix: #dual_stack_dns_suffix,
            supports_fips: #supports_fips,
            supports_dual_stack: #supports_dual_stack,
            implicit_global_region: #implicit_global_region,
        }
    }
}

/// The `PartitionOutputs` type, the table and `partition()`.
pub(crate) fn emit(service_id: &str, value: &Value) -> Result<TokenStream> {
    let partitions = parse(service_id, value)?;
    if partitions.is_empty() {
        return Err(err(service_id, "partitions", "no partitions"));
    }
    let count = partitions.len();
    let mut prefixes = Vec::new();
    for (i, p) in partitions.iter().enumerate() {
        prefixes.push(region_prefixes(&p.region_regex).ok_or_else(|| {
            err(
                service_id,
                &format!("partitions[{i}].regionRegex"),
                format!(
                    "`{}` is not of the form `^PREFIX\\-\\w+\\-\\d+$` (PREFIX: letters, \
                     digits, `\\-` and groups of such alternatives), the only form the \
                     generated region matcher supports",
                    p.region_regex
                ),
            )
        })?);
    }
    let entries = partitions.iter().zip(&prefixes).map(|(p, prefixes)| {
        let id = &p.id;
        let regex = &p.region_regex;
        let outputs = outputs_tokens(&p.outputs);
        let regions = p.regions.iter().map(|(name, overrides)| match overrides {
            None => quote!((#name, ::std::option::Option::None)),
            Some(o) => {
                let o = outputs_tokens(o);
                quote!((#name, ::std::option::Option::Some(#o)))
            }
        });
        quote! {
            PartitionData {
                id: #id,
                region_regex: ::aws_client_runtime::endpoint::RegionPattern {
                    regex: #regex,
                    prefixes: &[#(#prefixes),*],
                },
                regions: &[#(#regions),*],
                outputs: #outputs,
            }
        }
    });
    Ok(quote! {
        /// What `aws.partition` tells about the partition a region belongs to.
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::marker::Copy,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq,
        )]
        pub struct PartitionOutputs {
            /// The partition's name, such as `aws` or `aws-cn`.
            pub name: &'static str,
            /// The DNS suffix of the partition's regular endpoints.
            pub dns_suffix: &'static str,
            /// The DNS suffix of the partition's dual-stack (IPv4 and IPv6) endpoints.
            pub dual_stack_dns_suffix: &'static str,
            /// Whether the partition offers FIPS endpoints.
            pub supports_fips: bool,
            /// Whether the partition offers dual-stack endpoints.
            pub supports_dual_stack: bool,
            /// The region global endpoints of the partition are served from.
            pub implicit_global_region: &'static str,
        }

        /// One partition of the table.
        struct PartitionData {
            id: &'static str,
            /// The partition's `regionRegex`, compiled into literal prefixes.
            region_regex: ::aws_client_runtime::endpoint::RegionPattern,
            /// Known regions, with their outputs when they differ from the partition's.
            regions: &'static [(&'static str, ::std::option::Option<PartitionOutputs>)],
            outputs: PartitionOutputs,
        }

        /// The partitions, in the order of the partition data.
        static PARTITIONS: [PartitionData; #count] = [#(#entries),*];

        /// The rules function `aws.partition`: a region listed by a partition wins, else the
        /// first partition whose region pattern matches, else the `aws` partition.
        #[must_use]
        pub fn partition(region: &str) -> ::std::option::Option<PartitionOutputs> {
            PARTITIONS
                .iter()
                .find_map(|p| {
                    p.regions
                        .iter()
                        .find(|(name, _)| *name == region)
                        .map(|(_, overrides)| overrides.unwrap_or(p.outputs))
                })
                .or_else(|| {
                    PARTITIONS
                        .iter()
                        .find(|p| p.region_regex.matches(region))
                        .map(|p| p.outputs)
                })
                .or_else(|| PARTITIONS.iter().find(|p| p.id == "aws").map(|p| p.outputs))
        }
    })
}

/// The literal alternatives of PREFIX in a `regionRegex` of the form `^PREFIX\-\w+\-\d+$`, where
/// PREFIX is a sequence of letters, digits, `\-` and groups `(a|b|...)` of such text; `None` for
/// any other pattern.
fn region_prefixes(regex: &str) -> Option<Vec<String>> {
    // Outside brackets `\-` and `-` mean the same.
    let regex = regex.replace(r"\-", "-");
    let prefix = regex.strip_prefix('^')?.strip_suffix(r"-\w+-\d+$")?;
    // Literal text, or None if anything is escaped or special.
    let literal = |text: &str| -> Option<String> {
        text.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            .then(|| text.to_owned())
    };
    let mut alternatives = vec![String::new()];
    let mut rest = prefix;
    while !rest.is_empty() {
        let (choices, after) = match rest.strip_prefix('(') {
            Some(group) => {
                let (inside, after) = group.split_once(')')?;
                let choices = inside.split('|').map(literal).collect::<Option<Vec<_>>>()?;
                (choices, after)
            }
            None => {
                let end = rest.find('(').unwrap_or(rest.len());
                (vec![literal(&rest[..end])?], &rest[end..])
            }
        };
        alternatives = alternatives
            .iter()
            .flat_map(|a| choices.iter().map(move |c| format!("{a}{c}")))
            .collect();
        rest = after;
    }
    (!alternatives.iter().any(String::is_empty)).then_some(alternatives)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn region_patterns_become_prefixes() {
        let p = |regex: &str| region_prefixes(regex);
        assert_eq!(p(r"^(us|eu|ap)\-\w+\-\d+$").unwrap(), ["us", "eu", "ap"]);
        assert_eq!(p(r"^us\-gov\-\w+\-\d+$").unwrap(), ["us-gov"]);
        assert_eq!(p(r"^eusc\-(de)\-\w+\-\d+$").unwrap(), ["eusc-de"]);
        assert_eq!(p(r"^x-\w+-\d+$").unwrap(), ["x"]);
        assert_eq!(
            p(r"^(a|b)(c|d)\-\w+\-\d+$").unwrap(),
            ["ac", "ad", "bc", "bd"]
        );
        for other in [
            "x",
            r"^us\-\w+\-\d+",
            r"^us.\-\w+\-\d+$",
            r"^(us|eu\-\w+\-\d+$",
            r"^()\-\w+\-\d+$",
            r"^[a-z]+\-\w+\-\d+$",
            r"^\-\w+\-\d+$",
        ] {
            assert_eq!(p(other), None, "{other}");
        }
        let data = json!({"partitions": [{"id": "aws", "regionRegex": "^us.*$", "outputs": outputs("aws")}]});
        let e = emit("Svc", &data).unwrap_err().to_string();
        assert!(
            e.contains("partitions[0].regionRegex") && e.contains("^us.*$"),
            "{e}"
        );
    }

    fn outputs(name: &str) -> Value {
        json!({"name": name, "dnsSuffix": "example.com", "dualStackDnsSuffix": "api.example",
               "supportsFIPS": true, "supportsDualStack": false,
               "implicitGlobalRegion": "x-east-1"})
    }

    #[test]
    fn region_overrides_are_merged_and_descriptions_ignored() {
        let data = json!({"partitions": [{
            "id": "aws", "regionRegex": "^x-\\w+-\\d+$", "outputs": outputs("aws"),
            "regions": {"x-east-1": {"description": "East"}, "x-west-1": {"supportsDualStack": true}}
        }]});
        let parsed = parse("s#S", &data).unwrap();
        let regions = &parsed[0].regions;
        assert_eq!(regions[0], ("x-east-1".to_owned(), None));
        let west = regions[1].1.as_ref().unwrap();
        assert!(west.supports_dual_stack);
        assert_eq!(west.dns_suffix, "example.com");
    }

    #[test]
    fn missing_and_mistyped_outputs_are_errors() {
        let mut bad = outputs("aws");
        bad.as_object_mut().unwrap().remove("dnsSuffix");
        let data = json!({"partitions": [{"id": "aws", "regionRegex": "x", "outputs": bad}]});
        let e = emit("s#S", &data).unwrap_err().to_string();
        assert!(
            e.contains("partitions[0].outputs: missing string `dnsSuffix`"),
            "{e}"
        );

        let data = json!({"partitions": [{"id": "aws", "regionRegex": "x", "outputs": outputs("aws"),
                                          "regions": {"r": {"supportsFIPS": "yes"}}}]});
        let e = emit("s#S", &data).unwrap_err().to_string();
        assert!(
            e.contains("partitions[0].regions.r: `supportsFIPS` is not a boolean"),
            "{e}"
        );

        let e = emit("s#S", &json!({})).unwrap_err().to_string();
        assert!(e.contains("missing array `partitions`"), "{e}");
    }
}
