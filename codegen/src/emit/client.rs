//! Emits a client crate's per-operation code for restJson1: the `Client` method, the fluent
//! builder, the request serializer and the response and error parsers.
//!
//! The generated code calls the client crate's hand-written runtime: `crate::Client::invoke`,
//! `crate::runtime::{Operation, HttpRequest, HttpResponse}`, `crate::ErrorMetadata`,
//! `crate::SdkError` and `crate::idempotency_token`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, doc_attrs, ident, rust_type_in};
use crate::ir::{Field, HttpBinding, Ir, Module, Operation, Presence, TypeDef, TypeKind};
use crate::{Error, Result};

/// The `operations` module of a client crate whose types crate is `types_crate`.
pub(crate) fn operations(ir: &Ir, types_crate: &str) -> Result<TokenStream> {
    if !ir.service.rest_json1 {
        return Err(Error::shape(
            &ir.service.id,
            "the client generator supports only `aws.protocols#restJson1`",
        ));
    }
    let krate = ident(&types_crate.replace('-', "_"));
    let mut out = TokenStream::new();
    for op in &ir.operations {
        out.extend(operation(ir, op, &krate)?);
    }
    Ok(out)
}

fn find<'a>(ir: &'a Ir, name: &str) -> Option<&'a TypeDef> {
    ir.types
        .iter()
        .find(|t| t.module == Module::Operation && t.name == name)
}

fn fields<'a>(ir: &'a Ir, op: &Operation, name: &str) -> Result<&'a [Field]> {
    match find(ir, name).map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) => Ok(&s.fields),
        _ => Err(Error::shape(
            &op.shape_id,
            format!("internal error: no structure `{name}`"),
        )),
    }
}

