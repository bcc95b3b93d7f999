//! The endpoint's `authSchemes` drive the signer of each call: the `sigv4` scheme's
//! `signingName`, `signingRegion` and `disableDoubleEncoding`; endpoints that name only schemes
//! this client cannot sign with (`sigv4a`, `sigv4-s3express`) fail the call, naming them. And
//! the endpoint's headers replace the request's of the same name.

use super::support::{self, Reply, TestServer};
use super::{OP, SERVICE, builder, request};
use crate::ServiceInfo;
use crate::client::Handle as Client;
use crate::endpoint::ParamValue;
use std::time::{Duration, SystemTime};

/// [`SERVICE`], whose endpoint is the configured URL with the properties of the client
/// setting `Properties` (JSON), so each test picks its own `authSchemes`.
static PROPERTIES_SERVICE: ServiceInfo = ServiceInfo {
    resolve_endpoint: |inputs| {
        let url = inputs.url.ok_or("no endpoint URL")?;
        let properties = inputs
            .config
            .client_context_param("Properties")
            .and_then(ParamValue::as_string)
            .map(|json| serde_json::from_str(json).expect("test properties"))
            .unwrap_or_default();
        let headers = inputs
            .config
            .client_context_param("Headers")
            .and_then(ParamValue::as_string)
            .map(|json| serde_json::from_str(json).expect("test headers"))
            .unwrap_or_default();
        Ok(crate::endpoint::Endpoint {
            url: url.to_owned(),
            headers,
            properties,
        })
    },
    ..SERVICE
};

fn client(server: &TestServer, auth_schemes: serde_json::Value) -> Client {
    let properties = serde_json::json!({ "authSchemes": auth_schemes }).to_string();
    let config = builder(server)
        .region("eu-west-1")
        .max_attempts(1)
        .client_context_param("Properties", ParamValue::String(properties))
        .build();
    Client::new(config, &PROPERTIES_SERVICE)
}

fn ok() -> Reply {
    Reply::json(200, "{}")
}

#[tokio::test]
async fn the_sigv4_scheme_sets_the_signing_name_and_region() {
    // The server verifies the signature for `s3-outposts` in us-east-1 only; the client's
    // region is eu-west-1.
    let server = TestServer::start_for("s3-outposts", vec![ok()]).await;
    let schemes = serde_json::json!([{
        "name": "sigv4", "signingName": "s3-outposts", "signingRegion": support::REGION
    }]);
    client(&server, schemes)
        .invoke(&OP, request())
        .await
        .unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.signature, Ok(()));
}

#[tokio::test]
async fn a_supported_scheme_listed_after_an_unsupported_one_is_used() {
    let server = TestServer::start_for("s3", vec![ok()]).await;
    let schemes = serde_json::json!([
        {"name": "sigv4a", "signingName": "s3", "signingRegionSet": ["*"]},
        {"name": "sigv4", "signingName": "s3", "signingRegion": support::REGION}
    ]);
    client(&server, schemes)
        .invoke(&OP, request())
        .await
        .unwrap();
    assert_eq!(server.requests()[0].signature, Ok(()));
}

#[tokio::test]
async fn only_unsupported_schemes_fail_the_call_naming_them_and_the_operation() {
    for (schemes, named) in [
        (
            serde_json::json!([{"name": "sigv4a", "signingName": "s3", "signingRegionSet": ["*"]}]),
            "sigv4a",
        ),
        (
            serde_json::json!([{"name": "sigv4-s3express", "signingName": "s3express",
                                "signingRegion": "us-east-1"}]),
            "sigv4-s3express",
        ),
    ] {
        let server = TestServer::start(vec![ok()]).await;
        let err = client(&server, schemes)
            .invoke(&OP, request())
            .await
            .unwrap_err();
        let text = err.to_string() + &format!("{err:?}");
        for part in [
            named,
            "StartImport",
            server.endpoint_url().trim_end_matches('/'),
            "does not support",
        ] {
            assert!(text.contains(part), "{part:?} not in {text}");
        }
        assert!(server.requests().is_empty(), "nothing is sent");
    }
}

