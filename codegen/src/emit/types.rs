//! Emits structures (with builders), enums, int enums and unions.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};
use serde_json::Value;

use super::{doc_attrs, ident, rust_type, support_path};
use crate::ir::{
    Enum, Field, IntEnum, Ir, Module, Presence, RustType, Struct, TypeDef, TypeKind, Union,
};

/// The text `Debug` prints instead of a `@sensitive` value.
const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// All types of one module.
pub(super) fn module_items(ir: &Ir, module: Module) -> TokenStream {
    ir.types
        .iter()
        .filter(|t| t.module == module)
        .map(|t| type_def(ir, t))
        .collect()
}

fn type_def(ir: &Ir, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => structure(ir, def, s),
        TypeKind::Enum(e) => string_enum(def, e),
        TypeKind::IntEnum(e) => int_enum(def, e),
        TypeKind::Union(u) => union(ir, def, u),
    }
}

/// The field's Rust type as stored in the structure.
fn field_type(field: &Field) -> TokenStream {
    let inner = boxed(field, rust_type(&field.ty));
    match field.presence {
        Presence::Optional => quote!(::std::option::Option<#inner>),
        _ => inner,
    }
}

fn boxed(field: &Field, ty: TokenStream) -> TokenStream {
    if field.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    }
}

