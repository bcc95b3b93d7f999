//! The XML body codec's helpers (awsQuery, ec2Query and restXml): scalar values read from an
//! element's or attribute's text, naming the element when the text is not a value of the
//! member's type, and the envelopes of query responses and errors around the element a
//! generated decoder reads. Reading and writing XML itself is `crate::xml`
//! (smithy-xml-runtime), whose errors convert into [`BoxError`] with `?`; values are written as
//! text with the [`binding`](super::binding) helpers (`float`, `timestamp`) and `blob::encode`.
//!
//! A generated decoder is a plain function over the reader and the element holding the value:
//! [`Decode`]. It reads the element's attributes and children to its end tag; children it does
//! not know are skipped.

use std::borrow::Cow;
use std::collections::HashMap;
use std::str::FromStr;

use smithy_types_runtime::DateTime;
use smithy_types_runtime::timestamp::TextFormat;

use super::{parse_error, scalar};
use crate::error::BoxError;
use crate::xml::{StartEl, XmlReader};

/// A generated decoder: reads a `T` from element `el` (open, just returned by the reader) to
/// its end tag.
pub type Decode<T> = for<'a> fn(&mut XmlReader<'a>, &StartEl<'a>) -> Result<T, BoxError>;

/// An awsQuery output: `<{Op}Response><{Op}Result>...members...</{Op}Result>
/// <ResponseMetadata>...</ResponseMetadata></{Op}Response>`. An empty body, or a response
/// without the result element (an output with no members), reads as an empty result.
pub fn aws_query_output<T>(
    body: &[u8],
    response: &str,
    result: &str,
    decode: Decode<T>,
) -> Result<T, BoxError> {
    let Some((mut reader, root)) = document(body)? else {
        return decode_empty(decode);
    };
    expect_root(&root, response)?;
    while let Some(child) = reader.next_child(&root)? {
        if child.local_name() == result {
            let value = decode(&mut reader, &child)?;
            reader.finish()?;
            return Ok(value);
        }
    }
    reader.finish()?;
    decode_empty(decode)
}

/// An ec2Query output: `<{Op}Response>...members...<requestId/></{Op}Response>` (the request
/// id is not a member, so the decoder skips it). An empty body reads as an empty output.
pub fn ec2_query_output<T>(body: &[u8], response: &str, decode: Decode<T>) -> Result<T, BoxError> {
    let Some((mut reader, root)) = document(body)? else {
        return decode_empty(decode);
    };
    expect_root(&root, response)?;
    let value = decode(&mut reader, &root)?;
    reader.finish()?;
    Ok(value)
}

/// The path from the root of an error response to the `Error` element: awsQuery's
/// `<ErrorResponse><Error>`, ec2Query's `<Response><Errors><Error>`.
pub const AWS_QUERY_ERROR: &[&str] = &["ErrorResponse", "Error"];
/// See [`AWS_QUERY_ERROR`].
pub const EC2_QUERY_ERROR: &[&str] = &["Response", "Errors", "Error"];

/// A modeled error of awsQuery or ec2Query, read from the `Error` element at `path`
/// ([`AWS_QUERY_ERROR`], [`EC2_QUERY_ERROR`]): its members sit beside `Code` and `Message`.
pub fn query_error<T>(body: &[u8], path: &[&str], decode: Decode<T>) -> Result<T, BoxError> {
    let Some((mut reader, root)) = document(body)? else {
        return Err(parse_error("the error response has no body"));
    };
    match error_element(&mut reader, root, path)? {
        Some(error) => decode(&mut reader, &error),
        None => Err(parse_error(format!(
            "the error response has no `{}` element",
            path.join("/")
        ))),
    }
}

/// A restXml body: the document's root element holds the body members (its name is the
/// output's or error's, not checked: members are matched by name). An empty body reads as an
/// output with no body members.
pub fn rest_xml_body<T>(body: &[u8], decode: Decode<T>) -> Result<T, BoxError> {
    let Some((mut reader, root)) = document(body)? else {
        return decode_empty(decode);
    };
    let value = decode(&mut reader, &root)?;
    reader.finish()?;
    Ok(value)
}

/// A restXml `httpPayload` structure or union: the document's root element; `None` for an
/// empty body.
pub fn rest_xml_payload<T>(body: &[u8], decode: Decode<T>) -> Result<Option<T>, BoxError> {
    let Some((mut reader, root)) = document(body)? else {
        return Ok(None);
    };
    let value = decode(&mut reader, &root)?;
    reader.finish()?;
    Ok(Some(value))
}

