//! The HTTP transport: the [`HttpClient`] trait and its default hyper + rustls implementation.

use bytes::Bytes;
use smithy_types_runtime::ByteStream;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// The largest response body the default client reads; a larger one is a dispatch error
/// rather than unbounded memory use. StartImport responses are a few hundred bytes.
pub const MAX_RESPONSE_BODY: usize = 8 * 1024 * 1024;

/// A fully read HTTP response.
#[derive(Clone)]
pub struct HttpResponse {
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: Bytes,
}

impl HttpResponse {
    /// Builds a response (custom [`HttpClient`] implementations return these).
    pub fn new(status: http::StatusCode, headers: http::HeaderMap, body: Bytes) -> Self {
        HttpResponse {
            status,
            headers,
            body,
        }
    }
    /// The status code.
    pub fn status(&self) -> http::StatusCode {
        self.status
    }
    /// The response headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }
    /// The whole response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// The status, headers and body, taken apart without copying.
    pub fn into_parts(self) -> (http::StatusCode, http::HeaderMap, Bytes) {
        (self.status, self.headers, self.body)
    }
    /// The body as shared bytes (a reference count, not a copy).
    pub(crate) fn body_bytes(&self) -> Bytes {
        self.body.clone()
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status.as_u16())
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The future returned by [`HttpClient::send`].
pub type HttpFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, ConnectorError>> + Send + 'a>>;

/// A response whose body is read as it arrives (operations with a `@streaming` payload).
#[derive(Debug)]
pub struct StreamingResponse {
    status: http::StatusCode,
    headers: http::HeaderMap,
    /// The body, not yet read.
    pub body: ByteStream,
}

impl StreamingResponse {
    /// A response with this status, headers and body.
    pub fn new(status: http::StatusCode, headers: http::HeaderMap, body: ByteStream) -> Self {
        StreamingResponse {
            status,
            headers,
            body,
        }
    }
    /// The status code.
    pub fn status(&self) -> http::StatusCode {
        self.status
    }
    /// The response headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }
    /// Reads the whole body (at most [`MAX_RESPONSE_BODY`] bytes), for error responses.
    pub async fn buffer(self) -> Result<HttpResponse, ConnectorError> {
        use http_body_util::BodyExt;
        let body = http_body_util::Limited::new(self.body, MAX_RESPONSE_BODY)
            .collect()
            .await
            .map_err(ConnectorError::classify)?
            .to_bytes();
        Ok(HttpResponse::new(self.status, self.headers, body))
    }
}

/// The future returned by [`HttpClient::send_streaming`].
pub type StreamingFuture<'a> =
    Pin<Box<dyn Future<Output = Result<StreamingResponse, ConnectorError>> + Send + 'a>>;

/// Sends one signed request and reads the whole response.
///
/// The runtime applies the per-attempt and whole-operation timeouts around `send`; a client
/// applies its own connect timeout. Implement this to plug in another HTTP stack or a fake.
pub trait HttpClient: Send + Sync + fmt::Debug + 'static {
    /// Sends `request` (absolute URI, all headers set) and returns the full response.
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture<'_>;

    /// Sends a request whose body may be a stream, and returns the response as soon as its
    /// headers arrive, its body unread (operations with `@streaming` payloads use this).
    ///
    /// The default buffers both bodies and calls [`send`](Self::send), so a client that only
    /// implements `send` still works, without the streaming; the default client streams.
    fn send_streaming(&self, request: http::Request<ByteStream>) -> StreamingFuture<'_> {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let body = body.collect().await.map_err(ConnectorError::io)?;
            let (status, headers, body) = self
                .send(http::Request::from_parts(parts, body))
                .await?
                .into_parts();
            Ok(StreamingResponse::new(
                status,
                headers,
                ByteStream::new(body),
            ))
        })
    }
}

/// Why a request got no complete response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectorErrorKind {
    /// A connect or I/O timeout inside the HTTP client.
    Timeout,
    /// Connection refused or reset, TLS failure, body cut short, and other I/O errors.
    Io,
    /// The response was not valid HTTP.
    MalformedResponse,
    /// Anything else (e.g. an invalid request or an oversized response); not retried.
    Other,
}

