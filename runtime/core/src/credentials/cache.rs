//! [`LazyCredentialsCache`]: caches what a provider returns until shortly before it
//! expires, with exactly one refresh in flight at a time.

use super::config::TimeSource;
use super::{
    Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
    SharedCredentialsProvider,
};
use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

/// Default margin: credentials are refreshed this long before they expire (as aws-config).
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);
/// Default limit for one load from the wrapped provider (as aws-config).
pub const DEFAULT_LOAD_TIMEOUT: Duration = Duration::from_secs(5);

/// A caching provider in front of another.
///
/// Credentials without an expiry are loaded once and kept. Temporary credentials are
/// reloaded once the clock passes `expiry - refresh_margin`. Concurrent callers that find
/// the cache stale wait for a single load rather than each calling the provider. If a
/// reload fails while the cached credentials have not yet actually expired, those are
/// returned (with a warning) so a brief STS or IMDS outage does not fail requests.
pub struct LazyCredentialsCache {
    provider: SharedCredentialsProvider,
    refresh_margin: Duration,
    load_timeout: Duration,
    time: TimeSource,
    cached: RwLock<Option<Credentials>>,
    // Held across the provider call: the "one refresh at a time" lock.
    refresh: tokio::sync::Mutex<()>,
}

impl fmt::Debug for LazyCredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LazyCredentialsCache")
            .field("provider", &self.provider)
            .field("refresh_margin", &self.refresh_margin)
            .field("load_timeout", &self.load_timeout)
            .finish_non_exhaustive()
    }
}

impl LazyCredentialsCache {
    /// A cache in front of `provider`, with the default margin, timeout and system clock.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        LazyCredentialsCache {
            provider: SharedCredentialsProvider::new(provider),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            load_timeout: DEFAULT_LOAD_TIMEOUT,
            time: Arc::new(SystemTime::now),
            cached: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
        }
    }
    /// Refresh this long before expiry (default 5 minutes).
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }
    /// Give up on one load after this long (default 5 seconds).
    pub fn with_load_timeout(mut self, timeout: Duration) -> Self {
        self.load_timeout = timeout;
        self
    }
    /// Uses this clock for expiry decisions.
    pub fn with_time_source(mut self, time: TimeSource) -> Self {
        self.time = time;
        self
    }

    fn cached_where(&self, keep: impl Fn(&Credentials) -> bool) -> Option<Credentials> {
        let cached = self.cached.read().unwrap_or_else(|p| p.into_inner());
        cached.as_ref().filter(|c| keep(c)).cloned()
    }

    fn is_fresh(&self, creds: &Credentials) -> bool {
        match creds.expiry() {
            None => true,
            Some(expiry) => (self.time)() + self.refresh_margin < expiry,
        }
    }

    /// Cached credentials if fresh, else one load shared by all waiting callers.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        if let Some(c) = self.cached_where(|c| self.is_fresh(c)) {
            return Ok(c);
        }
        let _one_at_a_time = self.refresh.lock().await;
        // Another caller may have refreshed while this one waited.
        if let Some(c) = self.cached_where(|c| self.is_fresh(c)) {
            return Ok(c);
        }
        tracing::debug!("loading credentials into the cache");
        let loaded = match tokio::time::timeout(
            self.load_timeout,
            self.provider.provide_credentials(),
        )
        .await
        {
            Ok(result) => result,
            Err(_) => Err(CredentialsError::timed_out(
                "credentials cache",
                format!(
                    "the credentials provider did not answer within {} ms",
                    self.load_timeout.as_millis()
                ),
            )),
        };
        match loaded {
            Ok(creds) => {
                tracing::debug!(
                    source = creds.provider_name(),
                    expiry = ?creds.expiry().map(super::time::DisplayTime),
                    "credentials cached"
                );
                *self.cached.write().unwrap_or_else(|p| p.into_inner()) = Some(creds.clone());
                Ok(creds)
            }
            Err(err) => {
                let now = (self.time)();
                match self.cached_where(|c| c.expiry().is_some_and(|e| now < e)) {
                    Some(old) => {
                        tracing::warn!(error = %err, "credentials refresh failed; using the cached credentials until they expire");
                        Ok(old)
                    }
                    None => Err(err),
                }
            }
        }
    }
}

impl ProvideCredentials for LazyCredentialsCache {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
