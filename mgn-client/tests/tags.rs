//! `tags` (a `@sensitive` map, April 2026 model) end to end: StartImport sends them, ImportTask
//! exposes `arn` and `tags`, and `Debug` of both never shows the map's contents.

#[path = "../../runtime/client/tests/support/mod.rs"]
mod support;

use mgn_client::types::S3BucketSource;
use mgn_client::{Client, Config, Credentials};
use support::{Reply, TestServer};

#[tokio::test]
async fn start_import_sends_tags_and_reads_arn_and_tags_redacting_debug() {
    let server = TestServer::start(vec![Reply::json(
        202,
        r#"{"importTask":{"importID":"import-1","arn":"arn:aws:mgn:us-east-1:111122223333:import/import-1","status":"PENDING","tags":{"secret-key":"secret-value","b":"2"}}}"#,
    )])
    .await;
    let client = Client::from_conf(
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
            .build(),
    );
    let builder = client
        .start_import()
        .s3_bucket_source(
            S3BucketSource::builder()
                .s3_bucket("b")
                .s3_key("k.csv")
                .build()
                .unwrap(),
        )
        .client_token("t")
        // One entry per call: both are sent.
        .tags("team", "migration")
        .tags("secret-key", "secret-value");
    let input_debug = format!("{:?}", builder.as_input());
    assert!(
        !input_debug.contains("secret-value") && !input_debug.contains("migration"),
        "{input_debug}"
    );
    let output = builder.send().await.expect("202");

    // Sent: compared as JSON, so map order does not matter.
    let sent = server.requests()[0].json();
    assert_eq!(
        sent,
        serde_json::json!({"clientToken": "t", "s3BucketSource": {"s3Bucket": "b", "s3Key": "k.csv"},
                           "tags": {"team": "migration", "secret-key": "secret-value"}})
    );

    let task = output.import_task.expect("a task");
    assert_eq!(
        task.arn.as_deref(),
        Some("arn:aws:mgn:us-east-1:111122223333:import/import-1")
    );
    assert_eq!(task.tags.as_ref().unwrap()["secret-key"], "secret-value");
    let debug = format!("{task:?}");
    assert!(debug.contains("import-1"), "{debug}");
    assert!(
        !debug.contains("secret-value") && !debug.contains("secret-key"),
        "{debug}"
    );
    assert!(debug.contains("Redacted"), "{debug}");
}
