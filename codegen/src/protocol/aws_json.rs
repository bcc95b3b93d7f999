//! awsJson1_0 and awsJson1_1: every request is `POST /` with
//! `X-Amz-Target: {service shape name}.{operation name}` and a JSON body of the input's
//! members by member name (`jsonName` and HTTP binding traits do not apply); `{}` for an
//! empty input. `aws.protocols#awsQueryCompatible` services also send
//! `x-amzn-query-mode: true` and name errors by their awsQuery codes.

use crate::load::Shape;
use crate::select::short_name;

/// The protocol traits.
pub(super) const TRAIT_1_0: &str = "aws.protocols#awsJson1_0";
pub(super) const TRAIT_1_1: &str = "aws.protocols#awsJson1_1";
const QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";

/// Which awsJson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonVersion {
    V1_0,
    V1_1,
}

/// The facts of an awsJson service the envelope needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsJson {
    pub version: JsonVersion,
    /// The service shape's name, the `X-Amz-Target` prefix.
    pub target_prefix: String,
    /// `aws.protocols#awsQueryCompatible`.
    pub query_compatible: bool,
}

impl AwsJson {
    pub(super) fn new(version: JsonVersion, service: &Shape) -> Self {
        Self {
            version,
            target_prefix: short_name(&service.id).to_owned(),
            query_compatible: service.traits.has(QUERY_COMPATIBLE),
        }
    }

    /// The protocol's trait id.
    pub fn trait_id(&self) -> &'static str {
        match self.version {
            JsonVersion::V1_0 => TRAIT_1_0,
            JsonVersion::V1_1 => TRAIT_1_1,
        }
    }

    /// The request's `Content-Type`.
    pub fn content_type(&self) -> &'static str {
        match self.version {
            JsonVersion::V1_0 => "application/x-amz-json-1.0",
            JsonVersion::V1_1 => "application/x-amz-json-1.1",
        }
    }

    /// The `X-Amz-Target` of an operation.
    pub fn target(&self, operation: &str) -> String {
        format!("{}.{operation}", self.target_prefix)
    }
}
