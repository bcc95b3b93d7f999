//! A small async client for AWS Application Migration Service (MGN) `StartImport`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let config = mgn_client::Config::from_env()?; // AWS_REGION, AWS_ACCESS_KEY_ID, ...
//! let client = mgn_client::Client::from_conf(config);
//! # let _ = client;
//! # Ok(()) }
//! ```
//!
//! The types (`mgn_client::types`) and the operation methods are generated from the Smithy
//! model; the runtime (configuration, SigV4 signing, retries, timeouts, HTTP) is hand-written
//! in [`runtime`].

pub mod endpoint;
/// Generated per-operation code: the fluent builders behind `Client`'s methods.
pub mod operations;
pub mod runtime;

pub use mgn_types as types;
pub use runtime::client::Client;
pub use runtime::config::{Builder as ConfigBuilder, Config, EnvError};
pub use runtime::error::SdkError;
pub use runtime::http::{HttpClient, HttpResponse};
pub use runtime::rest_json::ErrorMetadata;
pub use runtime::{config, error, idempotency_token};

/// Static credentials (re-exported from `aws-credential-types`).
pub use aws_credential_types::Credentials;
/// Anything that yields credentials (re-exported from `aws-credential-types`).
pub use aws_credential_types::provider::ProvideCredentials;
