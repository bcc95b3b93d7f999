//! LazyCredentialsCache with paused tokio time: one refresh under concurrency, refresh
//! before expiry, static credentials kept, failures and timeouts.

use aws_client_core::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, LazyCredentialsCache, ProvideCredentials,
    ProvideCredentialsFuture, TimeSource,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, UNIX_EPOCH};

/// A wall clock that moves with tokio's (paused) clock.
fn clock() -> TimeSource {
    let start_sys = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let start = tokio::time::Instant::now();
    Arc::new(move || start_sys + (tokio::time::Instant::now() - start))
}

/// Takes `delay` to answer; returns credentials valid for `lifetime` (None: static), or
/// fails once `fail_after` loads have happened.
struct Slow {
    loads: Arc<AtomicU32>,
    delay: Duration,
    lifetime: Option<Duration>,
    fail_after: u32,
    now: TimeSource,
}

impl ProvideCredentials for Slow {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move {
            let n = self.loads.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(self.delay).await;
            if n > self.fail_after {
                return Err(CredentialsError::provider_error("test", "boom"));
            }
            let expiry = self.lifetime.map(|l| (self.now)() + l);
            Ok(Credentials::new(
                format!("AKID{n}"),
                "S",
                None,
                expiry,
                "test",
            ))
        })
    }
}

impl std::fmt::Debug for Slow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Slow")
    }
}

fn cache(
    lifetime: Option<Duration>,
    fail_after: u32,
) -> (Arc<LazyCredentialsCache>, Arc<AtomicU32>) {
    let loads = Arc::new(AtomicU32::new(0));
    let time = clock();
    let provider = Slow {
        loads: loads.clone(),
        delay: Duration::from_millis(200),
        lifetime,
        fail_after,
        now: time.clone(),
    };
    (
        Arc::new(LazyCredentialsCache::new(provider).with_time_source(time)),
        loads,
    )
}

#[tokio::test(start_paused = true)]
async fn one_refresh_for_many_concurrent_callers() {
    let (cache, loads) = cache(Some(Duration::from_secs(3600)), u32::MAX);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let cache = cache.clone();
        tasks.spawn(async move { cache.provide_credentials().await.unwrap() });
    }
    while let Some(creds) = tasks.join_next().await {
        assert_eq!(creds.unwrap().access_key_id(), "AKID1");
    }
    assert_eq!(loads.load(Ordering::SeqCst), 1);

    // 54 minutes in: 6 minutes left, more than the 5-minute margin: still cached.
    tokio::time::advance(Duration::from_secs(54 * 60)).await;
    assert_eq!(
        cache.provide_credentials().await.unwrap().access_key_id(),
        "AKID1"
    );
    assert_eq!(loads.load(Ordering::SeqCst), 1);

    // Past 55 minutes: inside the margin, refreshed once for all callers, before expiry.
    tokio::time::advance(Duration::from_secs(61)).await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let cache = cache.clone();
        tasks.spawn(async move { cache.provide_credentials().await.unwrap() });
    }
    while let Some(creds) = tasks.join_next().await {
        assert_eq!(creds.unwrap().access_key_id(), "AKID2");
    }
    assert_eq!(loads.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn static_credentials_are_loaded_once() {
    let (cache, loads) = cache(None, u32::MAX);
    for _ in 0..3 {
        cache.provide_credentials().await.unwrap();
        tokio::time::advance(Duration::from_secs(365 * 86_400)).await;
    }
    assert_eq!(loads.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn failed_refresh_keeps_unexpired_credentials() {
    let (cache, loads) = cache(Some(Duration::from_secs(600)), 1);
    assert_eq!(
        cache.provide_credentials().await.unwrap().access_key_id(),
        "AKID1"
    );
    // 6 minutes in: inside the margin; the refresh fails, the old ones still work.
    tokio::time::advance(Duration::from_secs(360)).await;
    assert_eq!(
        cache.provide_credentials().await.unwrap().access_key_id(),
        "AKID1"
    );
    // Once they have expired, the error comes through.
    tokio::time::advance(Duration::from_secs(300)).await;
    let err = cache.provide_credentials().await.unwrap_err();
    assert_eq!(err.to_string(), "test: boom");
    assert_eq!(loads.load(Ordering::SeqCst), 3);
}

#[tokio::test(start_paused = true)]
async fn slow_provider_times_out() {
    let loads = Arc::new(AtomicU32::new(0));
    let time = clock();
    let provider = Slow {
        loads,
        delay: Duration::from_secs(60),
        lifetime: None,
        fail_after: u32::MAX,
        now: time.clone(),
    };
    let cache = LazyCredentialsCache::new(provider)
        .with_time_source(time)
        .with_load_timeout(Duration::from_secs(2));
    let err = cache.provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::TimedOut);
    assert!(err.to_string().contains("2000 ms"), "{err}");
}
