//! Fuzzes the StartImport response path: an arbitrary status, a few headers from a fixed set
//! with arbitrary values, and an arbitrary body (raw bytes, or a JSON object built from the
//! wire names the deserializers know) are returned by an injected `HttpClient`, and
//! `client.start_import()...send()` must end in `Ok` or a correctly classified `SdkError`.
//! Any panic is a bug. The same checks run in `mgn-client/tests/fuzz_regressions.rs`.

#![no_main]

use std::error::Error as _;
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use mgn_client::runtime::http::{ConnectorError, ConnectorErrorKind, HttpFuture};
use mgn_client::operation::{StartImportError, StartImportOutput};
use mgn_client::types::S3BucketSource;
use mgn_client::{Client, Config, Credentials, HttpClient, HttpResponse, SdkError};

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Name {
    ErrorType,
    AmznRequestId,
    AmzRequestId,
    ContentType,
    RetryAfter,
    ContentLength,
}

impl Name {
    fn as_str(self) -> &'static str {
        match self {
            Name::ErrorType => "x-amzn-errortype",
            Name::AmznRequestId => "x-amzn-requestid",
            Name::AmzRequestId => "x-amz-request-id",
            Name::ContentType => "content-type",
            Name::RetryAfter => "x-amz-retry-after",
            Name::ContentLength => "content-length",
        }
    }
}

/// The wire names of StartImport's output and errors (and restJson1's error fields).
const KEYS: &[&str] = &[
    "importTask",
    "importID",
    "s3BucketSource",
    "s3Bucket",
    "s3Key",
    "s3BucketOwner",
    "creationDateTime",
    "endDateTime",
    "status",
    "progressPercentage",
    "summary",
    "waves",
    "applications",
    "servers",
    "createdCount",
    "modifiedCount",
    "code",
    "__type",
    "message",
    "Message",
    "errorMessage",
    "resourceId",
    "resourceType",
    "serviceCode",
    "quotaCode",
    "quotaValue",
    "reason",
    "fieldList",
    "name",
    "errorDetails",
];

/// Error codes the generated parser matches, plus decorated forms.
const CODES: &[&str] = &[
    "ConflictException",
    "ResourceNotFoundException",
    "ServiceQuotaExceededException",
    "UninitializedAccountException",
    "ValidationException",
    "ThrottlingException",
    "aws.mgn#ValidationException:http://x",
];

#[derive(Arbitrary, Debug)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    NonFinite(u8),
    Code(u8),
    Array(Vec<Json>),
    Object(Vec<(Key, Json)>),
}

#[derive(Arbitrary, Debug)]
enum Key {
    Known(u8),
    Other(String),
}

impl Key {
    fn text(&self) -> String {
        match self {
            Key::Known(i) => KEYS[*i as usize % KEYS.len()].to_owned(),
            Key::Other(s) => s.clone(),
        }
    }
}

impl Json {
    fn value(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Int(i) => Value::from(*i),
            Json::UInt(u) => Value::from(*u),
            // Non-finite f64 becomes null, as serde_json writes it.
            Json::Float(f) => Value::from(*f),
            Json::Str(s) => Value::from(s.as_str()),
            Json::NonFinite(i) => {
                Value::from(["NaN", "Infinity", "-Infinity", "nan"][*i as usize % 4])
            }
            Json::Code(i) => Value::from(CODES[*i as usize % CODES.len()]),
            Json::Array(items) => Value::Array(items.iter().map(Json::value).collect()),
            Json::Object(fields) => {
                Value::Object(fields.iter().map(|(k, v)| (k.text(), v.value())).collect())
            }
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Body {
    Raw(Vec<u8>),
    Json(Vec<(Key, Json)>),
}

#[derive(Arbitrary, Debug)]
enum Transport {
    Response,
    Error(u8),
}

#[derive(Arbitrary, Debug)]
struct Input {
    transport: Transport,
    status: u16,
    headers: Vec<(Name, Vec<u8>)>,
    code_header: Option<u8>,
    body: Body,
}

/// Answers every request with the same canned result.
#[derive(Debug)]
struct Canned(Result<HttpResponse, ConnectorErrorKind>);

impl HttpClient for Canned {
    fn send(&self, _request: http::Request<Bytes>) -> HttpFuture<'_> {
        let result = match &self.0 {
            Ok(response) => Ok(response.clone()),
            Err(kind) => Err(ConnectorError::new(*kind, "fuzzed transport error")),
        };
        Box::pin(async move { result })
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a current-thread runtime")
    })
}

