//! The runtime tested generically, with a dummy operation, against the loopback test server
//! of `tests/support` (which verifies every SigV4 signature it receives).

#[path = "../tests/support/mod.rs"]
mod support;

use super::client::Handle as Client;
use super::config::{Builder, Config};
use super::error::{SdkError, TimeoutKind};
use super::http::{ConnectorError, HttpClient, HttpFuture, HttpResponse};
use super::{ErrorMetadata, HttpRequest, Operation, ServiceInfo};
use crate::Credentials;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};
use support::{Reply, TestServer};

const BODY: &str = r#"{"clientToken":"tok-1","s3BucketSource":{"s3Bucket":"b","s3Key":"k.csv"}}"#;

/// The typed error of the dummy operation: just what `parse_error` was given.
#[derive(Debug)]
struct DummyError {
    code: Option<String>,
    status: u16,
}

impl std::fmt::Display for DummyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "dummy error {:?}", self.code)
    }
}
impl std::error::Error for DummyError {}

/// The service of these tests: its endpoint is the configured URL (the test server).
static SERVICE: ServiceInfo = ServiceInfo {
    signing_name: "mgn",
    env_name: "MGN",
    user_agent_name: "mgn",
    version: "0.1.0",
    protocol: crate::Protocol::RestJson1,
    signing: crate::sigv4::SigningSettings::STANDARD,
    error_rules: crate::protocol::ErrorRules::STANDARD,
    endpoint_reads_account_id: false,
    resolve_endpoint: |inputs| {
        inputs
            .url
            .map(|url| crate::endpoint::Endpoint {
                url: url.to_owned(),
                headers: Default::default(),
                properties: Default::default(),
            })
            .ok_or_else(|| "no endpoint URL".to_owned())
    },
};

const OP: Operation<serde_json::Value, DummyError> = Operation {
    name: "StartImport",
    auth: crate::Auth::SigV4 {
        unsigned_payload: false,
        optional: false,
    },
    parse_output: crate::ParseOutput::Buffered(|r| crate::wire::json::json_body(r.body())),
    parse_error: |m: &ErrorMetadata, r: &HttpResponse| DummyError {
        code: m.code().map(str::to_owned),
        status: r.status().as_u16(),
    },
    checksum: None,
};

fn request() -> HttpRequest {
    HttpRequest {
        method: http::Method::POST,
        path_and_query: "/StartImport".into(),
        host_prefix: None,
        stream: None,
        headers: vec![(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        )],
        body: bytes::Bytes::from_static(BODY.as_bytes()),
        endpoint_params: Vec::new(),
    }
}

fn builder(server: &TestServer) -> Builder {
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
    Client::new(builder(server).build(), &SERVICE)
}

async fn call(client: &Client) -> Result<serde_json::Value, SdkError<DummyError>> {
    client.invoke(&OP, request()).await
}

fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && s.chars().enumerate().all(|(i, c)| {
            [8, 13, 18, 23].contains(&i) || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()
        })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

/// Every attempt verified, carried the same body and invocation id, and numbered itself.
fn assert_attempts(server: &TestServer, n: usize) {
    let reqs = server.requests();
    assert_eq!(reqs.len(), n, "attempts: {reqs:#?}");
    let id = reqs[0].header("amz-sdk-invocation-id").unwrap().to_owned();
    assert!(is_uuid_v4(&id), "{id}");
    for (i, r) in reqs.iter().enumerate() {
        assert_eq!(r.signature, Ok(()), "attempt {}", i + 1);
        assert_eq!(r.body, BODY.as_bytes());
        assert_eq!(r.header("amz-sdk-invocation-id"), Some(id.as_str()));
        assert_eq!(
            r.header("amz-sdk-request"),
            Some(format!("attempt={}; max=3", i + 1).as_str())
        );
    }
}

#[test]
fn idempotency_tokens_are_v4_uuids() {
    for _ in 0..200 {
        let t = super::idempotency_token();
        assert!(is_uuid_v4(&t), "{t}");
    }
    assert_ne!(super::idempotency_token(), super::idempotency_token());
}

