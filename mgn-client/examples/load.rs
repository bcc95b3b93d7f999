//! Load test: many StartImport calls from concurrent tasks sharing one client, against a
//! loopback keep-alive HTTP/1.1 server that answers 202 with a typical body.
//!
//! ```text
//! cargo run --release -p mgn-client --example load [-- --calls 100000 --concurrency 64]
//! ```
//!
//! Checks: every call succeeds with exactly one request; the server accepted at most
//! [`Report::connection_bound`] TCP connections (the pool reuses them); prints throughput, latency percentiles, the connection count and the
//! process's peak memory (`VmHWM`). Bounded: a fixed number of calls and a time cap (calls not
//! started before the cap count as failures). `tests/load.rs` runs a scaled-down version.

use mgn_client::types::S3BucketSource;
use mgn_client::{Client, Config, Credentials};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A typical StartImport success body.
const RESPONSE_BODY: &str = r#"{"importTask":{"importID":"mgn-import-0123456789abcdef0","s3BucketSource":{"s3Bucket":"b","s3Key":"k.csv"},"status":"PENDING","creationDateTime":"2024-05-01T12:00:00.000000+00:00","progressPercentage":0.0,"summary":{"waves":{"createdCount":0,"modifiedCount":0},"applications":{"createdCount":0,"modifiedCount":0},"servers":{"createdCount":0,"modifiedCount":0}}}}"#;

/// What a load run observed.
#[derive(Debug)]
pub struct Report {
    pub calls: usize,
    pub concurrency: usize,
    pub succeeded: usize,
    pub failed: usize,
    /// Calls never started because the time cap was reached.
    pub not_started: usize,
    pub first_error: Option<String>,
    /// TCP connections the server accepted.
    pub accepted_connections: usize,
    /// Requests the server answered.
    pub requests: usize,
    /// Requests the server found malformed (no signature, no clientToken, wrong path).
    pub bad_requests: usize,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
    /// Peak resident set size of the whole process (client and server), KiB.
    pub peak_rss_kib: u64,
}

impl Report {
    /// The TCP connections the check allows: twice the concurrency. hyper-util's pool has no
    /// per-host cap: a call that finds no idle connection starts a connect and races it against
    /// connections being returned, and a connect that loses the race still lands in the pool.
    /// So while the pool fills the count overshoots the concurrency a little (64 to 86 for 64
    /// tasks, measured); once every task has a pooled connection it stops growing (68 after
    /// 100,000 calls).
    pub fn connection_bound(&self) -> usize {
        2 * self.concurrency
    }

    /// Panics unless every call succeeded and the connections stayed within the pool bound.
    pub fn check(&self) {
        assert_eq!(
            self.failed + self.not_started,
            0,
            "failures: {self:#?} (first error: {:?})",
            self.first_error
        );
        assert_eq!(self.succeeded, self.calls, "{self:#?}");
        assert_eq!(self.bad_requests, 0, "{self:#?}");
        assert_eq!(self.requests, self.calls, "one request per call: {self:#?}");
        assert!(
            self.accepted_connections <= self.connection_bound(),
            "more connections than the pool bound {}: {self:#?}",
            self.connection_bound()
        );
    }

    /// A human-readable summary.
    pub fn print(&self) {
        println!(
            "load: {} calls from {} tasks sharing one client",
            self.calls, self.concurrency
        );
        println!(
            "  succeeded {}, failed {}, not started (time cap) {}",
            self.succeeded, self.failed, self.not_started
        );
        println!(
            "  elapsed {:.2} s, {:.0} calls/s; latency p50 {:.0} us, p99 {:.0} us, max {:.1} ms",
            self.elapsed.as_secs_f64(),
            self.succeeded as f64 / self.elapsed.as_secs_f64(),
            self.p50.as_secs_f64() * 1e6,
            self.p99.as_secs_f64() * 1e6,
            self.max.as_secs_f64() * 1e3,
        );
        println!(
            "  server: {} TCP connections accepted (concurrency {}, asserted bound {}), {} requests, {} malformed",
            self.accepted_connections,
            self.concurrency,
            self.connection_bound(),
            self.requests,
            self.bad_requests
        );
        println!(
            "  peak RSS (VmHWM, whole process incl. server) {:.1} MiB",
            self.peak_rss_kib as f64 / 1024.0
        );
    }
}

