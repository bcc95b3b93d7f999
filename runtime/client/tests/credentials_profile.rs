//! Profile files in a temporary HOME: static keys, merging, chains and their errors,
//! credential_process, and the region.

mod credentials_support;

use aws_client_runtime::credentials::{
    CredentialsErrorKind, ProfileCredentialsProvider, ProvideCredentials,
};
use aws_client_runtime::region::default_region;
use credentials_support::{assert_no_secret, config, write_aws_file};
use std::path::Path;

const SECRET: &str = "profileSECRETkey";

async fn load(
    home: &Path,
    vars: &[(&str, &str)],
) -> Result<
    aws_client_runtime::credentials::Credentials,
    aws_client_runtime::credentials::CredentialsError,
> {
    let cfg = config(home, vars).await;
    ProfileCredentialsProvider::new(&cfg)
        .provide_credentials()
        .await
}

#[tokio::test]
async fn static_keys_and_credentials_file_overrides_config() {
    let home = tempfile::tempdir().unwrap();
    write_aws_file(
        home.path(),
        "config",
        "[default]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = cfgsecret\nregion = eu-west-1\n[profile dev]\nregion = ap-south-1\n",
    );
    write_aws_file(
        home.path(),
        "credentials",
        &format!(
            "[default]\naws_access_key_id = FROMCREDS\naws_secret_access_key = {SECRET}\naws_session_token = tok\n[dev]\naws_access_key_id = DEVKEY\naws_secret_access_key = devsecret\naws_account_id = 111122223333\n"
        ),
    );
    let creds = load(home.path(), &[]).await.unwrap();
    assert_eq!(
        (creds.access_key_id(), creds.secret_access_key()),
        ("FROMCREDS", SECRET)
    );
    assert_eq!(creds.session_token(), Some("tok"));
    assert_eq!(creds.provider_name(), "ProfileFile");
    let creds = load(home.path(), &[("AWS_PROFILE", "dev")]).await.unwrap();
    assert_eq!(creds.access_key_id(), "DEVKEY");
    assert_eq!(creds.account_id(), Some("111122223333"));

    // Region: environment first, then the selected profile.
    let cfg = config(home.path(), &[("AWS_PROFILE", "dev")]).await;
    assert_eq!(default_region(&cfg).await.as_deref(), Some("ap-south-1"));
    let cfg = config(home.path(), &[("AWS_DEFAULT_REGION", "us-east-2")]).await;
    assert_eq!(default_region(&cfg).await.as_deref(), Some("us-east-2"));
    let cfg = config(
        home.path(),
        &[
            ("AWS_REGION", "us-west-1"),
            ("AWS_DEFAULT_REGION", "us-east-2"),
        ],
    )
    .await;
    assert_eq!(default_region(&cfg).await.as_deref(), Some("us-west-1"));
    let cfg = config(home.path(), &[]).await;
    assert_eq!(default_region(&cfg).await.as_deref(), Some("eu-west-1"));
}

#[tokio::test]
async fn file_locations_from_the_environment() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cfg_file = dir.path().join("cfg");
    let creds_file = dir.path().join("creds");
    std::fs::write(&cfg_file, "[profile x]\nregion = sa-east-1\n").unwrap();
    std::fs::write(
        &creds_file,
        "[x]\naws_access_key_id = X\naws_secret_access_key = Y\n",
    )
    .unwrap();
    let vars = [
        ("AWS_CONFIG_FILE", cfg_file.to_str().unwrap()),
        ("AWS_SHARED_CREDENTIALS_FILE", creds_file.to_str().unwrap()),
        ("AWS_PROFILE", "x"),
    ];
    assert_eq!(load(home.path(), &vars).await.unwrap().access_key_id(), "X");
    let cfg = config(home.path(), &vars).await;
    assert_eq!(default_region(&cfg).await.as_deref(), Some("sa-east-1"));
}

#[tokio::test]
async fn missing_profiles() {
    let home = tempfile::tempdir().unwrap();
    // No files at all: not loaded (the chain moves on), naming the files looked for.
    let err = load(home.path(), &[]).await.unwrap_err();
    assert!(err.is_not_loaded());
    assert!(err.to_string().contains(".aws/config (not found)"), "{err}");
    // A profile the user asked for that does not exist: an error.
    write_aws_file(home.path(), "config", "[default]\nregion = us-east-1\n");
    let err = load(home.path(), &[("AWS_PROFILE", "nope")])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(err.to_string().contains("no profile `nope`"), "{err}");
    // `default` with only a region: not loaded.
    let err = load(home.path(), &[]).await.unwrap_err();
    assert!(
        err.is_not_loaded() && err.to_string().contains("has no credentials"),
        "{err}"
    );
}

