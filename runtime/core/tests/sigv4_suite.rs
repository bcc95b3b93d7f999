//! The SigV4 test suite (header and query signing) from `../shared/reference/sigv4-test-suite/v4`.
//!
//! Every case directory has `request.txt` and, for header signing, `header-canonical-request.txt`,
//! `header-string-to-sign.txt`, `header-signature.txt` and `header-signed-request.txt`, with
//! credentials, region, service, time and options in `context.json`; for query signing
//! (presigned URLs, valid for the context's `expiration_in_seconds`) the same four `query-*`
//! files. Each case is signed both ways and every one of those files that exists is compared.
//!
//! The suite is read in place, never copied. Without it the test fails under CI
//! (`CI=true`) or with `REQUIRE_REFERENCE=1`, and prints that it skipped otherwise.

use aws_client_core::sigv4::{
    self, Payload, SigningKeyCache, SigningParams, SigningSettings, sign_request,
};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[path = "../../client/tests/reference/mod.rs"]
mod reference;

/// Cases whose expected output assumes a setting `context.json` cannot express. They run with the
/// override and must pass; the test also checks they differ without it, so this list stays true.
const SETTINGS_OVERRIDES: &[(&str, &str)] = &[
    (
        "get-space-normalized",
        "expects the path `/example%20space/` encoded once (the S3 rule, double_encode_path = \
         false); aws-sigv4 ignores this case for the same reason",
    ),
    (
        "get-space-unnormalized",
        "the raw space in the path is sent as %20 (http::Uri cannot hold a space), and the \
         expected path is that encoded once (double_encode_path = false)",
    ),
];

/// The case directories of the v4 suite (aws-sigv4's copy): every one must run.
const SUITE_CASES: usize = 40;

/// Cases the signer does not reproduce, with the reason. The test fails if the cases that differ
/// are not exactly these.
const UNSUPPORTED: &[(&str, &str)] = &[];

