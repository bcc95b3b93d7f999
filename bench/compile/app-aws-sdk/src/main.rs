//! The typical application (bench/compile/app) with one StartImport call through aws-sdk-mgn.

#[path = "../../app/src/app.rs"]
mod app;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    app::main(|bucket, key| async move {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let client = aws_sdk_mgn::Client::new(&config);
        let source = aws_sdk_mgn::types::S3BucketSource::builder()
            .s3_bucket(bucket)
            .s3_key(key)
            .build()
            .map_err(|e| e.to_string())?;
        match client.start_import().s3_bucket_source(source).send().await {
            Ok(output) => Ok(format!("{output:?}")),
            Err(e) => Err(app::chain(&e)),
        }
    })
    .await
}
