//! Presigned requests: an operation's request signed in its URL's query string, so that whoever
//! holds the URL (a browser, `curl`, another program without credentials) can make that one
//! request until it expires. Generated clients offer it on every SigV4 operation's fluent
//! builder, as `.presigned(PresigningConfig::expires_in(d)?)`.

use crate::sigv4::MAX_PRESIGNED_EXPIRY;
use bytes::Bytes;
use http::{HeaderName, HeaderValue};
use std::fmt;
use std::time::{Duration, SystemTime};

/// How long a presigned request stays valid, and from when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresigningConfig {
    start_time: Option<SystemTime>,
    expires_in: Duration,
}

impl PresigningConfig {
    /// Valid from now for `expires_in`: more than zero and at most seven days
    /// ([`MAX_PRESIGNED_EXPIRY`]), whole seconds (a fraction is dropped).
    pub fn expires_in(expires_in: Duration) -> Result<PresigningConfig, PresigningConfigError> {
        PresigningConfig::builder().expires_in(expires_in).build()
    }

    /// A builder, to set a start time as well.
    pub fn builder() -> PresigningConfigBuilder {
        PresigningConfigBuilder::default()
    }

    /// How long the request stays valid after its start time.
    pub fn expires(&self) -> Duration {
        self.expires_in
    }

    /// The signing time (`None`: the time of presigning).
    pub fn start_time(&self) -> Option<SystemTime> {
        self.start_time
    }
}

/// Builds a [`PresigningConfig`].
#[derive(Debug, Clone, Default)]
pub struct PresigningConfigBuilder {
    start_time: Option<SystemTime>,
    expires_in: Option<Duration>,
}

impl PresigningConfigBuilder {
    /// The signing time; the request is valid from then (default: the time of presigning).
    pub fn start_time(mut self, start_time: SystemTime) -> Self {
        self.start_time = Some(start_time);
        self
    }

    /// How long the request stays valid (required; see [`PresigningConfig::expires_in`]).
    pub fn expires_in(mut self, expires_in: Duration) -> Self {
        self.expires_in = Some(expires_in);
        self
    }

    /// The config, or what is wrong with the validity.
    pub fn build(self) -> Result<PresigningConfig, PresigningConfigError> {
        let expires_in = self.expires_in.ok_or(PresigningConfigError::Missing)?;
        // SigV4 counts whole seconds.
        let expires_in = Duration::from_secs(expires_in.as_secs());
        if expires_in.is_zero() {
            return Err(PresigningConfigError::Zero);
        }
        if expires_in > MAX_PRESIGNED_EXPIRY {
            return Err(PresigningConfigError::TooLong(expires_in));
        }
        Ok(PresigningConfig {
            start_time: self.start_time,
            expires_in,
        })
    }
}

/// Why a [`PresigningConfig`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PresigningConfigError {
    /// No `expires_in` was set.
    Missing,
    /// `expires_in` is shorter than one second.
    Zero,
    /// `expires_in` is longer than seven days.
    TooLong(Duration),
}

impl fmt::Display for PresigningConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PresigningConfigError::Missing => {
                f.write_str("presigning config: `expires_in` is required")
            }
            PresigningConfigError::Zero => {
                f.write_str("presigning config: `expires_in` must be at least one second")
            }
            PresigningConfigError::TooLong(d) => write!(
                f,
                "presigning config: `expires_in` is {} seconds; SigV4 allows at most {} (7 days)",
                d.as_secs(),
                MAX_PRESIGNED_EXPIRY.as_secs()
            ),
        }
    }
}

impl std::error::Error for PresigningConfigError {}

/// A request signed in its URL: send it with this method, these headers and (for an operation
/// with a body that is not a stream) this body, before it expires. The URL is a credential
/// until then: share it only with whoever may make the request.
#[derive(Clone)]
pub struct PresignedRequest {
    method: http::Method,
    uri: String,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

impl PresignedRequest {
    pub(crate) fn new(
        method: http::Method,
        uri: String,
        headers: Vec<(HeaderName, HeaderValue)>,
        body: Bytes,
    ) -> Self {
        PresignedRequest {
            method,
            uri,
            headers,
            body,
        }
    }

    /// The HTTP method, e.g. `GET`.
    pub fn method(&self) -> &str {
        self.method.as_str()
    }

    /// The URL with the signature in its query string.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// The headers the request must be sent with (they are signed), as name and value; the
    /// `Host` header is the URL's and is not listed.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
    }

    /// The body the operation serialized (empty for most presigned operations). A streaming
    /// payload is not part of the presigned request: whoever sends it supplies the body, which
    /// is not signed (`UNSIGNED-PAYLOAD`).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The request as an `http` 1.x request with `body`.
    pub fn into_http_1x_request<B>(self, body: B) -> Result<http::Request<B>, http::Error> {
        let mut builder = http::Request::builder()
            .method(self.method)
            .uri(self.uri.as_str());
        for (name, value) in self.headers {
            builder = builder.header(name, value);
        }
        builder.body(body)
    }
}

impl fmt::Debug for PresignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The query holds the signature and possibly a session token: not printed.
        let without_query = self.uri.split_once('?').map_or(&*self.uri, |(u, _)| u);
        f.debug_struct("PresignedRequest")
            .field("method", &self.method)
            .field("uri", &format_args!("{without_query}?** redacted **"))
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_validity_must_be_between_a_second_and_seven_days() {
        assert_eq!(
            PresigningConfig::expires_in(Duration::from_secs(900))
                .unwrap()
                .expires(),
            Duration::from_secs(900)
        );
        assert_eq!(
            PresigningConfig::expires_in(MAX_PRESIGNED_EXPIRY)
                .unwrap()
                .expires(),
            MAX_PRESIGNED_EXPIRY
        );
        assert_eq!(
            PresigningConfig::expires_in(Duration::from_millis(999)),
            Err(PresigningConfigError::Zero)
        );
        let too_long = MAX_PRESIGNED_EXPIRY + Duration::from_secs(1);
        let err = PresigningConfig::expires_in(too_long).unwrap_err();
        assert_eq!(err, PresigningConfigError::TooLong(too_long));
        assert_eq!(
            err.to_string(),
            "presigning config: `expires_in` is 604801 seconds; SigV4 allows at most 604800 (7 days)"
        );
        assert_eq!(
            PresigningConfig::builder().build(),
            Err(PresigningConfigError::Missing)
        );
    }

    #[test]
    fn a_start_time_is_kept_and_fractions_of_a_second_dropped() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let config = PresigningConfig::builder()
            .start_time(start)
            .expires_in(Duration::from_millis(60_500))
            .build()
            .unwrap();
        assert_eq!(config.start_time(), Some(start));
        assert_eq!(config.expires(), Duration::from_secs(60));
    }

    #[test]
    fn debug_hides_the_query_and_header_values() {
        let request = PresignedRequest::new(
            http::Method::GET,
            "https://b.s3.us-east-1.amazonaws.com/k?X-Amz-Signature=abc&X-Amz-Security-Token=tok"
                .to_owned(),
            vec![(
                HeaderName::from_static("x-amz-meta-secret"),
                HeaderValue::from_static("value"),
            )],
            Bytes::new(),
        );
        let debug = format!("{request:?}");
        assert!(debug.contains("https://b.s3.us-east-1.amazonaws.com/k?** redacted **"));
        assert!(debug.contains("x-amz-meta-secret"), "{debug}");
        for secret in ["abc", "tok", "\"value\""] {
            assert!(!debug.contains(secret), "{debug}");
        }
    }
}