/// Serde attributes of a field: wire name, omission of unset optionals, wire helpers, and
/// what a missing member reads as: nothing for a required member (an error), `None` for an
/// optional one, the model's default for a defaulted one (`default_fn` names its function).
fn serde_attrs(ir: &Ir, field: &Field, default_fn: Option<&str>) -> TokenStream {
    if field.ty == RustType::Stream {
        // A stream is a payload, never JSON: serde leaves it out (and reads it as empty).
        return quote!(#[serde(skip)]);
    }
    let mut parts = Vec::new();
    let wire = crate::protocol::serde_key(
        ir.service.serde_json_name,
        &field.member,
        field.json_name.as_deref(),
    );
    if wire != field.name {
        parts.push(quote!(rename = #wire));
    }
    match (&field.presence, default_fn) {
        (Presence::Optional, _) => {
            parts.push(quote!(default));
            parts.push(quote!(
                skip_serializing_if = "::std::option::Option::is_none"
            ));
        }
        (Presence::Default(_), Some(path)) => parts.push(quote!(default = #path)),
        (Presence::Default(_), None) => parts.push(quote!(default)),
        (Presence::Required, _) => {}
    }
    match field.ty.serde_with() {
        Some(module) => {
            let path = super::support_path_text(module);
            parts.push(quote!(with = #path));
        }
        // Required and defaulted members read `null` as their zero value (error correction).
        None if field.presence != Presence::Optional => {
            parts.push(quote!(
                deserialize_with = "::smithy_types_runtime::null_default::deserialize"
            ));
        }
        None => {}
    }
    if parts.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

/// The name of the function serde calls for a missing member with a non-zero model default.
fn default_fn_name(type_name: &str, field: &Field) -> Option<String> {
    match &field.presence {
        Presence::Default(v) if !is_zero_default(&field.ty, v) => Some(format!(
            "default_{}_{}",
            heck::ToSnakeCase::to_snake_case(type_name),
            field.name.trim_end_matches('_')
        )),
        _ => None,
    }
}

/// Whether `Default` can be derived: every member's default is its type's zero value.
fn derivable_default(s: &Struct) -> bool {
    s.fields.iter().all(|f| match &f.presence {
        Presence::Default(v) => is_zero_default(&f.ty, v),
        _ => true,
    })
}

/// Whether `v` is what `Default::default()` gives for `ty`. A document's `Default` is
/// `null`, which is never a model default (a `null` default means no default), so no
/// document default is zero.
pub(super) fn is_zero_default(ty: &RustType, v: &Value) -> bool {
    if *ty == RustType::Document {
        return false;
    }
    match v {
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Null => true,
    }
}

/// An expression of the member's default value.
fn default_expr(field: &Field, value: &Value) -> TokenStream {
    default_expr_in(field, value, &quote!(super), &quote!())
}

/// [`default_expr`], with the types crate's root at `root` and `serde_json` and
/// `smithy_types_runtime` under `deps` (empty: at the crate root).
pub(super) fn default_expr_in(
    field: &Field,
    value: &Value,
    root: &TokenStream,
    deps: &TokenStream,
) -> TokenStream {
    if is_zero_default(&field.ty, value) {
        return quote!(::std::default::Default::default());
    }
    match (&field.ty, value) {
        (RustType::Document, value) => {
            let text = value.to_string();
            quote!(#deps::serde_json::from_str::<#deps::serde_json::Value>(#text).unwrap_or_default())
        }
        // The IR checked that a blob default is base64.
        (RustType::Blob, Value::String(s)) => {
            let bytes = Literal::byte_string(&crate::ir::decode_base64(s).unwrap_or_default());
            quote!(::std::vec::Vec::from(&#bytes[..]))
        }
        (RustType::Bool, Value::Bool(b)) => quote!(#b),
        (RustType::String, Value::String(s)) => quote!(::std::string::String::from(#s)),
        (RustType::Named { .. }, Value::String(s)) => {
            let ty = super::rust_type_in(&field.ty, root);
            quote!(<#ty as ::std::convert::From<&str>>::from(#s))
        }
        (RustType::Named { .. }, Value::Number(n)) => {
            let ty = super::rust_type_in(&field.ty, root);
            let value = Literal::i32_suffixed(
                n.as_i64()
                    .and_then(|v| i32::try_from(v).ok())
                    .unwrap_or_default(),
            );
            quote!(<#ty as ::std::convert::From<i32>>::from(#value))
        }
        // The IR checked that a timestamp default is a finite number of epoch seconds.
        (RustType::Timestamp(_), Value::Number(n)) => {
            let seconds = n.as_f64().unwrap_or_default();
            let secs = Literal::i64_suffixed(seconds.floor() as i64);
            let nanos = Literal::u32_suffixed(((seconds - seconds.floor()) * 1e9).round() as u32);
            quote!(#deps::smithy_types_runtime::DateTime::from_secs_and_nanos(#secs, #nanos))
        }
        (ty, Value::Number(n)) => number_literal(ty, n),
        // The IR checked that the default fits the member's type; nothing else reaches here.
        _ => quote!(::std::default::Default::default()),
    }
}

fn number_literal(ty: &RustType, n: &serde_json::Number) -> TokenStream {
    let int = n.as_i64().unwrap_or_default();
    let float = n.as_f64().unwrap_or_default();
    match ty {
        RustType::I8 => Literal::i8_suffixed(int as i8).into_token_stream(),
        RustType::I16 => Literal::i16_suffixed(int as i16).into_token_stream(),
        RustType::I32 => Literal::i32_suffixed(int as i32).into_token_stream(),
        RustType::I64 => Literal::i64_suffixed(int).into_token_stream(),
        RustType::F32 => Literal::f32_suffixed(float as f32).into_token_stream(),
        RustType::F64 => Literal::f64_suffixed(float).into_token_stream(),
        _ => quote!(::std::default::Default::default()),
    }
}

fn structure(ir: &Ir, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let builder = ident(&s.builder);
    let docs = doc_attrs(&def.docs);
    let derive_default = derivable_default(s);
    let sensitive_debug = s.sensitive || s.fields.iter().any(|f| f.sensitive);

    // A stream can be neither copied nor compared.
    let streams = s.fields.iter().any(|f| f.ty == RustType::Stream);
    let mut derives = if streams {
        Vec::new()
    } else {
        vec![quote!(::std::clone::Clone), quote!(::std::cmp::PartialEq)]
    };
    if !sensitive_debug {
        derives.insert(0, quote!(::std::fmt::Debug));
    }
    if derive_default {
        derives.push(quote!(::std::default::Default));
    }

    let fields = s.fields.iter().map(|f| {
        let docs = doc_attrs(&f.docs);
        let fname = ident(&f.name);
        let ty = field_type(f);
        let serde = serde_attrs(ir, f, default_fn_name(&def.name, f).as_deref());
        quote! { #docs #serde pub #fname: #ty, }
    });
    // serde's `default = "path"` needs a function for each non-zero model default.
    let default_fns = s.fields.iter().filter_map(|f| {
        let name = ident(&default_fn_name(&def.name, f)?);
        let ty = field_type(f);
        let Presence::Default(v) = &f.presence else {
            return None;
        };
        let value = default_expr(f, v);
        Some(quote! {
            fn #name() -> #ty {
                #value
            }
        })
    });

    let default_impl = if derive_default {
        quote!()
    } else {
        let values = s.fields.iter().map(|f| {
            let fname = ident(&f.name);
            let value = match &f.presence {
                Presence::Default(v) => default_expr(f, v),
                _ => quote!(::std::default::Default::default()),
            };
            quote!(#fname: #value,)
        });
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self { #(#values)* }
                }
            }
        }
    };

    let debug_impl = if sensitive_debug {
        debug_impl(&def.name, s, false)
    } else {
        quote!()
    };
    let error_impls = s
        .error
        .as_ref()
        .map(|e| error_impls(&name, e, s))
        .unwrap_or_default();
    let builder_def = builder_type(ir, def, s);
    let builder_doc = format!("Creates a builder for [`{}`].", def.name);
    let builder_doc_attr = super::doc(&builder_doc);

    quote! {
        #docs
        #[derive(#(#derives,)* ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }

        #(#default_fns)*

        impl #name {
            #builder_doc_attr
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        #default_impl
        #debug_impl
        #error_impls
        #builder_def
    }
}

/// A `Debug` that prints `@sensitive` members (or everything, for a sensitive structure) redacted.
fn debug_impl(type_name: &str, s: &Struct, builder: bool) -> TokenStream {
    let name = if builder {
        ident(&s.builder)
    } else {
        ident(type_name)
    };
    let label = if builder {
        s.builder.clone()
    } else {
        type_name.to_owned()
    };
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let key = &f.name;
        if s.sensitive || f.sensitive {
            quote!(.field(#key, &#REDACTED))
        } else {
            quote!(.field(#key, &self.#fname))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}

fn error_impls(name: &proc_macro2::Ident, e: &crate::ir::ErrorInfo, s: &Struct) -> TokenStream {
    let code = &e.code;
    let message = match e.message_field.map(|i| &s.fields[i]) {
        Some(field) => {
            let fname = ident(&field.name);
            match field.presence {
                Presence::Optional => quote! {
                    if let ::std::option::Option::Some(message) = &self.#fname {
                        write!(f, ": {message}")?;
                    }
                },
                _ => quote! { write!(f, ": {}", self.#fname)?; },
            }
        }
        None => quote!(),
    };
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#code)?;
                #message
                ::std::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for #name {}
    }
}

fn builder_type(ir: &Ir, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let builder = ident(&s.builder);
    let doc = format!("A builder for [`{}`].", def.name);
    let doc_attr = super::doc(&doc);
    let sensitive_debug = s.sensitive || s.fields.iter().any(|f| f.sensitive);
    let debug = if sensitive_debug {
        quote!()
    } else {
        quote!(::std::fmt::Debug,)
    };
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let ty = rust_type(&f.ty);
        quote!(#fname: ::std::option::Option<#ty>,)
    });
    let setters = s
        .fields
        .iter()
        .map(|f| super::setters::member_methods(f, &rust_type, &super::setters::Store::Field));
    let fallible = s.fields.iter().any(|f| f.presence == Presence::Required);
    let build_error = ident(&ir.build_error);
    let values = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let type_name = &def.name;
        let member = &f.name;
        let value = match &f.presence {
            Presence::Optional => quote!(self.#fname),
            Presence::Required => quote! {
                self.#fname.ok_or(super::error::#build_error::missing_member(#type_name, #member))?
            },
            Presence::Default(v) if is_zero_default(&f.ty, v) => {
                quote!(self.#fname.unwrap_or_default())
            }
            Presence::Default(v) => match default_expr(f, v) {
                expr if matches!(v, Value::Bool(_) | Value::Number(_)) => {
                    quote!(self.#fname.unwrap_or(#expr))
                }
                expr => quote!(self.#fname.unwrap_or_else(|| #expr)),
            },
        };
        let value = if f.boxed {
            match f.presence {
                Presence::Optional => quote!(#value.map(::std::boxed::Box::new)),
                _ => quote!(::std::boxed::Box::new(#value)),
            }
        } else {
            value
        };
        quote!(#fname: #value,)
    });
    let build = if fallible {
        let doc = format!(
            "Builds [`{}`], failing with [`{}`](super::error::{}) when a required member is unset.",
            def.name, ir.build_error, ir.build_error
        );
        let doc_attr = super::doc(&doc);
        quote! {
            #doc_attr
            pub fn build(self) -> ::std::result::Result<#name, super::error::#build_error> {
                ::std::result::Result::Ok(#name { #(#values)* })
            }
        }
    } else {
        let doc = format!("Builds [`{}`].", def.name);
        let doc_attr = super::doc(&doc);
        quote! {
            #doc_attr
            pub fn build(self) -> #name {
                #name { #(#values)* }
            }
        }
    };
    let debug_impl = if sensitive_debug {
        debug_impl(&def.name, s, true)
    } else {
        quote!()
    };
    let copy_compare = if s.fields.iter().any(|f| f.ty == RustType::Stream) {
        quote!()
    } else {
        quote!(::std::clone::Clone, ::std::cmp::PartialEq,)
    };
    quote! {
        #doc_attr
        #[derive(#debug #copy_compare ::std::default::Default)]
        #[must_use]
        pub struct #builder {
            #(#fields)*
        }

        impl #builder {
            #(#setters)*
            #build
        }

        #debug_impl
    }
}

fn string_enum(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs);
    let unknown = ident(&e.unknown);
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let mut lines = v.docs.clone();
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("Wire value: `{}`.", v.value.replace('`', "'")));
        let docs = doc_attrs(&lines);
        quote!(#docs #vname,)
    });
    let to_str = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let value = &v.value;
        quote!(Self::#vname => #value,)
    });
    let from_str = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let value = &v.value;
        quote!(#value => Self::#vname,)
    });
    let values = e.variants.iter().map(|v| &v.value);
    let debug = if e.sensitive {
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#REDACTED)
                }
            }
        }
    } else {
        quote!()
    };
    let derive_debug = if e.sensitive {
        quote!()
    } else {
        quote!(::std::fmt::Debug,)
    };
    let unknown_doc = "A value this version does not know, kept as sent so it round-trips.";
    let unknown_doc_attr = super::doc(unknown_doc);
    quote! {
        #docs
        #[derive(#derive_debug ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown_doc_attr
            #unknown(::std::string::String),
        }

        impl #name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value,
                }
            }

            /// The values the model defines, in model order.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(::std::string::String::from(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// The empty unknown value: what a missing required member reads as.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::#unknown(::std::string::String::new())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize<'de>>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_ref()))
            }
        }

        #debug
    }
}

fn int_enum(def: &TypeDef, e: &IntEnum) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs);
    let unknown = ident(&e.unknown);
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let mut lines = v.docs.clone();
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("Wire value: `{}`.", v.value));
        let docs = doc_attrs(&lines);
        quote!(#docs #vname,)
    });
    let to_int = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let value = v.value;
        quote!(Self::#vname => #value,)
    });
    let from_int = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let value = v.value;
        quote!(#value => Self::#vname,)
    });
    quote! {
        #docs
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version does not know, kept as sent so it round-trips.
            #unknown(i32),
        }

        impl #name {
            /// The value as written on the wire.
            pub const fn as_i32(&self) -> i32 {
                match self {
                    #(#to_int)*
                    Self::#unknown(value) => *value,
                }
            }
        }

        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#from_int)*
                    other => Self::#unknown(other),
                }
            }
        }

        /// Zero: what a missing required member reads as.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::from(0)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.as_i32())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i32 as ::serde::Deserialize<'de>>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn union(ir: &Ir, def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs);
    let unknown = ident(&u.unknown);
    let variant_type = |v: &crate::ir::UnionVariant, ty: &RustType| {
        let ty = rust_type(ty);
        if v.boxed {
            quote!(::std::boxed::Box<#ty>)
        } else {
            ty
        }
    };
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let docs = doc_attrs(&v.docs);
        match &v.ty {
            Some(ty) => {
                let ty = variant_type(v, ty);
                quote!(#docs #vname(#ty),)
            }
            None => quote!(#docs #vname,),
        }
    });
    // A variant with a wire helper serializes through a borrowed wrapper that calls it; a
    // unit variant is written as an empty object.
    let ser_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = crate::protocol::serde_key(
            ir.service.serde_json_name,
            &v.member,
            v.json_name.as_deref(),
        );
        let value = if v.boxed { quote!(&**value) } else { quote!(value) };
        let Some(ty) = &v.ty else {
            return quote! {
                Self::#vname => {
                    struct Empty;
                    impl ::serde::Serialize for Empty {
                        fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                            ::serde::ser::SerializeMap::end(serializer.serialize_map(::std::option::Option::Some(0))?)
                        }
                    }
                    map.serialize_entry(#wire, &Empty)?;
                }
            };
        };
        let rust = rust_type(ty);
        match ty.serde_with() {
            Some(m) => {
                let module = support_path(m);
                quote! {
                    Self::#vname(value) => {
                        struct Wire<'a>(&'a #rust);
                        impl ::serde::Serialize for Wire<'_> {
                            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                                #module::serialize(self.0, serializer)
                            }
                        }
                        map.serialize_entry(#wire, &Wire(#value))?;
                    }
                }
            }
            None => quote!(Self::#vname(value) => map.serialize_entry(#wire, #value)?,),
        }
    });
    let de_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = crate::protocol::serde_key(
            ir.service.serde_json_name,
            &v.member,
            v.json_name.as_deref(),
        );
        let Some(ty) = &v.ty else {
            return quote! {
                #wire => map
                    .next_value::<::std::option::Option<::serde::de::IgnoredAny>>()?
                    .map(|_| #name::#vname),
            };
        };
        let rust = variant_type(v, ty);
        match ty.serde_with() {
            Some(m) => {
                let path = super::support_path_text(m);
                quote! {
                    #wire => {
                        #[derive(::serde::Deserialize)]
                        struct Wire(#[serde(with = #path)] #rust);
                        map.next_value::<::std::option::Option<Wire>>()?
                            .map(|Wire(value)| #name::#vname(value))
                    }
                }
            }
            None => quote! {
                #wire => map.next_value::<::std::option::Option<#rust>>()?.map(#name::#vname),
            },
        }
    });
    let unknown_message = format!("cannot serialize an unknown variant of {}", def.name);
    let expecting = format!("a JSON object with exactly one member of {}", def.name);
    let debug_derive = if u.sensitive {
        quote!()
    } else {
        quote!(::std::fmt::Debug,)
    };
    let debug_impl = if u.sensitive {
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#REDACTED)
                }
            }
        }
    } else {
        quote!()
    };
    // The variants hold the members' types as aws-sdk-rust's do, unboxed (only recursion
    // boxes), so a union of a large structure and a small value is a large enum by design.
    let large_variants = u
        .variants
        .iter()
        .any(|v| !v.boxed && matches!(v.ty, Some(RustType::Named { .. })))
        .then(|| quote!(#[allow(clippy::large_enum_variant)]));
    quote! {
        #docs
        #[derive(#debug_derive ::std::clone::Clone, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        #large_variants
        pub enum #name {
            #(#variants)*
            /// A member this version does not know; holds its name. It cannot be serialized.
            #unknown(::std::string::String),
        }

        /// An empty unknown member: what a missing required member reads as.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::#unknown(::std::string::String::new())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(::std::option::Option::Some(1))?;
                match self {
                    #(#ser_arms)*
                    Self::#unknown(_) => return ::std::result::Result::Err(<S::Error as ::serde::ser::Error>::custom(#unknown_message)),
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;
                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<Self::Value, A::Error> {
                        let mut found: ::std::option::Option<#name> = ::std::option::Option::None;
                        while let ::std::option::Option::Some(key) = map.next_key::<::std::string::String>()? {
                            // Some services send the union's shape id as `__type`; not a member.
                            if key == "__type" {
                                map.next_value::<::serde::de::IgnoredAny>()?;
                                continue;
                            }
                            // A member set to `null` is not set (some services send every
                            // member, the unset ones as `null`).
                            let value = match key.as_str() {
                                #(#de_arms)*
                                _ => {
                                    map.next_value::<::serde::de::IgnoredAny>()?;
                                    ::std::option::Option::Some(#name::#unknown(key))
                                }
                            };
                            let ::std::option::Option::Some(value) = value else {
                                continue;
                            };
                            if found.replace(value).is_some() {
                                return ::std::result::Result::Err(<A::Error as ::serde::de::Error>::custom(#expecting));
                            }
                        }
                        found.ok_or_else(|| <A::Error as ::serde::de::Error>::custom(#expecting))
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }

        #debug_impl
    }
}
