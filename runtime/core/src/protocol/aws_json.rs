//! awsJson1_0 and awsJson1_1 errors: the JSON error document, and for services marked
//! `aws.protocols#awsQueryCompatible` the `x-amzn-query-error: Code;Fault` header, whose code
//! is the one the service's awsQuery API used (and the one its users match on).

use super::{ErrorMetadata, header_str};
use crate::http::HttpResponse;

pub(super) fn error_metadata(response: &HttpResponse, query_compatible: bool) -> ErrorMetadata {
    let mut metadata = super::json::error_metadata(response);
    if query_compatible && let Some(code) = query_error_code(response.headers()) {
        metadata.code = Some(code.to_owned());
    }
    metadata
}

/// The code of an `x-amzn-query-error` header (`AWS.SimpleQueueService.NonExistentQueue;Sender`),
/// when it has one.
fn query_error_code(headers: &http::HeaderMap) -> Option<&str> {
    let value = header_str(headers, "x-amzn-query-error")?;
    let (code, _fault) = value.split_once(';')?;
    let code = code.trim();
    (!code.is_empty()).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::super::Protocol;
    use crate::http::HttpResponse;

    /// A 400 response with these headers and this body.
    fn response(headers: &[(&str, &str)], body: &str) -> HttpResponse {
        super::super::tests::response(400, headers, body)
    }

    #[test]
    fn type_names_the_error() {
        let r = response(
            &[],
            r#"{"__type":"com.amazon.coral#ValidationException","message":"m"}"#,
        );
        let m = Protocol::AwsJson {
            query_compatible: false,
        }
        .error_metadata(&r);
        assert_eq!(m.code(), Some("ValidationException"));
        assert_eq!(m.message(), Some("m"));
    }

    #[test]
    fn query_compatible_services_take_the_query_code() {
        let headers = [(
            "x-amzn-query-error",
            "AWS.SimpleQueueService.NonExistentQueue;Sender",
        )];
        let body = r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"m"}"#;
        let r = response(&headers, body);
        let m = Protocol::AwsJson {
            query_compatible: true,
        }
        .error_metadata(&r);
        assert_eq!(m.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
        // Only query-compatible services read the header.
        let m = Protocol::AwsJson {
            query_compatible: false,
        }
        .error_metadata(&r);
        assert_eq!(m.code(), Some("QueueDoesNotExist"));
        // A header without a fault part, or with an empty code, is ignored.
        for bad in ["Customized", ";Sender"] {
            let r = response(&[("x-amzn-query-error", bad)], body);
            let m = Protocol::AwsJson {
                query_compatible: true,
            }
            .error_metadata(&r);
            assert_eq!(m.code(), Some("QueueDoesNotExist"), "{bad}");
        }
    }
}