/// aws-sigv4 added two cases without a `context.json`; its own tests sign them with these
/// contexts (`Credentials::for_tests()` and the fixed times of `canonical_request.rs` and
/// `sign.rs`). Each entry says which files a context applies to.
fn extra_contexts(case: &str) -> Option<Vec<(Context, &'static [Artifact])>> {
    let for_tests = |region: &str, service: &str, time: &str| Context {
        access_key_id: "ANOTREAL".into(),
        secret_access_key: "notrealrnrELgWzOk3IfjzDKtFBhDby".into(),
        token: None,
        region: region.into(),
        service: service.into(),
        time: parse_time(time),
        settings: SigningSettings::default(),
        expires_in: Duration::from_secs(3600),
    };
    match case {
        "double-encode-path" => Some(vec![
            (
                for_tests("test-region", "testservicename", "2021-05-11T15:40:45Z"),
                &[Artifact::CanonicalRequest],
            ),
            (
                for_tests("us-east-1", "service", "2015-08-30T12:36:00Z"),
                &[Artifact::SignedRequest],
            ),
        ]),
        "double-url-encode" => Some(vec![
            (
                for_tests("test-region", "testservicename", "2021-05-11T15:40:45Z"),
                &[Artifact::CanonicalRequest],
            ),
            (
                // The scope in its string to sign and signed request; the suite's example keys.
                Context {
                    access_key_id: "AKIDEXAMPLE".into(),
                    secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
                    ..for_tests("us-east-2", "lambda", "2021-05-11T15:40:45Z")
                },
                &[Artifact::StringToSign, Artifact::SignedRequest],
            ),
        ]),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Artifact {
    CanonicalRequest,
    StringToSign,
    Signature,
    SignedRequest,
    QueryCanonicalRequest,
    QueryStringToSign,
    QuerySignature,
    QuerySignedRequest,
}

const ALL_ARTIFACTS: &[Artifact] = &[
    Artifact::CanonicalRequest,
    Artifact::StringToSign,
    Artifact::Signature,
    Artifact::SignedRequest,
    Artifact::QueryCanonicalRequest,
    Artifact::QueryStringToSign,
    Artifact::QuerySignature,
    Artifact::QuerySignedRequest,
];

impl Artifact {
    fn file(self) -> &'static str {
        match self {
            Self::CanonicalRequest => "header-canonical-request.txt",
            Self::StringToSign => "header-string-to-sign.txt",
            Self::Signature => "header-signature.txt",
            Self::SignedRequest => "header-signed-request.txt",
            Self::QueryCanonicalRequest => "query-canonical-request.txt",
            Self::QueryStringToSign => "query-string-to-sign.txt",
            Self::QuerySignature => "query-signature.txt",
            Self::QuerySignedRequest => "query-signed-request.txt",
        }
    }
}

#[derive(Clone)]
struct Context {
    access_key_id: String,
    secret_access_key: String,
    token: Option<String>,
    region: String,
    service: String,
    time: SystemTime,
    settings: SigningSettings,
    /// How long a presigned request is valid (`expiration_in_seconds`).
    expires_in: Duration,
}

impl Context {
    fn params(&self) -> SigningParams<'_> {
        SigningParams {
            access_key_id: &self.access_key_id,
            secret_access_key: &self.secret_access_key,
            session_token: self.token.as_deref(),
            region: &self.region,
            service: &self.service,
            time: self.time,
            settings: self.settings,
        }
    }

    fn from_json(text: &str) -> Context {
        let json: serde_json::Value = serde_json::from_str(text).expect("context.json is JSON");
        let string = |v: &serde_json::Value| v.as_str().expect("a string").to_owned();
        let flag = |name: &str| json.get(name).and_then(|v| v.as_bool());
        let credentials = &json["credentials"];
        Context {
            access_key_id: string(&credentials["access_key_id"]),
            secret_access_key: string(&credentials["secret_access_key"]),
            token: credentials.get("token").map(string),
            region: string(&json["region"]),
            service: string(&json["service"]),
            time: parse_time(json["timestamp"].as_str().expect("timestamp")),
            expires_in: Duration::from_secs(
                json.get("expiration_in_seconds")
                    .and_then(|v| v.as_u64())
                    .unwrap_or(3600),
            ),
            settings: SigningSettings {
                // aws-sigv4's harness: `sign_body` (default true) adds x-amz-content-sha256.
                payload_checksum_header: flag("sign_body").unwrap_or(true),
                normalize_path: flag("normalize").expect("normalize"),
                double_encode_path: true,
                sign_session_token: !flag("omit_session_token").unwrap_or(false),
            },
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ`
fn parse_time(s: &str) -> SystemTime {
    let n = |range: std::ops::Range<usize>| s[range].parse::<i64>().expect("a number");
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + n(11..13) * 3600 + n(14..16) * 60 + n(17..19);
    UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).expect("after 1970"))
}

/// A raw HTTP/1.1 request as the suite writes it.
struct RawRequest {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Parses the suite's request text: a request line whose target may hold spaces, header lines
/// (duplicates kept in order, obs-fold continuation lines joined with a space), a blank line and
/// the body.
fn parse_raw(text: &str) -> RawRequest {
    let (head, body) = match text.find("\n\n") {
        Some(i) => (&text[..i], &text[i + 2..]),
        None => (text, ""),
    };
    let mut lines = head.lines().map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request_line = lines.next().expect("a request line");
    let (method, rest) = request_line.split_once(' ').expect("method");
    // The version is optional (double-url-encode's signed request has none).
    let target = match rest.rsplit_once(' ') {
        Some((target, version)) if version.starts_with("HTTP/") => target,
        _ => rest,
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let (_, value) = headers.last_mut().expect("a header before a continuation");
            value.push(' ');
            value.push_str(line.trim_matches([' ', '\t']));
        } else {
            let (name, value) = line.split_once(':').expect("name:value");
            headers.push((name.to_owned(), value.trim_matches([' ', '\t']).to_owned()));
        }
    }
    RawRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: body.as_bytes().to_vec(),
    }
}

impl RawRequest {
    /// The request a client would send: characters `http::Uri` cannot carry (a raw space, say)
    /// percent-encoded, the authority from the Host header.
    fn to_http(&self) -> http::Request<Vec<u8>> {
        let host = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("host"))
            .map(|(_, v)| v.as_str())
            .expect("a Host header");
        let mut target = String::new();
        for c in self.target.chars() {
            match c {
                ' ' | '<' | '>' | '`' | '\x00'..='\x1f' | '\x7f' => {
                    target.push_str(&format!("%{:02X}", c as u32))
                }
                c => target.push(c),
            }
        }
        let mut builder = http::Request::builder()
            .method(self.method.as_str())
            .uri(format!("https://{host}{target}"));
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder.body(self.body.clone()).expect("a valid request")
    }

    /// Header names lowercased with their values, sorted: order between names does not matter,
    /// order within a name does, and is kept by the stable sort.
    fn header_set(&self) -> Vec<(String, Vec<u8>)> {
        let mut set: Vec<_> = self
            .headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.as_bytes().to_vec()))
            .collect();
        set.sort_by(|a, b| a.0.cmp(&b.0));
        set
    }
}

