//! The ECS/EKS container credentials endpoint against a loopback fake.

mod credentials_support;

use aws_client_runtime::credentials::{
    ContainerCredentialsProvider, CredentialsErrorKind, ProvideCredentials,
};
use credentials_support::{FakeServer, assert_no_secret, config, metadata_json, reply};

const SECRET: &str = "containerSECRET";

async fn fake() -> FakeServer {
    FakeServer::start(|r| {
        if r.path != "/v2/credentials/abc" {
            return reply(404, r#"{"Code":"NotFound","Message":"no such path"}"#);
        }
        match r.header("authorization") {
            None | Some("Bearer-eks-token") => reply(
                200,
                metadata_json("ASIACONT", SECRET, "tok", "2099-01-01T00:00:00Z"),
            ),
            Some(_) => reply(401, r#"{"Code":"Unauthorized","Message":"bad token"}"#),
        }
    })
    .await
}

#[tokio::test]
async fn relative_uri_against_the_overridden_base() {
    let home = tempfile::tempdir().unwrap();
    let server = fake().await;
    let cfg = config(
        home.path(),
        &[(
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "/v2/credentials/abc",
        )],
    )
    .await
    .with_container_endpoint(server.url());
    let creds = ContainerCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIACONT");
    assert_eq!(creds.provider_name(), "EcsContainer");
    assert_eq!(server.requests()[0].header("authorization"), None);
}

#[tokio::test]
async fn full_uri_with_token_and_token_file() {
    let home = tempfile::tempdir().unwrap();
    let server = fake().await;
    let full = format!("{}/v2/credentials/abc", server.url());
    let cfg = config(
        home.path(),
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer-eks-token"),
        ],
    )
    .await;
    let creds = ContainerCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIACONT");
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Bearer-eks-token")
    );

    // The file wins over the variable, and is re-read on every load.
    let file = home.path().join("token");
    std::fs::write(&file, "wrong-token\n").unwrap();
    let cfg = config(
        home.path(),
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer-eks-token"),
            (
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                file.to_str().unwrap(),
            ),
        ],
    )
    .await;
    let provider = ContainerCredentialsProvider::new(&cfg);
    let err = provider.provide_credentials().await.unwrap_err();
    assert!(
        err.to_string().contains("HTTP 401 Unauthorized bad token"),
        "{err}"
    );
    std::fs::write(&file, "Bearer-eks-token\n").unwrap();
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "ASIACONT"
    );
    assert_no_secret(&format!("{err} {err:?}"), &["wrong-token", SECRET]);
}

#[tokio::test]
async fn missing_token_file_names_the_file() {
    let home = tempfile::tempdir().unwrap();
    let server = fake().await;
    let missing = home.path().join("nope");
    let cfg = config(
        home.path(),
        &[
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                &format!("{}/v2/credentials/abc", server.url()),
            ),
            (
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                missing.to_str().unwrap(),
            ),
        ],
    )
    .await;
    let err = ContainerCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(err.to_string().contains(missing.to_str().unwrap()), "{err}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn plain_http_only_to_allowed_hosts() {
    let home = tempfile::tempdir().unwrap();
    for url in [
        // Link-local and private, but not the container hosts (documentation-range and
        // made-up addresses: a test names no real metadata address).
        "http://169.254.1.1/creds",
        "http://10.0.0.1/creds",
        "http://[fd00::1]/creds",
        "ftp://127.0.0.1/creds",
        "not a url",
    ] {
        let cfg = config(home.path(), &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", url)]).await;
        let err = ContainerCredentialsProvider::new(&cfg)
            .provide_credentials()
            .await
            .unwrap_err();
        assert_eq!(
            err.kind(),
            CredentialsErrorKind::InvalidConfiguration,
            "{url}: {err}"
        );
        assert!(
            err.to_string()
                .contains("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
            "{err}"
        );
    }
    // Nothing configured: not loaded, so the chain moves on.
    let cfg = config(home.path(), &[]).await;
    let err = ContainerCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.is_not_loaded());
}

#[tokio::test]
async fn bad_answers_are_clear_errors() {
    let home = tempfile::tempdir().unwrap();
    let server = FakeServer::start(|_| {
        reply(
            200,
            format!(r#"{{"AccessKeyId":"A","SecretAccessKey":"{SECRET}""#),
        )
    })
    .await;
    let cfg = config(
        home.path(),
        &[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/x")],
    )
    .await
    .with_container_endpoint(server.url());
    let err = ContainerCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        text.contains("container") && text.contains("invalid JSON") && text.contains("/x"),
        "{text}"
    );
    assert_no_secret(&text, &[SECRET]);
}

/// A `ProviderConfig` without an HTTP client of its own: `Config::load` and this crate's
/// `default_chain` give the chain the default client, so the container endpoint is reached;
/// a provider built on it directly has none and names what is missing.
#[tokio::test]
async fn the_loader_and_the_default_chain_bring_an_http_client() {
    let home = tempfile::tempdir().unwrap();
    let server = fake().await;
    let cfg = aws_client_runtime::ProviderConfig::default()
        .with_env_vars([
            ("HOME", home.path().display().to_string()),
            ("AWS_REGION", "eu-west-1".to_owned()),
            ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                format!("{}/v2/credentials/abc", server.url()),
            ),
        ])
        .with_imds_endpoint(credentials_support::closed_port_url().await);
    assert!(cfg.http_client().is_none());

    let config = aws_client_runtime::Config::loader()
        .provider_config(cfg.clone())
        .load()
        .await
        .unwrap();
    let creds = config
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIACONT");

    let creds = aws_client_runtime::credentials::default_chain(&cfg)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIACONT");
    assert_eq!(server.requests().len(), 2);

    let err = ContainerCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("no HTTP client configured"),
        "{err}"
    );
    assert_eq!(server.requests().len(), 2, "nothing sent without a client");
}
