//! StartImport end to end against the loopback test server (`tests/support`), which verifies
//! the SigV4 signature of every request it receives and scripts the replies.

#[path = "../../runtime/client/tests/support/mod.rs"]
mod support;

use mgn_client::operation::{StartImportError, StartImportOutput};
use mgn_client::types::{ImportStatus, S3BucketSource};
use mgn_client::{Client, Config, Credentials, SdkError};
use std::time::Duration;
use support::{Recorded, Reply, TestServer};

type Outcome = Result<StartImportOutput, SdkError<StartImportError>>;

fn config(server: &TestServer) -> mgn_client::ConfigBuilder {
    Config::builder()
        .region(support::REGION)
        .credentials(Credentials::new(
            support::ACCESS_KEY_ID,
            support::SECRET_ACCESS_KEY,
            None,
            None,
            "test",
        ))
        .endpoint_url(server.endpoint_url())
        .initial_backoff(Duration::from_millis(1))
}

fn client(server: &TestServer) -> Client {
    Client::from_conf(config(server).build())
}

fn source() -> S3BucketSource {
    S3BucketSource::builder()
        .s3_bucket("b")
        .s3_key("k.csv")
        .build()
        .expect("bucket and key are set")
}

/// StartImport with an explicit client token.
async fn start(client: &Client) -> Outcome {
    client
        .start_import()
        .s3_bucket_source(source())
        .client_token("t")
        .send()
        .await
}

/// StartImport leaving the client token to the SDK.
async fn start_auto_token(client: &Client) -> Outcome {
    client
        .start_import()
        .s3_bucket_source(source())
        .send()
        .await
}

fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 36
        && s.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_digit() || ('a'..='f').contains(&c)
            }
        })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

/// All attempts verified and are the same call: identical body (so identical clientToken)
/// and invocation id, numbered `attempt=N; max=3`, with the WIRE.md headers.
fn assert_attempts(server: &TestServer, n: usize) -> Vec<Recorded> {
    let reqs = server.requests();
    assert_eq!(reqs.len(), n, "attempts: {reqs:#?}");
    let first = &reqs[0];
    let id = first.header("amz-sdk-invocation-id").unwrap();
    assert!(is_uuid_v4(id), "{id}");
    for (i, r) in reqs.iter().enumerate() {
        assert_eq!(r.signature, Ok(()), "attempt {}", i + 1);
        assert_eq!(r.method, "POST");
        assert_eq!(r.target, "/StartImport");
        assert_eq!(r.body, first.body, "attempt {} body", i + 1);
        assert_eq!(r.json()["clientToken"], first.json()["clientToken"]);
        assert_eq!(r.header("amz-sdk-invocation-id"), Some(id));
        let want = format!("attempt={}; max=3", i + 1);
        assert_eq!(r.header("amz-sdk-request"), Some(want.as_str()));
        assert_eq!(r.header("content-type"), Some("application/json"));
        let len = r.body.len().to_string();
        assert_eq!(r.header("content-length"), Some(len.as_str()));
        assert_eq!(r.header("host"), Some(server.host().as_str()));
        assert_eq!(r.header("x-amz-content-sha256"), None);
    }
    reqs
}

const FULL: &str = r#"{"importTask":{
  "importID":"import-1234567890abcdef0",
  "s3BucketSource":{"s3Bucket":"my-bucket","s3Key":"ok.csv","s3BucketOwner":"123456789012"},
  "status":"STARTED",
  "progressPercentage":12.5,
  "creationDateTime":"2024-01-01T00:00:00Z",
  "endDateTime":"2024-01-01T01:00:00Z",
  "summary":{
    "applications":{"createdCount":1,"modifiedCount":2},
    "servers":{"createdCount":3,"modifiedCount":4},
    "waves":{"createdCount":5,"modifiedCount":6}}}}"#;

