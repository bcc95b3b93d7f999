//! IMDSv2 against a loopback fake.

mod credentials_support;

use aws_client_runtime::credentials::{
    CredentialsErrorKind, ImdsCredentialsProvider, ProvideCredentials,
};
use credentials_support::{FakeServer, assert_no_secret, config, metadata_json, reply};
use std::time::{Duration, Instant};

const SECRET: &str = "imdsSECRETkey";
const TOKEN: &str = "imdsSESSIONtoken";

async fn fake_imds() -> FakeServer {
    FakeServer::start(|r| match (r.method.as_str(), r.path.as_str()) {
        ("PUT", "/latest/api/token") => {
            assert_eq!(
                r.header("x-aws-ec2-metadata-token-ttl-seconds"),
                Some("21600")
            );
            reply(200, "SESSION-TOKEN")
        }
        (_, _) if r.header("x-aws-ec2-metadata-token") != Some("SESSION-TOKEN") => reply(401, ""),
        ("GET", "/latest/meta-data/iam/security-credentials/") => reply(200, "my-role\n"),
        ("GET", "/latest/meta-data/iam/security-credentials/my-role") => reply(
            200,
            metadata_json("ASIAIMDS", SECRET, TOKEN, "2099-01-01T00:00:00Z"),
        ),
        ("GET", "/latest/meta-data/placement/region") => reply(200, "eu-north-1"),
        _ => reply(404, ""),
    })
    .await
}

#[tokio::test]
async fn token_role_then_credentials() {
    let home = tempfile::tempdir().unwrap();
    let imds = fake_imds().await;
    let cfg = config(home.path(), &[])
        .await
        .with_imds_endpoint(imds.url());
    let creds = ImdsCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIAIMDS");
    assert_eq!(creds.secret_access_key(), SECRET);
    assert_eq!(creds.session_token(), Some(TOKEN));
    assert!(creds.expiry().is_some());
    let paths: Vec<String> = imds.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "/latest/api/token",
            "/latest/meta-data/iam/security-credentials/",
            "/latest/meta-data/iam/security-credentials/my-role"
        ]
    );
}

#[tokio::test]
async fn endpoint_from_environment_and_profile() {
    let home = tempfile::tempdir().unwrap();
    let imds = fake_imds().await;
    // No override: the variable decides.
    let cfg = aws_client_runtime::credentials::ProviderConfig::default()
        .with_http_client(credentials_support::http_client())
        .with_env_vars([
            ("HOME", home.path().to_str().unwrap().to_owned()),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()),
        ]);
    let creds = ImdsCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIAIMDS");

    credentials_support::write_aws_file(
        home.path(),
        "config",
        &format!(
            "[default]\nec2_metadata_service_endpoint = {}\n",
            imds.url()
        ),
    );
    let cfg = aws_client_runtime::credentials::ProviderConfig::default()
        .with_http_client(credentials_support::http_client())
        .with_env_vars([("HOME", home.path().to_str().unwrap())]);
    let creds = ImdsCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIAIMDS");
    assert_eq!(
        aws_client_runtime::region::default_region(&cfg)
            .await
            .as_deref(),
        Some("eu-north-1")
    );

    // A bad mode is a configuration error, found before any request.
    let cfg = aws_client_runtime::credentials::ProviderConfig::default()
        .with_http_client(credentials_support::http_client())
        .with_env_vars([
            ("HOME", home.path().to_str().unwrap()),
            ("AWS_CONFIG_FILE", "/nonexistent"),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5"),
        ]);
    let err = ImdsCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(err.to_string().contains("IPv5"), "{err}");
}

#[tokio::test]
async fn unreachable_is_quick_and_clear() {
    let home = tempfile::tempdir().unwrap();
    let cfg = config(home.path(), &[]).await;
    let started = Instant::now();
    let err = ImdsCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded);
    let text = err.to_string();
    assert!(
        text.starts_with("IMDS: ") && text.contains("unreachable") && text.contains("127.0.0.1"),
        "{text}"
    );
}

#[tokio::test]
async fn disabled_by_environment() {
    let home = tempfile::tempdir().unwrap();
    let imds = fake_imds().await;
    let cfg = config(home.path(), &[("AWS_EC2_METADATA_DISABLED", "TRUE")])
        .await
        .with_imds_endpoint(imds.url());
    let err = ImdsCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.is_not_loaded());
    assert!(
        err.to_string().contains("AWS_EC2_METADATA_DISABLED"),
        "{err}"
    );
    assert_eq!(aws_client_runtime::region::default_region(&cfg).await, None);
    assert!(imds.requests().is_empty());
}

#[tokio::test]
async fn no_role_and_bad_documents() {
    let home = tempfile::tempdir().unwrap();
    let imds = FakeServer::start(|r| match r.path.as_str() {
        "/latest/api/token" => reply(200, "T"),
        _ => reply(404, ""),
    })
    .await;
    let cfg = config(home.path(), &[])
        .await
        .with_imds_endpoint(imds.url());
    let err = ImdsCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        err.is_not_loaded() && err.to_string().contains("no IAM role"),
        "{err}"
    );

    let imds = FakeServer::start(|r| match r.path.as_str() {
        "/latest/api/token" => reply(200, "T"),
        "/latest/meta-data/iam/security-credentials/" => reply(200, "r"),
        _ => reply(
            200,
            format!(
                r#"{{"Code":"Success","AccessKeyId":"A","SecretAccessKey":"{SECRET}","Token":["x"]"#
            ),
        ),
    })
    .await;
    let cfg = config(home.path(), &[])
        .await
        .with_imds_endpoint(imds.url());
    let err = ImdsCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::ProviderError);
    let text = format!("{err} {err:?}");
    assert!(
        text.contains("invalid JSON") && text.contains("security-credentials/r"),
        "{text}"
    );
    assert_no_secret(&text, &[SECRET]);

    let imds = FakeServer::start(|r| match r.path.as_str() {
        "/latest/api/token" => reply(403, ""),
        _ => reply(404, ""),
    })
    .await;
    let cfg = config(home.path(), &[])
        .await
        .with_imds_endpoint(imds.url());
    let err = ImdsCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("HTTP 403"), "{err}");
}
