//! Stage 4: token streams for each generated file, with every std and serde path fully
//! qualified so that a shape named `Option` or `Result` cannot break the output.

mod client;
mod errors;
mod setters;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Ir, Module, RustType};

/// One generated Rust module: its name, documentation and items.
pub struct ModuleTokens {
    pub name: &'static str,
    pub docs: String,
    pub items: TokenStream,
}

/// The modules of a generated types crate, in a fixed order.
pub fn types_modules(ir: &Ir) -> crate::Result<Vec<ModuleTokens>> {
    let mut modules = Vec::new();
    let has = |m: Module| ir.types.iter().any(|t| t.module == m);
    if has(Module::Types) {
        modules.push(ModuleTokens {
            name: Module::Types.name(),
            docs: "Structures, enums and unions shared by the operations, with their builders."
                .to_owned(),
            items: types::module_items(ir, Module::Types),
        });
    }
    let mut error_items = types::module_items(ir, Module::Error);
    error_items.extend(errors::error_module_items(ir));
    modules.push(ModuleTokens {
        name: Module::Error.name(),
        docs: "Modeled error structures, the error for unset required members, and the catch-all for unmodeled errors."
            .to_owned(),
        items: error_items,
    });
    let mut operation_items = types::module_items(ir, Module::Operation);
    operation_items.extend(errors::operation_error_enums(ir));
    modules.push(ModuleTokens {
        name: Module::Operation.name(),
        docs: "Each operation's input, output and error types.".to_owned(),
        items: operation_items,
    });
    modules.push(ModuleTokens {
        name: crate::naming::PRIMITIVES_MODULE,
        docs: "Primitives such as `DateTime`, `Blob` or `Document` used by the types, so that users never name the runtime crate."
            .to_owned(),
        items: primitives(),
    });
    Ok(modules)
}

/// The runtime's primitives under aws-sdk-rust's names (`primitives::DateTime`, ...): every
/// crate has them all, whatever its model uses, so users' imports do not depend on it.
fn primitives() -> TokenStream {
    quote! {
        pub use ::smithy_types_runtime::timestamp::TextFormat as DateTimeFormat;
        pub use ::smithy_types_runtime::{BigDecimal, BigInteger, Blob, ByteStream, DateTime, Document};
    }
}

pub use client::ClientOptions;

/// The per-operation module of a client crate built on the types crate `types_crate`.
pub fn client_operations(ir: &Ir, types_crate: &str) -> crate::Result<TokenStream> {
    client::operations(ir, types_crate)
}

/// A client crate's `lib.rs`; `endpoint_body` resolves the endpoint (`None`: the service has
/// no rule set, so the configured endpoint URL is used as is).
pub fn client_lib(
    ir: &Ir,
    types_crate: &str,
    endpoint_body: Option<TokenStream>,
    options: &ClientOptions,
) -> crate::Result<TokenStream> {
    client::lib(
        ir,
        types_crate,
        endpoint_body,
        options,
        client::Layout::Files,
    )
}

/// A whole client in one token stream, for `include!` at a crate root from a build script:
/// the types inline in `pub mod <types_module>`, then the client.
pub fn client_single_file(
    ir: &Ir,
    types_module: &str,
    types: TokenStream,
    endpoint: Option<(TokenStream, TokenStream)>,
) -> crate::Result<TokenStream> {
    let types_path = format!("crate::{types_module}");
    let module = ident(types_module);
    let (endpoint_body, endpoint_module) = match endpoint {
        Some((body, module)) => (Some(body), Some(module)),
        None => (None, None),
    };
    let layout = client::Layout::Inline {
        types: quote! {
            /// The types of the operations: structures, errors, inputs and outputs.
            pub mod #module { #types }
        },
        endpoint: endpoint_module,
        operations: client::operations(ir, &types_path)?,
        paginators: client::paginators(ir, &types_path)?,
        waiters: client::waiters(ir, &types_path)?,
    };
    client::lib(
        ir,
        &types_path,
        endpoint_body,
        &ClientOptions::default(),
        layout,
    )
}

