//! restXml errors: the body is `<ErrorResponse><Error><Code/><Message/></Error><RequestId/>
//! </ErrorResponse>`, or with `noErrorWrapping` (S3) the bare `<Error>` holding `Code`,
//! `Message` and `RequestId`. The request id comes from `x-amz-request-id` (else the body's
//! `RequestId`), and S3's extended request id `x-amz-id-2` is kept. A body that is not such a
//! document still gives the status, the request id and the excerpt: the error is then
//! unhandled, not lost.

use smithy_xml_runtime::{StartEl, XmlError, XmlReader};

use super::{ErrorMetadata, excerpt, header_str, request_id};
use crate::http::HttpResponse;

pub(super) fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    let body = read_error(response.body()).unwrap_or_default();
    let headers = response.headers();
    ErrorMetadata {
        code: body.code,
        message: body.message,
        request_id: request_id(headers).map(str::to_owned).or(body.request_id),
        extended_request_id: header_str(headers, "x-amz-id-2").map(Box::from),
        status: response.status(),
        body_excerpt: excerpt(response.body()),
    }
}

/// Whether the document's root element is `Error` (an S3 error sent with a 2xx status); a
/// body that is not XML is not an error document. Only the start of the body is read: the
/// root's start tag comes first, and outputs can be large.
pub(super) fn is_error_document(body: &[u8]) -> bool {
    let head = &body[..body.len().min(ROOT_SCAN_LIMIT)];
    let head = match std::str::from_utf8(head) {
        Ok(text) => text,
        // Cut inside a character (or not UTF-8): the valid part.
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
    };
    XmlReader::from_text(head)
        .root()
        .is_ok_and(|root| root.local_name() == "Error")
}

/// How much of a body [`is_error_document`] reads to find the root element, in bytes (the
/// XML declaration, a comment or two and the start tag fit).
const ROOT_SCAN_LIMIT: usize = 1024;

/// What an error document says (each `None` when absent or empty).
#[derive(Debug, Default, PartialEq, Eq)]
struct ErrorBody {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

/// Reads `ErrorResponse/Error` or a bare `Error`; `Ok(default)` for another root element,
/// `Err` for a body that is not XML.
fn read_error(body: &[u8]) -> Result<ErrorBody, XmlError> {
    let mut out = ErrorBody::default();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(out);
    }
    let mut reader = XmlReader::new(body)?;
    let root = reader.root()?;
    match root.local_name() {
        "Error" => read_error_element(&mut reader, &root, &mut out)?,
        "ErrorResponse" => {
            while let Some(child) = reader.next_child(&root)? {
                match child.local_name() {
                    "Error" => read_error_element(&mut reader, &child, &mut out)?,
                    "RequestId" => out.request_id = text(&mut reader, &child)?,
                    _ => reader.skip(&child)?,
                }
            }
        }
        _ => {}
    }
    Ok(out)
}

/// The `Code`, `Message` and `RequestId` children of an `Error` element (a `RequestId` of
/// the wrapper, read before or after, is kept when the element has none).
fn read_error_element<'a>(
    reader: &mut XmlReader<'a>,
    error: &StartEl<'a>,
    out: &mut ErrorBody,
) -> Result<(), XmlError> {
    while let Some(child) = reader.next_child(error)? {
        match child.local_name() {
            "Code" => out.code = text(reader, &child)?,
            "Message" | "message" => out.message = text(reader, &child)?,
            "RequestId" => {
                if let Some(id) = text(reader, &child)? {
                    out.request_id = Some(id);
                }
            }
            _ => reader.skip(&child)?,
        }
    }
    Ok(())
}

