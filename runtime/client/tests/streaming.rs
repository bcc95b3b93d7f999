//! `@streaming` payloads through the default HTTP client against a raw loopback server:
//! an upload is sent as it is produced (never buffered whole), a download is handed to the
//! caller as soon as its headers arrive, chunk by chunk, and a stream is not retried.

use aws_client_runtime::http::StreamingResponse;
use aws_client_runtime::{
    Config, Credentials, Handle, HttpRequest, Operation, ParseOutput, SdkError, ServiceInfo,
};
use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use smithy_types_runtime::ByteStream;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::Notify;

static SERVICE: ServiceInfo = ServiceInfo {
    signing_name: "svc",
    env_name: "SVC",
    user_agent_name: "svc",
    version: "0.1.0",
    protocol: aws_client_runtime::Protocol::RestJson1,
    signing: aws_client_runtime::sigv4::SigningSettings::STANDARD,
    error_rules: aws_client_runtime::protocol::ErrorRules::STANDARD,
    endpoint_reads_account_id: false,
    resolve_endpoint: |inputs| {
        inputs
            .url
            .map(|url| aws_client_runtime::endpoint::Endpoint {
                url: url.to_owned(),
                headers: Default::default(),
                properties: Default::default(),
            })
            .ok_or_else(|| "no endpoint URL".to_owned())
    },
};

/// The operation's error: just the code.
#[derive(Debug)]
struct Failed(Option<String>);

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "failed: {:?}", self.0)
    }
}
impl std::error::Error for Failed {}

const DOWNLOAD: Operation<ByteStream, Failed> = Operation {
    name: "Download",
    auth: aws_client_runtime::Auth::SigV4 {
        unsigned_payload: false,
        optional: false,
    },
    parse_output: ParseOutput::Streaming(|response: StreamingResponse| Ok(response.body)),
    parse_error: |metadata, _| Failed(metadata.code().map(str::to_owned)),
    checksum: None,
};

const CHUNK: usize = 64 * 1024;
const CHUNKS: usize = 32;

/// An upload produced chunk by chunk; counts how many chunks were handed out. With a gate,
/// the second half is produced only after the server has received the first half, so an
/// upload buffered whole before sending would never finish.
struct Produced {
    left: usize,
    handed_out: Arc<AtomicUsize>,
    gate: Option<Arc<Gate>>,
}

/// Opened by the server once half the upload has arrived.
#[derive(Default)]
struct Gate {
    open: std::sync::atomic::AtomicBool,
    waker: std::sync::Mutex<Option<std::task::Waker>>,
}

impl Gate {
    fn open(&self) {
        self.open.store(true, Ordering::SeqCst);
        if let Some(waker) = self.waker.lock().unwrap().take() {
            waker.wake();
        }
    }
}

impl Body for Produced {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        let this = self.get_mut();
        if this.left == 0 {
            return Poll::Ready(None);
        }
        if let Some(gate) = &this.gate
            && this.left == CHUNKS / 2
        {
            *gate.waker.lock().unwrap() = Some(cx.waker().clone());
            if !gate.open.load(Ordering::SeqCst) {
                return Poll::Pending;
            }
        }
        this.left -= 1;
        let n = this.handed_out.fetch_add(1, Ordering::SeqCst);
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(vec![
            (n % 251) as u8;
            CHUNK
        ])))))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact((self.left * CHUNK) as u64)
    }
}

fn handle(url: String) -> Handle {
    Handle::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
            .endpoint_url(url)
            .initial_backoff(std::time::Duration::from_millis(1))
            .build(),
        &SERVICE,
    )
}

fn request(stream: Option<ByteStream>) -> HttpRequest {
    HttpRequest {
        method: http::Method::PUT,
        path_and_query: "/object".to_owned(),
        host_prefix: None,
        headers: vec![(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/octet-stream"),
        )],
        body: Bytes::new(),
        stream,
        endpoint_params: Vec::new(),
    }
}

