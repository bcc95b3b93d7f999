//! AWS Signature Version 4 signing of HTTP requests, over the crate's hash primitives (ring, or
//! the system OpenSSL in the build with `native-tls` alone).
//!
//! [`sign_request`] adds `x-amz-date`, `x-amz-security-token` (with session credentials),
//! `x-amz-content-sha256` (when configured) and `Authorization` to a request. For the same request,
//! credentials and time it produces the same `Authorization` header as `aws-sigv4` 1.x with its
//! default settings for non-S3 services: the same headers are signed (all but `authorization`,
//! `user-agent`, `x-amzn-trace-id` and `transfer-encoding`), the path is normalized and encoded
//! twice, and the query is form-decoded, re-encoded and sorted.
//!
//! The signing key is derived once per day and scope and kept in a [`SigningKeyCache`]; the
//! canonical request and string to sign are streamed into SHA-256 and HMAC rather than built as
//! text. [`canonical_request`], [`string_to_sign`] and [`signature`] show the intermediate steps,
//! for tests and debugging.
//!
//! [`presign`] signs in the query string instead (a presigned URL, valid for a given time), as
//! aws-sigv4 does with `SignatureLocation::QueryParams`.

mod canonical;
pub(crate) mod encode;
mod key_cache;
mod presign;
mod time;

pub use key_cache::SigningKeyCache;
#[doc(hidden)]
pub use presign::presigned_canonical_request;
pub use presign::{MAX_PRESIGNED_EXPIRY, presign};

use crate::crypto::{self, CryptoError};
use canonical::{Added, CanonicalRequest, X_AMZ_CONTENT_SHA256, X_AMZ_DATE, X_AMZ_SECURITY_TOKEN};
use encode::{Sink, hex32};
use http::header::{AUTHORIZATION, HeaderName, HeaderValue};
use std::fmt;
use std::time::SystemTime;
use time::AmzDate;

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// What to sign with: credentials, scope, time and settings.
#[derive(Clone, Copy)]
pub struct SigningParams<'a> {
    /// The access key id (`AKIA...`/`ASIA...`); appears in `Authorization`.
    pub access_key_id: &'a str,
    /// The secret access key; never printed.
    pub secret_access_key: &'a str,
    /// The session token of temporary credentials; sent as `x-amz-security-token`, never printed.
    pub session_token: Option<&'a str>,
    /// The signing region, e.g. `us-east-1`.
    pub region: &'a str,
    /// The signing name of the service, e.g. `mgn`.
    pub service: &'a str,
    /// The signing time; only whole seconds count, and it must lie in the years 1970 to 9999.
    pub time: SystemTime,
    /// How to sign.
    pub settings: SigningSettings,
}

impl fmt::Debug for SigningParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningParams")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.map(|_| "** redacted **"),
            )
            .field("region", &self.region)
            .field("service", &self.service)
            .field("time", &self.time)
            .field("settings", &self.settings)
            .finish()
    }
}

/// Signing behaviour that varies by service. The default suits every service except S3.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigningSettings {
    /// Add and sign `x-amz-content-sha256` with the payload hash (S3-style services).
    /// Default `false`.
    pub payload_checksum_header: bool,
    /// Remove `.`/`..` segments and empty segments from the path before signing.
    /// Default `true`; S3 wants `false`.
    pub normalize_path: bool,
    /// Percent-encode the (already encoded) path a second time, so `%20` is signed as `%2520`.
    /// Default `true`; S3 wants `false`.
    pub double_encode_path: bool,
    /// Add `x-amz-security-token` before signing and sign it. When `false` the token header is
    /// still added, but left unsigned (a few services want that). Default `true`.
    pub sign_session_token: bool,
}

impl SigningSettings {
    /// The settings of every service but S3 (a constant, for generated `static`s).
    pub const STANDARD: SigningSettings = SigningSettings {
        payload_checksum_header: false,
        normalize_path: true,
        double_encode_path: true,
        sign_session_token: true,
    };
}

