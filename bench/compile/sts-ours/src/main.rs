//! `get-caller-identity`: one STS GetCallerIdentity call with the generated sts-client (all STS
//! operations, awsQuery), configuration from `Config::load()` (the standard credential and
//! region chains, like `aws_config::load_defaults`); prints the account, ARN and user id or the
//! error. The twin of bench/compile/sts-aws-sdk; built by `cargo xtask bench-compile`, never run
//! against AWS by the project's tests.

use std::process::ExitCode;

fn main() -> ExitCode {
    if std::env::args().len() != 1 {
        eprintln!("usage: get-caller-identity");
        return ExitCode::from(2);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(async {
        let config = match sts_client::Config::load().await {
            Ok(config) => config,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let client = sts_client::Client::from_conf(config);
        match client.get_caller_identity().send().await {
            Ok(output) => {
                println!(
                    "account {} arn {} user {}",
                    output.account.as_deref().unwrap_or("-"),
                    output.arn.as_deref().unwrap_or("-"),
                    output.user_id.as_deref().unwrap_or("-")
                );
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
