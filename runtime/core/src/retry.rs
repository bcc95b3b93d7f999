//! Standard-mode retries (WIRE.md section 5): which failures are retried, how long to wait,
//! and the retry quota.

use std::sync::Mutex;
use std::time::Duration;

/// The longest backoff, whatever the attempt number or the server's `x-amz-retry-after`.
pub const MAX_BACKOFF: Duration = Duration::from_secs(20);
/// The retry quota's capacity (per client).
pub const QUOTA_CAPACITY: u32 = 500;
/// Quota cost of a retry after a throttling or server error.
pub const RETRY_COST: u32 = 5;
/// Quota cost of a retry after a timeout, transport error or transient error code.
pub const TIMEOUT_RETRY_COST: u32 = 10;
/// Quota returned by a success on the first attempt.
pub const NO_RETRY_INCREMENT: u32 = 1;

/// Error codes that mean "slow down".
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];
/// Error codes of transient failures.
pub const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException"];
/// Statuses retried whatever the code.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Why a failed attempt may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// A throttling error code: backoff base is the configured initial backoff (1 s default).
    Throttling,
    /// Status 500/502/503/504 without a throttling or transient code.
    ServerError,
    /// A transport error, an attempt timeout or a transient error code.
    Transient,
}

impl RetryKind {
    /// The quota cost of retrying.
    pub fn cost(self) -> u32 {
        match self {
            RetryKind::Throttling | RetryKind::ServerError => RETRY_COST,
            RetryKind::Transient => TIMEOUT_RETRY_COST,
        }
    }
}

/// Classifies an error response: codes first (throttling, then transient), then the status.
/// Everything else (the operation's modeled errors, 4xx) is not retried; a bare 429 without
/// a throttling code is not retried either, as in aws-sdk-rust.
pub fn classify_response(status: http::StatusCode, code: Option<&str>) -> Option<RetryKind> {
    if let Some(code) = code {
        if THROTTLING_CODES.contains(&code) {
            return Some(RetryKind::Throttling);
        }
        if TRANSIENT_CODES.contains(&code) {
            return Some(RetryKind::Transient);
        }
    }
    TRANSIENT_STATUSES
        .contains(&status.as_u16())
        .then_some(RetryKind::ServerError)
}

/// The delay before retry number `attempt` (1 = the wait after the first failed attempt):
/// `rand[0,1) x min(base x 2^(attempt-1), 20 s)`, where `base` is `initial_backoff` for
/// throttling and `initial_backoff / 20` otherwise (50 ms with the 1 s default: transient
/// failures are worth retrying quickly, as botocore does; throttling needs real backing off).
/// A server hint (`x-amz-retry-after`, milliseconds) replaces the computed delay, capped at
/// 20 s.
pub fn backoff(
    kind: RetryKind,
    attempt: u32,
    initial_backoff: Duration,
    retry_after: Option<Duration>,
    rand01: f64,
) -> Duration {
    if let Some(hint) = retry_after {
        return hint.min(MAX_BACKOFF);
    }
    let base = match kind {
        RetryKind::Throttling => initial_backoff,
        RetryKind::ServerError | RetryKind::Transient => initial_backoff / 20,
    };
    let exp = 2u32.saturating_pow(attempt.saturating_sub(1).min(31));
    let ceiling = base.saturating_mul(exp).min(MAX_BACKOFF);
    ceiling.mul_f64(rand01.clamp(0.0, 1.0))
}

/// Parses `x-amz-retry-after` (a non-negative integer of milliseconds); anything else is
/// ignored.
pub fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers.get("x-amz-retry-after")?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_millis)
}

/// The retry quota: a token bucket shared by all calls of one client.
#[derive(Debug)]
pub struct RetryQuota {
    available: Mutex<u32>,
}

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota {
            available: Mutex::new(QUOTA_CAPACITY),
        }
    }
}