/// Reads one request's head; returns it and the bytes of the body read with it.
async fn read_head(socket: &mut tokio::net::TcpStream) -> (String, Vec<u8>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = socket.read(&mut chunk).await.unwrap();
        assert!(n > 0, "connection closed before the request head ended");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8(buf[..end].to_vec()).unwrap();
            return (head, buf[end + 4..].to_vec());
        }
    }
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[tokio::test]
async fn uploads_and_downloads_stream_without_being_buffered_whole() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let first_chunk_read = Arc::new(Notify::new());
    let server_notify = first_chunk_read.clone();
    let gate = Arc::new(Gate::default());
    let server_gate = gate.clone();
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let (head, mut body) = read_head(&mut socket).await;
        let length: usize = header(&head, "content-length").unwrap().parse().unwrap();
        while body.len() < length {
            if body.len() >= length / 2 {
                server_gate.open();
            }
            let mut chunk = vec![0u8; 65536];
            let n = socket.read(&mut chunk).await.unwrap();
            assert!(n > 0, "upload cut short");
            body.extend_from_slice(&chunk[..n]);
        }
        // The download: the first half, then the rest only after the client has read some.
        let total = CHUNK * CHUNKS;
        socket
            .write_all(format!("HTTP/1.1 200 OK\r\ncontent-length: {total}\r\n\r\n").as_bytes())
            .await
            .unwrap();
        socket.write_all(&vec![7u8; total / 2]).await.unwrap();
        server_notify.notified().await;
        socket.write_all(&vec![8u8; total / 2]).await.unwrap();
        (head, body)
    });

    let handed_out = Arc::new(AtomicUsize::new(0));
    let upload = ByteStream::from_body(Produced {
        left: CHUNKS,
        handed_out: handed_out.clone(),
        gate: Some(gate),
    });
    // Buffering either body whole would deadlock with the server: fail instead of hanging.
    let limit = std::time::Duration::from_secs(20);
    let (mut download, first) = tokio::time::timeout(limit, async {
        let mut download = handle(url)
            .invoke(&DOWNLOAD, request(Some(upload)))
            .await
            .unwrap();
        // The response came back while the server still holds half of it back.
        let first = download.next().await.unwrap().unwrap();
        (download, first)
    })
    .await
    .expect("a body was buffered whole instead of streamed");
    assert!(first.iter().all(|&b| b == 7));
    first_chunk_read.notify_one();
    let mut received = first.len();
    let mut last = 7;
    while let Some(chunk) = download.next().await {
        let chunk = chunk.unwrap();
        received += chunk.len();
        last = *chunk.last().unwrap_or(&last);
    }
    assert_eq!((received, last), (CHUNK * CHUNKS, 8));

    let (head, body) = server.await.unwrap();
    assert_eq!(body.len(), CHUNK * CHUNKS);
    assert!(
        body.chunks(CHUNK)
            .enumerate()
            .all(|(i, c)| c.iter().all(|&b| b == (i % 251) as u8)),
        "upload bytes out of order"
    );
    assert_eq!(handed_out.load(Ordering::SeqCst), CHUNKS);
    // A stream cannot be hashed up front: the signature says so, in a signed header.
    assert_eq!(
        header(&head, "x-amz-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
    let auth = header(&head, "authorization").unwrap();
    assert!(auth.contains("x-amz-content-sha256"), "{auth}");
    assert_eq!(header(&head, "amz-sdk-request"), Some("attempt=1; max=1"));
}

#[tokio::test]
async fn a_streamed_upload_is_sent_once_and_errors_are_read_whole() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let (head, mut body) = read_head(&mut socket).await;
                let length: usize = header(&head, "content-length").unwrap().parse().unwrap();
                while body.len() < length {
                    let mut chunk = vec![0u8; 65536];
                    let n = socket.read(&mut chunk).await.unwrap();
                    if n == 0 {
                        return;
                    }
                    body.extend_from_slice(&chunk[..n]);
                }
                let error = br#"{"__type":"InternalFailure","message":"try again"}"#;
                let reply = format!(
                    "HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    error.len()
                );
                socket.write_all(reply.as_bytes()).await.unwrap();
                socket.write_all(error).await.unwrap();
            });
        }
    });
    let upload = ByteStream::from_body(Produced {
        left: 2,
        handed_out: Arc::new(AtomicUsize::new(0)),
        gate: None,
    });
    let err = handle(url.clone())
        .invoke(&DOWNLOAD, request(Some(upload)))
        .await
        .unwrap_err();
    let SdkError::ServiceError(service) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(service.err().0.as_deref(), Some("InternalFailure"));
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "a stream must not be retried"
    );

    // An in-memory payload is an ordinary body: signed, and retried.
    let err = handle(url)
        .invoke(&DOWNLOAD, request(Some(ByteStream::from("in memory"))))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 1 + 3, "three attempts");
}