#[tokio::test]
async fn chain_errors_name_the_profiles() {
    let home = tempfile::tempdir().unwrap();
    write_aws_file(
        home.path(),
        "config",
        "[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n\
         [profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = c\n\
         [profile c]\nrole_arn = arn:aws:iam::1:role/C\nsource_profile = a\n\
         [profile d]\nrole_arn = arn:aws:iam::1:role/D\nsource_profile = ghost\n\
         [profile e]\nrole_arn = arn:aws:iam::1:role/E\nsource_profile = c\ncredential_source = Environment\n\
         [profile f]\nrole_arn = arn:aws:iam::1:role/F\n\
         [profile g]\naws_access_key_id = ONLYKEY\n\
         [profile h]\nrole_arn = arn:aws:iam::1:role/H\ncredential_source = Moon\n",
    );
    let cases = [
        ("a", "source_profile loop: a -> b -> c -> a"),
        ("d", "source_profile `ghost`, which does not exist"),
        ("e", "both source_profile and credential_source"),
        ("f", "neither source_profile nor credential_source"),
        ("g", "has aws_access_key_id but no aws_secret_access_key"),
        ("h", "unknown credential_source `Moon`"),
    ];
    for (profile, message) in cases {
        let err = load(home.path(), &[("AWS_PROFILE", profile)])
            .await
            .unwrap_err();
        assert_eq!(
            err.kind(),
            CredentialsErrorKind::InvalidConfiguration,
            "{profile}: {err}"
        );
        let text = err.to_string();
        assert!(text.contains(message), "{profile}: {text}");
        assert!(
            text.contains(".aws/config") || profile == "a",
            "{profile}: {text}"
        );
    }
}

#[tokio::test]
async fn bad_ini_names_the_file_and_line() {
    let home = tempfile::tempdir().unwrap();
    write_aws_file(
        home.path(),
        "credentials",
        &format!("[default]\naws_access_key_id = A\n{SECRET} without equals\n"),
    );
    let err = load(home.path(), &[]).await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
    let text = format!("{err} {err:?}");
    assert!(text.contains(".aws/credentials line 3"), "{text}");
    assert_no_secret(&text, &[SECRET]);
    // The region chain survives a broken file (and IMDS is a refused loopback port here).
    let cfg = config(home.path(), &[]).await;
    assert_eq!(default_region(&cfg).await, None);
}

#[cfg(unix)]
fn script(dir: &Path, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process() {
    let home = tempfile::tempdir().unwrap();
    let ok = script(
        home.path(),
        "ok.sh",
        &format!(
            r#"echo '{{"Version": 1, "AccessKeyId": "PROCKEY", "SecretAccessKey": "{SECRET}", "SessionToken": "ptok", "Expiration": "2099-01-01T00:00:00Z"}}'"#
        ),
    );
    let fails = script(
        home.path(),
        "fails.sh",
        &format!("echo '{SECRET}'; echo 'MFA device not ready' >&2; exit 3"),
    );
    let bad_json = script(
        home.path(),
        "bad.sh",
        &format!(r#"echo '{{"Version": 1, "AccessKeyId": "K", "SecretAccessKey": "{SECRET}"'"#),
    );
    let v2 = script(
        home.path(),
        "v2.sh",
        &format!(r#"echo '{{"Version": 2, "AccessKeyId": "K", "SecretAccessKey": "{SECRET}"}}'"#),
    );
    write_aws_file(
        home.path(),
        "config",
        &format!(
            "[profile ok]\ncredential_process = {ok} --secret-arg hunter2\n[profile fails]\ncredential_process = {fails}\n[profile bad]\ncredential_process = {bad_json}\n[profile v2]\ncredential_process = {v2}\n[profile missing]\ncredential_process = {}/does-not-exist\n",
            home.path().display()
        ),
    );
    let creds = load(home.path(), &[("AWS_PROFILE", "ok")]).await.unwrap();
    assert_eq!(creds.access_key_id(), "PROCKEY");
    assert_eq!(creds.session_token(), Some("ptok"));
    assert!(creds.expiry().is_some());
    assert_eq!(creds.provider_name(), "CredentialProcess");

    for (profile, message) in [
        (
            "fails",
            "failed with exit status 3; stderr: MFA device not ready",
        ),
        ("bad", "invalid JSON"),
        ("v2", "unsupported `Version`"),
        ("missing", "failed with exit status 127"),
    ] {
        let err = load(home.path(), &[("AWS_PROFILE", profile)])
            .await
            .unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(text.contains(message), "{profile}: {text}");
        assert!(
            text.contains(&format!("profile `{profile}`")),
            "{profile}: {text}"
        );
        assert_no_secret(&text, &[SECRET, "hunter2"]);
    }
}
