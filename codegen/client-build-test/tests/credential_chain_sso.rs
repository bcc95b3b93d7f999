//! The credential chain's one SSO call, `GetRoleCredentials`, is written by hand in the runtime
//! (`credentials/sso.rs`): the runtime cannot depend on clients generated from it. This test
//! holds it to a client generated from the official SSO model (by this crate's build.rs): both
//! send the same request to a loopback portal, and both read the same credentials from the same
//! answer.

mod common;

#[cfg(not(no_sso_model))]
include!(concat!(env!("OUT_DIR"), "/sso_client.rs"));

#[path = "../../../runtime/client/tests/credentials_support/mod.rs"]
mod credentials_support;

#[cfg(not(no_sso_model))]
mod cases {
    use super::*;
    use aws_client_runtime::credentials::{ProfileCredentialsProvider, ProvideCredentials};
    use credentials_support::{FakeServer, Recorded, reply, write_aws_file};
    use std::time::{Duration, UNIX_EPOCH};

    const ACCESS_TOKEN: &str = "ssoACCESStoken";
    const ACCOUNT: &str = "123456789012";
    const ROLE: &str = "Admin";
    /// `printf %s my-sso | sha1sum`: the token cache file of the `my-sso` session.
    const SESSION_CACHE_FILE: &str = "0ad374308c5a4e22f723adf10145eafad7c4031c.json";

    /// The portal's answer: credentials, or the service's error for a bad token.
    async fn portal() -> FakeServer {
        FakeServer::start(|r| {
            if r.header("x-amz-sso_bearer_token") == Some(ACCESS_TOKEN) {
                reply(
                    200,
                    r#"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"ssoSECRET","sessionToken":"ssoSESSION","expiration":4102444800000}}"#,
                )
            } else {
                reply(
                    401,
                    r#"{"message":"Session token not found or invalid"}"#,
                )
            }
        })
        .await
    }

    /// The request as far as the portal can tell them apart: method, path and query (pairs
    /// in order), the token header, whether it is signed, and the body.
    fn essentials(r: &Recorded) -> (String, String, Option<String>, bool, Vec<u8>) {
        (
            r.method.clone(),
            r.path.clone(),
            r.header("x-amz-sso_bearer_token").map(str::to_owned),
            r.header("authorization").is_some(),
            r.body.clone(),
        )
    }

    /// The chain's call: a profile with an `sso_session`, its token in the cache.
    async fn by_hand(
        portal: &FakeServer,
        token: &str,
    ) -> Result<aws_client_runtime::Credentials, String> {
        let home = tempfile::tempdir().unwrap();
        write_aws_file(
            home.path(),
            "config",
            &format!(
                "[default]\nsso_session = my-sso\nsso_account_id = {ACCOUNT}\nsso_role_name = {ROLE}\n[sso-session my-sso]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n"
            ),
        );
        let cache = home.path().join(".aws/sso/cache");
        std::fs::create_dir_all(&cache).unwrap();
        std::fs::write(
            cache.join(SESSION_CACHE_FILE),
            format!(
                r#"{{"startUrl":"https://d-123.awsapps.com/start","region":"us-east-1","accessToken":"{token}","expiresAt":"2099-01-01T00:00:00Z"}}"#
            ),
        )
        .unwrap();
        let cfg =
            credentials_support::config(home.path(), &[("AWS_ENDPOINT_URL_SSO", &portal.url())])
                .await;
        ProfileCredentialsProvider::new(&cfg)
            .provide_credentials()
            .await
            .map_err(|e| e.to_string())
    }

    /// The generated client's call, as a program would make it.
    async fn generated(
        portal: &FakeServer,
        token: &str,
    ) -> Result<crate::model::operation::GetRoleCredentialsOutput, String> {
        let config = aws_client_runtime::Config::builder()
            .region("us-east-1")
            .endpoint_url(portal.url())
            .max_attempts(1)
            .build();
        Client::from_conf(config)
            .get_role_credentials()
            .role_name(ROLE)
            .account_id(ACCOUNT)
            .access_token(token)
            .send()
            .await
            .map_err(|e| format!("{e:?}"))
    }

    #[tokio::test]
    async fn the_same_request_and_the_same_credentials() {
        let hand_portal = portal().await;
        let creds = by_hand(&hand_portal, ACCESS_TOKEN).await.unwrap();
        let generated_portal = portal().await;
        let output = generated(&generated_portal, ACCESS_TOKEN).await.unwrap();

        let (hand, gen_) = (hand_portal.requests(), generated_portal.requests());
        assert_eq!((hand.len(), gen_.len()), (1, 1));
        assert_eq!(essentials(&hand[0]), essentials(&gen_[0]));
        assert_eq!(
            hand[0].path,
            format!("/federation/credentials?role_name={ROLE}&account_id={ACCOUNT}")
        );
        assert!(
            !essentials(&hand[0]).3,
            "GetRoleCredentials is unsigned: the token is the proof"
        );

        let role = output.role_credentials.expect("roleCredentials");
        assert_eq!(Some(creds.access_key_id()), role.access_key_id.as_deref());
        assert_eq!(
            Some(creds.secret_access_key()),
            role.secret_access_key.as_deref()
        );
        assert_eq!(creds.session_token(), role.session_token.as_deref());
        let expiration_ms = u64::try_from(role.expiration).unwrap();
        assert_eq!(
            creds.expiry(),
            Some(UNIX_EPOCH + Duration::from_millis(expiration_ms))
        );
        assert_eq!(creds.account_id(), Some(ACCOUNT));
    }

    #[tokio::test]
    async fn a_rejected_token_fails_both_with_the_status() {
        let hand_portal = portal().await;
        let hand = by_hand(&hand_portal, "stale").await.unwrap_err();
        let generated_portal = portal().await;
        let generated = generated(&generated_portal, "stale").await.unwrap_err();
        assert!(hand.contains("401"), "{hand}");
        assert!(generated.contains("401"), "{generated}");
        assert_eq!(
            essentials(&hand_portal.requests()[0]),
            essentials(&generated_portal.requests()[0])
        );
    }
}

/// Without the official model there is nothing to compare with: a failure under CI.
#[cfg(no_sso_model)]
#[test]
fn reference_model_missing() {
    common::reference::missing(
        std::path::Path::new(env!("MISSING_SSO_MODEL")),
        "the SSO comparison of the credential chain",
    );
}
