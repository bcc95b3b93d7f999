//! `put-get-item [TABLE]`: PutItem then GetItem of one item with aws-sdk-dynamodb, configuration
//! from the environment (aws-config's default chain); the table is the argument or
//! `$DYNAMODB_TABLE`. Prints the item read back or the error. The twin of
//! bench/compile/dynamodb-ours; built by `cargo xtask bench-compile`, never run against AWS by
//! the project's tests.

use aws_sdk_dynamodb::types::AttributeValue;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let table = match (args.next(), args.next()) {
        (Some(table), None) => table,
        (None, None) => match std::env::var("DYNAMODB_TABLE") {
            Ok(table) => table,
            Err(_) => return usage(),
        },
        _ => return usage(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(async {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let client = aws_sdk_dynamodb::Client::new(&config);
        let put = client
            .put_item()
            .table_name(&table)
            .item("pk", AttributeValue::S("bench-compile".to_owned()))
            .item("count", AttributeValue::N("1".to_owned()))
            .send()
            .await;
        if let Err(e) = put {
            eprintln!("error: PutItem: {}", chain(&e));
            return ExitCode::FAILURE;
        }
        let get = client
            .get_item()
            .table_name(&table)
            .key("pk", AttributeValue::S("bench-compile".to_owned()))
            .consistent_read(true)
            .send()
            .await;
        match get {
            Ok(output) => {
                println!("{:#?}", output.item());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: GetItem: {}", chain(&e));
                ExitCode::FAILURE
            }
        }
    })
}

fn usage() -> ExitCode {
    eprintln!("usage: put-get-item TABLE (or DYNAMODB_TABLE=TABLE put-get-item)");
    ExitCode::from(2)
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