#[tokio::test]
async fn disable_double_encoding_signs_the_path_as_sent() {
    let path_request = || {
        let mut request = request();
        request.path_and_query = "/a%20b/c".into();
        request
    };

    // Double encoding (the default and `disableDoubleEncoding: false`): the loopback server's
    // verifier, which double-encodes, accepts the signature.
    let server = TestServer::start(vec![ok()]).await;
    let schemes = serde_json::json!([{"name": "sigv4", "signingName": "mgn",
        "signingRegion": support::REGION, "disableDoubleEncoding": false}]);
    client(&server, schemes)
        .invoke(&OP, path_request())
        .await
        .unwrap();
    assert_eq!(server.requests()[0].signature, Ok(()));

    // `disableDoubleEncoding: true`: the path is signed once-encoded. The double-encoding
    // verifier rejects it, and signing the received request with double encoding off gives
    // exactly the Authorization that was sent.
    let server = TestServer::start_any_auth_for("mgn", vec![ok()]).await;
    let schemes = serde_json::json!([{"name": "sigv4", "signingName": "mgn",
        "signingRegion": support::REGION, "disableDoubleEncoding": true}]);
    client(&server, schemes)
        .invoke(&OP, path_request())
        .await
        .unwrap();
    let sent = &server.requests()[0];
    let err = sent.signature.clone().unwrap_err();
    assert!(err.contains("/a%2520b/c"), "{err}");
    assert_eq!(
        resign(sent, false).as_deref(),
        sent.header("authorization"),
        "signed as /a%20b/c"
    );
    assert_ne!(resign(sent, true).as_deref(), sent.header("authorization"));
}

/// The Authorization the core signer computes for the received request, at its `X-Amz-Date`.
fn resign(sent: &support::Recorded, double_encode_path: bool) -> Option<String> {
    let mut builder = http::Request::builder()
        .method(sent.method.as_str())
        .uri(format!("http://{}{}", sent.header("host")?, sent.target));
    // Only the headers that were signed (the attempt headers are added after signing).
    let authorization = sent.header("authorization")?;
    let signed = authorization
        .split("SignedHeaders=")
        .nth(1)?
        .split(',')
        .next()?;
    for (name, value) in &sent.headers {
        if signed.split(';').any(|s| s == name) {
            builder = builder.header(name, value);
        }
    }
    let mut unsigned = builder.body(sent.body.clone()).ok()?;
    let params = crate::sigv4::SigningParams {
        access_key_id: support::ACCESS_KEY_ID,
        secret_access_key: support::SECRET_ACCESS_KEY,
        session_token: None,
        region: support::REGION,
        service: "mgn",
        time: amz_date_time(sent.header("x-amz-date")?)?,
        settings: crate::sigv4::SigningSettings {
            double_encode_path,
            ..crate::sigv4::SigningSettings::STANDARD
        },
    };
    let cache = crate::sigv4::SigningKeyCache::default();
    crate::sigv4::sign_request(
        &mut unsigned,
        crate::sigv4::Payload::Bytes(&sent.body),
        &params,
        &cache,
    )
    .ok()?;
    Some(
        unsigned
            .headers()
            .get("authorization")?
            .to_str()
            .ok()?
            .to_owned(),
    )
}

/// `YYYYMMDDTHHMMSSZ` as a time (days from the civil date, proleptic Gregorian).
fn amz_date_time(value: &str) -> Option<SystemTime> {
    let n = |range: std::ops::Range<usize>| value.get(range)?.parse::<i64>().ok();
    let (y, m, d) = (n(0..4)?, n(4..6)?, n(6..8)?);
    let (hh, mm, ss) = (n(9..11)?, n(11..13)?, n(13..15)?);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = u64::try_from(days * 86_400 + hh * 3600 + mm * 60 + ss).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
}

#[tokio::test]
async fn endpoint_headers_replace_the_requests_headers_of_the_same_name() {
    let server = TestServer::start(vec![ok()]).await;
    let headers = serde_json::json!({"x-amz-account-id": ["111122223333"],
                                     "x-extra": ["a", "b"]});
    let config = builder(&server)
        .max_attempts(1)
        .client_context_param("Headers", ParamValue::String(headers.to_string()))
        .build();
    let client = Client::new(config, &PROPERTIES_SERVICE);
    let mut request = request();
    for (name, value) in [("x-amz-account-id", "111122223333"), ("x-kept", "k")] {
        request.headers.push((
            http::HeaderName::from_static(name),
            http::HeaderValue::from_static(value),
        ));
    }
    client.invoke(&OP, request).await.unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.signature, Ok(()));
    let values = |name: &str| -> Vec<&str> {
        sent.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    assert_eq!(values("x-amz-account-id"), ["111122223333"], "once");
    assert_eq!(values("x-extra"), ["a", "b"]);
    assert_eq!(values("x-kept"), ["k"]);
}
