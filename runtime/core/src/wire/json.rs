//! The JSON body codec: a request object writer over the types' serde, and response readers
//! with client error correction.

use super::SerializeError;
use crate::error::BoxError;

impl From<serde_json::Error> for SerializeError {
    fn from(e: serde_json::Error) -> Self {
        Self(format!("cannot serialize the request body: {e}"))
    }
}

/// A JSON object written straight into a buffer, member by member, with the public serde of
/// each value (wire names and formats).
#[derive(Debug)]
pub struct JsonObject {
    buf: Vec<u8>,
    empty: bool,
}

impl Default for JsonObject {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonObject {
    /// `{`.
    pub fn new() -> Self {
        Self {
            buf: vec![b'{'],
            empty: true,
        }
    }

    fn key(&mut self, key: &str) -> Result<(), serde_json::Error> {
        if !self.empty {
            self.buf.push(b',');
        }
        self.empty = false;
        serde_json::to_writer(&mut self.buf, key)?;
        self.buf.push(b':');
        Ok(())
    }

    /// Writes `"key": value`.
    pub fn field<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.key(key)?;
        serde_json::to_writer(&mut self.buf, value)
    }

    /// `}`: the finished object.
    pub fn finish(mut self) -> bytes::Bytes {
        self.buf.push(b'}');
        bytes::Bytes::from(self.buf)
    }
}

/// Serializes through a serde `with` module of the types runtime (a generic function cannot
/// be passed around, so there is one wrapper per module).
macro_rules! with_wrappers {
    ($($(#[$doc:meta])* $name:ident: $bound:path => $module:path;)*) => {$(
        $(#[$doc])*
        pub struct $name<'a, T>(pub &'a T);

        impl<T: $bound> serde::Serialize for $name<'_, T> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                { use $module as m; m::serialize(self.0, serializer) }
            }
        }
    )*};
}

with_wrappers! {
    /// Floats (and containers of them) with `NaN`/`Infinity` as strings.
    WithFloat: smithy_types_runtime::float::Float => smithy_types_runtime::float;
    /// Blobs (and containers of them) as base64.
    WithBlob: smithy_types_runtime::blob::Blob => smithy_types_runtime::blob;
    /// Timestamps (and containers of them) as epoch seconds.
    WithEpochSeconds: smithy_types_runtime::timestamp::Timestamp => smithy_types_runtime::timestamp::epoch_seconds;
    /// Timestamps (and containers of them) as RFC 3339 strings.
    WithDateTime: smithy_types_runtime::timestamp::Timestamp => smithy_types_runtime::timestamp::date_time;
    /// Timestamps (and containers of them) as IMF-fixdate strings.
    WithHttpDate: smithy_types_runtime::timestamp::Timestamp => smithy_types_runtime::timestamp::http_date;
}

/// Reads a JSON body as `T`; an empty body reads as `{}` (restJson1).
pub fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, BoxError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    // The serde_json error itself, so callers can inspect it (`SdkError::ResponseError`).
    serde_json::from_slice(body).map_err(BoxError::from)
}

/// [`json_body`], with client error correction: when the strict read fails, `correct` fills
/// in zero values for required members the JSON lacks and the body is read again (the first
/// error is kept if that fails too). A well-formed body is read once.
pub fn json_body_corrected<T: serde::de::DeserializeOwned>(
    body: &[u8],
    correct: fn(&mut serde_json::Value),
) -> Result<T, BoxError> {
    let first = match json_body(body) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    match corrected_body(body, correct) {
        Some(corrected) => json_body(&corrected).map_err(|_| first),
        None => Err(first),
    }
}

/// The body with `correct` applied, as JSON text again. Read back as text rather than
/// deserialized from the `Value`: then every output type is deserialized from one reader
/// type only, which halves the deserialization code generated clients compile.
fn corrected_body(body: &[u8], correct: fn(&mut serde_json::Value)) -> Option<Vec<u8>> {
    let mut value: serde_json::Value = json_body(body).ok()?;
    correct(&mut value);
    serde_json::to_vec(&value).ok()
}

/// [`json_payload`], with client error correction as in [`json_body_corrected`].
pub fn json_payload_corrected<T: serde::de::DeserializeOwned>(
    body: &[u8],
    correct: fn(&mut serde_json::Value),
) -> Result<Option<T>, BoxError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    json_body_corrected(body, correct).map(Some)
}

/// Reads a JSON payload as `T`; `None` for an empty body.
pub fn json_payload<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<Option<T>, BoxError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(body)
        .map(Some)
        .map_err(BoxError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_object() {
        let mut o = JsonObject::new();
        o.field("a", &1).unwrap();
        o.field("b", &WithFloat(&f64::NAN)).unwrap();
        assert_eq!(&o.finish()[..], br#"{"a":1,"b":"NaN"}"#);
        assert_eq!(&JsonObject::new().finish()[..], b"{}");
    }
}
