//! The pull reader: events over a UTF-8 document, and the helpers generated decoders call.
//!
//! Comments and processing instructions are skipped; the XML declaration is checked (UTF-8
//! only); a DOCTYPE or any other markup declaration is an error, so nothing is ever read from
//! a DTD; references are limited to the five predefined entities and character references.
//! Text is given as written, whitespace included (Smithy string values keep theirs), with
//! references resolved and line ends normalized; whitespace between elements is ignored by the
//! helpers. Every error carries the byte offset where it was found, and once the reader has
//! failed it keeps returning that error.

use std::borrow::Cow;

use crate::error::{ErrorKind, XmlError, quote};
use crate::escape::{normalize_line_ends, unescape};

/// How deep elements may nest unless [`XmlReader::with_max_depth`] says otherwise: far more
/// than any AWS response, few enough that a decoder recursing per level stays well within its
/// stack.
pub const DEFAULT_MAX_DEPTH: usize = 128;

/// How many namespace declarations may be in scope at once (AWS responses have one or two):
/// resolving a prefix looks through them, so an unbounded number would make reading quadratic.
pub const MAX_NAMESPACES: usize = 64;

/// The namespace the `xml` prefix is bound to without a declaration.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// A qualified name as written (`prefix:local` or `local`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Name<'a> {
    qualified: &'a str,
    /// Where the `:` between prefix and local name is.
    colon: Option<usize>,
}

impl<'a> Name<'a> {
    /// The name as written, prefix included.
    pub fn qualified(&self) -> &'a str {
        self.qualified
    }

    /// The prefix, if the name has one.
    pub fn prefix(&self) -> Option<&'a str> {
        self.colon.map(|c| &self.qualified[..c])
    }

    /// The name without its prefix.
    pub fn local(&self) -> &'a str {
        match self.colon {
            Some(c) => &self.qualified[c + 1..],
            None => self.qualified,
        }
    }
}

/// An attribute of a start tag, its value decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr<'a> {
    name: Name<'a>,
    value: Cow<'a, str>,
}

impl<'a> Attr<'a> {
    /// The attribute's name.
    pub fn name(&self) -> Name<'a> {
        self.name
    }

    /// The attribute's value, references resolved.
    pub fn value(&self) -> &str {
        &self.value
    }
}

/// A start tag (for `<a/>`, an [`EndEl`] follows at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartEl<'a> {
    name: Name<'a>,
    attrs: Vec<Attr<'a>>,
    namespace: Option<Cow<'a, str>>,
    /// 1 for the root element.
    depth: usize,
    /// Which start tag of the document this is: tells an open element from a closed one at
    /// the same depth.
    id: usize,
    offset: usize,
}

impl<'a> StartEl<'a> {
    /// The element's name.
    pub fn name(&self) -> Name<'a> {
        self.name
    }

    /// The element's name without its prefix.
    pub fn local_name(&self) -> &'a str {
        self.name.local()
    }

    /// The element's prefix, if it has one.
    pub fn prefix(&self) -> Option<&'a str> {
        self.name.prefix()
    }

    /// The namespace the element's prefix (or the default namespace) is bound to, if any.
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// The value of the attribute with this qualified name (`"id"`, `"xsi:type"`).
    pub fn attr(&self, qualified: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name.qualified == qualified)
            .map(|a| a.value())
    }

    /// Every attribute, in document order (namespace declarations included).
    pub fn attributes(&self) -> &[Attr<'a>] {
        &self.attrs
    }

    /// How deep the element is: 1 for the root.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The byte offset of its `<`.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

/// An end tag (or the end of an empty element `<a/>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndEl<'a> {
    name: Name<'a>,
    depth: usize,
    offset: usize,
}

impl<'a> EndEl<'a> {
    /// The name of the element it closes.
    pub fn name(&self) -> Name<'a> {
        self.name
    }

    /// The depth of the element it closes (1 for the root).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The byte offset of its `<` (for `<a/>`, of the byte after it).
    pub fn offset(&self) -> usize {
        self.offset
    }
}

