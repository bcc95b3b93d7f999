//! The writer: elements, attributes, namespace declarations and escaped text, appended to a
//! `String` in the order the calls are made (so the same calls give the same bytes).
//!
//! Shaped for generated serializers: [`XmlWriter::start_el`] and [`ScopeWriter::start_el`]
//! open a start tag ([`ElWriter`]) that takes attributes and namespace declarations;
//! [`ElWriter::finish`] closes the start tag and gives the element's content scope
//! ([`ScopeWriter`]), where children and text go. Dropping a scope writes its end tag, and
//! dropping an [`ElWriter`] without finishing it writes an empty element (`<Name/>`), so the
//! output is always well formed.
//!
//! Names are written as given (generated code passes the model's names, prefixed or not).

use crate::escape::{push_attr, push_text};

/// An XML document being written. The `Debug` of the writer and its scopes shows the
/// length written and the element, never the text (a request may carry secrets).
#[derive(Default)]
pub struct XmlWriter {
    out: String,
}

impl std::fmt::Debug for XmlWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlWriter")
            .field("len", &self.out.len())
            .finish()
    }
}

impl std::fmt::Debug for ElWriter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ElWriter")
            .field("name", &self.name)
            .field("len", &self.out.len())
            .field("start_tag_open", &self.start_tag_open)
            .finish()
    }
}

impl XmlWriter {
    /// An empty document (no XML declaration: request bodies do without one).
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens the start tag of the root element `name`.
    pub fn start_el<'w>(&'w mut self, name: &'w str) -> ElWriter<'w> {
        ElWriter::open(&mut self.out, name)
    }

    /// The document's text.
    pub fn finish(self) -> String {
        self.out
    }
}

/// An open start tag: attributes and namespace declarations go here, then
/// [`finish`](Self::finish) for the content, or [`empty`](Self::empty) (or drop it) for an
/// empty element.
#[must_use = "an element is written by finishing it (content) or dropping it (empty)"]
pub struct ElWriter<'w> {
    out: &'w mut String,
    name: &'w str,
    /// The start tag still takes attributes (`<Name a="1"`); once finished, the end tag is
    /// what dropping writes.
    start_tag_open: bool,
}

impl<'w> ElWriter<'w> {
    fn open(out: &'w mut String, name: &'w str) -> Self {
        out.push('<');
        out.push_str(name);
        Self {
            out,
            name,
            start_tag_open: true,
        }
    }

    /// Adds the attribute `name="value"`, the value escaped.
    pub fn attr(self, name: &str, value: &str) -> Self {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        push_attr(self.out, value);
        self.out.push('"');
        self
    }

    /// Declares a namespace: the default one (`xmlns="uri"`) when `prefix` is `None`, else
    /// `xmlns:prefix="uri"`.
    pub fn write_ns(self, uri: &str, prefix: Option<&str>) -> Self {
        match prefix {
            Some(prefix) => {
                let name = format!("xmlns:{prefix}");
                self.attr(&name, uri)
            }
            None => self.attr("xmlns", uri),
        }
    }

    /// Ends the element as an empty one: `<Name .../>`.
    pub fn empty(self) {}

    /// Closes the start tag: the element's content comes next.
    pub fn finish(mut self) -> ScopeWriter<'w> {
        self.out.push('>');
        self.start_tag_open = false;
        ScopeWriter { el: self }
    }
}

impl Drop for ElWriter<'_> {
    fn drop(&mut self) {
        if self.start_tag_open {
            self.out.push_str("/>");
        } else {
            self.out.push_str("</");
            self.out.push_str(self.name);
            self.out.push('>');
        }
    }
}

/// The content of an element: child elements and text. Dropping it, or
/// [`finish`](Self::finish), writes the end tag.
#[derive(Debug)]
pub struct ScopeWriter<'w> {
    /// The element, its start tag closed; its `Drop` writes the end tag.
    el: ElWriter<'w>,
}

impl ScopeWriter<'_> {
    /// Opens the start tag of a child element `name`.
    pub fn start_el<'s>(&'s mut self, name: &'s str) -> ElWriter<'s> {
        ElWriter::open(&mut *self.el.out, name)
    }

    /// Writes `text`, escaped.
    pub fn data(&mut self, text: &str) {
        push_text(&mut *self.el.out, text);
    }

    /// Writes the child `<name>text</name>`, the text escaped: a scalar member in one call.
    pub fn text_el(&mut self, name: &str, text: &str) {
        let out = &mut *self.el.out;
        out.push('<');
        out.push_str(name);
        out.push('>');
        push_text(out, text);
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }

    /// Writes the end tag.
    pub fn finish(self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_structures_lists_and_maps() {
        let mut w = XmlWriter::new();
        let mut root = w
            .start_el("PutThingRequest")
            .write_ns("https://example.com/", None)
            .write_ns("https://example.com/x", Some("x"))
            .attr("x:kind", "a\"b")
            .finish();
        root.text_el("Name", "R&D <1>");
        // A wrapped list with `member` elements.
        let mut list = root.start_el("Items").finish();
        for item in ["a", "b"] {
            list.text_el("member", item);
        }
        list.finish();
        // A flattened list: the elements repeat without a wrapper.
        for item in ["c", "d"] {
            root.text_el("Flat", item);
        }
        // A map with entry/key/value.
        let mut map = root.start_el("Tags").finish();
        let mut entry = map.start_el("entry").finish();
        entry.text_el("key", "k");
        entry.text_el("value", "v");
        entry.finish();
        map.finish();
        // Nested structure with text written in pieces.
        let mut nested = root.start_el("Nested").attr("id", "7").finish();
        nested.data("x ");
        nested.data("> y");
        nested.finish();
        root.start_el("Empty").attr("n", "1").empty();
        root.finish();
        assert_eq!(
            w.finish(),
            concat!(
                r#"<PutThingRequest xmlns="https://example.com/" xmlns:x="https://example.com/x" x:kind="a&quot;b">"#,
                "<Name>R&amp;D &lt;1&gt;</Name>",
                "<Items><member>a</member><member>b</member></Items>",
                "<Flat>c</Flat><Flat>d</Flat>",
                "<Tags><entry><key>k</key><value>v</value></entry></Tags>",
                r#"<Nested id="7">x &gt; y</Nested>"#,
                r#"<Empty n="1"/>"#,
                "</PutThingRequest>"
            )
        );
    }

    #[test]
    fn dropped_scopes_close_their_elements() {
        let mut w = XmlWriter::new();
        {
            let mut root = w.start_el("a").finish();
            let mut b = root.start_el("b").finish();
            let _c = b.start_el("c").finish();
        }
        assert_eq!(w.finish(), "<a><b><c></c></b></a>");
    }

    #[test]
    fn output_is_deterministic() {
        let write = || {
            let mut w = XmlWriter::new();
            let mut root = w.start_el("r").attr("b", "2").attr("a", "1").finish();
            root.text_el("t", "\u{1}\r");
            root.finish();
            w.finish()
        };
        assert_eq!(write(), write());
        assert_eq!(write(), r#"<r b="2" a="1"><t>&#x1;&#xD;</t></r>"#);
    }
}
