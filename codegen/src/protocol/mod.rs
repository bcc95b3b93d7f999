//! The service's protocol, resolved once from its traits (or chosen with
//! [`Builder::protocol`](crate::Builder::protocol)), and what it decides: wire names, whether
//! HTTP bindings apply, the request envelope, the names errors go by on the wire, and what the
//! runtime must know. The IR keeps the model's raw facts; emitters ask the protocol.
//!
//! Adding a protocol is a file here and an arm in [`Protocol`].

mod aws_json;
mod query;
mod rest_json1;
mod rest_xml;

use proc_macro2::TokenStream;

use crate::load::Shape;
use crate::{Error, Result};

pub use aws_json::{AwsJson, JsonVersion};
pub use query::{MemberNames, Query, QueryFlavor};
pub use rest_xml::CONTENT_TYPE as XML_CONTENT_TYPE;

/// Every protocol trait an AWS service model may carry, in the order that picks one when a
/// service lists several: the JSON protocols before the XML and query ones, rpcv2Cbor last.
pub const PROTOCOLS: &[&str] = &[
    rest_json1::TRAIT,
    aws_json::TRAIT_1_0,
    aws_json::TRAIT_1_1,
    rest_xml::TRAIT,
    query::TRAIT_AWS_QUERY,
    query::TRAIT_EC2_QUERY,
    "smithy.protocols#rpcv2Cbor",
];

/// The protocols clients can be generated for (a subset of [`PROTOCOLS`]).
pub const SUPPORTED_PROTOCOLS: &[&str] = &[
    rest_json1::TRAIT,
    aws_json::TRAIT_1_0,
    aws_json::TRAIT_1_1,
    rest_xml::TRAIT,
    query::TRAIT_AWS_QUERY,
    query::TRAIT_EC2_QUERY,
];

/// The protocol traits clients can be generated for.
pub fn supported() -> impl Iterator<Item = &'static str> {
    SUPPORTED_PROTOCOLS.iter().copied()
}

/// The protocol traits clients can be generated for, in [`PROTOCOLS`] order.
fn generatable() -> impl Iterator<Item = &'static str> {
    PROTOCOLS
        .iter()
        .copied()
        .filter(|p| SUPPORTED_PROTOCOLS.contains(p))
}

/// The protocol a service with these trait ids gets a client in: the first supported one in
/// [`PROTOCOLS`] order, or `Err` with the protocols it names (in that order, possibly none).
/// For tools that read models as raw JSON (the corpus run); [`resolve`] is the generator's.
pub fn pick<'a>(
    trait_ids: impl IntoIterator<Item = &'a str>,
) -> std::result::Result<&'static str, Vec<&'static str>> {
    let named: std::collections::BTreeSet<&str> = trait_ids.into_iter().collect();
    let listed: Vec<&'static str> = PROTOCOLS
        .iter()
        .copied()
        .filter(|p| named.contains(p))
        .collect();
    listed
        .iter()
        .copied()
        .find(|p| SUPPORTED_PROTOCOLS.contains(p))
        .ok_or(listed)
}

/// The protocol a client speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#restJson1`: HTTP bindings and JSON bodies.
    RestJson1,
    /// `aws.protocols#awsJson1_0` and `awsJson1_1`: `POST /` with `X-Amz-Target`.
    AwsJson(AwsJson),
    /// `aws.protocols#awsQuery` and `ec2Query`: `POST /` with a form body, XML responses.
    Query(Query),
    /// `aws.protocols#restXml`: HTTP bindings and XML bodies.
    RestXml,
}

