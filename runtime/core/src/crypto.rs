//! The hash primitives of SigV4 and the SSO token cache, and the one place they come from:
//! SHA-256 (one-shot and incremental), HMAC-SHA256 (with a reusable key, one-shot and
//! incremental) and SHA-1 (only for the SSO token cache's file name).
//!
//! The backend is a feature, which aws-client-runtime's TLS feature chooses, so that no TLS
//! build compiles a second crypto library:
//! - `ring` (the default; aws-client-runtime's `rustls`), which rustls is built on. Also with
//!   both on: ring is compiled for rustls anyway, and it is the faster of the two per signature.
//! - `openssl` alone (aws-client-runtime's `native-tls` alone): the system's OpenSSL through the
//!   `openssl` crate, which native-tls already links; that build has no ring.
//!
//! Each backend provides the same items: the types [`Sha256`], [`HmacKey`], [`HmacSha256`] and
//! [`CryptoError`]; `update(&mut self, &[u8])` on the two incremental types; and the functions
//! re-exported below. With ring the types are ring's own and the functions one-line calls, so
//! signing compiles to what it was when written over ring directly (wrapper structs cost extra
//! copies of the hash states on every signature).
//!
//! Only the OpenSSL backend can fail (a system configuration that offers no SHA-256 or SHA-1,
//! or the library's own allocation); failures come back as `CryptoError`, not as a panic (the
//! one exception: copying a context asserts its allocation, as Rust's allocations abort).
//! With ring, `CryptoError` is `Infallible`, so the error paths compile away. Incremental
//! hashing keeps `update` infallible and reports a failure when finishing, so canonical text
//! can be streamed into a hash through `sigv4::encode::Sink`.

#[cfg(not(any(feature = "ring", feature = "openssl")))]
compile_error!(
    "aws-client-core needs a crypto feature for SigV4: `ring` (the default) or `openssl`"
);

/// Bytes in a SHA-256 digest and an HMAC-SHA256 tag.
pub(crate) const SHA256_LEN: usize = 32;

#[cfg(all(feature = "openssl", not(feature = "ring")))]
pub(crate) use openssl_backend::{
    CryptoError, HmacKey, HmacSha256, Sha256, borrow_ok, hmac_finish, hmac_key, hmac_once,
    hmac_sha256, hmac_start, sha1, sha256_finish, sha256_start,
};
#[cfg(all(feature = "openssl", not(feature = "ring"), feature = "checksums"))]
pub(crate) use openssl_backend::{sha1_finish, sha1_start};
#[cfg(feature = "ring")]
pub(crate) use ring_backend::{
    CryptoError, HmacKey, HmacSha256, Sha256, borrow_ok, hmac_finish, hmac_key, hmac_once,
    hmac_sha256, hmac_start, sha1, sha256_finish, sha256_start,
};
#[cfg(all(feature = "ring", feature = "checksums"))]
pub(crate) use ring_backend::{sha1_finish, sha1_start};

/// SHA-256 of `data`.
#[inline]
pub(crate) fn sha256(data: &[u8]) -> Result<[u8; SHA256_LEN], CryptoError> {
    let mut hash = sha256_start();
    hash.update(data);
    sha256_finish(hash)
}

#[cfg(feature = "ring")]
mod ring_backend {
    use super::SHA256_LEN;
    use ring::{digest, hmac};

    /// ring's digests and HMAC cannot fail.
    pub(crate) type CryptoError = std::convert::Infallible;
    /// An incremental SHA-256.
    pub(crate) type Sha256 = digest::Context;
    /// An HMAC-SHA256 key, with the padded-key hash states computed once.
    pub(crate) type HmacKey = hmac::Key;
    /// An incremental HMAC-SHA256.
    pub(crate) type HmacSha256 = hmac::Context;

    /// Copies a 32-byte digest or tag out of ring's variable-length output.
    #[inline]
    fn to_array(bytes: &[u8]) -> [u8; SHA256_LEN] {
        let mut out = [0u8; SHA256_LEN];
        out.copy_from_slice(bytes);
        out
    }

