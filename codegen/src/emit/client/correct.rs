//! Client error correction for nested structures: when a response's JSON lacks a member the
//! model requires (and the types' strict serde refuses it), the parser fills in zero values
//! and reads it again. One corrector per structure that can need one; called only after the
//! strict read failed, so a well-formed response pays nothing.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Ctx, ident};
use crate::ir::{Field, Module, Presence, RustType, Struct, TypeDef, TypeKind};

/// The structures (by module and name) whose JSON may need correcting: those with a
/// required member that has a zero value, or a member whose type holds such a structure.
/// A required union or stream has none, so a structure whose only required members are
/// those gets no corrector (it would have nothing to do).
pub(super) fn needing_correction(ctx: &Ctx<'_>) -> BTreeSet<(Module, String)> {
    let mut needed: BTreeSet<(Module, String)> = BTreeSet::new();
    loop {
        let before = needed.len();
        for def in &ctx.ir.types {
            let TypeKind::Struct(s) = &def.kind else {
                continue;
            };
            if needed.contains(&(def.module, def.name.clone())) {
                continue;
            }
            let needs = s.fields.iter().any(|f| {
                (f.presence == Presence::Required && zero(ctx, &f.ty).is_some())
                    || holds_needing(&f.ty, &needed)
            });
            if needs {
                needed.insert((def.module, def.name.clone()));
            }
        }
        if needed.len() == before {
            return needed;
        }
    }
}

fn holds_needing(ty: &RustType, needed: &BTreeSet<(Module, String)>) -> bool {
    match ty {
        RustType::Named { module, name } => needed.contains(&(*module, name.clone())),
        RustType::List { item, .. } => holds_needing(item, needed),
        RustType::Map { value, .. } => holds_needing(value, needed),
        _ => false,
    }
}

/// The corrector function of a structure.
pub(super) fn corrector_name(module: Module, name: &str) -> Ident {
    ident(&format!(
        "correct_{}_{}",
        module.name(),
        heck::ToSnakeCase::to_snake_case(name)
    ))
}

