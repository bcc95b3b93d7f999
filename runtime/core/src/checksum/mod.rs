//! Flexible checksums (`aws.protocols#httpChecksum`): what an operation declares, the two
//! settings that decide when checksums are computed and validated, and (with the `checksums`
//! feature) the algorithms, the request side (a header for bodies in memory, an `aws-chunked`
//! trailer for streams) and the validation of responses.
//!
//! The declarations and settings are always compiled, so that every client's `Config` has the
//! settings; the hashing is compiled only into clients that have checksum operations (S3),
//! whose generated `Cargo.toml` turns on the runtime's `checksums` feature.

#[cfg(feature = "checksums")]
mod algorithm;
#[cfg(feature = "checksums")]
mod aws_chunked;
#[cfg(feature = "checksums")]
mod request;
#[cfg(feature = "checksums")]
mod response;
#[cfg(all(test, feature = "checksums"))]
mod tests;

use std::fmt;
use std::str::FromStr;

#[cfg(feature = "checksums")]
pub(crate) use self::aws_chunked::AwsChunkedBody;
#[cfg(feature = "checksums")]
pub(crate) use self::request::{STREAMING_UNSIGNED_PAYLOAD_TRAILER, plan};
#[cfg(feature = "checksums")]
pub use self::response::{ChecksumMismatch, is_part_level_checksum};
#[cfg(feature = "checksums")]
pub(crate) use self::response::{validate_buffered, validating_stream};

/// A checksum algorithm of `aws.protocols#httpChecksum`, by its name in models and in the
/// `x-amz-sdk-checksum-algorithm` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// CRC32 (ISO-HDLC), the default.
    Crc32,
    /// CRC32C (Castagnoli).
    Crc32c,
    /// CRC64/NVME.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl Algorithm {
    /// Every algorithm, in the order responses are checked when they carry several checksums
    /// (the fastest to compute first, as aws-sdk-rust checks them).
    pub const PRIORITY: [Algorithm; 5] = [
        Algorithm::Crc64Nvme,
        Algorithm::Crc32c,
        Algorithm::Crc32,
        Algorithm::Sha1,
        Algorithm::Sha256,
    ];

    /// The algorithm of a name as models and the `x-amz-sdk-checksum-algorithm` header spell
    /// it (`CRC32`, `CRC32C`, `CRC64NVME`, `SHA1`, `SHA256`; any case), if supported.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::PRIORITY
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The name as models spell it, e.g. `CRC32`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "CRC32",
            Algorithm::Crc32c => "CRC32C",
            Algorithm::Crc64Nvme => "CRC64NVME",
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
        }
    }

    /// The header that carries this checksum, e.g. `x-amz-checksum-crc32`.
    pub fn header_name(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "x-amz-checksum-crc32",
            Algorithm::Crc32c => "x-amz-checksum-crc32c",
            Algorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            Algorithm::Sha1 => "x-amz-checksum-sha1",
            Algorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// Bytes in the digest.
    pub fn digest_len(self) -> usize {
        match self {
            Algorithm::Crc32 | Algorithm::Crc32c => 4,
            Algorithm::Crc64Nvme => 8,
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
        }
    }

    /// Characters in the base64 text of the digest (the header value).
    pub fn encoded_len(self) -> usize {
        self.digest_len().div_ceil(3) * 4
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What an operation's `aws.protocols#httpChecksum` trait declares, as the generator writes it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct OperationChecksum {
    /// The header the input's `requestAlgorithmMember` is bound to (e.g.
    /// `x-amz-sdk-checksum-algorithm`): the caller's choice of algorithm, and where the default
    /// is written when the client chooses. `None`: the operation has no such member.
    pub request_algorithm_header: Option<&'static str>,
    /// `requestChecksumRequired`: a checksum is sent even with `when_required`.
    pub request_checksum_required: bool,
    /// The header the input's `requestValidationModeMember` is bound to (e.g.
    /// `x-amz-checksum-mode`), set to `ENABLED` to ask for a response checksum.
    pub response_validation_header: Option<&'static str>,
    /// `responseAlgorithms` this client can compute (others in the model are not validated).
    pub response_algorithms: &'static [Algorithm],
}

impl OperationChecksum {
    /// Whether requests of this operation may carry a checksum.
    pub fn has_request_checksum(&self) -> bool {
        self.request_algorithm_header.is_some() || self.request_checksum_required
    }
}

/// When request checksums are computed (`request_checksum_calculation`,
/// `AWS_REQUEST_CHECKSUM_CALCULATION`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RequestChecksumCalculation {
    /// For every operation that supports one (CRC32 unless the caller chooses); the default.
    #[default]
    WhenSupported,
    /// Only when the operation requires one or the caller chose an algorithm.
    WhenRequired,
}

