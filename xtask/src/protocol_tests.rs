//! `cargo xtask protocol-tests`: for each suite of the official protocol-test model whose
//! protocol the generator supports (see [`SUITES`]), generates the service as a types crate
//! and a client crate, plus a test crate holding every `smithy.test` case that applies to
//! clients, into `target/protocol-tests/<suite>/` (one workspace of its own for all suites,
//! so dependencies build once); runs the cases and compares the failures with the suite's
//! checked-in list of known failures. One line per suite: `SERVICE: N passed of M`.
//!
//! A suite fails when a case fails that is not on its list, when a listed case passes or does
//! not exist (so the list cannot rot), or when fewer of its cases pass than its target (95 %).
//! The S3 suite's service has no endpoint rules, but its cases expect S3's addressing: it
//! takes them from the official S3 model (see `with_official_rules`).
//!
//! Operations
//! the generator rejects are left out of the generated crates; their cases count as failures
//! with the generator's message.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use smithy_codegen::output::{self, GeneratedFile};

use crate::codegen_cmd::workspace_root;

/// Under the reference directory: `REFERENCE_DIR`, or `../shared/reference` beside the workspace.
const MODEL: &str = "smithy-aws-protocol-tests.json";
const COMMAND: &str = "cargo xtask protocol-tests";

/// One service of the protocol-test model, its directory under `target/protocol-tests/` and
/// its known failures (`codegen/protocol-tests/<dir>.txt`), and the pass rate it must reach.
struct Suite {
    service: &'static str,
    dir: &'static str,
    /// In percent of the cases that apply.
    target_percent: usize,
    /// The official model (under the reference directory) whose endpoint rules the service
    /// takes, when the protocol-test service has none but its cases expect them (see
    /// [`with_official_rules`]).
    rules_from: Option<&'static str>,
}

/// The suites of the protocols the generator supports.
const SUITES: &[Suite] = &[
    Suite {
        service: "aws.protocoltests.restjson#RestJson",
        dir: "rest-json",
        target_percent: TARGET_PERCENT,
        rules_from: None,
    },
    Suite {
        service: "aws.protocoltests.json10#JsonRpc10",
        dir: "json-rpc-10",
        target_percent: TARGET_PERCENT,
        rules_from: None,
    },
    Suite {
        service: "aws.protocoltests.json#JsonProtocol",
        dir: "json-protocol",
        target_percent: TARGET_PERCENT,
        rules_from: None,
    },
    Suite {
        service: "aws.protocoltests.json10#QueryCompatibleJsonRpc10",
        dir: "query-compatible-json-rpc-10",
        target_percent: TARGET_PERCENT,
        rules_from: None,
    },
    Suite {
        service: "aws.protocoltests.query#AwsQuery",
        dir: "aws-query",
        target_percent: TARGET_PERCENT,
        rules_from: None,
    },
    Suite {
        service: "aws.protocoltests.ec2#AwsEc2",
        dir: "ec2-query",
        target_percent: TARGET_PERCENT,
        rules_from: None,
    },
    Suite {
        service: "aws.protocoltests.restxml#RestXml",
        dir: "rest-xml",
        target_percent: TARGET_PERCENT,
        rules_from: None,
    },
    Suite {
        service: "aws.protocoltests.restxml.xmlns#RestXmlWithNamespace",
        dir: "rest-xml-with-namespace",
        target_percent: TARGET_PERCENT,
        rules_from: None,
    },
    Suite {
        service: "com.amazonaws.s3#AmazonS3",
        dir: "s3",
        // 13 cases: its one known failure (a per-call configuration override, which clients
        // do not have) is 92 %; every other case must pass.
        target_percent: 92,
        // S3's cases expect its addressing (virtual-hosted buckets, dual-stack, accelerate).
        rules_from: Some("aws-models/s3-2006-03-01.json"),
    },
];
/// The pass rate a suite must reach, in percent.
const TARGET_PERCENT: usize = 95;

/// The crates of a suite, `<suite dir>-<crate>`, each in a directory of that name under the
/// suite's.
const TYPES_CRATE: &str = "types";
const CLIENT_CRATE: &str = "client";
const TEST_CRATE: &str = "tests";

/// A crate's package name: `<suite dir>-<crate>`.
fn package(suite: &str, krate: &str) -> String {
    format!("{suite}-{krate}")
}

