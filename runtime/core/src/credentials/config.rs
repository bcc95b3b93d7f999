//! [`ProviderConfig`]: everything the credential and region sources read from the outside
//! world (environment variables, home directory, metadata endpoints, the HTTP client, the
//! clock), so tests can inject all of it and never touch the process environment.

use super::CredentialsError;
use super::http::Http;
use super::profile::ProfileSet;
use crate::http::SharedHttpClient;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

/// Looks up an environment variable.
pub type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;
/// Returns the current time (credential expiry checks use it).
pub type TimeSource = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// The ECS container credentials host for `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`.
pub const DEFAULT_CONTAINER_ENDPOINT: &str = "http://169.254.170.2";

/// The environment the credential and region providers see.
///
/// [`ProviderConfig::default`] reads the process: its environment variables, the home
/// directory from `HOME` (`USERPROFILE` on Windows), the real metadata endpoints and the
/// system clock. It has no HTTP client: the sources that call an endpoint (IMDS, container,
/// STS, SSO) send through the one given with [`ProviderConfig::with_http_client`] (the loader
/// of aws-client-runtime's `Config::load` gives its default client) and fail, naming
/// themselves, without one. Each `with_*` method replaces one piece. Cloning is cheap; clones share the
/// parsed profile files, which are read once, on first use.
///
/// ```
/// use aws_client_core::credentials::ProviderConfig;
/// let config = ProviderConfig::default()
///     .with_env_vars([("AWS_PROFILE", "dev"), ("HOME", "/home/me")])
///     .with_imds_endpoint("http://127.0.0.1:1338");
/// assert_eq!(config.env("AWS_PROFILE").as_deref(), Some("dev"));
/// ```
#[derive(Clone)]
pub struct ProviderConfig {
    env: EnvLookup,
    home: Option<PathBuf>,
    profile_name: Option<String>,
    region: Option<String>,
    imds_endpoint: Option<String>,
    container_endpoint: String,
    time: TimeSource,
    pub(crate) http: Http,
    profiles: Arc<tokio::sync::OnceCell<Result<Arc<ProfileSet>, Arc<CredentialsError>>>>,
}

impl Default for ProviderConfig {
    fn default() -> Self {
        ProviderConfig {
            env: Arc::new(|name| std::env::var(name).ok()),
            home: None,
            profile_name: None,
            region: None,
            imds_endpoint: None,
            container_endpoint: DEFAULT_CONTAINER_ENDPOINT.to_owned(),
            time: Arc::new(SystemTime::now),
            http: Http::default(),
            profiles: Arc::default(),
        }
    }
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Environment values are not printed: they include secrets.
        f.debug_struct("ProviderConfig")
            .field("home", &self.home)
            .field("profile_name", &self.profile_name)
            .field("region", &self.region)
            .field("imds_endpoint", &self.imds_endpoint)
            .field("container_endpoint", &self.container_endpoint)
            .field("http", &self.http)
            .finish_non_exhaustive()
    }
}

impl ProviderConfig {
    /// Same as [`ProviderConfig::default`]: the real process environment.
    pub fn from_env() -> Self {
        Self::default()
    }

    /// Starts over with the parsed profile files forgotten (they depend on what changed).
    fn changed(mut self) -> Self {
        self.profiles = Arc::default();
        self
    }

    /// Reads environment variables through `lookup` instead of the process environment.
    pub fn with_env(self, lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        ProviderConfig {
            env: Arc::new(lookup),
            ..self
        }
        .changed()
    }

    /// Uses exactly these environment variables (none of the process's).
    pub fn with_env_vars<K: Into<String>, V: Into<String>>(
        self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let map: std::collections::HashMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.with_env(move |name| map.get(name).cloned())
    }

    /// Uses this home directory for `~/.aws/...` instead of `HOME`.
    pub fn with_home(self, home: impl Into<PathBuf>) -> Self {
        ProviderConfig {
            home: Some(home.into()),
            ..self
        }
        .changed()
    }

    /// Selects this profile instead of `AWS_PROFILE` / `default`.
    pub fn with_profile_name(self, name: impl Into<String>) -> Self {
        ProviderConfig {
            profile_name: Some(name.into()),
            ..self
        }
        .changed()
    }

    /// The region used for STS calls when neither the environment nor the profile names one.
    pub fn with_region(self, region: impl Into<String>) -> Self {
        ProviderConfig {
            region: Some(region.into()),
            ..self
        }
    }

    /// Sends IMDS requests to this base URL (e.g. a test server) whatever the environment
    /// and profile say.
    pub fn with_imds_endpoint(self, url: impl Into<String>) -> Self {
        ProviderConfig {
            imds_endpoint: Some(url.into()),
            ..self
        }
    }

    /// Resolves `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` against this base URL instead of
    /// `http://169.254.170.2`.
    pub fn with_container_endpoint(self, url: impl Into<String>) -> Self {
        ProviderConfig {
            container_endpoint: url.into(),
            ..self
        }
    }

