//! A Smithy 2.0 JSON AST to Rust code generator.
//!
//! The pipeline has one module per stage: [`load`] reads and validates model files,
//! [`select`] keeps the chosen operations and the shapes they reach, [`ir`] decides every Rust
//! name and type (through [`naming`]) and each operation's [`auth`], `emit` builds token
//! streams and [`output`] prints and writes them. [`Builder`] ties them together for
//! `cargo xtask codegen` and for build scripts:
//!
//! ```no_run
//! // build.rs
//! let out_dir = std::env::var("OUT_DIR").unwrap();
//! smithy_codegen::Builder::new()
//!     .model("model/mgn.json")
//!     .operations(["StartImport"])
//!     .compile_types_to(std::path::Path::new(&out_dir), "mgn_types.rs")
//!     .unwrap();
//! // lib.rs: `include!(concat!(env!("OUT_DIR"), "/mgn_types.rs"));`
//! ```

pub mod auth;
pub mod checksum;
pub mod customize;
mod docs;
mod emit;
pub mod endpoint;
mod error;
pub mod ir;
pub mod jmespath;
pub mod load;
pub mod naming;
pub mod output;
pub mod protocol;
pub mod protocol_tests;
pub mod select;

use std::path::{Path, PathBuf};

use quote::quote;

pub use emit::ClientOptions;
pub use error::{Error, Result};
pub use output::GeneratedFile;
pub use protocol_tests::ProtocolTestSuite;
pub use select::Operations;

/// Configures a generation run: model files, service, operations, and the header's command.
#[derive(Debug, Clone)]
pub struct Builder {
    root: Option<PathBuf>,
    models: Vec<PathBuf>,
    service: Option<String>,
    operations: Operations,
    protocol: Option<String>,
    command: String,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// A run over no models yet, generating all operations.
    pub fn new() -> Self {
        Self {
            root: None,
            models: Vec::new(),
            service: None,
            operations: Operations::All,
            protocol: None,
            command: "smithy_codegen::Builder".to_owned(),
        }
    }

    /// Resolves relative model paths against `dir`; headers keep naming them as given, so
    /// output does not depend on where the checkout is.
    #[must_use]
    pub fn root(mut self, dir: impl Into<PathBuf>) -> Self {
        self.root = Some(dir.into());
        self
    }

    /// Adds a Smithy 2.0 JSON AST file; all files are merged.
    #[must_use]
    pub fn model(mut self, path: impl Into<PathBuf>) -> Self {
        self.models.push(path.into());
        self
    }

    /// Chooses the service by shape id; needed only when the models define several.
    #[must_use]
    pub fn service(mut self, id: impl Into<String>) -> Self {
        self.service = Some(id.into());
        self
    }

    /// Generates only these operations (by name or shape id) and what they need.
    #[must_use]
    pub fn operations<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.operations = Operations::Named(names.into_iter().map(Into::into).collect());
        self
    }

    /// Generates every operation of the service.
    #[must_use]
    pub fn all_operations(mut self) -> Self {
        self.operations = Operations::All;
        self
    }

    /// Chooses the client's protocol among those the service lists (a trait id such as
    /// `aws.protocols#awsJson1_0`, or its name `awsJson1_0`) instead of the preferred one
    /// (see [`protocol::PROTOCOLS`]).
    #[must_use]
    pub fn protocol(mut self, name: impl Into<String>) -> Self {
        self.protocol = Some(name.into());
        self
    }

    /// The command named in each file's `@generated` header.
    #[must_use]
    pub fn generated_by(mut self, command: impl Into<String>) -> Self {
        self.command = command.into();
        self
    }

    /// Loads, selects and builds the IR; nothing is written.
    pub fn generate(&self) -> Result<Generated> {
        if self.models.is_empty() {
            return Err(Error::msg("no model files given"));
        }
        let paths: Vec<PathBuf> = match &self.root {
            Some(root) => self.models.iter().map(|m| root.join(m)).collect(),
            None => self.models.clone(),
        };
        let model = load::Model::load(&paths)?;
        // Later stages name shapes; add the file each shape came from.
        let locate = |e: Error| match e
            .shape_id()
            .and_then(|id| model.shape(id))
            .and_then(|s| s.file.clone())
        {
            Some(file) => e.in_file(&file),
            None => e,
        };
        let selection =
            select::select(&model, self.service.as_deref(), &self.operations).map_err(locate)?;
        let ir = ir::build(&model, &selection, self.protocol.as_deref()).map_err(locate)?;
        let inputs: Vec<String> = self
            .models
            .iter()
            .map(|p| p.display().to_string().replace('\\', "/"))
            .collect();
        Ok(Generated {
            skipped: selection.skipped.clone(),
            ir,
            header: output::header(&self.command, &inputs),
            command: self.command.clone(),
            inputs,
        })
    }

    /// For build scripts: writes the types as one file of inline modules into `out_dir`.
    pub fn compile_types_to(&self, out_dir: &Path, file_name: &str) -> Result<()> {
        let generated = self.generate()?;
        let file = generated.types_single_file(file_name)?;
        output::sync(out_dir, &[file], &[], false).map(|_| ())
    }

    /// For build scripts: writes a whole client (its types in `pub mod model`) as one file
    /// into `out_dir`, to `include!` at the root of a crate that depends on
    /// `aws-client-runtime` and `smithy-types-runtime`. `partitions` is the partition data
    /// for the endpoint rules (`partitions.json` format).
    pub fn compile_client_to(
        &self,
        out_dir: &Path,
        file_name: &str,
        partitions: &serde_json::Value,
    ) -> Result<()> {
        let generated = self.generate()?;
        let file = generated.client_single_file(file_name, partitions)?;
        output::sync(out_dir, &[file], &[], false).map(|_| ())
    }
}

