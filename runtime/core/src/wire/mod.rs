//! Wire helpers the generated serializers and parsers call, one module per concern:
//! [`binding`] for HTTP bindings (labels, query strings, headers, text payloads), [`json`]
//! for JSON bodies, [`query`] for the form bodies of awsQuery and ec2Query, `xml` (with the
//! `xml` feature) for XML bodies, and [`scalar`] for the scalar values headers and XML carry
//! as text. All report through the errors here.

use std::fmt;

use crate::error::BoxError;

pub mod binding;
pub mod json;
pub mod query;
pub mod scalar;
#[cfg(feature = "xml")]
pub mod xml;

/// Why a request could not be serialized: names the member and what is wrong.
#[derive(Debug)]
pub struct SerializeError(String);

impl SerializeError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerializeError {}

/// Why a response could not be read: names the member or header and what is wrong.
pub fn parse_error(what: impl fmt::Display) -> BoxError {
    what.to_string().into()
}
