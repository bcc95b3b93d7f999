//! StartImport side by side: `mgn-client`, `aws-sdk-mgn` and a "floor" (bare hyper sending a
//! pre-built request, SigV4-signed on every call with the signing key derived once per day and
//! scope, as any SigV4 client may: see `floor_signer.rs`).
//!
//! ```sh
//! cargo run --release --manifest-path bench/compare/Cargo.toml
//! cargo run --release --manifest-path bench/compare/Cargo.toml -- --calls 20000 --rounds 3
//! ```
//!
//! Method. The parent process runs one loopback HTTP/1.1 server (hyper, keep-alive, 202 with a
//! typical StartImport body, no signature check) on its own thread and current-thread runtime.
//! Every measured run is a child process of this same binary (`--client ours|aws|floor`) that
//! holds nothing but the client: a current-thread Tokio runtime, one shared client, `C` tasks
//! taking calls from a shared counter. The child measures, around the timed calls only (after a
//! warm-up), wall time, its own user+sys CPU time (`getrusage(RUSAGE_SELF)`, every thread of the
//! child, so nothing of the server), and the latency of each call; at the end it reads its peak
//! RSS (`VmHWM` in /proc/self/status). Runs alternate between the clients (the order rotates each
//! round) and the table reports the median of the rounds. The parent also reports the server's
//! CPU time per request during each run (its own getrusage; it does nothing else meanwhile): on
//! a 2-core machine, calls per second at concurrency 64 are bounded by client + server CPU per
//! call.

mod floor_signer;
mod stats;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

const REGION: &str = "us-east-1";
const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// A typical StartImport success body (what the service returns for a fresh import).
const RESPONSE_BODY: &str = r#"{"importTask":{"importID":"mgn-import-0123456789abcdef0","s3BucketSource":{"s3Bucket":"b","s3Key":"k.csv"},"status":"PENDING","creationDateTime":"2024-05-01T12:00:00.000000+00:00","progressPercentage":0.0,"summary":{"waves":{"createdCount":0,"modifiedCount":0},"applications":{"createdCount":0,"modifiedCount":0},"servers":{"createdCount":0,"modifiedCount":0}}}}"#;

const CLIENTS: [&str; 3] = ["ours", "aws", "floor"];

struct Args {
    client: Option<String>,
    port: u16,
    calls: usize,
    warmup: usize,
    concurrency: Vec<usize>,
    rounds: usize,
    cap: Duration,
    /// The clients the parent runs (default: all three).
    clients: Vec<&'static str>,
}