fn http_header_set<B>(request: &http::Request<B>) -> Vec<(String, Vec<u8>)> {
    let mut set: Vec<_> = request
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
        .collect();
    set.sort_by(|a, b| a.0.cmp(&b.0));
    set
}

fn show(set: &[(String, Vec<u8>)]) -> String {
    set.iter()
        .map(|(n, v)| format!("  {n}: {}\n", String::from_utf8_lossy(v)))
        .collect()
}

/// Signs one case with one context and lists every way the result differs from the files.
fn check(dir: &Path, raw: &RawRequest, context: &Context, artifacts: &[Artifact]) -> Vec<String> {
    let mut problems = Vec::new();
    let params = context.params();
    let cache = SigningKeyCache::new();
    let request = raw.to_http();
    let payload = Payload::Bytes(request.body());

    let creq = sigv4::canonical_request(&request, payload, &params).expect("canonical request");
    let sts = sigv4::string_to_sign(&creq, &params).expect("string to sign");
    let signature = sigv4::signature(&sts, &params, &cache).expect("signature");
    let mut signed = request.clone();
    sign_request(&mut signed, payload, &params, &cache).expect("signed");
    let query_creq =
        sigv4::presigned_canonical_request(&request, payload, &params, context.expires_in)
            .expect("presigned canonical request");
    let query_sts = sigv4::string_to_sign(&query_creq, &params).expect("string to sign");
    let query_signature = sigv4::signature(&query_sts, &params, &cache).expect("signature");
    let presigned =
        sigv4::presign(&request, payload, &params, context.expires_in, &cache).expect("presigned");

    for &artifact in artifacts {
        // Every file a context applies to must be there: a lost file is not a pass.
        let expected = match std::fs::read_to_string(dir.join(artifact.file())) {
            Ok(text) => text,
            Err(e) => {
                problems.push(format!(
                    "{}: cannot read: {e}",
                    dir.join(artifact.file()).display()
                ));
                continue;
            }
        };
        match artifact {
            Artifact::CanonicalRequest
            | Artifact::StringToSign
            | Artifact::Signature
            | Artifact::QueryCanonicalRequest
            | Artifact::QueryStringToSign
            | Artifact::QuerySignature => {
                let actual = match artifact {
                    Artifact::CanonicalRequest => &creq,
                    Artifact::StringToSign => &sts,
                    Artifact::Signature => &signature,
                    Artifact::QueryCanonicalRequest => &query_creq,
                    Artifact::QueryStringToSign => &query_sts,
                    _ => &query_signature,
                };
                // Some files end with a newline, some do not.
                if actual.as_str() != expected.trim_end_matches('\n') {
                    problems.push(format!(
                        "{}:\n--- expected\n{expected}\n--- actual\n{actual}\n",
                        artifact.file()
                    ));
                }
            }
            Artifact::QuerySignedRequest => {
                // The same request with the signature in its query: no header added.
                let expected = parse_raw(&expected);
                let expected_target = expected.target.replace(' ', "%20");
                let actual_target = presigned.path_and_query().map_or("", |pq| pq.as_str());
                if (expected.method.as_str(), expected_target.as_str())
                    != (request.method().as_str(), actual_target)
                    || expected.header_set() != http_header_set(&request)
                {
                    problems.push(format!(
                        "{}:\n--- expected\n{} {expected_target}\n{}--- actual\n{} {actual_target}\n{}",
                        artifact.file(),
                        expected.method,
                        show(&expected.header_set()),
                        request.method(),
                        show(&http_header_set(&request))
                    ));
                }
            }
            Artifact::SignedRequest => {
                let expected = parse_raw(&expected).header_set();
                let actual = http_header_set(&signed);
                if expected != actual {
                    problems.push(format!(
                        "{}:\n--- expected headers\n{}--- actual headers\n{}",
                        artifact.file(),
                        show(&expected),
                        show(&actual)
                    ));
                }
            }
        }
    }
    problems
}

