//! restJson1: HTTP binding traits place members in the URI, query, headers and payload; the
//! rest is a JSON object keyed by `jsonName`. Its request and response emitters are
//! `emit::client::{http_request, response}` with the JSON body codec of `emit::client::json`.

/// The protocol trait.
pub(super) const TRAIT: &str = "aws.protocols#restJson1";
