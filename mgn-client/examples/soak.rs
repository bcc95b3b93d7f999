//! Fault soak: StartImport calls against a loopback server that answers, from a fixed seed,
//! with a mix of 202, 500, 503 (an HTML page), 400 ThrottlingException, 409 ConflictException,
//! connection resets, slow responses (beyond the attempt timeout) and truncated bodies.
//!
//! ```text
//! cargo run --release -p mgn-client --example soak [-- --calls 5000 --concurrency 32 --seed 42]
//! ```
//!
//! Checks, for every call: it ends in success or in an error whose classification matches what
//! the server did on the call's last attempt; its attempts are numbered 1..=n (n <= 3) and all
//! carry the same invocation id and the same clientToken (the server records both per attempt,
//! and also checks that an invocation id never comes with two tokens); a non-retryable answer is
//! always the last attempt; nothing panics. Prints the counts per outcome. The fault of each
//! attempt depends only on (seed, call, attempt number), not on scheduling; only the retry quota
//! (shared by all calls of the client) makes the counts vary slightly from run to run.
//! `tests/soak.rs` runs a small version.

use mgn_client::types::S3BucketSource;
use mgn_client::{Client, Config, Credentials, SdkError};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const OK_BODY: &str = r#"{"importTask":{"importID":"mgn-import-0123456789abcdef0","s3BucketSource":{"s3Bucket":"b","s3Key":"k.csv"},"status":"PENDING","creationDateTime":"2024-05-01T12:00:00.000000+00:00","progressPercentage":0.0,"summary":{"servers":{"createdCount":0,"modifiedCount":0}}}}"#;

/// What the server does with one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fault {
    /// 202 with a typical body.
    Ok,
    /// 500 `InternalServerException` (JSON, retried).
    Internal500,
    /// 503 with an HTML page and no error code (retried).
    Html503,
    /// 400 `ThrottlingException` (retried).
    Throttling,
    /// 409 `ConflictException`, a modeled error (not retried).
    Conflict,
    /// The connection is reset (RST) after the request was read (retried).
    Reset,
    /// No answer before the attempt timeout (retried).
    Slow,
    /// A 202 head with the full Content-Length, half of the body, then close (retried).
    Truncated,
}

impl Fault {
    /// Weights out of 100.
    const TABLE: [(Fault, u64); 8] = [
        (Fault::Ok, 55),
        (Fault::Internal500, 8),
        (Fault::Html503, 8),
        (Fault::Throttling, 8),
        (Fault::Conflict, 3),
        (Fault::Reset, 6),
        (Fault::Slow, 4),
        (Fault::Truncated, 8),
    ];

    /// The fault for attempt `attempt` of call `call`: a pure function of the seed.
    pub fn pick(seed: u64, call: usize, attempt: u32) -> Fault {
        let mut roll =
            splitmix64(seed ^ (call as u64).wrapping_mul(0x9E37_79B9) ^ (attempt as u64) << 48)
                % 100;
        for (fault, weight) in Fault::TABLE {
            if roll < weight {
                return fault;
            }
            roll -= weight;
        }
        Fault::Ok
    }

    /// How the client must report a call whose last attempt got this answer.
    pub fn expected(self) -> &'static str {
        match self {
            Fault::Ok => "ok",
            Fault::Internal500 => "service error 500 InternalServerException",
            Fault::Html503 => "service error 503 (no code)",
            Fault::Throttling => "service error 400 ThrottlingException",
            Fault::Conflict => "modeled ConflictException",
            Fault::Reset | Fault::Truncated => "dispatch failure (I/O)",
            Fault::Slow => "attempt timeout",
        }
    }

    /// Whether the client may retry after this answer.
    pub fn retryable(self) -> bool {
        !matches!(self, Fault::Ok | Fault::Conflict)
    }
}

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Soak parameters.
#[derive(Debug, Clone)]
pub struct Settings {
    pub calls: usize,
    pub concurrency: usize,
    pub seed: u64,
    /// The client's per-attempt timeout.
    pub attempt_timeout: Duration,
    /// How long a [`Fault::Slow`] answer waits (well beyond the attempt timeout).
    pub slow_delay: Duration,
    /// No new calls start after this.
    pub time_cap: Duration,
}

/// One attempt as the server saw it.
#[derive(Debug, Clone)]
struct Attempt {
    number: u32,
    invocation_id: String,
    client_token: String,
    fault: Fault,
}

