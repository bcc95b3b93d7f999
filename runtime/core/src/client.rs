//! The attempt loop of a client, as a function of explicit parts: endpoint resolution,
//! credentials, signing, attempts with retries, and timeouts, for every operation of one
//! service's client. aws-client-runtime's `Handle` builds an [`Engine`] from its `Config`.

use super::credentials::{
    CredentialsError, LazyCredentialsCache, ProvideCredentials, SharedCredentialsProvider,
};
use super::error::{BoxError, SdkError, TimeoutKind};
use super::http::{ConnectorError, HttpResponse, SharedHttpClient, StreamingResponse};
use super::protocol::{self, ErrorMetadata};
use super::retry::{self, RetryKind, RetryQuota};
use super::signing::{self, AMZ_SDK_INVOCATION_ID, AMZ_SDK_REQUEST, X_AMZ_USER_AGENT};
use super::token::{ProvideToken, SharedTokenProvider};
use super::{Auth, HttpRequest, Operation, ParseOutput, ServiceInfo};
use crate::endpoint;
use crate::sigv4::SigningKeyCache;
use bytes::Bytes;
use http::{HeaderName, HeaderValue, header};
use smithy_types_runtime::ByteStream;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tracing::Instrument;

/// What an [`Engine`] is made of: the parts of a client configuration a call uses.
#[derive(Clone)]
pub struct Parts {
    /// Sends the requests.
    pub http_client: SharedHttpClient,
    /// Credentials for SigV4 (`None`: signed operations fail, optional ones go unsigned).
    pub credentials_provider: Option<SharedCredentialsProvider>,
    /// Bearer tokens for `smithy.api#httpBearerAuth` operations.
    pub token_provider: Option<SharedTokenProvider>,
    /// The endpoint URL configured for this service (`SDK::Endpoint`), if any.
    pub endpoint_url: Option<String>,
    /// What the endpoint rules read; its region is also the signing region, unless the
    /// endpoint names one.
    pub endpoint: endpoint::Settings,
    /// Attempts per call, including the first (at least 1).
    pub max_attempts: u32,
    /// Backoff base for throttling errors; other retryable errors use a twentieth of it.
    pub initial_backoff: Duration,
    /// Limit for one attempt (send and read the whole response).
    pub attempt_timeout: Option<Duration>,
    /// Limit for the whole call, retries and backoff included.
    pub operation_timeout: Option<Duration>,
    /// When request checksums are computed and response checksums validated (operations
    /// with `aws.protocols#httpChecksum` only).
    pub checksums: crate::checksum::Settings,
}

impl fmt::Debug for Parts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Providers are not printed: a custom provider's Debug might show secrets.
        f.debug_struct("Parts")
            .field("http_client", &self.http_client)
            .field(
                "credentials_provider",
                &self.credentials_provider.as_ref().map(|_| "<set>"),
            )
            .field(
                "token_provider",
                &self.token_provider.as_ref().map(|_| "<set>"),
            )
            .field("endpoint_url", &self.endpoint_url)
            .field("endpoint", &self.endpoint)
            .field("max_attempts", &self.max_attempts)
            .field("initial_backoff", &self.initial_backoff)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("checksums", &self.checksums)
            .finish()
    }
}

/// The state of one client that every call uses: its [`Parts`], the service's facts, and what
/// is worked out once (User-Agent, credentials cache, signing keys, endpoint, retry quota).
/// aws-client-runtime's `Handle` keeps one behind an `Arc`, shared by a client's clones.
#[doc(hidden)]
pub struct Engine {
    parts: Parts,
    service: &'static ServiceInfo,
    /// `User-Agent` and `x-amz-user-agent`, built once per client.
    user_agent: HeaderValue,
    quota: RetryQuota,
    /// The configured provider behind a cache (`None`: no provider configured). A provider
    /// that already caches (such as the standard chain of `Config::load`) is used as it is.
    credentials: Option<CredentialsSource>,
    /// SigV4 signing keys, derived once per day and scope for all of this client's calls.
    signing_keys: SigningKeyCache,
    /// The parts never change, so neither does the endpoint nor what follows from it
    /// (Host header, endpoint headers, signing scope): worked out on first use, for every call.
    endpoint: std::sync::OnceLock<Result<Arc<Scope>, String>>,
    /// `amz-sdk-request` values `attempt=N; max=M` for N = 1..=M, M the configured attempts.
    attempt_headers: Vec<HeaderValue>,
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Parts' Debug never prints credentials; the cache is not printed at all.
        f.debug_struct("Engine")
            .field("service", &self.service.signing_name)
            .field("parts", &self.parts)
            .field("retry_quota", &self.quota.available())
            .finish()
    }
}

impl Engine {
    /// The engine of a client of `service` made of `parts`.
    pub fn new(mut parts: Parts, service: &'static ServiceInfo) -> Engine {
        parts.max_attempts = parts.max_attempts.max(1);
        let max = parts.max_attempts;
        Engine {
            credentials: parts
                .credentials_provider
                .as_ref()
                .map(CredentialsSource::new),
            parts,
            service,
            user_agent: signing::user_agent_header(service),
            quota: RetryQuota::default(),
            signing_keys: SigningKeyCache::default(),
            endpoint: std::sync::OnceLock::new(),
            attempt_headers: (1..=max).map(|n| attempt_header(n, max)).collect(),
        }
    }

