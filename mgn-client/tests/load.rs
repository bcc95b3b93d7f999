//! A scaled-down run of the load example (`examples/load.rs`): 2,000 calls from 64 tasks
//! sharing one client, all succeed, connections bounded by the concurrency.

#[path = "../examples/load.rs"]
#[allow(dead_code)]
mod load;

use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_calls_from_64_tasks() {
    let report = load::run(2_000, 64, Duration::from_secs(30)).await;
    report.print();
    report.check();
}
