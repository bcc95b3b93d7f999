//! Stage 1: reads Smithy 2.0 JSON AST files into one validated [`Model`].
//!
//! Files are merged as Smithy does (`apply` shapes add traits to shapes defined elsewhere,
//! mixins are flattened into the shapes that use them), prelude targets (`smithy.api#String`,
//! ...) are resolved, every member target is checked, every trait this generator reads is
//! checked for its form, and the Smithy model rules the generator relies on (enum values, HTTP
//! bindings, JSON names) are checked, so later stages can rely on them.

mod ast;
mod mixins;
mod traits;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

pub use traits::{Bounds, EnumDefinition, Http, TimestampFormat, Traits};

/// A shape id such as `com.amazonaws.mgn#S3BucketSource`.
pub type ShapeId = String;

/// All shapes of the loaded model files, validated.
#[derive(Debug, Clone)]
pub struct Model {
    shapes: BTreeMap<ShapeId, Shape>,
}

/// One shape with its traits and the file it was defined in.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The absolute shape id.
    pub id: ShapeId,
    /// What kind of shape this is, with its members.
    pub kind: ShapeKind,
    /// Its traits, checked for form.
    pub traits: Traits,
    /// The model file that defined it (`None` for the prelude).
    pub file: Option<PathBuf>,
}

/// The simple (scalar) Smithy types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Simple {
    Blob,
    Boolean,
    String,
    Timestamp,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Document,
}

/// A member of an aggregate shape.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member name as written in the model.
    pub name: String,
    /// The shape it targets.
    pub target: ShapeId,
    /// Its own traits (not the target's).
    pub traits: Traits,
}

/// The shape kinds this generator understands.
#[derive(Debug, Clone)]
pub enum ShapeKind {
    Simple(Simple),
    List {
        member: Member,
    },
    Map {
        key: Member,
        value: Member,
    },
    Structure {
        members: Vec<Member>,
    },
    Union {
        members: Vec<Member>,
    },
    Enum {
        members: Vec<Member>,
    },
    IntEnum {
        members: Vec<Member>,
    },
    Service {
        version: String,
        operations: Vec<ShapeId>,
        resources: Vec<ShapeId>,
        errors: Vec<ShapeId>,
        /// New names for shapes of the service's closure (used for the Rust type names).
        rename: BTreeMap<ShapeId, String>,
    },
    Operation {
        input: ShapeId,
        output: ShapeId,
        errors: Vec<ShapeId>,
    },
    Resource {
        operations: Vec<ShapeId>,
        resources: Vec<ShapeId>,
    },
}

/// The prelude's `Unit` shape: the input or output of an operation that has none.
pub const UNIT: &str = "smithy.api#Unit";

impl Model {
    /// Loads and merges model files.
    pub fn load(files: &[PathBuf]) -> Result<Self> {
        let mut sources = Vec::with_capacity(files.len());
        for file in files {
            let text = std::fs::read_to_string(file)
                .map_err(|e| Error::msg(format!("cannot read model file: {e}")).in_file(file))?;
            sources.push((file.clone(), text));
        }
        Self::from_sources(sources.iter().map(|(p, t)| (p.as_path(), t.as_str())))
    }

