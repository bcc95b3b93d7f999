//! The `start_import` example, run as a process against the loopback test server.

#[path = "../../runtime/client/tests/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::process::{Command, Output};
use support::{Reply, TestServer};

/// `cargo test` builds the examples next to the test binaries (`target/<profile>/examples`);
/// when only this test target was built (`--test example_cli`), build the example first.
fn example_binary() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let exe = std::env::current_exe().expect("test binary path");
            let profile_dir = exe
                .parent()
                .and_then(|deps| deps.parent())
                .expect("target/<profile>/deps");
            let name = format!("start_import{}", std::env::consts::EXE_SUFFIX);
            let path = profile_dir.join("examples").join(name);
            if !path.exists() {
                let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
                let status = Command::new(cargo)
                    .args(["build", "-p", "mgn-client", "--example", "start_import"])
                    .status()
                    .expect("run cargo build --example start_import");
                assert!(status.success(), "building the example failed");
            }
            path
        })
        .clone()
}

async fn run(server: &TestServer, args: &[&str], session_token: bool) -> Output {
    let mut cmd = Command::new(example_binary());
    cmd.env_clear()
        .args(args)
        .env("AWS_ACCESS_KEY_ID", support::ACCESS_KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", support::SECRET_ACCESS_KEY)
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_ENDPOINT_URL_MGN", server.endpoint_url());
    if session_token {
        cmd.env("AWS_SESSION_TOKEN", support::SESSION_TOKEN);
    }
    // The server runs on this runtime; wait for the process off it.
    tokio::task::spawn_blocking(move || cmd.output())
        .await
        .expect("join")
        .expect("run the start_import example (built by cargo test)")
}

#[tokio::test]
async fn prints_pretty_json_on_success() {
    let server = TestServer::start(vec![Reply::json(
        202,
        r#"{"importTask":{"importID":"i-1","status":"PENDING"}}"#,
    )])
    .await;
    let out = run(
        &server,
        &[
            "--bucket",
            "b",
            "--key",
            "k.csv",
            "--owner",
            "123456789012",
            "--client-token",
            "tok",
            "--region",
            "us-east-1",
        ],
        false,
    )
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    assert_eq!(json["importTask"]["importID"], "i-1");
    assert_eq!(json["importTask"]["status"], "PENDING");
    assert!(stdout.contains("\n  "), "pretty-printed: {stdout}");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].signature, Ok(()), "--region overrides AWS_REGION");
    // Member order is mgn-types' business (tested there); here: compact and complete.
    assert!(!reqs[0].body.contains(&b' '), "compact body");
    assert_eq!(
        reqs[0].json(),
        serde_json::json!({"clientToken": "tok", "s3BucketSource":
            {"s3Bucket": "b", "s3Key": "k.csv", "s3BucketOwner": "123456789012"}})
    );
}

#[tokio::test]
async fn reports_service_errors_on_stderr_and_exits_1() {
    let server = TestServer::start_with(
        vec![Reply::json(
            409,
            r#"{"__type":"aws.mgn#ConflictException:x","message":"already importing"}"#,
        )],
        Some(support::SESSION_TOKEN),
    )
    .await;
    let url = server.endpoint_url();
    let out = run(
        &server,
        &[
            "--bucket=b",
            "--key=k.csv",
            "--region",
            "us-east-1",
            "--endpoint-url",
            &url,
        ],
        true,
    )
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    for line in [
        "error kind: service error",
        "code: ConflictException",
        "message: already importing",
        "HTTP status: 409",
        "request id: req-409",
    ] {
        assert!(stderr.contains(line), "missing {line:?} in:\n{stderr}");
    }
    assert!(
        !stderr.contains(support::SECRET_ACCESS_KEY) && !stderr.contains(support::SESSION_TOKEN)
    );
}

#[tokio::test]
async fn usage_errors() {
    let server = TestServer::start(vec![]).await;
    let out = run(&server, &["--key", "k.csv"], false).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--bucket is required"));
    let out = run(
        &server,
        &["--bucket", "b", "--key", "k.csv", "--bogus", "x"],
        false,
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    let out = run(&server, &["--help"], false).await;
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("usage:"));
    assert!(server.requests().is_empty());
}