/// A transport failure: no complete HTTP response was received.
#[derive(Debug)]
pub struct ConnectorError {
    kind: ConnectorErrorKind,
    source: Box<dyn StdError + Send + Sync>,
}

impl ConnectorError {
    /// A transport error of the given kind.
    pub fn new(
        kind: ConnectorErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        ConnectorError {
            kind,
            source: source.into(),
        }
    }
    /// A timeout inside the HTTP client (e.g. connect timeout).
    pub fn timeout(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(ConnectorErrorKind::Timeout, source)
    }
    /// An I/O error.
    pub fn io(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(ConnectorErrorKind::Io, source)
    }
    /// Any other error (not retried).
    pub fn other(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(ConnectorErrorKind::Other, source)
    }
    /// The kind of failure.
    pub fn kind(&self) -> ConnectorErrorKind {
        self.kind
    }
    /// Whether this was a timeout inside the HTTP client.
    pub fn is_timeout(&self) -> bool {
        self.kind == ConnectorErrorKind::Timeout
    }
    /// Whether this was an I/O error (refused, reset, truncated, TLS).
    pub fn is_io(&self) -> bool {
        self.kind == ConnectorErrorKind::Io
    }
    /// Whether the response was not valid HTTP.
    pub fn is_malformed_response(&self) -> bool {
        self.kind == ConnectorErrorKind::MalformedResponse
    }
    /// Whether this is neither a timeout, an I/O error nor a malformed response.
    pub fn is_other(&self) -> bool {
        self.kind == ConnectorErrorKind::Other
    }
    /// Whether the standard retry policy retries this error (all but [`ConnectorErrorKind::Other`]).
    pub fn is_retryable(&self) -> bool {
        self.kind != ConnectorErrorKind::Other
    }

    /// Classifies an error from hyper / hyper-util by walking its source chain.
    fn classify(source: Box<dyn StdError + Send + Sync>) -> Self {
        let mut kind = ConnectorErrorKind::Other;
        let mut cur: Option<&(dyn StdError + 'static)> = Some(source.as_ref());
        while let Some(e) = cur {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                kind = if io.kind() == std::io::ErrorKind::TimedOut {
                    ConnectorErrorKind::Timeout
                } else {
                    ConnectorErrorKind::Io
                };
                break;
            }
            if let Some(h) = e.downcast_ref::<hyper::Error>() {
                if h.is_timeout() {
                    kind = ConnectorErrorKind::Timeout;
                    break;
                }
                if h.is_parse() || h.is_parse_status() {
                    kind = ConnectorErrorKind::MalformedResponse;
                    break;
                }
                if !h.is_user() {
                    // Incomplete message, closed channel, aborted body: the peer went away.
                    kind = ConnectorErrorKind::Io;
                }
            }
            if let Some(c) = e.downcast_ref::<hyper_util::client::legacy::Error>()
                && c.is_connect()
            {
                kind = ConnectorErrorKind::Io;
            }
            cur = e.source();
        }
        ConnectorError { kind, source }
    }
}

impl fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ConnectorErrorKind::Timeout => "timeout",
            ConnectorErrorKind::Io => "I/O error",
            ConnectorErrorKind::MalformedResponse => "malformed HTTP response",
            ConnectorErrorKind::Other => "HTTP client error",
        };
        // Spell out the causes: hyper's own messages are terse ("client error (Connect)").
        write!(f, "{what}: {}", self.source)?;
        let mut cause = self.source.source();
        while let Some(e) = cause {
            write!(f, ": {e}")?;
            cause = e.source();
        }
        Ok(())
    }
}

impl StdError for ConnectorError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.source.as_ref())
    }
}

#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
compile_error!(
    "aws-client-runtime needs a TLS feature: `rustls` (the default) or `native-tls` (system TLS)"
);

/// The TLS-capable connector of the `native-tls` feature: hyper-tls over the system's TLS
/// library (OpenSSL on Linux) and its root certificates.
#[cfg(feature = "native-tls")]
pub(crate) type HttpsConnector =
    hyper_tls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>;

