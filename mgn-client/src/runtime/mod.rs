//! The hand-written runtime behind the generated operation code.
//!
//! One module per concern: [`config`] (settings and environment variables), `credentials`
//! (caching in front of a credentials provider), `signing` (SigV4 and the SDK headers),
//! [`http`] (the [`HttpClient`](http::HttpClient) trait and its hyper/rustls default),
//! [`retry`] (standard-mode retries), [`rest_json`] (restJson1 error metadata), [`error`]
//! ([`SdkError`](error::SdkError)) and [`client`] (the attempt loop that ties them together).

pub mod client;
pub mod config;
pub(crate) mod credentials;
pub mod error;
pub mod http;
pub mod rest_json;
pub mod retry;
pub(crate) mod signing;

#[cfg(test)]
mod tests;

pub use self::http::HttpResponse;
pub use self::rest_json::ErrorMetadata;

/// The static description of one operation, written by the code generator.
///
/// The runtime calls `parse_output` for 2xx responses only (an empty body is passed as `{}`)
/// and `parse_error` for non-2xx responses only, after it has decided about retries.
#[allow(dead_code)] // Used by the generated `operations` module.
pub(crate) struct Operation<O, E> {
    /// The operation name as in the model, e.g. `"StartImport"`.
    pub name: &'static str,
    /// Deserializes a successful response.
    pub parse_output: fn(&HttpResponse) -> Result<O, serde_json::Error>,
    /// Builds the typed error of a non-2xx response; infallible (unknown codes are "unhandled").
    pub parse_error: fn(&ErrorMetadata, &HttpResponse) -> E,
}

/// A serialized request, before endpoint resolution and signing.
#[allow(dead_code)] // Used by the generated `operations` module.
#[derive(Debug, Clone)]
pub(crate) struct HttpRequest {
    /// The HTTP method.
    pub method: ::http::Method,
    /// Path and query, starting with `/`; appended to the resolved endpoint URL.
    pub path_and_query: String,
    /// Operation-specific headers. `Content-Type` defaults to `application/json` when absent;
    /// `Content-Length`, `Host` and the SDK headers are always set by the runtime.
    pub headers: Vec<(::http::HeaderName, ::http::HeaderValue)>,
    /// The serialized body, identical on every attempt.
    pub body: bytes::Bytes,
}

/// A new idempotency token: a random RFC 4122 version 4 UUID, hyphenated and lowercase.
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}
