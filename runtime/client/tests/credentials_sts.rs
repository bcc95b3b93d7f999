//! STS AssumeRole (signed) and AssumeRoleWithWebIdentity (unsigned) against a loopback fake.

mod credentials_support;

use aws_client_runtime::credentials::{
    CredentialsErrorKind, ProfileCredentialsProvider, ProvideCredentials,
    WebIdentityTokenCredentialsProvider,
};
use aws_client_runtime::sigv4::{
    Payload, SigningKeyCache, SigningParams, SigningSettings, sign_request,
};
use credentials_support::{
    FakeServer, Recorded, assert_no_secret, config, reply, sts_xml, write_aws_file,
};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const BASE_SECRET: &str = "baseSECRETkey";
const ROLE_SECRET: &str = "roleSECRETkey";
const ROLE_TOKEN: &str = "roleSESSIONtoken";
const WEB_TOKEN: &str = "webIDENTITYtoken";
/// 2024-05-01T12:00:00Z: a fixed signing time makes the signature reproducible.
const NOW: u64 = 1_714_564_800;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW)
}

fn form(r: &Recorded) -> Vec<(String, String)> {
    r.body_text()
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn param(r: &Recorded, key: &str) -> Option<String> {
    form(r).into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Answers AssumeRole with credentials named after the role, and web identity likewise.
async fn fake_sts() -> FakeServer {
    FakeServer::start(|r| {
        let action = param(r, "Action").unwrap_or_default();
        let role = param(r, "RoleArn").unwrap_or_default();
        let akid = if role.ends_with("RoleA") { "ASIAROLEA" } else { "ASIAROLEB" };
        match action.as_str() {
            "AssumeRole" if r.header("authorization").is_some() => reply(
                200,
                sts_xml("AssumeRole", akid, ROLE_SECRET, ROLE_TOKEN, "2024-05-01T13:00:00Z"),
            ),
            "AssumeRoleWithWebIdentity" if param(r, "WebIdentityToken").as_deref() == Some(WEB_TOKEN) => reply(
                200,
                sts_xml("AssumeRoleWithWebIdentity", "ASIAWEB", ROLE_SECRET, ROLE_TOKEN, "2024-05-01T13:00:00Z"),
            ),
            _ => reply(
                403,
                "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Not authorized &amp; denied</Message></Error></ErrorResponse>",
            ),
        }
    })
    .await
}

/// Checks the scope and signed headers, then recomputes the signature with our signer.
fn check_signature(r: &Recorded, url: &str, akid: &str, secret: &str, token: Option<&str>) {
    let auth = r
        .header("authorization")
        .expect("AssumeRole must be signed");
    let expected_scope = format!("Credential={akid}/20240501/us-west-2/sts/aws4_request");
    assert!(auth.starts_with("AWS4-HMAC-SHA256 "), "{auth}");
    assert!(auth.contains(&expected_scope), "{auth}");
    let signed = auth
        .split("SignedHeaders=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    let mut want = vec!["content-type", "host", "x-amz-date"];
    if token.is_some() {
        want.push("x-amz-security-token");
    }
    assert_eq!(signed, want.join(";"));
    assert_eq!(r.header("x-amz-date"), Some("20240501T120000Z"));
    assert_eq!(r.header("x-amz-security-token"), token);

    let mut request = http::Request::builder()
        .method("POST")
        .uri(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(r.body.clone())
        .unwrap();
    let params = SigningParams {
        access_key_id: akid,
        secret_access_key: secret,
        session_token: token,
        region: "us-west-2",
        service: "sts",
        time: now(),
        settings: SigningSettings::default(),
    };
    let body = r.body.clone();
    sign_request(
        &mut request,
        Payload::Bytes(&body),
        &params,
        &SigningKeyCache::default(),
    )
    .unwrap();
    assert_eq!(request.headers()["authorization"].to_str().unwrap(), auth);
}

#[tokio::test]
async fn assume_role_chain_is_signed_by_each_source() {
    let home = tempfile::tempdir().unwrap();
    let sts = fake_sts().await;
    // dev -> (RoleB) via middle -> (RoleA) via base static keys.
    write_aws_file(
        home.path(),
        "config",
        "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/RoleB\nsource_profile = middle\nrole_session_name = my-session\nexternal_id = ext-1\nduration_seconds = 900\nregion = us-west-2\n\
         [profile middle]\nrole_arn = arn:aws:iam::123456789012:role/RoleA\nsource_profile = base\n",
    );
    write_aws_file(
        home.path(),
        "credentials",
        &format!("[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = {BASE_SECRET}\n"),
    );
    let cfg = config(
        home.path(),
        &[("AWS_PROFILE", "dev"), ("AWS_ENDPOINT_URL_STS", &sts.url())],
    )
    .await
    .with_time_source(now);
    let creds = ProfileCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIAROLEB");
    assert_eq!(creds.provider_name(), "Sts");
    assert_eq!(creds.expiry(), Some(now() + Duration::from_secs(3600)));

    let requests = sts.requests();
    assert_eq!(requests.len(), 2);
    let url = format!("{}/", sts.url());
    assert!(requests.iter().all(|r| r.method == "POST" && r.path == "/"));
    assert_eq!(
        param(&requests[0], "RoleArn").as_deref(),
        Some("arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FRoleA")
    );
    assert_eq!(
        param(&requests[0], "Version").as_deref(),
        Some("2011-06-15")
    );
    assert!(
        param(&requests[0], "RoleSessionName")
            .unwrap()
            .starts_with("aws-sdk-rust-")
    );
    check_signature(&requests[0], &url, "AKIABASE", BASE_SECRET, None);
    assert_eq!(
        param(&requests[1], "RoleSessionName").as_deref(),
        Some("my-session")
    );
    assert_eq!(param(&requests[1], "ExternalId").as_deref(), Some("ext-1"));
    assert_eq!(
        param(&requests[1], "DurationSeconds").as_deref(),
        Some("900")
    );
    check_signature(
        &requests[1],
        &url,
        "ASIAROLEA",
        ROLE_SECRET,
        Some(ROLE_TOKEN),
    );
}

#[tokio::test]
async fn credential_source_environment() {
    let home = tempfile::tempdir().unwrap();
    let sts = fake_sts().await;
    write_aws_file(
        home.path(),
        "config",
        "[default]\nregion = us-west-2\nrole_arn = arn:aws:iam::123456789012:role/RoleA\ncredential_source = Environment\n",
    );
    let vars = [
        ("AWS_ENDPOINT_URL", sts.url()),
        ("AWS_ACCESS_KEY_ID", "AKIAENV".into()),
        ("AWS_SECRET_ACCESS_KEY", BASE_SECRET.into()),
    ];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let cfg = config(home.path(), &vars).await.with_time_source(now);
    let creds = ProfileCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIAROLEA");
    check_signature(
        &sts.requests()[0],
        &format!("{}/", sts.url()),
        "AKIAENV",
        BASE_SECRET,
        None,
    );

    // credential_source Environment with nothing in the environment is an error, not a
    // fall-through.
    let cfg = config(home.path(), &[("AWS_ENDPOINT_URL", &sts.url())]).await;
    let err = ProfileCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::ProviderError);
    assert!(
        err.to_string().contains("credential_source Environment"),
        "{err}"
    );
}

#[tokio::test]
async fn sts_error_document_is_reported() {
    let home = tempfile::tempdir().unwrap();
    let sts = FakeServer::start(|_| {
        reply(403, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>User is not authorized &amp; denied</Message></Error></ErrorResponse>")
    })
    .await;
    write_aws_file(
        home.path(),
        "config",
        &format!(
            "[default]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n[profile base]\naws_access_key_id = AKIABASE\naws_secret_access_key = {BASE_SECRET}\n"
        ),
    );
    let cfg = config(home.path(), &[("AWS_ENDPOINT_URL_STS", &sts.url())]).await;
    let err = ProfileCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("HTTP 403: AccessDenied: User is not authorized & denied"),
        "{text}"
    );
    assert!(text.contains("arn:aws:iam::1:role/R"), "{text}");
    assert_no_secret(&format!("{text} {err:?}"), &[BASE_SECRET]);
}

#[tokio::test]
async fn web_identity_from_environment_and_profile() {
    let home = tempfile::tempdir().unwrap();
    let sts = fake_sts().await;
    let token_file = home.path().join("token");
    std::fs::write(&token_file, format!("{WEB_TOKEN}\n")).unwrap();
    let cfg = config(
        home.path(),
        &[
            ("AWS_ENDPOINT_URL_STS", &sts.url()),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.to_str().unwrap()),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/Web"),
            ("AWS_ROLE_SESSION_NAME", "pod-1"),
        ],
    )
    .await;
    let creds = WebIdentityTokenCredentialsProvider::from_env(&cfg)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIAWEB");
    let r = &sts.requests()[0];
    assert_eq!(
        r.header("authorization"),
        None,
        "AssumeRoleWithWebIdentity is unsigned"
    );
    assert_eq!(
        param(r, "Action").as_deref(),
        Some("AssumeRoleWithWebIdentity")
    );
    assert_eq!(param(r, "RoleSessionName").as_deref(), Some("pod-1"));
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );

    // The same from a profile.
    write_aws_file(
        home.path(),
        "config",
        &format!(
            "[profile web]\nrole_arn = arn:aws:iam::1:role/Web\nweb_identity_token_file = {}\n",
            token_file.display()
        ),
    );
    let cfg = config(
        home.path(),
        &[("AWS_ENDPOINT_URL_STS", &sts.url()), ("AWS_PROFILE", "web")],
    )
    .await;
    let creds = ProfileCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIAWEB");

    // A missing token file names the file; a wrong token is the server's error.
    let missing = home.path().join("missing-token");
    let cfg = config(
        home.path(),
        &[
            ("AWS_ENDPOINT_URL_STS", &sts.url()),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", missing.to_str().unwrap()),
            ("AWS_ROLE_ARN", "arn:aws:iam::1:role/Web"),
        ],
    )
    .await;
    let err = WebIdentityTokenCredentialsProvider::from_env(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(err.to_string().contains(missing.to_str().unwrap()), "{err}");

    std::fs::write(&token_file, "not-the-token").unwrap();
    let cfg = config(
        home.path(),
        &[
            ("AWS_ENDPOINT_URL_STS", &sts.url()),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.to_str().unwrap()),
            ("AWS_ROLE_ARN", "arn:aws:iam::1:role/Web"),
        ],
    )
    .await;
    let err = WebIdentityTokenCredentialsProvider::from_env(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        text.contains("AccessDenied") && text.contains(token_file.to_str().unwrap()),
        "{text}"
    );
    assert_no_secret(&text, &["not-the-token"]);

    // Only the file: a configuration error; nothing: not loaded.
    let cfg = config(home.path(), &[("AWS_WEB_IDENTITY_TOKEN_FILE", "/x")]).await;
    let err = WebIdentityTokenCredentialsProvider::from_env(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("AWS_ROLE_ARN"), "{err}");
    let cfg = config(home.path(), &[]).await;
    assert!(
        WebIdentityTokenCredentialsProvider::from_env(&cfg)
            .provide_credentials()
            .await
            .unwrap_err()
            .is_not_loaded()
    );
}
