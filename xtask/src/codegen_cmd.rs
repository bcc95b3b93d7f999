//! `cargo xtask codegen`: the project's generated sources, and standalone crates.

use std::path::{Path, PathBuf};

use codegen::output::{self, GeneratedFile, Outcome};

/// The project's model and what is generated from it.
const MODEL: &str = "model/mgn.json";
/// Partition facts for the endpoint rules, of the model's era.
const PARTITIONS: &str = "model/partitions.json";
const OPERATIONS: &[&str] = &["StartImport"];
const COMMAND: &str = "cargo xtask codegen";

/// The workspace root: xtask lives one level below it.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map_or(manifest.clone(), Path::to_path_buf)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let mut check = false;
    let mut models = Vec::new();
    let mut service = None;
    let mut operations = None;
    let mut out = None;
    let mut crate_name = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("`{flag}` needs a value"))
        };
        match arg.as_str() {
            "--check" => check = true,
            "--model" => models.push(PathBuf::from(value("--model")?)),
            "--service" => service = Some(value("--service")?),
            "--operations" => operations = Some(value("--operations")?),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => crate_name = Some(value("--crate-name")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    match out {
        Some(out) => {
            if check {
                return Err(
                    "`--check` applies to the project's generated sources, not to `--out`".into(),
                );
            }
            let operations = operations.ok_or("`--out` needs `--operations all|Op1,Op2`")?;
            standalone(&models, service, &operations, &out, crate_name.as_deref())
        }
        None if !models.is_empty() || operations.is_some() => {
            Err("`--model` and `--operations` need `--out DIR`".into())
        }
        None => project(check),
    }
}

/// Everything generated from `model/` into the workspace, rendered but not written.
pub fn project_files(root: &Path) -> Result<Vec<GeneratedFile>, String> {
    let generated = codegen::Builder::new()
        .root(root)
        .model(MODEL)
        .operations(OPERATIONS.iter().copied())
        .generated_by(COMMAND)
        .generate()
        .map_err(|e| e.to_string())?;
    fn in_dir(dir: &'static str, files: Vec<GeneratedFile>) -> impl Iterator<Item = GeneratedFile> {
        files.into_iter().map(move |mut f| {
            f.path = Path::new(dir).join(&f.path);
            f
        })
    }
    let mut files: Vec<GeneratedFile> = in_dir(
        "mgn-types",
        generated.types_crate_files().map_err(|e| e.to_string())?,
    )
    .collect();

    let partitions_text = std::fs::read_to_string(root.join(PARTITIONS))
        .map_err(|e| format!("cannot read {PARTITIONS}: {e}"))?;
    let partitions: serde_json::Value = serde_json::from_str(&partitions_text).map_err(|e| {
        format!(
            "{PARTITIONS}:{}:{}: malformed JSON: {e}",
            e.line(),
            e.column()
        )
    })?;
    let client_files = generated
        .client_files("mgn-types", "mgn-client", &partitions, PARTITIONS)
        .map_err(|e| e.to_string())?;
    files.extend(in_dir("mgn-client", client_files));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Directories whose generated files belong to `cargo xtask codegen` (stale ones are removed).
fn owned_dirs() -> Vec<PathBuf> {
    ["mgn-types/src", "mgn-client/src", "mgn-client/tests"]
        .into_iter()
        .map(PathBuf::from)
        .collect()
}

fn project(check: bool) -> Result<(), String> {
    let root = workspace_root();
    let files = project_files(&root)?;
    let outcome = output::sync(&root, &files, &owned_dirs(), check).map_err(|e| e.to_string())?;
    report(&root, &outcome, check)
}

fn report(root: &Path, outcome: &Outcome, check: bool) -> Result<(), String> {
    let show = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    if check {
        if outcome.is_clean() {
            println!(
                "generated sources are up to date ({} files)",
                outcome.unchanged
            );
            return Ok(());
        }
        let mut message = String::from("generated sources are stale:\n");
        for path in &outcome.changed {
            message.push_str(&format!("  would update {}\n", show(path)));
        }
        for path in &outcome.removed {
            message.push_str(&format!("  would remove {}\n", show(path)));
        }
        message.push_str("run `cargo xtask codegen` to regenerate them");
        return Err(message);
    }
    for path in &outcome.changed {
        println!("updated {}", show(path));
    }
    for path in &outcome.removed {
        println!("removed {}", show(path));
    }
    println!(
        "{} changed, {} removed, {} unchanged",
        outcome.changed.len(),
        outcome.removed.len(),
        outcome.unchanged
    );
    Ok(())
}

fn standalone(
    models: &[PathBuf],
    service: Option<String>,
    operations: &str,
    out: &Path,
    crate_name: Option<&str>,
) -> Result<(), String> {
    if models.is_empty() {
        return Err("`--out` needs at least one `--model FILE`".into());
    }
    let mut builder = codegen::Builder::new().generated_by(COMMAND);
    for model in models {
        builder = builder.model(model);
    }
    if let Some(service) = service {
        builder = builder.service(service);
    }
    builder = match operations {
        "all" => builder.all_operations(),
        list => builder.operations(list.split(',').map(str::trim).filter(|s| !s.is_empty())),
    };
    let generated = builder.generate().map_err(|e| e.to_string())?;
    let name = crate_name.map(str::to_owned).unwrap_or_else(|| {
        let service = &generated.ir().service;
        let base = service
            .sdk_id
            .clone()
            .unwrap_or_else(|| codegen::select::short_name(&service.id).to_owned());
        format!("{}-types", heck_kebab(&base))
    });
    let mut files = generated.types_crate_files().map_err(|e| e.to_string())?;
    files.push(GeneratedFile {
        path: "Cargo.toml".into(),
        contents: generated.standalone_cargo_toml(&name),
    });
    let outcome =
        output::sync(out, &files, &[PathBuf::from("src")], false).map_err(|e| e.to_string())?;
    println!(
        "wrote crate `{name}` to {} ({} types, {} operations; {} files changed)",
        out.display(),
        generated.ir().types.len(),
        generated.ir().operations.len(),
        outcome.changed.len()
    );
    Ok(())
}

/// `Application Migration Service` -> `application-migration-service`.
fn heck_kebab(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checked-in generated sources must equal a fresh run (`cargo xtask codegen` fixes it).
    #[test]
    fn checked_in_generated_sources_are_fresh() {
        let root = workspace_root();
        let files = project_files(&root).unwrap();
        let outcome = output::sync(&root, &files, &owned_dirs(), true).unwrap();
        assert!(
            outcome.is_clean(),
            "stale generated sources, run `cargo xtask codegen`: {outcome:?}"
        );
    }

    #[test]
    fn generation_is_deterministic() {
        let root = workspace_root();
        assert_eq!(project_files(&root).unwrap(), project_files(&root).unwrap());
    }

    #[test]
    fn bad_arguments_are_named() {
        let err = run(&["--frobnicate".to_owned()]).unwrap_err();
        assert_eq!(err, "unknown argument `--frobnicate`");
        let err = run(&["--model".to_owned()]).unwrap_err();
        assert_eq!(err, "`--model` needs a value");
    }
}
