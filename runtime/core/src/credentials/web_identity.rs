//! Web identity federation: a token file (EKS IRSA, GitHub Actions OIDC...) exchanged for
//! role credentials with STS `AssumeRoleWithWebIdentity`. Configured by
//! `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`), or by a
//! profile's `web_identity_token_file` + `role_arn`.

use super::config::ProviderConfig;
use super::sts::{self, RoleRequest};
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use std::path::PathBuf;

const SOURCE: &str = "web identity";

/// Credentials for a role, from a web identity token file.
#[derive(Debug, Clone)]
pub struct WebIdentityTokenCredentialsProvider {
    config: ProviderConfig,
    /// `None`: read the environment variables on each load.
    fixed: Option<(PathBuf, RoleRequest)>,
}

impl WebIdentityTokenCredentialsProvider {
    /// A provider configured by `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and
    /// `AWS_ROLE_SESSION_NAME`.
    pub fn from_env(config: &ProviderConfig) -> Self {
        WebIdentityTokenCredentialsProvider {
            config: config.clone(),
            fixed: None,
        }
    }

    /// A provider for a given token file and role (as a profile configures it).
    pub(crate) fn fixed(config: &ProviderConfig, token_file: PathBuf, role: RoleRequest) -> Self {
        WebIdentityTokenCredentialsProvider {
            config: config.clone(),
            fixed: Some((token_file, role)),
        }
    }

    fn read_variables(&self) -> Result<(PathBuf, RoleRequest), CredentialsError> {
        let env = |name| self.config.env(name).map(|v| v.trim().to_owned());
        match (env("AWS_WEB_IDENTITY_TOKEN_FILE"), env("AWS_ROLE_ARN")) {
            (Some(file), Some(role_arn)) => Ok((
                self.config.expand_home(&file),
                RoleRequest {
                    role_arn,
                    session_name: env("AWS_ROLE_SESSION_NAME"),
                    ..RoleRequest::default()
                },
            )),
            (Some(_), None) => Err(CredentialsError::invalid_configuration(
                SOURCE,
                "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
            )),
            (None, Some(_)) => Err(CredentialsError::not_loaded(
                SOURCE,
                "AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not",
            )),
            (None, None) => Err(CredentialsError::not_loaded(
                SOURCE,
                "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set",
            )),
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let (file, role) = match &self.fixed {
            Some(fixed) => fixed.clone(),
            None => self.read_variables()?,
        };
        // Read on every load: the token is rotated on disk.
        let token = super::files::read_to_string(&file).await.map_err(|e| {
            CredentialsError::invalid_configuration(
                SOURCE,
                format!(
                    "could not read the web identity token file {}",
                    file.display()
                ),
            )
            .with_cause(e)
        })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::invalid_configuration(
                SOURCE,
                format!("the web identity token file {} is empty", file.display()),
            ));
        }
        tracing::debug!(source = SOURCE, file = %file.display(), role_arn = %role.role_arn, "exchanging a web identity token");
        sts::assume_role_with_web_identity(&self.config, &role, token)
            .await
            .map_err(|e| e.within(SOURCE, &format!("token file {}", file.display())))
    }
}

impl ProvideCredentials for WebIdentityTokenCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}
