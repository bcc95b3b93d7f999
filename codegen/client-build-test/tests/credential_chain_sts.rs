//! The credential chain's STS calls, `AssumeRole` (signed with the source credentials) and
//! `AssumeRoleWithWebIdentity` (unsigned), are written by hand in the runtime
//! (`credentials/sts.rs`): the runtime cannot depend on clients generated from it, and a JSON
//! client must not compile the XML codec STS needs. This test holds them to a client generated
//! from the official STS model (by this crate's build.rs): both send the same request to a
//! loopback STS: method, path, content type, the same form pairs, signed (or not) by the same
//! credentials for the same scope; and both read the same credentials from its answer.

mod common;

#[cfg(not(no_sts_model))]
include!(concat!(env!("OUT_DIR"), "/sts_client.rs"));

#[path = "../../../runtime/client/tests/credentials_support/mod.rs"]
mod credentials_support;

#[cfg(not(no_sts_model))]
mod cases {
    use super::*;
    use aws_client_runtime::credentials::{
        ProfileCredentialsProvider, ProvideCredentials, WebIdentityTokenCredentialsProvider,
    };
    use credentials_support::{FakeServer, Recorded, reply, sts_xml, write_aws_file};

    const BASE_KEY: &str = "AKIABASE";
    const BASE_SECRET: &str = "baseSECRETkey";
    const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/Role A";
    const WEB_TOKEN: &str = "webIDENTITY+token/=";

    /// Answers every call with credentials: the request is what is compared.
    async fn sts() -> FakeServer {
        FakeServer::start(|r| {
            let action = form(r)
                .into_iter()
                .find(|(k, _)| k == "Action")
                .map(|(_, v)| v)
                .unwrap_or_default();
            reply(
                200,
                sts_xml(
                    &action,
                    "ASIAROLE",
                    "roleSECRET",
                    "roleTOKEN",
                    "2099-01-01T00:00:00Z",
                ),
            )
        })
        .await
    }

