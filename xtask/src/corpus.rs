//! `cargo xtask corpus`: every official AWS model whose protocol the generator speaks must
//! generate types and a client with every operation, and a fixed sample of them must compile
//! cleanly.
//!
//! Generation runs in memory, as `cargo xtask codegen --out` does, and fails listing each model
//! with the generator's message. What the generator cannot generate yet fails the model, so the
//! count shows it, with one exception decided in the selection stage: an all-operations run
//! leaves out the operations that use event streams (listed here with the reason), since the
//! rest of such a service (Bedrock Runtime, Transcribe Streaming, ...) is useful on its own,
//! while naming such an operation explicitly is an error. Models waiting on a filed piece of
//! work are listed in [`KNOWN_FAILURES`] with the reason: they are reported, not failed, and a
//! listed model that generates fails the run (so the list cannot rot).
//!
//! The sample (plus the `lint_traps` fixture) is written as crates of one workspace under
//! `target/corpus/` (one target directory, so the dependencies build once) and linted with
//! `cargo clippy --lib --test '*' -- -D warnings` under `RUSTFLAGS="-D warnings"`, which checks
//! everything `cargo check` does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

use smithy_codegen::output::{self, GeneratedFile};

use crate::codegen_cmd::{self, StandaloneCrates, workspace_root};

/// The official models (`SERVICE-VERSION.json`), relative to the workspace root.
const MODELS: &str = "../shared/reference/aws-models";
/// Where the sample's workspace is written, relative to the workspace root.
const OUT: &str = "target/corpus";
const COMMAND: &str = "cargo xtask corpus";
/// Models of a supported protocol that do not generate yet, by name, with the work they wait
/// for. None at the moment.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

/// The fixed sample compiled with `-D warnings`, by protocol: model names (`SERVICE` of
/// `SERVICE-VERSION.json`), chosen for size and variety of what they exercise.
const SAMPLE: &[(&str, &[&str])] = &[
    (
        "restJson1",
        &[
            "api-gateway",           // big; headers, query lists, blobs
            "appsync",               // documents, unions
            "bedrock-agent-runtime", // event streams (left out), unions, documents
            "chime",                 // endpoint properties (authSchemes), a global endpoint
            "eks",                   // waiters, paginators
            "gameliftstreams",       // waiters, resource identifiers on labels
            "glacier",               // streaming payloads, account-id labels, header-bound outputs
            "iot",                   // the biggest catalog of operations but one
            "lex-runtime-v2",        // streaming payloads, sensitive headers
            "mediaconvert",          // the biggest set of types and enums
            "omics",                 // resource identifiers on labels, host prefixes
            "s3tables",              // endpoint rules with parameters
        ],
    ),
    (
        "awsJson1_0",
        &[
            "dynamodb",   // map-token pagination, endpoint parameters per call, waiters
            "sqs",        // awsQueryCompatible
            "cloudwatch", // also lists awsQuery and rpcv2Cbor
        ],
    ),
    (
        "awsJson1_1",
        &[
            "kms",             // the most used JSON 1.1 service
            "cloudwatch-logs", // event streams (left out)
        ],
    ),
    (
        "awsQuery",
        &[
            "iam", // big; wrapped lists, maps, waiters, awsQueryError codes
            "sns", // maps, awsQueryError codes with their own HTTP statuses
            "sts", // the credential chain's service; the AWS::STS::UseGlobalEndpoint built-in
        ],
    ),
    (
        "restXml",
        &[
            "s3",         // S3's endpoint functions and built-ins, streaming bodies, big enums
            "s3-control", // endpoint headers, account-id host prefixes, S3Control built-ins
        ],
    ),
];

/// Fixture models compiled with the sample (not counted in the corpus): shapes that once made
/// generated code fail `-D warnings`.
const FIXTURES: &[&str] = &["codegen/tests/fixtures/lint_traps.json"];

