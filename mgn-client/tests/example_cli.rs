//! The `start_import` example, run as a process against the loopback test server.

#[path = "../../runtime/client/tests/support/mod.rs"]
mod support;
// The loopback fakes of the credential tests (IMDS, container endpoint).
#[path = "../../runtime/client/tests/credentials_support/mod.rs"]
mod credentials_support;

use credentials_support::{FakeServer, metadata_json, reply};
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
    let mut env = vec![
        ("AWS_ACCESS_KEY_ID", support::ACCESS_KEY_ID),
        ("AWS_SECRET_ACCESS_KEY", support::SECRET_ACCESS_KEY),
        ("AWS_REGION", "eu-west-1"),
        // The chain stops at the environment; this keeps IMDS out of reach all the same.
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ];
    if session_token {
        env.push(("AWS_SESSION_TOKEN", support::SESSION_TOKEN));
    }
    run_with_env(server, args, &env).await
}

/// Runs the example with exactly `env` (plus the test server as the MGN endpoint): the
/// environment is set on the child's `Command`, never on this process.
async fn run_with_env(server: &TestServer, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(example_binary());
    cmd.env_clear()
        .args(args)
        .envs(env.iter().copied())
        .env("AWS_ENDPOINT_URL_MGN", server.endpoint_url());
    // The server runs on this runtime; wait for the process off it.
    tokio::task::spawn_blocking(move || cmd.output())
        .await
        .expect("join")
        .expect("run the start_import example (built by cargo test)")
}

const IMPORT_ARGS: &[&str] = &["--bucket", "b", "--key", "k.csv", "--client-token", "tok"];

fn accepted() -> Vec<Reply> {
    vec![Reply::json(
        202,
        r#"{"importTask":{"importID":"i-1","status":"PENDING"}}"#,
    )]
}

/// The example succeeded, and the server received one request, correctly signed.
fn assert_signed_success(out: &Output, server: &TestServer) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains(r#""importID": "i-1""#), "{stdout}");
    for secret in [support::SECRET_ACCESS_KEY, support::SESSION_TOKEN] {
        assert!(!stdout.contains(secret) && !stderr.contains(secret));
    }
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].signature, Ok(()), "signature checked by the server");
}

#[tokio::test]
async fn credentials_and_region_from_a_profile() {
    let home = tempfile::tempdir().unwrap();
    credentials_support::write_aws_file(
        home.path(),
        "credentials",
        &format!(
            "[default]\naws_access_key_id = wrong\naws_secret_access_key = wrong\n\n\
             [dev]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            support::ACCESS_KEY_ID,
            support::SECRET_ACCESS_KEY
        ),
    );
    credentials_support::write_aws_file(
        home.path(),
        "config",
        "[default]\nregion = us-west-2\n\n[profile dev]\nregion = us-east-1\n",
    );
    let server = TestServer::start(accepted()).await;
    let home_dir = home.path().display().to_string();
    let out = run_with_env(
        &server,
        IMPORT_ARGS,
        &[
            ("HOME", home_dir.as_str()),
            ("AWS_PROFILE", "dev"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ],
    )
    .await;
    assert_signed_success(&out, &server);
    let auth = server.requests()[0]
        .header("authorization")
        .unwrap_or_default()
        .to_owned();
    assert!(
        auth.contains("/us-east-1/mgn/aws4_request"),
        "region from the profile: {auth}"
    );
}

#[tokio::test]
async fn credentials_and_region_from_instance_metadata() {
    let imds = FakeServer::start(|req| {
        let token_ok = req.header("x-aws-ec2-metadata-token") == Some("imds-token");
        match (req.method.as_str(), req.path.as_str()) {
            ("PUT", "/latest/api/token")
                if req.header("x-aws-ec2-metadata-token-ttl-seconds").is_some() =>
            {
                reply(200, "imds-token")
            }
            ("GET", "/latest/meta-data/placement/region") if token_ok => {
                reply(200, support::REGION)
            }
            ("GET", "/latest/meta-data/iam/security-credentials/") if token_ok => {
                reply(200, "the-role")
            }
            ("GET", "/latest/meta-data/iam/security-credentials/the-role") if token_ok => reply(
                200,
                metadata_json(
                    support::ACCESS_KEY_ID,
                    support::SECRET_ACCESS_KEY,
                    support::SESSION_TOKEN,
                    "2099-01-01T00:00:00Z",
                ),
            ),
            _ => reply(404, ""),
        }
    })
    .await;
    let server = TestServer::start_with(accepted(), Some(support::SESSION_TOKEN)).await;
    let home = tempfile::tempdir().unwrap();
    let home_dir = home.path().display().to_string();
    let imds_url = imds.url();
    let out = run_with_env(
        &server,
        IMPORT_ARGS,
        &[
            ("HOME", home_dir.as_str()),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds_url.as_str()),
        ],
    )
    .await;
    assert_signed_success(&out, &server);
    let req = &server.requests()[0];
    assert_eq!(
        req.header("x-amz-security-token"),
        Some(support::SESSION_TOKEN)
    );
    let auth = req.header("authorization").unwrap_or_default();
    assert!(auth.contains("/us-east-1/mgn/"), "region from IMDS: {auth}");
    let paths: Vec<String> = imds.requests().iter().map(|r| r.path.clone()).collect();
    assert!(
        paths
            .iter()
            .any(|p| p == "/latest/meta-data/iam/security-credentials/the-role"),
        "{paths:?}"
    );
}