    /// The service's facts.
    pub fn service(&self) -> &'static ServiceInfo {
        self.service
    }

    /// The parts.
    pub fn parts(&self) -> &Parts {
        &self.parts
    }

    /// Retry capacity left in the client's quota (for `Debug`).
    pub fn retry_quota_available(&self) -> u32 {
        self.quota.available()
    }

    /// Runs one operation: resolves the endpoint, loads credentials, then sends signed
    /// attempts until success, a non-retryable failure, `max_attempts` or an empty retry
    /// quota, within the configured timeouts. Only the parsing of the answer is generic here;
    /// the rest is `Engine::exchange`, compiled once.
    #[doc(hidden)]
    pub async fn invoke<O, E>(
        &self,
        op: &Operation<O, E>,
        request: HttpRequest,
    ) -> Result<O, SdkError<E>> {
        let call = Call {
            name: op.name,
            auth: op.auth,
            streams_response: matches!(op.parse_output, ParseOutput::Streaming(_)),
            checksum: op.checksum,
        };
        match self.exchange(call, request).await {
            Ok(Exchange::Buffered(response)) => parse_success(op, &response),
            Ok(Exchange::Streaming(response)) => parse_streaming(op, response),
            Err(e) => Err(e.map_service_error_with(|response, metadata| {
                (op.parse_error)(metadata, &response)
            })),
        }
    }

    /// Presigns one operation's request instead of sending it: the endpoint is resolved and the
    /// credentials loaded as for a call, and the request signed in its query string
    /// ([`crate::sigv4::presign`]) at `config`'s start time. Only SigV4 operations can be
    /// presigned. Nothing is sent.
    ///
    /// The payload is signed as `UNSIGNED-PAYLOAD` for a streaming payload, an
    /// `aws.auth#unsignedPayload` operation and services that send `x-amz-content-sha256`
    /// (S3, as aws-sdk-rust presigns it); otherwise the body's hash is signed and the body is
    /// part of the answer. `omit_content_type` leaves out a `Content-Type` the protocol chose
    /// (not the caller), so the URL works with any (aws-sdk-rust does the same), and the SDK's
    /// own headers (User-Agent, invocation id, attempt) are never added.
    #[doc(hidden)]
    pub async fn presign(
        &self,
        operation: &'static str,
        auth: Auth,
        mut request: HttpRequest,
        config: &crate::presigning::PresigningConfig,
        omit_content_type: bool,
    ) -> Result<crate::presigning::PresignedRequest, BoxError> {
        let Auth::SigV4 {
            unsigned_payload, ..
        } = auth
        else {
            return Err(BoxError::from(format!(
                "operation `{operation}` cannot be presigned: only SigV4 operations can be"
            )));
        };
        let Some(source) = self.credentials.as_ref() else {
            return Err(BoxError::from(format!(
                "operation `{operation}` cannot be presigned without credentials: no \
                 credentials provider is configured"
            )));
        };
        let credentials = source.get().await.map_err(CredentialsFailure)?;
        let per_call =
            !request.endpoint_params.is_empty() || self.service.endpoint_reads_account_id;
        let target = self.resolve_target(&request, per_call.then(|| credentials.account_id()))?;
        // A payload in memory is the body to send; a real stream is the sender's to supply.
        let streams = request.stream.is_some();
        if let Some(Ok(bytes)) = request.stream.take().map(ByteStream::into_bytes) {
            request.body = bytes;
        }
        let unsigned = streams || unsigned_payload || target.scope.signing.payload_checksum_header;

        // The request a call would send, without what the sender's client sets itself
        // (Content-Length) and the SDK's own headers.
        let mut http_request = build_base_request(&request, &target, &self.user_agent)?;
        let headers = http_request.headers_mut();
        headers.remove(header::CONTENT_LENGTH);
        headers.remove(X_AMZ_USER_AGENT);
        if omit_content_type {
            headers.remove(header::CONTENT_TYPE);
        }
        let listed: Vec<(HeaderName, HeaderValue)> = headers
            .iter()
            .filter(|(name, _)| *name != header::HOST)
            .map(|(n, v)| (n.clone(), v.clone()))
            .collect();

        let payload = if unsigned {
            crate::sigv4::Payload::Unsigned
        } else {
            crate::sigv4::Payload::Bytes(&request.body)
        };
        let params = crate::sigv4::SigningParams {
            access_key_id: credentials.access_key_id(),
            secret_access_key: credentials.secret_access_key(),
            session_token: credentials.session_token(),
            region: &target.scope.signing_region,
            service: &target.scope.signing_name,
            time: config.start_time().unwrap_or_else(SystemTime::now),
            settings: target.scope.signing,
        };
        let uri = crate::sigv4::presign(
            &http_request,
            payload,
            &params,
            config.expires(),
            &self.signing_keys,
        )
        .map_err(SignFailure)?;
        let body = if streams { Bytes::new() } else { request.body };
        Ok(crate::presigning::PresignedRequest::new(
            request.method,
            uri.to_string(),
            listed,
            body,
        ))
    }

    /// Everything of a call that does not depend on the operation's output and error types,
    /// behind one boxed future created here. Why: the body of an `async fn` is compiled again
    /// in every crate that awaits it, and a generic one once per operation; the future's
    /// vtable, made in this non-inlined function, keeps the attempt loop, credentials,
    /// signing and the HTTP client compiled once, in this crate.
    #[inline(never)]
    fn exchange(
        &self,
        call: Call,
        request: HttpRequest,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = RawResult> + Send + '_>> {
        Box::pin(self.exchange_within_timeout(call, request))
    }

    async fn exchange_within_timeout(&self, call: Call, request: HttpRequest) -> RawResult {
        let invocation_id = HeaderValue::from_maybe_shared(Bytes::from(crate::random_uuid_v4()))
            .map_err(|_| SdkError::construction_failure("invalid invocation id"))?;
        let span = tracing::debug_span!(
            "operation",
            service = self.service.signing_name,
            operation = call.name,
            invocation_id = invocation_id.to_str().unwrap_or_default()
        );
        // Each future is made where it is awaited, so the boxed state holds one copy of the
        // call (a future kept in a local and then moved into another is stored twice).
        match self.parts.operation_timeout {
            Some(limit) => {
                let run = self.run(call, request, &invocation_id).instrument(span);
                match tokio::time::timeout(limit, run).await {
                    Ok(result) => result,
                    Err(_) => {
                        tracing::debug!(?limit, "operation timeout");
                        Err(SdkError::timeout_error(TimeoutKind::Operation, limit))
                    }
                }
            }
            None => {
                self.run(call, request, &invocation_id)
                    .instrument(span)
                    .await
            }
        }
    }

    async fn run(
        &self,
        call: Call,
        mut request: HttpRequest,
        invocation_id: &HeaderValue,
    ) -> RawResult {
        // The endpoint is worked out once per client, unless this call has endpoint
        // parameters of its own or the rules read the credentials' account id: then it is
        // resolved for this call, once the credentials are known.
        let per_call =
            !request.endpoint_params.is_empty() || self.service.endpoint_reads_account_id;
        let client_target = if per_call {
            None
        } else {
            Some(
                self.resolve_target(&request, None)
                    .map_err(SdkError::construction_failure)?,
            )
        };
        let identity = self
            .identity(call.auth)
            .await
            .map_err(SdkError::construction_failure)?;
        let target = match client_target {
            Some(target) => target,
            None => {
                let account_id = match &identity {
                    Identity::Credentials(credentials) => credentials.account_id(),
                    _ => None,
                };
                self.resolve_target(&request, Some(account_id))
                    .map_err(SdkError::construction_failure)?
            }
        };
        if let (Identity::Credentials(_), Some(schemes)) =
            (&identity, &target.scope.unsupported_auth)
        {
            return Err(SdkError::construction_failure(format!(
                "{}: the endpoint {} requires the auth scheme {schemes}, which this client \
                 does not support (it signs with SigV4 only)",
                call.name, target.scope.url
            )));
        }
        // A payload in memory is sent (and retried) like any body; a real stream once.
        let mut stream = match request.stream.take().map(ByteStream::into_bytes) {
            Some(Ok(bytes)) => {
                request.body = bytes;
                None
            }
            Some(Err(stream)) => Some(stream),
            None => None,
        };
        let streams_response = call.streams_response;
        let checksums = self
            .plan_checksums(&call, &mut request, &mut stream)
            .map_err(SdkError::construction_failure)?;
        let mut base = build_base_request(&request, &target, &self.user_agent)
            .map_err(SdkError::construction_failure)?;
        if let Some(length) = stream
            .as_ref()
            .and_then(|s| http_body::Body::size_hint(s).exact())
        {
            base.headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        }
        // UNSIGNED-PAYLOAD: `aws.auth#unsignedPayload` operations, and streams (which cannot
        // be hashed before they are sent); an aws-chunked stream with a checksum trailer is
        // signed as STREAMING-UNSIGNED-PAYLOAD-TRAILER.
        let unsigned_payload = if let Some(payload) = checksums.chunked(base.headers_mut()) {
            Some(payload)
        } else if stream.is_some()
            || matches!(
                call.auth,
                Auth::SigV4 {
                    unsigned_payload: true,
                    ..
                }
            )
        {
            Some(signing::UNSIGNED_PAYLOAD)
        } else {
            None
        };

        let max = if stream.is_some() {
            1
        } else {
            self.parts.max_attempts
        };
        let mut last_retry_cost: Option<u32> = None;
        let mut attempt: u32 = 1;
        loop {
            let mut http_request = base.clone();
            match &identity {
                Identity::Anonymous => {}
                Identity::Credentials(credentials) => signing::sign_request(
                    &mut http_request,
                    credentials,
                    &target.scope.signing_region,
                    &target.scope.signing_name,
                    SystemTime::now(),
                    &self.signing_keys,
                    target.scope.signing,
                    unsigned_payload,
                )
                .map_err(|e| SdkError::construction_failure(SignFailure(e)))?,
                Identity::Bearer(authorization) => {
                    http_request
                        .headers_mut()
                        .insert(header::AUTHORIZATION, authorization.clone());
                }
            }
            let headers = http_request.headers_mut();
            headers.insert(header::USER_AGENT, self.user_agent.clone());
            headers.insert(AMZ_SDK_INVOCATION_ID, invocation_id.clone());
            let attempt_header = match self.attempt_headers.get(attempt as usize - 1) {
                Some(value) if max == self.attempt_headers.len() as u32 => value.clone(),
                _ => attempt_header(attempt, max),
            };
            headers.insert(AMZ_SDK_REQUEST, attempt_header);

            let outcome = if stream.is_some() || streams_response {
                let body = stream
                    .take()
                    .unwrap_or_else(|| ByteStream::new(request.body.clone()));
                let sent = self
                    .send_streaming_attempt(http_request.map(|_| body))
                    .instrument(tracing::debug_span!("attempt", attempt, max))
                    .await;
                match sent {
                    Ok(mut response) if streams_response && response.status().is_success() => {
                        self.quota
                            .release(last_retry_cost.unwrap_or(retry::NO_RETRY_INCREMENT));
                        checksums.validate_stream(&mut response);
                        return Ok(Exchange::Streaming(response));
                    }
                    // Errors, and buffered outputs, are read whole.
                    Ok(response) => response.buffer().await.map_err(AttemptError::Connector),
                    Err(e) => Err(e),
                }
            } else {
                self.send_attempt(http_request)
                    .instrument(tracing::debug_span!("attempt", attempt, max))
                    .await
            };

            let (retry_kind, retry_after, failure) = match outcome {
                Ok(response)
                    if response.status().is_success()
                        && !self.error_in_success(&response, streams_response) =>
                {
                    self.quota
                        .release(last_retry_cost.unwrap_or(retry::NO_RETRY_INCREMENT));
                    if let Err(e) = checksums.validate_buffered(&response) {
                        return Err(SdkError::response_error(
                            e,
                            response.status(),
                            protocol::request_id(response.headers()).map(str::to_owned),
                            String::new(),
                        ));
                    }
                    return Ok(Exchange::Buffered(response));
                }
                Ok(response) => {
                    let protocol = self.service.protocol;
                    let metadata = self
                        .service
                        .error_rules
                        .apply(protocol.error_metadata(&response), &response);
                    tracing::debug!(
                        status = response.status().as_u16(),
                        code = metadata.code(),
                        request_id = metadata.request_id(),
                        "error response"
                    );
                    // An error sent with a 2xx status is retried as the 500 it stands for.
                    let status = if response.status().is_success() {
                        http::StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        response.status()
                    };
                    let kind = retry::classify_response(status, metadata.code());
                    let after = retry::retry_after(response.headers());
                    (
                        kind,
                        after,
                        Failure::Service(Box::new((metadata, response))),
                    )
                }
                Err(AttemptError::Connector(e)) => {
                    tracing::debug!(error = %e, "transport error");
                    let kind = e.is_retryable().then_some(RetryKind::Transient);
                    (kind, None, Failure::Dispatch(e))
                }
                Err(AttemptError::Timeout(limit)) => {
                    tracing::debug!(?limit, "attempt timeout");
                    (Some(RetryKind::Transient), None, Failure::Timeout(limit))
                }
            };

            if let Some(kind) = retry_kind {
                if attempt >= max {
                    tracing::debug!(attempt, max, "not retrying: attempts exhausted");
                } else if !self.quota.try_acquire(kind.cost()) {
                    tracing::debug!(?kind, "not retrying: retry quota exhausted");
                } else {
                    last_retry_cost = Some(kind.cost());
                    let delay = retry::backoff(
                        kind,
                        attempt,
                        self.parts.initial_backoff,
                        retry_after,
                        fastrand::f64(),
                    );
                    tracing::debug!(?kind, ?delay, next_attempt = attempt + 1, "retrying");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                    continue;
                }
            }
            return Err(failure.into_sdk_error());
        }
    }

    /// The checksum work of one call (`aws.protocols#httpChecksum`): adds the checksum
    /// headers to `request` and, for a stream with a checksum trailer, puts it in its
    /// `aws-chunked` encoding. Operations without the trait need none of it.
    fn plan_checksums(
        &self,
        call: &Call,
        request: &mut HttpRequest,
        stream: &mut Option<ByteStream>,
    ) -> Result<ChecksumWork, BoxError> {
        let Some(op) = call.checksum else {
            return Ok(ChecksumWork::default());
        };
        #[cfg(feature = "checksums")]
        {
            let plan = crate::checksum::plan(
                op,
                &self.parts.checksums,
                &mut request.headers,
                &request.body,
                stream.is_some(),
            )?;
            let mut work = ChecksumWork {
                validate: plan.validate_response.then_some(op.response_algorithms),
                chunked: None,
            };
            // (`plan` asks for a trailer only when there is a stream.)
            if let Some(algorithm) = plan.trailer
                && let Some(body) = stream.take()
            {
                let Some(length) = http_body::Body::size_hint(&body).exact() else {
                    return Err(BoxError::from(format!(
                        "{}: the checksum of a streaming body is sent in an aws-chunked trailer, \
                         which needs the body's length: give the stream a known length (e.g. \
                         from a file), or set request_checksum_calculation to when_required",
                        call.name
                    )));
                };
                *stream = Some(ByteStream::from_body(crate::checksum::AwsChunkedBody::new(
                    body, algorithm, length,
                )));
                work.chunked = Some((algorithm, length));
            }
            Ok(work)
        }
        #[cfg(not(feature = "checksums"))]
        {
            let _ = (op, request, stream);
            Err(BoxError::from(format!(
                "{} has checksums (aws.protocols#httpChecksum), but aws-client-runtime was \
                 built without its `checksums` feature",
                call.name
            )))
        }
    }

    /// Whether a 2xx `response` (read whole) is an error document the service's
    /// [`ErrorRules`](protocol::ErrorRules) make an error. A streamed output's body is the
    /// caller's data (an object may well be an XML error document), never checked.
    fn error_in_success(&self, response: &HttpResponse, streams_response: bool) -> bool {
        !streams_response
            && self.service.error_rules.errors_in_success
            && self.service.protocol.is_error_document(response.body())
    }

    async fn send_attempt(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<HttpResponse, AttemptError> {
        tracing::debug!(method = %request.method(), uri = %request.uri(), "sending request");
        // Header names only: values include the signature and possibly a session token.
        tracing::trace!(
            headers = ?request.headers().keys().map(HeaderName::as_str).collect::<Vec<_>>(),
            body_len = request.body().len(),
            "request headers"
        );
        let send = self.parts.http_client.send(request);
        let response = self.within_attempt_timeout(send).await?;
        tracing::debug!(
            status = response.status().as_u16(),
            request_id = protocol::request_id(response.headers()),
            body_len = response.body().len(),
            "received response"
        );
        Ok(response)
    }

    /// Awaits one attempt's HTTP exchange within the configured attempt timeout.
    async fn within_attempt_timeout<T>(
        &self,
        send: impl std::future::Future<Output = Result<T, ConnectorError>>,
    ) -> Result<T, AttemptError> {
        let result = match self.parts.attempt_timeout {
            Some(limit) => match tokio::time::timeout(limit, send).await {
                Ok(result) => result,
                Err(_) => return Err(AttemptError::Timeout(limit)),
            },
            None => send.await,
        };
        result.map_err(AttemptError::Connector)
    }

    /// Sends one attempt whose request or response body streams; returns once the response
    /// headers have arrived (the attempt timeout covers that much).
    async fn send_streaming_attempt(
        &self,
        request: http::Request<ByteStream>,
    ) -> Result<StreamingResponse, AttemptError> {
        tracing::debug!(method = %request.method(), uri = %request.uri(), "sending streaming request");
        let send = self.parts.http_client.send_streaming(request);
        let response = self.within_attempt_timeout(send).await?;
        tracing::debug!(
            status = response.status().as_u16(),
            request_id = protocol::request_id(response.headers()),
            "received response headers"
        );
        Ok(response)
    }

    /// Who the call is sent as, for the operation's auth: looked up once per call, before
    /// the first attempt. Optional auth falls back to an unsigned request when nothing
    /// resolves (logged at debug level, without secrets).
    async fn identity(&self, auth: Auth) -> Result<Identity, BoxError> {
        match auth {
            Auth::None => Ok(Identity::Anonymous),
            Auth::SigV4 { optional, .. } => {
                let Some(source) = self.credentials.as_ref() else {
                    if optional {
                        tracing::debug!(
                            "no credentials provider: sending unsigned (optional auth)"
                        );
                        return Ok(Identity::Anonymous);
                    }
                    return Err(BoxError::from(
                        "no credentials provider configured: use Config::load().await (the \
                         standard chain), set Config::builder().credentials_provider(..), or set \
                         AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for Config::from_env()",
                    ));
                };
                match source.get().await {
                    Ok(credentials) => Ok(Identity::Credentials(credentials)),
                    Err(e) if optional => {
                        tracing::debug!(error = %e, "no credentials: sending unsigned (optional auth)");
                        Ok(Identity::Anonymous)
                    }
                    Err(e) => Err(BoxError::from(CredentialsFailure(e))),
                }
            }
            Auth::Bearer { optional } => {
                let Some(provider) = self.parts.token_provider.as_ref() else {
                    if optional {
                        tracing::debug!(
                            "no token provider: sending without a token (optional auth)"
                        );
                        return Ok(Identity::Anonymous);
                    }
                    return Err(BoxError::from(
                        "no bearer token provider configured: use Config::load().await (the \
                         profile's SSO token) or set Config::builder().token(..)",
                    ));
                };
                let token = provider
                    .provide_token()
                    .await
                    .map_err(TokenFailure::Provider)
                    .and_then(|token| bearer_header(&token, SystemTime::now()));
                match token {
                    Ok(authorization) => Ok(Identity::Bearer(authorization)),
                    Err(e) if optional => {
                        tracing::debug!(error = %e, "no token: sending without one (optional auth)");
                        Ok(Identity::Anonymous)
                    }
                    Err(e) => Err(BoxError::from(e)),
                }
            }
        }
    }

    /// Resolves the endpoint and the signing scope for this request: the client's [`Scope`]
    /// (worked out once), or with `per_call` (the call's account id, if any) a scope of this
    /// call's own (see `run`), and the request's URI.
    fn resolve_target(
        &self,
        request: &HttpRequest,
        per_call: Option<Option<&str>>,
    ) -> Result<Target, BoxError> {
        let scope = match per_call {
            None => self
                .endpoint
                .get_or_init(|| self.scope(None, &[]).map(Arc::new))
                .clone()?,
            Some(account_id) => Arc::new(self.scope(account_id, &request.endpoint_params)?),
        };
        let url = join_url(
            &scope.url,
            request.host_prefix.as_deref(),
            &request.path_and_query,
        );
        let uri: http::Uri = url
            .parse()
            .map_err(|e| BoxError::from(format!("invalid endpoint URL {url:?}: {e}")))?;
        let host = match request.host_prefix {
            None => scope.host.clone(),
            Some(_) => host_header(&uri)?,
        };
        Ok(Target { uri, host, scope })
    }

    /// Resolves the endpoint and what the calls take from it (Host header, endpoint headers,
    /// signing scope), for the credentials' `account_id` and the operation's parameters.
    fn scope(
        &self,
        account_id: Option<&str>,
        operation: &[(&'static str, crate::endpoint::ParamValue)],
    ) -> Result<Scope, String> {
        let service = self.service;
        let inputs = crate::endpoint::Inputs {
            config: &self.parts.endpoint,
            url: self.parts.endpoint_url.as_deref(),
            account_id,
            operation,
        };
        let resolved = (service.resolve_endpoint)(&inputs)
            .map_err(|e| format!("failed to resolve the endpoint: {e}"))?;
        let url = resolved.url.trim_end_matches('/').to_owned();
        let uri: http::Uri = url
            .parse()
            .map_err(|e| format!("invalid endpoint URL {url:?}: {e}"))?;
        let host = host_header(&uri)?;
        let (scheme, unsupported_auth) = match sigv4_scheme(&resolved.properties) {
            Ok(scheme) => (scheme, None),
            Err(schemes) => (SchemeProperties::default(), Some(schemes)),
        };
        let mut signing = service.signing;
        if let Some(disable) = scheme.disable_double_encoding {
            signing.double_encode_path = !disable;
        }
        let signing_region = scheme
            .region
            .or_else(|| self.parts.endpoint.region().map(str::to_owned))
            .ok_or(
                "no region configured (needed to sign requests): set \
                 Config::builder().region(..) or AWS_REGION",
            )?;
        let mut headers = Vec::new();
        for (name, values) in &resolved.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("endpoint header {name:?} is invalid"))?;
            for value in values {
                let value = HeaderValue::from_str(value)
                    .map_err(|_| format!("endpoint header {name} is invalid"))?;
                headers.push((name.clone(), value));
            }
        }
        tracing::debug!(endpoint = %uri, signing_region, "resolved endpoint");
        Ok(Scope {
            url,
            host,
            headers,
            signing_region,
            signing_name: scheme
                .name
                .unwrap_or_else(|| service.signing_name.to_owned()),
            signing,
            unsupported_auth,
        })
    }
}