#[tokio::test]
async fn full_202_and_the_exact_request() {
    let server = TestServer::start(vec![Reply::json(202, FULL)]).await;
    let out = start(&client(&server)).await.unwrap();
    let reqs = assert_attempts(&server, 1);
    assert_eq!(
        String::from_utf8(reqs[0].body.clone()).unwrap(),
        r#"{"clientToken":"t","s3BucketSource":{"s3Bucket":"b","s3Key":"k.csv"}}"#
    );
    let task = out.import_task.expect("importTask");
    assert_eq!(task.import_id.as_deref(), Some("import-1234567890abcdef0"));
    assert_eq!(task.status, Some(ImportStatus::Started));
    assert_eq!(task.progress_percentage, Some(12.5));
    assert_eq!(
        task.creation_date_time.as_deref(),
        Some("2024-01-01T00:00:00Z")
    );
    assert_eq!(task.end_date_time.as_deref(), Some("2024-01-01T01:00:00Z"));
    let src = task.s3_bucket_source.expect("s3BucketSource");
    assert_eq!(src.s3_bucket, "my-bucket");
    assert_eq!(src.s3_key, "ok.csv");
    assert_eq!(src.s3_bucket_owner.as_deref(), Some("123456789012"));
    let summary = task.summary.expect("summary");
    assert_eq!(summary.applications.unwrap().modified_count, 2);
    assert_eq!(summary.servers.unwrap().created_count, 3);
    assert_eq!(summary.waves.unwrap().modified_count, 6);
}

#[tokio::test]
async fn partial_empty_and_unknown_202s() {
    let server = TestServer::start(vec![
        Reply::json(202, r#"{"importTask":{"importID":"i-1"}}"#),
        Reply::json(202, ""),
        Reply::json(202, "{}"),
        Reply::json(
            202,
            r#"{"newTopLevel":[1,2],"importTask":{"importID":"i-2","status":"FUTURE_STATUS",
               "futureField":{"deep":true},
               "s3BucketSource":{"s3Bucket":"b","extra":1},
               "summary":{"servers":{"createdCount":null,"brandNew":"x"}}}}"#,
        ),
    ])
    .await;
    let client = client(&server);

    let task = start(&client).await.unwrap().import_task.unwrap();
    assert_eq!(task.import_id.as_deref(), Some("i-1"));
    assert_eq!(task.status, None);
    assert_eq!(task.summary, None);

    assert_eq!(
        start(&client).await.unwrap().import_task,
        None,
        "empty body"
    );
    assert_eq!(start(&client).await.unwrap().import_task, None, "{{}}");

    let task = start(&client).await.unwrap().import_task.unwrap();
    assert_eq!(
        task.status,
        Some(ImportStatus::Unknown("FUTURE_STATUS".into()))
    );
    assert_eq!(task.status.as_ref().unwrap().as_str(), "FUTURE_STATUS");
    let src = task.s3_bucket_source.unwrap();
    assert_eq!(
        src.s3_key, "",
        "missing required member gets its zero value"
    );
    let servers = task.summary.unwrap().servers.unwrap();
    assert_eq!((servers.created_count, servers.modified_count), (0, 0));
    assert_eq!(server.requests().len(), 4);
}

/// Where a test puts the error code.
#[derive(Debug, Clone, Copy)]
enum CodeIn {
    Header,
    Code,
    Type,
}

