//! Scalars as text and back: how a member's value is written in a header, query string or
//! label, and read from a header; and how a member read from a response becomes its field.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use crate::ir::{Field, Presence, RustType, TypeKind};
use crate::load::TimestampFormat;
use crate::{Error, Result};

/// Where a value goes outside the body; each has its own timestamp default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Location {
    Header,
    Query,
    Label,
}

/// The `TextFormat` for a timestamp in `location`.
pub(super) fn timestamp_format(field: &Field, location: Location) -> TokenStream {
    let format = field.timestamp_format.unwrap_or(match location {
        Location::Header => TimestampFormat::HttpDate,
        Location::Query | Location::Label => TimestampFormat::DateTime,
    });
    match format {
        TimestampFormat::EpochSeconds => {
            quote!(::aws_client_runtime::deps::smithy_types_runtime::timestamp::TextFormat::EpochSeconds)
        }
        TimestampFormat::DateTime => {
            quote!(
                ::aws_client_runtime::deps::smithy_types_runtime::timestamp::TextFormat::DateTime
            )
        }
        TimestampFormat::HttpDate => {
            quote!(
                ::aws_client_runtime::deps::smithy_types_runtime::timestamp::TextFormat::HttpDate
            )
        }
    }
}

/// Whether a scalar of this type can be written as text.
fn unsupported(owner: &str, field: &Field, what: &str) -> Error {
    Error::member(
        owner,
        &field.member,
        format!("a {what} cannot be bound to a header, query string or label"),
    )
}

