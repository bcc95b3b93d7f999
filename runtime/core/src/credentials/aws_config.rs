//! The `aws-config` feature: conversions both ways between [`Credentials`] and
//! `aws_credential_types::Credentials`, and bridges between the two provider traits, so an
//! `SdkConfig`'s provider works with these clients and the standard chain works with
//! aws-sdk-rust clients; and an `SdkConfig`'s bearer token provider used as ours.

use super::{
    Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
    SharedCredentialsProvider,
};
use aws_credential_types::provider as sdk;
use std::fmt;

/// The provider name of credentials converted from `aws-credential-types` (that crate does
/// not expose the original one).
const SDK_PROVIDER_NAME: &str = "aws-credential-types";

impl From<aws_credential_types::Credentials> for Credentials {
    fn from(c: aws_credential_types::Credentials) -> Self {
        Credentials::from(&c)
    }
}

impl From<&aws_credential_types::Credentials> for Credentials {
    fn from(c: &aws_credential_types::Credentials) -> Self {
        let ours = Credentials::new(
            c.access_key_id(),
            c.secret_access_key(),
            c.session_token().map(str::to_owned),
            c.expiry(),
            SDK_PROVIDER_NAME,
        );
        match c.account_id() {
            Some(account) => ours.with_account_id(account.as_str()),
            None => ours,
        }
    }
}

impl From<Credentials> for aws_credential_types::Credentials {
    fn from(c: Credentials) -> Self {
        aws_credential_types::Credentials::from(&c)
    }
}

impl From<&Credentials> for aws_credential_types::Credentials {
    fn from(c: &Credentials) -> Self {
        let mut builder = aws_credential_types::Credentials::builder()
            .access_key_id(c.access_key_id())
            .secret_access_key(c.secret_access_key())
            .provider_name(c.provider_name());
        if let Some(token) = c.session_token() {
            builder = builder.session_token(token);
        }
        if let Some(expiry) = c.expiry() {
            builder = builder.expiry(expiry);
        }
        if let Some(account) = c.account_id() {
            builder = builder.account_id(account);
        }
        builder.build()
    }
}

/// An `aws-credential-types` provider (e.g. `SdkConfig::credentials_provider()`, or any
/// provider of `aws-config`) used as one of ours. aws-client-runtime's
/// `ConfigBuilder::from_sdk_config` uses it; `Builder::credentials_provider(FromSdkProvider::new(p))`
/// does the same by hand.
#[derive(Clone)]
pub struct FromSdkProvider(sdk::SharedCredentialsProvider);

impl FromSdkProvider {
    /// Wraps an `aws-credential-types` provider.
    pub fn new(provider: impl sdk::ProvideCredentials + 'static) -> Self {
        FromSdkProvider(sdk::SharedCredentialsProvider::new(provider))
    }
}

impl From<sdk::SharedCredentialsProvider> for FromSdkProvider {
    fn from(provider: sdk::SharedCredentialsProvider) -> Self {
        FromSdkProvider(provider)
    }
}

impl fmt::Debug for FromSdkProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The wrapped provider is not printed: a custom provider's Debug might show secrets.
        f.write_str("FromSdkProvider")
    }
}

impl ProvideCredentials for FromSdkProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move {
            sdk::ProvideCredentials::provide_credentials(&self.0)
                .await
                .map(Credentials::from)
                .map_err(from_sdk_error)
        })
    }
}

const SDK_SOURCE: &str = "aws-config provider";

fn from_sdk_error(e: sdk::error::CredentialsError) -> CredentialsError {
    use sdk::error::CredentialsError as E;
    let ours = match &e {
        E::CredentialsNotLoaded(_) => {
            CredentialsError::not_loaded(SDK_SOURCE, "no credentials loaded")
        }
        E::ProviderTimedOut(t) => CredentialsError::timed_out(
            SDK_SOURCE,
            format!(
                "no credentials within {} ms",
                t.timeout_duration().as_millis()
            ),
        ),
        E::InvalidConfiguration(_) => {
            CredentialsError::invalid_configuration(SDK_SOURCE, "invalid configuration")
        }
        _ => CredentialsError::provider_error(SDK_SOURCE, "failed to load credentials"),
    };
    // aws-credential-types errors describe the failure, never the credentials.
    ours.with_cause(e)
}

/// One of our providers (e.g. the standard chain of
/// [`credentials::default_provider`](super::default_provider)) used as an
/// `aws-credential-types` provider, e.g. for an `SdkConfig` shared with aws-sdk-rust clients.
#[derive(Clone, Debug)]
pub struct IntoSdkProvider(SharedCredentialsProvider);

impl IntoSdkProvider {
    /// Wraps one of our providers.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        IntoSdkProvider(SharedCredentialsProvider::new(provider))
    }
}

impl sdk::ProvideCredentials for IntoSdkProvider {
    fn provide_credentials<'a>(&'a self) -> sdk::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        sdk::future::ProvideCredentials::new(async move {
            self.0
                .provide_credentials()
                .await
                .map(aws_credential_types::Credentials::from)
                .map_err(into_sdk_error)
        })
    }
}

