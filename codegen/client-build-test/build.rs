//! Generates a client at build time, the way a user of the generator would from their
//! build.rs: MGN's operations with URI labels, query strings and pagination, from the official
//! model in `../shared/reference` (beside the workspace). Without that model it generates
//! StartImport from the project's model and sets `cfg(no_reference_model)`, so the tests
//! that need the official model say they were skipped. It also generates an awsJson1_0 client
//! (SQS) for `tests/aws_json.rs`, and a client of `models/auth.json` (one operation per auth
//! kind) for `tests/auth.rs`.

use std::path::PathBuf;

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
    let reference = workspace.join("../shared/reference/mgn-latest.json");
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
        codegen::Builder::new()
            .model(&reference)
            .operations(OPERATIONS.iter().copied())
    } else {
        println!("cargo::rustc-cfg=no_reference_model");
        codegen::Builder::new()
            .model(workspace.join("model/mgn.json"))
            .operations(["StartImport"])
    };
    if let Err(e) = builder.compile_client_to(&out_dir, "mgn_client.rs", &partitions) {
        fail(&format!("generating the client: {e}"));
    }

    // An awsJson1_0, awsQueryCompatible client (SQS), included by `tests/aws_json.rs` at its
    // crate root. Without the reference models the test says it was skipped.
    let sqs = workspace.join("../shared/reference/aws-models/sqs-2012-11-05.json");
    println!("cargo::rerun-if-changed={}", sqs.display());
    println!("cargo::rustc-check-cfg=cfg(no_sqs_model)");
    if sqs.exists() {
        let result = codegen::Builder::new()
            .model(&sqs)
            .operations(["GetQueueUrl", "SendMessage"])
            .compile_client_to(&out_dir, "sqs_client.rs", &partitions);
        if let Err(e) = result {
            fail(&format!("generating the SQS client: {e}"));
        }
    } else {
        println!("cargo::rustc-cfg=no_sqs_model");
    }

    // A client whose endpoint depends on each call (DynamoDB: `contextParam`,
    // `operationContextParams`, the credentials' account id), for `tests/endpoint_params.rs`.
    let dynamodb = workspace.join("../shared/reference/aws-models/dynamodb-2012-08-10.json");
    println!("cargo::rerun-if-changed={}", dynamodb.display());
    println!("cargo::rustc-check-cfg=cfg(no_dynamodb_model)");
    if dynamodb.exists() {
        let result = codegen::Builder::new()
            .model(&dynamodb)
            .operations([
                "DescribeTable",
                "ListTables",
                "BatchGetItem",
                "PutItem",
                "GetItem",
                "Query",
            ])
            .compile_client_to(&out_dir, "dynamodb_client.rs", &partitions);
        if let Err(e) = result {
            fail(&format!("generating the DynamoDB client: {e}"));
        }
    } else {
        println!("cargo::rustc-cfg=no_dynamodb_model");
    }

    // Endpoint parameters from each call (contextParam, staticContextParams,
    // operationContextParams) and from a client setting (clientContextParams), for
    // `tests/endpoint_settings.rs`; the model lives with this crate.
    let endpoints = manifest.join("models/endpoints.json");
    println!("cargo::rerun-if-changed={}", endpoints.display());
    let result = codegen::Builder::new().model(&endpoints).compile_client_to(
        &out_dir,
        "endpoints_client.rs",
        &partitions,
    );
    if let Err(e) = result {
        fail(&format!("generating the endpoint example client: {e}"));
    }

    // One operation per auth kind (SigV4, none, optional, unsigned payload, bearer), for
    // `tests/auth.rs`; the model lives with this crate.
    let auth = manifest.join("models/auth.json");
    println!("cargo::rerun-if-changed={}", auth.display());
    let result = codegen::Builder::new().model(&auth).compile_client_to(
        &out_dir,
        "auth_client.rs",
        &partitions,
    );
    if let Err(e) = result {
        fail(&format!("generating the auth example client: {e}"));
    }
}

fn fail(message: &str) -> ! {
    // A build script reports failure by exiting non-zero with the message on stderr.
    eprintln!("error: {message}");
    std::process::exit(1);
}
