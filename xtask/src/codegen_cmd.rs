//! `cargo xtask codegen`: the project's generated sources, and standalone crates.

use std::path::{Path, PathBuf};

use smithy_codegen::output::{self, GeneratedFile, Outcome};
use smithy_codegen::{GitReference, RuntimeDeps};

/// A service the workspace has crates for: its model in `model/`, the operations taken from
/// the official one, and the two crates generated from it.
#[derive(Debug)]
pub struct ProjectService {
    /// The name `cargo xtask update-model --service` takes, e.g. `mgn`.
    pub name: &'static str,
    /// The model, written by `cargo xtask update-model` from the official one.
    pub model: &'static str,
    /// The project's own additions to the official facts (waiters), applied with `apply`.
    pub additions: &'static [&'static str],
    /// The operations of the crates; `cargo xtask update-model` takes their closure.
    pub operations: &'static [&'static str],
    /// The generated types crate's directory (and package) name.
    pub types_crate: &'static str,
    /// The generated client crate's directory (and package) name.
    pub client_crate: &'static str,
    /// A README whose Rust blocks become the client's doctests, relative to its `src/`.
    pub readme: Option<&'static str>,
}

/// MGN's StartImport and the operations that follow an import.
pub const MGN: ProjectService = ProjectService {
    name: "mgn",
    model: "model/mgn.json",
    additions: &["model/waiters.json"],
    operations: &["ListImportErrors", "ListImports", "StartImport"],
    types_crate: "mgn-types",
    client_crate: "mgn-client",
    // The project's README shows MGN's client: its examples are compiled as its doctests.
    readme: Some("../../README.md"),
};

/// S3's object operations: what an import's upload and most programs need.
pub const S3: ProjectService = ProjectService {
    name: "s3",
    model: "model/s3.json",
    additions: &[],
    operations: &[
        "AbortMultipartUpload",
        "CompleteMultipartUpload",
        "CopyObject",
        "CreateMultipartUpload",
        "DeleteObject",
        "DeleteObjects",
        "GetBucketLocation",
        "GetObject",
        "HeadObject",
        "ListMultipartUploads",
        "ListObjectsV2",
        "ListParts",
        "PutObject",
        "UploadPart",
        "UploadPartCopy",
    ],
    types_crate: "s3-types",
    client_crate: "s3-client",
    readme: None,
};

/// Every service the workspace generates crates for.
pub const SERVICES: &[&ProjectService] = &[&MGN, &S3];

/// Partition facts for the endpoint rules, of the models' era (shared by every service).
pub const PARTITIONS: &str = "model/partitions.json";
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
    let mut partitions = None;
    let mut protocol = None;
    let mut runtime = RuntimeArgs::default();
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
            "--partitions" => partitions = Some(PathBuf::from(value("--partitions")?)),
            "--protocol" => protocol = Some(value("--protocol")?),
            "--runtime-version" => runtime.version = Some(value("--runtime-version")?),
            "--runtime-git" => runtime.git = Some(value("--runtime-git")?),
            "--runtime-branch" => {
                runtime
                    .reference
                    .push(GitReference::Branch(value("--runtime-branch")?));
            }
            "--runtime-tag" => runtime
                .reference
                .push(GitReference::Tag(value("--runtime-tag")?)),
            "--runtime-rev" => runtime
                .reference
                .push(GitReference::Rev(value("--runtime-rev")?)),
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
            let runtime = runtime.source()?;
            standalone(&Standalone {
                models: &models,
                service,
                operations: &operations,
                out: &out,
                crate_name: crate_name.as_deref(),
                partitions: partitions.as_deref(),
                protocol: protocol.as_deref(),
                runtime,
            })
        }
        None if !models.is_empty()
            || operations.is_some()
            || partitions.is_some()
            || protocol.is_some()
            || runtime != RuntimeArgs::default() =>
        {
            Err(
                "`--model`, `--operations`, `--partitions`, `--protocol` and `--runtime-*` \
                 need `--out DIR`"
                    .into(),
            )
        }
        None => project(check),
    }
}

