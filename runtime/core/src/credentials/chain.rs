//! [`CredentialsProviderChain`]: tries sources in order and, when none has credentials,
//! says what each one lacked.

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};

/// Tries each provider in turn. A provider that reports
/// [`NotLoaded`](super::CredentialsErrorKind::NotLoaded) passes to the next one; any other
/// error stops the chain (that source is configured, so falling through would silently use
/// other credentials than the user meant).
#[derive(Debug)]
pub struct CredentialsProviderChain {
    providers: Vec<(&'static str, Box<dyn ProvideCredentials>)>,
}

impl CredentialsProviderChain {
    /// A chain starting with `provider`, named `name` in logs and errors.
    pub fn first_try(name: &'static str, provider: impl ProvideCredentials + 'static) -> Self {
        CredentialsProviderChain {
            providers: vec![(name, Box::new(provider))],
        }
    }
    /// Adds a provider to try after the others.
    pub fn or_else(
        mut self,
        name: &'static str,
        provider: impl ProvideCredentials + 'static,
    ) -> Self {
        self.providers.push((name, Box::new(provider)));
        self
    }

    /// Runs the chain.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::with_capacity(self.providers.len());
        for (name, provider) in &self.providers {
            tracing::debug!(source = *name, "trying credentials source");
            match provider.provide_credentials().await {
                Ok(creds) => {
                    tracing::debug!(source = *name, "credentials loaded");
                    return Ok(creds);
                }
                Err(e) if e.is_not_loaded() => {
                    tracing::debug!(source = *name, reason = %e, "no credentials from this source");
                    tried.push(format!("{name} ({})", e.message()));
                }
                Err(e) => {
                    tracing::debug!(source = *name, error = %e, "credentials source failed");
                    return Err(e);
                }
            }
        }
        Err(CredentialsError::not_loaded(
            "credentials chain",
            format!("no credentials found; tried: {}", tried.join("; ")),
        ))
    }
}

impl ProvideCredentials for CredentialsProviderChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