    #[inline]
    pub(crate) fn sha256_start() -> Sha256 {
        digest::Context::new(&digest::SHA256)
    }

    #[inline]
    pub(crate) fn sha256_finish(hash: Sha256) -> Result<[u8; SHA256_LEN], CryptoError> {
        Ok(to_array(hash.finish().as_ref()))
    }

    #[inline]
    pub(crate) fn hmac_key(key: &[u8]) -> Result<HmacKey, CryptoError> {
        Ok(hmac::Key::new(hmac::HMAC_SHA256, key))
    }

    /// HMAC-SHA256 of `data` under `key`.
    #[inline]
    pub(crate) fn hmac_sha256(key: &HmacKey, data: &[u8]) -> Result<[u8; SHA256_LEN], CryptoError> {
        Ok(to_array(hmac::sign(key, data).as_ref()))
    }

    /// HMAC-SHA256 of `data` under a key used once (SigV4's key derivation).
    #[inline]
    pub(crate) fn hmac_once(key: &[u8], data: &[u8]) -> Result<[u8; SHA256_LEN], CryptoError> {
        Ok(to_array(
            hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), data).as_ref(),
        ))
    }

    #[inline]
    pub(crate) fn hmac_start(key: &HmacKey) -> HmacSha256 {
        hmac::Context::with_key(key)
    }

    #[inline]
    pub(crate) fn hmac_finish(mac: HmacSha256) -> Result<[u8; SHA256_LEN], CryptoError> {
        Ok(to_array(mac.sign().as_ref()))
    }

    /// The value of a borrowed result, or its error (copied) passed through `to_error`; for
    /// using a large value, such as an [`HmacKey`], where it lies instead of moving it out.
    #[inline]
    pub(crate) fn borrow_ok<T, E>(
        result: &Result<T, CryptoError>,
        _to_error: impl FnOnce(CryptoError) -> E,
    ) -> Result<&T, E> {
        match result {
            Ok(value) => Ok(value),
            Err(never) => match *never {},
        }
    }

    /// An incremental SHA-1 (request and response checksums), in the same context type as
    /// SHA-256.
    #[cfg(feature = "checksums")]
    pub(crate) fn sha1_start() -> Sha256 {
        digest::Context::new(&digest::SHA1_FOR_LEGACY_USE_ONLY)
    }

    #[cfg(feature = "checksums")]
    pub(crate) fn sha1_finish(hash: Sha256) -> Result<[u8; 20], CryptoError> {
        let mut out = [0u8; 20];
        out.copy_from_slice(hash.finish().as_ref());
        Ok(out)
    }

    /// SHA-1 of `data` (a file name, not a security use).
    pub(crate) fn sha1(data: &[u8]) -> Result<[u8; 20], CryptoError> {
        let digest = digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, data);
        let mut out = [0u8; 20];
        out.copy_from_slice(digest.as_ref());
        Ok(out)
    }
}

#[cfg(all(feature = "openssl", not(feature = "ring")))]
mod openssl_backend {
    //! OpenSSL 3 looks the algorithm up again (a locked fetch) on every fresh digest context, so
    //! contexts are copied from a template made once; HMAC is RFC 2104 over SHA-256 with the
    //! padded-key states computed once per key, as ring does it (OpenSSL's own HMAC, through
    //! `PKey`/`Signer`, costs over 10x more per tag).

    use super::SHA256_LEN;
    use openssl::error::ErrorStack;
    use openssl::hash::{Hasher, MessageDigest};
    use std::fmt;
    use std::sync::{Arc, OnceLock};

    /// SHA-256's block: the HMAC key is padded to this.
    const BLOCK_LEN: usize = 64;

    /// OpenSSL failed to compute a digest. Holds the algorithm and the library's own error
    /// text, never the data or a key.
    #[derive(Debug, Clone)]
    pub(crate) struct CryptoError {
        algorithm: &'static str,
        detail: String,
    }