/// What the reader found next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<'a> {
    /// A start tag.
    Start(StartEl<'a>),
    /// An end tag.
    End(EndEl<'a>),
    /// Character data inside the root element, references resolved and line ends normalized
    /// (whitespace between elements included).
    Text(Cow<'a, str>),
    /// The content of a CDATA section, line ends normalized.
    CData(Cow<'a, str>),
}

/// Where in the document the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Before the root element.
    Prolog,
    /// Inside the root element.
    Content,
    /// After the root element.
    Epilog,
}

/// An element whose end tag has not been read.
#[derive(Debug)]
struct Open<'a> {
    name: Name<'a>,
    id: usize,
    /// How many namespace declarations were in scope before it.
    namespaces: usize,
}

/// A namespace declaration in scope.
#[derive(Debug)]
struct Namespace<'a> {
    /// `None` for the default namespace.
    prefix: Option<&'a str>,
    uri: Cow<'a, str>,
}

/// A pull reader over one XML document. Its `Debug` shows where it is, never the document
/// (a response may carry credentials).
pub struct XmlReader<'a> {
    input: &'a str,
    pos: usize,
    /// Where the document starts (after a byte order mark).
    start: usize,
    place: Place,
    open: Vec<Open<'a>>,
    namespaces: Vec<Namespace<'a>>,
    /// The end of an empty element (`<a/>`) is the next event.
    pending_end: bool,
    max_depth: usize,
    next_id: usize,
    failed: Option<XmlError>,
}

impl std::fmt::Debug for XmlReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlReader")
            .field("len", &self.input.len())
            .field("offset", &self.pos)
            .field("depth", &self.open.len())
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Bytes a name may hold: ASCII letters, digits, `_ - . :`, and any non-ASCII character
/// (names are not checked against XML's full Unicode classes; none of the markup
/// characters can slip in).
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':') || b >= 0x80
}

/// The name that starts at byte `at`.
fn name_at(input: &str, at: usize) -> Result<Name<'_>, XmlError> {
    let rest = input.get(at..).unwrap_or("");
    let len = rest
        .bytes()
        .position(|b| !is_name_byte(b))
        .unwrap_or(rest.len());
    // The name ends before an ASCII byte (or at the end): a character boundary.
    let qualified = &rest[..len];
    match qualified.as_bytes().first() {
        None if rest.is_empty() => {
            return Err(XmlError::new(at, ErrorKind::UnexpectedEof("a name")));
        }
        None => return Err(XmlError::new(at, ErrorKind::Syntax("a name"))),
        Some(b'0'..=b'9' | b'-' | b'.') => {
            return Err(XmlError::new(
                at,
                ErrorKind::Syntax("a name that starts with a letter, `_` or `:`"),
            ));
        }
        Some(_) => {}
    }
    let colon = qualified.find(':');
    if let Some(c) = colon
        && (c == 0 || c + 1 == len || qualified[c + 1..].contains(':'))
    {
        return Err(XmlError::new(
            at,
            ErrorKind::Syntax("a name with at most one `:`, between a prefix and a local name"),
        ));
    }
    Ok(Name { qualified, colon })
}