fn suite_dir() -> Option<PathBuf> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    reference::find(&workspace, "sigv4-test-suite/v4", "the SigV4 suite")
}

#[test]
fn official_sigv4_suite() {
    let Some(root) = suite_dir() else { return };
    // Every directory of the suite is a case, and every one runs: none may vanish unnoticed.
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let without_request: Vec<_> = cases
        .iter()
        .filter(|p| !p.join("request.txt").is_file())
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        without_request.is_empty(),
        "SigV4 suite case directories without request.txt:\n{}",
        without_request.join("\n")
    );
    assert_eq!(
        cases.len(),
        SUITE_CASES,
        "the SigV4 suite under {} should have {SUITE_CASES} case directories",
        root.display()
    );

    let mut failing = BTreeSet::new();
    let mut report = String::new();
    for dir in &cases {
        let name = dir.file_name().unwrap().to_str().unwrap();
        let raw = parse_raw(&std::fs::read_to_string(dir.join("request.txt")).unwrap());
        let contexts = match std::fs::read_to_string(dir.join("context.json")) {
            Ok(text) => vec![(Context::from_json(&text), ALL_ARTIFACTS)],
            Err(_) => extra_contexts(name)
                .unwrap_or_else(|| panic!("{name}: no context.json and no context in this test")),
        };
        let override_reason = SETTINGS_OVERRIDES
            .iter()
            .find(|(case, _)| *case == name)
            .map(|(_, reason)| reason);

        let mut problems = Vec::new();
        for (mut context, artifacts) in contexts {
            if override_reason.is_some() {
                let defaults = check(dir, &raw, &context, artifacts);
                assert!(
                    !defaults.is_empty(),
                    "{name} passes without its entry in SETTINGS_OVERRIDES; remove it"
                );
                context.settings.double_encode_path = false;
            }
            problems.extend(check(dir, &raw, &context, artifacts));
        }
        if !problems.is_empty() {
            failing.insert(name.to_owned());
            if !UNSUPPORTED.iter().any(|(case, _)| *case == name) {
                report.push_str(&format!("=== {name}\n{}\n", problems.join("\n")));
            }
        }
    }

    let expected: BTreeSet<String> = UNSUPPORTED.iter().map(|(c, _)| c.to_string()).collect();
    println!(
        "SigV4 suite: {} of {} cases pass ({} with a settings override, {} unsupported)",
        cases.len() - failing.len(),
        cases.len(),
        SETTINGS_OVERRIDES.len(),
        failing.len()
    );
    assert!(report.is_empty(), "unexpected differences:\n{report}");
    assert_eq!(
        failing, expected,
        "UNSUPPORTED must list exactly the cases that differ"
    );
}