fn status(raw: u16) -> http::StatusCode {
    // StatusCode holds 100..=999 only; fold the rest into that range.
    http::StatusCode::from_u16(raw)
        .unwrap_or_else(|_| http::StatusCode::from_u16(100 + raw % 900).expect("in range"))
}

fn response(input: &Input) -> HttpResponse {
    let mut headers = http::HeaderMap::new();
    for (name, value) in &input.headers {
        // Values hyper would refuse (control characters) cannot reach the parsers.
        if let Ok(value) = http::HeaderValue::from_bytes(value) {
            headers.append(name.as_str(), value);
        }
    }
    if let Some(i) = input.code_header {
        headers.append(
            "x-amzn-errortype",
            http::HeaderValue::from_static(CODES[i as usize % CODES.len()]),
        );
    }
    let body = match &input.body {
        Body::Raw(bytes) => Bytes::copy_from_slice(bytes),
        Body::Json(fields) => {
            let object: serde_json::Map<String, serde_json::Value> =
                fields.iter().map(|(k, v)| (k.text(), v.value())).collect();
            Bytes::from(serde_json::to_vec(&object).expect("a JSON value serializes"))
        }
    };
    HttpResponse::new(status(input.status), headers, body)
}

fn client(canned: Canned) -> Client {
    Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDFUZZ", "secret", None, None, "fuzz"))
            .endpoint_url("http://127.0.0.1:1")
            .max_attempts(1)
            .http_client(canned)
            .build(),
    )
}

fn source() -> S3BucketSource {
    S3BucketSource::builder()
        .s3_bucket("b")
        .s3_key("k.csv")
        .build()
        .expect("bucket and key are set")
}

/// Walks and prints everything a caller might look at.
fn inspect(error: &SdkError<StartImportError>) {
    let _ = error.to_string();
    let _ = format!("{error:?}");
    let _ = (
        error.code(),
        error.message(),
        error.request_id(),
        error.kind_name(),
    );
    let mut cause = error.source();
    while let Some(e) = cause {
        let _ = e.to_string();
        cause = e.source();
    }
}

fn check(input: &Input) {
    let (canned, expected) = match input.transport {
        Transport::Response => {
            let r = response(input);
            let status = r.status();
            // Public helpers of the retry policy see the same headers.
            let _ = mgn_client::runtime::retry::retry_after(r.headers());
            let _ = mgn_client::runtime::protocol::request_id(r.headers());
            (Canned(Ok(r)), Some(status))
        }
        Transport::Error(k) => {
            let kind = [
                ConnectorErrorKind::Timeout,
                ConnectorErrorKind::Io,
                ConnectorErrorKind::MalformedResponse,
                ConnectorErrorKind::Other,
            ][k as usize % 4];
            (Canned(Err(kind)), None)
        }
    };
    let client = client(canned);
    let outcome: Result<StartImportOutput, SdkError<StartImportError>> = runtime().block_on(
        client
            .start_import()
            .s3_bucket_source(source())
            .client_token("t")
            .send(),
    );
    match (&outcome, expected) {
        (Ok(output), Some(status)) => {
            assert!(status.is_success(), "Ok from HTTP {status}");
            // What was read writes back out and reads again.
            let json = serde_json::to_string(output).expect("an output serializes");
            let again: StartImportOutput =
                serde_json::from_str(&json).expect("its JSON reads back");
            assert_eq!(serde_json::to_string(&again).unwrap(), json, "round trip");
            let _ = format!("{output:?}");
        }
        (Err(e @ SdkError::ResponseError(r)), Some(status)) => {
            assert!(status.is_success(), "response error from HTTP {status}");
            assert_eq!(r.status(), status);
            assert!(r.body_excerpt().len() <= 3 * 512);
            inspect(e);
        }
        (Err(e @ SdkError::ServiceError(s)), Some(status)) => {
            assert!(!status.is_success(), "service error from HTTP {status}");
            let m = s.metadata();
            assert_eq!(m.status(), status);
            assert_eq!(e.raw_status(), Some(status));
            if let Some(code) = m.code() {
                assert!(
                    !code.is_empty() && !code.contains([':', '#']),
                    "code {code:?}"
                );
                assert_eq!(code, code.trim());
            }
            assert!(m.body_excerpt().len() <= 3 * 512);
            inspect(e);
        }
        (Err(e @ SdkError::DispatchFailure(_)), None) => inspect(e),
        (outcome, expected) => panic!("misclassified: {outcome:?} for {expected:?}"),
    }
}

fuzz_target!(|input: Input| check(&input));