/// An expression of type `String`: the scalar `value` (an expression of type `&T`) as text.
pub(super) fn to_text(
    ctx: &Ctx<'_>,
    owner: &str,
    field: &Field,
    ty: &RustType,
    value: TokenStream,
    location: Location,
) -> Result<TokenStream> {
    let member = &field.member;
    Ok(match ty {
        RustType::String if location == Location::Header && field.media_type.is_some() => {
            quote!(::aws_client_runtime::deps::smithy_types_runtime::blob::encode(#value.as_bytes()))
        }
        RustType::String => quote!(::std::string::ToString::to_string(#value)),
        RustType::Bool | RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 => {
            quote!(::std::string::ToString::to_string(#value))
        }
        RustType::F32 => quote!(::aws_client_runtime::wire::binding::float32(*#value)),
        RustType::F64 => quote!(::aws_client_runtime::wire::binding::float(*#value)),
        RustType::BigInteger | RustType::BigDecimal => {
            quote!(::std::borrow::ToOwned::to_owned(#value.as_str()))
        }
        RustType::Blob => {
            quote!(::aws_client_runtime::deps::smithy_types_runtime::blob::encode(#value))
        }
        RustType::Timestamp(_) => {
            let format = timestamp_format(field, location);
            quote!(::aws_client_runtime::wire::binding::timestamp(#member, #value, #format)?)
        }
        RustType::Named { module, name } => match ctx.named(*module, name).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => quote!(::std::borrow::ToOwned::to_owned(#value.as_str())),
            Some(TypeKind::IntEnum(_)) => {
                quote!(::std::string::ToString::to_string(&#value.as_i32()))
            }
            _ => return Err(unsupported(owner, field, "structure or union")),
        },
        RustType::Document => return Err(unsupported(owner, field, "document")),
        RustType::Stream => return Err(unsupported(owner, field, "streaming blob")),
        RustType::List { .. } | RustType::Map { .. } => {
            return Err(unsupported(owner, field, "nested list or map"));
        }
    })
}

/// An expression of type `T` read from `text` (a `&str`) of header `name`, with `?` for
/// errors.
pub(super) fn from_header(
    ctx: &Ctx<'_>,
    owner: &str,
    field: &Field,
    ty: &RustType,
    name: &str,
    text: TokenStream,
) -> Result<TokenStream> {
    let w = quote!(::aws_client_runtime::wire);
    Ok(match ty {
        RustType::String if field.media_type.is_some() => {
            quote!(#w::binding::parse_base64_text_header(#name, #text)?)
        }
        RustType::String => quote!(::std::borrow::ToOwned::to_owned(#text)),
        RustType::Bool => quote!(#w::binding::parse_bool_header(#name, #text)?),
        RustType::I8 => quote!(#w::binding::parse_header::<i8>(#name, #text)?),
        RustType::I16 => quote!(#w::binding::parse_header::<i16>(#name, #text)?),
        RustType::I32 => quote!(#w::binding::parse_header::<i32>(#name, #text)?),
        RustType::I64 => quote!(#w::binding::parse_header::<i64>(#name, #text)?),
        // Narrowed on purpose: an f32 header is written from an f32.
        RustType::F32 => quote!(#w::binding::parse_float_header(#name, #text).map(|v| v as f32)?),
        RustType::F64 => quote!(#w::binding::parse_float_header(#name, #text)?),
        RustType::BigInteger | RustType::BigDecimal => {
            let ty = ctx.ty(ty);
            quote!(#w::binding::parse_header::<#ty>(#name, #text)?)
        }
        RustType::Blob => quote!(#w::binding::parse_base64_header(#name, #text)?),
        RustType::Timestamp(_) => {
            let format = timestamp_format(field, Location::Header);
            quote!(#w::binding::parse_timestamp_header(#name, #text, #format)?)
        }
        RustType::Named {
            module,
            name: type_name,
        } => {
            let def = ctx
                .named(*module, type_name)
                .ok_or_else(|| unsupported(owner, field, "type"))?;
            let path = ctx.path(def);
            match &def.kind {
                TypeKind::Enum(_) => quote!(<#path as ::std::convert::From<&str>>::from(#text)),
                TypeKind::IntEnum(_) => {
                    quote!(<#path as ::std::convert::From<i32>>::from(#w::binding::parse_header::<i32>(#name, #text)?))
                }
                _ => return Err(unsupported(owner, field, "structure or union")),
            }
        }
        RustType::Document => return Err(unsupported(owner, field, "document")),
        RustType::Stream => return Err(unsupported(owner, field, "streaming blob")),
        RustType::List { .. } | RustType::Map { .. } => {
            return Err(unsupported(owner, field, "nested list or map"));
        }
    })
}

/// Whether a header list of this item type is split after each `GMT` (HTTP dates contain
/// commas).
pub(super) fn is_http_date_list(field: &Field, item: &RustType) -> bool {
    matches!(item, RustType::Timestamp(_))
        && field.timestamp_format.unwrap_or(TimestampFormat::HttpDate) == TimestampFormat::HttpDate
}

/// The named type's module, for callers that need to know whether it is a structure.
pub(super) fn named_kind<'a>(ctx: &'a Ctx<'_>, ty: &RustType) -> Option<&'a TypeKind> {
    match ty {
        RustType::Named { module, name } => ctx.named(*module, name).map(|t| &t.kind),
        _ => None,
    }
}

/// The value of member `field` from `read`, an expression of type `Option<T>` (the member
/// as read, `None` when the response lacks it): optional members keep the `Option`; a
/// missing required member reads as its zero value (client error correction), a defaulted
/// one as its default; boxed members are boxed.
pub(super) fn member_value(ctx: &Ctx<'_>, field: &Field, read: TokenStream) -> TokenStream {
    let boxed = |e: TokenStream| {
        if field.boxed {
            quote!(::std::boxed::Box::new(#e))
        } else {
            e
        }
    };
    match &field.presence {
        Presence::Optional if field.boxed => quote!(#read.map(::std::boxed::Box::new)),
        Presence::Optional => read,
        Presence::Required => boxed(quote!(#read.unwrap_or_default())),
        Presence::Default(v) if super::super::types::is_zero_default(&field.ty, v) => {
            boxed(quote!(#read.unwrap_or_default()))
        }
        Presence::Default(v) => {
            let default = super::super::types::default_expr_in(
                field,
                v,
                &ctx.types,
                &quote!(::aws_client_runtime::deps),
            );
            // A literal needs no closure; anything that allocates does.
            let literal = matches!(v, serde_json::Value::Bool(_) | serde_json::Value::Number(_))
                && !matches!(
                    field.ty,
                    RustType::Named { .. } | RustType::BigInteger | RustType::BigDecimal
                );
            if literal {
                boxed(quote!(#read.unwrap_or(#default)))
            } else {
                boxed(quote!(#read.unwrap_or_else(|| #default)))
            }
        }
    }
}
