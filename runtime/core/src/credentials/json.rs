//! Reading the JSON credential documents (IMDS, container endpoint, `credential_process`,
//! SSO) without ever echoing a value: serde's messages can quote the offending value,
//! which may be a secret, so errors here are built from positions and field names only.

use super::Credentials;
use serde_json::{Map, Value};
use std::time::SystemTime;

/// Parses a JSON object; the error gives the position only.
pub(crate) fn parse_object(body: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("the response is JSON but not an object".into()),
        Err(e) => Err(format!(
            "invalid JSON at line {} column {}",
            e.line(),
            e.column()
        )),
    }
}

/// A required string member.
pub(crate) fn required<'a>(map: &'a Map<String, Value>, key: &str) -> Result<&'a str, String> {
    match map.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(Value::String(_)) | None | Some(Value::Null) => Err(format!("missing `{key}`")),
        Some(_) => Err(format!("`{key}` is not a string")),
    }
}

/// An optional string member (empty counts as absent).
pub(crate) fn optional<'a>(
    map: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a str>, String> {
    match map.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(s)),
        Some(Value::String(_)) | None | Some(Value::Null) => Ok(None),
        Some(_) => Err(format!("`{key}` is not a string")),
    }
}

/// An optional RFC 3339 time member; a malformed time is quoted (times are not secret).
pub(crate) fn optional_time(
    map: &Map<String, Value>,
    key: &str,
) -> Result<Option<SystemTime>, String> {
    match optional(map, key)? {
        None => Ok(None),
        Some(s) => super::time::parse_rfc3339(s)
            .map(Some)
            .ok_or_else(|| format!("`{key}` is not an RFC 3339 time: {s:?}")),
    }
}

/// The `AccessKeyId`/`SecretAccessKey`/`Token`/`Expiration`/`AccountId` document that IMDS
/// and the container endpoint return.
pub(crate) fn metadata_credentials(
    body: &[u8],
    provider_name: &'static str,
) -> Result<Credentials, String> {
    let map = parse_object(body)?;
    if let Some(code) = optional(&map, "Code")?
        && code != "Success"
    {
        return Err(format!("the document's Code is {code:?}, not \"Success\""));
    }
    let creds = Credentials::new(
        required(&map, "AccessKeyId")?,
        required(&map, "SecretAccessKey")?,
        optional(&map, "Token")?.map(str::to_owned),
        optional_time(&map, "Expiration")?,
        provider_name,
    );
    Ok(match optional(&map, "AccountId")? {
        Some(account) => creds.with_account_id(account),
        None => creds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_never_quote_values() {
        for body in [
            &br#"{"AccessKeyId":"A","SecretAccessKey":12345678}"#[..],
            br#"{"AccessKeyId":"A","SecretAccessKey":"S3CR3T""#,
            br#"{"AccessKeyId":"A","SecretAccessKey":"S3CR3T","Token":["S3CR3T"]}"#,
            br#"["S3CR3T"]"#,
        ] {
            let e = metadata_credentials(body, "t").unwrap_err();
            assert!(!e.contains("S3CR3T") && !e.contains("12345678"), "{e}");
        }
    }
}
