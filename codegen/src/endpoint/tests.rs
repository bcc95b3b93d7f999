use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Value, json};

use super::cases::{self, test_names};
use super::ir::{TemplatePart, parse_attr_path, parse_rule_set, parse_template};
use super::*;

const SERVICE: &str = "example#Service";

fn pretty(tokens: TokenStream) -> String {
    let file = syn::parse2::<syn::File>(tokens).expect("generated code parses");
    prettyplease::unparse(&file)
}

fn params() -> Value {
    json!({
        "Region": {"type": "String", "builtIn": "AWS::Region", "documentation": "The region."},
        "UseFIPS": {"type": "Boolean", "required": true, "default": false},
        "Endpoint": {"type": "String"}
    })
}

fn rule_set(rules: Value) -> Value {
    json!({"version": "1.0", "parameters": params(), "rules": rules})
}

fn partitions() -> Value {
    json!({"partitions": [{
        "id": "aws", "regionRegex": "^(us|eu)\\-\\w+\\-\\d+$",
        "regions": {"us-east-1": {}},
        "outputs": {"name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
                    "supportsFIPS": true, "supportsDualStack": true,
                    "implicitGlobalRegion": "us-east-1"}
    }]})
}

fn resolver(rules: Value) -> crate::Result<String> {
    emit_resolver(SERVICE, &rule_set(rules), &partitions()).map(pretty)
}

fn error_of(rules: Value) -> String {
    match resolver(rules) {
        Ok(code) => panic!("expected an error, generated:\n{code}"),
        Err(e) => e.to_string(),
    }
}

fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "missing `{needle}` in:\n{haystack}"
    );
}

/// Generated code names serde_json only through the runtime's re-export: a standalone client
/// crate does not depend on serde_json itself (networkmanager's endpoint properties did).
#[track_caller]
fn assert_no_bare_serde_json(code: &str) {
    let bare = code.replace("::aws_client_runtime::deps::serde_json::", "");
    assert!(
        !bare.contains("::serde_json::"),
        "bare `::serde_json::` in:\n{code}"
    );
}

/// A tiny rule set: custom endpoint, a region-based endpoint, and the missing-region error.
fn tiny() -> Value {
    json!([
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
         "endpoint": {"url": {"ref": "Endpoint"}}, "type": "endpoint"},
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}],
         "type": "tree", "rules": [
            {"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"}],
             "type": "tree", "rules": [
                {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]},
                                {"fn": "booleanEquals", "argv": [true, {"fn": "getAttr", "argv": [{"ref": "PartitionResult"}, "supportsFIPS"]}]}],
                 "endpoint": {"url": "https://svc-fips.{Region}.{PartitionResult#dnsSuffix}",
                              "headers": {"x-a": ["b"]},
                              "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}"}]}},
                 "type": "endpoint"},
                {"conditions": [], "endpoint": {"url": "https://svc.{Region}.{PartitionResult#dnsSuffix}"}, "type": "endpoint"}
             ]}
         ]},
        {"conditions": [], "error": "Invalid Configuration: Missing Region", "type": "error"}
    ])
}

#[test]
fn parses_the_mgn_rule_set() {
    let model: Value =
        serde_json::from_str(include_str!("../../../model/mgn.json")).expect("model is JSON");
    let traits = &model["shapes"]["com.amazonaws.mgn#ApplicationMigrationService"]["traits"];
    let rules = parse_rule_set(SERVICE, &traits["smithy.rules#endpointRuleSet"]).unwrap();
    let names: Vec<_> = rules.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Endpoint", "Region", "UseDualStack", "UseFIPS"]);
    assert_eq!(rules.rules.len(), 3);
    assert_eq!(rules.rules[1].path, "rules[1]");
    let cases = cases::parse(SERVICE, &traits["smithy.rules#endpointTests"]).unwrap();
    assert_eq!(cases.len(), 41);
    check_tests(
        SERVICE,
        &traits["smithy.rules#endpointRuleSet"],
        &traits["smithy.rules#endpointTests"],
    )
    .unwrap();
}

