//! The XML body codec's request side: one writer function per structure or union that an
//! operation's XML body reaches, each writing the value as the element its caller opened
//! (attribute members on the start tag, the other members as children), and the documents of
//! a request: the input's body members under the input's root element, or a structure or
//! union `httpPayload`. Lists and maps are written where their member is (they have no Rust
//! type of their own). The protocol envelope (`http_request`) decides what goes in the body;
//! this module only writes XML, so any XML protocol can reuse it.
//!
//! Names follow Smithy's XML bindings: a member's element is its `xmlName`, else its member
//! name; list items are `member` (or the list member's `xmlName`), repeated under the
//! member's own name when `xmlFlattened`; map entries are `entry` with `key` and `value` (or
//! their `xmlName`s), the entry element named after the member when flattened. An element
//! declares the `xmlNamespace` of its member (list members, map keys and values included),
//! else that of the structure or union it holds; a root element declares its shape's, else
//! the service's. Timestamps are date-time unless
//! `timestampFormat` says otherwise; blobs are base64; map entries are written in key order,
//! so the same value always gives the same bytes.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Ctx, ident};
use crate::ir::{
    Collection, CollectionMember, Field, HttpBinding, Module, RustType, Struct, TypeDef, TypeKind,
    XmlNamespace, XmlRoot,
};
use crate::load::TimestampFormat;
use crate::select::short_name;
use crate::{Error, Result};

