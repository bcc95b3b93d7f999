//! `{label}` patterns: URI paths (`/a/{b}/c/{d+}`) and host prefixes (`{foo}.data.`), and
//! the host prefix of a request, which every protocol honours (`smithy.api#endpoint`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Operation, RustType, Struct};
use crate::{Error, Result};

/// One piece of a URI path pattern.
pub(super) enum Piece<'a> {
    Literal(String),
    Label { name: &'a str, greedy: bool },
}

/// Splits `/a/{b}/c/{d+}` into literal and label pieces.
pub(super) fn parse_path<'a>(op: &str, path: &'a str) -> Result<Vec<Piece<'a>>> {
    let mut pieces = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let end = rest[start..]
            .find('}')
            .map(|e| start + e)
            .ok_or_else(|| Error::shape(op, format!("URI `{path}` has an unclosed label")))?;
        if start > 0 {
            pieces.push(Piece::Literal(rest[..start].to_owned()));
        }
        let label = &rest[start + 1..end];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        pieces.push(Piece::Label { name, greedy });
        rest = &rest[end + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest.to_owned()));
    }
    Ok(pieces)
}

/// `target.push_str(text)`, or `push` for one character (as clippy prefers).
pub(super) fn push_literal(target: TokenStream, text: &str) -> TokenStream {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => quote!(#target.push(#c);),
        _ => quote!(#target.push_str(#text);),
    }
}

/// An `Option<String>` expression: the operation's host prefix with its labels filled in
/// from `input`, or `None`.
pub(super) fn host_prefix(op: &Operation, input: &Struct) -> Result<TokenStream> {
    let owner = &op.input_shape;
    Ok(match &op.host_prefix {
        None => quote!(::std::option::Option::None),
        Some(pattern) => {
            let mut statements = Vec::new();
            for piece in parse_path(&op.shape_id, pattern)? {
                match piece {
                    Piece::Literal(text) => statements.push(push_literal(quote!(prefix), &text)),
                    Piece::Label { name, .. } => {
                        let field = input
                            .fields
                            .iter()
                            .find(|f| f.host_label && f.member == name)
                            .ok_or_else(|| {
                                Error::shape(
                                    &op.shape_id,
                                    format!(
                                        "host prefix label `{name}` has no `hostLabel` input member"
                                    ),
                                )
                            })?;
                        if field.ty != RustType::String {
                            return Err(Error::member(
                                owner,
                                &field.member,
                                "a `hostLabel` member must target a string",
                            ));
                        }
                        let value = super::required_ref(field, "host label");
                        let message = format!(
                            "the host label member `{}` is not a valid host label",
                            field.member
                        );
                        statements.push(quote! {
                            {
                                let value: &str = #value;
                                if !::aws_client_runtime::endpoint::is_valid_host_label(value, false) {
                                    return ::std::result::Result::Err(::aws_client_runtime::wire::SerializeError::new(#message));
                                }
                                prefix.push_str(value);
                            }
                        });
                    }
                }
            }
            quote! {
                {
                    let mut prefix = ::std::string::String::new();
                    #(#statements)*
                    ::std::option::Option::Some(prefix)
                }
            }
        }
    })
}