    /// Loads and merges model texts; each is named by the path reported in errors.
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (&'a Path, &'a str)>,
    ) -> Result<Self> {
        let mut defined: BTreeMap<ShapeId, (PathBuf, ast::Shape)> = BTreeMap::new();
        let mut applies: Vec<(PathBuf, ShapeId, ast::Shape)> = Vec::new();
        for (path, text) in sources {
            let file = ast::File::parse(text).map_err(|e| e.in_file(path))?;
            for (id, shape) in file.shapes {
                check_shape_id(&id).map_err(|e| e.in_file(path))?;
                if shape.kind == "apply" {
                    applies.push((path.to_path_buf(), id, shape));
                    continue;
                }
                if let Some((first, existing)) = defined.get(&id) {
                    if *existing != shape {
                        return Err(Error::shape(
                            id,
                            format!("defined differently in `{}` and here", first.display()),
                        )
                        .in_file(path));
                    }
                    continue;
                }
                defined.insert(id, (path.to_path_buf(), shape));
            }
        }
        for (path, id, apply) in applies {
            let Some((_, target)) = defined.get_mut(&id) else {
                return Err(
                    Error::shape(id, "`apply` targets a shape that is not defined").in_file(&path),
                );
            };
            for (name, value) in apply.traits {
                target.traits.insert(name, value);
            }
        }

        mixins::flatten(&mut defined)?;

        let mut shapes = prelude();
        for (id, (path, shape)) in defined {
            let shape = convert(&id, shape).map_err(|e| e.in_file(&path))?;
            shapes.insert(
                id.clone(),
                Shape {
                    file: Some(path),
                    ..shape
                },
            );
        }
        let model = Self { shapes };
        model.check_targets()?;
        validate::check(&model)?;
        Ok(model)
    }

    /// Looks a shape up by id.
    pub fn shape(&self, id: &str) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// Looks a shape up by id, failing with a message that names who referred to it.
    pub fn expect(&self, id: &str, referrer: &str) -> Result<&Shape> {
        self.shapes.get(id).ok_or_else(|| {
            Error::shape(referrer, format!("refers to `{id}`, which is not defined"))
        })
    }

    /// Every shape, ordered by id.
    pub fn shapes(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.values()
    }

    /// The ids of all service shapes.
    pub fn services(&self) -> Vec<&str> {
        self.shapes
            .values()
            .filter(|s| matches!(s.kind, ShapeKind::Service { .. }))
            .map(|s| s.id.as_str())
            .collect()
    }

    fn check_targets(&self) -> Result<()> {
        for shape in self.shapes.values() {
            let fail = |member: Option<&str>, target: &str, what: &str| {
                let message = format!("{what} `{target}` is not defined");
                let error = match member {
                    Some(m) => Error::member(&shape.id, m, message),
                    None => Error::shape(&shape.id, message),
                };
                match &shape.file {
                    Some(f) => error.in_file(f),
                    None => error,
                }
            };
            for member in shape.kind.members() {
                if !self.shapes.contains_key(&member.target) {
                    return Err(fail(Some(&member.name), &member.target, "target"));
                }
            }
            let references: Vec<(&str, &ShapeId)> = match &shape.kind {
                ShapeKind::Service {
                    operations,
                    resources,
                    errors,
                    ..
                } => operations
                    .iter()
                    .map(|o| ("operation", o))
                    .chain(resources.iter().map(|r| ("resource", r)))
                    .chain(errors.iter().map(|e| ("error", e)))
                    .collect(),
                ShapeKind::Operation {
                    input,
                    output,
                    errors,
                } => [("input", input), ("output", output)]
                    .into_iter()
                    .chain(errors.iter().map(|e| ("error", e)))
                    .collect(),
                ShapeKind::Resource {
                    operations,
                    resources,
                } => operations
                    .iter()
                    .map(|o| ("operation", o))
                    .chain(resources.iter().map(|r| ("resource", r)))
                    .collect(),
                _ => Vec::new(),
            };
            for (what, target) in references {
                if !self.shapes.contains_key(target) {
                    return Err(fail(None, target, what));
                }
            }
        }
        Ok(())
    }
}

impl ShapeKind {
    /// The members of an aggregate shape, in model order (list and map members included).
    pub fn members(&self) -> Vec<&Member> {
        match self {
            ShapeKind::List { member } => vec![member],
            ShapeKind::Map { key, value } => vec![key, value],
            ShapeKind::Structure { members }
            | ShapeKind::Union { members }
            | ShapeKind::Enum { members }
            | ShapeKind::IntEnum { members } => members.iter().collect(),
            _ => Vec::new(),
        }
    }
}

