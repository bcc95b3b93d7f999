//! Auth per operation: the scheme each operation's requests use, resolved from
//! `smithy.api#auth` (operation, then service), the service's auth traits (in shape-id order),
//! `smithy.api#optionalAuth` and `aws.auth#unsignedPayload`; and the generation errors for
//! operations whose schemes clients do not support.

use serde_json::{Value, json};

/// A one-operation restJson1 service with these service traits and operation traits.
fn model(service_traits: Value, op_traits: Value) -> Value {
    let mut traits = service_traits;
    traits["aws.protocols#restJson1"] = json!({});
    let mut op = op_traits;
    op["smithy.api#http"] = json!({"method": "POST", "uri": "/op"});
    json!({"smithy": "2.0", "shapes": {
        "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}],
                   "traits": traits},
        "ex#Op": {"type": "operation", "input": {"target": "ex#OpInput"}, "traits": op},
        "ex#OpInput": {"type": "structure", "members": {"name": {"target": "smithy.api#String"}},
                       "traits": {"smithy.api#input": {}}}
    }})
}

fn sigv4() -> Value {
    json!({"aws.auth#sigv4": {"name": "svc"}})
}

fn generator(model: &Value) -> (tempfile::TempDir, smithy_codegen::Builder) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.json");
    std::fs::write(&path, model.to_string()).unwrap();
    let builder = smithy_codegen::Builder::new().model(&path);
    (dir, builder)
}

/// The generated client's files without whitespace, or the generator's error (without the
/// model file's path in front).
fn client(model: &Value) -> Result<String, String> {
    let (dir, builder) = generator(model);
    let file = format!("{}: ", dir.path().join("model.json").display());
    let generated = builder
        .generate()
        .map_err(|e| e.to_string().replacen(&file, "", 1))?;
    let files = generated
        .client_files(
            "t",
            "c",
            &json!({"partitions": []}),
            "p",
            &Default::default(),
        )
        .map_err(|e| e.to_string().replacen(&file, "", 1))?;
    Ok(files
        .into_iter()
        .map(|f| f.contents)
        .collect::<String>()
        .split_whitespace()
        .collect())
}

/// The operation's generated `auth` value, e.g. `Auth::None`.
fn auth(model: &Value) -> String {
    let out = client(model).unwrap();
    let start = out
        .find("auth:::aws_client_runtime::")
        .expect("an auth field")
        + 27;
    let end = start + out[start..].find([',', '}']).unwrap();
    let end = if out[start..end].contains('{') {
        end + out[end..].find('}').unwrap() + 1
    } else {
        end
    };
    // prettyplease ends a multi-line struct literal with a comma.
    out[start..end].replace(",}", "}")
}

const SIGNED: &str = "Auth::SigV4{unsigned_payload:false,optional:false}";

#[test]
fn sigv4_by_default() {
    assert_eq!(auth(&model(sigv4(), json!({}))), SIGNED);
    let out = client(&model(sigv4(), json!({}))).unwrap();
    assert!(out.contains("signing_name:\"svc\""), "{out}");
}

#[test]
fn an_empty_auth_list_is_unsigned() {
    assert_eq!(
        auth(&model(sigv4(), json!({"smithy.api#auth": []}))),
        "Auth::None"
    );
    // STS AssumeRoleWithWebIdentity: `auth: []` and optionalAuth.
    assert_eq!(
        auth(&model(
            sigv4(),
            json!({"smithy.api#auth": [], "smithy.api#optionalAuth": {}})
        )),
        "Auth::None"
    );
    // An empty service list applies to every operation without its own.
    let mut service = sigv4();
    service["smithy.api#auth"] = json!([]);
    assert_eq!(auth(&model(service.clone(), json!({}))), "Auth::None");
    assert_eq!(
        auth(&model(
            service,
            json!({"smithy.api#auth": ["aws.auth#sigv4"]})
        )),
        SIGNED
    );
}

#[test]
fn optional_auth_and_unsigned_payload() {
    assert_eq!(
        auth(&model(sigv4(), json!({"smithy.api#optionalAuth": {}}))),
        "Auth::SigV4{unsigned_payload:false,optional:true}"
    );
    assert_eq!(
        auth(&model(sigv4(), json!({"aws.auth#unsignedPayload": {}}))),
        "Auth::SigV4{unsigned_payload:true,optional:false}"
    );
}