/// One rule binding two values (SES v2's `isSet(EndpointId)`, `isSet(Region)` and
/// `aws.partition(Region)`) nests its `if let`s, which clippy would collapse into a let chain;
/// the chain needs edition 2024, the nesting compiles everywhere, so the lint is allowed there
/// and only there.
#[test]
fn nested_bindings_allow_collapsible_if() {
    let code = resolver(json!([
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                        {"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"}],
         "endpoint": {"url": "https://{Endpoint}.{Region}.{PartitionResult#dnsSuffix}"}, "type": "endpoint"},
        {"conditions": [], "error": "none", "type": "error"}
    ]))
    .unwrap();
    assert_contains(
        &code,
        "#[allow(clippy::collapsible_if)]\npub fn resolve(params: &Params)",
    );
    assert!(
        !resolver(tiny()).unwrap().contains("collapsible_if"),
        "the tiny rule set nests no `if` directly in another"
    );
}

#[test]
fn tiny_rule_set_compiles_to_nested_ifs() {
    let code = resolver(tiny()).unwrap();
    assert_contains(
        &code,
        "if let ::std::option::Option::Some(endpoint) = params.endpoint.as_deref() {",
    );
    assert_contains(
        &code,
        "if let ::std::option::Option::Some(partition_result) = self::partition(region) {",
    );
    // Two boolean conditions share one `if`, with the literal `true` folded away.
    assert_contains(
        &code,
        "if params.use_fips && partition_result.supports_fips {",
    );
    assert_contains(
        &code,
        "\"https://svc-fips.{region}.{}\", partition_result.dns_suffix",
    );
    // Through the runtime's re-export: a client crate does not depend on serde_json itself.
    assert_contains(
        &code,
        "::aws_client_runtime::deps::serde_json::Value::String(::std::string::String::from(region))",
    );
    assert_no_bare_serde_json(&code);
    // The last rule is the tail expression. Only the Region tree, whose one rule depends on
    // `aws.partition`, can run out of rules; its sibling tree ends unconditionally.
    assert_contains(
        &code,
        "    ::std::result::Result::Err(\n        ResolveError::new(\"Invalid Configuration: Missing Region\"),\n    )\n}",
    );
    assert_eq!(
        code.matches("ResolveError::new(\"No rules matched\")")
            .count(),
        1,
        "{code}"
    );
    assert_contains(&code, "pub fn partition(region: &str)");
    assert!(!code.contains("fn substring"), "{code}");
    assert_contains(&code, "/// Built-in: `AWS::Region`.");
    assert_contains(
        &code,
        "    ::std::default::Default,\n    ::std::cmp::PartialEq\n)]\npub struct Params {",
    );
}

#[test]
fn trees_that_can_fall_through_end_in_an_error_and_unused_bindings_become_is_some() {
    let code = resolver(json!([
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}], "type": "tree", "rules": [
            {"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
             "error": "has a partition", "type": "error"}
        ]}
    ]))
    .unwrap();
    assert_contains(&code, "if self::partition(region).is_some() {");
    assert_contains(
        &code,
        "return ::std::result::Result::Err(ResolveError::new(\"No rules matched\"));",
    );
    // Top level can fall through too: the tail.
    assert_contains(
        &code,
        "::std::result::Result::Err(ResolveError::new(\"No rules matched\"))\n}",
    );
}

#[test]
fn standard_library_calls_go_to_the_runtime_and_partitions_only_when_used() {
    let code = resolver(json!([
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "substring", "argv": [{"ref": "Region"}, 0, 2, false], "assign": "Prefix"},
                        {"fn": "isValidHostLabel", "argv": [{"ref": "Region"}, false]},
                        {"fn": "not", "argv": [{"fn": "stringEquals", "argv": [{"ref": "Prefix"}, "cn"]}]}],
         "endpoint": {"url": "https://x.{Prefix}/{Region}"}, "type": "endpoint"},
        {"conditions": [], "error": "no", "type": "error"}
    ]))
    .unwrap();
    assert_contains(&code, "::aws_client_runtime::endpoint::substring(");
    assert_contains(
        &code,
        "::aws_client_runtime::endpoint::is_valid_host_label(",
    );
    assert!(!code.contains("fn substring"), "{code}");
    assert_contains(&code, "prefix.as_str() != \"cn\"");
    assert!(!code.contains("fn partition"), "{code}");
    assert!(!code.contains("PARTITIONS"), "{code}");
    assert!(!code.contains("uri_encode"), "{code}");
}

