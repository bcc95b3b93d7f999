//! [`Credentials`]: the value every provider returns.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// AWS credentials: an access key id, its secret, and for temporary credentials a session
/// token and an expiry. Cheap to clone (the fields are shared).
///
/// `Debug` shows the access key id, the provider and the expiry, never the secret or the
/// session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials(Arc<Inner>);

#[derive(PartialEq, Eq)]
struct Inner {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
    provider_name: &'static str,
    account_id: Option<String>,
}

impl Credentials {
    /// Credentials from their parts. `provider_name` names the source (e.g. `"Environment"`)
    /// for logs and debugging; `expires_after` is `None` for long-term credentials.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expires_after: Option<SystemTime>,
        provider_name: &'static str,
    ) -> Self {
        Credentials(Arc::new(Inner {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: expires_after,
            provider_name,
            account_id: None,
        }))
    }

    /// Long-term credentials from an access key pair (provider name `"Static"`).
    pub fn from_keys(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
    ) -> Self {
        Self::new(access_key_id, secret_access_key, None, None, "Static")
    }

    /// The same credentials with the AWS account id they belong to.
    pub fn with_account_id(self, account_id: impl Into<String>) -> Self {
        let inner = Arc::try_unwrap(self.0).unwrap_or_else(|shared| Inner {
            access_key_id: shared.access_key_id.clone(),
            secret_access_key: shared.secret_access_key.clone(),
            session_token: shared.session_token.clone(),
            expiry: shared.expiry,
            provider_name: shared.provider_name,
            account_id: shared.account_id.clone(),
        });
        Credentials(Arc::new(Inner {
            account_id: Some(account_id.into()),
            ..inner
        }))
    }

    /// The access key id, e.g. `AKIA...` or `ASIA...`.
    pub fn access_key_id(&self) -> &str {
        &self.0.access_key_id
    }
    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.0.secret_access_key
    }
    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.0.session_token.as_deref()
    }
    /// When temporary credentials expire; `None` for long-term credentials.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.0.expiry
    }
    /// The source that produced these credentials, e.g. `"Environment"` or `"Sts"`.
    pub fn provider_name(&self) -> &'static str {
        self.0.provider_name
    }
    /// The AWS account id, when the source reported it.
    pub fn account_id(&self) -> Option<&str> {
        self.0.account_id.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Credentials");
        s.field("provider_name", &self.0.provider_name)
            .field("access_key_id", &self.0.access_key_id)
            .field("secret_access_key", &"** redacted **");
        if self.0.session_token.is_some() {
            s.field("session_token", &"** redacted **");
        }
        if let Some(expiry) = self.0.expiry {
            s.field("expiry", &super::time::DisplayTime(expiry));
        }
        if let Some(account) = &self.0.account_id {
            s.field("account_id", account);
        }
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_secrets() {
        let c = Credentials::new(
            "AKID",
            "SECRETKEY",
            Some("SESSIONTOKEN".into()),
            Some(SystemTime::UNIX_EPOCH),
            "t",
        )
        .with_account_id("123456789012");
        let d = format!("{c:?}");
        assert!(d.contains("AKID") && d.contains("123456789012"), "{d}");
        assert!(
            !d.contains("SECRETKEY") && !d.contains("SESSIONTOKEN"),
            "{d}"
        );
        assert!(d.contains("1970-01-01T00:00:00Z"), "{d}");
    }
}