/// Refuses an attribute named twice (sorting beyond a few, so a tag with thousands of
/// attributes is not quadratic).
fn check_duplicates(attrs: &[Attr<'_>], offset: usize) -> Result<(), XmlError> {
    let duplicate = if attrs.len() <= 8 {
        attrs
            .iter()
            .enumerate()
            .find(|(i, a)| attrs[..*i].iter().any(|b| b.name == a.name))
            .map(|(_, a)| a.name.qualified)
    } else {
        let mut names: Vec<&str> = attrs.iter().map(|a| a.name.qualified).collect();
        names.sort_unstable();
        names.windows(2).find(|w| w[0] == w[1]).map(|w| w[0])
    };
    match duplicate {
        Some(name) => Err(XmlError::new(
            offset,
            ErrorKind::DuplicateAttribute(quote(name)),
        )),
        None => Ok(()),
    }
}

impl<'a> XmlReader<'a> {
    /// A reader over `input`, which must be UTF-8.
    pub fn new(input: &'a [u8]) -> Result<Self, XmlError> {
        match std::str::from_utf8(input) {
            Ok(text) => Ok(Self::from_text(text)),
            Err(e) => Err(XmlError::new(e.valid_up_to(), ErrorKind::InvalidUtf8)),
        }
    }

    /// A reader over `input`.
    pub fn from_text(input: &'a str) -> Self {
        let start = if input.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        Self {
            input,
            pos: start,
            start,
            place: Place::Prolog,
            open: Vec::new(),
            namespaces: Vec::new(),
            pending_end: false,
            max_depth: DEFAULT_MAX_DEPTH,
            next_id: 0,
            failed: None,
        }
    }

    /// Sets how deep elements may nest (the root is at depth 1).
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// The byte offset the reader has reached.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// The namespace `prefix` (`None`: the default namespace) is bound to where the reader is:
    /// for the attributes of the element just started, among others.
    pub fn resolve_prefix(&self, prefix: Option<&str>) -> Option<&str> {
        if prefix == Some("xml") {
            return Some(XML_NAMESPACE);
        }
        self.namespaces
            .iter()
            .rev()
            .find(|ns| ns.prefix == prefix)
            .map(|ns| &*ns.uri)
            .filter(|uri| !uri.is_empty())
    }

    /// The next event; `None` once the root element has closed and only whitespace, comments
    /// and processing instructions followed it.
    #[inline]
    pub fn next_event(&mut self) -> Result<Option<Event<'a>>, XmlError> {
        self.event(true)
    }

    /// The next event, whitespace-only text left out unless `keep_space` (the helpers that
    /// look for elements have no use for it); a failure is kept and returned again.
    #[inline]
    fn event(&mut self, keep_space: bool) -> Result<Option<Event<'a>>, XmlError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let event = self.read_event(keep_space);
        if let Err(e) = &event {
            self.failed = Some(e.clone());
        }
        event
    }

    /// Reads past the prolog (declaration, comments, whitespace) to the root element.
    pub fn root(&mut self) -> Result<StartEl<'a>, XmlError> {
        if self.place != Place::Prolog {
            return Err(XmlError::new(self.pos, ErrorKind::RootAlreadyRead));
        }
        match self.next_event()? {
            Some(Event::Start(el)) => Ok(el),
            // In the prolog, anything but a start tag is skipped or an error.
            _ => Err(XmlError::new(self.pos, ErrorKind::NoRoot)),
        }
    }

    /// The next child element of `parent` (an open element), skipping text, and the rest of
    /// any child that was not read to its end (unknown elements are skipped so). `None` once
    /// `parent` has closed.
    pub fn next_child(&mut self, parent: &StartEl<'a>) -> Result<Option<StartEl<'a>>, XmlError> {
        if !self.is_open(parent) {
            return Ok(None);
        }
        loop {
            match self.event(false)? {
                Some(Event::Start(el)) if el.depth == parent.depth + 1 => return Ok(Some(el)),
                Some(Event::End(end)) if end.depth == parent.depth => return Ok(None),
                Some(_) => {}
                None => return Ok(None),
            }
        }
    }

    /// The text of `el` (an open element whose content is text: a scalar value), to its end
    /// tag: character data and CDATA sections joined, comments left out, whitespace kept. A
    /// child element is an error (the rest of a child already opened is passed over).
    pub fn read_text(&mut self, el: &StartEl<'a>) -> Result<Cow<'a, str>, XmlError> {
        if !self.is_open(el) {
            return Err(XmlError::new(
                el.offset,
                ErrorKind::ElementClosed(quote(el.name.qualified)),
            ));
        }
        let mut text: Option<Cow<'a, str>> = None;
        loop {
            match self.next_event()? {
                // Text of a child the decoder opened and left is not `el`'s.
                Some(Event::Text(_) | Event::CData(_)) if self.open.len() != el.depth => {}
                Some(Event::Text(piece) | Event::CData(piece)) => {
                    text = Some(match text {
                        None => piece,
                        Some(mut joined) => {
                            joined.to_mut().push_str(&piece);
                            joined
                        }
                    });
                }
                Some(Event::Start(child)) => {
                    return Err(XmlError::new(
                        child.offset,
                        ErrorKind::ElementInText(quote(child.name.qualified)),
                    ));
                }
                Some(Event::End(end)) if end.depth > el.depth => {}
                Some(Event::End(_)) | None => return Ok(text.unwrap_or(Cow::Borrowed(""))),
            }
        }
    }

    /// Reads `el` to its end tag, whatever it holds (nothing if it has already closed).
    pub fn skip(&mut self, el: &StartEl<'a>) -> Result<(), XmlError> {
        if !self.is_open(el) {
            return Ok(());
        }
        loop {
            match self.event(false)? {
                Some(Event::End(end)) if end.depth == el.depth => return Ok(()),
                Some(_) => {}
                None => return Ok(()),
            }
        }
    }

    /// Reads the rest of the document, so that anything malformed after the point a decoder
    /// stopped is an error too.
    pub fn finish(mut self) -> Result<(), XmlError> {
        while self.event(false)?.is_some() {}
        Ok(())
    }

    /// Whether `el`'s end tag is still to be read.
    fn is_open(&self, el: &StartEl<'a>) -> bool {
        el.depth
            .checked_sub(1)
            .and_then(|i| self.open.get(i))
            .is_some_and(|open| open.id == el.id)
    }

    fn read_event(&mut self, keep_space: bool) -> Result<Option<Event<'a>>, XmlError> {
        if self.pending_end {
            self.pending_end = false;
            return self.close(self.pos).map(|end| Some(Event::End(end)));
        }
        let input = self.input;
        loop {
            let start = self.pos;
            let rest = &input[start..];
            if rest.is_empty() {
                return match (self.place, self.open.last()) {
                    (Place::Epilog, _) => Ok(None),
                    (_, Some(open)) => Err(XmlError::new(
                        start,
                        ErrorKind::Unclosed(quote(open.name.qualified)),
                    )),
                    (_, None) => Err(XmlError::new(start, ErrorKind::NoRoot)),
                };
            }
            let Some(markup) = rest.strip_prefix('<') else {
                let len = rest.find('<').unwrap_or(rest.len());
                let raw = &rest[..len];
                self.pos += len;
                let space = raw.bytes().all(is_space);
                if self.place == Place::Content {
                    if space && !keep_space {
                        continue;
                    }
                    return Ok(Some(Event::Text(unescape(raw, start, false)?)));
                }
                if !space {
                    return Err(XmlError::new(start, ErrorKind::TextOutsideRoot));
                }
                continue;
            };
            match markup.as_bytes().first() {
                Some(b'/') => return self.end_tag(start).map(|end| Some(Event::End(end))),
                Some(b'?') => self.instruction(start)?,
                Some(b'!') if markup.starts_with("!--") => {
                    self.pos = self.find(start + 4, "-->", "a comment")? + 3;
                }
                Some(b'!') if markup.starts_with("![CDATA[") => {
                    if self.place != Place::Content {
                        return Err(XmlError::new(start, ErrorKind::TextOutsideRoot));
                    }
                    let body = start + "<![CDATA[".len();
                    let end = self.find(body, "]]>", "a CDATA section")?;
                    self.pos = end + 3;
                    return Ok(Some(Event::CData(normalize_line_ends(&input[body..end]))));
                }
                Some(b'!') if markup.starts_with("!DOCTYPE") => {
                    return Err(XmlError::new(start, ErrorKind::Doctype));
                }
                Some(b'!') => return Err(XmlError::new(start, ErrorKind::MarkupDeclaration)),
                _ => return self.start_tag(start).map(|el| Some(Event::Start(el))),
            }
        }
    }

    /// The offset of the next `pattern` at or after `from`.
    fn find(&self, from: usize, pattern: &str, inside: &'static str) -> Result<usize, XmlError> {
        self.input
            .get(from..)
            .and_then(|rest| rest.find(pattern))
            .map(|p| from + p)
            .ok_or_else(|| {
                XmlError::new(from.min(self.input.len()), ErrorKind::UnexpectedEof(inside))
            })
    }

    /// Skips a processing instruction at `start`, checking the XML declaration.
    fn instruction(&mut self, start: usize) -> Result<(), XmlError> {
        let end = self.find(start + 2, "?>", "a processing instruction")?;
        let body = &self.input[start + 2..end];
        let target_len = body.bytes().position(is_space).unwrap_or(body.len());
        if body[..target_len].eq_ignore_ascii_case("xml") {
            if start != self.start {
                return Err(XmlError::new(start, ErrorKind::MisplacedDeclaration));
            }
            check_encoding(&body[target_len..], start)?;
        }
        self.pos = end + 2;
        Ok(())
    }

    fn start_tag(&mut self, start: usize) -> Result<StartEl<'a>, XmlError> {
        if self.place == Place::Epilog {
            return Err(XmlError::new(start, ErrorKind::SecondRoot));
        }
        let input = self.input;
        let bytes = input.as_bytes();
        let name = name_at(input, start + 1)?;
        let mut i = start + 1 + name.qualified.len();
        let mut attrs = Vec::new();
        let empty = loop {
            let before_space = i;
            while bytes.get(i).copied().is_some_and(is_space) {
                i += 1;
            }
            match bytes.get(i) {
                None => {
                    return Err(XmlError::new(
                        start,
                        ErrorKind::UnexpectedEof("a start tag"),
                    ));
                }
                Some(b'>') => {
                    i += 1;
                    break false;
                }
                Some(b'/') if bytes.get(i + 1) == Some(&b'>') => {
                    i += 2;
                    break true;
                }
                Some(b'/') => {
                    return Err(XmlError::new(
                        i,
                        ErrorKind::Syntax("`>` after `/` in a start tag"),
                    ));
                }
                Some(_) if i == before_space => {
                    return Err(XmlError::new(
                        i,
                        ErrorKind::Syntax("whitespace before an attribute"),
                    ));
                }
                Some(_) => {
                    let (attr, end) = attribute(input, i)?;
                    attrs.push(attr);
                    i = end;
                }
            }
        };
        check_duplicates(&attrs, start)?;
        if self.open.len() >= self.max_depth {
            return Err(XmlError::new(start, ErrorKind::TooDeep(self.max_depth)));
        }
        let namespaces = self.namespaces.len();
        for attr in &attrs {
            let prefix = match (attr.name.prefix(), attr.name.local()) {
                (None, "xmlns") => None,
                (Some("xmlns"), prefix) => Some(prefix),
                _ => continue,
            };
            if self.namespaces.len() >= MAX_NAMESPACES {
                return Err(XmlError::new(
                    start,
                    ErrorKind::TooManyNamespaces(MAX_NAMESPACES),
                ));
            }
            self.namespaces.push(Namespace {
                prefix,
                uri: attr.value.clone(),
            });
        }
        let namespace = match name.prefix() {
            Some("xml") => Some(Cow::Borrowed(XML_NAMESPACE)),
            prefix => self
                .namespaces
                .iter()
                .rev()
                .find(|ns| ns.prefix == prefix)
                .map(|ns| ns.uri.clone())
                .filter(|uri| !uri.is_empty()),
        };
        let id = self.next_id;
        self.next_id += 1;
        self.open.push(Open {
            name,
            id,
            namespaces,
        });
        self.place = Place::Content;
        self.pending_end = empty;
        self.pos = i;
        Ok(StartEl {
            name,
            attrs,
            namespace,
            depth: self.open.len(),
            id,
            offset: start,
        })
    }

    fn end_tag(&mut self, start: usize) -> Result<EndEl<'a>, XmlError> {
        let bytes = self.input.as_bytes();
        let name = name_at(self.input, start + 2)?;
        let mut i = start + 2 + name.qualified.len();
        while bytes.get(i).copied().is_some_and(is_space) {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'>') => {}
            None => return Err(XmlError::new(start, ErrorKind::UnexpectedEof("an end tag"))),
            Some(_) => {
                return Err(XmlError::new(
                    i,
                    ErrorKind::Syntax("`>` to close an end tag"),
                ));
            }
        }
        match self.open.last() {
            Some(open) if open.name == name => {}
            Some(open) => {
                return Err(XmlError::new(
                    start,
                    ErrorKind::MismatchedEnd {
                        expected: quote(open.name.qualified),
                        found: quote(name.qualified),
                    },
                ));
            }
            None => {
                return Err(XmlError::new(
                    start,
                    ErrorKind::Syntax("a start tag before any end tag"),
                ));
            }
        }
        self.pos = i + 1;
        self.close(start)
    }

    /// Pops the innermost open element.
    fn close(&mut self, offset: usize) -> Result<EndEl<'a>, XmlError> {
        let depth = self.open.len();
        let Some(open) = self.open.pop() else {
            return Err(XmlError::new(offset, ErrorKind::Syntax("an open element")));
        };
        self.namespaces.truncate(open.namespaces);
        if self.open.is_empty() {
            self.place = Place::Epilog;
        }
        Ok(EndEl {
            name: open.name,
            depth,
            offset,
        })
    }
}

