//! The "typical application" the increment programs share (`#[path]`-included by
//! bench/compile/app, app-ours and app-aws-sdk): tokio with macros and the multi-threaded
//! runtime, serde with derive, serde_json and tracing. `start-import BUCKET KEY` reads the two
//! arguments into a job, logs it, runs the SDK call the program was built with (none in
//! bench/compile/app) on the multi-threaded runtime and prints a JSON report.

use serde::{Deserialize, Serialize};
use std::future::Future;
use std::process::ExitCode;

#[derive(Debug, Serialize, Deserialize)]
pub struct Job {
    pub bucket: String,
    pub key: String,
}

#[derive(Debug, Serialize)]
struct Report<'a> {
    job: &'a Job,
    ok: bool,
    detail: String,
}

/// Parses the arguments, calls `call` on a spawned task and prints the report as JSON.
pub async fn main<F, Fut>(call: F) -> ExitCode
where
    F: FnOnce(String, String) -> Fut,
    Fut: Future<Output = Result<String, String>> + Send + 'static,
{
    let mut args = std::env::args().skip(1);
    let (Some(bucket), Some(key), None) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: start-import BUCKET KEY");
        return ExitCode::from(2);
    };
    let job: Job = match serde_json::from_value(serde_json::json!({ "bucket": bucket, "key": key }))
    {
        Ok(job) => job,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(bucket = %job.bucket, key = %job.key, "starting the import");
    let outcome = tokio::spawn(call(job.bucket.clone(), job.key.clone())).await;
    let (ok, detail) = match outcome {
        Ok(Ok(detail)) => (true, detail),
        Ok(Err(e)) => (false, e),
        Err(e) => (false, e.to_string()),
    };
    tracing::info!(ok, "done");
    match serde_json::to_string_pretty(&Report {
        job: &job,
        ok,
        detail,
    }) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("error: {e}"),
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The error and its sources, joined by ": ".
#[allow(dead_code)] // not used by the program without an SDK
pub fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}
