//! The generated `ImportCompleted` waiter (model/waiters.json) and the `ListImportErrors`
//! paginator against a loopback fake MGN (`tests/support`, which verifies every signature):
//! an import that moves PENDING -> STARTED (progress rising) -> SUCCEEDED or FAILED. Time is
//! tokio's paused clock, so the waits cost nothing and the chosen delays can be measured.

#[path = "../../runtime/client/tests/support/mod.rs"]
mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use mgn_client::runtime::waiter::{AcceptorState, WaiterError};
use mgn_client::types::{ImportStatus, ListImportsRequestFilters};
use mgn_client::{Client, Config, Credentials};
use support::{Reply, TestServer};
use tokio::time::Instant;

fn client(server: &TestServer) -> Client {
    Client::from_conf(
        Config::builder()
            .region(support::REGION)
            .credentials(Credentials::new(
                support::ACCESS_KEY_ID,
                support::SECRET_ACCESS_KEY,
                None,
                None,
                "test",
            ))
            .endpoint_url(server.endpoint_url())
            .initial_backoff(Duration::from_millis(1))
            .build(),
    )
}

fn task(status: &str, progress: f32) -> Reply {
    Reply::json(
        200,
        &format!(
            r#"{{"items":[{{"importID":"import-1","arn":"arn:aws:mgn:us-east-1:111122223333:import/import-1","status":"{status}","progressPercentage":{progress},"summary":{{"servers":{{"createdCount":3,"modifiedCount":1}}}},"tags":{{"team":"x"}}}}]}}"#
        ),
    )
}

fn filters() -> ListImportsRequestFilters {
    ListImportsRequestFilters::builder()
        .import_ids("import-1")
        .build()
}

type Seen = Arc<Mutex<Vec<(u32, AcceptorState, Option<f32>, Option<Duration>)>>>;

/// Waits with a progress callback recording (attempt, state, progress, next delay).
async fn wait(
    server: &TestServer,
    max_wait: Duration,
) -> (
    Result<
        mgn_client::runtime::waiter::FinalPoll<
            mgn_client::operation::ListImportsOutput,
            mgn_client::operation::ListImportsError,
        >,
        WaiterError<
            mgn_client::operation::ListImportsOutput,
            mgn_client::operation::ListImportsError,
        >,
    >,
    Vec<(u32, AcceptorState, Option<f32>, Option<Duration>)>,
) {
    let seen: Seen = Arc::default();
    let record = seen.clone();
    let result = client(server)
        .wait_until_import_completed()
        .filters(filters())
        .on_poll(move |poll| {
            let progress = poll
                .result
                .as_ref()
                .ok()
                .and_then(|o| o.items.as_ref()?.first()?.progress_percentage);
            record
                .lock()
                .unwrap()
                .push((poll.attempt, poll.state, progress, poll.next_delay));
        })
        .wait(max_wait)
        .await;
    let seen = seen.lock().unwrap().clone();
    (result, seen)
}

#[tokio::test(start_paused = true)]
async fn succeeds_after_progress_with_delays_between_min_and_max() {
    let server = TestServer::start(vec![
        task("PENDING", 0.0),
        task("STARTED", 20.0),
        task("STARTED", 60.0),
        task("SUCCEEDED", 100.0),
    ])
    .await;
    let start = Instant::now();
    let (result, seen) = wait(&server, Duration::from_secs(600)).await;
    let output = result.expect("success").into_result().expect("an output");
    let task = &output.items.unwrap()[0];
    assert_eq!(task.status, Some(ImportStatus::Succeeded));
    assert_eq!(
        task.arn.as_deref(),
        Some("arn:aws:mgn:us-east-1:111122223333:import/import-1")
    );

    let states: Vec<_> = seen.iter().map(|s| (s.0, s.1, s.2)).collect();
    assert_eq!(
        states,
        [
            (1, AcceptorState::Retry, Some(0.0)),
            (2, AcceptorState::Retry, Some(20.0)),
            (3, AcceptorState::Retry, Some(60.0)),
            (4, AcceptorState::Success, Some(100.0)),
        ]
    );
    // minDelay 5 s, maxDelay 60 s: retry n waits between 5 s and min(5 x 2^(n-1), 60) s.
    let delays: Vec<Duration> = seen.iter().filter_map(|s| s.3).collect();
    assert_eq!(delays.len(), 3);
    for (n, d) in delays.iter().enumerate() {
        let ceiling = Duration::from_secs((5u64 << n).min(60));
        assert!(
            *d >= Duration::from_secs(5) && *d <= ceiling,
            "retry {n}: {d:?}"
        );
    }
    // The paused clock moved by exactly the chosen delays.
    let slept: Duration = delays.iter().sum();
    let elapsed = start.elapsed();
    assert!(
        elapsed >= slept && elapsed < slept + Duration::from_secs(1),
        "{elapsed:?} vs {slept:?}"
    );

    // Every poll asked for the import by id.
    for req in server.requests() {
        assert_eq!(req.target, "/ListImports");
        assert_eq!(
            req.json(),
            serde_json::json!({"filters": {"importIDs": ["import-1"]}})
        );
    }
}

