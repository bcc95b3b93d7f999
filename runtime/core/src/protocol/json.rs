//! The JSON error document of restJson1 and awsJson (WIRE.md section 3): both name the error
//! in the `X-Amzn-Errortype` header or in the body, as aws-sdk-rust reads them.

use super::{ErrorMetadata, excerpt, header_str, request_id, sanitize_error_code};
use crate::http::HttpResponse;

/// Extracts the error metadata of a response:
/// - code: the `X-Amzn-Errortype` header (even when the body is not JSON), else the body's
///   `code`, else its `__type` (string values only); then [`sanitize_error_code`];
/// - message: the body's `message`, `Message` or `errorMessage` (string values only);
/// - request id: `x-amzn-requestid`, else `x-amz-request-id`;
/// - the status and the first [`BODY_EXCERPT_LIMIT`](super::BODY_EXCERPT_LIMIT) bytes of the
///   body, lossily decoded.
pub(super) fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    // A body that is not a JSON object simply contributes nothing.
    let body: Option<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(response.body()).ok();
    let body_str = |keys: &[&str]| -> Option<String> {
        let body = body.as_ref()?;
        keys.iter()
            .find_map(|k| body.get(*k).and_then(|v| v.as_str()).map(str::to_owned))
    };
    let header_code = header_str(response.headers(), "x-amzn-errortype");
    let code = header_code
        .map(str::to_owned)
        .or_else(|| body_str(&["code"]))
        .or_else(|| body_str(&["__type"]))
        .map(|c| sanitize_error_code(&c).to_owned())
        .filter(|c| !c.is_empty());
    ErrorMetadata {
        code,
        message: body_str(&["message", "Message", "errorMessage"]),
        request_id: request_id(response.headers()).map(str::to_owned),
        extended_request_id: None,
        status: response.status(),
        body_excerpt: excerpt(response.body()),
    }
}