impl SigningSettings {
    /// S3's settings, as aws-sdk-s3 signs: the path signed as sent (encoded once, `.` and `..`
    /// segments and repeated slashes kept: they are part of object keys), and
    /// `x-amz-content-sha256` on every request (S3 requires it).
    pub const S3: SigningSettings = SigningSettings {
        payload_checksum_header: true,
        normalize_path: false,
        double_encode_path: false,
        sign_session_token: true,
    };
}

impl Default for SigningSettings {
    fn default() -> Self {
        Self::STANDARD
    }
}

/// The request body, as far as signing is concerned.
#[derive(Clone, Copy)]
pub enum Payload<'a> {
    /// The whole body; its SHA-256 is signed.
    Bytes(&'a [u8]),
    /// The body is not signed: `UNSIGNED-PAYLOAD` takes the place of its hash.
    Unsigned,
    /// The lowercase hex SHA-256 of the body, computed by the caller.
    Precomputed(&'a str),
}

impl fmt::Debug for Payload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The length only: bodies can be large and may hold sensitive data.
        match self {
            Self::Bytes(bytes) => write!(f, "Bytes({} bytes)", bytes.len()),
            Self::Unsigned => f.write_str("Unsigned"),
            Self::Precomputed(hash) => f.debug_tuple("Precomputed").field(hash).finish(),
        }
    }
}

/// The payload hash as text, computed on the stack.
enum PayloadHash<'a> {
    Computed([u8; 64]),
    Given(&'a str),
}

impl<'a> PayloadHash<'a> {
    fn new(payload: Payload<'a>) -> Result<Self, CryptoError> {
        Ok(match payload {
            Payload::Bytes(bytes) => Self::Computed(hex32(&crypto::sha256(bytes)?)),
            Payload::Unsigned => Self::Given(UNSIGNED_PAYLOAD),
            Payload::Precomputed(hash) => Self::Given(hash),
        })
    }

    fn as_str(&self) -> &str {
        match self {
            // Hex digits only.
            Self::Computed(hex) => std::str::from_utf8(hex).unwrap_or_default(),
            Self::Given(s) => s,
        }
    }
}

/// Why a request could not be signed. Never contains a secret or session token.
#[derive(Debug)]
pub struct SigningError {
    kind: ErrorKind,
}

#[derive(Debug, Clone)]
enum ErrorKind {
    MissingHost,
    TimeOutOfRange,
    InvalidSessionToken,
    InvalidPayloadHash,
    InvalidAuthorization,
    /// A presigned request's validity is zero or longer than SigV4 allows.
    InvalidExpiry(std::time::Duration),
    /// A presigned request's URI cannot hold the signing parameters.
    InvalidPresignedUri,
    /// Only the OpenSSL backend can fail.
    Crypto(CryptoError),
}

impl SigningError {
    fn new(kind: ErrorKind) -> Self {
        Self { kind }
    }
}

impl SigningError {
    fn crypto(e: CryptoError) -> Self {
        Self::new(ErrorKind::Crypto(e))
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match &self.kind {
            ErrorKind::MissingHost => {
                "cannot sign a request that has neither a Host header nor a URI authority"
            }
            ErrorKind::TimeOutOfRange => "the signing time is not between 1970 and 9999",
            ErrorKind::InvalidSessionToken => {
                "the session token has characters that an HTTP header value cannot hold"
            }
            ErrorKind::InvalidPayloadHash => {
                "the precomputed payload hash has characters that an HTTP header value cannot hold"
            }
            ErrorKind::InvalidAuthorization => {
                "the access key id, region or service has characters that an HTTP header value \
                 cannot hold"
            }
            ErrorKind::InvalidExpiry(d) => {
                return write!(
                    f,
                    "a presigned request must expire after 1 second to {} seconds (7 days), not {} seconds",
                    MAX_PRESIGNED_EXPIRY.as_secs(),
                    d.as_secs()
                );
            }
            ErrorKind::InvalidPresignedUri => {
                "the presigned URI is not valid (the request's URI has no scheme or authority?)"
            }
            ErrorKind::Crypto(_) => "cannot sign the request: a hash could not be computed",
        })
    }
}

impl std::error::Error for SigningError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Crypto(e) => Some(e),
            _ => None,
        }
    }
}

