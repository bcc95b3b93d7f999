//! The `model_loader` fuzz target's checks (fuzz/fuzz_targets/model_loader.rs) on its tricky
//! inputs, in the normal test suite: model text goes through `Model::from_sources` and, when
//! it loads, selection, the IR and rendering of the types and client files. Errors are fine;
//! a panic, or an "internal error" (generated code that is not valid Rust), is a bug. Inputs
//! the fuzzer finds crashing are added here.

use std::path::Path;

use smithy_codegen::load::Model;
use smithy_codegen::{Builder, Operations};

fn partitions() -> &'static serde_json::Value {
    static PARTITIONS: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    PARTITIONS
        .get_or_init(|| serde_json::from_str(include_str!("../../model/partitions.json")).unwrap())
}

fn clean<T>(result: smithy_codegen::Result<T>) -> Result<T, String> {
    result.map_err(|e| {
        let text = e.to_string();
        assert!(!text.contains("internal error"), "{text}");
        text
    })
}

/// The fuzz target's pipeline: `Ok(())` when every stage succeeded, else the first error.
fn pipeline(text: &str) -> Result<(), String> {
    run(text, true)
}

/// `full: false` renders the types once (as one file) rather than in both layouts, which
/// run the same emitters: cheaper for the large tables below in debug builds.
fn run(text: &str, full: bool) -> Result<(), String> {
    let model = clean(Model::from_sources([(Path::new("fuzz.json"), text)]))?;
    for shape in model.shapes() {
        let _ = shape.kind.members();
    }
    let selection = clean(smithy_codegen::select::select(
        &model,
        None,
        &Operations::All,
    ))?;
    clean(smithy_codegen::ir::build(&model, &selection, None))?;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("model.json");
    std::fs::write(&file, text).unwrap();
    let generated = Builder::new()
        .model(&file)
        .all_operations()
        .generate()
        .expect("a model whose IR builds generates");
    if full {
        clean(generated.types_crate_files())?;
    }
    clean(generated.types_single_file("types.rs"))?;
    let runtime = smithy_codegen::RuntimeDeps::path(std::path::Path::new("/runtime"));
    let _ = generated.standalone_cargo_toml("fuzz-types", &runtime);
    let _ = generated.standalone_client_cargo_toml("fuzz-client", "fuzz-types", &runtime);
    clean(generated.client_files(
        "fuzz-types",
        "fuzz-client",
        partitions(),
        "partitions.json",
        &smithy_codegen::ClientOptions::default(),
    ))?;
    Ok(())
}

fn refused(text: &str) -> String {
    match pipeline(text) {
        Ok(()) => panic!("accepted: {text}"),
        Err(e) => e,
    }
}

/// A small valid model: one service, one operation, `extra` shapes in the same namespace and
/// `member` as the input's only member's target.
fn model_with(member_target: &str, extra: &str) -> String {
    format!(
        r#"{{"smithy":"2.0","shapes":{{
          "ex#S":{{"type":"service","version":"1","operations":[{{"target":"ex#Op"}}],
                  "traits":{{"aws.protocols#restJson1":{{}}}}}},
          "ex#Op":{{"type":"operation","input":{{"target":"ex#OpInput"}},"output":{{"target":"smithy.api#Unit"}},
                  "traits":{{"smithy.api#http":{{"method":"POST","uri":"/op","code":200}}}}}},
          "ex#OpInput":{{"type":"structure","members":{{"m":{{"target":"{member_target}"}}}},
                  "traits":{{"smithy.api#input":{{}}}}}}{extra}
        }}}}"#
    )
}

#[test]
fn the_seed_models_generate() {
    for file in [
        "../model/mgn.json",
        "tests/fixtures/all_shapes.json",
        "tests/fixtures/naming.json",
        "tests/fixtures/recursive.json",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        // Fixtures without restJson1 stop at the client files, by design.
        if let Err(e) = pipeline(&text) {
            assert!(e.contains("aws.protocols#restJson1"), "{file}: {e}");
        }
    }
    // Without auth traits, operations are unauthenticated (Smithy's auth rules): a client.
    pipeline(&model_with("smithy.api#String", "")).unwrap();
}

