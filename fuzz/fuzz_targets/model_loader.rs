//! Fuzzes the Smithy model loader and the whole generation pipeline: arbitrary bytes as a
//! model file go through `smithy_codegen::load::Model::from_sources`; a model that loads goes on
//! through selection (all operations), the IR, and rendering of the types crate, the single
//! types file and the client files (operations and the endpoint resolver). Errors are fine;
//! a panic, or an "internal error" (the generator producing invalid Rust), is a bug.
//! The same checks run in `codegen/tests/fuzz_regressions.rs`.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use smithy_codegen::load::Model;
use smithy_codegen::{Builder, Operations};
use libfuzzer_sys::fuzz_target;

fn partitions() -> &'static serde_json::Value {
    static PARTITIONS: OnceLock<serde_json::Value> = OnceLock::new();
    PARTITIONS.get_or_init(|| {
        serde_json::from_str(include_str!("../../model/partitions.json"))
            .expect("model/partitions.json is JSON")
    })
}

/// The file the `Builder` reads (its stages past loading are only reachable through it).
fn model_path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("mgn-fuzz-model-{}.json", std::process::id()))
    })
}

/// Errors are expected; an internal error means the generator emitted invalid Rust.
fn expect_clean<T>(result: smithy_codegen::Result<T>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(e) => {
            let text = e.to_string();
            assert!(!text.contains("internal error"), "{text}");
            None
        }
    }
}

fn check(data: &[u8]) {
    // `Model::load` reads files with `read_to_string`: only UTF-8 reaches the parser.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(model) = expect_clean(Model::from_sources([(Path::new("fuzz.json"), text)])) else {
        return;
    };
    for shape in model.shapes() {
        let _ = shape.kind.members();
        let _ = shape.traits.documentation();
    }
    let Some(selection) = expect_clean(smithy_codegen::select::select(&model, None, &Operations::All))
    else {
        return;
    };
    if expect_clean(smithy_codegen::ir::build(&model, &selection, None)).is_none() {
        return;
    }
    // The rendering stages are reached through the public Builder, from a file.
    std::fs::write(model_path(), data).expect("write the model file");
    let generated = Builder::new()
        .model(model_path())
        .all_operations()
        .generate()
        .expect("a model whose IR builds generates");
    expect_clean(generated.types_crate_files());
    expect_clean(generated.types_single_file("types.rs"));
    expect_clean(generated.client_files(
        "fuzz-types",
        "fuzz-client",
        partitions(),
        "partitions.json",
        &smithy_codegen::ClientOptions::default(),
    ));
    let runtime = smithy_codegen::RuntimeDeps::path(std::path::Path::new("/runtime"));
    let _ = generated.standalone_cargo_toml("fuzz-types", &runtime);
}

fuzz_target!(|data: &[u8]| check(data));
