//! Bearer tokens for operations with `smithy.api#httpBearerAuth`: the [`Token`] value, the
//! [`ProvideToken`] trait, and [`SsoTokenProvider`] (the token `aws sso login` cached, which
//! aws-client-runtime's `Config::load` uses by default). Token sources report failures as
//! [`CredentialsError`]s, naming the source and the file involved, never the token.

use crate::credentials::CredentialsError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

pub use crate::credentials::sso::SsoTokenProvider;

/// A bearer token, sent as `Authorization: Bearer <token>`. Cheap to clone; `Debug` never
/// shows the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    token: Arc<str>,
    expiry: Option<SystemTime>,
}

impl Token {
    /// A token, valid until `expiry` (`None`: no known expiry).
    pub fn new(token: impl Into<String>, expiry: Option<SystemTime>) -> Self {
        Token {
            token: Arc::from(token.into()),
            expiry,
        }
    }
    /// The token itself; keep it out of logs.
    pub fn token(&self) -> &str {
        &self.token
    }
    /// When the token expires, if known.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("token", &"** redacted **")
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// The future returned by [`ProvideToken::provide_token`].
pub type ProvideTokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Token, CredentialsError>> + Send + 'a>>;

/// A source of bearer tokens. Object safe: configurations hold `dyn ProvideToken`.
pub trait ProvideToken: Send + Sync + fmt::Debug {
    /// Loads a token.
    fn provide_token(&self) -> ProvideTokenFuture<'_>;
}

/// A static token provides itself.
impl ProvideToken for Token {
    fn provide_token(&self) -> ProvideTokenFuture<'_> {
        let token = self.clone();
        Box::pin(async move { Ok(token) })
    }
}

impl<T: ProvideToken + ?Sized> ProvideToken for Arc<T> {
    fn provide_token(&self) -> ProvideTokenFuture<'_> {
        (**self).provide_token()
    }
}

/// A token provider shared behind an `Arc`: cheap to clone, what configurations hold.
#[derive(Clone, Debug)]
pub struct SharedTokenProvider(Arc<dyn ProvideToken>);

impl SharedTokenProvider {
    /// Wraps a provider.
    pub fn new(provider: impl ProvideToken + 'static) -> Self {
        SharedTokenProvider(Arc::new(provider))
    }
}

impl ProvideToken for SharedTokenProvider {
    fn provide_token(&self) -> ProvideTokenFuture<'_> {
        self.0.provide_token()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::ProviderConfig;
    use std::time::Duration;

    const SECRET: &str = "sso-token-SECRET";

    #[test]
    fn debug_never_shows_the_token() {
        let token = Token::new(SECRET, None);
        let shared = SharedTokenProvider::new(token.clone());
        for shown in [format!("{token:?}"), format!("{shared:?}")] {
            assert!(!shown.contains(SECRET), "{shown}");
            assert!(shown.contains("redacted"), "{shown}");
        }
    }

    #[tokio::test]
    async fn a_static_token_provides_itself() {
        let expiry = SystemTime::UNIX_EPOCH + Duration::from_secs(5);
        let token = SharedTokenProvider::new(Token::new(SECRET, Some(expiry)))
            .provide_token()
            .await
            .unwrap();
        assert_eq!((token.token(), token.expiry()), (SECRET, Some(expiry)));
    }

    /// A home with `~/.aws/config` as given, and a cache file for session `my-sso`.
    fn aws_home(config: &str, cache: Option<&str>) -> tempfile::TempDir {
        let home = tempfile::tempdir().unwrap();
        let aws = home.path().join(".aws");
        std::fs::create_dir_all(aws.join("sso/cache")).unwrap();
        std::fs::write(aws.join("config"), config).unwrap();
        if let Some(cache) = cache {
            // sha1("my-sso"), as aws-config names the file.
            std::fs::write(
                aws.join("sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json"),
                cache,
            )
            .unwrap();
        }
        home
    }

