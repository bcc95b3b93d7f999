/// Reads a value, or its `Default` when the JSON holds `null`.
///
/// For `#[serde(deserialize_with = "null_default::deserialize")]` on required and `@default`
/// members: Smithy's client error correction fills a member a response leaves `null` with its
/// zero value instead of failing the whole response.
pub fn deserialize<'de, D, T>(deserializer: D) -> ::core::result::Result<T, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de> + ::core::default::Default,
{
    let value: ::core::option::Option<T> = ::serde::Deserialize::deserialize(deserializer)?;
    Ok(value.unwrap_or_default())
}
