//! The service-agnostic runtime behind generated AWS clients.
//!
//! Two crates: [aws-client-core](aws_client_core), which needs no HTTP implementation and no
//! TLS and so compiles while hyper and rustls do, and this one, which re-exports all of it at
//! the same paths and adds what needs them: the default HTTP client
//! ([`http::DefaultHttpClient`], hyper with rustls or the system's TLS), the configuration
//! that makes one ([`config`]: [`Config`], its builder and [`Config::load`]) and the
//! [`Handle`] generated clients hold.
//!
//! One module per concern: [`config`] (settings and environment variables, and the async
//! [`Config::load`]), [`credentials`] (the credentials type, the provider trait, the standard
//! chain and its cache), [`region`] (the region chain), [`sigv4`] (the signer), [`token`]
//! (bearer tokens), [`http`] (the [`HttpClient`] trait and its hyper default),
//! [`retry`] (standard-mode retries), [`protocol`] (how each protocol names its errors), `wire`
//! (the HTTP-binding helpers and the JSON codec generated code calls), `xml` (with the `xml`
//! feature: the XML writer and reader of XML clients), [`endpoint`] (the endpoint-rules
//! standard library), [`error`] ([`SdkError`]) and [`client`] (the attempt
//! loop that ties them together).
//!
//! Everything service-specific (signing name, endpoint rules, environment names) comes from
//! the generated client through a [`ServiceInfo`]. Items marked `#[doc(hidden)]` are seams for
//! generated code, not API.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod config;
pub mod credentials;
mod default_client;
mod handle;
pub mod region;

/// The attempt loop: aws-client-core's [`client`](aws_client_core::client) module and the
/// [`Handle`] generated clients hold.
pub mod client {
    pub use crate::handle::Handle;
    pub use aws_client_core::client::*;
}

/// The HTTP transport: aws-client-core's [`HttpClient`] trait and response types, and their
/// default implementation, [`DefaultHttpClient`](crate::http::DefaultHttpClient) (hyper with
/// rustls or the system's TLS).
pub mod http {
    pub use crate::default_client::DefaultHttpClient;
    pub use aws_client_core::http::*;
}

#[cfg(feature = "test-util")]
#[doc(hidden)]
pub use aws_client_core::test_util;
#[doc(hidden)]
pub use aws_client_core::wire;
/// The XML writer and pull reader (the `smithy-xml-runtime` crate) that awsQuery, ec2Query and
/// restXml clients use; only those turn the `xml` feature on.
#[cfg(feature = "xml")]
pub use aws_client_core::xml;
pub use aws_client_core::{
    checksum, endpoint, error, paginator, presigning, protocol, retry, sigv4, token, waiter,
};

/// Crates generated code names; re-exported so generated crates need no direct dependency.
#[doc(hidden)]
pub use aws_client_core::deps;

#[doc(hidden)]
pub use aws_client_core::{Auth, HttpRequest, Operation, ParseOutput, ServiceInfo};
pub use aws_client_core::{
    Credentials, CredentialsError, ErrorMetadata, HttpClient, HttpResponse, Protocol,
    ProvideCredentials, ProvideToken, ProviderConfig, SdkError, SharedCredentialsProvider,
    SharedHttpClient, SharedTokenProvider, Token, idempotency_token,
};

pub use self::config::{Builder as ConfigBuilder, Config, EnvError, Loader as ConfigLoader};
pub use self::handle::Handle;

#[cfg(test)]
mod tests;

/// Expands, inside a generated client's `impl Client`, to `Client::new(&SdkConfig)` when this
/// crate's `aws-config` feature is on, and to nothing otherwise. The feature is checked here,
/// where it is declared, so the generated code carries no `#[cfg(feature = ...)]` that a
/// user's crate (which includes it from a build script) would have to declare.
#[cfg(feature = "aws-config")]
#[doc(hidden)]
#[macro_export]
macro_rules! __sdk_config_constructor {
    () => {
        /// A client from an `aws-config` `SdkConfig` (region, credentials provider,
        /// endpoint URL, FIPS/dual-stack, retry and timeout settings).
        pub fn new(sdk_config: &$crate::deps::aws_types::SdkConfig) -> Self {
            Self::from_conf($crate::ConfigBuilder::from_sdk_config(sdk_config).build())
        }
    };
}

/// Without the `aws-config` feature: no `Client::new(&SdkConfig)`.
#[cfg(not(feature = "aws-config"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __sdk_config_constructor {
    () => {};
}
