//! Emits a client crate: `lib.rs` (the `Client`, the service's facts for the runtime,
//! re-exports) and `operations.rs` (per operation: the `Client` method, the fluent builder,
//! the request serializer, the response and error parsers).
//!
//! What varies by protocol is asked of [`crate::protocol::Protocol`]; the emitters are one per
//! concern: the request envelope (`http_request` for HTTP bindings, `rpc` for `POST /` with
//! `X-Amz-Target`, `query` for the form requests of awsQuery and ec2Query), the JSON body codec
//! (`json`), the XML encoders of restXml request bodies (`xml_ser`), the XML decoders of
//! responses (`xml_de`), response readers (`response`, which reads bound members and the
//! body), and error dispatch (`dispatch`).
//!
//! Generated code calls the client runtime (`::aws_client_runtime`): `Handle::invoke`, the
//! `Operation`/`HttpRequest` seams, and the `wire` helpers (`wire::binding` for HTTP bindings,
//! `wire::json` for JSON bodies, `xml` for XML bodies).

mod correct;
mod dispatch;
mod endpoint_params;
mod http_request;
mod json;
mod paginators;
mod pattern;
mod query;
mod response;
mod rpc;
mod values;
mod waiters;
mod xml_de;
mod xml_ser;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{client_rust_type, doc, doc_attrs, ident};
use crate::auth::Auth;
use crate::ir::{Field, HttpBinding, Ir, Module, Operation, Presence, Struct, TypeDef, TypeKind};
use crate::protocol::Protocol;
use crate::{Error, Result};

/// Names the client code needs: the types crate's root path.
pub(crate) struct Ctx<'a> {
    pub ir: &'a Ir,
    /// The protocol the client speaks.
    pub protocol: &'a Protocol,
    /// `::mgn_types`
    pub types: TokenStream,
    /// Structures whose JSON may need client error correction (see `correct`).
    pub needed: std::collections::BTreeSet<(Module, String)>,
    /// The endpoint rule set's parameter types by name (`string`, `boolean`, `stringArray`),
    /// parsed once for every operation that sets parameters.
    pub endpoint_param_types: std::collections::BTreeMap<String, &'static str>,
}

impl<'a> Ctx<'a> {
    fn new(ir: &'a Ir, types_crate: &str) -> Result<Self> {
        let protocol = check_protocol(ir)?;
        let mut ctx = Ctx {
            ir,
            protocol,
            types: types_root(types_crate),
            needed: Default::default(),
            endpoint_param_types: match &ir.service.endpoint_rule_set {
                Some(rule_set) => crate::endpoint::param_types(&ir.service.id, rule_set)?,
                None => Default::default(),
            },
        };
        ctx.needed = correct::needing_correction(&ctx);
        Ok(ctx)
    }

    /// Where `field` goes in a message (RPC protocols ignore HTTP binding traits: every member
    /// is in the body).
    pub fn binding<'f>(&self, field: &'f Field) -> &'f crate::ir::HttpBinding {
        /// A member bound nowhere but the body.
        static BODY: crate::ir::HttpBinding = crate::ir::HttpBinding::Body;
        if self.protocol.http_bindings() {
            &field.binding
        } else {
            &BODY
        }
    }

    /// The member's key in a JSON body, as the protocol names it.
    pub fn json_key<'f>(&self, field: &'f Field) -> &'f str {
        self.protocol
            .json_key(&field.member, field.json_name.as_deref())
    }

    /// An operation's input or output structure, by its name in the operation module (an
    /// operation without input or output still has an empty structure of its own).
    pub fn operation_struct(&self, name: &str, referrer: &str) -> Result<(&TypeDef, &Struct)> {
        match self.named(Module::Operation, name) {
            Some(
                def @ TypeDef {
                    kind: TypeKind::Struct(s),
                    ..
                },
            ) => Ok((def, s)),
            _ => Err(Error::shape(
                referrer,
                format!("internal error: no structure `{name}`"),
            )),
        }
    }

    /// The generated type called `name` in `module`.
    pub fn named(&self, module: Module, name: &str) -> Option<&TypeDef> {
        self.ir
            .types
            .iter()
            .find(|t| t.module == module && t.name == name)
    }

    /// A member type as the client crate names it.
    pub fn ty(&self, ty: &crate::ir::RustType) -> TokenStream {
        client_rust_type(ty, &self.types)
    }

    /// The path of a type of the types crate.
    pub fn path(&self, def: &TypeDef) -> TokenStream {
        let module = ident(def.module.name());
        let name = ident(&def.name);
        let types = &self.types;
        quote!(#types::#module::#name)
    }
}

