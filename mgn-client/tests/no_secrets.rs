//! No secret reaches tracing output (captured at TRACE, the credentials cache's events
//! included), error text or `Debug` output.
//!
//! Alone in its test binary on purpose: tracing caches per callsite whether anyone listens, and
//! other tests' threads hitting the same callsites while this one installs its thread-local
//! subscriber can leave events unrecorded.

#[path = "../../runtime/client/tests/support/mod.rs"]
mod support;

use mgn_client::types::S3BucketSource;
use mgn_client::{Client, Config, Credentials};
use std::time::Duration;
use support::{Reply, TestServer};

#[tokio::test]
async fn trace_output_and_errors_contain_no_secret() {
    let server = TestServer::start_with(
        vec![
            Reply::json(503, "{}"),
            Reply::reset(),
            Reply::json(409, r#"{"__type":"ConflictException","message":"dup"}"#),
        ],
        Some(support::SESSION_TOKEN),
    )
    .await;
    let (buffer, guard) = support::capture_tracing();
    let client = Client::from_conf(
        Config::builder()
            .region(support::REGION)
            .endpoint_url(server.endpoint_url())
            .initial_backoff(Duration::from_millis(1))
            .credentials(Credentials::new(
                support::ACCESS_KEY_ID,
                support::SECRET_ACCESS_KEY,
                Some(support::SESSION_TOKEN.into()),
                None,
                "test",
            ))
            .build(),
    );
    let err = client
        .start_import()
        .s3_bucket_source(
            S3BucketSource::builder()
                .s3_bucket("b")
                .s3_key("k.csv")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    drop(guard);
    assert!(err.as_service_error().unwrap().is_conflict_exception());
    assert_eq!(server.requests().len(), 3, "three attempts");
    let logs = String::from_utf8(buffer.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("TRACE"), "{logs}");
    assert!(
        logs.contains("StartImport") && logs.contains("retrying"),
        "{logs}"
    );
    // The credentials path logs too (which source, expiry); the signer logs nothing (the
    // canonical request holds the session token).
    assert!(logs.contains("credentials cached"), "{logs}");
    assert!(!logs.contains("canonical"), "{logs}");
    for text in [
        logs,
        err.to_string(),
        format!("{err:?}"),
        format!("{client:?}"),
        format!("{:?}", client.config()),
    ] {
        assert!(!text.contains(support::SECRET_ACCESS_KEY), "{text}");
        assert!(!text.contains(support::SESSION_TOKEN), "{text}");
    }
}
