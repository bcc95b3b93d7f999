//! Serde types for the Smithy 2.0 JSON AST, as written in the files.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};

use crate::{Error, Result};

/// One model file.
pub(super) struct File {
    /// Shapes in file order.
    pub(super) shapes: Vec<(String, Shape)>,
}

/// The file with each shape kept as its raw text, so that shapes are read one by one (errors
/// name the shape) and duplicate keys anywhere are still seen.
#[derive(Deserialize)]
struct RawFile<'a> {
    smithy: Option<String>,
    #[serde(default, borrow)]
    shapes: Ordered<&'a serde_json::value::RawValue>,
}

impl File {
    /// Parses a file: syntax errors carry line and column, shape errors the shape id.
    pub(super) fn parse(text: &str) -> Result<Self> {
        let raw: RawFile = serde_json::from_str(text).map_err(|e| {
            Error::msg(format!("malformed model JSON: {}", strip_position(&e)))
                .at(e.line(), e.column())
        })?;
        match raw.smithy.as_deref() {
            Some(v) if v == "2" || v.starts_with("2.") => {}
            Some(v) => {
                return Err(Error::msg(format!(
                    "unsupported Smithy IDL version `{v}`; this generator reads Smithy 2.0 JSON AST files"
                )));
            }
            None => {
                return Err(Error::msg(
                    "missing the `\"smithy\": \"2.0\"` version property",
                ));
            }
        }
        let mut shapes = Vec::with_capacity(raw.shapes.0.len());
        for (id, value) in raw.shapes.0 {
            let shape: Shape = serde_json::from_str(value.get()).map_err(|e| {
                let (line, column) = absolute_position(text, value.get(), e.line(), e.column());
                Error::shape(&id, format!("malformed shape: {}", strip_position(&e)))
                    .at(line, column)
            })?;
            shapes.push((id, shape));
        }
        Ok(Self { shapes })
    }
}

/// Turns a position inside `part` (a slice of `text`) into a position in `text`.
fn absolute_position(text: &str, part: &str, line: usize, column: usize) -> (usize, usize) {
    let offset = (part.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len());
    let before = &text[..offset];
    let base_line = before.matches('\n').count() + 1;
    let base_column = before.rfind('\n').map_or(offset, |i| offset - i - 1);
    if line <= 1 {
        (base_line, base_column + column)
    } else {
        (base_line + line - 1, column)
    }
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// A shape as written; which fields are allowed depends on `type`, checked in `load`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(super) struct Shape {
    #[serde(rename = "type")]
    pub(super) kind: String,
    #[serde(default)]
    pub(super) traits: BTreeMap<String, serde_json::Value>,
    pub(super) members: Option<Members>,
    pub(super) member: Option<Member>,
    pub(super) key: Option<Member>,
    pub(super) value: Option<Member>,
    pub(super) version: Option<String>,
    #[serde(default)]
    pub(super) operations: Vec<Reference>,
    #[serde(default)]
    pub(super) resources: Vec<Reference>,
    #[serde(default)]
    pub(super) errors: Vec<Reference>,
    pub(super) input: Option<Reference>,
    pub(super) output: Option<Reference>,
    #[serde(default)]
    pub(super) identifiers: BTreeMap<String, Reference>,
    #[serde(default)]
    pub(super) properties: BTreeMap<String, Reference>,
    pub(super) create: Option<Reference>,
    pub(super) put: Option<Reference>,
    pub(super) read: Option<Reference>,
    pub(super) update: Option<Reference>,
    pub(super) delete: Option<Reference>,
    pub(super) list: Option<Reference>,
    #[serde(default, rename = "collectionOperations")]
    pub(super) collection_operations: Vec<Reference>,
    pub(super) rename: Option<BTreeMap<String, String>>,
    pub(super) mixins: Option<Vec<Reference>>,
}

/// A member: its target and its own traits.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(super) struct Member {
    pub(super) target: String,
    #[serde(default)]
    pub(super) traits: BTreeMap<String, serde_json::Value>,
}

/// `{"target": "ns#Name"}`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(super) struct Reference {
    pub(super) target: String,
}

/// Members keep their model order: it becomes the field order of the generated struct.
pub(super) type Members = Ordered<Member>;

/// A JSON object read in file order, rejecting duplicate keys.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ordered<T>(pub(super) Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedVisitor<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, T)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
                    }
                    let value = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(std::marker::PhantomData))
    }
}