#[tokio::test]
async fn success_sends_the_wire_headers() {
    let server = TestServer::start(vec![Reply::json(
        202,
        r#"{"importTask":{"importID":"i-1"}}"#,
    )])
    .await;
    let out = call(&client(&server)).await.unwrap();
    assert_eq!(out["importTask"]["importID"], "i-1");
    assert_attempts(&server, 1);
    let r = &server.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, "/StartImport");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.header("content-length"),
        Some(BODY.len().to_string().as_str())
    );
    assert_eq!(r.header("host"), Some(server.host().as_str()));
    assert_eq!(r.header_count("host"), 1);
    assert_eq!(r.header("x-amz-content-sha256"), None);
    assert_eq!(r.header("x-amz-security-token"), None);
    let auth = r.header("authorization").unwrap();
    assert!(
        auth.starts_with(&format!(
            "AWS4-HMAC-SHA256 Credential={}/",
            support::ACCESS_KEY_ID
        )),
        "{auth}"
    );
    assert!(auth.contains("/us-east-1/mgn/aws4_request, "), "{auth}");
    assert!(
        auth.contains(
            "SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-user-agent, Signature="
        ),
        "{auth}"
    );
    let ua = r.header("user-agent").unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        ua.starts_with(&format!(
            "aws-client-runtime-rust/{version} ua/2.1 api/mgn/0.1.0 os/"
        )),
        "{ua}"
    );
    assert!(ua.contains(" lang/rust"), "{ua}");
    assert_eq!(r.header("x-amz-user-agent"), Some(ua));
}

#[tokio::test]
async fn session_token_is_sent_and_signed() {
    let server =
        TestServer::start_with(vec![Reply::json(200, "{}")], Some(support::SESSION_TOKEN)).await;
    let client = Client::new(
        builder(&server)
            .credentials(Credentials::new(
                support::ACCESS_KEY_ID,
                support::SECRET_ACCESS_KEY,
                Some(support::SESSION_TOKEN.into()),
                None,
                "test",
            ))
            .build(),
        &SERVICE,
    );
    call(&client).await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.signature, Ok(()));
    assert!(
        r.header("authorization")
            .unwrap()
            .contains(";x-amz-security-token")
    );
    let debug = format!("{client:?}");
    assert!(!debug.contains(support::SECRET_ACCESS_KEY) && !debug.contains(support::SESSION_TOKEN));
}

#[tokio::test]
async fn wrong_secret_is_rejected_by_the_server() {
    let server = TestServer::start(vec![]).await;
    let client = Client::new(
        builder(&server)
            .credentials(Credentials::new(
                support::ACCESS_KEY_ID,
                "not-the-secret",
                None,
                None,
                "t",
            ))
            .build(),
        &SERVICE,
    );
    let err = call(&client).await.unwrap_err();
    assert_eq!(err.code(), Some("InvalidSignatureException"));
    assert_eq!(err.raw_status().map(|s| s.as_u16()), Some(403));
    assert_eq!(err.as_service_error().unwrap().status, 403);
    assert_eq!(server.requests().len(), 1, "403 is not retried");
}