/// Everything generated from `model/` into the workspace, rendered but not written.
pub fn project_files(root: &Path) -> Result<Vec<GeneratedFile>, String> {
    let partitions_text = std::fs::read_to_string(root.join(PARTITIONS))
        .map_err(|e| format!("cannot read {PARTITIONS}: {e}"))?;
    let partitions: serde_json::Value = serde_json::from_str(&partitions_text).map_err(|e| {
        format!(
            "{PARTITIONS}:{}:{}: malformed JSON: {e}",
            e.line(),
            e.column()
        )
    })?;
    let mut files = Vec::new();
    for service in SERVICES {
        files.extend(service_files(root, service, &partitions)?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The types and client crates of one service.
fn service_files(
    root: &Path,
    service: &ProjectService,
    partitions: &serde_json::Value,
) -> Result<Vec<GeneratedFile>, String> {
    let mut builder = smithy_codegen::Builder::new()
        .root(root)
        .model(service.model);
    for addition in service.additions {
        builder = builder.model(addition);
    }
    let generated = builder
        .operations(service.operations.iter().copied())
        .generated_by(COMMAND)
        .generate()
        .map_err(|e| format!("{}: {e}", service.model))?;
    fn in_dir(dir: &str, files: Vec<GeneratedFile>) -> impl Iterator<Item = GeneratedFile> + '_ {
        files.into_iter().map(move |mut f| {
            f.path = Path::new(dir).join(&f.path);
            f
        })
    }
    let mut files: Vec<GeneratedFile> = in_dir(
        service.types_crate,
        generated.types_crate_files().map_err(|e| e.to_string())?,
    )
    .collect();
    let options = smithy_codegen::ClientOptions {
        readme: service.readme.map(str::to_owned),
    };
    let client_files = generated
        .client_files(
            service.types_crate,
            service.client_crate,
            partitions,
            PARTITIONS,
            &options,
        )
        .map_err(|e| format!("{}: {e}", service.model))?;
    files.extend(in_dir(service.client_crate, client_files));
    Ok(files)
}

/// Directories whose generated files belong to `cargo xtask codegen` (stale ones are removed).
fn owned_dirs() -> Vec<PathBuf> {
    SERVICES
        .iter()
        .flat_map(|s| {
            [
                Path::new(s.types_crate).join("src"),
                Path::new(s.client_crate).join("src"),
                Path::new(s.client_crate).join("tests"),
            ]
        })
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

/// `--runtime-version VER`, `--runtime-git URL` and its `--runtime-branch|tag|rev`, as given.
#[derive(Debug, Default, PartialEq)]
struct RuntimeArgs {
    version: Option<String>,
    git: Option<String>,
    reference: Vec<GitReference>,
}

/// Where the crates written by `--out` find the runtime crates.
#[derive(Debug, Clone, PartialEq)]
pub enum RuntimeSource {
    /// This checkout's `runtime/`, by a path relative to the generated crates (the default).
    Checkout,
    /// The published crates at this version requirement (`--runtime-version`).
    Version(String),
    /// A git repository (`--runtime-git`), at a branch, tag or revision if given.
    Git(String, Option<GitReference>),
}

const REFERENCE_WITHOUT_GIT: &str =
    "`--runtime-branch`, `--runtime-tag` and `--runtime-rev` need `--runtime-git URL`";

impl RuntimeArgs {
    /// The runtime's source, or an error naming the options that do not go together.
    fn source(self) -> Result<RuntimeSource, String> {
        if self.reference.len() > 1 {
            return Err(
                "give at most one of `--runtime-branch`, `--runtime-tag` and `--runtime-rev`"
                    .into(),
            );
        }
        let reference = self.reference.into_iter().next();
        match (self.version, self.git) {
            (Some(_), Some(_)) => {
                Err("`--runtime-version` and `--runtime-git` exclude each other".into())
            }
            (Some(version), None) => {
                if reference.is_some() {
                    return Err(REFERENCE_WITHOUT_GIT.into());
                }
                check_version(&version)?;
                Ok(RuntimeSource::Version(version))
            }
            (None, Some(url)) => {
                if url.trim().is_empty() {
                    return Err("`--runtime-git` needs a repository URL".into());
                }
                Ok(RuntimeSource::Git(url, reference))
            }
            (None, None) if reference.is_some() => Err(REFERENCE_WITHOUT_GIT.into()),
            (None, None) => Ok(RuntimeSource::Checkout),
        }
    }
}

/// A Cargo version requirement's characters (`0.1.0`, `^0.1`, `>=0.1, <0.3`, `=0.1.0-rc.1`):
/// anything else is a mistake best reported now, not when Cargo reads the manifest.
fn check_version(version: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || " .,^~=<>*+-".contains(c);
    if version.trim().is_empty()
        || !version.chars().all(allowed)
        || !version.chars().any(|c| c.is_ascii_digit())
    {
        return Err(format!(
            "`--runtime-version {version}`: expected a Cargo version requirement such as {}",
            env!("CARGO_PKG_VERSION")
        ));
    }
    Ok(())
}

/// The dependency specs for `source`, for crates written one level below `out`
/// (`out/<crate>/Cargo.toml`).
pub fn runtime_deps(source: &RuntimeSource, out: &Path) -> Result<RuntimeDeps, String> {
    match source {
        RuntimeSource::Checkout => Ok(RuntimeDeps::path(&checkout_from(out)?)),
        RuntimeSource::Version(version) => Ok(RuntimeDeps::version(version)),
        RuntimeSource::Git(url, reference) => Ok(RuntimeDeps::git(url, reference.as_ref())),
    }
}

/// This checkout's root as a path from a crate directory one level below `out`, so the
/// generated manifests hold no absolute path: `../../mgn-rs` for `out` beside the checkout,
/// `../../..` for `out` = `<checkout>/target/x`. `out` is created if missing, and both paths
/// are resolved (symbolic links followed) before they are compared.
fn checkout_from(out: &Path) -> Result<PathBuf, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let resolve = |path: &Path| {
        path.canonicalize()
            .map_err(|e| format!("cannot resolve {}: {e}", path.display()))
    };
    let out = resolve(out)?;
    let root = resolve(&workspace_root())?;
    Ok(Path::new("..").join(relative_path(&out, &root)))
}

/// The path from directory `from` to `to`, both absolute and resolved; `to` itself when they
/// share no root (another drive on Windows).
fn relative_path(from: &Path, to: &Path) -> PathBuf {
    use std::path::Component;
    let from: Vec<Component<'_>> = from.components().collect();
    let to_components: Vec<Component<'_>> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_components)
        .take_while(|(a, b)| a == b)
        .count();
    let shares_root = common > 0 && matches!(from[0], Component::RootDir | Component::Prefix(_));
    if !shares_root {
        return to.to_path_buf();
    }
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for component in &to_components[common..] {
        path.push(component);
    }
    if path.as_os_str().is_empty() {
        path.push(".");
    }
    path
}

/// What `--out DIR` generates from.
struct Standalone<'a> {
    models: &'a [PathBuf],
    service: Option<String>,
    operations: &'a str,
    out: &'a Path,
    crate_name: Option<&'a str>,
    partitions: Option<&'a Path>,
    /// A protocol the service lists, instead of the preferred one.
    protocol: Option<&'a str>,
    runtime: RuntimeSource,
}

/// Reads partition data (`partitions.json` format) for the endpoint rules.
pub fn read_partitions(path: &Path, label: &str) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {label}: {e}"))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{label}:{}:{}: malformed JSON: {e}", e.line(), e.column()))
}

