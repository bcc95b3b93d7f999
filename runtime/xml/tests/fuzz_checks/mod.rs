//! What the `xml_reader` fuzz target (fuzz/fuzz_targets/xml_reader.rs) checks on any input;
//! `tests/fuzz_regressions.rs` runs the same checks on the inputs kept in
//! `tests/fuzz_regressions/`. Errors are fine; a panic or a broken property is a bug.

use smithy_xml_runtime::{
    DEFAULT_MAX_DEPTH, ElWriter, ErrorKind, Event, StartEl, XmlError, XmlReader, XmlWriter,
};

/// Every check, on one input.
pub fn check(data: &[u8]) {
    let parsed = check_events(data);
    check_helpers(data, parsed);
    check_tree_round_trip(data);
    check_text_round_trip(data);
}

/// Events are balanced and their depths consistent; an error lies within the input, has a
/// message, and is returned again by the next call. Whether the document read.
fn check_events(data: &[u8]) -> bool {
    let Ok(mut reader) = XmlReader::new(data) else {
        return false;
    };
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.next_event() {
            Ok(None) => {
                assert!(open.is_empty(), "the document ended with {open:?} open");
                return true;
            }
            Ok(Some(Event::Start(el))) => {
                open.push(el.name().qualified().to_owned());
                assert_eq!(el.depth(), open.len());
                assert!(el.depth() <= DEFAULT_MAX_DEPTH);
                assert!(el.offset() < data.len());
                assert_eq!(el.local_name(), el.name().local());
            }
            Ok(Some(Event::End(end))) => {
                assert_eq!(end.depth(), open.len());
                assert_eq!(open.pop().as_deref(), Some(end.name().qualified()));
            }
            Ok(Some(Event::Text(text) | Event::CData(text))) => {
                assert!(!open.is_empty(), "text outside the root element");
                // Nothing expands: decoded text is never longer than the input.
                assert!(text.len() <= data.len());
            }
            Err(e) => {
                assert!(e.offset() <= data.len(), "{e:?} lies past the input");
                assert!(!e.to_string().is_empty());
                assert_eq!(reader.next_event(), Err(e));
                return false;
            }
        }
    }
}

/// The decoder helpers on any input: a generic decoder reads some children's text, descends
/// into others, reads the text of some after opening their first child, and leaves the rest
/// for `next_child` to skip. On a document that reads, only
/// "element where text was expected" may fail it; a helper fault never happens.
fn check_helpers(data: &[u8], parsed: bool) {
    fn walk<'a>(reader: &mut XmlReader<'a>, el: &StartEl<'a>) -> Result<(), XmlError> {
        while let Some(child) = reader.next_child(el)? {
            match child.local_name().len() % 4 {
                0 => {
                    reader.read_text(&child)?;
                }
                1 => walk(reader, &child)?,
                // Open a grandchild, leave it, then read the child's own text (when there
                // was none, the child has closed: nothing is left to read).
                2 => {
                    let grandchild = reader.next_child(&child)?;
                    if grandchild.is_some() {
                        reader.read_text(&child)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
    let Ok(mut reader) = XmlReader::new(data) else {
        return;
    };
    let result = reader
        .root()
        .and_then(|root| walk(&mut reader, &root))
        .and_then(|()| reader.finish());
    if let Err(e) = result {
        assert!(
            !matches!(
                e.kind(),
                ErrorKind::ElementClosed(_) | ErrorKind::RootAlreadyRead
            ),
            "helper fault: {e}"
        );
        assert!(
            !parsed || matches!(e.kind(), ErrorKind::ElementInText(_)),
            "the events read, the helpers failed: {e}"
        );
    }
}

/// An element tree: names, attributes (namespace declarations included) and text, as read.
#[derive(Debug, PartialEq)]
enum Node {
    El {
        name: String,
        attrs: Vec<(String, String)>,
        children: Vec<Node>,
    },
    Text(String),
}

fn read_tree(data: &[u8]) -> Result<Node, XmlError> {
    let mut reader = XmlReader::new(data)?;
    let mut stack: Vec<Node> = Vec::new();
    let mut root = None;
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Start(el) => stack.push(Node::El {
                name: el.name().qualified().to_owned(),
                attrs: el
                    .attributes()
                    .iter()
                    .map(|a| (a.name().qualified().to_owned(), a.value().to_owned()))
                    .collect(),
                children: Vec::new(),
            }),
            Event::End(_) => {
                let node = stack.pop().expect("an end follows a start");
                match stack.last_mut() {
                    Some(Node::El { children, .. }) => children.push(node),
                    _ => root = Some(node),
                }
            }
            Event::Text(text) | Event::CData(text) => {
                let Some(Node::El { children, .. }) = stack.last_mut() else {
                    panic!("text outside the root element");
                };
                match children.last_mut() {
                    Some(Node::Text(previous)) => previous.push_str(&text),
                    _ if text.is_empty() => {}
                    _ => children.push(Node::Text(text.into_owned())),
                }
            }
        }
    }
    Ok(root.expect("a document that reads has a root"))
}

fn write_el(start: ElWriter<'_>, node: &Node) {
    let Node::El {
        attrs, children, ..
    } = node
    else {
        return;
    };
    let mut el = start;
    for (name, value) in attrs {
        el = el.attr(name, value);
    }
    let mut scope = el.finish();
    for child in children {
        match child {
            Node::Text(text) => scope.data(text),
            Node::El { name, .. } => write_el(scope.start_el(name), child),
        }
    }
}

/// A document that reads, written again by the writer, reads as the same tree.
fn check_tree_round_trip(data: &[u8]) {
    let Ok(tree) = read_tree(data) else {
        return;
    };
    let Node::El { name, .. } = &tree else {
        panic!("the root is an element");
    };
    let mut writer = XmlWriter::new();
    write_el(writer.start_el(name), &tree);
    let written = writer.finish();
    match read_tree(written.as_bytes()) {
        Ok(again) => assert_eq!(again, tree, "written as {written:?}"),
        Err(e) => panic!("the writer wrote {written:?}, which does not read: {e}"),
    }
}

/// Any text, as an attribute value and as element content, reads back unchanged.
fn check_text_round_trip(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut writer = XmlWriter::new();
    let mut root = writer.start_el("r").attr("a", &text).finish();
    root.text_el("t", &text);
    root.finish();
    let written = writer.finish();
    let mut reader = XmlReader::new(written.as_bytes()).expect("the writer writes UTF-8");
    let root = reader.root().expect("the root reads");
    assert_eq!(root.attr("a"), Some(&*text), "written as {written:?}");
    let t = reader
        .next_child(&root)
        .expect("a child")
        .expect("the child t");
    assert_eq!(
        reader.read_text(&t).expect("its text"),
        text,
        "written as {written:?}"
    );
    assert_eq!(reader.next_child(&root), Ok(None));
    reader.finish().expect("the rest reads");
}
