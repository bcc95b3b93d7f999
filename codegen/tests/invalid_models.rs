//! Every way a model can be refused: the error names the file, the shape and the member, and
//! says what is wrong. Nothing panics, and nothing is written.

use std::path::Path;

fn error_for(file: &str, operations: Option<&[&str]>) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let builder = smithy_codegen::Builder::new()
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
fn event_streams_are_refused_by_name_and_left_out_of_all() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let error = error_for("invalid/event_stream.json", Some(&["Ping"]));
    assert_eq!(
        error,
        format!(
            "{dir}/tests/fixtures/invalid/event_stream.json: shape `example.invalid#Ping`: `Ping`: its member \
             `PingOutput$events` is an event stream, which the generator does not support"
        )
    );
    let generated = smithy_codegen::Builder::new()
        .root(dir)
        .model("tests/fixtures/invalid/event_stream.json")
        .generate()
        .unwrap();
    assert!(generated.ir().operations.is_empty());
    assert_eq!(
        generated.skipped(),
        [
            "`Ping`: its member `PingOutput$events` is an event stream, which the generator does not support"
        ]
    );
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
    let error =
        smithy_codegen::load::Model::from_sources([(Path::new("m.json"), text)]).unwrap_err();
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
        let result =
            smithy_codegen::load::Model::from_sources([(Path::new("fuzz.json"), text.as_ref())]);
        assert!(result.is_err(), "{text:?} should be refused");
    }
}

/// Loads `shapes` (the body of a `shapes` object) as the file `m.json`; the error as text.
fn refused(shapes: &str) -> String {
    let text = format!("{{\"smithy\": \"2.0\", \"shapes\": {{{shapes}}}}}");
    match smithy_codegen::load::Model::from_sources([(Path::new("m.json"), text.as_str())]) {
        Ok(_) => panic!("loaded, but should be refused: {shapes}"),
        Err(e) => e.to_string(),
    }
}

/// An operation `a.b#Op` with `@http` URI `uri`, whose input `a.b#In` has `members`.
fn operation(uri: &str, members: &str) -> String {
    format!(
        r#""a.b#Op": {{"type": "operation", "input": {{"target": "a.b#In"}},
            "traits": {{"smithy.api#http": {{"method": "POST", "uri": "{uri}"}}}}}},
        "a.b#In": {{"type": "structure", "members": {{{members}}}}}"#
    )
}

const REQUIRED_LABEL: &str = r#""traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}"#;

#[track_caller]
fn assert_refused(cases: &[(String, &str)]) {
    for (shapes, expected) in cases {
        assert_eq!(refused(shapes), format!("m.json: {expected}"), "{shapes}");
    }
}

#[test]
fn repeated_enum_values_and_names_are_refused() {
    assert_refused(&[
        (
            r#""a.b#E": {"type": "enum", "members": {
                "A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "x"}},
                "B": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "x"}}}}"#
                .to_owned(),
            "shape `a.b#E`, member `B`: has the enum value `x`, as does member `A`; enum values must be unique",
        ),
        (
            // Without `enumValue` the name is the value.
            r#""a.b#E": {"type": "enum", "members": {
                "A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "B"}},
                "B": {"target": "smithy.api#Unit"}}}"#
                .to_owned(),
            "shape `a.b#E`, member `B`: has the enum value `B`, as does member `A`; enum values must be unique",
        ),
        (
            r#""a.b#E": {"type": "intEnum", "members": {
                "ONE": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}},
                "UNO": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}}}}"#
                .to_owned(),
            "shape `a.b#E`, member `UNO`: has the intEnum value `1`, as does member `ONE`; enum values must be unique",
        ),
        (
            r#""a.b#S": {"type": "string", "traits": {"smithy.api#enum": [
                {"value": "a", "name": "A"}, {"value": "a", "name": "B"}]}}"#
                .to_owned(),
            "shape `a.b#S`: trait `smithy.api#enum`: entries 1 and 2 both have the value `a`; enum values must be unique",
        ),
        (
            r#""a.b#S": {"type": "string", "traits": {"smithy.api#enum": [
                {"value": "a", "name": "A"}, {"value": "b", "name": "A"}]}}"#
                .to_owned(),
            "shape `a.b#S`: trait `smithy.api#enum`: entries 1 and 2 both have the name `A`; enum names must be unique",
        ),
    ]);
}

