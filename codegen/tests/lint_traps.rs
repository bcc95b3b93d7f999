//! `tests/fixtures/lint_traps.json`: shapes of official models whose generated code once failed
//! to load or to pass `-D warnings` (found by `cargo xtask corpus`, which also compiles this
//! fixture's crates with `-D warnings`). These checks read the generated text, so they run
//! without a build.

use std::path::Path;

fn generated() -> smithy_codegen::Generated {
    smithy_codegen::Builder::new()
        .root(env!("CARGO_MANIFEST_DIR"))
        .model("tests/fixtures/lint_traps.json")
        .generate()
        .unwrap()
}

fn client_file(name: &str) -> String {
    let partitions = serde_json::json!({"partitions": []});
    let files = generated()
        .client_files(
            "lint-traps-types",
            "lint-traps-client",
            &partitions,
            "partitions.json",
            &smithy_codegen::ClientOptions::default(),
        )
        .unwrap();
    files
        .into_iter()
        .find(|f| f.path == Path::new(name))
        .unwrap_or_else(|| panic!("no {name}"))
        .contents
}

fn types_file(name: &str) -> String {
    generated()
        .types_crate_files()
        .unwrap()
        .into_iter()
        .find(|f| f.path == Path::new(name))
        .unwrap_or_else(|| panic!("no {name}"))
        .contents
}

/// `Holder` requires only a union, which has no zero value: a corrector for it would bind the
/// JSON object and do nothing with it (`unused variable`).
#[test]
fn a_structure_with_nothing_to_correct_gets_no_corrector() {
    let operations = client_file("src/operations.rs");
    assert!(
        !operations.contains("fn correct_types_holder"),
        "{operations}"
    );
}

/// `Choice` holds a twelve-string structure beside a boolean, unboxed as in aws-sdk-rust.
#[test]
fn a_union_of_a_structure_allows_large_variants() {
    let types = types_file("src/types.rs");
    assert!(
        types.contains("#[allow(clippy::large_enum_variant)]\npub enum Choice"),
        "{types}"
    );
}

/// `Throttled`'s members have documentation with no text (`""`, `<p></p>`); the types crate
/// warns on `missing_docs`, so they get the line that names them.
#[test]
fn members_with_empty_documentation_are_documented() {
    let errors = types_file("src/error.rs");
    for line in [
        "/// The `message` member.",
        "/// The `retryAfterSeconds` member.",
    ] {
        assert!(errors.contains(line), "{line} not in {errors}");
    }
}

/// `Spaced`'s pattern holds a tab, documented as its regex escape (`tabs_in_doc_comments`).
#[test]
fn a_control_character_in_a_pattern_is_documented_escaped() {
    let types = types_file("src/types.rs");
    assert!(types.contains("Pattern: `^[a-z\\t ]*$`."), "{types}");
    assert!(!types.contains('\t'), "{types}");
}