fn operation(ir: &Ir, op: &Operation, krate: &proc_macro2::Ident) -> Result<TokenStream> {
    let http = op.http.as_ref().ok_or_else(|| {
        Error::shape(
            &op.shape_id,
            "restJson1 operations need the `smithy.api#http` trait",
        )
    })?;
    let input_fields = fields(ir, op, &op.input)?;
    let output_fields = fields(ir, op, &op.output)?;
    for field in input_fields.iter().chain(output_fields) {
        if field.binding != HttpBinding::Body {
            return Err(Error::member(
                &op.shape_id,
                &field.member,
                format!(
                    "HTTP binding {:?} is not supported by the client generator yet (only body members)",
                    field.binding
                ),
            ));
        }
    }
    if http.uri.contains(['{', '?']) {
        return Err(Error::shape(
            &op.shape_id,
            format!(
                "URI `{}` has labels or a query; the client generator supports literal paths only",
                http.uri
            ),
        ));
    }

    let fn_name = ident(&op.fn_name);
    let fluent = ident(&op.fluent_builder);
    let input = ident(&op.input);
    let output = ident(&op.output);
    let error = ident(&op.error);
    let input_builder = match find(ir, &op.input).map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) => ident(&s.builder),
        _ => {
            return Err(Error::shape(
                &op.shape_id,
                "internal error: no input builder",
            ));
        }
    };
    let upper = ident(&op.fn_name.to_ascii_uppercase());
    let serialize = ident(&format!("serialize_{}", op.fn_name));
    let parse_output = ident(&format!("parse_{}_output", op.fn_name));
    let parse_error = ident(&format!("parse_{}_error", op.fn_name));
    let op_name = &op.name;
    let method = ident(&http.method.to_ascii_uppercase());
    let uri = &http.uri;

    let mut method_docs = op.docs.clone();
    if !method_docs.is_empty() {
        method_docs.push(String::new());
    }
    method_docs.push(format!(
        "Set the input's members on the returned [`{}`], then `send().await` it.",
        op.fluent_builder
    ));
    let method_docs = doc_attrs(&method_docs);
    let fluent_doc = doc(&format!(
        "The fluent builder of `{}`: set members, then [`send`](Self::send).",
        op.name
    ));
    let send_doc = doc_attrs(&[
        format!(
            "Builds the input, signs and sends `{}`, retrying as configured.",
            op.name
        ),
        String::new(),
        "A required member left unset is a construction error, returned before anything is sent."
            .to_owned(),
    ]);

    let setters = input_fields.iter().map(|f| {
        let setter = ident(&f.setter);
        let set_setter = ident(&f.set_setter);
        let ty = rust_type_in(&f.ty, &quote!(::#krate));
        let docs = doc_attrs(&f.docs);
        let set_doc = doc(&format!("Sets or clears `{}`.", f.name));
        quote! {
            #docs
            pub fn #setter(mut self, input: impl ::std::convert::Into<#ty>) -> Self {
                self.inner = self.inner.#setter(input);
                self
            }
            #set_doc
            pub fn #set_setter(mut self, input: ::std::option::Option<#ty>) -> Self {
                self.inner = self.inner.#set_setter(input);
                self
            }
        }
    });

    // Idempotency tokens are generated once per call, before the first attempt, so every
    // retry carries the same token.
    let tokens = input_fields
        .iter()
        .filter(|f| f.idempotency_token)
        .map(|f| {
            let name = ident(&f.name);
            match f.presence {
                Presence::Optional => quote! {
                    if input.#name.is_none() {
                        input.#name = ::std::option::Option::Some(crate::idempotency_token());
                    }
                },
                _ => quote!(),
            }
        });
    let needs_mut = input_fields
        .iter()
        .any(|f| f.idempotency_token && f.presence == Presence::Optional);
    let binding = if needs_mut {
        quote!(let mut input)
    } else {
        quote!(let input)
    };

    // restJson1 puts the message under `message`, `Message` or `errorMessage`; the runtime
    // found it wherever it was, so a modeled error without one in its own member gets it.
    let error_arms = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let ty = ident(&e.type_name);
        let code = &e.code;
        let fill_message = match &e.message {
            Some((field, true)) => {
                let field = ident(field);
                quote! {
                    if error.#field.is_none() {
                        error.#field = metadata.message().map(::std::borrow::ToOwned::to_owned);
                    }
                }
            }
            _ => quote!(),
        };
        let binding = if fill_message.is_empty() { quote!(error) } else { quote!(mut error) };
        quote! {
            ::std::option::Option::Some(#code) => ::serde_json::from_slice::<#krate::error::#ty>(response.body()).map(|#binding| {
                #fill_message
                #krate::operation::#error::#variant(error)
            }),
        }
    });
    let unhandled = ident(&ir.unhandled);

    Ok(quote! {
        impl crate::Client {
            #method_docs
            pub fn #fn_name(&self) -> #fluent {
                #fluent { client: self.clone(), inner: #krate::operation::#input_builder::default() }
            }
        }

        #fluent_doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        #[must_use = "a fluent builder does nothing until `send().await`"]
        pub struct #fluent {
            client: crate::Client,
            inner: #krate::operation::#input_builder,
        }

        impl #fluent {
            #(#setters)*

            #send_doc
            pub async fn send(self) -> ::std::result::Result<#krate::operation::#output, crate::SdkError<#krate::operation::#error>> {
                #binding = self.inner.build().map_err(crate::SdkError::construction_failure)?;
                #(#tokens)*
                let request = #serialize(&input).map_err(crate::SdkError::construction_failure)?;
                self.client.invoke(&#upper, request).await
            }
        }

        const #upper: crate::runtime::Operation<#krate::operation::#output, #krate::operation::#error> = crate::runtime::Operation {
            name: #op_name,
            parse_output: #parse_output,
            parse_error: #parse_error,
        };

        fn #serialize(input: &#krate::operation::#input) -> ::std::result::Result<crate::runtime::HttpRequest, ::serde_json::Error> {
            ::std::result::Result::Ok(crate::runtime::HttpRequest {
                method: ::http::Method::#method,
                path_and_query: ::std::string::String::from(#uri),
                headers: ::std::vec::Vec::new(),
                body: ::bytes::Bytes::from(::serde_json::to_vec(input)?),
            })
        }

        fn #parse_output(response: &crate::runtime::HttpResponse) -> ::std::result::Result<#krate::operation::#output, ::serde_json::Error> {
            ::serde_json::from_slice(response.body())
        }

        /// Matches the sanitized error code against the modeled errors; a modeled error whose
        /// body does not parse, and any other code, becomes the unhandled variant.
        fn #parse_error(metadata: &crate::ErrorMetadata, response: &crate::runtime::HttpResponse) -> #krate::operation::#error {
            let unhandled = || #krate::operation::#error::#unhandled(#krate::error::#unhandled {
                code: metadata.code().map(::std::borrow::ToOwned::to_owned),
                message: metadata.message().map(::std::borrow::ToOwned::to_owned),
                request_id: metadata.request_id().map(::std::borrow::ToOwned::to_owned),
            });
            let parsed = match metadata.code() {
                #(#error_arms)*
                _ => return unhandled(),
            };
            parsed.unwrap_or_else(|_| unhandled())
        }
    })
}