/// A modeled restXml error, read from the `Error` element: wrapped in `<ErrorResponse>`, or
/// the root itself (`noErrorWrapping`). Its members sit beside `Code` and `Message`.
pub fn rest_xml_error<T>(body: &[u8], decode: Decode<T>) -> Result<T, BoxError> {
    let Some((mut reader, root)) = document(body)? else {
        return Err(parse_error("the error response has no body"));
    };
    if root.local_name() == "Error" {
        return decode(&mut reader, &root);
    }
    match error_element(&mut reader, root, AWS_QUERY_ERROR)? {
        Some(error) => decode(&mut reader, &error),
        None => Err(parse_error(
            "the error response has neither an `ErrorResponse/Error` nor an `Error` element",
        )),
    }
}

/// The element at `path` (the root's name first), descending through the first child of each
/// name; `None` when the root or a child along the way is missing.
pub(crate) fn error_element<'a>(
    reader: &mut XmlReader<'a>,
    root: StartEl<'a>,
    path: &[&str],
) -> Result<Option<StartEl<'a>>, BoxError> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(None);
    };
    if root.local_name() != *first {
        return Ok(None);
    }
    let mut el = root;
    'path: for name in rest {
        while let Some(child) = reader.next_child(&el)? {
            if child.local_name() == *name {
                el = child;
                continue 'path;
            }
        }
        return Ok(None);
    }
    Ok(Some(el))
}

/// The reader and root element of a body; `None` for a body of nothing but whitespace.
pub(crate) fn document(body: &[u8]) -> Result<Option<(XmlReader<'_>, StartEl<'_>)>, BoxError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let mut reader = XmlReader::new(body)?;
    let root = reader.root()?;
    Ok(Some((reader, root)))
}

/// Refuses a document whose root element is not `name`.
fn expect_root(root: &StartEl<'_>, name: &str) -> Result<(), BoxError> {
    if root.local_name() == name {
        Ok(())
    } else {
        Err(parse_error(format!(
            "expected the root element `{name}`, found `{}`",
            root.name().qualified()
        )))
    }
}

/// What `decode` reads from an empty element: every member absent.
fn decode_empty<T>(decode: Decode<T>) -> Result<T, BoxError> {
    let mut reader = XmlReader::from_text("<empty/>");
    let el = reader.root()?;
    decode(&mut reader, &el)
}

/// The text of `element` (trimmed) as a `T`: integers, big numbers.
pub fn parse<T: FromStr>(element: &str, text: &str) -> Result<T, BoxError> {
    scalar::parse(text).map_err(|e| in_element(element, e))
}

/// The text of `element` as a float: `NaN`, `Infinity`, `-Infinity` or a number.
pub fn parse_float(element: &str, text: &str) -> Result<f64, BoxError> {
    scalar::parse_float(text).map_err(|e| in_element(element, e))
}

/// The text of `element` as a boolean: `true` or `false`.
pub fn parse_bool(element: &str, text: &str) -> Result<bool, BoxError> {
    scalar::parse_bool(text).map_err(|e| in_element(element, e))
}

/// The text of `element` as a timestamp in `format` (XML's default is date-time).
pub fn parse_timestamp(
    element: &str,
    text: &str,
    format: TextFormat,
) -> Result<DateTime, BoxError> {
    scalar::parse_timestamp(text, format).map_err(|e| in_element(element, e))
}

/// The text of `element` as a base64 blob. Whitespace inside is ignored: XML writers may
/// break long base64 text into lines.
pub fn parse_blob(element: &str, text: &str) -> Result<Vec<u8>, BoxError> {
    let compact = if text.trim().bytes().any(|b| b.is_ascii_whitespace()) {
        Cow::Owned(text.split_ascii_whitespace().collect::<String>())
    } else {
        Cow::Borrowed(text)
    };
    scalar::parse_base64(&compact).map_err(|e| in_element(element, e))
}

/// The text of element `el` (to its end tag), whitespace kept: a string member.
pub fn read_string<'a>(reader: &mut XmlReader<'a>, el: &StartEl<'a>) -> Result<String, BoxError> {
    Ok(reader.read_text(el)?.into_owned())
}