#[test]
fn is_virtual_hostable_s3_bucket_calls_the_runtime_and_checks_its_arguments() {
    let code = resolver(json!([
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "aws.isVirtualHostableS3Bucket", "argv": [{"ref": "Region"}, false]}],
         "endpoint": {"url": "https://{Region}.example.com"}, "type": "endpoint"},
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "not", "argv": [{"fn": "aws.isVirtualHostableS3Bucket", "argv": [{"ref": "Region"}, true]}]}],
         "error": "not hostable", "type": "error"},
        {"conditions": [], "error": "no", "type": "error"}
    ]))
    .unwrap();
    assert_contains(
        &code,
        "if ::aws_client_runtime::endpoint::is_virtual_hostable_s3_bucket(region, false) {",
    );
    assert_contains(
        &code,
        "!::aws_client_runtime::endpoint::is_virtual_hostable_s3_bucket(region, true)",
    );
    let e = error_of(json!([
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "aws.isVirtualHostableS3Bucket", "argv": [{"ref": "Region"}, "no"]}],
         "error": "x", "type": "error"}
    ]));
    assert_contains(
        &e,
        "rules[0].conditions[1].argv[1]: expected a boolean, found a string",
    );
    let e = error_of(json!([
        {"conditions": [{"fn": "aws.isVirtualHostableS3Bucket", "argv": ["abc"]}],
         "error": "x", "type": "error"}
    ]));
    assert_contains(
        &e,
        "`aws.isVirtualHostableS3Bucket` takes 2 argument(s), found 1",
    );
}

#[test]
fn string_equals_with_the_empty_string_reads_is_empty() {
    let code = resolver(json!([
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "stringEquals", "argv": [{"ref": "Region"}, ""]}],
         "error": "empty", "type": "error"},
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "not", "argv": [{"fn": "stringEquals", "argv": ["", {"ref": "Region"}]}]}],
         "endpoint": {"url": "https://{Region}.example.com"}, "type": "endpoint"},
        {"conditions": [], "error": "no", "type": "error"}
    ]))
    .unwrap();
    assert_contains(&code, "if region.is_empty() {");
    assert_contains(&code, "if !region.is_empty() {");
    assert!(!code.contains("== \"\""), "{code}");
    // An owned string is asked directly, without `.as_str()`.
    let code = resolver(json!([
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "substring", "argv": [{"ref": "Region"}, 0, 2, false], "assign": "Prefix"},
                        {"fn": "stringEquals", "argv": [{"ref": "Prefix"}, ""]}],
         "error": "empty", "type": "error"},
        {"conditions": [], "error": "no", "type": "error"}
    ]))
    .unwrap();
    assert_contains(&code, "prefix.is_empty()");
    assert!(!code.contains("as_str().is_empty()"), "{code}");
}

#[test]
fn rules_after_an_unconditional_rule_are_dropped() {
    let code = resolver(json!([
        {"conditions": [], "error": "always", "type": "error"},
        {"conditions": [], "endpoint": {"url": "https://never"}, "type": "endpoint"}
    ]))
    .unwrap();
    assert!(!code.contains("https://never"), "{code}");
    assert_contains(&code, "pub fn resolve(_params: &Params)");
}

#[test]
fn defaults_other_than_false_get_a_manual_default() {
    let rules = json!({"parameters": {
        "Flag": {"type": "Boolean", "default": true, "required": true},
        "Name": {"type": "String", "default": "n", "required": true}
    }, "rules": [{"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "Flag"}, false]}],
                  "endpoint": {"url": "https://{Name}"}, "type": "endpoint"},
                 {"conditions": [], "error": "e", "type": "error"}]});
    let code = pretty(emit_resolver(SERVICE, &rules, &partitions()).unwrap());
    assert_contains(&code, "impl ::std::default::Default for Params {");
    assert_contains(&code, "flag: true,");
    assert_contains(
        &code,
        "name: ::std::option::Option::Some(::std::string::String::from(\"n\")),",
    );
    assert_contains(&code, "if !params.flag {");
    assert_contains(&code, "params.name.as_deref().unwrap_or(\"n\")");
}

#[test]
fn unknown_function_is_an_error_naming_it_and_the_rule() {
    let e = error_of(json!([
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}], "type": "tree", "rules": [
            {"conditions": [{"fn": "aws.frobnicate", "argv": [{"ref": "Region"}]}],
             "error": "x", "type": "error"}]}
    ]));
    assert_contains(
        &e,
        "shape `example#Service`: endpoint rule set: rules[0].rules[0].conditions[0]",
    );
    assert_contains(&e, "unsupported function `aws.frobnicate`");
}

