//! The derived signing key, cached per credential scope.

use crate::crypto::{self, CryptoError, HmacKey, hmac_key, hmac_once};
use std::fmt;
use std::sync::{Mutex, MutexGuard};

/// Scopes kept at once: a client signs for one region and service, a few more with several
/// credentials; past this the least recently used scope is dropped.
const MAX_ENTRIES: usize = 8;

/// Caches SigV4 signing keys, so the four HMACs that derive a key from the secret run once per
/// day for each (secret, region, service) rather than on every request.
///
/// One entry is kept per (secret, region, service); a new date replaces that entry's key. At most
/// eight scopes are kept. The secret itself is not stored, only its SHA-256 digest, to tell
/// credentials apart. Safe to share between tasks: the lock is held only to look up or store a
/// key, never while deriving or signing.
pub struct SigningKeyCache {
    inner: Mutex<Inner>,
    #[cfg(test)]
    derivations: std::sync::atomic::AtomicUsize,
}

#[derive(Default)]
struct Inner {
    entries: Vec<Entry>,
    /// Increases on every use, to find the least recently used entry.
    clock: u64,
}

struct Entry {
    secret_digest: [u8; 32],
    region: Box<str>,
    service: Box<str>,
    date: [u8; 8],
    key: HmacKey,
    last_used: u64,
}

impl Entry {
    fn is_scope(&self, secret_digest: &[u8; 32], region: &str, service: &str) -> bool {
        self.secret_digest == *secret_digest && *self.region == *region && *self.service == *service
    }
}

impl Default for SigningKeyCache {
    fn default() -> Self {
        Self {
            inner: Mutex::new(Inner::default()),
            #[cfg(test)]
            derivations: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Scopes only: no key, no secret digest.
        let inner = self.lock();
        let scopes = inner.entries.iter().map(|e| {
            format!(
                "{}/{}/{}",
                String::from_utf8_lossy(&e.date),
                e.region,
                e.service
            )
        });
        f.debug_struct("SigningKeyCache")
            .field("scopes", &scopes.collect::<Vec<_>>())
            .finish()
    }
}

impl SigningKeyCache {
    /// Creates an empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Every critical section leaves the entries consistent, so a panic elsewhere while the
        // lock was held does not make them unusable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The signing key for `date` (`YYYYMMDD`), region and service, derived on a miss.
    pub(super) fn signing_key(
        &self,
        secret: &str,
        date: &[u8; 8],
        region: &str,
        service: &str,
    ) -> Result<HmacKey, CryptoError> {
        let digest_bytes = crypto::sha256(secret.as_bytes())?;
        {
            let mut inner = self.lock();
            inner.clock += 1;
            let now = inner.clock;
            if let Some(entry) = inner
                .entries
                .iter_mut()
                .find(|e| e.is_scope(&digest_bytes, region, service) && e.date == *date)
            {
                entry.last_used = now;
                return Ok(entry.key.clone());
            }
        }

        // Derive without the lock, so other scopes are not held up meanwhile.
        let key = derive(secret, date, region, service)?;
        #[cfg(test)]
        self.derivations
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);

        let mut inner = self.lock();
        inner.clock += 1;
        let now = inner.clock;
        let entries = &mut inner.entries;
        if let Some(entry) = entries
            .iter_mut()
            .find(|e| e.is_scope(&digest_bytes, region, service))
        {
            // The date rolled over (or another task derived the same key meanwhile).
            entry.date = *date;
            entry.key = key.clone();
            entry.last_used = now;
        } else {
            let entry = Entry {
                secret_digest: digest_bytes,
                region: region.into(),
                service: service.into(),
                date: *date,
                key: key.clone(),
                last_used: now,
            };
            if entries.len() < MAX_ENTRIES {
                entries.push(entry);
            } else if let Some(oldest) = entries.iter_mut().min_by_key(|e| e.last_used) {
                *oldest = entry;
            }
        }
        Ok(key)
    }

