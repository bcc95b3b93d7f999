//! IAM Identity Center (SSO): the access token that `aws sso login` cached in
//! `~/.aws/sso/cache/<sha1>.json`, exchanged for role credentials at the portal's
//! `GetRoleCredentials`. Both profile forms: `sso_session` (with an `[sso-session]`
//! section) and the legacy `sso_start_url` + `sso_region` in the profile itself.
//! The same token cache serves bearer-auth operations ([`SsoTokenProvider`]).
//! Tokens are not refreshed here: an expired one asks the user to log in again.

use super::config::{ProviderConfig, dns_suffix};
use super::http::encode;
use super::profile::{Profile, ProfileSet};
use super::{Credentials, CredentialsError};
use crate::token::{ProvideToken, ProvideTokenFuture, Token};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

const SOURCE: &str = "SSO";
const TIMEOUT: Duration = Duration::from_secs(10);

/// An SSO profile's settings.
#[derive(Debug, Clone)]
pub(crate) struct SsoConfig {
    region: String,
    account_id: String,
    role_name: String,
    cache: TokenCache,
}

/// Whether `profile` is an SSO profile; `Some(Err)` names what is missing.
pub(crate) fn from_profile(
    set: &ProfileSet,
    profile: &Profile,
) -> Option<Result<SsoConfig, CredentialsError>> {
    let session_name = profile.get("sso_session");
    if session_name.is_none() && profile.get("sso_start_url").is_none() {
        return None;
    }
    Some(resolve(set, profile, session_name))
}

fn resolve(
    set: &ProfileSet,
    profile: &Profile,
    session_name: Option<&str>,
) -> Result<SsoConfig, CredentialsError> {
    let invalid = |m: String| {
        CredentialsError::invalid_configuration(SOURCE, format!("{}: {m}", profile.describe()))
    };
    let required = |section: &Profile, key: &str| {
        section
            .get(key)
            .map(str::to_owned)
            .ok_or_else(|| invalid(format!("`{key}` is required for SSO")))
    };
    let (start_url, region) = match session_name {
        Some(name) => {
            let session = set.sso_session(name).ok_or_else(|| {
                invalid(format!(
                    "sso_session `{name}` has no [sso-session {name}] section"
                ))
            })?;
            let start_url = session
                .get("sso_start_url")
                .map(str::to_owned)
                .ok_or_else(|| invalid(format!("[sso-session {name}] has no `sso_start_url`")))?;
            let region = session
                .get("sso_region")
                .map(str::to_owned)
                .ok_or_else(|| invalid(format!("[sso-session {name}] has no `sso_region`")))?;
            // A profile may repeat the session's values, but must agree with them.
            for (key, value) in [("sso_start_url", &start_url), ("sso_region", &region)] {
                if let Some(own) = profile.get(key)
                    && own != value
                {
                    return Err(invalid(format!(
                        "`{key}` differs from the one in [sso-session {name}]"
                    )));
                }
            }
            (start_url, region)
        }
        None => (
            required(profile, "sso_start_url")?,
            required(profile, "sso_region")?,
        ),
    };
    let cache = match session_name {
        Some(name) => TokenCache::for_session(name),
        None => TokenCache {
            key: start_url,
            login_hint: format!("run `aws sso login --profile {}`", profile.name()),
        },
    };
    Ok(SsoConfig {
        region,
        account_id: required(profile, "sso_account_id")?,
        role_name: required(profile, "sso_role_name")?,
        cache,
    })
}

/// Where `aws sso login` left the access token of an SSO session (or of a legacy profile's
/// start URL): `~/.aws/sso/cache/<hex sha1 of the key>.json`, with `accessToken` and
/// `expiresAt`.
#[derive(Debug, Clone)]
struct TokenCache {
    /// The session name, else the start URL.
    key: String,
    /// What the user runs to refresh the token, for messages.
    login_hint: String,
}