/// When response checksums are validated (`response_checksum_validation`,
/// `AWS_RESPONSE_CHECKSUM_VALIDATION`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResponseChecksumValidation {
    /// For every operation that supports it (a checksum is asked for and, when the response
    /// carries one, checked); the default.
    #[default]
    WhenSupported,
    /// Only when the caller asked for a checksum (e.g. `ChecksumMode::Enabled`).
    WhenRequired,
}

/// A checksum setting with a value other than `when_supported` or `when_required`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidSetting {
    value: String,
}

impl fmt::Display for InvalidSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a checksum setting: expected `when_supported` or `when_required`",
            self.value
        )
    }
}

impl std::error::Error for InvalidSetting {}

/// `true` for `when_supported`, `false` for `when_required` (any case, as aws-config reads them).
fn parse_when(value: &str) -> Result<bool, InvalidSetting> {
    let trimmed = value.trim();
    if trimmed.eq_ignore_ascii_case("when_supported") {
        Ok(true)
    } else if trimmed.eq_ignore_ascii_case("when_required") {
        Ok(false)
    } else {
        Err(InvalidSetting {
            value: value.to_owned(),
        })
    }
}

impl FromStr for RequestChecksumCalculation {
    type Err = InvalidSetting;

    fn from_str(value: &str) -> Result<Self, InvalidSetting> {
        Ok(if parse_when(value)? {
            Self::WhenSupported
        } else {
            Self::WhenRequired
        })
    }
}

impl FromStr for ResponseChecksumValidation {
    type Err = InvalidSetting;

    fn from_str(value: &str) -> Result<Self, InvalidSetting> {
        Ok(if parse_when(value)? {
            Self::WhenSupported
        } else {
            Self::WhenRequired
        })
    }
}

/// A client's checksum settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settings {
    /// When request checksums are computed.
    pub request: RequestChecksumCalculation,
    /// When response checksums are validated.
    pub response: ResponseChecksumValidation,
}

#[cfg(test)]
mod settings_tests {
    use super::*;

    #[test]
    fn settings_parse_in_any_case_and_reject_the_rest() {
        assert_eq!(
            "WHEN_REQUIRED".parse::<RequestChecksumCalculation>(),
            Ok(RequestChecksumCalculation::WhenRequired)
        );
        assert_eq!(
            " when_supported ".parse::<ResponseChecksumValidation>(),
            Ok(ResponseChecksumValidation::WhenSupported)
        );
        let e = "sometimes"
            .parse::<RequestChecksumCalculation>()
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"sometimes\" is not a checksum setting: expected `when_supported` or `when_required`"
        );
    }

    #[test]
    fn names_and_headers() {
        for algorithm in Algorithm::PRIORITY {
            assert_eq!(Algorithm::from_name(algorithm.name()), Some(algorithm));
            assert_eq!(
                algorithm.header_name(),
                format!("x-amz-checksum-{}", algorithm.name().to_ascii_lowercase())
            );
        }
        assert_eq!(Algorithm::from_name("crc32c"), Some(Algorithm::Crc32c));
        assert_eq!(Algorithm::from_name("SHA512"), None);
        assert_eq!(Algorithm::from_name("MD5"), None);
        assert_eq!(Algorithm::Crc32.encoded_len(), 8);
        assert_eq!(Algorithm::Crc64Nvme.encoded_len(), 12);
        assert_eq!(Algorithm::Sha1.encoded_len(), 28);
        assert_eq!(Algorithm::Sha256.encoded_len(), 44);
    }
}
