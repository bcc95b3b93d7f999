//! `start-import BUCKET KEY`: one StartImport call with mgn-client, configuration from
//! `Config::load()` (the standard credential and region chains, like `aws_config::load_defaults`);
//! prints the output or the error. The twin of bench/compile/aws-sdk.

use mgn_client::types::S3BucketSource;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(bucket), Some(key), None) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: start-import BUCKET KEY");
        return ExitCode::from(2);
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(async {
        let config = match mgn_client::Config::load().await {
            Ok(config) => config,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let client = mgn_client::Client::from_conf(config);
        let source = match S3BucketSource::builder()
            .s3_bucket(bucket)
            .s3_key(key)
            .build()
        {
            Ok(source) => source,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        match client.start_import().s3_bucket_source(source).send().await {
            Ok(output) => {
                println!("{output:#?}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {}", chain(&e));
                ExitCode::FAILURE
            }
        }
    })
}

/// The error and its sources, joined by ": ".
fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}
