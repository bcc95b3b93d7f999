//! The canonical request, built the way `aws-sigv4` 1.x builds it with its default settings, so
//! that both produce the same signature for the same request.

use super::encode::{Sink, form_decode, put_encoded};
use super::{ErrorKind, SigningError, SigningSettings};
use http::header::{HOST, HeaderMap, HeaderName};
use http::uri::Uri;
use std::borrow::Cow;

/// Headers `aws-sigv4` leaves unsigned by default: computed by signing itself, or changed by
/// proxies and hop-by-hop handling on the way.
const EXCLUDED: [&str; 4] = [
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
];

/// Headers aws-sigv4 also leaves unsigned in a presigned request: whoever uses the URL sends
/// their own user agent, and may or may not ask for checksum validation.
const EXCLUDED_WHEN_PRESIGNED: [&str; 2] = ["x-amz-user-agent", "x-amz-checksum-mode"];

pub(super) const X_AMZ_DATE: &str = "x-amz-date";
pub(super) const X_AMZ_SECURITY_TOKEN: &str = "x-amz-security-token";
pub(super) const X_AMZ_CONTENT_SHA256: &str = "x-amz-content-sha256";

/// Where a signed header's value comes from.
enum Value<'r> {
    /// Every value the request has under this name, trimmed and joined with `,`.
    Request(&'r HeaderName),
    /// A value the signer supplies (date, token, payload hash, host from the URI), used as is.
    Literal(&'r str),
}

/// Everything the canonical request needs, borrowed from the request and the signer, so that it
/// can be streamed into a hash without building the text.
pub(super) struct CanonicalRequest<'r> {
    method: &'r str,
    path: Cow<'r, str>,
    double_encode_path: bool,
    query: String,
    headers: &'r HeaderMap,
    /// Sorted by name; names are unique.
    signed: Vec<(&'r str, Value<'r>)>,
    payload_hash: &'r str,
}

/// The values the signer adds to the canonical request.
pub(super) struct Added<'r> {
    /// Signed as the `x-amz-date` header; `None` when it travels in the query (presigning,
    /// which also leaves [`EXCLUDED_WHEN_PRESIGNED`] unsigned).
    pub(super) amz_date: Option<&'r str>,
    pub(super) session_token: Option<&'r str>,
    pub(super) payload_hash: &'r str,
}

impl<'r> CanonicalRequest<'r> {
    pub(super) fn new(
        method: &'r str,
        uri: &'r Uri,
        headers: &'r HeaderMap,
        added: Added<'r>,
        settings: &SigningSettings,
    ) -> Result<Self, SigningError> {
        let path = uri.path();
        let path = if settings.normalize_path {
            normalize_path(path)
        } else {
            Cow::Borrowed(path)
        };

        let mut signed = Vec::with_capacity(headers.keys_len() + 4);
        let mut has_host = false;
        for name in headers.keys() {
            let n = name.as_str();
            if EXCLUDED.contains(&n)
                || (!settings.sign_session_token && n == X_AMZ_SECURITY_TOKEN)
                || (added.amz_date.is_none() && EXCLUDED_WHEN_PRESIGNED.contains(&n))
            {
                continue;
            }
            // Values the signer supplies replace the request's own, as aws-sigv4's `insert` does.
            let replaced = (n == X_AMZ_DATE && added.amz_date.is_some())
                || (n == X_AMZ_SECURITY_TOKEN && added.session_token.is_some())
                || (n == X_AMZ_CONTENT_SHA256 && settings.payload_checksum_header);
            if replaced {
                continue;
            }
            has_host |= name == HOST;
            signed.push((n, Value::Request(name)));
        }
        if !has_host {
            signed.push(("host", Value::Literal(host_from_uri(uri)?)));
        }
        if let Some(amz_date) = added.amz_date {
            signed.push((X_AMZ_DATE, Value::Literal(amz_date)));
        }
        if let Some(token) = added.session_token.filter(|_| settings.sign_session_token) {
            signed.push((X_AMZ_SECURITY_TOKEN, Value::Literal(token)));
        }
        if settings.payload_checksum_header {
            signed.push((X_AMZ_CONTENT_SHA256, Value::Literal(added.payload_hash)));
        }
        // Names are unique, so an unstable sort gives the same order as a stable one.
        signed.sort_unstable_by(|a, b| a.0.cmp(b.0));

        Ok(Self {
            method,
            path,
            double_encode_path: settings.double_encode_path,
            query: canonical_query(uri.query().unwrap_or_default()),
            headers,
            signed,
            payload_hash: added.payload_hash,
        })
    }

