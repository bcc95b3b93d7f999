//! Differential test: random requests signed by our signer and by `aws-sigv4` at the same time
//! must carry identical headers afterwards (`Authorization`, `x-amz-date`,
//! `x-amz-security-token`, `x-amz-content-sha256`, and everything else, in order).
//!
//! Inputs aws-sigv4 refuses (header values that are not UTF-8) are checked too, against an
//! oracle built from aws-sigv4's output on the same request (see `check_refused`).
//!
//! Requests come from fixed `fastrand` seeds, so a failure reproduces. On a mismatch the request
//! and both canonical requests are printed (aws-sigv4's is captured from its `trace!` event, in
//! which it redacts the session token).

use aws_client_core::sigv4::{
    self, Payload, SigningKeyCache, SigningParams, SigningSettings, sign_request,
};
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SessionTokenMode, SignableBody, SignableRequest,
    SignatureLocation, UriPathNormalizationMode,
};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const SEEDS: &[u64] = &[1, 2, 3, 0x5167_0004, 0xC0FF_EE00_D15E_A5E5];
const CASES_PER_SEED: usize = 800;

const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// Fixed signing times: the suite's, a leap day's last second, 2038's rollover, and a
/// century's last second.
const TIMES: &[u64] = &[1_440_938_160, 1_709_251_199, 2_147_483_648, 946_684_799];
const REGIONS: &[&str] = &["us-east-1", "eu-west-3", "cn-north-1", "us-gov-west-1"];
const SERVICES: &[&str] = &["mgn", "service", "s3", "execute-api", "sts"];
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
const AUTHORITIES: &[&str] = &[
    "https://example.amazonaws.com",
    "https://mgn.us-east-1.amazonaws.com:443",
    "http://127.0.0.1:8080",
    "http://localhost:80",
    "https://[::1]:8443",
];

/// Characters of a raw path segment or query component, before the client encodes them.
const TEXT: &[&str] = &[
    "a", "Z", "0", "9", "-", "_", ".", "~", " ", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";",
    "=", ":", "@", "%", "/", "?", "#", "[", "]", "\"", "{", "}", "|", "^", "`", "<", ">", "\\",
    "é", "ሴ", "🐱", "\u{7f}", "\t",
];
/// Already-encoded fragments a client may put in a query verbatim, some of them malformed.
const QUERY_FRAGMENTS: &[&str] = &[
    "%20",
    "+",
    "%2B",
    "%zz",
    "%",
    "%F",
    "%FF",
    "%E1%88%B4",
    "=",
    "%3D",
    "a%2Fb",
    "~",
    "?",
    "/",
    "%41",
    "+%2B+",
    ":",
    "@",
    "!",
    "*",
    "'",
    "(",
    ")",
    ",",
    ";",
    "$",
];
const QUERY_KEYS: &[&str] = &[
    "a", "A", "b", "a-b", "", "x y", "ሴ", "Action", "k+", "prefix",
];
const HEADER_NAMES: &[&str] = &[
    "X-Custom",
    "x-custom",
    "X-CUSTOM",
    "x-amz-meta-a",
    "x-a",
    "x-z",
    "Content-Type",
    "content-length",
    "User-Agent",
    "x-amzn-trace-id",
    "transfer-encoding",
    "expect",
    "Authorization",
    "X-Amz-Date",
    "x-amz-security-token",
    "x-amz-content-sha256",
    "x-amz-user-agent",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "Host",
    "cookie",
];
const HEADER_PIECES: &[&str] = &[
    "",
    " ",
    "  ",
    "   ",
    "\t",
    "a",
    "B",
    "value",
    "a  b",
    "\"q\"",
    ",",
    ";",
    "é",
    "ሴ",
    "=",
    "x-y",
    "1",
    "attempt=1; max=3",
];

