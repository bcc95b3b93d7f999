//! [`SdkError`], shaped like aws-sdk-rust's: what went wrong with one operation call.

use super::http::ConnectorError;
use super::protocol::ErrorMetadata;
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// A boxed error that can cross threads.
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// The error of an operation call; `E` is the operation's typed error (e.g. `StartImportError`).
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request could not be built (missing required member, no credentials, no endpoint);
    /// nothing was sent.
    ConstructionFailure(ConstructionFailure),
    /// An attempt or the whole operation ran out of time.
    TimeoutError(TimeoutError),
    /// No complete response was received (connect, I/O, TLS, malformed HTTP).
    DispatchFailure(DispatchFailure),
    /// A response was received but could not be understood (e.g. a 2xx that is not JSON).
    ResponseError(ResponseError),
    /// The service answered with an error.
    ServiceError(ServiceError<E>),
}

/// See [`SdkError::ConstructionFailure`].
#[derive(Debug)]
pub struct ConstructionFailure {
    source: BoxError,
}

/// Which timeout fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// The per-attempt timeout (the last attempt's; earlier ones were retried).
    Attempt,
    /// The whole-operation timeout.
    Operation,
}

/// See [`SdkError::TimeoutError`].
#[derive(Debug)]
pub struct TimeoutError {
    kind: TimeoutKind,
    duration: Duration,
}

/// See [`SdkError::DispatchFailure`].
#[derive(Debug)]
pub struct DispatchFailure {
    source: ConnectorError,
}

/// See [`SdkError::ResponseError`].
#[derive(Debug)]
pub struct ResponseError {
    source: BoxError,
    status: http::StatusCode,
    request_id: Option<String>,
    body_excerpt: String,
}

/// See [`SdkError::ServiceError`]: the typed error and the raw metadata it came from.
#[derive(Debug)]
pub struct ServiceError<E> {
    source: E,
    metadata: ErrorMetadata,
}

impl ConstructionFailure {
    /// Why the request could not be built.
    pub fn source_error(&self) -> &(dyn StdError + Send + Sync + 'static) {
        self.source.as_ref()
    }
}

impl TimeoutError {
    /// Which timeout fired.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }
    /// The configured duration that elapsed.
    pub fn duration(&self) -> Duration {
        self.duration
    }
}

impl DispatchFailure {
    /// The transport error.
    pub fn connector_error(&self) -> &ConnectorError {
        &self.source
    }
    /// Whether this was a connect or I/O timeout inside the HTTP client.
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }
    /// Whether this was an I/O error (refused, reset, truncated body, TLS).
    pub fn is_io(&self) -> bool {
        self.source.is_io()
    }
    /// Whether the response was not valid HTTP.
    pub fn is_malformed_response(&self) -> bool {
        self.source.is_malformed_response()
    }
    /// Whether this was another transport error.
    pub fn is_other(&self) -> bool {
        self.source.is_other()
    }
}

impl ResponseError {
    /// The HTTP status of the response that could not be parsed.
    pub fn status(&self) -> http::StatusCode {
        self.status
    }
    /// The request id of that response.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    /// A bounded excerpt of its body.
    pub fn body_excerpt(&self) -> &str {
        &self.body_excerpt
    }
    /// The parse error.
    pub fn source_error(&self) -> &(dyn StdError + Send + Sync + 'static) {
        self.source.as_ref()
    }
}

impl<E> ServiceError<E> {
    /// The typed, modeled (or unhandled) error.
    pub fn err(&self) -> &E {
        &self.source
    }
    /// Consumes this into the typed error.
    pub fn into_err(self) -> E {
        self.source
    }
    /// Code, message, request id, status and body excerpt of the response.
    pub fn metadata(&self) -> &ErrorMetadata {
        &self.metadata
    }
}

impl<E> SdkError<E> {
    /// A construction failure: the request was not sent. Generated code returns this for a
    /// missing required member.
    pub fn construction_failure(source: impl Into<BoxError>) -> Self {
        SdkError::ConstructionFailure(ConstructionFailure {
            source: source.into(),
        })
    }
    /// A timeout of the given kind.
    pub fn timeout_error(kind: TimeoutKind, duration: Duration) -> Self {
        SdkError::TimeoutError(TimeoutError { kind, duration })
    }
    /// A transport failure.
    pub fn dispatch_failure(source: ConnectorError) -> Self {
        SdkError::DispatchFailure(DispatchFailure { source })
    }
    /// A response that could not be parsed.
    pub fn response_error(
        source: impl Into<BoxError>,
        status: http::StatusCode,
        request_id: Option<String>,
        body_excerpt: String,
    ) -> Self {
        SdkError::ResponseError(ResponseError {
            source: source.into(),
            status,
            request_id,
            body_excerpt,
        })
    }
    /// An error returned by the service.
    pub fn service_error(source: E, metadata: ErrorMetadata) -> Self {
        SdkError::ServiceError(ServiceError { source, metadata })
    }

