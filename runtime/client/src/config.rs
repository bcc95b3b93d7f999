//! Client configuration: [`Config`], its [`Builder`], the standard chains
//! ([`Config::load`], [`Config::loader`]) and the standard AWS environment variables alone
//! ([`Config::from_env`]).

use crate::checksum::{self, RequestChecksumCalculation, ResponseChecksumValidation};
use crate::credentials::{
    self, Credentials, EnvLookup, ProvideCredentials, ProviderConfig, SharedCredentialsProvider,
};
use crate::endpoint::{self, ParamValue, S3Settings};
use crate::http::{DefaultHttpClient, HttpClient, SharedHttpClient};
use crate::token::{ProvideToken, SharedTokenProvider, SsoTokenProvider, Token};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Default number of attempts (first try plus retries).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Default backoff base for throttling errors (other errors use a twentieth of it).
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_secs(1);
pub use crate::default_client::DEFAULT_CONNECT_TIMEOUT;

/// Immutable client configuration. Load one the way aws-config does with [`Config::load`],
/// build one with [`Config::builder`], or read only the environment with
/// [`Config::from_env`]; change one with [`Config::to_builder`].
#[derive(Clone)]
pub struct Config {
    region: Option<String>,
    credentials_provider: Option<SharedCredentialsProvider>,
    token_provider: Option<SharedTokenProvider>,
    endpoint_url: Option<String>,
    env_endpoints: Option<EnvEndpoints>,
    use_fips: bool,
    use_dual_stack: bool,
    max_attempts: u32,
    initial_backoff: Duration,
    connect_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    http_client: Arc<dyn HttpClient>,
    idempotency_tokens: Option<TokenProvider>,
    // Kept so `to_builder` does not replace a default client built with another timeout.
    custom_http_client: bool,
    account_id_endpoint_mode: Option<String>,
    sts_use_global_endpoint: bool,
    s3: S3Settings,
    client_context_params: BTreeMap<String, ParamValue>,
    checksums: checksum::Settings,
}

impl Config {
    /// A builder with every setting at its default.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// Reads the standard AWS environment variables (see [`Builder::from_env_with`]): static
    /// credentials from `AWS_ACCESS_KEY_ID` and friends only. [`Config::load`] also finds
    /// profiles, SSO, web identity, container and instance credentials.
    pub fn from_env() -> Result<Config, EnvError> {
        Ok(Builder::from_env()?.build())
    }

    /// Loads the configuration as aws-config's `load_defaults` does: the region from the
    /// region chain ([`region::default_region`](crate::region::default_region)), credentials
    /// from the standard chain ([`credentials::default_provider`], resolved lazily on the
    /// first call and cached), the bearer token from the SSO token cache of the profile's
    /// `sso_session` ([`SsoTokenProvider`], read on the first bearer-auth call), and the environment settings of [`Builder::from_env_with`]
    /// (endpoint URLs, FIPS, dual-stack, max attempts). Reads the process environment and
    /// `~/.aws`; use [`Config::loader`] to inject them.
    ///
    /// ```no_run
    /// # async fn f() -> Result<(), aws_client_runtime::EnvError> {
    /// let config = aws_client_runtime::Config::load().await?;
    /// # Ok(()) }
    /// ```
    pub fn load() -> impl std::future::Future<Output = Result<Config, EnvError>> + Send {
        Config::loader().load()
    }

    /// A [`Loader`], to load with an injected [`ProviderConfig`] (environment, home
    /// directory, metadata endpoints), a profile or a region of one's choosing.
    pub fn loader() -> Loader {
        Loader::default()
    }

    /// A builder holding this configuration, to change some settings.
    pub fn to_builder(&self) -> Builder {
        Builder {
            region: self.region.clone(),
            credentials_provider: self.credentials_provider.clone(),
            token_provider: self.token_provider.clone(),
            endpoint_url: self.endpoint_url.clone(),
            env_endpoints: self.env_endpoints.clone(),
            use_fips: Some(self.use_fips),
            use_dual_stack: Some(self.use_dual_stack),
            max_attempts: Some(self.max_attempts),
            initial_backoff: Some(self.initial_backoff),
            connect_timeout: Some(self.connect_timeout),
            attempt_timeout: self.attempt_timeout,
            operation_timeout: self.operation_timeout,
            http_client: self.custom_http_client.then(|| self.http_client.clone()),
            default_http_client: (!self.custom_http_client).then(|| DefaultClient {
                connect_timeout: self.connect_timeout,
                client: self.http_client.clone(),
            }),
            idempotency_tokens: self.idempotency_tokens.clone(),
            account_id_endpoint_mode: self.account_id_endpoint_mode.clone(),
            sts_use_global_endpoint: Some(self.sts_use_global_endpoint),
            s3: self.s3,
            client_context_params: self.client_context_params.clone(),
            request_checksum_calculation: Some(self.checksums.request),
            response_checksum_validation: Some(self.checksums.response),
        }
    }