/// The attribute at byte `at` of a start tag, and the offset after it.
fn attribute(input: &str, at: usize) -> Result<(Attr<'_>, usize), XmlError> {
    let bytes = input.as_bytes();
    let name = name_at(input, at)?;
    let mut i = at + name.qualified.len();
    while bytes.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    match bytes.get(i) {
        Some(b'=') => i += 1,
        None => return Err(XmlError::new(at, ErrorKind::UnexpectedEof("an attribute"))),
        Some(_) => {
            return Err(XmlError::new(
                i,
                ErrorKind::Syntax("`=` after an attribute name"),
            ));
        }
    }
    while bytes.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    let quote_byte = match bytes.get(i) {
        Some(&q @ (b'"' | b'\'')) => q,
        None => return Err(XmlError::new(at, ErrorKind::UnexpectedEof("an attribute"))),
        Some(_) => {
            return Err(XmlError::new(
                i,
                ErrorKind::Syntax("a quoted attribute value"),
            ));
        }
    };
    let value_start = i + 1;
    let len = bytes[value_start..]
        .iter()
        .position(|&b| b == quote_byte || b == b'<')
        .ok_or_else(|| XmlError::new(i, ErrorKind::UnexpectedEof("an attribute value")))?;
    let value_end = value_start + len;
    if bytes[value_end] == b'<' {
        return Err(XmlError::new(
            value_end,
            ErrorKind::Syntax("no `<` in an attribute value"),
        ));
    }
    let value = unescape(&input[value_start..value_end], value_start, true)?;
    Ok((Attr { name, value }, value_end + 1))
}

/// Checks the pseudo-attributes of an XML declaration (after `<?xml`) at `start` for an
/// encoding other than UTF-8.
fn check_encoding(pseudo_attributes: &str, start: usize) -> Result<(), XmlError> {
    let Some(at) = pseudo_attributes.find("encoding") else {
        return Ok(());
    };
    let rest = pseudo_attributes[at + "encoding".len()..].trim_start();
    let value = rest
        .strip_prefix('=')
        .map(str::trim_start)
        .and_then(|v| {
            let quote = v.chars().next().filter(|q| *q == '"' || *q == '\'')?;
            let v = &v[1..];
            v.find(quote).map(|end| &v[..end])
        })
        .ok_or_else(|| {
            XmlError::new(
                start,
                ErrorKind::Syntax("a quoted encoding in the XML declaration"),
            )
        })?;
    if value.eq_ignore_ascii_case("utf-8") {
        Ok(())
    } else {
        Err(XmlError::new(
            start,
            ErrorKind::UnsupportedEncoding(quote(value)),
        ))
    }
}

#[cfg(test)]
mod tests;