    /// Signs `query` (as sent, not yet canonical) instead of the URI's: a presigned request's
    /// query holds the signing parameters, which name the signed headers computed here.
    pub(super) fn replace_query(&mut self, query: &str) {
        self.query = canonical_query(query);
    }

    /// Writes the canonical request text.
    pub(super) fn write(&self, sink: &mut impl Sink) {
        sink.put(self.method.as_bytes());
        sink.put(b"\n");
        if self.double_encode_path {
            // The path is already percent-encoded once; encoding it again (`%` becomes `%25`) is
            // what non-S3 services check against.
            put_encoded(sink, self.path.as_bytes(), true);
        } else {
            sink.put(self.path.as_bytes());
        }
        sink.put(b"\n");
        sink.put(self.query.as_bytes());
        sink.put(b"\n");
        for (name, value) in &self.signed {
            sink.put(name.as_bytes());
            sink.put(b":");
            match value {
                Value::Request(name) => {
                    for (i, v) in self.headers.get_all(*name).iter().enumerate() {
                        if i > 0 {
                            sink.put(b",");
                        }
                        put_trimmed(sink, v.as_bytes());
                    }
                }
                Value::Literal(v) => sink.put(v.as_bytes()),
            }
            sink.put(b"\n");
        }
        sink.put(b"\n");
        self.write_signed_headers(sink);
        sink.put(b"\n");
        sink.put(self.payload_hash.as_bytes());
    }

    /// Writes the `;`-separated signed header names (also part of `Authorization`).
    pub(super) fn write_signed_headers(&self, sink: &mut impl Sink) {
        for (i, (name, _)) in self.signed.iter().enumerate() {
            if i > 0 {
                sink.put(b";");
            }
            sink.put(name.as_bytes());
        }
    }

    /// Length of the signed header list, to size the `Authorization` buffer.
    pub(super) fn signed_headers_len(&self) -> usize {
        self.signed.iter().map(|(n, _)| n.len() + 1).sum()
    }
}

/// The host to sign when the request has no `Host` header: the URI authority, without the port
/// when it is the scheme's default (hyper leaves it out of the `Host` it sends).
fn host_from_uri(uri: &Uri) -> Result<&str, SigningError> {
    let authority = uri
        .authority()
        .ok_or(SigningError::new(ErrorKind::MissingHost))?;
    // Compare the port as written, as aws-sigv4 does (`:0443` is kept).
    let port = authority.port();
    let default_port = matches!(
        (uri.scheme_str(), port.as_ref().map(|p| p.as_str())),
        (Some("http"), Some("80")) | (Some("https"), Some("443"))
    );
    Ok(if default_port {
        authority.host()
    } else {
        authority.as_str()
    })
}

/// Writes a header value with leading and trailing spaces removed and inner runs of spaces
/// collapsed to one. Only the space character counts, as in aws-sigv4 (and S3).
fn put_trimmed(sink: &mut impl Sink, value: &[u8]) {
    let start = value.iter().position(|&b| b != b' ').unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|&b| b != b' ')
        .map_or(start, |i| i + 1);
    let value = &value[start..end];
    let mut run_start = 0;
    let mut i = 0;
    while i < value.len() {
        if value[i] == b' ' && value.get(i + 1) == Some(&b' ') {
            sink.put(&value[run_start..=i]);
            // The value was trimmed, so a non-space follows every run.
            while value[i] == b' ' {
                i += 1;
            }
            run_start = i;
        } else {
            i += 1;
        }
    }
    sink.put(&value[run_start..]);
}

/// RFC 3986 dot-segment removal and `//` collapsing, exactly as aws-sigv4's
/// `normalize_uri_path` (including its trailing-slash rule).
fn normalize_path(path: &str) -> Cow<'_, str> {
    if path.is_empty() {
        return Cow::Borrowed("/");
    }
    let path: Cow<'_, str> = if path.starts_with('/') {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(format!("/{path}"))
    };
    // aws-sigv4 rebuilds any path holding a `.`; rebuilding gives the same text back unless a
    // segment is empty (`//`), `.` or `..`, so only those paths are copied.
    let mut segments_after_root = path.split('/').skip(1).peekable();
    let mut unchanged = true;
    while let Some(segment) = segments_after_root.next() {
        let last = segments_after_root.peek().is_none();
        if segment == "." || segment == ".." || (segment.is_empty() && !last) {
            unchanged = false;
            break;
        }
    }
    if unchanged {
        return path;
    }
    let mut segments: Vec<&str> = Vec::with_capacity(path.len() / 2);
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    let ends_with_slash = ["/", "/.", "/./", "/..", "/../"]
        .iter()
        .any(|s| path.ends_with(s));
    if out.is_empty() || (ends_with_slash && !out.ends_with('/')) {
        out.push('/');
    }
    Cow::Owned(out)
}

