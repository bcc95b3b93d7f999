//! The JSON body codec of the JSON protocols: a request body written member by member with
//! the types' serde (under the protocol's keys), and a response body read into a private
//! struct of `Option`s, so that a missing required member can be corrected, not rejected.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, ident};
use crate::ir::{Field, RustType};

/// Statements binding `body: Bytes` to a JSON object of `members` of `input` (those set);
/// `{}` when none is set.
pub(super) fn request_object(ctx: &Ctx<'_>, members: &[&Field]) -> TokenStream {
    let writes = members.iter().map(|f| {
        let key = ctx.json_key(f);
        let value = match with_wrapper(&f.ty) {
            Some(wrapper) => quote!(&#wrapper(v)),
            None => quote!(v),
        };
        super::when_set(f, quote!(object.field(#key, #value)?;))
    });
    let binding = if members.is_empty() {
        quote!(let object)
    } else {
        quote!(let mut object)
    };
    quote! {
        #binding = ::aws_client_runtime::wire::json::JsonObject::new();
        #(#writes)*
        let body = object.finish();
    }
}

/// Statements binding `body` to the JSON body's `fields` of `response`, each an `Option`.
pub(super) fn response_body(ctx: &Ctx<'_>, fields: &[&Field]) -> TokenStream {
    let w = quote!(::aws_client_runtime::wire);
    let members = fields.iter().map(|f| {
        let name = ident(&f.name);
        let key = ctx.json_key(f);
        let ty = ctx.ty(&f.ty);
        let with = f.ty.serde_with().map(|m| {
            let path = format!("::aws_client_runtime::deps::smithy_types_runtime::{m}");
            quote!(, with = #path)
        });
        quote! {
            #[serde(rename = #key, default #with)]
            #name: ::std::option::Option<#ty>,
        }
    });
    let corrections =
        super::correct::correct_members(ctx, fields.iter().copied(), &ctx.needed, true);
    let read = if corrections.is_empty() {
        quote!(let body: Body = #w::json::json_body(response.body())?;)
    } else {
        quote! {
            /// Client error correction of nested structures (see `json_body_corrected`).
            fn correct(value: &mut ::aws_client_runtime::deps::serde_json::Value) {
                let ::aws_client_runtime::deps::serde_json::Value::Object(object) = value else {
                    return;
                };
                #corrections
            }
            let body: Body = #w::json::json_body_corrected(response.body(), correct)?;
        }
    };
    quote! {
        #[derive(::aws_client_runtime::deps::serde::Deserialize)]
        #[serde(crate = "::aws_client_runtime::deps::serde")]
        struct Body {
            #(#members)*
        }
        #read
    }
}

/// A response body read as structure `path` itself, through the types' own serde form, for
/// structures where that form is the body's (see `response::reads_as_itself`): no second
/// deserializer is compiled for the response.
pub(super) fn response_as_itself(
    ctx: &Ctx<'_>,
    fields: &[&Field],
    path: &TokenStream,
) -> TokenStream {
    let w = quote!(::aws_client_runtime::wire);
    let corrections =
        super::correct::correct_members(ctx, fields.iter().copied(), &ctx.needed, true);
    if corrections.is_empty() {
        quote!(#w::json::json_body::<#path>(response.body()))
    } else {
        quote! {
            /// Client error correction of nested structures (see `json_body_corrected`).
            fn correct(value: &mut ::aws_client_runtime::deps::serde_json::Value) {
                let ::aws_client_runtime::deps::serde_json::Value::Object(object) = value else {
                    return;
                };
                #corrections
            }
            #w::json::json_body_corrected::<#path>(response.body(), correct)
        }
    }
}

/// The serde `with` wrapper of the client runtime for a body value of this type, if any.
fn with_wrapper(ty: &RustType) -> Option<TokenStream> {
    let w = quote!(::aws_client_runtime::wire);
    match ty.serde_with()? {
        "float" => Some(quote!(#w::json::WithFloat)),
        "blob" => Some(quote!(#w::json::WithBlob)),
        "timestamp::epoch_seconds" => Some(quote!(#w::json::WithEpochSeconds)),
        "timestamp::date_time" => Some(quote!(#w::json::WithDateTime)),
        "timestamp::http_date" => Some(quote!(#w::json::WithHttpDate)),
        _ => None,
    }
}