    fn provider(home: &tempfile::TempDir, now: u64) -> SsoTokenProvider {
        SsoTokenProvider::new(
            &ProviderConfig::default()
                .with_env_vars([("AWS_PROFILE", "dev")])
                .with_home(home.path())
                .with_time_source(move || SystemTime::UNIX_EPOCH + Duration::from_secs(now)),
        )
    }

    const CONFIG: &str = "[profile dev]\nsso_session = my-sso\n\n[sso-session my-sso]\n\
                          sso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n";
    // 2030-01-01T00:00:00Z.
    const EXPIRES: u64 = 1_893_456_000;

    #[tokio::test]
    async fn reads_the_sso_session_token_cache() {
        let cache = format!(r#"{{"accessToken":"{SECRET}","expiresAt":"2030-01-01T00:00:00Z"}}"#);
        let home = aws_home(CONFIG, Some(&cache));
        let token = provider(&home, EXPIRES - 60).provide_token().await.unwrap();
        assert_eq!(token.token(), SECRET);
        assert_eq!(
            token.expiry(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(EXPIRES))
        );
    }

    #[tokio::test]
    async fn the_token_is_kept_until_it_expires_then_read_again() {
        use std::sync::atomic::{AtomicU64, Ordering};
        let cache = format!(r#"{{"accessToken":"{SECRET}","expiresAt":"2030-01-01T00:00:00Z"}}"#);
        let home = aws_home(CONFIG, Some(&cache));
        let now = Arc::new(AtomicU64::new(EXPIRES - 60));
        let clock = now.clone();
        let provider = SsoTokenProvider::new(
            &ProviderConfig::default()
                .with_env_vars([("AWS_PROFILE", "dev")])
                .with_home(home.path())
                .with_time_source(move || {
                    SystemTime::UNIX_EPOCH + Duration::from_secs(clock.load(Ordering::SeqCst))
                }),
        );
        assert_eq!(provider.provide_token().await.unwrap().token(), SECRET);
        // A new login writes a new token; the cached one is still valid, so it is used.
        let file = home
            .path()
            .join(".aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json");
        std::fs::write(
            &file,
            r#"{"accessToken":"renewed","expiresAt":"2031-01-01T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(provider.provide_token().await.unwrap().token(), SECRET);
        // Once it has expired, the file is read again.
        now.store(EXPIRES, Ordering::SeqCst);
        assert_eq!(provider.provide_token().await.unwrap().token(), "renewed");
    }

    #[tokio::test]
    async fn an_expired_token_names_the_file_and_the_login() {
        let cache = format!(r#"{{"accessToken":"{SECRET}","expiresAt":"2030-01-01T00:00:00Z"}}"#);
        let home = aws_home(CONFIG, Some(&cache));
        let err = provider(&home, EXPIRES).provide_token().await.unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("SSO token: the SSO token in "),
            "{message}"
        );
        assert!(
            message.contains(
                "0ad374308c5a4e22f723adf10145eafad7c4031c.json expired at 2030-01-01T00:00:00Z"
            ),
            "{message}"
        );
        assert!(
            message.contains("aws sso login --sso-session my-sso"),
            "{message}"
        );
        assert!(!message.contains(SECRET), "{message}");
    }

    #[tokio::test]
    async fn missing_session_or_cache_is_a_clear_error() {
        let home = aws_home("[profile dev]\nregion = eu-west-1\n", None);
        let err = provider(&home, 0).provide_token().await.unwrap_err();
        assert!(err.is_not_loaded());
        assert!(err.to_string().contains("has no `sso_session`"), "{err}");

        let home = aws_home(CONFIG, None);
        let err = provider(&home, 0).provide_token().await.unwrap_err();
        assert!(err.to_string().contains("no cached SSO token at "), "{err}");
        assert!(
            err.to_string()
                .contains("aws sso login --sso-session my-sso"),
            "{err}"
        );
    }
}
