//! A scripted HTTP/1.1 test server on 127.0.0.1 for the client tests.
//!
//! - It recomputes the SigV4 signature of what it actually received (method, path, query,
//!   headers, body) with its own canonicalization and the known secret, and answers
//!   403 `InvalidSignatureException` on any mismatch (without consuming the script).
//! - It records every request (method, path, headers, body, signature verdict).
//! - It answers with scripted responses in sequence: status/headers/body, delays, connection
//!   resets, truncated bodies, raw bytes. When the script runs out it answers 418
//!   `TestScriptExhausted` (not retryable), so a test that sends too much fails visibly.
//!
//! The server listens on 127.0.0.1 only, accepts a bounded number of connections, and stops
//! when the [`TestServer`] is dropped or after [`SERVER_LIFETIME`].
#![allow(dead_code)] // shared by several test crates, each using a part of it

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Access key id the tests configure.
pub const ACCESS_KEY_ID: &str = "AKIDTESTEXAMPLE";
/// Secret the tests configure and the server signs with; must never appear in output.
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETKEY";
/// Session token of the session-credentials tests; must never appear in output.
pub const SESSION_TOKEN: &str = "FwoGZXIvYXdzSESSIONTOKENSECRETVALUE0123456789";
/// Region the tests configure.
pub const REGION: &str = "us-east-1";
/// The server stops on its own after this long.
pub const SERVER_LIFETIME: Duration = Duration::from_secs(60);
/// At most this many connections are accepted.
pub const MAX_CONNECTIONS: usize = 64;
/// Largest request head or body the server reads.
const MAX_REQUEST: usize = 1024 * 1024;

/// What the server does for one request.
#[derive(Debug, Clone)]
pub enum Action {
    /// Sends the response (after `delay`).
    Respond,
    /// Resets the connection (RST) instead of answering.
    Reset,
    /// Sends the head with the full Content-Length but only half of the body, then closes.
    Truncate,
    /// Writes these raw bytes and closes the connection.
    Raw(Vec<u8>),
}

/// One scripted reply.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
    pub action: Action,
}

impl Reply {
    /// A JSON reply with `x-amzn-requestid: req-<status>`.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("x-amzn-requestid".into(), format!("req-{status}")),
            ],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
            action: Action::Respond,
        }
    }
    /// A reply with a body of any content type (no request id header).
    pub fn raw_body(status: u16, content_type: &str, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
            action: Action::Respond,
        }
    }
    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
    /// Replaces all headers.
    pub fn no_headers(mut self) -> Reply {
        self.headers.clear();
        self
    }
    /// Waits before answering.
    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
    /// Resets the connection instead of answering.
    pub fn reset() -> Reply {
        Reply {
            action: Action::Reset,
            ..Reply::json(200, "")
        }
    }
    /// Sends this reply with half its body and closes the connection.
    pub fn truncated(mut self) -> Reply {
        self.action = Action::Truncate;
        self
    }
    /// Writes raw bytes (e.g. not HTTP at all) and closes.
    pub fn garbage(bytes: &[u8]) -> Reply {
        Reply {
            action: Action::Raw(bytes.to_vec()),
            ..Reply::json(200, "")
        }
    }
}

/// One request as received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub target: String,
    /// Header names lowercased, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// `Err(reason)` when the signature did not verify.
    pub signature: Result<(), String>,
}

