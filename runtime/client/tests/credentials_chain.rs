//! The default chain end to end: order, the "nothing found" report, laziness, and no
//! secret in errors, `Debug` or captured logs.

mod credentials_support;

use aws_client_runtime::credentials::{
    CredentialsErrorKind, ProvideCredentials, ProviderConfig, default_chain, default_provider,
};
use credentials_support::{
    FakeServer, assert_no_secret, closed_port_url, config, metadata_json, reply, sts_xml,
    write_aws_file,
};
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

/// The sources of the default chain, in the order they must be tried.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Source {
    Environment,
    Profile,
    WebIdentity,
    Container,
    Imds,
}

const ORDER: [Source; 5] = [
    Source::Environment,
    Source::Profile,
    Source::WebIdentity,
    Source::Container,
    Source::Imds,
];

impl Source {
    /// The access key id the source's fake hands out and the provider name it is tagged with.
    fn answer(self) -> (&'static str, &'static str) {
        match self {
            Source::Environment => ("ENVKEY", "Environment"),
            Source::Profile => ("PROFILEKEY", "ProfileFile"),
            Source::WebIdentity => ("ASIAWEB", "Sts"),
            Source::Container => ("ASIACONT", "EcsContainer"),
            Source::Imds => ("ASIAIMDS", "Ec2InstanceMetadata"),
        }
    }
}

/// Loopback fakes for the sources that call an endpoint: STS (web identity), the container
/// endpoint and IMDS. Each answers with its own access key id.
struct Fakes {
    sts: FakeServer,
    container: FakeServer,
    imds: FakeServer,
}

impl Fakes {
    async fn start() -> Self {
        let sts = FakeServer::start(|r| {
            if r.body_text().contains("Action=AssumeRoleWithWebIdentity") {
                reply(
                    200,
                    sts_xml(
                        "AssumeRoleWithWebIdentity",
                        "ASIAWEB",
                        "webSECRET",
                        "webTOKEN",
                        "2099-01-01T00:00:00Z",
                    ),
                )
            } else {
                reply(400, "")
            }
        })
        .await;
        let container = FakeServer::start(|r| match r.path.as_str() {
            "/creds" => reply(
                200,
                metadata_json("ASIACONT", "contSECRET", "tok", "2099-01-01T00:00:00Z"),
            ),
            _ => reply(404, ""),
        })
        .await;
        let imds = FakeServer::start(|r| match (r.method.as_str(), r.path.as_str()) {
            ("PUT", "/latest/api/token") => reply(200, "T"),
            ("GET", "/latest/meta-data/iam/security-credentials/") => reply(200, "role\n"),
            ("GET", "/latest/meta-data/iam/security-credentials/role") => reply(
                200,
                metadata_json("ASIAIMDS", "imdsSECRET", "tok", "2099-01-01T00:00:00Z"),
            ),
            _ => reply(404, ""),
        })
        .await;
        Fakes {
            sts,
            container,
            imds,
        }
    }

    fn requests(&self, source: Source) -> usize {
        match source {
            Source::WebIdentity => self.sts.requests().len(),
            Source::Container => self.container.requests().len(),
            Source::Imds => self.imds.requests().len(),
            Source::Environment | Source::Profile => 0,
        }
    }
}

/// A config in which exactly `sources` have credentials; the others have none (IMDS and
/// the container endpoint then point at a refused loopback port).
async fn config_with(home: &std::path::Path, fakes: &Fakes, sources: &[Source]) -> ProviderConfig {
    let token_file = home.join("web-token");
    std::fs::write(&token_file, "a-web-identity-token").unwrap();
    let token_file = token_file.display().to_string();
    let sts_url = fakes.sts.url();
    let mut vars: Vec<(&str, &str)> = vec![("AWS_ENDPOINT_URL_STS", &sts_url)];
    if sources.contains(&Source::Environment) {
        vars.push(("AWS_ACCESS_KEY_ID", "ENVKEY"));
        vars.push(("AWS_SECRET_ACCESS_KEY", ENV_SECRET));
    }
    let aws_dir = home.join(".aws");
    let _ = std::fs::remove_dir_all(&aws_dir);
    if sources.contains(&Source::Profile) {
        write_aws_file(
            home,
            "credentials",
            &format!(
                "[default]\naws_access_key_id = PROFILEKEY\naws_secret_access_key = {PROFILE_SECRET}\n"
            ),
        );
    }
    if sources.contains(&Source::WebIdentity) {
        vars.push(("AWS_WEB_IDENTITY_TOKEN_FILE", &token_file));
        vars.push(("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/Web"));
    }
    if sources.contains(&Source::Container) {
        vars.push(("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"));
    }
    let mut cfg = config(home, &vars).await;
    if sources.contains(&Source::Container) {
        cfg = cfg.with_container_endpoint(fakes.container.url());
    }
    if sources.contains(&Source::Imds) {
        cfg = cfg.with_imds_endpoint(fakes.imds.url());
    }
    cfg
}

/// Which source answered the whole default chain (through `default_provider`, as a client
/// uses it) when exactly `sources` have credentials, checked by the key and provider name,
/// and that no later source was asked.
async fn answer_of(sources: &[Source]) -> Source {
    let home = tempfile::tempdir().unwrap();
    let fakes = Fakes::start().await;
    let cfg = config_with(home.path(), &fakes, sources).await;
    let creds = default_provider(&cfg)
        .await
        .provide_credentials()
        .await
        .unwrap_or_else(|e| panic!("{sources:?}: {e}"));
    let got = (creds.access_key_id(), creds.provider_name());
    let source = *ORDER
        .iter()
        .find(|s| s.answer() == got)
        .unwrap_or_else(|| panic!("{sources:?}: credentials {got:?} from no known source"));
    let position = ORDER.iter().position(|s| *s == source).unwrap();
    for later in &ORDER[position + 1..] {
        assert_eq!(
            fakes.requests(*later),
            0,
            "{sources:?}: {source:?} answered, yet {later:?} was asked too"
        );
    }
    source
}

#[tokio::test]
async fn each_source_answers_alone_and_wins_over_the_next() {
    // Alone, each source answers: so a pair below can only pass by order.
    for source in ORDER {
        assert_eq!(answer_of(&[source]).await, source, "{source:?} alone");
    }
    // Every neighbouring pair: the earlier one answers.
    for pair in ORDER.windows(2) {
        assert_eq!(answer_of(pair).await, pair[0], "{pair:?}");
    }
}

#[tokio::test]
async fn nothing_found_message_is_every_source_in_order() {
    let home = tempfile::tempdir().unwrap();
    let closed = closed_port_url().await;
    let cfg = ProviderConfig::default()
        .with_env_vars([("HOME", home.path().display().to_string())])
        .with_imds_endpoint(closed.clone())
        .with_container_endpoint(closed.clone());
    let err = default_chain(&cfg).provide_credentials().await.unwrap_err();
    let aws = home.path().join(".aws");
    let expected = format!(
        "credentials chain: no credentials found; tried: \
         environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set); \
         profile (no profile `default` in {config} (not found), {credentials} (not found)); \
         web identity (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set); \
         container (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set); \
         IMDS (the instance metadata service at {closed} is unreachable)",
        config = aws.join("config").display(),
        credentials = aws.join("credentials").display(),
    );
    assert_eq!(err.to_string(), expected);
}
