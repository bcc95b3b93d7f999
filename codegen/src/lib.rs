//! A Smithy 2.0 JSON AST to Rust code generator.

pub mod endpoint;
mod error;

pub use error::{Error, Result};