impl Recorded {
    /// The first value of a header (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
    /// How many times a header occurs.
    pub fn header_count(&self, name: &str) -> usize {
        let name = name.to_ascii_lowercase();
        self.headers.iter().filter(|(k, _)| *k == name).count()
    }
    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

struct State {
    script: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Recorded>>,
    connections: std::sync::atomic::AtomicUsize,
    session_token: Option<String>,
    /// The signing name the credential scope must carry.
    service: String,
    /// Answer requests whose signature does not verify (unsigned or bearer-auth calls) from
    /// the script too, instead of with a 403; `Recorded::signature` still says why.
    any_auth: bool,
    /// Verify S3-style signatures (see [`verify_signature`]).
    s3: bool,
}

/// A running server; stops when dropped.
pub struct TestServer {
    addr: std::net::SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestServer {
    /// Starts a server answering with `script` in order, expecting plain credentials.
    pub async fn start(script: Vec<Reply>) -> TestServer {
        Self::start_with(script, None).await
    }

    /// Starts a server that also requires `x-amz-security-token: <token>` (signed).
    pub async fn start_with(script: Vec<Reply>, session_token: Option<&str>) -> TestServer {
        Self::start_signed_for("mgn", script, session_token).await
    }

    /// Starts a server for a service whose signing name is `service` (`mgn` elsewhere).
    pub async fn start_for(service: &str, script: Vec<Reply>) -> TestServer {
        Self::start_signed_for(service, script, None).await
    }

    /// Starts a server for S3 (signing name `s3`) that verifies S3-style signatures: the path
    /// signed as sent, and a signed `x-amz-content-sha256` (see [`verify_signature`]).
    pub async fn start_for_s3(script: Vec<Reply>) -> TestServer {
        Self::start_inner("s3", script, None, false, true).await
    }

    /// Starts a server for `service` that answers every request from `script`, signed or not
    /// (for operations sent unsigned or with a bearer token); tests check
    /// `Recorded::signature` and the `Authorization` header themselves.
    pub async fn start_any_auth_for(service: &str, script: Vec<Reply>) -> TestServer {
        Self::start_inner(service, script, None, true, false).await
    }

    async fn start_signed_for(
        service: &str,
        script: Vec<Reply>,
        session_token: Option<&str>,
    ) -> TestServer {
        Self::start_inner(service, script, session_token, false, false).await
    }

    async fn start_inner(
        service: &str,
        script: Vec<Reply>,
        session_token: Option<&str>,
        any_auth: bool,
        s3: bool,
    ) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(State {
            script: Mutex::new(script.into()),
            requests: Mutex::new(Vec::new()),
            connections: Default::default(),
            session_token: session_token.map(str::to_owned),
            service: service.to_owned(),
            any_auth,
            s3,
        });
        let task_state = state.clone();
        let task = tokio::spawn(async move {
            let accept_loop = async {
                let mut connections = Vec::new();
                for _ in 0..MAX_CONNECTIONS {
                    let Ok((stream, _)) = listener.accept().await else {
                        break;
                    };
                    let state = task_state.clone();
                    state
                        .connections
                        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    connections.push(tokio::spawn(serve_connection(stream, state)));
                }
                // Keep the connection tasks owned until the lifetime ends.
                std::future::pending::<()>().await;
                drop(connections);
            };
            let _ = tokio::time::timeout(SERVER_LIFETIME, accept_loop).await;
        });
        TestServer { addr, state, task }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `127.0.0.1:<port>`, the expected Host header.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    /// How many TCP connections were accepted.
    pub fn connections(&self) -> usize {
        self.state
            .connections
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Sends a presigned request here over a new connection, as whoever holds only its URL
    /// would: `method`, the URL's path and query with the URL's host as `Host`, `headers`,
    /// and `body` with its `Content-Length`. Returns the response's status line.
    pub async fn send_presigned<'a>(
        &self,
        method: &str,
        url: &str,
        headers: impl IntoIterator<Item = (&'a str, &'a str)>,
        body: &[u8],
    ) -> String {
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let (host, path_and_query) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let mut head = format!(
            "{method} {path_and_query} HTTP/1.1\r\nhost: {host}\r\ncontent-length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut stream = TcpStream::connect(self.addr).await.unwrap();
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(body).await.unwrap();
        // The server answers, then sees the end of the requests and closes.
        stream.shutdown().await.unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.unwrap();
        let response = String::from_utf8_lossy(&response);
        response.lines().next().unwrap_or_default().to_owned()
    }

    /// Scripted replies not used yet.
    pub fn remaining(&self) -> usize {
        self.state.script.lock().unwrap().len()
    }
}

async fn serve_connection(mut stream: TcpStream, state: Arc<State>) {
    let mut buf = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buf).await else {
            return;
        };
        let signature = verify_signature(
            &request,
            state.session_token.as_deref(),
            &state.service,
            state.s3,
        );
        let signature_ok = signature.is_ok() || state.any_auth;
        let mut recorded = request;
        recorded.signature = signature.clone();
        state.requests.lock().unwrap().push(recorded);
        if !signature_ok {
            let message = signature.err().unwrap_or_default();
            let body = serde_json::json!({
                "__type": "InvalidSignatureException",
                "message": message,
            })
            .to_string();
            let reply = Reply::json(403, &body);
            if write_reply(&mut stream, &reply, reply.body.len())
                .await
                .is_err()
            {
                return;
            }
            continue;
        }
        let reply = state.script.lock().unwrap().pop_front().unwrap_or_else(|| {
            Reply::json(
                418,
                r#"{"__type":"TestScriptExhausted","message":"no more replies"}"#,
            )
        });
        if !reply.delay.is_zero() {
            tokio::time::sleep(reply.delay).await;
        }
        match &reply.action {
            Action::Respond => {
                if write_reply(&mut stream, &reply, reply.body.len())
                    .await
                    .is_err()
                {
                    return;
                }
            }
            Action::Reset => {
                // SO_LINGER 0 makes the close send RST instead of FIN.
                let _ = stream.set_zero_linger();
                return;
            }
            Action::Truncate => {
                let _ = write_reply(&mut stream, &reply, reply.body.len() / 2).await;
                let _ = stream.shutdown().await;
                return;
            }
            Action::Raw(bytes) => {
                let _ = stream.write_all(bytes).await;
                let _ = stream.shutdown().await;
                return;
            }
        }
    }
}

/// Writes the head (with the full Content-Length) and the first `send` bytes of the body.
async fn write_reply(stream: &mut TcpStream, reply: &Reply, send: usize) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {} Scripted\r\n", reply.status);
    for (k, v) in &reply.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", reply.body.len()));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&reply.body[..send.min(reply.body.len())]);
    stream.write_all(&bytes).await?;
    stream.flush().await
}