impl TokenCache {
    fn for_session(name: &str) -> TokenCache {
        TokenCache {
            key: name.to_owned(),
            login_hint: format!("run `aws sso login --sso-session {name}`"),
        }
    }

    fn file(
        &self,
        config: &ProviderConfig,
        source: &'static str,
    ) -> Result<PathBuf, CredentialsError> {
        let digest = crate::crypto::sha1(self.key.as_bytes()).map_err(|e| {
            CredentialsError::provider_error(source, "cannot name the SSO token cache file")
                .with_cause(e)
        })?;
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let home = config.home_dir().ok_or_else(|| {
            CredentialsError::invalid_configuration(
                source,
                "no home directory (HOME) to find ~/.aws/sso/cache",
            )
        })?;
        Ok(home
            .join(".aws")
            .join("sso")
            .join("cache")
            .join(format!("{hex}.json")))
    }

    /// The cached token and its expiry, if it has not expired; errors (reported as `source`)
    /// name the file and how to log in again, never the token.
    async fn read(
        &self,
        config: &ProviderConfig,
        source: &'static str,
    ) -> Result<(String, SystemTime), CredentialsError> {
        let file = self.file(config, source)?;
        let shown = file.display();
        let text = super::files::read(&file).await.map_err(|e| {
            let m = if e.kind() == std::io::ErrorKind::NotFound {
                format!("no cached SSO token at {shown}; {}", self.login_hint)
            } else {
                format!("could not read the SSO token cache {shown}")
            };
            CredentialsError::provider_error(source, m).with_cause(e)
        })?;
        let bad = |m: String| {
            CredentialsError::provider_error(
                source,
                format!(
                    "the SSO token cache {shown} is unusable ({m}); {}",
                    self.login_hint
                ),
            )
        };
        let map = super::json::parse_object(&text).map_err(bad)?;
        let token = super::json::required(&map, "accessToken").map_err(bad)?;
        let expires = super::json::optional_time(&map, "expiresAt")
            .map_err(bad)?
            .ok_or_else(|| bad("missing `expiresAt`".into()))?;
        if config.now() >= expires {
            return Err(CredentialsError::provider_error(
                source,
                format!(
                    "the SSO token in {shown} expired at {}; {} to refresh it",
                    super::time::DisplayTime(expires),
                    self.login_hint
                ),
            ));
        }
        Ok((token.to_owned(), expires))
    }
}

impl SsoConfig {
    /// Reads the cached token, checks its expiry, and calls `GetRoleCredentials`.
    pub(crate) async fn load(
        &self,
        config: &ProviderConfig,
    ) -> Result<Credentials, CredentialsError> {
        let (token, _) = self.cache.read(config, SOURCE).await?;
        let token = token.as_str();
        let shown = self.cache.file(config, SOURCE)?;
        let shown = shown.display();
        let base = config.endpoint_override("SSO").unwrap_or_else(|| {
            format!(
                "https://portal.sso.{}.{}",
                self.region,
                dns_suffix(&self.region)
            )
        });
        let url = format!(
            "{base}/federation/credentials?role_name={}&account_id={}",
            encode(&self.role_name),
            encode(&self.account_id)
        );
        tracing::debug!(source = SOURCE, url = %url, "calling GetRoleCredentials");
        let response = config
            .http
            .send(
                http::Method::GET,
                &url,
                &[("x-amz-sso_bearer_token", token)],
                Vec::new(),
                TIMEOUT,
            )
            .await
            .map_err(|e| {
                let m = format!("GetRoleCredentials at {url} failed");
                if e.is_timeout() {
                    CredentialsError::timed_out(SOURCE, m).with_cause(e)
                } else {
                    CredentialsError::provider_error(SOURCE, m).with_cause(e)
                }
            })?;
        if response.status == 401 || response.status == 403 {
            return Err(CredentialsError::provider_error(
                SOURCE,
                format!(
                    "the SSO portal at {url} rejected the token from {shown} (HTTP {}); {}",
                    response.status, self.cache.login_hint
                ),
            ));
        }
        if !response.is_success() {
            return Err(CredentialsError::provider_error(
                SOURCE,
                format!(
                    "GetRoleCredentials at {url} returned HTTP {}",
                    response.status
                ),
            ));
        }
        parse_role_credentials(&response.body, &self.account_id).map_err(|m| {
            CredentialsError::provider_error(SOURCE, format!("GetRoleCredentials at {url}: {m}"))
        })
    }
}

