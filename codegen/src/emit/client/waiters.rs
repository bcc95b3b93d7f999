//! Waiters from `smithy.waiters#waitable`, in aws-sdk-rust's shape:
//! `client.wait_until_x().<input members>().wait(max_wait).await`, plus `on_poll` to see every
//! intermediate answer. Matcher paths are compiled by [`crate::jmespath`]; the retry strategy
//! lives in the runtime (`aws_client_runtime::waiter`).

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::{Ctx, fluent_setters, ident};
use crate::ir::{Module, Operation, Presence, Waiter};
use crate::jmespath::{self, Compiled, Compiler, Type};
use crate::{Error, Result};

pub(super) fn emit(ctx: &Ctx<'_>) -> Result<TokenStream> {
    let mut out = TokenStream::new();
    for op in &ctx.ir.operations {
        for w in &op.waiters {
            out.extend(waiter(ctx, op, w)?);
        }
    }
    Ok(out)
}

fn waiter(ctx: &Ctx<'_>, op: &Operation, w: &Waiter) -> Result<TokenStream> {
    let types = &ctx.types;
    let (input_def, input) = ctx.operation_struct(&op.input, &op.shape_id)?;
    let (output_def, _) = ctx.operation_struct(&op.output, &op.shape_id)?;
    let input_path = ctx.path(input_def);
    let output_path = ctx.path(output_def);
    let error = ident(&op.error);
    let error_path = quote!(#types::operation::#error);
    let fluent = ident(&op.fluent_builder);
    let op_fn = ident(&op.fn_name);
    let builder = ident(&w.builder);
    let method = ident(&format!("wait_until_{}", w.fn_name));
    let acceptor_fn = ident(&format!("{}_acceptors", w.fn_name));
    let fail = |what: String| {
        Error::shape(
            &op.shape_id,
            format!("waiter `{}` of `{}`: {what}", w.name, op.name),
        )
    };

    let mut uses_input = false;
    let mut checks = Vec::new();
    for (i, acceptor) in w.acceptors.iter().enumerate() {
        let state = match acceptor["state"].as_str() {
            Some("success") => quote!(Success),
            Some("failure") => quote!(Failure),
            Some("retry") => quote!(Retry),
            _ => {
                return Err(fail(format!(
                    "acceptor {i}: `state` must be success, failure or retry"
                )));
            }
        };
        let ret = quote!(return ::std::option::Option::Some(::aws_client_runtime::waiter::AcceptorState::#state));
        let matcher = acceptor["matcher"]
            .as_object()
            .filter(|m| m.len() == 1)
            .ok_or_else(|| fail(format!("acceptor {i}: `matcher` must have one member")))?;
        let (kind, m) = matcher.iter().next().expect("one member");
        let check = match kind.as_str() {
            "success" => match m.as_bool() {
                Some(true) => quote!(if result.is_ok() { #ret; }),
                Some(false) => quote!(if result.is_err() { #ret; }),
                None => return Err(fail(format!("acceptor {i}: `success` must be a boolean"))),
            },
            "errorType" => {
                let code = m
                    .as_str()
                    .ok_or_else(|| fail(format!("acceptor {i}: `errorType` must be a string")))?;
                // A shape id or a bare name; the service sends the bare name.
                let code = code.rsplit('#').next().unwrap_or(code);
                quote! {
                    if let ::std::result::Result::Err(e) = result
                        && e.code() == ::std::option::Option::Some(#code)
                    {
                        #ret;
                    }
                }
            }
            "output" | "inputOutput" => {
                let root = if kind == "output" {
                    Compiled {
                        tokens: quote!(output),
                        present: true,
                        ty: Type::Struct(Module::Operation, op.output.clone()),
                    }
                } else {
                    uses_input = true;
                    Compiled {
                        tokens: quote!(),
                        present: true,
                        ty: Type::InputOutput(op.input.clone(), op.output.clone()),
                    }
                };
                let cond = path_matcher(ctx, m, &root)
                    .map_err(|e| fail(format!("acceptor {i} ({kind}): {e}")))?;
                quote! {
                    if let ::std::result::Result::Ok(output) = result && #cond {
                        #ret;
                    }
                }
            }
            other => {
                return Err(fail(format!(
                    "acceptor {i}: the matcher `{other}` is not supported (output, inputOutput, success, errorType)"
                )));
            }
        };
        checks.push(check);
    }
    let input_param = if uses_input {
        quote!(input)
    } else {
        quote!(_input)
    };

    let fallible = input
        .fields
        .iter()
        .any(|f| f.presence == Presence::Required);
    let build = if fallible {
        quote!(match self.operation.as_input().clone().build() {
            ::std::result::Result::Ok(input) => input,
            ::std::result::Result::Err(e) => {
                return ::std::result::Result::Err(
                    ::aws_client_runtime::waiter::WaiterError::ConstructionFailure(
                        ::aws_client_runtime::SdkError::construction_failure(e),
                    ),
                );
            }
        })
    } else {
        quote!(self.operation.as_input().clone().build())
    };
    // The operation's fluent builder's setters, delegating to it.
    let setters = input
        .fields
        .iter()
        .map(|f| fluent_setters(ctx, f, &quote!(operation)));
    let (min, max) = (w.min_delay, w.max_delay);
    let mut docs = w.docs.clone();
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(format!(
        "Polls `{}` (at first every {min} s, backing off to {max} s, with jitter) until the waiter's acceptors match; set the input's members on the returned [`{}`], then `wait(max_wait).await` it.",
        op.name, w.builder
    ));
    let method_docs = super::doc_attrs(&docs);
    let builder_doc = super::doc(&format!(
        "The `{}` waiter: set `{}`'s input members, optionally [`on_poll`](Self::on_poll), then [`wait`](Self::wait).",
        w.name, op.name
    ));
    let min_doc = super::doc_attrs(&[format!(
        "Overrides the shortest wait between polls (the model's `minDelay`, {min} s), which is also the room kept for the last poll before `max_wait` runs out."
    )]);
    let max_doc = super::doc_attrs(&[format!(
        "Overrides the longest wait between polls (the model's `maxDelay`, {max} s). A minimum above the maximum makes `wait` fail with `InvalidConfiguration`."
    )]);
    Ok(quote! {
        impl crate::Client {
            #method_docs
            pub fn #method(&self) -> #builder {
                #builder {
                    operation: self.#op_fn(),
                    on_poll: ::std::option::Option::None,
                    delays: ::aws_client_runtime::waiter::Delays {
                        min: ::std::time::Duration::from_secs(#min),
                        max: ::std::time::Duration::from_secs(#max),
                    },
                }
            }
        }

        #builder_doc
        #[must_use = "a waiter does nothing until `wait(max_wait).await`"]
        pub struct #builder {
            operation: crate::operations::#fluent,
            on_poll: ::std::option::Option<::aws_client_runtime::waiter::OnPoll<#output_path, #error_path>>,
            delays: ::aws_client_runtime::waiter::Delays,
        }

        impl ::std::fmt::Debug for #builder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(::std::stringify!(#builder))
                    .field("operation", &self.operation)
                    .field("on_poll", &self.on_poll.is_some())
                    .field("delays", &self.delays)
                    .finish()
            }
        }

        impl #builder {
            #(#setters)*

            /// Calls `f` after every poll with the answer, what the acceptors made of it and
            /// the wait before the next poll: a caller can show progress.
            pub fn on_poll(mut self, f: impl ::std::ops::FnMut(&::aws_client_runtime::waiter::Poll<'_, #output_path, #error_path>) + ::std::marker::Send + 'static) -> Self {
                self.on_poll = ::std::option::Option::Some(::std::boxed::Box::new(f));
                self
            }

            #min_doc
            pub fn min_delay(mut self, min_delay: ::std::time::Duration) -> Self {
                self.delays.min = min_delay;
                self
            }

            #max_doc
            pub fn max_delay(mut self, max_delay: ::std::time::Duration) -> Self {
                self.delays.max = max_delay;
                self
            }

            /// Polls until an acceptor matches success (the final answer) or failure (an
            /// error holding it), or `max_wait` runs out.
            pub async fn wait(self, max_wait: ::std::time::Duration) -> ::std::result::Result<
                ::aws_client_runtime::waiter::FinalPoll<#output_path, #error_path>,
                ::aws_client_runtime::waiter::WaiterError<#output_path, #error_path>,
            > {
                let input = #build;
                let operation = self.operation;
                ::aws_client_runtime::waiter::wait(
                    || ::std::clone::Clone::clone(&operation).send(),
                    |result| #acceptor_fn(&input, result),
                    self.delays,
                    max_wait,
                    self.on_poll,
                )
                .await
            }
        }

        /// The acceptors in model order; `None` when none matches.
        fn #acceptor_fn(
            #input_param: &#input_path,
            result: &::std::result::Result<#output_path, ::aws_client_runtime::SdkError<#error_path>>,
        ) -> ::std::option::Option<::aws_client_runtime::waiter::AcceptorState> {
            #(#checks)*
            ::std::option::Option::None
        }
    })
}

/// `path` + `comparator` + `expected` as a `bool` expression over `output` (and `input`).
fn path_matcher(
    ctx: &Ctx<'_>,
    m: &Value,
    root: &Compiled,
) -> std::result::Result<TokenStream, String> {
    let path = m["path"].as_str().ok_or("needs a string `path`")?;
    let expected = m["expected"].as_str().ok_or("needs a string `expected`")?;
    let comparator = m["comparator"].as_str().ok_or("needs a `comparator`")?;
    let ast = jmespath::parse(path).map_err(|e| format!("path `{path}`: {e}"))?;
    let value = Compiler::new(ctx.ir)
        .compile(&ast, root)
        .map_err(|e| format!("path `{path}`: {e}"))?;
    let v = &value.tokens;
    let wrong = |want: &str| {
        format!(
            "path `{path}` gives {:?}, but `{comparator}` needs {want}",
            value.ty
        )
    };
    Ok(match comparator {
        "stringEquals" => {
            if value.ty != Type::Str {
                return Err(wrong("a string"));
            }
            if value.present {
                quote!(#v == #expected)
            } else {
                quote!(#v == ::std::option::Option::Some(#expected))
            }
        }
        "booleanEquals" => {
            if value.ty != Type::Bool {
                return Err(wrong("a boolean"));
            }
            let b = match expected {
                "true" => true,
                "false" => false,
                _ => {
                    return Err(format!(
                        "`booleanEquals` expects `true` or `false`, not `{expected}`"
                    ));
                }
            };
            if value.present {
                quote!(#v == #b)
            } else {
                quote!(#v == ::std::option::Option::Some(#b))
            }
        }
        "allStringEquals" | "anyStringEquals" => {
            if value.ty != Type::List(Box::new(Type::Str)) {
                return Err(wrong("a list of strings"));
            }
            let test = if comparator == "allStringEquals" {
                // An empty list matches nothing.
                quote!(!list.is_empty() && list.iter().all(|s| *s == #expected))
            } else {
                quote!(list.contains(&#expected))
            };
            if value.present {
                quote!({ let list = #v; #test })
            } else {
                quote!(#v.is_some_and(|list| #test))
            }
        }
        other => return Err(format!("the comparator `{other}` is not supported")),
    })
}