/// The result of a generation run, ready to be rendered in either layout.
#[derive(Debug, Clone)]
pub struct Generated {
    ir: ir::Ir,
    skipped: Vec<String>,
    header: String,
    /// What the header names: the command, and the model files.
    command: String,
    inputs: Vec<String>,
}

impl Generated {
    /// The IR, for emitters outside this crate and for tests.
    pub fn ir(&self) -> &ir::Ir {
        &self.ir
    }

    /// Operations left out of an all-operations run, each with the reason.
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }

    /// The header line every file starts with.
    pub fn header(&self) -> &str {
        &self.header
    }

    /// A types crate's `src/` files: `lib.rs` plus one file per module.
    pub fn types_crate_files(&self) -> Result<Vec<GeneratedFile>> {
        let modules = emit::types_modules(&self.ir)?;
        let crate_docs = self.crate_docs();
        let declarations = modules.iter().map(|m| {
            let name = emit::ident(m.name);
            let doc = format!(" {}", m.docs);
            quote!(#[doc = #doc] pub mod #name;)
        });
        let lib = quote! {
            #(#![doc = #crate_docs])*
            #![forbid(unsafe_code)]
            #![warn(missing_docs)]
            #(#declarations)*
        };
        let mut files = vec![output::render_source_file("src/lib.rs", &self.header, lib)?];
        for module in modules {
            files.push(output::render_source_file(
                format!("src/{}.rs", module.name),
                &self.header,
                module.items,
            )?);
        }
        Ok(files)
    }

    /// A whole client as one file (see [`Builder::compile_client_to`]).
    pub fn client_single_file(
        &self,
        path: &str,
        partitions: &serde_json::Value,
    ) -> Result<GeneratedFile> {
        let modules = emit::types_modules(&self.ir)?;
        let types = modules.iter().map(|m| {
            let name = emit::ident(m.name);
            let doc = format!(" {}", m.docs);
            let items = &m.items;
            quote!(#[doc = #doc] pub mod #name { #items })
        });
        let types = quote!(#(#types)*);
        let service = &self.ir.service;
        let endpoint = match &service.endpoint_rule_set {
            Some(rule_set) => Some((
                self.endpoint_body(rule_set)?,
                endpoint::emit_resolver(&service.id, rule_set, partitions)?,
            )),
            None => None,
        };
        let tokens = emit::client_single_file(&self.ir, "model", types, endpoint)?;
        output::render(path, &self.header, tokens)
    }

    /// The types as one file of inline modules, for `include!` from a build script's output.
    pub fn types_single_file(&self, path: &str) -> Result<GeneratedFile> {
        let modules = emit::types_modules(&self.ir)?;
        let items = modules.iter().map(|m| {
            let name = emit::ident(m.name);
            let doc = format!(" {}", m.docs);
            let items = &m.items;
            quote!(#[doc = #doc] pub mod #name { #items })
        });
        output::render(path, &self.header, quote!(#(#items)*))
    }

    /// A `Cargo.toml` for a standalone types crate; `runtime` locates the runtime crates.
    pub fn standalone_cargo_toml(&self, crate_name: &str, runtime: &RuntimeDeps) -> String {
        let serde_json = if emit::needs_serde_json(&self.ir) {
            "serde_json = \"1\"\n"
        } else {
            ""
        };
        format!(
            "{}[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\n{serde_json}smithy-types-runtime = {}\n",
            self.header.replace("// ", "# "),
            runtime.types
        )
    }

    fn crate_docs(&self) -> Vec<String> {
        let service = &self.ir.service;
        let mut lines: Vec<String> = service
            .docs
            .iter()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!(" {l}")
                }
            })
            .collect();
        if !lines.is_empty() {
            lines.push(String::new());
        }
        let operations: Vec<String> = self
            .ir
            .operations
            .iter()
            .map(|o| format!("`{}`", o.name))
            .collect();
        lines.push(format!(
            " Types for {} of `{}` (API version {}), generated from its Smithy model.",
            operations.join(", "),
            service.id,
            service.version
        ));
        lines.push(String::new());
        lines.push(format!(
            " Every type implements `serde`'s `Serialize` and `Deserialize` in one JSON form of its \
             own, whatever protocol the service speaks: members keyed by {}, timestamps as epoch \
             seconds unless the model says otherwise, blobs as base64. It is for your own use \
             (storage, logs, tests); the client's wire codecs are separate.",
            if service.serde_json_name {
                "their `jsonName` where the model gives one (a restJson1 service), else their name"
            } else {
                "their member names"
            }
        ));
        lines
    }

    /// The client's endpoint function body for `rule_set` (see [`endpoint::client_params`]).
    fn endpoint_body(&self, rule_set: &serde_json::Value) -> Result<proc_macro2::TokenStream> {
        let service = &self.ir.service;
        let client_context: Vec<String> = service
            .client_context_params
            .iter()
            .map(|(name, _)| name.clone())
            .collect();
        let operation_params = self
            .ir
            .operations
            .iter()
            .flat_map(|o| o.endpoint_params.iter().map(|p| p.name.as_str()))
            .collect();
        endpoint::client_params(&service.id, rule_set, &client_context, &operation_params)
    }

    /// A client crate's generated files: `src/lib.rs` (the `Client`), `src/operations.rs`
    /// (fluent builders, serializers, parsers), `src/paginators.rs` (when an operation is
    /// paginated), `src/endpoint.rs` (the compiled endpoint rule set) and
    /// `tests/endpoint_rules.rs` (one test per `smithy.rules#endpointTests` case).
    ///
    /// `partitions` is the partition data the endpoint rules' `aws.partition` reads;
    /// `partitions_label` names it in the files' header, after the model files.
    pub fn client_files(
        &self,
        types_crate: &str,
        client_crate: &str,
        partitions: &serde_json::Value,
        partitions_label: &str,
        options: &ClientOptions,
    ) -> Result<Vec<GeneratedFile>> {
        let mut inputs = self.inputs.clone();
        inputs.push(partitions_label.to_owned());
        let header = output::header(&self.command, &inputs);
        let render = |path: &str, tokens| output::render_source_file(path, &header, tokens);
        let service = &self.ir.service;
        let mut files = Vec::new();
        let endpoint_body = match &service.endpoint_rule_set {
            Some(rule_set) => {
                files.push(render(
                    "src/endpoint.rs",
                    endpoint::emit_resolver(&service.id, rule_set, partitions)?,
                )?);
                Some(self.endpoint_body(rule_set)?)
            }
            None => None,
        };
        files.push(render(
            "src/lib.rs",
            emit::client_lib(&self.ir, types_crate, endpoint_body, options)?,
        )?);
        files.push(render(
            "src/operations.rs",
            emit::client_operations(&self.ir, types_crate)?,
        )?);
        if let Some(paginators) = emit::client_paginators(&self.ir, types_crate)? {
            files.push(render("src/paginators.rs", paginators)?);
        }
        if let Some(waiters) = emit::client_waiters(&self.ir, types_crate)? {
            files.push(render("src/waiters.rs", waiters)?);
        }
        if let (Some(rule_set), Some(tests)) = (&service.endpoint_rule_set, &service.endpoint_tests)
        {
            // Every case's parameters must exist in the rule set: a clear error, not a compile error.
            endpoint::check_tests(&service.id, rule_set, tests)?;
            let client = emit::ident(&client_crate.replace('-', "_"));
            files.push(render(
                "tests/endpoint_rules.rs",
                endpoint::emit_tests(&service.id, tests, &quote!(::#client))?,
            )?);
            if let Some(file) =
                protocol_tests::endpoint_calls::emit(&self.ir, &header, types_crate, client_crate)?
            {
                files.push(file);
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// The service's `smithy.test#httpRequestTests` and `httpResponseTests` cases that apply
    /// to clients, as one `harness = false` test file (`tests/protocol_tests.rs`) for the
    /// client crate `client_crate` over `types_crate`; it needs `aws-client-runtime` with
    /// the `test-util` feature. Cases that cannot be generated are listed with the reason.
    pub fn protocol_tests(
        &self,
        types_crate: &str,
        client_crate: &str,
    ) -> Result<ProtocolTestSuite> {
        protocol_tests::emit(&self.ir, &self.header, types_crate, client_crate)
    }

    /// A `Cargo.toml` for a standalone client crate of this model, next to its types crate.
    ///
    /// `runtime` is how the runtime crates are found: by path, by version or from git
    /// ([`RuntimeDeps`]).
    pub fn standalone_client_cargo_toml(
        &self,
        crate_name: &str,
        types_crate: &str,
        runtime: &RuntimeDeps,
    ) -> String {
        // XML clients turn on the runtime's XML codec; others compile none of it.
        let mut runtime_dependency = match &self.ir.service.protocol {
            Some(protocol) if protocol.reads_xml() => {
                with_feature(&without_default_features(&runtime.client), "xml")
            }
            _ => without_default_features(&runtime.client),
        };
        // Clients with checksum operations (S3) turn on the runtime's CRCs; others compile none.
        if self.ir.operations.iter().any(|o| o.http_checksum.is_some()) {
            runtime_dependency = with_feature(&runtime_dependency, "checksums");
        }
        format!(
            "{}[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [features]\ndefault = [\"rustls\"]\n\
             # TLS through rustls with ring and the Mozilla roots (the default).\nrustls = [\"aws-client-runtime/rustls\"]\n\
             # TLS through the system's library (OpenSSL on Linux); with `default-features = false`, no rustls.\n\
             native-tls = [\"aws-client-runtime/native-tls\"]\n\
             # `Client::new(&aws_types::SdkConfig)`, for users of `aws-config`.\naws-config = [\"aws-client-runtime/aws-config\"]\n\n\
             [dependencies]\n{types_crate} = {{ path = \"../{types_crate}\" }}\naws-client-runtime = {}\n\n\
             [dev-dependencies]\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\
             # The recording HTTP client of the endpoint-call tests.\naws-client-runtime = {}\n",
            self.header.replace("// ", "# "),
            runtime_dependency,
            with_feature(&runtime.client, "test-util")
        )
    }
}

/// A Cargo dependency spec (`"1"` or `{ path = "..." }`) with `feature` on (added to its
/// `features` list, if it has one).
fn with_feature(spec: &str, feature: &str) -> String {
    let spec = spec.trim();
    if let Some((head, rest)) = spec.split_once("features = [") {
        return format!(
            "{head}features = [{rest}",
            rest = rest.replacen(']', &format!(", \"{feature}\"]"), 1)
        );
    }
    match spec.strip_suffix('}') {
        Some(table) if spec.starts_with('{') => {
            format!("{}, features = [\"{feature}\"] }}", table.trim_end())
        }
        _ => format!("{{ version = {spec}, features = [\"{feature}\"] }}"),
    }
}

/// A Cargo dependency spec (`"1"` or `{ path = "..." }`) with `default-features = false`, so the
/// client crate's own features choose the runtime's TLS.
fn without_default_features(spec: &str) -> String {
    let spec = spec.trim();
    match spec.strip_suffix('}') {
        Some(table) if spec.starts_with('{') => {
            format!("{}, default-features = false }}", table.trim_end())
        }
        _ => format!("{{ version = {spec}, default-features = false }}"),
    }
}

/// Where a standalone crate finds the runtime crates: Cargo dependency specs (the text after
/// `name = `), e.g. `{ path = "../runtime/types" }` or `"0.1.0"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeDeps {
    /// The types runtime, `smithy-types-runtime`.
    pub types: String,
    /// The client runtime, `aws-client-runtime`.
    pub client: String,
}

/// Which commit of a git repository [`RuntimeDeps::git`] names; without one, Cargo takes the
/// default branch's head when it first locks the dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitReference {
    /// A branch's head (`branch = "..."`).
    Branch(String),
    /// A tag (`tag = "..."`).
    Tag(String),
    /// A commit, or any revision Cargo can fetch (`rev = "..."`).
    Rev(String),
}

impl RuntimeDeps {
    /// Path dependencies on the runtime crates (`runtime/types`, `runtime/client`) of the
    /// checkout at `checkout`: an absolute path, or one relative to the generated crate's
    /// directory (where its `Cargo.toml` is), as Cargo reads a manifest's paths.
    pub fn path(checkout: &Path) -> Self {
        let spec = |dir: &str| {
            let path = checkout.join("runtime").join(dir);
            // Forward slashes on every platform: the same manifest wherever it was generated.
            let path = path.display().to_string().replace('\\', "/");
            format!("{{ path = {} }}", toml_string(&path))
        };
        Self {
            types: spec("types"),
            client: spec("client"),
        }
    }

    /// The published runtime crates, at the Cargo version requirement `requirement` (e.g.
    /// `0.1.0`, meaning `^0.1.0`).
    pub fn version(requirement: &str) -> Self {
        let spec = toml_string(requirement);
        Self {
            types: spec.clone(),
            client: spec,
        }
    }

    /// The runtime crates from the git repository at `url` (Cargo finds each crate in the
    /// repository by its package name), at `reference` if given.
    pub fn git(url: &str, reference: Option<&GitReference>) -> Self {
        let reference = match reference {
            None => String::new(),
            Some(GitReference::Branch(branch)) => format!(", branch = {}", toml_string(branch)),
            Some(GitReference::Tag(tag)) => format!(", tag = {}", toml_string(tag)),
            Some(GitReference::Rev(rev)) => format!(", rev = {}", toml_string(rev)),
        };
        let spec = format!("{{ git = {}{reference} }}", toml_string(url));
        Self {
            types: spec.clone(),
            client: spec,
        }
    }
}

/// `text` as a TOML basic string, quoted and escaped.
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod standalone_tests {
    use super::{GitReference, RuntimeDeps, with_feature, without_default_features};
    use std::path::Path;

    #[test]
    fn runtime_dependency_without_default_features() {
        assert_eq!(
            without_default_features("{ path = \"../runtime/client\" }"),
            "{ path = \"../runtime/client\", default-features = false }"
        );
        assert_eq!(
            without_default_features("\"0.1\""),
            "{ version = \"0.1\", default-features = false }"
        );
    }

    #[test]
    fn runtime_by_relative_path() {
        let runtime = RuntimeDeps::path(Path::new("../../mgn-rs"));
        assert_eq!(runtime.types, "{ path = \"../../mgn-rs/runtime/types\" }");
        assert_eq!(runtime.client, "{ path = \"../../mgn-rs/runtime/client\" }");
    }

    #[test]
    fn runtime_by_version() {
        let runtime = RuntimeDeps::version("0.1.0");
        assert_eq!(runtime.types, "\"0.1.0\"");
        assert_eq!(
            without_default_features(&runtime.client),
            "{ version = \"0.1.0\", default-features = false }"
        );
        assert_eq!(
            with_feature(&runtime.client, "test-util"),
            "{ version = \"0.1.0\", features = [\"test-util\"] }"
        );
    }

    #[test]
    fn runtime_from_git() {
        let url = "https://example.com/mgn-rs.git";
        assert_eq!(
            RuntimeDeps::git(url, None).types,
            "{ git = \"https://example.com/mgn-rs.git\" }"
        );
        let tagged = RuntimeDeps::git(url, Some(&GitReference::Tag("v0.1.0".into())));
        assert_eq!(
            without_default_features(&tagged.client),
            "{ git = \"https://example.com/mgn-rs.git\", tag = \"v0.1.0\", default-features = false }"
        );
        let rev = RuntimeDeps::git(url, Some(&GitReference::Rev("e4c47c4".into())));
        assert_eq!(
            rev.types,
            "{ git = \"https://example.com/mgn-rs.git\", rev = \"e4c47c4\" }"
        );
        let branch = RuntimeDeps::git(url, Some(&GitReference::Branch("main".into())));
        assert_eq!(
            branch.types,
            "{ git = \"https://example.com/mgn-rs.git\", branch = \"main\" }"
        );
    }

    /// Whatever a path or URL holds, the manifest stays valid TOML.
    #[test]
    fn specs_are_escaped() {
        let runtime = RuntimeDeps::path(Path::new("/odd \"dir\"\\x"));
        assert_eq!(
            runtime.types,
            "{ path = \"/odd \\\"dir\\\"/x/runtime/types\" }"
        );
        assert_eq!(RuntimeDeps::version("1\n[x]").types, "\"1\\n[x]\"");
    }
}