#[test]
fn unknown_reference_is_an_error() {
    let e = error_of(json!([
        {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFips"}, true]}],
         "error": "x", "type": "error"}
    ]));
    assert_contains(
        &e,
        "rules[0].conditions[0].argv[0]: unknown reference `UseFips`",
    );
    // A variable bound in one rule is out of scope in the next.
    let e = error_of(json!([
        {"conditions": [{"fn": "aws.partition", "argv": ["us-east-1"], "assign": "P"}],
         "error": "x", "type": "error"},
        {"conditions": [], "error": "{P#name}", "type": "error"}
    ]));
    assert_contains(&e, "rules[1].error: unknown reference `P`");
}

#[test]
fn wrong_argument_count_and_types_are_errors() {
    let e = error_of(json!([
        {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}]}], "error": "x", "type": "error"}
    ]));
    assert_contains(
        &e,
        "rules[0].conditions[0]: `booleanEquals` takes 2 argument(s), found 1",
    );
    let e = error_of(json!([
        {"conditions": [{"fn": "stringEquals", "argv": [{"ref": "UseFIPS"}, "a"]}], "error": "x", "type": "error"}
    ]));
    assert_contains(
        &e,
        "rules[0].conditions[0].argv[0]: expected a string, found a boolean",
    );
    let e = error_of(json!([
        {"conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "a"]}], "error": "x", "type": "error"}
    ]));
    assert_contains(
        &e,
        "argv[0]: this string may be unset here; test it with isSet",
    );
    let e = error_of(json!([
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"},
                        {"fn": "getAttr", "argv": [{"ref": "P"}, "dnsSufix"]}],
         "error": "x", "type": "error"}
    ]));
    assert_contains(
        &e,
        "rules[0].conditions[2]: getAttr `dnsSufix`: a partition has no `dnsSufix`",
    );
    let e = error_of(json!([
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "UseFIPS"}]}], "error": "x", "type": "error"}
    ]));
    assert_contains(&e, "isSet(UseFIPS): `UseFIPS` always has a value");
    let e = error_of(json!([
        {"conditions": [{"fn": "aws.partition", "argv": ["us-east-1"], "assign": "UseFIPS"}],
         "error": "x", "type": "error"}
    ]));
    assert_contains(&e, "`assign: UseFIPS` rebinds `UseFIPS`");
}

#[test]
fn malformed_templates_are_errors() {
    let e = error_of(json!([
        {"conditions": [], "endpoint": {"url": "https://{Region"}, "type": "endpoint"}
    ]));
    assert_contains(
        &e,
        "rules[0].endpoint.url: unclosed `{` in template `https://{Region`",
    );
    let e = error_of(json!([
        {"conditions": [], "error": "a } b", "type": "error"}
    ]));
    assert_contains(&e, "rules[0].error: unmatched `}`");
    let e = error_of(json!([
        {"conditions": [], "error": "{Reg ion}", "type": "error"}
    ]));
    assert_contains(&e, "does not name a parameter or variable");
    // An optional value cannot be interpolated.
    let e = error_of(json!([
        {"conditions": [], "endpoint": {"url": "https://{Region}"}, "type": "endpoint"}
    ]));
    assert_contains(&e, "rules[0].endpoint.url: this string may be unset here");
}

#[test]
fn malformed_rule_sets_are_errors() {
    for (value, expected) in [
        (
            json!([]),
            "endpoint rule set: rules: a rule list must hold at least one rule",
        ),
        (
            json!([{"conditions": [], "type": "mystery"}]),
            "rules[0]: unknown rule type `mystery`",
        ),
        (
            json!([{"conditions": [{"argv": []}], "error": "x", "type": "error"}]),
            "rules[0].conditions[0]: missing string `fn`",
        ),
        (
            json!([{"conditions": [], "error": {"ref": 3}, "type": "error"}]),
            "rules[0].error: `ref` must be a parameter or variable name",
        ),
        (
            json!([{"conditions": [], "type": "endpoint"}]),
            "rules[0]: endpoint rule without `endpoint`",
        ),
    ] {
        assert_contains(&error_of(value), expected);
    }
    let e = emit_resolver(
        SERVICE,
        &json!({"parameters": {"X": {"type": "integer"}}, "rules": []}),
        &partitions(),
    )
    .unwrap_err()
    .to_string();
    assert_contains(
        &e,
        "parameters.X: parameter type `integer` is not supported (only String, Boolean and stringArray)",
    );
    let e = emit_resolver(SERVICE, &json!([]), &partitions())
        .unwrap_err()
        .to_string();
    assert_contains(&e, "the rule set is not a JSON object");
}