    /// The region (also the SigV4 signing region).
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
    /// The credentials provider.
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.credentials_provider.as_ref()
    }
    /// The bearer token provider, for operations with `smithy.api#httpBearerAuth`.
    pub fn token_provider(&self) -> Option<&SharedTokenProvider> {
        self.token_provider.as_ref()
    }
    /// A new idempotency token for a member the caller left unset: a random UUID v4, or what
    /// the provider set with [`Builder::idempotency_token_provider`] returns.
    pub fn idempotency_token(&self) -> String {
        match &self.idempotency_tokens {
            Some(provider) => provider(),
            None => crate::idempotency_token(),
        }
    }

    /// The custom endpoint URL set on the builder (not one from the environment; see
    /// [`Config::endpoint_url_for`]).
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The endpoint URL a client of the service whose environment name is `service_env_name`
    /// (`MGN` for `AWS_ENDPOINT_URL_MGN`) uses: the builder's, else `AWS_ENDPOINT_URL_<NAME>`,
    /// else `AWS_ENDPOINT_URL` (when the configuration was read from the environment).
    pub fn endpoint_url_for(&self, service_env_name: &str) -> Option<String> {
        if let Some(url) = &self.endpoint_url {
            return Some(url.clone());
        }
        let env = self.env_endpoints.as_ref()?;
        (env.lookup)(&format!("AWS_ENDPOINT_URL_{service_env_name}"))
            .map(|u| u.trim().to_owned())
            .filter(|u| !u.is_empty())
            .or_else(|| env.global.clone())
    }
    /// Whether to use a FIPS endpoint.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }
    /// Whether to use a dual-stack endpoint.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }
    /// Attempts per call, including the first (at least 1).
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }
    /// Backoff base for throttling errors; other retryable errors use a twentieth of it.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }
    /// TCP connect timeout of the default HTTP client.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }
    /// Limit for one attempt (send and read the whole response).
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt_timeout
    }
    /// Limit for the whole call, retries and backoff included.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }
    /// The HTTP client.
    pub fn http_client(&self) -> &dyn HttpClient {
        self.http_client.as_ref()
    }
    /// The HTTP client, shared.
    pub(crate) fn shared_http_client(&self) -> SharedHttpClient {
        self.http_client.clone()
    }
    /// What endpoint rules read of this configuration.
    pub(crate) fn endpoint_settings(&self) -> endpoint::Settings {
        endpoint::Settings {
            region: self.region.clone(),
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            account_id_endpoint_mode: self.account_id_endpoint_mode.clone(),
            sts_use_global_endpoint: self.sts_use_global_endpoint,
            s3: self.s3,
            client_context_params: self.client_context_params.clone(),
        }
    }
    /// `AWS::Auth::AccountIdEndpointMode`: `preferred` (the default), `required` or
    /// `disabled`: whether endpoints carry the credentials' account id where the service's
    /// rules offer it.
    pub fn account_id_endpoint_mode(&self) -> &str {
        self.account_id_endpoint_mode
            .as_deref()
            .unwrap_or("preferred")
    }
    /// `AWS::STS::UseGlobalEndpoint`, read by STS's endpoint rules only: whether STS calls in
    /// the regions that once shared it go to the global endpoint `sts.amazonaws.com` (`true`,
    /// `sts_regional_endpoints = legacy`) or to their region's (`false`, the default, as in
    /// aws-sdk-rust and every SDK released since 2022).
    pub fn sts_use_global_endpoint(&self) -> bool {
        self.sts_use_global_endpoint
    }

    /// When request checksums are computed (operations with `aws.protocols#httpChecksum`):
    /// `WhenSupported` (the default) or `WhenRequired`.
    pub fn request_checksum_calculation(&self) -> RequestChecksumCalculation {
        self.checksums.request
    }

    /// When response checksums are validated: `WhenSupported` (the default) or
    /// `WhenRequired`.
    pub fn response_checksum_validation(&self) -> ResponseChecksumValidation {
        self.checksums.response
    }

    pub(crate) fn checksums(&self) -> checksum::Settings {
        self.checksums
    }

    /// `AWS::S3::ForcePathStyle`, read by S3's endpoint rules: buckets in the path
    /// (`https://s3.REGION.amazonaws.com/BUCKET/KEY`) rather than in the host name (default
    /// `false`: virtual-hosted, as in aws-sdk-rust).
    pub fn s3_force_path_style(&self) -> bool {
        self.s3.force_path_style.unwrap_or(false)
    }
    /// `AWS::S3::Accelerate`, read by S3's endpoint rules: S3 Transfer Acceleration endpoints
    /// (`BUCKET.s3-accelerate.amazonaws.com`; default `false`).
    pub fn s3_accelerate(&self) -> bool {
        self.s3.accelerate.unwrap_or(false)
    }
    /// `AWS::S3::UseArnRegion` and `AWS::S3Control::UseArnRegion`, read by S3's and S3
    /// Control's endpoint rules: whether a call naming an ARN of another region goes to that
    /// region (`true`) or fails (`false`). Unset, the rule sets decide (S3 follows the ARN's
    /// region, S3 Control too).
    pub fn s3_use_arn_region(&self) -> Option<bool> {
        self.s3.use_arn_region
    }
    /// `AWS::S3::DisableMultiRegionAccessPoints`, read by S3's endpoint rules: multi-region
    /// access point ARNs fail rather than resolve (default `false`).
    pub fn s3_disable_multi_region_access_points(&self) -> bool {
        self.s3.disable_multi_region_access_points.unwrap_or(false)
    }
    /// `AWS::S3::UseGlobalEndpoint`, read by S3's endpoint rules: whether `us-east-1` calls
    /// go to the global endpoint `s3.amazonaws.com` (`true`,
    /// `s3_us_east_1_regional_endpoint = legacy`) or to `s3.us-east-1.amazonaws.com`
    /// (`false`, the default).
    pub fn s3_use_global_endpoint(&self) -> bool {
        self.s3.use_global_endpoint.unwrap_or(false)
    }
    /// A service setting its endpoint rules read (`smithy.rules#clientContextParams`), by
    /// its rule-set name, e.g. `ForcePathStyle`.
    pub fn client_context_param(&self, name: &str) -> Option<&ParamValue> {
        self.client_context_params.get(name)
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The provider is not printed: a custom provider's Debug might show secrets.
        f.debug_struct("Config")
            .field("region", &self.region)
            .field(
                "credentials_provider",
                &self.credentials_provider.as_ref().map(|_| "<set>"),
            )
            .field(
                "token_provider",
                &self.token_provider.as_ref().map(|_| "<set>"),
            )
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("max_attempts", &self.max_attempts)
            .field("initial_backoff", &self.initial_backoff)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("http_client", &self.http_client)
            .field("account_id_endpoint_mode", &self.account_id_endpoint_mode)
            .field("sts_use_global_endpoint", &self.sts_use_global_endpoint)
            .field("checksums", &self.checksums)
            .field("s3", &self.s3)
            .field("client_context_params", &self.client_context_params)
            .finish()
    }
}

/// Builder for [`Config`].
#[derive(Clone, Default)]
pub struct Builder {
    region: Option<String>,
    credentials_provider: Option<SharedCredentialsProvider>,
    token_provider: Option<SharedTokenProvider>,
    endpoint_url: Option<String>,
    env_endpoints: Option<EnvEndpoints>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    max_attempts: Option<u32>,
    initial_backoff: Option<Duration>,
    connect_timeout: Option<Option<Duration>>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    http_client: Option<Arc<dyn HttpClient>>,
    /// A default client made already (by the loader, which gave it to the credential chain
    /// too), used when no client is set and the connect timeout is still the one it was made
    /// with.
    default_http_client: Option<DefaultClient>,
    idempotency_tokens: Option<TokenProvider>,
    account_id_endpoint_mode: Option<String>,
    sts_use_global_endpoint: Option<bool>,
    request_checksum_calculation: Option<RequestChecksumCalculation>,
    response_checksum_validation: Option<ResponseChecksumValidation>,
    s3: S3Settings,
    client_context_params: BTreeMap<String, ParamValue>,
}

/// A [`DefaultHttpClient`] and the connect timeout it was made with.
#[derive(Clone)]
struct DefaultClient {
    connect_timeout: Option<Duration>,
    client: SharedHttpClient,
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("region", &self.region)
            .field(
                "credentials_provider",
                &self.credentials_provider.as_ref().map(|_| "<set>"),
            )
            .field("endpoint_url", &self.endpoint_url)
            .finish_non_exhaustive()
    }
}