#[test]
fn bearer_auth_by_the_auth_lists_and_trait_order() {
    let both = || {
        let mut t = sigv4();
        t["smithy.api#httpBearerAuth"] = json!({});
        t
    };
    // No list: the service's traits in shape-id order, `aws.auth#sigv4` first.
    assert_eq!(auth(&model(both(), json!({}))), SIGNED);
    let mut bearer_first = both();
    bearer_first["smithy.api#auth"] = json!(["smithy.api#httpBearerAuth", "aws.auth#sigv4"]);
    assert_eq!(
        auth(&model(bearer_first.clone(), json!({}))),
        "Auth::Bearer{optional:false}"
    );
    // The operation's own list wins over the service's.
    assert_eq!(
        auth(&model(
            bearer_first,
            json!({"smithy.api#auth": ["aws.auth#sigv4"]})
        )),
        SIGNED
    );
    assert_eq!(
        auth(&model(
            both(),
            json!({"smithy.api#auth": ["smithy.api#httpBearerAuth"], "smithy.api#optionalAuth": {}})
        )),
        "Auth::Bearer{optional:true}"
    );
    // A bearer-only service needs no signing name; its sdkId-less name labels logs.
    let bearer_only = model(json!({"smithy.api#httpBearerAuth": {}}), json!({}));
    assert_eq!(auth(&bearer_only), "Auth::Bearer{optional:false}");
    let out = client(&bearer_only).unwrap();
    assert!(out.contains("signing_name:\"svc\""), "{out}");
}

#[test]
fn unsupported_schemes_are_skipped_for_a_supported_one() {
    // STS lists `aws.auth#sigv4a` after `aws.auth#sigv4`; the SDKs use the first they support.
    let mut service = sigv4();
    service["aws.auth#sigv4a"] = json!({"name": "svc"});
    assert_eq!(auth(&model(service.clone(), json!({}))), SIGNED);
    service["smithy.api#auth"] = json!(["aws.auth#sigv4a", "aws.auth#sigv4"]);
    assert_eq!(auth(&model(service, json!({}))), SIGNED);
}

#[test]
fn only_unsupported_schemes_is_a_generation_error() {
    for scheme in [
        "aws.auth#sigv4a",
        "smithy.api#httpApiKeyAuth",
        "smithy.api#httpBasicAuth",
        "smithy.api#httpDigestAuth",
    ] {
        let mut traits = json!({});
        traits[scheme] = match scheme {
            "aws.auth#sigv4a" => json!({"name": "svc"}),
            "smithy.api#httpApiKeyAuth" => json!({"name": "x-api-key", "in": "header"}),
            _ => json!({}),
        };
        let err = client(&model(traits, json!({}))).unwrap_err();
        assert_eq!(
            err,
            format!(
                "shape `ex#Op`: auth scheme `{scheme}` (the auth traits of the service `ex#Svc`) \
                 is not supported: clients support `aws.auth#sigv4`, `smithy.api#httpBearerAuth` \
                 and unauthenticated operations (`smithy.api#auth: []`)"
            )
        );
    }
    // From an auth list, several schemes.
    let mut service = sigv4();
    service["aws.auth#sigv4a"] = json!({"name": "svc"});
    service["smithy.api#httpBasicAuth"] = json!({});
    let err = client(&model(
        service.clone(),
        json!({"smithy.api#auth": ["aws.auth#sigv4a", "smithy.api#httpBasicAuth"]}),
    ))
    .unwrap_err();
    assert_eq!(
        err,
        "shape `ex#Op`: auth schemes `aws.auth#sigv4a`, `smithy.api#httpBasicAuth` (the \
         operation's `smithy.api#auth`) are not supported: clients support `aws.auth#sigv4`, \
         `smithy.api#httpBearerAuth` and unauthenticated operations (`smithy.api#auth: []`)"
    );
    service["smithy.api#auth"] = json!(["aws.auth#sigv4a"]);
    let err = client(&model(service, json!({}))).unwrap_err();
    assert_eq!(
        err,
        "shape `ex#Op`: auth scheme `aws.auth#sigv4a` (the `smithy.api#auth` of the service \
         `ex#Svc`) is not supported: clients support `aws.auth#sigv4`, \
         `smithy.api#httpBearerAuth` and unauthenticated operations (`smithy.api#auth: []`)"
    );
}

#[test]
fn types_still_generate_for_unsupported_auth() {
    let (_dir, builder) = generator(&model(
        json!({"aws.auth#sigv4a": {"name": "svc"}}),
        json!({}),
    ));
    let files = builder.generate().unwrap().types_crate_files().unwrap();
    assert!(!files.is_empty());
}

#[test]
fn an_auth_list_naming_an_undeclared_scheme_is_an_error() {
    let err = client(&model(
        sigv4(),
        json!({"smithy.api#auth": ["smithy.api#httpBearerAuth"]}),
    ))
    .unwrap_err();
    assert_eq!(
        err,
        "shape `ex#Op`: `smithy.api#auth` lists `smithy.api#httpBearerAuth`, which is not an \
         auth trait of the service"
    );
}
