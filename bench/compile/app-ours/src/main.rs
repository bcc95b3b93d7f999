//! The typical application (bench/compile/app) with one StartImport call through mgn-client.

#[path = "../../app/src/app.rs"]
mod app;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    app::main(|bucket, key| async move {
        let config = mgn_client::Config::load()
            .await
            .map_err(|e| e.to_string())?;
        let client = mgn_client::Client::from_conf(config);
        let source = mgn_client::types::S3BucketSource::builder()
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
