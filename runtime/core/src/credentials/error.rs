//! [`CredentialsError`]: why a source gave no credentials.

use std::error::Error as StdError;
use std::fmt;

/// What kind of failure a [`CredentialsError`] is. A chain moves on to the next source only
/// after [`NotLoaded`](CredentialsErrorKind::NotLoaded); any other kind stops it, because the
/// user configured that source and would not want another one silently used instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The source is not configured here (e.g. the variables are unset, no IMDS role).
    NotLoaded,
    /// The source is configured but failed (bad response, command failed, network error).
    ProviderError,
    /// The configuration is invalid (bad profile file, missing key, disallowed URL).
    InvalidConfiguration,
    /// The source did not answer in time.
    TimedOut,
}

/// A credentials source failed or had nothing to give.
///
/// `Display` names the source and the file, URL or variable involved; it never contains a
/// secret (errors are built from our own messages, never from response bodies that could
/// carry credentials).
#[derive(Debug)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    source_name: &'static str,
    message: String,
    cause: Option<Box<dyn StdError + Send + Sync>>,
}

impl CredentialsError {
    fn new(
        kind: CredentialsErrorKind,
        source_name: &'static str,
        message: impl Into<String>,
    ) -> Self {
        CredentialsError {
            kind,
            source_name,
            message: message.into(),
            cause: None,
        }
    }
    /// The source had nothing to give; a chain tries the next one.
    pub fn not_loaded(source_name: &'static str, message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::NotLoaded, source_name, message)
    }
    /// The source is configured but failed.
    pub fn provider_error(source_name: &'static str, message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::ProviderError, source_name, message)
    }
    /// The source's configuration is invalid.
    pub fn invalid_configuration(source_name: &'static str, message: impl Into<String>) -> Self {
        Self::new(
            CredentialsErrorKind::InvalidConfiguration,
            source_name,
            message,
        )
    }
    /// The source did not answer in time.
    pub fn timed_out(source_name: &'static str, message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::TimedOut, source_name, message)
    }
    /// Attaches the underlying error (it must not carry secrets: it is displayed).
    pub fn with_cause(mut self, cause: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        self.cause = Some(cause.into());
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }
    /// Whether the source simply had nothing (a chain then tries the next one).
    pub fn is_not_loaded(&self) -> bool {
        self.kind == CredentialsErrorKind::NotLoaded
    }
    /// The name of the source, e.g. `"profile"` or `"IMDS"`.
    pub fn source_name(&self) -> &'static str {
        self.source_name
    }
    /// The message, without the source name.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same error reported under another source name with context in front, used when
    /// one source runs another (e.g. a profile's `credential_source`). "Not loaded" becomes
    /// a provider error: the outer source was configured to use the inner one.
    pub(crate) fn within(mut self, source_name: &'static str, prefix: &str) -> Self {
        self.message = format!("{prefix}: {}: {}", self.source_name, self.message);
        self.source_name = source_name;
        if self.kind == CredentialsErrorKind::NotLoaded {
            self.kind = CredentialsErrorKind::ProviderError;
        }
        self
    }

    /// A copy without the cause chain (the cause's text is kept in the message), for
    /// errors shared behind an `Arc`.
    pub(crate) fn to_detached(&self) -> Self {
        CredentialsError {
            kind: self.kind,
            source_name: self.source_name,
            message: match &self.cause {
                Some(_) => {
                    let full = self.to_string();
                    full[self.source_name.len() + 2..].to_owned()
                }
                None => self.message.clone(),
            },
            cause: None,
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source_name, self.message)?;
        let mut cause: Option<&(dyn StdError + 'static)> = self.cause.as_deref().map(|c| c as _);
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

impl StdError for CredentialsError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.cause.as_deref().map(|c| c as _)
    }
}