/// `attempt=N; max=M`.
fn attempt_header(attempt: u32, max: u32) -> HeaderValue {
    HeaderValue::from_str(&format!("attempt={attempt}; max={max}"))
        .unwrap_or(HeaderValue::from_static("attempt=1"))
}

/// The `Host` header for `uri`: its host, with the port unless it is the scheme's default;
/// errors for a scheme other than https or http, or no host.
fn host_header(uri: &http::Uri) -> Result<HeaderValue, String> {
    let default_port = match uri.scheme_str() {
        Some("https") => 443,
        Some("http") => 80,
        _ => {
            return Err(format!(
                "invalid endpoint URL {:?}: the scheme must be https:// or http://",
                uri.to_string()
            ));
        }
    };
    let authority = uri
        .authority()
        .ok_or_else(|| format!("invalid endpoint URL {:?}: no host", uri.to_string()))?;
    let host = match authority.port_u16() {
        Some(port) if port != default_port => format!("{}:{port}", authority.host()),
        _ => authority.host().to_owned(),
    };
    HeaderValue::from_str(&host).map_err(|_| "invalid endpoint host".to_owned())
}

/// What every call of a client takes from its resolved endpoint.
struct Scope {
    /// The endpoint URL without a trailing `/`.
    url: String,
    /// Its `Host` header (without a host prefix).
    host: HeaderValue,
    headers: Vec<(HeaderName, HeaderValue)>,
    signing_region: String,
    signing_name: String,
    /// The service's signing settings, with the endpoint's `disableDoubleEncoding`.
    signing: crate::sigv4::SigningSettings,
    /// The endpoint's auth schemes when none is one this client can sign with: calls that
    /// sign fail, naming them.
    unsupported_auth: Option<String>,
}

