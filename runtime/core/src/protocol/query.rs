//! awsQuery and ec2Query errors. Their error documents are XML (`ErrorResponse/Error/Code`;
//! ec2Query `Response/Errors/Error/Code`), which the runtime cannot read yet: the metadata
//! has no code and no message, only the request id of the headers, the status and the body
//! excerpt, so every error is unhandled and shows the raw body. Clients of these protocols
//! are generated only for the protocol tests until the XML reader exists.

use super::{ErrorMetadata, excerpt, request_id};
use crate::http::HttpResponse;

pub(super) fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    ErrorMetadata {
        code: None,
        message: None,
        request_id: request_id(response.headers()).map(str::to_owned),
        extended_request_id: None,
        status: response.status(),
        body_excerpt: excerpt(response.body()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Protocol;
    use crate::http::HttpResponse;

    #[test]
    fn the_xml_body_is_kept_raw_until_it_can_be_read() {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amzn-requestid", http::HeaderValue::from_static("rid"));
        let body = "<ErrorResponse><Error><Code>InvalidGreeting</Code></Error></ErrorResponse>";
        let response = HttpResponse::new(
            http::StatusCode::BAD_REQUEST,
            headers,
            bytes::Bytes::from_static(body.as_bytes()),
        );
        for protocol in [Protocol::AwsQuery, Protocol::Ec2Query] {
            let m = protocol.error_metadata(&response);
            assert_eq!(m.code(), None);
            assert_eq!(m.message(), None);
            assert_eq!(m.request_id(), Some("rid"));
            assert_eq!(m.status().as_u16(), 400);
            assert_eq!(m.body_excerpt(), body);
        }
    }
}