/// The generator's own case conversion may map two members to one Rust name; that is not a
/// model error: the naming scope suffixes the later one, in model order.
#[test]
fn names_colliding_after_case_conversion_are_suffixed_not_refused() {
    let text = r#"{"smithy": "2.0", "shapes": {
        "a.b#Svc": {"type": "service", "version": "1", "operations": [{"target": "a.b#Op"}]},
        "a.b#Op": {"type": "operation", "input": {"target": "a.b#In"}},
        "a.b#In": {"type": "structure", "members": {
            "fooBar": {"target": "smithy.api#String"}, "foo_bar": {"target": "a.b#E"}}},
        "a.b#E": {"type": "enum", "members": {
            "fooBar": {"target": "smithy.api#Unit"}, "FOO_BAR": {"target": "smithy.api#Unit"}}}}}"#;
    let model = smithy_codegen::load::Model::from_sources([(Path::new("m.json"), text)]).unwrap();
    let selection =
        smithy_codegen::select::select(&model, None, &smithy_codegen::Operations::All).unwrap();
    let ir = smithy_codegen::ir::build(&model, &selection, None).unwrap();
    let names = |id: &str| -> Vec<String> {
        let def = ir.types.iter().find(|t| t.shape_id == id).unwrap();
        match &def.kind {
            smithy_codegen::ir::TypeKind::Struct(s) => {
                s.fields.iter().map(|f| f.name.clone()).collect()
            }
            smithy_codegen::ir::TypeKind::Enum(e) => {
                e.variants.iter().map(|v| v.name.clone()).collect()
            }
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(names("a.b#In"), ["foo_bar", "foo_bar2"]);
    assert_eq!(names("a.b#E"), ["FooBar", "FooBar2"]);
}

#[test]
fn uri_labels_and_label_members_must_match() {
    let label =
        |name: &str| format!(r#""{name}": {{"target": "smithy.api#String", {REQUIRED_LABEL}}}"#);
    assert_refused(&[
        (
            operation("/things", &label("id")),
            "shape `a.b#In`, member `id`: has `smithy.api#httpLabel`, but the URI `/things` of operation `a.b#Op` has no label `{id}`",
        ),
        (
            operation("/things/{id}", r#""name": {"target": "smithy.api#String"}"#),
            "shape `a.b#In`, member `id`: no such member, but the URI `/things/{id}` of operation `a.b#Op` has the label `{id}`; add a `@required` `@httpLabel` member of that name",
        ),
        (
            operation("/things/{id}", r#""id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}"#),
            "shape `a.b#In`, member `id`: is named by the label `{id}` in the URI `/things/{id}` of operation `a.b#Op`, but has no `smithy.api#httpLabel`",
        ),
        (
            operation("/things/{id}", r#""id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}}}"#),
            "shape `a.b#In`, member `id`: has `smithy.api#httpLabel` but not `smithy.api#required`; a URI label always has a value",
        ),
        (
            operation("/things/{id+}", r#""id": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}"#),
            "shape `a.b#In`, member `id`: is bound to the greedy label `{id+}` of operation `a.b#Op`, so it must target a string, not `smithy.api#Integer`",
        ),
        (
            r#""a.b#Op": {"type": "operation", "traits": {"smithy.api#http": {"method": "GET", "uri": "/things/{id}"}}}"#.to_owned(),
            "shape `a.b#Op`: the URI `/things/{id}` has the label `{id}`, but the operation has no input to fill it",
        ),
    ]);
}

/// `@resourceIdentifier` binds a member to a resource's identifier; the label stays named by the
/// member (Omics' `{workflowId}` member binds the identifier `id`).
#[test]
fn a_label_member_with_a_resource_identifier_is_bound_by_its_name() {
    let shapes = operation(
        "/workflow/{workflowId}/version",
        r#""workflowId": {"target": "smithy.api#String", "traits": {
            "smithy.api#httpLabel": {}, "smithy.api#required": {}, "smithy.api#resourceIdentifier": "id"}}"#,
    );
    let text = format!("{{\"smithy\": \"2.0\", \"shapes\": {{{shapes}}}}}");
    smithy_codegen::load::Model::from_sources([(Path::new("m.json"), text.as_str())]).unwrap();
    // The identifier's name is no label of its own.
    let shapes = operation(
        "/workflow/{id}/version",
        r#""workflowId": {"target": "smithy.api#String", "traits": {
            "smithy.api#httpLabel": {}, "smithy.api#required": {}, "smithy.api#resourceIdentifier": "id"}}"#,
    );
    assert_eq!(
        refused(&shapes),
        "m.json: shape `a.b#In`, member `workflowId`: has `smithy.api#httpLabel`, but the URI `/workflow/{id}/version` of operation `a.b#Op` has no label `{workflowId}`"
    );
}

#[test]
fn malformed_uri_patterns_are_refused() {
    let two = format!(
        r#""a": {{"target": "smithy.api#String", {REQUIRED_LABEL}}}, "b": {{"target": "smithy.api#String", {REQUIRED_LABEL}}}"#
    );
    let cases: Vec<(String, String)> = [
        ("/things/{}", "empty label `{}`"),
        ("/things//{a}", "empty path segment (`//`)"),
        (
            "/things{a}",
            "segment `things{a}`: a label must be a whole path segment, such as `/{name}/`",
        ),
        (
            "/{a-b}",
            "label `{a-b}`: a label name is a Smithy identifier (letters, digits and `_`)",
        ),
        ("/{a}/{a}", "the label `{a}` appears more than once"),
        (
            "/{a+}/{b}",
            "the greedy label `{a+}` must be the last label, but `{b}` follows it",
        ),
        (
            "/{a+}/{b+}",
            "the greedy label `{a+}` must be the last label, but `{b+}` follows it",
        ),
        ("/{a}?x={b}", "labels must not appear in the query string"),
        ("/{a}/{b}?", "a URI pattern must not end with `?`"),
    ]
    .into_iter()
    .map(|(uri, reason)| {
        (
            operation(uri, &two),
            format!("shape `a.b#Op`: URI `{uri}`: {reason}"),
        )
    })
    .collect();
    for (shapes, expected) in &cases {
        assert_eq!(refused(shapes), format!("m.json: {expected}"), "{shapes}");
    }
}

#[test]
fn a_payload_member_is_the_whole_body() {
    let output = |members: &str| {
        format!(
            r#""a.b#Op": {{"type": "operation", "output": {{"target": "a.b#Out"}},
                "traits": {{"smithy.api#http": {{"method": "GET", "uri": "/"}}}}}},
            "a.b#Out": {{"type": "structure", "members": {{{members}}}}}"#
        )
    };
    assert_refused(&[
        (
            operation("/", r#""a": {"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}},
                "b": {"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}}"#),
            "shape `a.b#In`, member `b`: has `smithy.api#httpPayload`, as does member `a`; a structure can have only one",
        ),
        (
            operation("/", r#""data": {"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}},
                "note": {"target": "smithy.api#String"}"#),
            "shape `a.b#In`, member `note`: has no HTTP binding, so it would go in the request body, but member `data` has `smithy.api#httpPayload` and is the whole body; bind this member to a label, the query string or a header",
        ),
        (
            // `httpQuery` has no meaning in a response: that member is a body member there.
            output(r#""data": {"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}},
                "q": {"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "q"}}"#),
            "shape `a.b#Out`, member `q`: has no HTTP binding, so it would go in the response body, but member `data` has `smithy.api#httpPayload` and is the whole body; bind this member to a header",
        ),
        (
            r#""a.b#Oops": {"type": "structure", "traits": {"smithy.api#error": "client"}, "members": {
                "data": {"target": "smithy.api#String", "traits": {"smithy.api#httpPayload": {}}},
                "message": {"target": "smithy.api#String"}}}"#.to_owned(),
            "shape `a.b#Oops`, member `message`: has no HTTP binding, so it would go in the response body, but member `data` has `smithy.api#httpPayload` and is the whole body; bind this member to a header",
        ),
        (
            operation("/", r#""n": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpPayload": {}}}"#),
            "shape `a.b#In`, member `n`: `smithy.api#httpPayload` cannot bind `smithy.api#Integer`, an integer; it needs a blob, string, enum, structure, union, document, list or map",
        ),
    ]);
}

#[test]
fn header_and_query_names_must_not_conflict() {
    let map = r#""a.b#Map": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}}"#;
    assert_refused(&[
        (
            operation(
                "/",
                r#""a": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-Thing"}},
                "b": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "x-thing"}}"#,
            ),
            "shape `a.b#In`, member `b`: is bound to the header `x-thing`, as is member `a` (`X-Thing`); header names are case-insensitive and must be unique",
        ),
        (
            format!(
                r#"{}, {map}"#,
                operation(
                    "/",
                    r#""meta": {"target": "a.b#Map", "traits": {"smithy.api#httpPrefixHeaders": "X-Meta-"}},
                "owner": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "x-meta-owner"}}"#
                )
            ),
            "shape `a.b#In`, member `owner`: is bound to the header `x-meta-owner`, which starts with `X-Meta-`, the `smithy.api#httpPrefixHeaders` prefix of member `meta` (case-insensitively)",
        ),
        (
            format!(
                r#"{}, {map}"#,
                operation(
                    "/",
                    r#""a": {"target": "a.b#Map", "traits": {"smithy.api#httpPrefixHeaders": "X-A-"}},
                "b": {"target": "a.b#Map", "traits": {"smithy.api#httpPrefixHeaders": "X-B-"}}"#
                )
            ),
            "shape `a.b#In`, member `b`: has `smithy.api#httpPrefixHeaders`, as does member `a`; a structure can have only one",
        ),
        (
            operation(
                "/",
                r#""a": {"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "q"}},
                "b": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpQuery": "q"}}"#,
            ),
            "shape `a.b#In`, member `b`: is bound to the query parameter `q`, as is member `a`; query parameter names must be unique",
        ),
        (
            format!(
                r#"{}, {map}"#,
                operation(
                    "/",
                    r#""a": {"target": "a.b#Map", "traits": {"smithy.api#httpQueryParams": {}}},
                "b": {"target": "a.b#Map", "traits": {"smithy.api#httpQueryParams": {}}}"#
                )
            ),
            "shape `a.b#In`, member `b`: has `smithy.api#httpQueryParams`, as does member `a`; a structure can have only one",
        ),
        (
            operation(
                "/",
                r#""a": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-A", "smithy.api#httpQuery": "a"}}"#,
            ),
            "shape `a.b#In`, member `a`: has both `smithy.api#httpQuery` and `smithy.api#httpHeader`; a member is bound to one place in an HTTP message",
        ),
    ]);
}