    /// The typed service error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::ServiceError(e) => Some(&e.source),
            _ => None,
        }
    }
    /// The typed service error, or `Err(self)` for every other kind of failure.
    ///
    /// (aws-sdk-rust returns `E` here and folds other failures into its "unhandled"
    /// variant; returning `Result` keeps the original failure instead.)
    pub fn into_service_error(self) -> Result<E, Self> {
        match self {
            SdkError::ServiceError(e) => Ok(e.source),
            other => Err(other),
        }
    }
    /// The service's error metadata, for service errors.
    pub fn error_metadata(&self) -> Option<&ErrorMetadata> {
        match self {
            SdkError::ServiceError(e) => Some(&e.metadata),
            _ => None,
        }
    }
    /// The sanitized error code of a service error (e.g. `ConflictException`).
    pub fn code(&self) -> Option<&str> {
        self.error_metadata().and_then(ErrorMetadata::code)
    }
    /// The message of a service error.
    pub fn message(&self) -> Option<&str> {
        self.error_metadata().and_then(ErrorMetadata::message)
    }
    /// The request id of the response, for service and response errors.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::ServiceError(e) => e.metadata.request_id(),
            SdkError::ResponseError(e) => e.request_id(),
            _ => None,
        }
    }
    /// The HTTP status of the response, for service and response errors.
    pub fn raw_status(&self) -> Option<http::StatusCode> {
        match self {
            SdkError::ServiceError(e) => Some(e.metadata.status()),
            SdkError::ResponseError(e) => Some(e.status),
            _ => None,
        }
    }
    /// A short name of the kind of failure: `construction failure`, `timeout`,
    /// `dispatch failure`, `response error` or `service error`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            SdkError::ConstructionFailure(_) => "construction failure",
            SdkError::TimeoutError(_) => "timeout",
            SdkError::DispatchFailure(_) => "dispatch failure",
            SdkError::ResponseError(_) => "response error",
            SdkError::ServiceError(_) => "service error",
        }
    }
    /// Maps the service error with its metadata at hand (the runtime turns the raw error
    /// response into the operation's typed error this way).
    pub(crate) fn map_service_error_with<E2>(
        self,
        f: impl FnOnce(E, &ErrorMetadata) -> E2,
    ) -> SdkError<E2> {
        match self {
            SdkError::ConstructionFailure(e) => SdkError::ConstructionFailure(e),
            SdkError::TimeoutError(e) => SdkError::TimeoutError(e),
            SdkError::DispatchFailure(e) => SdkError::DispatchFailure(e),
            SdkError::ResponseError(e) => SdkError::ResponseError(e),
            SdkError::ServiceError(e) => SdkError::ServiceError(ServiceError {
                source: f(e.source, &e.metadata),
                metadata: e.metadata,
            }),
        }
    }
    /// Maps the typed service error.
    pub fn map_service_error<E2>(self, f: impl FnOnce(E) -> E2) -> SdkError<E2> {
        match self {
            SdkError::ConstructionFailure(e) => SdkError::ConstructionFailure(e),
            SdkError::TimeoutError(e) => SdkError::TimeoutError(e),
            SdkError::DispatchFailure(e) => SdkError::DispatchFailure(e),
            SdkError::ResponseError(e) => SdkError::ResponseError(e),
            SdkError::ServiceError(e) => SdkError::ServiceError(ServiceError {
                source: f(e.source),
                metadata: e.metadata,
            }),
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::ConstructionFailure(e) => {
                write!(f, "failed to construct request: {}", e.source)
            }
            SdkError::TimeoutError(e) => {
                let what = match e.kind {
                    TimeoutKind::Attempt => "attempt",
                    TimeoutKind::Operation => "operation",
                };
                write!(f, "{what} timeout: no response within {:?}", e.duration)
            }
            SdkError::DispatchFailure(e) => write!(f, "dispatch failure: {}", e.source),
            SdkError::ResponseError(e) => {
                write!(
                    f,
                    "response error (HTTP {}): {}",
                    e.status.as_u16(),
                    e.source
                )?;
                if let Some(id) = &e.request_id {
                    write!(f, " (request id {id})")?;
                }
                Ok(())
            }
            SdkError::ServiceError(e) => {
                let m = &e.metadata;
                write!(
                    f,
                    "service error (HTTP {}): {}",
                    m.status().as_u16(),
                    e.source
                )?;
                if let Some(id) = m.request_id() {
                    write!(f, " (request id {id})")?;
                }
                Ok(())
            }
        }
    }
}

impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SdkError::ConstructionFailure(e) => Some(e.source.as_ref()),
            SdkError::TimeoutError(_) => None,
            SdkError::DispatchFailure(e) => Some(&e.source),
            SdkError::ResponseError(e) => Some(e.source.as_ref()),
            SdkError::ServiceError(e) => Some(&e.source),
        }
    }
}
