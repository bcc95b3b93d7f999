//! A `ProviderConfig` without an HTTP client: the sources that call endpoints fail at once,
//! each error naming its source and what is missing, and nothing is sent anywhere.

use aws_client_core::credentials::{
    ContainerCredentialsProvider, ImdsCredentialsProvider, ProvideCredentials, ProviderConfig,
    WebIdentityTokenCredentialsProvider,
};
use std::time::{Duration, Instant};

/// Exactly `vars`, a home without `.aws`, and loopback metadata endpoints (never reached).
fn config(home: &std::path::Path, vars: &[(&str, &str)]) -> ProviderConfig {
    let mut all: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    all.push(("HOME".into(), home.display().to_string()));
    ProviderConfig::default()
        .with_env_vars(all)
        .with_imds_endpoint("http://127.0.0.1:9")
        .with_container_endpoint("http://127.0.0.1:9")
}

fn assert_names(err: &dyn std::error::Error, source: &str) {
    let text = err.to_string();
    assert!(text.contains(source), "{text}");
    assert!(text.contains("no HTTP client configured"), "{text}");
}

#[tokio::test]
async fn sources_that_call_endpoints_name_the_missing_client() {
    let home = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let cfg = config(home.path(), &[]);
    assert!(cfg.http_client().is_none());

    let err = ImdsCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert_names(&err, "IMDS");

    let cfg = config(
        home.path(),
        &[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:9/creds",
        )],
    );
    let err = ContainerCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert_names(&err, "container");

    let token = home.path().join("token");
    std::fs::write(&token, "web-identity-token").unwrap();
    let cfg = config(
        home.path(),
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token.to_str().unwrap()),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/r"),
            ("AWS_REGION", "us-east-1"),
        ],
    );
    let err = WebIdentityTokenCredentialsProvider::from_env(&cfg)
        .provide_credentials()
        .await
        .unwrap_err();
    assert_names(&err, "web identity");

    // Not retried: nothing could change between attempts.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_region_chain_skips_imds_without_a_client() {
    let home = tempfile::tempdir().unwrap();
    let cfg = config(home.path(), &[]);
    assert_eq!(aws_client_core::region::default_region(&cfg).await, None);
    let cfg = config(home.path(), &[("AWS_REGION", "eu-west-1")]);
    assert_eq!(
        aws_client_core::region::default_region(&cfg)
            .await
            .as_deref(),
        Some("eu-west-1")
    );
}
