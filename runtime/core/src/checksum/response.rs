//! The response side: the checksum a response carries (the first of the operation's
//! algorithms in [`Algorithm::PRIORITY`] order whose header is present), checked against the
//! body: a buffered body before it is decoded, a stream as it ends (its last read fails on a
//! mismatch). S3's checksums of multipart objects (`<base64>-<parts>`) are checksums of the
//! parts' checksums, not of the body, and are skipped, as aws-sdk-rust skips them.

use super::Algorithm;
use super::algorithm::Hasher;
use crate::error::BoxError;
use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use smithy_types_runtime::ByteStream;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A response body whose checksum differs from the one its headers announced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecksumMismatch {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The base64 checksum the response's header announced.
    pub expected: String,
    /// The base64 checksum of the body received.
    pub computed: String,
}

impl fmt::Display for ChecksumMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "response checksum mismatch: {} ({}) announced {:?}, the body received has {:?}",
            self.algorithm,
            self.algorithm.header_name(),
            self.expected,
            self.computed
        )
    }
}

impl std::error::Error for ChecksumMismatch {}

/// Whether a checksum header value is S3's checksum of a multipart object's parts
/// (`<base64>-<number of parts>`), which no client can check against the body.
pub fn is_part_level_checksum(value: &str) -> bool {
    match value.rsplit_once('-') {
        Some((checksum, parts)) => {
            !checksum.is_empty()
                && !checksum.ends_with('-')
                && !parts.is_empty()
                && parts.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// The algorithm and announced checksum a response is to be checked against, if any.
fn announced(headers: &http::HeaderMap, algorithms: &[Algorithm]) -> Option<(Algorithm, String)> {
    for algorithm in Algorithm::PRIORITY {
        if !algorithms.contains(&algorithm) {
            continue;
        }
        let Some(value) = headers.get(algorithm.header_name()) else {
            continue;
        };
        let value = value.to_str().unwrap_or_default().trim();
        if is_part_level_checksum(value) {
            tracing::debug!(
                header = algorithm.header_name(),
                "not validating a multipart object's checksum of its parts"
            );
            return None;
        }
        return Some((algorithm, value.to_owned()));
    }
    None
}

/// Checks a whole body against the checksum its response announced, if any.
pub(crate) fn validate_buffered(
    headers: &http::HeaderMap,
    body: &[u8],
    algorithms: &[Algorithm],
) -> Result<(), BoxError> {
    let Some((algorithm, expected)) = announced(headers, algorithms) else {
        return Ok(());
    };
    let mut hasher = Hasher::new(algorithm);
    hasher.update(body);
    let computed = hasher.finish_base64()?;
    if computed == expected {
        tracing::debug!(%algorithm, "response checksum validated");
        Ok(())
    } else {
        Err(Box::new(ChecksumMismatch {
            algorithm,
            expected,
            computed,
        }))
    }
}

/// The stream of a response, checked as it ends against the checksum the response announced
/// (the same stream when it announced none).
pub(crate) fn validating_stream(
    headers: &http::HeaderMap,
    body: ByteStream,
    algorithms: &[Algorithm],
) -> ByteStream {
    match announced(headers, algorithms) {
        Some((algorithm, expected)) => ByteStream::from_body(ValidatingBody {
            inner: body,
            hasher: Some(Hasher::new(algorithm)),
            expected,
        }),
        None => body,
    }
}

/// A body that hashes what passes and fails its end on a mismatch.
struct ValidatingBody {
    inner: ByteStream,
    /// `None` once the end was checked.
    hasher: Option<Hasher>,
    expected: String,
}

impl Body for ValidatingBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let (Some(data), Some(hasher)) = (frame.data_ref(), this.hasher.as_mut()) {
                    hasher.update(data);
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(None) => {
                let Some(hasher) = this.hasher.take() else {
                    return Poll::Ready(None);
                };
                let algorithm = hasher.algorithm();
                match hasher.finish_base64() {
                    Ok(computed) if computed == this.expected => {
                        tracing::debug!(%algorithm, "response checksum validated");
                        Poll::Ready(None)
                    }
                    Ok(computed) => Poll::Ready(Some(Err(Box::new(ChecksumMismatch {
                        algorithm,
                        expected: std::mem::take(&mut this.expected),
                        computed,
                    })))),
                    Err(e) => Poll::Ready(Some(Err(Box::new(e)))),
                }
            }
            other => other,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.hasher.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
