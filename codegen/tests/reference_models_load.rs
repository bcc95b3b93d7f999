//! The official models load: the loader's model rules must not refuse what Smithy accepts.
//! `smithy-aws-protocol-tests.json` defines several services and deliberately odd but valid
//! shapes, so it is the best guard against over-rejection. The models live outside the project
//! (`../shared/reference/` or `REFERENCE_DIR`): their absence fails under CI or with
//! `REQUIRE_REFERENCE=1`, and is a printed skip otherwise (see `reference/mod.rs`).

use std::path::Path;

#[path = "../../runtime/client/tests/reference/mod.rs"]
mod reference;

const MODELS: &[&str] = &[
    "mgn-2020-02-26.json",
    "mgn-latest.json",
    "sso-2019-06-10.json",
    "sts-2011-06-15.json",
    "smithy-aws-protocol-tests.json",
];

#[test]
fn official_models_load() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut failures = Vec::new();
    for name in MODELS {
        let Some(path) = reference::find(root, name, "official_models_load") else {
            continue;
        };
        if let Err(e) = smithy_codegen::load::Model::load(&[path]) {
            failures.push(e.to_string());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn own_model_and_fixtures_load() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let fixtures = root.join("codegen/tests/fixtures");
    for path in [
        root.join("model/mgn.json"),
        fixtures.join("all_shapes.json"),
        fixtures.join("naming.json"),
        fixtures.join("recursive.json"),
    ] {
        if let Err(e) = smithy_codegen::load::Model::load(std::slice::from_ref(&path)) {
            panic!("{}: {e}", path.display());
        }
    }
}