impl Builder {
    /// Sets the region, e.g. `us-east-1`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }
    /// Sets or clears the region.
    pub fn set_region(mut self, region: Option<String>) -> Self {
        self.region = region;
        self
    }
    /// Sets the credentials provider (e.g. one from `aws-config`). Credentials are cached
    /// until five minutes before they expire.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials_provider = Some(SharedCredentialsProvider::new(provider));
        self
    }
    /// Replaces the random UUIDs used for unset idempotency-token members (for tests that
    /// need a fixed request).
    pub fn idempotency_token_provider(
        mut self,
        provider: impl Fn() -> String + Send + Sync + 'static,
    ) -> Self {
        self.idempotency_tokens = Some(Arc::new(provider));
        self
    }
    /// Sets or clears the credentials provider.
    pub fn set_credentials_provider(mut self, provider: Option<SharedCredentialsProvider>) -> Self {
        self.credentials_provider = provider;
        self
    }
    /// Sets `AWS::Auth::AccountIdEndpointMode` (`preferred`, `required` or `disabled`; also
    /// `AWS_ACCOUNT_ID_ENDPOINT_MODE` and the profile's `account_id_endpoint_mode`).
    pub fn account_id_endpoint_mode(mut self, mode: impl Into<String>) -> Self {
        self.account_id_endpoint_mode = Some(mode.into());
        self
    }
    /// Sets `AWS::STS::UseGlobalEndpoint` (see [`Config::sts_use_global_endpoint`]; also
    /// `AWS_STS_REGIONAL_ENDPOINTS` and the profile's `sts_regional_endpoints`, `legacy` or
    /// `regional`).
    pub fn sts_use_global_endpoint(mut self, use_global_endpoint: bool) -> Self {
        self.sts_use_global_endpoint = Some(use_global_endpoint);
        self
    }
    /// When request checksums are computed (`AWS_REQUEST_CHECKSUM_CALCULATION` and the
    /// profile's `request_checksum_calculation`); `WhenSupported` by default.
    pub fn request_checksum_calculation(mut self, when: RequestChecksumCalculation) -> Self {
        self.request_checksum_calculation = Some(when);
        self
    }
    /// When response checksums are validated (`AWS_RESPONSE_CHECKSUM_VALIDATION` and the
    /// profile's `response_checksum_validation`); `WhenSupported` by default.
    pub fn response_checksum_validation(mut self, when: ResponseChecksumValidation) -> Self {
        self.response_checksum_validation = Some(when);
        self
    }
    /// Sets `AWS::S3::ForcePathStyle` (see [`Config::s3_force_path_style`]). A client
    /// context parameter `ForcePathStyle` set on the same builder wins.
    pub fn s3_force_path_style(mut self, force_path_style: bool) -> Self {
        self.s3.force_path_style = Some(force_path_style);
        self
    }
    /// Sets `AWS::S3::Accelerate` (see [`Config::s3_accelerate`]).
    pub fn s3_accelerate(mut self, accelerate: bool) -> Self {
        self.s3.accelerate = Some(accelerate);
        self
    }
    /// Sets `AWS::S3::UseArnRegion` and `AWS::S3Control::UseArnRegion` (see
    /// [`Config::s3_use_arn_region`]; also `AWS_S3_USE_ARN_REGION` and the profile's
    /// `s3_use_arn_region`).
    pub fn s3_use_arn_region(mut self, use_arn_region: bool) -> Self {
        self.s3.use_arn_region = Some(use_arn_region);
        self
    }
    /// Sets `AWS::S3::DisableMultiRegionAccessPoints` (see
    /// [`Config::s3_disable_multi_region_access_points`]; also
    /// `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS` and the profile's
    /// `s3_disable_multiregion_access_points`).
    pub fn s3_disable_multi_region_access_points(mut self, disable: bool) -> Self {
        self.s3.disable_multi_region_access_points = Some(disable);
        self
    }
    /// Sets `AWS::S3::UseGlobalEndpoint` (see [`Config::s3_use_global_endpoint`]; also
    /// `AWS_S3_US_EAST_1_REGIONAL_ENDPOINT` and the profile's
    /// `s3_us_east_1_regional_endpoint`, `legacy` or `regional`).
    pub fn s3_use_global_endpoint(mut self, use_global_endpoint: bool) -> Self {
        self.s3.use_global_endpoint = Some(use_global_endpoint);
        self
    }
    /// Sets a service setting its endpoint rules read (`smithy.rules#clientContextParams`),
    /// by its rule-set name. Generated clients offer typed setters for their own.
    pub fn client_context_param(mut self, name: impl Into<String>, value: ParamValue) -> Self {
        self.client_context_params.insert(name.into(), value);
        self
    }
    /// Sets static credentials.
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_provider(credentials)
    }
    /// Sets the bearer token provider, for operations with `smithy.api#httpBearerAuth`
    /// ([`Config::load`] reads the SSO token cache of the profile's `sso_session`).
    pub fn token_provider(mut self, provider: impl ProvideToken + 'static) -> Self {
        self.token_provider = Some(SharedTokenProvider::new(provider));
        self
    }
    /// Sets or clears the bearer token provider.
    pub fn set_token_provider(mut self, provider: Option<SharedTokenProvider>) -> Self {
        self.token_provider = provider;
        self
    }
    /// Sets a static bearer token.
    pub fn token(self, token: Token) -> Self {
        self.token_provider(token)
    }
    /// Sets a custom endpoint URL, e.g. `http://127.0.0.1:8080`. Plain HTTP is used only when
    /// this URL says `http://`.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }
    /// Sets or clears the custom endpoint URL.
    pub fn set_endpoint_url(mut self, url: Option<String>) -> Self {
        self.endpoint_url = url;
        self
    }
    /// Uses a FIPS endpoint.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = Some(use_fips);
        self
    }
    /// Uses a dual-stack (IPv4 and IPv6) endpoint.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = Some(use_dual_stack);
        self
    }
    /// Attempts per call including the first (default 3; 1 disables retries; 0 counts as 1).
    pub fn max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = Some(max_attempts.max(1));
        self
    }
    /// Backoff base for throttling errors (default 1 s); other retryable errors use a
    /// twentieth of it. Tests set a millisecond to stay fast.
    pub fn initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = Some(initial_backoff);
        self
    }
    /// TCP connect timeout of the default HTTP client (default 3.1 s; `None`: no limit).
    pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.connect_timeout = Some(timeout.into());
        self
    }
    /// Limit for one attempt: sending and reading the whole response (default: none).
    pub fn attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.attempt_timeout = timeout.into();
        self
    }
    /// Limit for the whole call, retries and backoff included (default: none).
    pub fn operation_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.operation_timeout = timeout.into();
        self
    }
    /// Replaces the default hyper/rustls HTTP client (its connect timeout is then its own).
    pub fn http_client(mut self, client: impl HttpClient) -> Self {
        self.http_client = Some(Arc::new(client));
        self
    }

    /// Builds the configuration. Missing region or credentials are reported when a call is
    /// made, as aws-sdk-rust does.
    pub fn build(self) -> Config {
        let connect_timeout = self
            .connect_timeout
            .unwrap_or(Some(DEFAULT_CONNECT_TIMEOUT));
        let custom_http_client = self.http_client.is_some();
        let http_client = match (self.http_client, self.default_http_client) {
            (Some(client), _) => client,
            (None, Some(default)) if default.connect_timeout == connect_timeout => default.client,
            (None, _) => DefaultHttpClient::shared(connect_timeout),
        };
        Config {
            region: self.region,
            credentials_provider: self.credentials_provider,
            token_provider: self.token_provider,
            endpoint_url: self.endpoint_url,
            env_endpoints: self.env_endpoints,
            use_fips: self.use_fips.unwrap_or(false),
            use_dual_stack: self.use_dual_stack.unwrap_or(false),
            max_attempts: self.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS),
            initial_backoff: self.initial_backoff.unwrap_or(DEFAULT_INITIAL_BACKOFF),
            connect_timeout,
            attempt_timeout: self.attempt_timeout,
            operation_timeout: self.operation_timeout,
            http_client,
            idempotency_tokens: self.idempotency_tokens,
            custom_http_client,
            account_id_endpoint_mode: self.account_id_endpoint_mode,
            sts_use_global_endpoint: self.sts_use_global_endpoint.unwrap_or(false),
            s3: self.s3,
            client_context_params: self.client_context_params,
            checksums: checksum::Settings {
                request: self.request_checksum_calculation.unwrap_or_default(),
                response: self.response_checksum_validation.unwrap_or_default(),
            },
        }
    }

    /// A builder from the process environment (see [`Builder::from_env_with`]).
    pub fn from_env() -> Result<Builder, EnvError> {
        Self::from_env_with(|name: &str| std::env::var(name).ok())
    }

    /// A builder from the standard AWS environment variables, read through `lookup`
    /// (an empty value counts as unset):
    /// - `AWS_REGION`, else `AWS_DEFAULT_REGION`;
    /// - `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (both or neither), `AWS_SESSION_TOKEN`;
    /// - `AWS_ENDPOINT_URL_<SERVICE>` (read when a client is created, e.g.
    ///   `AWS_ENDPOINT_URL_MGN`), else `AWS_ENDPOINT_URL` (both ignored when
    ///   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true);
    /// - `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT` (`true` or `false`);
    /// - `AWS_MAX_ATTEMPTS` (a positive integer);
    /// - `AWS_ACCOUNT_ID_ENDPOINT_MODE` (`preferred`, `required` or `disabled`);
    /// - `AWS_STS_REGIONAL_ENDPOINTS` (`regional` or `legacy`: STS clients only);
    /// - `AWS_S3_USE_ARN_REGION`, `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS` (`true` or
    ///   `false`) and `AWS_S3_US_EAST_1_REGIONAL_ENDPOINT` (`regional` or `legacy`): S3 and
    ///   S3 Control clients only.
    ///
    /// An invalid value is an [`EnvError`] naming the variable (never echoing a secret).
    pub fn from_env_with(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Result<Builder, EnvError> {
        Self::from_env_lookup(Arc::new(lookup))
    }

    /// [`Builder::from_env_with`] without its type parameter, compiled once.
    fn from_env_lookup(lookup: EnvLookup) -> Result<Builder, EnvError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let builder = Builder {
            region: get("AWS_REGION")
                .or_else(|| get("AWS_DEFAULT_REGION"))
                .map(|r| r.trim().to_owned()),
            ..Builder::default()
        };
        let builder = builder.env_credentials(&get)?;
        builder.env_settings(lookup)
    }

    /// Static credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
    /// `AWS_SESSION_TOKEN` (both keys or neither).
    fn env_credentials(mut self, get: &dyn Fn(&str) -> Option<String>) -> Result<Self, EnvError> {
        let builder = &mut self;
        match (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
            (Some(akid), Some(secret)) => {
                let creds = Credentials::new(
                    akid.trim(),
                    secret.trim(),
                    get("AWS_SESSION_TOKEN").map(|t| t.trim().to_owned()),
                    None,
                    "Environment",
                );
                builder.credentials_provider = Some(SharedCredentialsProvider::new(creds));
            }
            (Some(_), None) => {
                return Err(EnvError::missing(
                    "AWS_SECRET_ACCESS_KEY",
                    "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
                ));
            }
            (None, Some(_)) => {
                return Err(EnvError::missing(
                    "AWS_ACCESS_KEY_ID",
                    "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
                ));
            }
            (None, None) => {}
        }
        Ok(self)
    }

    /// Endpoint URLs, FIPS, dual-stack and max attempts from the environment.
    fn env_settings(mut self, lookup: EnvLookup) -> Result<Self, EnvError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let builder = &mut self;
        let ignore_endpoints = match get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") {
            Some(v) => parse_bool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", &v)?,
            None => false,
        };
        if !ignore_endpoints {
            let global = get("AWS_ENDPOINT_URL").map(|u| u.trim().to_owned());
            // The service-specific variable is read when a client of that service is created.
            builder.env_endpoints = Some(EnvEndpoints {
                lookup: Arc::clone(&lookup),
                global,
            });
        }
        if let Some(v) = get("AWS_USE_FIPS_ENDPOINT") {
            builder.use_fips = Some(parse_bool("AWS_USE_FIPS_ENDPOINT", &v)?);
        }
        if let Some(v) = get("AWS_USE_DUALSTACK_ENDPOINT") {
            builder.use_dual_stack = Some(parse_bool("AWS_USE_DUALSTACK_ENDPOINT", &v)?);
        }
        if let Some(v) = get("AWS_ACCOUNT_ID_ENDPOINT_MODE") {
            builder.account_id_endpoint_mode = Some(parse_account_id_endpoint_mode(
                "AWS_ACCOUNT_ID_ENDPOINT_MODE",
                &v,
            )?);
        }
        if let Some(v) = get("AWS_STS_REGIONAL_ENDPOINTS") {
            builder.sts_use_global_endpoint =
                Some(parse_regional_or_legacy("AWS_STS_REGIONAL_ENDPOINTS", &v)?);
        }
        if let Some(v) = get("AWS_S3_USE_ARN_REGION") {
            builder.s3.use_arn_region = Some(parse_bool("AWS_S3_USE_ARN_REGION", &v)?);
        }
        if let Some(v) = get("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS") {
            builder.s3.disable_multi_region_access_points =
                Some(parse_bool("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS", &v)?);
        }
        if let Some(v) = get("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT") {
            builder.s3.use_global_endpoint = Some(parse_regional_or_legacy(
                "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT",
                &v,
            )?);
        }
        if let Some(v) = get("AWS_REQUEST_CHECKSUM_CALCULATION") {
            builder.request_checksum_calculation = Some(parse_checksum_setting(
                "AWS_REQUEST_CHECKSUM_CALCULATION",
                &v,
            )?);
        }
        if let Some(v) = get("AWS_RESPONSE_CHECKSUM_VALIDATION") {
            builder.response_checksum_validation = Some(parse_checksum_setting(
                "AWS_RESPONSE_CHECKSUM_VALIDATION",
                &v,
            )?);
        }
        if let Some(v) = get("AWS_MAX_ATTEMPTS") {
            let n = v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| EnvError::invalid("AWS_MAX_ATTEMPTS", &v, "a positive integer"))?;
            builder.max_attempts = Some(n);
        }
        Ok(self)
    }

    /// A builder from an `aws-config` [`SdkConfig`](aws_types::SdkConfig): region,
    /// credentials provider, bearer token provider, endpoint URL, FIPS/dual-stack, max
    /// attempts, initial backoff, timeouts and the checksum settings.
    #[cfg(feature = "aws-config")]
    pub fn from_sdk_config(sdk: &aws_types::SdkConfig) -> Builder {
        let mut builder = Builder {
            region: sdk.region().map(|r| r.as_ref().to_owned()),
            credentials_provider: sdk
                .credentials_provider()
                .map(|p| SharedCredentialsProvider::new(credentials::FromSdkProvider::from(p))),
            token_provider: sdk
                .token_provider()
                .map(|p| SharedTokenProvider::new(credentials::FromSdkTokenProvider::from(p))),
            endpoint_url: sdk.endpoint_url().map(str::to_owned),
            use_fips: sdk.use_fips(),
            use_dual_stack: sdk.use_dual_stack(),
            ..Builder::default()
        };
        use aws_types::sdk_config::{
            RequestChecksumCalculation as SdkRequest, ResponseChecksumValidation as SdkResponse,
        };
        // Their enums are non-exhaustive: what is not `WhenRequired` keeps the default.
        builder.request_checksum_calculation =
            sdk.request_checksum_calculation().map(|v| match v {
                SdkRequest::WhenRequired => RequestChecksumCalculation::WhenRequired,
                _ => RequestChecksumCalculation::WhenSupported,
            });
        builder.response_checksum_validation =
            sdk.response_checksum_validation().map(|v| match v {
                SdkResponse::WhenRequired => ResponseChecksumValidation::WhenRequired,
                _ => ResponseChecksumValidation::WhenSupported,
            });
        if let Some(retry) = sdk.retry_config() {
            builder.max_attempts = Some(retry.max_attempts().max(1));
            builder.initial_backoff = Some(retry.initial_backoff());
        }
        if let Some(timeouts) = sdk.timeout_config() {
            if let Some(d) = timeouts.connect_timeout() {
                builder.connect_timeout = Some(Some(d));
            }
            builder.attempt_timeout = timeouts.operation_attempt_timeout();
            builder.operation_timeout = timeouts.operation_timeout();
        }
        builder
    }
}