fn into_sdk_error(e: CredentialsError) -> sdk::error::CredentialsError {
    use super::CredentialsErrorKind as K;
    match e.kind() {
        K::NotLoaded => sdk::error::CredentialsError::not_loaded(e),
        K::InvalidConfiguration => sdk::error::CredentialsError::invalid_configuration(e),
        K::TimedOut => sdk::error::CredentialsError::provider_error(e),
        _ => sdk::error::CredentialsError::provider_error(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    #[test]
    fn credentials_convert_both_ways() {
        let expiry = SystemTime::UNIX_EPOCH + Duration::from_secs(2_000_000_000);
        let ours = Credentials::new("AKID", "SECRET", Some("TOKEN".into()), Some(expiry), "t")
            .with_account_id("123456789012");
        let theirs = aws_credential_types::Credentials::from(&ours);
        assert_eq!(theirs.access_key_id(), "AKID");
        assert_eq!(theirs.secret_access_key(), "SECRET");
        assert_eq!(theirs.session_token(), Some("TOKEN"));
        assert_eq!(theirs.expiry(), Some(expiry));
        assert_eq!(
            theirs.account_id().map(|a| a.as_str()),
            Some("123456789012")
        );
        let back = Credentials::from(theirs);
        assert_eq!(back.access_key_id(), "AKID");
        assert_eq!(back.secret_access_key(), "SECRET");
        assert_eq!(back.session_token(), Some("TOKEN"));
        assert_eq!(back.expiry(), Some(expiry));
        assert_eq!(back.account_id(), Some("123456789012"));

        let plain = Credentials::from(aws_credential_types::Credentials::new(
            "A", "S", None, None, "x",
        ));
        assert_eq!((plain.session_token(), plain.expiry()), (None, None));
    }

    #[tokio::test]
    async fn providers_bridge_both_ways() {
        let sdk_static = aws_credential_types::Credentials::new("AKID", "SECRET", None, None, "x");
        let ours = FromSdkProvider::new(sdk_static);
        assert_eq!(
            ours.provide_credentials().await.unwrap().access_key_id(),
            "AKID"
        );
        assert!(!format!("{ours:?}").contains("SECRET"));

        let theirs = IntoSdkProvider::new(Credentials::from_keys("AKID2", "SECRET2"));
        let c = sdk::ProvideCredentials::provide_credentials(&theirs)
            .await
            .unwrap();
        assert_eq!(c.access_key_id(), "AKID2");
    }

    #[derive(Debug)]
    struct Failing;
    impl sdk::ProvideCredentials for Failing {
        fn provide_credentials<'a>(&'a self) -> sdk::future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            sdk::future::ProvideCredentials::ready(Err(sdk::error::CredentialsError::not_loaded(
                "nothing here",
            )))
        }
    }

    #[tokio::test]
    async fn errors_keep_their_kind() {
        let err = FromSdkProvider::new(Failing)
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(err.is_not_loaded());
        assert!(err.to_string().contains("nothing here"), "{err}");

        let theirs = IntoSdkProvider::new(FromSdkProvider::new(Failing));
        let err = sdk::ProvideCredentials::provide_credentials(&theirs)
            .await
            .unwrap_err();
        assert!(
            matches!(err, sdk::error::CredentialsError::CredentialsNotLoaded(_)),
            "{err:?}"
        );
    }
}

/// An `aws-credential-types` bearer token provider (`SdkConfig::token_provider()`) used as
/// one of ours; aws-client-runtime's `ConfigBuilder::from_sdk_config` uses it.
#[derive(Clone)]
pub struct FromSdkTokenProvider(sdk::token::SharedTokenProvider);

impl FromSdkTokenProvider {
    /// Wraps an `aws-credential-types` token provider.
    pub fn new(provider: impl sdk::token::ProvideToken + 'static) -> Self {
        FromSdkTokenProvider(sdk::token::SharedTokenProvider::new(provider))
    }
}

impl From<sdk::token::SharedTokenProvider> for FromSdkTokenProvider {
    fn from(provider: sdk::token::SharedTokenProvider) -> Self {
        FromSdkTokenProvider(provider)
    }
}

impl fmt::Debug for FromSdkTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The wrapped provider is not printed: a custom provider's Debug might show the token.
        f.write_str("FromSdkTokenProvider")
    }
}

const SDK_TOKEN_SOURCE: &str = "aws-config token provider";

impl crate::token::ProvideToken for FromSdkTokenProvider {
    fn provide_token(&self) -> crate::token::ProvideTokenFuture<'_> {
        Box::pin(async move {
            match sdk::token::ProvideToken::provide_token(&self.0).await {
                Ok(token) => Ok(crate::Token::new(token.token(), token.expiration())),
                Err(e) => {
                    use sdk::error::TokenError as E;
                    let ours = match &e {
                        E::TokenNotLoaded(_) => {
                            CredentialsError::not_loaded(SDK_TOKEN_SOURCE, "no token loaded")
                        }
                        E::ProviderTimedOut(_) => {
                            CredentialsError::timed_out(SDK_TOKEN_SOURCE, "no token in time")
                        }
                        E::InvalidConfiguration(_) => CredentialsError::invalid_configuration(
                            SDK_TOKEN_SOURCE,
                            "invalid configuration",
                        ),
                        _ => CredentialsError::provider_error(
                            SDK_TOKEN_SOURCE,
                            "failed to load a token",
                        ),
                    };
                    // aws-credential-types errors describe the failure, never the token.
                    Err(ours.with_cause(e))
                }
            }
        })
    }
}