/// Reads one request; `None` at EOF or on anything unparseable.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Recorded> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_REQUEST {
            return None;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let mut headers = Vec::new();
    for line in lines {
        let (k, v) = line.split_once(':')?;
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    if len > MAX_REQUEST {
        return None;
    }
    let body_start = head_end + 4;
    while buf.len() < body_start + len {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[body_start..body_start + len].to_vec();
    buf.drain(..body_start + len);
    Some(Recorded {
        method,
        target,
        headers,
        body,
        signature: Ok(()),
    })
}

// ---------------------------------------------------------------------------------------
// SigV4 verification, written from the specification, independent of aws-sigv4's
// canonicalization (only HMAC-SHA256 and SHA-256 come from the same crates).

/// Headers that must be covered by the signature (`content-type` and `content-length`
/// whenever they are sent).
const MUST_SIGN: &[&str] = &["host", "x-amz-date", "x-amz-user-agent"];

fn hex_sha256(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// RFC 3986 percent-encoding of everything but unreserved characters.
fn uri_encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b'/' if keep_slash => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Undoes percent-encoding (invalid escapes are kept as they are).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks the request's SigV4 signature for signing name `service`; `Err` says what is wrong.
/// With `s3`, as S3 verifies: the path signed as sent, and `x-amz-content-sha256` signed and
/// equal to the body's hash (or `UNSIGNED-PAYLOAD`).
pub fn verify_signature(
    req: &Recorded,
    session_token: Option<&str>,
    service_name: &str,
    s3: bool,
) -> Result<(), String> {
    if req.target.contains("X-Amz-Signature=") {
        return verify_presigned(req, session_token, service_name, s3);
    }
    let auth = req
        .header("authorization")
        .ok_or("no Authorization header")?;
    let rest = auth
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .ok_or("Authorization is not AWS4-HMAC-SHA256")?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (k, v) = part
            .trim()
            .split_once('=')
            .ok_or("malformed Authorization")?;
        match k {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed_headers = Some(v),
            "Signature" => signature = Some(v),
            _ => return Err(format!("unexpected Authorization field {k}")),
        }
    }
    let credential = credential.ok_or("no Credential")?;
    let signed_headers = signed_headers.ok_or("no SignedHeaders")?;
    let signature = signature.ok_or("no Signature")?;

    let scope: Vec<&str> = credential.split('/').collect();
    let [akid, date, region, service, terminator] = scope[..] else {
        return Err(format!("malformed Credential {credential}"));
    };
    if akid != ACCESS_KEY_ID {
        return Err(format!("unknown access key {akid}"));
    }
    if region != REGION || service != service_name || terminator != "aws4_request" {
        return Err(format!(
            "wrong scope {date}/{region}/{service}/{terminator}"
        ));
    }
    let amz_date = req.header("x-amz-date").ok_or("no X-Amz-Date")?;
    let valid_date = amz_date.len() == 16
        && amz_date.as_bytes()[8] == b'T'
        && amz_date.ends_with('Z')
        && amz_date[..8].bytes().all(|b| b.is_ascii_digit())
        && amz_date[9..15].bytes().all(|b| b.is_ascii_digit());
    if !valid_date || !amz_date.starts_with(date) {
        return Err(format!(
            "X-Amz-Date {amz_date} does not match scope date {date}"
        ));
    }
    if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("signature is not 64 hex digits".into());
    }

    let names: Vec<&str> = signed_headers.split(';').collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted != names {
        return Err(format!("SignedHeaders not sorted/unique: {signed_headers}"));
    }
    for must in MUST_SIGN {
        if !names.contains(must) {
            return Err(format!("{must} is not signed"));
        }
    }
    for sent in ["content-type", "content-length"] {
        if req.header(sent).is_some() && !names.contains(&sent) {
            return Err(format!("{sent} is not signed"));
        }
    }
    match (session_token, req.header("x-amz-security-token")) {
        (Some(want), Some(got)) if want == got => {
            if !names.contains(&"x-amz-security-token") {
                return Err("x-amz-security-token is not signed".into());
            }
        }
        (Some(_), _) => return Err("missing or wrong x-amz-security-token".into()),
        (None, Some(_)) => return Err("unexpected x-amz-security-token".into()),
        (None, None) => {}
    }

    let canonical_headers = canonical_headers(req, &names)?;
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    if s3 {
        let declared = req
            .header("x-amz-content-sha256")
            .ok_or("S3: no x-amz-content-sha256")?;
        if !names.contains(&"x-amz-content-sha256") {
            return Err("S3: x-amz-content-sha256 is not signed".into());
        }
        let streamed = ["UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"];
        if !streamed.contains(&declared) && declared != hex_sha256(&req.body) {
            return Err(format!(
                "S3: x-amz-content-sha256 {declared} is not the body's hash"
            ));
        }
    }
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        canonical_path(path, s3),
        canonical_query(query),
        canonical_headers,
        signed_headers,
        // `UNSIGNED-PAYLOAD` (streaming bodies) and `STREAMING-UNSIGNED-PAYLOAD-TRAILER`
        // (aws-chunked bodies with a checksum trailer) are declared in a signed header.
        match req.header("x-amz-content-sha256") {
            Some(given @ ("UNSIGNED-PAYLOAD" | "STREAMING-UNSIGNED-PAYLOAD-TRAILER"))
                if names.contains(&"x-amz-content-sha256") =>
            {
                given.to_owned()
            }
            _ => hex_sha256(&req.body),
        }
    );
    let expected = expected_signature(amz_date, date, region, service, &canonical_request);
    if expected != signature {
        let mut shown = canonical_request;
        if let Some(token) = session_token {
            shown = shown.replace(token, "<redacted>");
        }
        return Err(format!(
            "signature mismatch; canonical request was:\n{shown}"
        ));
    }
    Ok(())
}

