//! Trait values, checked for form when loaded so that readers can rely on them.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::{Error, Result};

/// The traits of a shape or member, keyed by absolute trait id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Traits(BTreeMap<String, Value>);

/// One entry of the Smithy 1.0 `smithy.api#enum` trait.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDefinition {
    pub value: String,
    pub name: Option<String>,
    pub documentation: Option<String>,
}

/// The `smithy.api#http` trait of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Http {
    pub method: String,
    pub uri: String,
    pub code: u16,
}

/// A `min`/`max` pair from `smithy.api#length` or `smithy.api#range`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// How a timestamp is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

type Check = fn(&Value) -> bool;

fn is_xml_namespace(v: &Value) -> bool {
    v.get("uri").is_some_and(Value::is_string) && v.get("prefix").is_none_or(Value::is_string)
}

/// Known traits and the JSON form each must have; unknown traits are kept unchecked.
const FORMS: &[(&str, &str, Check)] = &[
    ("smithy.api#documentation", "a string", Value::is_string),
    ("smithy.api#required", "an object", Value::is_object),
    ("smithy.api#sensitive", "an object", Value::is_object),
    ("smithy.api#sparse", "an object", Value::is_object),
    ("smithy.api#idempotencyToken", "an object", Value::is_object),
    ("smithy.api#streaming", "an object", Value::is_object),
    ("smithy.api#input", "an object", Value::is_object),
    ("smithy.api#output", "an object", Value::is_object),
    ("smithy.api#httpLabel", "an object", Value::is_object),
    ("smithy.api#httpPayload", "an object", Value::is_object),
    ("smithy.api#httpResponseCode", "an object", Value::is_object),
    ("smithy.api#httpQueryParams", "an object", Value::is_object),
    ("smithy.api#pattern", "a string", Value::is_string),
    ("smithy.api#jsonName", "a string", Value::is_string),
    ("smithy.api#xmlAttribute", "an object", Value::is_object),
    (
        "smithy.api#xmlNamespace",
        "an object with a string `uri` and an optional string `prefix`",
        is_xml_namespace,
    ),
    (
        "smithy.api#xmlName",
        "a non-empty string",
        is_non_empty_string,
    ),
    (
        "aws.protocols#ec2QueryName",
        "a non-empty string",
        is_non_empty_string,
    ),
    (
        "smithy.api#httpHeader",
        "a non-empty string",
        is_non_empty_string,
    ),
    (
        "smithy.api#httpQuery",
        "a non-empty string",
        is_non_empty_string,
    ),
    ("smithy.api#httpPrefixHeaders", "a string", Value::is_string),
    (
        "smithy.api#error",
        "\"client\" or \"server\"",
        is_error_kind,
    ),
    (
        "smithy.api#httpError",
        "an integer HTTP status (100-599)",
        is_status,
    ),
    (
        "smithy.api#length",
        "an object with numeric `min`/`max`",
        is_bounds,
    ),
    (
        "smithy.api#range",
        "an object with numeric `min`/`max`",
        is_bounds,
    ),
    (
        "smithy.api#enum",
        "a list of objects with a string `value`",
        is_enum_trait,
    ),
    (
        "smithy.api#enumValue",
        "a string or an integer",
        is_enum_value,
    ),
    (
        "smithy.api#timestampFormat",
        "\"epoch-seconds\", \"date-time\" or \"http-date\"",
        is_timestamp_format,
    ),
    (
        "smithy.api#http",
        "an object with string `method` and `uri` and an integer `code`",
        is_http,
    ),
];

fn is_non_empty_string(v: &Value) -> bool {
    v.as_str().is_some_and(|s| !s.is_empty())
}

fn is_error_kind(v: &Value) -> bool {
    matches!(v.as_str(), Some("client" | "server"))
}

fn is_status(v: &Value) -> bool {
    v.as_u64().is_some_and(|c| (100..600).contains(&c))
}