fn parse_args() -> Args {
    let mut args = Args {
        client: None,
        port: 0,
        calls: 20_000,
        warmup: 1_000,
        concurrency: vec![1, 64],
        rounds: 3,
        cap: Duration::from_secs(60),
        clients: CLIENTS.to_vec(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .unwrap_or_else(|| usage(&format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--client" => args.client = Some(value()),
            "--port" => args.port = value().parse().unwrap_or_else(|_| usage("bad --port")),
            "--calls" => args.calls = value().parse().unwrap_or_else(|_| usage("bad --calls")),
            "--warmup" => args.warmup = value().parse().unwrap_or_else(|_| usage("bad --warmup")),
            "--rounds" => args.rounds = value().parse().unwrap_or_else(|_| usage("bad --rounds")),
            "--cap-secs" => {
                args.cap =
                    Duration::from_secs(value().parse().unwrap_or_else(|_| usage("bad --cap-secs")))
            }
            "--clients" => {
                args.clients = value()
                    .split(',')
                    .map(|c| {
                        CLIENTS
                            .into_iter()
                            .find(|k| *k == c)
                            .unwrap_or_else(|| usage("bad --clients"))
                    })
                    .collect()
            }
            "--concurrency" => {
                args.concurrency = value()
                    .split(',')
                    .map(|c| c.parse().unwrap_or_else(|_| usage("bad --concurrency")))
                    .collect()
            }
            _ => usage(&format!("unknown argument {flag}")),
        }
    }
    args
}

fn usage(msg: &str) -> ! {
    eprintln!(
        "{msg}\nusage: mgn-compare [--calls N] [--warmup N] [--rounds R] [--concurrency 1,64] [--cap-secs S]\n       \
         (internal) mgn-compare --client ours|aws|floor --port P --calls N --concurrency C"
    );
    std::process::exit(2)
}

fn main() {
    let args = parse_args();
    match args.client.clone() {
        Some(client) => child(&client, &args),
        None => parent(&args),
    }
}

// ---------------------------------------------------------------------------------------
// Parent: server + orchestration + table.

#[derive(Debug, Clone, Default)]
struct RunResult {
    calls: f64,
    errors: f64,
    elapsed_s: f64,
    calls_per_s: f64,
    p50_us: f64,
    p99_us: f64,
    cpu_us_per_call: f64,
    vmhwm_kb: f64,
    /// The server's CPU time per request answered during the run (parent process, which does
    /// nothing else meanwhile), warm-up included.
    server_cpu_us_per_req: f64,
}

fn parent(args: &Args) {
    let accepts = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("addr").port();
    {
        let (accepts, requests) = (accepts.clone(), requests.clone());
        std::thread::spawn(move || serve(listener, accepts, requests));
    }
    let exe = std::env::current_exe().expect("current exe");
    println!(
        "StartImport, {} calls per run after {} warm-up calls, {} rounds, clients alternate; server on 127.0.0.1:{port}",
        args.calls, args.warmup, args.rounds
    );
    println!("run started {}; {}", utc_now(), load_average());
    let mut results: Vec<(usize, &str, Vec<RunResult>)> = Vec::new();
    for &conc in &args.concurrency {
        for &c in &args.clients {
            results.push((conc, c, Vec::new()));
        }
        let n = args.clients.len();
        for round in 0..args.rounds {
            for k in 0..n {
                let client = args.clients[(k + round) % n];
                let (server_cpu0, requests0) = (cpu_time(), requests.load(Ordering::SeqCst));
                let out = Command::new(&exe)
                    .args(["--client", client, "--port", &port.to_string()])
                    .args(["--calls", &args.calls.to_string()])
                    .args(["--warmup", &args.warmup.to_string()])
                    .args(["--concurrency", &conc.to_string()])
                    .args(["--cap-secs", &args.cap.as_secs().to_string()])
                    .stderr(Stdio::inherit())
                    .output()
                    .expect("run child");
                let line = BufReader::new(&out.stdout[..])
                    .lines()
                    .map_while(Result::ok)
                    .find(|l| l.starts_with("RESULT "))
                    .unwrap_or_else(|| panic!("child {client} printed no result ({})", out.status));
                let mut r = parse_result(&line);
                let answered = requests.load(Ordering::SeqCst) - requests0;
                r.server_cpu_us_per_req =
                    (cpu_time() - server_cpu0).as_secs_f64() * 1e6 / answered.max(1) as f64;
                eprintln!(
                    "  c={conc:<3} round {round} {client:<5} {line} server_cpu_us_per_req={:.2}",
                    r.server_cpu_us_per_req
                );
                results
                    .iter_mut()
                    .find(|(cc, name, _)| *cc == conc && *name == client)
                    .expect("slot")
                    .2
                    .push(r);
            }
        }
    }
    println!(
        "server: {} connections accepted, {} requests answered",
        accepts.load(Ordering::SeqCst),
        requests.load(Ordering::SeqCst)
    );
    println!("run ended {}; {}", utc_now(), load_average());
    print_table(&results, &args.clients);
}

/// The current UTC time as `date -u` prints it (the bench keeps its dependencies few).
fn utc_now() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|| "(date unknown)".to_owned())
}

/// The 1, 5 and 15 minute load averages, from /proc/loadavg.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .map_or_else(
            || "load average unknown".to_owned(),
            |l| format!("load average {l}"),
        )
}

fn parse_result(line: &str) -> RunResult {
    let mut r = RunResult::default();
    for kv in line.split_whitespace().skip(1) {
        let Some((k, v)) = kv.split_once('=') else {
            continue;
        };
        let v: f64 = v.parse().unwrap_or(f64::NAN);
        match k {
            "calls" => r.calls = v,
            "errors" => r.errors = v,
            "elapsed_s" => r.elapsed_s = v,
            "calls_per_s" => r.calls_per_s = v,
            "p50_us" => r.p50_us = v,
            "p99_us" => r.p99_us = v,
            "cpu_us_per_call" => r.cpu_us_per_call = v,
            "vmhwm_kb" => r.vmhwm_kb = v,
            _ => {}
        }
    }
    r
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    v[v.len() / 2]
}