/// How a client percent-encodes text into a URI.
#[derive(Clone, Copy, Debug)]
enum Style {
    /// Everything but RFC 3986 unreserved characters (smithy labels and query values).
    Strict,
    /// RFC 3986 `pchar`s left as they are (sub-delims, `:` and `@`).
    Lenient,
    /// `application/x-www-form-urlencoded`: space as `+`.
    Form,
}

fn encode(text: &str, style: Style, in_query: bool) -> String {
    let mut out = String::new();
    for &b in text.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || match style {
                Style::Strict => false,
                // `&`, `=` and `+` would change a query's meaning; `/` a path's segments.
                Style::Lenient => {
                    matches!(
                        b,
                        b'!' | b'$' | b'\'' | b'(' | b')' | b'*' | b',' | b';' | b':' | b'@'
                    ) || (!in_query && matches!(b, b'&' | b'=' | b'+'))
                }
                Style::Form => b == b'*',
            };
        if keep {
            out.push(b as char);
        } else if b == b' ' && matches!(style, Style::Form) && in_query {
            out.push('+');
        } else {
            write!(out, "%{b:02X}").unwrap();
        }
    }
    out
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

fn random_text(rng: &mut fastrand::Rng, max: usize) -> String {
    (0..rng.usize(0..=max)).map(|_| pick(rng, TEXT)).collect()
}

fn random_path(rng: &mut fastrand::Rng, style: Style) -> String {
    let mut path = String::new();
    for _ in 0..rng.usize(0..6) {
        path.push('/');
        match rng.u8(0..10) {
            0 | 1 => path.push('.'),
            2 => path.push_str(".."),
            3 => {} // an empty segment: `//`
            4 => path.push_str(pick(rng, &["%2F", "%20", "%25", "a%2Fb.json"])),
            _ => path.push_str(&encode(&random_text(rng, 6), style, false)),
        }
    }
    if path.is_empty() || rng.u8(0..4) == 0 {
        path.push('/');
    }
    path
}

fn random_query_component(rng: &mut fastrand::Rng, style: Style, pool: &[&str]) -> String {
    let mut out = String::new();
    for _ in 0..rng.usize(0..4) {
        match rng.u8(0..3) {
            0 => out.push_str(&encode(pick(rng, pool), style, true)),
            1 => out.push_str(pick(rng, QUERY_FRAGMENTS)),
            _ => out.push_str(&encode(&random_text(rng, 4), style, true)),
        }
    }
    out
}

fn random_query(rng: &mut fastrand::Rng, style: Style) -> Option<String> {
    if rng.u8(0..4) == 0 {
        return None;
    }
    let mut parts = Vec::new();
    for _ in 0..rng.usize(0..7) {
        let key = if rng.bool() {
            encode(pick(rng, QUERY_KEYS), style, true)
        } else {
            random_query_component(rng, style, QUERY_KEYS)
        };
        let value = random_query_component(rng, style, &["", "+", "=", "%20", "a+b", "ü", "1"]);
        parts.push(match rng.u8(0..6) {
            0 => String::new(),
            1 => key,
            2 => format!("{key}="),
            _ => format!("{key}={value}"),
        });
    }
    Some(parts.join("&"))
}

fn random_header_value(rng: &mut fastrand::Rng) -> String {
    (0..rng.usize(0..6))
        .map(|_| pick(rng, HEADER_PIECES))
        .collect()
}

const TOKEN_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

struct Case {
    request: http::Request<Vec<u8>>,
    payload: PayloadKind,
    token: Option<String>,
    region: &'static str,
    service: &'static str,
    time: SystemTime,
    settings: SigningSettings,
}

#[derive(Clone, Debug)]
enum PayloadKind {
    Bytes,
    Unsigned,
    Precomputed(String),
}

