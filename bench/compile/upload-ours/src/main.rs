//! `upload-import FILE BUCKET KEY`: FILE uploaded to BUCKET at KEY with s3-client (a PutObject
//! streamed from disk), its ETag and version printed, then one StartImport call with mgn-client
//! for that object; configuration from `Config::load()` (the standard credential and region
//! chains, like `aws_config::load_defaults`). A failed step stops the program, naming the step,
//! the bucket and the key. The twin of bench/compile/upload-aws-sdk; built by `cargo xtask
//! bench-compile`, never run against AWS by the project's tests.

use mgn_client::types::S3BucketSource;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(file), Some(bucket), Some(key), None) =
        (args.next(), args.next(), args.next(), args.next())
    else {
        eprintln!("usage: upload-import FILE BUCKET KEY");
        return ExitCode::from(2);
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(async {
        let config = match s3_client::Config::load().await {
            Ok(config) => config,
            Err(e) => {
                eprintln!("error: loading the configuration: {e}");
                return ExitCode::FAILURE;
            }
        };
        let body = match s3_client::runtime::http::stream_file(&file).await {
            Ok(body) => body,
            Err(e) => {
                eprintln!("error: reading {file}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let s3 = s3_client::Client::from_conf(config.clone());
        match s3
            .put_object()
            .bucket(&bucket)
            .key(&key)
            .body(body)
            .send()
            .await
        {
            Ok(output) => println!(
                "uploaded s3://{bucket}/{key} (ETag {}, version {})",
                output.e_tag.as_deref().unwrap_or("none"),
                output.version_id.as_deref().unwrap_or("none")
            ),
            Err(e) => {
                eprintln!("error: PutObject s3://{bucket}/{key}: {}", chain(&e));
                return ExitCode::FAILURE;
            }
        }
        let mgn = mgn_client::Client::from_conf(config);
        let source = match S3BucketSource::builder()
            .s3_bucket(&bucket)
            .s3_key(&key)
            .build()
        {
            Ok(source) => source,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        match mgn.start_import().s3_bucket_source(source).send().await {
            Ok(output) => {
                println!("{output:#?}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: StartImport of s3://{bucket}/{key}: {}", chain(&e));
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
