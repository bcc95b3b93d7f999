//! `aws.protocols#httpChecksum` in the IR: which input members choose the request checksum's
//! algorithm and ask for a response checksum (by the headers they are bound to, which is where
//! the runtime reads and writes them), whether a request checksum is required, and the
//! response algorithms the runtime can check.

use serde_json::Value;

use crate::load::Shape;
use crate::{Error, Result};

const TRAIT: &str = "aws.protocols#httpChecksum";

/// An operation's `aws.protocols#httpChecksum`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpChecksum {
    /// The header the `requestAlgorithmMember` is bound to, e.g. `x-amz-sdk-checksum-algorithm`.
    pub request_algorithm_header: Option<String>,
    /// `requestChecksumRequired`.
    pub request_checksum_required: bool,
    /// The header the `requestValidationModeMember` is bound to, e.g. `x-amz-checksum-mode`.
    pub response_validation_header: Option<String>,
    /// `responseAlgorithms` the runtime can check, as the runtime's enum variants name them
    /// (`Crc32`, ...), in the model's order. Models may list more (S3 lists SHA512, MD5 and
    /// XXHASH*): those are not validated, as aws-sdk-rust does not validate them.
    pub response_algorithms: Vec<&'static str>,
}

impl HttpChecksum {
    /// Whether requests may carry a checksum (then `Content-MD5` of
    /// `smithy.api#httpChecksumRequired` is not sent, as aws-sdk-rust sends none then).
    pub fn has_request_checksum(&self) -> bool {
        self.request_algorithm_header.is_some() || self.request_checksum_required
    }
}

/// The operation's `aws.protocols#httpChecksum`, if it has one. Errors name the operation
/// and member: a member that is not in the input, or not bound to a header (the runtime
/// finds the caller's choice in the request's headers).
pub fn resolve(op: &Shape, input: &Shape) -> Result<Option<HttpChecksum>> {
    let Some(value) = op.traits.get(TRAIT) else {
        return Ok(None);
    };
    let op_id = op.id.to_string();
    let member_header = |key: &str| -> Result<Option<String>> {
        let Some(name) = value.get(key) else {
            return Ok(None);
        };
        let name = name.as_str().ok_or_else(|| {
            Error::shape(&op_id, format!("`{TRAIT}` `{key}` must be a member name"))
        })?;
        let member = input
            .kind
            .members()
            .into_iter()
            .find(|m| m.name == name)
            .ok_or_else(|| {
                Error::shape(
                    &op_id,
                    format!("`{TRAIT}` `{key}` names `{name}`, which the input does not have"),
                )
            })?;
        let header = member.traits.http_header().ok_or_else(|| {
            Error::member(
                input.id.to_string(),
                name,
                format!(
                    "`{TRAIT}` `{key}` must be bound to an HTTP header (`smithy.api#httpHeader`): \
                     other bindings are not supported"
                ),
            )
        })?;
        Ok(Some(header.to_ascii_lowercase()))
    };
    let request_algorithm_header = member_header("requestAlgorithmMember")?;
    let response_validation_header = member_header("requestValidationModeMember")?;
    let request_checksum_required = match value.get("requestChecksumRequired") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(Error::shape(
                &op_id,
                format!("`{TRAIT}` `requestChecksumRequired` must be a boolean"),
            ));
        }
    };
    let response_algorithms = match value.get("responseAlgorithms") {
        None => Vec::new(),
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .filter_map(crate::naming::checksum_algorithm_variant)
            .collect(),
        Some(_) => {
            return Err(Error::shape(
                &op_id,
                format!("`{TRAIT}` `responseAlgorithms` must be a list of names"),
            ));
        }
    };
    Ok(Some(HttpChecksum {
        request_algorithm_header,
        request_checksum_required,
        response_validation_header,
        response_algorithms,
    }))
}
