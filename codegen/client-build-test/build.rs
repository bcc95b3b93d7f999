//! Generates a client at build time, the way a user of the generator would from their
//! build.rs: MGN's operations with URI labels, query strings and pagination, from the official
//! model in `../shared/reference` (beside the workspace). Without that model it generates
//! StartImport from the project's model and sets `cfg(no_reference_model)`, so the tests
//! that need the official model say they were skipped.

use std::path::PathBuf;

const OPERATIONS: &[&str] = &[
    "ListTagsForResource",
    "TagResource",
    "UntagResource",
    "DescribeVcenterClients",
    // Its input (not marked `@input`) has a defaulted member, `bandwidthThrottling`.
    "UpdateReplicationConfiguration",
];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_reference_model)");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let workspace = manifest
        .parent()
        .and_then(|codegen| codegen.parent())
        .expect("this crate lives in codegen/ of the workspace");
    // As the tests find it (runtime/client/tests/reference/mod.rs): REFERENCE_DIR or
    // ../shared/reference beside the workspace.
    println!("cargo::rerun-if-env-changed=REFERENCE_DIR");
    let reference = match std::env::var_os("REFERENCE_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace.join("../shared/reference"),
    }
    .join("mgn-latest.json");
    let partitions_path = workspace.join("model/partitions.json");
    println!("cargo::rerun-if-changed={}", reference.display());
    println!("cargo::rerun-if-changed={}", partitions_path.display());

    let partitions: serde_json::Value = match std::fs::read_to_string(&partitions_path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
    {
        Ok(value) => value,
        Err(e) => fail(&format!("reading {}: {e}", partitions_path.display())),
    };
    let builder = if reference.exists() {
        codegen::Builder::new()
            .model(&reference)
            .operations(OPERATIONS.iter().copied())
    } else {
        println!("cargo::rustc-cfg=no_reference_model");
        println!(
            "cargo::rustc-env=MISSING_REFERENCE_MODEL={}",
            reference.display()
        );
        codegen::Builder::new()
            .model(workspace.join("model/mgn.json"))
            .operations(["StartImport"])
    };
    if let Err(e) = builder.compile_client_to(&out_dir, "mgn_client.rs", &partitions) {
        fail(&format!("generating the client: {e}"));
    }
}

fn fail(message: &str) -> ! {
    // A build script reports failure by exiting non-zero with the message on stderr.
    eprintln!("error: {message}");
    std::process::exit(1);
}