/// Where and how to send: the absolute URI, its Host header, and the endpoint's [`Scope`]
/// (endpoint headers, SigV4 scope).
struct Target {
    uri: http::Uri,
    host: HeaderValue,
    scope: Arc<Scope>,
}

/// What the endpoint's `authSchemes` property says about signing.
#[derive(Debug, Default, PartialEq, Eq)]
struct SchemeProperties {
    /// The `sigv4` scheme's `signingRegion`.
    region: Option<String>,
    /// The `sigv4` scheme's `signingName` (e.g. `s3-outposts`, `s3-object-lambda`).
    name: Option<String>,
    /// The `sigv4` scheme's `disableDoubleEncoding`.
    disable_double_encoding: Option<bool>,
}

/// The `sigv4` auth scheme of the endpoint's `authSchemes` (the first one listed, whatever
/// its position: a supported scheme is used when there is one). `Err` lists the schemes when
/// the endpoint names only schemes this client cannot sign with (`sigv4a`,
/// `sigv4-s3express`): such calls fail rather than send a request signed the wrong way.
fn sigv4_scheme(
    properties: &std::collections::BTreeMap<String, serde_json::Value>,
) -> Result<SchemeProperties, String> {
    let Some(schemes) = properties.get("authSchemes").and_then(|v| v.as_array()) else {
        return Ok(SchemeProperties::default());
    };
    let name = |s: &serde_json::Value| s.get("name").and_then(|n| n.as_str()).map(str::to_owned);
    let Some(scheme) = schemes.iter().find(|s| name(s).as_deref() == Some("sigv4")) else {
        if schemes.is_empty() {
            return Ok(SchemeProperties::default());
        }
        let names: Vec<String> = schemes.iter().filter_map(name).collect();
        return Err(names.join(" or "));
    };
    let field = |key: &str| scheme.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    Ok(SchemeProperties {
        region: field("signingRegion"),
        name: field("signingName"),
        disable_double_encoding: scheme
            .get("disableDoubleEncoding")
            .and_then(serde_json::Value::as_bool),
    })
}

