//! Where the official reference data (models, protocol tests, the SigV4 suite) lives, and
//! whether its absence fails or skips. Shared by every test that reads it (`#[path]`-included).
//!
//! The data is `../shared/reference` beside the workspace, or `REFERENCE_DIR`. When it is
//! missing, a test fails under CI (`CI=true`) or with `REQUIRE_REFERENCE=1`, and otherwise
//! prints that it skipped: only a user running the tests without `../shared` may skip.

#![allow(dead_code)] // each test binary uses part of it

use std::path::{Path, PathBuf};

/// The reference directory for a workspace root.
pub fn dir(workspace: &Path) -> PathBuf {
    match std::env::var_os("REFERENCE_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace.join("../shared/reference"),
    }
}

/// Whether missing reference data is a failure: `REQUIRE_REFERENCE` set to anything but `0`,
/// or `CI` set to `true`/`1` (as CI services and `.ci/run` do).
pub fn required() -> bool {
    required_by(
        std::env::var("REQUIRE_REFERENCE").ok().as_deref(),
        std::env::var("CI").ok().as_deref(),
    )
}

fn required_by(require_reference: Option<&str>, ci: Option<&str>) -> bool {
    let require = matches!(require_reference, Some(v) if !v.is_empty() && v != "0");
    let ci = matches!(ci, Some(v) if v.eq_ignore_ascii_case("true") || v == "1");
    require || ci
}

/// `relative` under the reference directory when it exists; otherwise a panic naming the path
/// when the data is required, or `None` after printing that `what` was skipped.
pub fn find(workspace: &Path, relative: &str, what: &str) -> Option<PathBuf> {
    let path = dir(workspace).join(relative);
    if path.exists() {
        return Some(path);
    }
    missing(&path, what);
    None
}

/// Reports a missing reference file: panics when required, prints a skip otherwise.
pub fn missing(path: &Path, what: &str) {
    assert!(
        !required(),
        "reference data missing: {} (needed by {what}); CI=true or REQUIRE_REFERENCE=1 make \
         this a failure; set REFERENCE_DIR or put shared/ beside the workspace",
        path.display()
    );
    eprintln!(
        "SKIPPED {what}: {} not found (CI=true or REQUIRE_REFERENCE=1 make this a failure)",
        path.display()
    );
}

#[test]
fn reference_requirement_follows_ci_and_require_reference() {
    assert!(!required_by(None, None));
    assert!(!required_by(Some("0"), Some("false")));
    assert!(!required_by(Some(""), None));
    assert!(required_by(Some("1"), None));
    assert!(required_by(None, Some("true")));
    assert!(required_by(None, Some("1")));
}
