//! The shapes generated XML codecs write and read, written by hand here the way generated code
//! will use this crate: a structure with an attribute member and a prefixed namespace, a nested
//! (recursive) structure, wrapped lists (`member` and a renamed member), an empty list, a
//! flattened list, a wrapped map (`entry`/`key`/`value`) and a flattened map. What the
//! serializer writes the decoder reads back, and unknown elements, comments and whitespace in
//! a response change nothing.

use std::collections::BTreeMap;

use smithy_xml_runtime::{ErrorKind, ScopeWriter, StartEl, XmlError, XmlReader, XmlWriter};

#[derive(Debug, Default, Clone, PartialEq)]
struct Thing {
    /// `@xmlAttribute`.
    id: Option<String>,
    name: Option<String>,
    nested: Option<Nested>,
    /// A wrapped list: `<Items><member>..</member></Items>`.
    items: Option<Vec<String>>,
    /// A wrapped list whose member has `@xmlName("item")`.
    renamed: Option<Vec<String>>,
    /// `@xmlFlattened`: `<Flat>..</Flat><Flat>..</Flat>`.
    flat: Option<Vec<String>>,
    /// A wrapped map: `<Tags><entry><key/><value/></entry></Tags>`.
    tags: Option<BTreeMap<String, String>>,
    /// `@xmlFlattened` map: `<Attr><key/><value/></Attr>` repeated.
    attrs: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Default, Clone, PartialEq)]
struct Nested {
    count: Option<String>,
    inner: Option<Box<Nested>>,
}

fn write_thing(thing: &Thing) -> String {
    let mut writer = XmlWriter::new();
    let mut el = writer
        .start_el("t:Thing")
        .write_ns("urn:things", Some("t"))
        .write_ns("urn:default", None);
    if let Some(id) = &thing.id {
        el = el.attr("id", id);
    }
    let mut root = el.finish();
    if let Some(name) = &thing.name {
        root.text_el("Name", name);
    }
    if let Some(nested) = &thing.nested {
        write_nested(&mut root, "Nested", nested);
    }
    for (name, member, list) in [
        ("Items", "member", &thing.items),
        ("Renamed", "item", &thing.renamed),
    ] {
        if let Some(list) = list {
            let mut wrapper = root.start_el(name).finish();
            for value in list {
                wrapper.text_el(member, value);
            }
        }
    }
    for value in thing.flat.iter().flatten() {
        root.text_el("Flat", value);
    }
    if let Some(tags) = &thing.tags {
        let mut map = root.start_el("Tags").finish();
        for (key, value) in tags {
            let mut entry = map.start_el("entry").finish();
            entry.text_el("key", key);
            entry.text_el("value", value);
        }
    }
    for (key, value) in thing.attrs.iter().flatten() {
        let mut entry = root.start_el("Attr").finish();
        entry.text_el("key", key);
        entry.text_el("value", value);
    }
    root.finish();
    writer.finish()
}

fn write_nested(scope: &mut ScopeWriter<'_>, name: &str, nested: &Nested) {
    let mut el = scope.start_el(name).finish();
    if let Some(count) = &nested.count {
        el.text_el("Count", count);
    }
    if let Some(inner) = &nested.inner {
        write_nested(&mut el, "Inner", inner);
    }
}

fn read_thing(body: &str) -> Result<Thing, XmlError> {
    let mut r = XmlReader::from_text(body);
    let root = r.root()?;
    let mut thing = Thing {
        id: root.attr("id").map(str::to_owned),
        ..Thing::default()
    };
    while let Some(el) = r.next_child(&root)? {
        match el.local_name() {
            "Name" => thing.name = Some(r.read_text(&el)?.into_owned()),
            "Nested" => thing.nested = Some(read_nested(&mut r, &el)?),
            "Items" => thing.items = Some(read_list(&mut r, &el, "member")?),
            "Renamed" => thing.renamed = Some(read_list(&mut r, &el, "item")?),
            "Flat" => thing
                .flat
                .get_or_insert_with(Vec::new)
                .push(r.read_text(&el)?.into_owned()),
            "Tags" => {
                let tags = thing.tags.get_or_insert_with(BTreeMap::new);
                while let Some(entry) = r.next_child(&el)? {
                    if entry.local_name() == "entry" {
                        let (key, value) = read_entry(&mut r, &entry)?;
                        tags.insert(key, value);
                    }
                }
            }
            "Attr" => {
                let (key, value) = read_entry(&mut r, &el)?;
                thing
                    .attrs
                    .get_or_insert_with(BTreeMap::new)
                    .insert(key, value);
            }
            _ => {}
        }
    }
    r.finish()?;
    Ok(thing)
}

