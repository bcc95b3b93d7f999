//! `model/mgn.json` and `model/s3.json` are written by `cargo xtask update-model` from official
//! models, which their `metadata` names; their facts must agree, shape by shape, with that file for everything its
//! operations reach. The official files live outside the project (`../shared/reference/`, or
//! `REFERENCE_DIR`): their absence fails under CI or with `REQUIRE_REFERENCE=1`, and is a
//! printed skip otherwise (see `reference/mod.rs`).

use std::collections::BTreeSet;
use std::path::Path;

#[path = "../../runtime/client/tests/reference/mod.rs"]
mod reference;

use serde_json::Value;

/// The project's models: file, service shape, and an operation it must bind.
const MODELS: &[(&str, &str, &str)] = &[
    (
        "model/mgn.json",
        "com.amazonaws.mgn#ApplicationMigrationService",
        "com.amazonaws.mgn#StartImport",
    ),
    (
        "model/s3.json",
        "com.amazonaws.s3#AmazonS3",
        "com.amazonaws.s3#PutObject",
    ),
];

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

/// A file named in the model's `metadata` (written by `cargo xtask update-model`), relative to
/// the workspace root; `None` (skip) when it is absent and not required.
fn source(root: &Path, model: &str, ours: &Value, key: &str) -> Option<Value> {
    let name = ours["metadata"]["mgn-rs.source"][key]
        .as_str()
        .unwrap_or_else(|| panic!("{model}'s metadata names no `{key}` source"));
    // The metadata names the default place; REFERENCE_DIR moves it.
    let relative = name
        .strip_prefix("../shared/reference/")
        .unwrap_or_else(|| {
            panic!("{model}'s `{key}` source {name} is not under ../shared/reference/")
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
fn models_agree_with_the_official_models_shape_by_shape() {
    for (model, service, operation) in MODELS {
        agrees_shape_by_shape(model, service, operation);
    }
}

fn agrees_shape_by_shape(model: &str, service_id: &str, operation: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let ours = read(&root.join(model)).unwrap_or_else(|| panic!("{model} is missing"));
    let Some(reference) = source(root, model, &ours, "model") else {
        return;
    };
    let (ours, theirs) = (&ours["shapes"], &reference["shapes"]);

    // The operations our service binds (all of them directly) and their closure in the source.
    let operations: Vec<&str> = ours[service_id]["operations"]
        .as_array()
        .expect("the service binds operations")
        .iter()
        .map(|o| o["target"].as_str().unwrap())
        .collect();
    assert!(operations.contains(&operation), "{model}: {operations:?}");
    let mut expected = BTreeSet::new();
    for operation in &operations {
        closure(theirs, operation, &mut expected);
    }
    let mut ours_ids: BTreeSet<String> = ours.as_object().unwrap().keys().cloned().collect();
    assert!(
        ours_ids.remove(service_id),
        "{model} lacks the service shape"
    );
    assert_eq!(
        ours_ids, expected,
        "{model} must hold exactly its operations' closure"
    );

    for id in &expected {
        assert_eq!(
            ours[id], theirs[id],
            "{model}: shape `{id}` differs from the official model"
        );
    }

    // The service: same version and traits (endpoint rules and tests included).
    let (service, official) = (&ours[service_id], &theirs[service_id]);
    assert_eq!(service["version"], official["version"], "{model}");
    assert_eq!(
        service["traits"], official["traits"],
        "{model}: service traits differ"
    );
}

#[test]
fn partition_facts_are_those_the_models_name() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    for (model, _, _) in MODELS {
        let ours = read(&root.join(model)).unwrap_or_else(|| panic!("{model} is missing"));
        let Some(reference) = source(root, model, &ours, "partitions") else {
            return;
        };
        assert_eq!(
            read(&root.join("model/partitions.json")).expect("model/partitions.json"),
            reference,
            "{model}"
        );
    }
}