/// Other properties (`@length`'s `unit`, in newer models) say nothing the generator uses.
fn is_bounds(v: &Value) -> bool {
    v.as_object().is_some_and(|o| {
        ["min", "max"]
            .iter()
            .all(|k| o.get(*k).is_none_or(Value::is_number))
    })
}

fn is_enum_trait(v: &Value) -> bool {
    v.as_array().is_some_and(|items| {
        items.iter().all(|item| {
            item.get("value").is_some_and(Value::is_string)
                && item.get("name").is_none_or(Value::is_string)
                && item.get("documentation").is_none_or(Value::is_string)
        })
    })
}

fn is_enum_value(v: &Value) -> bool {
    v.is_string() || v.is_i64()
}

fn is_timestamp_format(v: &Value) -> bool {
    matches!(
        v.as_str(),
        Some("epoch-seconds" | "date-time" | "http-date")
    )
}

fn is_http(v: &Value) -> bool {
    v.get("method").is_some_and(Value::is_string)
        && v.get("uri")
            .and_then(Value::as_str)
            .is_some_and(|u| u.starts_with('/'))
        && v.get("code").is_none_or(is_status)
}

impl Traits {
    /// Checks the form of every known trait; errors name the shape, member and trait.
    pub(crate) fn check(
        shape: &str,
        member: Option<&str>,
        traits: BTreeMap<String, Value>,
    ) -> Result<Self> {
        for (name, value) in &traits {
            let Some((_, expected, check)) = FORMS.iter().find(|(n, _, _)| n == name) else {
                continue;
            };
            if !check(value) {
                let message = format!("trait `{name}` must be {expected}, found `{value}`");
                return Err(match member {
                    Some(m) => Error::member(shape, m, message),
                    None => Error::shape(shape, message),
                });
            }
        }
        Ok(Self(traits))
    }

    /// Adds a trait known to have the right form (the prelude's defaults).
    pub(crate) fn insert_checked(&mut self, name: &str, value: Value) {
        self.0.insert(name.to_owned(), value);
    }