    impl fmt::Display for CryptoError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(
                f,
                "the system's OpenSSL failed to compute {}: {}",
                self.algorithm, self.detail
            )
        }
    }

    impl std::error::Error for CryptoError {}

    /// The value of a borrowed result, or its error (copied) passed through `to_error`.
    pub(crate) fn borrow_ok<T, E>(
        result: &Result<T, CryptoError>,
        to_error: impl FnOnce(CryptoError) -> E,
    ) -> Result<&T, E> {
        result.as_ref().map_err(|e| to_error(e.clone()))
    }

    fn error(algorithm: &'static str, stack: &ErrorStack) -> CryptoError {
        CryptoError {
            algorithm,
            detail: stack.to_string(),
        }
    }

    /// A fresh context for `md`, copied from the template in `slot` (made on first use).
    /// (`Hasher::clone` asserts on a failed allocation, as Rust's own allocations abort.)
    fn fresh(
        slot: &'static OnceLock<Hasher>,
        md: fn() -> MessageDigest,
    ) -> Result<Hasher, ErrorStack> {
        if let Some(template) = slot.get() {
            return Ok(template.clone());
        }
        let hasher = Hasher::new(md())?;
        // A concurrent first use may have set it meanwhile: either template is the same.
        Ok(slot.get_or_init(|| hasher).clone())
    }

    fn fresh_sha256() -> Result<Hasher, ErrorStack> {
        static TEMPLATE: OnceLock<Hasher> = OnceLock::new();
        fresh(&TEMPLATE, MessageDigest::sha256)
    }

    /// Bytes gathered before one call into OpenSSL: canonical requests arrive in dozens of
    /// small pieces, and each call into the library costs more than hashing a few bytes.
    const GATHER_LEN: usize = 128;

    /// An incremental SHA-256 (or HMAC's inner or outer hash); the first failure is kept and
    /// reported when finishing.
    pub(crate) struct Sha256 {
        hasher: Result<Hasher, ErrorStack>,
        gathered: [u8; GATHER_LEN],
        gathered_len: usize,
    }

    impl Sha256 {
        fn new(hasher: Result<Hasher, ErrorStack>) -> Self {
            Self {
                hasher,
                gathered: [0; GATHER_LEN],
                gathered_len: 0,
            }
        }

        pub(crate) fn update(&mut self, data: &[u8]) {
            let end = self.gathered_len + data.len();
            if end <= GATHER_LEN {
                self.gathered[self.gathered_len..end].copy_from_slice(data);
                self.gathered_len = end;
                return;
            }
            self.flush();
            if data.len() < GATHER_LEN {
                self.gathered[..data.len()].copy_from_slice(data);
                self.gathered_len = data.len();
            } else {
                hash(&mut self.hasher, data);
            }
        }

        fn flush(&mut self) {
            let gathered = std::mem::replace(&mut self.gathered_len, 0);
            if gathered > 0 {
                hash(&mut self.hasher, &self.gathered[..gathered]);
            }
        }

        fn finish(self, algorithm: &'static str) -> Result<[u8; SHA256_LEN], CryptoError> {
            self.finish_len(algorithm)
        }

        /// The digest, which must be `N` bytes long.
        fn finish_len<const N: usize>(
            mut self,
            algorithm: &'static str,
        ) -> Result<[u8; N], CryptoError> {
            self.flush();
            let digest = self
                .hasher
                .and_then(|mut hasher| hasher.finish())
                .map_err(|e| error(algorithm, &e))?;
            <[u8; N]>::try_from(&*digest).map_err(|_| CryptoError {
                algorithm,
                detail: format!("a digest of {} bytes instead of {N}", digest.len()),
            })
        }
    }

    /// Feeds `data` to the hasher, keeping the first failure in its place.
    fn hash(hasher: &mut Result<Hasher, ErrorStack>, data: &[u8]) {
        if let Ok(h) = hasher
            && let Err(e) = h.update(data)
        {
            *hasher = Err(e);
        }
    }

    pub(crate) fn sha256_start() -> Sha256 {
        Sha256::new(fresh_sha256())
    }

    pub(crate) fn sha256_finish(hash: Sha256) -> Result<[u8; SHA256_LEN], CryptoError> {
        hash.finish("SHA-256")
    }

    /// The SHA-256 states after the inner (`key ^ 0x36..`) and outer (`key ^ 0x5c..`) padded
    /// key blocks.
    struct PaddedStates {
        inner: Hasher,
        outer: Hasher,
    }

    /// An HMAC-SHA256 key; cloning it shares the states.
    #[derive(Clone)]
    pub(crate) struct HmacKey(Arc<PaddedStates>);

    pub(crate) fn hmac_key(key: &[u8]) -> Result<HmacKey, CryptoError> {
        let fail = |e: ErrorStack| error("HMAC-SHA256", &e);
        let mut block = [0u8; BLOCK_LEN];
        if key.len() > BLOCK_LEN {
            block[..SHA256_LEN].copy_from_slice(&super::sha256(key)?);
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let mut padded = [0u8; BLOCK_LEN];
        let mut state = |pad: u8| -> Result<Hasher, ErrorStack> {
            for (p, k) in padded.iter_mut().zip(&block) {
                *p = k ^ pad;
            }
            let mut hasher = fresh_sha256()?;
            hasher.update(&padded)?;
            Ok(hasher)
        };
        let inner = state(0x36);
        let outer = state(0x5c);
        // Best effort: do not leave copies of the key in freed stack memory.
        block.fill(0);
        padded.fill(0);
        std::hint::black_box((&block, &padded));
        let (inner, outer) = (inner.map_err(fail)?, outer.map_err(fail)?);
        Ok(HmacKey(Arc::new(PaddedStates { inner, outer })))
    }

    /// HMAC-SHA256 of `data` under `key`.
    pub(crate) fn hmac_sha256(key: &HmacKey, data: &[u8]) -> Result<[u8; SHA256_LEN], CryptoError> {
        let mut mac = hmac_start(key);
        mac.update(data);
        hmac_finish(mac)
    }

    /// HMAC-SHA256 of `data` under a key used once (SigV4's key derivation).
    pub(crate) fn hmac_once(key: &[u8], data: &[u8]) -> Result<[u8; SHA256_LEN], CryptoError> {
        hmac_sha256(&hmac_key(key)?, data)
    }

    /// An incremental HMAC-SHA256; the first failure is kept and reported when finishing.
    pub(crate) struct HmacSha256 {
        inner: Sha256,
        key: HmacKey,
    }

    impl HmacSha256 {
        pub(crate) fn update(&mut self, data: &[u8]) {
            self.inner.update(data);
        }
    }

    pub(crate) fn hmac_start(key: &HmacKey) -> HmacSha256 {
        HmacSha256 {
            inner: Sha256::new(Ok(key.0.inner.clone())),
            key: key.clone(),
        }
    }

    pub(crate) fn hmac_finish(mac: HmacSha256) -> Result<[u8; SHA256_LEN], CryptoError> {
        let inner = mac.inner.finish("HMAC-SHA256")?;
        let mut outer = Sha256::new(Ok(mac.key.0.outer.clone()));
        outer.update(&inner);
        outer.finish("HMAC-SHA256")
    }

    /// An incremental SHA-1 (request and response checksums), in the same context type as
    /// SHA-256.
    #[cfg(feature = "checksums")]
    pub(crate) fn sha1_start() -> Sha256 {
        static TEMPLATE: OnceLock<Hasher> = OnceLock::new();
        Sha256::new(fresh(&TEMPLATE, MessageDigest::sha1))
    }

    #[cfg(feature = "checksums")]
    pub(crate) fn sha1_finish(hash: Sha256) -> Result<[u8; 20], CryptoError> {
        hash.finish_len("SHA-1")
    }

    /// SHA-1 of `data` (a file name, not a security use).
    pub(crate) fn sha1(data: &[u8]) -> Result<[u8; 20], CryptoError> {
        static TEMPLATE: OnceLock<Hasher> = OnceLock::new();
        let fail = |e: ErrorStack| error("SHA-1", &e);
        let mut hasher = fresh(&TEMPLATE, MessageDigest::sha1).map_err(fail)?;
        hasher.update(data).map_err(fail)?;
        let digest = hasher.finish().map_err(fail)?;
        <[u8; 20]>::try_from(&*digest).map_err(|_| CryptoError {
            algorithm: "SHA-1",
            detail: format!("a digest of {} bytes instead of 20", digest.len()),
        })
    }

    #[cfg(test)]
    #[test]
    fn error_names_the_algorithm_and_the_library_not_the_data() {
        let e = CryptoError {
            algorithm: "SHA-256",
            detail: "error:0308010C:digital envelope routines::unsupported".into(),
        };
        assert_eq!(
            e.to_string(),
            "the system's OpenSSL failed to compute SHA-256: \
             error:0308010C:digital envelope routines::unsupported"
        );
    }
}