fn print_table(results: &[(usize, &str, Vec<RunResult>)], clients: &[&str]) {
    let med = |conc: usize, client: &str, f: fn(&RunResult) -> f64| {
        let runs = &results
            .iter()
            .find(|(c, n, _)| *c == conc && *n == client)
            .expect("result")
            .2;
        median(runs.iter().map(f).collect())
    };
    let mut concs: Vec<usize> = results.iter().map(|r| r.0).collect();
    concs.dedup();
    println!();
    println!(
        "| conc | client | calls/s | p50 us | p99 us | CPU us/call | peak RSS MiB | errors | server CPU us/req |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    for &conc in &concs {
        for &client in clients {
            println!(
                "| {conc} | {client} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} | {:.1} |",
                med(conc, client, |r| r.calls_per_s),
                med(conc, client, |r| r.p50_us),
                med(conc, client, |r| r.p99_us),
                med(conc, client, |r| r.cpu_us_per_call),
                med(conc, client, |r| r.vmhwm_kb) / 1024.0,
                results
                    .iter()
                    .find(|(c, n, _)| *c == conc && *n == client)
                    .map(|r| r.2.iter().map(|x| x.errors).sum::<f64>())
                    .unwrap_or(f64::NAN),
                med(conc, client, |r| r.server_cpu_us_per_req),
            );
        }
    }
    println!();
    println!("| conc | ratio | calls/s | p50 | p99 | CPU/call | peak RSS |");
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for &conc in &concs {
        for (a, b) in [("ours", "aws"), ("floor", "aws"), ("ours", "floor")] {
            if !clients.contains(&a) || !clients.contains(&b) {
                continue;
            }
            let ratio = |f: fn(&RunResult) -> f64| med(conc, a, f) / med(conc, b, f);
            println!(
                "| {conc} | {a}/{b} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} |",
                ratio(|r| r.calls_per_s),
                ratio(|r| r.p50_us),
                ratio(|r| r.p99_us),
                ratio(|r| r.cpu_us_per_call),
                ratio(|r| r.vmhwm_kb),
            );
        }
    }
    let errors: f64 = results.iter().flat_map(|r| &r.2).map(|r| r.errors).sum();
    if errors > 0.0 {
        println!();
        println!(
            "{errors:.0} calls failed: the figures above count successful calls only; no verdict"
        );
        return;
    }
    if concs.contains(&64) && clients.contains(&"ours") && clients.contains(&"aws") {
        let cpu = med(64, "ours", |r| r.cpu_us_per_call) / med(64, "aws", |r| r.cpu_us_per_call);
        let tput = med(64, "ours", |r| r.calls_per_s) / med(64, "aws", |r| r.calls_per_s);
        println!();
        // Issue 10 item 6 (issue 4's were 25 % and 4x).
        println!(
            "target CPU/call at c=64 <= 20% of aws-sdk-mgn: {:.1}% -> {}",
            cpu * 100.0,
            if cpu <= 0.20 { "met" } else { "MISSED" }
        );
        println!(
            "target calls/s at c=64 >= 4.5x aws-sdk-mgn: {tput:.2}x -> {}",
            if tput >= 4.5 { "met" } else { "MISSED" }
        );
        if clients.contains(&"floor") {
            let floor =
                med(64, "ours", |r| r.cpu_us_per_call) / med(64, "floor", |r| r.cpu_us_per_call);
            println!(
                "target CPU/call at c=64 <= the floor's (key cached per day): {floor:.2}x -> {}",
                if floor <= 1.0 { "met" } else { "MISSED" }
            );
        }
    }
}