#[test]
fn templates_and_attribute_paths_parse() {
    let t = parse_template("a{{b}}{Region}-{P#x.y[2]}", "p").unwrap();
    assert_eq!(
        t.parts,
        [
            TemplatePart::Literal("a{b}".into()),
            TemplatePart::Ref("Region".into()),
            TemplatePart::Literal("-".into()),
            TemplatePart::Attr("P".into(), "x.y[2]".into()),
        ]
    );
    assert!(parse_template("{P#x[}", "p").unwrap_err().contains("p: "));
    assert!(parse_attr_path("resourceId[0]").is_ok());
    assert!(parse_attr_path("a..b").is_err());
    assert!(parse_attr_path("a[x]").is_err());
}

#[test]
fn test_cases_become_named_tests() {
    let tests = json!({"version": "1.0", "testCases": [
        {"documentation": "For region us-east-1 with FIPS enabled", "params": {"Region": "us-east-1", "UseFIPS": true},
         "expect": {"endpoint": {"url": "https://a", "headers": {"h": ["v"]}, "properties": {"p": 1}}}},
        {"documentation": "For region us-east-1 with FIPS enabled", "params": {},
         "expect": {"error": "Invalid Configuration: Missing Region"}},
        {"params": {}, "expect": {"error": "x"}}
    ]});
    let code = pretty(emit_tests(SERVICE, &tests, &quote!(::my_crate)).unwrap());
    assert_contains(&code, "fn for_region_us_east_1_with_fips_enabled() {");
    assert_contains(&code, "fn for_region_us_east_1_with_fips_enabled_2() {");
    assert_contains(&code, "fn case_2() {");
    assert_contains(
        &code,
        "let params = ::my_crate::endpoint::Params::default()\n        .with_region(\"us-east-1\")\n        .with_use_fips(true);",
    );
    assert_contains(&code, "assert_eq!(endpoint.url, \"https://a\");");
    assert_contains(&code, "assert_eq!(endpoint.headers, expected);");
    assert_contains(
        &code,
        "::aws_client_runtime::deps::serde_json::from_str(\"{\\\"p\\\":1}\")",
    );
    assert_no_bare_serde_json(&code);
    assert_contains(
        &code,
        "assert_eq!(error.message(), \"Invalid Configuration: Missing Region\");",
    );
}

#[test]
fn an_expectation_without_headers_or_properties_expects_none() {
    let tests = json!({"version": "1.0", "testCases": [
        {"documentation": "plain", "params": {"Region": "us-east-1"},
         "expect": {"endpoint": {"url": "https://a"}}}
    ]});
    let code = pretty(emit_tests(SERVICE, &tests, &quote!(::my_crate)).unwrap());
    assert_contains(
        &code,
        "assert_eq!(endpoint.headers, ::std::collections::BTreeMap::new());",
    );
    assert_contains(
        &code,
        "assert_eq!(endpoint.properties, ::std::collections::BTreeMap::new());",
    );
    assert!(!code.contains("let expected"), "{code}");
}

#[test]
fn unsupported_or_unknown_test_params_fail_generation() {
    let case = |params: Value| json!({"testCases": [{"documentation": "d", "params": params, "expect": {"error": "e"}}]});
    let e = check_tests(SERVICE, &rule_set(tiny()), &case(json!({"Regoin": "x"}))).unwrap_err();
    assert_contains(
        &e.to_string(),
        "endpoint tests: testCases[0].params.Regoin: `Regoin` is not a rule-set parameter",
    );
    let e = check_tests(SERVICE, &rule_set(tiny()), &case(json!({"UseFIPS": "yes"}))).unwrap_err();
    assert_contains(
        &e.to_string(),
        "value does not match the type of parameter `UseFIPS`",
    );
    let e = emit_tests(SERVICE, &case(json!({"Region": [1]})), &quote!(::c)).unwrap_err();
    assert_contains(
        &e.to_string(),
        "testCases[0].params.Region: value [1] is not supported",
    );
    // A case with `operationInputs` tests its `params` against the resolver.
    let with_inputs = json!({"testCases": [{"documentation": "d", "params": {"Region": "r"},
                                            "operationInputs": [], "expect": {"error": "e"}}]});
    let tests = emit_tests(SERVICE, &with_inputs, &quote!(::c))
        .unwrap()
        .to_string();
    assert_contains(&tests, "with_region");
    let e = emit_tests(
        SERVICE,
        &json!({"testCases": [{"params": {}, "expect": {}}]}),
        &quote!(::c),
    )
    .unwrap_err();
    assert_contains(
        &e.to_string(),
        "testCases[0].expect: must hold exactly one of",
    );
}

