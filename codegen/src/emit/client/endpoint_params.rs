//! The endpoint rule-set parameters an operation sets, as the `endpoint_params` of its
//! request: input members (`smithy.rules#contextParam`), literals (`staticContextParams`) and
//! JMESPath expressions over the input (`operationContextParams`), compiled here at
//! generation time. The subset: field paths, list projections `[*]`, flattening `[]`,
//! multi-select lists `[a.b, c.d]` and `keys(map)`; anything else is an error naming it.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::{Ctx, ident};
use crate::ir::{EndpointParamSource, Field, Operation, Presence, RustType, Struct, TypeKind};
use crate::{Error, Result};

/// An expression of `Vec<(&'static str, ParamValue)>` for `op`'s request (`input` in scope).
pub(super) fn expr(ctx: &Ctx<'_>, op: &Operation, input: &Struct) -> Result<TokenStream> {
    if op.endpoint_params.is_empty() {
        return Ok(quote!(::std::vec::Vec::new()));
    }
    let types = &ctx.endpoint_param_types;
    let v = quote!(::aws_client_runtime::endpoint::ParamValue);
    // Literals start the vector (a `Vec::new()` followed by a push is a clippy warning);
    // the values read from the input are pushed when set.
    let mut literals = Vec::new();
    let mut pushes = Vec::new();
    for param in &op.endpoint_params {
        let name = param.name.as_str();
        let ty = *types.get(name).ok_or_else(|| {
            Error::shape(
                &op.shape_id,
                format!("sets endpoint parameter `{name}`, which the rule set does not have"),
            )
        })?;
        let push = match &param.source {
            EndpointParamSource::Static(value) => {
                let value = literal(&op.shape_id, name, ty, value)?;
                literals.push(quote!((#name, #value)));
                continue;
            }
            EndpointParamSource::Member(member) => {
                let field = input
                    .fields
                    .iter()
                    .find(|f| &f.member == member)
                    .ok_or_else(|| {
                        Error::shape(&op.shape_id, format!("no input member `{member}`"))
                    })?;
                let value = member_value(ctx, &op.input_shape, field, ty)?;
                super::when_set(field, quote!(params.push((#name, #value));))
            }
            EndpointParamSource::Path(path) => {
                let segments = parse(path).map_err(|e| {
                    Error::shape(
                        &op.shape_id,
                        format!("operationContextParams `{name}`: path `{path}`: {e}"),
                    )
                })?;
                let collect = gen_struct(ctx, quote!(input), input, &segments).map_err(|e| {
                    Error::shape(
                        &op.shape_id,
                        format!("operationContextParams `{name}`: path `{path}`: {e}"),
                    )
                })?;
                let push = match ty {
                    "stringArray" => quote!(params.push((#name, #v::StringArray(out)));),
                    "string" => quote! {
                        if let ::std::option::Option::Some(first) = out.into_iter().next() {
                            params.push((#name, #v::String(first)));
                        }
                    },
                    other => {
                        return Err(Error::shape(
                            &op.shape_id,
                            format!(
                                "operationContextParams `{name}`: a path cannot fill a {other} parameter"
                            ),
                        ));
                    }
                };
                quote! {
                    {
                        let mut out: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
                        #collect
                        #push
                    }
                }
            }
        };
        pushes.push(push);
    }
    if pushes.is_empty() {
        return Ok(quote!(::std::vec![#(#literals),*]));
    }
    let init = if literals.is_empty() {
        quote!(::std::vec::Vec::new())
    } else {
        quote!(::std::vec![#(#literals),*])
    };
    Ok(quote! {
        {
            let mut params: ::std::vec::Vec<(&'static str, #v)> = #init;
            #(#pushes)*
            params
        }
    })
}

/// A `ParamValue` of a model literal.
fn literal(op: &str, name: &str, ty: &str, value: &Value) -> Result<TokenStream> {
    let v = quote!(::aws_client_runtime::endpoint::ParamValue);
    Ok(match (ty, value) {
        ("boolean", Value::Bool(b)) => quote!(#v::Bool(#b)),
        ("string", Value::String(s)) => quote!(#v::String(::std::string::String::from(#s))),
        ("stringArray", Value::Array(items)) if items.iter().all(Value::is_string) => {
            let items = items.iter().filter_map(Value::as_str);
            quote!(#v::StringArray(::std::vec![#(::std::string::String::from(#items)),*]))
        }
        _ => {
            return Err(Error::shape(
                op,
                format!("staticContextParams `{name}`: {value} is not a {ty}"),
            ));
        }
    })
}

/// A `ParamValue` of the member's value `v` (a reference).
fn member_value(ctx: &Ctx<'_>, owner: &str, field: &Field, ty: &str) -> Result<TokenStream> {
    let v = quote!(::aws_client_runtime::endpoint::ParamValue);
    let is_enum =
        |t: &RustType| matches!(super::values::named_kind(ctx, t), Some(TypeKind::Enum(_)));
    Ok(match (ty, &field.ty) {
        ("string", RustType::String) => quote!(#v::String(::std::clone::Clone::clone(v))),
        ("string", t) if is_enum(t) => {
            quote!(#v::String(::std::borrow::ToOwned::to_owned(v.as_str())))
        }
        ("boolean", RustType::Bool) => quote!(#v::Bool(*v)),
        (
            "stringArray",
            RustType::List {
                item,
                sparse: false,
            },
        ) if **item == RustType::String => {
            quote!(#v::StringArray(::std::clone::Clone::clone(v)))
        }
        _ => {
            return Err(Error::member(
                owner,
                &field.member,
                format!("a contextParam member of this type cannot fill a {ty} parameter"),
            ));
        }
    })
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Field(String),
    /// `[*]`: every item of a list.
    Project,
    /// `[]`: flattening; the collected strings are already flat.
    Flatten,
    /// `[a.b, c]`: each path from the current value.
    Multi(Vec<Vec<Seg>>),
    /// `keys(path)`: the keys of the map at `path`.
    Keys(Vec<Seg>),
}

fn parse(path: &str) -> std::result::Result<Vec<Seg>, String> {
    let path = path.trim();
    if let Some(inner) = path.strip_prefix("keys(").and_then(|p| p.strip_suffix(')')) {
        return Ok(vec![Seg::Keys(parse(inner)?)]);
    }
    let mut segs = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix("[*]") {
            segs.push(Seg::Project);
            rest = r;
        } else if let Some(r) = rest.strip_prefix("[]") {
            segs.push(Seg::Flatten);
            rest = r;
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').ok_or("an unclosed `[`")?;
            let items = r[..end]
                .split(',')
                .map(|p| parse(p.trim()))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            segs.push(Seg::Multi(items));
            rest = &r[end + 1..];
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let name = &rest[..end];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!(
                    "`{rest}` is not supported (fields, [*], [], [a, b], keys())"
                ));
            }
            segs.push(Seg::Field(name.to_owned()));
            rest = &rest[end..];
        }
    }
    Ok(segs)
}

/// Statements pushing the strings `segs` selects from `value` (a `&Struct`) onto `out`.
fn gen_struct(
    ctx: &Ctx<'_>,
    value: TokenStream,
    s: &Struct,
    segs: &[Seg],
) -> std::result::Result<TokenStream, String> {
    let Some((first, rest)) = segs.split_first() else {
        return Err("a path must end at a string".into());
    };
    match first {
        Seg::Field(name) => {
            let field = s
                .fields
                .iter()
                .find(|f| &f.member == name)
                .ok_or_else(|| format!("no member `{name}`"))?;
            let id = ident(&field.name);
            let inner = gen_value(ctx, quote!(x), &field.ty, rest)?;
            Ok(match field.presence {
                Presence::Optional => quote! {
                    if let ::std::option::Option::Some(x) = &#value.#id {
                        #inner
                    }
                },
                _ => quote! {
                    {
                        let x = &#value.#id;
                        #inner
                    }
                },
            })
        }
        Seg::Multi(paths) => {
            let mut out = TokenStream::new();
            for path in paths {
                let mut full = path.clone();
                full.extend(rest.iter().filter(|s| **s != Seg::Flatten).cloned());
                out.extend(gen_struct(ctx, value.clone(), s, &full)?);
            }
            Ok(out)
        }
        Seg::Flatten => gen_struct(ctx, value, s, rest),
        Seg::Keys(path) => {
            if !rest.is_empty() {
                return Err("nothing may follow keys(..)".into());
            }
            let mut inner = path.clone();
            inner.push(Seg::Keys(Vec::new()));
            gen_struct(ctx, value, s, &inner)
        }
        Seg::Project => Err("`[*]` needs a list".into()),
    }
}

/// Statements pushing the strings `segs` selects from `value` (a reference to a `ty`).
fn gen_value(
    ctx: &Ctx<'_>,
    value: TokenStream,
    ty: &RustType,
    segs: &[Seg],
) -> std::result::Result<TokenStream, String> {
    match (segs.first(), ty) {
        (None, RustType::String) => Ok(quote!(out.push(::std::clone::Clone::clone(#value));)),
        (None, t) if matches!(super::values::named_kind(ctx, t), Some(TypeKind::Enum(_))) => {
            Ok(quote!(out.push(::std::borrow::ToOwned::to_owned(#value.as_str()));))
        }
        (None, RustType::List { item, sparse }) => {
            let items = if *sparse {
                quote!(#value.iter().flatten())
            } else {
                quote!(#value.iter())
            };
            let inner = gen_value(ctx, quote!(item), item, &[])?;
            Ok(quote! {
                for item in #items {
                    #inner
                }
            })
        }
        (Some(Seg::Keys(inner)), RustType::Map { .. }) if inner.is_empty() => Ok(quote! {
            // Sorted: a map's order is not the model's, and the result must not vary.
            let mut keys: ::std::vec::Vec<&::std::string::String> = #value.keys().collect();
            keys.sort();
            out.extend(keys.into_iter().cloned());
        }),
        (Some(Seg::Project | Seg::Flatten), RustType::List { item, sparse }) => {
            let items = if *sparse {
                quote!(#value.iter().flatten())
            } else {
                quote!(#value.iter())
            };
            let inner = gen_value(ctx, quote!(item), item, &segs[1..])?;
            Ok(quote! {
                for item in #items {
                    #inner
                }
            })
        }
        (Some(_), RustType::Named { .. }) => match super::values::named_kind(ctx, ty) {
            Some(TypeKind::Struct(s)) => gen_struct(ctx, value, s, segs),
            _ => Err("only structures have members".into()),
        },
        (Some(Seg::Flatten), _) => gen_value(ctx, value, ty, &segs[1..]),
        (None, _) => Err("a path must end at a string or a list of strings".into()),
        (Some(seg), _) => Err(format!("{seg:?} does not apply to this member's type")),
    }
}
