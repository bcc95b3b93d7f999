//! SSO: the token cache file and the portal's GetRoleCredentials against a loopback fake.

mod credentials_support;

use aws_client_runtime::credentials::{ProfileCredentialsProvider, ProvideCredentials};
use credentials_support::{FakeServer, assert_no_secret, config, reply, write_aws_file};
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

const ACCESS_TOKEN: &str = "ssoACCESStoken";
const SECRET: &str = "ssoSECRETkey";
const START_URL: &str = "https://d-123.awsapps.com/start";

async fn fake_portal() -> FakeServer {
    FakeServer::start(|r| {
        if r.header("x-amz-sso_bearer_token") != Some(ACCESS_TOKEN) {
            return reply(401, r#"{"message":"Session token not found or invalid"}"#);
        }
        assert_eq!(r.path, "/federation/credentials?role_name=Admin&account_id=123456789012");
        reply(
            200,
            format!(r#"{{"roleCredentials":{{"accessKeyId":"ASIASSO","secretAccessKey":"{SECRET}","sessionToken":"t","expiration":4102444800000}}}}"#),
        )
    })
    .await
}

/// Writes the token cache file as `aws sso login` does: named by the SHA-1 of `key`.
fn write_token(home: &Path, sha1_hex: &str, token: &str, expires_at: &str) {
    let dir = home.join(".aws/sso/cache");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(format!("{sha1_hex}.json")),
        format!(r#"{{"startUrl":"{START_URL}","region":"us-east-1","accessToken":"{token}","expiresAt":"{expires_at}"}}"#),
    )
    .unwrap();
}

/// The cache file names `aws sso login` uses, computed independently (`printf %s KEY | sha1sum`),
/// so the runtime's SHA-1, whichever backend computes it, is checked too.
fn sha1_hex(s: &str) -> String {
    match s {
        "my-sso" => "0ad374308c5a4e22f723adf10145eafad7c4031c",
        START_URL => "2b829a45f04c9828cb45b7d092d8e4aa30818393",
        other => panic!("no known SHA-1 for {other:?}: add it"),
    }
    .to_owned()
}

#[tokio::test]
async fn sso_session_form() {
    let home = tempfile::tempdir().unwrap();
    let portal = fake_portal().await;
    write_aws_file(
        home.path(),
        "config",
        &format!(
            "[default]\nsso_session = my-sso\nsso_account_id = 123456789012\nsso_role_name = Admin\n[sso-session my-sso]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
        ),
    );
    write_token(
        home.path(),
        &sha1_hex("my-sso"),
        ACCESS_TOKEN,
        "2099-01-01T00:00:00Z",
    );
    let cfg = config(home.path(), &[("AWS_ENDPOINT_URL_SSO", &portal.url())]).await;
    let creds = ProfileCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIASSO");
    assert_eq!(creds.account_id(), Some("123456789012"));
    assert_eq!(
        creds.expiry(),
        Some(UNIX_EPOCH + Duration::from_secs(4_102_444_800))
    );
}

#[tokio::test]
async fn legacy_form_and_rejected_token() {
    let home = tempfile::tempdir().unwrap();
    let portal = fake_portal().await;
    write_aws_file(
        home.path(),
        "config",
        &format!(
            "[profile legacy]\nsso_start_url = {START_URL}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Admin\n"
        ),
    );
    write_token(
        home.path(),
        &sha1_hex(START_URL),
        ACCESS_TOKEN,
        "2099-01-01T00:00:00Z",
    );
    let cfg = config(
        home.path(),
        &[
            ("AWS_ENDPOINT_URL_SSO", &portal.url()),
            ("AWS_PROFILE", "legacy"),
        ],
    )
    .await;
    let creds = ProfileCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIASSO");

    // A token the portal rejects: tell the user to log in again, without the token.
    write_token(
        home.path(),
        &sha1_hex(START_URL),
        "staleTOKEN",
        "2099-01-01T00:00:00Z",
    );
    let cfg = config(
        home.path(),
        &[
            ("AWS_ENDPOINT_URL_SSO", &portal.url()),
            ("AWS_PROFILE", "legacy"),
        ],
    )
    .await;
    let err = ProfileCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        text.contains("HTTP 401") && text.contains("aws sso login --profile legacy"),
        "{text}"
    );
    assert_no_secret(&text, &["staleTOKEN", ACCESS_TOKEN]);
}

#[tokio::test]
async fn expired_missing_and_malformed_tokens() {
    let home = tempfile::tempdir().unwrap();
    let portal = fake_portal().await;
    write_aws_file(
        home.path(),
        "config",
        &format!(
            "[default]\nsso_session = my-sso\nsso_account_id = 123456789012\nsso_role_name = Admin\n[sso-session my-sso]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
        ),
    );
    let cache_file = home
        .path()
        .join(format!(".aws/sso/cache/{}.json", sha1_hex("my-sso")));
    let cfg = config(home.path(), &[("AWS_ENDPOINT_URL_SSO", &portal.url())]).await;
    let provider = ProfileCredentialsProvider::new(&cfg);

    let err = provider.provide_credentials().await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("no cached SSO token") && text.contains(cache_file.to_str().unwrap()),
        "{text}"
    );
    assert!(
        text.contains("aws sso login --sso-session my-sso"),
        "{text}"
    );

    write_token(
        home.path(),
        &sha1_hex("my-sso"),
        ACCESS_TOKEN,
        "2020-01-01T00:00:00Z",
    );
    let err = provider.provide_credentials().await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        text.contains("expired at 2020-01-01T00:00:00Z")
            && text.contains("aws sso login --sso-session my-sso"),
        "{text}"
    );
    assert!(text.contains(cache_file.to_str().unwrap()), "{text}");
    assert_no_secret(&text, &[ACCESS_TOKEN]);

    std::fs::write(
        &cache_file,
        format!(r#"{{"accessToken":"{ACCESS_TOKEN}","expiresAt":"#),
    )
    .unwrap();
    let err = provider.provide_credentials().await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        text.contains("invalid JSON") && text.contains(cache_file.to_str().unwrap()),
        "{text}"
    );
    assert_no_secret(&text, &[ACCESS_TOKEN]);
    assert!(portal.requests().is_empty());
}

#[tokio::test]
async fn incomplete_sso_configuration() {
    let home = tempfile::tempdir().unwrap();
    write_aws_file(
        home.path(),
        "config",
        "[default]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = R\n[profile b]\nsso_start_url = https://x\nsso_region = us-east-1\nsso_role_name = R\n",
    );
    let cfg = config(home.path(), &[]).await;
    let err = ProfileCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("[sso-session nowhere]"), "{err}");
    let cfg = config(home.path(), &[("AWS_PROFILE", "b")]).await;
    let err = ProfileCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("sso_account_id") && err.to_string().contains("profile `b`"),
        "{err}"
    );
}
