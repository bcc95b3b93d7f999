//! Tests from `smithy.test#httpRequestTests` and `smithy.test#httpResponseTests`: each case
//! that applies to clients becomes an async function calling the generated client's public
//! API over a recording HTTP client (`aws_client_runtime::test_util`), and a `main` runs them
//! all (a `harness = false` test), so that failures are counted and reported, not hidden.
//!
//! Request cases set the input from `params` and check what was sent: method, path, query,
//! headers, host and body (JSON compared as JSON). Response cases replay the status, headers
//! and body and compare the parsed output, or the operation's modeled error, with a value
//! built from `params` (through serde, so `NaN` equals `NaN`).

pub(crate) mod endpoint_calls;

use std::collections::BTreeMap;
use std::path::Path;

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens as _, quote};
use serde_json::Value;

use crate::emit::{client_rust_type, ident};
use crate::ir::{Field, Ir, Module, Operation, Presence, RustType, Struct, TypeDef, TypeKind};
use crate::load::{Model, ShapeKind};
use crate::output::GeneratedFile;
use crate::select::short_name;
use crate::{Error, Result};

/// The trait of request cases.
const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
/// The trait of response cases (on operations and on error structures).
const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";

/// What [`crate::Generated::protocol_tests`] produced.
#[derive(Debug, Clone)]
pub struct ProtocolTestSuite {
    /// The test file: a `main` running every generated case.
    pub file: GeneratedFile,
    /// Keys (`request/Id`, `response/Id`) of the cases in the file, in order.
    pub cases: Vec<String>,
    /// Cases (by key) that apply to clients but could not be generated, with the reason.
    pub not_generated: Vec<(String, String)>,
}

/// One case of the model, for counting and for the cases of operations that could not be
/// generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRef {
    /// `request/Id` or `response/Id`: case ids are unique per trait only.
    pub key: String,
    /// The operations that run the case: its own, or for an error's case every operation
    /// that binds the error (the first of them that is generated runs it).
    pub operations: Vec<String>,
    /// Why the case does not apply to this client (`appliesTo: server`, another
    /// protocol), or `None` when it does.
    pub excluded: Option<String>,
}

/// The operations bound to a service and every request and response case of them and of
/// their errors (an error's cases are listed once even when several operations bind it).
#[derive(Debug, Clone)]
pub struct ModelCases {
    /// Operation names, in id order.
    pub operations: Vec<String>,
    pub cases: Vec<CaseRef>,
}

/// Why a case of `trait_id` does not apply to a client speaking `protocol` (a trait id), if
/// it does not.
fn exclusion(case: &Value, protocol: &str) -> Option<String> {
    match case.get("appliesTo").and_then(Value::as_str) {
        None | Some("client") => {}
        Some(other) => return Some(format!("appliesTo: {other}")),
    }
    match case.get("protocol").and_then(Value::as_str) {
        Some(p) if p == protocol => {}
        Some(other) => return Some(format!("protocol {other}")),
        None => return Some("no protocol".to_owned()),
    }
    None
}

/// Lists the cases of `service` in the model files `paths`, without generating anything
/// (so that cases of operations the generator rejects are still counted).
pub fn list_cases(paths: &[impl AsRef<Path>], service: &str) -> Result<ModelCases> {
    let paths: Vec<std::path::PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
    let model = Model::load(&paths)?;
    let operations = crate::select::bound_operations(&model, service)?.0;
    let service_shape = model
        .shape(service)
        .ok_or_else(|| Error::shape(service, "unknown service: no such shape in the model"))?;
    let protocol = crate::protocol::resolve(service_shape, None)?
        .ok_or_else(|| {
            Error::shape(
                service,
                format!(
                    "no supported protocol: the service lists {}",
                    crate::protocol::describe(&crate::protocol::listed(service_shape))
                ),
            )
        })?
        .trait_id();
    let mut cases = Vec::new();
    let push = |shape: &str, trait_id: &str, operations: Vec<String>, cases: &mut Vec<CaseRef>| {
        let Some(list) = model
            .shape(shape)
            .and_then(|s| s.traits.get(trait_id))
            .and_then(Value::as_array)
        else {
            return;
        };
        for case in list {
            cases.push(CaseRef {
                key: case_key(trait_id, case),
                operations: operations.clone(),
                excluded: exclusion(case, protocol),
            });
        }
    };
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in &operations {
        let name = short_name(op).to_owned();
        push(op, REQUEST_TESTS, vec![name.clone()], &mut cases);
        push(op, RESPONSE_TESTS, vec![name.clone()], &mut cases);
        if let Some(ShapeKind::Operation { errors: e, .. }) = model.shape(op).map(|s| &s.kind) {
            for error in e {
                errors.entry(error.clone()).or_default().push(name.clone());
            }
        }
    }
    for (error, operations) in errors {
        push(&error, RESPONSE_TESTS, operations, &mut cases);
    }
    Ok(ModelCases {
        operations: operations
            .iter()
            .map(|op| short_name(op).to_owned())
            .collect(),
        cases,
    })
}