#[tokio::test(start_paused = true)]
async fn failed_import_is_the_failure_state_with_the_last_answer() {
    let server = TestServer::start(vec![task("STARTED", 10.0), task("FAILED", 40.0)]).await;
    let (result, seen) = wait(&server, Duration::from_secs(600)).await;
    let err = result.expect_err("failure");
    let last = err
        .final_poll()
        .expect("a failure state holds the last answer");
    let output = last.as_result().expect("an output");
    assert_eq!(
        output.items.as_ref().unwrap()[0].status,
        Some(ImportStatus::Failed)
    );
    assert_eq!(seen.last().unwrap().1, AcceptorState::Failure);
    assert!(err.to_string().contains("failure state"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn times_out_keeping_room_for_the_last_poll() {
    // Always STARTED: the waiter gives up at the deadline; the last wait is cut so the final
    // poll happens minDelay (5 s) before it.
    let server = TestServer::start((0..40).map(|i| task("STARTED", i as f32)).collect()).await;
    let start = Instant::now();
    let max_wait = Duration::from_secs(60);
    let (result, seen) = wait(&server, max_wait).await;
    match result {
        Err(WaiterError::ExceededMaxWait {
            max_wait: m, polls, ..
        }) => {
            assert_eq!(m, max_wait);
            assert_eq!(polls as usize, seen.len());
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(start.elapsed() <= max_wait, "{:?}", start.elapsed());
    assert!(
        start.elapsed() >= max_wait - Duration::from_secs(6),
        "{:?}",
        start.elapsed()
    );
    // The last poll had no next delay: time was up.
    assert_eq!(seen.last().unwrap().3, None);
}

#[tokio::test(start_paused = true)]
async fn a_service_error_no_acceptor_expects_is_a_failure() {
    let server = TestServer::start(vec![
        task("PENDING", 0.0),
        Reply::json(400, r#"{"message":"bad filter","reason":"other"}"#)
            .header("x-amzn-errortype", "ValidationException"),
    ])
    .await;
    let (result, seen) = wait(&server, Duration::from_secs(600)).await;
    let err = result.expect_err("failure");
    let last = err.final_poll().expect("the error is kept");
    let service = last.as_result().expect_err("an error");
    assert_eq!(service.code(), Some("ValidationException"));
    assert_eq!(seen.len(), 2);
}

#[tokio::test]
async fn import_errors_paginate_over_every_page() {
    let page = |rows: std::ops::Range<u32>, next: Option<&str>| {
        let items: Vec<String> = rows
            .map(|r| format!(r#"{{"errorType":"VALIDATION_ERROR","errorData":{{"rowNumber":{r},"rawError":"row {r} is bad"}}}}"#))
            .collect();
        let next = next
            .map(|t| format!(r#","nextToken":"{t}""#))
            .unwrap_or_default();
        Reply::json(200, &format!(r#"{{"items":[{}]{next}}}"#, items.join(",")))
    };
    let server = TestServer::start(vec![
        page(1..4, Some("p2")),
        page(4..6, Some("p3")),
        page(6..7, None),
    ])
    .await;
    let mut items = client(&server)
        .list_import_errors()
        .import_id("import-1")
        .into_paginator()
        .items();
    let mut rows = Vec::new();
    while let Some(item) = items.next().await {
        let item = item.expect("a page");
        rows.push(item.error_data.unwrap().row_number);
    }
    assert_eq!(rows, [1, 2, 3, 4, 5, 6]);
    let tokens: Vec<serde_json::Value> = server
        .requests()
        .iter()
        .map(|r| r.json()["nextToken"].clone())
        .collect();
    assert_eq!(tokens, [serde_json::Value::Null, "p2".into(), "p3".into()]);
}

#[tokio::test(start_paused = true)]
async fn min_and_max_delay_override_the_model() {
    let server = TestServer::start(vec![
        task("PENDING", 0.0),
        task("STARTED", 50.0),
        task("STARTED", 70.0),
        task("SUCCEEDED", 100.0),
    ])
    .await;
    let seen: Seen = Arc::default();
    let record = seen.clone();
    let start = Instant::now();
    client(&server)
        .wait_until_import_completed()
        .filters(filters())
        .min_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(25))
        .on_poll(move |poll| {
            record
                .lock()
                .unwrap()
                .push((poll.attempt, poll.state, None, poll.next_delay));
        })
        .wait(Duration::from_secs(60))
        .await
        .expect("success");
    let delays: Vec<Duration> = seen.lock().unwrap().iter().filter_map(|s| s.3).collect();
    assert_eq!(delays.len(), 3);
    for (n, d) in delays.iter().enumerate() {
        let ceiling = Duration::from_millis((10u64 << n).min(25));
        assert!(
            *d >= Duration::from_millis(10) && *d <= ceiling,
            "retry {n}: {d:?}"
        );
    }
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );

    // A minimum above the maximum is refused before anything is sent.
    let err = client(&server)
        .wait_until_import_completed()
        .filters(filters())
        .min_delay(Duration::from_secs(2))
        .max_delay(Duration::from_secs(1))
        .wait(Duration::from_secs(60))
        .await
        .expect_err("invalid");
    assert!(matches!(err, WaiterError::InvalidConfiguration(_)), "{err}");
    assert_eq!(server.requests().len(), 4);
}