/// Runs `calls` StartImport calls from `concurrency` tasks sharing one client; stops starting
/// new calls after `time_cap`.
pub async fn run(calls: usize, concurrency: usize, time_cap: Duration) -> Report {
    let server = Server::start().await;
    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None, None, "static"))
            .endpoint_url(server.endpoint_url())
            .attempt_timeout(Duration::from_secs(10))
            .build(),
    );
    let source = S3BucketSource::builder()
        .s3_bucket("b")
        .s3_key("k.csv")
        .build()
        .expect("bucket and key are set");
    let next = Arc::new(AtomicUsize::new(0));
    let t0 = Instant::now();
    let deadline = t0 + time_cap;
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, source, next) = (client.clone(), source.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failed = 0;
            let mut first_error = None;
            while Instant::now() < deadline && next.fetch_add(1, Ordering::Relaxed) < calls {
                let t = Instant::now();
                let result = client
                    .start_import()
                    .s3_bucket_source(source.clone())
                    .send()
                    .await;
                match result {
                    Ok(out) if out.import_task.is_some() => latencies.push(t.elapsed()),
                    Ok(out) => {
                        failed += 1;
                        first_error.get_or_insert(format!("no importTask in {out:?}"));
                    }
                    Err(e) => {
                        failed += 1;
                        first_error.get_or_insert(e.to_string());
                    }
                }
            }
            (latencies, failed, first_error)
        }));
    }
    let mut latencies = Vec::with_capacity(calls);
    let mut failed = 0;
    let mut first_error = None;
    for task in tasks {
        let (l, f, e) = task.await.expect("load task panicked");
        latencies.extend(l);
        failed += f;
        if first_error.is_none() {
            first_error = e;
        }
    }
    let elapsed = t0.elapsed();
    latencies.sort_unstable();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let succeeded = latencies.len();
    Report {
        calls,
        concurrency,
        succeeded,
        failed,
        not_started: calls - succeeded - failed,
        first_error,
        accepted_connections: server.state.accepts.load(Ordering::SeqCst),
        requests: server.state.requests.load(Ordering::SeqCst),
        bad_requests: server.state.bad.load(Ordering::SeqCst),
        elapsed,
        p50: pct(0.50),
        p99: pct(0.99),
        max: latencies.last().copied().unwrap_or_default(),
        peak_rss_kib: peak_rss_kib(),
    }
}

/// `VmHWM` of this process from /proc/self/status (0 where unavailable).
pub fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

#[derive(Default)]
struct ServerState {
    accepts: AtomicUsize,
    requests: AtomicUsize,
    bad: AtomicUsize,
}

/// A minimal keep-alive HTTP/1.1 server on 127.0.0.1 answering every request with 202; it
/// stops when dropped.
struct Server {
    addr: std::net::SocketAddr,
    state: Arc<ServerState>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let state = Arc::new(ServerState::default());
        let st = state.clone();
        let task = tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            // Accept at most a few more than any pool bound a test checks: a leak shows as a
            // failed assertion, not as an unbounded number of sockets.
            for _ in 0..1024 {
                let Ok((stream, _)) = listener.accept().await else {
                    break;
                };
                let _ = stream.set_nodelay(true);
                st.accepts.fetch_add(1, Ordering::SeqCst);
                connections.spawn(serve_connection(stream, st.clone()));
            }
            while connections.join_next().await.is_some() {}
        });
        Server { addr, state, task }
    }

    fn endpoint_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn serve_connection(mut stream: TcpStream, state: Arc<ServerState>) {
    let mut buf = Vec::with_capacity(4096);
    let mut out = Vec::with_capacity(1024);
    while let Some((head, body)) = read_request(&mut stream, &mut buf).await {
        let n = state.requests.fetch_add(1, Ordering::Relaxed);
        let ok = head.starts_with("POST /StartImport HTTP/1.1\r\n")
            && head
                .to_ascii_lowercase()
                .contains("\r\nauthorization: aws4-hmac-sha256 ")
            && body.windows(14).any(|w| w == b"\"clientToken\":");
        if !ok {
            state.bad.fetch_add(1, Ordering::Relaxed);
        }
        out.clear();
        out.extend_from_slice(
            format!(
                "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\n\
                 x-amzn-requestid: 3c2a6d3e-0000-4000-8000-{n:012x}\r\nContent-Length: {}\r\n\r\n",
                RESPONSE_BODY.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(RESPONSE_BODY.as_bytes());
        if stream.write_all(&out).await.is_err() {
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
    let mut calls = 100_000;
    let mut concurrency = 64;
    let mut cap_secs = 300;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value: usize = args
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{flag} needs a number"));
        match flag.as_str() {
            "--calls" => calls = value,
            "--concurrency" => concurrency = value,
            "--cap-secs" => cap_secs = value as u64,
            _ => panic!("usage: load [--calls N] [--concurrency C] [--cap-secs S]"),
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let report = runtime.block_on(run(calls, concurrency, Duration::from_secs(cap_secs)));
    report.print();
    report.check();
    println!("load: PASS");
}
