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

/// The body of a generated client's endpoint function: fills the rule set's parameters from
/// the built-ins a client knows (`config: &Config`, `url: Option<&str>` in scope), then
/// resolves. Parameters with other built-ins, or none, keep their defaults.
pub fn client_params(service_id: &str, rule_set: &Value) -> Result<TokenStream> {
    let rule_set = ir::parse_rule_set(service_id, rule_set)?;
    let mut statements = Vec::new();
    for param in &rule_set.params {
        let field = naming::ident(&naming::snake(&param.name));
        let value = match param.built_in.as_deref() {
            Some("AWS::Region") => Some(quote!(config.region())),
            Some("SDK::Endpoint") => Some(quote!(url)),
            Some("AWS::UseFIPS") => Some(quote!(::std::option::Option::Some(config.use_fips()))),
            Some("AWS::UseDualStack") => {
                Some(quote!(::std::option::Option::Some(config.use_dual_stack())))
            }
            _ => None,
        };
        let Some(value) = value else { continue };
        let has_bool_default = matches!(
            (param.ty, &param.default),
            (ir::ParamType::Boolean, Some(ir::Literal::Bool(_)))
        );
        statements.push(match param.ty {
            ir::ParamType::Boolean if has_bool_default => quote! {
                if let ::std::option::Option::Some(value) = #value { params.#field = value; }
            },
            ir::ParamType::Boolean => quote! {
                if let ::std::option::Option::Some(value) = #value { params.#field = ::std::option::Option::Some(value); }
            },
            ir::ParamType::String => quote! {
                if let ::std::option::Option::Some(value) = #value {
                    params.#field = ::std::option::Option::Some(::std::borrow::ToOwned::to_owned(value));
                }
            },
        });
    }
    Ok(quote! {
        let mut params = crate::endpoint::Params::default();
        #(#statements)*
        crate::endpoint::resolve(&params).map_err(|e| ::std::string::ToString::to_string(&e))
    })
}