    /// Sends the requests of the IMDS, container, STS and SSO sources through `client`,
    /// whose responses they read up to 1 MiB, each request within its own timeout.
    pub fn with_http_client(self, client: SharedHttpClient) -> Self {
        ProviderConfig {
            http: Http::new(client),
            ..self
        }
    }

    /// The HTTP client of the sources that call endpoints, if one was given.
    pub fn http_client(&self) -> Option<&SharedHttpClient> {
        self.http.client()
    }

    /// Uses this clock for expiry decisions (tests drive it with paused tokio time).
    pub fn with_time_source(self, now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        ProviderConfig {
            time: Arc::new(now),
            ..self
        }
    }

    /// An environment variable; empty or blank values count as unset, as in aws-config.
    pub fn env(&self, name: &str) -> Option<String> {
        (self.env)(name).filter(|v| !v.trim().is_empty())
    }

    /// The current time from the configured clock.
    pub fn now(&self) -> SystemTime {
        (self.time)()
    }

    /// The clock, shared (for caches).
    pub fn time_source(&self) -> TimeSource {
        self.time.clone()
    }

    /// The home directory: the override, else `HOME`, else `USERPROFILE`, else
    /// `HOMEDRIVE` + `HOMEPATH`.
    pub fn home_dir(&self) -> Option<PathBuf> {
        if let Some(home) = &self.home {
            return Some(home.clone());
        }
        self.env("HOME")
            .or_else(|| self.env("USERPROFILE"))
            .or_else(|| {
                Some(format!(
                    "{}{}",
                    self.env("HOMEDRIVE")?,
                    self.env("HOMEPATH")?
                ))
            })
            .map(PathBuf::from)
    }

    /// Expands a leading `~` with the home directory.
    pub(crate) fn expand_home(&self, path: &str) -> PathBuf {
        if let Some(rest) = path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\"))
            && let Some(home) = self.home_dir()
        {
            return home.join(rest);
        }
        if path == "~"
            && let Some(home) = self.home_dir()
        {
            return home;
        }
        PathBuf::from(path)
    }

    /// The profile selected by the override, else `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`,
    /// and whether it was chosen explicitly (a missing explicit profile is an error; a
    /// missing `default` just means "no profile").
    pub(crate) fn selected_profile(&self) -> (String, bool) {
        match self
            .profile_name
            .clone()
            .or_else(|| self.env("AWS_PROFILE"))
            .or_else(|| self.env("AWS_DEFAULT_PROFILE"))
        {
            Some(name) => (name.trim().to_owned(), true),
            None => ("default".to_owned(), false),
        }
    }

    pub(crate) fn region_override(&self) -> Option<&str> {
        self.region.as_deref()
    }
    pub(crate) fn imds_endpoint_override(&self) -> Option<&str> {
        self.imds_endpoint.as_deref()
    }
    pub(crate) fn container_endpoint(&self) -> &str {
        &self.container_endpoint
    }

    /// The parsed profile files, read on first use and shared by clones.
    pub(crate) async fn profiles(&self) -> Result<Arc<ProfileSet>, Arc<CredentialsError>> {
        self.profiles
            .get_or_init(|| async { ProfileSet::load(self).await.map(Arc::new).map_err(Arc::new) })
            .await
            .clone()
    }

    /// A setting of the selected profile (`~/.aws/config` and `~/.aws/credentials`), e.g.
    /// `account_id_endpoint_mode`; `None` when the profile lacks it or the files cannot be read
    /// (the credential sources report that).
    pub async fn profile_setting(&self, name: &str) -> Option<String> {
        let profiles = self.profiles().await.ok()?;
        profiles.selected()?.get(name).map(str::to_owned)
    }

    /// The region from `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile (no IMDS).
    pub(crate) async fn env_or_profile_region(&self) -> Option<String> {
        if let Some(region) = self
            .env("AWS_REGION")
            .or_else(|| self.env("AWS_DEFAULT_REGION"))
        {
            return Some(region.trim().to_owned());
        }
        let profiles = self.profiles().await.ok()?;
        profiles.selected()?.get("region").map(str::to_owned)
    }

    /// A service endpoint override: `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`,
    /// unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true.
    pub(crate) fn endpoint_override(&self, service_env_suffix: &str) -> Option<String> {
        if self
            .env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        {
            return None;
        }
        self.env(&format!("AWS_ENDPOINT_URL_{service_env_suffix}"))
            .or_else(|| self.env("AWS_ENDPOINT_URL"))
            .map(|u| u.trim().trim_end_matches('/').to_owned())
    }
}

/// The DNS suffix of a region's partition (the few non-`aws` partitions by prefix).
pub(crate) fn dns_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else if region.starts_with("us-isob-") {
        "sc2s.sgov.gov"
    } else if region.starts_with("us-iso-") {
        "c2s.ic.gov"
    } else {
        "amazonaws.com"
    }
}
