//! Waiters the generator cannot compile are generation errors naming the operation, the
//! waiter and what is unsupported; never wrong code.

use std::path::Path;

/// Generates the MGN client with `model/waiters.json` replaced by a waiter with this acceptor.
fn client_error(acceptor: serde_json::Value) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let waiters = serde_json::json!({"smithy": "2.0", "shapes": {"com.amazonaws.mgn#ListImports": {
        "type": "apply", "traits": {"smithy.waiters#waitable": {"Broken": {"acceptors": [acceptor]}}}}}});
    let path = dir.path().join("waiters.json");
    std::fs::write(&path, waiters.to_string()).unwrap();
    let partitions: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("model/partitions.json")).unwrap())
            .unwrap();
    let generated = smithy_codegen::Builder::new()
        .model(root.join("model/mgn.json"))
        .model(&path)
        .operations(["ListImports"])
        .generate()
        .unwrap();
    generated
        .client_files(
            "mgn-types",
            "mgn-client",
            &partitions,
            "p",
            &Default::default(),
        )
        .unwrap_err()
        .to_string()
}

fn output(path: &str, comparator: &str) -> serde_json::Value {
    serde_json::json!({"state": "success", "matcher": {"output": {
        "path": path, "expected": "SUCCEEDED", "comparator": comparator}}})
}

#[test]
fn unsupported_paths_and_type_errors_name_operation_and_waiter() {
    let err = client_error(output("items[].status | [0]", "stringEquals"));
    assert!(err.contains("waiter `Broken` of `ListImports`"), "{err}");
    assert!(err.contains("pipe expressions"), "{err}");

    let err = client_error(output("items[].nope", "allStringEquals"));
    assert!(err.contains("`ImportTask` has no member `nope`"), "{err}");

    let err = client_error(output("items[].status", "stringEquals"));
    assert!(err.contains("needs a string"), "{err}");

    let err = client_error(output(
        "items[0].progressPercentage == `1`",
        "booleanEquals",
    ));
    assert!(
        err.contains("booleanEquals` expects `true` or `false`"),
        "{err}"
    );

    let err = client_error(output("sort(items)", "stringEquals"));
    assert!(err.contains("function `sort` is not supported"), "{err}");
}