/// Loads a [`Config`] from the standard chains, as aws-config's `ConfigLoader` does; made by
/// [`Config::loader`].
///
/// ```
/// # async fn f() -> Result<(), aws_client_runtime::EnvError> {
/// use aws_client_runtime::{Config, ProviderConfig};
/// // A test's view of the world: these variables only, no real metadata endpoint.
/// let provider_config = ProviderConfig::default().with_env_vars([
///     ("AWS_REGION", "eu-west-1"),
///     ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
///     ("AWS_SECRET_ACCESS_KEY", "secret"),
///     ("AWS_EC2_METADATA_DISABLED", "true"),
/// ]);
/// let config = Config::loader().provider_config(provider_config).load().await?;
/// assert_eq!(config.region(), Some("eu-west-1"));
/// # Ok(()) }
/// ```
#[derive(Debug, Default, Clone)]
pub struct Loader {
    provider_config: Option<ProviderConfig>,
    profile_name: Option<String>,
    region: Option<String>,
}

impl Loader {
    /// Reads the environment, home directory, metadata endpoints and clock through
    /// `provider_config` instead of the process (tests point every source at loopback fakes).
    pub fn provider_config(mut self, provider_config: ProviderConfig) -> Self {
        self.provider_config = Some(provider_config);
        self
    }
    /// Uses this profile instead of `AWS_PROFILE` (or `default`).
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }
    /// Uses this region instead of the region chain (STS calls of the credential chain use
    /// it too).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Loads a builder, to change settings before [`Builder::build`]. Reads environment
    /// settings and the region now; credentials are resolved on the first call.
    ///
    /// The future is boxed here, in a function that is never inlined: the chains behind it
    /// are compiled once, in this crate, rather than again in every program that awaits them
    /// (the body of an `async fn` is compiled where it is awaited).
    #[inline(never)]
    pub fn load_builder(
        self,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Builder, EnvError>> + Send>>
    {
        Box::pin(self.load_builder_now())
    }

    async fn load_builder_now(self) -> Result<Builder, EnvError> {
        let mut provider_config = self.provider_config.unwrap_or_default();
        // The credential and region sources that call endpoints (IMDS, container, STS, SSO)
        // send through the client's own default HTTP client, unless given one.
        let default_http_client = match provider_config.http_client() {
            Some(_) => None,
            None => {
                let connect_timeout = Some(DEFAULT_CONNECT_TIMEOUT);
                let client = DefaultHttpClient::shared(connect_timeout);
                provider_config = provider_config.with_http_client(client.clone());
                Some(DefaultClient {
                    connect_timeout,
                    client,
                })
            }
        };
        if let Some(name) = self.profile_name {
            provider_config = provider_config.with_profile_name(name);
        }
        let region = match self.region {
            Some(region) => Some(region),
            None => crate::region::default_region(&provider_config).await,
        };
        if let Some(region) = &region {
            provider_config = provider_config.with_region(region.clone());
        }
        let lookup = {
            let provider_config = provider_config.clone();
            Arc::new(move |name: &str| provider_config.env(name))
        };
        // The profile's settings; the environment's, read next, win.
        let account_id_endpoint_mode = provider_config
            .profile_setting("account_id_endpoint_mode")
            .await
            .map(|v| parse_account_id_endpoint_mode("account_id_endpoint_mode (profile)", &v))
            .transpose()?;
        let sts_use_global_endpoint = provider_config
            .profile_setting("sts_regional_endpoints")
            .await
            .map(|v| parse_regional_or_legacy("sts_regional_endpoints (profile)", &v))
            .transpose()?;
        let request_checksum_calculation = provider_config
            .profile_setting("request_checksum_calculation")
            .await
            .map(|v| parse_checksum_setting("request_checksum_calculation (profile)", &v))
            .transpose()?;
        let response_checksum_validation = provider_config
            .profile_setting("response_checksum_validation")
            .await
            .map(|v| parse_checksum_setting("response_checksum_validation (profile)", &v))
            .transpose()?;
        let s3 = S3Settings {
            use_arn_region: profile_bool(
                &provider_config,
                "s3_use_arn_region",
                "s3_use_arn_region (profile)",
            )
            .await?,
            disable_multi_region_access_points: profile_bool(
                &provider_config,
                "s3_disable_multiregion_access_points",
                "s3_disable_multiregion_access_points (profile)",
            )
            .await?,
            use_global_endpoint: provider_config
                .profile_setting("s3_us_east_1_regional_endpoint")
                .await
                .map(|v| parse_regional_or_legacy("s3_us_east_1_regional_endpoint (profile)", &v))
                .transpose()?,
            ..S3Settings::default()
        };
        let builder = Builder {
            region,
            credentials_provider: Some(credentials::default_provider(&provider_config).await),
            account_id_endpoint_mode,
            sts_use_global_endpoint,
            request_checksum_calculation,
            response_checksum_validation,
            s3,
            token_provider: Some(SharedTokenProvider::new(SsoTokenProvider::new(
                &provider_config,
            ))),
            default_http_client,
            ..Builder::default()
        };
        builder.env_settings(lookup)
    }

    /// Loads the configuration (see [`Config::load`]).
    #[inline(never)]
    pub fn load(
        self,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Config, EnvError>> + Send>> {
        Box::pin(async move { Ok(self.load_builder_now().await?.build()) })
    }
}

type TokenProvider = Arc<dyn Fn() -> String + Send + Sync>;

/// Where endpoint URLs from the environment come from: `AWS_ENDPOINT_URL_<SERVICE>` is
/// looked up per service, so one configuration serves clients of several services.
#[derive(Clone)]
struct EnvEndpoints {
    lookup: EnvLookup,
    global: Option<String>,
}

fn parse_account_id_endpoint_mode(variable: &'static str, value: &str) -> Result<String, EnvError> {
    match value.trim().to_ascii_lowercase().as_str() {
        mode @ ("preferred" | "required" | "disabled") => Ok(mode.to_owned()),
        _ => Err(EnvError::invalid(
            variable,
            value,
            "`preferred`, `required` or `disabled`",
        )),
    }
}

/// `sts_regional_endpoints` and `s3_us_east_1_regional_endpoint`: `legacy` is the global
/// endpoint (`AWS::STS::UseGlobalEndpoint`, `AWS::S3::UseGlobalEndpoint` true), `regional`
/// the region's.
fn parse_regional_or_legacy(variable: &'static str, value: &str) -> Result<bool, EnvError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "legacy" => Ok(true),
        "regional" => Ok(false),
        _ => Err(EnvError::invalid(variable, value, "`regional` or `legacy`")),
    }
}