/// A types crate and a client crate of one model, as files under `{types_name}/` and
/// `{client_name}/` (no workspace manifest).
pub struct StandaloneCrates {
    pub types_name: String,
    pub client_name: String,
    pub files: Vec<GeneratedFile>,
}

/// Renders `generated` as a types crate and a client crate named `{base}-types` and
/// `{base}-client` (`base` defaults to the service's sdkId in kebab case), depending on the
/// runtime crates as `runtime` says.
pub fn crate_files(
    generated: &smithy_codegen::Generated,
    base: Option<&str>,
    partitions: &serde_json::Value,
    partitions_label: &str,
    runtime: &RuntimeDeps,
) -> Result<StandaloneCrates, String> {
    let base = base.map(str::to_owned).unwrap_or_else(|| {
        let service = &generated.ir().service;
        let base = service
            .sdk_id
            .clone()
            .unwrap_or_else(|| smithy_codegen::select::short_name(&service.id).to_owned());
        heck_kebab(&base)
    });
    let types_name = format!("{base}-types");
    let client_name = format!("{base}-client");
    let in_dir = |dir: &str, files: Vec<GeneratedFile>| -> Vec<GeneratedFile> {
        files
            .into_iter()
            .map(|mut f| {
                f.path = Path::new(dir).join(&f.path);
                f
            })
            .collect()
    };
    let mut files = in_dir(
        &types_name,
        generated.types_crate_files().map_err(|e| e.to_string())?,
    );
    files.push(GeneratedFile {
        path: Path::new(&types_name).join("Cargo.toml"),
        contents: generated.standalone_cargo_toml(&types_name, runtime),
    });
    let client = generated
        .client_files(
            &types_name,
            &client_name,
            partitions,
            partitions_label,
            &smithy_codegen::ClientOptions::default(),
        )
        .map_err(|e| e.to_string())?;
    files.extend(in_dir(&client_name, client));
    files.push(GeneratedFile {
        path: Path::new(&client_name).join("Cargo.toml"),
        contents: generated.standalone_client_cargo_toml(&client_name, &types_name, runtime),
    });
    Ok(StandaloneCrates {
        types_name,
        client_name,
        files,
    })
}

