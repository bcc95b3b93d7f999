//! The provider trait, [`SharedCredentialsProvider`], and static credentials.

use super::{Credentials, CredentialsError, LazyCredentialsCache};
use std::any::Any;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// The future returned by [`ProvideCredentials::provide_credentials`].
pub type ProvideCredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. Object safe: chains and caches hold `dyn ProvideCredentials`.
///
/// Implementations fetch on every call; put a
/// [`LazyCredentialsCache`](super::LazyCredentialsCache) in front to cache.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Loads credentials.
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_>;
}

/// Static credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        let creds = self.clone();
        Box::pin(async move { Ok(creds) })
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

/// A provider shared behind an `Arc`: cheap to clone, `'static`, what configs hold.
#[derive(Clone)]
pub struct SharedCredentialsProvider {
    provider: Arc<dyn ProvideCredentials>,
    /// Whether the provider is a [`LazyCredentialsCache`] (clients then use it as it is
    /// instead of putting another cache in front).
    caching: bool,
}

impl SharedCredentialsProvider {
    /// Wraps a provider.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        let any: &dyn Any = &provider;
        let caching = any.is::<LazyCredentialsCache>()
            || any
                .downcast_ref::<SharedCredentialsProvider>()
                .is_some_and(|shared| shared.caching);
        SharedCredentialsProvider {
            provider: Arc::new(provider),
            caching,
        }
    }

    /// Whether the provider caches by itself (a [`LazyCredentialsCache`]).
    #[doc(hidden)]
    pub fn is_caching(&self) -> bool {
        self.caching
    }
}

impl From<Arc<dyn ProvideCredentials>> for SharedCredentialsProvider {
    fn from(provider: Arc<dyn ProvideCredentials>) -> Self {
        SharedCredentialsProvider {
            provider,
            caching: false,
        }
    }
}

impl fmt::Debug for SharedCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SharedCredentialsProvider")
            .field(&self.provider)
            .finish()
    }
}

impl ProvideCredentials for SharedCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.provider.provide_credentials()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_when_the_provider_caches() {
        let plain = SharedCredentialsProvider::new(Credentials::from_keys("A", "S"));
        assert!(!plain.is_caching());
        let cache = SharedCredentialsProvider::new(LazyCredentialsCache::new(plain.clone()));
        assert!(cache.is_caching());
        // Wrapping a shared provider again (as `Builder::credentials_provider` does) keeps it.
        assert!(SharedCredentialsProvider::new(cache).is_caching());
        assert!(!SharedCredentialsProvider::new(plain).is_caching());
    }
}