struct Args {
    models: PathBuf,
    sample: Sample,
    only: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Sample {
    /// Generate every model, then check the sample.
    Both,
    /// Generate and check the sample only.
    Only,
    /// Generate every model; no sample.
    None,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let mut parsed = Args {
        models: root.join(MODELS),
        sample: Sample::Both,
        only: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("`{flag}` needs a value"))
        };
        match arg.as_str() {
            "--models" => parsed.models = PathBuf::from(value("--models")?),
            "--sample-only" => parsed.sample = Sample::Only,
            "--no-sample" => parsed.sample = Sample::None,
            "--only" => parsed.only = Some(value("--only")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let models = list_models(&parsed.models)?;
    if models.is_empty() {
        return Err(format!("no model files in {}", parsed.models.display()));
    }
    // `--only NAME[,NAME...]` narrows the run to those models, which are then the sample.
    let only: Option<Vec<&str>> = parsed.only.as_deref().map(|list| {
        list.split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect()
    });
    let sample: Vec<&str> = match &only {
        Some(names) => {
            for name in names {
                if !models.iter().any(|m| m.name == *name) {
                    return Err(format!(
                        "no model named `{name}` in {}",
                        parsed.models.display()
                    ));
                }
            }
            names.clone()
        }
        None => SAMPLE
            .iter()
            .flat_map(|(_, names)| names.iter().copied())
            .collect(),
    };
    let chosen: Vec<&ModelFile> = models
        .iter()
        .filter(|m| match (&only, parsed.sample) {
            (Some(_), _) | (None, Sample::Only) => sample.contains(&m.name.as_str()),
            (None, _) => true,
        })
        .collect();

    let partitions_path = root.join(codegen_cmd::PARTITIONS);
    let partitions = codegen_cmd::read_partitions(&partitions_path, codegen_cmd::PARTITIONS)?;
    let start = Instant::now();
    let results = generate_all(&chosen, &sample, &partitions)?;
    let elapsed = start.elapsed();

    // Counts by protocol: the one picked for a supported model, else the first it lists.
    let mut by_protocol: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    let mut unsupported: BTreeMap<usize, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut known = Vec::new();
    let mut stale = Vec::new();
    let mut generated = 0;
    let mut left_out = Vec::new();
    for (model, result) in chosen.iter().zip(&results) {
        match &model.protocol {
            Ok(protocol) => {
                let counts = by_protocol.entry(order(protocol)).or_default();
                counts.1 += 1;
                match result {
                    Some(Ok(outcome)) => {
                        if known_failure(&model.name).is_some() {
                            stale.push(model.name.as_str());
                        }
                        counts.0 += 1;
                        generated += 1;
                        left_out.extend(
                            outcome
                                .skipped
                                .iter()
                                .map(|s| format!("{}: {s}", model.name)),
                        );
                    }
                    Some(Err(message)) => match known_failure(&model.name) {
                        Some(reason) => known.push((model, message, reason)),
                        None => failures.push((model, message)),
                    },
                    None => unreachable!("supported models are generated"),
                }
            }
            Err(listed) => {
                let first = listed
                    .first()
                    .map_or(smithy_codegen::protocol::PROTOCOLS.len(), |p| order(p));
                *unsupported.entry(first).or_default() += 1;
            }
        }
    }
    for skipped in &left_out {
        println!("left out {skipped}");
    }
    for (model, message, reason) in &known {
        println!(
            "known failure {} ({}), waiting for {reason}: {message}",
            model.name, model.file
        );
    }
    for (model, message) in &failures {
        println!("FAIL {} ({}): {message}", model.name, model.file);
    }
    let mut parts: Vec<String> = by_protocol
        .iter()
        .map(|(&i, (ok, all))| {
            format!(
                "{} {ok}/{all}",
                short(smithy_codegen::protocol::PROTOCOLS[i])
            )
        })
        .collect();
    parts.extend(unsupported.iter().map(|(&i, n)| {
        let name = smithy_codegen::protocol::PROTOCOLS
            .get(i)
            .map_or("no protocol trait", |p| short(p));
        format!("{name} {n} not supported")
    }));
    println!(
        "corpus: {generated} of {} generate (by protocol: {}) in {:.1} s; {} known failures; {} operations left out (event streams)",
        chosen.len(),
        parts.join(", "),
        elapsed.as_secs_f64(),
        known.len(),
        left_out.len()
    );
    if !stale.is_empty() {
        return Err(format!(
            "listed as known failures but generate (remove them from KNOWN_FAILURES): {}",
            stale.join(", ")
        ));
    }
    if !failures.is_empty() {
        return Err(format!(
            "{} of {} supported models do not generate: {}",
            failures.len(),
            generated + failures.len() + known.len(),
            failures
                .iter()
                .map(|(m, _)| m.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    if parsed.sample == Sample::None {
        return Ok(());
    }
    let mut crates = Vec::new();
    for (model, result) in chosen.iter().zip(results) {
        if let Some(Ok(Outcome {
            crates: Some(files),
            ..
        })) = result
        {
            crates.push((model.name.clone(), files));
        }
    }
    if only.is_none() {
        for fixture in FIXTURES {
            let path = root.join(fixture);
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().replace('_', "-"))
                .unwrap_or_default();
            let model = ModelFile {
                name: name.clone(),
                file: (*fixture).to_owned(),
                path,
                protocol: Ok(smithy_codegen::protocol::SUPPORTED_PROTOCOLS[0]),
            };
            let outcome =
                generate(&model, true, &partitions).map_err(|e| format!("{fixture}: {e}"))?;
            crates.extend(
                outcome
                    .crates
                    .map(|files| (format!("{name} (fixture)"), files)),
            );
        }
    }
    let missing: Vec<&str> = sample
        .iter()
        .copied()
        .filter(|name| !crates.iter().any(|(n, _)| n == name))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "sample models not in the corpus or not of a supported protocol: {}",
            missing.join(", ")
        ));
    }
    check_sample(&root, crates)
}

/// A model file of the corpus and the protocols its service shape names.
struct ModelFile {
    /// `SERVICE` of `SERVICE-VERSION.json`.
    name: String,
    file: String,
    path: PathBuf,
    /// The protocol generated for, or the protocols named when none is supported.
    protocol: Result<&'static str, Vec<&'static str>>,
}

fn list_models(dir: &Path) -> Result<Vec<ModelFile>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let file = path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = service_name(file.trim_end_matches(".json")).to_owned();
            let protocol =
                smithy_codegen::protocol::pick(service_traits(&path)?.iter().map(String::as_str));
            Ok(ModelFile {
                name,
                file,
                path,
                protocol,
            })
        })
        .collect()
}

