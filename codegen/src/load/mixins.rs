//! Smithy 2.0 mixins, flattened as Smithy's own loader does: a shape takes the members and
//! traits of the mixins it lists (its own traits win, and a member it lists again only adds
//! traits), so the later stages never see a mixin.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

use super::ShapeId;
use super::ast;
use crate::{Error, Result};

const MIXIN: &str = "smithy.api#mixin";

type Defined = BTreeMap<ShapeId, (PathBuf, ast::Shape)>;

/// Applies every shape's mixins to it, in place.
pub(super) fn flatten(defined: &mut Defined) -> Result<()> {
    let ids: Vec<ShapeId> = defined
        .iter()
        .filter(|(_, (_, shape))| shape.mixins.as_ref().is_some_and(|m| !m.is_empty()))
        .map(|(id, _)| id.clone())
        .collect();
    let mut done = BTreeSet::new();
    for id in ids {
        resolve(defined, &id, &mut Vec::new(), &mut done)?;
    }
    for (_, shape) in defined.values_mut() {
        shape.mixins = None;
    }
    Ok(())
}

/// Flattens the mixins of `id` (after those of its mixins); `stack` holds the shapes being
/// flattened, to refuse cycles.
fn resolve(
    defined: &mut Defined,
    id: &str,
    stack: &mut Vec<ShapeId>,
    done: &mut BTreeSet<ShapeId>,
) -> Result<()> {
    if done.contains(id) {
        return Ok(());
    }
    let Some((path, shape)) = defined.get(id) else {
        return Ok(());
    };
    let path = path.clone();
    let fail = |message: String| Error::shape(id, message).in_file(&path);
    let mixins: Vec<ShapeId> = shape
        .mixins
        .iter()
        .flatten()
        .map(|r| r.target.clone())
        .collect();
    if mixins.is_empty() {
        done.insert(id.to_owned());
        return Ok(());
    }
    if stack.iter().any(|s| s == id) {
        return Err(fail(format!(
            "mixins form a cycle: {} -> {id}",
            stack.join(" -> ")
        )));
    }
    if matches!(shape.kind.as_str(), "service" | "operation" | "resource") {
        return Err(fail(format!(
            "mixins on {} shapes are not supported",
            shape.kind
        )));
    }
    let kind = shape.kind.clone();
    stack.push(id.to_owned());
    for mixin_id in &mixins {
        let Some((_, mixin)) = defined.get(mixin_id) else {
            return Err(fail(format!("mixin `{mixin_id}` is not defined")));
        };
        if !mixin.traits.contains_key(MIXIN) {
            return Err(fail(format!(
                "`{mixin_id}` is used as a mixin but has no `{MIXIN}` trait"
            )));
        }
        if mixin.kind != kind {
            return Err(fail(format!(
                "mixin `{mixin_id}` is a {} shape; a {kind} shape can only use {kind} mixins",
                mixin.kind
            )));
        }
        resolve(defined, mixin_id, stack, done)?;
    }
    stack.pop();

    let mut traits = BTreeMap::new();
    let mut members: Vec<(String, ast::Member)> = Vec::new();
    let mut singles: [Option<ast::Member>; 3] = [None, None, None];
    for mixin_id in &mixins {
        let Some((_, mixin)) = defined.get(mixin_id) else {
            continue;
        };
        // Traits the mixin lists as local stay with it, as does the mixin trait itself.
        let local: Vec<&str> = mixin
            .traits
            .get(MIXIN)
            .and_then(|m| m.get("localTraits"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (name, value) in &mixin.traits {
            if name != MIXIN && !local.contains(&name.as_str()) {
                traits.insert(name.clone(), value.clone());
            }
        }
        for (name, member) in mixin.members.iter().flat_map(|m| &m.0) {
            if let Some((_, seen)) = members.iter().find(|(n, _)| n == name) {
                // The same member reached twice (two mixins sharing a mixin) is one member.
                if seen == member {
                    continue;
                }
                return Err(Error::member(
                    id,
                    name,
                    format!("is inherited from more than one mixin (again from `{mixin_id}`)"),
                )
                .in_file(&path));
            }
            members.push((name.clone(), member.clone()));
        }
        for (single, inherited) in singles
            .iter_mut()
            .zip([&mixin.member, &mixin.key, &mixin.value])
        {
            if let Some(inherited) = inherited {
                *single = Some(inherited.clone());
            }
        }
    }

    let Some((_, shape)) = defined.get_mut(id) else {
        return Ok(());
    };
    traits.append(&mut shape.traits);
    shape.traits = traits;
    for (name, own) in shape.members.take().map(|m| m.0).unwrap_or_default() {
        match members.iter_mut().find(|(n, _)| *n == name) {
            Some((_, inherited)) => merge(id, &name, inherited, own, &path)?,
            None => members.push((name, own)),
        }
    }
    if !members.is_empty() {
        shape.members = Some(ast::Ordered(members));
    }
    for ((name, slot), inherited) in [
        ("member", &mut shape.member),
        ("key", &mut shape.key),
        ("value", &mut shape.value),
    ]
    .into_iter()
    .zip(singles)
    {
        *slot = match (inherited, slot.take()) {
            (Some(mut inherited), Some(own)) => {
                merge(id, name, &mut inherited, own, &path)?;
                Some(inherited)
            }
            (inherited, own) => own.or(inherited),
        };
    }
    shape.mixins = None;
    done.insert(id.to_owned());
    Ok(())
}

/// A member listed again beside its mixin's: the same target, with traits added.
fn merge(
    id: &str,
    name: &str,
    inherited: &mut ast::Member,
    own: ast::Member,
    path: &std::path::Path,
) -> Result<()> {
    if inherited.target != own.target {
        return Err(Error::member(
            id,
            name,
            format!(
                "targets `{}`, but the member it inherits from a mixin targets `{}`",
                own.target, inherited.target
            ),
        )
        .in_file(path));
    }
    inherited.traits.extend(own.traits);
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::load::{Model, ShapeKind};

    fn load(shapes: &str) -> crate::Result<Model> {
        let text = format!(r#"{{"smithy":"2.0","shapes":{{{shapes}}}}}"#);
        Model::from_sources([(Path::new("m.json"), text.as_str())])
    }

    const BASE: &str = r#""a.b#Base":{"type":"structure","members":{
            "x":{"target":"smithy.api#String"},
            "y":{"target":"smithy.api#Integer","traits":{"smithy.api#default":0}}},
        "traits":{"smithy.api#mixin":{"localTraits":["smithy.api#private"]},"smithy.api#private":{},
            "smithy.api#documentation":"Base."}}"#;

    #[test]
    fn members_and_traits_are_inherited_and_own_ones_win() {
        let model = load(&format!(
            r#"{BASE},"a.b#S":{{"type":"structure","mixins":[{{"target":"a.b#Base"}}],
                "members":{{"x":{{"target":"smithy.api#String","traits":{{"smithy.api#required":{{}}}}}},
                    "z":{{"target":"smithy.api#Long"}}}},
                "traits":{{"smithy.api#documentation":"Own."}}}}"#
        ))
        .unwrap();
        let shape = model.shape("a.b#S").unwrap();
        let ShapeKind::Structure { members } = &shape.kind else {
            panic!("{:?}", shape.kind)
        };
        let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["x", "y", "z"]);
        assert!(members[0].traits.required());
        assert_eq!(shape.traits.documentation(), Some("Own."));
        assert!(!shape.traits.has("smithy.api#mixin"));
        assert!(!shape.traits.has("smithy.api#private"));
    }

    #[test]
    fn cycles_and_non_mixins_are_refused() {
        let cycle = load(
            r#""a.b#A":{"type":"structure","mixins":[{"target":"a.b#B"}],"traits":{"smithy.api#mixin":{}}},
               "a.b#B":{"type":"structure","mixins":[{"target":"a.b#A"}],"traits":{"smithy.api#mixin":{}}}"#,
        )
        .unwrap_err();
        assert!(cycle.to_string().contains("mixins form a cycle"), "{cycle}");
        assert_eq!(cycle.file(), Some(Path::new("m.json")));

        let plain = load(
            r#""a.b#A":{"type":"structure","members":{}},
               "a.b#S":{"type":"structure","mixins":[{"target":"a.b#A"}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            plain.to_string(),
            "m.json: shape `a.b#S`: `a.b#A` is used as a mixin but has no `smithy.api#mixin` trait"
        );

        let retargeted = load(&format!(
            r#"{BASE},"a.b#S":{{"type":"structure","mixins":[{{"target":"a.b#Base"}}],
                "members":{{"x":{{"target":"smithy.api#Long"}}}}}}"#
        ))
        .unwrap_err();
        assert_eq!(retargeted.member_name(), Some("x"));
    }
}
