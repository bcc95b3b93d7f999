//! Escaping for the writer, reference decoding and line-end normalization for the reader.
//!
//! The writer escapes so that any Rust string reads back unchanged: `&`, `<`, `>` always; `"`
//! in attribute values (written in double quotes); carriage returns everywhere, and tabs and
//! line feeds in attribute values, as character references (a reader normalizes the literal
//! ones); the other C0 controls as character references too (XML 1.0 has no other way to carry
//! them; this reader accepts a reference to any Unicode scalar value).

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::error::{ErrorKind, XmlError, quote};

/// Longest reference body (between `&` and `;`) looked for: `#x10FFFF` and the entity names
/// fit with room to spare, so an unknown long name is still reported by name.
const MAX_REFERENCE: usize = 32;

/// Appends `text` escaped as element content.
pub(crate) fn push_text(out: &mut String, text: &str) {
    push_escaped(out, text, false);
}

/// Appends `value` escaped for a double-quoted attribute value.
pub(crate) fn push_attr(out: &mut String, value: &str) {
    push_escaped(out, value, true);
}

fn push_escaped(out: &mut String, text: &str, attr: bool) {
    let mut copied = 0;
    // Every byte escaped is ASCII, so each split is at a character boundary.
    for (i, b) in text.bytes().enumerate() {
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attr => "&quot;",
            b'\n' if attr => "&#xA;",
            b'\t' if attr => "&#x9;",
            b'\r' => "&#xD;",
            b'\n' | b'\t' => continue,
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        if replacement.is_empty() {
            // Writing into a String cannot fail.
            let _ = write!(out, "&#x{b:X};");
        } else {
            out.push_str(replacement);
        }
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
}

/// Decodes character data (`attr == false`) or an attribute value (`attr == true`) found at
/// byte `offset` of the document: references resolved, line ends normalized (`\r\n` and `\r`
/// to `\n`) and, in attribute values, literal tabs and line ends to spaces, as XML 1.0 says.
/// Borrows when there is nothing to change.
pub(crate) fn unescape(raw: &str, offset: usize, attr: bool) -> Result<Cow<'_, str>, XmlError> {
    let special = |b: u8| b == b'&' || b == b'\r' || (attr && (b == b'\n' || b == b'\t'));
    let bytes = raw.as_bytes();
    let Some(first) = bytes.iter().position(|&b| special(b)) else {
        return Ok(Cow::Borrowed(raw));
    };
    let mut out = String::with_capacity(raw.len());
    out.push_str(&raw[..first]);
    let mut i = first;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'&' => {
                let body = &bytes[i + 1..];
                let Some(len) = body.iter().take(MAX_REFERENCE).position(|&c| c == b';') else {
                    return Err(XmlError::new(offset + i, ErrorKind::UnterminatedReference));
                };
                // `;` is ASCII: `raw[i + 1..i + 1 + len]` ends at a character boundary.
                out.push(reference(&raw[i + 1..i + 1 + len], offset + i)?);
                i += len + 2;
            }
            b'\r' => {
                out.push(if attr { ' ' } else { '\n' });
                i += 1;
                if bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' | b'\t' if attr => {
                out.push(' ');
                i += 1;
            }
            _ => {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| special(b))
                    .map_or(bytes.len(), |p| i + p);
                out.push_str(&raw[i..end]);
                i = end;
            }
        }
    }
    Ok(Cow::Owned(out))
}

/// Normalizes line ends (`\r\n` and `\r` to `\n`) in CDATA, which has no references.
pub(crate) fn normalize_line_ends(raw: &str) -> Cow<'_, str> {
    if raw.contains('\r') {
        Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(raw)
    }
}

