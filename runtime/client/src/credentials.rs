//! A small cache in front of the configured credentials provider: providers such as
//! `aws-config`'s default chain do not cache by themselves (aws-sdk-rust caches in its
//! runtime), and fetching credentials per call would mean an IMDS/STS round trip each time.

use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use std::time::{Duration, SystemTime};

/// Credentials are refreshed this long before they expire.
const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(300);

#[derive(Debug, Default)]
pub(crate) struct CredentialsCache {
    // A tokio mutex, held across the provider call, so concurrent calls refresh only once.
    cached: tokio::sync::Mutex<Option<Credentials>>,
}

impl CredentialsCache {
    pub(crate) async fn get(
        &self,
        provider: &SharedCredentialsProvider,
    ) -> Result<Credentials, CredentialsError> {
        let mut cached = self.cached.lock().await;
        if let Some(creds) = cached.as_ref()
            && is_fresh(creds, SystemTime::now())
        {
            return Ok(creds.clone());
        }
        tracing::debug!("loading credentials");
        let creds = provider.provide_credentials().await?;
        *cached = Some(creds.clone());
        Ok(creds)
    }
}

fn is_fresh(creds: &Credentials, now: SystemTime) -> bool {
    match creds.expiry() {
        None => true,
        Some(expiry) => now + REFRESH_BEFORE_EXPIRY < expiry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_credential_types::provider::future;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[derive(Debug)]
    struct Counting(Arc<AtomicU32>, Option<SystemTime>);
    impl ProvideCredentials for Counting {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            self.0.fetch_add(1, Ordering::SeqCst);
            future::ProvideCredentials::ready(Ok(Credentials::new("A", "S", None, self.1, "t")))
        }
    }

    #[tokio::test]
    async fn caches_until_near_expiry() {
        let n = Arc::new(AtomicU32::new(0));
        let cache = CredentialsCache::default();
        let p = SharedCredentialsProvider::new(Counting(n.clone(), None));
        cache.get(&p).await.unwrap();
        cache.get(&p).await.unwrap();
        assert_eq!(n.load(Ordering::SeqCst), 1);

        let soon = SystemTime::now() + Duration::from_secs(60);
        let n = Arc::new(AtomicU32::new(0));
        let cache = CredentialsCache::default();
        let p = SharedCredentialsProvider::new(Counting(n.clone(), Some(soon)));
        cache.get(&p).await.unwrap();
        cache.get(&p).await.unwrap();
        assert_eq!(n.load(Ordering::SeqCst), 2);
    }
}
