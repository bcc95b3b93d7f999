//! The small HTTP helper the credential sources share: one request, a whole-request timeout,
//! the response fully read. hyper-util's pooled client over the runtime's TLS connector
//! (rustls with ring and webpki roots by default, the system's TLS with `native-tls`).
//! Which URLs may use plain HTTP is each source's decision, made before calling this.

use bytes::Bytes;
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Responses from credential endpoints are a few kilobytes; more is refused.
const MAX_BODY: usize = 1024 * 1024;
/// TCP connect limit; each request also has its own overall timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

use crate::http::HyperClient;
use smithy_types_runtime::ByteStream;

/// A lazily built client: building a `ProviderConfig` must do no work beyond allocation.
#[derive(Clone, Default)]
pub(crate) struct Http {
    client: Arc<OnceLock<HyperClient>>,
}

impl fmt::Debug for Http {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Http(hyper+TLS)")
    }
}

/// A fully read response.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
}

impl Response {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why no complete response arrived. Displays hyper's causes, which never hold headers.
#[derive(Debug)]
pub(crate) enum HttpError {
    /// The overall request timeout elapsed.
    Timeout(Duration),
    /// The request could not be built (bad URL or header value).
    Request(String),
    /// Connect, TLS, I/O or protocol error.
    Transport(String),
}

impl HttpError {
    pub(crate) fn is_timeout(&self) -> bool {
        matches!(self, HttpError::Timeout(_))
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpError::Timeout(d) => write!(f, "no response within {} ms", d.as_millis()),
            HttpError::Request(m) => write!(f, "invalid request: {m}"),
            HttpError::Transport(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for HttpError {}

impl Http {
    fn client(&self) -> &HyperClient {
        // The same client type as the operations' (compiled once).
        self.client
            .get_or_init(|| crate::http::hyper_client(Some(CONNECT_TIMEOUT)))
    }

    /// Sends one request and reads the whole response within `timeout`.
    pub(crate) async fn send(
        &self,
        method: http::Method,
        url: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
        timeout: Duration,
    ) -> Result<Response, HttpError> {
        let mut builder = http::Request::builder().method(method).uri(url);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        // The header value is never echoed: it may be a token.
        let request = builder
            .body(ByteStream::new(body))
            .map_err(|e| HttpError::Request(redacted_request_error(&e)))?;
        self.send_request(request, timeout).await
    }

    /// Sends a prepared request (e.g. one signed with SigV4).
    pub(crate) async fn send_request(
        &self,
        request: http::Request<ByteStream>,
        timeout: Duration,
    ) -> Result<Response, HttpError> {
        let client = self.client().clone();
        let exchange = async move {
            use http_body_util::BodyExt;
            let response = client
                .request(request)
                .await
                .map_err(|e| HttpError::Transport(chain(&e)))?;
            let status = response.status().as_u16();
            let body = http_body_util::Limited::new(response.into_body(), MAX_BODY)
                .collect()
                .await
                .map_err(|e| HttpError::Transport(chain(e.as_ref())))?
                .to_bytes();
            Ok(Response { status, body })
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(HttpError::Timeout(timeout)),
        }
    }
}

fn redacted_request_error(e: &http::Error) -> String {
    if e.is::<http::header::InvalidHeaderValue>() {
        "a header value contains invalid characters".into()
    } else {
        e.to_string()
    }
}

/// hyper's own messages are terse ("client error (Connect)"): spell out the causes.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

/// Percent-encodes a query or form value (RFC 3986 unreserved characters kept).
pub(crate) fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_like_aws() {
        assert_eq!(super::encode("a b/c+d=é~"), "a%20b%2Fc%2Bd%3D%C3%A9~");
    }
}
