//! awsQuery and ec2Query errors (WIRE.md): an XML error document, read with the `xml`
//! feature's reader.
//!
//! - awsQuery: `<ErrorResponse><Error><Type/><Code/><Message/>...</Error>
//!   <RequestId/></ErrorResponse>`;
//! - ec2Query: `<Response><Errors><Error><Code/><Message/>...</Error></Errors>
//!   <RequestID/></Response>`.
//!
//! The code is taken as written (awsQuery codes such as `AWS.SimpleQueueService.NonExistentQueue`
//! have no namespace to strip); the request id comes from the body, else from the headers. A
//! body that is not such a document leaves the code unset (the error is unhandled) and says
//! why in the message, beside the raw body excerpt.

use super::{ErrorMetadata, excerpt, request_id};
use crate::http::HttpResponse;
use crate::wire::xml::{AWS_QUERY_ERROR, EC2_QUERY_ERROR, document, error_element};

/// Which of the two documents.
#[derive(Debug, Clone, Copy)]
pub(super) enum Flavor {
    AwsQuery,
    Ec2Query,
}

impl Flavor {
    /// The path to the `Error` element, and the name of the request id element beside the
    /// root's first child.
    fn shape(self) -> (&'static [&'static str], &'static str) {
        match self {
            Flavor::AwsQuery => (AWS_QUERY_ERROR, "RequestId"),
            Flavor::Ec2Query => (EC2_QUERY_ERROR, "RequestID"),
        }
    }
}

/// What the error document says.
#[derive(Debug, Default, PartialEq)]
struct ErrorDocument {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

pub(super) fn error_metadata(response: &HttpResponse, flavor: Flavor) -> ErrorMetadata {
    let (code, message, body_request_id) = match read_document(response.body(), flavor) {
        Ok(doc) => (doc.code, doc.message, doc.request_id),
        Err(why) => (None, Some(why), None),
    };
    ErrorMetadata {
        code,
        message,
        request_id: body_request_id.or_else(|| request_id(response.headers()).map(str::to_owned)),
        extended_request_id: None,
        status: response.status(),
        body_excerpt: excerpt(response.body()),
    }
}

/// Reads the error document, or says why it is not one.
fn read_document(body: &[u8], flavor: Flavor) -> Result<ErrorDocument, String> {
    let (path, request_id_name) = flavor.shape();
    let Some((mut reader, root)) = document(body).map_err(unreadable)? else {
        return Err(format!(
            "the error response has no body (expected `{}`)",
            path.join("/")
        ));
    };
    let mut doc = ErrorDocument::default();
    let root_copy = root.clone();
    let error = error_element(&mut reader, root, path).map_err(unreadable)?;
    let Some(error) = error else {
        return Err(format!(
            "the error response is not an `{}` document (its root is `{}`)",
            path.join("/"),
            root_copy.name().qualified()
        ));
    };
    /// The trimmed text of `el`, `None` when empty.
    fn text<'a>(
        reader: &mut crate::xml::XmlReader<'a>,
        el: &crate::xml::StartEl<'a>,
    ) -> Result<Option<String>, String> {
        let text = reader.read_text(el).map_err(unreadable)?;
        let text = text.trim();
        Ok((!text.is_empty()).then(|| text.to_owned()))
    }
    while let Some(child) = reader.next_child(&error).map_err(unreadable)? {
        match child.local_name() {
            "Code" => doc.code = text(&mut reader, &child)?,
            "Message" => doc.message = text(&mut reader, &child)?,
            _ => {}
        }
    }
    // The request id is a child of the root, after the error (awsQuery) or its list (ec2Query).
    while let Some(child) = reader.next_child(&root_copy).map_err(unreadable)? {
        if child.local_name() == request_id_name {
            doc.request_id = text(&mut reader, &child)?;
        }
    }
    reader.finish().map_err(unreadable)?;
    Ok(doc)
}

/// Why the body could not be read.
fn unreadable(e: impl std::fmt::Display) -> String {
    format!("unreadable error response: {e}")
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
    fn aws_query_code_message_and_request_id_from_the_body() {
        let body = "<ErrorResponse>\n <Error>\n  <Type>Sender</Type>\n  <Code>AWS.SimpleQueueService.NonExistentQueue</Code>\n  <Message>No &amp; queue</Message>\n  <Detail/>\n </Error>\n <RequestId>body-rid</RequestId>\n</ErrorResponse>\n";
        let m = Protocol::AwsQuery.error_metadata(&response(&[("x-amzn-requestid", "hdr")], body));
        assert_eq!(m.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
        assert_eq!(m.message(), Some("No & queue"));
        assert_eq!(m.request_id(), Some("body-rid"));
        assert_eq!(m.status().as_u16(), 400);
        assert_eq!(m.body_excerpt(), body);
    }

    #[test]
    fn ec2_query_reads_its_own_document() {
        let body = r#"<Response><Errors><Error><Code>InvalidGreeting</Code><Message>Hi</Message></Error></Errors><RequestID>foo-id</RequestID></Response>"#;
        let m = Protocol::Ec2Query.error_metadata(&response(&[], body));
        assert_eq!(m.code(), Some("InvalidGreeting"));
        assert_eq!(m.message(), Some("Hi"));
        assert_eq!(m.request_id(), Some("foo-id"));
        // The other protocol's document is not this one's: unhandled, and said so.
        let m = Protocol::AwsQuery.error_metadata(&response(&[("x-amz-request-id", "h")], body));
        assert_eq!(m.code(), None);
        assert_eq!(
            m.message(),
            Some(
                "the error response is not an `ErrorResponse/Error` document (its root is `Response`)"
            )
        );
        assert_eq!(m.request_id(), Some("h"));
    }

    #[test]
    fn request_id_falls_back_to_the_headers() {
        let body = "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>";
        let m = Protocol::AwsQuery.error_metadata(&response(&[("x-amzn-requestid", "hdr")], body));
        assert_eq!(m.code(), Some("Throttling"));
        assert_eq!(m.message(), None);
        assert_eq!(m.request_id(), Some("hdr"));
    }

    #[test]
    fn malformed_or_hostile_bodies_leave_the_error_unhandled_and_say_why() {
        for (body, why) in [
            (
                "<ErrorResponse><Error><Code>X</Code></Error>",
                "unreadable error response: invalid XML at byte",
            ),
            (
                "<!DOCTYPE x [<!ENTITY a \"b\">]><ErrorResponse/>",
                "unreadable error response: invalid XML at byte 0: a DOCTYPE",
            ),
            (
                "<html><body>Service Unavailable</body></html>",
                "the error response is not an `ErrorResponse/Error` document (its root is `html`)",
            ),
            (
                "",
                "the error response has no body (expected `ErrorResponse/Error`)",
            ),
            (
                "<ErrorResponse><Error><Code>A<b/></Code></Error></ErrorResponse>",
                "unreadable error response: invalid XML at byte",
            ),
        ] {
            let m = Protocol::AwsQuery.error_metadata(&response(&[], body));
            assert_eq!(m.code(), None, "{body}");
            let message = m.message().unwrap_or_default();
            assert!(message.starts_with(why), "{body}: {message}");
        }
    }
}