#[derive(Default)]
struct ServerState {
    /// Attempts per call index (from the request's s3Key `k-<index>.csv`).
    calls: Mutex<HashMap<usize, Vec<Attempt>>>,
    /// clientToken per invocation id, and the violations found.
    tokens: Mutex<HashMap<String, String>>,
    token_violations: Mutex<Vec<String>>,
    unparseable: AtomicUsize,
    accepts: AtomicUsize,
}

/// What a soak run observed.
#[derive(Debug, Default)]
pub struct Report {
    pub calls: usize,
    pub not_started: usize,
    /// Outcomes as the client reported them.
    pub outcomes: BTreeMap<String, usize>,
    /// Server answers, all attempts.
    pub answers: BTreeMap<String, usize>,
    /// Calls by number of attempts.
    pub attempts: BTreeMap<u32, usize>,
    /// Calls whose last answer was retryable yet had attempts left: the retry quota was empty.
    pub stopped_by_quota: usize,
    pub accepted_connections: usize,
    /// Every violated expectation, spelled out.
    pub violations: Vec<String>,
    pub elapsed: Duration,
}

impl Report {
    /// Panics on any violation (or if calls were left unstarted).
    pub fn check(&self) {
        assert!(
            self.violations.is_empty(),
            "{} violations, first ones: {:#?}",
            self.violations.len(),
            &self.violations[..self.violations.len().min(10)]
        );
        assert_eq!(self.not_started, 0, "time cap reached: {self:#?}");
        assert_eq!(self.outcomes.values().sum::<usize>(), self.calls);
    }

    /// A human-readable summary.
    pub fn print(&self) {
        println!(
            "soak: {} calls in {:.2} s, {} TCP connections accepted",
            self.calls,
            self.elapsed.as_secs_f64(),
            self.accepted_connections
        );
        println!("  outcomes (client side, classified):");
        for (k, v) in &self.outcomes {
            println!("    {v:>6}  {k}");
        }
        println!("  server answers (all attempts):");
        for (k, v) in &self.answers {
            println!("    {v:>6}  {k}");
        }
        let hist: Vec<String> = self
            .attempts
            .iter()
            .map(|(n, c)| format!("{n} attempt(s): {c}"))
            .collect();
        println!("  calls by attempts: {}", hist.join(", "));
        println!(
            "  retryable last answer with attempts left (retry quota empty): {}",
            self.stopped_by_quota
        );
        println!(
            "  violations: {} (classification, clientToken / invocation id, attempt numbering)",
            self.violations.len()
        );
    }
}

/// The classification of a call's result, in the vocabulary of [`Fault::expected`].
fn classify(
    result: &Result<
        mgn_client::operation::StartImportOutput,
        SdkError<mgn_client::operation::StartImportError>,
    >,
) -> String {
    match result {
        Ok(out) if out.import_task.is_some() => "ok".into(),
        Ok(out) => format!("ok without importTask: {out:?}"),
        Err(SdkError::ServiceError(se)) => {
            if se.err().is_conflict_exception() {
                return "modeled ConflictException".into();
            }
            let m = se.metadata();
            match m.code() {
                Some(code) => format!("service error {} {code}", m.status().as_u16()),
                None => format!("service error {} (no code)", m.status().as_u16()),
            }
        }
        Err(SdkError::TimeoutError(t))
            if t.kind() == mgn_client::runtime::error::TimeoutKind::Attempt =>
        {
            "attempt timeout".into()
        }
        Err(SdkError::DispatchFailure(d)) if d.is_io() => "dispatch failure (I/O)".into(),
        Err(e) => format!("unexpected: {} {e}", e.kind_name()),
    }
}

