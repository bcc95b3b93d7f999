//! `smithy.rules#endpointTests` as data, and the integration tests made from it.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::ir::{ParamType, RuleSet};
use super::naming::snake;
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TestCase {
    pub path: String,
    pub documentation: Option<String>,
    /// Parameter name and its value, in the case's order (sorted by serde_json).
    pub params: Vec<(String, ParamValue)>,
    pub expect: Expect,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParamValue {
    Bool(bool),
    String(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expect {
    Endpoint {
        url: String,
        headers: Option<Vec<(String, Vec<String>)>>,
        properties: Option<serde_json::Map<String, Value>>,
    },
    Error(String),
}

fn err(service_id: &str, path: &str, message: impl std::fmt::Display) -> Error {
    Error::shape(service_id, format!("endpoint tests: {path}: {message}"))
}

pub(crate) fn parse(service_id: &str, tests: &Value) -> Result<Vec<TestCase>> {
    let cases = tests
        .get("testCases")
        .and_then(Value::as_array)
        .ok_or_else(|| err(service_id, "testCases", "missing array `testCases`"))?;
    cases
        .iter()
        .enumerate()
        .map(|(i, case)| parse_case(service_id, case, &format!("testCases[{i}]")))
        .collect()
}

fn parse_case(service_id: &str, case: &Value, path: &str) -> Result<TestCase> {
    let object = case
        .as_object()
        .ok_or_else(|| err(service_id, path, "not an object"))?;
    if object.contains_key("operationInputs") {
        // These drive endpoint parameters from operation inputs and context params, which
        // this generator does not model; skipping them would hide untested behaviour.
        return Err(err(
            service_id,
            path,
            "`operationInputs` test cases are not supported",
        ));
    }
    let documentation = match object.get("documentation") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(err(service_id, path, "`documentation` is not a string")),
    };
    let mut params = Vec::new();
    match object.get("params") {
        None => {}
        Some(Value::Object(map)) => {
            for (name, value) in map {
                let value = match value {
                    Value::Bool(b) => ParamValue::Bool(*b),
                    Value::String(s) => ParamValue::String(s.clone()),
                    other => {
                        return Err(err(
                            service_id,
                            &format!("{path}.params.{name}"),
                            format!("value {other} is not supported (only strings and booleans)"),
                        ));
                    }
                };
                params.push((name.clone(), value));
            }
        }
        Some(_) => return Err(err(service_id, path, "`params` is not an object")),
    }
    let expect = object
        .get("expect")
        .and_then(Value::as_object)
        .ok_or_else(|| err(service_id, path, "missing object `expect`"))?;
    let expect_path = format!("{path}.expect");
    let expect = match (expect.get("endpoint"), expect.get("error")) {
        (Some(endpoint), None) => parse_endpoint(service_id, endpoint, &expect_path)?,
        (None, Some(Value::String(message))) => Expect::Error(message.clone()),
        _ => {
            return Err(err(
                service_id,
                &expect_path,
                "must hold exactly one of `endpoint` (an object) or `error` (a string)",
            ));
        }
    };
    Ok(TestCase {
        path: path.to_owned(),
        documentation,
        params,
        expect,
    })
}

fn parse_endpoint(service_id: &str, endpoint: &Value, path: &str) -> Result<Expect> {
    let path = format!("{path}.endpoint");
    let url = endpoint
        .get("url")
        .and_then(Value::as_str)
        .ok_or_else(|| err(service_id, &path, "missing string `url`"))?
        .to_owned();
    let headers = match endpoint.get("headers") {
        None => None,
        Some(Value::Object(map)) => {
            let mut headers = Vec::new();
            for (name, values) in map {
                let values = values
                    .as_array()
                    .and_then(|values| {
                        values
                            .iter()
                            .map(|v| v.as_str().map(str::to_owned))
                            .collect::<Option<Vec<_>>>()
                    })
                    .ok_or_else(|| {
                        err(
                            service_id,
                            &format!("{path}.headers.{name}"),
                            "not an array of strings",
                        )
                    })?;
                headers.push((name.clone(), values));
            }
            Some(headers)
        }
        Some(_) => return Err(err(service_id, &path, "`headers` is not an object")),
    };
    let properties = match endpoint.get("properties") {
        None => None,
        Some(Value::Object(map)) => Some(map.clone()),
        Some(_) => return Err(err(service_id, &path, "`properties` is not an object")),
    };
    Ok(Expect::Endpoint {
        url,
        headers,
        properties,
    })
}

/// Checks that every case sets only rule-set parameters, each with a value of its type.
pub(crate) fn check_against(
    service_id: &str,
    rule_set: &RuleSet,
    cases: &[TestCase],
) -> Result<()> {
    for case in cases {
        for (name, value) in &case.params {
            let path = format!("{}.params.{name}", case.path);
            let Some(param) = rule_set.params.iter().find(|p| p.name == *name) else {
                return Err(err(
                    service_id,
                    &path,
                    format!("`{name}` is not a rule-set parameter"),
                ));
            };
            let matches = matches!(
                (param.ty, value),
                (ParamType::Boolean, ParamValue::Bool(_))
                    | (ParamType::String, ParamValue::String(_))
            );
            if !matches {
                return Err(err(
                    service_id,
                    &path,
                    format!("value does not match the type of parameter `{name}`"),
                ));
            }
        }
    }
    Ok(())
}

/// Test function names: the documentation in snake_case, numbered on collision.
pub(crate) fn test_names(cases: &[TestCase]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let base = match &case.documentation {
                Some(doc) if !snake(doc).trim_matches('_').is_empty() => {
                    let name = snake(doc);
                    if name.starts_with('_') {
                        format!("case{name}")
                    } else {
                        name
                    }
                }
                _ => format!("case_{i}"),
            };
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            name
        })
        .collect()
}

