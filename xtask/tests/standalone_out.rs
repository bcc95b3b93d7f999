//! `cargo xtask codegen --out DIR` through the real command: the crates it writes name this
//! checkout's runtime by a relative path that Cargo resolves to `runtime/`, whether DIR is
//! outside the checkout or inside it, and no manifest holds an absolute path. `--runtime-version`
//! and `--runtime-git` manifests are read by Cargo too (without resolving: nothing is published
//! or fetched). Generation from `model/mgn.json` and `cargo metadata`: a few seconds, no build.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .canonicalize()
        .unwrap()
}

/// `cargo xtask codegen` of MGN's StartImport into `out`, with `extra` arguments.
fn generate(out: &Path, extra: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .args([
            "codegen",
            "--model",
            "model/mgn.json",
            "--operations",
            "StartImport",
        ])
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn cargo_metadata(out: &Path, extra: &[&str]) -> serde_json::Value {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo metadata in {}: {}",
        out.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn manifests(out: &Path) -> String {
    [
        "Cargo.toml",
        "mgn-types/Cargo.toml",
        "mgn-client/Cargo.toml",
    ]
    .map(|file| std::fs::read_to_string(out.join(file)).unwrap())
    .join("\n")
}

/// Generates into `out`, checks that Cargo finds the runtime crates in this checkout, and
/// removes `out`.
fn check_relative(out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    generate(out, &[]);
    let text = manifests(out);
    let root = root();
    assert!(!text.contains("path = \"/"), "an absolute path:\n{text}");
    assert!(
        text.contains("smithy-types-runtime = { path = \"../"),
        "{text}"
    );
    // The same dependency versions as the workspace, and nothing fetched.
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let metadata = cargo_metadata(out, &["--offline"]);
    for (name, dir) in [
        ("smithy-types-runtime", "runtime/types"),
        ("aws-client-runtime", "runtime/client"),
    ] {
        let package = metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name} not in the resolved graph"));
        let manifest = Path::new(package["manifest_path"].as_str().unwrap());
        assert_eq!(
            manifest.canonicalize().unwrap(),
            root.join(dir).join("Cargo.toml"),
            "{name}"
        );
    }
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn out_outside_the_checkout_names_the_runtime_relatively() {
    let out = std::env::temp_dir().join(format!("xtask-out-outside-{}", std::process::id()));
    check_relative(&out);
}

#[test]
fn out_inside_the_checkout_names_the_runtime_relatively() {
    let out = root()
        .join("target")
        .join(format!("xtask-out-inside-{}", std::process::id()));
    check_relative(&out);
}

#[test]
fn published_and_git_runtimes_make_manifests_cargo_reads() {
    let out = std::env::temp_dir().join(format!("xtask-out-runtime-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    for (extra, expected) in [
        (
            &["--runtime-version", "0.1.0"][..],
            "aws-client-runtime = { version = \"0.1.0\", default-features = false }",
        ),
        (
            &[
                "--runtime-git",
                "https://example.com/mgn-rs.git",
                "--runtime-branch",
                "main",
            ][..],
            "aws-client-runtime = { git = \"https://example.com/mgn-rs.git\", branch = \"main\", \
             default-features = false }",
        ),
    ] {
        generate(&out, extra);
        let text = manifests(&out);
        assert!(text.contains(expected), "{text}");
        assert!(!text.contains("path = \"../../"), "{text}");
        // Parsed and checked by Cargo, not resolved (nothing is fetched).
        let metadata = cargo_metadata(&out, &["--no-deps", "--offline"]);
        let dependency = metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "mgn-client")
            .and_then(|p| {
                p["dependencies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|d| d["name"] == "aws-client-runtime" && d["kind"].is_null())
                    .cloned()
            })
            .expect("mgn-client depends on aws-client-runtime");
        assert_eq!(dependency["uses_default_features"], false);
    }
    std::fs::remove_dir_all(&out).unwrap();
}
