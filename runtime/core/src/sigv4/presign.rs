//! Presigning: the signature and its parameters in the query string instead of headers, so that
//! whoever holds the URL can make the request until it expires (SigV4 "query" signing).
//!
//! The query gains `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-SignedHeaders`,
//! `X-Amz-Expires`, `X-Amz-Security-Token` (with session credentials) and `X-Amz-Signature`,
//! in that order after the request's own parameters, as aws-sigv4 writes them. The canonical
//! request signs that query (without the signature), the request's headers and the host, and
//! the payload as the caller says: S3 presigns with `UNSIGNED-PAYLOAD`.

use super::canonical::{Added, CanonicalRequest};
use super::encode::{Sink, put_encoded};
use super::time::AmzDate;
use super::{
    ALGORITHM, ErrorKind, Payload, PayloadHash, SigningError, SigningKeyCache, SigningParams,
    SigningSettings, sign_canonical, write_scope,
};
use std::time::Duration;

/// The longest validity SigV4 accepts for a presigned request: seven days.
pub const MAX_PRESIGNED_EXPIRY: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// The query a presigned request is sent with, but for the signature.
struct QueryParams {
    /// The request's own query followed by the signing parameters, encoded.
    query: Vec<u8>,
}

/// The URI of `request` signed in its query string, valid for `expires_in` from the signing
/// time: send it with the same method and the same headers (every header of `request` is
/// signed, except those aws-sigv4 leaves out, and, as it does when presigning,
/// `x-amz-user-agent` and `x-amz-checksum-mode`) and, unless `payload` is
/// [`Payload::Unsigned`], the same body.
///
/// `x-amz-date`, the session token and the payload hash travel in the query (the
/// `x-amz-content-sha256` setting does not apply). Fails when `expires_in` is zero or more than
/// [`MAX_PRESIGNED_EXPIRY`].
pub fn presign<B>(
    request: &http::Request<B>,
    payload: Payload<'_>,
    params: &SigningParams<'_>,
    expires_in: Duration,
    cache: &SigningKeyCache,
) -> Result<http::Uri, SigningError> {
    let amz_date = AmzDate::new(params.time)?;
    let payload_hash = PayloadHash::new(payload).map_err(SigningError::crypto)?;
    let (canonical, query) = canonical(request, &amz_date, &payload_hash, params, expires_in)?;

    let signature = sign_canonical(&canonical, &amz_date, params, cache)?;

    let mut query = query.query;
    query.put(b"&X-Amz-Signature=");
    query.put(&signature);
    let mut path_and_query = Vec::with_capacity(request.uri().path().len() + 1 + query.len());
    path_and_query.put(request.uri().path().as_bytes());
    path_and_query.put(b"?");
    path_and_query.put(&query);
    let mut parts = request.uri().clone().into_parts();
    parts.path_and_query = Some(
        http::uri::PathAndQuery::try_from(path_and_query)
            .map_err(|_| SigningError::new(ErrorKind::InvalidPresignedUri))?,
    );
    http::Uri::from_parts(parts).map_err(|_| SigningError::new(ErrorKind::InvalidPresignedUri))
}

/// The canonical request [`presign`] signs, as text (for tests and debugging). It holds the
/// session token when there is one: do not log it for real credentials.
pub fn presigned_canonical_request<B>(
    request: &http::Request<B>,
    payload: Payload<'_>,
    params: &SigningParams<'_>,
    expires_in: Duration,
) -> Result<String, SigningError> {
    let amz_date = AmzDate::new(params.time)?;
    let payload_hash = PayloadHash::new(payload).map_err(SigningError::crypto)?;
    let (canonical, _) = canonical(request, &amz_date, &payload_hash, params, expires_in)?;
    let mut out = Vec::with_capacity(256);
    canonical.write(&mut out);
    Ok(String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// The canonical request over the query with the signing parameters, and that query.
fn canonical<'r, B>(
    request: &'r http::Request<B>,
    amz_date: &'r AmzDate,
    payload_hash: &'r PayloadHash<'r>,
    params: &SigningParams<'r>,
    expires_in: Duration,
) -> Result<(CanonicalRequest<'r>, QueryParams), SigningError> {
    if expires_in.is_zero() || expires_in > MAX_PRESIGNED_EXPIRY {
        return Err(SigningError::new(ErrorKind::InvalidExpiry(expires_in)));
    }
    // No signed `x-amz-date` or `x-amz-content-sha256` header: both are in the query.
    let settings = SigningSettings {
        payload_checksum_header: false,
        ..params.settings
    };
    let mut canonical = CanonicalRequest::new(
        request.method().as_str(),
        request.uri(),
        request.headers(),
        Added {
            amz_date: None,
            session_token: None,
            payload_hash: payload_hash.as_str(),
        },
        &settings,
    )?;

    let mut query: Vec<u8> = Vec::with_capacity(512);
    if let Some(own) = request.uri().query().filter(|q| !q.is_empty()) {
        query.put(own.as_bytes());
        query.put(b"&");
    }
    query.put(b"X-Amz-Algorithm=");
    query.put(ALGORITHM.as_bytes());
    query.put(b"&X-Amz-Credential=");
    let mut credential = Vec::with_capacity(128);
    credential.put(params.access_key_id.as_bytes());
    credential.put(b"/");
    write_scope(&mut credential, amz_date, params);
    put_encoded(&mut query, &credential, false);
    query.put(b"&X-Amz-Date=");
    query.put(amz_date.date_time().as_bytes());
    query.put(b"&X-Amz-SignedHeaders=");
    let mut signed_headers = Vec::with_capacity(canonical.signed_headers_len());
    canonical.write_signed_headers(&mut signed_headers);
    put_encoded(&mut query, &signed_headers, false);
    query.put(b"&X-Amz-Expires=");
    query.put(expires_in.as_secs().to_string().as_bytes());
    let mut token_query = Vec::new();
    if let Some(token) = params.session_token {
        token_query.put(b"&X-Amz-Security-Token=");
        put_encoded(&mut token_query, token.as_bytes(), false);
        // Signed unless the service wants the token left out of the signature; sent either way.
        if params.settings.sign_session_token {
            query.put(&token_query);
            token_query.clear();
        }
    }
    // Percent-encoded ASCII: always UTF-8.
    canonical.replace_query(std::str::from_utf8(&query).unwrap_or_default());
    query.put(&token_query);
    Ok((canonical, QueryParams { query }))
}
