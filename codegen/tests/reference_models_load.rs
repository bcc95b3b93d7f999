//! The official models load: the loader's model rules must not refuse what Smithy accepts.
//! `smithy-aws-protocol-tests.json` defines several services and deliberately odd but valid
//! shapes, so it is the best guard against over-rejection. The models live outside the project
//! (`../shared/reference/`), so this test skips when they are absent, unless
//! `REQUIRE_REFERENCE=1` (set by `.ci/run`) makes their absence a failure.

use std::path::Path;

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
    let dir = root.join("../shared/reference");
    if !dir.is_dir() {
        assert!(
            std::env::var_os("REQUIRE_REFERENCE").is_none(),
            "REQUIRE_REFERENCE is set but {} is missing",
            dir.display()
        );
        eprintln!("skipped: {} not found", dir.display());
        return;
    }
    let mut failures = Vec::new();
    for name in MODELS {
        let path = dir.join(name);
        if let Err(e) = codegen::load::Model::load(&[path]) {
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
        if let Err(e) = codegen::load::Model::load(std::slice::from_ref(&path)) {
            panic!("{}: {e}", path.display());
        }
    }
}