pub fn run(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let reference = match std::env::var_os("REFERENCE_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => root.join("../shared/reference"),
    };
    let mut model = reference.join(MODEL);
    let mut service = None;
    let mut known_override = None;
    let mut bless = false;
    let mut filter = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("`{flag}` needs a value"))
        };
        match arg.as_str() {
            "--model" => model = PathBuf::from(value("--model")?),
            "--service" => service = Some(value("--service")?),
            "--known-failures" => known_override = Some(PathBuf::from(value("--known-failures")?)),
            "--bless" => bless = true,
            "--only" => filter = Some(value("--only")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let suites: Vec<&Suite> = match &service {
        Some(id) => vec![SUITES.iter().find(|s| s.service == id).ok_or_else(|| {
            format!(
                "`{id}` is not a suite; suites: {}",
                SUITES
                    .iter()
                    .map(|s| s.service)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?],
        None => SUITES.iter().collect(),
    };
    if known_override.is_some() && suites.len() != 1 {
        return Err("`--known-failures` needs `--service`".into());
    }
    let out_root = root.join("target/protocol-tests");
    write_workspace(&out_root)?;
    let mut failed = Vec::new();
    for suite in suites {
        let known = known_override
            .clone()
            .unwrap_or_else(|| root.join(known_failures_path(suite)));
        let options = SuiteRun {
            model: &model,
            reference: &reference,
            known: &known,
            bless,
            filter: filter.as_deref(),
            out_root: &out_root,
        };
        if let Err(e) = run_suite(suite, &options) {
            println!("{}: {e}", suite.service);
            failed.push(suite.service);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("protocol tests failed: {}", failed.join(", ")))
    }
}

/// Under the reference directory: the partitions of suites with official endpoint rules.
const PARTITIONS: &str = "partitions-latest.json";

/// The rule-set traits copied from an official model: the service's, and those of the
/// operations and input members it shares with the protocol-test service.
const SERVICE_RULE_TRAITS: &[&str] = &[
    "smithy.rules#endpointRuleSet",
    "smithy.rules#clientContextParams",
];
const OPERATION_RULE_TRAITS: &[&str] = &[
    "smithy.rules#staticContextParams",
    "smithy.rules#operationContextParams",
];
const MEMBER_RULE_TRAITS: &[&str] = &["smithy.rules#contextParam"];

/// The protocol-test model with the endpoint rules of `service` taken from the official model
/// `official` (written to `<out>/model.json`): the service's rule set and client context
/// parameters, and the context parameters of the operations and input members both models
/// have (by shape id and member name). The protocol-test S3 service has no rules, but its
/// cases expect S3's addressing; the rules are model facts, so they are copied, not written.
fn with_official_rules(
    model: &Path,
    official: &Path,
    service: &str,
    out: &Path,
) -> Result<PathBuf, String> {
    let read = |path: &Path| -> Result<serde_json::Value, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
    };
    let mut tests = read(model)?;
    let official_model = read(official)?;
    let official_shapes = official_model["shapes"]
        .as_object()
        .ok_or_else(|| format!("{}: no shapes", official.display()))?;
    let shapes = tests["shapes"]
        .as_object_mut()
        .ok_or_else(|| format!("{}: no shapes", model.display()))?;
    let copy = |from: &serde_json::Value, to: &mut serde_json::Value, ids: &[&str]| -> usize {
        let mut copied = 0;
        for id in ids {
            if let Some(value) = from["traits"].get(*id) {
                to["traits"][*id] = value.clone();
                copied += 1;
            }
        }
        copied
    };
    let official_service = official_shapes
        .get(service)
        .ok_or_else(|| format!("{}: no service `{service}`", official.display()))?;
    let test_service = shapes
        .get_mut(service)
        .ok_or_else(|| format!("{}: no service `{service}`", model.display()))?;
    if copy(official_service, test_service, SERVICE_RULE_TRAITS) == 0 {
        return Err(format!(
            "{}: `{service}` has no endpoint rules",
            official.display()
        ));
    }
    let operations: Vec<String> = test_service["operations"]
        .as_array()
        .map(|ops| {
            ops.iter()
                .filter_map(|op| op["target"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    for op in operations {
        let Some(official_op) = official_shapes.get(&op) else {
            continue;
        };
        let Some(test_op) = shapes.get_mut(&op) else {
            continue;
        };
        copy(official_op, test_op, OPERATION_RULE_TRAITS);
        let (Some(official_input), Some(input)) = (
            official_op["input"]["target"]
                .as_str()
                .and_then(|id| official_shapes.get(id)),
            test_op["input"]["target"].as_str().map(str::to_owned),
        ) else {
            continue;
        };
        let Some(test_input) = shapes.get_mut(&input) else {
            continue;
        };
        if let Some(members) = test_input["members"].as_object_mut() {
            for (name, member) in members {
                if let Some(official_member) = official_input["members"].get(name) {
                    copy(official_member, member, MEMBER_RULE_TRAITS);
                }
            }
        }
    }
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let path = out.join("model.json");
    let text = serde_json::to_string(&tests).map_err(|e| e.to_string())?;
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(path)
}

/// `codegen/protocol-tests/<dir>.txt`.
fn known_failures_path(suite: &Suite) -> String {
    format!("codegen/protocol-tests/{}.txt", suite.dir)
}

/// The workspace of all suites, with the main build's lock file (same dependency versions).
fn write_workspace(out_root: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out_root)
        .map_err(|e| format!("cannot create {}: {e}", out_root.display()))?;
    let manifest = format!(
        "# Generated by `{COMMAND}`: the protocol-test suites, a workspace of its own.\n[workspace]\nresolver = \"3\"\nmembers = [\"*/*-{TYPES_CRATE}\", \"*/*-{CLIENT_CRATE}\", \"*/*-{TEST_CRATE}\"]\n"
    );
    let path = out_root.join("Cargo.toml");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(manifest.as_str()) {
        std::fs::write(&path, manifest)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let lock = out_root.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(workspace_root().join("Cargo.lock"), &lock)
            .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    }
    Ok(())
}

/// What every suite of one run shares.
struct SuiteRun<'a> {
    model: &'a Path,
    /// The reference directory (official models, partitions).
    reference: &'a Path,
    known: &'a Path,
    bless: bool,
    filter: Option<&'a str>,
    out_root: &'a Path,
}

fn run_suite(suite: &Suite, options: &SuiteRun<'_>) -> Result<(), String> {
    let SuiteRun {
        model,
        reference,
        known,
        bless,
        filter,
        out_root,
    } = *options;
    let service = suite.service;
    let out = out_root.join(suite.dir);
    let patched;
    let mut partitions = serde_json::json!({ "partitions": [] });
    let model = match suite.rules_from {
        None => model,
        Some(official) => {
            patched = with_official_rules(model, &reference.join(official), service, &out)?;
            let path = reference.join(PARTITIONS);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            partitions = serde_json::from_str(&text)
                .map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
            patched.as_path()
        }
    };
    let listed = smithy_codegen::protocol_tests::list_cases(&[&model], service)
        .map_err(|e| e.to_string())?;
    let (applicable, excluded): (Vec<_>, Vec<_>) =
        listed.cases.iter().partition(|c| c.excluded.is_none());

    // Operations the generator rejects (streaming payloads, event streams, unsupported
    // defaults, ...) are left out, with the generator's message; the rest must generate.
    let mut rejected: BTreeMap<String, String> = BTreeMap::new();
    let generated = match generate(suite, model, &partitions, None) {
        Ok(generated) => generated,
        Err(_) => {
            for op in &listed.operations {
                if let Err(message) =
                    generate(suite, model, &partitions, Some(std::slice::from_ref(op)))
                {
                    rejected.insert(op.clone(), message);
                }
            }
            let kept: Vec<String> = listed
                .operations
                .iter()
                .filter(|op| !rejected.contains_key(*op))
                .cloned()
                .collect();
            generate(suite, model, &partitions, Some(&kept))?
        }
    };
    let Generated {
        files,
        suite: cases_file,
    } = generated;
    output::sync(&out, &files, &owned_dirs(suite), false).map_err(|e| e.to_string())?;

    // Every applicable case either runs, or fails with a reason here.
    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    let in_suite: BTreeSet<&str> = cases_file.cases.iter().map(String::as_str).collect();
    for (id, reason) in &cases_file.not_generated {
        failures.insert(id.clone(), format!("not generated: {reason}"));
    }
    for case in &applicable {
        if in_suite.contains(case.key.as_str()) || failures.contains_key(&case.key) {
            continue;
        }
        let reasons: Vec<String> = case
            .operations
            .iter()
            .filter_map(|op| rejected.get(op).map(|m| format!("`{op}`: {m}")))
            .collect();
        let reason = if reasons.is_empty() {
            "not generated (no generated operation runs it)".to_owned()
        } else {
            format!("operation not generated: {}", reasons.join("; "))
        };
        failures.insert(case.key.clone(), reason);
    }

    let results = run_cases(suite, out_root, filter)?;
    // Every generated case must report exactly once: one that vanishes is a problem, which no
    // known-failures entry can excuse.
    let unreported = unreported(&cases_file.cases, filter, &results);
    let mut passed = 0;
    for (id, outcome) in &results {
        match outcome {
            None => passed += 1,
            Some(message) => {
                failures.insert(id.clone(), message.clone());
            }
        }
    }
    if filter.is_some() {
        for (id, outcome) in &results {
            match outcome {
                None => println!("PASS {id}"),
                Some(message) => println!("FAIL {id}: {message}"),
            }
        }
        for problem in &unreported {
            println!("{problem}");
        }
        return if unreported.is_empty() {
            Ok(())
        } else {
            Err(format!("{} case(s) did not report", unreported.len()))
        };
    }

    let total = applicable.len();
    let mut by_reason: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &excluded {
        *by_reason
            .entry(case.excluded.as_deref().unwrap_or_default())
            .or_default() += 1;
    }
    let excluded_text: Vec<String> = by_reason
        .iter()
        .map(|(reason, n)| format!("{n} {reason}"))
        .collect();

    let known_text = std::fs::read_to_string(known).unwrap_or_default();
    let known_name = known.display().to_string();
    let listed_failures = parse_known(&known_name, &known_text)?;
    if bless {
        std::fs::write(
            known,
            render_known(&known_text, &listed_failures, &failures),
        )
        .map_err(|e| format!("cannot write {}: {e}", known.display()))?;
        println!("wrote {} ({} cases)", known.display(), failures.len());
    }

    let mut problems = unreported;
    let all_ids: BTreeSet<&str> = applicable.iter().map(|c| c.key.as_str()).collect();
    for (id, message) in &failures {
        if !listed_failures.contains_key(id) {
            problems.push(format!(
                "FAIL {id} (not a known failure):\n    {}",
                message.replace('\n', "\n    ")
            ));
        }
    }
    if !bless {
        for id in listed_failures.keys() {
            if !all_ids.contains(id.as_str()) {
                problems.push(format!("known failure {id} is not a case of the model"));
            } else if !failures.contains_key(id) {
                problems.push(format!(
                    "known failure {id} now passes: remove it from {known_name}"
                ));
            }
        }
    }
    for problem in &problems {
        println!("{problem}");
    }
    println!(
        "{service}: {passed} passed of {total} ({} known failures; {} cases excluded: {})",
        failures.len(),
        excluded.len(),
        if excluded_text.is_empty() {
            "none".to_owned()
        } else {
            excluded_text.join(", ")
        }
    );
    let target = suite.target_percent;
    if passed * 100 < total * target {
        problems.push(format!("fewer than {target} % of the cases pass"));
        println!("fewer than {target} % of the cases pass");
    }
    if problems.is_empty() || bless {
        Ok(())
    } else {
        Err(format!(
            "{} problem(s) with the protocol tests",
            problems.len()
        ))
    }
}

struct Generated {
    files: Vec<GeneratedFile>,
    suite: smithy_codegen::ProtocolTestSuite,
}

/// The directories of a suite's directory whose stale files are removed.
fn owned_dirs(suite: &Suite) -> Vec<PathBuf> {
    let [types, client, tests] =
        [TYPES_CRATE, CLIENT_CRATE, TEST_CRATE].map(|krate| package(suite.dir, krate));
    [
        format!("{types}/src"),
        format!("{client}/src"),
        format!("{client}/tests"),
        format!("{tests}/tests"),
    ]
    .into_iter()
    .map(PathBuf::from)
    .collect()
}

/// Renders the crates for `operations` (all when `None`); any generator error is returned
/// as its message.
fn generate(
    suite: &Suite,
    model: &Path,
    partitions: &serde_json::Value,
    operations: Option<&[String]>,
) -> Result<Generated, String> {
    let types_crate = package(suite.dir, TYPES_CRATE);
    let client_crate = package(suite.dir, CLIENT_CRATE);
    let test_crate = package(suite.dir, TEST_CRATE);
    let mut builder = smithy_codegen::Builder::new()
        .model(model)
        .service(suite.service)
        .generated_by(COMMAND);
    builder = match operations {
        None => builder.all_operations(),
        Some(list) => builder.operations(list.iter().cloned()),
    };
    let generated = builder.generate().map_err(|e| e.to_string())?;
    if operations.is_none() && !generated.skipped().is_empty() {
        // Left out of `all`: have them reported one by one like other rejections.
        return Err(generated.skipped().join("; "));
    }
    let root = workspace_root();
    let runtime = smithy_codegen::RuntimeDeps::path(&root);
    fn in_dir(dir: &str, files: Vec<GeneratedFile>) -> impl Iterator<Item = GeneratedFile> + '_ {
        files.into_iter().map(move |mut f| {
            f.path = Path::new(dir).join(&f.path);
            f
        })
    }
    let mut files: Vec<GeneratedFile> = in_dir(
        &types_crate,
        generated.types_crate_files().map_err(|e| e.to_string())?,
    )
    .collect();
    files.push(GeneratedFile {
        path: Path::new(&types_crate).join("Cargo.toml"),
        contents: generated.standalone_cargo_toml(&types_crate, &runtime),
    });
    let client = generated
        .client_files(
            &types_crate,
            &client_crate,
            partitions,
            if suite.rules_from.is_some() {
                PARTITIONS
            } else {
                "no partitions"
            },
            &smithy_codegen::ClientOptions::default(),
        )
        .map_err(|e| e.to_string())?;
    files.extend(in_dir(&client_crate, client));
    files.push(GeneratedFile {
        path: Path::new(&client_crate).join("Cargo.toml"),
        contents: generated.standalone_client_cargo_toml(&client_crate, &types_crate, &runtime),
    });
    let suite = generated
        .protocol_tests(&types_crate, &client_crate)
        .map_err(|e| e.to_string())?;
    files.push(GeneratedFile {
        path: Path::new(&test_crate).join(&suite.file.path),
        contents: suite.file.contents.clone(),
    });
    let header = generated.header().replace("// ", "# ");
    files.push(GeneratedFile {
        path: Path::new(&test_crate).join("Cargo.toml"),
        contents: format!(
            "{header}[package]\nname = \"{test_crate}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [[test]]\nname = \"protocol_tests\"\npath = \"tests/protocol_tests.rs\"\nharness = false\n\n\
             [dev-dependencies]\n{types_crate} = {{ path = \"../{types_crate}\" }}\n{client_crate} = {{ path = \"../{client_crate}\" }}\n\
             aws-client-runtime = {}\n",
            runtime.client.replacen('}', ", features = [\"test-util\"] }", 1)
        ),
    });
    files.push(GeneratedFile {
        path: Path::new(&test_crate).join("src/lib.rs"),
        contents: "//! The protocol tests are in `tests/protocol_tests.rs`.\n".to_owned(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generated { files, suite })
}

/// Builds and runs the test crate; each case's outcome (`None`: passed).
fn run_cases(
    suite: &Suite,
    out_root: &Path,
    filter: Option<&str>,
) -> Result<BTreeMap<String, Option<String>>, String> {
    let test_crate = package(suite.dir, TEST_CRATE);
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(out_root)
        .env("CARGO_TARGET_DIR", out_root.join("target"))
        .args([
            "test",
            "--quiet",
            "-p",
            &test_crate,
            "--test",
            "protocol_tests",
            "--",
        ]);
    if let Some(filter) = filter {
        command.arg(filter);
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "the protocol tests did not build or run:\n{}{stdout}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    parse_outcomes(&stdout)
}

/// Each case's outcome from the runner's `PASS id` and `FAIL id: message` lines (a message's
/// further lines indented by four spaces); a case reported twice is an error.
fn parse_outcomes(stdout: &str) -> Result<BTreeMap<String, Option<String>>, String> {
    let mut results = BTreeMap::new();
    let mut last: Option<String> = None;
    for line in stdout.lines() {
        let (id, outcome) = if let Some(id) = line.strip_prefix("PASS ") {
            (id.to_owned(), None)
        } else if let Some(rest) = line.strip_prefix("FAIL ") {
            let (id, message) = rest.split_once(": ").unwrap_or((rest, ""));
            (id.to_owned(), Some(message.to_owned()))
        } else {
            if let (Some(id), Some(more)) = (&last, line.strip_prefix("    "))
                && let Some(Some(message)) = results.get_mut(id)
            {
                let message: &mut String = message;
                message.push('\n');
                message.push_str(more);
            }
            continue;
        };
        last = outcome.is_some().then(|| id.clone());
        if results.insert(id.clone(), outcome).is_some() {
            return Err(format!("the protocol tests reported `{id}` twice"));
        }
    }
    Ok(results)
}

/// The problems with the reports: a generated case (of those `filter` selects) that reported
/// neither PASS nor FAIL, or a report of a case that was not generated.
fn unreported(
    generated: &[String],
    filter: Option<&str>,
    results: &BTreeMap<String, Option<String>>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let selected: BTreeSet<&str> = generated
        .iter()
        .map(String::as_str)
        .filter(|id| filter.is_none_or(|f| id.contains(f)))
        .collect();
    for id in &selected {
        if !results.contains_key(*id) {
            problems.push(format!(
                "{id} was generated but reported neither PASS nor FAIL"
            ));
        }
    }
    for id in results.keys() {
        if !selected.contains(id.as_str()) {
            problems.push(format!("{id} was reported but is not a generated case"));
        }
    }
    problems
}

/// `Id: reason` lines of the file `name`; `#` starts a comment line.
fn parse_known(name: &str, text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut known = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, reason) = line
            .split_once(':')
            .ok_or_else(|| format!("{name}:{}: expected `CaseId: reason`", n + 1))?;
        if reason.trim().is_empty() {
            return Err(format!("{name}:{}: `{id}` needs a reason", n + 1));
        }
        known.insert(id.trim().to_owned(), reason.trim().to_owned());
    }
    Ok(known)
}

/// The known-failures file for `failures`: the leading comment kept, listed reasons kept,
/// new ones from the first line of the failure message.
fn render_known(
    old: &str,
    listed: &BTreeMap<String, String>,
    failures: &BTreeMap<String, String>,
) -> String {
    let mut text: String = old
        .lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    for (id, message) in failures {
        let reason = listed
            .get(id)
            .cloned()
            .unwrap_or_else(|| message.lines().next().unwrap_or("failed").to_owned());
        text.push_str(&format!("{id}: {reason}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn outcomes_are_parsed_with_multi_line_messages() {
        let out = "PASS request/A\nFAIL response/B: first\n    second\nPASS request/C\n3 of 3\n";
        let results = parse_outcomes(out).unwrap();
        assert_eq!(results["request/A"], None);
        assert_eq!(results["response/B"].as_deref(), Some("first\nsecond"));
        assert_eq!(results["request/C"], None);
        assert_eq!(results.len(), 3);
        let twice = parse_outcomes("PASS request/A\nFAIL request/A: x\n").unwrap_err();
        assert_eq!(twice, "the protocol tests reported `request/A` twice");
    }

    #[test]
    fn a_case_that_does_not_report_is_a_problem() {
        let generated = ids(&["request/A", "response/B", "request/C"]);
        let all = parse_outcomes("PASS request/A\nFAIL response/B: x\nPASS request/C\n").unwrap();
        assert!(unreported(&generated, None, &all).is_empty());

        // The mutation: drop one case's report.
        let dropped = parse_outcomes("PASS request/A\nPASS request/C\n").unwrap();
        assert_eq!(
            unreported(&generated, None, &dropped),
            ["response/B was generated but reported neither PASS nor FAIL"]
        );
        let extra =
            parse_outcomes("PASS request/A\nFAIL response/B: x\nPASS request/C\nPASS request/D\n")
                .unwrap();
        assert_eq!(
            unreported(&generated, None, &extra),
            ["request/D was reported but is not a generated case"]
        );
        // With a filter, only the selected cases must report.
        let only_a = parse_outcomes("PASS request/A\n").unwrap();
        assert!(unreported(&generated, Some("/A"), &only_a).is_empty());
        assert_eq!(
            unreported(&generated, Some("request/"), &only_a),
            ["request/C was generated but reported neither PASS nor FAIL"]
        );
    }
}
