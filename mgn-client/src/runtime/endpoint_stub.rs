//! TEMPORARY stand-in with the API of the generated `crate::endpoint` module, used only until
//! `src/endpoint.rs` lands; it knows nothing but custom endpoint URLs. Delete it then.
#![allow(dead_code)] // only the fields the real resolver also has

use std::collections::BTreeMap;

/// Endpoint parameters (same shape as the generated ones).
#[derive(Debug, Clone, Default)]
pub struct Params {
    pub region: Option<String>,
    pub use_fips: bool,
    pub use_dual_stack: bool,
    pub endpoint: Option<String>,
}

/// A resolved endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub url: String,
    pub headers: BTreeMap<String, Vec<String>>,
    pub properties: BTreeMap<String, serde_json::Value>,
}

/// Resolution failure.
#[derive(Debug, Clone)]
pub struct ResolveError(String);

impl ResolveError {
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ResolveError {}

pub fn resolve(params: &Params) -> Result<Endpoint, ResolveError> {
    match &params.endpoint {
        Some(url) => Ok(Endpoint {
            url: url.clone(),
            headers: BTreeMap::new(),
            properties: BTreeMap::new(),
        }),
        None => Err(ResolveError(
            "the endpoint resolver has not landed yet: set an endpoint URL".into(),
        )),
    }
}
