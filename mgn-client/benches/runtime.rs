//! Micro benchmarks of the client's per-call work: `cargo bench -p mgn-client --bench runtime`.
//!
//! - serializing a `StartImportInput` (serde_json over mgn-types);
//! - deserializing a typical `StartImportOutput`, and a 1 MB body full of unknown members;
//! - error metadata of each kind of error response (`X-Amzn-Errortype` header, body `code`,
//!   body `__type`, an HTML 503 page), plus the typed parse of a modeled error body;
//! - SigV4 signing with the runtime's own signer (`aws_client_runtime::sigv4`, over ring; over
//!   OpenSSL with `--no-default-features --features native-tls`): bare
//!   with a warm signing key cache (what a client does after its first call of the day), with a
//!   cold cache (the key derived each time, like aws-sigv4), and as the client does it (clone
//!   the request, sign, insert); and, for comparison, with aws-sigv4 (a dev-dependency only),
//!   bare and as the runtime used to wrap it (header collection, the tracing guard, header
//!   insertion);
//! - one whole `start_import().send()` through a fake in-process transport (everything the
//!   client does per call except the network).
//!
//! Generation from `model/` is measured by `cargo bench -p smithy-codegen --bench generate`.

use bytes::Bytes;
use mgn_client::HttpResponse;
use mgn_client::operation::{StartImportInput, StartImportOutput};
use mgn_client::types::S3BucketSource;
use std::time::{Duration, SystemTime};

fn main() {
    divan::main();
}

const OUTPUT: &str = r#"{"importTask":{"importID":"mgn-import-0123456789abcdef0","s3BucketSource":{"s3Bucket":"my-bucket","s3Key":"imports/servers.csv"},"status":"STARTED","creationDateTime":"2024-05-01T12:00:00.000000+00:00","endDateTime":"2024-05-01T12:05:00.000000+00:00","progressPercentage":42.5,"summary":{"waves":{"createdCount":2,"modifiedCount":0},"applications":{"createdCount":5,"modifiedCount":1},"servers":{"createdCount":40,"modifiedCount":3}}}}"#;

