//! A small run of the fault soak (`examples/soak.rs`): 300 calls against a server answering
//! from a fixed seed with 202, 500, 503, throttling, conflicts, resets, slow and truncated
//! responses; every outcome classified as the last attempt's answer, one clientToken per call.

#[path = "../examples/soak.rs"]
#[allow(dead_code)]
mod soak;

use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_soak_300_calls() {
    let report = soak::run(soak::Settings {
        calls: 300,
        concurrency: 32,
        seed: 7,
        attempt_timeout: Duration::from_millis(250),
        slow_delay: Duration::from_millis(1000),
        time_cap: Duration::from_secs(60),
    })
    .await;
    report.print();
    report.check();
    for outcome in [
        "ok",
        "service error 500 InternalServerException",
        "service error 503 (no code)",
        "service error 400 ThrottlingException",
        "modeled ConflictException",
        "dispatch failure (I/O)",
        "attempt timeout",
    ] {
        assert!(
            report.outcomes.contains_key(outcome),
            "seed 7 should produce {outcome:?}: {:#?}",
            report.outcomes
        );
    }
}