/// The canonical query string: each `key=value` pair form-decoded (as aws-sigv4 does with
/// `form_urlencoded::parse`, so `+` is a space), re-encoded with RFC 3986 unreserved characters
/// only, and sorted by encoded key, then encoded value.
fn canonical_query(query: &str) -> String {
    if query.is_empty() {
        return String::new();
    }
    // One buffer per pair holding `key` then `value`, with the split point.
    let mut pairs: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut scratch = Vec::new();
    for sequence in query.split('&').filter(|s| !s.is_empty()) {
        let (key, value) = sequence.split_once('=').unwrap_or((sequence, ""));
        let mut encoded = Vec::with_capacity(sequence.len() + 8);
        put_form_component(&mut encoded, key, &mut scratch);
        let split = encoded.len();
        put_form_component(&mut encoded, value, &mut scratch);
        pairs.push((encoded, split));
    }
    pairs.sort_unstable_by(|(a, i), (b, j)| (&a[..*i], &a[*i..]).cmp(&(&b[..*j], &b[*j..])));

    let mut out = Vec::with_capacity(pairs.iter().map(|(p, _)| p.len() + 2).sum());
    for (n, (pair, split)) in pairs.iter().enumerate() {
        if n > 0 {
            out.push(b'&');
        }
        out.extend_from_slice(&pair[..*split]);
        out.push(b'=');
        out.extend_from_slice(&pair[*split..]);
    }
    // Only unreserved ASCII and `%XX` escapes were written.
    String::from_utf8(out).unwrap_or_default()
}

fn put_form_component(out: &mut Vec<u8>, component: &str, scratch: &mut Vec<u8>) {
    if !component.contains(['+', '%']) {
        // Nothing to decode: the URI already holds valid UTF-8.
        put_encoded(out, component.as_bytes(), false);
        return;
    }
    form_decode(component.as_bytes(), scratch);
    match std::str::from_utf8(scratch) {
        Ok(_) => put_encoded(out, scratch, false),
        // Invalid UTF-8 after decoding becomes U+FFFD, as in form_urlencoded.
        Err(_) => put_encoded(out, String::from_utf8_lossy(scratch).as_bytes(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trimmed(v: &str) -> String {
        let mut out = Vec::new();
        put_trimmed(&mut out, v.as_bytes());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn trims_spaces_only() {
        assert_eq!(trimmed("  Some  example   text  "), "Some example text");
        assert_eq!(trimmed("a \t b"), "a \t b");
        assert_eq!(trimmed("\ta  b\t"), "\ta b\t");
        assert_eq!(trimmed("    "), "");
        assert_eq!(trimmed(""), "");
        assert_eq!(trimmed("x"), "x");
    }

    #[test]
    fn normalizes_like_aws_sigv4() {
        for (input, expected) in [
            ("", "/"),
            ("/", "/"),
            ("foo", "/foo"),
            ("./foo", "/foo"),
            ("../", "/"),
            ("/foo/bar/.", "/foo/bar/"),
            ("/foo/bar/..", "/foo/"),
            ("/foo/../bar/../", "/"),
            ("//example//", "/example/"),
            ("/a.b/c", "/a.b/c"),
            ("/..", "/"),
            (".", "/"),
            ("/a/b/", "/a/b/"),
            ("/a/.b./c.", "/a/.b./c."),
            ("/a/...", "/a/..."),
            ("/a/./", "/a/"),
            ("/a//", "/a/"),
            ("//", "/"),
        ] {
            assert_eq!(normalize_path(input), expected, "{input:?}");
        }
    }

    #[test]
    fn canonicalizes_queries() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(
            canonical_query("list-type=2&prefix=~objprefix&single&k=&unreserved=-_.~"),
            "k=&list-type=2&prefix=~objprefix&single=&unreserved=-_.~"
        );
        assert_eq!(canonical_query("a=b+c&a=%2B&&=x"), "=x&a=%2B&a=b%20c");
        // Sorting is by key first: `a` before `a-b`, although `=` sorts after `-`.
        assert_eq!(canonical_query("a-b=1&a=2"), "a=2&a-b=1");
        assert_eq!(canonical_query("k=%FF"), "k=%EF%BF%BD");
    }
}
