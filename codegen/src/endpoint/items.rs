//! The fixed items of the generated module: `Params`, `Endpoint`, `ResolveError`, and the
//! runtime of the rules functions other than `aws.partition`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ir::{Literal, Param, ParamType};
use super::naming::{ident, snake};

pub(crate) fn params(service_id: &str, params: &[Param]) -> TokenStream {
    let mut fields = Vec::new();
    let mut defaults = Vec::new();
    let mut setters = Vec::new();
    let mut manual_default = false;
    for param in params {
        let field = ident(&snake(&param.name));
        let mut doc = vec![
            param
                .documentation
                .clone()
                .unwrap_or_else(|| format!("The `{}` parameter.", param.name)),
            String::new(),
            format!("Rule-set parameter `{}`.", param.name),
        ];
        if let Some(built_in) = &param.built_in {
            doc.push(format!("Built-in: `{built_in}`."));
        }
        match &param.default {
            Some(Literal::Bool(b)) => doc.push(format!("Defaults to `{b}`.")),
            Some(Literal::String(s)) => doc.push(format!("Defaults to `{s:?}`.")),
            None if param.required => doc.push("Required.".to_owned()),
            None => {}
        }
        let doc = doc.iter().map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            quote!(#[doc = #line])
        });
        let (ty, default, setter_ty, assign) = match (param.ty, &param.default) {
            (ParamType::Boolean, Some(Literal::Bool(b))) => {
                manual_default |= *b;
                (quote!(bool), quote!(#b), quote!(bool), quote!(value))
            }
            (ParamType::Boolean, _) => (
                quote!(::std::option::Option<bool>),
                quote!(::std::option::Option::None),
                quote!(bool),
                quote!(::std::option::Option::Some(value)),
            ),
            (ParamType::StringArray, _) => (
                quote!(::std::option::Option<::std::vec::Vec<::std::string::String>>),
                quote!(::std::option::Option::None),
                quote!(::std::vec::Vec<::std::string::String>),
                quote!(::std::option::Option::Some(value)),
            ),
            (ParamType::String, default) => {
                let default = match default {
                    Some(Literal::String(s)) => {
                        manual_default = true;
                        quote!(::std::option::Option::Some(::std::string::String::from(#s)))
                    }
                    _ => quote!(::std::option::Option::None),
                };
                (
                    quote!(::std::option::Option<::std::string::String>),
                    default,
                    quote!(impl ::std::convert::Into<::std::string::String>),
                    quote!(::std::option::Option::Some(value.into())),
                )
            }
        };
        fields.push(quote!(#(#doc)* pub #field: #ty,));
        defaults.push(quote!(#field: #default,));
        let setter = format_ident!("with_{}", field.to_string().trim_end_matches('_'));
        let setter_doc = format!(" Sets `{field}` (rule-set parameter `{}`).", param.name);
        setters.push(quote! {
            #[doc = #setter_doc]
            #[must_use]
            pub fn #setter(mut self, value: #setter_ty) -> Self {
                self.#field = #assign;
                self
            }
        });
    }
    let doc = format!(" The inputs of the `{service_id}` endpoint rule set.");
    let derive_default = if manual_default {
        quote!()
    } else {
        quote!(::std::default::Default,)
    };
    let default_impl = if manual_default {
        quote! {
            impl ::std::default::Default for Params {
                fn default() -> Self {
                    Self { #(#defaults)* }
                }
            }
        }
    } else {
        quote!()
    };
    let setters = if setters.is_empty() {
        quote!()
    } else {
        quote!(impl Params { #(#setters)* })
    };
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug, ::std::clone::Clone, #derive_default ::std::cmp::PartialEq)]
        pub struct Params {
            #(#fields)*
        }

        #default_impl
        #setters
    }
}

pub(crate) fn endpoint_and_error() -> TokenStream {
    quote! {
        pub use ::aws_client_runtime::endpoint::{Endpoint, ResolveError};
    }
}
