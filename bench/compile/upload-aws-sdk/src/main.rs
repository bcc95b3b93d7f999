//! `upload-import FILE BUCKET KEY`: FILE uploaded to BUCKET at KEY with aws-sdk-s3 (a PutObject
//! streamed from disk, `ByteStream::from_path`), its ETag and version printed, then one
//! StartImport call with aws-sdk-mgn for that object; configuration from aws-config's default
//! chain. A failed step stops the program, naming the step, the bucket and the key. The twin of
//! bench/compile/upload-ours; built by `cargo xtask bench-compile`, never run against AWS by the
//! project's tests.

use aws_sdk_mgn::types::S3BucketSource;
use aws_sdk_s3::primitives::ByteStream;
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
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let body = match ByteStream::from_path(&file).await {
            Ok(body) => body,
            Err(e) => {
                eprintln!("error: reading {file}: {}", chain(&e));
                return ExitCode::FAILURE;
            }
        };
        let s3 = aws_sdk_s3::Client::new(&config);
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
                output.e_tag().unwrap_or("none"),
                output.version_id().unwrap_or("none")
            ),
            Err(e) => {
                eprintln!("error: PutObject s3://{bucket}/{key}: {}", chain(&e));
                return ExitCode::FAILURE;
            }
        }
        let mgn = aws_sdk_mgn::Client::new(&config);
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
