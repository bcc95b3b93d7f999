//! XML decoders: one plain function per structure or union that a response reaches, over the
//! runtime's pull reader (`aws_client_runtime::xml::XmlReader`), with the signature of
//! `aws_client_runtime::wire::xml::Decode`: it reads the value of the element it is given to
//! that element's end tag. Protocol envelopes (awsQuery's `OpResponse/OpResult`, error
//! documents, restXml payloads) find the element and call the decoder; nothing here knows
//! them.
//!
//! What the decoders follow (Smithy's XML bindings): a member is the child element named by
//! its `xmlName`, else its member name, or with `xmlAttribute` an attribute of the
//! structure's element; lists are wrapped (items named `member` or the list member's
//! `xmlName`) or with `xmlFlattened` one element per item; maps are `entry` elements of
//! `key` and `value` (each renamed by `xmlName`) or, flattened, one element per entry;
//! timestamps are date-times unless `timestampFormat` says otherwise; blobs are base64.
//! Elements no member names are skipped; a required member the response lacks reads as its
//! zero value (client error correction), as for JSON. Namespaces and prefixes are not
//! checked: elements are matched by local name.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Ctx, ident};
use crate::ir::{Collection, Field, Module, RustType, Struct, TypeDef, TypeKind, Union};
use crate::load::TimestampFormat;
use crate::{Error, Result};

/// The decoder function of the structure or union `name` in `module`.
pub(super) fn decoder_name(module: Module, name: &str) -> Ident {
    ident(&format!(
        "de_{}_{}",
        module.name(),
        heck::ToSnakeCase::to_snake_case(name)
    ))
}

/// The decoders of `roots` (structures) and of every structure and union their members reach
/// through structures, unions, lists and maps, in the IR's type order.
pub(super) fn decoders(ctx: &Ctx<'_>, roots: &[(Module, String)]) -> Result<TokenStream> {
    let reached = reached(ctx, roots);
    let mut out = TokenStream::new();
    for def in &ctx.ir.types {
        if !reached.contains(&(def.module, def.name.clone())) {
            continue;
        }
        out.extend(match &def.kind {
            TypeKind::Struct(s) => struct_decoder(ctx, def, s)?,
            TypeKind::Union(u) => union_decoder(ctx, def, u)?,
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => continue,
        });
    }
    Ok(out)
}

/// Pushes the named types `ty` is or holds (through lists and maps) onto `todo`.
pub(super) fn visit(ty: &RustType, todo: &mut Vec<(Module, String)>) {
    match ty {
        RustType::Named { module, name } => todo.push((*module, name.clone())),
        RustType::List { item, .. } => visit(item, todo),
        RustType::Map { value, .. } => visit(value, todo),
        _ => {}
    }
}

/// `roots` and the structures and unions their members reach.
fn reached(ctx: &Ctx<'_>, roots: &[(Module, String)]) -> BTreeSet<(Module, String)> {
    let mut todo: Vec<(Module, String)> = roots.to_vec();
    let mut reached = BTreeSet::new();
    while let Some(key) = todo.pop() {
        let Some(def) = ctx.named(key.0, &key.1) else {
            continue;
        };
        match &def.kind {
            TypeKind::Struct(s) => {
                if reached.insert(key) {
                    s.fields.iter().for_each(|f| visit(&f.ty, &mut todo));
                }
            }
            TypeKind::Union(u) => {
                if reached.insert(key) {
                    u.variants
                        .iter()
                        .filter_map(|v| v.ty.as_ref())
                        .for_each(|ty| visit(ty, &mut todo));
                }
            }
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
        }
    }
    reached
}

/// The decoder's signature: `fn name<'a>(reader, el) -> Result<T, BoxError>`.
fn signature(name: &Ident, path: &TokenStream) -> TokenStream {
    let rt = quote!(::aws_client_runtime);
    quote! {
        fn #name<'a>(reader: &mut #rt::xml::XmlReader<'a>, el: &#rt::xml::StartEl<'a>) -> ::std::result::Result<#path, #rt::error::BoxError>
    }
}

/// Where a value is read: the member it belongs to (for messages) and the facts its reading
/// depends on.
struct Site<'a> {
    owner: &'a str,
    member: &'a str,
    /// The member's target shape (a list's or map's facts are in `Ir::collections`).
    target: &'a str,
    timestamp_format: Option<TimestampFormat>,
}