/// A JSON value every reader accepts for a missing required member of this type, if any.
fn zero(ctx: &Ctx<'_>, ty: &RustType) -> Option<TokenStream> {
    let v = quote!(::aws_client_runtime::deps::serde_json::Value);
    Some(match ty {
        RustType::String | RustType::Blob => quote!(#v::String(::std::string::String::new())),
        RustType::Bool => quote!(#v::Bool(false)),
        RustType::I8
        | RustType::I16
        | RustType::I32
        | RustType::I64
        | RustType::F32
        | RustType::F64
        | RustType::BigInteger
        | RustType::BigDecimal => quote!(#v::from(0)),
        // The timestamp readers take `null` as the epoch; a document may be `null`.
        RustType::Timestamp(_) | RustType::Document => quote!(#v::Null),
        // A stream is never in a JSON body.
        RustType::Stream => return None,
        RustType::List { .. } => quote!(#v::Array(::std::vec::Vec::new())),
        RustType::Map { .. } => quote!(#v::Object(::std::default::Default::default())),
        RustType::Named { module, name } => match ctx.named(*module, name).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => quote!(#v::String(::std::string::String::new())),
            Some(TypeKind::IntEnum(_)) => quote!(#v::from(0)),
            Some(TypeKind::Struct(_)) => quote!(#v::Object(::std::default::Default::default())),
            // A union has no zero value: the read fails, as it should.
            _ => return None,
        },
    })
}

/// Statements correcting `value` (a `&mut Value`) of type `ty`, if it can hold a structure
/// that needs correcting.
fn descend(ty: &RustType, value: TokenStream, needed: &BTreeSet<(Module, String)>) -> TokenStream {
    let v = quote!(::aws_client_runtime::deps::serde_json::Value);
    match ty {
        RustType::Named { module, name } if needed.contains(&(*module, name.clone())) => {
            let f = corrector_name(*module, name);
            quote!(#f(#value);)
        }
        RustType::List { item, .. } if holds_needing(item, needed) => {
            let inner = descend(item, quote!(item), needed);
            quote! {
                if let #v::Array(items) = #value {
                    for item in items {
                        #inner
                    }
                }
            }
        }
        RustType::Map { value: item, .. } if holds_needing(item, needed) => {
            let inner = descend(item, quote!(item), needed);
            quote! {
                if let #v::Object(items) = #value {
                    for item in items.values_mut() {
                        #inner
                    }
                }
            }
        }
        _ => quote!(),
    }
}

/// Statements correcting the members `fields` of the JSON object `object`
/// (`&mut Map<String, Value>`).
pub(super) fn correct_members<'a>(
    ctx: &Ctx<'_>,
    fields: impl IntoIterator<Item = &'a Field>,
    needed: &BTreeSet<(Module, String)>,
    nested_only: bool,
) -> TokenStream {
    let mut out = TokenStream::new();
    for f in fields {
        let wire = ctx.json_key(f);
        if f.presence == Presence::Required
            && !nested_only
            && let Some(zero) = zero(ctx, &f.ty)
        {
            out.extend(quote! {
                object.entry(#wire).or_insert_with(|| #zero);
            });
        }
        let v = quote!(::aws_client_runtime::deps::serde_json::Value);
        // One `if let` per member (clippy wants nested patterns collapsed).
        match &f.ty {
            RustType::List { item, .. } if holds_needing(item, needed) => {
                let inner = descend(item, quote!(item), needed);
                out.extend(quote! {
                    if let ::std::option::Option::Some(#v::Array(items)) = object.get_mut(#wire) {
                        for item in items {
                            #inner
                        }
                    }
                });
            }
            RustType::Map { value, .. } if holds_needing(value, needed) => {
                let inner = descend(value, quote!(item), needed);
                out.extend(quote! {
                    if let ::std::option::Option::Some(#v::Object(items)) = object.get_mut(#wire) {
                        for item in items.values_mut() {
                            #inner
                        }
                    }
                });
            }
            ty => {
                let inner = descend(ty, quote!(member), needed);
                if !inner.is_empty() {
                    out.extend(quote! {
                        if let ::std::option::Option::Some(member) = object.get_mut(#wire) {
                            #inner
                        }
                    });
                }
            }
        }
    }
    out
}

/// The corrector functions of the structures in `called` (see [`called`]).
pub(super) fn correctors(
    ctx: &Ctx<'_>,
    called: &BTreeSet<(Module, String)>,
    needed: &BTreeSet<(Module, String)>,
) -> TokenStream {
    let mut out = TokenStream::new();
    for def in &ctx.ir.types {
        let TypeDef {
            kind: TypeKind::Struct(s),
            module,
            name,
            ..
        } = def
        else {
            continue;
        };
        if !called.contains(&(*module, name.clone())) {
            continue;
        }
        out.extend(corrector(ctx, def, s, needed));
    }
    out
}

fn corrector(
    ctx: &Ctx<'_>,
    def: &TypeDef,
    s: &Struct,
    needed: &BTreeSet<(Module, String)>,
) -> TokenStream {
    let f = corrector_name(def.module, &def.name);
    let members = correct_members(ctx, &s.fields, needed, false);
    let doc = super::doc(&format!(
        "Fills in zero values for members of `{}` the model requires but the JSON lacks.",
        def.name
    ));
    quote! {
        #doc
        fn #f(value: &mut ::aws_client_runtime::deps::serde_json::Value) {
            let ::aws_client_runtime::deps::serde_json::Value::Object(object) = value else {
                return;
            };
            #members
        }
    }
}

/// The structures whose correctors some response reader calls: those that need correcting
/// and are reachable from a response's members through structures, lists and maps.
pub(super) fn called(
    ctx: &Ctx<'_>,
    roots: &[&Struct],
    needed: &BTreeSet<(Module, String)>,
) -> BTreeSet<(Module, String)> {
    fn visit(ty: &RustType, needed: &BTreeSet<(Module, String)>, todo: &mut Vec<(Module, String)>) {
        match ty {
            RustType::Named { module, name } if needed.contains(&(*module, name.clone())) => {
                todo.push((*module, name.clone()));
            }
            RustType::List { item, .. } => visit(item, needed, todo),
            RustType::Map { value, .. } => visit(value, needed, todo),
            _ => {}
        }
    }
    let mut todo = Vec::new();
    for s in roots {
        for f in &s.fields {
            visit(&f.ty, needed, &mut todo);
        }
    }
    let mut called = BTreeSet::new();
    while let Some(key) = todo.pop() {
        if !called.insert(key.clone()) {
            continue;
        }
        if let Some(TypeKind::Struct(s)) = ctx.named(key.0, &key.1).map(|t| &t.kind) {
            for f in &s.fields {
                visit(&f.ty, needed, &mut todo);
            }
        }
    }
    called
}
