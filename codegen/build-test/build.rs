//! Generates types at build time, the way a user of the generator would from their build.rs:
//! StartImport from the project's model, and every fixture model (so each is compiled).

use std::path::{Path, PathBuf};

fn main() {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let codegen_dir = manifest.parent().expect("build-test lives in codegen/");
    let workspace = codegen_dir
        .parent()
        .expect("codegen lives in the workspace");

    generate(
        smithy_codegen::Builder::new()
            .root(workspace)
            .model("model/mgn.json")
            .operations(["StartImport"]),
        &out_dir,
        "mgn.rs",
    );
    println!(
        "cargo::rerun-if-changed={}",
        workspace.join("model/mgn.json").display()
    );

    for fixture in FIXTURES {
        let model = PathBuf::from("tests/fixtures").join(format!("{fixture}.json"));
        generate(
            smithy_codegen::Builder::new()
                .root(codegen_dir)
                .model(&model),
            &out_dir,
            &format!("{fixture}.rs"),
        );
        println!(
            "cargo::rerun-if-changed={}",
            codegen_dir.join(&model).display()
        );
    }
}

/// The fixture models compiled here; `src/lib.rs` includes one module for each.
const FIXTURES: &[&str] = &[
    "all_shapes",
    "collections",
    "lint_traps",
    "naming",
    "recursive",
];

fn generate(builder: smithy_codegen::Builder, out_dir: &Path, file: &str) {
    if let Err(e) = builder.compile_types_to(out_dir, file) {
        // A build script reports failure by exiting non-zero with the message on stderr.
        eprintln!("error: generating {file}: {e}");
        std::process::exit(1);
    }
}
