//! The request serializer of one operation under HTTP bindings (restJson1, restXml): URI
//! labels, query string, headers, host prefix, and the body (the members in the protocol's
//! body codec, JSON or XML, or an `httpPayload`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Ctx;
use super::pattern::Piece;
use super::values::{self, Location};
use crate::ir::{Field, HttpBinding, Operation, Presence, RustType, Struct, TypeKind};
use crate::{Error, Result};

pub(super) fn serializer(
    ctx: &Ctx<'_>,
    op: &Operation,
    input: &Struct,
    fn_name: &Ident,
    input_path: &TokenStream,
) -> Result<TokenStream> {
    let http = op.http.as_ref().ok_or_else(|| {
        Error::shape(
            &op.shape_id,
            format!(
                "{} operations need the `smithy.api#http` trait",
                ctx.protocol.trait_id()
            ),
        )
    })?;
    let owner = &op.input_shape;
    let method = super::ident(&http.method.to_ascii_uppercase());
    let method = match http.method.to_ascii_uppercase().as_str() {
        "GET" | "PUT" | "POST" | "DELETE" | "HEAD" | "PATCH" | "OPTIONS" => {
            quote!(::aws_client_runtime::deps::http::Method::#method)
        }
        other => quote! {
            ::aws_client_runtime::deps::http::Method::from_bytes(#other.as_bytes())
                .map_err(|_| ::aws_client_runtime::wire::SerializeError::new("invalid HTTP method"))?
        },
    };
    let (path, literal_query) = match http.uri.split_once('?') {
        Some((path, query)) => (path, query),
        None => (http.uri.as_str(), ""),
    };

    // Path and labels.
    let mut path_statements = Vec::new();
    for piece in super::pattern::parse_path(&op.shape_id, path)? {
        match piece {
            Piece::Literal(text) => {
                path_statements.push(super::pattern::push_literal(quote!(path), &text))
            }
            Piece::Label { name, greedy } => {
                let field = input
                    .fields
                    .iter()
                    .find(|f| f.binding == HttpBinding::Label && f.member == name)
                    .ok_or_else(|| {
                        Error::shape(
                            &op.shape_id,
                            format!("URI label `{name}` has no `httpLabel` input member"),
                        )
                    })?;
                let value = super::required_ref(field, "label");
                let text =
                    values::to_text(ctx, owner, field, &field.ty, quote!(value), Location::Label)?;
                let member = &field.member;
                path_statements.push(quote! {
                    {
                        let value = #value;
                        path.push_str(&::aws_client_runtime::wire::binding::label(#member, &#text, #greedy)?);
                    }
                });
            }
        }
    }

    // Query string: explicit members win over `httpQueryParams` keys.
    let explicit_keys: Vec<String> = input
        .fields
        .iter()
        .filter_map(|f| match &f.binding {
            HttpBinding::Query(key) => Some(key.clone()),
            _ => None,
        })
        .chain(
            literal_query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|p| p.split('=').next().unwrap_or_default().to_owned()),
        )
        .collect();
    let mut query_statements = Vec::new();
    for field in &input.fields {
        match &field.binding {
            HttpBinding::Query(key) => {
                let push = match &field.ty {
                    RustType::List { item, sparse } => {
                        let text = values::to_text(
                            ctx,
                            owner,
                            field,
                            item,
                            quote!(item),
                            Location::Query,
                        )?;
                        if *sparse {
                            quote! {
                                for item in v.iter().flatten() {
                                    query.push(#key, &#text);
                                }
                            }
                        } else {
                            quote! {
                                for item in v {
                                    query.push(#key, &#text);
                                }
                            }
                        }
                    }
                    ty => {
                        let text =
                            values::to_text(ctx, owner, field, ty, quote!(v), Location::Query)?;
                        quote!(query.push(#key, &#text);)
                    }
                };
                query_statements.push(super::when_set(field, push));
            }
            HttpBinding::QueryParams => {
                let push_value = match &field.ty {
                    RustType::Map { value, .. } => match value.as_ref() {
                        RustType::String => quote!(query.push(key, value);),
                        RustType::List { item, .. } if **item == RustType::String => quote! {
                            for item in value {
                                query.push(key, item);
                            }
                        },
                        _ => {
                            return Err(Error::member(
                                owner,
                                &field.member,
                                "`httpQueryParams` needs a map of strings or of lists of strings",
                            ));
                        }
                    },
                    _ => {
                        return Err(Error::member(
                            owner,
                            &field.member,
                            "`httpQueryParams` needs a map",
                        ));
                    }
                };
                // Sparse maps hold `Option`s; unset values are skipped.
                let value_binding = match &field.ty {
                    RustType::Map { sparse: true, .. } => quote! {
                        let ::std::option::Option::Some(value) = value else { continue };
                    },
                    _ => quote!(),
                };
                query_statements.push(super::when_set(
                    field,
                    quote! {
                        let mut keys: ::std::vec::Vec<&::std::string::String> = v.keys().collect();
                        keys.sort();
                        for key in keys {
                            if EXPLICIT_QUERY_KEYS.contains(&key.as_str()) {
                                continue;
                            }
                            let value = &v[key];
                            #value_binding
                            #push_value
                        }
                    },
                ));
            }
            _ => {}
        }
    }
    let explicit_const = if query_statements.is_empty()
        || !input
            .fields
            .iter()
            .any(|f| f.binding == HttpBinding::QueryParams)
    {
        quote!()
    } else {
        quote! {
            /// Keys set by `httpQuery` members or the URI; `httpQueryParams` does not repeat them.
            const EXPLICIT_QUERY_KEYS: &[&str] = &[#(#explicit_keys),*];
        }
    };

    // Headers; `httpPrefixHeaders` last, so that a member bound to a header of its own wins
    // over a map entry of the same name.
    let mut header_statements = Vec::new();
    let mut prefix_statements = Vec::new();
    for field in &input.fields {
        let member = &field.member;
        match &field.binding {
            HttpBinding::Header(name) => {
                let push = match &field.ty {
                    RustType::List { item, .. } => {
                        let text = values::to_text(
                            ctx,
                            owner,
                            field,
                            item,
                            quote!(item),
                            Location::Header,
                        )?;
                        let quote_strings = matches!(item.as_ref(), RustType::String)
                            || matches!(values::named_kind(ctx, item), Some(TypeKind::Enum(_)));
                        let items = match &field.ty {
                            RustType::List { sparse: true, .. } => quote!(v.iter().flatten()),
                            _ => quote!(v.iter()),
                        };
                        quote! {
                            let mut items = ::std::vec::Vec::new();
                            for item in #items {
                                items.push(#text);
                            }
                            headers.push(#member, #name, &::aws_client_runtime::wire::binding::header_list(items.iter().map(::std::string::String::as_str), #quote_strings))?;
                        }
                    }
                    ty => {
                        let text =
                            values::to_text(ctx, owner, field, ty, quote!(v), Location::Header)?;
                        quote!(headers.push(#member, #name, &#text)?;)
                    }
                };
                header_statements.push(super::when_set(field, push));
            }
            HttpBinding::PrefixHeaders(prefix) => {
                let value = match &field.ty {
                    RustType::Map { value, sparse } if **value == RustType::String => {
                        if *sparse {
                            quote!(let ::std::option::Option::Some(value) = &v[key] else { continue };)
                        } else {
                            quote!(let value = &v[key];)
                        }
                    }
                    _ => {
                        return Err(Error::member(
                            owner,
                            &field.member,
                            "`httpPrefixHeaders` needs a map of strings",
                        ));
                    }
                };
                prefix_statements.push(super::when_set(
                    field,
                    quote! {
                        let mut keys: ::std::vec::Vec<&::std::string::String> = v.keys().collect();
                        keys.sort();
                        for key in keys {
                            #value
                            let name = ::std::format!("{}{}", #prefix, key);
                            if !headers.contains(&name) {
                                headers.push(#member, &name, value)?;
                            }
                        }
                    },
                ));
            }
            _ => {}
        }
    }

    header_statements.extend(prefix_statements);

    let host_prefix = super::pattern::host_prefix(op, input)?;
    let endpoint_params = super::endpoint_params::expr(ctx, op, input)?;

    let body = body(ctx, op, input)?;
    let uses_query = !query_statements.is_empty() || !literal_query.is_empty();
    let (query_init, query_finish) = if uses_query {
        (
            if query_statements.is_empty() {
                quote!(let query = ::aws_client_runtime::wire::binding::Query::new(#literal_query);)
            } else {
                quote!(let mut query = ::aws_client_runtime::wire::binding::Query::new(#literal_query);)
            },
            quote!(query.finish(path)),
        )
    } else {
        (quote!(), quote!(path))
    };
    let headers_mut =
        if header_statements.is_empty() && !body.sets_content_type && !op.sends_content_md5() {
            quote!(let headers)
        } else {
            quote!(let mut headers)
        };
    if op.sends_content_md5() && body.streams {
        // `Content-MD5` needs the whole body before the request is sent.
        return Err(Error::shape(
            &op.shape_id,
            "`smithy.api#httpChecksumRequired` on an operation with a streaming input is not \
             supported (Content-MD5 needs the whole body; `aws.protocols#httpChecksum` sends a \
             stream's checksum as a trailer)",
        ));
    }
    let body_statements = body.statements;
    let checksum = if op.sends_content_md5() {
        quote! {
            headers.push("Content-MD5", "Content-MD5", &::aws_client_runtime::wire::binding::content_md5(&body))?;
        }
    } else {
        quote!()
    };

    // No path of its own (S3's operations once the bucket left it): nothing is pushed.
    let path_init = if path_statements.is_empty() {
        quote!(let path = ::std::string::String::new();)
    } else {
        quote!(let mut path = ::std::string::String::new();)
    };
    let input_param = if input.fields.is_empty() {
        quote!(_input: &#input_path)
    } else if body.streams {
        // The stream moves into the request.
        quote!(input: &mut #input_path)
    } else {
        quote!(input: &#input_path)
    };
    let stream = if body.streams {
        quote!(stream)
    } else {
        quote!(stream: ::std::option::Option::None)
    };
    Ok(quote! {
        fn #fn_name(#input_param) -> ::std::result::Result<::aws_client_runtime::HttpRequest, ::aws_client_runtime::wire::SerializeError> {
            #explicit_const
            #path_init
            #(#path_statements)*
            #query_init
            #(#query_statements)*
            #headers_mut = ::aws_client_runtime::wire::binding::Headers::new();
            #(#header_statements)*
            #body_statements
            #checksum
            ::std::result::Result::Ok(::aws_client_runtime::HttpRequest {
                method: #method,
                path_and_query: #query_finish,
                host_prefix: #host_prefix,
                headers: headers.into_vec(),
                body,
                #stream,
                endpoint_params: #endpoint_params,
            })
        }
    })
}

/// Whether an operation's input has a `@streaming` payload (its serializer takes the input
/// mutably, to move the stream out).
pub(super) fn streams_input(ctx: &Ctx<'_>, input: &Struct) -> bool {
    input
        .fields
        .iter()
        .any(|f| *ctx.binding(f) == HttpBinding::Payload && f.ty == RustType::Stream)
}

struct Body {
    /// Whether statements bind `stream: Option<ByteStream>` too (a `@streaming` payload).
    streams: bool,
    /// Statements that bind `body: Bytes` and may add a `Content-Type` header.
    statements: TokenStream,
    sets_content_type: bool,
}

fn content_type(value: &str) -> TokenStream {
    quote! {
        if !headers.contains("content-type") {
            headers.push("Content-Type", "Content-Type", #value)?;
        }
    }
}

fn body(ctx: &Ctx<'_>, op: &Operation, input: &Struct) -> Result<Body> {
    let owner = op.input_shape.as_str();
    let xml = ctx.protocol.xml_bodies();
    let payload = input
        .fields
        .iter()
        .find(|f| f.binding == HttpBinding::Payload);
    if let Some(field) = payload.filter(|f| f.ty == RustType::Stream) {
        let name = super::ident(&field.name);
        let media = field
            .media_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        let set_content_type = content_type(&media);
        let take = match field.presence {
            Presence::Optional => quote!(input.#name.take()),
            _ => quote!(::std::option::Option::Some(::std::mem::take(&mut input.#name))),
        };
        return Ok(Body {
            streams: true,
            statements: quote! {
                #set_content_type
                let body = ::aws_client_runtime::deps::bytes::Bytes::new();
                let stream = #take;
            },
            sets_content_type: true,
        });
    }
    if let Some(field) = payload {
        let name = super::ident(&field.name);
        let (bytes, media) = match (&field.ty, values::named_kind(ctx, &field.ty)) {
            (RustType::Blob, _) => (
                quote!(::aws_client_runtime::deps::bytes::Bytes::from(
                    ::std::clone::Clone::clone(v)
                )),
                field
                    .media_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
            ),
            (RustType::String, _) => (
                quote!(::aws_client_runtime::deps::bytes::Bytes::from(
                    ::std::clone::Clone::clone(v)
                )),
                field
                    .media_type
                    .clone()
                    .unwrap_or_else(|| "text/plain".to_owned()),
            ),
            (_, Some(TypeKind::Enum(_))) => (
                quote!(::aws_client_runtime::deps::bytes::Bytes::from(
                    ::std::borrow::ToOwned::to_owned(v.as_str())
                )),
                "text/plain".to_owned(),
            ),
            (_, Some(TypeKind::Struct(_) | TypeKind::Union(_))) if xml => (
                super::xml_ser::payload_document(ctx, field)?,
                crate::protocol::XML_CONTENT_TYPE.to_owned(),
            ),
            (RustType::Document, _) if xml => {
                return Err(Error::member(
                    owner,
                    &field.member,
                    "an XML `httpPayload` cannot be a document",
                ));
            }
            (RustType::Document, _) | (_, Some(TypeKind::Struct(_) | TypeKind::Union(_))) => (
                quote!(::aws_client_runtime::deps::bytes::Bytes::from(
                    ::aws_client_runtime::deps::serde_json::to_vec(v)?
                )),
                "application/json".to_owned(),
            ),
            _ => {
                return Err(Error::member(
                    owner,
                    &field.member,
                    "an `httpPayload` must target a blob, string, enum, structure, union or document",
                ));
            }
        };
        let set_content_type = content_type(&media);
        // An unset structure payload is sent as an empty JSON object; other payloads, and
        // XML ones, as nothing.
        let unset = if !xml
            && matches!(
                values::named_kind(ctx, &field.ty),
                Some(TypeKind::Struct(_))
            ) {
            quote! {
                {
                    #set_content_type
                    ::aws_client_runtime::deps::bytes::Bytes::from_static(b"{}")
                }
            }
        } else {
            quote!(::aws_client_runtime::deps::bytes::Bytes::new())
        };
        let statements = match field.presence {
            Presence::Optional => quote! {
                let body = match &input.#name {
                    ::std::option::Option::Some(v) => {
                        #set_content_type
                        #bytes
                    }
                    ::std::option::Option::None => #unset,
                };
            },
            _ => quote! {
                let v = &input.#name;
                #set_content_type
                let body = #bytes;
            },
        };
        return Ok(Body {
            streams: false,
            statements,
            sets_content_type: true,
        });
    }

    let members: Vec<&Field> = input
        .fields
        .iter()
        .filter(|f| *ctx.binding(f) == HttpBinding::Body)
        .collect();
    if members.is_empty() {
        return Ok(Body {
            streams: false,
            statements: quote!(let body = ::aws_client_runtime::deps::bytes::Bytes::new();),
            sets_content_type: false,
        });
    }
    if xml {
        let (def, _) = ctx.operation_struct(&op.input, &op.shape_id)?;
        let document = super::xml_ser::body_document(ctx, def, &members)?;
        let set_content_type = content_type(crate::protocol::XML_CONTENT_TYPE);
        return Ok(Body {
            streams: false,
            statements: quote! {
                #document
                #set_content_type
            },
            sets_content_type: true,
        });
    }
    let set_content_type = content_type("application/json");
    let object = super::json::request_object(ctx, &members);
    Ok(Body {
        streams: false,
        statements: quote! {
            #object
            #set_content_type
        },
        sets_content_type: true,
    })
}