impl<'a> Site<'a> {
    fn of(owner: &'a str, field: &'a Field) -> Self {
        Self {
            owner,
            member: &field.member,
            target: &field.target,
            timestamp_format: field.timestamp_format,
        }
    }

    /// The site of a list's items or a map's values.
    fn inner(&self, member: &'a crate::ir::CollectionMember) -> Self {
        Self {
            owner: self.owner,
            member: self.member,
            target: &member.target,
            timestamp_format: member.timestamp_format,
        }
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::member(self.owner, self.member, message.into())
    }

    fn unsupported(&self, ctx: &Ctx<'_>, what: &str) -> Error {
        self.error(format!(
            "{} responses cannot hold {what} (XML has no binding for it)",
            ctx.protocol.trait_id()
        ))
    }

    fn list(&self, ctx: &'a Ctx<'_>) -> Result<&'a crate::ir::CollectionMember> {
        match ctx.ir.collections.get(self.target) {
            Some(Collection::List { member }) => Ok(member),
            _ => Err(self.error(format!(
                "internal error: `{}` is not a known list",
                self.target
            ))),
        }
    }

    fn map(
        &self,
        ctx: &'a Ctx<'_>,
    ) -> Result<(
        &'a crate::ir::CollectionMember,
        &'a crate::ir::CollectionMember,
    )> {
        match ctx.ir.collections.get(self.target) {
            Some(Collection::Map { key, value }) => Ok((key, value)),
            _ => Err(self.error(format!(
                "internal error: `{}` is not a known map",
                self.target
            ))),
        }
    }
}

/// The element (or attribute) name of a member: its `xmlName`, else its member name.
fn element_name<'f>(member: &'f str, xml_name: Option<&'f str>) -> &'f str {
    xml_name.unwrap_or(member)
}

/// Refuses two members read from the same element or attribute name (the second would never
/// be read).
fn check_unique<'n>(
    seen: &mut BTreeMap<(bool, &'n str), &'n str>,
    owner: &str,
    member: &'n str,
    attribute: bool,
    name: &'n str,
) -> Result<()> {
    if let Some(other) = seen.insert((attribute, name), member) {
        return Err(Error::member(
            owner,
            member,
            format!("has the XML name `{name}` of member `{other}` too"),
        ));
    }
    Ok(())
}

fn struct_decoder(ctx: &Ctx<'_>, def: &TypeDef, s: &Struct) -> Result<TokenStream> {
    let path = ctx.path(def);
    let fn_name = decoder_name(def.module, &def.name);
    let doc = super::doc(&format!(
        "Reads [`{}`] from an XML element (unknown children skipped, missing required members read as zero values).",
        def.name
    ));
    let fields: Vec<&Field> = s.fields.iter().collect();
    let read = members(ctx, &def.shape_id, &fields)?;
    let values = s.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let value = super::values::member_value(ctx, field, {
            let local = local(field);
            quote!(#local)
        });
        quote!(#field_name: #value,)
    });
    let signature = signature(&fn_name, &path);
    Ok(quote! {
        #doc
        #signature {
            #read
            ::std::result::Result::Ok(#path { #(#values)* })
        }
    })
}

