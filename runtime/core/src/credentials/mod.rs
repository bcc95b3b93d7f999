//! Credentials: the [`Credentials`] value, the [`ProvideCredentials`] trait, a
//! [`LazyCredentialsCache`], and the standard sources in aws-config's default order
//! (environment, profile files, web identity, container endpoint, IMDSv2), all reading the
//! outside world through an injectable [`ProviderConfig`]. The sources that call an endpoint
//! (IMDS, container, STS, SSO) send through the [`HttpClient`](crate::http::HttpClient) the
//! `ProviderConfig` carries ([`ProviderConfig::with_http_client`]; aws-client-runtime gives its
//! default client); without one they fail, naming the source.
//!
//! ```no_run
//! # async fn f() -> Result<(), aws_client_core::credentials::CredentialsError> {
//! use aws_client_core::credentials::{self, ProvideCredentials, ProviderConfig};
//! let provider = credentials::default_provider(&ProviderConfig::default()).await;
//! let creds = provider.provide_credentials().await?;
//! println!("using {} from {}", creds.access_key_id(), creds.provider_name());
//! # Ok(()) }
//! ```

#[cfg(feature = "aws-config")]
mod aws_config;
mod cache;
mod chain;
mod config;
mod container;
mod environment;
mod error;
mod files;
pub(crate) mod http;
pub(crate) mod imds;
mod ini;
mod json;
mod process;
pub(crate) mod profile;
mod profile_provider;
mod provider;
pub(crate) mod sso;
mod sts;
mod time;
pub(crate) use time::DisplayTime;
mod types;
mod web_identity;

#[cfg(feature = "aws-config")]
pub use aws_config::{FromSdkProvider, FromSdkTokenProvider, IntoSdkProvider};
pub use cache::{DEFAULT_LOAD_TIMEOUT, DEFAULT_REFRESH_MARGIN, LazyCredentialsCache};
pub use chain::CredentialsProviderChain;
pub use config::{DEFAULT_CONTAINER_ENDPOINT, EnvLookup, ProviderConfig, TimeSource};
pub use container::ContainerCredentialsProvider;
pub use environment::EnvironmentCredentialsProvider;
pub use error::{CredentialsError, CredentialsErrorKind};
pub use imds::ImdsCredentialsProvider;
pub use profile_provider::ProfileCredentialsProvider;
pub use provider::{ProvideCredentials, ProvideCredentialsFuture, SharedCredentialsProvider};
pub use types::Credentials;
pub use web_identity::WebIdentityTokenCredentialsProvider;

/// The standard chain, uncached: environment, profile, web identity (environment),
/// container endpoint, IMDS. Each source is named in logs and in the final error.
pub fn default_chain(config: &ProviderConfig) -> CredentialsProviderChain {
    CredentialsProviderChain::first_try("environment", EnvironmentCredentialsProvider::new(config))
        .or_else("profile", ProfileCredentialsProvider::new(config))
        .or_else(
            "web identity",
            WebIdentityTokenCredentialsProvider::from_env(config),
        )
        .or_else("container", ContainerCredentialsProvider::new(config))
        .or_else("IMDS", ImdsCredentialsProvider::new(config))
}

/// The standard chain behind a [`LazyCredentialsCache`], ready for a client config: what
/// `aws_config::load_defaults(..).credentials_provider()` is for aws-sdk-rust users.
///
/// Building it does no I/O: files are read and endpoints called on the first
/// `provide_credentials`. When no source has credentials, the error lists every source
/// and why it had none.
pub async fn default_provider(config: &ProviderConfig) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(
        LazyCredentialsCache::new(default_chain(config)).with_time_source(config.time_source()),
    )
}
