//! Service-agnostic runtime for the generated AWS clients.

pub mod credentials;
pub mod region;
pub mod sigv4;