    /// The form's pairs, decoded, sorted: their meaning, whatever the order or the encoding
    /// of characters that may be sent either way.
    fn form(r: &Recorded) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = r
            .body_text()
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (decode(k), decode(v))
            })
            .collect();
        pairs.sort();
        pairs
    }

    /// `application/x-www-form-urlencoded` decoding (`+` is a space, `%XX` a byte).
    fn decode(text: &str) -> String {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'%' if i + 2 < bytes.len() => {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                    out.push(u8::from_str_radix(hex, 16).expect("percent escape"));
                    i += 3;
                }
                b'+' => {
                    out.push(b' ');
                    i += 1;
                }
                b => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        String::from_utf8(out).unwrap()
    }

    /// What distinguishes two requests to STS: method, path, content type, the form's
    /// meaning, and the signer (access key, region, service; the date is the clock's).
    #[derive(Debug, PartialEq)]
    struct Essentials {
        method: String,
        path: String,
        content_type: Option<String>,
        form: Vec<(String, String)>,
        /// `AKID/REGION/SERVICE/aws4_request` of the SigV4 scope, `None` when unsigned.
        signer: Option<String>,
    }

    fn essentials(r: &Recorded) -> Essentials {
        let signer = r.header("authorization").map(|auth| {
            let credential = auth
                .split("Credential=")
                .nth(1)
                .and_then(|rest| rest.split(',').next())
                .expect("a SigV4 Authorization header");
            // AKID/DATE/REGION/SERVICE/aws4_request without DATE.
            let parts: Vec<&str> = credential.split('/').collect();
            format!("{}/{}/{}/{}", parts[0], parts[2], parts[3], parts[4])
        });
        Essentials {
            method: r.method.clone(),
            path: r.path.clone(),
            content_type: r.header("content-type").map(str::to_owned),
            form: form(r),
            signer,
        }
    }

    /// Each server received one request, and they are the same: its essentials.
    fn the_same_one_request(hand: &FakeServer, generated: &FakeServer) -> Essentials {
        let (hand, generated) = (hand.requests(), generated.requests());
        assert_eq!((hand.len(), generated.len()), (1, 1));
        let hand = essentials(&hand[0]);
        assert_eq!(hand, essentials(&generated[0]));
        hand
    }

    fn config(server: &FakeServer) -> aws_client_runtime::Config {
        aws_client_runtime::Config::builder()
            .region("us-west-2")
            .credentials(aws_client_runtime::Credentials::new(
                BASE_KEY,
                BASE_SECRET,
                None,
                None,
                "test",
            ))
            .endpoint_url(server.url())
            .max_attempts(1)
            .build()
    }

    /// The hand-written chain and the generated client read the same credentials from the
    /// same response.
    fn assert_same_credentials(
        hand: &aws_client_runtime::Credentials,
        generated: Option<&model::types::Credentials>,
    ) {
        let generated = generated.expect("the generated client read the credentials");
        let expiry = hand
            .expiry()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs() as i64);
        assert_eq!(
            (
                hand.access_key_id(),
                hand.secret_access_key(),
                hand.session_token(),
                expiry
            ),
            (
                generated.access_key_id.as_str(),
                generated.secret_access_key.as_str(),
                Some(generated.session_token.as_str()),
                Some(generated.expiration.secs())
            )
        );
        assert_eq!(hand.access_key_id(), "ASIAROLE");
    }

    #[tokio::test]
    async fn assume_role_sends_the_same_signed_form() {
        let home = tempfile::tempdir().unwrap();
        write_aws_file(
            home.path(),
            "config",
            &format!(
                "[profile dev]\nrole_arn = {ROLE_ARN}\nsource_profile = base\nrole_session_name = my-session\nexternal_id = ext 1&2\nduration_seconds = 900\nregion = us-west-2\n"
            ),
        );
        write_aws_file(
            home.path(),
            "credentials",
            &format!(
                "[base]\naws_access_key_id = {BASE_KEY}\naws_secret_access_key = {BASE_SECRET}\n"
            ),
        );
        let hand_sts = sts().await;
        let cfg = credentials_support::config(
            home.path(),
            &[
                ("AWS_PROFILE", "dev"),
                ("AWS_ENDPOINT_URL_STS", &hand_sts.url()),
            ],
        )
        .await;
        let hand_credentials = ProfileCredentialsProvider::new(&cfg)
            .provide_credentials()
            .await
            .unwrap();

        let generated_sts = sts().await;
        let output = Client::from_conf(config(&generated_sts))
            .assume_role()
            .role_arn(ROLE_ARN)
            .role_session_name("my-session")
            .external_id("ext 1&2")
            .duration_seconds(900)
            .send()
            .await
            .unwrap();
        assert_same_credentials(&hand_credentials, output.credentials.as_ref());

        let hand = the_same_one_request(&hand_sts, &generated_sts);
        assert_eq!(
            hand.signer.as_deref(),
            Some("AKIABASE/us-west-2/sts/aws4_request")
        );
        assert!(
            hand.form
                .contains(&("ExternalId".to_owned(), "ext 1&2".to_owned())),
            "{:?}",
            hand.form
        );
    }

    #[tokio::test]
    async fn assume_role_with_web_identity_sends_the_same_unsigned_form() {
        let home = tempfile::tempdir().unwrap();
        let token_file = home.path().join("token");
        std::fs::write(&token_file, WEB_TOKEN).unwrap();
        let hand_sts = sts().await;
        let token_path = token_file.display().to_string();
        let cfg = credentials_support::config(
            home.path(),
            &[
                ("AWS_REGION", "us-west-2"),
                ("AWS_ROLE_ARN", ROLE_ARN),
                ("AWS_ROLE_SESSION_NAME", "web-session"),
                ("AWS_WEB_IDENTITY_TOKEN_FILE", &token_path),
                ("AWS_ENDPOINT_URL_STS", &hand_sts.url()),
            ],
        )
        .await;
        let hand_credentials = WebIdentityTokenCredentialsProvider::from_env(&cfg)
            .provide_credentials()
            .await
            .unwrap();

        let generated_sts = sts().await;
        let output = Client::from_conf(config(&generated_sts))
            .assume_role_with_web_identity()
            .role_arn(ROLE_ARN)
            .role_session_name("web-session")
            .web_identity_token(WEB_TOKEN)
            .send()
            .await
            .unwrap();
        assert_same_credentials(&hand_credentials, output.credentials.as_ref());

        let hand = the_same_one_request(&hand_sts, &generated_sts);
        assert_eq!(hand.signer, None, "the token is the proof: unsigned");
        assert!(
            hand.form
                .contains(&("WebIdentityToken".to_owned(), WEB_TOKEN.to_owned())),
            "{:?}",
            hand.form
        );
    }
}

/// Without the official model there is nothing to compare with: a failure under CI.
#[cfg(no_sts_model)]
#[test]
fn reference_model_missing() {
    common::reference::missing(
        std::path::Path::new(env!("MISSING_STS_MODEL")),
        "the STS comparison of the credential chain",
    );
}