fn random_case(rng: &mut fastrand::Rng) -> Case {
    let path_style = [Style::Strict, Style::Lenient][rng.usize(0..2)];
    let query_style = [Style::Strict, Style::Lenient, Style::Form][rng.usize(0..3)];
    let mut uri = format!("{}{}", pick(rng, AUTHORITIES), random_path(rng, path_style));
    if let Some(query) = random_query(rng, query_style) {
        uri.push('?');
        uri.push_str(&query);
    }
    let mut builder = http::Request::builder()
        .method(pick(rng, METHODS))
        .uri(&uri);
    for _ in 0..rng.usize(0..7) {
        builder = builder.header(pick(rng, HEADER_NAMES), random_header_value(rng));
    }
    if rng.u8(0..50) == 0 {
        // obs-text: valid in HTTP, not UTF-8; aws-sigv4 takes only `&str` values.
        builder = builder.header(
            "x-obs-text",
            http::HeaderValue::from_bytes(b"a\xffb").expect("obs-text is a valid value"),
        );
    }
    let body_len = [0, rng.usize(1..64), 1000][rng.usize(0..3)];
    let body: Vec<u8> = (0..body_len).map(|_| rng.u8(..)).collect();
    let request = builder
        .body(body)
        .unwrap_or_else(|e| panic!("generated an invalid request ({uri}): {e}"));

    let payload = match rng.u8(0..7) {
        0 => PayloadKind::Unsigned,
        1 => PayloadKind::Precomputed(
            (0..64)
                .map(|_| char::from(b"0123456789abcdef"[rng.usize(0..16)]))
                .collect(),
        ),
        _ => PayloadKind::Bytes,
    };
    let token = rng.bool().then(|| {
        (0..rng.usize(16..200))
            .map(|_| char::from(TOKEN_CHARS[rng.usize(..TOKEN_CHARS.len())]))
            .collect()
    });
    let settings = match rng.u8(0..10) {
        0..=4 => SigningSettings::default(),
        // S3's settings, as aws-sdk-s3 configures aws-sigv4.
        5..=7 => SigningSettings::S3,
        _ => SigningSettings {
            payload_checksum_header: rng.bool(),
            normalize_path: rng.bool(),
            double_encode_path: rng.bool(),
            sign_session_token: rng.bool(),
        },
    };
    Case {
        request,
        payload,
        token,
        region: pick(rng, REGIONS),
        service: pick(rng, SERVICES),
        time: UNIX_EPOCH + Duration::from_secs(TIMES[rng.usize(..TIMES.len())]),
        settings,
    }
}

