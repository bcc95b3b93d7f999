//! Pastes the hand-written support modules (`codegen/src/support/`) that a model needs into
//! the generated crate's `primitives` module.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::ident;
use crate::ir::Support;
use crate::support;
use crate::{Error, Result};

fn source(support: Support) -> (&'static str, &'static str) {
    match support {
        Support::Float => ("float", support::FLOAT),
        Support::Timestamp => ("timestamp", support::TIMESTAMP),
        Support::Blob => ("blob", support::BLOB),
        Support::BigNumber => ("big_number", support::BIG_NUMBER),
        Support::NullDefault => ("null_default", support::NULL_DEFAULT),
    }
}

/// The `primitives` module's items for the support the model needs.
pub(super) fn tokens(needed: &BTreeSet<Support>) -> Result<TokenStream> {
    let mut out = TokenStream::new();
    for support in needed {
        let (name, text) = source(*support);
        let file = syn::parse_file(text)
            .map_err(|e| Error::msg(format!("support module `{name}` does not parse: {e}")))?;
        let items = file.items.iter().map(ToTokens::to_token_stream);
        let module = ident(name);
        let doc = match support {
            Support::Float => {
                "Non-finite floats as restJson1 writes them: `\"NaN\"`, `\"Infinity\"`, `\"-Infinity\"`."
            }
            Support::Timestamp => "Timestamps and their three wire formats.",
            Support::Blob => "Blobs as base64 strings.",
            Support::BigNumber => "Arbitrary-precision numbers kept as their exact decimal text.",
            Support::NullDefault => {
                "Reads JSON `null` as the member's zero value (client error correction)."
            }
        };
        let doc_attr = super::doc(doc);
        out.extend(quote! {
            #doc_attr
            pub mod #module { #(#items)* }
        });
        match support {
            Support::Timestamp => out.extend(quote!(
                pub use timestamp::DateTime;
            )),
            Support::BigNumber => out.extend(quote!(
                pub use big_number::{BigDecimal, BigInteger};
            )),
            _ => {}
        }
    }
    Ok(out)
}
