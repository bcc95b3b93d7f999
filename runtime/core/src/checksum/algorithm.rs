//! The incremental hashers of the checksum algorithms: the CRCs from the `crc` crate
//! (slice-by-16 tables, about 2 GB/s, built on first use rather than at compile time), SHA-1
//! and SHA-256 from the runtime's crypto backend (ring or OpenSSL).

use super::Algorithm;
use crate::crypto;
use crc::{CRC_32_ISCSI, CRC_32_ISO_HDLC, CRC_64_NVME, Crc, Digest, Table};
use std::sync::OnceLock;

type Crc32 = Crc<u32, Table<16>>;
type Crc64 = Crc<u64, Table<16>>;

/// The CRC tables, computed once per process on first use (const-evaluating them would
/// cost compile time in every build of this crate).
fn crc32() -> &'static Crc32 {
    static TABLE: OnceLock<Crc32> = OnceLock::new();
    TABLE.get_or_init(|| Crc32::new(&CRC_32_ISO_HDLC))
}

fn crc32c() -> &'static Crc32 {
    static TABLE: OnceLock<Crc32> = OnceLock::new();
    TABLE.get_or_init(|| Crc32::new(&CRC_32_ISCSI))
}

fn crc64nvme() -> &'static Crc64 {
    static TABLE: OnceLock<Crc64> = OnceLock::new();
    TABLE.get_or_init(|| Crc64::new(&CRC_64_NVME))
}

/// An incremental checksum of one algorithm.
pub(crate) struct Hasher {
    algorithm: Algorithm,
    state: State,
}

enum State {
    Crc32(Digest<'static, u32, Table<16>>),
    Crc64(Digest<'static, u64, Table<16>>),
    /// SHA-1 or SHA-256, in the crypto backend's context (boxed: far larger than a CRC's).
    Sha(Box<crypto::Sha256>),
}

/// The crypto backend failed (OpenSSL only); the message names the algorithm, never data.
pub(crate) type HashError = crypto::CryptoError;

impl Hasher {
    pub(crate) fn new(algorithm: Algorithm) -> Hasher {
        let state = match algorithm {
            Algorithm::Crc32 => State::Crc32(crc32().digest()),
            Algorithm::Crc32c => State::Crc32(crc32c().digest()),
            Algorithm::Crc64Nvme => State::Crc64(crc64nvme().digest()),
            Algorithm::Sha1 => State::Sha(Box::new(crypto::sha1_start())),
            Algorithm::Sha256 => State::Sha(Box::new(crypto::sha256_start())),
        };
        Hasher { algorithm, state }
    }

    pub(crate) fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    pub(crate) fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            State::Crc32(digest) => digest.update(data),
            State::Crc64(digest) => digest.update(data),
            State::Sha(hash) => hash.update(data),
        }
    }

    /// The digest, big-endian for the CRCs.
    pub(crate) fn finish(self) -> Result<Vec<u8>, HashError> {
        Ok(match self.state {
            State::Crc32(digest) => digest.finalize().to_be_bytes().to_vec(),
            State::Crc64(digest) => digest.finalize().to_be_bytes().to_vec(),
            State::Sha(hash) => match self.algorithm {
                Algorithm::Sha1 => crypto::sha1_finish(*hash)?.to_vec(),
                _ => crypto::sha256_finish(*hash)?.to_vec(),
            },
        })
    }

    /// The digest as a header value: base64 of the big-endian digest.
    pub(crate) fn finish_base64(self) -> Result<String, HashError> {
        Ok(smithy_types_runtime::blob::encode(&self.finish()?))
    }
}

/// The checksum header value of `data` under `algorithm`.
pub(crate) fn checksum_base64(algorithm: Algorithm, data: &[u8]) -> Result<String, HashError> {
    let mut hasher = Hasher::new(algorithm);
    hasher.update(data);
    hasher.finish_base64()
}
