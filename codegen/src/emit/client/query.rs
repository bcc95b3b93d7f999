//! The request serializer of one operation under awsQuery or ec2Query: `POST /` with a form
//! body of `Action`, `Version` and every input member under its key (HTTP binding traits do
//! not apply; the host prefix does), and one writer function per structure or union that a
//! request reaches. Lists and maps are written where their member is: they have no Rust type
//! of their own. Which keys the protocol uses is asked of [`crate::protocol::Query`].
//!
//! Responses are XML: the output parser and the modeled errors' readers here find the element
//! the protocol puts the value in, and call its decoder (`xml_de`).

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Ctx, ident};
use crate::ir::{Collection, Field, Module, Operation, RustType, Struct, TypeDef, TypeKind};
use crate::load::TimestampFormat;
use crate::protocol::{MemberNames, Query, QueryFlavor};
use crate::{Error, Result};

/// The request serializer of `op`, named `fn_name`.
pub(super) fn serializer(
    ctx: &Ctx<'_>,
    protocol: &Query,
    op: &Operation,
    input: &Struct,
    fn_name: &Ident,
    input_path: &TokenStream,
) -> Result<TokenStream> {
    let writes = member_writes(ctx, protocol, &op.input_shape, input, None)?;
    let host_prefix = super::pattern::host_prefix(op, input)?;
    let endpoint_params = super::endpoint_params::expr(ctx, op, input)?;
    let content_type = protocol.content_type();
    let action = protocol.action(&op.shape_id);
    let version = &protocol.version;
    let input_param = if input.fields.is_empty() {
        quote!(_input: &#input_path)
    } else {
        quote!(input: &#input_path)
    };
    let form = if input.fields.is_empty() {
        quote!(let form = ::aws_client_runtime::wire::query::QueryWriter::new(#action, #version);)
    } else {
        quote! {
            let mut form = ::aws_client_runtime::wire::query::QueryWriter::new(#action, #version);
            let writer = &mut form;
        }
    };
    Ok(quote! {
        fn #fn_name(#input_param) -> ::std::result::Result<::aws_client_runtime::HttpRequest, ::aws_client_runtime::wire::SerializeError> {
            #form
            #writes
            ::std::result::Result::Ok(::aws_client_runtime::HttpRequest {
                method: ::aws_client_runtime::deps::http::Method::POST,
                path_and_query: ::std::string::String::from("/"),
                host_prefix: #host_prefix,
                headers: ::std::vec![(
                    ::aws_client_runtime::deps::http::HeaderName::from_static("content-type"),
                    ::aws_client_runtime::deps::http::HeaderValue::from_static(#content_type),
                )],
                body: form.finish(),
                stream: ::std::option::Option::None,
                endpoint_params: #endpoint_params,
            })
        }
    })
}

/// The writer functions of every structure and union the operations' inputs reach (each
/// once, in module and name order).
pub(super) fn writers(ctx: &Ctx<'_>, protocol: &Query) -> Result<TokenStream> {
    let mut reached: BTreeSet<(Module, String)> = BTreeSet::new();
    for op in &ctx.ir.operations {
        let (_, input) = ctx.operation_struct(&op.input, &op.shape_id)?;
        for field in &input.fields {
            reach(ctx, &field.ty, &mut reached);
        }
    }
    let mut out = TokenStream::new();
    for (module, name) in &reached {
        let def = ctx
            .named(*module, name)
            .ok_or_else(|| Error::msg(format!("internal error: no type `{name}`")))?;
        out.extend(writer(ctx, protocol, def)?);
    }
    Ok(out)
}

/// Adds the structures and unions a value of type `ty` holds, at any depth.
fn reach(ctx: &Ctx<'_>, ty: &RustType, reached: &mut BTreeSet<(Module, String)>) {
    match ty {
        RustType::List { item: inner, .. } | RustType::Map { value: inner, .. } => {
            reach(ctx, inner, reached)
        }
        RustType::Named { module, name } => {
            let Some(def) = ctx.named(*module, name) else {
                return;
            };
            let fields: Vec<&RustType> = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
                TypeKind::Union(u) => u.variants.iter().filter_map(|v| v.ty.as_ref()).collect(),
                TypeKind::Enum(_) | TypeKind::IntEnum(_) => return,
            };
            if reached.insert((*module, name.clone())) {
                for ty in fields {
                    reach(ctx, ty, reached);
                }
            }
        }
        _ => {}
    }
}

/// The name of the function that writes structure or union `def` under a key prefix.
fn writer_name(module: Module, name: &str) -> Ident {
    ident(&format!(
        "write_query_{}_{}",
        module.name(),
        heck::ToSnakeCase::to_snake_case(name)
    ))
}

/// `fn write_query_x(writer, prefix, value)` for structure or union `def`.
fn writer(ctx: &Ctx<'_>, protocol: &Query, def: &TypeDef) -> Result<TokenStream> {
    let fn_name = writer_name(def.module, &def.name);
    let path = ctx.path(def);
    let doc = super::doc(&format!(
        "Writes [`{}`] into a form body, its members' keys under `prefix`.",
        def.name
    ));
    let w = quote!(::aws_client_runtime::wire);
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let writes = member_writes(ctx, protocol, &def.shape_id, s, Some(quote!(prefix)))?;
            // An empty structure writes nothing.
            let (writer, prefix, input) = if s.fields.is_empty() {
                (quote!(_writer), quote!(_prefix), quote!(_input))
            } else {
                (quote!(writer), quote!(prefix), quote!(input))
            };
            return Ok(quote! {
                #doc
                fn #fn_name(#writer: &mut #w::query::QueryWriter, #prefix: &str, #input: &#path) -> ::std::result::Result<(), #w::SerializeError> {
                    #writes
                    ::std::result::Result::Ok(())
                }
            });
        }
        TypeKind::Union(u) => {
            let mut arms = Vec::new();
            for variant in &u.variants {
                let name = ident(&variant.name);
                let segment = protocol.member_key(MemberNames {
                    member: &variant.member,
                    xml_name: variant.xml_name.as_deref(),
                    ec2_query_name: variant.ec2_query_name.as_deref(),
                });
                let segment = segment.as_ref();
                let key = quote!(&#w::query::key(prefix, #segment));
                arms.push(match &variant.ty {
                    // A member targeting Unit has no value to write: an empty one says which.
                    None => quote!(#path::#name => writer.push(#key, ""),),
                    Some(ty) => {
                        let site = Site {
                            owner: &def.shape_id,
                            member: &variant.member,
                            target: &variant.target,
                            timestamp_format: variant.timestamp_format,
                            flattened: variant.xml_flattened,
                        };
                        let write = value(ctx, protocol, &site, ty, key, quote!(v))?;
                        quote!(#path::#name(v) => { #write })
                    }
                });
            }
            let message = format!("cannot send an unknown variant of `{}`", def.name);
            // The unknown variant, and any a newer types crate adds (the enum is
            // `#[non_exhaustive]`; in a client with its types inline the arm is unreachable).
            quote! {
                match value {
                    #(#arms)*
                    #[allow(unreachable_patterns)]
                    _ => return ::std::result::Result::Err(#w::SerializeError::new(#message)),
                }
            }
        }
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => {
            return Err(Error::msg(format!(
                "internal error: `{}` is not a structure or union",
                def.shape_id
            )));
        }
    };
    Ok(quote! {
        #doc
        fn #fn_name(writer: &mut #w::query::QueryWriter, prefix: &str, value: &#path) -> ::std::result::Result<(), #w::SerializeError> {
            #body
            ::std::result::Result::Ok(())
        }
    })
}

/// Statements writing the members of `input` (a structure value) that are set: at the top
/// of the body when `prefix` is `None`, else under the key prefix `prefix` (a `&str`).
fn member_writes(
    ctx: &Ctx<'_>,
    protocol: &Query,
    owner: &str,
    s: &Struct,
    prefix: Option<TokenStream>,
) -> Result<TokenStream> {
    let mut out = TokenStream::new();
    for field in &s.fields {
        let segment = protocol.member_key(MemberNames {
            member: &field.member,
            xml_name: field.xml_name.as_deref(),
            ec2_query_name: field.ec2_query_name.as_deref(),
        });
        let segment = segment.as_ref();
        let key = match &prefix {
            None => quote!(#segment),
            Some(prefix) => quote!(&::aws_client_runtime::wire::query::key(#prefix, #segment)),
        };
        let site = Site::of(owner, field);
        let write = value(ctx, protocol, &site, &field.ty, key, quote!(v))?;
        out.extend(super::when_set(field, write));
    }
    Ok(out)
}

/// Where a value is written: the member it belongs to, for messages and the facts the keys
/// and values depend on.
struct Site<'a> {
    owner: &'a str,
    member: &'a str,
    /// The member's target shape (a list's or map's facts are in `Ir::collections`).
    target: &'a str,
    timestamp_format: Option<TimestampFormat>,
    flattened: bool,
}

impl<'a> Site<'a> {
    fn of(owner: &'a str, field: &'a Field) -> Self {
        Self {
            owner,
            member: &field.member,
            target: &field.target,
            timestamp_format: field.timestamp_format,
            flattened: field.xml_flattened,
        }
    }

    /// The site of a list's items or a map's values: the same member, the collection
    /// member's target and format, never flattened.
    fn inner(&self, member: &'a crate::ir::CollectionMember) -> Self {
        Self {
            owner: self.owner,
            member: self.member,
            target: &member.target,
            timestamp_format: member.timestamp_format,
            flattened: false,
        }
    }

    fn unsupported(&self, protocol: &Query, what: &str) -> Error {
        Error::member(
            self.owner,
            self.member,
            format!("{} cannot send {what}", protocol.trait_id()),
        )
    }
}

/// Statements writing `value` (an expression of type `&T` for `ty`) under `key` (a `&str`
/// expression). Nested lists and maps shadow `writer`, `key` and `v` in their closures.
fn value(
    ctx: &Ctx<'_>,
    protocol: &Query,
    site: &Site<'_>,
    ty: &RustType,
    key: TokenStream,
    value: TokenStream,
) -> Result<TokenStream> {
    let w = quote!(::aws_client_runtime::wire);
    let text = match ty {
        RustType::String => quote!(#value),
        RustType::Bool | RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 => {
            quote!(&::std::string::ToString::to_string(#value))
        }
        RustType::F32 => quote!(&#w::binding::float32(*#value)),
        RustType::F64 => quote!(&#w::binding::float(*#value)),
        RustType::BigInteger | RustType::BigDecimal => quote!(#value.as_str()),
        RustType::Blob => {
            quote!(&::aws_client_runtime::deps::smithy_types_runtime::blob::encode(#value))
        }
        RustType::Timestamp(_) => {
            let format = text_format(site.timestamp_format.unwrap_or(TimestampFormat::DateTime));
            let member = site.member;
            quote!(&#w::binding::timestamp(#member, #value, #format)?)
        }
        RustType::Document => return Err(site.unsupported(protocol, "a document")),
        RustType::Stream => return Err(site.unsupported(protocol, "a streaming blob")),
        RustType::Named { module, name } => {
            let def = ctx
                .named(*module, name)
                .ok_or_else(|| Error::msg(format!("internal error: no type `{name}`")))?;
            match &def.kind {
                TypeKind::Enum(_) => quote!(#value.as_str()),
                TypeKind::IntEnum(_) => {
                    quote!(&::std::string::ToString::to_string(&#value.as_i32()))
                }
                TypeKind::Struct(_) | TypeKind::Union(_) => {
                    let write_fn = writer_name(*module, name);
                    return Ok(quote!(#write_fn(writer, #key, #value)?;));
                }
            }
        }
        RustType::List { item, sparse } => {
            return list(ctx, protocol, site, item, *sparse, key, value);
        }
        RustType::Map {
            value: item,
            sparse,
        } => return map(ctx, protocol, site, item, *sparse, key, value),
    };
    Ok(quote!(writer.push(#key, #text);))
}

/// A statement writing a list `value` under `key`: each item under its own key, through a
/// closure writing one item.
fn list(
    ctx: &Ctx<'_>,
    protocol: &Query,
    site: &Site<'_>,
    item_ty: &RustType,
    sparse: bool,
    key: TokenStream,
    value: TokenStream,
) -> Result<TokenStream> {
    let Some(Collection::List { member }) = ctx.ir.collections.get(site.target) else {
        return Err(Error::member(
            site.owner,
            site.member,
            format!("internal error: `{}` is not a known list", site.target),
        ));
    };
    let segment = option(protocol.list_item_segment(site.flattened, member.xml_name.as_deref()));
    let send_empty = protocol.sends_empty_lists();
    let item_site = site.inner(member);
    let write = self::value(ctx, protocol, &item_site, item_ty, quote!(key), quote!(v))?;
    let write = skip_null(sparse, write);
    Ok(quote! {
        writer.list(#key, #segment, #send_empty, #value, |writer, key, v| {
            #write
            ::std::result::Result::Ok(())
        })?;
    })
}

/// `write` for an item of a sparse collection, whose `null`s have no value to send (their
/// numbers are skipped).
fn skip_null(sparse: bool, write: TokenStream) -> TokenStream {
    if sparse {
        quote!(if let ::std::option::Option::Some(v) = v { #write })
    } else {
        write
    }
}

/// A statement writing a map `value` under `key`: one entry per pair, each a key and a value
/// written through a closure.
fn map(
    ctx: &Ctx<'_>,
    protocol: &Query,
    site: &Site<'_>,
    value_ty: &RustType,
    sparse: bool,
    key: TokenStream,
    value: TokenStream,
) -> Result<TokenStream> {
    if !protocol.supports_maps() {
        return Err(site.unsupported(protocol, "a map (the protocol does not define how)"));
    }
    let Some(Collection::Map {
        key: key_member,
        value: value_member,
    }) = ctx.ir.collections.get(site.target)
    else {
        return Err(Error::member(
            site.owner,
            site.member,
            format!("internal error: `{}` is not a known map", site.target),
        ));
    };
    let segment = option(protocol.map_entry_segment(site.flattened));
    let key_name = key_member.xml_name.as_deref().unwrap_or("key");
    let value_name = value_member.xml_name.as_deref().unwrap_or("value");
    let value_site = site.inner(value_member);
    let write = self::value(ctx, protocol, &value_site, value_ty, quote!(key), quote!(v))?;
    let write = skip_null(sparse, write);
    Ok(quote! {
        writer.map(#key, #segment, (#key_name, #value_name), #value, |writer, key, v| {
            #write
            ::std::result::Result::Ok(())
        })?;
    })
}

/// `Some("text")` or `None` as an expression of type `Option<&str>`.
fn option(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => quote!(::std::option::Option::Some(#text)),
        None => quote!(::std::option::Option::None),
    }
}

/// The runtime's `TextFormat` of a timestamp format.
fn text_format(format: TimestampFormat) -> TokenStream {
    let t = quote!(::aws_client_runtime::deps::smithy_types_runtime::timestamp::TextFormat);
    match format {
        TimestampFormat::EpochSeconds => quote!(#t::EpochSeconds),
        TimestampFormat::DateTime => quote!(#t::DateTime),
        TimestampFormat::HttpDate => quote!(#t::HttpDate),
    }
}

/// The output parser of `op`: the output's XML decoder (see `xml_de`) over awsQuery's
/// `<{Op}Response><{Op}Result>` or ec2Query's `<{Op}Response>`.
pub(super) fn output_parser(
    ctx: &Ctx<'_>,
    protocol: &Query,
    op: &Operation,
    fn_name: &Ident,
    output_path: &TokenStream,
) -> Result<TokenStream> {
    let (def, _) = ctx.operation_struct(&op.output, &op.shape_id)?;
    let decode = super::xml_de::decoder_name(def.module, &def.name);
    let x = quote!(::aws_client_runtime::wire::xml);
    let action = protocol.action(&op.shape_id);
    let response = format!("{action}Response");
    let read = match protocol.flavor {
        QueryFlavor::AwsQuery => {
            let result = format!("{action}Result");
            quote!(#x::aws_query_output(response.body(), #response, #result, #decode))
        }
        QueryFlavor::Ec2Query => quote!(#x::ec2_query_output(response.body(), #response, #decode)),
    };
    Ok(quote! {
        fn #fn_name(response: &::aws_client_runtime::HttpResponse) -> ::std::result::Result<#output_path, ::aws_client_runtime::error::BoxError> {
            #read
        }
    })
}

/// The reader of the modeled error `def`: its XML decoder over the `Error` element of the
/// protocol's error document.
pub(super) fn error_reader(ctx: &Ctx<'_>, protocol: &Query, def: &TypeDef) -> TokenStream {
    let path_ty = ctx.path(def);
    let fn_name = super::response::reader_name(def);
    let decode = super::xml_de::decoder_name(def.module, &def.name);
    let x = quote!(::aws_client_runtime::wire::xml);
    let path = match protocol.flavor {
        QueryFlavor::AwsQuery => quote!(#x::AWS_QUERY_ERROR),
        QueryFlavor::Ec2Query => quote!(#x::EC2_QUERY_ERROR),
    };
    let doc = super::doc(&format!(
        "Reads [`{}`] from the `Error` element of an error response.",
        def.name
    ));
    quote! {
        #doc
        fn #fn_name(response: &::aws_client_runtime::HttpResponse) -> ::std::result::Result<#path_ty, ::aws_client_runtime::error::BoxError> {
            #x::query_error(response.body(), #path, #decode)
        }
    }
}
