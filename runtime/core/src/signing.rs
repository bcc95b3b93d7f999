//! How a client signs its requests (SigV4 with [`crate::sigv4`]), and the SDK's own headers.

use crate::credentials::Credentials;
use crate::sigv4::{self, Payload, SigningError, SigningKeyCache, SigningParams, SigningSettings};
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

/// The payload hash of requests whose body is not signed.
pub(crate) const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Signs `request` in place with the runtime's SigV4 signer: adds `x-amz-date`,
/// `authorization` and, with session credentials, `x-amz-security-token` (marked sensitive).
/// Every header already on the request except `user-agent` is signed, so callers add unsigned
/// headers afterwards. `keys` is the client's signing key cache: the key is derived once per
/// day and scope, not on every call. `settings` are the service's (`ServiceInfo::signing`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn sign_request(
    request: &mut http::Request<bytes::Bytes>,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
    keys: &SigningKeyCache,
    settings: SigningSettings,
    unsigned_payload: Option<&'static str>,
) -> Result<(), SigningError> {
    let params = SigningParams {
        access_key_id: credentials.access_key_id(),
        secret_access_key: credentials.secret_access_key(),
        session_token: credentials.session_token(),
        region,
        service,
        time,
        settings,
    };
    if let Some(payload) = unsigned_payload {
        // Streams (which cannot be hashed before they are sent) and `aws.auth#unsignedPayload`
        // operations: `x-amz-content-sha256: UNSIGNED-PAYLOAD` tells the service so (and is
        // signed), as aws-sdk-rust sends it; aws-chunked streams with a checksum trailer
        // send `STREAMING-UNSIGNED-PAYLOAD-TRAILER` the same way.
        let params = SigningParams {
            settings: SigningSettings {
                payload_checksum_header: true,
                ..settings
            },
            ..params
        };
        let payload = if payload == UNSIGNED_PAYLOAD {
            Payload::Unsigned
        } else {
            Payload::Precomputed(payload)
        };
        return sigv4::sign_request(request, payload, &params, keys);
    }
    // The body is a cheap `Bytes` clone, so the request can be borrowed mutably while signing.
    let body = request.body().clone();
    sigv4::sign_request(request, Payload::Bytes(&body), &params, keys)
}
