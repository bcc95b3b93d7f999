//! Paginators for `smithy.api#paginated` operations, in aws-sdk-rust's shape:
//! `client.list_x().into_paginator().send()` yields pages, `.items()` yields items.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, ident};
use crate::ir::{Field, Operation, Presence, RustType, Struct, TypeKind};
use crate::{Error, Result};

pub(super) fn emit(ctx: &Ctx<'_>) -> Result<TokenStream> {
    let mut out = TokenStream::new();
    for op in &ctx.ir.operations {
        if op.paginated.is_some() {
            out.extend(paginator(ctx, op)?);
        }
    }
    Ok(out)
}

fn field<'a>(s: &'a Struct, member: &str, owner: &str, what: &str) -> Result<&'a Field> {
    s.fields.iter().find(|f| f.member == member).ok_or_else(|| {
        Error::shape(
            owner,
            format!("`smithy.api#paginated` names {what} `{member}`, which is not a member"),
        )
    })
}

/// Follows a dotted path through nested structures from `root` (an expression of the output
/// structure, by value), giving an expression of `Option<T>` by value and the last field.
fn walk<'a>(
    ctx: &'a Ctx<'_>,
    op: &Operation,
    output: &'a Struct,
    path: &str,
    by_ref: bool,
) -> Result<(TokenStream, &'a Field)> {
    let mut current = output;
    let mut expr = quote!(o);
    let mut segments = path.split('.').peekable();
    let mut optional = false;
    loop {
        let segment = segments.next().unwrap_or_default();
        let f = field(current, segment, &op.shape_id, "the path")?;
        let name = ident(&f.name);
        let access = if by_ref {
            match (&f.presence, optional) {
                (Presence::Optional, false) => quote!(#expr.#name.as_ref()),
                (Presence::Optional, true) => quote!(#expr.and_then(|o| o.#name.as_ref())),
                (_, false) => quote!(::std::option::Option::Some(&#expr.#name)),
                (_, true) => quote!(#expr.map(|o| &o.#name)),
            }
        } else {
            match (&f.presence, optional) {
                (Presence::Optional, false) => quote!(#expr.#name),
                (Presence::Optional, true) => quote!(#expr.and_then(|o| o.#name)),
                (_, false) => quote!(::std::option::Option::Some(#expr.#name)),
                (_, true) => quote!(#expr.map(|o| o.#name)),
            }
        };
        if segments.peek().is_none() {
            return Ok((access, f));
        }
        let RustType::Named { module, name } = &f.ty else {
            return Err(Error::shape(
                &op.shape_id,
                format!("pagination path `{path}` goes through a member that is not a structure"),
            ));
        };
        current = match ctx.named(*module, name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s,
            _ => {
                return Err(Error::shape(
                    &op.shape_id,
                    format!(
                        "pagination path `{path}` goes through a member that is not a structure"
                    ),
                ));
            }
        };
        // Boxed members deref through the Box automatically in field access.
        expr = access;
        optional = true;
    }
}

fn paginator(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    let Some(p) = &op.paginated else {
        return Ok(quote!());
    };
    let types = &ctx.types;
    let (_, input) = ctx.operation_struct(&op.input, &op.shape_id)?;
    let (output_def, output) = ctx.operation_struct(&op.output, &op.shape_id)?;
    let output_path = ctx.path(output_def);
    let error = ident(&op.error);
    let error_path = quote!(#types::operation::#error);
    let fluent = ident(&op.fluent_builder);
    let paginator = ident(&format!("{}Paginator", op.name));

    // Tokens are strings, or maps of strings to values (DynamoDB's keys); the output's token
    // goes back into the input as it is.
    let token = field(input, &p.input_token, &op.shape_id, "the input token")?;
    let token_is_map = matches!(&token.ty, RustType::Map { sparse: false, .. });
    if token.ty != RustType::String && !token_is_map {
        return Err(Error::member(
            &op.input_shape,
            &token.member,
            "a pagination token must be a string or a map",
        ));
    }
    // The runtime's token parameter defaults to `String`: named only for map tokens.
    let token_param = if token_is_map {
        let ty = ctx.ty(&token.ty);
        quote!(, #ty)
    } else {
        quote!()
    };
    let set_token = ident(&token.set_setter);
    let (token_expr, token_field) = walk(ctx, op, output, &p.output_token, true)?;
    if token_field.ty != token.ty {
        return Err(Error::shape(
            &op.shape_id,
            format!(
                "output token `{}` and input token `{}` differ in type",
                p.output_token, p.input_token
            ),
        ));
    }

    let page_size = match &p.page_size {
        Some(member) => {
            let f = field(input, member, &op.shape_id, "the page size")?;
            let setter = ident(&f.setter);
            let ty = ctx.ty(&f.ty);
            let doc = super::doc(&format!(
                "Sets the page size (`{}`), the most items a page may hold.",
                f.member
            ));
            quote! {
                #doc
                pub fn page_size(mut self, size: #ty) -> Self {
                    self.builder = self.builder.#setter(size);
                    self
                }
            }
        }
        None => quote!(),
    };

    let items = match &p.items {
        Some(path) => {
            let (items_expr, items_field) = walk(ctx, op, output, path, false)?;
            // A top-level required member is there already: no `Option` to unwrap.
            let direct = !path.contains('.') && items_field.presence != Presence::Optional;
            let items_expr = if direct {
                let name = ident(&items_field.name);
                quote!(o.#name)
            } else {
                items_expr
            };
            let (item_ty, convert) = match &items_field.ty {
                RustType::List { item, sparse } => {
                    let item = ctx.ty(item);
                    let item = if *sparse {
                        quote!(::std::option::Option<#item>)
                    } else {
                        item
                    };
                    let convert = if direct {
                        quote!()
                    } else {
                        quote!(.unwrap_or_default())
                    };
                    (item, convert)
                }
                RustType::Map { value, sparse } => {
                    let value = ctx.ty(value);
                    let value = if *sparse {
                        quote!(::std::option::Option<#value>)
                    } else {
                        value
                    };
                    let convert = if direct {
                        quote!(.into_iter().collect())
                    } else {
                        quote!(.map(|m| m.into_iter().collect()).unwrap_or_default())
                    };
                    (quote!((::std::string::String, #value)), convert)
                }
                _ => {
                    return Err(Error::shape(
                        &op.shape_id,
                        format!("paginated items `{path}` is not a list or map"),
                    ));
                }
            };
            let doc = super::doc(&format!("Every item of `{path}` on every page, in order."));
            quote! {
                #doc
                pub fn items(self) -> ::aws_client_runtime::paginator::Items<crate::operations::#fluent, #output_path, #error_path, #item_ty #token_param> {
                    ::aws_client_runtime::paginator::Items::new(self.send(), |o| #items_expr #convert)
                }
            }
        }
        None => quote!(),
    };

    let doc = super::doc(&format!(
        "Pages of `{}`: [`send`](Self::send) yields each page{}.",
        op.name,
        if p.items.is_some() {
            ", [`items`](Self::items) each item"
        } else {
            ""
        }
    ));
    let into_doc = super::doc(&format!(
        "Pages through `{}`, one request per page.",
        op.name
    ));
    Ok(quote! {
        impl crate::operations::#fluent {
            #into_doc
            pub fn into_paginator(self) -> #paginator {
                #paginator { builder: self }
            }
        }

        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        #[must_use = "a paginator does nothing until its pages or items are read"]
        pub struct #paginator {
            builder: crate::operations::#fluent,
        }

        impl #paginator {
            #page_size

            /// Every page, one request at a time; stops after the page without a token.
            pub fn send(self) -> ::aws_client_runtime::paginator::Pages<crate::operations::#fluent, #output_path, #error_path #token_param> {
                ::aws_client_runtime::paginator::Pages::new(
                    self.builder,
                    |b| ::std::boxed::Box::pin(b.send()),
                    |o| #token_expr,
                    |b, token| b.#set_token(::std::option::Option::Some(token)),
                )
            }

            #items
        }
    })
}