impl RetryQuota {
    /// Takes `cost` tokens for a retry; `false` (and nothing taken) when too few are left.
    pub fn try_acquire(&self, cost: u32) -> bool {
        let mut available = self.lock();
        if *available >= cost {
            *available -= cost;
            true
        } else {
            false
        }
    }
    /// Returns tokens after a success: the cost of the retry that succeeded, or
    /// [`NO_RETRY_INCREMENT`] when the first attempt succeeded. Never above the capacity.
    pub fn release(&self, tokens: u32) {
        let mut available = self.lock();
        *available = available.saturating_add(tokens).min(QUOTA_CAPACITY);
    }
    /// Tokens currently available.
    pub fn available(&self) -> u32 {
        *self.lock()
    }
    fn lock(&self) -> std::sync::MutexGuard<'_, u32> {
        // A poisoned lock only means another thread panicked mid-update of a plain integer.
        self.available
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;

    #[test]
    fn classification() {
        let s = |n| StatusCode::from_u16(n).unwrap();
        assert_eq!(
            classify_response(s(400), Some("ThrottlingException")),
            Some(RetryKind::Throttling)
        );
        assert_eq!(
            classify_response(s(503), Some("SlowDown")),
            Some(RetryKind::Throttling)
        );
        assert_eq!(
            classify_response(s(408), Some("RequestTimeout")),
            Some(RetryKind::Transient)
        );
        for n in [500, 502, 503, 504] {
            assert_eq!(classify_response(s(n), None), Some(RetryKind::ServerError));
            assert_eq!(
                classify_response(s(n), Some("InternalServerException")),
                Some(RetryKind::ServerError)
            );
        }
        assert_eq!(classify_response(s(409), Some("ConflictException")), None);
        assert_eq!(
            classify_response(s(402), Some("ServiceQuotaExceededException")),
            None
        );
        assert_eq!(classify_response(s(429), None), None);
        assert_eq!(classify_response(s(501), None), None);
        assert_eq!(
            classify_response(s(403), Some("AccessDeniedException")),
            None
        );
    }

    #[test]
    fn backoff_formula() {
        let one = Duration::from_secs(1);
        // Throttling: base 1 s, doubling, jitter scales it.
        assert_eq!(
            backoff(RetryKind::Throttling, 1, one, None, 0.5),
            Duration::from_millis(500)
        );
        assert_eq!(
            backoff(RetryKind::Throttling, 3, one, None, 0.5),
            Duration::from_secs(2)
        );
        // Capped at 20 s before jitter.
        assert_eq!(
            backoff(RetryKind::Throttling, 10, one, None, 0.5),
            Duration::from_secs(10)
        );
        assert_eq!(
            backoff(RetryKind::Throttling, 1000, one, None, 0.999),
            MAX_BACKOFF.mul_f64(0.999)
        );
        // Other errors: base 50 ms.
        assert_eq!(
            backoff(RetryKind::ServerError, 1, one, None, 0.5),
            Duration::from_millis(25)
        );
        assert_eq!(
            backoff(RetryKind::Transient, 2, one, None, 0.5),
            Duration::from_millis(50)
        );
        assert_eq!(
            backoff(RetryKind::Transient, 1, one, None, 0.0),
            Duration::ZERO
        );
        // Server hint replaces it, capped.
        let hint = Some(Duration::from_millis(1234));
        assert_eq!(
            backoff(RetryKind::Throttling, 1, one, hint, 0.1),
            Duration::from_millis(1234)
        );
        let hint = Some(Duration::from_secs(3600));
        assert_eq!(
            backoff(RetryKind::Throttling, 1, one, hint, 0.1),
            MAX_BACKOFF
        );
    }

    #[test]
    fn retry_after_header() {
        let mut h = http::HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("x-amz-retry-after", "250".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_millis(250)));
        h.insert("x-amz-retry-after", "-1".parse().unwrap());
        assert_eq!(retry_after(&h), None);
        h.insert("x-amz-retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn quota() {
        let q = RetryQuota::default();
        assert_eq!(q.available(), 500);
        for _ in 0..50 {
            assert!(q.try_acquire(TIMEOUT_RETRY_COST));
        }
        assert_eq!(q.available(), 0);
        assert!(!q.try_acquire(RETRY_COST));
        q.release(RETRY_COST);
        assert!(q.try_acquire(RETRY_COST));
        q.release(10_000);
        assert_eq!(q.available(), QUOTA_CAPACITY);
    }
}
