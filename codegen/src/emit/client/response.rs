//! Response readers: an operation's output, and its modeled errors, read from the status,
//! the headers and the body (JSON members through `json`, restXml's XML members through
//! `xml_de`, or an `httpPayload`). Under RPC protocols every member is a body member.
//!
//! Members the model requires but the response lacks read as their zero value (client error
//! correction); the public serde of the types stays strict.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::values::{self, named_kind};
use super::{Ctx, ident};
use crate::ir::{Field, HttpBinding, Operation, Presence, RustType, Struct, TypeDef, TypeKind};
use crate::{Error, Result};

/// Whether a member of a response is read from the JSON body. Labels and query strings do
/// not exist in responses, so members bound to them are body members there.
fn in_body(ctx: &Ctx<'_>, field: &Field) -> bool {
    matches!(
        ctx.binding(field),
        HttpBinding::Body | HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams
    )
}

/// Whether a member reads from the body exactly as the types' serde form reads it: keyed as on
/// the wire, and absent or `null` meaning the same (an optional member, or a defaulted one
/// whose default is the zero value and which needs no `with` helper). A required member is
/// excluded: the types' serde refuses its absence, the response reader reads it as zero.
fn reads_as_itself(ctx: &Ctx<'_>, field: &Field) -> bool {
    let serde_key = crate::protocol::serde_key(
        ctx.ir.service.serde_json_name,
        &field.member,
        field.json_name.as_deref(),
    );
    if ctx.protocol.xml_bodies() {
        return false;
    }
    let presence = match &field.presence {
        Presence::Optional => true,
        Presence::Default(v) => {
            super::super::types::is_zero_default(&field.ty, v) && field.ty.serde_with().is_none()
        }
        Presence::Required => false,
    };
    in_body(ctx, field)
        && field.ty != RustType::Stream
        && ctx.json_key(field) == serde_key
        && presence
}

/// The name of the function that reads structure `def` from a response.
pub(super) fn reader_name(def: &TypeDef) -> Ident {
    ident(&format!(
        "read_{}_{}",
        def.module.name(),
        heck::ToSnakeCase::to_snake_case(def.name.as_str())
    ))
}

