//! `model/mgn.json` is written by `cargo xtask update-model` from an official model, which its
//! `metadata` names; its facts must agree, shape by shape, with that file for everything its
//! operations reach. The official files live outside the project (`../shared/reference/`, or
//! `REFERENCE_DIR`): their absence fails under CI or with `REQUIRE_REFERENCE=1`, and is a
//! printed skip otherwise (see `reference/mod.rs`).

use std::collections::BTreeSet;
use std::path::Path;

#[path = "../../runtime/client/tests/reference/mod.rs"]
mod reference;

use serde_json::Value;

const SERVICE: &str = "com.amazonaws.mgn#ApplicationMigrationService";

fn read(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Every shape id reachable from `id` through operations, members, lists and maps.
fn closure(shapes: &Value, id: &str, seen: &mut BTreeSet<String>) {
    if id.starts_with("smithy.api#") || !seen.insert(id.to_owned()) {
        return;
    }
    let shape = &shapes[id];
    assert!(shape.is_object(), "reference model lacks `{id}`");
    let mut targets = Vec::new();
    for key in ["input", "output", "member", "key", "value"] {
        if let Some(t) = shape[key]["target"].as_str() {
            targets.push(t.to_owned());
        }
    }
    for error in shape["errors"].as_array().into_iter().flatten() {
        targets.extend(error["target"].as_str().map(str::to_owned));
    }
    for member in shape["members"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
    {
        targets.extend(member["target"].as_str().map(str::to_owned));
    }
    for target in targets {
        closure(shapes, &target, seen);
    }
}

/// A file named in `model/mgn.json`'s `metadata` (written by `cargo xtask update-model`),
/// relative to the workspace root; `None` (skip) when it is absent and not required.
fn source(root: &Path, ours: &Value, key: &str) -> Option<Value> {
    let name = ours["metadata"]["mgn-rs.source"][key]
        .as_str()
        .unwrap_or_else(|| panic!("model/mgn.json's metadata names no `{key}` source"));
    // The metadata names the default place; REFERENCE_DIR moves it.
    let relative = name
        .strip_prefix("../shared/reference/")
        .unwrap_or_else(|| {
            panic!("model/mgn.json's `{key}` source {name} is not under ../shared/reference/")
        });
    let path = reference::find(root, relative, &format!("the `{key}` agreement test"))?;
    let value = read(&path);
    assert!(
        value.is_some(),
        "{} exists but cannot be read",
        path.display()
    );
    value
}

#[test]
fn model_agrees_with_the_official_model_shape_by_shape() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let ours = read(&root.join("model/mgn.json")).expect("model/mgn.json");
    let Some(reference) = source(root, &ours, "model") else {
        return;
    };
    let (ours, theirs) = (&ours["shapes"], &reference["shapes"]);

    // The operations our service binds (all of them directly) and their closure in the source.
    let operations: Vec<&str> = ours[SERVICE]["operations"]
        .as_array()
        .expect("the service binds operations")
        .iter()
        .map(|o| o["target"].as_str().unwrap())
        .collect();
    assert!(
        operations.contains(&"com.amazonaws.mgn#StartImport"),
        "{operations:?}"
    );
    let mut expected = BTreeSet::new();
    for operation in &operations {
        closure(theirs, operation, &mut expected);
    }
    let mut ours_ids: BTreeSet<String> = ours.as_object().unwrap().keys().cloned().collect();
    assert!(
        ours_ids.remove(SERVICE),
        "model/mgn.json lacks the service shape"
    );
    assert_eq!(
        ours_ids, expected,
        "model/mgn.json must hold exactly its operations' closure"
    );

    for id in &expected {
        assert_eq!(
            ours[id], theirs[id],
            "shape `{id}` differs from the official model"
        );
    }

    // The service: same version and traits (endpoint rules and tests included).
    let (service, official) = (&ours[SERVICE], &theirs[SERVICE]);
    assert_eq!(service["version"], official["version"]);
    assert_eq!(
        service["traits"], official["traits"],
        "service traits differ"
    );
}

#[test]
fn partition_facts_are_those_the_model_names() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let ours = read(&root.join("model/mgn.json")).expect("model/mgn.json");
    let Some(reference) = source(root, &ours, "partitions") else {
        return;
    };
    assert_eq!(
        read(&root.join("model/partitions.json")).expect("model/partitions.json"),
        reference
    );
}