#[test]
fn not_a_model() {
    for text in [
        "",
        " ",
        "null",
        "[]",
        "0",
        "\"smithy\"",
        "{",
        "{}",
        "{\"smithy\":2}",
        "{\"smithy\":\"2.0\",\"shapes\":[]}",
        "{\"smithy\":\"2.0\",\"shapes\":null}",
        "{\"smithy\":\"2.0\",\"shapes\":{\"a#B\":null}}",
        "{\"smithy\":\"2.0\",\"shapes\":{\"a#B\":{}}}",
        "\u{feff}{\"smithy\":\"2.0\"}",
        "{\"smithy\":\"2.0\",\"smithy\":\"2.0\"}",
        "{\"smithy\":\"2.0\",\"shapes\":{},\"metadata\":{\"x\":[1,{}]}}",
    ] {
        let _ = pipeline(text);
    }
    // No shapes at all: loads, then there is no service to generate.
    assert!(refused("{\"smithy\":\"2.0\"}").contains("no service"));
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let deep = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
        let _ = refused(&deep);
        let in_trait = format!(
            r#"{{"smithy":"2.0","shapes":{{"ex#T":{{"type":"string","traits":{{"ex#t":{deep}}}}}}}}}"#
        );
        let _ = refused(&in_trait);
        let in_doc = model_with(
            "ex#T",
            &format!(r#","ex#T":{{"type":"document","traits":{{"smithy.api#default":{deep}}}}}"#),
        );
        let _ = refused(&in_doc);
    }
}

const SHAPE_TYPES: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "timestamp",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "document",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "enum",
    "intEnum",
    "service",
    "operation",
    "resource",
    "apply",
    "",
    "Structure",
];

/// Shape bodies that are wrong for most types.
const GARBAGE: &[&str] = &[
    r#""members":5"#,
    r#""members":{"":{"target":"smithy.api#String"}}"#,
    r#""members":{"m":{"target":""}}"#,
    r#""members":{"m":{"target":"ex#T"}}"#,
    r#""members":{"m":{"target":"smithy.api#Unit"}}"#,
    r#""members":{"m":{"target":"smithy.api#String","traits":{"smithy.api#enumValue":[]}}}"#,
    r#""members":{"m":{"target":"smithy.api#Integer","traits":{"smithy.api#enumValue":"x"}}}"#,
    r#""members":{"type":{"target":"smithy.api#String"},"Self":{"target":"smithy.api#String"}}"#,
    r#""member":{"target":"ex#T"}"#,
    r#""member":{"target":7}"#,
    r#""key":{"target":"smithy.api#Integer"},"value":{"target":"ex#T"}"#,
    r#""input":{"target":"ex#T"},"output":{"target":"ex#T"},"errors":[{"target":"ex#T"}]"#,
    r#""operations":[{"target":"ex#T"}],"resources":[{"target":"ex#T"}],"version":"1""#,
    r#""identifiers":{"id":{"target":"smithy.api#String"}},"read":{"target":"ex#T"}"#,
    r#""mixins":[{"target":"ex#T"}]"#,
    r#""rename":{"ex#T":"Other"}"#,
    r#""traits":{"smithy.api#length":{"min":-1,"max":1e300}}"#,
    r#""traits":{"smithy.api#range":{"min":"1","max":null}}"#,
    r#""traits":{"smithy.api#enum":[{"value":""},{"value":"","name":"1"}]}"#,
    r#""traits":{"smithy.api#enum":[{"value":"a b","name":"A-B"},{"value":"self","name":"self"}]}"#,
    r#""traits":{"smithy.api#default":{"a":[null]}}"#,
    r#""traits":{"smithy.api#default":18446744073709551616}"#,
    r#""traits":{"smithy.api#timestampFormat":"julian"}"#,
    r#""traits":{"smithy.api#http":{"method":"","uri":"","code":0}}"#,
    r#""traits":{"smithy.api#http":{"method":"POST","uri":"/{x}/{","code":99999}}"#,
    r#""traits":{"smithy.api#http":{"method":"GET","uri":"/{é+}/{+}/{x}//?{"}}"#,
    r#""members":{"m":{"target":"ex#T","traits":{"smithy.api#httpLabel":{},"smithy.api#httpPayload":{},"smithy.api#httpPrefixHeaders":""}}}"#,
    r#""traits":{"smithy.api#error":"both","smithy.api#httpError":600}"#,
    r#""traits":{"smithy.api#pattern":"(["}"#,
    r#""traits":{"smithy.api#jsonName":"","smithy.api#httpHeader":"a\nb"}"#,
    r#""traits":{"smithy.api#documentation":"*/ /* \" ``` \u0000 \\"}"#,
    r#""traits":{"smithy.rules#endpointRuleSet":{"version":"1.0","parameters":{},"rules":[{}]}}"#,
    r#""traits":{"smithy.rules#endpointRuleSet":{"version":"1.0","parameters":{"Region":{"type":"string","builtIn":"AWS::Region","required":true}},"rules":[{"type":"endpoint","conditions":[{"fn":"nope","argv":[]}],"endpoint":{"url":"{Region"}}]}}"#,
];

