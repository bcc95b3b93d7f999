//! Emits the error plumbing: the missing-member error, the unhandled error, and one
//! `#[non_exhaustive]` error enum per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::Ir;

/// `BuildError` and `Unhandled`, added to the error module from the types runtime (under the
/// names the IR chose, in case the model has shapes of those names).
pub(super) fn error_module_items(ir: &Ir) -> TokenStream {
    let build_error = ident(&ir.build_error);
    let unhandled = ident(&ir.unhandled);
    let reexport = |runtime: &str, local: &proc_macro2::Ident| {
        let runtime = ident(runtime);
        if *local == runtime {
            quote!(pub use ::smithy_types_runtime::#runtime;)
        } else {
            quote!(pub use ::smithy_types_runtime::#runtime as #local;)
        }
    };
    let build_error = reexport("BuildError", &build_error);
    let unhandled = reexport("Unhandled", &unhandled);
    quote! {
        #build_error
        #unhandled
    }
}

/// One error enum per operation.
pub(super) fn operation_error_enums(ir: &Ir) -> TokenStream {
    let unhandled = ident(&ir.unhandled);
    ir.operations
        .iter()
        .map(|op| {
            let name = ident(&op.error);
            let doc = format!("The errors `{}` can return.", op.name);
            let doc_attr = super::doc(&doc);
            let variants = op.errors.iter().map(|e| {
                let variant = ident(&e.variant);
                let ty = ident(&e.type_name);
                let docs = doc_attrs(&e.docs);
                quote!(#docs #variant(super::error::#ty),)
            });
            let codes = op.errors.iter().map(|e| {
                let variant = ident(&e.variant);
                let code = &e.code;
                quote!(Self::#variant(_) => ::std::option::Option::Some(#code),)
            });
            let messages = op.errors.iter().map(|e| {
                let variant = ident(&e.variant);
                match &e.message {
                    Some((field, true)) => {
                        let field = ident(field);
                        quote!(Self::#variant(e) => e.#field.as_deref(),)
                    }
                    Some((field, false)) => {
                        let field = ident(field);
                        quote!(Self::#variant(e) => ::std::option::Option::Some(e.#field.as_str()),)
                    }
                    None => quote!(Self::#variant(_) => ::std::option::Option::None,),
                }
            });
            let is_fns = op.errors.iter().map(|e| {
                let variant = ident(&e.variant);
                let is_fn = ident(&e.is_fn);
                let doc = format!("Whether this is a [`{0}`](super::error::{0}).", e.type_name);
                let doc_attr = super::doc(&doc);
                quote! {
                    #doc_attr
                    pub fn #is_fn(&self) -> bool {
                        ::std::matches!(self, Self::#variant(_))
                    }
                }
            });
            let all_variants: Vec<_> = op.errors.iter().map(|e| ident(&e.variant)).chain([unhandled.clone()]).collect();
            let from_impls = op.errors.iter().map(|e| {
                let variant = ident(&e.variant);
                let ty = ident(&e.type_name);
                quote! {
                    impl ::std::convert::From<super::error::#ty> for #name {
                        fn from(error: super::error::#ty) -> Self {
                            Self::#variant(error)
                        }
                    }
                }
            });
            quote! {
                #doc_attr
                #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
                #[non_exhaustive]
                // Variants hold the modeled error structures by value, as aws-sdk-rust's do;
                // errors are rare and matched on, so their size is not worth a box.
                #[allow(clippy::large_enum_variant)]
                pub enum #name {
                    #(#variants)*
                    /// An error the model does not describe for this operation.
                    #unhandled(super::error::#unhandled),
                }

                impl #name {
                    /// The error code: the modeled error's name, or the unhandled error's code.
                    pub fn code(&self) -> ::std::option::Option<&str> {
                        match self {
                            #(#codes)*
                            Self::#unhandled(e) => e.code.as_deref(),
                        }
                    }

                    /// The error message, when there is one.
                    pub fn message(&self) -> ::std::option::Option<&str> {
                        match self {
                            #(#messages)*
                            Self::#unhandled(e) => e.message.as_deref(),
                        }
                    }

                    #(#is_fns)*
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        match self {
                            #(Self::#all_variants(e) => ::std::fmt::Display::fmt(e, f),)*
                        }
                    }
                }

                impl ::std::error::Error for #name {
                    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                        match self {
                            #(Self::#all_variants(e) => ::std::option::Option::Some(e),)*
                        }
                    }
                }

                #(#from_impls)*
            }
        })
        .collect()
}
