//! Generates a client at build time, the way a user of the generator would from their
//! build.rs: MGN's operations with URI labels, query strings and pagination, from the official
//! model in `../shared/reference` (beside the workspace). Without that model it generates
//! StartImport from the project's model and sets `cfg(no_reference_model)`, so the tests
//! that need the official model say they were skipped. It also generates an awsJson1_0 client
//! (SQS) for `tests/aws_json.rs`, a client of `models/auth.json` (one operation per auth
//! kind) for `tests/auth.rs`, a restXml client of `models/checksums.json` (operations with
//! `aws.protocols#httpChecksum`, modelled on S3's) for `tests/checksums.rs`, awsQuery and ec2Query clients of the generator's query
//! fixture for `tests/aws_query.rs` and `tests/ec2_query.rs`, a restXml client of its restXml
//! fixture for `tests/rest_xml.rs`, and the STS and SSO operations of the credential chain
//! for `tests/credential_chain.rs`.

use std::path::{Path, PathBuf};

const OPERATIONS: &[&str] = &[
    "ListTagsForResource",
    "TagResource",
    "UntagResource",
    "DescribeVcenterClients",
    // Its input (not marked `@input`) has a defaulted member, `bandwidthThrottling`.
    "UpdateReplicationConfiguration",
];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_reference_model)");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let workspace = manifest
        .parent()
        .and_then(|codegen| codegen.parent())
        .expect("this crate lives in codegen/ of the workspace");
    // As the tests find it (runtime/client/tests/reference/mod.rs): REFERENCE_DIR or
    // ../shared/reference beside the workspace.
    println!("cargo::rerun-if-env-changed=REFERENCE_DIR");
    let reference_dir = match std::env::var_os("REFERENCE_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace.join("../shared/reference"),
    };
    let reference = reference_dir.join("mgn-latest.json");
    let partitions_path = workspace.join("model/partitions.json");
    println!("cargo::rerun-if-changed={}", reference.display());
    println!("cargo::rerun-if-changed={}", partitions_path.display());

    let partitions: serde_json::Value = match std::fs::read_to_string(&partitions_path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
    {
        Ok(value) => value,
        Err(e) => fail(&format!("reading {}: {e}", partitions_path.display())),
    };
    let builder = if reference.exists() {
        smithy_codegen::Builder::new()
            .model(&reference)
            .operations(OPERATIONS.iter().copied())
    } else {
        println!("cargo::rustc-cfg=no_reference_model");
        println!(
            "cargo::rustc-env=MISSING_REFERENCE_MODEL={}",
            reference.display()
        );
        smithy_codegen::Builder::new()
            .model(workspace.join("model/mgn.json"))
            .operations(["StartImport"])
    };
    if let Err(e) = builder.compile_client_to(&out_dir, "mgn_client.rs", &partitions) {
        fail(&format!("generating the client: {e}"));
    }

    // Official models of other services: an awsJson1_0, awsQueryCompatible client (SQS) for
    // `tests/aws_json.rs`; DynamoDB, whose endpoints depend on each call, for
    // `tests/endpoint_params.rs` and `tests/dynamodb.rs`. Without the model a test says it was
    // skipped (a failure under CI).
    let models = reference_dir.join("aws-models");
    reference_client(
        &models.join("sqs-2012-11-05.json"),
        &["GetQueueUrl", "SendMessage"],
        "sqs",
        &out_dir,
        &partitions,
    );
    // The STS and SSO operations the credential chain calls by hand (runtime
    // credentials/sts.rs, credentials/sso.rs), from the official models, for
    // `tests/credential_chain.rs`, which checks that both send the same requests and read the
    // same answers.
    reference_client(
        &reference_dir.join("sts-2011-06-15.json"),
        &["AssumeRole", "AssumeRoleWithWebIdentity"],
        "sts",
        &out_dir,
        &partitions,
    );
    reference_client(
        &reference_dir.join("sso-2019-06-10.json"),
        &["GetRoleCredentials"],
        "sso",
        &out_dir,
        &partitions,
    );
    reference_client(
        &models.join("dynamodb-2012-08-10.json"),
        &[
            "DescribeTable",
            "ListTables",
            "BatchGetItem",
            "PutItem",
            "GetItem",
            "Query",
        ],
        "dynamodb",
        &out_dir,
        &partitions,
    );

    // S3's object operations, for `tests/s3.rs`: its wire quirks (errors inside 200s,
    // body-less 404s, the unwrapped GetBucketLocation, lenient Expires, request ids), its
    // signing and its endpoint rules (the bucket in the endpoint, not in the path).
    reference_client(
        &models.join("s3-2006-03-01.json"),
        &[
            "CopyObject",
            "GetBucketLocation",
            "GetObject",
            "HeadObject",
            "ListObjectsV2",
            "PutObject",
        ],
        "s3",
        &out_dir,
        &partitions,
    );

    // Models that live with this crate: endpoint parameters from each call (contextParam,
    // staticContextParams, operationContextParams) and from a client setting
    // (clientContextParams) for `tests/endpoint_settings.rs`; one operation per auth kind
    // (SigV4, none, optional, unsigned payload, bearer) for `tests/auth.rs`; operations with
    // checksums, modelled on S3's, for `tests/checksums.rs`.
    for (model, file) in [
        ("models/endpoints.json", "endpoints_client.rs"),
        ("models/auth.json", "auth_client.rs"),
        ("models/checksums.json", "checksums_client.rs"),
    ] {
        let model = manifest.join(model);
        println!("cargo::rerun-if-changed={}", model.display());
        if let Err(e) = smithy_codegen::Builder::new()
            .model(&model)
            .compile_client_to(&out_dir, file, &partitions)
        {
            fail(&format!("generating {file} from {}: {e}", model.display()));
        }
    }

    // Clients of both query protocols (form requests, XML responses), compiled as a user's
    // build.rs would.
    let query_model = workspace.join("codegen/tests/fixtures/query/query.json");
    println!("cargo::rerun-if-changed={}", query_model.display());
    for (service, file) in [
        ("example.query#QueryService", "aws_query_client.rs"),
        ("example.query#Ec2Service", "ec2_query_client.rs"),
    ] {
        if let Err(e) = smithy_codegen::Builder::new()
            .model(&query_model)
            .service(service)
            .compile_client_to(&out_dir, file, &partitions)
        {
            fail(&format!("generating {file}: {e}"));
        }
    }

    // A restXml client of the generator's restXml fixture (HTTP bindings, XML bodies).
    let rest_xml_model = workspace.join("codegen/tests/fixtures/rest_xml/rest_xml.json");
    println!("cargo::rerun-if-changed={}", rest_xml_model.display());
    if let Err(e) = smithy_codegen::Builder::new()
        .model(&rest_xml_model)
        .compile_client_to(&out_dir, "rest_xml_client.rs", &partitions)
    {
        fail(&format!("generating rest_xml_client.rs: {e}"));
    }
}

/// Generates `OUT_DIR/<name>_client.rs` with `operations` of the official `model`; when the
/// model is missing, sets `cfg(no_<name>_model)` and `MISSING_<NAME>_MODEL` (its path) for the
/// tests to report.
fn reference_client(
    model: &Path,
    operations: &[&str],
    name: &str,
    out_dir: &Path,
    partitions: &serde_json::Value,
) {
    println!("cargo::rustc-check-cfg=cfg(no_{name}_model)");
    println!("cargo::rerun-if-changed={}", model.display());
    if !model.exists() {
        println!("cargo::rustc-cfg=no_{name}_model");
        println!(
            "cargo::rustc-env=MISSING_{}_MODEL={}",
            name.to_ascii_uppercase(),
            model.display()
        );
        return;
    }
    let result = smithy_codegen::Builder::new()
        .model(model)
        .operations(operations.iter().copied())
        .compile_client_to(out_dir, &format!("{name}_client.rs"), partitions);
    if let Err(e) = result {
        fail(&format!("generating the {name} client: {e}"));
    }
}

fn fail(message: &str) -> ! {
    // A build script reports failure by exiting non-zero with the message on stderr.
    eprintln!("error: {message}");
    std::process::exit(1);
}