/// The TLS-capable connector of the default `rustls` feature: rustls with ring and the Mozilla
/// (webpki) roots.
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
pub(crate) type HttpsConnector =
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>;

/// What the connector is made of, for `Debug`.
#[cfg(feature = "native-tls")]
const STACK: &str = "hyper+native-tls";
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
const STACK: &str = "hyper+rustls";

/// TCP (with `connect_timeout`, no Nagle) wrapped by the feature's TLS layer: `http://` URIs in
/// plain text, `https://` over TLS.
pub(crate) fn https_connector(connect_timeout: Option<Duration>) -> HttpsConnector {
    let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
    http.enforce_http(false); // the TLS layer wraps it for https
    http.set_connect_timeout(connect_timeout);
    http.set_nodelay(true);
    tls_layer(http)
}

#[cfg(feature = "native-tls")]
fn tls_layer(http: hyper_util::client::legacy::connect::HttpConnector) -> HttpsConnector {
    // Panics only if the system library cannot create a TLS context at all (no OpenSSL
    // configuration it can load), where no https request could be sent either.
    hyper_tls::HttpsConnector::new_with_connector(http)
}

#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
fn tls_layer(http: hyper_util::client::legacy::connect::HttpConnector) -> HttpsConnector {
    // ring explicitly: this crate never depends on aws-lc, and picking the provider avoids
    // rustls' "no process-level default" ambiguity when another crate enables aws-lc.
    match hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
    {
        Ok(builder) => builder,
        // Only fails if ring lacks the default protocol versions, which it does not; the
        // native fallback keeps this constructor infallible without a panic path.
        Err(_) => hyper_rustls::HttpsConnectorBuilder::new().with_webpki_roots(),
    }
    .https_or_http()
    .enable_http1()
    .wrap_connector(http)
}

/// The one hyper client type of the runtime: buffered requests are sent as in-memory
/// [`ByteStream`]s, so hyper's client, pool and connection code are compiled once, not once
/// per body type.
pub(crate) type HyperClient = hyper_util::client::legacy::Client<HttpsConnector, ByteStream>;

/// The default client: hyper 1 (HTTP/1.1) with a connection pool; TLS by rustls with the ring
/// provider and the Mozilla (webpki) root certificates (feature `rustls`, the default), or by
/// the system's library (feature `native-tls`). `http://` URIs are sent in plain text,
/// `https://` URIs over TLS; the endpoint URL decides.
#[derive(Clone)]
pub struct DefaultHttpClient {
    inner: HyperClient,
}

impl DefaultHttpClient {
    /// A client whose TCP connects give up after `connect_timeout` (`None`: no limit).
    pub fn new(connect_timeout: Option<Duration>) -> Self {
        DefaultHttpClient {
            inner: hyper_client(connect_timeout),
        }
    }
}

/// A pooled hyper client over the TLS connector.
pub(crate) fn hyper_client(connect_timeout: Option<Duration>) -> HyperClient {
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(30))
        .pool_timer(hyper_util::rt::TokioTimer::new())
        .build(https_connector(connect_timeout))
}

impl fmt::Debug for DefaultHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DefaultHttpClient({STACK})")
    }
}

impl HttpClient for DefaultHttpClient {
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture<'_> {
        Box::pin(async move {
            use http_body_util::BodyExt;
            let request = request.map(ByteStream::new);
            let response = self
                .inner
                .request(request)
                .await
                .map_err(|e| ConnectorError::classify(Box::new(e)))?;
            let (parts, body) = response.into_parts();
            let body = http_body_util::Limited::new(body, MAX_RESPONSE_BODY)
                .collect()
                .await
                .map_err(ConnectorError::classify)?
                .to_bytes();
            Ok(HttpResponse::new(parts.status, parts.headers, body))
        })
    }

    fn send_streaming(&self, request: http::Request<ByteStream>) -> StreamingFuture<'_> {
        Box::pin(async move {
            let response = self
                .inner
                .request(request)
                .await
                .map_err(|e| ConnectorError::classify(Box::new(e)))?;
            let (parts, body) = response.into_parts();
            Ok(StreamingResponse::new(
                parts.status,
                parts.headers,
                ByteStream::from_body(body),
            ))
        })
    }
}
