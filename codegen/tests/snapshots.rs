//! Snapshots of every file generated from `model/` and from each fixture model.
//!
//! CI runs with `INSTA_UPDATE=no`, so an unreviewed change to generated code fails here.
//! Review and accept changes with `INSTA_UPDATE=always cargo test -p smithy-codegen --test snapshots`
//! (or `cargo insta review`).

use std::path::{Path, PathBuf};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Valid fixture models, by file name.
fn fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(manifest_dir().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

fn snapshot_crate(name: &str, builder: smithy_codegen::Builder) {
    let generated = builder
        .generated_by("cargo xtask codegen")
        .generate()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    for file in generated.types_crate_files().unwrap() {
        let stem = file
            .path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        insta::assert_snapshot!(format!("{name}__{stem}"), file.contents);
    }
}

/// The project's operations (`OPERATIONS` in `xtask/src/codegen_cmd.rs`).
const MGN_OPERATIONS: [&str; 3] = ["ListImportErrors", "ListImports", "StartImport"];

#[test]
fn mgn_model() {
    let workspace = manifest_dir().parent().unwrap();
    snapshot_crate(
        "mgn",
        smithy_codegen::Builder::new()
            .root(workspace)
            .model("model/mgn.json")
            .model("model/waiters.json")
            .operations(MGN_OPERATIONS),
    );
}

#[test]
fn mgn_client() {
    let workspace = manifest_dir().parent().unwrap();
    let partitions: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(workspace.join("model/partitions.json")).unwrap(),
    )
    .unwrap();
    let generated = smithy_codegen::Builder::new()
        .root(workspace)
        .model("model/mgn.json")
        .model("model/waiters.json")
        .operations(MGN_OPERATIONS)
        .generated_by("cargo xtask codegen")
        .generate()
        .unwrap();
    for file in generated
        .client_files(
            "mgn-types",
            "mgn-client",
            &partitions,
            "model/partitions.json",
            &smithy_codegen::ClientOptions {
                readme: Some("../../README.md".to_owned()),
            },
        )
        .unwrap()
    {
        let stem = file
            .path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        insta::assert_snapshot!(format!("mgn_client__{stem}"), file.contents);
    }
}

#[test]
fn fixture_models() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 3, "fixture models missing: {fixtures:?}");
    for file in fixtures {
        let name = file.trim_end_matches(".json").to_owned();
        let builder = smithy_codegen::Builder::new()
            .root(manifest_dir())
            .model(PathBuf::from("tests/fixtures").join(&file));
        snapshot_crate(&name, builder.all_operations());
    }
}

/// The form serializers and XML decoders of awsQuery and ec2Query clients
/// (`tests/fixtures/query/query.json`: one service of each over the same shapes).
#[test]
fn query_clients() {
    for (service, name) in [
        ("example.query#QueryService", "aws_query"),
        ("example.query#Ec2Service", "ec2_query"),
    ] {
        let generated = smithy_codegen::Builder::new()
            .root(manifest_dir())
            .model("tests/fixtures/query/query.json")
            .service(service)
            .generated_by("cargo xtask codegen")
            .generate()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let partitions = serde_json::json!({ "partitions": [] });
        let files = generated
            .client_files("t", "c", &partitions, "p", &Default::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let operations = files
            .iter()
            .find(|f| f.path.ends_with("operations.rs"))
            .expect("operations.rs");
        insta::assert_snapshot!(format!("{name}__operations"), operations.contents);
    }
}

/// The XML encoders and decoders and the HTTP-binding requests and responses of a restXml
/// client (`tests/fixtures/rest_xml/rest_xml.json`).
#[test]
fn rest_xml_client() {
    let generated = smithy_codegen::Builder::new()
        .root(manifest_dir())
        .model("tests/fixtures/rest_xml/rest_xml.json")
        .generated_by("cargo xtask codegen")
        .generate()
        .unwrap_or_else(|e| panic!("rest_xml: {e}"));
    let partitions = serde_json::json!({ "partitions": [] });
    let files = generated
        .client_files("t", "c", &partitions, "p", &Default::default())
        .unwrap_or_else(|e| panic!("rest_xml: {e}"));
    let operations = files
        .iter()
        .find(|f| f.path.ends_with("operations.rs"))
        .expect("operations.rs");
    insta::assert_snapshot!("rest_xml__operations", operations.contents);
}

/// The checksum declarations (`aws.protocols#httpChecksum`), `Content-MD5` only where no
/// flexible checksum replaces it, and the runtime's `checksums` feature in the client's
/// Cargo.toml (`client-build-test/models/checksums.json`, modelled on S3's operations).
#[test]
fn checksums_client() {
    let generated = smithy_codegen::Builder::new()
        .root(manifest_dir())
        .model("client-build-test/models/checksums.json")
        .generated_by("cargo xtask codegen")
        .generate()
        .unwrap_or_else(|e| panic!("checksums: {e}"));
    let partitions = serde_json::json!({ "partitions": [] });
    let files = generated
        .client_files("t", "c", &partitions, "p", &Default::default())
        .unwrap_or_else(|e| panic!("checksums: {e}"));
    let operations = files
        .iter()
        .find(|f| f.path.ends_with("operations.rs"))
        .expect("operations.rs");
    insta::assert_snapshot!("checksums__operations", operations.contents);
    let manifest = generated.standalone_client_cargo_toml(
        "c",
        "t",
        &smithy_codegen::RuntimeDeps::path(Path::new("..")),
    );
    insta::assert_snapshot!("checksums__cargo_toml", manifest);
}

/// A client whose endpoint rules read S3's built-ins, a client setting of the same name as one
/// of them, a context parameter and a static context parameter, and call
/// `aws.isVirtualHostableS3Bucket` (`tests/fixtures/endpoints/s3_style.json`).
#[test]
fn s3_style_endpoint_client() {
    let generated = smithy_codegen::Builder::new()
        .root(manifest_dir())
        .model("tests/fixtures/endpoints/s3_style.json")
        .generated_by("cargo xtask codegen")
        .generate()
        .unwrap_or_else(|e| panic!("s3_style: {e}"));
    let partitions = serde_json::json!({ "partitions": [] });
    let files = generated
        .client_files("t", "c", &partitions, "p", &Default::default())
        .unwrap_or_else(|e| panic!("s3_style: {e}"));
    for stem in ["endpoint", "lib", "operations"] {
        let file = files
            .iter()
            .find(|f| f.path.file_stem().is_some_and(|s| s == stem))
            .unwrap_or_else(|| panic!("{stem}.rs"));
        insta::assert_snapshot!(format!("s3_style_endpoint__{stem}"), file.contents);
    }
}
