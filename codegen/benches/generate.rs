//! Generation speed: `cargo bench -p smithy-codegen --bench generate`.
//!
//! Measures the whole pipeline (load, select, IR, emit, prettyplease) from `model/mgn.json`
//! (StartImport) and, when `../shared/reference/` is present, from the whole official MGN model
//! (70 operations). Nothing is written to disk.

use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// StartImport's types crate from `model/`.
#[divan::bench(sample_count = 30)]
fn start_import_types(bencher: divan::Bencher) {
    let builder = smithy_codegen::Builder::new()
        .root(workspace())
        .model("model/mgn.json")
        .operations(["StartImport"]);
    bencher.bench(|| builder.generate().unwrap().types_crate_files().unwrap());
}

/// StartImport's types and client files (endpoint rules included) from `model/`.
#[divan::bench(sample_count = 30)]
fn start_import_types_and_client(bencher: divan::Bencher) {
    let root = workspace();
    let partitions: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("model/partitions.json")).unwrap())
            .unwrap();
    let builder = smithy_codegen::Builder::new()
        .root(root)
        .model("model/mgn.json")
        .operations(["StartImport"]);
    bencher.bench(|| {
        let generated = builder.generate().unwrap();
        (
            generated.types_crate_files().unwrap(),
            generated
                .client_files(
                    "mgn-types",
                    "mgn-client",
                    &partitions,
                    "model/partitions.json",
                    &smithy_codegen::ClientOptions::default(),
                )
                .unwrap(),
        )
    });
}

/// The whole official MGN model (all 70 operations), types only.
#[divan::bench(sample_count = 10)]
fn full_reference_model_types(bencher: divan::Bencher) {
    let model = workspace().join("../shared/reference/mgn-2020-02-26.json");
    if !model.exists() {
        eprintln!("skipped: {} not found", model.display());
        return;
    }
    let builder = smithy_codegen::Builder::new().model(model).all_operations();
    bencher.bench(|| builder.generate().unwrap().types_crate_files().unwrap());
}
