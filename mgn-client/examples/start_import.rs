//! Starts an MGN import from a CSV file in S3.
//!
//! ```text
//! cargo run -p mgn-client --example start_import -- --bucket B --key K.csv \
//!     [--owner ACCOUNT] [--client-token T] [--region R] [--endpoint-url URL]
//! ```
//!
//! Configuration comes from `Config::load()`, as aws-config would find it: credentials from
//! the standard chain (environment, `~/.aws` profiles with static keys, `credential_process`,
//! SSO or assumed roles, web identity, the ECS/EKS container endpoint, EC2 instance metadata),
//! the region from `AWS_REGION`, the profile or instance metadata, and the endpoint from
//! `AWS_ENDPOINT_URL_MGN` and friends; `--region` and `--endpoint-url` override them.
//! Prints the output as pretty JSON; on failure prints the error kind, code, message, HTTP
//! status and request id to stderr and exits with status 1 (2 for a usage error).

use mgn_client::types::S3BucketSource;
use mgn_client::{Client, Config};
use std::process::ExitCode;

const USAGE: &str = "usage: start_import --bucket B --key K.csv [--owner ACCOUNT] \
[--client-token T] [--region R] [--endpoint-url URL]";

#[derive(Debug, Default)]
struct Args {
    bucket: Option<String>,
    key: Option<String>,
    owner: Option<String>,
    client_token: Option<String>,
    region: Option<String>,
    endpoint_url: Option<String>,
}

/// Parses `--name value` and `--name=value`; `Ok(None)` means `--help`.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args::default();
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(None);
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        let slot = match name.as_str() {
            "--bucket" => &mut parsed.bucket,
            "--key" => &mut parsed.key,
            "--owner" => &mut parsed.owner,
            "--client-token" => &mut parsed.client_token,
            "--region" => &mut parsed.region,
            "--endpoint-url" => &mut parsed.endpoint_url,
            _ => return Err(format!("unknown argument {arg:?}")),
        };
        let value = match inline {
            Some(v) => v,
            None => args.next().ok_or_else(|| format!("{name} needs a value"))?,
        };
        if slot.replace(value).is_some() {
            return Err(format!("{name} given twice"));
        }
    }
    if parsed.bucket.is_none() {
        return Err("--bucket is required".into());
    }
    if parsed.key.is_none() {
        return Err("--key is required".into());
    }
    Ok(Some(parsed))
}

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
            return ExitCode::from(2);
        }
    };

    let config = match Config::load().await {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error kind: configuration\nmessage: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut builder = config.to_builder();
    if let Some(region) = args.region {
        builder = builder.region(region);
    }
    if let Some(url) = args.endpoint_url {
        builder = builder.endpoint_url(url);
    }
    let client = Client::from_conf(builder.build());

    let source = S3BucketSource::builder()
        .s3_bucket(args.bucket.unwrap_or_default())
        .s3_key(args.key.unwrap_or_default())
        .set_s3_bucket_owner(args.owner)
        .build();
    let source = match source {
        Ok(source) => source,
        Err(e) => {
            eprintln!("error kind: construction failure\nmessage: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut request = client.start_import().s3_bucket_source(source);
    if let Some(token) = args.client_token {
        request = request.client_token(token);
    }

    match request.send().await {
        Ok(output) => match serde_json::to_string_pretty(&output) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot print the output: {e}");
                ExitCode::FAILURE
            }
        },
        Err(err) => {
            let dash = "-".to_owned();
            eprintln!("error kind: {}", err.kind_name());
            let code = err
                .code()
                .or_else(|| err.as_service_error().and_then(|e| e.code()));
            eprintln!("code: {}", code.unwrap_or("-"));
            let message = match err.message() {
                Some(m) => m.to_owned(),
                None if err.as_service_error().is_some() => dash.clone(),
                // Not a service error: the error's own description is the message.
                None => error_chain(&err),
            };
            eprintln!("message: {message}");
            let status = err.raw_status().map(|s| s.as_u16().to_string());
            eprintln!("HTTP status: {}", status.unwrap_or_else(|| dash.clone()));
            eprintln!("request id: {}", err.request_id().unwrap_or("-"));
            ExitCode::FAILURE
        }
    }
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
