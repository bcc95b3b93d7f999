//! Error dispatch: an operation's error parser matches the code the runtime read (see
//! `aws_client_runtime::protocol`) against the codes its modeled errors go by under the
//! protocol, and reads the matching error structure; anything else is unhandled.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Ctx, ident, response};
use crate::ir::{Operation, TypeKind};
use crate::{Error, Result};

/// Readers for every modeled error structure of the selected operations (each once).
pub(super) fn error_readers(ctx: &Ctx<'_>) -> Result<TokenStream> {
    let mut names: Vec<&str> = ctx
        .ir
        .operations
        .iter()
        .flat_map(|o| o.errors.iter().map(|e| e.type_name.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut out = TokenStream::new();
    for name in names {
        let def = ctx
            .named(crate::ir::Module::Error, name)
            .ok_or_else(|| Error::msg(format!("internal error: no error type `{name}`")))?;
        let TypeKind::Struct(s) = &def.kind else {
            return Err(Error::shape(&def.shape_id, "an error must be a structure"));
        };
        out.extend(match ctx.protocol {
            crate::protocol::Protocol::Query(query) => super::query::error_reader(ctx, query, def),
            _ => response::reader(ctx, def, s)?,
        });
    }
    Ok(out)
}

/// The error parser of `op`: the modeled error the code names, else the unhandled variant.
pub(super) fn operation_error_parser(
    ctx: &Ctx<'_>,
    op: &Operation,
    fn_name: &Ident,
    error_path: &TokenStream,
) -> Result<TokenStream> {
    let types = &ctx.types;
    let unhandled = ident(&ctx.ir.unhandled);
    // The JSON protocols put the message under `message`, `Message` or `errorMessage`; the
    // runtime found it wherever it was, so a modeled error without one in its own member gets
    // it.
    let arms = op
        .errors
        .iter()
        .map(|e| {
            let def = ctx
                .named(crate::ir::Module::Error, &e.type_name)
                .ok_or_else(|| {
                    Error::msg(format!("internal error: no error type `{}`", e.type_name))
                })?;
            let reader = response::reader_name(def);
            let variant = ident(&e.variant);
            let codes = ctx.protocol.error_codes(&e.code, e.query_code.as_deref());
            let fill_message = match &e.message {
                Some((field, true)) => {
                    let field = ident(field);
                    quote! {
                        if error.#field.is_none() {
                            error.#field = metadata.message().map(::std::borrow::ToOwned::to_owned);
                        }
                    }
                }
                _ => quote!(),
            };
            let binding = if fill_message.is_empty() {
                quote!(error)
            } else {
                quote!(mut error)
            };
            Ok(quote! {
                ::std::option::Option::Some(#(#codes)|*) => #reader(response).map(|#binding| {
                    #fill_message
                    #error_path::#variant(error)
                }),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if arms.is_empty() {
        return Ok(quote! {
            /// The operation models no errors: every error response is unhandled.
            fn #fn_name(metadata: &::aws_client_runtime::ErrorMetadata, _response: &::aws_client_runtime::HttpResponse) -> #error_path {
                #error_path::#unhandled(#types::error::#unhandled {
                    code: metadata.code().map(::std::borrow::ToOwned::to_owned),
                    message: metadata.message().map(::std::borrow::ToOwned::to_owned),
                    request_id: metadata.request_id().map(::std::borrow::ToOwned::to_owned),
                })
            }
        });
    }
    let response_binding = quote!(response);
    Ok(quote! {
        /// Matches the sanitized error code against the modeled errors; a modeled error whose
        /// response does not parse, and any other code, becomes the unhandled variant.
        fn #fn_name(metadata: &::aws_client_runtime::ErrorMetadata, #response_binding: &::aws_client_runtime::HttpResponse) -> #error_path {
            let unhandled = || #error_path::#unhandled(#types::error::#unhandled {
                code: metadata.code().map(::std::borrow::ToOwned::to_owned),
                message: metadata.message().map(::std::borrow::ToOwned::to_owned),
                request_id: metadata.request_id().map(::std::borrow::ToOwned::to_owned),
            });
            let parsed: ::std::result::Result<#error_path, ::aws_client_runtime::error::BoxError> = match metadata.code() {
                #(#arms)*
                _ => return unhandled(),
            };
            parsed.unwrap_or_else(|_| unhandled())
        }
    })
}
