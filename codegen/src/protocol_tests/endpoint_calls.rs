//! Endpoint test cases with `operationInputs` (`smithy.rules#endpointTests`), run through the
//! generated client: each input's built-ins and client settings configure a client, the
//! operation is called with its `operationParams` over a recording HTTP client, and the URL
//! it was sent to (or the error it failed with, before sending) is compared with the case's
//! expectation. This tests what the resolver's own tests cannot: that the client derives the
//! rule set's parameters from the call (context parameters, static and operation context
//! parameters, the credentials' account id).

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::{Ctx, call};
use crate::emit::ident;
use crate::ir::Ir;
use crate::{Error, Result};

/// `tests/endpoint_calls.rs` for the client crate, or `None` when no case calls a generated
/// operation.
pub(crate) fn emit(
    ir: &Ir,
    header: &str,
    types_crate: &str,
    client_crate: &str,
) -> Result<Option<crate::output::GeneratedFile>> {
    let Some(tests) = &ir.service.endpoint_tests else {
        return Ok(None);
    };
    let ctx = Ctx::new(ir, types_crate, client_crate);
    let service = &ir.service.id;
    let cases = tests
        .get("testCases")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut functions = Vec::new();
    let mut names = crate::naming::Scope::default();
    for (i, case) in cases.iter().enumerate() {
        let Some(inputs) = case.get("operationInputs").and_then(Value::as_array) else {
            continue;
        };
        let expect = case.get("expect").ok_or_else(|| {
            Error::shape(
                service,
                format!("endpoint tests: testCases[{i}] has no `expect`"),
            )
        })?;
        for (j, input) in inputs.iter().enumerate() {
            let path = format!("endpoint tests: testCases[{i}].operationInputs[{j}]");
            let Some(op_name) = input.get("operationName").and_then(Value::as_str) else {
                return Err(Error::shape(service, format!("{path}: no `operationName`")));
            };
            // Cases of operations this client was not generated with do not apply to it.
            let Some(op) = ir.operations.iter().find(|o| o.name == op_name) else {
                continue;
            };
            let body = case_body(&ctx, op, input, expect)
                .map_err(|e| Error::shape(service, format!("{path}: {e}")))?;
            let doc = case
                .get("documentation")
                .and_then(Value::as_str)
                .unwrap_or("(undocumented)");
            let doc = format!(" testCases[{i}].operationInputs[{j}] ({op_name}): {doc}");
            let name = ident(&names.claim(format!(
                "case_{i}_{}",
                heck::ToSnakeCase::to_snake_case(op_name)
            )));
            functions.push(quote! {
                #[doc = #doc]
                #[tokio::test]
                async fn #name() {
                    #body
                }
            });
        }
    }
    if functions.is_empty() {
        return Ok(None);
    }
    let tokens = quote! {
        //! The endpoint test cases with `operationInputs`, run through the client: each call
        //! must go to the expected URL, or fail with the expected error before sending.
        #![allow(clippy::all, clippy::pedantic, unused_mut, unused_variables)]

        #(#functions)*
    };
    crate::output::render_source_file("tests/endpoint_calls.rs", header, tokens).map(Some)
}

