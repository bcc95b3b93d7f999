//! `cargo xtask publishable`: the workspace members that go to crates.io, checked for what
//! crates.io and `cargo package` need; prints their names, one a line, for `.ci/run`'s
//! `cargo package` step.
//!
//! A member is published unless its manifest says `publish = false` (the workspace default).
//! The generator and every crate under `runtime/` must be published (generated crates name them
//! by version), and each published crate needs a description, license, repository, readme,
//! keywords, categories and a LICENSE file, and a version on every path dependency (a packaged
//! manifest keeps only the version) that names another published member.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::codegen_cmd::workspace_root;

/// The generator's package: published, whatever its manifest says.
const GENERATOR: &str = "smithy-codegen";
/// Every member below this directory is a runtime crate, published.
const RUNTIME_DIR: &str = "runtime";

pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(other) = args.first() {
        return Err(format!("unknown argument `{other}` for publishable"));
    }
    let root = workspace_root();
    let metadata = cargo_metadata(&root)?;
    for name in publishable(&metadata, &root)? {
        println!("{name}");
    }
    Ok(())
}

/// `cargo metadata --no-deps` of the workspace (no resolution, no network).
fn cargo_metadata(root: &Path) -> Result<Value, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata's output: {e}"))
}

/// A workspace member, as far as publishing goes.
struct Member<'a> {
    name: &'a str,
    dir: PathBuf,
    package: &'a Value,
}

impl Member<'_> {
    /// `publish = false` shows as `[]`; no `publish` key (any registry) as `null`.
    fn published(&self) -> bool {
        self.package["publish"]
            .as_array()
            .is_none_or(|registries| !registries.is_empty())
    }
}

/// The published members' names, sorted; an error listing every rule a member breaks.
fn publishable(metadata: &Value, root: &Path) -> Result<Vec<String>, String> {
    let packages = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata: no `packages`")?;
    let members: Vec<Member<'_>> = packages
        .iter()
        .filter_map(|package| {
            let name = package["name"].as_str()?;
            let manifest = Path::new(package["manifest_path"].as_str()?);
            Some(Member {
                name,
                dir: manifest.parent()?.to_path_buf(),
                package,
            })
        })
        .collect();
    let runtime = root.join(RUNTIME_DIR);
    let mut problems = Vec::new();
    for member in &members {
        let must = member.name == GENERATOR || member.dir.starts_with(&runtime);
        if !member.published() {
            if must {
                problems.push(format!(
                    "{}: the generator and every crate under {RUNTIME_DIR}/ are published \
                     (set `publish = [\"crates-io\"]`)",
                    member.name
                ));
            }
            continue;
        }
        problems.extend(check_member(member, &members));
    }
    if !problems.is_empty() {
        return Err(format!(
            "crates to publish lack what crates.io needs:\n  {}",
            problems.join("\n  ")
        ));
    }
    let mut names: Vec<String> = members
        .iter()
        .filter(|m| m.published())
        .map(|m| m.name.to_owned())
        .collect();
    names.sort();
    Ok(names)
}

