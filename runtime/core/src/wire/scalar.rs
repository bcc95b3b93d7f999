//! Scalar values read from text, apart from where a protocol puts them (headers, XML elements
//! and attributes): the reasons returned quote the text, and callers add where it was found.

use std::str::FromStr;

use smithy_types_runtime::DateTime;
use smithy_types_runtime::timestamp::TextFormat;

/// `text` (trimmed) as a `T`: integers, big numbers.
pub fn parse<T: FromStr>(text: &str) -> Result<T, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("cannot read {text:?}"))
}

/// A float: `NaN`, `Infinity`, `-Infinity` or a number.
pub fn parse_float(text: &str) -> Result<f64, String> {
    match text.trim() {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        other => parse(other),
    }
}

/// `true` or `false`.
pub fn parse_bool(text: &str) -> Result<bool, String> {
    match text.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(format!("expected true or false, found {other:?}")),
    }
}

/// A timestamp in `format`.
pub fn parse_timestamp(text: &str, format: TextFormat) -> Result<DateTime, String> {
    DateTime::from_text(text.trim(), format)
}

/// Base64 (blobs, and strings with a `mediaType` in headers).
pub fn parse_base64(text: &str) -> Result<Vec<u8>, String> {
    smithy_types_runtime::blob::decode(text.trim()).map_err(|e| e.to_string())
}