/// What a generated client's `lib.rs` says about itself.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// A Markdown file (relative to `src/`) whose Rust examples are compiled as doc tests.
    pub readme: Option<String>,
}

/// The client's modules, as files (`pub mod endpoint;`) or inline (one file for `include!`
/// from a build script, which cannot hold inner attributes at its top).
pub(crate) enum Layout {
    Files,
    Inline {
        /// `pub mod <types module> { ... }`, the types inline.
        types: TokenStream,
        endpoint: Option<TokenStream>,
        operations: TokenStream,
        paginators: Option<TokenStream>,
        waiters: Option<TokenStream>,
    },
}

/// The types crate's path from the client crate: `::mgn_types` for a crate name, or the
/// path itself when given one (`crate::model`).
pub(crate) fn types_root(types_crate: &str) -> TokenStream {
    if let Some(rest) = types_crate.strip_prefix("crate::") {
        let segments = rest.split("::").map(ident);
        return quote!(crate #(::#segments)*);
    }
    let krate = ident(&types_crate.replace('-', "_"));
    quote!(::#krate)
}

/// The client's protocol. The JSON bodies go through the types' serde, so the protocol's JSON
/// keys must be the types' serde keys; they differ only when a service that also speaks
/// restJson1 has `jsonName` members and another protocol was chosen, which is refused.
fn check_protocol(ir: &Ir) -> Result<&Protocol> {
    let protocol = ir.service.protocol.as_ref().ok_or_else(|| {
        Error::shape(
            &ir.service.id,
            format!(
                "the client generator supports {}; the service lists {}",
                crate::protocol::supported()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                crate::protocol::describe(&ir.service.protocols)
            ),
        )
    })?;
    // The form codec of the query protocols and the XML codec never go through serde.
    if matches!(protocol, Protocol::Query(_) | Protocol::RestXml) {
        return Ok(protocol);
    }
    for def in &ir.types {
        let members: Vec<(&str, Option<&str>)> = match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| (f.member.as_str(), f.json_name.as_deref()))
                .collect(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .map(|v| (v.member.as_str(), v.json_name.as_deref()))
                .collect(),
            _ => continue,
        };
        for (member, json_name) in members {
            let serde = crate::protocol::serde_key(ir.service.serde_json_name, member, json_name);
            let wire = match protocol {
                Protocol::RestJson1 => json_name.unwrap_or(member),
                _ => member,
            };
            if serde != wire {
                return Err(Error::member(
                    &def.shape_id,
                    member,
                    format!(
                        "`{}` keys this member `{wire}`, the types' serde form `{serde}` (the service also speaks restJson1, whose `jsonName` the types follow): not supported",
                        protocol.trait_id()
                    ),
                ));
            }
        }
    }
    Ok(protocol)
}

/// `src/lib.rs` of a client crate.
pub(crate) fn lib(
    ir: &Ir,
    types_crate: &str,
    endpoint_body: Option<TokenStream>,
    options: &ClientOptions,
    layout: Layout,
) -> Result<TokenStream> {
    let protocol = check_protocol(ir)?.runtime_value();
    let customizations = ir.service.customizations;
    let signing = if customizations.s3_signing {
        quote!(::aws_client_runtime::sigv4::SigningSettings::S3)
    } else {
        quote!(::aws_client_runtime::sigv4::SigningSettings::STANDARD)
    };
    let error_rules = if customizations.s3_errors {
        quote!(::aws_client_runtime::protocol::ErrorRules::S3)
    } else {
        quote!(::aws_client_runtime::protocol::ErrorRules::STANDARD)
    };
    let reads_account_id = match &ir.service.endpoint_rule_set {
        Some(rule_set) => crate::endpoint::reads_account_id(&ir.service.id, rule_set)?,
        None => false,
    };
    let types = types_root(types_crate);
    let service = &ir.service;
    // aws-sdk-rust's rules: the sdkId, lower-cased with spaces removed for the User-Agent,
    // upper-cased with spaces as underscores for AWS_ENDPOINT_URL_<SERVICE>.
    let sdk_id = service
        .sdk_id
        .clone()
        .unwrap_or_else(|| crate::select::short_name(&service.id).to_owned());
    let env_name = sdk_id.trim().replace([' ', '-'], "_").to_ascii_uppercase();
    let ua_name = sdk_id.trim().replace(' ', "").to_ascii_lowercase();
    // Only a service with `aws.auth#sigv4` has SigV4 operations; without one, nothing is
    // signed and the name only labels logs.
    let signing_name = service
        .signing_name
        .clone()
        .unwrap_or_else(|| ua_name.clone());

    let mut docs: Vec<String> = service.docs.clone();
    if !docs.is_empty() {
        docs.push(String::new());
    }
    let operations: Vec<String> = ir
        .operations
        .iter()
        .map(|o| format!("`{}`", o.name))
        .collect();
    docs.push(format!(
        "A client for {} of `{}` (API version {}), generated from its Smithy model.",
        operations.join(", "),
        service.id,
        service.version
    ));
    docs.push(String::new());
    docs.push(
        "Calls must run inside a Tokio runtime with I/O and time enabled (e.g. `#[tokio::main]`)."
            .to_owned(),
    );
    let docs = docs.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });

    let (types_mod, endpoint_inline, operations_inline, paginators_inline, waiters_inline) =
        match layout {
            Layout::Files => (None, None, None, None, None),
            Layout::Inline {
                types,
                endpoint,
                operations,
                paginators,
                waiters,
            } => (Some(types), endpoint, Some(operations), paginators, waiters),
        };
    let module = |body: Option<TokenStream>, name: &str| {
        let name = ident(name);
        match body {
            Some(body) => quote!(pub mod #name { #body }),
            None => quote!(pub mod #name;),
        }
    };
    let (endpoint_mod, resolve_body) = match endpoint_body {
        // Inline, the module documents itself (an inner doc attribute).
        Some(body) if endpoint_inline.is_some() => (module(endpoint_inline, "endpoint"), body),
        Some(body) => {
            let decl = module(None, "endpoint");
            (
                quote! {
                    /// Endpoint resolution, compiled from the service's `smithy.rules#endpointRuleSet`.
                    #decl
                },
                body,
            )
        }
        None => (
            quote!(),
            quote! {
                inputs.url.map(|url| ::aws_client_runtime::endpoint::Endpoint {
                    url: ::std::borrow::ToOwned::to_owned(url),
                    headers: ::std::collections::BTreeMap::new(),
                    properties: ::std::collections::BTreeMap::new(),
                })
                .ok_or_else(|| ::std::string::String::from(
                    "the service has no endpoint rules: set an endpoint URL (Config::builder().endpoint_url(..))",
                ))
            },
        ),
    };
    let readme = match &options.readme {
        Some(path) => quote! {
            /// The README's Rust examples are compiled as doc tests, so they cannot rot.
            #[cfg(doctest)]
            #[doc = include_str!(#path)]
            struct ReadmeExamples;
        },
        None => quote!(),
    };
    let has_paginators = ir.operations.iter().any(|o| o.paginated.is_some());
    let paginators_mod = if has_paginators {
        let decl = module(paginators_inline, "paginators");
        quote! {
            /// Paginators: every page, or every item, of a paginated operation.
            #decl
        }
    } else {
        quote!()
    };
    let waiters_mod = if ir.operations.iter().any(|o| !o.waiters.is_empty()) {
        let decl = module(waiters_inline, "waiters");
        quote! {
            /// Waiters: `client.wait_until_*()` polls until the resource reaches a state.
            #decl
        }
    } else {
        quote!()
    };
    let inner_attributes = if types_mod.is_some() {
        quote!()
    } else {
        quote! {
            #(#![doc = #docs])*
            #![forbid(unsafe_code)]
            #![warn(missing_docs)]
        }
    };
    let operations_mod = module(operations_inline, "operations");
    let token_reexport = if ir
        .operations
        .iter()
        .any(|o| matches!(o.auth, Auth::Bearer { .. }))
    {
        quote!(
            pub use ::aws_client_runtime::{ProvideToken, SharedTokenProvider, Token};
        )
    } else {
        quote!()
    };
    let primitives = ident(crate::naming::PRIMITIVES_MODULE);
    // The types crate has a `types` module only when some shape is shared.
    let types_mod_reexport = if ir.types.iter().any(|t| t.module == Module::Types) {
        quote! {
            /// Structures, enums and unions shared by the operations.
            pub mod types {
                pub use #types::types::*;
            }
        }
    } else {
        quote!()
    };

    Ok(quote! {
        #inner_attributes
        #types_mod

        #endpoint_mod
        /// Per-operation fluent builders behind the [`Client`]'s methods.
        #operations_mod
        #paginators_mod
        #waiters_mod

        pub use #types::{error, operation, #primitives};
        #types_mod_reexport
        pub use ::aws_client_runtime::{Config, ConfigBuilder, ConfigLoader, Credentials, CredentialsError, EnvError, ErrorMetadata, HttpClient, HttpResponse, ProvideCredentials, ProviderConfig, SdkError, SharedCredentialsProvider};
        #token_reexport
        /// The client runtime: configuration, errors, HTTP, retries.
        pub use ::aws_client_runtime as runtime;

        /// The client. Cheap to clone: clones share the configuration, the connection pool,
        /// the credentials cache and the retry quota.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            handle: ::aws_client_runtime::Handle,
        }

        impl Client {
            /// A client with this configuration.
            pub fn from_conf(config: ::aws_client_runtime::Config) -> Self {
                Self { handle: ::aws_client_runtime::Handle::new(config, &SERVICE) }
            }

            // `new(&SdkConfig)` when the runtime's `aws-config` feature is on: the runtime
            // checks its own feature, so this file needs no `cfg` its includer must declare.
            ::aws_client_runtime::__sdk_config_constructor!();

            /// The configuration.
            pub fn config(&self) -> &::aws_client_runtime::Config {
                self.handle.config()
            }
        }

        /// What the runtime needs to know about this service.
        static SERVICE: ::aws_client_runtime::ServiceInfo = ::aws_client_runtime::ServiceInfo {
            signing_name: #signing_name,
            env_name: #env_name,
            user_agent_name: #ua_name,
            version: ::std::env!("CARGO_PKG_VERSION"),
            protocol: #protocol,
            signing: #signing,
            error_rules: #error_rules,
            endpoint_reads_account_id: #reads_account_id,
            resolve_endpoint,
        };

        /// The endpoint for `inputs`: the configuration, the endpoint URL configured for this
        /// service, the credentials' account id and the operation's parameters.
        fn resolve_endpoint(
            inputs: &::aws_client_runtime::endpoint::Inputs<'_>,
        ) -> ::std::result::Result<::aws_client_runtime::endpoint::Endpoint, ::std::string::String> {
            #resolve_body
        }

        #readme
    })
}

