//! A member's methods on a builder, the same on a types builder and on a client's fluent
//! builders (which forward to the types builder), with aws-sdk-rust's semantics: the plain
//! setter of a list appends one item and that of a map inserts one entry; `set_*` replaces
//! the whole value; `get_*` reads what was set.
//!
//! Sparse collections hold `Option`s, so their setters take `Option` items and values
//! (`None` is a `null` on the wire); there is no `impl Into` that could accept a bare value
//! and `None` alike without annotations.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, doc_attrs, ident};
use crate::ir::{Field, RustType};

/// Where a builder keeps the member.
pub(crate) enum Store<'a> {
    /// In a field of its own, an `Option` of the member's type (a types builder).
    Field,
    /// In the builder held by this field, which has the same methods (a fluent builder).
    Forward(&'a TokenStream),
}

/// `setter`, `set_setter` and `getter` of `field`; `ty` renders a Rust type as the builder's
/// module names it.
pub(crate) fn member_methods(
    field: &Field,
    ty: &dyn Fn(&RustType) -> TokenStream,
    store: &Store<'_>,
) -> TokenStream {
    let name = ident(&field.name);
    let setter = ident(&field.setter);
    let set_setter = ident(&field.set_setter);
    let getter = ident(&field.getter);
    let whole = ty(&field.ty);
    let option = |inner: TokenStream| quote!(::std::option::Option<#inner>);
    let replace_hint = format!(
        "To replace the whole collection, use [`{0}`](Self::{0}).",
        field.set_setter
    );

    // The plain setter's documentation, parameters, and what it does to a stored value.
    let (lines, params, args, update) = match &field.ty {
        RustType::List { item, sparse } => {
            let item = ty(item);
            let (param, value) = if *sparse {
                (option(item), quote!(input))
            } else {
                (
                    quote!(impl ::std::convert::Into<#item>),
                    quote!(input.into()),
                )
            };
            (
                collection_docs(field, "Appends one item to", &replace_hint, *sparse),
                quote!(input: #param),
                quote!(input),
                quote!(self.#name.get_or_insert_default().push(#value);),
            )
        }
        RustType::Map { value, sparse } => {
            let value = ty(value);
            let (param, stored) = if *sparse {
                (option(value), quote!(value))
            } else {
                (
                    quote!(impl ::std::convert::Into<#value>),
                    quote!(value.into()),
                )
            };
            (
                collection_docs(field, "Inserts one entry into", &replace_hint, *sparse),
                quote!(key: impl ::std::convert::Into<::std::string::String>, value: #param),
                quote!(key, value),
                quote!(self.#name.get_or_insert_default().insert(key.into(), #stored);),
            )
        }
        _ => (
            field.docs.clone(),
            quote!(input: impl ::std::convert::Into<#whole>),
            quote!(input),
            quote!(self.#name = ::std::option::Option::Some(input.into());),
        ),
    };
    let (setter_body, set_body, get_body) = match store {
        Store::Field => (update, quote!(self.#name = input;), quote!(&self.#name)),
        Store::Forward(inner) => (
            quote!(self.#inner = self.#inner.#setter(#args);),
            quote!(self.#inner = self.#inner.#set_setter(input);),
            quote!(self.#inner.#getter()),
        ),
    };
    let docs = doc_attrs(&lines);
    let set_doc = match field.ty {
        RustType::List { .. } | RustType::Map { .. } => format!(
            "Sets or clears `{}`, replacing the whole collection.",
            field.name
        ),
        _ => format!("Sets or clears `{}`.", field.name),
    };
    let set_doc = doc(&set_doc);
    let get_doc = doc(&format!("`{}` as set so far.", field.name));
    let whole_option = option(whole);
    quote! {
        #docs
        pub fn #setter(mut self, #params) -> Self {
            #setter_body
            self
        }
        #set_doc
        pub fn #set_setter(mut self, input: #whole_option) -> Self {
            #set_body
            self
        }
        #get_doc
        pub fn #getter(&self) -> &#whole_option {
            #get_body
        }
    }
}

/// A collection setter's documentation: what one call does, then the member's own.
fn collection_docs(field: &Field, action: &str, replace_hint: &str, sparse: bool) -> Vec<String> {
    let mut lines = vec![format!("{action} `{}`.", field.name), String::new()];
    if sparse {
        lines.push("The collection is sparse: an item may be `None` (a JSON `null`).".to_owned());
        lines.push(String::new());
    }
    lines.push(replace_hint.to_owned());
    lines.push(String::new());
    lines.extend(field.docs.iter().cloned());
    lines
}
