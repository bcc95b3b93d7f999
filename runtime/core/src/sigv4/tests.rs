use super::*;
use std::time::{Duration, UNIX_EPOCH};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
/// 2015-08-30T12:36:00Z, the time of the official test suite.
const SUITE_TIME: u64 = 1_440_938_160;

fn params(session_token: Option<&'static str>, secs: u64) -> SigningParams<'static> {
    SigningParams {
        access_key_id: "AKIDEXAMPLE",
        secret_access_key: SECRET,
        session_token,
        region: "us-east-1",
        service: "service",
        time: UNIX_EPOCH + Duration::from_secs(secs),
        settings: SigningSettings::default(),
    }
}

fn get_vanilla() -> http::Request<()> {
    http::Request::get("https://example.amazonaws.com/")
        .header("host", "example.amazonaws.com")
        .body(())
        .unwrap()
}

#[test]
fn signs_get_vanilla() {
    // The suite's get-vanilla case, so a broken build shows here before the suite test runs.
    let mut request = get_vanilla();
    let cache = SigningKeyCache::new();
    sign_request(
        &mut request,
        Payload::Bytes(b""),
        &params(None, SUITE_TIME),
        &cache,
    )
    .unwrap();
    assert_eq!(request.headers()["x-amz-date"], "20150830T123600Z");
    assert_eq!(
        request.headers()["authorization"],
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
         SignedHeaders=host;x-amz-date, \
         Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
    );
    assert!(request.headers().get("x-amz-security-token").is_none());
    assert!(request.headers().get("x-amz-content-sha256").is_none());
}

#[test]
fn intermediate_steps_agree_with_sign_request() {
    let mut request = get_vanilla();
    let params = params(Some(TOKEN), SUITE_TIME);
    let cache = SigningKeyCache::new();
    let creq = canonical_request(&request, Payload::Unsigned, &params).unwrap();
    assert!(creq.ends_with("\nUNSIGNED-PAYLOAD"), "{creq}");
    assert!(creq.contains("\nx-amz-security-token:"), "{creq}");
    let sts = string_to_sign(&creq, &params).unwrap();
    assert!(sts.starts_with(
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
    ));
    let sig = signature(&sts, &params, &cache).unwrap();
    sign_request(&mut request, Payload::Unsigned, &params, &cache).unwrap();
    let auth = request.headers()["authorization"].to_str().unwrap();
    assert!(auth.ends_with(&format!("Signature={sig}")), "{auth}");
    assert_eq!(request.headers()["x-amz-security-token"], TOKEN);
    assert!(request.headers()["x-amz-security-token"].is_sensitive());
}

#[test]
fn signing_reuses_the_cached_key_and_rolls_over_at_midnight() {
    let cache = SigningKeyCache::new();
    for offset in [0, 1, 600, 3600] {
        let mut request = get_vanilla();
        let p = params(None, SUITE_TIME + offset);
        sign_request(&mut request, Payload::Bytes(b"{}"), &p, &cache).unwrap();
    }
    assert_eq!(cache.derivations(), 1);
    // 2015-08-31T00:00:00Z
    let next_day = 1_440_979_200;
    let mut request = get_vanilla();
    sign_request(
        &mut request,
        Payload::Bytes(b"{}"),
        &params(None, next_day),
        &cache,
    )
    .unwrap();
    assert_eq!(cache.derivations(), 2);
    let auth = request.headers()["authorization"].to_str().unwrap();
    assert!(auth.contains("/20150831/us-east-1/"), "{auth}");
}

#[test]
fn debug_never_shows_secrets() {
    let p = params(Some(TOKEN), SUITE_TIME);
    let debug = format!("{p:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(!debug.contains("wJalr"), "{debug}");
    assert!(!debug.contains(&TOKEN[..20]), "{debug}");
    assert!(debug.contains("AKIDEXAMPLE"), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");

    let cache = SigningKeyCache::new();
    let mut request = get_vanilla();
    sign_request(&mut request, Payload::Bytes(b""), &p, &cache).unwrap();
    let debug = format!("{cache:?} {request:?}");
    assert!(!debug.contains("wJalr"), "{debug}");
    assert!(!debug.contains(&TOKEN[..20]), "{debug}");
}

#[test]
fn errors_leave_the_request_untouched_and_name_no_secret() {
    let cache = SigningKeyCache::new();
    let mut p = params(Some("bad\ntoken-AQoDYXdz"), SUITE_TIME);
    let mut request = get_vanilla();
    let err = sign_request(&mut request, Payload::Bytes(b""), &p, &cache).unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains("AQoDYXdz"), "{text}");
    assert!(!text.contains("wJalr"), "{text}");
    assert_eq!(request.headers().len(), 1);

    p.session_token = None;
    p.time = UNIX_EPOCH - Duration::from_secs(1);
    let err = sign_request(&mut request, Payload::Bytes(b""), &p, &cache).unwrap_err();
    assert!(err.to_string().contains("1970"));

    p.time = UNIX_EPOCH + Duration::from_secs(SUITE_TIME);
    let mut relative = http::Request::get("/path").body(()).unwrap();
    let err = sign_request(&mut relative, Payload::Bytes(b""), &p, &cache).unwrap_err();
    assert!(err.to_string().contains("Host"));
    assert!(relative.headers().is_empty());

    p.region = "us-east-1\n";
    assert!(sign_request(&mut request, Payload::Bytes(b""), &p, &cache).is_err());
    assert_eq!(request.headers().len(), 1);
}

#[test]
fn host_comes_from_the_uri_without_a_default_port() {
    let p = params(None, SUITE_TIME);
    for (uri, host) in [
        ("https://example.com/", "example.com"),
        ("https://example.com:443/", "example.com"),
        ("http://example.com:80/", "example.com"),
        ("http://example.com:443/", "example.com:443"),
        ("http://127.0.0.1:8080/", "127.0.0.1:8080"),
        ("https://[::1]:443/", "[::1]"),
    ] {
        let request = http::Request::get(uri).body(()).unwrap();
        let creq = canonical_request(&request, Payload::Unsigned, &p).unwrap();
        assert!(creq.contains(&format!("\nhost:{host}\n")), "{uri}: {creq}");
    }
}

#[test]
fn replaces_previous_signing_headers() {
    let cache = SigningKeyCache::new();
    let p = SigningParams {
        settings: SigningSettings {
            payload_checksum_header: true,
            ..SigningSettings::default()
        },
        ..params(Some("token"), SUITE_TIME)
    };
    let mut request = http::Request::post("https://example.amazonaws.com/")
        .header("authorization", "old")
        .header("x-amz-date", "old")
        .header("x-amz-security-token", "old")
        .header("x-amz-content-sha256", "old")
        .header("user-agent", "ua")
        .body(())
        .unwrap();
    sign_request(&mut request, Payload::Bytes(b"abc"), &p, &cache).unwrap();
    let h = request.headers();
    assert_eq!(h.len(), 5);
    assert_eq!(h.get_all("authorization").iter().count(), 1);
    assert_eq!(h["x-amz-date"], "20150830T123600Z");
    assert_eq!(h["x-amz-security-token"], "token");
    assert_eq!(
        h["x-amz-content-sha256"],
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert!(
        h["authorization"]
            .to_str()
            .unwrap()
            .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,")
    );
}

#[test]
fn unsigned_session_token_is_still_sent() {
    let cache = SigningKeyCache::new();
    let p = SigningParams {
        settings: SigningSettings {
            sign_session_token: false,
            ..SigningSettings::default()
        },
        ..params(Some("token"), SUITE_TIME)
    };
    let mut request = get_vanilla();
    sign_request(&mut request, Payload::Bytes(b""), &p, &cache).unwrap();
    assert_eq!(request.headers()["x-amz-security-token"], "token");
    assert!(
        request.headers()["authorization"]
            .to_str()
            .unwrap()
            .contains("SignedHeaders=host;x-amz-date,")
    );
}
