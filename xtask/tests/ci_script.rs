//! `.ci/run` refuses to pass without the reference data (issue 18): it checks first, so this
//! costs nothing, and names the directory it looked for.

use std::path::Path;
use std::process::Command;

#[test]
fn ci_fails_at_once_without_reference_data() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace");
    let missing = "/nonexistent/shared/reference";
    // A `cargo` that fails at once comes first on PATH: should the script go past its check,
    // it stops at its first cargo command instead of running CI (and this test) again.
    let stub = std::env::temp_dir().join(format!("ci-script-stub-{}", std::process::id()));
    std::fs::create_dir_all(&stub).unwrap();
    let cargo = stub.join("cargo");
    std::fs::write(&cargo, "#!/bin/sh\necho 'stub cargo' >&2\nexit 3\n").unwrap();
    let mut permissions = std::fs::metadata(&cargo).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&cargo, permissions).unwrap();
    let path = format!(
        "{}:{}",
        stub.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg(root.join(".ci/run"))
        .env("REFERENCE_DIR", missing)
        .env("PATH", path)
        .output()
        .expect("bash runs");
    let _ = std::fs::remove_dir_all(&stub);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "error: reference data not found at {missing} (CI=true)"
        )),
        "{stderr}"
    );
    // Nothing else ran.
    assert!(!stdout.contains("=="), "{stdout}");
}
