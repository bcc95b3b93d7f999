//! The service customizations of `smithy_codegen::customize` in generated code: S3 (by its
//! shape id) gets S3's signing settings, error rules, lenient `Expires` and request ids in its
//! outputs; any other service
//! with the same shapes gets none of them; `s3UnwrappedXmlOutput` (a trait, for any service)
//! reads the root element as the output's member.

use serde_json::{Value, json};

/// A restXml service `service_id` (namespace `ex` for shapes) with GetBucketLocation
/// (`s3UnwrappedXmlOutput`) and HeadObject (an `Expires` header, a string as in S3's model).
fn model(service_id: &str, location_members: Value) -> Value {
    json!({"smithy": "2.0", "shapes": {
        service_id: {"type": "service", "version": "2006-03-01",
            "operations": [{"target": "ex#GetBucketLocation"}, {"target": "ex#HeadObject"}],
            "traits": {"aws.protocols#restXml": {"noErrorWrapping": true},
                       "aws.auth#sigv4": {"name": "s3"},
                       "aws.api#service": {"sdkId": "S3"}}},
        "ex#GetBucketLocation": {"type": "operation",
            "input": {"target": "ex#GetBucketLocationRequest"},
            "output": {"target": "ex#GetBucketLocationOutput"},
            "traits": {"smithy.api#http": {"method": "GET", "uri": "/{Bucket}?location"},
                       "aws.customizations#s3UnwrappedXmlOutput": {}}},
        "ex#GetBucketLocationRequest": {"type": "structure", "members": {
            "Bucket": {"target": "smithy.api#String",
                       "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}}},
        "ex#GetBucketLocationOutput": {"type": "structure", "members": location_members,
            "traits": {"smithy.api#xmlName": "LocationConstraint"}},
        "ex#HeadObject": {"type": "operation",
            "input": {"target": "ex#HeadObjectRequest"},
            "output": {"target": "ex#HeadObjectOutput"},
            "traits": {"smithy.api#http": {"method": "HEAD", "uri": "/{Bucket}/{Key+}"}}},
        "ex#HeadObjectRequest": {"type": "structure", "members": {
            "Bucket": {"target": "smithy.api#String",
                       "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
            "Key": {"target": "smithy.api#String",
                    "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}}},
        "ex#HeadObjectOutput": {"type": "structure", "members": {
            "Expires": {"target": "smithy.api#String",
                        "traits": {"smithy.api#httpHeader": "Expires"}},
            "ETag": {"target": "smithy.api#String",
                     "traits": {"smithy.api#httpHeader": "ETag"}}}}
    }})
}

fn one_member() -> Value {
    json!({"LocationConstraint": {"target": "smithy.api#String"}})
}

/// The generated types and client files joined, or the generator's error.
fn generate(model: &Value) -> Result<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.json");
    std::fs::write(&path, model.to_string()).unwrap();
    let generated = smithy_codegen::Builder::new()
        .model(&path)
        .all_operations()
        .generate()
        .map_err(|e| e.to_string())?;
    let mut out: String = generated
        .types_crate_files()
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|f| f.contents)
        .collect();
    let client = generated
        .client_files(
            "t",
            "c",
            &json!({"partitions": []}),
            "p",
            &Default::default(),
        )
        .map_err(|e| e.to_string())?;
    out.extend(client.into_iter().map(|f| f.contents));
    Ok(out)
}

#[test]
fn s3_gets_its_signing_error_rules_and_lenient_expires() {
    let out = generate(&model("com.amazonaws.s3#AmazonS3", one_member())).unwrap();
    assert!(out.contains("signing: ::aws_client_runtime::sigv4::SigningSettings::S3,"));
    assert!(out.contains("error_rules: ::aws_client_runtime::protocol::ErrorRules::S3,"));
    // The string beside the date, read from the same header; the date read leniently.
    assert!(out.contains("pub expires_string: ::std::option::Option<::std::string::String>"));
    // Every output has the request ids (GetBucketLocation's and HeadObject's).
    for field in ["request_id", "extended_request_id"] {
        let declaration = format!("pub {field}: ::std::option::Option<::std::string::String>");
        assert_eq!(out.matches(&declaration).count(), 2, "{field}");
    }
    let compact: String = out.split_whitespace().collect();
    assert!(compact.contains("header_text(response.headers(),\"x-amz-id-2\",)"));
    // The model's string is a date, as in aws-sdk-s3.
    assert!(
        compact.contains("pubexpires:::std::option::Option<::smithy_types_runtime::DateTime>"),
        "{out}"
    );
    assert!(
        compact.contains("parse_timestamp_header(\"Expires\",text,")
            && compact.contains("TextFormat::HttpDate,).ok()"),
        "the Expires date is not read leniently"
    );
}

#[test]
fn another_service_with_the_same_shapes_gets_none_of_it() {
    let out = generate(&model("com.example#AmazonS3", one_member())).unwrap();
    assert!(out.contains("signing: ::aws_client_runtime::sigv4::SigningSettings::STANDARD,"));
    assert!(out.contains("error_rules: ::aws_client_runtime::protocol::ErrorRules::STANDARD,"));
    assert!(!out.contains("expires_string"));
    assert!(!out.contains("x-amz-id-2") && !out.contains("pub request_id"));
    let compact: String = out.split_whitespace().collect();
    assert!(compact.contains("pubexpires:::std::option::Option<::std::string::String>"));
    let compact: String = out.split_whitespace().collect();
    assert!(!compact.contains("TextFormat::HttpDate,).ok()"));
    // The trait applies to any service.
    assert!(out.contains("(s3UnwrappedXmlOutput)"));
}

#[test]
fn an_unwrapped_output_reads_its_root_as_the_member() {
    let out = generate(&model("com.amazonaws.s3#AmazonS3", one_member())).unwrap();
    assert!(
        out.contains(
            "expected the root element `LocationConstraint` (s3UnwrappedXmlOutput), found `{}`"
        ),
        "{out}"
    );
}

#[test]
fn an_unwrapped_output_needs_exactly_one_body_member() {
    let two = json!({
        "LocationConstraint": {"target": "smithy.api#String"},
        "Other": {"target": "smithy.api#String"}
    });
    let error = generate(&model("com.amazonaws.s3#AmazonS3", two)).unwrap_err();
    assert!(
        error.contains("ex#GetBucketLocationOutput")
            && error.contains("needs exactly one body member; the output has 2"),
        "{error}"
    );
}