#[test]
fn response_codes_are_single_integers() {
    let out =
        |members: &str| format!(r#""a.b#Out": {{"type": "structure", "members": {{{members}}}}}"#);
    assert_refused(&[
        (
            out(
                r#""code": {"target": "smithy.api#String", "traits": {"smithy.api#httpResponseCode": {}}}"#,
            ),
            "shape `a.b#Out`, member `code`: `smithy.api#httpResponseCode` cannot bind `smithy.api#String`, a string; it needs an integer",
        ),
        (
            out(
                r#""code": {"target": "smithy.api#Long", "traits": {"smithy.api#httpResponseCode": {}}}"#,
            ),
            "shape `a.b#Out`, member `code`: `smithy.api#httpResponseCode` cannot bind `smithy.api#Long`, a long; it needs an integer",
        ),
        (
            out(
                r#""a": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpResponseCode": {}}},
                "b": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpResponseCode": {}}}"#,
            ),
            "shape `a.b#Out`, member `b`: has `smithy.api#httpResponseCode`, as does member `a`; a structure can have only one",
        ),
    ]);
}

#[test]
fn binding_traits_need_targets_they_can_bind() {
    let shapes = r#""a.b#Nested": {"type": "structure", "members": {}},
        "a.b#Strings": {"type": "list", "member": {"target": "smithy.api#String"}},
        "a.b#Nesteds": {"type": "list", "member": {"target": "a.b#Nested"}},
        "a.b#IntMap": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#Integer"}},
        "a.b#ListMap": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "a.b#Strings"}}"#;
    let case = |trait_and_value: &str, target: &str| {
        let member = format!(
            r#""m": {{"target": "{target}", "traits": {{{trait_and_value}, "smithy.api#required": {{}}}}}}"#
        );
        // Labels need their URI label to get as far as the target check.
        format!("{}, {shapes}", operation("/{m}", &member))
    };
    assert_refused(&[
        (
            case(r#""smithy.api#httpHeader": "X-M""#, "a.b#Nested"),
            "shape `a.b#In`, member `m`: `smithy.api#httpHeader` cannot bind `a.b#Nested`, a structure; it needs a string, number, boolean or timestamp, or a list of them",
        ),
        (
            case(r#""smithy.api#httpHeader": "X-M""#, "a.b#IntMap"),
            "shape `a.b#In`, member `m`: `smithy.api#httpHeader` cannot bind `a.b#IntMap`, a map; it needs a string, number, boolean or timestamp, or a list of them",
        ),
        (
            case(r#""smithy.api#httpQuery": "m""#, "a.b#Nesteds"),
            "shape `a.b#In`, member `m`: `smithy.api#httpQuery` cannot bind `a.b#Nesteds`, a list; it needs a string, number, boolean or timestamp, or a list of them",
        ),
        (
            case(r#""smithy.api#httpLabel": {}"#, "a.b#Strings"),
            "shape `a.b#In`, member `m`: `smithy.api#httpLabel` cannot bind `a.b#Strings`, a list; it needs a string, number, boolean or timestamp",
        ),
        (
            case(r#""smithy.api#httpLabel": {}"#, "smithy.api#Blob"),
            "shape `a.b#In`, member `m`: `smithy.api#httpLabel` cannot bind `smithy.api#Blob`, a blob; it needs a string, number, boolean or timestamp",
        ),
        (
            case(r#""smithy.api#httpQueryParams": {}"#, "a.b#IntMap"),
            "shape `a.b#In`, member `m`: `smithy.api#httpQueryParams` cannot bind `a.b#IntMap`, a map; it needs a map of strings or a map of lists of strings",
        ),
        (
            case(r#""smithy.api#httpPrefixHeaders": "X-""#, "a.b#ListMap"),
            "shape `a.b#In`, member `m`: `smithy.api#httpPrefixHeaders` cannot bind `a.b#ListMap`, a map; it needs a map of strings",
        ),
    ]);
}

#[test]
fn json_names_must_not_conflict() {
    assert_refused(&[
        (
            r#""a.b#S": {"type": "structure", "members": {
                "a": {"target": "smithy.api#String", "traits": {"smithy.api#jsonName": "b"}},
                "b": {"target": "smithy.api#String"}}}"#
                .to_owned(),
            "shape `a.b#S`, member `b`: has the JSON name `b`, as does member `a`; JSON names must be unique",
        ),
        (
            r#""a.b#U": {"type": "union", "members": {
                "a": {"target": "smithy.api#String", "traits": {"smithy.api#jsonName": "x"}},
                "b": {"target": "smithy.api#String", "traits": {"smithy.api#jsonName": "x"}}}}"#
                .to_owned(),
            "shape `a.b#U`, member `b`: has the JSON name `x`, as does member `a`; JSON names must be unique",
        ),
    ]);
}

/// What Smithy accepts, odd as it looks, still loads.
#[test]
fn valid_bindings_load() {
    let map = r#""a.b#Map": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}}"#;
    for shapes in [
        // A label matches its member case-insensitively; literals may follow a greedy label;
        // query literals are fine; a trailing slash is not a segment.
        operation(
            "/a/{ID}/{key+}/tail/?x-id=Get",
            &format!(
                r#""id": {{"target": "smithy.api#String", {REQUIRED_LABEL}}}, "key": {{"target": "smithy.api#String", {REQUIRED_LABEL}}}"#
            ),
        ),
        // An empty prefix takes every header not bound otherwise.
        format!(
            "{}, {map}",
            operation(
                "/",
                r#""all": {"target": "a.b#Map", "traits": {"smithy.api#httpPrefixHeaders": ""}},
                "one": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "hello"}}"#
            )
        ),
        // Beside a payload, a request may bind labels, query and headers.
        operation(
            "/{id}",
            &format!(
                r#""id": {{"target": "smithy.api#String", {REQUIRED_LABEL}}},
                "q": {{"target": "smithy.api#String", "traits": {{"smithy.api#httpQuery": "q"}}}},
                "body": {{"target": "smithy.api#Document", "traits": {{"smithy.api#httpPayload": {{}}}}}}"#
            ),
        ),
    ] {
        let text = format!("{{\"smithy\": \"2.0\", \"shapes\": {{{shapes}}}}}");
        if let Err(e) =
            smithy_codegen::load::Model::from_sources([(Path::new("m.json"), text.as_str())])
        {
            panic!("{e}\n{shapes}");
        }
    }
}