/// Runs the soak.
pub async fn run(settings: Settings) -> Report {
    let state = Arc::new(ServerState::default());
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = {
        let (state, settings) = (state.clone(), settings.clone());
        tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            // Every reset, truncation and timeout costs a connection: bound generously.
            for _ in 0..(settings.calls * 3 + 64) {
                let Ok((stream, _)) = listener.accept().await else {
                    break;
                };
                let _ = stream.set_nodelay(true);
                state.accepts.fetch_add(1, Ordering::Relaxed);
                connections.spawn(serve_connection(stream, state.clone(), settings.clone()));
                while connections.try_join_next().is_some() {}
            }
        })
    };
    struct AbortOnDrop(tokio::task::JoinHandle<()>);
    impl Drop for AbortOnDrop {
        fn drop(&mut self) {
            self.0.abort();
        }
    }
    let _server = AbortOnDrop(server);

    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None, None, "static"))
            .endpoint_url(format!("http://{addr}"))
            .initial_backoff(Duration::from_millis(1))
            .attempt_timeout(settings.attempt_timeout)
            .connect_timeout(Duration::from_secs(5))
            .build(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let t0 = Instant::now();
    let deadline = t0 + settings.time_cap;
    let mut tasks = Vec::new();
    for _ in 0..settings.concurrency {
        let (client, next, calls) = (client.clone(), next.clone(), settings.calls);
        tasks.push(tokio::spawn(async move {
            let mut results = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= calls || Instant::now() >= deadline {
                    break;
                }
                let source = S3BucketSource::builder()
                    .s3_bucket("b")
                    .s3_key(format!("k-{i}.csv"))
                    .build()
                    .expect("bucket and key are set");
                let result = client.start_import().s3_bucket_source(source).send().await;
                results.push((i, classify(&result)));
            }
            results
        }));
    }
    let mut results = Vec::with_capacity(settings.calls);
    for task in tasks {
        results.extend(task.await.expect("soak task panicked"));
    }
    let elapsed = t0.elapsed();

    let mut report = Report {
        calls: settings.calls,
        not_started: settings.calls - results.len(),
        accepted_connections: state.accepts.load(Ordering::Relaxed),
        elapsed,
        ..Report::default()
    };
    let n_unparseable = state.unparseable.load(Ordering::Relaxed);
    if n_unparseable > 0 {
        report.violations.push(format!(
            "{n_unparseable} requests the server could not attribute to a call"
        ));
    }
    report
        .violations
        .extend(state.token_violations.lock().unwrap().iter().cloned());
    let server_calls = state.calls.lock().unwrap();
    for (i, outcome) in results {
        *report.outcomes.entry(outcome.clone()).or_default() += 1;
        let Some(attempts) = server_calls.get(&i) else {
            report.violations.push(format!(
                "call {i}: no attempt reached the server ({outcome})"
            ));
            continue;
        };
        let mut attempts = attempts.clone();
        attempts.sort_by_key(|a| a.number);
        *report.attempts.entry(attempts.len() as u32).or_default() += 1;
        for a in &attempts {
            *report.answers.entry(format!("{:?}", a.fault)).or_default() += 1;
        }
        let numbers: Vec<u32> = attempts.iter().map(|a| a.number).collect();
        if numbers != (1..=attempts.len() as u32).collect::<Vec<_>>() || attempts.len() > 3 {
            report
                .violations
                .push(format!("call {i}: attempt numbers {numbers:?}"));
        }
        let first = &attempts[0];
        if attempts
            .iter()
            .any(|a| a.client_token != first.client_token)
        {
            report
                .violations
                .push(format!("call {i}: different clientTokens {attempts:?}"));
        }
        if attempts
            .iter()
            .any(|a| a.invocation_id != first.invocation_id)
        {
            report
                .violations
                .push(format!("call {i}: different invocation ids {attempts:?}"));
        }
        for a in &attempts[..attempts.len() - 1] {
            if !a.fault.retryable() {
                report
                    .violations
                    .push(format!("call {i}: retried after {:?}", a.fault));
            }
        }
        let last = attempts[attempts.len() - 1].fault;
        if outcome != last.expected() {
            report.violations.push(format!(
                "call {i}: last answer {last:?} expects {:?}, client reported {outcome:?}",
                last.expected()
            ));
        }
        if last.retryable() && attempts.len() < 3 {
            report.stopped_by_quota += 1;
        }
    }
    report
}

