/// The standard base64 alphabet (RFC 4648 section 4).
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes `bytes` as standard base64 with `=` padding.
pub fn encode(bytes: &[u8]) -> ::std::string::String {
    let mut text = ::std::string::String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                text.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                text.push('=');
            }
        }
    }
    text
}

/// The value of one base64 character, or `None` when it is not in the standard alphabet.
fn sextet(c: u8) -> ::core::option::Option<u32> {
    let value = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

/// Decodes standard base64 with `=` padding, strictly: the length must be a multiple of four,
/// padding may only end the text, whitespace and the URL-safe alphabet are rejected, and the
/// unused bits before the padding must be zero (so every byte string has one encoding).
pub fn decode(text: &str) -> ::core::result::Result<::std::vec::Vec<u8>, DecodeError> {
    let input = text.as_bytes();
    let (quanta, rest) = (input.len() / 4, input.len() % 4);
    if rest != 0 {
        return Err(DecodeError::Length(input.len()));
    }
    let mut bytes = ::std::vec::Vec::with_capacity(input.len() / 4 * 3);
    for (index, quantum) in input.chunks_exact(4).enumerate() {
        let last = index + 1 == quanta;
        let padding = match quantum {
            [_, _, b'=', b'='] if last => 2,
            [_, _, _, b'='] if last => 1,
            _ => 0,
        };
        let mut n = 0u32;
        for (offset, &c) in quantum[..4 - padding].iter().enumerate() {
            let position = index * 4 + offset;
            let value = sextet(c).ok_or_else(|| DecodeError::Character {
                position,
                character: text
                    .get(position..)
                    .and_then(|rest| rest.chars().next())
                    .unwrap_or(char::REPLACEMENT_CHARACTER),
            })?;
            n |= value << (18 - 6 * offset);
        }
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let kept = 3 - padding;
        if decoded[kept..].iter().any(|&b| b != 0) {
            return Err(DecodeError::TrailingBits);
        }
        bytes.extend_from_slice(&decoded[..kept]);
    }
    Ok(bytes)
}

/// Why a string is not valid standard base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The length is not a multiple of four (padding missing or text cut short).
    Length(usize),
    /// A character outside the standard alphabet, or `=` before the end.
    Character {
        /// The byte offset of the character in the text.
        position: usize,
        /// The offending character.
        character: char,
    },
    /// The bits before the padding that encode no byte are not zero.
    TrailingBits,
}

impl ::core::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        match self {
            Self::Length(length) => write!(
                f,
                "invalid base64: length {length} is not a multiple of 4 (missing `=` padding?)"
            ),
            Self::Character {
                position,
                character,
            } => write!(
                f,
                "invalid base64: {character:?} at byte {position} is not in the standard alphabet"
            ),
            Self::TrailingBits => {
                f.write_str("invalid base64: non-zero bits before the `=` padding")
            }
        }
    }
}

impl ::std::error::Error for DecodeError {}

/// A value that `#[serde(with = "blob")]` can write and read: `Vec<u8>` as a base64 string,
/// and `Option`, `Vec` and `HashMap<String, _>` of it nested in any combination. `null`
/// reads as empty unless it is inside an `Option` (client error correction).
pub trait Blob: Sized {
    /// Writes the value with blobs as base64 strings.
    fn serialize_blob<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer;

    /// Reads a value with blobs as base64 strings.
    fn deserialize_blob<'de, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>;
}

/// Writes `value` with blobs as base64 strings; for `#[serde(with = "blob")]`.
pub fn serialize<T, S>(value: &T, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
where
    T: Blob,
    S: ::serde::Serializer,
{
    value.serialize_blob(serializer)
}

/// Reads a value with blobs as base64 strings; for `#[serde(with = "blob")]`.
pub fn deserialize<'de, T, D>(deserializer: D) -> ::core::result::Result<T, D::Error>
where
    T: Blob,
    D: ::serde::Deserializer<'de>,
{
    T::deserialize_blob(deserializer)
}

/// Reads one blob from a base64 string; `null` reads as empty.
struct BlobVisitor;

impl ::serde::de::Visitor<'_> for BlobVisitor {
    type Value = ::std::vec::Vec<u8>;

    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str("a base64 string")
    }

    fn visit_str<E: ::serde::de::Error>(
        self,
        v: &str,
    ) -> ::core::result::Result<::std::vec::Vec<u8>, E> {
        decode(v).map_err(E::custom)
    }

    fn visit_unit<E: ::serde::de::Error>(self) -> ::core::result::Result<::std::vec::Vec<u8>, E> {
        Ok(::std::vec::Vec::new())
    }
}

impl Blob for ::std::vec::Vec<u8> {
    fn serialize_blob<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        serializer.serialize_str(&encode(self))
    }

    fn deserialize_blob<'de, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        deserializer.deserialize_any(BlobVisitor)
    }
}

/// Lets containers hand their elements to [`Blob::serialize_blob`].
struct Ser<'a, T>(&'a T);

impl<T: Blob> ::serde::Serialize for Ser<'_, T> {
    fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        self.0.serialize_blob(serializer)
    }
}

/// Lets containers read their elements with [`Blob::deserialize_blob`].
struct De<T>(T);

impl<'de, T: Blob> ::serde::Deserialize<'de> for De<T> {
    fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        T::deserialize_blob(deserializer).map(De)
    }
}

impl<T: Blob> Blob for ::core::option::Option<T> {
    fn serialize_blob<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        match self {
            Some(value) => serializer.serialize_some(&Ser(value)),
            None => serializer.serialize_none(),
        }
    }

    fn deserialize_blob<'de, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        let value: ::core::option::Option<De<T>> = ::serde::Deserialize::deserialize(deserializer)?;
        Ok(value.map(|De(value)| value))
    }
}

impl<T: Blob> Blob for ::std::vec::Vec<T> {
    fn serialize_blob<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        serializer.collect_seq(self.iter().map(Ser))
    }

    fn deserialize_blob<'de, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        // `null` reads as an empty list (client error correction).
        let value: ::core::option::Option<::std::vec::Vec<De<T>>> =
            ::serde::Deserialize::deserialize(deserializer)?;
        Ok(value
            .unwrap_or_default()
            .into_iter()
            .map(|De(value)| value)
            .collect())
    }
}

impl<T: Blob> Blob for ::std::collections::HashMap<::std::string::String, T> {
    fn serialize_blob<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Ser(value))))
    }

    fn deserialize_blob<'de, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        // `null` reads as an empty map (client error correction).
        let value: ::core::option::Option<
            ::std::collections::HashMap<::std::string::String, De<T>>,
        > = ::serde::Deserialize::deserialize(deserializer)?;
        Ok(value
            .unwrap_or_default()
            .into_iter()
            .map(|(key, De(value))| (key, value))
            .collect())
    }
}