fn check_shape_id(id: &str) -> Result<()> {
    let valid = id.split_once('#').is_some_and(|(ns, name)| {
        !ns.is_empty() && ns.split('.').all(is_identifier) && is_identifier(name)
    });
    if valid {
        Ok(())
    } else {
        Err(Error::shape(
            id,
            "not a valid absolute shape id (expected `namespace#Name`)",
        ))
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn convert(id: &str, shape: ast::Shape) -> Result<Shape> {
    let traits = Traits::check(id, None, shape.traits)?;
    let member = |name: &str, m: Option<ast::Member>| -> Result<Member> {
        let m = m.ok_or_else(|| {
            Error::shape(
                id,
                format!("a {} shape needs a `{name}` member", shape.kind),
            )
        })?;
        convert_member(id, name, m)
    };
    let members = |ms: Option<ast::Members>| -> Result<Vec<Member>> {
        ms.unwrap_or_default()
            .0
            .into_iter()
            .map(|(name, m)| convert_member(id, &name, m))
            .collect()
    };
    let targets =
        |refs: Vec<ast::Reference>| refs.into_iter().map(|r| r.target).collect::<Vec<_>>();
    let kind = match shape.kind.as_str() {
        "blob" => ShapeKind::Simple(Simple::Blob),
        "boolean" => ShapeKind::Simple(Simple::Boolean),
        "string" => ShapeKind::Simple(Simple::String),
        "timestamp" => ShapeKind::Simple(Simple::Timestamp),
        "byte" => ShapeKind::Simple(Simple::Byte),
        "short" => ShapeKind::Simple(Simple::Short),
        "integer" => ShapeKind::Simple(Simple::Integer),
        "long" => ShapeKind::Simple(Simple::Long),
        "float" => ShapeKind::Simple(Simple::Float),
        "double" => ShapeKind::Simple(Simple::Double),
        "bigInteger" => ShapeKind::Simple(Simple::BigInteger),
        "bigDecimal" => ShapeKind::Simple(Simple::BigDecimal),
        "document" => ShapeKind::Simple(Simple::Document),
        // Smithy 1.0's `set` is a list with unique items in 2.0.
        "list" | "set" => ShapeKind::List {
            member: member("member", shape.member)?,
        },
        "map" => ShapeKind::Map {
            key: member("key", shape.key)?,
            value: member("value", shape.value)?,
        },
        "structure" => ShapeKind::Structure {
            members: members(shape.members)?,
        },
        "union" => ShapeKind::Union {
            members: members(shape.members)?,
        },
        "enum" => ShapeKind::Enum {
            members: members(shape.members)?,
        },
        "intEnum" => ShapeKind::IntEnum {
            members: members(shape.members)?,
        },
        "service" => ShapeKind::Service {
            version: shape.version.unwrap_or_default(),
            operations: targets(shape.operations),
            resources: targets(shape.resources),
            errors: targets(shape.errors),
            rename: shape.rename.unwrap_or_default(),
        },
        "operation" => ShapeKind::Operation {
            input: shape.input.map_or_else(|| UNIT.to_owned(), |r| r.target),
            output: shape.output.map_or_else(|| UNIT.to_owned(), |r| r.target),
            errors: targets(shape.errors),
        },
        "resource" => {
            let lifecycle = [
                shape.create,
                shape.put,
                shape.read,
                shape.update,
                shape.delete,
                shape.list,
            ];
            let mut operations: Vec<ShapeId> =
                lifecycle.into_iter().flatten().map(|r| r.target).collect();
            operations.extend(targets(shape.operations));
            operations.extend(targets(shape.collection_operations));
            ShapeKind::Resource {
                operations,
                resources: targets(shape.resources),
            }
        }
        other => {
            return Err(Error::shape(
                id,
                format!("unknown shape type `{other}` (expected a Smithy 2.0 shape type)"),
            ));
        }
    };
    if let ShapeKind::Enum { members } = &kind {
        for m in members {
            if m.target != UNIT {
                return Err(Error::member(
                    id,
                    &m.name,
                    "enum members must target `smithy.api#Unit`",
                ));
            }
        }
    }
    Ok(Shape {
        id: id.to_owned(),
        kind,
        traits,
        file: None,
    })
}

fn convert_member(id: &str, name: &str, member: ast::Member) -> Result<Member> {
    if !is_identifier(name) {
        return Err(Error::member(id, name, "not a valid member name"));
    }
    Ok(Member {
        name: name.to_owned(),
        target: member.target,
        traits: Traits::check(id, Some(name), member.traits)?,
    })
}

/// The `smithy.api` prelude shapes a model may target without defining them.
fn prelude() -> BTreeMap<ShapeId, Shape> {
    let zero = serde_json::Value::from(0);
    let entries: [(&str, Simple, Option<serde_json::Value>); 21] = [
        ("String", Simple::String, None),
        ("Blob", Simple::Blob, None),
        ("BigInteger", Simple::BigInteger, None),
        ("BigDecimal", Simple::BigDecimal, None),
        ("Timestamp", Simple::Timestamp, None),
        ("Document", Simple::Document, None),
        ("Boolean", Simple::Boolean, None),
        ("Byte", Simple::Byte, None),
        ("Short", Simple::Short, None),
        ("Integer", Simple::Integer, None),
        ("Long", Simple::Long, None),
        ("Float", Simple::Float, None),
        ("Double", Simple::Double, None),
        ("PrimitiveBoolean", Simple::Boolean, Some(false.into())),
        ("PrimitiveByte", Simple::Byte, Some(zero.clone())),
        ("PrimitiveShort", Simple::Short, Some(zero.clone())),
        ("PrimitiveInteger", Simple::Integer, Some(zero.clone())),
        ("PrimitiveLong", Simple::Long, Some(zero.clone())),
        ("PrimitiveFloat", Simple::Float, Some(zero.clone())),
        ("PrimitiveDouble", Simple::Double, Some(zero)),
        // Unit is a structure with no members.
        ("Unit", Simple::Document, None),
    ];
    let mut shapes = BTreeMap::new();
    for (name, simple, default) in entries {
        let id = format!("smithy.api#{name}");
        let kind = if name == "Unit" {
            ShapeKind::Structure {
                members: Vec::new(),
            }
        } else {
            ShapeKind::Simple(simple)
        };
        let mut traits = Traits::default();
        if let Some(default) = default {
            traits.insert_checked("smithy.api#default", default);
        }
        shapes.insert(
            id.clone(),
            Shape {
                id,
                kind,
                traits,
                file: None,
            },
        );
    }
    shapes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Model> {
        Model::from_sources([(Path::new("test.json"), text)])
    }

    #[test]
    fn malformed_json_names_file_line_and_column() {
        let err = load("{\n  \"smithy\": \"2.0\",\n  \"shapes\": {,}\n}").unwrap_err();
        assert_eq!(err.file(), Some(Path::new("test.json")));
        assert!(err.to_string().starts_with("test.json:3:"), "{err}");
    }

    #[test]
    fn dangling_target_names_shape_and_member() {
        let err = load(
            r#"{"smithy":"2.0","shapes":{"a.b#S":{"type":"structure","members":{"m":{"target":"a.b#Missing"}}}}}"#,
        )
        .unwrap_err();
        assert_eq!(err.shape_id(), Some("a.b#S"));
        assert_eq!(err.member_name(), Some("m"));
        assert!(
            err.to_string().contains("`a.b#Missing` is not defined"),
            "{err}"
        );
    }

    #[test]
    fn unknown_shape_type_is_named() {
        let err = load(r#"{"smithy":"2.0","shapes":{"a.b#S":{"type":"struct"}}}"#).unwrap_err();
        assert_eq!(err.shape_id(), Some("a.b#S"));
        assert!(
            err.to_string().contains("unknown shape type `struct`"),
            "{err}"
        );
    }

    #[test]
    fn apply_adds_traits_from_another_file() {
        let base = r#"{"smithy":"2.0","shapes":{"a.b#S":{"type":"string"}}}"#;
        let extra = r#"{"smithy":"2.0","shapes":{"a.b#S":{"type":"apply","traits":{"smithy.api#documentation":"Hi"}}}}"#;
        let model =
            Model::from_sources([(Path::new("a.json"), base), (Path::new("b.json"), extra)])
                .unwrap();
        assert_eq!(
            model.shape("a.b#S").unwrap().traits.documentation(),
            Some("Hi")
        );
    }

    #[test]
    fn conflicting_definitions_are_rejected() {
        let a = r#"{"smithy":"2.0","shapes":{"a.b#S":{"type":"string"}}}"#;
        let b = r#"{"smithy":"2.0","shapes":{"a.b#S":{"type":"long"}}}"#;
        let err =
            Model::from_sources([(Path::new("a.json"), a), (Path::new("b.json"), b)]).unwrap_err();
        assert!(
            err.to_string().contains("defined differently in `a.json`"),
            "{err}"
        );
    }

    #[test]
    fn prelude_targets_resolve() {
        let model = load(
            r#"{"smithy":"2.0","shapes":{"a.b#S":{"type":"structure","members":{"m":{"target":"smithy.api#PrimitiveLong"}}}}}"#,
        )
        .unwrap();
        let long = model.shape("smithy.api#PrimitiveLong").unwrap();
        assert_eq!(long.traits.default_value(), Some(&serde_json::json!(0)));
    }
}
