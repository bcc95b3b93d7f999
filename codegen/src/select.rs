//! Stage 2: chooses the service and operations to generate and walks the shapes they reach.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::{Model, ShapeId, ShapeKind, UNIT};
use crate::{Error, Result};

/// Which operations of the service to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operations {
    /// Every operation bound to the service, directly or through its resources.
    All,
    /// Operations by shape name (`StartImport`) or absolute id.
    Named(Vec<String>),
}

/// The service, its chosen operations and every shape they reach.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The service shape id.
    pub service: ShapeId,
    /// Chosen operation ids, ordered by id.
    pub operations: Vec<ShapeId>,
    /// Every non-prelude shape reached from the operations, ordered by id.
    pub shapes: BTreeSet<ShapeId>,
    /// Operations `All` left out, each with the reason (e.g. event streams).
    pub skipped: Vec<String>,
    /// The service's `rename`: new names for shapes whose names collide across namespaces.
    pub rename: BTreeMap<ShapeId, String>,
}

/// Selects `operations` of `service` (or of the model's only service).
pub fn select(model: &Model, service: Option<&str>, operations: &Operations) -> Result<Selection> {
    let service = match service {
        Some(id) => {
            let shape = model
                .shape(id)
                .ok_or_else(|| Error::shape(id, "unknown service: no such shape in the model"))?;
            if !matches!(shape.kind, ShapeKind::Service { .. }) {
                return Err(Error::shape(id, "is not a service shape"));
            }
            id.to_owned()
        }
        None => match model.services().as_slice() {
            [only] => (*only).to_owned(),
            [] => return Err(Error::msg("the model defines no service shape")),
            many => {
                return Err(Error::msg(format!(
                    "the model defines several services ({}); name one",
                    many.join(", ")
                )));
            }
        },
    };
    let (bound, rename) = bound_operations(model, &service)?;
    let chosen: BTreeSet<ShapeId> = match operations {
        Operations::All => bound.clone(),
        Operations::Named(names) => {
            let mut chosen = BTreeSet::new();
            for name in names {
                let found = bound
                    .iter()
                    .find(|id| *id == name || short_name(id) == name);
                match found {
                    Some(id) => chosen.insert(id.clone()),
                    None => {
                        let available: Vec<&str> = bound.iter().map(|id| short_name(id)).collect();
                        return Err(Error::shape(
                            &service,
                            format!(
                                "unknown operation `{name}`; the service has: {}",
                                available.join(", ")
                            ),
                        ));
                    }
                };
            }
            chosen
        }
    };
    let (chosen, skipped) = leave_out_event_streams(model, chosen, operations)?;
    let mut shapes = BTreeSet::new();
    for op in &chosen {
        let ShapeKind::Operation {
            input,
            output,
            errors,
        } = &model.expect(op, &service)?.kind
        else {
            return Err(Error::shape(
                op,
                "is bound as an operation but is not an operation shape",
            ));
        };
        for (role, id) in [("input", input), ("output", output)] {
            if id != UNIT {
                let shape = model.expect(id, op)?;
                if !matches!(shape.kind, ShapeKind::Structure { .. }) {
                    return Err(Error::shape(
                        op,
                        format!("its {role} `{id}` is not a structure"),
                    ));
                }
            }
        }
        for error in errors {
            let shape = model.expect(error, op)?;
            if !matches!(shape.kind, ShapeKind::Structure { .. }) || shape.traits.error().is_none()
            {
                return Err(Error::shape(
                    op,
                    format!("its error `{error}` is not a structure with `smithy.api#error`"),
                ));
            }
        }
        for id in [input, output].into_iter().chain(errors) {
            walk(model, id, &mut shapes)?;
        }
    }
    Ok(Selection {
        service,
        operations: chosen.into_iter().collect(),
        shapes,
        skipped,
        rename,
    })
}

/// Event streams are not supported: with `All`, operations that use them are left out (and
/// listed with the reason); an operation named explicitly is an error.
fn leave_out_event_streams(
    model: &Model,
    chosen: BTreeSet<ShapeId>,
    operations: &Operations,
) -> Result<(BTreeSet<ShapeId>, Vec<String>)> {
    let mut kept = BTreeSet::new();
    let mut skipped = Vec::new();
    for op in chosen {
        match event_stream_member(model, &op) {
            None => {
                kept.insert(op);
            }
            Some(member) => {
                let reason = format!(
                    "`{}`: its member `{member}` is an event stream, which the generator does not support",
                    short_name(&op)
                );
                if matches!(operations, Operations::Named(_)) {
                    return Err(Error::shape(&op, reason));
                }
                skipped.push(reason);
            }
        }
    }
    Ok((kept, skipped))
}