/// An element's trimmed text, `None` when empty.
fn text<'a>(reader: &mut XmlReader<'a>, el: &StartEl<'a>) -> Result<Option<String>, XmlError> {
    let text = reader.read_text(el)?;
    let text = text.trim();
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::super::Protocol;
    use super::*;

    use super::super::tests::response;

    #[test]
    fn wrapped_errors_give_code_message_and_the_header_request_id() {
        let body = r#"<ErrorResponse>
    <Error>
        <Type>Sender</Type>
        <Code>InvalidGreeting</Code>
        <Message>Hi &amp; bye</Message>
        <Detail/>
    </Error>
    <RequestId>body-id</RequestId>
</ErrorResponse>"#;
        let m = Protocol::RestXml.error_metadata(&response(
            400,
            &[
                ("x-amz-request-id", "header-id"),
                ("x-amz-id-2", "ext/id=="),
            ],
            body,
        ));
        assert_eq!(m.code(), Some("InvalidGreeting"));
        assert_eq!(m.message(), Some("Hi & bye"));
        assert_eq!(m.request_id(), Some("header-id"));
        assert_eq!(m.extended_request_id(), Some("ext/id=="));
        assert_eq!(m.status().as_u16(), 400);
        assert_eq!(m.body_excerpt(), body);
        // Without the header, the body's request id.
        let m = Protocol::RestXml.error_metadata(&response(400, &[], body));
        assert_eq!(m.request_id(), Some("body-id"));
        assert_eq!(m.extended_request_id(), None);
    }

    #[test]
    fn unwrapped_errors_as_s3_sends_them() {
        let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The resource you requested does not exist</Message><Resource>/b/k</Resource><RequestId>4442587FB7D0A2F9</RequestId></Error>"#;
        let m = Protocol::RestXml.error_metadata(&response(404, &[], body));
        assert_eq!(m.code(), Some("NoSuchKey"));
        assert_eq!(
            m.message(),
            Some("The resource you requested does not exist")
        );
        assert_eq!(m.request_id(), Some("4442587FB7D0A2F9"));
    }

    #[test]
    fn bodies_that_are_not_error_documents_keep_status_and_ids() {
        for body in [
            "",
            "  \n",
            "<html><body>Service Unavailable</body></html>",
            "not xml at all",
            "<!DOCTYPE x [<!ENTITY a 'b'>]><Error><Code>&a;</Code></Error>",
            "<ErrorResponse><Error><Code>Unclosed",
        ] {
            let m = Protocol::RestXml.error_metadata(&response(
                503,
                &[("x-amz-request-id", "rid")],
                body,
            ));
            assert_eq!(m.code(), None, "{body}");
            assert_eq!(m.message(), None, "{body}");
            assert_eq!(m.request_id(), Some("rid"), "{body}");
            assert_eq!(m.status().as_u16(), 503);
            assert_eq!(m.body_excerpt(), body);
        }
    }

    #[test]
    fn only_an_error_root_is_an_error_document() {
        let error = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>";
        assert!(is_error_document(error.as_bytes()));
        assert!(is_error_document(
            b"<Error xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"
        ));
        for output in [
            "",
            "<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>",
            "<ErrorResponse><Error><Code>X</Code></Error></ErrorResponse>",
            "<CompleteMultipartUploadResult><Error>inside</Error></CompleteMultipartUploadResult>",
            "not xml <Error>",
            "{\"Error\": 1}",
        ] {
            assert!(!is_error_document(output.as_bytes()), "{output}");
        }
        // A long output: only its start is read, and its root decides.
        let long = format!(
            "<ListBucketResult>{}</ListBucketResult>",
            "<Contents/>".repeat(10_000)
        );
        assert!(!is_error_document(long.as_bytes()));
        // A root start tag cut by the scan limit is not taken for an error.
        let padded = format!("<!--{}--><Error/>", "x".repeat(ROOT_SCAN_LIMIT));
        assert!(!is_error_document(padded.as_bytes()));
        // The cut may fall inside a character.
        let accented = format!(
            "<Error><Message>{}</Message></Error>",
            "é".repeat(ROOT_SCAN_LIMIT)
        );
        assert!(is_error_document(accented.as_bytes()));
    }

    #[test]
    fn empty_elements_are_absent() {
        let body = "<ErrorResponse><Error><Code> </Code><Message/></Error></ErrorResponse>";
        assert_eq!(read_error(body.as_bytes()).unwrap(), ErrorBody::default());
    }
}