/// The writer functions of every structure and union the operations' XML bodies reach
/// (body members and structure or union payloads; each once, in module and name order).
pub(super) fn writers(ctx: &Ctx<'_>) -> Result<TokenStream> {
    let mut reached: BTreeSet<(Module, String)> = BTreeSet::new();
    for op in &ctx.ir.operations {
        let (_, input) = ctx.operation_struct(&op.input, &op.shape_id)?;
        for field in &input.fields {
            if matches!(ctx.binding(field), HttpBinding::Body | HttpBinding::Payload) {
                reach(ctx, &field.ty, &mut reached);
            }
        }
    }
    let mut out = TokenStream::new();
    for (module, name) in &reached {
        let def = ctx
            .named(*module, name)
            .ok_or_else(|| Error::msg(format!("internal error: no type `{name}`")))?;
        out.extend(writer(ctx, def)?);
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

/// The name of the function that writes structure or union `def` as an element.
fn writer_name(module: Module, name: &str) -> Ident {
    ident(&format!(
        "write_xml_{}_{}",
        module.name(),
        heck::ToSnakeCase::to_snake_case(name)
    ))
}

/// `.write_ns(uri, prefix)` on an open start tag, or nothing.
fn declare(namespace: Option<&XmlNamespace>) -> TokenStream {
    match namespace {
        None => quote!(),
        Some(XmlNamespace { uri, prefix: None }) => {
            quote!(.write_ns(#uri, ::std::option::Option::None))
        }
        Some(XmlNamespace {
            uri,
            prefix: Some(prefix),
        }) => quote!(.write_ns(#uri, ::std::option::Option::Some(#prefix))),
    }
}

/// Statements binding `body: Bytes` to the document of `fields` (the input's body members)
/// under the root element of input structure `def`.
pub(super) fn body_document(
    ctx: &Ctx<'_>,
    def: &TypeDef,
    fields: &[&Field],
) -> Result<TokenStream> {
    let TypeKind::Struct(s) = &def.kind else {
        return Err(Error::shape(&def.shape_id, "an input must be a structure"));
    };
    let root = root_name(&s.xml, &def.shape_id);
    let namespace = declare(root_namespace(ctx, &s.xml));
    let members = member_writes(ctx, &def.shape_id, fields)?;
    Ok(quote! {
        let mut writer = ::aws_client_runtime::xml::XmlWriter::new();
        {
            let el = writer.start_el(#root)#namespace;
            #members
        }
        let body = ::aws_client_runtime::deps::bytes::Bytes::from(writer.finish());
    })
}

/// An expression of type `Bytes`: the document of payload `field`'s structure or union
/// value `v`, whose root element is named by the member's `xmlName`, else the target's
/// `xmlName`, else the target's shape name.
pub(super) fn payload_document(ctx: &Ctx<'_>, field: &Field) -> Result<TokenStream> {
    let RustType::Named { module, name } = &field.ty else {
        return Err(Error::msg(format!(
            "internal error: payload `{}` is not a structure or union",
            field.member
        )));
    };
    let def = ctx
        .named(*module, name)
        .ok_or_else(|| Error::msg(format!("internal error: no type `{name}`")))?;
    let xml = match &def.kind {
        TypeKind::Struct(s) => &s.xml,
        TypeKind::Union(u) => &u.xml,
        _ => {
            return Err(Error::shape(
                &def.shape_id,
                "internal error: an XML payload must be a structure or union",
            ));
        }
    };
    let root = field
        .xml_name
        .clone()
        .unwrap_or_else(|| root_name(xml, &def.shape_id));
    let namespace = declare(
        field
            .xml_namespace
            .as_ref()
            .or_else(|| root_namespace(ctx, xml)),
    );
    let write_fn = writer_name(*module, name);
    Ok(quote! {
        {
            let mut writer = ::aws_client_runtime::xml::XmlWriter::new();
            #write_fn(writer.start_el(#root)#namespace, v)?;
            ::aws_client_runtime::deps::bytes::Bytes::from(writer.finish())
        }
    })
}

/// A root element's name: the shape's `xmlName`, else its shape name.
fn root_name(xml: &XmlRoot, shape_id: &str) -> String {
    xml.name
        .clone()
        .unwrap_or_else(|| short_name(shape_id).to_owned())
}

/// A root element's namespace: the shape's, else the service's.
fn root_namespace<'a>(ctx: &'a Ctx<'_>, xml: &'a XmlRoot) -> Option<&'a XmlNamespace> {
    xml.namespace
        .as_ref()
        .or(ctx.ir.service.xml_namespace.as_ref())
}

/// `fn write_xml_x(el, input)` for structure or union `def`.
fn writer(ctx: &Ctx<'_>, def: &TypeDef) -> Result<TokenStream> {
    let fn_name = writer_name(def.module, &def.name);
    let path = ctx.path(def);
    let doc = super::doc(&format!(
        "Writes [`{}`] as the element `el` opened: attribute members on its start tag, the others as children.",
        def.name
    ));
    let w = quote!(::aws_client_runtime::wire);
    let x = quote!(::aws_client_runtime::xml);
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_body(ctx, &def.shape_id, s)?,
        TypeKind::Union(u) => {
            let mut arms = Vec::new();
            for variant in &u.variants {
                let name = ident(&variant.name);
                let element = variant.xml_name.as_deref().unwrap_or(&variant.member);
                let namespace = declare(variant.xml_namespace.as_ref());
                arms.push(match &variant.ty {
                    // A member targeting Unit has no value: an empty element says which.
                    None => quote!(#path::#name => scope.start_el(#element)#namespace.empty(),),
                    Some(ty) => {
                        let site = Site {
                            owner: &def.shape_id,
                            member: &variant.member,
                            target: &variant.target,
                            timestamp_format: variant.timestamp_format,
                            flattened: variant.xml_flattened,
                            namespace: variant.xml_namespace.as_ref(),
                        };
                        let write = value(ctx, &site, ty, element, quote!(v))?;
                        quote!(#path::#name(v) => { #write })
                    }
                });
            }
            let message = format!("cannot send an unknown variant of `{}`", def.name);
            // The unknown variant, and any a newer types crate adds (the enum is
            // `#[non_exhaustive]`; in a client with its types inline the arm is unreachable).
            quote! {
                let mut scope = el.finish();
                match input {
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
    // An empty structure reads nothing of its value.
    let input = match &def.kind {
        TypeKind::Struct(s) if s.fields.is_empty() => quote!(_input),
        _ => quote!(input),
    };
    Ok(quote! {
        #doc
        fn #fn_name(el: #x::ElWriter<'_>, #input: &#path) -> ::std::result::Result<(), #w::SerializeError> {
            #body
            ::std::result::Result::Ok(())
        }
    })
}

/// The statements of a structure's writer: every member of `s` that is set.
fn struct_body(ctx: &Ctx<'_>, owner: &str, s: &Struct) -> Result<TokenStream> {
    let fields: Vec<&Field> = s.fields.iter().collect();
    member_writes(ctx, owner, &fields)
}

/// Statements writing `fields` of `input` (those set) into the open start tag `el`:
/// attributes first, then the start tag is closed and the others follow as children.
fn member_writes(ctx: &Ctx<'_>, owner: &str, fields: &[&Field]) -> Result<TokenStream> {
    let mut attributes = TokenStream::new();
    let mut children = TokenStream::new();
    for field in fields {
        let element = field.xml_name.as_deref().unwrap_or(&field.member);
        let site = Site::of(owner, field);
        if field.xml_attribute {
            let text = scalar_text(ctx, &site, &field.ty, quote!(v))?
                .ok_or_else(|| site.unsupported("a non-scalar value as an attribute"))?;
            let name = ident(&field.name);
            attributes.extend(match field.presence {
                crate::ir::Presence::Optional => quote! {
                    let el = match &input.#name {
                        ::std::option::Option::Some(v) => el.attr(#element, #text),
                        ::std::option::Option::None => el,
                    };
                },
                _ => quote! {
                    let el = {
                        let v = &input.#name;
                        el.attr(#element, #text)
                    };
                },
            });
            continue;
        }
        let write = value(ctx, &site, &field.ty, element, quote!(v))?;
        children.extend(super::when_set(field, write));
    }
    Ok(if children.is_empty() {
        quote! {
            #attributes
            el.finish().finish();
        }
    } else {
        quote! {
            #attributes
            let mut scope = el.finish();
            #children
        }
    })
}

/// Where a value is written: the member it belongs to, for messages and the facts its
/// elements depend on.
struct Site<'a> {
    owner: &'a str,
    member: &'a str,
    /// The member's target shape (a list's or map's facts are in `Ir::collections`).
    target: &'a str,
    timestamp_format: Option<TimestampFormat>,
    flattened: bool,
    /// The member's `xmlNamespace`, declared on its element.
    namespace: Option<&'a XmlNamespace>,
}

impl<'a> Site<'a> {
    fn of(owner: &'a str, field: &'a Field) -> Self {
        Self {
            owner,
            member: &field.member,
            target: &field.target,
            timestamp_format: field.timestamp_format,
            flattened: field.xml_flattened,
            namespace: field.xml_namespace.as_ref(),
        }
    }

    /// The site of a list's items or a map's keys and values: the same member, the
    /// collection member's target, format and namespace, never flattened.
    fn inner(&self, member: &'a CollectionMember) -> Self {
        Self {
            owner: self.owner,
            member: self.member,
            target: &member.target,
            timestamp_format: member.timestamp_format,
            flattened: false,
            namespace: member.xml_namespace.as_ref(),
        }
    }

    fn unsupported(&self, what: &str) -> Error {
        Error::member(
            self.owner,
            self.member,
            format!("an XML body cannot hold {what}"),
        )
    }
}

/// An expression of type `&str`: scalar `value` (an expression of type `&T`) as XML text,
/// or `None` when `ty` is not a scalar.
fn scalar_text(
    ctx: &Ctx<'_>,
    site: &Site<'_>,
    ty: &RustType,
    value: TokenStream,
) -> Result<Option<TokenStream>> {
    let w = quote!(::aws_client_runtime::wire);
    Ok(Some(match ty {
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
        RustType::Named { module, name } => {
            let def = ctx
                .named(*module, name)
                .ok_or_else(|| Error::msg(format!("internal error: no type `{name}`")))?;
            match &def.kind {
                TypeKind::Enum(_) => quote!(#value.as_str()),
                TypeKind::IntEnum(_) => {
                    quote!(&::std::string::ToString::to_string(&#value.as_i32()))
                }
                TypeKind::Struct(_) | TypeKind::Union(_) => return Ok(None),
            }
        }
        RustType::Document | RustType::Stream | RustType::List { .. } | RustType::Map { .. } => {
            return Ok(None);
        }
    }))
}

/// Statements writing `value` (an expression of type `&T` for `ty`) as the element
/// `element` (with the site's namespace) into `scope`. Lists and maps open blocks that
/// shadow `scope` and `v`.
fn value(
    ctx: &Ctx<'_>,
    site: &Site<'_>,
    ty: &RustType,
    element: &str,
    value: TokenStream,
) -> Result<TokenStream> {
    let namespace = declare(site.namespace);
    if let Some(text) = scalar_text(ctx, site, ty, value.clone())? {
        return Ok(if site.namespace.is_none() {
            quote!(scope.text_el(#element, #text);)
        } else {
            quote! {
                scope.start_el(#element)#namespace.finish().data(#text);
            }
        });
    }
    match ty {
        RustType::Named { module, name } => {
            // The member's namespace, else the structure's or union's own (S3's `Grantee`
            // declares the `xsi` prefix its `xsi:type` attribute uses so).
            let own = ctx.named(*module, name).and_then(|def| match &def.kind {
                TypeKind::Struct(s) => s.xml.namespace.as_ref(),
                TypeKind::Union(u) => u.xml.namespace.as_ref(),
                _ => None,
            });
            let namespace = declare(site.namespace.or(own));
            let write_fn = writer_name(*module, name);
            Ok(quote!(#write_fn(scope.start_el(#element)#namespace, #value)?;))
        }
        RustType::List { item, sparse } => list(ctx, site, item, *sparse, element, value),
        RustType::Map {
            value: item,
            sparse,
        } => map(ctx, site, item, *sparse, element, value),
        RustType::Document => Err(site.unsupported("a document")),
        RustType::Stream => Err(site.unsupported("a streaming blob")),
        _ => Err(Error::msg(format!(
            "internal error: no XML writer for member `{}` of `{}`",
            site.member, site.owner
        ))),
    }
}

/// Statements writing list `value`: items under a wrapper element `element`, or, flattened,
/// each item as an element `element` of its own. Sparse lists' nulls have no element.
fn list(
    ctx: &Ctx<'_>,
    site: &Site<'_>,
    item_ty: &RustType,
    sparse: bool,
    element: &str,
    value: TokenStream,
) -> Result<TokenStream> {
    let Some(Collection::List { member }) = ctx.ir.collections.get(site.target) else {
        return Err(Error::member(
            site.owner,
            site.member,
            format!("internal error: `{}` is not a known list", site.target),
        ));
    };
    let items = if sparse {
        quote!(#value.iter().flatten())
    } else {
        quote!(#value.iter())
    };
    let mut item_site = site.inner(member);
    if site.flattened {
        // Flattened items are the member's elements: its name, its namespace.
        item_site.namespace = site.namespace.or(item_site.namespace);
        let write = self::value(ctx, &item_site, item_ty, element, quote!(v))?;
        return Ok(quote! {
            for v in #items {
                #write
            }
        });
    }
    let item_element = member.xml_name.as_deref().unwrap_or("member");
    let write = self::value(ctx, &item_site, item_ty, item_element, quote!(v))?;
    let namespace = declare(site.namespace);
    Ok(quote! {
        {
            let mut scope = scope.start_el(#element)#namespace.finish();
            for v in #items {
                #write
            }
        }
    })
}

/// Statements writing map `value`, entries in key order: `entry` elements under a wrapper
/// element `element`, or, flattened, each entry as an element `element` of its own; each
/// holds the key's and the value's element. Sparse maps' nulls have no entry.
fn map(
    ctx: &Ctx<'_>,
    site: &Site<'_>,
    value_ty: &RustType,
    sparse: bool,
    element: &str,
    value: TokenStream,
) -> Result<TokenStream> {
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
    let key_element = key_member.xml_name.as_deref().unwrap_or("key");
    let value_element = value_member.xml_name.as_deref().unwrap_or("value");
    let key_site = site.inner(key_member);
    let write_key = self::value(ctx, &key_site, &RustType::String, key_element, quote!(key))?;
    let value_site = site.inner(value_member);
    let write_value = self::value(ctx, &value_site, value_ty, value_element, quote!(v))?;
    let write_value = if sparse {
        quote!(if let ::std::option::Option::Some(v) = v { #write_value })
    } else {
        write_value
    };
    let namespace = declare(site.namespace);
    let entries = quote! {
        let mut entries: ::std::vec::Vec<_> = #value.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
    };
    if site.flattened {
        return Ok(quote! {
            {
                #entries
                for (key, v) in entries {
                    let mut scope = scope.start_el(#element)#namespace.finish();
                    #write_key
                    #write_value
                }
            }
        });
    }
    Ok(quote! {
        {
            let mut scope = scope.start_el(#element)#namespace.finish();
            #entries
            for (key, v) in entries {
                let mut scope = scope.start_el("entry").finish();
                #write_key
                #write_value
            }
        }
    })
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