/// `Input$member` of an input or output member that targets a `@streaming` union.
fn event_stream_member(model: &Model, op: &str) -> Option<String> {
    let ShapeKind::Operation { input, output, .. } = &model.shape(op)?.kind else {
        return None;
    };
    for id in [input, output] {
        let Some(ShapeKind::Structure { members }) = model.shape(id).map(|s| &s.kind) else {
            continue;
        };
        for member in members {
            let target = model.shape(&member.target)?;
            if matches!(target.kind, ShapeKind::Union { .. }) && target.traits.streaming() {
                return Some(format!("{}${}", short_name(id), member.name));
            }
        }
    }
    None
}

/// The name part of a shape id (`StartImport` of `com.amazonaws.mgn#StartImport`).
pub fn short_name(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}

/// Operations bound to the service directly and through (nested) resources, and the
/// service's `rename` map.
pub(crate) fn bound_operations(
    model: &Model,
    service: &str,
) -> Result<(BTreeSet<ShapeId>, BTreeMap<ShapeId, String>)> {
    let ShapeKind::Service {
        operations,
        resources,
        rename,
        ..
    } = &model.expect(service, service)?.kind
    else {
        return Err(Error::shape(service, "is not a service shape"));
    };
    let mut found: BTreeSet<ShapeId> = operations.iter().cloned().collect();
    let mut pending: Vec<ShapeId> = resources.clone();
    let mut visited = BTreeSet::new();
    while let Some(resource) = pending.pop() {
        if !visited.insert(resource.clone()) {
            continue;
        }
        let ShapeKind::Resource {
            operations,
            resources,
        } = &model.expect(&resource, service)?.kind
        else {
            return Err(Error::shape(
                &resource,
                "is bound as a resource but is not a resource shape",
            ));
        };
        found.extend(operations.iter().cloned());
        pending.extend(resources.iter().cloned());
    }
    Ok((found, rename.clone()))
}

/// Adds `id` and every shape it reaches through members; rejects what cannot be generated.
fn walk(model: &Model, id: &str, seen: &mut BTreeSet<ShapeId>) -> Result<()> {
    if id.starts_with("smithy.api#") || !seen.insert(id.to_owned()) {
        return Ok(());
    }
    let shape = model.expect(id, id)?;
    if shape.traits.streaming() && matches!(shape.kind, ShapeKind::Union { .. }) {
        return Err(Error::shape(
            id,
            "event streams (a union with `smithy.api#streaming`) are not supported",
        ));
    }
    for member in shape.kind.members() {
        let target = model.expect(&member.target, id)?;
        if target.traits.streaming() {
            // A streaming blob is an operation's payload; nowhere else can it be read as it
            // flows.
            let blob = matches!(target.kind, ShapeKind::Simple(crate::load::Simple::Blob));
            if !blob || !member.traits.has("smithy.api#httpPayload") {
                return Err(Error::member(
                    id,
                    &member.name,
                    format!(
                        "targets `{}`, a streaming shape; only a blob bound with `httpPayload` \
                         can stream (event streams are not supported)",
                        member.target
                    ),
                ));
            }
        }
        walk(model, &member.target, seen)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const MODEL: &str = r#"{"smithy":"2.0","shapes":{
        "a.b#Svc":{"type":"service","version":"1","operations":[{"target":"a.b#One"}],"resources":[{"target":"a.b#Res"}]},
        "a.b#Res":{"type":"resource","read":{"target":"a.b#Two"}},
        "a.b#One":{"type":"operation","input":{"target":"a.b#In"}},
        "a.b#Two":{"type":"operation"},
        "a.b#In":{"type":"structure","members":{"l":{"target":"a.b#L"}}},
        "a.b#L":{"type":"list","member":{"target":"a.b#Item"}},
        "a.b#Item":{"type":"structure","members":{"s":{"target":"smithy.api#String"}}},
        "a.b#Unused":{"type":"string"}
    }}"#;

    fn model() -> Model {
        Model::from_sources([(Path::new("m.json"), MODEL)]).unwrap()
    }

    #[test]
    fn all_includes_resource_operations() {
        let s = select(&model(), None, &Operations::All).unwrap();
        assert_eq!(s.operations, ["a.b#One", "a.b#Two"]);
        assert_eq!(
            s.shapes.iter().collect::<Vec<_>>(),
            ["a.b#In", "a.b#Item", "a.b#L"]
        );
    }

    #[test]
    fn unknown_operation_lists_the_available_ones() {
        let err = select(&model(), None, &Operations::Named(vec!["Three".into()])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "shape `a.b#Svc`: unknown operation `Three`; the service has: One, Two"
        );
    }

    #[test]
    fn a_service_rename_is_kept() {
        let text = MODEL.replace(
            r#""version":"1","#,
            r#""version":"1","rename":{"a.b#Item":"Thing"},"#,
        );
        let model = Model::from_sources([(Path::new("m.json"), text.as_str())]).unwrap();
        let s = select(&model, None, &Operations::All).unwrap();
        assert_eq!(s.rename.get("a.b#Item").map(String::as_str), Some("Thing"));
    }

    #[test]
    fn unknown_service_is_named() {
        let err = select(&model(), Some("a.b#Nope"), &Operations::All).unwrap_err();
        assert_eq!(err.shape_id(), Some("a.b#Nope"));
    }
}
