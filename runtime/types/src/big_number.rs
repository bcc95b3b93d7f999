/// An arbitrary-precision integer (Smithy `bigInteger`), kept as its exact decimal text.
///
/// It is written to JSON as a bare number with every digit, and read from a JSON number
/// without rounding. Reading needs serde_json's own deserializer (`from_str`, `from_slice`,
/// `from_reader`), which can hand over the raw text; equality compares the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigInteger(::std::string::String);

/// An arbitrary-precision decimal (Smithy `bigDecimal`), kept as its exact text, e.g.
/// `123456789012345678901234567890.5e-3`.
///
/// It is written to JSON as a bare number with every digit, and read from a JSON number
/// without rounding. Reading needs serde_json's own deserializer (`from_str`, `from_slice`,
/// `from_reader`), which can hand over the raw text; equality compares the text, so `1.0`
/// and `1.00` differ.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigDecimal(::std::string::String);

/// The error of parsing text that is not a [`BigInteger`] or [`BigDecimal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    kind: &'static str,
    expected: &'static str,
    input: ::std::string::String,
}

impl ::core::fmt::Display for ParseError {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        // Bounded, because a wrongly typed response member may be a whole JSON object.
        const LIMIT: usize = 64;
        let excerpt: ::std::string::String = self.input.chars().take(LIMIT).collect();
        let more = if excerpt.len() < self.input.len() {
            "..."
        } else {
            ""
        };
        write!(
            f,
            "invalid {} {excerpt:?}{more}: expected {}",
            self.kind, self.expected
        )
    }
}

impl ::std::error::Error for ParseError {}

/// Whether `text` is a JSON number (RFC 8259 section 6); with `integer_only`, one without
/// fraction or exponent.
fn is_json_number(text: &str, integer_only: bool) -> bool {
    let bytes = text.as_bytes();
    let mut pos = usize::from(bytes.first() == Some(&b'-'));
    let digits = |pos: &mut usize| {
        let start = *pos;
        while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
            *pos += 1;
        }
        *pos - start
    };
    match bytes.get(pos) {
        Some(b'0') => pos += 1,
        Some(b'1'..=b'9') => {
            digits(&mut pos);
        }
        _ => return false,
    }
    if !integer_only {
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            if digits(&mut pos) == 0 {
                return false;
            }
        }
        if matches!(bytes.get(pos), Some(b'e' | b'E')) {
            pos += 1;
            if matches!(bytes.get(pos), Some(b'+' | b'-')) {
                pos += 1;
            }
            if digits(&mut pos) == 0 {
                return false;
            }
        }
    }
    pos == bytes.len()
}

/// Writes `text`, a validated JSON number, as a bare JSON number.
fn serialize_number<S>(text: &str, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
where
    S: ::serde::Serializer,
{
    let raw = ::serde_json::value::RawValue::from_string(::std::string::String::from(text))
        .map_err(<S::Error as ::serde::ser::Error>::custom)?;
    ::serde::Serialize::serialize(&raw, serializer)
}

/// Reads the raw text of one JSON value.
fn deserialize_raw<'de, D>(
    deserializer: D,
) -> ::core::result::Result<::std::string::String, D::Error>
where
    D: ::serde::Deserializer<'de>,
{
    let raw: ::std::boxed::Box<::serde_json::value::RawValue> =
        ::serde::Deserialize::deserialize(deserializer)?;
    Ok(::std::string::String::from(raw.get().trim()))
}

/// Checks `text` against the JSON number grammar and keeps it.
fn parse(
    text: &str,
    integer_only: bool,
    kind: &'static str,
    expected: &'static str,
) -> ::core::result::Result<::std::string::String, ParseError> {
    if is_json_number(text, integer_only) {
        Ok(::std::string::String::from(text))
    } else {
        Err(ParseError {
            kind,
            expected,
            input: ::std::string::String::from(text),
        })
    }
}

impl BigInteger {
    /// The exact decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ::core::default::Default for BigInteger {
    /// Zero.
    fn default() -> Self {
        Self(::std::string::String::from("0"))
    }
}

impl ::core::str::FromStr for BigInteger {
    type Err = ParseError;

    /// Accepts the JSON integer grammar: an optional `-` and digits without leading zeros.
    fn from_str(text: &str) -> ::core::result::Result<Self, ParseError> {
        parse(text, true, "bigInteger", "a JSON integer such as -123").map(Self)
    }
}

impl ::core::fmt::Display for BigInteger {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl ::serde::Serialize for BigInteger {
    fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        serialize_number(&self.0, serializer)
    }
}

impl<'de> ::serde::Deserialize<'de> for BigInteger {
    fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        deserialize_raw(deserializer)?
            .parse()
            .map_err(<D::Error as ::serde::de::Error>::custom)
    }
}

impl BigDecimal {
    /// The exact decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ::core::default::Default for BigDecimal {
    /// Zero.
    fn default() -> Self {
        Self(::std::string::String::from("0"))
    }
}

impl ::core::str::FromStr for BigDecimal {
    type Err = ParseError;

    /// Accepts the JSON number grammar: integer digits, optional fraction and exponent.
    fn from_str(text: &str) -> ::core::result::Result<Self, ParseError> {
        parse(text, false, "bigDecimal", "a JSON number such as -1.5e-3").map(Self)
    }
}

impl ::core::fmt::Display for BigDecimal {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl ::serde::Serialize for BigDecimal {
    fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        serialize_number(&self.0, serializer)
    }
}

impl<'de> ::serde::Deserialize<'de> for BigDecimal {
    fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        deserialize_raw(deserializer)?
            .parse()
            .map_err(<D::Error as ::serde::de::Error>::custom)
    }
}