fn input() -> StartImportInput {
    StartImportInput::builder()
        .client_token("9afc0be0-abad-4d20-8655-e28afa96d333")
        .s3_bucket_source(
            S3BucketSource::builder()
                .s3_bucket("my-bucket")
                .s3_key("imports/servers.csv")
                .s3_bucket_owner("123456789012")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap()
}

/// About 1 MB: the typical output with unknown members at several depths (strings, numbers,
/// nested objects and arrays), all of which must be skipped.
fn big_unknown_body() -> Vec<u8> {
    let mut unknown = String::new();
    let mut i = 0;
    while unknown.len() < 1_000_000 {
        unknown.push_str(&format!(
            r#""unknown{i}":{{"s":"{}","n":{i}.5,"a":[1,2,{{"x":null,"y":[true,false]}}],"o":{{"deep":{{"deeper":"\u00e9\n"}}}}}},"#,
            "v".repeat(64)
        ));
        i += 1;
    }
    let body = OUTPUT.replacen(r#"{"importID""#, &format!(r#"{{{unknown}"importID""#), 1);
    format!(
        r#"{{{unknown}"importTask":{}"#,
        &body[r#"{"importTask":"#.len()..]
    )
    .into_bytes()
}

#[divan::bench]
fn serialize_input(bencher: divan::Bencher) {
    let input = input();
    bencher.bench(|| serde_json::to_vec(divan::black_box(&input)).unwrap());
}

#[divan::bench]
fn deserialize_output_typical(bencher: divan::Bencher) {
    bencher.bench(|| {
        serde_json::from_slice::<StartImportOutput>(divan::black_box(OUTPUT.as_bytes())).unwrap()
    });
}

#[divan::bench(sample_count = 30)]
fn deserialize_output_1mb_unknown_members(bencher: divan::Bencher) {
    let body = big_unknown_body();
    let out: StartImportOutput = serde_json::from_slice(&body).unwrap();
    assert!(out.import_task.is_some_and(|t| t.import_id.is_some()));
    bencher
        .counter(divan::counter::BytesCount::new(body.len()))
        .bench(|| serde_json::from_slice::<StartImportOutput>(divan::black_box(&body)).unwrap());
}

fn response(status: u16, headers: &[(&'static str, &'static str)], body: &str) -> HttpResponse {
    let mut map = http::HeaderMap::new();
    map.insert("x-amzn-requestid", "req-1".parse().unwrap());
    for (k, v) in headers {
        map.insert(*k, v.parse().unwrap());
    }
    HttpResponse::new(
        http::StatusCode::from_u16(status).unwrap(),
        map,
        Bytes::from(body.to_owned()),
    )
}

/// Each kind of error response: the code from the header, the body's `code`, the body's
/// `__type`, and an HTML 503 page whose only code is the header.
#[divan::bench(args = ["header", "code", "__type", "html_503"])]
fn error_metadata(bencher: divan::Bencher, kind: &str) {
    let resp = match kind {
        "header" => response(
            409,
            &[
                ("content-type", "application/json"),
                (
                    "x-amzn-errortype",
                    "ConflictException:http://internal.amazon.com/",
                ),
            ],
            r#"{"message":"import already running","resourceId":"mgn-import-1","resourceType":"IMPORT"}"#,
        ),
        "code" => response(
            409,
            &[("content-type", "application/json")],
            r#"{"code":"ConflictException","message":"import already running","resourceId":"mgn-import-1"}"#,
        ),
        "__type" => response(
            400,
            &[("content-type", "application/json")],
            r#"{"__type":"aws.mgn#ValidationException","message":"bad key","reason":"fieldValidationFailed","fieldList":[{"name":"s3Key","message":"must end with .csv"}]}"#,
        ),
        _ => response(
            503,
            &[
                ("content-type", "text/html"),
                ("x-amzn-errortype", "ServiceUnavailableException"),
            ],
            "<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>",
        ),
    };
    let expected = mgn_client::runtime::Protocol::RestJson1.error_metadata(&resp);
    assert!(expected.code().is_some(), "{kind}");
    bencher
        .bench(|| mgn_client::runtime::Protocol::RestJson1.error_metadata(divan::black_box(&resp)));
}

/// The typed parse of a modeled error body, after the metadata (what the runtime does for a
/// `ConflictException`).
#[divan::bench]
fn error_modeled_conflict_body(bencher: divan::Bencher) {
    let body = br#"{"message":"import already running","code":"ConflictException","resourceId":"mgn-import-1","resourceType":"IMPORT","errors":[{"code":"E1","message":"m","resourceId":"r","resourceType":"t"}]}"#;
    bencher.bench(|| {
        serde_json::from_slice::<mgn_client::error::ConflictException>(divan::black_box(body))
            .unwrap()
    });
}

fn request_to_sign() -> http::Request<Bytes> {
    let body = Bytes::from(serde_json::to_vec(&input()).unwrap());
    http::Request::builder()
        .method("POST")
        .uri("https://mgn.us-east-1.amazonaws.com/StartImport")
        .header("content-type", "application/json")
        .header("content-length", body.len())
        .header("host", "mgn.us-east-1.amazonaws.com")
        .header(
            "x-amz-user-agent",
            "mgn-client-rust/0.1.0 ua/2.1 api/mgn/0.1.0 os/linux lang/rust",
        )
        .body(body)
        .unwrap()
}

fn credentials() -> aws_credential_types::Credentials {
    aws_credential_types::Credentials::new("AKIDEXAMPLE", "SECRET", None, None, "bench")
}

fn our_params(time: SystemTime) -> mgn_client::runtime::sigv4::SigningParams<'static> {
    mgn_client::runtime::sigv4::SigningParams {
        access_key_id: "AKIDEXAMPLE",
        secret_access_key: "SECRET",
        session_token: None,
        region: "us-east-1",
        service: "mgn",
        time,
        settings: Default::default(),
    }
}

/// Our signer, with the signing key already cached (every call after a client's first of the
/// day): canonical request and string to sign streamed into SHA-256 and HMAC, one signature.
#[divan::bench]
fn sign_ours_bare(bencher: divan::Bencher) {
    use mgn_client::runtime::sigv4::{Payload, SigningKeyCache, sign_request};
    let base = request_to_sign();
    let cache = SigningKeyCache::new();
    bencher
        .with_inputs(|| base.clone())
        .bench_local_refs(|request| {
            let body = request.body().clone();
            sign_request(
                request,
                Payload::Bytes(&body),
                &our_params(SystemTime::now()),
                &cache,
            )
            .unwrap()
        });
}

/// Our signer with an empty key cache each time: the key is derived (four HMACs) on every
/// call, as aws-sigv4 does.
#[divan::bench]
fn sign_ours_cold_key(bencher: divan::Bencher) {
    use mgn_client::runtime::sigv4::{Payload, SigningKeyCache, sign_request};
    let base = request_to_sign();
    bencher
        .with_inputs(|| (base.clone(), SigningKeyCache::new()))
        .bench_local_refs(|(request, cache)| {
            let body = request.body().clone();
            sign_request(
                request,
                Payload::Bytes(&body),
                &our_params(SystemTime::now()),
                cache,
            )
            .unwrap()
        });
}

/// As the client signs each attempt: clone the base request, sign it with the client's key
/// cache (warm), return the signed request.
#[divan::bench]
fn sign_ours_as_runtime(bencher: divan::Bencher) {
    use mgn_client::runtime::sigv4::{Payload, SigningKeyCache, sign_request};
    let base = request_to_sign();
    let cache = SigningKeyCache::new();
    bencher.bench(|| {
        let mut request = base.clone();
        let body = request.body().clone();
        sign_request(
            &mut request,
            Payload::Bytes(&body),
            &our_params(SystemTime::now()),
            &cache,
        )
        .unwrap();
        request
    });
}

/// aws-sigv4 alone: canonical request, string to sign, key derivation, signature.
#[divan::bench]
fn sign_aws_sigv4_bare(bencher: divan::Bencher) {
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
    let request = request_to_sign();
    let creds = credentials();
    let uri = request.uri().to_string();
    bencher.bench(|| {
        let identity = creds.clone().into();
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name("mgn")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let signable = SignableRequest::new(
            "POST",
            uri.as_str(),
            request
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str(), v.to_str().unwrap())),
            SignableBody::Bytes(request.body()),
        )
        .unwrap();
        sign(signable, &params).unwrap().into_parts()
    });
}

