//! Project chores: `cargo xtask codegen [--check]` regenerates the checked-in generated sources;
//! `cargo xtask codegen --model FILE... --operations all|A,B --out DIR` writes standalone types
//! and client crates for any model; the other commands are listed in `USAGE`.

mod bench_compile;
mod codegen_cmd;
mod corpus;
mod protocol_tests;
mod publishable;
mod update_model;

use std::process::ExitCode;

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check]
      regenerate mgn-types and mgn-client from model/ (--check: fail if they are stale)
  cargo xtask codegen --model FILE [--model FILE ...] [--service ID] [--protocol NAME] --operations all|Op1,Op2
                      [--crate-name NAME] [--partitions FILE] --out DIR
                      [--runtime-version VER | --runtime-git URL [--runtime-branch B | --runtime-tag T | --runtime-rev R]]
      write standalone types and client crates for any service in the model files (--protocol:
      one the service lists, e.g. awsJson1_0, instead of the preferred one); they depend on this
      checkout's runtime/ crates by a relative path, or on the published ones at VER, or on
      those of the git repository at URL
  cargo xtask update-model [--from OFFICIAL.json] [--partitions PARTITIONS.json]
      rewrite model/mgn.json from an official model for the configured operations (their whole
      closure, every trait) and model/partitions.json; report shapes added, removed, changed;
      other files in model/ are left alone (default: the files model/mgn.json was taken from)
  cargo xtask protocol-tests [--bless] [--only ID] [--model FILE] [--service ID]
      generate the official protocol tests of every supported suite (or of --service) into
      target/protocol-tests/<suite>/, run them and compare with codegen/protocol-tests/<suite>.txt
  cargo xtask corpus [--models DIR] [--sample-only|--no-sample] [--only NAME[,NAME...]]
      generate types and client with every operation for each model of ../shared/reference/aws-models
      whose protocol is supported (in memory; fails listing each model that does not generate), then
      write a fixed sample of them as one workspace in target/corpus/ and run
      `cargo clippy --lib --test '*' -- -D warnings` on it (--only: those models alone, as the sample;
      NAME is SERVICE of SERVICE-VERSION.json)
  cargo xtask bench-compile [--only NAME[,NAME...]] [--size-profile]
      clean release builds of bench/compile/{ours,aws-sdk,...,dynamodb-ours,dynamodb-aws-sdk}:
      wall, CPU, crates, binary size, ratios (the DynamoDB client is generated first, not timed)
  cargo xtask publishable
      check that the crates going to crates.io (the generator, runtime/*) have what it needs
      and print their names, one a line (`.ci/run` passes them to `cargo package`)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen_cmd::run(&args[1..]),
        Some("update-model") => update_model::run(&args[1..]),
        Some("bench-compile") => bench_compile::run(&args[1..]),
        Some("protocol-tests") => protocol_tests::run(&args[1..]),
        Some("corpus") => corpus::run(&args[1..]),
        Some("publishable") => publishable::run(&args[1..]),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