/// The text of element `el` as a `T` (see [`parse`]).
pub fn read<'a, T: FromStr>(reader: &mut XmlReader<'a>, el: &StartEl<'a>) -> Result<T, BoxError> {
    parse(el.local_name(), &reader.read_text(el)?)
}

/// The text of element `el` as a float (see [`parse_float`]).
pub fn read_float<'a>(reader: &mut XmlReader<'a>, el: &StartEl<'a>) -> Result<f64, BoxError> {
    parse_float(el.local_name(), &reader.read_text(el)?)
}

/// The text of element `el` as a boolean (see [`parse_bool`]).
pub fn read_bool<'a>(reader: &mut XmlReader<'a>, el: &StartEl<'a>) -> Result<bool, BoxError> {
    parse_bool(el.local_name(), &reader.read_text(el)?)
}

/// The text of element `el` as a timestamp in `format` (see [`parse_timestamp`]).
pub fn read_timestamp<'a>(
    reader: &mut XmlReader<'a>,
    el: &StartEl<'a>,
    format: TextFormat,
) -> Result<DateTime, BoxError> {
    parse_timestamp(el.local_name(), &reader.read_text(el)?, format)
}

/// The text of element `el` as a base64 blob (see [`parse_blob`]).
pub fn read_blob<'a>(reader: &mut XmlReader<'a>, el: &StartEl<'a>) -> Result<Vec<u8>, BoxError> {
    parse_blob(el.local_name(), &reader.read_text(el)?)
}

/// The text of element `el` as a 32-bit float (see [`parse_float`]).
pub fn read_float32<'a>(reader: &mut XmlReader<'a>, el: &StartEl<'a>) -> Result<f32, BoxError> {
    // Narrowing is what a 32-bit member asks for.
    read_float(reader, el).map(|v| v as f32)
}

/// The text of element `el` as a string enum (unknown values kept by the enum).
pub fn read_enum<'a, T: for<'s> From<&'s str>>(
    reader: &mut XmlReader<'a>,
    el: &StartEl<'a>,
) -> Result<T, BoxError> {
    Ok(T::from(&reader.read_text(el)?))
}

/// The text of element `el` as an int enum (unknown values kept by the enum).
pub fn read_int_enum<'a, T: From<i32>>(
    reader: &mut XmlReader<'a>,
    el: &StartEl<'a>,
) -> Result<T, BoxError> {
    read::<i32>(reader, el).map(T::from)
}

/// A wrapped list: every child of `el` named `item` (`member`, or the list member's
/// `xmlName`) read with `read`; other children are skipped.
pub fn read_list<'a, T>(
    reader: &mut XmlReader<'a>,
    el: &StartEl<'a>,
    item: &str,
    mut read: impl FnMut(&mut XmlReader<'a>, &StartEl<'a>) -> Result<T, BoxError>,
) -> Result<Vec<T>, BoxError> {
    let mut items = Vec::new();
    while let Some(child) = reader.next_child(el)? {
        if child.local_name() == item {
            items.push(read(reader, &child)?);
        }
    }
    Ok(items)
}

/// A map entry: the children of `el` named `names.0` (the key) and `names.1` (the value,
/// read with `read`). Either missing is an error naming `el`.
pub fn read_entry<'a, V>(
    reader: &mut XmlReader<'a>,
    el: &StartEl<'a>,
    names: (&str, &str),
    read: impl FnMut(&mut XmlReader<'a>, &StartEl<'a>) -> Result<V, BoxError>,
) -> Result<(String, V), BoxError> {
    match read_sparse_entry(reader, el, names, read)? {
        (key, Some(value)) => Ok((key, value)),
        (key, None) => Err(parse_error(format!(
            "element `{}`: the map entry {key:?} has no `{}`",
            el.local_name(),
            names.1
        ))),
    }
}

/// A map entry whose value may be absent (a sparse map); see [`read_entry`].
pub fn read_sparse_entry<'a, V>(
    reader: &mut XmlReader<'a>,
    el: &StartEl<'a>,
    names: (&str, &str),
    mut read: impl FnMut(&mut XmlReader<'a>, &StartEl<'a>) -> Result<V, BoxError>,
) -> Result<(String, Option<V>), BoxError> {
    let (mut key, mut value) = (None, None);
    while let Some(child) = reader.next_child(el)? {
        let name = child.local_name();
        if name == names.0 {
            key = Some(read_string(reader, &child)?);
        } else if name == names.1 {
            value = Some(read(reader, &child)?);
        }
    }
    match key {
        Some(key) => Ok((key, value)),
        None => Err(parse_error(format!(
            "element `{}`: a map entry has no `{}`",
            el.local_name(),
            names.0
        ))),
    }
}

