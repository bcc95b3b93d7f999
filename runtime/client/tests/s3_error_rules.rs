//! S3's error rules (`ErrorRules::S3`) through the attempt loop: an error document sent with a
//! 200 status is an error and is retried as a 500, a body-less 404 reads as `NotFound`, and a
//! streamed output's body is never taken for an error. The same responses under the standard
//! rules show what the rules change.
#![cfg(feature = "xml")]

use aws_client_runtime::http::{HttpFuture, StreamingResponse};
use aws_client_runtime::protocol::ErrorRules;
use aws_client_runtime::{
    Config, Credentials, Handle, HttpClient, HttpRequest, HttpResponse, Operation, ParseOutput,
    ServiceInfo,
};
use bytes::Bytes;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

fn service(error_rules: ErrorRules) -> &'static ServiceInfo {
    Box::leak(Box::new(ServiceInfo {
        signing_name: "s3",
        env_name: "S3",
        user_agent_name: "s3",
        version: "0.1.0",
        protocol: aws_client_runtime::Protocol::RestXml,
        signing: aws_client_runtime::sigv4::SigningSettings::S3,
        error_rules,
        endpoint_reads_account_id: false,
        resolve_endpoint: |inputs| {
            inputs
                .url
                .map(|url| aws_client_runtime::endpoint::Endpoint {
                    url: url.to_owned(),
                    headers: Default::default(),
                    properties: Default::default(),
                })
                .ok_or_else(|| "no endpoint URL".to_owned())
        },
    }))
}

/// Answers each request with the next scripted response; counts the requests.
#[derive(Debug, Clone, Default)]
struct Scripted {
    responses: Arc<Mutex<VecDeque<(u16, &'static str)>>>,
    sent: Arc<Mutex<usize>>,
}

impl Scripted {
    fn new(responses: &[(u16, &'static str)]) -> Self {
        Scripted {
            responses: Arc::new(Mutex::new(responses.iter().copied().collect())),
            sent: Arc::default(),
        }
    }
    fn sent(&self) -> usize {
        *self.sent.lock().unwrap()
    }
}

impl HttpClient for Scripted {
    fn send(&self, _request: http::Request<Bytes>) -> HttpFuture<'_> {
        *self.sent.lock().unwrap() += 1;
        let (status, body) = self
            .responses
            .lock()
            .unwrap()
            .pop_front()
            .expect("more requests than scripted responses");
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amz-request-id", "rid".parse().unwrap());
        headers.insert("x-amz-id-2", "ext/id==".parse().unwrap());
        let response = HttpResponse::new(
            http::StatusCode::from_u16(status).unwrap(),
            headers,
            Bytes::from_static(body.as_bytes()),
        );
        Box::pin(async move { Ok(response) })
    }
}

/// The error of these operations: the code and the status the runtime saw.
#[derive(Debug)]
struct Failed {
    code: Option<String>,
    status: u16,
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "failed: {:?} ({})", self.code, self.status)
    }
}
impl std::error::Error for Failed {}

fn parse_error(metadata: &aws_client_runtime::ErrorMetadata, _: &HttpResponse) -> Failed {
    Failed {
        code: metadata.code().map(str::to_owned),
        status: metadata.status().as_u16(),
    }
}

/// A buffered output: the body as text.
const COPY: Operation<String, Failed> = Operation {
    name: "CopyObject",
    auth: aws_client_runtime::Auth::SigV4 {
        unsigned_payload: false,
        optional: false,
    },
    parse_output: ParseOutput::Buffered(|response| {
        Ok(String::from_utf8_lossy(response.body()).into_owned())
    }),
    parse_error,
    checksum: None,
};

/// A streamed output: the body as it arrives.
const GET: Operation<aws_client_runtime::deps::smithy_types_runtime::ByteStream, Failed> =
    Operation {
        name: "GetObject",
        auth: aws_client_runtime::Auth::SigV4 {
            unsigned_payload: false,
            optional: false,
        },
        parse_output: ParseOutput::Streaming(|response: StreamingResponse| Ok(response.body)),
        parse_error,
        checksum: None,
    };

fn handle(rules: ErrorRules, client: &Scripted, max_attempts: u32) -> Handle {
    Handle::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
            .endpoint_url("https://bucket.s3.us-east-1.amazonaws.com")
            .http_client(client.clone())
            .max_attempts(max_attempts)
            .initial_backoff(std::time::Duration::from_millis(1))
            .build(),
        service(rules),
    )
}