#[tokio::test]
async fn connections_are_pooled() {
    let ok = || Reply::json(202, "{}");
    let server = TestServer::start(vec![ok(), ok(), ok()]).await;
    let client = client(&server);
    for _ in 0..3 {
        call(&client).await.unwrap();
    }
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn empty_2xx_body_is_an_empty_object() {
    let server = TestServer::start(vec![Reply::json(202, "")]).await;
    let out = call(&client(&server)).await.unwrap();
    assert_eq!(out, serde_json::json!({}));
}

#[tokio::test]
async fn non_json_2xx_is_a_response_error_and_not_retried() {
    let server = TestServer::start(vec![Reply::json(202, "<html>ok</html>")]).await;
    let err = call(&client(&server)).await.unwrap_err();
    let SdkError::ResponseError(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.status().as_u16(), 202);
    assert_eq!(e.request_id(), Some("req-202"));
    assert_eq!(e.body_excerpt(), "<html>ok</html>");
    assert!(e.source_error().is::<serde_json::Error>());
    assert_eq!(err.request_id(), Some("req-202"));
    assert_attempts(&server, 1);
}

#[tokio::test]
async fn server_errors_are_retried_with_identical_body_and_invocation_id() {
    let server = TestServer::start(vec![
        Reply::json(
            500,
            r#"{"__type":"InternalServerException","message":"boom"}"#,
        ),
        Reply::json(503, "").no_headers(),
        Reply::json(202, r#"{"ok":true}"#),
    ])
    .await;
    let out = call(&client(&server)).await.unwrap();
    assert_eq!(out["ok"], true);
    assert_attempts(&server, 3);
}

#[tokio::test]
async fn retries_stop_at_max_attempts() {
    let server = TestServer::start(vec![
        Reply::json(502, "{}"),
        Reply::json(504, "{}"),
        Reply::json(
            500,
            r#"{"code":"InternalServerException","message":"still down"}"#,
        ),
        Reply::json(202, "{}"),
    ])
    .await;
    let err = call(&client(&server)).await.unwrap_err();
    assert_eq!(err.code(), Some("InternalServerException"));
    assert_eq!(err.message(), Some("still down"));
    assert_eq!(err.request_id(), Some("req-500"));
    assert_eq!(err.raw_status().map(|s| s.as_u16()), Some(500));
    assert_attempts(&server, 3);
    assert_eq!(server.remaining(), 1);
}

#[tokio::test]
async fn throttling_codes_are_retried_other_errors_are_not() {
    let server = TestServer::start(vec![
        Reply::json(
            400,
            r#"{"__type":"com.amazon#ThrottlingException:x","message":"slow"}"#,
        ),
        Reply::json(200, "{}"),
    ])
    .await;
    call(&client(&server)).await.unwrap();
    assert_attempts(&server, 2);

    let server = TestServer::start(vec![
        Reply::json(409, r#"{"message":"dup"}"#).header("X-Amzn-Errortype", "ConflictException"),
        Reply::json(202, "{}"),
    ])
    .await;
    let err = call(&client(&server)).await.unwrap_err();
    assert_eq!(err.code(), Some("ConflictException"));
    assert_eq!(
        err.as_service_error().map(|e| e.code.as_deref()),
        Some(Some("ConflictException"))
    );
    assert_attempts(&server, 1);

    // A bare 429 is not retried (as in aws-sdk-rust).
    let server = TestServer::start(vec![Reply::json(429, "{}"), Reply::json(202, "{}")]).await;
    call(&client(&server)).await.unwrap_err();
    assert_attempts(&server, 1);
}

#[tokio::test]
async fn html_503_keeps_the_header_code_and_is_retried() {
    let html = "<html><body><h1>503 Service Unavailable</h1></body></html>";
    let reply = Reply::raw_body(503, "text/html", html)
        .header("X-Amzn-Errortype", "ServiceUnavailableException")
        .header("x-amz-request-id", "html-req");
    let server = TestServer::start(vec![reply.clone(), reply.clone(), reply]).await;
    let err = call(&client(&server)).await.unwrap_err();
    let meta = err.error_metadata().unwrap();
    assert_eq!(meta.code(), Some("ServiceUnavailableException"));
    assert_eq!(meta.request_id(), Some("html-req"));
    assert_eq!(meta.status().as_u16(), 503);
    assert_eq!(meta.body_excerpt(), html);
    assert_eq!(meta.message(), None);
    assert_attempts(&server, 3);
}

#[tokio::test]
async fn connection_resets_are_retried_then_reported_as_io() {
    let server = TestServer::start(vec![Reply::reset(), Reply::json(202, "{}")]).await;
    call(&client(&server)).await.unwrap();
    assert_attempts(&server, 2);

    let server = TestServer::start(vec![Reply::reset(), Reply::reset(), Reply::reset()]).await;
    let err = call(&client(&server)).await.unwrap_err();
    let SdkError::DispatchFailure(e) = &err else {
        panic!("{err:?}")
    };
    assert!(e.is_io(), "{err}");
    assert_eq!(err.raw_status(), None);
    assert_attempts(&server, 3);
}

#[tokio::test]
async fn truncated_bodies_are_retried() {
    let truncated = Reply::json(202, r#"{"importTask":{"importID":"i-1"}}"#).truncated();
    let server = TestServer::start(vec![truncated.clone(), Reply::json(202, "{}")]).await;
    call(&client(&server)).await.unwrap();
    assert_attempts(&server, 2);

    let server = TestServer::start(vec![truncated.clone(), truncated.clone(), truncated]).await;
    let err = call(&client(&server)).await.unwrap_err();
    let SdkError::DispatchFailure(e) = &err else {
        panic!("{err:?}")
    };
    assert!(e.is_io(), "{err}");
}

#[tokio::test]
async fn malformed_http_is_retried() {
    let server = TestServer::start(vec![
        Reply::garbage(b"this is not HTTP\r\n\r\n"),
        Reply::json(202, "{}"),
    ])
    .await;
    call(&client(&server)).await.unwrap();
    assert_attempts(&server, 2);

    let garbage = Reply::garbage(b"HTTP/1.1 abc nope\r\n\r\n");
    let server = TestServer::start(vec![garbage.clone(), garbage.clone(), garbage]).await;
    let err = call(&client(&server)).await.unwrap_err();
    let SdkError::DispatchFailure(e) = &err else {
        panic!("{err:?}")
    };
    assert!(e.is_malformed_response(), "{err}");
}

#[tokio::test]
async fn slow_responses_hit_the_attempt_timeout() {
    let slow = Reply::json(202, "{}").delay(Duration::from_millis(600));
    let server = TestServer::start(vec![slow.clone(), Reply::json(202, r#"{"n":2}"#)]).await;
    let client = Client::new(
        builder(&server)
            .attempt_timeout(Duration::from_millis(150))
            .build(),
        &SERVICE,
    );
    let out = call(&client).await.unwrap();
    assert_eq!(out["n"], 2);
    assert_attempts(&server, 2);

    let server = TestServer::start(vec![slow.clone(), slow.clone(), slow]).await;
    let client = Client::new(
        builder(&server)
            .attempt_timeout(Duration::from_millis(100))
            .build(),
        &SERVICE,
    );
    let err = call(&client).await.unwrap_err();
    let SdkError::TimeoutError(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind(), TimeoutKind::Attempt);
    assert_eq!(t.duration(), Duration::from_millis(100));
    assert_attempts(&server, 3);
}

#[tokio::test]
async fn operation_timeout_covers_all_attempts() {
    let slow = Reply::json(202, "{}").delay(Duration::from_millis(400));
    let server = TestServer::start(vec![slow.clone(), slow]).await;
    let client = Client::new(
        builder(&server)
            .attempt_timeout(Duration::from_millis(300))
            .operation_timeout(Duration::from_millis(450))
            .build(),
        &SERVICE,
    );
    let started = Instant::now();
    let err = call(&client).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(1500));
    let SdkError::TimeoutError(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind(), TimeoutKind::Operation);
    // The second attempt starts at ~300 ms; on a loaded machine it may not arrive by 450 ms.
    assert!((1..=2).contains(&server.requests().len()));
}

#[tokio::test]
async fn retry_after_header_sets_the_delay() {
    let server = TestServer::start(vec![
        Reply::json(503, "{}").header("x-amz-retry-after", "300"),
        Reply::json(202, "{}"),
    ])
    .await;
    let started = Instant::now();
    call(&client(&server)).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_attempts(&server, 2);
}

#[tokio::test]
async fn max_attempts_one_disables_retries() {
    let server = TestServer::start(vec![Reply::json(500, "{}"), Reply::json(202, "{}")]).await;
    let client = Client::new(builder(&server).max_attempts(1).build(), &SERVICE);
    call(&client).await.unwrap_err();
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].header("amz-sdk-request"), Some("attempt=1; max=1"));
}

#[tokio::test]
async fn connection_refused_is_a_retried_dispatch_failure() {
    // Bind then drop a listener: nothing listens on that port any more.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = Client::new(
        Config::builder()
            .region(support::REGION)
            .credentials(Credentials::new("AKID", "SECRET", None, None, "t"))
            .endpoint_url(format!("http://127.0.0.1:{port}"))
            .initial_backoff(Duration::from_millis(1))
            .build(),
        &SERVICE,
    );
    let err = call(&client).await.unwrap_err();
    let SdkError::DispatchFailure(e) = &err else {
        panic!("{err:?}")
    };
    assert!(e.is_io(), "{err}");
    assert!(
        err.to_string().starts_with("dispatch failure: I/O error"),
        "{err}"
    );
    assert!(!err.to_string().contains("SECRET"));
}

#[tokio::test]
async fn construction_failures_send_nothing() {
    let server = TestServer::start(vec![]).await;
    let no_creds = Client::new(
        Config::builder()
            .region(support::REGION)
            .endpoint_url(server.endpoint_url())
            .build(),
        &SERVICE,
    );
    let err = call(&no_creds).await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(err.to_string().contains("no credentials provider"), "{err}");

    let no_region = Client::new(builder(&server).set_region(None).build(), &SERVICE);
    let err = call(&no_region).await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(err.to_string().contains("region"), "{err}");

    let bad_scheme = Client::new(
        builder(&server).endpoint_url("ftp://127.0.0.1:1").build(),
        &SERVICE,
    );
    let err = call(&bad_scheme).await.unwrap_err();
    assert!(err.to_string().contains("https:// or http://"), "{err}");

    let err = SdkError::<DummyError>::construction_failure("s3BucketSource is required");
    assert_eq!(
        err.to_string(),
        "failed to construct request: s3BucketSource is required"
    );
    assert!(server.requests().is_empty());
}

/// A scripted in-memory client, to count attempts where a socket would be slow.
#[derive(Debug)]
struct AlwaysStatus(u16, Arc<AtomicU32>);

impl HttpClient for AlwaysStatus {
    fn send(&self, _request: http::Request<bytes::Bytes>) -> HttpFuture<'_> {
        self.1.fetch_add(1, Ordering::SeqCst);
        let status = http::StatusCode::from_u16(self.0).unwrap();
        Box::pin(async move {
            Ok::<_, ConnectorError>(HttpResponse::new(
                status,
                Default::default(),
                Default::default(),
            ))
        })
    }
}

#[tokio::test]
async fn retry_quota_runs_dry_and_refills() {
    let sent = Arc::new(AtomicU32::new(0));
    let config = Config::builder()
        .region(support::REGION)
        .credentials(Credentials::new("AKID", "SECRET", None, None, "t"))
        .endpoint_url("http://127.0.0.1:9")
        .initial_backoff(Duration::ZERO)
        .http_client(AlwaysStatus(503, sent.clone()))
        .build();
    let client = Client::new(config, &SERVICE);
    // 500 tokens / 5 per retry = 100 retries = 50 calls of 3 attempts.
    for _ in 0..50 {
        call(&client).await.unwrap_err();
    }
    assert_eq!(sent.load(Ordering::SeqCst), 150);
    call(&client).await.unwrap_err();
    assert_eq!(sent.load(Ordering::SeqCst), 151, "empty quota: no retry");

    // Successes put tokens back: one first-attempt success adds 1, not enough for a retry.
    let ok = Client::new(
        client
            .config()
            .to_builder()
            .http_client(AlwaysStatus(200, sent.clone()))
            .build(),
        &SERVICE,
    );
    call(&ok).await.unwrap();
}

#[tokio::test]
async fn https_endpoints_speak_tls() {
    // A raw listener that reads the first bytes of the connection: a TLS ClientHello record
    // starts with 0x16 (handshake) 0x03 (TLS major version). It then hangs up.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let first_bytes = tokio::spawn(async move {
        use tokio::io::AsyncReadExt;
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = [0u8; 2];
        stream.read_exact(&mut head).await.unwrap();
        head
    });
    let client = Client::new(
        Config::builder()
            .region(support::REGION)
            .credentials(Credentials::new("AKID", "SECRET", None, None, "t"))
            .endpoint_url(format!("https://127.0.0.1:{port}"))
            .max_attempts(1)
            .attempt_timeout(Duration::from_secs(5))
            .build(),
        &SERVICE,
    );
    let err = call(&client).await.unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert_eq!(first_bytes.await.unwrap(), [0x16, 0x03]);
}

/// The TLS tests run with each backend (`.ci/run`): this one shows which one they ran with.
#[tokio::test]
async fn default_client_uses_the_selected_tls() {
    let text = format!("{:?}", crate::http::DefaultHttpClient::new(None));
    let expected = if cfg!(feature = "native-tls") {
        "hyper+native-tls"
    } else {
        "hyper+rustls"
    };
    assert!(text.contains(expected), "{text}");
}

mod auth;
mod endpoint_auth;