/// The request every attempt starts from: identical method, URI, headers and body.
fn build_base_request(
    request: &HttpRequest,
    target: &Target,
    user_agent: &HeaderValue,
) -> Result<http::Request<Bytes>, BoxError> {
    let mut builder = http::Request::builder()
        .method(request.method.clone())
        .uri(target.uri.clone());
    let headers = builder
        .headers_mut()
        .ok_or_else(|| BoxError::from("invalid request"))?;
    // An endpoint header replaces the request's header of the same name (S3 Control's rules
    // set `x-amz-account-id`, which its inputs also bind), as in aws-sdk-rust.
    let from_endpoint = |name: &HeaderName| target.scope.headers.iter().any(|(n, _)| n == name);
    let from_request = request
        .headers
        .iter()
        .filter(|(name, _)| !from_endpoint(name));
    for (name, value) in target.scope.headers.iter().chain(from_request) {
        headers.append(name.clone(), value.clone());
    }
    // No body, no Content-Length (restJson1 forbids it on a bodiless GET); hyper still
    // writes `content-length: 0` where HTTP needs one.
    if !request.body.is_empty() {
        headers.insert(
            header::CONTENT_LENGTH,
            HeaderValue::from(request.body.len()),
        );
    }
    headers.insert(header::HOST, target.host.clone());
    headers.insert(X_AMZ_USER_AGENT, user_agent.clone());
    builder
        .body(request.body.clone())
        .map_err(|e| BoxError::from(format!("invalid request: {e}")))
}

