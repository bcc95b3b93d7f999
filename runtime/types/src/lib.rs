//! What generated Smithy types share, so a fix here reaches every generated crate.
//!
//! No transport: date-times ([`DateTime`]) and their three wire formats, blobs as base64,
//! arbitrary-precision numbers ([`BigInteger`], [`BigDecimal`]), non-finite floats as
//! restJson1 writes them, JSON `null` read as a zero value, and the two errors every generated
//! crate has ([`BuildError`], [`Unhandled`]).
//!
//! The `with` modules (`float`, `timestamp::epoch_seconds`, `blob`, ...) are the serde adapters
//! generated types name in `#[serde(with = "...")]`; users rarely call them directly.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// Arbitrary-precision numbers kept as their exact decimal text.
pub mod big_number;
/// Blobs as base64 strings.
pub mod blob;
mod byte_stream;
mod error;
/// Non-finite floats as restJson1 writes them: `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub mod float;
/// Reads JSON `null` as the member's zero value (client error correction).
pub mod null_default;
/// Timestamps and their three wire formats.
pub mod timestamp;

pub use big_number::{BigDecimal, BigInteger};
pub use byte_stream::ByteStream;
pub use error::{BuildError, Unhandled};
pub use timestamp::DateTime;

/// A Smithy `document`: untyped JSON-like data.
pub type Document = ::serde_json::Value;

/// A Smithy `blob` held in memory: its bytes. Generated types store blobs as `Vec<u8>`; the
/// alias gives them aws-sdk-rust's name (`primitives::Blob`).
pub type Blob = ::std::vec::Vec<u8>;

#[cfg(test)]
mod tests;
