use super::*;
use crate::XmlWriter;

/// Every event of `input` as a compact line each, or the error's kind and offset.
fn events(input: &str) -> Result<Vec<String>, (ErrorKind, usize)> {
    let mut reader = XmlReader::from_text(input);
    let mut out = Vec::new();
    loop {
        match reader.next_event() {
            Ok(None) => return Ok(out),
            Ok(Some(Event::Start(el))) => {
                let attrs: Vec<String> = el
                    .attributes()
                    .iter()
                    .map(|a| format!(" {}={:?}", a.name().qualified(), a.value()))
                    .collect();
                out.push(format!(
                    "<{}{}> ns={:?} depth={}",
                    el.name().qualified(),
                    attrs.concat(),
                    el.namespace(),
                    el.depth()
                ));
            }
            Ok(Some(Event::End(end))) => out.push(format!("</{}>", end.name().qualified())),
            Ok(Some(Event::Text(t))) => out.push(format!("text {t:?}")),
            Ok(Some(Event::CData(t))) => out.push(format!("cdata {t:?}")),
            Err(e) => return Err((e.kind().clone(), e.offset())),
        }
    }
}

impl XmlReader<'_> {
    /// Reads until the first error.
    fn clone_error_after_reading(&mut self) -> XmlError {
        loop {
            match self.next_event() {
                Ok(Some(_)) => {}
                Ok(None) => panic!("no error"),
                Err(e) => return e,
            }
        }
    }
}

fn error(input: &str) -> (ErrorKind, usize) {
    match events(input) {
        Ok(events) => panic!("{input:?} read without error: {events:?}"),
        Err(e) => e,
    }
}

#[test]
fn events_of_a_small_document() {
    let doc = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n\
               <a x='1' y=\"&lt;2&gt;\"><b/>t&amp;u<![CDATA[<raw>&amp;]]></a>\n<?pi x?>\n";
    assert_eq!(
        events(doc).unwrap(),
        [
            r#"<a x="1" y="<2>"> ns=None depth=1"#,
            "<b> ns=None depth=2",
            "</b>",
            r#"text "t&u""#,
            r#"cdata "<raw>&amp;""#,
            "</a>",
        ]
    );
}

