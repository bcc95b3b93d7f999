//! HTTP-binding helpers (restJson1 and restXml alike): percent-encoding for labels and
//! query strings, header values (lists, timestamps, base64), text payloads and
//! `Content-MD5`. No body codec lives here.

use smithy_types_runtime::DateTime;
use smithy_types_runtime::timestamp::TextFormat;

use super::{SerializeError, parse_error, scalar};
use crate::error::BoxError;

/// What [`percent_encode`] leaves as is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encode {
    /// Only RFC 3986's unreserved characters (labels, query keys and values).
    Unreserved,
    /// Unreserved characters and `/` (greedy labels).
    Greedy,
}

/// Percent-encodes every byte of `value` but those `keep` allows, with upper-case hex (the
/// SigV4 encoder's rules, so what is sent and what is signed agree).
pub fn percent_encode(value: &str, keep: Encode) -> String {
    let mut out = Vec::with_capacity(value.len());
    crate::sigv4::encode::put_encoded(&mut out, value.as_bytes(), keep == Encode::Greedy);
    // Only unreserved ASCII and `%XX` are written: always UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// A label's text, percent-encoded; an empty label is an error naming the member.
pub fn label(member: &str, text: &str, greedy: bool) -> Result<String, SerializeError> {
    if text.is_empty() {
        return Err(SerializeError::new(format!(
            "the URI label `{member}` is empty"
        )));
    }
    Ok(percent_encode(
        text,
        if greedy {
            Encode::Greedy
        } else {
            Encode::Unreserved
        },
    ))
}

/// A query string being built: `key=value` pairs, percent-encoded, joined by `&`.
#[derive(Debug, Default)]
pub struct Query {
    text: String,
}

impl Query {
    /// A query string starting with the URI pattern's literal part (already encoded).
    pub fn new(literal: &str) -> Self {
        Self {
            text: literal.to_owned(),
        }
    }

    /// Appends `key=value`.
    pub fn push(&mut self, key: &str, value: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        self.text.push_str(&percent_encode(key, Encode::Unreserved));
        self.text.push('=');
        self.text
            .push_str(&percent_encode(value, Encode::Unreserved));
    }

    /// `path` followed by `?query` when there is a query.
    pub fn finish(self, path: String) -> String {
        if self.text.is_empty() {
            path
        } else {
            format!("{path}?{}", self.text)
        }
    }
}

/// A timestamp as text in `format`, for a header, query value or label.
pub fn timestamp(
    member: &str,
    value: &DateTime,
    format: TextFormat,
) -> Result<String, SerializeError> {
    value
        .to_text(format)
        .map_err(|e| SerializeError::new(format!("member `{member}`: {e}")))
}

/// A float as restJson1 writes it outside JSON: `NaN`, `Infinity`, `-Infinity`, or the number.
pub fn float(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        value.to_string()
    }
}

/// An `f32` as restJson1 writes it outside JSON (printed as an `f32`, so `1.1` stays `1.1`).
pub fn float32(value: f32) -> String {
    if value.is_finite() {
        value.to_string()
    } else {
        float(f64::from(value))
    }
}

/// A list header value: items joined by `, `; strings holding a comma or a double quote
/// are quoted (with `\"` and `\\` escapes), as Smithy's HTTP binding rules say.
pub fn header_list<'a>(items: impl IntoIterator<Item = &'a str>, quote_strings: bool) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if quote_strings && (item.contains(',') || item.contains('"')) {
            out.push('"');
            for c in item.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(item);
        }
    }
    out
}

/// Outgoing headers of one request.
#[derive(Debug, Default)]
pub struct Headers {
    list: Vec<(http::HeaderName, http::HeaderValue)>,
}

impl Headers {
    /// No headers yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `name: value`; a name or value HTTP cannot carry is an error naming the member.
    pub fn push(&mut self, member: &str, name: &str, value: &str) -> Result<(), SerializeError> {
        let header_name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            SerializeError::new(format!("member `{member}`: invalid header name {name:?}"))
        })?;
        let header_value = http::HeaderValue::from_str(value).map_err(|_| {
            SerializeError::new(format!(
                "member `{member}`: the value of header `{name}` is not a valid header value"
            ))
        })?;
        self.list.push((header_name, header_value));
        Ok(())
    }

    /// Whether `name` (case-insensitive) is already set.
    pub fn contains(&self, name: &str) -> bool {
        self.list
            .iter()
            .any(|(n, _)| n.as_str().eq_ignore_ascii_case(name))
    }

    /// The headers, in the order they were added.
    pub fn into_vec(self) -> Vec<(http::HeaderName, http::HeaderValue)> {
        self.list
    }
}