    /// Whether the trait is present.
    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// The raw value of any trait.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// The ids of the traits present, in id order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    fn str(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    pub fn documentation(&self) -> Option<&str> {
        self.str("smithy.api#documentation")
    }

    pub fn required(&self) -> bool {
        self.has("smithy.api#required")
    }

    pub fn sensitive(&self) -> bool {
        self.has("smithy.api#sensitive")
    }

    pub fn sparse(&self) -> bool {
        self.has("smithy.api#sparse")
    }

    pub fn idempotency_token(&self) -> bool {
        self.has("smithy.api#idempotencyToken")
    }

    pub fn streaming(&self) -> bool {
        self.has("smithy.api#streaming")
    }

    pub fn default_value(&self) -> Option<&Value> {
        self.0.get("smithy.api#default")
    }

    pub fn json_name(&self) -> Option<&str> {
        self.str("smithy.api#jsonName")
    }

    pub fn xml_name(&self) -> Option<&str> {
        self.str("smithy.api#xmlName")
    }

    pub fn xml_flattened(&self) -> bool {
        self.has("smithy.api#xmlFlattened")
    }

    pub fn xml_attribute(&self) -> bool {
        self.has("smithy.api#xmlAttribute")
    }

    /// `smithy.api#xmlNamespace`: its `uri` and optional `prefix`.
    pub fn xml_namespace(&self) -> Option<(&str, Option<&str>)> {
        let value = self.0.get("smithy.api#xmlNamespace")?;
        let uri = value.get("uri")?.as_str()?;
        Some((uri, value.get("prefix").and_then(Value::as_str)))
    }

    pub fn ec2_query_name(&self) -> Option<&str> {
        self.str("aws.protocols#ec2QueryName")
    }

    pub fn pattern(&self) -> Option<&str> {
        self.str("smithy.api#pattern")
    }

    pub fn http_header(&self) -> Option<&str> {
        self.str("smithy.api#httpHeader")
    }

    pub fn http_query(&self) -> Option<&str> {
        self.str("smithy.api#httpQuery")
    }

    pub fn http_prefix_headers(&self) -> Option<&str> {
        self.str("smithy.api#httpPrefixHeaders")
    }

    pub fn error(&self) -> Option<&str> {
        self.str("smithy.api#error")
    }

    pub fn http_error(&self) -> Option<u16> {
        self.0
            .get("smithy.api#httpError")
            .and_then(Value::as_u64)
            .and_then(|c| u16::try_from(c).ok())
    }

    pub fn length(&self) -> Option<Bounds> {
        self.bounds("smithy.api#length")
    }

    pub fn range(&self) -> Option<Bounds> {
        self.bounds("smithy.api#range")
    }

    fn bounds(&self, name: &str) -> Option<Bounds> {
        let v = self.0.get(name)?;
        Some(Bounds {
            min: v.get("min").and_then(Value::as_f64),
            max: v.get("max").and_then(Value::as_f64),
        })
    }

    pub fn enum_definitions(&self) -> Option<Vec<EnumDefinition>> {
        let items = self.0.get("smithy.api#enum")?.as_array()?;
        Some(
            items
                .iter()
                .map(|item| EnumDefinition {
                    value: item
                        .get("value")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    name: item.get("name").and_then(Value::as_str).map(str::to_owned),
                    documentation: item
                        .get("documentation")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                })
                .collect(),
        )
    }

    pub fn enum_value(&self) -> Option<&Value> {
        self.0.get("smithy.api#enumValue")
    }

    pub fn timestamp_format(&self) -> Option<TimestampFormat> {
        match self.str("smithy.api#timestampFormat")? {
            "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
            "date-time" => Some(TimestampFormat::DateTime),
            "http-date" => Some(TimestampFormat::HttpDate),
            _ => None,
        }
    }

    pub fn http(&self) -> Option<Http> {
        let v = self.0.get("smithy.api#http")?;
        Some(Http {
            method: v.get("method")?.as_str()?.to_owned(),
            uri: v.get("uri")?.as_str()?.to_owned(),
            code: v
                .get("code")
                .and_then(Value::as_u64)
                .and_then(|c| u16::try_from(c).ok())
                .unwrap_or(200),
        })
    }
}

impl IntoIterator for Traits {
    type Item = (String, Value);
    type IntoIter = std::collections::btree_map::IntoIter<String, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrong_forms_name_shape_member_and_trait() {
        let traits = BTreeMap::from([("smithy.api#length".to_owned(), json!({"min": "1"}))]);
        let err = Traits::check("a.b#S", Some("m"), traits).unwrap_err();
        assert_eq!(
            err.to_string(),
            "shape `a.b#S`, member `m`: trait `smithy.api#length` must be an object with numeric `min`/`max`, found `{\"min\":\"1\"}`"
        );
    }

    #[test]
    fn bounds_with_other_properties_load() {
        let length = json!({"max": 8192, "unit": "bytes"});
        let traits = BTreeMap::from([("smithy.api#length".to_owned(), length)]);
        let traits = Traits::check("a.b#S", None, traits).unwrap();
        assert_eq!(
            traits.length(),
            Some(Bounds {
                min: None,
                max: Some(8192.0)
            })
        );
    }

    #[test]
    fn http_trait_needs_a_uri() {
        let traits = BTreeMap::from([("smithy.api#http".to_owned(), json!({"method": "POST"}))]);
        assert!(Traits::check("a.b#Op", None, traits).is_err());
    }

    #[test]
    fn unknown_traits_are_kept() {
        let traits = BTreeMap::from([("x.y#custom".to_owned(), json!([1, 2]))]);
        let traits = Traits::check("a.b#S", None, traits).unwrap();
        assert_eq!(traits.get("x.y#custom"), Some(&json!([1, 2])));
    }
}
