//! The TLS-free core of the runtime behind generated AWS clients.
//!
//! Everything of [aws-client-runtime](https://crates.io/crates/aws-client-runtime) that does
//! not need hyper or a TLS library, so that it compiles while they do: [`credentials`] (the
//! credentials type, the provider trait, the standard chain, its cache and every source),
//! [`region`] (the region chain), [`sigv4`] (the signer), `signing` (how a client signs, and
//! the SDK headers), [`token`] (bearer tokens), [`http`] (the [`HttpClient`]
//! trait and its response types), [`retry`] (standard-mode retries), [`protocol`] (how each
//! protocol names its errors), `wire` (the HTTP-binding helpers and the JSON codec generated
//! code calls), `xml` (with the `xml` feature), [`endpoint`] (the endpoint-rules standard
//! library), [`error`] ([`SdkError`]) and [`client`] (the attempt loop, over
//! explicit parts: an HTTP client, providers, settings).
//!
//! aws-client-runtime re-exports all of it at the same paths and adds what needs hyper and
//! TLS: its default HTTP client and the configuration that builds one. Generated code names
//! aws-client-runtime only. Items marked `#[doc(hidden)]` are seams for generated code, not API.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod checksum;
pub mod client;
pub mod credentials;
mod crypto;
pub mod endpoint;
pub mod error;
mod file_stream;
pub mod http;
pub mod paginator;
pub mod presigning;
pub mod protocol;
pub mod region;
pub mod retry;
pub(crate) mod signing;
pub mod sigv4;
#[cfg(feature = "test-util")]
#[doc(hidden)]
pub mod test_util;
pub mod token;
pub mod waiter;
#[doc(hidden)]
pub mod wire;
/// The XML writer and pull reader (the `smithy-xml-runtime` crate) that awsQuery, ec2Query and
/// restXml clients use; only those turn the `xml` feature on.
#[cfg(feature = "xml")]
pub use smithy_xml_runtime as xml;

pub use self::error::SdkError;
pub use self::http::{HttpClient, HttpResponse, SharedHttpClient};
pub use self::protocol::{ErrorMetadata, Protocol};

pub use self::credentials::{
    Credentials, CredentialsError, ProvideCredentials, ProviderConfig, SharedCredentialsProvider,
};
pub use self::token::{ProvideToken, SharedTokenProvider, Token};

/// Crates generated code names; re-exported so generated crates need no direct dependency.
#[doc(hidden)]
pub mod deps {
    #[cfg(feature = "aws-config")]
    pub use aws_credential_types;
    #[cfg(feature = "aws-config")]
    pub use aws_types;
    pub use bytes;
    pub use http;
    pub use serde;
    pub use serde_json;
    pub use smithy_types_runtime;
}

/// The facts of one service a generated client passes to the runtime.
#[doc(hidden)]
#[derive(Debug)]
pub struct ServiceInfo {
    /// The SigV4 signing name (`aws.auth#sigv4` `name`), e.g. `"mgn"`; for a service without
    /// that trait (none of its operations is signed), its User-Agent name, which only labels logs.
    pub signing_name: &'static str,
    /// The service's name in environment variables, e.g. `"MGN"` for `AWS_ENDPOINT_URL_MGN`.
    pub env_name: &'static str,
    /// The service's name in the User-Agent's `api/` part, e.g. `"mgn"`.
    pub user_agent_name: &'static str,
    /// The generated crate's version, for the User-Agent's `api/` part.
    pub version: &'static str,
    /// The protocol: how error responses name their error.
    pub protocol: Protocol,
    /// How requests are signed (the default for every service but S3).
    pub signing: sigv4::SigningSettings,
    /// How responses name errors beyond the protocol's rules (S3's quirks).
    pub error_rules: protocol::ErrorRules,
    /// Resolves the endpoint: the generated endpoint rules over the configuration's
    /// built-ins and settings, the credentials' account id and the operation's parameters.
    pub resolve_endpoint: fn(&endpoint::Inputs<'_>) -> Result<endpoint::Endpoint, String>,
    /// Whether the rules read the credentials' account id (`AWS::Auth::AccountId`): then the
    /// endpoint is resolved for each call, once the credentials are known; otherwise once per
    /// client, unless an operation has parameters of its own.
    pub endpoint_reads_account_id: bool,
}

/// The static description of one operation, written by the code generator.
///
/// The runtime calls `parse_output` for 2xx responses only and `parse_error` for non-2xx
/// responses only, after it has decided about retries.
#[doc(hidden)]
pub struct Operation<O, E> {
    /// The operation name as in the model, e.g. `"StartImport"`.
    pub name: &'static str,
    /// How requests are authenticated (the model's auth traits, resolved by the generator).
    pub auth: Auth,
    /// Deserializes a successful response.
    pub parse_output: ParseOutput<O>,
    /// Builds the typed error of a non-2xx response; infallible (unknown codes are "unhandled").
    pub parse_error: fn(&ErrorMetadata, &HttpResponse) -> E,
    /// The operation's `aws.protocols#httpChecksum`, if any (the runtime's `checksums`
    /// feature computes and validates them).
    pub checksum: Option<&'static checksum::OperationChecksum>,
}

/// How an operation's requests are authenticated: the scheme the code generator chose from the
/// model's `smithy.api#auth`, `smithy.api#optionalAuth`, `aws.auth#unsignedPayload` and the
/// service's auth traits.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Sent unsigned; no credentials or token are looked for (`smithy.api#auth: []`).
    None,
    /// SigV4 (`aws.auth#sigv4`) with the configured credentials.
    SigV4 {
        /// Signed with `UNSIGNED-PAYLOAD` as the payload hash, sent in
        /// `x-amz-content-sha256` (`aws.auth#unsignedPayload`).
        unsigned_payload: bool,
        /// Sent unsigned when no credentials resolve, instead of failing
        /// (`smithy.api#optionalAuth`).
        optional: bool,
    },
    /// `Authorization: Bearer <token>` from the configured token provider
    /// (`smithy.api#httpBearerAuth`).
    Bearer {
        /// Sent without a token when none resolves, instead of failing
        /// (`smithy.api#optionalAuth`).
        optional: bool,
    },
}

