//! [`DefaultHttpClient`]: the default [`HttpClient`], hyper with rustls or the system's TLS.

use aws_client_core::http::{
    ConnectorError, ConnectorErrorKind, HttpClient, HttpFuture, HttpResponse, MAX_RESPONSE_BODY,
    SharedHttpClient, StreamingFuture, StreamingResponse,
};
use bytes::Bytes;
use smithy_types_runtime::ByteStream;
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
compile_error!(
    "aws-client-runtime needs a TLS feature: `rustls` (the default) or `native-tls` (system TLS)"
);

/// The TLS-capable connector of the `native-tls` feature: hyper-tls over the system's TLS
/// library (OpenSSL on Linux) and its root certificates.
#[cfg(feature = "native-tls")]
type HttpsConnector = hyper_tls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>;

/// The TLS-capable connector of the default `rustls` feature: rustls with ring and the Mozilla
/// (webpki) roots.
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
type HttpsConnector =
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>;

/// What the connector is made of, for `Debug`.
#[cfg(feature = "native-tls")]
const STACK: &str = "hyper+native-tls";
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
const STACK: &str = "hyper+rustls";

/// TCP (with `connect_timeout`, no Nagle) wrapped by the feature's TLS layer: `http://` URIs in
/// plain text, `https://` over TLS.
fn https_connector(connect_timeout: Option<Duration>) -> HttpsConnector {
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
type HyperClient = hyper_util::client::legacy::Client<HttpsConnector, ByteStream>;

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
            inner:
                hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                    .pool_idle_timeout(Duration::from_secs(30))
                    .pool_timer(hyper_util::rt::TokioTimer::new())
                    .build(https_connector(connect_timeout)),
        }
    }

    /// The default client as a [`SharedHttpClient`].
    pub fn shared(connect_timeout: Option<Duration>) -> SharedHttpClient {
        std::sync::Arc::new(Self::new(connect_timeout))
    }
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
                .map_err(|e| classify(Box::new(e)))?;
            let (parts, body) = response.into_parts();
            let body = http_body_util::Limited::new(body, MAX_RESPONSE_BODY)
                .collect()
                .await
                .map_err(classify)?
                .to_bytes();
            Ok(HttpResponse::new(parts.status, parts.headers, body))
        })
    }

    fn send_streaming(&self, request: http::Request<ByteStream>) -> StreamingFuture<'_> {
        Box::pin(async move {
            use http_body_util::BodyExt;
            let response = self
                .inner
                .request(request)
                .await
                .map_err(|e| classify(Box::new(e)))?;
            let (parts, body) = response.into_parts();
            // The body's errors are classified here, where hyper's types are known: whoever
            // reads it (the runtime buffering an error response) gets a `ConnectorError`.
            let body = body.map_err(|e| classify(Box::new(e)));
            Ok(StreamingResponse::new(
                parts.status,
                parts.headers,
                ByteStream::from_body(body),
            ))
        })
    }
}

/// Classifies an error from hyper / hyper-util by walking its source chain.
fn classify(source: Box<dyn StdError + Send + Sync>) -> ConnectorError {
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
    ConnectorError::new(kind, source)
}