/// A wrapped map: every `entry` child of `el` (see [`read_entry`]).
pub fn read_map<'a, V>(
    reader: &mut XmlReader<'a>,
    el: &StartEl<'a>,
    names: (&str, &str),
    mut read: impl FnMut(&mut XmlReader<'a>, &StartEl<'a>) -> Result<V, BoxError>,
) -> Result<HashMap<String, V>, BoxError> {
    let mut map = HashMap::new();
    while let Some(child) = reader.next_child(el)? {
        if child.local_name() == "entry" {
            let (key, value) = read_entry(reader, &child, names, &mut read)?;
            map.insert(key, value);
        }
    }
    Ok(map)
}

/// A wrapped sparse map: every `entry` child of `el` (see [`read_sparse_entry`]).
pub fn read_sparse_map<'a, V>(
    reader: &mut XmlReader<'a>,
    el: &StartEl<'a>,
    names: (&str, &str),
    mut read: impl FnMut(&mut XmlReader<'a>, &StartEl<'a>) -> Result<V, BoxError>,
) -> Result<HashMap<String, Option<V>>, BoxError> {
    let mut map = HashMap::new();
    while let Some(child) = reader.next_child(el)? {
        if child.local_name() == "entry" {
            let (key, value) = read_sparse_entry(reader, &child, names, &mut read)?;
            map.insert(key, value);
        }
    }
    Ok(map)
}

