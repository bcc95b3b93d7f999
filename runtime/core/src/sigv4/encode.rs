//! The byte-level encodings SigV4 needs: lowercase hex, RFC 3986 percent-encoding and the
//! `application/x-www-form-urlencoded` decoding that `aws-sigv4` applies to query strings.
//! Written by hand because each is a few lines and a crate for them would cost build time.

/// Where canonical text goes: a buffer (to show it) or a hash/HMAC context (to sign it without
/// building the text first).
pub(crate) trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for crate::crypto::Sha256 {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
}

impl Sink for crate::crypto::HmacSha256 {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
}

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Lowercase hex of a SHA-256 digest or HMAC-SHA256 tag, on the stack.
pub(super) fn hex32(bytes: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (pair, byte) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = HEX_LOWER[usize::from(byte >> 4)];
        pair[1] = HEX_LOWER[usize::from(byte & 0x0f)];
    }
    out
}

/// RFC 3986 unreserved characters: the only bytes `aws-sigv4` leaves unescaped.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodes every byte outside the unreserved set (and outside `/` when `keep_slash`),
/// with uppercase hex, writing runs of unescaped bytes in one call.
pub(crate) fn put_encoded(sink: &mut impl Sink, bytes: &[u8], keep_slash: bool) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unreserved(b) || (keep_slash && b == b'/') {
            continue;
        }
        sink.put(&bytes[start..i]);
        sink.put(&[
            b'%',
            HEX_UPPER[usize::from(b >> 4)],
            HEX_UPPER[usize::from(b & 0x0f)],
        ]);
        start = i + 1;
    }
    sink.put(&bytes[start..]);
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes one form component the way `form_urlencoded::parse` does: `+` is a space, `%XX` is a
/// byte, and a `%` not followed by two hex digits stays literal.
pub(super) fn form_decode(input: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = input.get(i + 1).copied().and_then(hex_value);
                let lo = input.get(i + 2).copied().and_then(hex_value);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(s: &str, keep_slash: bool) -> String {
        let mut out = Vec::new();
        put_encoded(&mut out, s.as_bytes(), keep_slash);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn encodes_like_aws_smithy_http() {
        assert_eq!(encoded("y̆", false), "y%CC%86");
        assert_eq!(encoded("foo/baz%20", false), "foo%2Fbaz%2520");
        assert_eq!(encoded("foo/baz%20", true), "foo/baz%2520");
        assert_eq!(encoded("&=", false), "%26%3D");
        assert_eq!(encoded("-_.~aZ09", false), "-_.~aZ09");
        assert_eq!(
            encoded(":/?#[]@!$&'()*+,;=%", false),
            "%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%25"
        );
    }

    #[test]
    fn decodes_like_form_urlencoded() {
        let mut out = Vec::new();
        form_decode(b"a+b%20c%2B%zz%4", &mut out);
        assert_eq!(out, b"a b c+%zz%4");
    }

    #[test]
    fn hex_is_lowercase() {
        let mut bytes = [0u8; 32];
        bytes[0] = 0xab;
        bytes[31] = 0x0f;
        let hex = hex32(&bytes);
        assert!(hex.starts_with(b"ab00"));
        assert!(hex.ends_with(b"000f"));
    }
}