/// The resolved endpoint URL, with the operation's host prefix in front of its host and the
/// request's path after its path.
fn join_url(endpoint: &str, host_prefix: Option<&str>, path_and_query: &str) -> String {
    let endpoint = endpoint.trim_end_matches('/');
    // An operation without a path of its own (only a query, or nothing) is sent to the
    // endpoint URL's path, `/` when it has none: S3's operations once the bucket left their
    // path, to `https://BUCKET.s3.REGION.amazonaws.com/` or path-style to
    // `https://s3.REGION.amazonaws.com/BUCKET` (`/BUCKET?list-type=2`).
    let has_path = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest)
        .contains('/');
    let slash;
    let path_and_query = if path_and_query.is_empty() || path_and_query.starts_with('?') {
        slash = format!("/{path_and_query}");
        if has_path {
            path_and_query
        } else {
            slash.as_str()
        }
    } else {
        path_and_query
    };
    match host_prefix {
        Some(prefix) => match endpoint.split_once("://") {
            Some((scheme, rest)) => format!("{scheme}://{prefix}{rest}{path_and_query}"),
            None => format!("{prefix}{endpoint}{path_and_query}"),
        },
        None => format!("{endpoint}{path_and_query}"),
    }
}

fn parse_success<O, E>(op: &Operation<O, E>, response: &HttpResponse) -> Result<O, SdkError<E>> {
    let parsed = match &op.parse_output {
        ParseOutput::Buffered(parse) => parse(response),
        // Reached only when the response was buffered anyway (a custom `HttpClient` without
        // streaming support hands back whole bodies).
        ParseOutput::Streaming(parse) => parse(StreamingResponse::new(
            response.status(),
            response.headers().clone(),
            ByteStream::new(response.body_bytes()),
        )),
    };
    parsed.map_err(|e| {
        tracing::debug!(error = %e, "unparseable success response");
        SdkError::response_error(
            e,
            response.status(),
            protocol::request_id(response.headers()).map(str::to_owned),
            protocol::excerpt(response.body()),
        )
    })
}