impl Protocol {
    /// The protocol's trait id, e.g. `aws.protocols#restJson1`.
    pub fn trait_id(&self) -> &'static str {
        match self {
            Protocol::RestJson1 => rest_json1::TRAIT,
            Protocol::AwsJson(p) => p.trait_id(),
            Protocol::Query(p) => p.trait_id(),
            Protocol::RestXml => rest_xml::TRAIT,
        }
    }

    /// Whether responses are XML: the client needs the runtime's `xml` feature.
    pub fn reads_xml(&self) -> bool {
        matches!(self, Protocol::Query(_) | Protocol::RestXml)
    }

    /// Whether members' HTTP binding traits apply (otherwise every member is in the body).
    pub fn http_bindings(&self) -> bool {
        matches!(self, Protocol::RestJson1 | Protocol::RestXml)
    }

    /// Whether request and response bodies (and structure payloads) are XML documents beside
    /// the HTTP bindings (restXml; the client needs the runtime's `xml` feature).
    pub fn xml_bodies(&self) -> bool {
        matches!(self, Protocol::RestXml)
    }

    /// The key of a member (`member`, with its `jsonName` if any) in a JSON body: `jsonName`
    /// on restJson1, the member name on awsJson.
    pub fn json_key<'m>(&self, member: &'m str, json_name: Option<&'m str>) -> &'m str {
        json_key(self.uses_json_name(), member, json_name)
    }

    fn uses_json_name(&self) -> bool {
        matches!(self, Protocol::RestJson1)
    }

    /// The codes a modeled error (shape name `code`, `awsQueryError` code `query_code`) goes
    /// by on the wire, after the runtime's sanitizing: its shape name, and for
    /// awsQuery-compatible services its awsQuery code too (the runtime reports that one when
    /// the response carries it). awsQuery and ec2Query send the `awsQueryError` code when
    /// there is one, else the shape name.
    pub fn error_codes<'e>(&self, code: &'e str, query_code: Option<&'e str>) -> Vec<&'e str> {
        if let Protocol::Query(_) = self {
            return vec![query_code.unwrap_or(code)];
        }
        let mut codes = vec![code];
        if let Protocol::AwsJson(AwsJson {
            query_compatible: true,
            ..
        }) = self
            && let Some(query_code) = query_code.filter(|c| *c != code)
        {
            codes.push(query_code);
        }
        codes
    }

    /// The runtime's `Protocol` value for `ServiceInfo`.
    pub fn runtime_value(&self) -> TokenStream {
        match self {
            Protocol::RestJson1 => quote::quote!(::aws_client_runtime::Protocol::RestJson1),
            Protocol::AwsJson(p) => {
                let query_compatible = p.query_compatible;
                quote::quote!(::aws_client_runtime::Protocol::AwsJson { query_compatible: #query_compatible })
            }
            Protocol::Query(Query {
                flavor: QueryFlavor::AwsQuery,
                ..
            }) => quote::quote!(::aws_client_runtime::Protocol::AwsQuery),
            Protocol::Query(Query {
                flavor: QueryFlavor::Ec2Query,
                ..
            }) => quote::quote!(::aws_client_runtime::Protocol::Ec2Query),
            Protocol::RestXml => quote::quote!(::aws_client_runtime::Protocol::RestXml),
        }
    }
}

/// The key of a member in the types' own serde JSON form: `jsonName` on services that speak
/// restJson1, the member name elsewhere (see DESIGN.md: one protocol-independent form).
pub fn serde_key<'f>(uses_json_name: bool, member: &'f str, json_name: Option<&'f str>) -> &'f str {
    json_key(uses_json_name, member, json_name)
}

fn json_key<'f>(uses_json_name: bool, member: &'f str, json_name: Option<&'f str>) -> &'f str {
    match json_name {
        Some(name) if uses_json_name => name,
        _ => member,
    }
}

/// Whether the types' serde form uses `jsonName`: on services that speak restJson1.
pub fn serde_uses_json_name(service: &Shape) -> bool {
    service.traits.has(rest_json1::TRAIT)
}

/// The known protocol traits a service carries, in [`PROTOCOLS`] order.
pub fn listed(service: &Shape) -> Vec<String> {
    PROTOCOLS
        .iter()
        .filter(|id| service.traits.has(id))
        .map(|id| (*id).to_owned())
        .collect()
}

/// The protocol clients of `service` speak: `requested` (a trait id, or its name after `#`)
/// when given, else the first supported protocol the service lists, in [`PROTOCOLS`] order.
/// `Ok(None)` when the service lists no supported protocol (a types crate still generates).
pub fn resolve(service: &Shape, requested: Option<&str>) -> Result<Option<Protocol>> {
    let listed = listed(service);
    let id = match requested {
        Some(name) => {
            let id = PROTOCOLS
                .iter()
                .copied()
                .find(|id| *id == name || id.rsplit('#').next() == Some(name))
                .ok_or_else(|| {
                    Error::shape(
                        &service.id,
                        format!("unknown protocol `{name}`; known: {}", PROTOCOLS.join(", ")),
                    )
                })?;
            if !listed.iter().any(|l| l == id) {
                return Err(Error::shape(
                    &service.id,
                    format!(
                        "protocol `{id}` was requested, but the service lists {}",
                        describe(&listed)
                    ),
                ));
            }
            if !generatable().any(|s| s == id) {
                return Err(Error::shape(
                    &service.id,
                    format!(
                        "protocol `{id}` was requested; clients can be generated for {} only",
                        generatable().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
            id
        }
        None => match listed
            .iter()
            .find(|l| generatable().any(|s| s == l.as_str()))
        {
            Some(id) => PROTOCOLS
                .iter()
                .copied()
                .find(|known| known == id)
                .unwrap_or(rest_json1::TRAIT),
            None => return Ok(None),
        },
    };
    Ok(Some(match id {
        rest_json1::TRAIT => Protocol::RestJson1,
        aws_json::TRAIT_1_0 => Protocol::AwsJson(AwsJson::new(JsonVersion::V1_0, service)),
        aws_json::TRAIT_1_1 => Protocol::AwsJson(AwsJson::new(JsonVersion::V1_1, service)),
        rest_xml::TRAIT => Protocol::RestXml,
        other => {
            let version = match &service.kind {
                crate::load::ShapeKind::Service { version, .. } => version.as_str(),
                _ => return Err(Error::shape(&service.id, "is not a service")),
            };
            // Every query request carries it as `Version`.
            if version.is_empty() {
                return Err(Error::shape(
                    &service.id,
                    format!("`{other}` requests name the service's `version`, which is not set"),
                ));
            }
            Protocol::Query(query::for_trait(other, version).ok_or_else(|| {
                Error::shape(
                    &service.id,
                    format!("internal error: no client for protocol `{other}`"),
                )
            })?)
        }
    }))
}

/// "`aws.protocols#awsQuery`, ..." or "no protocol trait the generator knows", for messages.
pub fn describe(listed: &[String]) -> String {
    if listed.is_empty() {
        return "no protocol trait the generator knows".to_owned();
    }
    listed
        .iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::pick;

    #[test]
    fn the_first_supported_protocol_in_order_is_picked() {
        let cloudwatch = [
            "smithy.protocols#rpcv2Cbor",
            "aws.protocols#awsQuery",
            "aws.protocols#awsJson1_0",
            "smithy.api#documentation",
        ];
        assert_eq!(pick(cloudwatch), Ok("aws.protocols#awsJson1_0"));
        assert_eq!(
            pick(["aws.api#service", "aws.protocols#restJson1"]),
            Ok("aws.protocols#restJson1")
        );
        assert_eq!(
            pick(["smithy.protocols#rpcv2Cbor", "aws.protocols#awsQuery"]),
            Ok("aws.protocols#awsQuery")
        );
        assert_eq!(
            pick(["smithy.protocols#rpcv2Cbor", "aws.protocols#restXml"]),
            Ok("aws.protocols#restXml")
        );
        assert_eq!(
            pick(["smithy.protocols#rpcv2Cbor", "smithy.api#documentation"]),
            Err(vec!["smithy.protocols#rpcv2Cbor"])
        );
        assert_eq!(pick(["aws.api#service"]), Err(vec![]));
    }
}