/// `SERVICE` of `SERVICE-YYYY-MM-DD`: what precedes the date (the whole stem without one).
fn service_name(stem: &str) -> &str {
    let date =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    match stem.rsplitn(4, '-').collect::<Vec<_>>().as_slice() {
        [day, month, year, service] if date(day, 2) && date(month, 2) && date(year, 4) => service,
        _ => stem,
    }
}

/// The trait ids of the model's service shapes, read without loading (or validating) the model.
fn service_traits(path: &Path) -> Result<Vec<String>, String> {
    #[derive(serde::Deserialize)]
    struct Ast {
        #[serde(default)]
        shapes: BTreeMap<String, Shape>,
    }
    #[derive(serde::Deserialize)]
    struct Shape {
        #[serde(rename = "type")]
        kind: String,
        #[serde(default)]
        traits: BTreeMap<String, serde::de::IgnoredAny>,
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let ast: Ast = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: malformed model: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    Ok(ast
        .shapes
        .into_values()
        .filter(|s| s.kind == "service")
        .flat_map(|s| s.traits.into_keys())
        .collect())
}

/// Generating one model: what it gave, or the generator's message.
type Generation = Result<Outcome, String>;

/// What generating one model gave.
struct Outcome {
    /// Operations an all-operations run leaves out, each with the reason (event streams).
    skipped: Vec<String>,
    /// The crates' files, kept for the sample's models.
    crates: Option<StandaloneCrates>,
}

/// Generates every supported model in memory, on as many threads as there are cores; `None`
/// for a model of no supported protocol.
fn generate_all(
    models: &[&ModelFile],
    sample: &[&str],
    partitions: &serde_json::Value,
) -> Result<Vec<Option<Generation>>, String> {
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<Generation>>> =
        Mutex::new((0..models.len()).map(|_| None).collect());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = {
                        let mut next = next.lock().unwrap_or_else(|e| e.into_inner());
                        let i = *next;
                        *next += 1;
                        i
                    };
                    let Some(model) = models.get(i) else { break };
                    if model.protocol.is_err() {
                        continue;
                    }
                    let keep = sample.contains(&model.name.as_str());
                    let result = generate(model, keep, partitions);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                }
            });
        }
    });
    Ok(results.into_inner().unwrap_or_else(|e| e.into_inner()))
}

