//! What the runtime knows of each protocol: how a non-2xx response names its error. The error
//! metadata is computed once per error response, before retries are decided.
//!
//! restJson1 and awsJson share the JSON error document ([`json`]); awsJson services marked
//! `awsQueryCompatible` also send their awsQuery error code in a header ([`aws_json`]);
//! awsQuery and ec2Query send an XML error document (`query`), restXml too (`rest_xml`), both
//! with the `xml` feature.

use crate::http::HttpResponse;
use std::fmt;

mod aws_json;
mod json;
#[cfg(feature = "xml")]
mod query;
#[cfg(feature = "xml")]
mod rest_xml;

/// The protocol of a service, as far as the runtime must know it (generated code writes the
/// requests and reads the bodies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#restJson1`.
    RestJson1,
    /// `aws.protocols#awsJson1_0` and `awsJson1_1`.
    AwsJson {
        /// `aws.protocols#awsQueryCompatible`: the `x-amzn-query-error` header carries the
        /// error code the service's awsQuery API used.
        query_compatible: bool,
    },
    /// `aws.protocols#awsQuery` (with the `xml` feature).
    #[cfg(feature = "xml")]
    AwsQuery,
    /// `aws.protocols#ec2Query` (with the `xml` feature).
    #[cfg(feature = "xml")]
    Ec2Query,
    /// `aws.protocols#restXml` (with the `xml` feature): errors wrapped in `ErrorResponse`
    /// or, with `noErrorWrapping`, a bare `Error`.
    #[cfg(feature = "xml")]
    RestXml,
}

impl Protocol {
    /// The error metadata of a non-2xx response.
    pub fn error_metadata(self, response: &HttpResponse) -> ErrorMetadata {
        match self {
            Protocol::RestJson1 => json::error_metadata(response),
            Protocol::AwsJson { query_compatible } => {
                aws_json::error_metadata(response, query_compatible)
            }
            #[cfg(feature = "xml")]
            Protocol::AwsQuery => query::error_metadata(response, query::Flavor::AwsQuery),
            #[cfg(feature = "xml")]
            Protocol::Ec2Query => query::error_metadata(response, query::Flavor::Ec2Query),
            #[cfg(feature = "xml")]
            Protocol::RestXml => rest_xml::error_metadata(response),
        }
    }
}

impl Protocol {
    /// Whether `body`, the body of a 2xx response, is the protocol's error document (restXml:
    /// a root element `Error`). Only [`ErrorRules::errors_in_success`] services ask.
    pub fn is_error_document(self, body: &[u8]) -> bool {
        match self {
            #[cfg(feature = "xml")]
            Protocol::RestXml => rest_xml::is_error_document(body),
            _ => {
                let _ = body;
                false
            }
        }
    }
}

/// How a service's responses name errors beyond its protocol's rules. Every service but S3
/// has [`ErrorRules::STANDARD`]; S3 has [`ErrorRules::S3`], as aws-sdk-s3 reads its responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorRules {
    /// A 2xx response whose body is the protocol's error document is an error, retried as a
    /// 500 would be (S3's CopyObject, UploadPartCopy and CompleteMultipartUpload can fail after
    /// their 200 status is sent). Checked for operations whose output is read whole; a
    /// streamed output's body is the caller's.
    pub errors_in_success: bool,
    /// An error response without a body (S3 answers HEAD requests so) takes its code from its
    /// status: 404 is `NotFound`, which S3 models for HeadObject and HeadBucket.
    pub code_from_status: bool,
}

impl ErrorRules {
    /// The protocol's rules alone.
    pub const STANDARD: ErrorRules = ErrorRules {
        errors_in_success: false,
        code_from_status: false,
    };
    /// S3's.
    pub const S3: ErrorRules = ErrorRules {
        errors_in_success: true,
        code_from_status: true,
    };

    /// The metadata of an error `response` under these rules, given the protocol's.
    pub fn apply(self, mut metadata: ErrorMetadata, response: &HttpResponse) -> ErrorMetadata {
        if self.code_from_status && metadata.code.is_none() && response.body().is_empty() {
            metadata.code = code_of_status(response.status()).map(str::to_owned);
        }
        metadata
    }
}

/// The error code of a body-less error response with this status, where S3 implies one.
fn code_of_status(status: http::StatusCode) -> Option<&'static str> {
    match status.as_u16() {
        404 => Some("NotFound"),
        _ => None,
    }
}

/// The largest raw body excerpt kept in an error, in bytes.
pub const BODY_EXCERPT_LIMIT: usize = 512;

/// What the runtime learned from a non-2xx response, independent of the operation's model.
#[derive(Clone, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    // Boxed: it keeps `SdkError` under clippy's large-`Err` bound (128 bytes).
    extended_request_id: Option<Box<str>>,
    status: http::StatusCode,
    body_excerpt: String,
}

impl ErrorMetadata {
    /// Builds metadata from parts (for tests and custom error handling).
    pub fn new(
        status: http::StatusCode,
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
    ) -> Self {
        ErrorMetadata {
            code,
            message,
            request_id,
            extended_request_id: None,
            status,
            body_excerpt: String::new(),
        }
    }