impl Case {
    fn params(&self) -> SigningParams<'_> {
        SigningParams {
            access_key_id: ACCESS_KEY_ID,
            secret_access_key: SECRET,
            session_token: self.token.as_deref(),
            region: self.region,
            service: self.service,
            time: self.time,
            settings: self.settings,
        }
    }

    fn payload(&self) -> Payload<'_> {
        match &self.payload {
            PayloadKind::Bytes => Payload::Bytes(self.request.body()),
            PayloadKind::Unsigned => Payload::Unsigned,
            PayloadKind::Precomputed(hash) => Payload::Precomputed(hash),
        }
    }

    /// Signs with aws-sigv4; `Err` when it refuses the input.
    fn sign_with_aws_sigv4(&self) -> Result<http::Request<Vec<u8>>, String> {
        self.sign_with_aws_sigv4_at(None)
    }

    /// Signs with aws-sigv4 in the headers, or with `presigned_for` in the query string.
    fn sign_with_aws_sigv4_at(
        &self,
        presigned_for: Option<Duration>,
    ) -> Result<http::Request<Vec<u8>>, String> {
        let identity = Credentials::new(ACCESS_KEY_ID, SECRET, self.token.clone(), None, "test");
        let identity = identity.into();
        let mut settings = aws_sigv4::http_request::SigningSettings::default();
        settings.payload_checksum_kind = if self.settings.payload_checksum_header {
            PayloadChecksumKind::XAmzSha256
        } else {
            PayloadChecksumKind::NoHeader
        };
        settings.uri_path_normalization_mode = if self.settings.normalize_path {
            UriPathNormalizationMode::Enabled
        } else {
            UriPathNormalizationMode::Disabled
        };
        settings.percent_encoding_mode = if self.settings.double_encode_path {
            PercentEncodingMode::Double
        } else {
            PercentEncodingMode::Single
        };
        settings.session_token_mode = if self.settings.sign_session_token {
            SessionTokenMode::Include
        } else {
            SessionTokenMode::Exclude
        };
        if let Some(expires_in) = presigned_for {
            settings.signature_location = SignatureLocation::QueryParams;
            settings.expires_in = Some(expires_in);
        }
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region(self.region)
            .name(self.service)
            .time(self.time)
            .settings(settings)
            .build()
            .map_err(|e| e.to_string())?
            .into();
        let mut headers = Vec::new();
        for (name, value) in self.request.headers() {
            let value = std::str::from_utf8(value.as_bytes()).map_err(|e| e.to_string())?;
            headers.push((name.as_str(), value));
        }
        let body = match &self.payload {
            PayloadKind::Bytes => SignableBody::Bytes(self.request.body()),
            PayloadKind::Unsigned => SignableBody::UnsignedPayload,
            PayloadKind::Precomputed(hash) => SignableBody::Precomputed(hash.clone()),
        };
        let signable = SignableRequest::new(
            self.request.method().as_str(),
            self.request.uri().to_string(),
            headers.into_iter(),
            body,
        )
        .map_err(|e| e.to_string())?;
        let (instructions, _signature) = aws_sigv4::http_request::sign(signable, &params)
            .map_err(|e| e.to_string())?
            .into_parts();
        let mut signed = self.request.clone();
        instructions.apply_to_request_http1x(&mut signed);
        Ok(signed)
    }

    fn describe(&self) -> String {
        let mut out = format!("{} {}\n", self.request.method(), self.request.uri());
        for (name, value) in self.request.headers() {
            writeln!(
                out,
                "  {name}: {:?}",
                String::from_utf8_lossy(value.as_bytes())
            )
            .unwrap();
        }
        writeln!(
            out,
            "  body: {} bytes, payload {:?}, token: {}, scope {}/{}, time {:?}\n  {:?}",
            self.request.body().len(),
            self.payload,
            self.token.is_some(),
            self.region,
            self.service,
            self.time,
            self.settings
        )
        .unwrap();
        out
    }
}

fn header_list<B>(request: &http::Request<B>) -> Vec<(String, Vec<u8>)> {
    request
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
        .collect()
}

fn show(headers: &[(String, Vec<u8>)]) -> String {
    headers
        .iter()
        .map(|(n, v)| format!("  {n}: {:?}\n", String::from_utf8_lossy(v)))
        .collect()
}

/// Captures aws-sigv4's `trace!(canonical_request = ...)`.
struct CaptureCanonicalRequest(Arc<Mutex<Option<String>>>);

impl tracing::Subscriber for CaptureCanonicalRequest {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Visitor<'a>(&'a Mutex<Option<String>>);
        impl tracing::field::Visit for Visitor<'_> {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                if field.name() == "canonical_request" {
                    *self.0.lock().unwrap() = Some(format!("{value:?}"));
                }
            }
        }
        event.record(&mut Visitor(&self.0));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

fn aws_sigv4_canonical_request(case: &Case) -> String {
    let slot = Arc::new(Mutex::new(None));
    let subscriber = CaptureCanonicalRequest(slot.clone());
    let _ = tracing::subscriber::with_default(subscriber, || case.sign_with_aws_sigv4());
    let captured = slot.lock().unwrap().take();
    captured.unwrap_or_else(|| "(not captured)".into())
}

