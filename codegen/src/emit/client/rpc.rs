//! The request serializer of one operation under an RPC protocol: awsJson1_0 and awsJson1_1
//! send `POST /` with `X-Amz-Target: {service}.{operation}` and every input member in a JSON
//! body keyed by member name (`{}` for an empty input); HTTP binding traits do not apply, the
//! host prefix does.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Ctx;
use crate::ir::{Field, Operation, RustType, Struct};
use crate::protocol::AwsJson;
use crate::{Error, Result};

pub(super) fn aws_json_serializer(
    ctx: &Ctx<'_>,
    protocol: &AwsJson,
    op: &Operation,
    input: &Struct,
    fn_name: &Ident,
    input_path: &TokenStream,
) -> Result<TokenStream> {
    if let Some(stream) = input.fields.iter().find(|f| f.ty == RustType::Stream) {
        return Err(Error::member(
            &op.input_shape,
            &stream.member,
            format!(
                "a `@streaming` member needs HTTP bindings; `{}` has none",
                protocol.trait_id()
            ),
        ));
    }
    let target = protocol.target(&op.name);
    if !target
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
    {
        return Err(Error::shape(
            &op.shape_id,
            format!("`X-Amz-Target: {target}` is not a valid header value"),
        ));
    }
    let members: Vec<&Field> = input.fields.iter().collect();
    let object = super::json::request_object(ctx, &members);
    let host_prefix = super::pattern::host_prefix(op, input)?;
    let endpoint_params = super::endpoint_params::expr(ctx, op, input)?;
    let content_type = protocol.content_type();
    let header = |name: &str, value: &str| {
        quote! {
            (
                ::aws_client_runtime::deps::http::HeaderName::from_static(#name),
                ::aws_client_runtime::deps::http::HeaderValue::from_static(#value),
            )
        }
    };
    let mut headers = vec![
        header("content-type", content_type),
        header("x-amz-target", &target),
    ];
    if protocol.query_compatible {
        // Tells the service to answer in its awsQuery error codes too.
        headers.push(header("x-amzn-query-mode", "true"));
    }
    let input_param = if input.fields.is_empty() {
        quote!(_input: &#input_path)
    } else {
        quote!(input: &#input_path)
    };
    Ok(quote! {
        fn #fn_name(#input_param) -> ::std::result::Result<::aws_client_runtime::HttpRequest, ::aws_client_runtime::wire::SerializeError> {
            #object
            ::std::result::Result::Ok(::aws_client_runtime::HttpRequest {
                method: ::aws_client_runtime::deps::http::Method::POST,
                path_and_query: ::std::string::String::from("/"),
                host_prefix: #host_prefix,
                headers: ::std::vec![#(#headers),*],
                body,
                stream: ::std::option::Option::None,
                endpoint_params: #endpoint_params,
            })
        }
    })
}