/// The paths the generated code names.
struct Ctx<'a> {
    ir: &'a Ir,
    /// `::x_types`
    types: TokenStream,
    /// `::x_client`
    client: TokenStream,
}

impl<'a> Ctx<'a> {
    /// The paths of the crates `types_crate` and `client_crate` (package names).
    fn new(ir: &'a Ir, types_crate: &str, client_crate: &str) -> Self {
        let krate = |name: &str| {
            let name = ident(&name.replace('-', "_"));
            quote!(::#name)
        };
        Ctx {
            ir,
            types: krate(types_crate),
            client: krate(client_crate),
        }
    }

    fn def(&self, module: Module, name: &str) -> Option<&TypeDef> {
        self.ir
            .types
            .iter()
            .find(|t| t.module == module && t.name == name)
    }

    fn path(&self, def: &TypeDef) -> TokenStream {
        let module = ident(def.module.name());
        let name = ident(&def.name);
        let types = &self.types;
        quote!(#types::#module::#name)
    }

    fn operation_struct(&self, name: &str) -> Result<(&TypeDef, &Struct)> {
        match self.def(Module::Operation, name) {
            Some(
                def @ TypeDef {
                    kind: TypeKind::Struct(s),
                    ..
                },
            ) => Ok((def, s)),
            _ => Err(Error::msg(format!("internal error: no structure `{name}`"))),
        }
    }
}

/// Emits the test file for every case of the IR's operations and errors.
pub(crate) fn emit(
    ir: &Ir,
    header: &str,
    types_crate: &str,
    client_crate: &str,
) -> Result<ProtocolTestSuite> {
    let ctx = Ctx::new(ir, types_crate, client_crate);
    let protocol = ir
        .service
        .protocol
        .as_ref()
        .ok_or_else(|| {
            Error::shape(
                &ir.service.id,
                format!(
                    "no supported protocol: the service lists {}",
                    crate::protocol::describe(&ir.service.protocols)
                ),
            )
        })?
        .trait_id();
    let mut functions = Vec::new();
    let mut entries = Vec::new();
    let mut cases = Vec::new();
    let mut not_generated = Vec::new();
    let mut fn_names = crate::naming::Scope::default();
    let mut add = |id: String, result: Result<TokenStream>, fn_name: String| match result {
        Ok(body) => {
            let name = ident(&fn_name);
            functions.push(quote! {
                async fn #name() {
                    #body
                }
            });
            entries.push(quote! {
                ::aws_client_runtime::test_util::Case { id: #id, run: || ::std::boxed::Box::pin(#name()) },
            });
            cases.push(id);
        }
        Err(e) => not_generated.push((id, e.to_string())),
    };
    let mut claim = |id: &str| {
        fn_names.claim(format!(
            "case_{}",
            heck::ToSnakeCase::to_snake_case(
                id.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
                    .as_str()
            )
        ))
    };
    for op in &ir.operations {
        for case in op
            .request_tests
            .iter()
            .filter(|c| exclusion(c, protocol).is_none())
        {
            let id = case_key(REQUEST_TESTS, case);
            add(id.clone(), request_case(&ctx, op, case), claim(&id));
        }
        for case in op
            .response_tests
            .iter()
            .filter(|c| exclusion(c, protocol).is_none())
        {
            let id = case_key(RESPONSE_TESTS, case);
            add(id.clone(), response_case(&ctx, op, case, None), claim(&id));
        }
    }
    // An error's cases run against the first operation (in id order) that binds it.
    let mut error_ops: BTreeMap<&str, (&Operation, &crate::ir::OperationError)> = BTreeMap::new();
    for op in &ir.operations {
        for error in &op.errors {
            error_ops
                .entry(error.type_name.as_str())
                .or_insert((op, error));
        }
    }
    for (name, (op, error)) in error_ops {
        let Some(TypeDef {
            kind: TypeKind::Struct(s),
            ..
        }) = ctx.def(Module::Error, name)
        else {
            continue;
        };
        let tests = s
            .error
            .as_ref()
            .map(|e| e.response_tests.as_slice())
            .unwrap_or_default();
        for case in tests.iter().filter(|c| exclusion(c, protocol).is_none()) {
            let id = case_key(RESPONSE_TESTS, case);
            add(
                id.clone(),
                response_case(&ctx, op, case, Some(error)),
                claim(&id),
            );
        }
    }

    let client = &ctx.client;
    let tokens = quote! {
        //! The service's `smithy.test` protocol tests (clients' cases), run by `main`.
        #![allow(clippy::all, clippy::pedantic, unused_mut, unused_variables)]

        fn main() {
            ::aws_client_runtime::test_util::run(&[#(#entries)*]);
        }

        /// A client sending to `endpoint` through `recorder` (see [`config`]).
        fn client(recorder: &::aws_client_runtime::test_util::Recorder, endpoint: &str) -> #client::Client {
            #client::Client::from_conf(config(recorder).endpoint_url(endpoint).build())
        }

        /// The configuration of the cases' clients: sending through `recorder`, in
        /// `us-west-2`, with fixed credentials and idempotency tokens and no retries.
        fn config(recorder: &::aws_client_runtime::test_util::Recorder) -> #client::ConfigBuilder {
            #client::Config::builder()
                .region("us-west-2")
                .credentials(#client::Credentials::new("AKID", "SECRET", ::std::option::Option::None, ::std::option::Option::None, "test"))
                .http_client(::std::clone::Clone::clone(recorder))
                .idempotency_token_provider(|| ::std::borrow::ToOwned::to_owned("00000000-0000-4000-8000-000000000000"))
                .max_attempts(1)
        }

        #(#functions)*
    };
    let file = crate::output::render("tests/protocol_tests.rs", header, tokens)?;
    Ok(ProtocolTestSuite {
        file,
        cases,
        not_generated,
    })
}

/// `request/Id` or `response/Id`.
fn case_key(trait_id: &str, case: &Value) -> String {
    let kind = if trait_id == REQUEST_TESTS {
        "request"
    } else {
        "response"
    };
    let id = case.get("id").and_then(Value::as_str).unwrap_or_default();
    format!("{kind}/{id}")
}

fn str_field<'a>(case: &'a Value, key: &str) -> Option<&'a str> {
    case.get(key).and_then(Value::as_str)
}

fn str_list<'a>(case: &'a Value, key: &str) -> Vec<&'a str> {
    case.get(key)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The case's `headers` as `&[(name, value)]`; a value that is not a string is the case's