/// Parses a streaming output from a response whose body has not been read.
fn parse_streaming<O, E>(
    op: &Operation<O, E>,
    response: StreamingResponse,
) -> Result<O, SdkError<E>> {
    let ParseOutput::Streaming(parse) = &op.parse_output else {
        // `exchange` streams the response only for operations that parse a stream.
        return Err(SdkError::construction_failure(
            "internal error: a streamed response for an operation with a buffered output",
        ));
    };
    let (status, request_id) = (
        response.status(),
        protocol::request_id(response.headers()).map(str::to_owned),
    );
    parse(response).map_err(|e| SdkError::response_error(e, status, request_id, String::new()))
}

/// What the operation-independent part of a call needs to know of the operation.
struct Call {
    name: &'static str,
    auth: Auth,
    /// The output streams its body (`ParseOutput::Streaming`).
    streams_response: bool,
    /// The operation's `aws.protocols#httpChecksum`, if any.
    checksum: Option<&'static crate::checksum::OperationChecksum>,
}

/// What is left to do for a call's checksums once its request is built.
#[derive(Default)]
struct ChecksumWork {
    /// The algorithms a successful response is validated against, if it is.
    #[cfg_attr(not(feature = "checksums"), allow(dead_code))]
    validate: Option<&'static [crate::checksum::Algorithm]>,
    /// The stream goes aws-chunked, with this algorithm's trailer; the payload's length.
    #[cfg_attr(not(feature = "checksums"), allow(dead_code))]
    chunked: Option<(crate::checksum::Algorithm, u64)>,
}

impl ChecksumWork {
    /// Adds the aws-chunked headers, if the stream goes aws-chunked; returns the payload hash
    /// to sign then.
    fn chunked(&self, headers: &mut http::HeaderMap) -> Option<&'static str> {
        #[cfg(feature = "checksums")]
        if let Some((algorithm, length)) = self.chunked {
            let encoding = match headers.get(header::CONTENT_ENCODING) {
                Some(existing) => HeaderValue::from_str(&format!(
                    "{},aws-chunked",
                    existing.to_str().unwrap_or_default()
                ))
                .unwrap_or(HeaderValue::from_static("aws-chunked")),
                None => HeaderValue::from_static("aws-chunked"),
            };
            headers.insert(header::CONTENT_ENCODING, encoding);
            headers.insert(
                HeaderName::from_static("x-amz-decoded-content-length"),
                HeaderValue::from(length),
            );
            headers.insert(
                HeaderName::from_static("x-amz-trailer"),
                HeaderValue::from_static(algorithm.header_name()),
            );
            // Signing sets it too; an anonymous request still says how its body is framed.
            headers.insert(
                HeaderName::from_static("x-amz-content-sha256"),
                HeaderValue::from_static(crate::checksum::STREAMING_UNSIGNED_PAYLOAD_TRAILER),
            );
            return Some(crate::checksum::STREAMING_UNSIGNED_PAYLOAD_TRAILER);
        }
        let _ = headers;
        None
    }

    /// Checks a whole successful response against the checksum it announced.
    fn validate_buffered(&self, response: &HttpResponse) -> Result<(), BoxError> {
        #[cfg(feature = "checksums")]
        if let Some(algorithms) = self.validate {
            crate::checksum::validate_buffered(response.headers(), response.body(), algorithms)?;
        }
        let _ = response;
        Ok(())
    }

    /// Makes a streaming response's body fail at its end on a checksum mismatch.
    fn validate_stream(&self, response: &mut StreamingResponse) {
        #[cfg(feature = "checksums")]
        if let Some(algorithms) = self.validate {
            let body = std::mem::take(&mut response.body);
            response.body =
                crate::checksum::validating_stream(response.headers(), body, algorithms);
        }
        let _ = response;
    }
}