#[tokio::test]
async fn credentials_from_the_container_endpoint() {
    let container = FakeServer::start(|req| {
        if req.path == "/creds" && req.header("authorization") == Some("container-auth") {
            reply(
                200,
                metadata_json(
                    support::ACCESS_KEY_ID,
                    support::SECRET_ACCESS_KEY,
                    support::SESSION_TOKEN,
                    "2099-01-01T00:00:00Z",
                ),
            )
        } else {
            reply(403, "")
        }
    })
    .await;
    let server = TestServer::start_with(accepted(), Some(support::SESSION_TOKEN)).await;
    let home = tempfile::tempdir().unwrap();
    let home_dir = home.path().display().to_string();
    let full_uri = format!("{}/creds", container.url());
    let out = run_with_env(
        &server,
        IMPORT_ARGS,
        &[
            ("HOME", home_dir.as_str()),
            ("AWS_REGION", support::REGION),
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri.as_str()),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ],
    )
    .await;
    assert_signed_success(&out, &server);
    assert_eq!(container.requests().len(), 1);
}

#[tokio::test]
async fn no_credentials_anywhere_lists_every_source() {
    let server = TestServer::start(vec![]).await;
    let home = tempfile::tempdir().unwrap();
    let home_dir = home.path().display().to_string();
    let out = run_with_env(
        &server,
        IMPORT_ARGS,
        &[
            ("HOME", home_dir.as_str()),
            ("AWS_REGION", "eu-west-1"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ],
    )
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for source in [
        "environment",
        "profile",
        "web identity",
        "container",
        "IMDS",
    ] {
        assert!(stderr.contains(source), "missing {source:?} in:\n{stderr}");
    }
    assert!(server.requests().is_empty());
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

// --- `--wait`: following the import ----------------------------------------------------------

const IMPORT_ID: &str = "import-0123456789abcdefg";

/// The waiter's delays for these runs: 20 ms to 40 ms instead of the model's 5 s to 60 s.
const FAST_POLLS: (&str, &str) = ("START_IMPORT_POLL_DELAYS", "20ms,40ms");

/// Runs the example with `--wait` and `extra` args, credentials from the environment.
async fn run_wait(server: &TestServer, extra: &[&str]) -> Output {
    let mut args = vec!["--bucket", "b", "--key", "k.csv", "--wait"];
    args.extend_from_slice(extra);
    run_with_env(
        server,
        &args,
        &[
            ("AWS_ACCESS_KEY_ID", support::ACCESS_KEY_ID),
            ("AWS_SECRET_ACCESS_KEY", support::SECRET_ACCESS_KEY),
            ("AWS_REGION", support::REGION),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            FAST_POLLS,
        ],
    )
    .await
}

fn started() -> Reply {
    Reply::json(
        202,
        &format!(r#"{{"importTask":{{"importID":"{IMPORT_ID}","status":"PENDING"}}}}"#),
    )
}

/// A `ListImports` answer: the import at `status` and `progress`, with summary counts.
fn listed(status: &str, progress: f32, servers: u32, apps: u32, waves: u32) -> Reply {
    Reply::json(
        200,
        &format!(
            r#"{{"items":[{{"importID":"{IMPORT_ID}","status":"{status}","progressPercentage":{progress},"summary":{{"servers":{{"createdCount":{servers},"modifiedCount":1}},"applications":{{"createdCount":{apps},"modifiedCount":0}},"waves":{{"createdCount":{waves},"modifiedCount":0}}}}}}]}}"#
        ),
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn wait_follows_the_import_to_success_line_by_line() {
    let server = TestServer::start(vec![
        started(),
        Reply::json(200, r#"{"items":[]}"#),
        listed("PENDING", 0.0, 0, 0, 0),
        listed("STARTED", 25.0, 2, 0, 0),
        listed("STARTED", 62.5, 5, 1, 0),
        listed("SUCCEEDED", 100.0, 8, 2, 1),
    ])
    .await;
    let out = run_wait(&server, &["--tag", "team=mig", "--tag=cost-center=a=b"]).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert_eq!(stderr, "");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "import id: import-0123456789abcdefg",
            "import-0123456789abcdefg not listed yet",
            "PENDING       0%  servers 0 created, 1 modified; applications 0 created, 0 modified; waves 0 created, 0 modified",
            "STARTED      25%  servers 2 created, 1 modified; applications 0 created, 0 modified; waves 0 created, 0 modified",
            "STARTED    62.5%  servers 5 created, 1 modified; applications 1 created, 0 modified; waves 0 created, 0 modified",
            "SUCCEEDED   100%  servers 8 created, 1 modified; applications 2 created, 0 modified; waves 1 created, 0 modified",
            "import import-0123456789abcdefg SUCCEEDED: servers 8 created, 1 modified; applications 2 created, 0 modified; waves 1 created, 0 modified",
        ]
    );

    let reqs = server.requests();
    assert_eq!(reqs.len(), 6);
    assert!(reqs.iter().all(|r| r.signature == Ok(())));
    assert_eq!(reqs[0].target, "/StartImport");
    // The tags, as a map: order-independent.
    assert_eq!(
        reqs[0].json()["tags"],
        serde_json::json!({"team": "mig", "cost-center": "a=b"})
    );
    for req in &reqs[1..] {
        assert_eq!(req.target, "/ListImports");
        assert_eq!(
            req.json(),
            serde_json::json!({"filters": {"importIDs": [IMPORT_ID]}})
        );
    }
}

/// A `ListImportErrors` page of `rows`, with `next` as its `nextToken`.
fn error_page(rows: &[(&str, i64, &str, &str)], next: Option<&str>) -> Reply {
    let items: Vec<serde_json::Value> = rows
        .iter()
        .map(|(kind, row, entity, message)| {
            let mut data = serde_json::json!({"rowNumber": row, "rawError": message});
            if !entity.is_empty() {
                data["sourceServerID"] = (*entity).into();
            }
            serde_json::json!({
                "errorType": kind,
                "errorDateTime": "2026-04-01T10:00:00Z",
                "errorData": data,
            })
        })
        .collect();
    let mut page = serde_json::json!({ "items": items });
    if let Some(next) = next {
        page["nextToken"] = next.into();
    }
    Reply::json(200, &page.to_string())
}

#[tokio::test]
async fn a_failed_import_lists_every_error_page_as_a_table_and_exits_3() {
    let server = TestServer::start(vec![
        started(),
        listed("STARTED", 10.0, 1, 0, 0),
        listed("STARTED", 30.0, 2, 0, 0),
        listed("FAILED", 40.0, 2, 0, 0),
        error_page(
            &[
                ("VALIDATION_ERROR", 2, "", "missing column: mgn:server:fqdn"),
                ("VALIDATION_ERROR", 17, "", "bad IP\taddress"),
            ],
            Some("page-2"),
        ),
        error_page(
            &[(
                "PROCESSING_ERROR",
                0,
                "s-1234567890abcdef0",
                "server not found",
            )],
            Some("page-3"),
        ),
        error_page(
            &[("VALIDATION_ERROR", 120, "", "duplicate wave name")],
            None,
        ),
    ])
    .await;
    let out = run_wait(&server, &[]).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(3), "{stdout}\n{stderr}");
    assert_eq!(stderr, "");
    let lines: Vec<&str> = stdout.lines().collect();
    let counts = "applications 0 created, 0 modified; waves 0 created, 0 modified";
    assert_eq!(
        lines,
        [
            "import id: import-0123456789abcdefg".to_owned(),
            format!("STARTED      10%  servers 1 created, 1 modified; {counts}"),
            format!("STARTED      30%  servers 2 created, 1 modified; {counts}"),
            format!("FAILED       40%  servers 2 created, 1 modified; {counts}"),
            format!(
                "import import-0123456789abcdefg FAILED at 40%: servers 2 created, 1 modified; {counts}"
            ),
            "4 import errors:".to_owned(),
            "ROW  TYPE              ENTITY                      TIME                  MESSAGE".to_owned(),
            "2    VALIDATION_ERROR  -                           2026-04-01T10:00:00Z  missing column: mgn:server:fqdn".to_owned(),
            "17   VALIDATION_ERROR  -                           2026-04-01T10:00:00Z  bad IP address".to_owned(),
            "-    PROCESSING_ERROR  server s-1234567890abcdef0  2026-04-01T10:00:00Z  server not found".to_owned(),
            "120  VALIDATION_ERROR  -                           2026-04-01T10:00:00Z  duplicate wave name".to_owned(),
        ]
    );
    let reqs = server.requests();
    let errors: Vec<_> = reqs
        .iter()
        .filter(|r| r.target == "/ListImportErrors")
        .collect();
    assert_eq!(errors.len(), 3);
    let tokens: Vec<serde_json::Value> = errors
        .iter()
        .map(|r| r.json()["nextToken"].clone())
        .collect();
    assert_eq!(
        tokens,
        [serde_json::Value::Null, "page-2".into(), "page-3".into()]
    );
    assert!(errors.iter().all(|r| r.json()["importID"] == IMPORT_ID));
}

#[tokio::test]
async fn max_wait_running_out_exits_4_with_its_own_message() {
    let mut script = vec![started()];
    script.extend((0..200).map(|i| listed("STARTED", (i % 100) as f32, 1, 0, 0)));
    let server = TestServer::start(script).await;
    let begin = std::time::Instant::now();
    let out = run_wait(&server, &["--max-wait", "500ms"]).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(4), "{stdout}\n{stderr}");
    assert!(begin.elapsed() < std::time::Duration::from_secs(5));
    let polls = stdout.lines().filter(|l| l.starts_with("STARTED")).count();
    assert!(polls >= 2, "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(last.starts_with("STARTED"), "{stdout}");
    let percent = last.split_whitespace().nth(1).unwrap();
    let expected = format!(
        "error: timed out: --max-wait 500ms ran out after {polls} polls; \
         import {IMPORT_ID} was STARTED at {percent} and goes on\n"
    );
    assert_eq!(stderr, expected);
}

#[tokio::test]
async fn an_api_error_while_waiting_exits_1() {
    let server = TestServer::start(vec![
        started(),
        listed("PENDING", 0.0, 0, 0, 0),
        Reply::json(403, r#"{"message":"not allowed to list imports"}"#)
            .header("x-amzn-errortype", "AccessDeniedException"),
    ])
    .await;
    let out = run_wait(&server, &[]).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    for line in [
        "error kind: service error",
        "code: AccessDeniedException",
        "message: not allowed to list imports",
        "HTTP status: 403",
    ] {
        assert!(stderr.contains(line), "missing {line:?} in:\n{stderr}");
    }
}

#[tokio::test]
async fn wait_usage_errors_exit_2_before_any_request() {
    let server = TestServer::start(vec![]).await;
    for (args, message) in [
        (&["--max-wait", "30"][..], "needs a unit"),
        (&["--max-wait", "soon"][..], "is not a duration"),
        (&["--max-wait", "0s"][..], "is zero"),
        (&["--tag", "novalue"][..], "--tag wants KEY=VALUE"),
        (&["--tag", "=v"][..], "--tag wants KEY=VALUE"),
        (&["--tag", "a=1", "--tag", "a=2"][..], "given twice"),
        (&["--wait=yes"][..], "--wait takes no value"),
    ] {
        let out = run_wait(&server, args).await;
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let out = run(
        &server,
        &["--bucket", "b", "--key", "k", "--max-wait", "1m"],
        false,
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--max-wait needs --wait"));
    assert!(server.requests().is_empty());
}

/// `--file`: the environment of `run_wait`, with S3's endpoint the S3 fake.
fn upload_env(s3: &TestServer) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_ACCESS_KEY_ID", support::ACCESS_KEY_ID.to_owned()),
        (
            "AWS_SECRET_ACCESS_KEY",
            support::SECRET_ACCESS_KEY.to_owned(),
        ),
        ("AWS_REGION", support::REGION.to_owned()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        (FAST_POLLS.0, FAST_POLLS.1.to_owned()),
        ("AWS_ENDPOINT_URL_S3", s3.endpoint_url()),
    ]
}

async fn run_upload(mgn: &TestServer, s3: &TestServer, args: &[&str]) -> Output {
    let env = upload_env(s3);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    run_with_env(mgn, args, &env).await
}

/// A CSV of `rows` lines, larger than one aws-chunked chunk.
fn write_csv(dir: &std::path::Path, rows: usize) -> (PathBuf, Vec<u8>) {
    let mut data = b"mgn:server:platform,mgn:server:fqdn-for-action-framework\n".to_vec();
    for i in 0..rows {
        data.extend_from_slice(format!("LINUX,server-{i}.example.com\n").as_bytes());
    }
    let path = dir.join("servers.csv");
    std::fs::write(&path, &data).unwrap();
    (path, data)
}

#[tokio::test]
async fn file_is_uploaded_then_imported_then_followed() {
    let dir = tempfile::tempdir().unwrap();
    let (path, data) = write_csv(dir.path(), 4000);
    let s3 = TestServer::start_for_s3(vec![
        Reply::raw_body(200, "application/xml", "")
            .header("ETag", "\"etag-1\"")
            .header("x-amz-version-id", "v-1"),
    ])
    .await;
    let mgn = TestServer::start(vec![started(), listed("SUCCEEDED", 100.0, 2, 1, 1)]).await;
    let file = path.display().to_string();
    let out = run_upload(&mgn, &s3, &["--file", &file, "--bucket", "b", "--wait"]).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("uploaded s3://b/servers.csv (ETag \"etag-1\", version v-1)"),
        "{stderr}"
    );
    assert!(
        stdout.contains(&format!("import id: {IMPORT_ID}")),
        "{stdout}"
    );

    // The upload: one signed PUT of the whole file, streamed with its CRC32 as a trailer.
    let put = &s3.requests()[0];
    assert_eq!(
        (put.method.as_str(), put.target.as_str()),
        ("PUT", "/b/servers.csv?x-id=PutObject")
    );
    assert_eq!(put.signature, Ok(()));
    assert_eq!(put.header("content-encoding"), Some("aws-chunked"));
    assert_eq!(
        put.header("x-amz-decoded-content-length"),
        Some(data.len().to_string().as_str())
    );
    assert!(
        put.body
            .windows(data.len().min(4096))
            .any(|w| w == &data[..data.len().min(4096)]),
        "the file's bytes are in the upload"
    );
    // Then StartImport for that object, then the waiter's poll.
    let requests = mgn.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].json()["s3BucketSource"],
        serde_json::json!({"s3Bucket": "b", "s3Key": "servers.csv"})
    );
}

#[tokio::test]
async fn a_failed_upload_stops_before_start_import_naming_the_bucket_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = write_csv(dir.path(), 10);
    let s3 = TestServer::start_for_s3(vec![Reply::raw_body(
        403,
        "application/xml",
        "<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R-403</RequestId></Error>",
    )])
    .await;
    let mgn = TestServer::start(vec![started()]).await;
    let file = path.display().to_string();
    let out = run_upload(
        &mgn,
        &s3,
        &["--file", &file, "--bucket", "b", "--key", "in/servers.csv"],
    )
    .await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "upload of {file} to s3://b/in/servers.csv failed, StartImport not called"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("step: PutObject"), "{stderr}");
    assert!(stderr.contains("code: AccessDenied"), "{stderr}");
    assert!(mgn.requests().is_empty(), "StartImport was not called");

    // A file that cannot be read fails at the first step, before any request.
    let missing = dir.path().join("missing.csv").display().to_string();
    let out = run_upload(&mgn, &s3, &["--file", &missing, "--bucket", "b"]).await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("s3://b/missing.csv"), "{stderr}");
    assert!(stderr.contains("step: reading the file"), "{stderr}");
    assert_eq!(s3.requests().len(), 1);
    assert!(mgn.requests().is_empty());
}