/// `--out DIR`: a small workspace with a types crate and a client crate for any model,
/// depending on the runtime crates of this checkout (by relative path), of crates.io or of a
/// git repository.
fn standalone(args: &Standalone<'_>) -> Result<(), String> {
    if args.models.is_empty() {
        return Err("`--out` needs at least one `--model FILE`".into());
    }
    let mut builder = smithy_codegen::Builder::new().generated_by(COMMAND);
    for model in args.models {
        builder = builder.model(model);
    }
    if let Some(service) = &args.service {
        builder = builder.service(service.clone());
    }
    if let Some(protocol) = args.protocol {
        builder = builder.protocol(protocol);
    }
    builder = match args.operations {
        "all" => builder.all_operations(),
        list => builder.operations(list.split(',').map(str::trim).filter(|s| !s.is_empty())),
    };
    let generated = builder.generate().map_err(|e| e.to_string())?;
    let root = workspace_root();
    let (partitions_path, partitions_label) = match args.partitions {
        Some(path) => (path.to_path_buf(), path.display().to_string()),
        None => (root.join(PARTITIONS), PARTITIONS.to_owned()),
    };
    let partitions = read_partitions(&partitions_path, &partitions_label)?;
    let runtime = runtime_deps(&args.runtime, args.out)?;
    let crates = crate_files(
        &generated,
        args.crate_name,
        &partitions,
        &partitions_label,
        &runtime,
    )?;
    let StandaloneCrates {
        types_name,
        client_name,
        mut files,
    } = crates;
    files.push(GeneratedFile {
        path: "Cargo.toml".into(),
        contents: format!(
            "{}# A workspace of its own, not a member of any enclosing one.\n[workspace]\nresolver = \"3\"\nmembers = [\"{types_name}\", \"{client_name}\"]\n",
            generated.header().replace("// ", "# ")
        ),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let owned: Vec<PathBuf> = [
        format!("{types_name}/src"),
        format!("{client_name}/src"),
        format!("{client_name}/tests"),
    ]
    .into_iter()
    .map(PathBuf::from)
    .collect();
    let outcome = output::sync(args.out, &files, &owned, false).map_err(|e| e.to_string())?;
    println!(
        "wrote `{types_name}` and `{client_name}` to {} ({} types, {} operations; {} files changed)",
        args.out.display(),
        generated.ir().types.len(),
        generated.ir().operations.len(),
        outcome.changed.len()
    );
    for skipped in generated.skipped() {
        println!("left out {skipped}");
    }
    Ok(())
}

/// `Application Migration Service` -> `application-migration-service`.
pub fn heck_kebab(name: &str) -> String {
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
    fn relative_paths_between_directories() {
        let rel = |from: &str, to: &str| relative_path(Path::new(from), Path::new(to));
        // Out beside the checkout, inside it, and far away.
        assert_eq!(rel("/work/out", "/work/mgn-rs"), Path::new("../mgn-rs"));
        assert_eq!(
            rel("/work/mgn-rs/target/x", "/work/mgn-rs"),
            Path::new("../..")
        );
        assert_eq!(
            rel("/tmp/a/b", "/work/mgn-rs"),
            Path::new("../../../work/mgn-rs")
        );
        assert_eq!(rel("/work/mgn-rs", "/work/mgn-rs"), Path::new("."));
        assert_eq!(rel("/work/mgn-rs/x", "/work/mgn-rs/x/y"), Path::new("y"));
    }

    /// The default: `out` inside the checkout and outside it, from a real directory.
    #[test]
    fn checkout_is_named_relative_to_the_generated_crates() {
        let root = workspace_root().canonicalize().unwrap();
        let inside = root
            .join("target")
            .join(format!("xtask-relative-{}", std::process::id()));
        let from_inside = checkout_from(&inside).unwrap();
        assert_eq!(from_inside, Path::new("../../.."));
        std::fs::create_dir_all(inside.join("crate")).unwrap();
        assert_eq!(
            inside
                .join("crate")
                .join(&from_inside)
                .canonicalize()
                .unwrap(),
            root
        );
        std::fs::remove_dir_all(&inside).unwrap();
        let outside = std::env::temp_dir().join(format!("xtask-relative-{}", std::process::id()));
        let from_outside = checkout_from(&outside).unwrap();
        assert!(from_outside.is_relative(), "{}", from_outside.display());
        std::fs::create_dir_all(outside.join("crate")).unwrap();
        assert_eq!(
            outside
                .join("crate")
                .join(&from_outside)
                .canonicalize()
                .unwrap(),
            root
        );
        std::fs::remove_dir_all(&outside).unwrap();
    }

    /// The whole manifests `--runtime-version` and `--runtime-git` write, for MGN's StartImport.
    #[test]
    fn standalone_manifests_name_the_runtime_as_asked() {
        let root = workspace_root();
        let generated = smithy_codegen::Builder::new()
            .root(&root)
            .model(MGN.model)
            .operations(["StartImport"])
            .generated_by(COMMAND)
            .generate()
            .unwrap();
        let partitions = read_partitions(&root.join(PARTITIONS), PARTITIONS).unwrap();
        let manifests = |source: RuntimeSource| {
            let runtime = runtime_deps(&source, Path::new("unused")).unwrap();
            let crates = crate_files(&generated, None, &partitions, PARTITIONS, &runtime).unwrap();
            let text = |dir: &str| {
                let path = Path::new(dir).join("Cargo.toml");
                let file = crates.files.iter().find(|f| f.path == path).unwrap();
                // The lines after the generated header.
                let start = file.contents.find("[package]").unwrap();
                file.contents[start..].to_owned()
            };
            (text("mgn-types"), text("mgn-client"))
        };
        let (types, client) = manifests(RuntimeSource::Version("0.1.0".into()));
        assert_eq!(
            types,
            "[package]\nname = \"mgn-types\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\n\
             smithy-types-runtime = \"0.1.0\"\n"
        );
        assert!(
            client.contains(
                "[dependencies]\nmgn-types = { path = \"../mgn-types\" }\n\
                 aws-client-runtime = { version = \"0.1.0\", default-features = false }\n"
            ),
            "{client}"
        );
        assert!(
            client.ends_with(
                "aws-client-runtime = { version = \"0.1.0\", features = [\"test-util\"] }\n"
            ),
            "{client}"
        );
        let url = "https://example.com/mgn-rs.git";
        let (types, client) = manifests(RuntimeSource::Git(
            url.into(),
            Some(GitReference::Rev("e4c47c4".into())),
        ));
        assert!(
            types.ends_with(
                "smithy-types-runtime = { git = \"https://example.com/mgn-rs.git\", rev = \"e4c47c4\" }\n"
            ),
            "{types}"
        );
        assert!(
            client.contains(
                "aws-client-runtime = { git = \"https://example.com/mgn-rs.git\", rev = \"e4c47c4\", \
                 default-features = false }\n"
            ),
            "{client}"
        );
    }

    #[test]
    fn runtime_options_are_checked() {
        let args = |list: &[&str]| -> Vec<String> {
            let mut all: Vec<String> = [
                "--model",
                "model/mgn.json",
                "--operations",
                "StartImport",
                "--out",
                "/nonexistent/never-written",
            ]
            .map(str::to_owned)
            .to_vec();
            all.extend(list.iter().map(|s| s.to_string()));
            all
        };
        let err = run(&args(&["--runtime-version", "0.1", "--runtime-git", "u"])).unwrap_err();
        assert_eq!(
            err,
            "`--runtime-version` and `--runtime-git` exclude each other"
        );
        let err = run(&args(&["--runtime-rev", "abc"])).unwrap_err();
        assert_eq!(
            err,
            "`--runtime-branch`, `--runtime-tag` and `--runtime-rev` need `--runtime-git URL`"
        );
        let err = run(&args(&[
            "--runtime-git",
            "u",
            "--runtime-tag",
            "v1",
            "--runtime-rev",
            "abc",
        ]))
        .unwrap_err();
        assert_eq!(
            err,
            "give at most one of `--runtime-branch`, `--runtime-tag` and `--runtime-rev`"
        );
        let err = run(&args(&["--runtime-version", "latest"])).unwrap_err();
        assert!(
            err.starts_with("`--runtime-version latest`: expected a Cargo version requirement"),
            "{err}"
        );
        let err = run(&["--runtime-version".to_owned(), "0.1".to_owned()]).unwrap_err();
        assert!(err.ends_with("need `--out DIR`"), "{err}");
        for good in ["0.1.0", "^0.1", ">=0.1, <0.3", "=0.1.0-rc.1"] {
            check_version(good).unwrap();
        }
    }

    #[test]
    fn bad_arguments_are_named() {
        let err = run(&["--frobnicate".to_owned()]).unwrap_err();
        assert_eq!(err, "unknown argument `--frobnicate`");
        let err = run(&["--model".to_owned()]).unwrap_err();
        assert_eq!(err, "`--model` needs a value");
    }
}
