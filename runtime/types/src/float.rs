/// A value that `#[serde(with = "float")]` can write and read: `f32`, `f64`, and `Option`,
/// `Vec` and `HashMap<String, _>` of them nested in any combination.
///
/// restJson1 writes finite floats as JSON numbers and the non-finite ones as the strings
/// `"NaN"`, `"Infinity"` and `"-Infinity"`. A JSON `null` reads as `0.0` (or an empty
/// container) unless it is inside an `Option`, so a response that nulls a required member
/// still parses (client error correction).
pub trait Float: Sized {
    /// Writes the value in the restJson1 float encoding.
    fn serialize_float<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer;

    /// Reads a value written in the restJson1 float encoding.
    fn deserialize_float<'de, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>;
}

/// Writes `value` in the restJson1 float encoding; for `#[serde(with = "float")]`.
pub fn serialize<T, S>(value: &T, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
where
    T: Float,
    S: ::serde::Serializer,
{
    value.serialize_float(serializer)
}

/// Reads a value in the restJson1 float encoding; for `#[serde(with = "float")]`.
pub fn deserialize<'de, T, D>(deserializer: D) -> ::core::result::Result<T, D::Error>
where
    T: Float,
    D: ::serde::Deserializer<'de>,
{
    T::deserialize_float(deserializer)
}

/// Writes one float: a number when finite, otherwise the restJson1 string for it.
fn serialize_f64<S>(value: f64, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
where
    S: ::serde::Serializer,
{
    if value.is_nan() {
        serializer.serialize_str("NaN")
    } else if value == f64::INFINITY {
        serializer.serialize_str("Infinity")
    } else if value == f64::NEG_INFINITY {
        serializer.serialize_str("-Infinity")
    } else {
        serializer.serialize_f64(value)
    }
}

/// Reads one float as `f64`: a JSON number, one of the three non-finite strings, or `null`
/// (read as `0.0`).
struct F64Visitor;

impl<'de> ::serde::de::Visitor<'de> for F64Visitor {
    type Value = f64;

    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(r#"a number or one of "NaN", "Infinity", "-Infinity""#)
    }

    fn visit_f64<E: ::serde::de::Error>(self, v: f64) -> ::core::result::Result<f64, E> {
        Ok(v)
    }

    fn visit_i64<E: ::serde::de::Error>(self, v: i64) -> ::core::result::Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E: ::serde::de::Error>(self, v: u64) -> ::core::result::Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> ::core::result::Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(E::custom(::std::format!(
                r#"invalid float string {v:?}: expected a number or one of "NaN", "Infinity", "-Infinity""#
            ))),
        }
    }

    fn visit_unit<E: ::serde::de::Error>(self) -> ::core::result::Result<f64, E> {
        Ok(0.0)
    }

    fn visit_none<E: ::serde::de::Error>(self) -> ::core::result::Result<f64, E> {
        Ok(0.0)
    }
}

impl Float for f64 {
    fn serialize_float<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        serialize_f64(*self, serializer)
    }

    fn deserialize_float<'de, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        deserializer.deserialize_any(F64Visitor)
    }
}

impl Float for f32 {
    fn serialize_float<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        if self.is_finite() {
            // serialize_f32 keeps the shortest f32 text (0.1 stays 0.1, not 0.10000000149011612).
            serializer.serialize_f32(*self)
        } else {
            serialize_f64(f64::from(*self), serializer)
        }
    }

    fn deserialize_float<'de, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        // Out-of-range numbers become infinities, as in the official SDKs.
        let value = deserializer.deserialize_any(F64Visitor)?;
        Ok(value as f32)
    }
}

/// Lets containers hand their elements to [`Float::serialize_float`].
struct Ser<'a, T>(&'a T);

impl<T: Float> ::serde::Serialize for Ser<'_, T> {
    fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        self.0.serialize_float(serializer)
    }
}

/// Lets containers read their elements with [`Float::deserialize_float`].
struct De<T>(T);

impl<'de, T: Float> ::serde::Deserialize<'de> for De<T> {
    fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        T::deserialize_float(deserializer).map(De)
    }
}

impl<T: Float> Float for ::core::option::Option<T> {
    fn serialize_float<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        match self {
            Some(value) => serializer.serialize_some(&Ser(value)),
            None => serializer.serialize_none(),
        }
    }

    fn deserialize_float<'de, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        let value: ::core::option::Option<De<T>> = ::serde::Deserialize::deserialize(deserializer)?;
        Ok(value.map(|De(value)| value))
    }
}

impl<T: Float> Float for ::std::vec::Vec<T> {
    fn serialize_float<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        serializer.collect_seq(self.iter().map(Ser))
    }

    fn deserialize_float<'de, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
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

impl<T: Float> Float for ::std::collections::HashMap<::std::string::String, T> {
    fn serialize_float<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Ser(value))))
    }

    fn deserialize_float<'de, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
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
