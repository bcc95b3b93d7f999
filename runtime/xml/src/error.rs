//! What went wrong while reading XML, and where.

use std::fmt;

/// Longest piece of the input (a name, an entity) quoted in an error message.
const QUOTE_LIMIT: usize = 64;

/// An XML input the reader refuses: what ([`ErrorKind`]) and the byte offset in the input
/// where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    offset: usize,
    kind: ErrorKind,
}

/// Why the reader refused its input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not UTF-8.
    InvalidUtf8,
    /// The XML declaration names another encoding than UTF-8.
    UnsupportedEncoding(String),
    /// An XML declaration (`<?xml ...?>`) anywhere but at the start.
    MisplacedDeclaration,
    /// A `<!DOCTYPE`: DTDs are never processed.
    Doctype,
    /// Another markup declaration (`<!ENTITY`, `<!ELEMENT`, ...) or unknown `<!` construct.
    MarkupDeclaration,
    /// A reference to an entity other than `lt`, `gt`, `amp`, `apos` and `quot`.
    UnknownEntity(String),
    /// A character reference (`&#...;`) that names no Unicode scalar value.
    InvalidCharRef(String),
    /// A `&` without a `;` close after it.
    UnterminatedReference,
    /// The input ended inside the named construct.
    UnexpectedEof(&'static str),
    /// The input ended before the end tag of this open element.
    Unclosed(String),
    /// Malformed markup: what was expected.
    Syntax(&'static str),
    /// An end tag that does not close the open element.
    MismatchedEnd {
        /// The open element's name.
        expected: String,
        /// The end tag's name.
        found: String,
    },
    /// The same attribute twice on one element.
    DuplicateAttribute(String),
    /// Elements nested deeper than the limit.
    TooDeep(usize),
    /// More namespace declarations in scope than [`crate::MAX_NAMESPACES`].
    TooManyNamespaces(usize),
    /// No root element.
    NoRoot,
    /// Non-whitespace text before or after the root element.
    TextOutsideRoot,
    /// A second root element.
    SecondRoot,
    /// [`crate::XmlReader::read_text`] met a child element where only text may be.
    ElementInText(String),
    /// A helper was given an element that is no longer open (a decoder fault, not the input's).
    ElementClosed(String),
    /// [`crate::XmlReader::root`] after the root element was read (a decoder fault).
    RootAlreadyRead,
}

impl XmlError {
    pub(crate) fn new(offset: usize, kind: ErrorKind) -> Self {
        Self { offset, kind }
    }

    /// The byte offset in the input where the fault was found.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// What the fault is.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

/// `text` cut to at most [`QUOTE_LIMIT`] bytes (at a character boundary), for messages.
pub(crate) fn quote(text: &str) -> String {
    if text.len() <= QUOTE_LIMIT {
        return text.to_owned();
    }
    let mut end = QUOTE_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid XML at byte {}: ", self.offset)?;
        match &self.kind {
            ErrorKind::InvalidUtf8 => f.write_str("not UTF-8"),
            ErrorKind::UnsupportedEncoding(e) => {
                write!(f, "encoding `{e}` is not supported (only UTF-8)")
            }
            ErrorKind::MisplacedDeclaration => {
                f.write_str("an XML declaration is allowed only at the start")
            }
            ErrorKind::Doctype => {
                f.write_str("a DOCTYPE is not allowed (DTDs and their entities are never processed)")
            }
            ErrorKind::MarkupDeclaration => f.write_str(
                "markup declarations (`<!ENTITY`, `<!ELEMENT`, ...) are not allowed (no DTD processing)",
            ),
            ErrorKind::UnknownEntity(name) => write!(
                f,
                "unknown entity `&{name};` (only &lt; &gt; &amp; &apos; &quot; and character \
                 references are allowed; no entity is ever expanded)"
            ),
            ErrorKind::InvalidCharRef(text) => {
                write!(f, "character reference `&{text};` names no Unicode character")
            }
            ErrorKind::UnterminatedReference => f.write_str("`&` starts no complete reference"),
            ErrorKind::UnexpectedEof(inside) => write!(f, "the input ends inside {inside}"),
            ErrorKind::Unclosed(name) => write!(f, "the input ends before `</{name}>`"),
            ErrorKind::Syntax(expected) => write!(f, "expected {expected}"),
            ErrorKind::MismatchedEnd { expected, found } => {
                write!(f, "end tag `</{found}>` does not close `<{expected}>`")
            }
            ErrorKind::DuplicateAttribute(name) => write!(f, "attribute `{name}` appears twice"),
            ErrorKind::TooDeep(limit) => {
                write!(f, "elements nested deeper than the limit of {limit}")
            }
            ErrorKind::TooManyNamespaces(limit) => {
                write!(f, "more than {limit} namespace declarations in scope")
            }
            ErrorKind::NoRoot => f.write_str("no root element"),
            ErrorKind::TextOutsideRoot => f.write_str("text outside the root element"),
            ErrorKind::SecondRoot => f.write_str("a second root element"),
            ErrorKind::ElementInText(name) => {
                write!(f, "element `<{name}>` where only text was expected")
            }
            ErrorKind::ElementClosed(name) => write!(
                f,
                "element `<{name}>` was already read to its end (decoder fault)"
            ),
            ErrorKind::RootAlreadyRead => {
                f.write_str("the root element was already read (decoder fault)")
            }
        }
    }
}

impl std::error::Error for XmlError {}
