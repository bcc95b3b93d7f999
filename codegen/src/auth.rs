//! Which auth scheme each operation's requests use, by Smithy's auth-resolution rules
//! (`ServiceIndex.getEffectiveAuthSchemes`): the operation's `smithy.api#auth` list, else the
//! service's, else every auth trait on the service in shape-id order; `smithy.api#optionalAuth`
//! lets a request go unsigned when no identity resolves. Clients use the first scheme of that
//! list they support (`aws.auth#sigv4`, `smithy.api#httpBearerAuth`), as the AWS SDKs do.

use serde_json::Value;

use crate::load::{Model, Shape};
use crate::{Error, Result};

/// The SigV4 auth trait.
pub const SIGV4: &str = "aws.auth#sigv4";
/// The bearer-token auth trait.
pub const BEARER: &str = "smithy.api#httpBearerAuth";

/// Auth-definition traits of the prelude and the AWS trait set (models rarely define them).
const KNOWN_SCHEMES: &[&str] = &[
    SIGV4,
    "aws.auth#sigv4a",
    "smithy.api#httpApiKeyAuth",
    "smithy.api#httpBasicAuth",
    BEARER,
    "smithy.api#httpDigestAuth",
];

/// How an operation's requests are authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// Unsigned; no identity is looked for (an empty effective scheme list).
    None,
    /// `aws.auth#sigv4`.
    SigV4 {
        /// `aws.auth#unsignedPayload`: `UNSIGNED-PAYLOAD` as the payload hash.
        unsigned_payload: bool,
        /// `smithy.api#optionalAuth`: unsigned when no credentials resolve.
        optional: bool,
    },
    /// `smithy.api#httpBearerAuth`.
    Bearer {
        /// `smithy.api#optionalAuth`: sent without a token when none resolves.
        optional: bool,
    },
    /// No scheme of the effective list is supported: types generate, a client does not.
    Unsupported {
        /// The effective schemes, in priority order.
        schemes: Vec<String>,
        /// Where the list comes from, for the error: "the operation's `smithy.api#auth`", ...
        source: String,
    },
}

/// The generation error for an operation whose effective `schemes` (from `source`) are all
/// unsupported.
pub fn unsupported(operation: &str, schemes: &[String], source: &str) -> Error {
    let listed: Vec<String> = schemes.iter().map(|s| format!("`{s}`")).collect();
    let (noun, verb) = if schemes.len() == 1 {
        ("auth scheme", "is")
    } else {
        ("auth schemes", "are")
    };
    Error::shape(
        operation,
        format!(
            "{noun} {} ({source}) {verb} not supported: clients support `{SIGV4}`, `{BEARER}` \
             and unauthenticated operations (`smithy.api#auth: []`)",
            listed.join(", ")
        ),
    )
}

/// The service's auth schemes: its traits that define one, in shape-id order.
fn service_schemes(model: &Model, service: &Shape) -> Vec<String> {
    // `traits` iterates in id order (a BTreeMap).
    service
        .traits
        .ids()
        .filter(|id| {
            KNOWN_SCHEMES.contains(id)
                || model
                    .shape(id)
                    .is_some_and(|t| t.traits.has("smithy.api#authDefinition"))
        })
        .map(str::to_owned)
        .collect()
}

/// A `smithy.api#auth` list: shape ids of schemes the service declares.
fn auth_list(owner: &Shape, value: &Value, declared: &[String]) -> Result<Vec<String>> {
    let items = value
        .as_array()
        .ok_or_else(|| Error::shape(&owner.id, "`smithy.api#auth` must be a list of shape ids"))?;
    items
        .iter()
        .map(|item| {
            let id = item.as_str().ok_or_else(|| {
                Error::shape(&owner.id, "`smithy.api#auth` must be a list of shape ids")
            })?;
            if !declared.iter().any(|d| d == id) {
                return Err(Error::shape(
                    &owner.id,
                    format!(
                        "`smithy.api#auth` lists `{id}`, which is not an auth trait of the service"
                    ),
                ));
            }
            Ok(id.to_owned())
        })
        .collect()
}

/// The auth of `operation`, a member of `service`.
pub fn resolve(model: &Model, service: &Shape, operation: &Shape) -> Result<Auth> {
    let declared = service_schemes(model, service);
    let (schemes, source) = match (
        operation.traits.get("smithy.api#auth"),
        service.traits.get("smithy.api#auth"),
    ) {
        (Some(own), _) => (
            auth_list(operation, own, &declared)?,
            "the operation's `smithy.api#auth`".to_owned(),
        ),
        (None, Some(inherited)) => (
            auth_list(service, inherited, &declared)?,
            format!("the `smithy.api#auth` of the service `{}`", service.id),
        ),
        (None, None) => (
            declared,
            format!("the auth traits of the service `{}`", service.id),
        ),
    };
    let optional = operation.traits.has("smithy.api#optionalAuth");
    if schemes.is_empty() {
        return Ok(Auth::None);
    }
    let chosen = schemes
        .iter()
        .find(|s| *s == SIGV4 || *s == BEARER)
        .map(String::as_str);
    Ok(match chosen {
        Some(SIGV4) => Auth::SigV4 {
            unsigned_payload: operation.traits.has("aws.auth#unsignedPayload"),
            optional,
        },
        Some(_) => Auth::Bearer { optional },
        None => Auth::Unsupported { schemes, source },
    })
}