/// The statements of one case: configure, call, check.
fn case_body(
    ctx: &Ctx<'_>,
    op: &crate::ir::Operation,
    input: &Value,
    expect: &Value,
) -> std::result::Result<TokenStream, String> {
    let client = &ctx.client;
    let mut settings = Vec::new();
    let mut account_id = quote!();
    if let Some(built_ins) = input.get("builtInParams").and_then(Value::as_object) {
        for (name, value) in built_ins {
            settings.push(match (name.as_str(), value) {
                ("AWS::Region", Value::String(s)) => quote!(.region(#s)),
                ("AWS::UseFIPS", Value::Bool(b)) => quote!(.use_fips(#b)),
                ("AWS::UseDualStack", Value::Bool(b)) => quote!(.use_dual_stack(#b)),
                ("SDK::Endpoint", Value::String(s)) => quote!(.endpoint_url(#s)),
                ("AWS::Auth::AccountIdEndpointMode", Value::String(s)) => {
                    quote!(.account_id_endpoint_mode(#s))
                }
                ("AWS::STS::UseGlobalEndpoint", Value::Bool(b)) => {
                    quote!(.sts_use_global_endpoint(#b))
                }
                ("AWS::S3::ForcePathStyle", Value::Bool(b)) => quote!(.s3_force_path_style(#b)),
                ("AWS::S3::Accelerate", Value::Bool(b)) => quote!(.s3_accelerate(#b)),
                ("AWS::S3::UseArnRegion" | "AWS::S3Control::UseArnRegion", Value::Bool(b)) => {
                    quote!(.s3_use_arn_region(#b))
                }
                ("AWS::S3::DisableMultiRegionAccessPoints", Value::Bool(b)) => {
                    quote!(.s3_disable_multi_region_access_points(#b))
                }
                ("AWS::S3::UseGlobalEndpoint", Value::Bool(b)) => {
                    quote!(.s3_use_global_endpoint(#b))
                }
                ("AWS::Auth::AccountId", Value::String(s)) => {
                    account_id = quote!(.with_account_id(#s));
                    continue;
                }
                _ => return Err(format!("built-in `{name}` = {value} is not supported")),
            });
        }
    }
    if let Some(params) = input.get("clientParams").and_then(Value::as_object) {
        for (name, value) in params {
            let value = match value {
                Value::Bool(b) => quote!(::aws_client_runtime::endpoint::ParamValue::Bool(#b)),
                Value::String(s) => quote! {
                    ::aws_client_runtime::endpoint::ParamValue::String(::std::string::String::from(#s))
                },
                other => {
                    return Err(format!(
                        "client parameter `{name}` = {other} is not supported"
                    ));
                }
            };
            settings.push(quote!(.client_context_param(#name, #value)));
        }
    }
    let call = call(ctx, op, input.get("operationParams"), true).map_err(|e| e.to_string())?;
    let configure = quote! {
        let credentials = #client::Credentials::new("AKID", "SECRET", ::std::option::Option::None, ::std::option::Option::None, "test") #account_id;
        let client = #client::Client::from_conf(
            #client::Config::builder()
                .credentials(credentials)
                .http_client(::std::clone::Clone::clone(&recorder))
                .max_attempts(1)
                #(#settings)*
                .build(),
        );
    };
    let check = match (expect.get("endpoint"), expect.get("error")) {
        (Some(endpoint), _) => {
            let url = endpoint
                .get("url")
                .and_then(Value::as_str)
                .ok_or("`expect.endpoint` has no `url`")?
                .trim_end_matches('/');
            let schemes: Vec<&Value> = endpoint
                .get("properties")
                .and_then(|p| p.get("authSchemes"))
                .and_then(Value::as_array)
                .map(|s| s.iter().collect())
                .unwrap_or_default();
            fn scheme_name(scheme: &Value) -> &str {
                scheme.get("name").and_then(Value::as_str).unwrap_or("")
            }
            let sigv4 = schemes.iter().find(|s| scheme_name(s) == "sigv4");
            if sigv4.is_none() && !schemes.is_empty() {
                // Only schemes the client cannot sign with (SigV4a, S3 Express): the call
                // fails before sending, naming the resolved endpoint, the scheme and the
                // operation.
                let mut needles = vec![url.to_owned(), op.name.clone()];
                needles.extend(schemes.iter().map(|s| scheme_name(s).to_owned()));
                return Ok(quote! {
                    let recorder = ::aws_client_runtime::test_util::Recorder::new(200, &[], b"{}");
                    #configure
                    let result = #call;
                    let err = result.expect_err("the endpoint's auth scheme is not supported");
                    let text = ::std::format!("{err:?}");
                    #(assert!(text.contains(#needles), "expected {:?} in {text}", #needles);)*
                    assert!(recorder.request().is_none(), "a request was sent");
                });
            }
            // The operation's host prefix goes in front of the resolved endpoint's host.
            let url = match &op.host_prefix {
                Some(prefix) => {
                    let prefix = expand_host_prefix(prefix, input.get("operationParams"))?;
                    match url.split_once("://") {
                        Some((scheme, rest)) => format!("{scheme}://{prefix}{rest}"),
                        None => format!("{prefix}{url}"),
                    }
                }
                None => url.to_owned(),
            };
            let mut checks = vec![quote! {
                let sent = request.uri().to_string();
                let rest = sent.strip_prefix(#url).unwrap_or_else(|| panic!("sent to {sent}, expected {}", #url));
                assert!(rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'), "sent to {sent}, expected {}", #url);
            }];
            if let Some(headers) = endpoint.get("headers").and_then(Value::as_object) {
                for (name, values) in headers {
                    let values: Vec<&str> = values
                        .as_array()
                        .map(|v| v.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    checks.push(quote! {
                        let got: ::std::vec::Vec<&str> = request.headers().get_all(#name).iter().filter_map(|v| v.to_str().ok()).collect();
                        assert_eq!(got, [#(#values),*], "header {}", #name);
                    });
                }
            }
            // The SigV4 scope the endpoint's auth scheme names.
            if let Some(scheme) = sigv4 {
                for key in ["signingRegion", "signingName"] {
                    if let Some(value) = scheme.get(key).and_then(Value::as_str) {
                        let needle = format!("/{value}/");
                        checks.push(quote! {
                            let authorization = request.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
                            assert!(authorization.contains(#needle), "{} not in the credential scope of {authorization}", #needle);
                        });
                    }
                }
            }
            quote! {
                let result = #call;
                let request = recorder.request().unwrap_or_else(|| {
                    panic!("no request was sent: {}", result.err().map(|e| ::std::format!("{e:?}")).unwrap_or_default())
                });
                #(#checks)*
            }
        }
        (None, Some(error)) => {
            let message = error.as_str().ok_or("`expect.error` is not a string")?;
            quote! {
                let result = #call;
                let err = result.expect_err("the call should fail before sending");
                let text = ::std::format!("{err:?}");
                assert!(text.contains(#message), "expected {:?} in {text}", #message);
                assert!(recorder.request().is_none(), "a request was sent");
            }
        }
        (None, None) => return Err("`expect` has neither `endpoint` nor `error`".into()),
    };
    Ok(quote! {
        let recorder = ::aws_client_runtime::test_util::Recorder::new(200, &[], b"{}");
        #configure
        #check
    })
}

/// An operation's `hostPrefix` (`{RequestRoute}.`) with its labels replaced by the case's
/// operation parameters of those names.
fn expand_host_prefix(prefix: &str, params: Option<&Value>) -> std::result::Result<String, String> {
    let mut out = String::new();
    let mut rest = prefix;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .map(|i| open + i)
            .ok_or_else(|| format!("host prefix `{prefix}` has an unclosed label"))?;
        let label = &rest[open + 1..close];
        let value = params
            .and_then(|p| p.get(label))
            .and_then(Value::as_str)
            .ok_or_else(|| format!("host prefix `{prefix}`: the case sets no string `{label}`"))?;
        out.push_str(value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}