/// Checks our signature of a request aws-sigv4 refuses. The only refusal the generator
/// provokes is obs-text: a header value that is not UTF-8 (valid HTTP; aws-sigv4 takes `&str`
/// values), which we sign as its bytes. The oracle: the same request with such values replaced by
/// their lossy UTF-8 form, which aws-sigv4 signs and ours must sign identically; then our
/// canonical request of that one with the original bytes put back, hashed and signed with
/// aws-sigv4's key derivation and HMAC, gives the signature the raw request must carry, and every
/// other header must be as in the placeholder request.
fn check_refused(case: &Case, refusal: &str, cache: &SigningKeyCache) -> Result<(), String> {
    let mut placeholder_headers = http::HeaderMap::new();
    let mut replacements: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for (name, value) in case.request.headers() {
        let value = match std::str::from_utf8(value.as_bytes()) {
            Ok(_) => value.clone(),
            Err(_) => {
                let lossy = String::from_utf8_lossy(value.as_bytes()).into_owned();
                replacements.push((lossy.clone().into_bytes(), value.as_bytes().to_vec()));
                http::HeaderValue::from_str(&lossy)
                    .or_else(|_| http::HeaderValue::from_bytes(lossy.as_bytes()))
                    .map_err(|e| format!("placeholder for {name}: {e}"))?
            }
        };
        placeholder_headers.append(name.clone(), value);
    }
    if replacements.is_empty() {
        return Err(format!(
            "aws-sigv4 refused an input with no obs-text header, which this test has no oracle \
             for: {refusal}"
        ));
    }
    let mut request = case.request.clone();
    *request.headers_mut() = placeholder_headers;
    let placeholder = Case {
        request,
        payload: case.payload.clone(),
        token: case.token.clone(),
        region: case.region,
        service: case.service,
        time: case.time,
        settings: case.settings,
    };
    let expected = placeholder
        .sign_with_aws_sigv4()
        .map_err(|e| format!("aws-sigv4 refuses the placeholder request too: {e}"))?;
    let mut ours = placeholder.request.clone();
    sign_request(
        &mut ours,
        placeholder.payload(),
        &placeholder.params(),
        cache,
    )
    .map_err(|e| format!("our signer refuses the placeholder request: {e}"))?;
    if header_list(&ours) != header_list(&expected) {
        return Err(format!(
            "placeholder request:\n--- aws-sigv4\n{}--- ours\n{}",
            show(&header_list(&expected)),
            show(&header_list(&ours))
        ));
    }

    let creq = sigv4::canonical_request(
        &placeholder.request,
        placeholder.payload(),
        &placeholder.params(),
    )
    .map_err(|e| format!("canonical request: {e}"))?;
    let mut creq = creq.into_bytes();
    for (lossy, raw) in &replacements {
        creq = replace_bytes(&creq, lossy, raw);
    }
    let amz_date = expected.headers()["x-amz-date"]
        .to_str()
        .expect("ASCII date");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{}/{}/{}/aws4_request\n{}",
        &amz_date[..8],
        case.region,
        case.service,
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&creq))
    );
    let key =
        aws_sigv4::sign::v4::generate_signing_key(SECRET, case.time, case.region, case.service);
    let signature = aws_sigv4::sign::v4::calculate_signature(key, string_to_sign.as_bytes());

    let mut wanted = header_list(&expected);
    for (name, value) in &mut wanted {
        if name == "authorization" {
            let text = String::from_utf8(value.clone()).expect("ASCII authorization");
            let (head, _) = text.split_once("Signature=").expect("a signature");
            *value = format!("{head}Signature={signature}").into_bytes();
        } else if let Some((_, raw)) = replacements.iter().find(|(lossy, _)| lossy == value) {
            *value = raw.clone();
        }
    }
    let mut actual = case.request.clone();
    sign_request(&mut actual, case.payload(), &case.params(), cache)
        .map_err(|e| format!("our signer refuses the request: {e}"))?;
    if header_list(&actual) != wanted {
        return Err(format!(
            "--- expected (oracle)\n{}--- ours\n{}",
            show(&wanted),
            show(&header_list(&actual))
        ));
    }
    Ok(())
}

