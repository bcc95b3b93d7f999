//! The fuzz target's checks (tests/fuzz_checks) on the inputs kept in
//! `tests/fuzz_regressions/` (what fuzzing found, minimized) and on the fixtures.

mod fuzz_checks;

use std::fs;
use std::path::Path;

#[test]
fn fuzz_findings_and_fixtures_pass_the_fuzz_checks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut checked = 0;
    for sub in ["fuzz_regressions", "fixtures"] {
        let mut paths: Vec<_> = fs::read_dir(dir.join(sub))
            .unwrap_or_else(|e| panic!("tests/{sub}: {e}"))
            .map(|entry| entry.expect("a directory entry").path())
            .collect();
        paths.sort();
        for path in paths {
            let data = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            eprintln!("{}", path.display());
            fuzz_checks::check(&data);
            checked += 1;
        }
    }
    assert!(checked >= 2, "no inputs found");
}