#[test]
fn namespaces_default_prefixed_nested_and_undeclared() {
    let doc = r#"<r xmlns="urn:d" xmlns:p="urn:p"><p:a><b xmlns="urn:inner"/><c/></p:a><q:x/><d xmlns=""/><xml:e/></r>"#;
    assert_eq!(
        events(doc).unwrap(),
        [
            r#"<r xmlns="urn:d" xmlns:p="urn:p"> ns=Some("urn:d") depth=1"#,
            r#"<p:a> ns=Some("urn:p") depth=2"#,
            r#"<b xmlns="urn:inner"> ns=Some("urn:inner") depth=3"#,
            "</b>",
            r#"<c> ns=Some("urn:d") depth=3"#,
            "</c>",
            "</p:a>",
            "<q:x> ns=None depth=2",
            "</q:x>",
            r#"<d xmlns=""> ns=None depth=2"#,
            "</d>",
            r#"<xml:e> ns=Some("http://www.w3.org/XML/1998/namespace") depth=2"#,
            "</xml:e>",
            "</r>",
        ]
    );
    let mut reader = XmlReader::from_text(r#"<r xmlns:p="urn:p" p:k="v"><p:c/></r>"#);
    let root = reader.root().unwrap();
    let attr = &root.attributes()[1];
    assert_eq!(
        (attr.name().prefix(), attr.name().local()),
        (Some("p"), "k")
    );
    assert_eq!(reader.resolve_prefix(attr.name().prefix()), Some("urn:p"));
    assert_eq!(root.attr("p:k"), Some("v"));
    assert_eq!(root.attr("k"), None);
    let child = reader.next_child(&root).unwrap().unwrap();
    assert_eq!((child.prefix(), child.local_name()), (Some("p"), "c"));
    assert_eq!(reader.next_child(&root).unwrap(), None);
    assert_eq!(
        reader.resolve_prefix(Some("p")),
        None,
        "out of scope after </r>"
    );
}

#[test]
fn text_keeps_whitespace_and_normalizes_line_ends() {
    assert_eq!(
        events("<a>  x\r\n y\r </a>").unwrap()[1],
        r#"text "  x\n y\n ""#
    );
    assert_eq!(
        events("<a><![CDATA[a\r\nb]]></a>").unwrap()[1],
        r#"cdata "a\nb""#
    );
    assert_eq!(
        events("<a v=\"x\ty\r\nz\"/>").unwrap()[0],
        r#"<a v="x y z"> ns=None depth=1"#
    );
}

#[test]
fn helpers_read_text_skip_unknown_children_and_stop_at_the_parent() {
    let doc = r#"<Resp>
        <Unknown><Deep><Deeper>x</Deeper></Deep></Unknown>
        <Name>  padded &amp; <![CDATA[<cdata>]]><!-- c --> </Name>
        <Empty/>
        <Items><member>1</member><member>2</member></Items>
        <Half><Read>r</Read><Unread>u</Unread></Half>
        <Last>z</Last>
    </Resp>"#;
    let mut reader = XmlReader::from_text(doc);
    let root = reader.root().unwrap();
    let mut seen = Vec::new();
    while let Some(child) = reader.next_child(&root).unwrap() {
        match child.local_name() {
            "Name" | "Empty" | "Last" => {
                seen.push(format!(
                    "{}={:?}",
                    child.local_name(),
                    reader.read_text(&child).unwrap()
                ));
            }
            "Items" => {
                while let Some(member) = reader.next_child(&child).unwrap() {
                    seen.push(format!("member={}", reader.read_text(&member).unwrap()));
                }
                // Closed: asking again is harmless.
                assert_eq!(reader.next_child(&child).unwrap(), None);
                reader.skip(&child).unwrap();
            }
            "Half" => {
                let first = reader.next_child(&child).unwrap().unwrap();
                seen.push(format!("half={}", reader.read_text(&first).unwrap()));
                // `Unread` and the end of `Half` are skipped by the next call on `root`.
            }
            _ => {}
        }
    }
    assert_eq!(
        seen,
        [
            r#"Name="  padded & <cdata> ""#,
            r#"Empty="""#,
            "member=1",
            "member=2",
            "half=r",
            r#"Last="z""#
        ]
    );
    assert_eq!(reader.next_child(&root).unwrap(), None);
    reader.finish().unwrap();
}

#[test]
fn read_text_after_an_opened_child_reads_only_its_own_text() {
    let mut reader = XmlReader::from_text("<a>head<b>inner</b>tail</a>");
    let root = reader.root().unwrap();
    let b = reader.next_child(&root).unwrap().unwrap();
    assert_eq!(b.local_name(), "b");
    // `b` is left open: its text is not `a`'s.
    assert_eq!(reader.read_text(&root).unwrap(), "tail");
    reader.finish().unwrap();
}

#[test]
fn read_text_borrows_plain_text() {
    let mut reader = XmlReader::from_text("<a>plain</a>");
    let root = reader.root().unwrap();
    assert!(matches!(
        reader.read_text(&root).unwrap(),
        Cow::Borrowed("plain")
    ));
}

#[test]
fn helper_faults_are_errors_not_panics() {
    let mut reader = XmlReader::from_text("<a><b>x<c/></b></a>");
    let root = reader.root().unwrap();
    assert_eq!(
        reader.root().unwrap_err().kind(),
        &ErrorKind::RootAlreadyRead
    );
    let b = reader.next_child(&root).unwrap().unwrap();
    let e = reader.read_text(&b).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (&ErrorKind::ElementInText("c".into()), 7)
    );
    // A decoding fault leaves the reader usable; a malformed input fails it for good.
    assert!(matches!(reader.next_event(), Ok(Some(Event::End(_)))));
    let mut reader = XmlReader::from_text("<a><b></a>");
    let e = reader.clone_error_after_reading();
    assert_eq!(reader.next_event().unwrap_err(), e);

    let mut reader = XmlReader::from_text("<a><b>x</b></a>");
    let root = reader.root().unwrap();
    let b = reader.next_child(&root).unwrap().unwrap();
    reader.skip(&b).unwrap();
    assert_eq!(
        reader.read_text(&b).unwrap_err().kind(),
        &ErrorKind::ElementClosed("b".into())
    );
}

#[test]
fn doctype_xxe_and_billion_laughs_are_refused() {
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>"#;
    assert_eq!(error(xxe), (ErrorKind::Doctype, 21));
    let laughs = concat!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n",
        " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n",
        "<lolz>&lol2;</lolz>"
    );
    assert_eq!(error(laughs), (ErrorKind::Doctype, 22));
    // Without the DOCTYPE the references name unknown entities.
    assert_eq!(
        error("<lolz>&lol9;</lolz>"),
        (ErrorKind::UnknownEntity("lol9".into()), 6)
    );
    assert_eq!(
        error("<a v='&xxe;'/>"),
        (ErrorKind::UnknownEntity("xxe".into()), 6)
    );
    // A declaration inside content, and parameter-entity style markup.
    assert_eq!(
        error("<a><!ENTITY x \"y\"></a>"),
        (ErrorKind::MarkupDeclaration, 3)
    );
    assert_eq!(
        error("<!ELEMENT a ANY><a/>"),
        (ErrorKind::MarkupDeclaration, 0)
    );
    // Parameter-entity syntax is plain text without a DTD.
    assert_eq!(events("<a>%x;</a>").unwrap()[1], r#"text "%x;""#);
}

