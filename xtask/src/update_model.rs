//! `cargo xtask update-model [--service mgn|s3] --from FILE [--partitions FILE]`: rewrites the
//! service's model (`model/mgn.json` by default) from an official Smithy JSON AST file for the
//! configured operations, and `model/partitions.json` from a partitions file. Other files in `model/` (the project's own additions, such as waiters
//! applied with `apply`) are left alone.
//!
//! The written model holds the service shape (its version and traits, binding exactly the
//! configured operations) and the operations' whole closure, every trait, each shape exactly as
//! in the official file, in shape-id order. `metadata` names the files it was taken from, so the
//! agreement test (`codegen/tests/model_agrees_with_reference.rs`) and a later run without
//! `--from` know them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::codegen_cmd::{MGN, PARTITIONS, SERVICES, workspace_root};

/// The `metadata` key under which the model records where it came from.
pub const SOURCE_KEY: &str = "mgn-rs.source";

pub fn run(args: &[String]) -> Result<(), String> {
    let mut from = None;
    let mut partitions = None;
    let mut service = &MGN;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("`{flag}` needs a value"))
        };
        match arg.as_str() {
            "--from" => from = Some(value("--from")?),
            "--partitions" => partitions = Some(value("--partitions")?),
            "--service" => {
                let name = value("--service")?;
                let name = name.to_string_lossy();
                service = SERVICES.iter().find(|s| s.name == name).ok_or_else(|| {
                    let known: Vec<&str> = SERVICES.iter().map(|s| s.name).collect();
                    format!("unknown service `{name}` (known: {})", known.join(", "))
                })?;
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let root = workspace_root();
    let model = service.model;
    let model_path = root.join(model);
    let old: Option<Value> = std::fs::read_to_string(&model_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let recorded = |key: &str| {
        old.as_ref()
            .and_then(|m| m["metadata"][SOURCE_KEY][key].as_str())
            .map(PathBuf::from)
    };
    let from = from.or_else(|| recorded("model")).ok_or_else(|| {
        format!("`--from FILE` is needed: {model} does not record the file it was taken from")
    })?;
    let partitions = partitions.or_else(|| recorded("partitions"));

    let official_path = root.join(&from);
    let official = std::fs::read_to_string(&official_path)
        .map_err(|e| format!("cannot read {}: {e}", official_path.display()))?;
    let text = extract(&official, service.operations, &from, partitions.as_deref())?;
    let new: Value = serde_json::from_str(&text).map_err(|e| format!("internal error: {e}"))?;
    write_text(&model_path, &text)?;

    let changes = diff(old.as_ref(), &new);
    println!(
        "{model}: {} shapes from {} for {}",
        new["shapes"].as_object().map_or(0, Map::len),
        from.display(),
        service.operations.join(", ")
    );
    print!("{}", changes.report());

    if let Some(partitions) = &partitions {
        let text = std::fs::read_to_string(root.join(partitions))
            .map_err(|e| format!("cannot read {}: {e}", partitions.display()))?;
        serde_json::from_str::<Value>(&text)
            .map_err(|e| format!("{}: malformed JSON: {e}", partitions.display()))?;
        let target = root.join(PARTITIONS);
        let same = std::fs::read_to_string(&target).is_ok_and(|old| old == text);
        if same {
            println!("{PARTITIONS}: unchanged ({})", partitions.display());
        } else {
            std::fs::write(&target, text).map_err(|e| format!("cannot write {PARTITIONS}: {e}"))?;
            println!("{PARTITIONS}: updated from {}", partitions.display());
        }
    }
    println!("now run `cargo xtask codegen` and review the generated changes");
    Ok(())
}

/// Written only when the text changes, atomically.
fn write_text(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The official file's shapes, each kept as its text so that member and trait order (which
/// the generator follows) and the file's formatting survive.
#[derive(serde::Deserialize)]
struct RawModel {
    shapes: BTreeMap<String, Box<RawValue>>,
}

/// The model file's text for `operations` taken from `official` (a Smithy JSON AST file's
/// text, pretty-printed with two spaces as the official files are).
pub fn extract(
    official: &str,
    operations: &[&str],
    from: &Path,
    partitions: Option<&Path>,
) -> Result<String, String> {
    let raw: RawModel = serde_json::from_str(official)
        .map_err(|e| format!("the official model is not a Smithy JSON AST file: {e}"))?;
    let mut shapes = BTreeMap::new();
    for (id, text) in &raw.shapes {
        let value: Value = serde_json::from_str(text.get()).map_err(|e| format!("{id}: {e}"))?;
        shapes.insert(id.clone(), value);
    }
    let services: Vec<&String> = shapes
        .iter()
        .filter(|(_, s)| s["type"] == "service")
        .map(|(id, _)| id)
        .collect();
    let [service_id] = services[..] else {
        return Err(format!(
            "the official model must define exactly one service, it defines {}",
            services.len()
        ));
    };
    let namespace = service_id.split('#').next().unwrap_or_default();
    let mut seen = BTreeSet::new();
    let mut bound = Vec::new();
    for name in operations {
        let id = format!("{namespace}#{name}");
        match shapes.get(&id) {
            Some(shape) if shape["type"] == "operation" => {}
            _ => return Err(format!("the official model has no operation `{id}`")),
        }
        closure(&shapes, &id, &mut seen)?;
        bound.push(id);
    }
    bound.sort();

    // The service binds the operations directly (resources would bring in others); every
    // other property is kept as written.
    let service: BTreeMap<String, Box<RawValue>> =
        serde_json::from_str(raw.shapes[service_id].get()).map_err(|e| e.to_string())?;
    let mut service_text = String::from("{\n      \"type\": \"service\"");
    if let Some(version) = service.get("version") {
        service_text.push_str(&format!(",\n      \"version\": {}", version.get()));
    }
    service_text.push_str(",\n      \"operations\": [");
    for (i, id) in bound.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        service_text.push_str(&format!(
            "{sep}\n        {{\n          \"target\": {}\n        }}",
            Value::from(id.as_str())
        ));
    }
    service_text.push_str("\n      ]");
    for (key, value) in &service {
        if !matches!(
            key.as_str(),
            "type" | "version" | "operations" | "resources"
        ) {
            service_text.push_str(&format!(
                ",\n      {}: {}",
                Value::from(key.as_str()),
                value.get()
            ));
        }
    }
    service_text.push_str("\n    }");

    let mut source = Map::new();
    source.insert("model".into(), path_text(from).into());
    if let Some(p) = partitions {
        source.insert("partitions".into(), path_text(p).into());
    }
    let mut out = format!(
        "{{\n  \"smithy\": \"2.0\",\n  \"metadata\": {{\n    {}: {}\n  }},\n  \"shapes\": {{\n    {}: {service_text}",
        Value::from(SOURCE_KEY),
        serde_json::to_string(&source).map_err(|e| e.to_string())?,
        Value::from(service_id.as_str()),
    );
    for id in &seen {
        out.push_str(&format!(
            ",\n    {}: {}",
            Value::from(id.as_str()),
            raw.shapes[id].get()
        ));
    }
    out.push_str("\n  }\n}\n");
    Ok(out)
}

fn path_text(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

/// Every shape reachable from `id` (prelude shapes excluded): operation input, output and
/// errors, members, list members, map keys and values, and mixins.
fn closure(
    shapes: &BTreeMap<String, Value>,
    id: &str,
    seen: &mut BTreeSet<String>,
) -> Result<(), String> {
    if id.starts_with("smithy.api#") || !seen.insert(id.to_owned()) {
        return Ok(());
    }
    let shape = shapes
        .get(id)
        .ok_or_else(|| format!("the official model refers to `{id}` but does not define it"))?;
    let mut targets: Vec<&str> = ["input", "output", "member", "key", "value"]
        .iter()
        .filter_map(|k| shape[k]["target"].as_str())
        .collect();
    for list in ["errors", "mixins"] {
        targets.extend(
            shape[list]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t["target"].as_str()),
        );
    }
    targets.extend(
        shape["members"]
            .as_object()
            .into_iter()
            .flat_map(Map::values)
            .filter_map(|m| m["target"].as_str()),
    );
    for target in targets {
        closure(shapes, target, seen)?;
    }
    Ok(())
}

/// Shapes added, removed and changed between two model files.
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

impl Changes {
    fn report(&self) -> String {
        if self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty() {
            return "no shape changed\n".to_owned();
        }
        let mut out = format!(
            "{} added, {} removed, {} changed\n",
            self.added.len(),
            self.removed.len(),
            self.changed.len()
        );
        for (sign, ids) in [
            ("+", &self.added),
            ("-", &self.removed),
            ("~", &self.changed),
        ] {
            for id in ids {
                out.push_str(&format!("  {sign} {id}\n"));
            }
        }
        out
    }
}

pub fn diff(old: Option<&Value>, new: &Value) -> Changes {
    let empty = Map::new();
    let shapes = |v: Option<&Value>| -> BTreeMap<String, Value> {
        v.and_then(|v| v["shapes"].as_object())
            .unwrap_or(&empty)
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    let (old, new) = (shapes(old), shapes(Some(new)));
    let mut changes = Changes::default();
    for (id, shape) in &new {
        match old.get(id) {
            None => changes.added.push(id.clone()),
            Some(before) if before != shape => changes.changed.push(id.clone()),
            Some(_) => {}
        }
    }
    changes.removed = old
        .keys()
        .filter(|id| !new.contains_key(*id))
        .cloned()
        .collect();
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn official_text() -> String {
        serde_json::to_string_pretty(&official()).unwrap()
    }

    fn extracted(official: &Value, operations: &[&str]) -> Result<Value, String> {
        let text = serde_json::to_string_pretty(official).unwrap();
        let model = extract(&text, operations, Path::new("x/official.json"), None)?;
        Ok(serde_json::from_str(&model).unwrap())
    }

    fn official() -> Value {
        serde_json::json!({"smithy": "2.0", "shapes": {
            "a.b#Svc": {"type": "service", "version": "1", "resources": [{"target": "a.b#R"}],
                        "traits": {"smithy.api#documentation": "S"}},
            "a.b#R": {"type": "resource", "list": {"target": "a.b#List"}},
            "a.b#List": {"type": "operation", "input": {"target": "a.b#In"},
                         "errors": [{"target": "a.b#Oops"}]},
            "a.b#Other": {"type": "operation"},
            "a.b#In": {"type": "structure", "members": {"tags": {"target": "a.b#Tags"},
                        "n": {"target": "smithy.api#Integer"}}},
            "a.b#Tags": {"type": "map", "key": {"target": "a.b#K"}, "value": {"target": "smithy.api#String"},
                         "traits": {"smithy.api#sensitive": {}}},
            "a.b#K": {"type": "string", "mixins": [{"target": "a.b#M"}]},
            "a.b#M": {"type": "string", "traits": {"smithy.api#mixin": {}}},
            "a.b#Oops": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client"}}
        }})
    }

    #[test]
    fn extracts_the_closure_and_binds_the_operations_to_the_service() {
        let model = extracted(&official(), &["List"]).unwrap();
        let ids: Vec<&String> = model["shapes"].as_object().unwrap().keys().collect();
        assert_eq!(
            ids,
            [
                "a.b#In", "a.b#K", "a.b#List", "a.b#M", "a.b#Oops", "a.b#Svc", "a.b#Tags"
            ]
        );
        assert_eq!(
            model["shapes"]["a.b#Svc"],
            serde_json::json!({"type": "service", "version": "1",
                "operations": [{"target": "a.b#List"}], "traits": {"smithy.api#documentation": "S"}})
        );
        assert_eq!(
            model["shapes"]["a.b#Tags"],
            official()["shapes"]["a.b#Tags"]
        );
        assert_eq!(model["metadata"][SOURCE_KEY]["model"], "x/official.json");
    }

    #[test]
    fn keeps_each_shape_as_written() {
        let text = official_text();
        let model = extract(&text, &["List"], Path::new("f"), None).unwrap();
        // Two-space pretty printing at the same depth: shapes keep their text.
        let tags = serde_json::to_string_pretty(&official()["shapes"]["a.b#Tags"])
            .unwrap()
            .replace('\n', "\n    ");
        assert!(model.contains(&tags), "{model}");
    }

    #[test]
    fn unknown_operations_and_dangling_targets_are_named() {
        let err = extracted(&official(), &["Nope"]).unwrap_err();
        assert_eq!(err, "the official model has no operation `a.b#Nope`");
        let mut broken = official();
        broken["shapes"]["a.b#In"]["members"]["x"] = serde_json::json!({"target": "a.b#Gone"});
        let err = extracted(&broken, &["List"]).unwrap_err();
        assert_eq!(
            err,
            "the official model refers to `a.b#Gone` but does not define it"
        );
    }

    #[test]
    fn reports_added_removed_and_changed_shapes() {
        let old = serde_json::json!({"shapes": {"a": 1, "b": 2, "c": 3}});
        let new = serde_json::json!({"shapes": {"a": 1, "b": 5, "d": 4}});
        let changes = diff(Some(&old), &new);
        assert_eq!(
            changes,
            Changes {
                added: vec!["d".into()],
                removed: vec!["c".into()],
                changed: vec!["b".into()],
            }
        );
        assert_eq!(
            changes.report(),
            "1 added, 1 removed, 1 changed\n  + d\n  - c\n  ~ b\n"
        );
    }
}
