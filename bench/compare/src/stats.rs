//! A run's figures from its successful calls: a failed call is counted as an error only, never
//! in calls per second or CPU per call (a client failing fast must not look faster).

use std::time::Duration;

/// What one measured run did.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Successful calls.
    pub ok: usize,
    pub errors: usize,
    pub calls_per_s: f64,
    /// Latency percentiles of the successful calls, microseconds (NaN without any).
    pub p50_us: f64,
    pub p99_us: f64,
    pub cpu_us_per_call: f64,
}

/// `latencies_ns` of the successful calls (sorted here), the number of failed ones, the wall
/// and CPU time of the whole run.
pub fn figures(
    mut latencies_ns: Vec<u64>,
    errors: usize,
    elapsed: Duration,
    cpu: Duration,
) -> Figures {
    latencies_ns.sort_unstable();
    let ok = latencies_ns.len();
    let pct = |p: f64| {
        if ok == 0 {
            f64::NAN
        } else {
            latencies_ns[((ok as f64 * p) as usize).min(ok - 1)] as f64 / 1000.0
        }
    };
    let per_call = |total: f64| if ok == 0 { f64::NAN } else { total / ok as f64 };
    Figures {
        ok,
        errors,
        calls_per_s: ok as f64 / elapsed.as_secs_f64(),
        p50_us: pct(0.50),
        p99_us: pct(0.99),
        cpu_us_per_call: per_call(cpu.as_secs_f64() * 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_calls_count_in_neither_rate_nor_cpu_per_call() {
        let lat = vec![3_000, 1_000, 2_000, 4_000];
        let all_ok = figures(
            lat.clone(),
            0,
            Duration::from_secs(2),
            Duration::from_millis(8),
        );
        assert_eq!(
            (all_ok.ok, all_ok.calls_per_s, all_ok.cpu_us_per_call),
            (4, 2.0, 2000.0)
        );
        // The same successful work plus 4 failures: counted as calls they would show 4/s and
        // 1000 us each; their CPU weighs on the successful calls instead.
        let with_errors = figures(lat, 4, Duration::from_secs(2), Duration::from_millis(8));
        assert_eq!(with_errors.errors, 4);
        assert_eq!(with_errors.calls_per_s, 2.0);
        assert_eq!(with_errors.cpu_us_per_call, 2000.0);
        assert_eq!(with_errors.p50_us, 3.0);
        let none_ok = figures(
            Vec::new(),
            5,
            Duration::from_secs(1),
            Duration::from_millis(1),
        );
        assert_eq!(none_ok.calls_per_s, 0.0);
        assert!(none_ok.cpu_us_per_call.is_nan());
    }
}