/// The values of header `name`, split at commas outside double quotes (list headers), with
/// quotes removed and whitespace trimmed; an HTTP-date list splits only after `GMT`.
pub fn header_values(
    headers: &http::HeaderMap,
    name: &str,
    http_dates: bool,
) -> Result<Option<Vec<String>>, BoxError> {
    let mut values = Vec::new();
    let mut any = false;
    for value in headers.get_all(name) {
        any = true;
        let text = value
            .to_str()
            .map_err(|_| parse_error(format!("header `{name}` is not valid text")))?;
        if http_dates {
            let mut rest = text;
            while let Some(i) = rest.find("GMT") {
                values.push(
                    rest[..i + 3]
                        .trim()
                        .trim_start_matches(',')
                        .trim()
                        .to_owned(),
                );
                rest = &rest[i + 3..];
            }
            if !rest.trim().trim_start_matches(',').trim().is_empty() {
                values.push(rest.trim().trim_start_matches(',').trim().to_owned());
            }
        } else {
            split_list(text, &mut values)
                .map_err(|e| parse_error(format!("header `{name}`: {e}")))?;
        }
    }
    Ok(any.then_some(values))
}

fn split_list(text: &str, out: &mut Vec<String>) -> Result<(), String> {
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            chars.next();
        }
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('\\') => match chars.next() {
                        Some(c) => item.push(c),
                        None => return Err("unterminated escape".into()),
                    },
                    Some('"') => break,
                    Some(c) => item.push(c),
                    None => return Err("unterminated quoted string".into()),
                }
            }
            while chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                chars.next();
            }
            match chars.next() {
                None => {
                    out.push(item);
                    return Ok(());
                }
                Some(',') => out.push(item),
                Some(c) => return Err(format!("unexpected {c:?} after a quoted string")),
            }
        } else {
            let mut ended = true;
            for c in chars.by_ref() {
                if c == ',' {
                    ended = false;
                    break;
                }
                item.push(c);
            }
            out.push(item.trim().to_owned());
            if ended {
                return Ok(());
            }
        }
    }
}

/// The single value of header `name` (trimmed), if present.
pub fn header_text<'a>(
    headers: &'a http::HeaderMap,
    name: &str,
) -> Result<Option<&'a str>, BoxError> {
    match headers.get(name) {
        None => Ok(None),
        Some(value) => value
            .to_str()
            .map(|v| Some(v.trim()))
            .map_err(|_| parse_error(format!("header `{name}` is not valid text"))),
    }
}

/// Parses one header item as `T` (numbers, booleans), naming the header on failure.
pub fn parse_header<T: std::str::FromStr>(name: &str, text: &str) -> Result<T, BoxError> {
    scalar::parse(text).map_err(|e| in_header(name, e))
}

/// Parses a float header item (`NaN`, `Infinity`, `-Infinity` or a number).
pub fn parse_float_header(name: &str, text: &str) -> Result<f64, BoxError> {
    scalar::parse_float(text).map_err(|e| in_header(name, e))
}

/// Parses a boolean header item.
pub fn parse_bool_header(name: &str, text: &str) -> Result<bool, BoxError> {
    scalar::parse_bool(text).map_err(|e| in_header(name, e))
}

/// Parses a timestamp header item in `format`.
pub fn parse_timestamp_header(
    name: &str,
    text: &str,
    format: TextFormat,
) -> Result<DateTime, BoxError> {
    scalar::parse_timestamp(text, format).map_err(|e| in_header(name, e))
}

/// Decodes a base64 header item (blobs, and strings with a `mediaType`).
pub fn parse_base64_header(name: &str, text: &str) -> Result<Vec<u8>, BoxError> {
    scalar::parse_base64(text).map_err(|e| in_header(name, e))
}

/// A header value that could not be read: the header's name and why.
fn in_header(name: &str, reason: String) -> BoxError {
    parse_error(format!("header `{name}`: {reason}"))
}

/// Decodes a base64 header item holding UTF-8 text (strings with a `mediaType`).
pub fn parse_base64_text_header(name: &str, text: &str) -> Result<String, BoxError> {
    String::from_utf8(parse_base64_header(name, text)?)
        .map_err(|_| parse_error(format!("header `{name}`: the decoded value is not UTF-8")))
}

/// Every header starting with `prefix` (case-insensitive), keyed by the rest of its name.
pub fn prefix_headers(
    headers: &http::HeaderMap,
    prefix: &str,
) -> Result<std::collections::HashMap<String, String>, BoxError> {
    let prefix = prefix.to_ascii_lowercase();
    let mut map = std::collections::HashMap::new();
    for (name, value) in headers {
        if let Some(rest) = name.as_str().strip_prefix(prefix.as_str()) {
            let text = value
                .to_str()
                .map_err(|_| parse_error(format!("header `{name}` is not valid text")))?;
            map.insert(rest.to_owned(), text.trim().to_owned());
        }
    }
    Ok(map)
}