    /// The sanitized error code, e.g. `ConflictException`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
    /// The error message sent by the service.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    /// The request id (`x-amzn-requestid` or `x-amz-request-id`; the XML protocols' from the
    /// body first).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    /// S3's extended request id (`x-amz-id-2`), which AWS support asks for with the request
    /// id.
    pub fn extended_request_id(&self) -> Option<&str> {
        self.extended_request_id.as_deref()
    }
    /// The HTTP status of the response.
    pub fn status(&self) -> http::StatusCode {
        self.status
    }
    /// At most [`BODY_EXCERPT_LIMIT`] bytes of the raw body, lossily decoded as UTF-8.
    pub fn body_excerpt(&self) -> &str {
        &self.body_excerpt
    }
}

impl fmt::Debug for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorMetadata")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("extended_request_id", &self.extended_request_id)
            .field("status", &self.status.as_u16())
            .field("body_excerpt", &self.body_excerpt)
            .finish()
    }
}

/// Sanitizes a restJson1 error code: cut at the first `:`, then drop everything up to and
/// including the last `#` (`aws.mgn#ConflictException:http://...` -> `ConflictException`).
pub fn sanitize_error_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    let code = code.rsplit('#').next().unwrap_or(code);
    code.trim()
}

/// The request id of a response: `x-amzn-requestid`, else `x-amz-request-id`.
pub fn request_id(headers: &http::HeaderMap) -> Option<&str> {
    header_str(headers, "x-amzn-requestid").or_else(|| header_str(headers, "x-amz-request-id"))
}

pub(crate) fn header_str<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// A bounded, lossily decoded excerpt of a body (a character cut in half becomes U+FFFD).
pub(crate) fn excerpt(body: &[u8]) -> String {
    let cut = &body[..body.len().min(BODY_EXCERPT_LIMIT)];
    String::from_utf8_lossy(cut).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A response with this status, these headers and this body (the protocols' tests share it).
    pub(super) fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        let mut map = http::HeaderMap::new();
        for (k, v) in headers {
            map.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                http::HeaderValue::from_str(v).unwrap(),
            );
        }
        HttpResponse::new(
            http::StatusCode::from_u16(status).unwrap(),
            map,
            bytes::Bytes::copy_from_slice(body.as_bytes()),
        )
    }

    #[test]
    fn sanitizes_codes() {
        for (raw, want) in [
            ("ConflictException", "ConflictException"),
            ("aws.mgn#ConflictException", "ConflictException"),
            (
                "aws.mgn#ConflictException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
                "ConflictException",
            ),
            ("ValidationException:http://x#y", "ValidationException"),
            ("a#b#ThrottlingException", "ThrottlingException"),
            ("", ""),
        ] {
            assert_eq!(sanitize_error_code(raw), want, "{raw}");
        }
    }

    #[test]
    fn header_wins_even_over_non_json_body() {
        let r = response(
            503,
            &[
                ("X-Amzn-Errortype", "ServiceUnavailableException:http://x"),
                ("x-amzn-requestid", "rid"),
            ],
            "<html><body>Service Unavailable</body></html>",
        );
        let m = Protocol::RestJson1.error_metadata(&r);
        assert_eq!(m.code(), Some("ServiceUnavailableException"));
        assert_eq!(m.message(), None);
        assert_eq!(m.request_id(), Some("rid"));
        assert_eq!(m.status().as_u16(), 503);
        assert!(m.body_excerpt().starts_with("<html>"));
    }

    #[test]
    fn code_then_type_string_values_only() {
        let m = Protocol::RestJson1.error_metadata(&response(
            409,
            &[],
            r#"{"code":"aws.mgn#ConflictException","__type":"Other","message":"m"}"#,
        ));
        assert_eq!(m.code(), Some("ConflictException"));
        assert_eq!(m.message(), Some("m"));
        let m = Protocol::RestJson1.error_metadata(&response(
            409,
            &[],
            r#"{"code":42,"__type":"aws.mgn#ResourceNotFoundException:suffix","Message":"M"}"#,
        ));
        assert_eq!(m.code(), Some("ResourceNotFoundException"));
        assert_eq!(m.message(), Some("M"));
        let m = Protocol::RestJson1.error_metadata(&response(400, &[], r#"{"errorMessage":"e"}"#));
        assert_eq!(m.code(), None);
        assert_eq!(m.message(), Some("e"));
    }

    #[test]
    fn request_id_fallback_and_bounded_excerpt() {
        let body = "é".repeat(400); // 800 bytes; the cut falls inside a character
        let m = Protocol::RestJson1.error_metadata(&response(
            500,
            &[("x-amz-request-id", "r2")],
            &body,
        ));
        assert_eq!(m.request_id(), Some("r2"));
        assert!(m.body_excerpt().len() <= BODY_EXCERPT_LIMIT + 3);
        assert!(m.body_excerpt().starts_with("éé"));
    }
}
