//! restXml: HTTP binding traits place members in the URI, query, headers and payload, as for
//! restJson1; the rest is one XML document whose root element is named after the input
//! structure (its `xmlName`, else its shape name), in the structure's `xmlNamespace`, else the
//! service's. Its request emitter is `emit::client::http_request` with the XML body codec of
//! `emit::client::xml_ser`. Responses are read from the same bindings by
//! `emit::client::response`, their body members (the root element's children, or an error's
//! `Error` element's) and structure payloads by the decoders of `emit::client::xml_de`.

/// The protocol trait.
pub(super) const TRAIT: &str = "aws.protocols#restXml";

/// The `Content-Type` of an XML body (a structure or union payload, or the body members).
pub const CONTENT_TYPE: &str = "application/xml";