/// `haystack` with every occurrence of `from` replaced by `to`.
fn replace_bytes(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if !from.is_empty() && haystack[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

#[derive(Default, Debug)]
struct Counts {
    compared: usize,
    refused_by_aws_sigv4: usize,
    with_token: usize,
    unsigned_or_precomputed: usize,
    non_default_settings: usize,
    s3_settings: usize,
    with_query: usize,
}

#[test]
fn matches_aws_sigv4_on_random_requests() {
    let mut counts = Counts::default();
    let mut refusals: Vec<String> = Vec::new();
    let mut mismatches: Vec<String> = Vec::new();
    let mut refused_mismatches: Vec<String> = Vec::new();
    let cache = SigningKeyCache::new();

    for &seed in SEEDS {
        let mut rng = fastrand::Rng::with_seed(seed);
        for index in 0..CASES_PER_SEED {
            let case = random_case(&mut rng);
            let expected = match case.sign_with_aws_sigv4() {
                Ok(signed) => signed,
                Err(e) => {
                    counts.refused_by_aws_sigv4 += 1;
                    if refusals.len() < 2 {
                        refusals.push(format!("{e}: {}", case.describe()));
                    }
                    // Our output on what aws-sigv4 refuses is checked too, against an oracle.
                    if let Err(problem) = check_refused(&case, &e, &cache) {
                        refused_mismatches.push(format!(
                            "seed {seed:#x} case {index}: {problem}\n{}",
                            case.describe()
                        ));
                    }
                    continue;
                }
            };
            counts.compared += 1;
            counts.with_token += usize::from(case.token.is_some());
            counts.unsigned_or_precomputed +=
                usize::from(!matches!(case.payload, PayloadKind::Bytes));
            counts.non_default_settings += usize::from(case.settings != SigningSettings::default());
            counts.s3_settings += usize::from(case.settings == SigningSettings::S3);
            counts.with_query += usize::from(case.request.uri().query().is_some());

            let mut actual = case.request.clone();
            let result = sign_request(&mut actual, case.payload(), &case.params(), &cache);
            let same = result.is_ok() && header_list(&actual) == header_list(&expected);
            if !same && mismatches.len() < 5 {
                let ours = sigv4::canonical_request(&case.request, case.payload(), &case.params())
                    .unwrap_or_else(|e| format!("(error: {e})"));
                mismatches.push(format!(
                    "seed {seed:#x} case {index}:\n{}result: {result:?}\n\
                     --- aws-sigv4 headers\n{}--- our headers\n{}\
                     --- aws-sigv4 canonical request (token redacted)\n{}\n\
                     --- our canonical request\n{ours}\n",
                    case.describe(),
                    show(&header_list(&expected)),
                    show(&header_list(&actual)),
                    aws_sigv4_canonical_request(&case),
                ));
            } else if !same {
                mismatches.push(String::new());
            }
        }
    }

    let total = SEEDS.len() * CASES_PER_SEED;
    println!(
        "differential: {total} cases, {} compared, {} refused by aws-sigv4 (skipped), {} mismatches; \
         of those compared: {} with a session token, {} unsigned or precomputed payloads, \
         {} with non-default settings ({} with S3's), {} with a query",
        counts.compared,
        counts.refused_by_aws_sigv4,
        mismatches.len(),
        counts.with_token,
        counts.unsigned_or_precomputed,
        counts.non_default_settings,
        counts.s3_settings,
        counts.with_query,
    );
    for refusal in &refusals {
        println!("refused by aws-sigv4: {refusal}");
    }
    assert!(
        refused_mismatches.is_empty(),
        "{} of {} inputs aws-sigv4 refuses are signed wrongly; the first ones:\n{}",
        refused_mismatches.len(),
        counts.refused_by_aws_sigv4,
        refused_mismatches
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        mismatches.is_empty(),
        "{} of {} cases differ from aws-sigv4; the first ones:\n{}",
        mismatches.len(),
        counts.compared,
        mismatches.join("\n")
    );
    // The generator must keep producing what it is meant to cover.
    assert!(counts.compared > total * 9 / 10, "{counts:?}");
    assert!(counts.with_token > total / 4, "{counts:?}");
    assert!(counts.with_query > total / 2, "{counts:?}");
    assert!(counts.s3_settings > total / 5, "{counts:?}");
    assert!(
        counts.refused_by_aws_sigv4 > 0,
        "no refused input checked: {counts:?}"
    );
}

/// A presigned URI's path and its query pairs, sorted: servers read the parameters by name, so
/// their order is not part of the signature (aws-sigv4 and the SigV4 suite order them
/// differently).
fn presigned_parts(uri: &http::Uri) -> (String, Vec<String>) {
    let mut pairs: Vec<String> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .map(str::to_owned)
        .collect();
    pairs.sort();
    (uri.path().to_owned(), pairs)
}

#[test]
fn presigned_requests_match_aws_sigv4() {
    let cache = SigningKeyCache::new();
    let (mut compared, mut with_token, mut mismatches) = (0, 0, Vec::new());
    for &seed in SEEDS {
        let mut rng = fastrand::Rng::with_seed(seed ^ 0x9e37_79b9);
        for index in 0..CASES_PER_SEED / 4 {
            let case = random_case(&mut rng);
            let expires_in = Duration::from_secs(rng.u64(1..=604_800));
            // Inputs aws-sigv4 refuses are the header-signing test's business.
            let Ok(expected) = case.sign_with_aws_sigv4_at(Some(expires_in)) else {
                continue;
            };
            compared += 1;
            with_token += usize::from(case.token.is_some());
            let ours = sigv4::presign(
                &case.request,
                case.payload(),
                &case.params(),
                expires_in,
                &cache,
            );
            let same = match &ours {
                Ok(uri) => {
                    presigned_parts(uri) == presigned_parts(expected.uri())
                        && header_list(&case.request) == header_list(&expected)
                }
                Err(_) => false,
            };
            if !same && mismatches.len() < 5 {
                mismatches.push(format!(
                    "seed {seed:#x} case {index}, expires in {expires_in:?}:\n{}\
                     --- aws-sigv4\n{}\n{}--- ours\n{ours:?}\n",
                    case.describe(),
                    expected.uri(),
                    show(&header_list(&expected)),
                ));
            } else if !same {
                mismatches.push(String::new());
            }
        }
    }
    println!(
        "presigned differential: {compared} compared, {with_token} with a session token, {} mismatches",
        mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} of {compared} presigned requests differ from aws-sigv4; the first ones:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    let total = SEEDS.len() * (CASES_PER_SEED / 4);
    assert!(compared > total * 9 / 10, "{compared} of {total}");
    assert!(with_token > total / 4, "{with_token} of {total}");
}

#[test]
fn presigning_refuses_an_expiry_sigv4_does_not_allow() {
    let request = http::Request::get("https://example.amazonaws.com/")
        .body(Vec::<u8>::new())
        .unwrap();
    let params = SigningParams {
        access_key_id: ACCESS_KEY_ID,
        secret_access_key: SECRET,
        session_token: None,
        region: "us-east-1",
        service: "s3",
        time: UNIX_EPOCH + Duration::from_secs(TIMES[0]),
        settings: SigningSettings::default(),
    };
    let cache = SigningKeyCache::new();
    for expires_in in [
        Duration::ZERO,
        sigv4::MAX_PRESIGNED_EXPIRY + Duration::from_secs(1),
    ] {
        let err = sigv4::presign(&request, Payload::Unsigned, &params, expires_in, &cache)
            .unwrap_err()
            .to_string();
        assert!(err.contains("7 days"), "{err}");
        assert!(!err.contains(SECRET), "{err}");
    }
    let longest = sigv4::presign(
        &request,
        Payload::Unsigned,
        &params,
        sigv4::MAX_PRESIGNED_EXPIRY,
        &cache,
    )
    .unwrap();
    assert!(
        longest.query().unwrap().contains("X-Amz-Expires=604800"),
        "{longest}"
    );
}
