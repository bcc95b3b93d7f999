//! The request side: which algorithm a call uses (the caller's, else CRC32 when the setting or
//! the operation asks for one), and the checksum as a header of a body in memory; a stream's
//! goes in an `aws-chunked` trailer (see `aws_chunked`), planned here and applied by the engine.

use super::algorithm::checksum_base64;
use super::{Algorithm, OperationChecksum, RequestChecksumCalculation, Settings};
use crate::error::BoxError;
use http::{HeaderName, HeaderValue};

/// The payload hash signed for an `aws-chunked` body whose checksum follows in an unsigned
/// trailer, as aws-sdk-rust signs uploads over HTTPS.
pub(crate) const STREAMING_UNSIGNED_PAYLOAD_TRAILER: &str = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

/// The value that asks for a response checksum (`requestValidationModeMember`).
const VALIDATION_ENABLED: &str = "ENABLED";

/// What the engine still has to do for a call's checksums once [`plan`] ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RequestPlan {
    /// The stream's checksum goes in an `aws-chunked` trailer.
    pub(crate) trailer: Option<Algorithm>,
    /// The response is validated against the checksum it carries, if any, of one of the
    /// operation's response algorithms.
    pub(crate) validate_response: bool,
}

fn header<'h>(headers: &'h [(HeaderName, HeaderValue)], name: &str) -> Option<&'h HeaderValue> {
    headers
        .iter()
        .find(|(n, _)| n.as_str().eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn push(
    headers: &mut Vec<(HeaderName, HeaderValue)>,
    name: &str,
    value: &str,
) -> Result<(), BoxError> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| BoxError::from(format!("invalid checksum header name {name:?}")))?;
    let value = HeaderValue::from_str(value)
        .map_err(|_| BoxError::from(format!("invalid value for the checksum header {name}")))?;
    headers.push((name, value));
    Ok(())
}

/// Adds the checksum headers of one call to `headers`: the validation mode (`ENABLED` unless
/// the caller chose one, when validation is `when_supported`), the algorithm header when the
/// client chooses CRC32, and the checksum of `body` when the payload is in memory
/// (`streaming` false). Nothing is computed when the caller supplied a checksum header.
///
/// Errors: an algorithm this client cannot compute (the model may list more), or a failure of
/// the crypto backend.
pub(crate) fn plan(
    op: &OperationChecksum,
    settings: &Settings,
    headers: &mut Vec<(HeaderName, HeaderValue)>,
    body: &[u8],
    streaming: bool,
) -> Result<RequestPlan, BoxError> {
    // Response validation: asked for by the caller's mode member, or by the client when the
    // setting is `when_supported` (as aws-sdk-rust sets `ChecksumMode::Enabled`).
    let mut validate_response = false;
    if let Some(mode_header) = op.response_validation_header {
        match header(headers, mode_header) {
            Some(value) => validate_response = value.as_bytes() == VALIDATION_ENABLED.as_bytes(),
            None if settings.response == super::ResponseChecksumValidation::WhenSupported => {
                push(headers, mode_header, VALIDATION_ENABLED)?;
                validate_response = true;
            }
            None => {}
        }
    }
    let mut plan = RequestPlan {
        trailer: None,
        validate_response,
    };
    if !op.has_request_checksum() {
        return Ok(plan);
    }
    // A checksum header the caller set (e.g. `ChecksumCRC32`) is sent as it is.
    let caller_supplied = headers.iter().any(|(name, _)| {
        name.as_str().starts_with("x-amz-checksum-")
            && Some(name.as_str()) != op.response_validation_header
    });
    if caller_supplied {
        return Ok(plan);
    }
    let chosen = match op.request_algorithm_header.and_then(|h| header(headers, h)) {
        Some(value) => {
            let name = value.to_str().unwrap_or_default();
            Some(Algorithm::from_name(name).ok_or_else(|| {
                BoxError::from(format!(
                    "the checksum algorithm {name:?} is not supported by this client: choose \
                     CRC32, CRC32C, CRC64NVME, SHA1 or SHA256"
                ))
            })?)
        }
        None => None,
    };
    let algorithm = match chosen {
        Some(algorithm) => algorithm,
        None if settings.request == RequestChecksumCalculation::WhenSupported
            || op.request_checksum_required =>
        {
            if let Some(algorithm_header) = op.request_algorithm_header {
                push(headers, algorithm_header, Algorithm::Crc32.name())?;
            }
            Algorithm::Crc32
        }
        None => return Ok(plan),
    };
    if streaming {
        tracing::debug!(%algorithm, "request checksum in an aws-chunked trailer");
        plan.trailer = Some(algorithm);
    } else {
        tracing::debug!(%algorithm, "request checksum in a header");
        let value = checksum_base64(algorithm, body).map_err(BoxError::from)?;
        push(headers, algorithm.header_name(), &value)?;
    }
    Ok(plan)
}
