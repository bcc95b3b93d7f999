//! The typical application without any SDK: the baseline of the increment programs.

mod app;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    app::main(|bucket, key| async move { Ok(format!("no SDK: s3://{bucket}/{key}")) }).await
}
