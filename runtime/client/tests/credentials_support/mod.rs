//! Loopback fakes for the credential tests: a scripted HTTP/1.1 server on 127.0.0.1 that
//! records what it receives, and helpers for configs that can never reach a real metadata
//! address.
#![allow(dead_code)] // Each test file uses a different subset.

use aws_client_runtime::credentials::ProviderConfig;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The fake's answer.
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

pub fn reply(status: u16, body: impl Into<Vec<u8>>) -> Reply {
    Reply {
        status,
        body: body.into(),
    }
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// A scripted HTTP server on 127.0.0.1.
pub struct FakeServer {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl FakeServer {
    pub async fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let recorded = requests.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, handler.clone(), recorded.clone()));
            }
        });
        FakeServer { addr, requests }
    }
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

async fn serve(mut stream: TcpStream, handler: Arc<Handler>, log: Arc<Mutex<Vec<Recorded>>>) {
    let mut buf = Vec::new();
    loop {
        // Read one request head.
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut first = lines.next().unwrap_or("").split(' ');
        let method = first.next().unwrap_or("").to_owned();
        let path = first.next().unwrap_or("").to_owned();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let len: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + len {
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let body = buf[head_end..head_end + len].to_vec();
        buf.drain(..head_end + len);
        let request = Recorded {
            method,
            path,
            headers,
            body,
        };
        let answer = handler(&request);
        log.lock().unwrap().push(request);
        let mut out = format!(
            "HTTP/1.1 {} X\r\ncontent-length: {}\r\n\r\n",
            answer.status,
            answer.body.len()
        )
        .into_bytes();
        out.extend_from_slice(&answer.body);
        if stream.write_all(&out).await.is_err() {
            return;
        }
    }
}

/// A loopback URL on which nothing listens (connections are refused).
pub async fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// The client's default HTTP client, for the sources that call endpoints (a
/// `ProviderConfig` has none of its own).
pub fn http_client() -> aws_client_runtime::SharedHttpClient {
    aws_client_runtime::http::DefaultHttpClient::shared(Some(std::time::Duration::from_secs(3)))
}

/// A config with exactly `vars` as its environment, `home` as HOME, and IMDS and the
/// container base pointed at a refused loopback port: no test can reach a real metadata
/// address, whatever it forgets to set.
pub async fn config(home: &Path, vars: &[(&str, &str)]) -> ProviderConfig {
    let mut all: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    all.push(("HOME".into(), home.display().to_string()));
    let closed = closed_port_url().await;
    ProviderConfig::default()
        .with_http_client(http_client())
        .with_env_vars(all)
        .with_imds_endpoint(closed.clone())
        .with_container_endpoint(closed)
}

/// Writes `~/.aws/<name>` under `home`.
pub fn write_aws_file(home: &Path, name: &str, text: &str) {
    let dir = home.join(".aws");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
}

/// The credentials JSON that IMDS and the container endpoint return.
pub fn metadata_json(akid: &str, secret: &str, token: &str, expiration: &str) -> String {
    format!(
        r#"{{"Code":"Success","LastUpdated":"2024-01-01T00:00:00Z","Type":"AWS-HMAC","AccessKeyId":"{akid}","SecretAccessKey":"{secret}","Token":"{token}","Expiration":"{expiration}"}}"#
    )
}

/// An STS success answer for `action`.
pub fn sts_xml(action: &str, akid: &str, secret: &str, token: &str, expiration: &str) -> String {
    format!(
        r#"<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><{action}Result><Credentials><AccessKeyId>{akid}</AccessKeyId><SecretAccessKey>{secret}</SecretAccessKey><SessionToken>{token}</SessionToken><Expiration>{expiration}</Expiration></Credentials></{action}Result></{action}Response>"#
    )
}

/// Asserts no secret appears in `text`.
pub fn assert_no_secret(text: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!text.contains(s), "secret {s:?} leaked in: {text}");
    }
}