fn error_reply(status: u16, code: &str, how: CodeIn, extra: &str) -> Reply {
    match how {
        CodeIn::Header => Reply::json(status, &format!(r#"{{"message":"m-{code}"{extra}}}"#))
            .header(
                "X-Amzn-Errortype",
                &format!("{code}:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            ),
        CodeIn::Code => Reply::json(
            status,
            &format!(r#"{{"code":"aws.mgn#{code}","Message":"m-{code}"{extra}}}"#),
        ),
        CodeIn::Type => Reply::json(
            status,
            &format!(
                r#"{{"__type":"com.amazonaws.mgn#{code}:http://internal.amazon.com/x","errorMessage":"m-{code}"{extra}}}"#
            ),
        ),
    }
}

/// One of the generated `is_*_exception` predicates.
type IsError = fn(&StartImportError) -> bool;

#[tokio::test]
async fn every_modeled_error_through_header_code_and_type() {
    let cases: [(&str, u16, IsError); 5] = [
        (
            "ConflictException",
            409,
            StartImportError::is_conflict_exception,
        ),
        (
            "ResourceNotFoundException",
            404,
            StartImportError::is_resource_not_found_exception,
        ),
        (
            "ServiceQuotaExceededException",
            402,
            StartImportError::is_service_quota_exceeded_exception,
        ),
        (
            "UninitializedAccountException",
            400,
            StartImportError::is_uninitialized_account_exception,
        ),
        (
            "ValidationException",
            400,
            StartImportError::is_validation_exception,
        ),
    ];
    let mut script = Vec::new();
    for (code, status, _) in &cases {
        for how in [CodeIn::Header, CodeIn::Code, CodeIn::Type] {
            script.push(error_reply(*status, code, how, ""));
        }
    }
    let server = TestServer::start(script).await;
    let client = client(&server);
    for (code, status, is) in &cases {
        for how in [CodeIn::Header, CodeIn::Code, CodeIn::Type] {
            let err = start(&client).await.unwrap_err();
            let ctx = format!("{code} via {how:?}: {err:?}");
            let typed = err.as_service_error().expect(&ctx);
            assert!(is(typed), "{ctx}");
            assert_eq!(typed.code(), Some(*code), "{ctx}");
            assert_eq!(err.code(), Some(*code), "{ctx}");
            let message = format!("m-{code}");
            assert_eq!(err.message(), Some(message.as_str()), "{ctx}");
            // The typed error carries the message wherever the body put it
            // (`message`, `Message` or `errorMessage`).
            assert_eq!(typed.message(), Some(message.as_str()), "{ctx}");
            assert_eq!(err.raw_status().map(|s| s.as_u16()), Some(*status));
            let request_id = format!("req-{status}");
            assert_eq!(err.request_id(), Some(request_id.as_str()));
        }
    }
    // Modeled errors are never retried: one request per call.
    assert_eq!(server.requests().len(), 15);
    assert!(server.requests().iter().all(|r| r.signature.is_ok()));
}

#[tokio::test]
async fn modeled_error_members_are_parsed() {
    let server = TestServer::start(vec![
        error_reply(
            409,
            "ConflictException",
            CodeIn::Header,
            r#","resourceId":"r-1","resourceType":"IMPORT","errors":[{"code":"C","message":"M","resourceId":"x","resourceType":"y"}]"#,
        ),
        error_reply(
            402,
            "ServiceQuotaExceededException",
            CodeIn::Type,
            r#","quotaValue":50,"quotaCode":"Q","serviceCode":"S""#,
        ),
        error_reply(
            400,
            "ValidationException",
            CodeIn::Header,
            r#","reason":"fieldValidationFailed","fieldList":[{"name":"s3Key","message":"bad"}]"#,
        ),
    ])
    .await;
    let client = client(&server);
    match start(&client).await.unwrap_err().into_service_error() {
        Ok(StartImportError::ConflictException(e)) => {
            assert_eq!(e.resource_id.as_deref(), Some("r-1"));
            assert_eq!(e.resource_type.as_deref(), Some("IMPORT"));
            assert_eq!(e.errors.as_ref().map(Vec::len), Some(1));
        }
        other => panic!("{other:?}"),
    }
    match start(&client).await.unwrap_err().into_service_error() {
        Ok(StartImportError::ServiceQuotaExceededException(e)) => {
            assert_eq!(e.quota_value, Some(50));
            assert_eq!(e.quota_code.as_deref(), Some("Q"));
        }
        other => panic!("{other:?}"),
    }
    match start(&client).await.unwrap_err().into_service_error() {
        Ok(StartImportError::ValidationException(e)) => {
            assert_eq!(
                e.reason.as_ref().map(|r| r.as_str()),
                Some("fieldValidationFailed")
            );
            let fields = e.field_list.expect("fieldList");
            assert_eq!(fields[0].name.as_deref(), Some("s3Key"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn unmodeled_errors_keep_code_message_status_and_request_id() {
    let server = TestServer::start(vec![
        Reply::json(
            403,
            r#"{"__type":"AccessDeniedException","message":"denied"}"#,
        ),
        Reply::json(400, r#"{"message":"no code at all"}"#).header("x-amz-request-id", "rid-2"),
    ])
    .await;
    let client = client(&server);
    let err = start(&client).await.unwrap_err();
    assert_eq!(err.code(), Some("AccessDeniedException"));
    assert_eq!(err.message(), Some("denied"));
    assert_eq!(err.raw_status().map(|s| s.as_u16()), Some(403));
    assert_eq!(err.request_id(), Some("req-403"));
    let typed = err.as_service_error().unwrap();
    assert!(matches!(typed, StartImportError::Unhandled(_)), "{typed:?}");
    assert_eq!(typed.code(), Some("AccessDeniedException"));
    assert_eq!(typed.message(), Some("denied"));

    let err = start(&client).await.unwrap_err();
    assert_eq!(err.code(), None);
    assert_eq!(err.message(), Some("no code at all"));
    assert!(matches!(
        err.as_service_error(),
        Some(StartImportError::Unhandled(_))
    ));
    assert_eq!(server.requests().len(), 2, "not retried");
}

#[tokio::test]
async fn html_503_uses_the_header_code_and_is_retried() {
    let html = "<html><head><title>503</title></head><body>Service Unavailable</body></html>";
    let reply = Reply::raw_body(503, "text/html", html)
        .header("X-Amzn-Errortype", "ServiceUnavailableException")
        .header("x-amzn-requestid", "html-rid");
    let server = TestServer::start(vec![reply.clone(), reply.clone(), reply]).await;
    let err = start(&client(&server)).await.unwrap_err();
    assert_eq!(err.code(), Some("ServiceUnavailableException"));
    assert_eq!(err.raw_status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.request_id(), Some("html-rid"));
    assert_eq!(err.error_metadata().unwrap().body_excerpt(), html);
    let typed = err.as_service_error().unwrap();
    assert_eq!(typed.code(), Some("ServiceUnavailableException"));
    assert_attempts(&server, 3);
}

#[tokio::test]
async fn non_json_202_is_a_response_error() {
    let server = TestServer::start(vec![Reply::json(202, "not json at all")]).await;
    let err = start(&client(&server)).await.unwrap_err();
    let SdkError::ResponseError(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.status().as_u16(), 202);
    assert_eq!(err.request_id(), Some("req-202"));
    assert!(e.source_error().is::<serde_json::Error>());
    assert_attempts(&server, 1);
}

/// Each transient failure, then a 202: two attempts, one call.
#[tokio::test]
async fn transient_failures_then_success_keep_the_client_token() {
    let ok = || Reply::json(202, r#"{"importTask":{"importID":"i-9"}}"#);
    let failures = [
        (
            "500",
            Reply::json(500, r#"{"__type":"InternalServerException","message":"x"}"#),
        ),
        (
            "throttling",
            Reply::json(
                400,
                r#"{"__type":"ThrottlingException","message":"slow down"}"#,
            ),
        ),
        ("reset", Reply::reset()),
        ("slow", ok().delay(Duration::from_millis(800))),
        ("truncated", ok().truncated()),
    ];
    for (name, failure) in failures {
        let server = TestServer::start(vec![failure, ok()]).await;
        let client = Client::from_conf(
            config(&server)
                .attempt_timeout(Duration::from_millis(300))
                .build(),
        );
        let out = start_auto_token(&client).await;
        let task = out.unwrap_or_else(|e| panic!("{name}: {e:?}")).import_task;
        assert_eq!(task.unwrap().import_id.as_deref(), Some("i-9"), "{name}");
        let reqs = assert_attempts(&server, 2);
        let token = reqs[0].json()["clientToken"].as_str().unwrap().to_owned();
        assert!(is_uuid_v4(&token), "{name}: generated token {token}");
    }
}

#[tokio::test]
async fn persistent_failures_give_the_right_error_kind() {
    let slow = Reply::json(202, "{}").delay(Duration::from_millis(800));
    let server = TestServer::start(vec![slow.clone(), slow.clone(), slow]).await;
    let timeout_client = Client::from_conf(
        config(&server)
            .attempt_timeout(Duration::from_millis(200))
            .build(),
    );
    let err = start(&timeout_client).await.unwrap_err();
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert_attempts(&server, 3);

    let server = TestServer::start(vec![Reply::reset(), Reply::reset(), Reply::reset()]).await;
    let err = start(&client(&server)).await.unwrap_err();
    match &err {
        SdkError::DispatchFailure(e) => assert!(e.is_io(), "{err}"),
        other => panic!("{other:?}"),
    }
    assert_attempts(&server, 3);

    let throttled = Reply::json(400, "{}").header("X-Amzn-Errortype", "ThrottlingException");
    let server = TestServer::start(vec![throttled.clone(), throttled.clone(), throttled]).await;
    let err = start(&client(&server)).await.unwrap_err();
    assert_eq!(err.code(), Some("ThrottlingException"));
    assert_attempts(&server, 3);
}

#[tokio::test]
async fn client_token_is_sent_exactly_as_given() {
    let server = TestServer::start(vec![Reply::json(202, "{}"), Reply::json(202, "{}")]).await;
    let client = client(&server);
    client
        .start_import()
        .s3_bucket_source(source())
        .client_token("")
        .send()
        .await
        .unwrap();
    start_auto_token(&client).await.unwrap();
    let reqs = server.requests();
    assert_eq!(reqs[0].json()["clientToken"], "");
    let generated = reqs[1].json()["clientToken"].as_str().unwrap().to_owned();
    assert!(is_uuid_v4(&generated), "{generated}");
}

#[tokio::test]
async fn missing_required_member_is_a_construction_failure() {
    let server = TestServer::start(vec![]).await;
    let err = client(&server)
        .start_import()
        .client_token("t")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(
        err.to_string().contains("s3_bucket_source") || err.to_string().contains("s3BucketSource"),
        "{err}"
    );
    assert!(server.requests().is_empty(), "nothing may be sent");
}