/// The loopback server: hyper HTTP/1.1 with keep-alive, 202 + [`RESPONSE_BODY`] for any request
/// (after reading its body). Runs forever on the calling thread (the parent exits at the end).
fn serve(listener: std::net::TcpListener, accepts: Arc<AtomicUsize>, requests: Arc<AtomicUsize>) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("server runtime");
    rt.block_on(async move {
        listener.set_nonblocking(true).expect("nonblocking");
        let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
        let body = Bytes::from_static(RESPONSE_BODY.as_bytes());
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            accepts.fetch_add(1, Ordering::Relaxed);
            let (requests, body) = (requests.clone(), body.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    move |req: hyper::Request<hyper::body::Incoming>| {
                        let (requests, body) = (requests.clone(), body.clone());
                        async move {
                            let _ = req.into_body().collect().await;
                            requests.fetch_add(1, Ordering::Relaxed);
                            let n = requests.load(Ordering::Relaxed);
                            let resp = hyper::Response::builder()
                                .status(202)
                                .header("content-type", "application/json")
                                .header(
                                    "x-amzn-requestid",
                                    format!("3c2a6d3e-0000-4000-8000-{n:012x}"),
                                )
                                .header("date", "Wed, 01 May 2024 12:00:00 GMT")
                                .body(Full::new(body))
                                .expect("response");
                            Ok::<_, std::convert::Infallible>(resp)
                        }
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .keep_alive(true)
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}

// ---------------------------------------------------------------------------------------
// Child: one client, timed calls.

/// One way of making a StartImport call.
trait Caller: Send + Sync + 'static {
    fn call(&self) -> impl std::future::Future<Output = Result<(), String>> + Send;
}

struct Ours(mgn_client::Client);

impl Caller for Ours {
    async fn call(&self) -> Result<(), String> {
        let source = mgn_client::types::S3BucketSource::builder()
            .s3_bucket("b")
            .s3_key("k.csv")
            .build()
            .map_err(|e| e.to_string())?;
        let out = self
            .0
            .start_import()
            .s3_bucket_source(source)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        std::hint::black_box(out);
        Ok(())
    }
}

struct Aws(aws_sdk_mgn::Client);

impl Caller for Aws {
    async fn call(&self) -> Result<(), String> {
        let source = aws_sdk_mgn::types::S3BucketSource::builder()
            .s3_bucket("b")
            .s3_key("k.csv")
            .build()
            .map_err(|e| e.to_string())?;
        let out = self
            .0
            .start_import()
            .s3_bucket_source(source)
            .send()
            .await
            .map_err(|e| format!("{e:?}"))?;
        std::hint::black_box(out);
        Ok(())
    }
}

/// Bare hyper: a pre-built request, signed on every call (the signing key cached per day and
/// scope), body read but not parsed.
struct Floor {
    client: hyper_util::client::legacy::Client<
        hyper_util::client::legacy::connect::HttpConnector,
        Full<Bytes>,
    >,
    template: http::Request<Bytes>,
    signer: floor_signer::FloorSigner,
}

impl Floor {
    fn new(port: u16) -> Floor {
        let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
        http.set_nodelay(true);
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .pool_idle_timeout(Duration::from_secs(30))
                .pool_timer(hyper_util::rt::TokioTimer::new())
                .build(http);
        let body = Bytes::from_static(
            br#"{"clientToken":"9afc0be0-abad-4d20-8655-e28afa96d333","s3BucketSource":{"s3Bucket":"b","s3Key":"k.csv"}}"#,
        );
        let template = http::Request::builder()
            .method("POST")
            .uri(format!("http://127.0.0.1:{port}/StartImport"))
            .header("content-type", "application/json")
            .header("content-length", body.len())
            .header("host", format!("127.0.0.1:{port}"))
            .header(
                "x-amz-user-agent",
                "floor/0.1 ua/2.1 api/mgn/0.1 os/linux lang/rust",
            )
            .body(body)
            .expect("template");
        Floor {
            client,
            template,
            signer: floor_signer::FloorSigner::new(AKID, SECRET, REGION, "mgn"),
        }
    }
}

impl Caller for Floor {
    async fn call(&self) -> Result<(), String> {
        let mut req = self.template.clone();
        self.signer.sign(&mut req, SystemTime::now());
        let resp = self
            .client
            .request(req.map(Full::new))
            .await
            .map_err(|e| e.to_string())?;
        if resp.status() != 202 {
            return Err(format!("status {}", resp.status()));
        }
        let body = resp
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?;
        std::hint::black_box(body.to_bytes());
        Ok(())
    }
}

fn child(client: &str, args: &Args) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let endpoint = format!("http://127.0.0.1:{}", args.port);
    let conc = args.concurrency.first().copied().unwrap_or(1);
    let line = rt.block_on(async {
        match client {
            "ours" => {
                let conf = mgn_client::Config::builder()
                    .region(REGION)
                    .credentials(mgn_client::Credentials::new(
                        AKID, SECRET, None, None, "static",
                    ))
                    .endpoint_url(&endpoint)
                    .build();
                drive(
                    Arc::new(Ours(mgn_client::Client::from_conf(conf))),
                    args,
                    conc,
                )
                .await
            }
            "aws" => {
                let conf = aws_sdk_mgn::Config::builder()
                    .behavior_version(aws_sdk_mgn::config::BehaviorVersion::latest())
                    .region(aws_sdk_mgn::config::Region::new(REGION))
                    .credentials_provider(aws_sdk_mgn::config::Credentials::new(
                        AKID, SECRET, None, None, "static",
                    ))
                    .endpoint_url(&endpoint)
                    .build();
                drive(
                    Arc::new(Aws(aws_sdk_mgn::Client::from_conf(conf))),
                    args,
                    conc,
                )
                .await
            }
            "floor" => {
                let floor = Arc::new(Floor::new(args.port));
                let line = drive(floor.clone(), args, conc).await;
                // Once per day and scope: once per run, twice across a UTC midnight.
                eprintln!(
                    "floor: the signing key was derived {} time(s)",
                    floor.signer.derivations()
                );
                line
            }
            other => usage(&format!("unknown client {other}")),
        }
    });
    println!("{line}");
}

/// Warm-up, then `args.calls` calls from `conc` tasks (stopping early at the time cap).
async fn drive<C: Caller>(caller: Arc<C>, args: &Args, conc: usize) -> String {
    // Warm-up: connections, caches, allocator; with the same concurrency.
    run_calls(&caller, args.warmup, conc, Instant::now() + args.cap).await;
    let cpu0 = cpu_time();
    let t0 = Instant::now();
    let (lat, errors, first_error) = run_calls(&caller, args.calls, conc, t0 + args.cap).await;
    let elapsed = t0.elapsed();
    let cpu = cpu_time() - cpu0;
    if let Some(e) = first_error {
        eprintln!("first error: {e}");
    }
    // Rates and CPU per call count the successful calls only; failures are the errors column.
    let f = stats::figures(lat, errors, elapsed, cpu);
    format!(
        "RESULT client={} conc={conc} calls={} errors={} elapsed_s={:.3} calls_per_s={:.0} p50_us={:.1} p99_us={:.1} cpu_us_per_call={:.2} vmhwm_kb={}",
        args.client.as_deref().unwrap_or("?"),
        f.ok,
        f.errors,
        elapsed.as_secs_f64(),
        f.calls_per_s,
        f.p50_us,
        f.p99_us,
        f.cpu_us_per_call,
        vmhwm_kb(),
    )
}

/// Latencies (ns) of the successful calls, the number of errors and the first error.
async fn run_calls<C: Caller>(
    caller: &Arc<C>,
    n: usize,
    conc: usize,
    deadline: Instant,
) -> (Vec<u64>, usize, Option<String>) {
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..conc {
        let (caller, next) = (caller.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(n / conc + 1);
            let mut errors = 0;
            let mut first_error = None;
            while next.fetch_add(1, Ordering::Relaxed) < n && Instant::now() < deadline {
                let t = Instant::now();
                match caller.call().await {
                    Ok(()) => lat.push(t.elapsed().as_nanos() as u64),
                    Err(e) => {
                        errors += 1;
                        first_error.get_or_insert(e);
                    }
                }
            }
            (lat, errors, first_error)
        }));
    }
    let mut all = Vec::with_capacity(n);
    let mut errors = 0;
    let mut first = None;
    for t in tasks {
        let (lat, e, f) = t.await.expect("task");
        all.extend(lat);
        errors += e;
        if first.is_none() {
            first = f;
        }
    }
    (all, errors, first)
}

/// User + system CPU time of this whole process (all its threads).
fn cpu_time() -> Duration {
    // SAFETY: getrusage writes into the zeroed struct we pass; RUSAGE_SELF is always valid.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// Peak resident set size (`VmHWM`, KiB) of this process.
fn vmhwm_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_owned))
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