/// The canonical path: S3 signs the path as sent (encoded once, never normalized); other
/// services' already-encoded path is encoded again, segment by segment.
fn canonical_path(path: &str, s3: bool) -> String {
    if s3 {
        path.to_owned()
    } else {
        uri_encode(path, true)
    }
}

/// The canonical headers (`name:values\n` each) of the signed `names`.
fn canonical_headers(req: &Recorded, names: &[&str]) -> Result<String, String> {
    let mut canonical_headers = String::new();
    for name in names {
        let values: Vec<String> = req
            .headers
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        if values.is_empty() {
            return Err(format!("signed header {name} was not received"));
        }
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    Ok(canonical_headers)
}

/// The canonical query: keys and values decoded, then encoded once, sorted.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                uri_encode(&percent_decode(k), false),
                uri_encode(&percent_decode(v), false),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The signature of `canonical_request` with the test secret, derived here step by step.
fn expected_signature(
    amz_date: &str,
    date: &str,
    region: &str,
    service: &str,
    canonical_request: &str,
) -> String {
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{date}/{region}/{service}/aws4_request\n{}",
        hex_sha256(canonical_request.as_bytes())
    );
    let k_date = hmac(
        format!("AWS4{SECRET_ACCESS_KEY}").as_bytes(),
        date.as_bytes(),
    );
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    hex::encode(hmac(&k_signing, string_to_sign.as_bytes()))
}