fn generate(
    model: &ModelFile,
    keep: bool,
    partitions: &serde_json::Value,
) -> Result<Outcome, String> {
    // A panic is a generator fault too: report it with the model, not as a crash of the run.
    let run = || -> Result<Outcome, String> {
        let generated = smithy_codegen::Builder::new()
            .model(&model.path)
            .all_operations()
            .generated_by(COMMAND)
            .generate()
            .map_err(|e| e.to_string())?;
        let label = codegen_cmd::PARTITIONS;
        // The sample is written to `OUT/<crate>/`: the checkout is one `..` per component of
        // OUT, and one more, above it.
        let checkout: PathBuf = Path::new(OUT).components().map(|_| "..").collect();
        let runtime = &smithy_codegen::RuntimeDeps::path(&Path::new("..").join(checkout));
        let crates =
            codegen_cmd::crate_files(&generated, Some(&model.name), partitions, label, runtime)?;
        Ok(Outcome {
            skipped: generated.skipped().to_vec(),
            crates: keep.then_some(crates),
        })
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| Err("the generator panicked".to_owned()))
}

/// Writes the sample's crates as one workspace under `target/corpus/` and lints it.
fn check_sample(root: &Path, crates: Vec<(String, StandaloneCrates)>) -> Result<(), String> {
    let out = root.join(OUT);
    let mut files = Vec::new();
    let mut members = Vec::new();
    let mut owned = Vec::new();
    let names: Vec<String> = crates.iter().map(|(name, _)| name.clone()).collect();
    for (
        _,
        StandaloneCrates {
            types_name,
            client_name,
            files: crate_files,
        },
    ) in crates
    {
        for dir in [
            format!("{types_name}/src"),
            format!("{client_name}/src"),
            format!("{client_name}/tests"),
        ] {
            owned.push(PathBuf::from(dir));
        }
        members.push(format!("\"{types_name}\""));
        members.push(format!("\"{client_name}\""));
        files.extend(crate_files);
    }
    files.push(GeneratedFile {
        path: "Cargo.toml".into(),
        contents: format!(
            "# Generated by `{COMMAND}`, do not edit.\n# A workspace of its own, not a member of any enclosing one.\n[workspace]\nresolver = \"3\"\nmembers = [\n    {},\n]\n",
            members.join(",\n    ")
        ),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    output::sync(&out, &files, &owned, false).map_err(|e| e.to_string())?;
    // The workspace's lock file pins the same dependency versions as the main build.
    let lock = out.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(root.join("Cargo.lock"), &lock)
            .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    }
    let start = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", out.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .args([
            "clippy",
            "--quiet",
            "--workspace",
            // The libraries and the endpoint-rule tests: `--all-targets` would check each
            // library a second time as its (empty) unit-test harness.
            "--lib",
            "--test",
            "*",
            "--keep-going",
            "--",
            "-D",
            "warnings",
        ])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let elapsed = start.elapsed().as_secs_f64();
    let lint = "`cargo clippy --lib --test '*' -- -D warnings` under RUSTFLAGS=\"-D warnings\"";
    if !status.success() {
        return Err(format!(
            "the sample's crates in {} do not pass {lint} ({elapsed:.0} s)",
            out.display()
        ));
    }
    println!(
        "sample: the types and client crates of {} pass {lint} in {elapsed:.0} s",
        names.join(", ")
    );
    Ok(())
}

/// The index of a protocol in [`smithy_codegen::protocol::PROTOCOLS`], which orders the report.
fn order(protocol: &str) -> usize {
    smithy_codegen::protocol::PROTOCOLS
        .iter()
        .position(|p| *p == protocol)
        .unwrap_or(smithy_codegen::protocol::PROTOCOLS.len())
}

/// `aws.protocols#restJson1` -> `restJson1`.
fn short(protocol: &str) -> &str {
    protocol.rsplit('#').next().unwrap_or(protocol)
}

/// Why model `name` is expected not to generate, if it is listed in [`KNOWN_FAILURES`].
fn known_failure(name: &str) -> Option<&'static str> {
    KNOWN_FAILURES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, reason)| *reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_is_named_by_its_service() {
        assert_eq!(service_name("api-gateway-2015-07-09"), "api-gateway");
        assert_eq!(service_name("s3-2006-03-01"), "s3");
        assert_eq!(service_name("lint_traps"), "lint_traps");
        assert_eq!(service_name("a-b-c-d"), "a-b-c-d");
    }

    #[test]
    fn bad_arguments_are_named() {
        assert_eq!(
            run(&["--frobnicate".to_owned()]).unwrap_err(),
            "unknown argument `--frobnicate`"
        );
        assert_eq!(
            run(&["--only".to_owned()]).unwrap_err(),
            "`--only` needs a value"
        );
    }
}