    /// How many keys this cache has derived.
    #[cfg(test)]
    pub(super) fn derivations(&self) -> usize {
        self.derivations.load(std::sync::atomic::Ordering::Relaxed)
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.lock().entries.len()
    }
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
fn derive(
    secret: &str,
    date: &[u8; 8],
    region: &str,
    service: &str,
) -> Result<HmacKey, CryptoError> {
    let mut k_secret = Vec::with_capacity(4 + secret.len());
    k_secret.extend_from_slice(b"AWS4");
    k_secret.extend_from_slice(secret.as_bytes());
    let k_date = hmac_once(&k_secret, date);
    // Best effort: do not leave a copy of the secret in freed memory.
    k_secret.fill(0);
    std::hint::black_box(&k_secret);
    let k_region = hmac_once(&k_date?, region.as_bytes())?;
    let k_service = hmac_once(&k_region, service.as_bytes())?;
    let k_signing = hmac_once(&k_service, b"aws4_request")?;
    hmac_key(&k_signing)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    fn tag(key: &HmacKey) -> [u8; 32] {
        crypto::hmac_sha256(key, b"probe").unwrap()
    }

    #[test]
    fn reuses_keys_per_scope() {
        let cache = SigningKeyCache::new();
        let a = cache
            .signing_key(SECRET, b"20150830", "us-east-1", "iam")
            .unwrap();
        let b = cache
            .signing_key(SECRET, b"20150830", "us-east-1", "iam")
            .unwrap();
        assert_eq!(cache.derivations(), 1);
        assert_eq!(tag(&a), tag(&b));
        cache
            .signing_key(SECRET, b"20150830", "us-west-2", "iam")
            .unwrap();
        cache
            .signing_key(SECRET, b"20150830", "us-east-1", "mgn")
            .unwrap();
        cache
            .signing_key("other", b"20150830", "us-east-1", "iam")
            .unwrap();
        assert_eq!(cache.derivations(), 4);
        cache
            .signing_key(SECRET, b"20150830", "us-east-1", "iam")
            .unwrap();
        assert_eq!(cache.derivations(), 4);
    }

    #[test]
    fn matches_the_documented_example_key() {
        // AWS's worked example: the signing key for 20120215/us-east-1/iam is
        // f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d.
        let expected = tag(&hmac_key(&[
            0xf4, 0x78, 0x0e, 0x2d, 0x9f, 0x65, 0xfa, 0x89, 0x5f, 0x9c, 0x67, 0xb3, 0x2c, 0xe1,
            0xba, 0xf0, 0xb0, 0xd8, 0xa4, 0x35, 0x05, 0xa0, 0x00, 0xa1, 0xa9, 0xe0, 0x90, 0xd4,
            0x14, 0xdb, 0x40, 0x4d,
        ])
        .unwrap());
        let cache = SigningKeyCache::new();
        let key = cache
            .signing_key(SECRET, b"20120215", "us-east-1", "iam")
            .unwrap();
        assert_eq!(tag(&key), expected);
    }

    #[test]
    fn rolls_over_dates_in_place() {
        let cache = SigningKeyCache::new();
        let day1 = cache
            .signing_key(SECRET, b"20150830", "us-east-1", "iam")
            .unwrap();
        let day2 = cache
            .signing_key(SECRET, b"20150831", "us-east-1", "iam")
            .unwrap();
        assert_ne!(tag(&day1), tag(&day2));
        assert_eq!(cache.derivations(), 2);
        assert_eq!(cache.len(), 1, "the new date replaces the old key");
        cache
            .signing_key(SECRET, b"20150831", "us-east-1", "iam")
            .unwrap();
        assert_eq!(cache.derivations(), 2);
    }

    #[test]
    fn is_bounded_and_evicts_the_least_recently_used() {
        let cache = SigningKeyCache::new();
        let regions: Vec<String> = (0..MAX_ENTRIES + 1).map(|i| format!("r{i}")).collect();
        for region in &regions[..MAX_ENTRIES] {
            cache.signing_key(SECRET, b"20150830", region, "s").unwrap();
        }
        // Touch r0 so that r1 is the oldest.
        cache.signing_key(SECRET, b"20150830", "r0", "s").unwrap();
        cache
            .signing_key(SECRET, b"20150830", &regions[MAX_ENTRIES], "s")
            .unwrap();
        assert_eq!(cache.len(), MAX_ENTRIES);
        let before = cache.derivations();
        cache.signing_key(SECRET, b"20150830", "r0", "s").unwrap();
        assert_eq!(cache.derivations(), before);
        cache.signing_key(SECRET, b"20150830", "r1", "s").unwrap();
        assert_eq!(cache.derivations(), before + 1);
    }

    #[test]
    fn debug_shows_scopes_but_no_secret() {
        let cache = SigningKeyCache::new();
        cache
            .signing_key(SECRET, b"20150830", "us-east-1", "iam")
            .unwrap();
        let debug = format!("{cache:?}");
        assert!(debug.contains("20150830/us-east-1/iam"), "{debug}");
        assert!(!debug.contains(SECRET));
        assert!(!debug.contains("wJalr"));
    }

    #[test]
    fn is_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SigningKeyCache>();
        let cache = SigningKeyCache::new();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..100 {
                        cache
                            .signing_key(SECRET, b"20150830", "us-east-1", "iam")
                            .unwrap();
                    }
                });
            }
        });
        assert!(cache.derivations() <= 4);
    }
}