/// Everything computed before the request is changed, so that a failure leaves it untouched.
struct Signed {
    amz_date: HeaderValue,
    authorization: HeaderValue,
    content_sha256: Option<HeaderValue>,
    session_token: Option<HeaderValue>,
}

/// Signs `request` in place: adds `x-amz-date`, `x-amz-security-token` (when a token is given),
/// `x-amz-content-sha256` (when configured) and `Authorization`, replacing any previous values.
///
/// Signs the method, URI path and query and the request's headers (see the module docs for the
/// few left out). The host signed is the `Host` header, or without one the URI authority (minus
/// a default port); no `Host` header is added, as the HTTP client sends that.
pub fn sign_request<B>(
    request: &mut http::Request<B>,
    payload: Payload<'_>,
    params: &SigningParams<'_>,
    cache: &SigningKeyCache,
) -> Result<(), SigningError> {
    let signed = compute(request, payload, params, cache)?;
    let headers = request.headers_mut();
    // Same order as aws-sigv4, so the requests are identical down to header order.
    headers.insert(HeaderName::from_static(X_AMZ_DATE), signed.amz_date);
    headers.insert(AUTHORIZATION, signed.authorization);
    if let Some(value) = signed.content_sha256 {
        headers.insert(HeaderName::from_static(X_AMZ_CONTENT_SHA256), value);
    }
    if let Some(value) = signed.session_token {
        headers.insert(HeaderName::from_static(X_AMZ_SECURITY_TOKEN), value);
    }
    Ok(())
}

fn compute<B>(
    request: &http::Request<B>,
    payload: Payload<'_>,
    params: &SigningParams<'_>,
    cache: &SigningKeyCache,
) -> Result<Signed, SigningError> {
    let amz_date = AmzDate::new(params.time)?;
    let payload_hash = PayloadHash::new(payload).map_err(SigningError::crypto)?;
    let session_token = params
        .session_token
        .map(|token| {
            let mut value = HeaderValue::from_str(token)
                .map_err(|_| SigningError::new(ErrorKind::InvalidSessionToken))?;
            value.set_sensitive(true);
            Ok(value)
        })
        .transpose()?;
    let content_sha256 = if params.settings.payload_checksum_header {
        Some(
            HeaderValue::from_str(payload_hash.as_str())
                .map_err(|_| SigningError::new(ErrorKind::InvalidPayloadHash))?,
        )
    } else {
        None
    };

    let canonical = new_canonical(request, &amz_date, &payload_hash, params)?;
    let signature = sign_canonical(&canonical, &amz_date, params, cache)?;

    let mut authorization = Vec::with_capacity(
        ALGORITHM.len()
            + params.access_key_id.len()
            + params.region.len()
            + params.service.len()
            + canonical.signed_headers_len()
            + 64
            + 64,
    );
    authorization.put(ALGORITHM.as_bytes());
    authorization.put(b" Credential=");
    authorization.put(params.access_key_id.as_bytes());
    authorization.put(b"/");
    write_scope(&mut authorization, &amz_date, params);
    authorization.put(b", SignedHeaders=");
    canonical.write_signed_headers(&mut authorization);
    authorization.put(b", Signature=");
    authorization.put(&signature);
    let authorization = HeaderValue::try_from(authorization)
        .map_err(|_| SigningError::new(ErrorKind::InvalidAuthorization))?;

    Ok(Signed {
        amz_date: HeaderValue::from_str(amz_date.date_time())
            .map_err(|_| SigningError::new(ErrorKind::TimeOutOfRange))?,
        authorization,
        content_sha256,
        session_token,
    })
}