/// What one published member lacks.
fn check_member(member: &Member<'_>, members: &[Member<'_>]) -> Vec<String> {
    let mut problems = Vec::new();
    let package = member.package;
    let name = member.name;
    for field in ["description", "license", "repository"] {
        if package[field].as_str().is_none_or(str::is_empty) {
            problems.push(format!("{name}: no `{field}`"));
        }
    }
    match package["readme"].as_str() {
        None => problems.push(format!("{name}: no `readme`")),
        Some(readme) if !member.dir.join(readme).is_file() => {
            problems.push(format!("{name}: readme `{readme}` is not a file"));
        }
        Some(_) => {}
    }
    for field in ["keywords", "categories"] {
        if package[field].as_array().is_none_or(Vec::is_empty) {
            problems.push(format!("{name}: no `{field}`"));
        }
    }
    if !member.dir.join("LICENSE").is_file() {
        problems.push(format!(
            "{name}: no LICENSE file beside its Cargo.toml (a link to the workspace's)"
        ));
    }
    for dependency in package["dependencies"].as_array().into_iter().flatten() {
        let Some(path) = dependency["path"].as_str() else {
            continue;
        };
        // Dev-dependencies are not part of a published crate (cargo drops path-only ones).
        if dependency["kind"].as_str() == Some("dev") {
            continue;
        }
        let dependency_name = dependency["name"].as_str().unwrap_or("?");
        if dependency["req"].as_str().is_none_or(|req| req == "*") {
            problems.push(format!(
                "{name}: path dependency `{dependency_name}` has no `version`"
            ));
        }
        let target = members.iter().find(|m| m.dir == Path::new(path));
        if !target.is_some_and(Member::published) {
            problems.push(format!(
                "{name}: depends on `{dependency_name}` ({path}), which is not published"
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real workspace: the generator and the runtime crates, complete.
    #[test]
    fn workspace_publishes_the_generator_and_the_runtime() {
        let root = workspace_root();
        let names = publishable(&cargo_metadata(&root).unwrap(), &root).unwrap();
        assert!(names.iter().any(|n| n == GENERATOR), "{names:?}");
        assert!(
            names.iter().any(|n| n == "smithy-types-runtime"),
            "{names:?}"
        );
        assert!(names.iter().any(|n| n == "aws-client-runtime"), "{names:?}");
        for unpublished in ["xtask", "mgn-types", "mgn-client", "codegen-build-test"] {
            assert!(!names.iter().any(|n| n == unpublished), "{names:?}");
        }
    }

    fn package(name: &str, dir: &Path, extra: Value) -> Value {
        let mut package = serde_json::json!({
            "name": name,
            "manifest_path": dir.join("Cargo.toml"),
            "publish": null,
            "description": "d",
            "license": "Apache-2.0",
            "repository": "https://example.invalid/r",
            "readme": "README.md",
            "keywords": ["k"],
            "categories": ["c"],
            "dependencies": [],
        });
        for (key, value) in extra.as_object().unwrap() {
            package[key] = value.clone();
        }
        package
    }

    /// A fake checkout: `runtime/a` (complete), `runtime/b` (`b` of its root adds to or
    /// overrides its metadata), `tool` (unpublished).
    fn check(b: impl FnOnce(&Path) -> Value) -> Result<Vec<String>, String> {
        let root = temporary_dir();
        for dir in ["runtime/a", "runtime/b", "tool"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
            std::fs::write(root.join(dir).join("README.md"), "r").unwrap();
            std::fs::write(root.join(dir).join("LICENSE"), "l").unwrap();
        }
        let metadata = serde_json::json!({ "packages": [
            package("a", &root.join("runtime/a"), serde_json::json!({})),
            package("b", &root.join("runtime/b"), b(&root)),
            package("tool", &root.join("tool"), serde_json::json!({ "publish": [] })),
        ]});
        let result = publishable(&metadata, &root);
        std::fs::remove_dir_all(&root).unwrap();
        result.map_err(|e| e.replace(&root.display().to_string(), "ROOT"))
    }

    fn temporary_dir() -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "xtask-publishable-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn complete_crates_are_listed() {
        assert_eq!(check(|_| serde_json::json!({})).unwrap(), ["a", "b"]);
    }

    #[test]
    fn a_runtime_crate_must_be_published() {
        let err = check(|_| serde_json::json!({ "publish": [] })).unwrap_err();
        assert!(
            err.contains("b: the generator and every crate under runtime/"),
            "{err}"
        );
    }

    #[test]
    fn missing_metadata_is_named() {
        let err = check(|_| serde_json::json!({ "repository": null, "keywords": [] })).unwrap_err();
        assert!(err.contains("b: no `repository`"), "{err}");
        assert!(err.contains("b: no `keywords`"), "{err}");
        assert!(!err.contains("a:"), "{err}");
    }

    #[test]
    fn path_dependencies_need_a_version_and_a_published_crate() {
        let versioned = |root: &Path| {
            serde_json::json!({ "dependencies": [
                { "name": "a", "path": root.join("runtime/a"), "req": "^0.1.0", "kind": null },
            ]})
        };
        assert_eq!(check(versioned).unwrap(), ["a", "b"]);
        let err = check(|root| {
            serde_json::json!({ "dependencies": [
                { "name": "a", "path": root.join("runtime/a"), "req": "*", "kind": null },
                { "name": "tool", "path": root.join("tool"), "req": "^0.1.0", "kind": "build" },
                { "name": "dev-only", "path": root.join("tool"), "req": "*", "kind": "dev" },
            ]})
        })
        .unwrap_err();
        assert!(
            err.contains("b: path dependency `a` has no `version`"),
            "{err}"
        );
        assert!(
            err.contains("b: depends on `tool` (ROOT/tool), which is not published"),
            "{err}"
        );
        assert!(!err.contains("dev-only"), "{err}");
    }
}