fn request(method: http::Method) -> HttpRequest {
    HttpRequest {
        method,
        path_and_query: "/key".to_owned(),
        host_prefix: None,
        headers: Vec::new(),
        body: Bytes::new(),
        stream: None,
        endpoint_params: Vec::new(),
    }
}

const INTERNAL_ERROR: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>body-rid</RequestId></Error>";
const COPIED: &str = "<CopyObjectResult><ETag>\"e\"</ETag><LastModified>2009-10-12T17:50:30.000Z</LastModified></CopyObjectResult>";

#[tokio::test]
async fn an_error_inside_a_200_is_retried_then_succeeds() {
    let client = Scripted::new(&[(200, INTERNAL_ERROR), (200, COPIED)]);
    let output = handle(ErrorRules::S3, &client, 3)
        .invoke(&COPY, request(http::Method::PUT))
        .await
        .unwrap();
    assert_eq!(output, COPIED);
    assert_eq!(client.sent(), 2, "the error in the 200 was retried once");
}

#[tokio::test]
async fn an_error_inside_a_200_fails_the_call_when_attempts_run_out() {
    let client = Scripted::new(&[(200, INTERNAL_ERROR), (200, INTERNAL_ERROR)]);
    let error = handle(ErrorRules::S3, &client, 2)
        .invoke(&COPY, request(http::Method::PUT))
        .await
        .unwrap_err();
    assert_eq!(client.sent(), 2);
    assert_eq!(error.code(), Some("InternalError"));
    let metadata = error.error_metadata().unwrap();
    assert_eq!(metadata.request_id(), Some("rid"));
    assert_eq!(metadata.extended_request_id(), Some("ext/id=="));
    let failed = error.into_service_error().unwrap();
    assert_eq!(failed.code.as_deref(), Some("InternalError"));
    assert_eq!(failed.status, 200, "the status is reported as sent");

    // Any code inside a 200 reads as the service's error (here with one attempt).
    let client = Scripted::new(&[(
        200,
        "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
    )]);
    let error = handle(ErrorRules::S3, &client, 1)
        .invoke(&COPY, request(http::Method::PUT))
        .await
        .unwrap_err();
    assert_eq!((error.code(), client.sent()), (Some("AccessDenied"), 1));
}

#[tokio::test]
async fn the_standard_rules_take_a_200_as_success() {
    let client = Scripted::new(&[(200, INTERNAL_ERROR)]);
    let output = handle(ErrorRules::STANDARD, &client, 3)
        .invoke(&COPY, request(http::Method::PUT))
        .await
        .unwrap();
    assert_eq!(output, INTERNAL_ERROR);
}

#[tokio::test]
async fn a_streamed_output_is_never_taken_for_an_error() {
    // An object may hold exactly such a document.
    let client = Scripted::new(&[(200, INTERNAL_ERROR)]);
    let body = handle(ErrorRules::S3, &client, 3)
        .invoke(&GET, request(http::Method::GET))
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(body, INTERNAL_ERROR.as_bytes());
    assert_eq!(client.sent(), 1);
}

#[tokio::test]
async fn a_bodyless_404_is_not_found_under_s3_rules() {
    let client = Scripted::new(&[(404, "")]);
    let error = handle(ErrorRules::S3, &client, 3)
        .invoke(&COPY, request(http::Method::HEAD))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("NotFound"));
    assert_eq!(error.error_metadata().unwrap().request_id(), Some("rid"));
    assert_eq!(client.sent(), 1, "a 404 is not retried");

    // Other body-less statuses keep no code (as aws-sdk-s3), and a body's code is kept.
    let client = Scripted::new(&[(403, ""), (404, "<Error><Code>NoSuchKey</Code></Error>")]);
    let s3 = handle(ErrorRules::S3, &client, 1);
    let error = s3
        .invoke(&COPY, request(http::Method::HEAD))
        .await
        .unwrap_err();
    assert_eq!(
        (error.code(), error.raw_status().map(|s| s.as_u16())),
        (None, Some(403))
    );
    let error = s3
        .invoke(&COPY, request(http::Method::GET))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("NoSuchKey"));

    // Without S3's rules a body-less 404 has no code.
    let client = Scripted::new(&[(404, "")]);
    let error = handle(ErrorRules::STANDARD, &client, 1)
        .invoke(&COPY, request(http::Method::HEAD))
        .await
        .unwrap_err();
    assert_eq!(error.code(), None);
}
