//! XML for generated Smithy clients (awsQuery, ec2Query and restXml): a writer for request
//! bodies and a pull reader for responses. No dependencies, no `unsafe`.
//!
//! - [`XmlWriter`]: elements, attributes, namespace declarations (default and prefixed) and
//!   escaped text, written straight into a `String`; the same calls always give the same bytes.
//!   Scopes close themselves, so generated serializers cannot leave an element open.
//! - [`XmlReader`]: start, end, text and CDATA events over a `&[u8]` or `&str`, with the local
//!   name, prefix and resolved namespace of each element, its attributes, and the helpers
//!   generated decoders call: [`XmlReader::next_child`] (unknown and unread children are
//!   skipped), [`XmlReader::read_text`], [`XmlReader::skip`].
//!
//! What the reader refuses, with the byte offset of the fault ([`XmlError`]): a DOCTYPE or any
//! other markup declaration (no DTD is ever processed, so no external entity is fetched),
//! references other than the five predefined entities and character references (so no entity
//! expands: the decoded text is never longer than its source), nesting deeper than
//! [`DEFAULT_MAX_DEPTH`] (or [`XmlReader::with_max_depth`]), more than [`MAX_NAMESPACES`]
//! namespace declarations in scope, an encoding other than UTF-8, and malformed input. It never
//! panics.
//!
//! ```
//! use smithy_xml_runtime::{XmlReader, XmlWriter};
//!
//! let mut writer = XmlWriter::new();
//! let mut root = writer
//!     .start_el("GetThingResponse")
//!     .write_ns("https://example.com/doc/", None)
//!     .finish();
//! root.text_el("Name", "a < b");
//! root.finish();
//! let body = writer.finish();
//! assert_eq!(
//!     body,
//!     r#"<GetThingResponse xmlns="https://example.com/doc/"><Name>a &lt; b</Name></GetThingResponse>"#
//! );
//!
//! let mut reader = XmlReader::new(body.as_bytes())?;
//! let root = reader.root()?;
//! assert_eq!(root.namespace(), Some("https://example.com/doc/"));
//! let mut name = None;
//! while let Some(child) = reader.next_child(&root)? {
//!     if child.local_name() == "Name" {
//!         name = Some(reader.read_text(&child)?);
//!     }
//! }
//! assert_eq!(name.as_deref(), Some("a < b"));
//! # Ok::<(), smithy_xml_runtime::XmlError>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
mod escape;
mod read;
mod write;

pub use error::{ErrorKind, XmlError};
pub use read::{Attr, DEFAULT_MAX_DEPTH, EndEl, Event, MAX_NAMESPACES, Name, StartEl, XmlReader};
pub use write::{ElWriter, ScopeWriter, XmlWriter};
