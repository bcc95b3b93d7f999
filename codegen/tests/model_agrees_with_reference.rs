//! `model/mgn.json` is written by this project; its facts must agree, shape by shape, with the
//! official model for everything StartImport reaches. The official model lives outside the
//! project (`../shared/reference/`), so this test skips when it is absent, unless
//! `REQUIRE_REFERENCE=1` (set by `.ci/run`) makes its absence a failure.

use std::collections::BTreeSet;
use std::path::Path;

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

#[test]
fn model_agrees_with_the_official_model_shape_by_shape() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let reference_path = root.join("../shared/reference/mgn-2020-02-26.json");
    let Some(reference) = read(&reference_path) else {
        assert!(
            std::env::var_os("REQUIRE_REFERENCE").is_none(),
            "REQUIRE_REFERENCE is set but {} is missing",
            reference_path.display()
        );
        eprintln!("skipped: {} not found", reference_path.display());
        return;
    };
    let ours = read(&root.join("model/mgn.json")).expect("model/mgn.json");
    let (ours, theirs) = (&ours["shapes"], &reference["shapes"]);

    let mut expected = BTreeSet::new();
    closure(theirs, "com.amazonaws.mgn#StartImport", &mut expected);
    let mut ours_ids: BTreeSet<String> = ours.as_object().unwrap().keys().cloned().collect();
    assert!(
        ours_ids.remove(SERVICE),
        "model/mgn.json lacks the service shape"
    );
    assert_eq!(
        ours_ids, expected,
        "model/mgn.json must hold exactly StartImport's closure"
    );

    for id in &expected {
        assert_eq!(
            ours[id], theirs[id],
            "shape `{id}` differs from the official model"
        );
    }

    // The service: same version and traits; it binds only StartImport.
    let (service, official) = (&ours[SERVICE], &theirs[SERVICE]);
    assert_eq!(service["version"], official["version"]);
    assert_eq!(
        service["traits"], official["traits"],
        "service traits differ"
    );
    assert_eq!(
        service["operations"],
        serde_json::json!([{"target": "com.amazonaws.mgn#StartImport"}])
    );
}

#[test]
fn partition_facts_are_those_of_the_models_era() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let reference_path = root.join("../shared/reference/partitions-2025-09.json");
    let Some(reference) = read(&reference_path) else {
        assert!(
            std::env::var_os("REQUIRE_REFERENCE").is_none(),
            "{} is missing",
            reference_path.display()
        );
        eprintln!("skipped: {} not found", reference_path.display());
        return;
    };
    assert_eq!(
        read(&root.join("model/partitions.json")).expect("model/partitions.json"),
        reference
    );
}
