//! SigV4 signing with `aws-sigv4`, and the SDK's own headers.

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use http::{HeaderName, HeaderValue};
use std::time::SystemTime;

/// `x-amz-user-agent`, signed.
pub(crate) const X_AMZ_USER_AGENT: HeaderName = HeaderName::from_static("x-amz-user-agent");
/// `amz-sdk-invocation-id`: one UUID per call, added after signing.
pub(crate) const AMZ_SDK_INVOCATION_ID: HeaderName =
    HeaderName::from_static("amz-sdk-invocation-id");
/// `amz-sdk-request: attempt=N; max=M`, added after signing.
pub(crate) const AMZ_SDK_REQUEST: HeaderName = HeaderName::from_static("amz-sdk-request");

/// The user agent sent in `User-Agent` and `x-amz-user-agent`, e.g.
/// `aws-client-runtime-rust/0.1.0 ua/2.1 api/mgn/0.1.0 os/linux lang/rust`. The rustc version
/// is omitted: it is not known without a build script, which would cost build time.
pub fn user_agent(service: &crate::ServiceInfo) -> String {
    let os = match std::env::consts::OS {
        os @ ("linux" | "macos" | "windows" | "android" | "ios") => os,
        _ => "other",
    };
    let v = env!("CARGO_PKG_VERSION");
    format!(
        "aws-client-runtime-rust/{v} ua/2.1 api/{}/{} os/{os} lang/rust",
        service.user_agent_name, service.version
    )
}

/// [`user_agent`] as a header value.
pub(crate) fn user_agent_header(service: &crate::ServiceInfo) -> HeaderValue {
    // Generated service names are plain ASCII; the fallback keeps this free of a panic path.
    HeaderValue::from_str(&user_agent(service))
        .unwrap_or(HeaderValue::from_static("aws-client-runtime-rust"))
}

/// Why a request could not be signed.
#[derive(Debug)]
pub(crate) struct SignError(String);

impl std::fmt::Display for SignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "failed to sign the request: {}", self.0)
    }
}
impl std::error::Error for SignError {}

/// Signs `request` in place: adds `x-amz-date`, `authorization` and, with session
/// credentials, `x-amz-security-token`. Every header already on the request except
/// `user-agent` is signed, so callers add unsigned headers afterwards.
pub(crate) fn sign_request(
    request: &mut http::Request<bytes::Bytes>,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), SignError> {
    let headers = request
        .headers()
        .iter()
        .map(|(k, v)| {
            v.to_str()
                .map(|v| (k.as_str(), v))
                .map_err(|_| SignError(format!("header {k} is not visible ASCII")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(
        request.method().as_str(),
        uri.as_str(),
        headers.into_iter(),
        SignableBody::Bytes(request.body()),
    )
    .map_err(|e| SignError(e.to_string()))?;
    let identity = credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| SignError(e.to_string()))?
        .into();
    // aws-sigv4 1.6 redacts the session token in what it traces (the test
    // `trace_output_and_errors_contain_no_secret` captures TRACE output to hold it to that).
    let output = sign(signable, &params).map_err(|e| SignError(e.to_string()))?;
    let (instructions, _signature) = output.into_parts();
    let (new_headers, _params) = instructions.into_parts();
    for header in new_headers {
        let name = HeaderName::from_bytes(header.name().as_bytes())
            .map_err(|_| SignError(format!("invalid header name {}", header.name())))?;
        let mut value = HeaderValue::from_str(header.value())
            .map_err(|_| SignError(format!("invalid {} value", header.name())))?;
        value.set_sensitive(header.sensitive());
        request.headers_mut().insert(name, value);
    }
    Ok(())
}