/// As the runtime's `signing.rs` did with aws-sigv4 (before our signer): clone the request,
/// collect its headers, sign under a `NoSubscriber` guard, insert the new headers.
#[divan::bench]
fn sign_aws_sigv4_as_old_runtime(bencher: divan::Bencher) {
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
    let base = request_to_sign();
    let creds = credentials();
    bencher.bench(|| {
        let mut request = base.clone();
        let headers = request
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str(), v.to_str().unwrap()))
            .collect::<Vec<_>>();
        let uri = request.uri().to_string();
        let signable = SignableRequest::new(
            request.method().as_str(),
            uri.as_str(),
            headers.into_iter(),
            SignableBody::Bytes(request.body()),
        )
        .unwrap();
        let identity = creds.clone().into();
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name("mgn")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let output =
            tracing::subscriber::with_default(tracing::subscriber::NoSubscriber::default(), || {
                sign(signable, &params)
            })
            .unwrap();
        let (instructions, _) = output.into_parts();
        let (new_headers, _) = instructions.into_parts();
        for h in new_headers {
            let name = http::HeaderName::from_bytes(h.name().as_bytes()).unwrap();
            let mut value = http::HeaderValue::from_str(h.value()).unwrap();
            value.set_sensitive(h.sensitive());
            request.headers_mut().insert(name, value);
        }
        request
    });
}

/// A transport that answers every request with the typical 202 at once.
#[derive(Debug)]
struct Fake(HttpResponse);

impl mgn_client::HttpClient for Fake {
    fn send(&self, request: http::Request<Bytes>) -> mgn_client::runtime::http::HttpFuture<'_> {
        drop(request);
        let response = self.0.clone();
        Box::pin(async move { Ok(response) })
    }
}

/// One whole call (builder, serialization, endpoint, credentials, signing, headers, timeout
/// wrapper, response parsing) through [`Fake`]: the client's own cost per call, without I/O.
#[divan::bench]
fn call_with_fake_transport(bencher: divan::Bencher) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ok = response(202, &[("content-type", "application/json")], OUTPUT);
    let client = mgn_client::Client::from_conf(
        mgn_client::Config::builder()
            .region("us-east-1")
            .credentials(mgn_client::Credentials::new(
                "AKIDEXAMPLE",
                "SECRET",
                None,
                None,
                "bench",
            ))
            .endpoint_url("http://127.0.0.1:1")
            .attempt_timeout(Duration::from_secs(30))
            .http_client(Fake(ok))
            .build(),
    );
    let source = S3BucketSource::builder()
        .s3_bucket("b")
        .s3_key("k.csv")
        .build()
        .unwrap();
    bencher.bench(|| {
        runtime.block_on(async {
            client
                .start_import()
                .s3_bucket_source(source.clone())
                .send()
                .await
                .unwrap()
        })
    });
}