#[test]
fn parser_handles_folds_duplicates_and_bodies() {
    let raw = parse_raw(
        "POST /a b?x=1 HTTP/1.1\nHost:h\nMy-Header1:value1\n  value2\nMy-Header1: v \n\nbody",
    );
    assert_eq!(raw.method, "POST");
    assert_eq!(raw.target, "/a b?x=1");
    assert_eq!(
        raw.headers,
        [
            ("Host".to_owned(), "h".to_owned()),
            ("My-Header1".to_owned(), "value1 value2".to_owned()),
            ("My-Header1".to_owned(), "v".to_owned()),
        ]
    );
    assert_eq!(raw.body, b"body");
    assert_eq!(raw.to_http().uri(), "https://h/a%20b?x=1");
    assert_eq!(
        parse_time("2015-08-30T12:36:00Z"),
        UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    );
}

/// The cases whose expected signature depends on the standard path rules S3 turns off: their
/// path has `.`/`..` segments or repeated slashes (normalized) or a percent-encoded byte
/// (encoded twice). With [`SigningSettings::S3`] exactly these differ from the files.
const S3_DIFFERS: &[(&str, &str)] = &[
    ("get-relative-normalized", "`..` removed"),
    ("get-relative-relative-normalized", "`..` removed"),
    ("get-slash-dot-slash-normalized", "`.` and `//` removed"),
    ("get-slash-normalized", "`//` collapsed"),
    ("get-slash-pointless-dot-normalized", "`.` removed"),
    ("get-slashes-normalized", "`//` collapsed"),
    ("get-utf8", "the encoded path encoded again"),
];

/// S3's settings (`SigningSettings::S3`: the path neither normalized nor encoded twice)
/// reproduce every case whose expected path is the path as sent: the `-unnormalized` cases,
/// `get-space-normalized` (encoded once) and every case whose path the rules leave alone. The
/// payload header and the session token follow each case's context (`sign_body`,
/// `omit_session_token`): those are not path rules.
#[test]
fn s3_settings_sign_the_path_as_sent() {
    let Some(root) = suite_dir() else { return };
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("context.json").is_file())
        .collect();
    cases.sort();
    let mut differ = BTreeSet::new();
    let mut passed = Vec::new();
    for dir in &cases {
        let name = dir.file_name().unwrap().to_str().unwrap().to_owned();
        let raw = parse_raw(&std::fs::read_to_string(dir.join("request.txt")).unwrap());
        let mut context =
            Context::from_json(&std::fs::read_to_string(dir.join("context.json")).unwrap());
        // S3's path rules; the case's own payload header and session token choices.
        context.settings = SigningSettings {
            payload_checksum_header: context.settings.payload_checksum_header,
            sign_session_token: context.settings.sign_session_token,
            ..SigningSettings::S3
        };
        if check(dir, &raw, &context, ALL_ARTIFACTS).is_empty() {
            passed.push(name);
        } else {
            differ.insert(name);
        }
    }
    let expected: BTreeSet<String> = S3_DIFFERS.iter().map(|(c, _)| c.to_string()).collect();
    assert_eq!(
        differ, expected,
        "S3_DIFFERS must list exactly the cases that differ"
    );
    for unnormalized in [
        "get-relative-relative-unnormalized",
        "get-relative-unnormalized",
        "get-slash-dot-slash-unnormalized",
        "get-slash-pointless-dot-unnormalized",
        "get-slash-unnormalized",
        "get-slashes-unnormalized",
        "get-space-unnormalized",
        "get-space-normalized",
    ] {
        assert!(passed.iter().any(|p| p == unnormalized), "{unnormalized}");
    }
    println!(
        "SigV4 suite with S3's settings: {} of {} cases pass; {} depend on the rules S3 turns off",
        passed.len(),
        cases.len(),
        differ.len()
    );
}