/// The generator's error for one operation of `invalid/checksums.json`, types and client.
fn checksum_error(operation: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = smithy_codegen::Builder::new()
        .root(dir)
        .model("tests/fixtures/invalid/checksums.json")
        .operations([operation])
        .generate();
    let generated = match generated {
        Ok(generated) => generated,
        Err(e) => return e.to_string(),
    };
    let partitions = serde_json::json!({ "partitions": [] });
    match generated.client_files("t", "c", &partitions, "p", &Default::default()) {
        Ok(_) => panic!("{operation}: generated"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn unsupported_checksum_declarations_are_refused_naming_the_operation_or_member() {
    let streaming = checksum_error("StreamMd5");
    assert!(
        streaming.contains("`example.invalid#StreamMd5`")
            && streaming.contains("`smithy.api#httpChecksumRequired` on an operation with a streaming input is not supported"),
        "{streaming}"
    );
    let body = checksum_error("BodyAlgorithm");
    assert!(
        body.contains("`example.invalid#AlgorithmInBody`")
            && body.contains("`Algorithm`")
            && body.contains("`requestAlgorithmMember` must be bound to an HTTP header"),
        "{body}"
    );
    let missing = checksum_error("MissingMember");
    assert!(
        missing.contains("`example.invalid#MissingMember`")
            && missing.contains(
                "`requestValidationModeMember` names `Mode`, which the input does not have"
            ),
        "{missing}"
    );
}