/// How an operation reads a successful response.
#[doc(hidden)]
pub enum ParseOutput<O> {
    /// From the whole response, read into memory.
    Buffered(fn(&HttpResponse) -> Result<O, error::BoxError>),
    /// From the status and headers, taking the body as it arrives (`@streaming` payloads).
    Streaming(fn(http::StreamingResponse) -> Result<O, error::BoxError>),
}

/// A serialized request, before endpoint resolution and signing.
#[doc(hidden)]
#[derive(Debug)]
pub struct HttpRequest {
    /// The HTTP method.
    pub method: ::http::Method,
    /// Path and query, starting with `/`; appended to the resolved endpoint URL's path. An
    /// empty path (only `?query`, or nothing) is the endpoint URL's own path (`/` when it has
    /// none): S3's requests, whose bucket is in the endpoint.
    pub path_and_query: String,
    /// A host prefix from `smithy.api#endpoint` (with labels filled in), e.g. `"data-"`.
    pub host_prefix: Option<String>,
    /// Operation-specific headers. `Content-Length`, `Host` and the SDK headers are always set
    /// by the runtime; `Content-Type` only when the operation set it.
    pub headers: Vec<(::http::HeaderName, ::http::HeaderValue)>,
    /// The serialized body, identical on every attempt.
    pub body: bytes::Bytes,
    /// A `@streaming` payload, sent instead of `body`. Unless it is in memory, it is sent
    /// once (no retries), signed as `UNSIGNED-PAYLOAD`.
    pub stream: Option<smithy_types_runtime::ByteStream>,
    /// The operation's endpoint parameters (context parameters, static and operation context
    /// parameters), by rule-set name; empty for most operations, whose endpoint is then
    /// resolved once per client.
    pub endpoint_params: Vec<(&'static str, endpoint::ParamValue)>,
}

/// A new idempotency token: a random RFC 4122 version 4 UUID, hyphenated and lowercase.
pub fn idempotency_token() -> String {
    random_uuid_v4()
}

/// A random RFC 4122 version 4 UUID, hyphenated and lowercase, from `fastrand`'s per-thread
/// generator (seeded once per thread from std's random hasher keys), as aws-sdk-rust draws its
/// invocation ids and idempotency tokens: uniqueness, not secrecy, is what these need. No system
/// call per call (the `uuid` crate's `new_v4` made one `getrandom` per UUID, two per call).
pub(crate) fn random_uuid_v4() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    // Version 4 in bits 76..80, variant 0b10 in bits 62..64 (RFC 4122 section 4.4).
    let bits = (fastrand::u128(..) & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    let mut out = String::with_capacity(36);
    for i in 0..32 {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        let nibble = (bits >> (124 - 4 * i)) & 0xf;
        out.push(char::from(HEX[nibble as usize]));
    }
    out
}
