//! The HTTP transport as the runtime sees it: the [`HttpClient`] trait, the responses it
//! returns and its [`ConnectorError`]. The default implementation (hyper with rustls or the
//! system's TLS) is aws-client-runtime's `DefaultHttpClient`: nothing here depends on hyper or
//! TLS.

pub use crate::file_stream::stream_file;
use bytes::Bytes;
use smithy_types_runtime::ByteStream;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A shared HTTP client: what a client configuration and a credential
/// [`ProviderConfig`](crate::credentials::ProviderConfig) hold.
pub type SharedHttpClient = std::sync::Arc<dyn HttpClient>;

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

    /// Classifies an error read from a response body by walking its source chain: a
    /// [`ConnectorError`] (what the default client's bodies yield) keeps its kind, an I/O error
    /// is a timeout or I/O failure, anything else (such as an oversized body) is `Other`.
    pub(crate) fn classify(source: Box<dyn StdError + Send + Sync>) -> Self {
        let source = match source.downcast::<ConnectorError>() {
            Ok(error) => return *error,
            Err(source) => source,
        };
        let mut kind = ConnectorErrorKind::Other;
        let mut cur: Option<&(dyn StdError + 'static)> = Some(source.as_ref());
        while let Some(e) = cur {
            if let Some(c) = e.downcast_ref::<ConnectorError>() {
                kind = c.kind;
                break;
            }
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                kind = if io.kind() == std::io::ErrorKind::TimedOut {
                    ConnectorErrorKind::Timeout
                } else {
                    ConnectorErrorKind::Io
                };
                break;
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