/// mistake and an error, not an empty header.
fn header_pairs(case: &Value) -> Result<TokenStream> {
    let headers = match case.get("headers") {
        None | Some(Value::Null) => serde_json::Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(other) => return Err(Error::msg(format!("`headers` is not an object: {other}"))),
    };
    let mut pairs = Vec::new();
    for (name, value) in &headers {
        let value = value.as_str().ok_or_else(|| {
            Error::msg(format!(
                "the value of header `{name}` is not a string: {value}"
            ))
        })?;
        pairs.push(quote!((#name, #value)));
    }
    Ok(quote!(&[#(#pairs),*]))
}

/// The case's response status `code`: an HTTP status code (100..=999), or an error.
fn status_code(case: &Value) -> Result<u16> {
    let code = case.get("code").ok_or_else(|| Error::msg("no `code`"))?;
    code.as_u64()
        .and_then(|c| u16::try_from(c).ok())
        .filter(|c| (100..=999).contains(c))
        .ok_or_else(|| Error::msg(format!("`code` {code} is not an HTTP status code")))
}

/// `client.op().set_x(Some(..))...` from the case's `params` (and placeholder values for
/// required members the case leaves out, when `fill_required`).
fn call(
    ctx: &Ctx<'_>,
    op: &Operation,
    params: Option<&Value>,
    fill_required: bool,
) -> Result<TokenStream> {
    let (def, input) = ctx.operation_struct(&op.input)?;
    let params = match params {
        None | Some(Value::Null) => serde_json::Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(other) => return Err(Error::msg(format!("params `{other}` is not an object"))),
    };
    let mut setters = Vec::new();
    for (key, value) in &params {
        let field = field(def, input, key)?;
        if value.is_null() {
            continue;
        }
        let setter = ident(&field.set_setter);
        let value = value_expr(ctx, &field.ty, value)?;
        setters.push(quote!(.#setter(::std::option::Option::Some(#value))));
    }
    if fill_required {
        for field in &input.fields {
            if field.presence == Presence::Required && !params.contains_key(&field.member) {
                let setter = ident(&field.set_setter);
                let value = placeholder(ctx, &field.ty)?;
                setters.push(quote!(.#setter(::std::option::Option::Some(#value))));
            }
        }
    }
    let fn_name = ident(&op.fn_name);
    Ok(quote!(client.#fn_name() #(#setters)* .send().await))
}

fn field<'a>(def: &TypeDef, s: &'a Struct, member: &str) -> Result<&'a Field> {
    s.fields
        .iter()
        .find(|f| f.member == member)
        .ok_or_else(|| Error::msg(format!("`{}` has no member `{member}`", def.shape_id)))
}

fn endpoint(case: &Value) -> String {
    format!(
        "https://{}",
        str_field(case, "host").unwrap_or("example.com")
    )
}

/// The `vendorParamsShape` of the AWS SDKs' client settings.
const AWS_CONFIG: &str = "aws.protocoltests.config#AwsConfig";

/// The client of a request case: with `AwsConfig` vendor parameters (S3's cases), a client
/// configured by them whose endpoint the service's rules resolve (the case's `host` is then
/// only where the rules would send a client without settings); otherwise one sending to the
/// case's `host`. Settings the generated clients cannot take are an error naming them.
fn case_client(ctx: &Ctx<'_>, case: &Value) -> Result<TokenStream> {
    let Some(vendor) = case.get("vendorParams") else {
        let endpoint = endpoint(case);
        return Ok(quote!(client(&recorder, #endpoint)));
    };
    match str_field(case, "vendorParamsShape") {
        Some(AWS_CONFIG) => {}
        other => {
            return Err(Error::msg(format!(
                "vendorParams of shape {} are not supported (only `{AWS_CONFIG}`)",
                other.unwrap_or("(none)")
            )));
        }
    }
    let fields = |value: &Value, at: &str| -> Result<serde_json::Map<String, Value>> {
        match value {
            Value::Object(map) => Ok(map.clone()),
            other => Err(Error::msg(format!(
                "vendorParams `{at}` is not an object: {other}"
            ))),
        }
    };
    let mut calls = Vec::new();
    let param = quote!(::aws_client_runtime::endpoint::ParamValue);
    let has_param = |name: &str| {
        ctx.ir
            .service
            .client_context_params
            .iter()
            .any(|(n, _)| n == name)
    };
    let mut context_param = |name: &str, value: bool, setting: &str| -> Result<()> {
        if !has_param(name) {
            return Err(Error::msg(format!(
                "vendorParams `{setting}` needs the client context parameter `{name}`, which the service does not have"
            )));
        }
        calls.push(quote!(.client_context_param(#name, #param::Bool(#value))));
        Ok(())
    };
    let flag = |value: &Value, at: &str| -> Result<bool> {
        value
            .as_bool()
            .ok_or_else(|| Error::msg(format!("vendorParams `{at}` is not a boolean: {value}")))
    };
    let mut region = None;
    let mut dual_stack = None;
    for (key, value) in fields(vendor, "")? {
        if key != "scopedConfig" {
            return Err(Error::msg(format!("vendorParams `{key}` is not supported")));
        }
        for (scope, value) in fields(&value, "scopedConfig")? {
            if scope != "client" {
                return Err(Error::msg(format!(
                    "vendorParams `scopedConfig.{scope}` is not supported: clients have no per-operation configuration override"
                )));
            }
            for (key, value) in fields(&value, "scopedConfig.client")? {
                match key.as_str() {
                    "region" => {
                        region = Some(value.as_str().map(str::to_owned).ok_or_else(|| {
                            Error::msg(format!("vendorParams `region` is not a string: {value}"))
                        })?)
                    }
                    "s3" => {
                        for (key, value) in fields(&value, "scopedConfig.client.s3")? {
                            let at = format!("s3.{key}");
                            match key.as_str() {
                                "addressing_style" => match value.as_str() {
                                    Some("path") => context_param("ForcePathStyle", true, &at)?,
                                    Some("virtual") => context_param("ForcePathStyle", false, &at)?,
                                    Some("auto") => {}
                                    _ => {
                                        return Err(Error::msg(format!(
                                            "vendorParams `{at}` is not `path`, `virtual` or `auto`: {value}"
                                        )));
                                    }
                                },
                                "use_accelerate_endpoint" => {
                                    context_param("Accelerate", flag(&value, &at)?, &at)?
                                }
                                "use_dualstack_endpoint" => dual_stack = Some(flag(&value, &at)?),
                                _ => {
                                    return Err(Error::msg(format!(
                                        "vendorParams `{at}` is not supported"
                                    )));
                                }
                            }
                        }
                    }
                    _ => {
                        return Err(Error::msg(format!(
                            "vendorParams `scopedConfig.client.{key}` is not supported"
                        )));
                    }
                }
            }
        }
    }
    if let Some(region) = region {
        calls.push(quote!(.region(#region)));
    }
    if let Some(dual_stack) = dual_stack {
        calls.push(quote!(.use_dual_stack(#dual_stack)));
    }
    let client = &ctx.client;
    Ok(quote!(#client::Client::from_conf(config(&recorder) #(#calls)* .build())))
}

fn request_case(ctx: &Ctx<'_>, op: &Operation, case: &Value) -> Result<TokenStream> {
    let client = case_client(ctx, case)?;
    let call = call(ctx, op, case.get("params"), false)?;
    let method = str_field(case, "method").ok_or_else(|| Error::msg("no `method`"))?;
    let uri = str_field(case, "uri").ok_or_else(|| Error::msg("no `uri`"))?;
    let mut checks = vec![
        quote!(t::assert_method(&request, #method);),
        quote!(t::assert_path(&request, #uri);),
    ];
    let (query, forbid_query, require_query) = (
        str_list(case, "queryParams"),
        str_list(case, "forbidQueryParams"),
        str_list(case, "requireQueryParams"),
    );
    checks.push(quote!(t::assert_query(&request, &[#(#query),*], &[#(#forbid_query),*], &[#(#require_query),*]);));
    let headers = header_pairs(case)?;
    let (forbid_headers, require_headers) = (
        str_list(case, "forbidHeaders"),
        str_list(case, "requireHeaders"),
    );
    checks.push(quote!(t::assert_headers(&request, #headers, &[#(#forbid_headers),*], &[#(#require_headers),*]);));
    if let Some(host) = str_field(case, "resolvedHost") {
        checks.push(quote!(t::assert_host(&request, #host);));
    }
    if let Some(body) = str_field(case, "body") {
        let media = match str_field(case, "bodyMediaType") {
            Some(m) => quote!(::std::option::Option::Some(#m)),
            None => quote!(::std::option::Option::None),
        };
        checks.push(quote!(t::assert_body(&request, #body, #media);));
    }
    Ok(quote! {
        use ::aws_client_runtime::test_util as t;
        let recorder = t::Recorder::new(200, &[], b"");
        let client = #client;
        let result = #call;
        let request = recorder.request().unwrap_or_else(|| {
            panic!("no request was sent: {}", result.err().map(|e| e.to_string()).unwrap_or_default())
        });
        #(#checks)*
    })
}

fn response_case(
    ctx: &Ctx<'_>,
    op: &Operation,
    case: &Value,
    error: Option<&crate::ir::OperationError>,
) -> Result<TokenStream> {
    let endpoint = endpoint(case);
    let code = status_code(case)?;
    let headers = header_pairs(case)?;
    let body = Literal::byte_string(str_field(case, "body").unwrap_or_default().as_bytes());
    let call = call(ctx, op, None, true)?;
    let params = case.get("params");
    let check = match error {
        None => {
            let (def, s) = ctx.operation_struct(&op.output)?;
            let expected = struct_expr(ctx, def, s, params)?;
            // Streams are not serde (skipped): their bytes are compared here.
            let streams = s
                .fields
                .iter()
                .filter(|f| f.ty == RustType::Stream)
                .map(|f| {
                    let name = ident(&f.name);
                    let member = &f.member;
                    let take = |v: TokenStream| match f.presence {
                        Presence::Optional => quote!(#v.#name.take().unwrap_or_default()),
                        _ => quote!(::std::mem::take(&mut #v.#name)),
                    };
                    let (actual, wanted) = (take(quote!(output)), take(quote!(expected)));
                    quote! {
                        let actual_bytes = #actual.collect().await.expect("the payload stream reads");
                        let expected_bytes = #wanted.collect().await.expect("an in-memory stream");
                        assert_eq!(actual_bytes, expected_bytes, "payload `{}`", #member);
                    }
                });
            let streams = quote!(#(#streams)*);
            quote! {
                #[allow(unused_mut)]
                let mut output = match result {
                    ::std::result::Result::Ok(output) => output,
                    ::std::result::Result::Err(e) => panic!("the call failed: {e}"),
                };
                #[allow(unused_mut)]
                let mut expected = #expected;
                #streams
                t::assert_same(&output, &expected);
            }
        }
        Some(error) => {
            let def = ctx.def(Module::Error, &error.type_name).ok_or_else(|| {
                Error::msg(format!("internal error: no error `{}`", error.type_name))
            })?;
            let TypeKind::Struct(s) = &def.kind else {
                return Err(Error::msg("an error must be a structure"));
            };
            let expected = struct_expr(ctx, def, s, params)?;
            let types = &ctx.types;
            let enum_name = ident(&op.error);
            let variant = ident(&error.variant);
            quote! {
                let error = match result {
                    ::std::result::Result::Ok(_) => panic!("the call succeeded; expected an error"),
                    ::std::result::Result::Err(e) => match e.into_service_error() {
                        ::std::result::Result::Ok(error) => error,
                        ::std::result::Result::Err(e) => panic!("not a service error: {e}"),
                    },
                };
                let actual = match error {
                    #types::operation::#enum_name::#variant(actual) => actual,
                    other => panic!("another error: {other:?}"),
                };
                let expected = #expected;
                t::assert_same(&actual, &expected);
            }
        }
    };
    Ok(quote! {
        use ::aws_client_runtime::test_util as t;
        let recorder = t::Recorder::new(#code, #headers, #body);
        let client = client(&recorder, #endpoint);
        let result = #call;
        #check
    })
}

/// A structure literal from a JSON object of member values; unset members take the type's
/// `Default` (zero values for required members, model defaults, `None`).
fn struct_expr(
    ctx: &Ctx<'_>,
    def: &TypeDef,
    s: &Struct,
    value: Option<&Value>,
) -> Result<TokenStream> {
    let empty = serde_json::Map::new();
    let members = match value {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(m)) => m,
        Some(other) => {
            return Err(Error::msg(format!(
                "`{other}` is not an object for `{}`",
                def.shape_id
            )));
        }
    };
    let mut fields = Vec::new();
    let mut set = 0;
    for (key, v) in members {
        let f = field(def, s, key)?;
        if v.is_null() {
            continue;
        }
        set += 1;
        let name = ident(&f.name);
        let mut value = value_expr(ctx, &f.ty, v)?;
        if f.boxed {
            value = quote!(::std::boxed::Box::new(#value));
        }
        if f.presence == Presence::Optional {
            value = quote!(::std::option::Option::Some(#value));
        }
        fields.push(quote!(#name: #value,));
    }
    let path = ctx.path(def);
    let rest = if set == s.fields.len() {
        quote!()
    } else {
        quote!(..::std::default::Default::default())
    };
    Ok(quote!(#path { #(#fields)* #rest }))
}

/// A Rust expression of type `ty` from a `params` JSON value.
fn value_expr(ctx: &Ctx<'_>, ty: &RustType, value: &Value) -> Result<TokenStream> {
    let mismatch = || Error::msg(format!("`{value}` is not a value of type {ty:?}"));
    let deps = quote!(::aws_client_runtime::deps);
    Ok(match ty {
        RustType::String => {
            let s = value.as_str().ok_or_else(mismatch)?;
            quote!(::std::string::String::from(#s))
        }
        RustType::Bool => {
            let b = value.as_bool().ok_or_else(mismatch)?;
            quote!(#b)
        }
        RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 => {
            let n = value.as_i64().ok_or_else(mismatch)?;
            match ty {
                RustType::I8 => Literal::i8_suffixed(i8::try_from(n).map_err(|_| mismatch())?),
                RustType::I16 => Literal::i16_suffixed(i16::try_from(n).map_err(|_| mismatch())?),
                RustType::I32 => Literal::i32_suffixed(i32::try_from(n).map_err(|_| mismatch())?),
                _ => Literal::i64_suffixed(n),
            }
            .into_token_stream()
        }
        RustType::F32 | RustType::F64 => {
            let float = if *ty == RustType::F32 {
                quote!(f32)
            } else {
                quote!(f64)
            };
            match value {
                Value::String(s) if s == "NaN" => quote!(#float::NAN),
                Value::String(s) if s == "Infinity" => quote!(#float::INFINITY),
                Value::String(s) if s == "-Infinity" => quote!(#float::NEG_INFINITY),
                Value::Number(n) => {
                    let v = n.as_f64().ok_or_else(mismatch)?;
                    if *ty == RustType::F32 {
                        Literal::f32_suffixed(v as f32).into_token_stream()
                    } else {
                        Literal::f64_suffixed(v).into_token_stream()
                    }
                }
                _ => return Err(mismatch()),
            }
        }
        RustType::BigInteger | RustType::BigDecimal => {
            let text = match value {
                Value::Number(n) => n.to_string(),
                Value::String(s) => s.clone(),
                _ => return Err(mismatch()),
            };
            let ty = client_rust_type(ty, &ctx.types);
            quote!(<#ty as ::std::str::FromStr>::from_str(#text).expect("a number"))
        }
        RustType::Blob => {
            let s = value.as_str().ok_or_else(mismatch)?;
            let bytes = Literal::byte_string(s.as_bytes());
            quote!(::std::vec::Vec::from(&#bytes[..]))
        }
        RustType::Stream => {
            let s = value.as_str().ok_or_else(mismatch)?;
            let bytes = Literal::byte_string(s.as_bytes());
            quote!(#deps::smithy_types_runtime::ByteStream::from(::std::vec::Vec::from(&#bytes[..])))
        }
        RustType::Timestamp(_) => {
            let (secs, nanos) = epoch(value).ok_or_else(mismatch)?;
            quote!(#deps::smithy_types_runtime::DateTime::from_secs_and_nanos(#secs, #nanos))
        }
        RustType::Document => {
            let text = value.to_string();
            quote!(#deps::serde_json::from_str::<#deps::serde_json::Value>(#text).expect("JSON"))
        }
        RustType::Named { module, name } => {
            let def = ctx
                .def(*module, name)
                .ok_or_else(|| Error::msg(format!("internal error: no type `{name}`")))?;
            let path = ctx.path(def);
            match &def.kind {
                TypeKind::Enum(_) => {
                    let s = value.as_str().ok_or_else(mismatch)?;
                    quote!(<#path as ::std::convert::From<&str>>::from(#s))
                }
                TypeKind::IntEnum(_) => {
                    let n = value
                        .as_i64()
                        .and_then(|n| i32::try_from(n).ok())
                        .ok_or_else(mismatch)?;
                    quote!(<#path as ::std::convert::From<i32>>::from(#n))
                }
                TypeKind::Struct(s) => struct_expr(ctx, def, s, Some(value))?,
                TypeKind::Union(u) => {
                    let object = value.as_object().ok_or_else(mismatch)?;
                    let [(key, v)] = object.iter().collect::<Vec<_>>()[..] else {
                        return Err(Error::msg(format!(
                            "`{value}` must have exactly one member"
                        )));
                    };
                    let variant =
                        u.variants
                            .iter()
                            .find(|v| v.member == *key)
                            .ok_or_else(|| {
                                Error::msg(format!("`{}` has no member `{key}`", def.shape_id))
                            })?;
                    let vname = ident(&variant.name);
                    match &variant.ty {
                        None => quote!(#path::#vname),
                        Some(ty) => {
                            let mut inner = value_expr(ctx, ty, v)?;
                            if variant.boxed {
                                inner = quote!(::std::boxed::Box::new(#inner));
                            }
                            quote!(#path::#vname(#inner))
                        }
                    }
                }
            }
        }
        RustType::List { item, sparse } => {
            let items = value
                .as_array()
                .ok_or_else(mismatch)?
                .iter()
                .map(|v| optional(ctx, item, v, *sparse))
                .collect::<Result<Vec<_>>>()?;
            quote!(::std::vec![#(#items),*])
        }
        RustType::Map {
            value: item,
            sparse,
        } => {
            let entries = value
                .as_object()
                .ok_or_else(mismatch)?
                .iter()
                .map(|(k, v)| {
                    let v = optional(ctx, item, v, *sparse)?;
                    Ok(quote!((::std::string::String::from(#k), #v)))
                })
                .collect::<Result<Vec<_>>>()?;
            if entries.is_empty() {
                quote!(::std::collections::HashMap::new())
            } else {
                quote!(::std::collections::HashMap::from([#(#entries),*]))
            }
        }
    })
}

/// An item of a list or map: `Option`-wrapped when sparse (`null` is `None`).
fn optional(ctx: &Ctx<'_>, ty: &RustType, value: &Value, sparse: bool) -> Result<TokenStream> {
    if !sparse {
        return value_expr(ctx, ty, value);
    }
    if value.is_null() {
        return Ok(quote!(::std::option::Option::None));
    }
    let inner = value_expr(ctx, ty, value)?;
    Ok(quote!(::std::option::Option::Some(#inner)))
}

/// Epoch seconds (a JSON number, possibly fractional) as whole seconds and nanoseconds,
/// read from the number's text so that no precision is lost.
fn epoch(value: &Value) -> Option<(i64, u32)> {
    let Value::Number(n) = value else {
        return None;
    };
    let text = n.to_string();
    if text.contains(['e', 'E']) {
        let v = n.as_f64()?;
        let secs = v.floor();
        return Some((secs as i64, ((v - secs) * 1e9).round() as u32));
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let secs: i64 = whole.parse().ok()?;
    let digits: String = fraction
        .chars()
        .chain(std::iter::repeat('0'))
        .take(9)
        .collect();
    let nanos: u32 = digits.parse().ok()?;
    if nanos > 0 && whole.starts_with('-') {
        Some((secs - 1, 1_000_000_000 - nanos))
    } else {
        Some((secs, nanos))
    }
}

/// A value for a required input member a response case leaves unset: the request is not what
/// the case checks, but it must be valid enough to be sent.
fn placeholder(ctx: &Ctx<'_>, ty: &RustType) -> Result<TokenStream> {
    let deps = quote!(::aws_client_runtime::deps);
    Ok(match ty {
        RustType::String => quote!(::std::string::String::from("placeholder")),
        RustType::Timestamp(_) => quote!(#deps::smithy_types_runtime::DateTime::from_secs(0)),
        RustType::Named { module, name } => {
            let def = ctx
                .def(*module, name)
                .ok_or_else(|| Error::msg(format!("internal error: no type `{name}`")))?;
            let path = ctx.path(def);
            match &def.kind {
                TypeKind::Enum(e) => match e.variants.first() {
                    Some(v) => {
                        let value = &v.value;
                        quote!(<#path as ::std::convert::From<&str>>::from(#value))
                    }
                    None => quote!(<#path as ::std::default::Default>::default()),
                },
                TypeKind::Union(u) => match u.variants.first() {
                    Some(v) => {
                        let vname = ident(&v.name);
                        match &v.ty {
                            None => quote!(#path::#vname),
                            Some(ty) => {
                                let mut inner = placeholder(ctx, ty)?;
                                if v.boxed {
                                    inner = quote!(::std::boxed::Box::new(#inner));
                                }
                                quote!(#path::#vname(#inner))
                            }
                        }
                    }
                    None => quote!(<#path as ::std::default::Default>::default()),
                },
                _ => quote!(<#path as ::std::default::Default>::default()),
            }
        }
        other => {
            let ty = client_rust_type(other, &ctx.types);
            quote!(<#ty as ::std::default::Default>::default())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_must_be_strings() {
        let case = serde_json::json!({ "headers": { "x-a": "1", "x-b": 2 } });
        let error = header_pairs(&case).unwrap_err().to_string();
        assert!(
            error.contains("the value of header `x-b` is not a string: 2"),
            "{error}"
        );
        let case = serde_json::json!({ "headers": { "x-a": "1" } });
        assert_eq!(
            header_pairs(&case).unwrap().to_string(),
            quote!(&[("x-a", "1")]).to_string()
        );
        assert_eq!(
            header_pairs(&serde_json::json!({})).unwrap().to_string(),
            quote!(&[]).to_string()
        );
    }

    #[test]
    fn cases_of_other_protocols_and_of_servers_are_excluded() {
        let query = "aws.protocols#awsQuery";
        let case = serde_json::json!({ "protocol": query });
        assert_eq!(exclusion(&case, query), None);
        let server = serde_json::json!({ "protocol": query, "appliesTo": "server" });
        assert_eq!(
            exclusion(&server, query).as_deref(),
            Some("appliesTo: server")
        );
        let json = "aws.protocols#awsJson1_0";
        let case = serde_json::json!({ "protocol": json });
        assert_eq!(exclusion(&case, json), None);
        assert_eq!(
            exclusion(&case, query).as_deref(),
            Some("protocol aws.protocols#awsJson1_0")
        );
        let missing = serde_json::json!({});
        assert_eq!(exclusion(&missing, query).as_deref(), Some("no protocol"));
    }

    #[test]
    fn status_codes_must_be_http_status_codes() {
        for bad in [
            serde_json::json!({}),
            serde_json::json!({ "code": 0 }),
            serde_json::json!({ "code": 99 }),
            serde_json::json!({ "code": 1000 }),
            serde_json::json!({ "code": 70000 }),
            serde_json::json!({ "code": "200" }),
        ] {
            assert!(status_code(&bad).is_err(), "{bad} accepted");
        }
        assert_eq!(
            status_code(&serde_json::json!({ "code": 418 })).unwrap(),
            418
        );
    }
}
