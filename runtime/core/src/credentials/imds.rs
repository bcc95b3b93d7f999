//! EC2 instance metadata (IMDSv2): the session-token client shared with the region chain,
//! and [`ImdsCredentialsProvider`].

use super::config::ProviderConfig;
use super::http::{HttpError, Response};
use super::{CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use std::time::Duration;

const SOURCE: &str = "IMDS";
const IPV4_ENDPOINT: &str = "http://169.254.169.254";
const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";
/// Each IMDS attempt is short (aws-config uses 1 s): off EC2 the address does not answer.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
const MAX_ATTEMPTS: u32 = 3;
const TOKEN_TTL_SECONDS: &str = "21600";
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";

/// Whether `AWS_EC2_METADATA_DISABLED` turns IMDS off.
pub(crate) fn disabled(config: &ProviderConfig) -> bool {
    config
        .env("AWS_EC2_METADATA_DISABLED")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// The IMDS base URL: the config override, `AWS_EC2_METADATA_SERVICE_ENDPOINT`, the
/// profile's `ec2_metadata_service_endpoint`, else by mode (IPv4 default, IPv6) from
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` or the profile's
/// `ec2_metadata_service_endpoint_mode`.
pub(crate) async fn endpoint(config: &ProviderConfig) -> Result<String, CredentialsError> {
    if let Some(url) = config.imds_endpoint_override() {
        return Ok(url.trim_end_matches('/').to_owned());
    }
    let profiles = config.profiles().await.ok();
    let profile = profiles.as_ref().and_then(|p| p.selected());
    let from_profile = |key| profile.and_then(|p| p.get(key)).map(str::to_owned);
    if let Some(url) = config
        .env("AWS_EC2_METADATA_SERVICE_ENDPOINT")
        .or_else(|| from_profile("ec2_metadata_service_endpoint"))
    {
        let url = url.trim().trim_end_matches('/').to_owned();
        if url
            .parse::<http::Uri>()
            .ok()
            .and_then(|u| u.host().map(|_| ()))
            .is_none()
        {
            return Err(CredentialsError::invalid_configuration(
                SOURCE,
                format!("the IMDS endpoint {url:?} is not a URL"),
            ));
        }
        return Ok(url);
    }
    match config
        .env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")
        .or_else(|| from_profile("ec2_metadata_service_endpoint_mode"))
    {
        None => Ok(IPV4_ENDPOINT.to_owned()),
        Some(mode) if mode.trim().eq_ignore_ascii_case("ipv4") => Ok(IPV4_ENDPOINT.to_owned()),
        Some(mode) if mode.trim().eq_ignore_ascii_case("ipv6") => Ok(IPV6_ENDPOINT.to_owned()),
        Some(mode) => Err(CredentialsError::invalid_configuration(
            SOURCE,
            format!("the IMDS endpoint mode {mode:?} is neither IPv4 nor IPv6"),
        )),
    }
}

/// An IMDSv2 session: the endpoint and a session token.
pub(crate) struct ImdsSession<'a> {
    config: &'a ProviderConfig,
    endpoint: String,
    token: String,
}

/// Why a session could not start: unreachable (nothing there) or a real failure.
pub(crate) enum SessionError {
    Unreachable(CredentialsError),
    Failed(CredentialsError),
}

impl SessionError {
    pub(crate) fn into_error(self) -> CredentialsError {
        match self {
            SessionError::Unreachable(e) | SessionError::Failed(e) => e,
        }
    }
}

impl<'a> ImdsSession<'a> {
    /// Fetches a session token (`PUT /latest/api/token`). There is no IMDSv1 fallback.
    pub(crate) async fn start(config: &'a ProviderConfig) -> Result<Self, SessionError> {
        let endpoint = endpoint(config).await.map_err(SessionError::Failed)?;
        let url = format!("{endpoint}/latest/api/token");
        tracing::debug!(source = SOURCE, endpoint = %endpoint, "fetching an IMDSv2 session token");
        // A timeout here means nothing listens: do not retry it, so that the chain gives
        // up quickly off EC2.
        let response = send(
            config,
            http::Method::PUT,
            &url,
            &[("x-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL_SECONDS)],
            false,
        )
        .await
        .map_err(|e| {
            SessionError::Unreachable(
                CredentialsError::not_loaded(
                    SOURCE,
                    format!("the instance metadata service at {endpoint} is unreachable"),
                )
                .with_cause(e),
            )
        })?;
        if !response.is_success() {
            let why = match response.status {
                403 => {
                    "access is forbidden (IMDS disabled on the instance, or too many network hops)"
                }
                400 => "the token request was rejected as invalid",
                _ => "unexpected status",
            };
            return Err(SessionError::Failed(CredentialsError::provider_error(
                SOURCE,
                format!("PUT {url} returned HTTP {}: {why}", response.status),
            )));
        }
        let token = String::from_utf8(response.body.to_vec())
            .ok()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                SessionError::Failed(CredentialsError::provider_error(
                    SOURCE,
                    format!("PUT {url} returned an empty or non-UTF-8 token"),
                ))
            })?;
        Ok(ImdsSession {
            config,
            endpoint,
            token,
        })
    }

    /// `GET path`; `Ok(None)` on 404.
    pub(crate) async fn get(&self, path: &str) -> Result<Option<String>, CredentialsError> {
        let url = format!("{}{path}", self.endpoint);
        let response = send(
            self.config,
            http::Method::GET,
            &url,
            &[("x-aws-ec2-metadata-token", &self.token)],
            true,
        )
        .await
        .map_err(|e| {
            CredentialsError::provider_error(SOURCE, format!("GET {url} failed")).with_cause(e)
        })?;
        match response.status {
            404 => Ok(None),
            s if (200..300).contains(&s) => String::from_utf8(response.body.to_vec())
                .map(Some)
                .map_err(|_| {
                    CredentialsError::provider_error(SOURCE, format!("GET {url}: not UTF-8"))
                }),
            s => Err(CredentialsError::provider_error(
                SOURCE,
                format!("GET {url} returned HTTP {s}"),
            )),
        }
    }
}

/// One request with up to three attempts on I/O errors and 5xx (and timeouts if asked).
async fn send(
    config: &ProviderConfig,
    method: http::Method,
    url: &str,
    headers: &[(&str, &str)],
    retry_timeouts: bool,
) -> Result<Response, HttpError> {
    let mut attempt = 1;
    loop {
        let result = config
            .http
            .send(method.clone(), url, headers, Vec::new(), ATTEMPT_TIMEOUT)
            .await;
        let retry = match &result {
            Ok(r) => r.status >= 500,
            Err(e) if e.is_timeout() => retry_timeouts,
            Err(e) if e.is_permanent() => false,
            Err(_) => true,
        };
        if !retry || attempt >= MAX_ATTEMPTS {
            return result;
        }
        tokio::time::sleep(Duration::from_millis(50 * u64::from(attempt))).await;
        attempt += 1;
    }
}

/// Credentials of the instance profile role, from IMDSv2.
#[derive(Debug, Clone)]
pub struct ImdsCredentialsProvider {
    config: ProviderConfig,
}

impl ImdsCredentialsProvider {
    /// A provider using `config`'s IMDS endpoint settings.
    pub fn new(config: &ProviderConfig) -> Self {
        ImdsCredentialsProvider {
            config: config.clone(),
        }
    }

    async fn load(&self) -> Result<super::Credentials, CredentialsError> {
        if disabled(&self.config) {
            return Err(CredentialsError::not_loaded(
                SOURCE,
                "disabled by AWS_EC2_METADATA_DISABLED",
            ));
        }
        let session = ImdsSession::start(&self.config)
            .await
            .map_err(SessionError::into_error)?;
        let role = session
            .get(CREDENTIALS_PATH)
            .await?
            .and_then(|body| body.lines().next().map(|l| l.trim().to_owned()))
            .filter(|r| !r.is_empty())
            .ok_or_else(|| {
                CredentialsError::not_loaded(
                    SOURCE,
                    format!(
                        "no IAM role is attached to this instance ({}{CREDENTIALS_PATH} is empty or 404)",
                        session.endpoint
                    ),
                )
            })?;
        tracing::debug!(source = SOURCE, role = %role, "loading instance role credentials");
        let path = format!("{CREDENTIALS_PATH}{role}");
        let body = session.get(&path).await?.ok_or_else(|| {
            CredentialsError::provider_error(
                SOURCE,
                format!("{}{path} returned 404", session.endpoint),
            )
        })?;
        super::json::metadata_credentials(body.as_bytes(), "Ec2InstanceMetadata").map_err(|m| {
            CredentialsError::provider_error(SOURCE, format!("{}{path}: {m}", session.endpoint))
        })
    }
}

impl ProvideCredentials for ImdsCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}