#[test]
fn every_shape_type_with_garbage() {
    for ty in SHAPE_TYPES {
        for garbage in GARBAGE {
            let shape = format!(r#","ex#T":{{"type":"{ty}",{garbage}}}"#);
            // Reached from the operation's input, and also as the service itself.
            let _ = run(&model_with("ex#T", &shape), false);
            let alone =
                format!(r#"{{"smithy":"2.0","shapes":{{"ex#T":{{"type":"{ty}",{garbage}}}}}}}"#);
            let _ = run(&alone, false);
        }
    }
}

#[test]
fn odd_shape_ids_and_member_names() {
    for id in [
        "#",
        "a#",
        "#b",
        "a##b",
        "a#b$c",
        "a#b$",
        "ä#ö",
        "ex#Self",
        "ex#self",
        "ex#type",
        "ex#_",
        "ex#1A",
        "ex#r#type",
        "ex#Result",
        "ex#Option",
        "ex#String",
        "ex#A_B",
        "ex#a_b",
        "smithy.api#String",
        "smithy.api#Unit",
        " ex#T",
        "ex#T ",
    ] {
        let escaped = serde_json::to_string(id).unwrap();
        let extra = format!(r#",{escaped}:{{"type":"structure","members":{{}}}}"#);
        let _ = pipeline(&model_with(id, &extra));
    }
    for name in [
        "", "_", "__", "1", "type", "Self", "self", "super", "crate", "r#type", "a-b", "a b", "ü",
        "é", "\u{0}", "builder", "build", "m", "M", "mM", "m_m",
    ] {
        let escaped = serde_json::to_string(name).unwrap();
        let extra = format!(
            r#","ex#T":{{"type":"structure","members":{{{escaped}:{{"target":"smithy.api#String"}},"x":{{"target":"ex#E"}}}}}},"ex#E":{{"type":"enum","members":{{{escaped}:{{"target":"smithy.api#Unit"}}}}}}"#
        );
        let _ = pipeline(&model_with("ex#T", &extra));
    }
}

/// Found by the fuzzer's seeds (and this file's garbage table): a list or map that contains
/// itself without a structure or union in between recursed in `ir::build` until the stack
/// overflowed. Smithy forbids such recursion; it is now a model error.
#[test]
fn list_and_map_cycles_without_a_structure_are_refused() {
    let list_self = r#","ex#T":{"type":"list","member":{"target":"ex#T"}}"#;
    let map_self =
        r#","ex#T":{"type":"map","key":{"target":"smithy.api#String"},"value":{"target":"ex#T"}}"#;
    let list_map = r#","ex#T":{"type":"list","member":{"target":"ex#M"}},
        "ex#M":{"type":"map","key":{"target":"smithy.api#String"},"value":{"target":"ex#L"}},
        "ex#L":{"type":"list","member":{"target":"ex#T"}}"#;
    for (extra, shape) in [(list_self, "ex#T"), (map_self, "ex#T"), (list_map, "ex#T")] {
        let error = refused(&model_with("ex#T", extra));
        assert!(
            error.contains(&format!(
                "`{shape}` contains itself through lists and maps only"
            )),
            "{error}"
        );
    }
    // Through a structure the same recursion is fine (the structure is boxed where needed).
    let via_structure = r#","ex#T":{"type":"list","member":{"target":"ex#N"}},
        "ex#N":{"type":"structure","members":{"children":{"target":"ex#T"}}}"#;
    pipeline(&model_with("ex#T", via_structure)).unwrap();
}

#[test]
fn a_file_that_is_not_utf8_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("model.json");
    std::fs::write(&file, b"{\"smithy\":\"2.0\",\"shapes\":{\"\xff\":{}}}").unwrap();
    let error = Builder::new().model(&file).generate().unwrap_err();
    assert!(
        error.to_string().contains("cannot read model file"),
        "{error}"
    );
}
