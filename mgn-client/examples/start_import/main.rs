//! Starts an MGN import from a CSV file in S3, and optionally follows it to its end.
//!
//! ```text
//! cargo run -p mgn-client --example start_import -- --bucket B --key K.csv \
//!     [--owner ACCOUNT] [--client-token T] [--tag KEY=VALUE]... \
//!     [--wait [--max-wait 30m]] [--region R] [--endpoint-url URL]
//! cargo run -p mgn-client --example start_import -- --file servers.csv --bucket B [--key K.csv] ...
//! ```
//!
//! `--file PATH` uploads the CSV first, with the workspace's S3 client: streamed from disk
//! (never read whole into memory), to `--bucket` at `--key` (default: the file's name), its
//! CRC32 in an aws-chunked trailer. The upload's ETag and version id go to stderr, then
//! StartImport is called for that object. A failed upload stops there (exit 1), naming the
//! step, the bucket and the key. S3's endpoint comes from the configuration too
//! (`AWS_ENDPOINT_URL_S3`); `--endpoint-url` is MGN's only.
//!
//! Configuration comes from `Config::load()`, as aws-config would find it: credentials from
//! the standard chain (environment, `~/.aws` profiles with static keys, `credential_process`,
//! SSO or assumed roles, web identity, the ECS/EKS container endpoint, EC2 instance metadata),
//! the region from `AWS_REGION`, the profile or instance metadata, and the endpoint from
//! `AWS_ENDPOINT_URL_MGN` and friends; `--region` and `--endpoint-url` override them.
//! `--tag KEY=VALUE` (repeatable) tags the import task.
//!
//! Without `--wait` it prints StartImport's output as pretty JSON. With `--wait` it prints
//! `import id: ...`, then follows the import with the generated `ImportCompleted` waiter
//! (`ListImports` polled every 5 s, backing off to 60 s), showing the progress percentage,
//! the status and the summary counts (servers, applications, waves) after every poll: as a
//! progress bar on stderr when stderr is a terminal, otherwise as one plain line per poll on
//! stdout. When the import succeeds it prints a last line; when it fails it lists every
//! import error (all pages of `ListImportErrors`) as a table on stdout. `--max-wait` (`30m`,
//! `90s`, `1h`, `1h30m`, `500ms`; default 30m) bounds the wait; the import itself goes on.
//!
//! Errors go to stderr (for an API error: kind, code, message, HTTP status and request id).
//! Exit status:
//!
//! | code | meaning                                                                  |
//! |------|--------------------------------------------------------------------------|
//! | 0    | started (without `--wait`) or succeeded (with `--wait`)                  |
//! | 1    | an API, credentials or configuration error (the import's fate unknown)   |
//! | 2    | a usage error                                                            |
//! | 3    | the import FAILED (its errors listed)                                    |
//! | 4    | `--max-wait` ran out before the import ended                             |
//!
//! For tests only, `START_IMPORT_POLL_DELAYS=MIN,MAX` (e.g. `20ms,50ms`) replaces the waiter's
//! delays between polls.

mod args;
mod report;