/// `fn read_x(response) -> Result<X, BoxError>` for structure `def`.
pub(super) fn reader(ctx: &Ctx<'_>, def: &TypeDef, s: &Struct) -> Result<TokenStream> {
    let owner = &def.shape_id;
    let path = ctx.path(def);
    let fn_name = reader_name(def);
    let rt = quote!(::aws_client_runtime);
    let w = quote!(#rt::wire);
    // A streaming payload is taken from the response as it arrives.
    let streams = s.fields.iter().any(|f| f.ty == RustType::Stream);

    let body_fields: Vec<&Field> = s.fields.iter().filter(|f| in_body(ctx, f)).collect();
    let has_payload = s
        .fields
        .iter()
        .any(|f| *ctx.binding(f) == HttpBinding::Payload);
    let doc = super::doc(&format!(
        "Reads [`{}`] from a response (missing required members read as zero values).",
        def.name
    ));
    // Every member in the body, read as the types read it: the structure's own
    // `Deserialize`, rather than a private copy of it (half the deserialization code).
    if !s.fields.is_empty() && s.fields.iter().all(|f| reads_as_itself(ctx, f)) {
        let read = super::json::response_as_itself(ctx, &body_fields, &path);
        return Ok(quote! {
            #doc
            fn #fn_name(response: &#rt::HttpResponse) -> ::std::result::Result<#path, #rt::error::BoxError> {
                #read
            }
        });
    }
    let body_struct = if body_fields.is_empty() || has_payload {
        quote!()
    } else if ctx.protocol.xml_bodies() {
        let unwrapped = def.module == crate::ir::Module::Operation
            && ctx
                .ir
                .operations
                .iter()
                .any(|op| op.unwrapped_xml_output && op.output == def.name);
        let decoder = if unwrapped {
            super::xml_de::unwrapped_body_decoder(ctx, owner, &body_fields)?
        } else {
            super::xml_de::body_decoder(ctx, owner, &body_fields)?
        };
        // An error's members are in its `Error` element, an output's in the root.
        let read = if def.module == crate::ir::Module::Error {
            quote!(#w::xml::rest_xml_error)
        } else {
            quote!(#w::xml::rest_xml_body)
        };
        quote! {
            #decoder
            let body = #read(response.body(), decode_body)?;
        }
    } else {
        super::json::response_body(ctx, &body_fields)
    };

    let mut values = Vec::new();
    for field in &s.fields {
        let name = ident(&field.name);
        // An expression of type `Option<T>`.
        let read = match ctx.binding(field) {
            _ if in_body(ctx, field) => {
                if has_payload {
                    return Err(Error::member(
                        owner,
                        &field.member,
                        "a body member beside an `httpPayload` member",
                    ));
                }
                quote!(body.#name)
            }
            HttpBinding::Header(header) => header_value(ctx, owner, field, header)?,
            HttpBinding::PrefixHeaders(prefix) => {
                let wrap = match &field.ty {
                    RustType::Map { sparse: true, .. } => {
                        quote!(.into_iter().map(|(k, v)| (k, ::std::option::Option::Some(v))).collect())
                    }
                    RustType::Map { value, .. } if **value == RustType::String => quote!(),
                    _ => {
                        return Err(Error::member(
                            owner,
                            &field.member,
                            "`httpPrefixHeaders` needs a map of strings",
                        ));
                    }
                };
                // Every response has headers: none with the prefix is an empty map, not an
                // absent one (the restXml compliance tests say so).
                quote! {
                    ::std::option::Option::Some(#w::binding::prefix_headers(response.headers(), #prefix)? #wrap)
                }
            }
            HttpBinding::ResponseCode => {
                quote!(::std::option::Option::Some(::std::convert::From::from(
                    response.status().as_u16()
                )))
            }
            HttpBinding::Payload => payload(ctx, owner, field)?,
            other => {
                return Err(Error::member(
                    owner,
                    &field.member,
                    format!("binding {other:?} cannot be read from a response"),
                ));
            }
        };
        let value = match &field.presence {
            // The status is always there: no `Option` to unwrap.
            _ if *ctx.binding(field) == HttpBinding::ResponseCode
                && field.presence != Presence::Optional =>
            {
                quote!(::std::convert::From::from(response.status().as_u16()))
            }
            // So is the stream (possibly empty).
            _ if field.ty == RustType::Stream && field.presence != Presence::Optional => {
                quote!(stream)
            }
            _ => values::member_value(ctx, field, read),
        };
        values.push(quote!(#name: #value,));
    }
    if streams {
        return Ok(quote! {
            #doc
            fn #fn_name(mut response: #rt::http::StreamingResponse) -> ::std::result::Result<#path, #rt::error::BoxError> {
                let stream = ::std::mem::take(&mut response.body);
                ::std::result::Result::Ok(#path { #(#values)* })
            }
        });
    }
    let response_binding = if s.fields.is_empty() {
        quote!(_response)
    } else {
        quote!(response)
    };
    Ok(quote! {
        #doc
        fn #fn_name(#response_binding: &#rt::HttpResponse) -> ::std::result::Result<#path, #rt::error::BoxError> {
            #body_struct
            ::std::result::Result::Ok(#path { #(#values)* })
        }
    })
}

/// An `Option<T>` expression reading header `header` for `field`.
fn header_value(ctx: &Ctx<'_>, owner: &str, field: &Field, header: &str) -> Result<TokenStream> {
    let w = quote!(::aws_client_runtime::wire);
    Ok(match &field.ty {
        RustType::List { item, sparse } => {
            let parse =
                values::from_header(ctx, owner, field, item, header, quote!(text.as_str()))?;
            let parse = if *sparse {
                quote!(::std::option::Option::Some(#parse))
            } else {
                parse
            };
            let dates = values::is_http_date_list(field, item);
            quote! {
                match #w::binding::header_values(response.headers(), #header, #dates)? {
                    ::std::option::Option::Some(items) => {
                        let mut list = ::std::vec::Vec::with_capacity(items.len());
                        for text in &items {
                            list.push(#parse);
                        }
                        ::std::option::Option::Some(list)
                    }
                    ::std::option::Option::None => ::std::option::Option::None,
                }
            }
        }
        ty => {
            let parse = values::from_header(ctx, owner, field, ty, header, quote!(text))?;
            // A lenient member's unparsable value is an absent one: the fallible parse
            // (`parse(..)?`) without its `?`, made an `Option`.
            let parse = match without_question_mark(&parse) {
                Some(fallible) if field.lenient => quote!(#fallible.ok()),
                _ => quote!(::std::option::Option::Some(#parse)),
            };
            quote! {
                match #w::binding::header_text(response.headers(), #header)? {
                    ::std::option::Option::Some(text) => #parse,
                    ::std::option::Option::None => ::std::option::Option::None,
                }
            }
        }
    })
}

/// An `Option<T>` expression reading the payload member `field` from the body.
fn payload(ctx: &Ctx<'_>, owner: &str, field: &Field) -> Result<TokenStream> {
    let w = quote!(::aws_client_runtime::wire);
    let ty = ctx.ty(&field.ty);
    Ok(match (&field.ty, named_kind(ctx, &field.ty)) {
        // Taken by the reader before it reads anything else.
        (RustType::Stream, _) => quote!(::std::option::Option::Some(stream)),
        (RustType::Blob, _) => quote! {
            if response.body().is_empty() {
                ::std::option::Option::None
            } else {
                ::std::option::Option::Some(response.body().to_vec())
            }
        },
        (RustType::String, _) => quote!(#w::binding::text_payload(response.body())?),
        (_, Some(TypeKind::Enum(_))) => {
            quote!(#w::binding::text_payload(response.body())?.map(|text| <#ty as ::std::convert::From<&str>>::from(text.as_str())))
        }
        (RustType::Named { module, name }, Some(TypeKind::Struct(_) | TypeKind::Union(_)))
            if ctx.protocol.xml_bodies() =>
        {
            let decode = super::xml_de::decoder_name(*module, name);
            quote!(#w::xml::rest_xml_payload(response.body(), #decode)?)
        }
        (RustType::Document, _) if ctx.protocol.xml_bodies() => {
            return Err(Error::member(
                owner,
                &field.member,
                "a document payload cannot be read from XML (XML has no binding for it)",
            ));
        }
        (RustType::Named { module, name }, Some(TypeKind::Struct(_)))
            if ctx.needed.contains(&(*module, name.clone())) =>
        {
            let correct = super::correct::corrector_name(*module, name);
            quote!(#w::json::json_payload_corrected::<#ty>(response.body(), #correct)?)
        }
        (RustType::Document, _) | (_, Some(TypeKind::Struct(_) | TypeKind::Union(_))) => {
            quote!(#w::json::json_payload::<#ty>(response.body())?)
        }
        _ => {
            return Err(Error::member(
                owner,
                &field.member,
                "an `httpPayload` must target a blob, string, enum, structure, union or document",
            ));
        }
    })
}

/// Every structure a response is read into (outputs and modeled errors), by module and name,
/// each once.
pub(super) fn response_roots(ctx: &Ctx<'_>) -> Result<Vec<(crate::ir::Module, String)>> {
    let mut roots = std::collections::BTreeSet::new();
    for op in &ctx.ir.operations {
        let (def, _) = ctx.operation_struct(&op.output, &op.shape_id)?;
        roots.insert((def.module, def.name.clone()));
        for e in &op.errors {
            roots.insert((crate::ir::Module::Error, e.type_name.clone()));
        }
    }
    Ok(roots.into_iter().collect())
}

/// The structures and unions restXml responses read with the XML decoders: those the body
/// members and `httpPayload` members of outputs and modeled errors hold (the outputs and
/// errors themselves are read by `reader`, their bindings apart).
pub(super) fn xml_body_roots(ctx: &Ctx<'_>) -> Result<Vec<(crate::ir::Module, String)>> {
    let mut roots = Vec::new();
    for s in response_structs(ctx)? {
        for field in &s.fields {
            if in_body(ctx, field) || *ctx.binding(field) == HttpBinding::Payload {
                super::xml_de::visit(&field.ty, &mut roots);
            }
        }
    }
    roots.sort();
    roots.dedup();
    Ok(roots)
}

/// Every structure a response is read into: outputs and modeled errors.
pub(super) fn response_structs<'a>(ctx: &'a Ctx<'_>) -> Result<Vec<&'a Struct>> {
    let mut roots = Vec::new();
    for op in &ctx.ir.operations {
        roots.push(ctx.operation_struct(&op.output, &op.shape_id)?.1);
        for e in &op.errors {
            if let Some(TypeDef {
                kind: TypeKind::Struct(s),
                ..
            }) = ctx.named(crate::ir::Module::Error, &e.type_name)
            {
                roots.push(s);
            }
        }
    }
    Ok(roots)
}

/// The output reader of `op`, named `fn_name`.
pub(super) fn output_parser(
    ctx: &Ctx<'_>,
    op: &Operation,
    fn_name: &Ident,
    output_path: &TokenStream,
) -> Result<TokenStream> {
    let (def, s) = ctx.operation_struct(&op.output, &op.shape_id)?;
    let reader = reader(ctx, def, s)?;
    let reader_name = reader_name(def);
    if s.fields.iter().any(|f| f.ty == RustType::Stream) {
        return Ok(quote! {
            #reader

            fn #fn_name(response: ::aws_client_runtime::http::StreamingResponse) -> ::std::result::Result<#output_path, ::aws_client_runtime::error::BoxError> {
                #reader_name(response)
            }
        });
    }
    Ok(quote! {
        #reader

        fn #fn_name(response: &::aws_client_runtime::HttpResponse) -> ::std::result::Result<#output_path, ::aws_client_runtime::error::BoxError> {
            #reader_name(response)
        }
    })
}

/// `expr` without its trailing `?`, when it has one.
fn without_question_mark(expr: &TokenStream) -> Option<TokenStream> {
    let mut tokens: Vec<proc_macro2::TokenTree> = expr.clone().into_iter().collect();
    match tokens.last() {
        Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == '?' => {
            tokens.pop();
            Some(tokens.into_iter().collect())
        }
        _ => None,
    }
}