/// The operation's `::aws_client_runtime::Auth`; an error for unsupported schemes.
fn auth_value(op: &Operation) -> Result<TokenStream> {
    Ok(match &op.auth {
        Auth::None => quote!(::aws_client_runtime::Auth::None),
        Auth::SigV4 {
            unsigned_payload,
            optional,
        } => quote! {
            ::aws_client_runtime::Auth::SigV4 { unsigned_payload: #unsigned_payload, optional: #optional }
        },
        Auth::Bearer { optional } => {
            quote!(::aws_client_runtime::Auth::Bearer { optional: #optional })
        }
        Auth::Unsupported { schemes, source } => {
            return Err(crate::auth::unsupported(&op.shape_id, schemes, source));
        }
    })
}

/// `src/operations.rs` of a client crate.
pub(crate) fn operations(ir: &Ir, types_crate: &str) -> Result<TokenStream> {
    let ctx = Ctx::new(ir, types_crate)?;
    let mut out = TokenStream::new();
    for op in &ir.operations {
        out.extend(operation(&ctx, op)?);
    }
    if let Protocol::Query(query) = ctx.protocol {
        out.extend(query::writers(&ctx, query)?);
    }
    if ctx.protocol.xml_bodies() {
        out.extend(xml_ser::writers(&ctx)?);
    }
    out.extend(dispatch::error_readers(&ctx)?);
    if let Protocol::Query(_) = ctx.protocol {
        let roots = response::response_roots(&ctx)?;
        out.extend(xml_de::decoders(&ctx, &roots)?);
        return Ok(out);
    }
    if ctx.protocol.xml_bodies() {
        let roots = response::xml_body_roots(&ctx)?;
        out.extend(xml_de::decoders(&ctx, &roots)?);
        return Ok(out);
    }
    let roots = response::response_structs(&ctx)?;
    let called = correct::called(&ctx, &roots, &ctx.needed);
    out.extend(correct::correctors(&ctx, &called, &ctx.needed));
    Ok(out)
}

/// `src/paginators.rs` of a client crate, if any operation is paginated.
pub(crate) fn paginators(ir: &Ir, types_crate: &str) -> Result<Option<TokenStream>> {
    if !ir.operations.iter().any(|o| o.paginated.is_some()) {
        return Ok(None);
    }
    let ctx = Ctx::new(ir, types_crate)?;
    paginators::emit(&ctx).map(Some)
}

/// `src/waiters.rs` of a client crate, if any operation has `smithy.waiters#waitable`.
pub(crate) fn waiters(ir: &Ir, types_crate: &str) -> Result<Option<TokenStream>> {
    if ir.operations.iter().all(|o| o.waiters.is_empty()) {
        return Ok(None);
    }
    let ctx = Ctx::new(ir, types_crate)?;
    waiters::emit(&ctx).map(Some)
}

fn upper(op: &Operation) -> Ident {
    ident(&op.fn_name.to_ascii_uppercase())
}

fn operation(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    let types = &ctx.types;
    let (input_def, input) = ctx.operation_struct(&op.input, &op.shape_id)?;
    let (output_def, _) = ctx.operation_struct(&op.output, &op.shape_id)?;
    let input_path = ctx.path(input_def);
    let output_path = ctx.path(output_def);
    let error = ident(&op.error);
    let error_path = quote!(#types::operation::#error);
    let fn_name = ident(&op.fn_name);
    let fluent = ident(&op.fluent_builder);
    let input_builder = ident(&input.builder);
    let upper = upper(op);
    let serialize = ident(&format!("serialize_{}", op.fn_name));
    let parse_output = ident(&format!("parse_{}_output", op.fn_name));
    let parse_error = ident(&format!("parse_{}_error", op.fn_name));
    let op_name = &op.name;
    let auth = auth_value(op)?;
    let checksum = checksum_value(op);

    let mut method_docs = op.docs.clone();
    if !method_docs.is_empty() {
        method_docs.push(String::new());
    }
    method_docs.push(format!(
        "Set the input's members on the returned [`{}`], then `send().await` it.",
        op.fluent_builder
    ));
    let method_docs = doc_attrs(&method_docs);
    let fluent_doc = doc(&format!(
        "The fluent builder of `{}`: set members, then [`send`](Self::send).",
        op.name
    ));
    let send_doc = doc_attrs(&[
        format!(
            "Builds the input, signs and sends `{}`, retrying as configured.",
            op.name
        ),
        String::new(),
        "A required member left unset is a construction error, returned before anything is sent."
            .to_owned(),
    ]);

    let setters = input
        .fields
        .iter()
        .map(|f| fluent_setters(ctx, f, &quote!(inner)));
    // Idempotency tokens are generated once per call, before the first attempt, so every
    // retry carries the same token.
    let tokens: Vec<TokenStream> = input
        .fields
        .iter()
        .filter(|f| f.idempotency_token && f.presence == Presence::Optional)
        .map(|f| {
            let name = ident(&f.name);
            quote! {
                if input.#name.is_none() {
                    input.#name = ::std::option::Option::Some(self.client.handle.config().idempotency_token());
                }
            }
        })
        .collect();
    let streams_input = http_request::streams_input(ctx, input);
    let binding = if tokens.is_empty() && !streams_input {
        quote!(let input)
    } else {
        quote!(let mut input)
    };
    let input_arg = if streams_input {
        quote!(&mut input)
    } else {
        quote!(&input)
    };
    let (_, output) = ctx.operation_struct(&op.output, &op.shape_id)?;
    let streams_output = output
        .fields
        .iter()
        .any(|f| f.ty == crate::ir::RustType::Stream);
    let parse_variant = if streams_output {
        quote!(Streaming)
    } else {
        quote!(Buffered)
    };
    // A stream cannot be copied, so neither can a builder holding one.
    let fluent_derives = if streams_input {
        quote!(#[derive(::std::fmt::Debug)])
    } else {
        quote!(#[derive(::std::fmt::Debug, ::std::clone::Clone)])
    };
    let fallible = input
        .fields
        .iter()
        .any(|f| f.presence == Presence::Required);
    let build = if fallible {
        quote!(
            self.inner
                .build()
                .map_err(::aws_client_runtime::SdkError::construction_failure)?
        )
    } else {
        quote!(self.inner.build())
    };
    let serializer = match ctx.protocol {
        Protocol::RestJson1 | Protocol::RestXml => {
            http_request::serializer(ctx, op, input, &serialize, &input_path)?
        }
        Protocol::AwsJson(aws_json) => {
            rpc::aws_json_serializer(ctx, aws_json, op, input, &serialize, &input_path)?
        }
        Protocol::Query(query) => {
            query::serializer(ctx, query, op, input, &serialize, &input_path)?
        }
    };
    let output_parser = match ctx.protocol {
        Protocol::Query(query) => {
            query::output_parser(ctx, query, op, &parse_output, &output_path)?
        }
        _ => response::output_parser(ctx, op, &parse_output, &output_path)?,
    };
    let error_parser = dispatch::operation_error_parser(ctx, op, &parse_error, &error_path)?;
    let presigned = matches!(op.auth, Auth::SigV4 { .. }).then(|| {
        let doc = doc_attrs(&[
            format!(
                "Builds the input and presigns `{}`: a URL with the signature in its query \
                 string, and the method, headers and body to send with it, that makes this call \
                 without credentials until it expires. Nothing is sent.",
                op.name
            ),
            String::new(),
            "A required member left unset is a construction error.".to_owned(),
        ]);
        let omit_content_type = protocol_content_type_only(ctx, input);
        quote! {
            #doc
            pub async fn presigned(
                self,
                config: ::aws_client_runtime::presigning::PresigningConfig,
            ) -> ::std::result::Result<::aws_client_runtime::presigning::PresignedRequest, ::aws_client_runtime::SdkError<#error_path>> {
                #binding = #build;
                #(#tokens)*
                let omit_content_type = #omit_content_type;
                let request = #serialize(#input_arg).map_err(::aws_client_runtime::SdkError::construction_failure)?;
                self.client
                    .handle
                    .presign(#upper.name, #upper.auth, request, &config, omit_content_type)
                    .await
                    .map_err(::aws_client_runtime::SdkError::construction_failure)
            }
        }
    });

    Ok(quote! {
        impl crate::Client {
            #method_docs
            pub fn #fn_name(&self) -> #fluent {
                #fluent { client: ::std::clone::Clone::clone(self), inner: #types::operation::#input_builder::default() }
            }
        }

        #fluent_doc
        #fluent_derives
        #[must_use = "a fluent builder does nothing until `send().await`"]
        pub struct #fluent {
            client: crate::Client,
            inner: #types::operation::#input_builder,
        }

        impl #fluent {
            #(#setters)*

            /// The input builder as set so far.
            pub fn as_input(&self) -> &#types::operation::#input_builder {
                &self.inner
            }

            #send_doc
            pub async fn send(self) -> ::std::result::Result<#output_path, ::aws_client_runtime::SdkError<#error_path>> {
                #binding = #build;
                #(#tokens)*
                let request = #serialize(#input_arg).map_err(::aws_client_runtime::SdkError::construction_failure)?;
                self.client.handle.invoke(&#upper, request).await
            }

            #presigned
        }

        const #upper: ::aws_client_runtime::Operation<#output_path, #error_path> = ::aws_client_runtime::Operation {
            name: #op_name,
            auth: #auth,
            parse_output: ::aws_client_runtime::ParseOutput::#parse_variant(#parse_output),
            parse_error: #parse_error,
            checksum: #checksum,
        };

        #serializer
        #output_parser
        #error_parser
    })
}

