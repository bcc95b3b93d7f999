//! Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
//! `AWS_CREDENTIAL_EXPIRATION` and `AWS_ACCOUNT_ID`.

use super::config::ProviderConfig;
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};

const SOURCE: &str = "environment";

/// Reads the standard credential environment variables.
#[derive(Debug, Clone)]
pub struct EnvironmentCredentialsProvider {
    config: ProviderConfig,
}

impl EnvironmentCredentialsProvider {
    /// A provider reading variables through `config`.
    pub fn new(config: &ProviderConfig) -> Self {
        EnvironmentCredentialsProvider {
            config: config.clone(),
        }
    }

    /// Loads synchronously (no I/O beyond variable lookups).
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let env = |name| self.config.env(name).map(|v| v.trim().to_owned());
        let (akid, secret) = match (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
            (Some(a), Some(s)) => (a, s),
            (None, None) => {
                return Err(CredentialsError::not_loaded(
                    SOURCE,
                    "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
                ));
            }
            (Some(_), None) => {
                return Err(CredentialsError::invalid_configuration(
                    SOURCE,
                    "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
                ));
            }
            (None, Some(_)) => {
                return Err(CredentialsError::invalid_configuration(
                    SOURCE,
                    "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
                ));
            }
        };
        let expiry = match env("AWS_CREDENTIAL_EXPIRATION") {
            None => None,
            Some(v) => Some(super::time::parse_rfc3339(&v).ok_or_else(|| {
                CredentialsError::invalid_configuration(
                    SOURCE,
                    format!("AWS_CREDENTIAL_EXPIRATION is not an RFC 3339 time: {v:?}"),
                )
            })?),
        };
        let creds = Credentials::new(
            akid,
            secret,
            env("AWS_SESSION_TOKEN"),
            expiry,
            "Environment",
        );
        Ok(match env("AWS_ACCOUNT_ID") {
            Some(account) => creds.with_account_id(account),
            None => creds,
        })
    }
}

impl ProvideCredentials for EnvironmentCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        let result = self.load();
        Box::pin(async move { result })
    }
}