use args::{Args, USAGE, parse_args, poll_delays};
use mgn_client::runtime::waiter::WaiterError;
use mgn_client::types::{ImportTaskError, ListImportsRequestFilters, S3BucketSource};
use mgn_client::{Client, Config, SdkError};
use report::Progress;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const API_ERROR: u8 = 1;
const USAGE_ERROR: u8 = 2;
const IMPORT_FAILED: u8 = 3;
const TIMED_OUT: u8 = 4;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    let delays = match poll_delays(std::env::var("START_IMPORT_POLL_DELAYS").ok()) {
        Ok(delays) => delays,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(USAGE_ERROR);
        }
    };

    let config = match Config::load().await {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error kind: configuration\nmessage: {e}");
            return ExitCode::from(API_ERROR);
        }
    };
    if let Some(file) = &args.file {
        let (bucket, key) = (
            args.bucket.as_deref().unwrap_or_default(),
            args.key.as_deref().unwrap_or_default(),
        );
        if let Err(message) = upload(&config, file, bucket, key).await {
            eprintln!(
                "error: upload of {file} to s3://{bucket}/{key} failed, StartImport not called\n{message}"
            );
            return ExitCode::from(API_ERROR);
        }
    }
    let mut builder = config.to_builder();
    if let Some(region) = args.region.clone() {
        builder = builder.region(region);
    }
    if let Some(url) = args.endpoint_url.clone() {
        builder = builder.endpoint_url(url);
    }
    let client = Client::from_conf(builder.build());

    let source = S3BucketSource::builder()
        .s3_bucket(args.bucket.clone().unwrap_or_default())
        .s3_key(args.key.clone().unwrap_or_default())
        .set_s3_bucket_owner(args.owner.clone())
        .build();
    let source = match source {
        Ok(source) => source,
        Err(e) => {
            eprintln!("error kind: construction failure\nmessage: {e}");
            return ExitCode::from(API_ERROR);
        }
    };
    // One `tags(key, value)` call per `--tag`, each adding an entry; none sends no `tags`.
    let request = args.tags.iter().fold(
        client
            .start_import()
            .s3_bucket_source(source)
            .set_client_token(args.client_token.clone()),
        |request, (key, value)| request.tags(key, value),
    );

    let output = match request.send().await {
        Ok(output) => output,
        Err(err) => {
            print_sdk_error(&err, err.as_service_error().and_then(|e| e.code()));
            return ExitCode::from(API_ERROR);
        }
    };
    if !args.wait {
        return match serde_json::to_string_pretty(&output) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot print the output: {e}");
                ExitCode::from(API_ERROR)
            }
        };
    }
    let Some(import_id) = output.import_task.and_then(|t| t.import_id) else {
        eprintln!("error: StartImport's answer has no import id to follow");
        return ExitCode::from(API_ERROR);
    };
    println!("import id: {import_id}");
    follow(&client, &import_id, &args, delays).await
}

/// Where progress goes: a bar on a terminal, plain lines otherwise.
#[derive(Clone)]
enum Display {
    Bar(indicatif::ProgressBar),
    Lines,
}

impl Display {
    fn new() -> Display {
        if !std::io::stderr().is_terminal() {
            return Display::Lines;
        }
        let bar = indicatif::ProgressBar::new(100);
        let style = indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] [{bar:30}] {pos:>3}% {msg}",
        )
        .map(|s| s.progress_chars("=> "));
        if let Ok(style) = style {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Display::Bar(bar)
    }

    fn show(&self, import_id: &str, progress: Option<&Progress>) {
        match (self, progress) {
            (Display::Bar(bar), Some(p)) => {
                bar.set_position(p.position());
                bar.set_message(p.message());
            }
            (Display::Bar(bar), None) => bar.set_message(format!("{import_id} not listed yet")),
            (Display::Lines, Some(p)) => println!("{}", p.line()),
            (Display::Lines, None) => println!("{import_id} not listed yet"),
        }
    }

    /// Leaves the bar where it stood and ends its line, so the next lines print below it.
    fn finish(&self) {
        if let Display::Bar(bar) = self {
            bar.abandon();
            eprintln!();
        }
    }
}

/// Uploads `file` to `bucket` at `key`, streamed from disk; prints the ETag and version id.
async fn upload(config: &Config, file: &str, bucket: &str, key: &str) -> Result<(), String> {
    let body = s3_client::runtime::http::stream_file(file)
        .await
        .map_err(|e| format!("step: reading the file\nmessage: {e}"))?;
    let output = s3_client::Client::from_conf(config.clone())
        .put_object()
        .bucket(bucket)
        .key(key)
        .body(body)
        .send()
        .await
        .map_err(|err| {
            let mut message = format!("step: PutObject\nmessage: {err}");
            if let Some(metadata) = err.error_metadata() {
                if let Some(code) = metadata.code() {
                    message.push_str(&format!("\ncode: {code}"));
                }
                if let Some(id) = metadata.request_id() {
                    message.push_str(&format!("\nrequest id: {id}"));
                }
            }
            message
        })?;
    eprintln!(
        "uploaded s3://{bucket}/{key} (ETag {}, version {})",
        output.e_tag.as_deref().unwrap_or("none"),
        output.version_id.as_deref().unwrap_or("none")
    );
    Ok(())
}