/// Whether the request's `Content-Type` would be the protocol's choice rather than the
/// caller's, as an expression over `input` (before serialization). A presigned request leaves
/// such a header out, so the URL works with whatever the sender's client sets. Only the
/// HTTP-binding protocols have a default to leave out; the RPC protocols' content type is part
/// of their body.
fn protocol_content_type_only(ctx: &Ctx<'_>, input: &Struct) -> TokenStream {
    if !matches!(ctx.protocol, Protocol::RestJson1 | Protocol::RestXml) {
        return quote!(false);
    }
    let modeled = input.fields.iter().find(|f| {
        matches!(ctx.binding(f), HttpBinding::Header(name) if name.eq_ignore_ascii_case("content-type"))
    });
    match modeled {
        None => quote!(true),
        Some(f) if f.presence == Presence::Optional => {
            let name = ident(&f.name);
            quote!(input.#name.is_none())
        }
        Some(_) => quote!(false),
    }
}

/// The operation's `aws.protocols#httpChecksum` for the runtime, if any.
fn checksum_value(op: &Operation) -> TokenStream {
    let Some(c) = &op.http_checksum else {
        return quote!(::std::option::Option::None);
    };
    let header = |h: &Option<String>| match h {
        Some(h) => quote!(::std::option::Option::Some(#h)),
        None => quote!(::std::option::Option::None),
    };
    let algorithm_header = header(&c.request_algorithm_header);
    let validation_header = header(&c.response_validation_header);
    let required = c.request_checksum_required;
    let algorithms = c.response_algorithms.iter().map(|v| ident(v));
    quote! {
        ::std::option::Option::Some(&::aws_client_runtime::checksum::OperationChecksum {
            request_algorithm_header: #algorithm_header,
            request_checksum_required: #required,
            response_validation_header: #validation_header,
            response_algorithms: &[#(::aws_client_runtime::checksum::Algorithm::#algorithms),*],
        })
    }
}

/// A member's setters and getter on a builder whose field `target` has the same ones.
fn fluent_setters(ctx: &Ctx<'_>, f: &Field, target: &TokenStream) -> TokenStream {
    super::setters::member_methods(f, &|ty| ctx.ty(ty), &super::setters::Store::Forward(target))
}

/// `&input.x` as a `&T`, failing when an optional member is unset.
pub(super) fn required_ref(field: &Field, what: &str) -> TokenStream {
    let name = ident(&field.name);
    let member = &field.member;
    match field.presence {
        Presence::Optional => {
            let message = format!("the {what} member `{member}` is required but was not set");
            quote! {
                input.#name.as_ref().ok_or_else(|| ::aws_client_runtime::wire::SerializeError::new(#message))?
            }
        }
        _ => quote!(&input.#name),
    }
}

/// Runs `body` with `v: &T` bound to the member's value, when it is set.
pub(super) fn when_set(field: &Field, body: TokenStream) -> TokenStream {
    let name = ident(&field.name);
    match field.presence {
        Presence::Optional => quote! {
            if let ::std::option::Option::Some(v) = &input.#name {
                #body
            }
        },
        _ => quote! {
            {
                let v = &input.#name;
                #body
            }
        },
    }
}