/// A client crate's waiters module, if any operation has waiters.
pub fn client_waiters(ir: &Ir, types_crate: &str) -> crate::Result<Option<TokenStream>> {
    client::waiters(ir, types_crate)
}

/// A client crate's paginators module, if any operation is paginated.
pub fn client_paginators(ir: &Ir, types_crate: &str) -> crate::Result<Option<TokenStream>> {
    client::paginators(ir, types_crate)
}

/// Whether the generated types crate needs `serde_json` (documents or big numbers).
pub fn needs_serde_json(ir: &Ir) -> bool {
    use crate::ir::TypeKind;
    ir.types.iter().any(|t| match &t.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| f.ty.needs_serde_json()),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .any(|v| v.ty.as_ref().is_some_and(RustType::needs_serde_json)),
        _ => false,
    })
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc = " line"]` attributes; prettyplease prints them as `/// line`.
pub(crate) fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#(#[doc = #lines])*)
}

/// One `#[doc]` line, printed as `/// text`.
pub(crate) fn doc(text: &str) -> TokenStream {
    let text = format!(" {text}");
    quote!(#[doc = #text])
}

/// The path of a types-runtime module (`timestamp::date_time`).
pub(crate) fn support_path(module: &str) -> TokenStream {
    let segments = module.split("::").map(ident);
    quote!(::smithy_types_runtime #(::#segments)*)
}

/// The path of a types-runtime module as text, for `#[serde(with = "...")]`.
pub(crate) fn support_path_text(module: &str) -> String {
    format!("::smithy_types_runtime::{module}")
}

/// A member type, as seen from a sibling module of the generated crate.
pub(crate) fn rust_type(ty: &RustType) -> TokenStream {
    rust_type_in(ty, &quote!(super))
}

/// A member type, with the generated types crate's root at `root` (`super` from a sibling
/// module, `::mgn_types` from a client crate).
pub(crate) fn rust_type_in(ty: &RustType, root: &TokenStream) -> TokenStream {
    rust_type_with(ty, root, &quote!())
}

/// A member type as a client crate names it: the runtime crates through
/// `::aws_client_runtime::deps`, since a client crate does not depend on them directly.
pub(crate) fn client_rust_type(ty: &RustType, root: &TokenStream) -> TokenStream {
    rust_type_with(ty, root, &quote!(::aws_client_runtime::deps))
}

/// [`rust_type_in`], with `smithy_types_runtime` and `serde_json` under `deps` (empty: at
/// the crate root).
fn rust_type_with(ty: &RustType, root: &TokenStream, deps: &TokenStream) -> TokenStream {
    match ty {
        RustType::String => quote!(::std::string::String),
        RustType::Bool => quote!(bool),
        RustType::I8 => quote!(i8),
        RustType::I16 => quote!(i16),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        RustType::BigInteger => quote!(#deps::smithy_types_runtime::BigInteger),
        RustType::BigDecimal => quote!(#deps::smithy_types_runtime::BigDecimal),
        RustType::Blob => quote!(::std::vec::Vec<u8>),
        RustType::Stream => quote!(#deps::smithy_types_runtime::ByteStream),
        RustType::Timestamp(_) => quote!(#deps::smithy_types_runtime::DateTime),
        RustType::Document => quote!(#deps::serde_json::Value),
        RustType::Named { module, name } => {
            let module = ident(module.name());
            let name = ident(name);
            quote!(#root::#module::#name)
        }
        RustType::List { item, sparse } => {
            let item = rust_type_with(item, root, deps);
            if *sparse {
                quote!(::std::vec::Vec<::std::option::Option<#item>>)
            } else {
                quote!(::std::vec::Vec<#item>)
            }
        }
        RustType::Map { value, sparse } => {
            let value = rust_type_with(value, root, deps);
            let value = if *sparse {
                quote!(::std::option::Option<#value>)
            } else {
                value
            };
            quote!(::std::collections::HashMap<::std::string::String, #value>)
        }
    }
}
