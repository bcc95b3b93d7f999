//! Every way a model can be refused: the error names the file, the shape and the member, and
//! says what is wrong. Nothing panics, and nothing is written.

use std::path::Path;

fn error_for(file: &str, operations: Option<&[&str]>) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let builder = codegen::Builder::new()
        .root(dir)
        .model(format!("tests/fixtures/{file}"));
    let builder = match operations {
        Some(ops) => builder.operations(ops.iter().copied()),
        None => builder,
    };
    let out = tempfile::tempdir().unwrap();
    let result = builder.compile_types_to(out.path(), "types.rs");
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "{file}: a failed run wrote files"
    );
    result.expect_err(file).to_string()
}

#[test]
fn malformed_json_names_line_and_column() {
    let expected = format!(
        "{}/tests/fixtures/invalid/malformed.json:6:5: malformed model JSON: key must be a string",
        env!("CARGO_MANIFEST_DIR")
    );
    assert_eq!(error_for("invalid/malformed.json", None), expected);
}

#[test]
fn each_invalid_model_is_refused_with_its_reason() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let cases = [
        (
            "unknown_shape_type.json",
            "shape `example.invalid#Name`: unknown shape type `struct` (expected a Smithy 2.0 shape type)",
        ),
        (
            "dangling_target.json",
            "shape `example.invalid#PingInput`, member `name`: target `example.invalid#Missing` is not defined",
        ),
        (
            "bad_trait_value.json",
            "shape `example.invalid#Name`: trait `smithy.api#length` must be an object with numeric `min`/`max`, found `{\"min\":\"1\"}`",
        ),
        (
            "event_stream.json",
            "shape `example.invalid#PingOutput`, member `events`: targets `example.invalid#Events`, a streaming shape; streaming is not supported",
        ),
        (
            "not_smithy_2.json",
            "unsupported Smithy IDL version `1.0`; this generator reads Smithy 2.0 JSON AST files",
        ),
        (
            "missing_smithy_version.json",
            "missing the `\"smithy\": \"2.0\"` version property",
        ),
    ];
    for (file, reason) in cases {
        let expected = format!("{dir}/tests/fixtures/invalid/{file}: {reason}");
        assert_eq!(error_for(&format!("invalid/{file}"), None), expected);
    }
}

#[test]
fn unknown_operation_lists_what_the_service_has() {
    let error = error_for("all_shapes.json", Some(&["Nope"]));
    assert!(
        error.contains("unknown operation `Nope`; the service has: "),
        "{error}"
    );
    assert!(
        error.starts_with(&format!(
            "{}/tests/fixtures/all_shapes.json: shape `",
            env!("CARGO_MANIFEST_DIR")
        )),
        "{error}"
    );
}

#[test]
fn missing_model_file_is_named() {
    let error = error_for("no_such_file.json", None);
    assert!(
        error.contains("no_such_file.json: cannot read model file"),
        "{error}"
    );
}

#[test]
fn malformed_shape_names_the_shape_and_its_position() {
    let text = "{\n  \"smithy\": \"2.0\",\n  \"shapes\": {\n    \"a.b#S\": {\"type\": \"structure\", \"members\": {\"m\": {}}}\n  }\n}";
    let error = codegen::load::Model::from_sources([(Path::new("m.json"), text)]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "m.json:4:54: shape `a.b#S`: malformed shape: missing field `target`"
    );
}

/// Arbitrary bytes never make the loader panic.
#[test]
fn garbage_never_panics() {
    let inputs: &[&[u8]] = &[b"", b"{", b"[]", b"null", b"{\"smithy\":\"2.0\",\"shapes\":[]}", b"\xff\xfe", b"{\"smithy\":\"2.0\",\"shapes\":{\"a#B\":{\"type\":\"list\"}}}",
        b"{\"smithy\":\"2.0\",\"shapes\":{\"bad id\":{\"type\":\"string\"}}}", b"{\"smithy\":\"2.0\",\"shapes\":{\"a#S\":{\"type\":\"structure\",\"members\":{\"m\":{\"target\":\"a#S\"},\"m\":{\"target\":\"a#S\"}}}}}"];
    for input in inputs {
        let text = String::from_utf8_lossy(input);
        let result = codegen::load::Model::from_sources([(Path::new("fuzz.json"), text.as_ref())]);
        assert!(result.is_err(), "{text:?} should be refused");
    }
}
