//! Captured tracing output and error/`Debug` text never contain a secret, across IMDS, a
//! profile role chain through STS and an STS failure. Its own test binary: the subscriber
//! is process-global (a scoped one races with tracing's per-callsite interest cache).

mod credentials_support;

use aws_client_runtime::credentials::{ProvideCredentials, default_provider};
use credentials_support::{
    FakeServer, assert_no_secret, config, metadata_json, reply, sts_xml, write_aws_file,
};
use std::io::Write;
use std::sync::{Arc, Mutex};

const IMDS_SECRET: &str = "imdsSECRETvalue";
const IMDS_TOKEN: &str = "imdsSESSIONvalue";
const IMDS_API_TOKEN: &str = "imdsAPITOKENvalue";
const PROFILE_SECRET: &str = "profileSECRETvalue";
const ROLE_SECRET: &str = "roleSECRETvalue";
const ROLE_TOKEN: &str = "roleSESSIONvalue";

/// Collects formatted log lines.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_secret_in_logs_errors_or_debug() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    // IMDS through the lazy default provider, which must not call anything until asked.
    let imds = FakeServer::start(|r| match r.path.as_str() {
        "/latest/api/token" => reply(200, IMDS_API_TOKEN),
        "/latest/meta-data/iam/security-credentials/" => reply(200, "role"),
        _ => reply(
            200,
            metadata_json("ASIAIMDS", IMDS_SECRET, IMDS_TOKEN, "2099-01-01T00:00:00Z"),
        ),
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let cfg = config(home.path(), &[])
        .await
        .with_imds_endpoint(imds.url());
    let provider = default_provider(&cfg).await;
    assert!(
        imds.requests().is_empty(),
        "building the provider must do no I/O"
    );
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "ASIAIMDS");
    let debug = format!("{creds:?} {provider:?} {cfg:?}");

    // A profile role chain through STS, then an STS failure.
    let sts = FakeServer::start(|r| {
        if String::from_utf8_lossy(&r.body).contains("Bad") {
            reply(400, "<ErrorResponse><Error><Code>ValidationError</Code><Message>bad role</Message></Error></ErrorResponse>")
        } else {
            reply(200, sts_xml("AssumeRole", "ASIAROLE", ROLE_SECRET, ROLE_TOKEN, "2099-01-01T00:00:00Z"))
        }
    })
    .await;
    write_aws_file(
        home.path(),
        "config",
        &format!(
            "[default]\nrole_arn = arn:aws:iam::1:role/Good\nsource_profile = base\n[profile bad]\nrole_arn = arn:aws:iam::1:role/Bad\nsource_profile = base\n[profile base]\naws_access_key_id = AKIABASE\naws_secret_access_key = {PROFILE_SECRET}\n"
        ),
    );
    let cfg = config(home.path(), &[("AWS_ENDPOINT_URL_STS", &sts.url())]).await;
    let creds = default_provider(&cfg)
        .await
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIAROLE");
    let cfg = config(
        home.path(),
        &[("AWS_ENDPOINT_URL_STS", &sts.url()), ("AWS_PROFILE", "bad")],
    )
    .await;
    let err = default_provider(&cfg)
        .await
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("ValidationError: bad role"),
        "{err}"
    );
    let errors = format!("{err} {err:?} {creds:?}");

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("trying credentials source") && logs.contains("source=\"IMDS\""),
        "{logs}"
    );
    assert!(logs.contains("calling AssumeRole"), "{logs}");
    let secrets = [
        IMDS_SECRET,
        IMDS_TOKEN,
        IMDS_API_TOKEN,
        PROFILE_SECRET,
        ROLE_SECRET,
        ROLE_TOKEN,
    ];
    assert_no_secret(&logs, &secrets);
    assert_no_secret(&errors, &secrets);
    assert_no_secret(&debug, &secrets);
}