/// `when_supported` or `when_required`, in any case (as aws-config reads them).
fn parse_checksum_setting<T: std::str::FromStr>(
    variable: &'static str,
    value: &str,
) -> Result<T, EnvError> {
    value
        .parse()
        .map_err(|_| EnvError::invalid(variable, value, "`when_supported` or `when_required`"))
}

/// A `true`/`false` setting of the profile, named `key`; errors name it as `variable`.
async fn profile_bool(
    provider_config: &ProviderConfig,
    key: &str,
    variable: &'static str,
) -> Result<Option<bool>, EnvError> {
    provider_config
        .profile_setting(key)
        .await
        .map(|v| parse_bool(variable, &v))
        .transpose()
}

fn parse_bool(variable: &'static str, value: &str) -> Result<bool, EnvError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(EnvError::invalid(variable, value, "`true` or `false`")),
    }
}

/// An environment variable with an invalid value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvError {
    variable: &'static str,
    message: String,
}

impl EnvError {
    fn invalid(variable: &'static str, value: &str, expected: &str) -> Self {
        EnvError {
            variable,
            message: format!("invalid value {value:?} for {variable}: expected {expected}"),
        }
    }
    fn missing(variable: &'static str, message: &str) -> Self {
        EnvError {
            variable,
            message: message.to_owned(),
        }
    }
    /// The variable at fault.
    pub fn variable(&self) -> &'static str {
        self.variable
    }
}

