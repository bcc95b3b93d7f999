//! The `response` fuzz target's checks (fuzz/fuzz_targets/response.rs) on its tricky inputs,
//! in the normal test suite: an injected `HttpClient` returns the response, StartImport runs
//! through the real response path, and the call must end in `Ok` or a correctly classified
//! `SdkError`, never a panic. Inputs the fuzzer finds crashing are added here.

// The helpers return the operation's own result type, whose error is what is under test.
#![allow(clippy::result_large_err)]

use std::error::Error as _;

use bytes::Bytes;
use mgn_client::operation::{StartImportError, StartImportOutput};
use mgn_client::runtime::http::{ConnectorError, ConnectorErrorKind, HttpFuture};
use mgn_client::runtime::protocol::BODY_EXCERPT_LIMIT;
use mgn_client::types::S3BucketSource;
use mgn_client::{Client, Config, Credentials, HttpClient, HttpResponse, SdkError};

type Outcome = Result<StartImportOutput, SdkError<StartImportError>>;

/// Answers every request with the same canned result.
#[derive(Debug)]
struct Canned(Result<HttpResponse, ConnectorErrorKind>);

impl HttpClient for Canned {
    fn send(&self, _request: http::Request<Bytes>) -> HttpFuture<'_> {
        let result = match &self.0 {
            Ok(response) => Ok(response.clone()),
            Err(kind) => Err(ConnectorError::new(*kind, "canned transport error")),
        };
        Box::pin(async move { result })
    }
}

/// The fuzz target's status mapping: `StatusCode` holds 100..=999 only.
fn status(raw: u16) -> http::StatusCode {
    http::StatusCode::from_u16(raw)
        .unwrap_or_else(|_| http::StatusCode::from_u16(100 + raw % 900).unwrap())
}

fn response(raw_status: u16, headers: &[(&str, &[u8])], body: &[u8]) -> HttpResponse {
    let mut map = http::HeaderMap::new();
    for (name, value) in headers {
        // As in the fuzz target: values hyper would refuse never reach the parsers.
        if let Ok(value) = http::HeaderValue::from_bytes(value) {
            map.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value,
            );
        }
    }
    HttpResponse::new(status(raw_status), map, Bytes::copy_from_slice(body))
}

fn call(canned: Canned) -> Outcome {
    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDFUZZ", "secret", None, None, "fuzz"))
            .endpoint_url("http://127.0.0.1:1")
            .max_attempts(1)
            .http_client(canned)
            .build(),
    );
    let source = S3BucketSource::builder()
        .s3_bucket("b")
        .s3_key("k.csv")
        .build()
        .unwrap();
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
        .block_on(
            client
                .start_import()
                .s3_bucket_source(source)
                .client_token("t")
                .send(),
        )
}

fn inspect(error: &SdkError<StartImportError>) {
    let _ = error.to_string();
    let _ = format!("{error:?}");
    let _ = (error.code(), error.message(), error.request_id());
    let mut cause = error.source();
    while let Some(e) = cause {
        let _ = e.to_string();
        cause = e.source();
    }
}

/// Runs one response through StartImport and applies the fuzz target's classification checks.
fn run(raw_status: u16, headers: &[(&str, &[u8])], body: &[u8]) -> Outcome {
    let r = response(raw_status, headers, body);
    let status = r.status();
    let _ = mgn_client::runtime::retry::retry_after(r.headers());
    let outcome = call(Canned(Ok(r)));
    match &outcome {
        Ok(output) => {
            assert!(status.is_success(), "Ok from HTTP {status}");
            let json = serde_json::to_string(output).unwrap();
            let again: StartImportOutput = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&again).unwrap(), json, "round trip");
        }
        Err(e @ SdkError::ResponseError(r)) => {
            assert!(status.is_success(), "response error from HTTP {status}");
            assert_eq!(r.status(), status);
            assert!(r.body_excerpt().len() <= 3 * BODY_EXCERPT_LIMIT);
            inspect(e);
        }
        Err(e @ SdkError::ServiceError(s)) => {
            assert!(!status.is_success(), "service error from HTTP {status}");
            let m = s.metadata();
            assert_eq!(m.status(), status);
            assert_eq!(e.raw_status(), Some(status));
            if let Some(code) = m.code() {
                assert!(
                    !code.is_empty() && !code.contains([':', '#']),
                    "code {code:?}"
                );
                assert_eq!(code, code.trim());
            }
            assert!(m.body_excerpt().len() <= 3 * BODY_EXCERPT_LIMIT);
            inspect(e);
        }
        Err(other) => panic!("misclassified: {other:?} for HTTP {status}"),
    }
    outcome
}