async fn serve_connection(mut stream: TcpStream, state: Arc<ServerState>, settings: Settings) {
    let mut buf = Vec::with_capacity(4096);
    while let Some((head, body)) = read_request(&mut stream, &mut buf).await {
        let header = |name: &str| {
            head.split("\r\n").find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_owned())
            })
        };
        let json: Option<serde_json::Value> = serde_json::from_slice(&body).ok();
        let call = json
            .as_ref()
            .and_then(|j| j["s3BucketSource"]["s3Key"].as_str())
            .and_then(|k| {
                k.strip_prefix("k-")?
                    .strip_suffix(".csv")?
                    .parse::<usize>()
                    .ok()
            });
        let token = json
            .as_ref()
            .and_then(|j| j["clientToken"].as_str())
            .map(str::to_owned);
        let number = header("amz-sdk-request").and_then(|v| {
            v.split(';')
                .find_map(|p| p.trim().strip_prefix("attempt=")?.parse::<u32>().ok())
        });
        let invocation_id = header("amz-sdk-invocation-id");
        let (Some(call), Some(token), Some(number), Some(invocation_id)) =
            (call, token, number, invocation_id)
        else {
            state.unparseable.fetch_add(1, Ordering::Relaxed);
            return;
        };
        {
            let mut tokens = state.tokens.lock().unwrap();
            let known = tokens
                .entry(invocation_id.clone())
                .or_insert_with(|| token.clone());
            if *known != token {
                state.token_violations.lock().unwrap().push(format!(
                    "invocation {invocation_id}: clientToken {known} then {token}"
                ));
            }
        }
        let fault = Fault::pick(settings.seed, call, number);
        state
            .calls
            .lock()
            .unwrap()
            .entry(call)
            .or_default()
            .push(Attempt {
                number,
                invocation_id,
                client_token: token,
                fault,
            });
        let request_id = format!("req-{call}-{number}");
        let reply = |status: &str, headers: &str, body: &str| {
            format!(
                "HTTP/1.1 {status}\r\nx-amzn-requestid: {request_id}\r\n{headers}Content-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes()
        };
        let json_ct = "Content-Type: application/json\r\n";
        let bytes = match fault {
            Fault::Ok => reply("202 Accepted", json_ct, OK_BODY),
            Fault::Internal500 => reply(
                "500 Internal Server Error",
                json_ct,
                r#"{"__type":"InternalServerException","message":"try again"}"#,
            ),
            Fault::Html503 => reply(
                "503 Service Unavailable",
                "Content-Type: text/html\r\n",
                "<html><body><h1>503 Service Unavailable</h1></body></html>",
            ),
            Fault::Throttling => reply(
                "400 Bad Request",
                json_ct,
                r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
            ),
            Fault::Conflict => reply(
                "409 Conflict",
                "Content-Type: application/json\r\nX-Amzn-Errortype: ConflictException:http://internal.amazon.com/\r\n",
                r#"{"message":"import already running","code":"ConflictException","resourceId":"mgn-import-1"}"#,
            ),
            Fault::Reset => {
                // SO_LINGER 0: the close sends RST instead of FIN.
                let _ = stream.set_zero_linger();
                return;
            }
            Fault::Slow => {
                tokio::time::sleep(settings.slow_delay).await;
                reply("202 Accepted", json_ct, OK_BODY)
            }
            Fault::Truncated => {
                let full = reply("202 Accepted", json_ct, OK_BODY);
                let cut = full.len() - OK_BODY.len() / 2;
                let _ = stream.write_all(&full[..cut]).await;
                let _ = stream.shutdown().await;
                return;
            }
        };
        if stream.write_all(&bytes).await.is_err() {
            return;
        }
    }
}

/// Reads one request (head as text, body); `None` at EOF or on anything unparseable.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<(String, Vec<u8>)> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > 64 * 1024 || stream.read_buf(buf).await.ok()? == 0 {
            return None;
        }
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).ok()?;
    let len: usize = head
        .split("\r\n")
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    if len > 1024 * 1024 {
        return None;
    }
    while buf.len() < head_end + len {
        if stream.read_buf(buf).await.ok()? == 0 {
            return None;
        }
    }
    let body = buf[head_end..head_end + len].to_vec();
    buf.drain(..head_end + len);
    Some((head, body))
}

fn main() {
    let mut settings = Settings {
        calls: 5_000,
        concurrency: 32,
        seed: 42,
        attempt_timeout: Duration::from_millis(250),
        slow_delay: Duration::from_millis(1000),
        time_cap: Duration::from_secs(300),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value: u64 = args
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{flag} needs a number"));
        match flag.as_str() {
            "--calls" => settings.calls = value as usize,
            "--concurrency" => settings.concurrency = value as usize,
            "--seed" => settings.seed = value,
            _ => panic!("usage: soak [--calls N] [--concurrency C] [--seed S]"),
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!("soak: {settings:?}");
    let report = runtime.block_on(run(settings));
    report.print();
    report.check();
    println!("soak: PASS");
}