impl fmt::Display for EnvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EnvError {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn reads_every_variable() {
        let b = Builder::from_env_with(env(&[
            ("AWS_DEFAULT_REGION", "eu-west-1"),
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", "TOKEN"),
            ("AWS_ENDPOINT_URL", "http://generic"),
            ("AWS_ENDPOINT_URL_MGN", "http://mgn"),
            ("AWS_USE_FIPS_ENDPOINT", "TRUE"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "false"),
            ("AWS_MAX_ATTEMPTS", "5"),
        ]))
        .unwrap();
        let c = b.build();
        assert_eq!(c.region(), Some("eu-west-1"));
        assert_eq!(c.endpoint_url_for("MGN").as_deref(), Some("http://mgn"));
        assert_eq!(
            c.endpoint_url_for("OTHER").as_deref(),
            Some("http://generic")
        );
        assert_eq!(c.endpoint_url(), None);
        assert!(c.use_fips());
        assert!(!c.use_dual_stack());
        assert_eq!(c.max_attempts(), 5);
        assert!(c.credentials_provider().is_some());
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("SECRET") && !debug.contains("TOKEN"),
            "{debug}"
        );
    }

    #[test]
    fn precedence_and_defaults() {
        let c = Builder::from_env_with(env(&[
            ("AWS_REGION", "us-east-1"),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL", "http://generic"),
            ("AWS_MAX_ATTEMPTS", ""),
        ]))
        .unwrap()
        .build();
        assert_eq!(c.region(), Some("us-east-1"));
        assert_eq!(c.endpoint_url_for("MGN").as_deref(), Some("http://generic"));
        assert_eq!(c.max_attempts(), DEFAULT_MAX_ATTEMPTS);
        assert!(c.credentials_provider().is_none());
        assert_eq!(c.connect_timeout(), Some(DEFAULT_CONNECT_TIMEOUT));

        let c = Builder::from_env_with(env(&[
            ("AWS_ENDPOINT_URL", "http://generic"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ]))
        .unwrap()
        .build();
        assert_eq!(c.endpoint_url_for("MGN"), None);
    }

    #[test]
    fn invalid_values_name_the_variable() {
        for (name, value) in [
            ("AWS_MAX_ATTEMPTS", "0"),
            ("AWS_MAX_ATTEMPTS", "three"),
            ("AWS_USE_FIPS_ENDPOINT", "yes"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "1"),
            ("AWS_STS_REGIONAL_ENDPOINTS", "global"),
        ] {
            let err = Builder::from_env_with(env(&[(name, value)])).unwrap_err();
            assert_eq!(err.variable(), name);
            assert!(err.to_string().contains(name), "{err}");
            assert!(err.to_string().contains(value), "{err}");
        }
        let err = Builder::from_env_with(env(&[("AWS_ACCESS_KEY_ID", "AKID")])).unwrap_err();
        assert_eq!(err.variable(), "AWS_SECRET_ACCESS_KEY");
        let err = Builder::from_env_with(env(&[("AWS_SECRET_ACCESS_KEY", "SECRET")])).unwrap_err();
        assert_eq!(err.variable(), "AWS_ACCESS_KEY_ID");
        assert!(!err.to_string().contains("SECRET\""), "{err}");
    }

    #[test]
    fn sts_regional_endpoints_chooses_the_sts_global_endpoint() {
        let from = |pairs: &[(&str, &str)]| {
            Builder::from_env_with(env(pairs))
                .unwrap()
                .build()
                .sts_use_global_endpoint()
        };
        assert!(!from(&[]), "regional by default");
        assert!(from(&[("AWS_STS_REGIONAL_ENDPOINTS", "legacy")]));
        assert!(!from(&[("AWS_STS_REGIONAL_ENDPOINTS", "Regional")]));
        let c = Config::builder().sts_use_global_endpoint(true).build();
        assert!(c.sts_use_global_endpoint());
        assert!(c.to_builder().build().sts_use_global_endpoint());
    }

    #[tokio::test]
    async fn the_profile_sets_sts_regional_endpoints_and_the_environment_wins() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(home.path().join(".aws")).unwrap();
        std::fs::write(
            home.path().join(".aws/config"),
            "[default]\nregion = us-east-1\nsts_regional_endpoints = legacy\n",
        )
        .unwrap();
        let load = |extra: &[(&'static str, &'static str)]| {
            let mut vars = vec![("AWS_EC2_METADATA_DISABLED", "true")];
            vars.extend_from_slice(extra);
            let provider_config = ProviderConfig::default()
                .with_env_vars(vars)
                .with_home(home.path());
            Config::loader().provider_config(provider_config).load()
        };
        assert!(load(&[]).await.unwrap().sts_use_global_endpoint());
        let overridden = load(&[("AWS_STS_REGIONAL_ENDPOINTS", "regional")]).await;
        assert!(!overridden.unwrap().sts_use_global_endpoint());

        std::fs::write(
            home.path().join(".aws/config"),
            "[default]\nsts_regional_endpoints = sometimes\n",
        )
        .unwrap();
        let err = load(&[]).await.unwrap_err();
        assert_eq!(err.variable(), "sts_regional_endpoints (profile)");
        assert!(err.to_string().contains("sometimes"), "{err}");
    }

    #[test]
    fn s3_settings_from_the_environment_and_the_builder() {
        let c = Builder::from_env_with(env(&[])).unwrap().build();
        assert!(!c.s3_force_path_style() && !c.s3_accelerate());
        assert_eq!(c.s3_use_arn_region(), None, "unset: the rule set decides");
        assert!(!c.s3_disable_multi_region_access_points());
        assert!(!c.s3_use_global_endpoint(), "regional by default");
        assert_eq!(c.endpoint_settings().s3, S3Settings::default());

        let c = Builder::from_env_with(env(&[
            ("AWS_S3_USE_ARN_REGION", "false"),
            ("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS", "TRUE"),
            ("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "legacy"),
        ]))
        .unwrap()
        .build();
        assert_eq!(c.s3_use_arn_region(), Some(false));
        assert!(c.s3_disable_multi_region_access_points());
        assert!(c.s3_use_global_endpoint());
        let regional = env(&[("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "regional")]);
        let c = Builder::from_env_with(regional).unwrap().build();
        assert_eq!(c.endpoint_settings().s3.use_global_endpoint, Some(false));

        let c = Config::builder()
            .s3_force_path_style(true)
            .s3_accelerate(true)
            .s3_use_arn_region(true)
            .s3_disable_multi_region_access_points(true)
            .s3_use_global_endpoint(true)
            .build();
        let expected = S3Settings {
            force_path_style: Some(true),
            accelerate: Some(true),
            use_arn_region: Some(true),
            disable_multi_region_access_points: Some(true),
            use_global_endpoint: Some(true),
        };
        assert_eq!(c.endpoint_settings().s3, expected);
        assert_eq!(c.to_builder().build().endpoint_settings().s3, expected);
        assert!(format!("{c:?}").contains("force_path_style: Some(true)"));

        for (name, value) in [
            ("AWS_S3_USE_ARN_REGION", "yes"),
            ("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS", "1"),
            ("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "global"),
        ] {
            let err = Builder::from_env_with(env(&[(name, value)])).unwrap_err();
            assert_eq!(err.variable(), name);
            assert!(err.to_string().contains(value), "{err}");
        }
    }

    #[tokio::test]
    async fn the_profile_sets_s3_settings_and_the_environment_wins() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(home.path().join(".aws")).unwrap();
        let config = home.path().join(".aws/config");
        std::fs::write(
            &config,
            "[default]\ns3_use_arn_region = true\ns3_disable_multiregion_access_points = true\n\
             s3_us_east_1_regional_endpoint = legacy\n",
        )
        .unwrap();
        let c = loader(home.path(), &[]).load().await.unwrap();
        assert_eq!(c.s3_use_arn_region(), Some(true));
        assert!(c.s3_disable_multi_region_access_points());
        assert!(c.s3_use_global_endpoint());
        let c = loader(
            home.path(),
            &[
                ("AWS_S3_USE_ARN_REGION", "false"),
                ("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS", "false"),
                ("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "regional"),
            ],
        )
        .load()
        .await
        .unwrap();
        assert_eq!(c.s3_use_arn_region(), Some(false));
        assert!(!c.s3_disable_multi_region_access_points());
        assert!(!c.s3_use_global_endpoint());

        for (line, variable) in [
            ("s3_use_arn_region = maybe", "s3_use_arn_region (profile)"),
            (
                "s3_disable_multiregion_access_points = 0",
                "s3_disable_multiregion_access_points (profile)",
            ),
            (
                "s3_us_east_1_regional_endpoint = global",
                "s3_us_east_1_regional_endpoint (profile)",
            ),
        ] {
            std::fs::write(&config, format!("[default]\n{line}\n")).unwrap();
            let err = loader(home.path(), &[]).load().await.unwrap_err();
            assert_eq!(err.variable(), variable);
        }
    }

    #[test]
    fn to_builder_round_trips() {
        let c = Config::builder()
            .region("us-west-2")
            .token(Token::new("token-SECRET", None))
            .max_attempts(0)
            .attempt_timeout(Duration::from_secs(2))
            .build();
        assert_eq!(c.max_attempts(), 1);
        let c2 = c.to_builder().region("eu-central-1").build();
        assert_eq!(c2.region(), Some("eu-central-1"));
        assert_eq!(c2.attempt_timeout(), Some(Duration::from_secs(2)));
        assert_eq!(c2.max_attempts(), 1);
        assert!(c2.token_provider().is_some());
        let debug = format!("{c2:?}");
        assert!(debug.contains("token_provider: Some(\"<set>\")"), "{debug}");
        assert!(!debug.contains("SECRET"), "{debug}");
    }

    /// A loader that sees exactly `vars` and `home`, with IMDS disabled.
    fn loader(home: &std::path::Path, vars: &[(&str, &str)]) -> Loader {
        let mut all: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        all.push(("AWS_EC2_METADATA_DISABLED".into(), "true".into()));
        Config::loader()
            .provider_config(ProviderConfig::default().with_env_vars(all).with_home(home))
    }

    #[tokio::test]
    async fn load_reads_profiles_and_environment_settings() {
        let home = tempfile::tempdir().unwrap();
        let aws = home.path().join(".aws");
        std::fs::create_dir_all(&aws).unwrap();
        std::fs::write(
            aws.join("credentials"),
            "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = DEVSECRET\n",
        )
        .unwrap();
        std::fs::write(aws.join("config"), "[profile dev]\nregion = eu-north-1\n").unwrap();

        let c = loader(
            home.path(),
            &[
                ("AWS_PROFILE", "dev"),
                ("AWS_ENDPOINT_URL_MGN", "http://127.0.0.1:9"),
                ("AWS_USE_DUALSTACK_ENDPOINT", "true"),
                ("AWS_MAX_ATTEMPTS", "4"),
            ],
        )
        .load()
        .await
        .unwrap();
        assert_eq!(c.region(), Some("eu-north-1"));
        assert_eq!(
            c.endpoint_url_for("MGN").as_deref(),
            Some("http://127.0.0.1:9")
        );
        assert!(c.use_dual_stack());
        assert_eq!(c.max_attempts(), 4);
        let provider = c.credentials_provider().unwrap();
        assert!(provider.is_caching(), "the chain comes cached");
        assert!(
            c.token_provider().is_some(),
            "the SSO token cache, read on use"
        );
        let creds = provider.provide_credentials().await.unwrap();
        assert_eq!(creds.access_key_id(), "AKIDDEV");
        assert!(!format!("{c:?}").contains("DEVSECRET"));

        // The loader's profile and region win over the environment's.
        let c = loader(home.path(), &[("AWS_PROFILE", "nope"), ("AWS_REGION", "x")])
            .profile_name("dev")
            .region("us-west-1")
            .load()
            .await
            .unwrap();
        assert_eq!(c.region(), Some("us-west-1"));
        let creds = c
            .credentials_provider()
            .unwrap()
            .provide_credentials()
            .await;
        assert_eq!(creds.unwrap().access_key_id(), "AKIDDEV");
    }

    /// The loader's default client, which the credential chain got too, becomes the
    /// configuration's, unless the connect timeout it was made with changed.
    #[tokio::test]
    async fn load_shares_its_default_client() {
        let home = tempfile::tempdir().unwrap();
        let builder = loader(home.path(), &[]).load_builder().await.unwrap();
        let loaded = builder.default_http_client.clone().unwrap().client;
        let c = builder.clone().build();
        assert!(Arc::ptr_eq(&c.http_client, &loaded));
        let again = c.to_builder().region("eu-west-1").build();
        assert!(Arc::ptr_eq(&again.http_client, &loaded));
        let other = builder.connect_timeout(Duration::from_secs(1)).build();
        assert!(!Arc::ptr_eq(&other.http_client, &loaded));
        assert_eq!(other.connect_timeout(), Some(Duration::from_secs(1)));
        let custom = c
            .to_builder()
            .http_client(DefaultHttpClient::new(None))
            .build();
        assert!(!Arc::ptr_eq(&custom.http_client, &loaded));
        assert!(Arc::ptr_eq(
            &custom.to_builder().build().http_client,
            &custom.http_client
        ));
    }

    #[tokio::test]
    async fn load_without_sources() {
        let home = tempfile::tempdir().unwrap();
        let c = loader(home.path(), &[]).load().await.unwrap();
        assert_eq!(c.region(), None, "no region anywhere (IMDS disabled)");
        let err = c
            .credentials_provider()
            .unwrap()
            .provide_credentials()
            .await
            .unwrap_err();
        for source in [
            "environment",
            "profile",
            "web identity",
            "container",
            "IMDS",
        ] {
            assert!(err.to_string().contains(source), "{err}");
        }
        let err = loader(home.path(), &[("AWS_MAX_ATTEMPTS", "zero")])
            .load()
            .await
            .unwrap_err();
        assert_eq!(err.variable(), "AWS_MAX_ATTEMPTS");
    }

    #[cfg(feature = "aws-config")]
    #[tokio::test]
    async fn from_sdk_config() {
        use aws_types::sdk_config::{RetryConfig, TimeoutConfig};
        let sdk = aws_types::SdkConfig::builder()
            .region(aws_types::region::Region::new("eu-west-3"))
            .credentials_provider(
                aws_credential_types::provider::SharedCredentialsProvider::new(
                    aws_credential_types::Credentials::new("AKID", "SECRET", None, None, "t"),
                ),
            )
            .token_provider(
                aws_credential_types::provider::token::SharedTokenProvider::new(
                    aws_credential_types::Token::new("sdk-token", None),
                ),
            )
            .endpoint_url("http://127.0.0.1:1")
            .use_fips(false)
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(7)
                    .with_initial_backoff(Duration::from_millis(5)),
            )
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(2))
                    .operation_attempt_timeout(Duration::from_secs(4))
                    .operation_timeout(Duration::from_secs(9))
                    .build(),
            )
            .request_checksum_calculation(
                aws_types::sdk_config::RequestChecksumCalculation::WhenRequired,
            )
            .build();
        let c = Builder::from_sdk_config(&sdk).build();
        assert_eq!(
            c.request_checksum_calculation(),
            RequestChecksumCalculation::WhenRequired
        );
        assert_eq!(
            c.response_checksum_validation(),
            ResponseChecksumValidation::WhenSupported
        );
        assert_eq!(c.region(), Some("eu-west-3"));
        assert!(c.credentials_provider().is_some());
        assert_eq!(c.endpoint_url(), Some("http://127.0.0.1:1"));
        let token = c.token_provider().unwrap().provide_token().await.unwrap();
        assert_eq!(token.token(), "sdk-token");
        assert_eq!(c.max_attempts(), 7);
        assert_eq!(c.initial_backoff(), Duration::from_millis(5));
        assert_eq!(c.connect_timeout(), Some(Duration::from_secs(2)));
        assert_eq!(c.attempt_timeout(), Some(Duration::from_secs(4)));
        assert_eq!(c.operation_timeout(), Some(Duration::from_secs(9)));
    }
}