#[test]
fn message_names_the_offset_and_the_refusal() {
    let e = XmlReader::from_text("<!DOCTYPE x><x/>").root().unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid XML at byte 0: a DOCTYPE is not allowed (DTDs and their entities are never processed)"
    );
    let e = XmlReader::from_text("<x>&e;</x>")
        .next_event()
        .and_then(|_| XmlReader::from_text("<x>&e;</x>").finish());
    assert!(
        e.unwrap_err()
            .to_string()
            .starts_with("invalid XML at byte 3: unknown entity `&e;`")
    );
}

#[test]
fn nesting_deeper_than_the_limit_is_refused() {
    let deep = |n: usize| format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
    assert!(
        XmlReader::from_text(&deep(DEFAULT_MAX_DEPTH))
            .finish()
            .is_ok()
    );
    let e = XmlReader::from_text(&deep(DEFAULT_MAX_DEPTH + 1))
        .finish()
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (
            &ErrorKind::TooDeep(DEFAULT_MAX_DEPTH),
            3 * DEFAULT_MAX_DEPTH
        )
    );
    let e = XmlReader::from_text(&deep(3))
        .with_max_depth(2)
        .finish()
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::TooDeep(2));
    // A million levels: an error, not a stack overflow.
    assert!(XmlReader::from_text(&deep(1_000_000)).finish().is_err());
}

#[test]
fn namespace_declarations_in_scope_are_bounded() {
    let decls = |n: usize| {
        (0..n)
            .map(|i| format!(" xmlns:p{i}='u'"))
            .collect::<String>()
    };
    assert!(
        XmlReader::from_text(&format!("<a{}/>", decls(MAX_NAMESPACES)))
            .finish()
            .is_ok()
    );
    let e = XmlReader::from_text(&format!("<a{}><b xmlns='x'/></a>", decls(MAX_NAMESPACES)))
        .finish()
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::TooManyNamespaces(MAX_NAMESPACES));
}

#[test]
fn malformed_input_is_an_error_at_its_offset() {
    let cases: &[(&str, ErrorKind, usize)] = &[
        ("", ErrorKind::NoRoot, 0),
        ("  <!-- only a comment -->", ErrorKind::NoRoot, 25),
        ("<a>", ErrorKind::Unclosed("a".into()), 3),
        (
            "<a><b></a>",
            ErrorKind::MismatchedEnd {
                expected: "b".into(),
                found: "a".into(),
            },
            6,
        ),
        (
            "</a>",
            ErrorKind::Syntax("a start tag before any end tag"),
            0,
        ),
        ("<a/><b/>", ErrorKind::SecondRoot, 4),
        ("text<a/>", ErrorKind::TextOutsideRoot, 0),
        ("<a/>text", ErrorKind::TextOutsideRoot, 4),
        ("<![CDATA[x]]><a/>", ErrorKind::TextOutsideRoot, 0),
        (
            "<a x='1' x='2'/>",
            ErrorKind::DuplicateAttribute("x".into()),
            0,
        ),
        (
            "<a x/>",
            ErrorKind::Syntax("`=` after an attribute name"),
            4,
        ),
        ("<a x=1/>", ErrorKind::Syntax("a quoted attribute value"), 5),
        (
            "<a x='<'/>",
            ErrorKind::Syntax("no `<` in an attribute value"),
            6,
        ),
        (
            "<a x='1'y='2'/>",
            ErrorKind::Syntax("whitespace before an attribute"),
            8,
        ),
        (
            "<a / >",
            ErrorKind::Syntax("`>` after `/` in a start tag"),
            3,
        ),
        (
            "<1a/>",
            ErrorKind::Syntax("a name that starts with a letter, `_` or `:`"),
            1,
        ),
        ("< a/>", ErrorKind::Syntax("a name"), 1),
        (
            "<a:b:c/>",
            ErrorKind::Syntax("a name with at most one `:`, between a prefix and a local name"),
            1,
        ),
        ("<a></a x>", ErrorKind::Syntax("`>` to close an end tag"), 7),
        ("<a", ErrorKind::UnexpectedEof("a start tag"), 0),
        ("<", ErrorKind::UnexpectedEof("a name"), 1),
        ("<a x='1", ErrorKind::UnexpectedEof("an attribute value"), 5),
        ("<a><!-- x", ErrorKind::UnexpectedEof("a comment"), 7),
        (
            "<a><![CDATA[x",
            ErrorKind::UnexpectedEof("a CDATA section"),
            12,
        ),
        (
            "<?pi",
            ErrorKind::UnexpectedEof("a processing instruction"),
            2,
        ),
        ("<a>&amp</a>", ErrorKind::UnterminatedReference, 3),
        (
            "<a>&#xFFFFFFFF;</a>",
            ErrorKind::InvalidCharRef("#xFFFFFFFF".into()),
            3,
        ),
        (
            "<a/><?xml version='1.0'?>",
            ErrorKind::MisplacedDeclaration,
            4,
        ),
        (
            " <?xml version='1.0'?><a/>",
            ErrorKind::MisplacedDeclaration,
            1,
        ),
        (
            "<?xml version='1.0' encoding='ISO-8859-1'?><a/>",
            ErrorKind::UnsupportedEncoding("ISO-8859-1".into()),
            0,
        ),
        (
            "<?xml version='1.0' encoding=UTF-8?><a/>",
            ErrorKind::Syntax("a quoted encoding in the XML declaration"),
            0,
        ),
    ];
    for (input, kind, offset) in cases {
        assert_eq!(&error(input), &(kind.clone(), *offset), "{input:?}");
    }
    // Not UTF-8.
    let e = XmlReader::new(b"<a>\xff</a>").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (&ErrorKind::InvalidUtf8, 3));
    // Accepted: encoding names in any case, single quotes, whitespace in tags.
    assert!(
        XmlReader::from_text("<?xml version='1.0' encoding='utf-8' ?><a\n x = '1' ></a >")
            .finish()
            .is_ok()
    );
}