fn service_error(outcome: Outcome) -> (StartImportError, mgn_client::ErrorMetadata) {
    match outcome {
        Err(SdkError::ServiceError(s)) => {
            let metadata = s.metadata().clone();
            (s.into_err(), metadata)
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn nested(depth: usize, open: &str, close: &str) -> Vec<u8> {
    format!("{}{}", open.repeat(depth), close.repeat(depth)).into_bytes()
}

#[test]
fn empty_and_blank_bodies() {
    for body in [&b""[..], b" \r\n\t "] {
        let output = run(200, &[], body).expect("an empty 2xx body is an empty output");
        assert!(output.import_task.is_none());
        run(202, &[], body).expect("any 2xx");
        let (err, m) = service_error(run(500, &[], body));
        assert!(matches!(err, StartImportError::Unhandled(_)));
        assert_eq!((m.code(), m.message()), (None, None));
    }
}

#[test]
fn every_status_class_and_the_edges() {
    for raw in [
        100, 101, 199, 200, 204, 299, 300, 304, 399, 400, 429, 499, 500, 599, 600, 999,
    ] {
        let outcome = run(raw, &[], b"{}");
        assert_eq!(outcome.is_ok(), (200..300).contains(&raw), "HTTP {raw}");
    }
    // Out of StatusCode's range: folded as the fuzz target does, still classified.
    for raw in [0, 1, 99, 1000, 40_000, u16::MAX] {
        let _ = run(raw, &[], b"{\"importTask\":{}}");
    }
}

#[test]
fn header_values_that_are_not_utf8_are_ignored() {
    let obs_text: &[u8] = b"Conflict\xffException\x80";
    let (err, m) = service_error(run(
        409,
        &[
            ("x-amzn-errortype", obs_text),
            ("x-amzn-requestid", b"\xfe\xfe"),
            ("x-amz-request-id", b"fallback"),
            ("content-type", b"application/\xe9json"),
            ("x-amz-retry-after", b"\xff1000"),
        ],
        br#"{"code":"ValidationException","message":"m"}"#,
    ));
    // The header is unreadable, so the body's code decides.
    assert_eq!(m.code(), Some("ValidationException"));
    assert!(err.is_validation_exception());
    assert_eq!(m.request_id(), Some("fallback"));
    // Control characters never make a HeaderValue; the response still parses.
    run(200, &[("x-amzn-requestid", b"a\x00b\nc")], b"{}").unwrap();
}

#[test]
fn degenerate_error_codes() {
    for code in [
        &b""[..],
        b" ",
        b":",
        b"#",
        b"a#",
        b"#:x",
        b"aws.mgn#",
        b"\t:\t",
    ] {
        let (err, m) = service_error(run(400, &[("x-amzn-errortype", code)], b"{}"));
        assert_eq!(m.code(), None, "{:?}", String::from_utf8_lossy(code));
        assert!(matches!(err, StartImportError::Unhandled(_)));
    }
    let (_, m) = service_error(run(
        400,
        &[("x-amzn-errortype", b" a#b#ConflictException :x#y")],
        b"{}",
    ));
    assert_eq!(m.code(), Some("ConflictException"));
    // Non-string codes and messages in the body contribute nothing.
    let (_, m) = service_error(run(
        400,
        &[],
        br#"{"code":{"a":1},"__type":["x"],"message":7,"Message":null}"#,
    ));
    assert_eq!((m.code(), m.message()), (None, None));
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    for body in [nested(100_000, "[", "]"), nested(100_000, "{\"a\":", "}")] {
        assert!(matches!(
            run(200, &[], &body),
            Err(SdkError::ResponseError(_))
        ));
        let (err, m) = service_error(run(
            409,
            &[("x-amzn-errortype", b"ConflictException")],
            &body,
        ));
        // A modeled error whose body does not parse becomes unhandled, code kept.
        assert!(matches!(err, StartImportError::Unhandled(_)));
        assert_eq!(m.code(), Some("ConflictException"));
        assert_eq!(m.body_excerpt().len(), BODY_EXCERPT_LIMIT);
    }
    // Nesting inside known members, deeper than serde_json's recursion limit.
    let mut body = b"{\"importTask\":{\"summary\":{\"waves\":".to_vec();
    body.extend(nested(10_000, "[", "]"));
    body.extend(b"}}}");
    assert!(matches!(
        run(200, &[], &body),
        Err(SdkError::ResponseError(_))
    ));
}

#[test]
fn bodies_that_are_not_json_or_not_utf8() {
    let garbage: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    assert!(matches!(
        run(200, &[], &garbage),
        Err(SdkError::ResponseError(_))
    ));
    let (_, m) = service_error(run(503, &[], &garbage));
    assert!(m.body_excerpt().contains('\u{fffd}'));
    // A multi-byte character cut at the excerpt limit.
    let body = "é".repeat(BODY_EXCERPT_LIMIT).into_bytes();
    let (_, m) = service_error(run(500, &[], &body));
    assert!(m.body_excerpt().len() <= BODY_EXCERPT_LIMIT + 3);
    for body in [
        &b"null"[..],
        b"[]",
        b"1",
        b"\"s\"",
        b"{",
        b"{}}",
        b"\xef\xbb\xbf{}",
    ] {
        let _ = run(200, &[], body);
        let _ = run(400, &[], body);
    }
}

#[test]
fn wrong_types_and_odd_values_in_known_members() {
    let ok = |body: &str| run(200, &[], body.as_bytes()).unwrap();
    let output = ok(r#"{"importTask":{"progressPercentage":"NaN","status":"","summary":null}}"#);
    let task = output.import_task.unwrap();
    assert!(task.progress_percentage.unwrap().is_nan());
    ok(r#"{"importTask":{"progressPercentage":"-Infinity","status":"FROBNICATING"}}"#);
    ok(r#"{"importTask":{"progressPercentage":1e39}}"#);
    ok(r#"{"importTask":{"progressPercentage":null},"unknown":[{"deep":{"x":[1,2,3]}}]}"#);
    for body in [
        r#"{"importTask":{"progressPercentage":"nan"}}"#,
        r#"{"importTask":{"progressPercentage":true}}"#,
        r#"{"importTask":{"summary":{"waves":{"createdCount":-1}}}}"#,
        r#"{"importTask":{"summary":{"waves":{"createdCount":1.5}}}}"#,
        r#"{"importTask":{"summary":{"waves":{"createdCount":18446744073709551616}}}}"#,
        r#"{"importTask":{"importID":1}}"#,
        r#"{"importTask":[]}"#,
        r#"{"importTask":{},"importTask":{}}"#,
    ] {
        // Either parsed or a response error; `run` checks the classification.
        let _ = run(200, &[], body.as_bytes());
    }
    // Modeled errors with wrong member types are unhandled, not a panic.
    let (err, _) = service_error(run(
        400,
        &[("x-amzn-errortype", b"ValidationException")],
        br#"{"message":"m","fieldList":[{"name":1}],"reason":{}}"#,
    ));
    assert!(matches!(err, StartImportError::Unhandled(_)));
    let (err, _) = service_error(run(
        402,
        &[("x-amzn-errortype", b"ServiceQuotaExceededException")],
        br#"{"message":"m","quotaValue":"NaN"}"#,
    ));
    let _ = err.to_string();
}

#[test]
fn retry_after_values_do_not_matter_with_one_attempt() {
    for value in [
        &b"0"[..],
        b"18446744073709551615",
        b"18446744073709551616",
        b"-1",
        b"1e3",
        b"",
    ] {
        let (_, m) = service_error(run(
            503,
            &[
                ("x-amz-retry-after", value),
                ("x-amzn-errortype", b"ThrottlingException"),
            ],
            b"",
        ));
        assert_eq!(m.code(), Some("ThrottlingException"));
    }
    assert_eq!(
        mgn_client::runtime::retry::retry_after(&{
            let mut h = http::HeaderMap::new();
            h.insert("x-amz-retry-after", "18446744073709551615".parse().unwrap());
            h
        }),
        Some(std::time::Duration::from_millis(u64::MAX))
    );
}

#[test]
fn transport_errors_are_dispatch_failures() {
    for kind in [
        ConnectorErrorKind::Timeout,
        ConnectorErrorKind::Io,
        ConnectorErrorKind::MalformedResponse,
        ConnectorErrorKind::Other,
    ] {
        match call(Canned(Err(kind))) {
            Err(e @ SdkError::DispatchFailure(_)) => inspect(&e),
            other => panic!("{kind:?}: {other:?}"),
        }
    }
}
