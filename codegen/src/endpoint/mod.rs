//! Compiles `smithy.rules#endpointRuleSet` into Rust, and `smithy.rules#endpointTests` into
//! integration tests.
//!
//! The rule set is parsed into a small IR ([`ir`]), type-checked while it is turned into
//! straight-line Rust ([`emit`]): one nested `if`/`if let` block per rule, in rule order. Only
//! the rules functions the rule set calls get runtime support in the generated module.

mod cases;
mod emit;
mod ir;
mod items;
mod naming;
mod partitions;

#[cfg(test)]
mod tests;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::Result;
use emit::Helper;

/// The resolver module: params struct, endpoint struct, error, resolve fn, partition table.
///
/// `service_id` names the service shape in error messages; `partitions` is partition data in
/// the `partitions.json` format, used only when the rules call `aws.partition`.
pub fn emit_resolver(
    service_id: &str,
    rule_set: &Value,
    partitions: &Value,
) -> Result<TokenStream> {
    let rule_set = ir::parse_rule_set(service_id, rule_set)?;
    let resolver = emit::compile(service_id, &rule_set)?;
    let module_doc = format!(
        " Endpoint resolution for `{service_id}`, compiled from its `smithy.rules#endpointRuleSet`."
    );
    let params = items::params(service_id, &rule_set.params);
    let endpoint_and_error = items::endpoint_and_error();
    let resolve = resolver.body;
    let mut helpers = TokenStream::new();
    for helper in &resolver.helpers {
        helpers.extend(match helper {
            Helper::Partition => partitions::emit(service_id, partitions)?,
            // The other rules functions live in the client runtime.
            _ => TokenStream::new(),
        });
    }
    Ok(quote! {
        #![doc = #module_doc]

        #params
        #endpoint_and_error

        /// Resolves the endpoint for `params` by evaluating the rule set's rules in order.
        ///
        /// # Errors
        ///
        /// The rule set's error message when the parameters select an error rule (for
        /// example, a missing region), or `No rules matched` when no rule applies.
        #resolve

        #helpers
    })
}

/// An integration-test file: one `#[test]` per test case, named after its documentation
/// (snake_case, deduplicated deterministically), calling `#crate_path::endpoint::resolve`.
///
/// Parameters are set through the generated `Params::with_*` setters, so a case naming a
/// parameter the rule set lacks fails to compile; call [`check_tests`] first to get that as a
/// generation error instead.
pub fn emit_tests(
    service_id: &str,
    tests: &Value,
    crate_path: &TokenStream,
) -> Result<TokenStream> {
    let cases = cases::parse(service_id, tests)?;
    Ok(cases::emit(service_id, &cases, crate_path))
}

/// Checks the test cases against the rule set: every parameter a case sets must be a rule-set
/// parameter, with a value of its type.
pub fn check_tests(service_id: &str, rule_set: &Value, tests: &Value) -> Result<()> {
    let rule_set = ir::parse_rule_set(service_id, rule_set)?;
    let cases = cases::parse(service_id, tests)?;
    cases::check_against(service_id, &rule_set, &cases)
}

/// The message of the error `resolve` returns when a rule tree runs out of rules.
pub const NO_RULES_MATCHED: &str = emit::NO_RULES_MATCHED;

/// Whether the rule set reads the credentials' account id (`AWS::Auth::AccountId`).
pub fn reads_account_id(service_id: &str, rule_set: &Value) -> Result<bool> {
    let rule_set = ir::parse_rule_set(service_id, rule_set)?;
    Ok(rule_set
        .params
        .iter()
        .any(|p| p.built_in.as_deref() == Some("AWS::Auth::AccountId")))
}