/// Follows the import with the generated waiter; the exit code says how it ended.
async fn follow(
    client: &Client,
    import_id: &str,
    args: &Args,
    delays: Option<(Duration, Duration)>,
) -> ExitCode {
    let (max_wait_text, max_wait) = args.max_wait();
    let display = Display::new();
    let last: Arc<Mutex<Option<Progress>>> = Arc::default();
    let on_poll = {
        let (display, last, import_id) = (display.clone(), last.clone(), import_id.to_owned());
        move |poll: &mgn_client::runtime::waiter::Poll<'_, _, _>| {
            let Ok(output) = poll.result else { return };
            let output: &mgn_client::operation::ListImportsOutput = output;
            let progress = Progress::of(&import_id, output.items.as_deref());
            display.show(&import_id, progress.as_ref());
            if let Ok(mut last) = last.lock() {
                *last = progress;
            }
        }
    };
    let mut waiter = client
        .wait_until_import_completed()
        .filters(
            ListImportsRequestFilters::builder()
                .import_ids(import_id)
                .build(),
        )
        .on_poll(on_poll);
    if let Some((min, max)) = delays {
        waiter = waiter.min_delay(min).max_delay(max);
    }
    let result = waiter.wait(max_wait).await;
    display.finish();
    let last = last.lock().ok().and_then(|l| l.clone());
    let counts = last
        .as_ref()
        .map_or_else(|| "no summary".to_owned(), |p| p.summary.clone());
    match result {
        Ok(_) => {
            println!("import {import_id} SUCCEEDED: {counts}");
            ExitCode::SUCCESS
        }
        Err(WaiterError::FailureState(poll)) => match poll.as_result() {
            Ok(_) => {
                let at = last.as_ref().map(|p| p.percent).unwrap_or_default();
                println!(
                    "import {import_id} FAILED at {}: {counts}",
                    report::percent(at)
                );
                list_import_errors(client, import_id).await;
                ExitCode::from(IMPORT_FAILED)
            }
            Err(err) => {
                print_sdk_error(err, err.as_service_error().and_then(|e| e.code()));
                ExitCode::from(API_ERROR)
            }
        },
        Err(WaiterError::ExceededMaxWait { polls, .. }) => {
            let state = last.as_ref().map_or_else(
                || "not listed yet".to_owned(),
                |p| format!("{} at {}", p.status, report::percent(p.percent)),
            );
            eprintln!(
                "error: timed out: --max-wait {max_wait_text} ran out after {polls} polls; \
                 import {import_id} was {state} and goes on"
            );
            ExitCode::from(TIMED_OUT)
        }
        Err(WaiterError::InvalidConfiguration(why)) => {
            eprintln!("error: {why}");
            ExitCode::from(USAGE_ERROR)
        }
        Err(WaiterError::ConstructionFailure(err)) => {
            print_sdk_error(&err, None);
            ExitCode::from(API_ERROR)
        }
        Err(other) => {
            eprintln!("error: {other}");
            ExitCode::from(API_ERROR)
        }
    }
}

/// Prints every import error, all pages of `ListImportErrors`, as a table on stdout; an error
/// while listing them goes to stderr after the rows read so far.
async fn list_import_errors(client: &Client, import_id: &str) {
    let mut items = client
        .list_import_errors()
        .import_id(import_id)
        .into_paginator()
        .items();
    let mut errors: Vec<ImportTaskError> = Vec::new();
    let mut failure = None;
    while let Some(item) = items.next().await {
        match item {
            Ok(error) => errors.push(error),
            Err(err) => {
                failure = Some(err);
                break;
            }
        }
    }
    println!("{} import errors:", errors.len());
    print!("{}", report::errors_table(&errors));
    if let Some(err) = failure {
        eprintln!("error: listing the import errors stopped:");
        print_sdk_error(&err, err.as_service_error().and_then(|e| e.code()));
    }
}

/// An API error's kind, code, message, HTTP status and request id, one per line on stderr.
fn print_sdk_error<E: std::error::Error + 'static>(err: &SdkError<E>, service_code: Option<&str>) {
    let dash = "-".to_owned();
    eprintln!("error kind: {}", err.kind_name());
    eprintln!("code: {}", err.code().or(service_code).unwrap_or("-"));
    let message = match err.message() {
        Some(m) => m.to_owned(),
        None if err.as_service_error().is_some() => dash.clone(),
        // Not a service error: the error's own description is the message.
        None => error_chain(err),
    };
    eprintln!("message: {message}");
    let status = err.raw_status().map(|s| s.as_u16().to_string());
    eprintln!("HTTP status: {}", status.unwrap_or_else(|| dash.clone()));
    eprintln!("request id: {}", err.request_id().unwrap_or("-"));
}

/// The error and its sources, joined by ": ".
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        let s = e.to_string();
        if !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        source = e.source();
    }
    text
}