fn read_nested<'a>(r: &mut XmlReader<'a>, el: &StartEl<'a>) -> Result<Nested, XmlError> {
    let mut nested = Nested::default();
    while let Some(child) = r.next_child(el)? {
        match child.local_name() {
            "Count" => nested.count = Some(r.read_text(&child)?.into_owned()),
            "Inner" => nested.inner = Some(Box::new(read_nested(r, &child)?)),
            _ => {}
        }
    }
    Ok(nested)
}

fn read_list<'a>(
    r: &mut XmlReader<'a>,
    el: &StartEl<'a>,
    member: &str,
) -> Result<Vec<String>, XmlError> {
    let mut list = Vec::new();
    while let Some(child) = r.next_child(el)? {
        if child.local_name() == member {
            list.push(r.read_text(&child)?.into_owned());
        }
    }
    Ok(list)
}

fn read_entry<'a>(r: &mut XmlReader<'a>, el: &StartEl<'a>) -> Result<(String, String), XmlError> {
    let (mut key, mut value) = (String::new(), String::new());
    while let Some(child) = r.next_child(el)? {
        match child.local_name() {
            "key" => key = r.read_text(&child)?.into_owned(),
            "value" => value = r.read_text(&child)?.into_owned(),
            _ => {}
        }
    }
    Ok((key, value))
}

fn sample() -> Thing {
    Thing {
        id: Some("t-1 \"quoted\"".into()),
        name: Some("  R&D <lab>  ".into()),
        nested: Some(Nested {
            count: Some("1".into()),
            inner: Some(Box::new(Nested {
                count: Some("2".into()),
                inner: None,
            })),
        }),
        items: Some(vec!["a".into(), "".into(), "c".into()]),
        renamed: Some(vec![]),
        flat: Some(vec!["x".into(), "y".into()]),
        tags: Some(BTreeMap::from([
            ("k1".into(), "v1".into()),
            ("k2".into(), "".into()),
        ])),
        attrs: Some(BTreeMap::from([("a".into(), "1".into())])),
    }
}

#[test]
fn what_the_serializer_writes_the_decoder_reads_back() {
    let thing = sample();
    let body = write_thing(&thing);
    assert_eq!(
        body,
        concat!(
            r#"<t:Thing xmlns:t="urn:things" xmlns="urn:default" id="t-1 &quot;quoted&quot;">"#,
            "<Name>  R&amp;D &lt;lab&gt;  </Name>",
            "<Nested><Count>1</Count><Inner><Count>2</Count></Inner></Nested>",
            "<Items><member>a</member><member></member><member>c</member></Items>",
            "<Renamed></Renamed>",
            "<Flat>x</Flat><Flat>y</Flat>",
            "<Tags><entry><key>k1</key><value>v1</value></entry>",
            "<entry><key>k2</key><value></value></entry></Tags>",
            "<Attr><key>a</key><value>1</value></Attr>",
            "</t:Thing>"
        )
    );
    assert_eq!(read_thing(&body), Ok(thing.clone()));
    assert_eq!(write_thing(&thing), body, "the same value, the same bytes");
    assert_eq!(
        read_thing(&write_thing(&Thing::default())),
        Ok(Thing::default())
    );
}

#[test]
fn unknown_elements_comments_and_layout_change_nothing() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a response from a newer service version -->
<t:Thing xmlns:t="urn:things" id="t-1 &quot;quoted&quot;" extra="ignored">
  <NewMember><Deep><Deeper>unknown</Deeper></Deep></NewMember>
  <Name>  R&amp;D <![CDATA[<lab>]]>  </Name>
  <Nested>
    <Count>1</Count>
    <Inner><Count>2</Count><Unknown/></Inner>
  </Nested>
  <Items>
    <member>a</member>
    <member/>
    <member>c</member>
  </Items>
  <Renamed/>
  <Flat>x</Flat>
  <Interleaved>ignored</Interleaved>
  <Flat>y</Flat>
  <Tags>
    <entry><key>k1</key><value>v1</value></entry>
    <entry><value></value><key>k2</key></entry>
  </Tags>
  <Attr><key>a</key><value>1</value></Attr>
</t:Thing>
"#;
    assert_eq!(read_thing(body), Ok(sample()));
}

#[test]
fn a_recursive_shape_deeper_than_the_limit_is_an_error() {
    let depth = 200;
    let body = format!(
        "<Thing><Nested>{}{}</Nested></Thing>",
        "<Inner>".repeat(depth),
        "</Inner>".repeat(depth)
    );
    let e = read_thing(&body).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::TooDeep(smithy_xml_runtime::DEFAULT_MAX_DEPTH)
    );
}