/// The body of a generated client's endpoint function (`inputs:
/// &aws_client_runtime::endpoint::Inputs` in scope): fills the rule set's parameters from
/// the built-ins, the client settings of `smithy.rules#clientContextParams`
/// (`client_context`), and the parameters operations set (`operation_params`, by name), then
/// resolves. A parameter with a built-in the client does not know is an error: it would
/// silently keep its default and send requests to the wrong endpoint.
pub fn client_params(
    service_id: &str,
    rule_set: &Value,
    client_context: &[String],
    operation_params: &std::collections::BTreeSet<&str>,
) -> Result<TokenStream> {
    let rule_set = ir::parse_rule_set(service_id, rule_set)?;
    let mut statements = Vec::new();
    let mut operation_arms = Vec::new();
    for param in &rule_set.params {
        let field = naming::ident(&naming::snake(&param.name));
        let name = param.name.as_str();
        let is_client_setting = client_context.iter().any(|c| c == name);
        // An expression of `Option<bool>`, `Option<&str>` or `Option<&[String]>`.
        let built_in = match param.built_in.as_deref().map(|b| (b, built_in_value(b))) {
            None => None,
            Some((_, Some(value))) => Some(value),
            // An SDK-specific built-in that is also a client setting is that setting.
            Some((_, None)) if is_client_setting => None,
            Some((built_in, None)) => {
                return Err(crate::Error::shape(
                    service_id,
                    format!(
                        "endpoint parameter `{name}` has the built-in `{built_in}`, which clients cannot fill yet (supported: {})",
                        SUPPORTED_BUILT_INS.join(", ")
                    ),
                ));
            }
        };
        // A client setting set on the client wins over the configuration's built-in.
        let client_setting = is_client_setting.then(|| {
            let read = quote!(config.client_context_param(#name));
            match param.ty {
                ir::ParamType::Boolean => {
                    quote!(#read.and_then(::aws_client_runtime::endpoint::ParamValue::as_bool))
                }
                ir::ParamType::String => {
                    quote!(#read.and_then(::aws_client_runtime::endpoint::ParamValue::as_string))
                }
                ir::ParamType::StringArray => quote!(#read.and_then(
                    ::aws_client_runtime::endpoint::ParamValue::as_string_array
                )),
            }
        });
        // The operation's value (static, context or operation context parameter) wins over
        // the client's: its arm runs after the statements.
        if operation_params.contains(name) {
            let assign = assign(param, &field, quote!(value));
            let read = match param.ty {
                ir::ParamType::Boolean => quote!(value.as_bool()),
                ir::ParamType::String => quote!(value.as_string()),
                ir::ParamType::StringArray => quote!(value.as_string_array()),
            };
            operation_arms.push(quote! {
                #name => {
                    if let ::std::option::Option::Some(value) = #read {
                        #assign
                    }
                }
            });
        }
        let value = match (client_setting, built_in) {
            (Some(setting), Some(built_in)) => quote!(#setting.or(#built_in)),
            (Some(value), None) | (None, Some(value)) => value,
            // Nothing else sets it: the rules see its default (or nothing).
            (None, None) => continue,
        };
        let assign = assign(param, &field, quote!(value));
        statements.push(quote! {
            if let ::std::option::Option::Some(value) = #value {
                #assign
            }
        });
    }
    let operation = if operation_arms.is_empty() {
        quote!()
    } else {
        quote! {
            for (name, value) in inputs.operation {
                match *name {
                    #(#operation_arms)*
                    _ => {}
                }
            }
        }
    };
    Ok(quote! {
        let config = inputs.config;
        let mut params = crate::endpoint::Params::default();
        #(#statements)*
        #operation
        crate::endpoint::resolve(&params).map_err(|e| ::std::string::ToString::to_string(&e))
    })
}

/// The built-ins a generated client fills from its configuration.
const SUPPORTED_BUILT_INS: &[&str] = &[
    "AWS::Region",
    "AWS::UseFIPS",
    "AWS::UseDualStack",
    "SDK::Endpoint",
    "AWS::Auth::AccountId",
    "AWS::Auth::AccountIdEndpointMode",
    "AWS::STS::UseGlobalEndpoint",
    "AWS::S3::ForcePathStyle",
    "AWS::S3::Accelerate",
    "AWS::S3::UseArnRegion",
    "AWS::S3::DisableMultiRegionAccessPoints",
    "AWS::S3::UseGlobalEndpoint",
    "AWS::S3Control::UseArnRegion",
];

/// How a generated endpoint function reads a built-in (`config` is the client's
/// `endpoint::Settings`, `inputs` the call's `endpoint::Inputs`): an `Option` of the
/// parameter's type, or `None` for a built-in clients do not know.
fn built_in_value(built_in: &str) -> Option<TokenStream> {
    let some = |value: TokenStream| quote!(::std::option::Option::Some(#value));
    Some(match built_in {
        "AWS::Region" => quote!(config.region()),
        "SDK::Endpoint" => quote!(inputs.url),
        "AWS::UseFIPS" => some(quote!(config.use_fips())),
        "AWS::UseDualStack" => some(quote!(config.use_dual_stack())),
        "AWS::Auth::AccountId" => quote!(inputs.account_id),
        "AWS::Auth::AccountIdEndpointMode" => some(quote!(config.account_id_endpoint_mode())),
        "AWS::STS::UseGlobalEndpoint" => some(quote!(config.sts_use_global_endpoint())),
        "AWS::S3::ForcePathStyle" => quote!(config.s3_force_path_style()),
        "AWS::S3::Accelerate" => quote!(config.s3_accelerate()),
        "AWS::S3::UseArnRegion" | "AWS::S3Control::UseArnRegion" => {
            quote!(config.s3_use_arn_region())
        }
        "AWS::S3::DisableMultiRegionAccessPoints" => {
            quote!(config.s3_disable_multi_region_access_points())
        }
        "AWS::S3::UseGlobalEndpoint" => quote!(config.s3_use_global_endpoint()),
        _ => return None,
    })
}

/// `params.field = value;` for a value of the parameter's type, borrowed.
fn assign(param: &ir::Param, field: &proc_macro2::Ident, value: TokenStream) -> TokenStream {
    let has_bool_default = matches!(
        (param.ty, &param.default),
        (ir::ParamType::Boolean, Some(ir::Literal::Bool(_)))
    );
    match param.ty {
        ir::ParamType::Boolean if has_bool_default => quote!(params.#field = #value;),
        ir::ParamType::Boolean => quote!(params.#field = ::std::option::Option::Some(#value);),
        ir::ParamType::String => quote! {
            params.#field = ::std::option::Option::Some(::std::borrow::ToOwned::to_owned(#value));
        },
        ir::ParamType::StringArray => quote! {
            params.#field = ::std::option::Option::Some(#value.to_vec());
        },
    }
}

/// The type of each rule-set parameter, by name: `"string"`, `"boolean"` or `"stringArray"`.
pub fn param_types(
    service_id: &str,
    rule_set: &Value,
) -> Result<std::collections::BTreeMap<String, &'static str>> {
    let rule_set = ir::parse_rule_set(service_id, rule_set)?;
    Ok(rule_set
        .params
        .iter()
        .map(|p| {
            let ty = match p.ty {
                ir::ParamType::String => "string",
                ir::ParamType::Boolean => "boolean",
                ir::ParamType::StringArray => "stringArray",
            };
            (p.name.clone(), ty)
        })
        .collect())
}