/// The character a reference body (`lt`, `#38`, `#x26`) stands for.
fn reference(body: &str, offset: usize) -> Result<char, XmlError> {
    let c = match body {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => {
            let Some(number) = body.strip_prefix('#') else {
                return Err(XmlError::new(offset, ErrorKind::UnknownEntity(quote(body))));
            };
            let (digits, radix) = match number.strip_prefix('x') {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            // `from_str_radix` would also take a sign; only digits are allowed here.
            let value = if !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)) {
                u32::from_str_radix(digits, radix).ok()
            } else {
                None
            };
            return value
                .and_then(char::from_u32)
                .ok_or_else(|| XmlError::new(offset, ErrorKind::InvalidCharRef(quote(body))));
        }
    };
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        let mut out = String::new();
        push_text(&mut out, s);
        out
    }

    fn attr(s: &str) -> String {
        let mut out = String::new();
        push_attr(&mut out, s);
        out
    }

    #[test]
    fn text_escapes_markup_and_carriage_returns_only() {
        assert_eq!(text("plain"), "plain");
        assert_eq!(
            text("a<b>&c \"q\" 'a'\r\n\t"),
            "a&lt;b&gt;&amp;c \"q\" 'a'&#xD;\n\t"
        );
        assert_eq!(text("\u{0}\u{1f}é"), "&#x0;&#x1F;é");
    }

    #[test]
    fn attributes_escape_quotes_and_whitespace_controls() {
        assert_eq!(attr("a\"b'\n\t\r<&"), "a&quot;b'&#xA;&#x9;&#xD;&lt;&amp;");
    }

    #[test]
    fn unescape_borrows_when_nothing_changes() {
        assert!(matches!(
            unescape("plain text", 0, false),
            Ok(Cow::Borrowed("plain text"))
        ));
    }

    #[test]
    fn unescape_resolves_predefined_entities_and_character_references() {
        let decoded = unescape("&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x1F600;", 0, false);
        assert_eq!(decoded.as_deref(), Ok("<>&'\"AB😀"));
    }

    #[test]
    fn unescape_normalizes_line_ends_and_attribute_whitespace() {
        assert_eq!(
            unescape("a\r\nb\rc\n", 0, false).as_deref(),
            Ok("a\nb\nc\n")
        );
        assert_eq!(unescape("a\r\nb\tc\n", 0, true).as_deref(), Ok("a b c "));
        // Escaped ones are kept.
        assert_eq!(
            unescape("&#xD;&#xA;&#x9;", 0, true).as_deref(),
            Ok("\r\n\t")
        );
    }

    #[test]
    fn unescape_refuses_other_references_with_their_offset() {
        let e = unescape("ab&lol9;", 10, false).unwrap_err();
        assert_eq!(e.offset(), 12);
        assert_eq!(e.kind(), &ErrorKind::UnknownEntity("lol9".into()));
        let e = unescape("&#xD800;", 0, false).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidCharRef("#xD800".into()));
        for bad in [
            "&#;",
            "&#x;",
            "&#+1;",
            "&#x-1;",
            "&#99999999999;",
            "&#x110000;",
            "&#12a;",
        ] {
            assert!(
                matches!(
                    unescape(bad, 0, false).map_err(|e| e.kind().clone()),
                    Err(ErrorKind::InvalidCharRef(_))
                ),
                "{bad}"
            );
        }
        assert_eq!(
            unescape("a & b", 0, false).unwrap_err().kind(),
            &ErrorKind::UnterminatedReference
        );
        let long = format!("&{};", "x".repeat(100));
        assert_eq!(
            unescape(&long, 0, false).unwrap_err().kind(),
            &ErrorKind::UnterminatedReference
        );
    }

    #[test]
    fn escaping_round_trips_every_control_and_markup_character() {
        let all: String = (0u32..0x80)
            .filter_map(char::from_u32)
            .chain("é😀\u{FFFF}".chars())
            .collect();
        assert_eq!(unescape(&text(&all), 0, false).as_deref(), Ok(all.as_str()));
        assert_eq!(unescape(&attr(&all), 0, true).as_deref(), Ok(all.as_str()));
    }
}
