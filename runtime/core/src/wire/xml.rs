//! The XML body codec's helpers (awsQuery, ec2Query and restXml): scalar values read from an
//! element's or attribute's text, naming the element when the text is not a value of the
//! member's type. Reading and writing XML itself is `crate::xml` (smithy-xml-runtime), whose
//! errors convert into [`BoxError`] with `?`; values are written as text with the
//! [`binding`](super::binding) helpers (`float`, `timestamp`) and `blob::encode`.

use std::borrow::Cow;
use std::str::FromStr;

use smithy_types_runtime::DateTime;
use smithy_types_runtime::timestamp::TextFormat;

use super::{parse_error, scalar};
use crate::error::BoxError;

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
