//! The default chain end to end: order, the "nothing found" report, laziness, and no
//! secret in errors, `Debug` or captured logs.

mod credentials_support;

use aws_client_runtime::credentials::{
    CredentialsErrorKind, ProvideCredentials, default_chain, default_provider,
};
use credentials_support::{assert_no_secret, config, write_aws_file};
use std::time::{Duration, Instant};

const PROFILE_SECRET: &str = "profileSECRETvalue";
const ENV_SECRET: &str = "envSECRETvalue";

#[tokio::test]
async fn nothing_found_lists_every_source() {
    let home = tempfile::tempdir().unwrap();
    let cfg = config(home.path(), &[]).await;
    let started = Instant::now();
    let err = default_provider(&cfg)
        .await
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded);
    let text = err.to_string();
    for part in [
        "no credentials found; tried: ",
        "environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set)",
        "profile (no profile `default` in ",
        ".aws/credentials (not found)",
        "web identity (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set)",
        "container (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set)",
        "IMDS (the instance metadata service at http://127.0.0.1:",
    ] {
        assert!(text.contains(part), "missing {part:?} in {text}");
    }

    let cfg = config(home.path(), &[("AWS_EC2_METADATA_DISABLED", "true")]).await;
    let err = default_chain(&cfg).provide_credentials().await.unwrap_err();
    assert!(
        err.to_string()
            .ends_with("IMDS (disabled by AWS_EC2_METADATA_DISABLED)"),
        "{err}"
    );
}

#[tokio::test]
async fn order_and_stopping_errors() {
    let home = tempfile::tempdir().unwrap();
    write_aws_file(
        home.path(),
        "credentials",
        &format!(
            "[default]\naws_access_key_id = PROFILEKEY\naws_secret_access_key = {PROFILE_SECRET}\n"
        ),
    );
    let cfg = config(
        home.path(),
        &[
            ("AWS_ACCESS_KEY_ID", "ENVKEY"),
            ("AWS_SECRET_ACCESS_KEY", ENV_SECRET),
        ],
    )
    .await;
    let creds = default_chain(&cfg).provide_credentials().await.unwrap();
    assert_eq!(
        (creds.access_key_id(), creds.provider_name()),
        ("ENVKEY", "Environment")
    );

    let cfg = config(home.path(), &[]).await;
    assert_eq!(
        default_chain(&cfg)
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "PROFILEKEY"
    );

    // A half-configured environment stops the chain instead of using the profile.
    let cfg = config(home.path(), &[("AWS_ACCESS_KEY_ID", "ENVKEY")]).await;
    let err = default_chain(&cfg).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(
        err.to_string().contains("AWS_SECRET_ACCESS_KEY is not"),
        "{err}"
    );

    // A bad expiration names the variable.
    let cfg = config(
        home.path(),
        &[
            ("AWS_ACCESS_KEY_ID", "ENVKEY"),
            ("AWS_SECRET_ACCESS_KEY", ENV_SECRET),
            ("AWS_CREDENTIAL_EXPIRATION", "soon"),
        ],
    )
    .await;
    let err = default_chain(&cfg).provide_credentials().await.unwrap_err();
    assert!(
        err.to_string().contains("AWS_CREDENTIAL_EXPIRATION"),
        "{err}"
    );
    assert_no_secret(&format!("{err} {err:?}"), &[ENV_SECRET]);
}
