//! A small async client for AWS Application Migration Service (MGN) `StartImport`.
//!
//! ```no_run
//! use mgn_client::types::types::S3BucketSource;
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! // AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL_MGN, ...
//! let client = mgn_client::Client::from_conf(mgn_client::Config::from_env()?);
//! let source = S3BucketSource::builder().s3_bucket("b").s3_key("k.csv").build()?;
//! match client.start_import().s3_bucket_source(source).send().await {
//!     Ok(output) => println!("{:?}", output.import_task),
//!     Err(e) if e.as_service_error().is_some_and(|e| e.is_conflict_exception()) => {
//!         eprintln!("already importing: {:?}", e.message());
//!     }
//!     Err(e) => return Err(e.into()),
//! }
//! # Ok(()) }
//! ```
//!
//! The types (`mgn_client::types`) and the operation methods are generated from the Smithy
//! model; the runtime (configuration, SigV4 signing, retries, timeouts, HTTP) is hand-written
//! in [`runtime`]. Calls must run inside a Tokio runtime with I/O and time enabled (e.g.
//! `#[tokio::main]`).

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

/// The README's Rust examples are compiled as doc tests, so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