fn parse_role_credentials(body: &[u8], account_id: &str) -> Result<Credentials, String> {
    let map = super::json::parse_object(body)?;
    let Some(serde_json::Value::Object(rc)) = map.get("roleCredentials") else {
        return Err("missing `roleCredentials`".into());
    };
    let expiry = match rc.get("expiration") {
        Some(v) => Some(
            v.as_i64()
                .and_then(super::time::from_epoch_millis)
                .ok_or("`expiration` is not epoch milliseconds")?,
        ),
        None => None,
    };
    Ok(Credentials::new(
        super::json::required(rc, "accessKeyId")?,
        super::json::required(rc, "secretAccessKey")?,
        super::json::optional(rc, "sessionToken")?.map(str::to_owned),
        expiry,
        "Sso",
    )
    .with_account_id(account_id))
}

const TOKEN_SOURCE: &str = "SSO token";

/// The bearer token `aws sso login` cached for the selected profile's `sso_session`, as
/// aws-config's profile token provider reads it: `~/.aws/sso/cache/<hex sha1 of the session
/// name>.json`, fields `accessToken` and `expiresAt`. The profile files are read on the
/// first call; the token is kept until it expires, then read again (after a new
/// `aws sso login`). It is not refreshed through SSO OIDC: an expired token is an error
/// naming the file and the login command.
#[derive(Debug)]
pub struct SsoTokenProvider {
    config: ProviderConfig,
    cached: Mutex<Option<Token>>,
}

impl SsoTokenProvider {
    /// A provider for the profile `config` selects (`AWS_PROFILE`, else `default`).
    pub fn new(config: &ProviderConfig) -> Self {
        SsoTokenProvider {
            config: config.clone(),
            cached: Mutex::new(None),
        }
    }

    async fn load(&self) -> Result<Token, CredentialsError> {
        let now = self.config.now();
        if let Some(token) = self.cached.lock().ok().and_then(|c| c.clone())
            && token.expiry().is_none_or(|expiry| now < expiry)
        {
            return Ok(token);
        }
        let set = self.config.profiles().await.map_err(|e| e.to_detached())?;
        let profile = set.selected().ok_or_else(|| {
            CredentialsError::not_loaded(
                TOKEN_SOURCE,
                format!(
                    "the profile `{}` is not defined in {}",
                    set.selected_name(),
                    set.describe_files()
                ),
            )
        })?;
        let name = profile.get("sso_session").ok_or_else(|| {
            CredentialsError::not_loaded(
                TOKEN_SOURCE,
                format!(
                    "{} has no `sso_session`, so there is no SSO token to send; set one, or \
                     set a token with Config::builder().token(..)",
                    profile.describe()
                ),
            )
        })?;
        if set.sso_session(name).is_none() {
            return Err(CredentialsError::invalid_configuration(
                TOKEN_SOURCE,
                format!(
                    "{}: sso_session `{name}` has no [sso-session {name}] section",
                    profile.describe()
                ),
            ));
        }
        let (token, expiry) = TokenCache::for_session(name)
            .read(&self.config, TOKEN_SOURCE)
            .await?;
        let token = Token::new(token, Some(expiry));
        if let Ok(mut cached) = self.cached.lock() {
            *cached = Some(token.clone());
        }
        Ok(token)
    }
}

impl ProvideToken for SsoTokenProvider {
    fn provide_token(&self) -> ProvideTokenFuture<'_> {
        Box::pin(self.load())
    }
}