pub(crate) fn emit(service_id: &str, cases: &[TestCase], crate_path: &TokenStream) -> TokenStream {
    let names = test_names(cases);
    let tests = cases.iter().zip(names).map(|(case, name)| {
        let name = format_ident!("{}", name);
        let doc = format!(
            " {}",
            case.documentation.as_deref().unwrap_or("An endpoint rule test case.")
        );
        let setters = case.params.iter().map(|(param, value)| {
            let setter = format_ident!("with_{}", snake(param).trim_end_matches('_'));
            match value {
                ParamValue::Bool(b) => quote!(.#setter(#b)),
                ParamValue::String(s) => quote!(.#setter(#s)),
            }
        });
        let params = quote! {
            let params = #crate_path::endpoint::Params::default() #(#setters)*;
        };
        let check = match &case.expect {
            Expect::Endpoint { url, headers, properties } => {
                let headers = headers.as_ref().map(|headers| {
                    let entries = headers.iter().map(|(name, values)| {
                        quote!((::std::string::String::from(#name),
                                ::std::vec![#(::std::string::String::from(#values)),*]))
                    });
                    quote! {
                        let expected: ::std::collections::BTreeMap<
                            ::std::string::String,
                            ::std::vec::Vec<::std::string::String>,
                        > = ::std::collections::BTreeMap::from([#(#entries),*]);
                        assert_eq!(endpoint.headers, expected);
                    }
                });
                let properties = properties.as_ref().map(|properties| {
                    let json = Value::Object(properties.clone()).to_string();
                    quote! {
                        let expected: ::std::collections::BTreeMap<::std::string::String, ::aws_client_runtime::deps::serde_json::Value> =
                            ::aws_client_runtime::deps::serde_json::from_str(#json).expect("the expected properties are JSON");
                        assert_eq!(endpoint.properties, expected);
                    }
                });
                quote! {
                    let endpoint = #crate_path::endpoint::resolve(&params)
                        .expect("the rules resolve an endpoint");
                    assert_eq!(endpoint.url, #url);
                    #headers
                    #properties
                }
            }
            Expect::Error(message) => quote! {
                let error = #crate_path::endpoint::resolve(&params)
                    .expect_err("the rules fail to resolve");
                assert_eq!(error.message(), #message);
            },
        };
        quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                #params
                #check
            }
        }
    });
    let doc = format!(
        " The `smithy.rules#endpointTests` cases of `{service_id}`, run against the generated resolver."
    );
    quote! {
        #![doc = #doc]
        #(#tests)*
    }
}