/// Items of a restXml response body: `struct Body` of the body members `fields` of `owner`
/// (each an `Option`) and `fn decode_body`, its decoder from the body's root element (or an
/// error's `Error` element).
pub(super) fn body_decoder(ctx: &Ctx<'_>, owner: &str, fields: &[&Field]) -> Result<TokenStream> {
    let read = members(ctx, owner, fields)?;
    let names: Vec<Ident> = fields.iter().map(|f| ident(&f.name)).collect();
    let types = fields.iter().map(|f| ctx.ty(&f.ty));
    let locals = fields.iter().map(|f| local(f));
    let body = quote!(Body);
    let signature = signature(&format_ident!("decode_body"), &body);
    Ok(quote! {
        /// The body members, each absent until read.
        struct Body {
            #(#names: ::std::option::Option<#types>,)*
        }
        /// Reads the body members from the element holding them.
        #signature {
            #read
            ::std::result::Result::Ok(Body { #(#names: #locals,)* })
        }
    })
}

/// `struct Body` and `decode_body` for an `s3UnwrappedXmlOutput` output: the root element is
/// its one body member itself (`<LocationConstraint>..</LocationConstraint>`); a root of
/// another name is an error naming the element expected.
pub(super) fn unwrapped_body_decoder(
    ctx: &Ctx<'_>,
    owner: &str,
    fields: &[&Field],
) -> Result<TokenStream> {
    let [field] = fields else {
        return Err(Error::shape(
            owner,
            format!(
                "`aws.customizations#s3UnwrappedXmlOutput` needs exactly one body member; the output has {}",
                fields.len()
            ),
        ));
    };
    if field.xml_attribute || field.xml_flattened {
        return Err(Error::member(
            owner,
            &field.member,
            "the member of an `s3UnwrappedXmlOutput` output is the root element: it cannot be an attribute or flattened",
        ));
    }
    let name = ident(&field.name);
    let ty = ctx.ty(&field.ty);
    let element = element_name(&field.member, field.xml_name.as_deref());
    let read = value(ctx, &Site::of(owner, field), &field.ty)?.callable(false);
    let message =
        format!("expected the root element `{element}` (s3UnwrappedXmlOutput), found `{{}}`");
    let signature = signature(&format_ident!("decode_body"), &quote!(Body));
    Ok(quote! {
        /// The body member.
        struct Body {
            #name: ::std::option::Option<#ty>,
        }
        /// Reads the body member from the root element, which is the member itself.
        #signature {
            if el.local_name() != #element {
                return ::std::result::Result::Err(::std::convert::From::from(::std::format!(#message, el.local_name())));
            }
            let value = (#read)(reader, el)?;
            ::std::result::Result::Ok(Body { #name: ::std::option::Option::Some(value) })
        }
    })
}

/// The local variable a member is read into.
fn local(field: &Field) -> Ident {
    format_ident!("m_{}", field.name.trim_start_matches("r#"))
}

/// Statements reading `fields` of `owner` from element `el` into their locals (see [`local`]),
/// each an `Option`: attributes first, then the children.
fn members(ctx: &Ctx<'_>, owner: &str, fields: &[&Field]) -> Result<TokenStream> {
    let mut seen = BTreeMap::new();
    let mut locals = Vec::new();
    let mut attributes = Vec::new();
    let mut arms = Vec::new();
    for field in fields {
        let local = local(field);
        let ty = ctx.ty(&field.ty);
        let name = element_name(&field.member, field.xml_name.as_deref());
        check_unique(&mut seen, owner, &field.member, field.xml_attribute, name)?;
        let site = Site::of(owner, field);
        locals.push(
            quote!(let mut #local: ::std::option::Option<#ty> = ::std::option::Option::None;),
        );
        if field.xml_attribute {
            let read = scalar(ctx, &site, &field.ty, quote!(#name), quote!(text))?
                .ok_or_else(|| site.error("`xmlAttribute` on a member that is not a scalar"))?;
            attributes.push(quote! {
                if let ::std::option::Option::Some(text) = el.attr(#name) {
                    #local = ::std::option::Option::Some(#read);
                }
            });
        } else {
            let child = format_ident!("child");
            let x = quote!(::aws_client_runtime::wire::xml);
            let read = match &field.ty {
                // One element per item, named as the member.
                RustType::List { item, sparse } if field.xml_flattened => {
                    let member = site.list(ctx)?;
                    let item = value(ctx, &site.inner(member), item)?.call(&child);
                    let item = if *sparse {
                        quote!(::std::option::Option::Some(#item))
                    } else {
                        item
                    };
                    quote!(#local.get_or_insert_with(::std::vec::Vec::new).push(#item);)
                }
                // One element per entry, named as the member.
                RustType::Map { value: v, sparse } if field.xml_flattened => {
                    let (names, read) = map_parts(ctx, &site, v)?;
                    let entry = if *sparse {
                        quote!(#x::read_sparse_entry)
                    } else {
                        quote!(#x::read_entry)
                    };
                    quote! {
                        let (key, value) = #entry(reader, &child, #names, #read)?;
                        #local.get_or_insert_with(::std::default::Default::default).insert(key, value);
                    }
                }
                ty => {
                    let read = value(ctx, &site, ty)?.call(&child);
                    quote!(#local = ::std::option::Option::Some(#read);)
                }
            };
            arms.push((name, read));
        }
    }
    let children = match arms.as_slice() {
        [] => quote!(reader.skip(el)?;),
        [(name, read)] => quote! {
            while let ::std::option::Option::Some(child) = reader.next_child(el)? {
                if child.local_name() == #name {
                    #read
                }
            }
        },
        arms => {
            let arms = arms.iter().map(|(name, read)| quote!(#name => { #read }));
            quote! {
                while let ::std::option::Option::Some(child) = reader.next_child(el)? {
                    match child.local_name() {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
        }
    };
    Ok(quote! {
        #(#locals)*
        #(#attributes)*
        #children
    })
}

fn union_decoder(ctx: &Ctx<'_>, def: &TypeDef, u: &Union) -> Result<TokenStream> {
    let owner = &def.shape_id;
    let path = ctx.path(def);
    let fn_name = decoder_name(def.module, &def.name);
    let x = quote!(::aws_client_runtime::wire);
    let doc = super::doc(&format!(
        "Reads [`{}`] from an XML element: its one child names the member (an unknown one reads as the unknown variant).",
        def.name
    ));
    let mut seen = BTreeMap::new();
    let mut arms = Vec::new();
    let child = format_ident!("child");
    for variant in &u.variants {
        let name = element_name(&variant.member, variant.xml_name.as_deref());
        check_unique(&mut seen, owner, &variant.member, false, name)?;
        let variant_name = ident(&variant.name);
        let site = Site {
            owner,
            member: &variant.member,
            target: &variant.target,
            timestamp_format: variant.timestamp_format,
        };
        arms.push(match &variant.ty {
            // A member targeting Unit: its element says which; its content is skipped.
            None => quote!(#name => #path::#variant_name,),
            Some(RustType::List { .. } | RustType::Map { .. }) if variant.xml_flattened => {
                return Err(site.error(
                    "a flattened list or map in a union cannot be read from XML (not supported)",
                ));
            }
            Some(ty) => {
                let read = value(ctx, &site, ty)?.call(&child);
                let read = if variant.boxed {
                    quote!(::std::boxed::Box::new(#read))
                } else {
                    read
                };
                quote!(#name => #path::#variant_name(#read),)
            }
        });
    }
    let unknown = ident(&u.unknown);
    let several = format!("union `{}` has more than one member", def.name);
    let none = format!("union `{}` has no member", def.name);
    let signature = signature(&fn_name, &path);
    Ok(quote! {
        #doc
        #signature {
            let mut value = ::std::option::Option::None;
            while let ::std::option::Option::Some(child) = reader.next_child(el)? {
                let variant = match child.local_name() {
                    #(#arms)*
                    other => #path::#unknown(::std::borrow::ToOwned::to_owned(other)),
                };
                if value.replace(variant).is_some() {
                    return ::std::result::Result::Err(#x::parse_error(::std::format!("element `{}`: {}", el.local_name(), #several)));
                }
            }
            value.ok_or_else(|| #x::parse_error(::std::format!("element `{}`: {}", el.local_name(), #none)))
        }
    })
}

/// How a value is read from an element: a call of `func(reader, el, extra...)`, which
/// returns `Result<T, BoxError>`.
struct Read {
    func: TokenStream,
    /// Arguments after `reader` and the element, each with a leading comma.
    extra: TokenStream,
}

impl Read {
    fn new(func: TokenStream) -> Self {
        Self {
            func,
            extra: TokenStream::new(),
        }
    }

    /// An expression of type `T` reading the open element `el` (`?` applied).
    fn call(&self, el: &Ident) -> TokenStream {
        let Read { func, extra } = self;
        quote!(#func(reader, &#el #extra)?)
    }

    /// The reader as a function of `(reader, el)`: the function itself, or a closure adding
    /// the extra arguments (and `Some` for the items of a sparse list).
    fn callable(&self, some: bool) -> TokenStream {
        let Read { func, extra } = self;
        match (extra.is_empty(), some) {
            (true, false) => quote!(#func),
            (false, false) => quote!(|reader, el| #func(reader, el #extra)),
            (_, true) => {
                quote!(|reader, el| #func(reader, el #extra).map(::std::option::Option::Some))
            }
        }
    }
}

/// How a value of type `ty` (at `site`) is read from its element.
fn value(ctx: &Ctx<'_>, site: &Site<'_>, ty: &RustType) -> Result<Read> {
    let x = quote!(::aws_client_runtime::wire::xml);
    let rust_ty = ctx.ty(ty);
    Ok(match ty {
        RustType::String => Read::new(quote!(#x::read_string)),
        RustType::Bool => Read::new(quote!(#x::read_bool)),
        RustType::I8
        | RustType::I16
        | RustType::I32
        | RustType::I64
        | RustType::BigInteger
        | RustType::BigDecimal => Read::new(quote!(#x::read::<#rust_ty>)),
        RustType::F32 => Read::new(quote!(#x::read_float32)),
        RustType::F64 => Read::new(quote!(#x::read_float)),
        RustType::Blob => Read::new(quote!(#x::read_blob)),
        RustType::Timestamp(_) => {
            let format = text_format(site.timestamp_format.unwrap_or(TimestampFormat::DateTime));
            Read {
                func: quote!(#x::read_timestamp),
                extra: quote!(, #format),
            }
        }
        RustType::Document => return Err(site.unsupported(ctx, "a document")),
        RustType::Stream => return Err(site.unsupported(ctx, "a streaming blob")),
        RustType::Named { module, name } => {
            let def = ctx
                .named(*module, name)
                .ok_or_else(|| site.error(format!("internal error: no type `{name}`")))?;
            match def.kind {
                TypeKind::Enum(_) => Read::new(quote!(#x::read_enum::<#rust_ty>)),
                TypeKind::IntEnum(_) => Read::new(quote!(#x::read_int_enum::<#rust_ty>)),
                TypeKind::Struct(_) | TypeKind::Union(_) => {
                    let decode = decoder_name(*module, name);
                    Read::new(quote!(#decode))
                }
            }
        }
        RustType::List { item, sparse } => {
            let member = site.list(ctx)?;
            let item_name = member.xml_name.as_deref().unwrap_or("member");
            let item = value(ctx, &site.inner(member), item)?.callable(*sparse);
            Read {
                func: quote!(#x::read_list),
                extra: quote!(, #item_name, #item),
            }
        }
        RustType::Map { value: v, sparse } => {
            let (names, read) = map_parts(ctx, site, v)?;
            let func = if *sparse {
                quote!(#x::read_sparse_map)
            } else {
                quote!(#x::read_map)
            };
            Read {
                func,
                extra: quote!(, #names, #read),
            }
        }
    })
}

/// A map's `(key, value)` element names (a tuple expression) and how its values are read.
fn map_parts(
    ctx: &Ctx<'_>,
    site: &Site<'_>,
    value_ty: &RustType,
) -> Result<(TokenStream, TokenStream)> {
    let (key_member, value_member) = site.map(ctx)?;
    let key_name = key_member.xml_name.as_deref().unwrap_or("key");
    let value_name = value_member.xml_name.as_deref().unwrap_or("value");
    let read = value(ctx, &site.inner(value_member), value_ty)?.callable(false);
    Ok((quote!((#key_name, #value_name)), read))
}

/// An expression of type `T` reading a scalar of type `ty` from `text` (a `&str` expression)
/// of element or attribute `name` (a `&str` expression); `None` when `ty` is no scalar.
fn scalar(
    ctx: &Ctx<'_>,
    site: &Site<'_>,
    ty: &RustType,
    name: TokenStream,
    text: TokenStream,
) -> Result<Option<TokenStream>> {
    let x = quote!(::aws_client_runtime::wire::xml);
    let rust_ty = ctx.ty(ty);
    Ok(Some(match ty {
        RustType::String => quote!(::std::borrow::ToOwned::to_owned(#text)),
        RustType::Bool => quote!(#x::parse_bool(#name, #text)?),
        RustType::I8
        | RustType::I16
        | RustType::I32
        | RustType::I64
        | RustType::BigInteger
        | RustType::BigDecimal => quote!(#x::parse::<#rust_ty>(#name, #text)?),
        RustType::F32 => quote!((#x::parse_float(#name, #text)? as f32)),
        RustType::F64 => quote!(#x::parse_float(#name, #text)?),
        RustType::Blob => quote!(#x::parse_blob(#name, #text)?),
        RustType::Timestamp(_) => {
            let format = text_format(site.timestamp_format.unwrap_or(TimestampFormat::DateTime));
            quote!(#x::parse_timestamp(#name, #text, #format)?)
        }
        RustType::Document => return Err(site.unsupported(ctx, "a document")),
        RustType::Stream => return Err(site.unsupported(ctx, "a streaming blob")),
        RustType::Named {
            module,
            name: type_name,
        } => {
            let def = ctx
                .named(*module, type_name)
                .ok_or_else(|| site.error(format!("internal error: no type `{type_name}`")))?;
            match def.kind {
                TypeKind::Enum(_) => quote!(<#rust_ty as ::std::convert::From<&str>>::from(#text)),
                TypeKind::IntEnum(_) => quote! {
                    <#rust_ty as ::std::convert::From<i32>>::from(#x::parse::<i32>(#name, #text)?)
                },
                TypeKind::Struct(_) | TypeKind::Union(_) => return Ok(None),
            }
        }
        RustType::List { .. } | RustType::Map { .. } => return Ok(None),
    }))
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
