//! IAM Identity Center (SSO): the access token that `aws sso login` cached in
//! `~/.aws/sso/cache/<sha1>.json`, exchanged for role credentials at the portal's
//! `GetRoleCredentials`. Both profile forms: `sso_session` (with an `[sso-session]`
//! section) and the legacy `sso_start_url` + `sso_region` in the profile itself.
//! Tokens are not refreshed here: an expired one asks the user to log in again.

use super::config::{ProviderConfig, dns_suffix};
use super::http::encode;
use super::profile::{Profile, ProfileSet};
use super::{Credentials, CredentialsError};
use std::path::PathBuf;
use std::time::Duration;

const SOURCE: &str = "SSO";
const TIMEOUT: Duration = Duration::from_secs(10);

/// An SSO profile's settings.
#[derive(Debug, Clone)]
pub(crate) struct SsoConfig {
    start_url: String,
    region: String,
    account_id: String,
    role_name: String,
    /// `Some` for the `sso_session` form: the cache key and the login hint use it.
    session_name: Option<String>,
    profile_name: String,
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
    Ok(SsoConfig {
        start_url,
        region,
        account_id: required(profile, "sso_account_id")?,
        role_name: required(profile, "sso_role_name")?,
        session_name: session_name.map(str::to_owned),
        profile_name: profile.name().to_owned(),
    })
}

impl SsoConfig {
    fn login_hint(&self) -> String {
        match &self.session_name {
            Some(s) => format!("run `aws sso login --sso-session {s}`"),
            None => format!("run `aws sso login --profile {}`", self.profile_name),
        }
    }

    fn cache_file(&self, config: &ProviderConfig) -> Result<PathBuf, CredentialsError> {
        let key = self.session_name.as_deref().unwrap_or(&self.start_url);
        let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, key.as_bytes());
        let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        let home = config.home_dir().ok_or_else(|| {
            CredentialsError::invalid_configuration(
                SOURCE,
                "no home directory (HOME) to find ~/.aws/sso/cache",
            )
        })?;
        Ok(home
            .join(".aws")
            .join("sso")
            .join("cache")
            .join(format!("{hex}.json")))
    }

    /// Reads the cached token, checks its expiry, and calls `GetRoleCredentials`.
    pub(crate) async fn load(
        &self,
        config: &ProviderConfig,
    ) -> Result<Credentials, CredentialsError> {
        let file = self.cache_file(config)?;
        let shown = file.display();
        let text = tokio::fs::read(&file).await.map_err(|e| {
            let m = if e.kind() == std::io::ErrorKind::NotFound {
                format!("no cached SSO token at {shown}; {}", self.login_hint())
            } else {
                format!("could not read the SSO token cache {shown}")
            };
            CredentialsError::provider_error(SOURCE, m).with_cause(e)
        })?;
        let bad = |m: String| {
            CredentialsError::provider_error(
                SOURCE,
                format!(
                    "the SSO token cache {shown} is unusable ({m}); {}",
                    self.login_hint()
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
                SOURCE,
                format!(
                    "the SSO token in {shown} expired at {}; {} to refresh it",
                    super::time::DisplayTime(expires),
                    self.login_hint()
                ),
            ));
        }
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
                    response.status,
                    self.login_hint()
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