/// The hex signature of `canonical`: its SHA-256 in the string to sign, HMAC'd with the
/// signing key of the params' date, region and service (from `cache`).
fn sign_canonical(
    canonical: &CanonicalRequest<'_>,
    amz_date: &AmzDate,
    params: &SigningParams<'_>,
    cache: &SigningKeyCache,
) -> Result<[u8; 64], SigningError> {
    let mut hash = crypto::sha256_start();
    canonical.write(&mut hash);
    let creq_hash = hex32(&crypto::sha256_finish(hash).map_err(SigningError::crypto)?);
    let key = cache.signing_key(
        params.secret_access_key,
        amz_date.date_bytes(),
        params.region,
        params.service,
    );
    // Borrowed, not moved out of the `Result`: that move copies the key (176 bytes with ring)
    // on every signature.
    let mut mac = crypto::hmac_start(crypto::borrow_ok(&key, SigningError::crypto)?);
    write_string_to_sign(&mut mac, amz_date, params, &creq_hash);
    Ok(hex32(
        &crypto::hmac_finish(mac).map_err(SigningError::crypto)?,
    ))
}

fn new_canonical<'r, B>(
    request: &'r http::Request<B>,
    amz_date: &'r AmzDate,
    payload_hash: &'r PayloadHash<'r>,
    params: &SigningParams<'r>,
) -> Result<CanonicalRequest<'r>, SigningError> {
    CanonicalRequest::new(
        request.method().as_str(),
        request.uri(),
        request.headers(),
        Added {
            amz_date: Some(amz_date.date_time()),
            session_token: params.session_token,
            payload_hash: payload_hash.as_str(),
        },
        &params.settings,
    )
}

/// `<date>/<region>/<service>/aws4_request`
fn write_scope(sink: &mut impl Sink, amz_date: &AmzDate, params: &SigningParams<'_>) {
    sink.put(amz_date.date().as_bytes());
    sink.put(b"/");
    sink.put(params.region.as_bytes());
    sink.put(b"/");
    sink.put(params.service.as_bytes());
    sink.put(b"/aws4_request");
}

fn write_string_to_sign(
    sink: &mut impl Sink,
    amz_date: &AmzDate,
    params: &SigningParams<'_>,
    canonical_request_hash: &[u8],
) {
    sink.put(ALGORITHM.as_bytes());
    sink.put(b"\n");
    sink.put(amz_date.date_time().as_bytes());
    sink.put(b"\n");
    write_scope(sink, amz_date, params);
    sink.put(b"\n");
    sink.put(canonical_request_hash);
}

/// The canonical request [`sign_request`] would sign, as text. The session token appears in it
/// when it is signed: do not log the result of signing with real credentials.
#[doc(hidden)]
pub fn canonical_request<B>(
    request: &http::Request<B>,
    payload: Payload<'_>,
    params: &SigningParams<'_>,
) -> Result<String, SigningError> {
    let amz_date = AmzDate::new(params.time)?;
    let payload_hash = PayloadHash::new(payload).map_err(SigningError::crypto)?;
    let canonical = new_canonical(request, &amz_date, &payload_hash, params)?;
    let mut out = Vec::with_capacity(256);
    canonical.write(&mut out);
    // Header values may hold obs-text bytes; signing uses the bytes, this view is lossy.
    Ok(String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// The string to sign for a canonical request: algorithm, time, credential scope and the
/// canonical request's SHA-256.
#[doc(hidden)]
pub fn string_to_sign(
    canonical_request: &str,
    params: &SigningParams<'_>,
) -> Result<String, SigningError> {
    let amz_date = AmzDate::new(params.time)?;
    let creq_hash =
        hex32(&crypto::sha256(canonical_request.as_bytes()).map_err(SigningError::crypto)?);
    let mut out = Vec::with_capacity(128);
    write_string_to_sign(&mut out, &amz_date, params, &creq_hash);
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The hex signature of a string to sign, with the key for the params' date, region and service.
#[doc(hidden)]
pub fn signature(
    string_to_sign: &str,
    params: &SigningParams<'_>,
    cache: &SigningKeyCache,
) -> Result<String, SigningError> {
    let amz_date = AmzDate::new(params.time)?;
    let tag = cache
        .signing_key(
            params.secret_access_key,
            amz_date.date_bytes(),
            params.region,
            params.service,
        )
        .and_then(|key| crypto::hmac_sha256(&key, string_to_sign.as_bytes()))
        .map_err(SigningError::crypto)?;
    Ok(String::from_utf8_lossy(&hex32(&tag)).into_owned())
}

#[cfg(test)]
mod tests;