#[test]
fn many_attributes_are_checked_for_duplicates_without_quadratic_cost() {
    let attrs: String = (0..20_000).map(|i| format!(" a{i}='v'")).collect();
    assert!(
        XmlReader::from_text(&format!("<x{attrs}/>"))
            .finish()
            .is_ok()
    );
    let e = XmlReader::from_text(&format!("<x{attrs} a7='w'/>"))
        .finish()
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::DuplicateAttribute("a7".into()));
}

#[test]
fn long_names_are_cut_in_messages() {
    let long = "n".repeat(1000);
    let (kind, _) = error(&format!("<a></{long}>"));
    let ErrorKind::MismatchedEnd { found, .. } = kind else {
        panic!("{kind:?}")
    };
    assert_eq!(found.len(), 64 + 3);
}

#[test]
fn what_the_writer_writes_reads_back() {
    let texts = [
        "",
        "plain",
        "  leading and trailing  ",
        "<&>\"' ]]> \r\n\r \t",
        "\u{0}\u{1}\u{1f}\u{7f}é😀\u{FFFF}",
    ];
    for text in texts {
        let mut w = XmlWriter::new();
        let mut root = w
            .start_el("p:r")
            .write_ns("urn:a&b", Some("p"))
            .attr("v", text)
            .finish();
        root.text_el("t", text);
        root.start_el("e").empty();
        root.finish();
        let doc = w.finish();
        let mut reader = XmlReader::new(doc.as_bytes()).unwrap();
        let root = reader.root().unwrap();
        assert_eq!(root.namespace(), Some("urn:a&b"));
        assert_eq!(root.attr("v"), Some(text), "{doc}");
        let t = reader.next_child(&root).unwrap().unwrap();
        assert_eq!(reader.read_text(&t).unwrap(), text, "{doc}");
        let e = reader.next_child(&root).unwrap().unwrap();
        assert_eq!(reader.read_text(&e).unwrap(), "");
        assert_eq!(reader.next_child(&root).unwrap(), None);
        reader.finish().unwrap();
    }
}

#[test]
fn debug_of_reader_and_writer_shows_no_content() {
    let secret = "wJalrXUtnFEMI/K7MDENG";
    let body = format!("<a><SecretAccessKey>{secret}</SecretAccessKey></a>");
    let mut reader = XmlReader::from_text(&body);
    let root = reader.root().unwrap();
    reader.next_child(&root).unwrap();
    assert!(!format!("{reader:?}").contains(secret), "{reader:?}");

    let mut writer = XmlWriter::new();
    {
        let mut root = writer.start_el("a").finish();
        root.text_el("SecretAccessKey", secret);
        assert!(!format!("{root:?}").contains(secret), "{root:?}");
        let el = root.start_el("b").attr("k", secret);
        assert!(!format!("{el:?}").contains(secret), "{el:?}");
    }
    assert!(!format!("{writer:?}").contains(secret), "{writer:?}");
}