/// Checks a presigned request (the signature in the query string, no `Authorization`), as a
/// service does: the scope, the validity window against the clock, the session token, and
/// the signature over the query without `X-Amz-Signature`, with the body's hash or, when that
/// does not match, `UNSIGNED-PAYLOAD` (S3 style).
pub fn verify_presigned(
    req: &Recorded,
    session_token: Option<&str>,
    service_name: &str,
    s3: bool,
) -> Result<(), String> {
    if req.header("authorization").is_some() {
        return Err("a presigned request carries no Authorization header".into());
    }
    let (path, query) = req.target.split_once('?').ok_or("no query string")?;
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
            .map(percent_decode)
    };
    if param("X-Amz-Algorithm").as_deref() != Some("AWS4-HMAC-SHA256") {
        return Err("X-Amz-Algorithm is not AWS4-HMAC-SHA256".into());
    }
    let credential = param("X-Amz-Credential").ok_or("no X-Amz-Credential")?;
    let [akid, date, region, service, "aws4_request"] =
        credential.split('/').collect::<Vec<_>>()[..]
    else {
        return Err(format!("malformed X-Amz-Credential {credential}"));
    };
    if akid != ACCESS_KEY_ID || region != REGION || service != service_name {
        return Err(format!("wrong credential scope {credential}"));
    }
    let amz_date = param("X-Amz-Date").ok_or("no X-Amz-Date")?;
    if !amz_date.starts_with(date) {
        return Err(format!("X-Amz-Date {amz_date} is not of {date}"));
    }
    let expires: u64 = param("X-Amz-Expires")
        .and_then(|e| e.parse().ok())
        .ok_or("no numeric X-Amz-Expires")?;
    let signed = httpdate_seconds(&amz_date).ok_or("unreadable X-Amz-Date")?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs();
    if now + 300 < signed || now > signed + expires {
        return Err(format!(
            "expired or not yet valid (signed {amz_date}, {expires} s)"
        ));
    }
    if param("X-Amz-Security-Token").as_deref() != session_token {
        return Err("missing or wrong X-Amz-Security-Token".into());
    }
    let signed_headers = param("X-Amz-SignedHeaders").ok_or("no X-Amz-SignedHeaders")?;
    let names: Vec<&str> = signed_headers.split(';').collect();
    if !names.contains(&"host") {
        return Err("host is not signed".into());
    }
    let signature = param("X-Amz-Signature").ok_or("no X-Amz-Signature")?;
    let unsigned_query: Vec<&str> = query
        .split('&')
        .filter(|p| !p.starts_with("X-Amz-Signature="))
        .collect();
    let canonical_headers = canonical_headers(req, &names)?;
    for payload in [hex_sha256(&req.body), "UNSIGNED-PAYLOAD".to_owned()] {
        let canonical_request = format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            req.method,
            canonical_path(path, s3),
            canonical_query(&unsigned_query.join("&")),
            canonical_headers,
            signed_headers,
            payload
        );
        if expected_signature(&amz_date, date, region, service, &canonical_request) == signature {
            return Ok(());
        }
    }
    Err("presigned signature mismatch".into())
}

/// Seconds since the epoch of an `X-Amz-Date` (`YYYYMMDDTHHMMSSZ`).
fn httpdate_seconds(amz_date: &str) -> Option<u64> {
    let digits = |range: std::ops::Range<usize>| amz_date.get(range)?.parse::<u64>().ok();
    let (y, m, d) = (digits(0..4)?, digits(4..6)?, digits(6..8)?);
    let (hh, mm, ss) = (digits(9..11)?, digits(11..13)?, digits(13..15)?);
    // Days from the civil date (Howard Hinnant's algorithm), for years after 1970.
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3_600 + mm * 60 + ss)
}

/// Installs a tracing subscriber for the current thread that writes everything at TRACE
/// level into the returned buffer.
pub fn capture_tracing() -> (Arc<Mutex<Vec<u8>>>, tracing::subscriber::DefaultGuard) {
    #[derive(Clone)]
    struct Writer(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Writer {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let writer = Writer(buffer.clone());
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    // Other tests' threads may have cached "no one listens" for a callsite while no subscriber
    // existed; recompute so this thread's subscriber sees every event.
    tracing::callsite::rebuild_interest_cache();
    (buffer, guard)
}
