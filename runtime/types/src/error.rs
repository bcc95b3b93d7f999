//! The errors every generated crate has: an unset required member, and an unmodeled error.

use std::fmt;

/// A required member was not set when building a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    member: &'static str,
}

impl BuildError {
    /// The error for `member` of `shape` being unset.
    pub const fn missing_member(shape: &'static str, member: &'static str) -> Self {
        Self { shape, member }
    }

    /// The type being built.
    pub const fn shape(&self) -> &'static str {
        self.shape
    }

    /// The Rust name of the unset member.
    pub const fn member(&self) -> &'static str {
        self.member
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is required to build `{}` but was not set",
            self.member, self.shape
        )
    }
}

impl std::error::Error for BuildError {}

/// An error response whose code the operation does not model (for example
/// `ThrottlingException` or `AccessDeniedException`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Unhandled {
    /// The sanitized error code, when the response had one.
    pub code: Option<String>,
    /// The error message, when the response had one.
    pub message: Option<String>,
    /// The request id the service assigned, when the response had one.
    pub request_id: Option<String>,
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            self.code
                .as_deref()
                .unwrap_or("unhandled error without a code"),
        )?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Unhandled {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_member_and_code() {
        let e = BuildError::missing_member("S3BucketSource", "s3_bucket");
        assert_eq!(
            e.to_string(),
            "`s3_bucket` is required to build `S3BucketSource` but was not set"
        );
        let u = Unhandled {
            code: Some("ThrottlingException".into()),
            message: Some("slow down".into()),
            request_id: None,
        };
        assert_eq!(u.to_string(), "ThrottlingException: slow down");
        assert_eq!(
            Unhandled::default().to_string(),
            "unhandled error without a code"
        );
    }
}