#[cfg(test)]
mod tests {
    //! Known answers (FIPS 180 examples, RFC 4231), run against whichever backend is built.

    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn hmac(key: &[u8], data: &[u8]) -> String {
        hex(&hmac_sha256(&hmac_key(key).unwrap(), data).unwrap())
    }

    #[test]
    fn sha256_known_answers() {
        assert_eq!(
            hex(&sha256(b"").unwrap()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc").unwrap()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // Incremental, across the 64-byte block boundary.
        let mut hash = sha256_start();
        hash.update(b"abcdbcdecdefdefgefghfghighijhijk");
        hash.update(b"");
        hash.update(b"ijkljklmklmnlmnomnopnopq");
        assert_eq!(
            hex(&sha256_finish(hash).unwrap()),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }

    #[test]
    fn pieces_of_every_size_hash_like_the_whole() {
        // 1,000 bytes fed in pieces small and large (around any internal buffering, and
        // empty), against Python's hashlib and hmac.
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let key = hmac_key(b"key").unwrap();
        let mut hash = sha256_start();
        let mut mac = hmac_start(&key);
        let mut rest = &data[..];
        for size in [1, 127, 2, 128, 129, 0, 63, 200, 64, 5, 250]
            .into_iter()
            .cycle()
        {
            if rest.is_empty() {
                break;
            }
            let (piece, tail) = rest.split_at(size.min(rest.len()));
            hash.update(piece);
            mac.update(piece);
            rest = tail;
        }
        let expected = "59425e4412e296fc74736673ce067027f384203f59c0d2c3e6be7b13347b3ffc";
        assert_eq!(hex(&sha256_finish(hash).unwrap()), expected);
        assert_eq!(hex(&sha256(&data).unwrap()), expected);
        let expected = "6902d055d77b5e1438c87331e6948a4867691936cb16840c4713f12d1a2c0ce2";
        assert_eq!(hex(&hmac_finish(mac).unwrap()), expected);
        assert_eq!(hex(&hmac_sha256(&key, &data).unwrap()), expected);
    }

    #[test]
    fn sha1_known_answer() {
        assert_eq!(
            hex(&sha1(b"abc").unwrap()),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
    }

    #[test]
    fn hmac_sha256_rfc4231() {
        // Test case 2: a short key.
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assert_eq!(hmac(b"Jefe", b"what do ya want for nothing?"), expected);
        assert_eq!(
            hex(&hmac_once(b"Jefe", b"what do ya want for nothing?").unwrap()),
            expected
        );
        // The same, incrementally, twice from one key (the key's states are not consumed).
        let key = hmac_key(b"Jefe").unwrap();
        for _ in 0..2 {
            let mut mac = hmac_start(&key);
            mac.update(b"what do ya want ");
            mac.update(b"for nothing?");
            assert_eq!(hex(&hmac_finish(mac).unwrap()), expected);
        }
        // Test case 6: a 131-byte key, longer than the block, is hashed first.
        assert_eq!(
            hmac(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            ),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        // Test case 1, and a key of exactly one block, used as it is (checked with Python's hmac).
        assert_eq!(
            hmac(&[0x0b; 20], b"Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hmac(&[0x0b; 64], b"Hi There"),
            "21cd586aeca0579d99a1c938127c92525a371f807bc5ba6eb78bc825bd4f2be3"
        );
    }
}