/// A value that could not be read: the element's name and why.
fn in_element(element: &str, reason: String) -> BoxError {
    parse_error(format!("element `{element}`: {reason}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_booleans_and_floats_from_text() {
        assert_eq!(parse::<i32>("Count", " 42\n").unwrap(), 42);
        assert_eq!(
            parse::<i64>("Big", "-9007199254740993").unwrap(),
            -9007199254740993
        );
        assert!(parse_float("F", "NaN").unwrap().is_nan());
        assert_eq!(parse_float("F", "-Infinity").unwrap(), f64::NEG_INFINITY);
        assert_eq!(parse_float("F", "1.5").unwrap(), 1.5);
        let big: smithy_types_runtime::BigInteger =
            parse("N", "123456789012345678901234567890").unwrap();
        assert_eq!(big.as_str(), "123456789012345678901234567890");
        assert!(parse_bool("B", "true").unwrap());
        assert!(!parse_bool("B", "false").unwrap());
        let e = parse::<i32>("Count", "4x2").unwrap_err();
        assert_eq!(e.to_string(), "element `Count`: cannot read \"4x2\"");
        let e = parse::<i8>("Small", "300").unwrap_err();
        assert_eq!(e.to_string(), "element `Small`: cannot read \"300\"");
        let e = parse_bool("IsTruncated", "yes").unwrap_err();
        assert_eq!(
            e.to_string(),
            "element `IsTruncated`: expected true or false, found \"yes\""
        );
    }

    #[test]
    fn timestamps_in_each_format() {
        let expected = DateTime::from_secs(1_515_531_081);
        for (text, format) in [
            ("2018-01-09T20:51:21Z", TextFormat::DateTime),
            ("Tue, 09 Jan 2018 20:51:21 GMT", TextFormat::HttpDate),
            ("1515531081", TextFormat::EpochSeconds),
        ] {
            assert_eq!(
                parse_timestamp("Expiration", text, format).unwrap(),
                expected,
                "{text}"
            );
        }
        let e = parse_timestamp("Expiration", "yesterday", TextFormat::DateTime).unwrap_err();
        assert!(e.to_string().starts_with("element `Expiration`: "), "{e}");
    }

    #[test]
    fn blobs_from_base64_lines() {
        assert_eq!(parse_blob("Data", "aGVsbG8=").unwrap(), b"hello");
        assert_eq!(parse_blob("Data", "\n  aGVs\n  bG8=\n").unwrap(), b"hello");
        assert_eq!(parse_blob("Data", "").unwrap(), b"");
        let e = parse_blob("Data", "a$==").unwrap_err();
        assert!(e.to_string().starts_with("element `Data`: "), "{e}");
    }

    /// A decoder as generated: the `Name` child's text, or `None`.
    fn name<'a>(reader: &mut XmlReader<'a>, el: &StartEl<'a>) -> Result<Option<String>, BoxError> {
        let mut name = None;
        while let Some(child) = reader.next_child(el)? {
            if child.local_name() == "Name" {
                name = Some(reader.read_text(&child)?.into_owned());
            }
        }
        Ok(name)
    }

    #[test]
    fn rest_xml_bodies_are_read_from_the_root() {
        let body = b"<OpOutput xmlns=\"https://x/\"><Skip><a/></Skip><Name>n</Name></OpOutput>";
        assert_eq!(rest_xml_body(body, name).unwrap().as_deref(), Some("n"));
        // No body: no body members.
        assert_eq!(rest_xml_body(b"", name).unwrap(), None);
        let e = rest_xml_body(b"<OpOutput><Name>n</Name>", name).unwrap_err();
        assert!(e.to_string().starts_with("invalid XML at byte"), "{e}");
        let e = rest_xml_body(b"<OpOutput/><Second/>", name).unwrap_err();
        assert!(e.to_string().starts_with("invalid XML at byte"), "{e}");
    }

    #[test]
    fn rest_xml_payloads_are_absent_without_a_body() {
        assert_eq!(rest_xml_payload(b" ", name).unwrap(), None);
        assert_eq!(
            rest_xml_payload(b"<Payload><Name>p</Name></Payload>", name).unwrap(),
            Some(Some("p".to_owned()))
        );
    }

    #[test]
    fn rest_xml_errors_are_read_wrapped_or_not() {
        let wrapped = b"<ErrorResponse><Error><Code>E</Code><Name>w</Name></Error><RequestId>r</RequestId></ErrorResponse>";
        assert_eq!(rest_xml_error(wrapped, name).unwrap().as_deref(), Some("w"));
        let bare = b"<Error><Code>E</Code><Name>b</Name><RequestId>r</RequestId></Error>";
        assert_eq!(rest_xml_error(bare, name).unwrap().as_deref(), Some("b"));
        for (body, expected) in [
            (&b""[..], "the error response has no body"),
            (
                &b"<Other/>"[..],
                "the error response has neither an `ErrorResponse/Error` nor an `Error` element",
            ),
            (
                &b"<ErrorResponse><RequestId>r</RequestId></ErrorResponse>"[..],
                "the error response has neither an `ErrorResponse/Error` nor an `Error` element",
            ),
        ] {
            let e = rest_xml_error(body, name).unwrap_err();
            assert_eq!(e.to_string(), expected);
        }
    }

    #[test]
    fn query_outputs_are_unwrapped() {
        let body = b"<OpResponse xmlns=\"https://x/\"><OpResult><Skip><a/></Skip><Name>n</Name></OpResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></OpResponse>";
        assert_eq!(
            aws_query_output(body, "OpResponse", "OpResult", name)
                .unwrap()
                .as_deref(),
            Some("n")
        );
        // No result element, or no body: an empty result.
        let body = b"<OpResponse><ResponseMetadata/></OpResponse>";
        assert_eq!(
            aws_query_output(body, "OpResponse", "OpResult", name).unwrap(),
            None
        );
        assert_eq!(
            aws_query_output(b" \n", "OpResponse", "OpResult", name).unwrap(),
            None
        );
        let e = aws_query_output(b"<Other/>", "OpResponse", "OpResult", name).unwrap_err();
        assert_eq!(
            e.to_string(),
            "expected the root element `OpResponse`, found `Other`"
        );
        // What follows the result must be well-formed too.
        let e = aws_query_output(
            b"<OpResponse><OpResult/><x></OpResponse>",
            "OpResponse",
            "OpResult",
            name,
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("invalid XML at byte"), "{e}");

        let body = b"<OpResponse><Name>e</Name><requestId>r</requestId></OpResponse>";
        assert_eq!(
            ec2_query_output(body, "OpResponse", name)
                .unwrap()
                .as_deref(),
            Some("e")
        );
        assert_eq!(ec2_query_output(b"", "OpResponse", name).unwrap(), None);
    }

    #[test]
    fn query_errors_are_read_from_the_error_element() {
        let body = b"<ErrorResponse><Error><Type>Sender</Type><Code>C</Code><Name>n</Name></Error><RequestId>r</RequestId></ErrorResponse>";
        assert_eq!(
            query_error(body, AWS_QUERY_ERROR, name).unwrap().as_deref(),
            Some("n")
        );
        let body =
            b"<Response><Errors><Error><Code>C</Code><Name>m</Name></Error></Errors></Response>";
        assert_eq!(
            query_error(body, EC2_QUERY_ERROR, name).unwrap().as_deref(),
            Some("m")
        );
        let e = query_error(body, AWS_QUERY_ERROR, name).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the error response has no `ErrorResponse/Error` element"
        );
        let e = query_error(b"", EC2_QUERY_ERROR, name).unwrap_err();
        assert_eq!(e.to_string(), "the error response has no body");
    }

    #[test]
    fn element_values_name_their_element() {
        let mut reader = XmlReader::from_text(
            "<r><n> 7 </n><f>NaN</f><b>true</b><t>1515531081</t><d>aGk=</d><s> a </s><bad>x</bad></r>",
        );
        let root = reader.root().unwrap();
        let n = reader.next_child(&root).unwrap().unwrap();
        assert_eq!(read::<i64>(&mut reader, &n).unwrap(), 7);
        let f = reader.next_child(&root).unwrap().unwrap();
        assert!(read_float(&mut reader, &f).unwrap().is_nan());
        let b = reader.next_child(&root).unwrap().unwrap();
        assert!(read_bool(&mut reader, &b).unwrap());
        let t = reader.next_child(&root).unwrap().unwrap();
        assert_eq!(
            read_timestamp(&mut reader, &t, TextFormat::EpochSeconds).unwrap(),
            DateTime::from_secs(1_515_531_081)
        );
        let d = reader.next_child(&root).unwrap().unwrap();
        assert_eq!(read_blob(&mut reader, &d).unwrap(), b"hi");
        let s = reader.next_child(&root).unwrap().unwrap();
        assert_eq!(read_string(&mut reader, &s).unwrap(), " a ");
        let bad = reader.next_child(&root).unwrap().unwrap();
        let e = read::<i32>(&mut reader, &bad).unwrap_err();
        assert_eq!(e.to_string(), "element `bad`: cannot read \"x\"");
    }

    #[test]
    fn lists_and_maps_wrapped_and_entries() {
        let body = "<r><l><member>a</member><x/><member>b</member></l>\
            <m><entry><key>k</key><value>1</value></entry><entry><value>2</value><key>j</key></entry></m>\
            <bad><entry><key>k</key></entry></bad><nokey><entry><value>1</value></entry></nokey>\
            <s><entry><key>k</key></entry></s></r>";
        let mut reader = XmlReader::from_text(body);
        let root = reader.root().unwrap();
        let l = reader.next_child(&root).unwrap().unwrap();
        let list = read_list(&mut reader, &l, "member", read_string).unwrap();
        assert_eq!(list, ["a", "b"]);
        let m = reader.next_child(&root).unwrap().unwrap();
        let map = read_map(&mut reader, &m, ("key", "value"), read::<i32>).unwrap();
        assert_eq!(
            map,
            HashMap::from([("k".to_owned(), 1), ("j".to_owned(), 2)])
        );
        let bad = reader.next_child(&root).unwrap().unwrap();
        let e = read_map(&mut reader, &bad, ("key", "value"), read::<i32>).unwrap_err();
        assert_eq!(
            e.to_string(),
            "element `entry`: the map entry \"k\" has no `value`"
        );
        let nokey = reader.next_child(&root).unwrap().unwrap();
        let e = read_map(&mut reader, &nokey, ("key", "value"), read::<i32>).unwrap_err();
        assert_eq!(e.to_string(), "element `entry`: a map entry has no `key`");
        let s = reader.next_child(&root).unwrap().unwrap();
        let map = read_sparse_map(&mut reader, &s, ("key", "value"), read::<i32>).unwrap();
        assert_eq!(map, HashMap::from([("k".to_owned(), None)]));
    }

    #[test]
    fn reader_errors_convert_with_their_offset() {
        fn read(body: &str) -> Result<String, BoxError> {
            let mut reader = crate::xml::XmlReader::from_text(body);
            let root = reader.root()?;
            Ok(reader.read_text(&root)?.into_owned())
        }
        assert_eq!(read("<a>1</a>").unwrap(), "1");
        let e = read("<!DOCTYPE a><a/>").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("invalid XML at byte 0: a DOCTYPE"),
            "{e}"
        );
    }
}