/// A text payload: the body as UTF-8; `None` for an empty body.
pub fn text_payload(body: &[u8]) -> Result<Option<String>, BoxError> {
    if body.is_empty() {
        return Ok(None);
    }
    String::from_utf8(body.to_vec())
        .map(Some)
        .map_err(|_| parse_error("the response payload is not UTF-8"))
}

/// The `Content-MD5` header value of `body`: its MD5 digest (RFC 1321), base64-encoded
/// (`smithy.api#httpChecksumRequired`). MD5 is not in `ring`, and it is small.
pub fn content_md5(body: &[u8]) -> String {
    smithy_types_runtime::blob::encode(&md5(body))
}

fn md5(input: &[u8]) -> [u8; 16] {
    const S: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5,
        9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10,
        15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];
    // K[i] = floor(abs(sin(i + 1)) * 2^32).
    let k: Vec<u32> = (0..64)
        .map(|i: u32| (f64::from(i + 1).sin().abs() * 4_294_967_296.0) as u32)
        .collect();
    let mut state: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    let mut message = input.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&(input.len() as u64).wrapping_mul(8).to_le_bytes());
    for block in message.chunks_exact(64) {
        let m: Vec<u32> = block
            .chunks_exact(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect();
        let [mut a, mut b, mut c, mut d] = state;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let rotated = a
                .wrapping_add(f)
                .wrapping_add(k[i])
                .wrapping_add(m[g])
                .rotate_left(S[i]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(rotated);
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d]) {
            *s = s.wrapping_add(v);
        }
    }
    let mut out = [0; 16];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_digests() {
        // RFC 1321's test suite, and a restJson1 protocol test's body.
        let hex = |d: [u8; 16]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(hex(md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(hex(md5(b"abc")), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            hex(md5(
                b"12345678901234567890123456789012345678901234567890123456789012345678901234567890"
            )),
            "57edf4a22be3c955ac49da2e2107b67a"
        );
        assert_eq!(
            content_md5(br#"{"foo":"base64 encoded md5 checksum"}"#),
            "iB0/3YSo7maijL0IGOgA9g=="
        );
    }

    #[test]
    fn header_values_that_do_not_read_name_the_header() {
        assert_eq!(parse_header::<i32>("x-count", " 7 ").unwrap(), 7);
        let message = |e: BoxError| e.to_string();
        assert_eq!(
            message(parse_header::<i32>("x-count", "7x").unwrap_err()),
            "header `x-count`: cannot read \"7x\""
        );
        assert_eq!(
            message(parse_bool_header("x-flag", "yes").unwrap_err()),
            "header `x-flag`: expected true or false, found \"yes\""
        );
        assert!(
            parse_float_header("x-f", "-Infinity")
                .unwrap()
                .is_infinite()
        );
        assert!(
            message(parse_timestamp_header("x-t", "soon", TextFormat::HttpDate).unwrap_err())
                .starts_with("header `x-t`: ")
        );
        assert!(
            message(parse_base64_header("x-b", "a$").unwrap_err()).starts_with("header `x-b`: ")
        );
    }

    #[test]
    fn encoding() {
        assert_eq!(
            percent_encode("a b/ü", Encode::Unreserved),
            "a%20b%2F%C3%BC"
        );
        assert_eq!(percent_encode("a b/c", Encode::Greedy), "a%20b/c");
        let mut q = Query::new("fixed");
        q.push("k y", "v&=");
        assert_eq!(q.finish("/p".into()), "/p?fixed&k%20y=v%26%3D");
        assert!(label("Id", "", false).is_err());
    }

    #[test]
    fn header_lists() {
        assert_eq!(
            header_list(["a", "b,c", "d\"e"], true),
            "a, \"b,c\", \"d\\\"e\""
        );
        let mut h = http::HeaderMap::new();
        h.append(
            "x",
            http::HeaderValue::from_static("a, \"b,c\" , \"d\\\"e\""),
        );
        h.append("x", http::HeaderValue::from_static("f"));
        assert_eq!(
            header_values(&h, "x", false).unwrap().unwrap(),
            ["a", "b,c", "d\"e", "f"]
        );
        h.insert(
            "d",
            http::HeaderValue::from_static(
                "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT",
            ),
        );
        assert_eq!(header_values(&h, "d", true).unwrap().unwrap().len(), 2);
        assert_eq!(header_values(&h, "missing", false).unwrap(), None);
    }
}