#[test]
fn test_names_are_deduplicated_deterministically() {
    let tests = json!({"testCases": [
        {"documentation": "Same", "params": {}, "expect": {"error": "e"}},
        {"documentation": "same", "params": {}, "expect": {"error": "e"}},
        {"documentation": "1 leading digit", "params": {}, "expect": {"error": "e"}},
        {"documentation": "!!!", "params": {}, "expect": {"error": "e"}}
    ]});
    let cases = cases::parse(SERVICE, &tests).unwrap();
    assert_eq!(
        test_names(&cases),
        ["same", "same_2", "case_1_leading_digit", "case_3"]
    );
}

/// The body of `client_params`, as text, inside a function so that it parses as a file.
fn client_params_of(params: Value, client_context: &[&str], operation: &[&str]) -> String {
    let rules = json!({"version": "1.0", "parameters": params, "rules": [
        {"conditions": [], "error": "x", "type": "error"}
    ]});
    let client_context: Vec<String> = client_context.iter().map(|s| s.to_string()).collect();
    let operation: std::collections::BTreeSet<&str> = operation.iter().copied().collect();
    let body = client_params(SERVICE, &rules, &client_context, &operation).unwrap();
    pretty(quote!(fn f() { #body }))
}

#[test]
fn s3_built_ins_read_the_configuration_and_client_settings_win() {
    let code = client_params_of(
        json!({
            "ForcePathStyle": {"type": "Boolean", "builtIn": "AWS::S3::ForcePathStyle",
                               "required": true, "default": false},
            "Accelerate": {"type": "Boolean", "builtIn": "AWS::S3::Accelerate",
                           "required": true, "default": false},
            "UseArnRegion": {"type": "Boolean", "builtIn": "AWS::S3Control::UseArnRegion"},
            "DisableMultiRegionAccessPoints": {"type": "Boolean",
                "builtIn": "AWS::S3::DisableMultiRegionAccessPoints", "required": true,
                "default": false},
            "UseGlobalEndpoint": {"type": "Boolean", "builtIn": "AWS::S3::UseGlobalEndpoint",
                                  "required": true, "default": false},
            "DisableS3ExpressSessionAuth": {"type": "Boolean"}
        }),
        &["ForcePathStyle", "DisableS3ExpressSessionAuth"],
        &["DisableS3ExpressSessionAuth"],
    );
    // A client setting of the same name, set on the client, wins over the built-in.
    assert_contains(
        &code,
        "config\n        .client_context_param(\"ForcePathStyle\")",
    );
    assert_contains(&code, ".or(config.s3_force_path_style())");
    for read in [
        "config.s3_accelerate()",
        "config.s3_use_arn_region()",
        "config\n        .s3_disable_multi_region_access_points()",
        "config.s3_use_global_endpoint()",
    ] {
        assert_contains(&code, read);
    }
    // An operation's (static) value is applied after the client's, so it wins.
    let client = code
        .find("client_context_param(\"DisableS3ExpressSessionAuth\")")
        .unwrap();
    let operation = code.find("\"DisableS3ExpressSessionAuth\" => {").unwrap();
    assert!(client < operation, "{code}");
}

#[test]
fn unknown_built_ins_are_errors_unless_they_are_client_settings() {
    let params = json!({"Flag": {"type": "Boolean", "builtIn": "AWS::Frob::Flag"}});
    let rules = json!({"version": "1.0", "parameters": params, "rules": [
        {"conditions": [], "error": "x", "type": "error"}
    ]});
    let none = std::collections::BTreeSet::new();
    let e = client_params(SERVICE, &rules, &[], &none)
        .unwrap_err()
        .to_string();
    assert_contains(
        &e,
        "endpoint parameter `Flag` has the built-in `AWS::Frob::Flag`",
    );
    assert_contains(&e, "AWS::S3Control::UseArnRegion");
    let code = client_params_of(params, &["Flag"], &[]);
    assert_contains(&code, "client_context_param(\"Flag\")");
}
