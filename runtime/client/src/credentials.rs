//! Credentials: aws-client-core's [`credentials`](aws_client_core::credentials) module, with
//! [`default_chain`] and [`default_provider`] giving the sources that call endpoints (IMDS,
//! container, STS, SSO) the default HTTP client when the [`ProviderConfig`] has none.
//!
//! ```no_run
//! # async fn f() -> Result<(), aws_client_runtime::credentials::CredentialsError> {
//! use aws_client_runtime::credentials::{self, ProvideCredentials, ProviderConfig};
//! let provider = credentials::default_provider(&ProviderConfig::default()).await;
//! let creds = provider.provide_credentials().await?;
//! println!("using {} from {}", creds.access_key_id(), creds.provider_name());
//! # Ok(()) }
//! ```

pub use aws_client_core::credentials::*;

use crate::config::DEFAULT_CONNECT_TIMEOUT;
use crate::http::DefaultHttpClient;

/// `config`, with a [`DefaultHttpClient`] unless it has an HTTP client.
pub(crate) fn with_default_http(config: &ProviderConfig) -> ProviderConfig {
    match config.http_client() {
        Some(_) => config.clone(),
        None => config
            .clone()
            .with_http_client(DefaultHttpClient::shared(Some(DEFAULT_CONNECT_TIMEOUT))),
    }
}

/// The standard chain, uncached (see [`aws_client_core::credentials::default_chain`]), with
/// the default HTTP client unless `config` has one.
pub fn default_chain(config: &ProviderConfig) -> CredentialsProviderChain {
    aws_client_core::credentials::default_chain(&with_default_http(config))
}

/// The standard chain behind a [`LazyCredentialsCache`] (see
/// [`aws_client_core::credentials::default_provider`]), with the default HTTP client unless
/// `config` has one.
pub async fn default_provider(config: &ProviderConfig) -> SharedCredentialsProvider {
    aws_client_core::credentials::default_provider(&with_default_http(config)).await
}
