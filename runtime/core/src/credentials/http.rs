//! The small HTTP helper the credential sources share: one request, a whole-request timeout,
//! the response fully read (at most 1 MiB). It sends through the [`HttpClient`] that the
//! [`ProviderConfig`](super::ProviderConfig) carries (aws-client-runtime's loader gives it the
//! client's own); without one, a source that needs HTTP fails naming what is missing.
//! Which URLs may use plain HTTP is each source's decision, made before calling this.

use bytes::Bytes;
use std::fmt;
use std::time::Duration;

use crate::http::SharedHttpClient;
use smithy_types_runtime::ByteStream;

/// Responses from credential endpoints are a few kilobytes; more is refused.
const MAX_BODY: usize = 1024 * 1024;

/// The HTTP client of the credential sources, if one was configured.
#[derive(Clone, Default)]
pub(crate) struct Http {
    client: Option<SharedHttpClient>,
}

impl fmt::Debug for Http {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.client {
            Some(client) => write!(f, "Http({client:?})"),
            None => f.write_str("Http(none)"),
        }
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

/// Why no complete response arrived. Displays the transport's causes, which never hold headers.
#[derive(Debug)]
pub(crate) enum HttpError {
    /// The overall request timeout elapsed.
    Timeout(Duration),
    /// The request could not be built (bad URL or header value).
    Request(String),
    /// Connect, TLS, I/O or protocol error, or a body over the limit.
    Transport(String),
    /// No HTTP client was configured (`ProviderConfig::with_http_client`).
    NoClient,
}

impl HttpError {
    pub(crate) fn is_timeout(&self) -> bool {
        matches!(self, HttpError::Timeout(_))
    }
    /// Whether trying again cannot help (a bad request, no client).
    pub(crate) fn is_permanent(&self) -> bool {
        matches!(self, HttpError::Request(_) | HttpError::NoClient)
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpError::Timeout(d) => write!(f, "no response within {} ms", d.as_millis()),
            HttpError::Request(m) => write!(f, "invalid request: {m}"),
            HttpError::Transport(m) => f.write_str(m),
            HttpError::NoClient => f.write_str(
                "no HTTP client configured: give the ProviderConfig one with \
                 with_http_client(..) (Config::load does)",
            ),
        }
    }
}

impl std::error::Error for HttpError {}

impl Http {
    /// Sends through `client`.
    pub(crate) fn new(client: SharedHttpClient) -> Self {
        Http {
            client: Some(client),
        }
    }

    /// The configured client.
    pub(crate) fn client(&self) -> Option<&SharedHttpClient> {
        self.client.as_ref()
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
        let client = self.client.as_ref().ok_or(HttpError::NoClient)?;
        let exchange = async move {
            use http_body_util::BodyExt;
            // Streaming, so that the body is read here, up to this limit (the client's own
            // limit for whole responses is larger).
            let response = client
                .send_streaming(request)
                .await
                .map_err(|e| HttpError::Transport(e.to_string()))?;
            let status = response.status().as_u16();
            let body = http_body_util::Limited::new(response.body, MAX_BODY)
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

/// Transport errors' own messages are terse ("client error (Connect)"): spell out the causes.
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