/// A successful response, for the operation's parser.
enum Exchange {
    /// Read whole.
    Buffered(HttpResponse),
    /// Headers only; the body is read by the output's parser as it arrives.
    Streaming(StreamingResponse),
}

/// A failed call before the operation's error parser: a service error holds the response.
type RawError = SdkError<HttpResponse>;

/// What `Engine::exchange` answers.
type RawResult = Result<Exchange, RawError>;

enum AttemptError {
    Connector(ConnectorError),
    Timeout(Duration),
}

/// The failure of the last attempt, turned into an [`SdkError`] when not retried.
enum Failure {
    // Boxed: the response is large and this enum lives only between attempts.
    Service(Box<(ErrorMetadata, HttpResponse)>),
    Dispatch(ConnectorError),
    Timeout(Duration),
}

impl Failure {
    fn into_sdk_error(self) -> RawError {
        match self {
            Failure::Service(service) => {
                let (metadata, response) = *service;
                SdkError::service_error(response, metadata)
            }
            Failure::Dispatch(e) => SdkError::dispatch_failure(e),
            Failure::Timeout(limit) => SdkError::timeout_error(TimeoutKind::Attempt, limit),
        }
    }
}

/// Where a client's credentials come from: the configured provider, behind a
/// [`LazyCredentialsCache`] unless it caches by itself.
enum CredentialsSource {
    /// Already caching (the standard chain of `Config::load`, or a cache the user built).
    Caching(crate::credentials::SharedCredentialsProvider),
    /// Any other provider: fetching per call would mean an IMDS or STS round trip each time.
    Cached(LazyCredentialsCache),
}

impl CredentialsSource {
    fn new(provider: &crate::credentials::SharedCredentialsProvider) -> Self {
        if provider.is_caching() {
            CredentialsSource::Caching(provider.clone())
        } else {
            CredentialsSource::Cached(LazyCredentialsCache::new(provider.clone()))
        }
    }

    async fn get(&self) -> Result<crate::Credentials, CredentialsError> {
        match self {
            CredentialsSource::Caching(provider) => provider.provide_credentials().await,
            CredentialsSource::Cached(cache) => cache.credentials().await,
        }
    }
}

/// A credentials provider failure (its message never contains secrets).
#[derive(Debug)]
struct CredentialsFailure(CredentialsError);

impl fmt::Display for CredentialsFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "failed to load credentials: {}", self.0)
    }
}

impl std::error::Error for CredentialsFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Who a call is sent as.
enum Identity {
    /// Unsigned, no `Authorization`.
    Anonymous,
    /// Signed with SigV4.
    Credentials(crate::Credentials),
    /// `Authorization: Bearer <token>`, marked sensitive.
    Bearer(HeaderValue),
}

/// `Bearer <token>` as a sensitive header value; an expired token or one that is not a valid
/// header value is an error (neither shows the token).
fn bearer_header(token: &crate::Token, now: SystemTime) -> Result<HeaderValue, TokenFailure> {
    if let Some(expiry) = token.expiry()
        && now >= expiry
    {
        return Err(TokenFailure::Expired(expiry));
    }
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.token()))
        .map_err(|_| TokenFailure::Invalid)?;
    value.set_sensitive(true);
    Ok(value)
}

/// Why no bearer token could be sent (its message never contains the token).
#[derive(Debug)]
enum TokenFailure {
    Provider(CredentialsError),
    Expired(SystemTime),
    Invalid,
}

impl fmt::Display for TokenFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenFailure::Provider(e) => write!(f, "failed to load the bearer token: {e}"),
            TokenFailure::Expired(expiry) => write!(
                f,
                "the bearer token expired at {}",
                crate::credentials::DisplayTime(*expiry)
            ),
            TokenFailure::Invalid => {
                f.write_str("the bearer token contains characters not allowed in an HTTP header")
            }
        }
    }
}

impl std::error::Error for TokenFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TokenFailure::Provider(e) => Some(e),
            _ => None,
        }
    }
}

/// A signing failure (its message never contains secrets).
#[derive(Debug)]
struct SignFailure(crate::sigv4::SigningError);

impl fmt::Display for SignFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "failed to sign the request: {}", self.0)
    }
}

impl std::error::Error for SignFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::join_url;

    #[test]
    fn urls_join_endpoint_prefix_and_path() {
        for (endpoint, prefix, path, url) in [
            ("https://h", None, "/a?b=1", "https://h/a?b=1"),
            ("https://h/", None, "/", "https://h/"),
            ("https://h", None, "/?list-type=2", "https://h/?list-type=2"),
            ("https://h", Some("data-"), "/x", "https://data-h/x"),
            // An endpoint with a path: `/` is appended like any path, no path adds nothing.
            ("https://h/custom", None, "/", "https://h/custom/"),
            (
                "https://h/bucket",
                None,
                "?list-type=2",
                "https://h/bucket?list-type=2",
            ),
            ("https://h/bucket", None, "", "https://h/bucket"),
            ("https://h/bucket/", None, "/key", "https://h/bucket/key"),
            // Without one, no path is `/`.
            (
                "https://bucket.h",
                None,
                "?location",
                "https://bucket.h/?location",
            ),
            ("https://bucket.h", None, "", "https://bucket.h/"),
            ("https://h", Some("data-"), "?x", "https://data-h/?x"),
            (
                "http://127.0.0.1:9000/base",
                None,
                "//k",
                "http://127.0.0.1:9000/base//k",
            ),
        ] {
            assert_eq!(join_url(endpoint, prefix, path), url, "{endpoint} {path}");
        }
    }
}
