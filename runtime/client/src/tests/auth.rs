//! Auth per operation: unsigned, optional SigV4, unsigned payload and bearer tokens, against
//! the loopback server (which records the Authorization header it received).

use super::support::{self, Reply, TestServer};
use super::{BODY, DummyError, OP, SERVICE, builder, request};
use crate::client::Handle as Client;
use crate::config::Config;
use crate::credentials::{CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::error::SdkError;
use crate::{Auth, Operation, Token};
use std::time::{Duration, SystemTime};

const TOKEN: &str = "bearer-token-SECRET";

/// [`OP`] with another auth.
const fn op(auth: Auth) -> Operation<serde_json::Value, DummyError> {
    Operation { auth, ..OP }
}

const NONE: Operation<serde_json::Value, DummyError> = op(Auth::None);
const OPTIONAL: Operation<serde_json::Value, DummyError> = op(Auth::SigV4 {
    unsigned_payload: false,
    optional: true,
});
const UNSIGNED_PAYLOAD: Operation<serde_json::Value, DummyError> = op(Auth::SigV4 {
    unsigned_payload: true,
    optional: false,
});
const BEARER: Operation<serde_json::Value, DummyError> = op(Auth::Bearer { optional: false });
const OPTIONAL_BEARER: Operation<serde_json::Value, DummyError> =
    op(Auth::Bearer { optional: true });

/// A configuration without any credentials or token provider.
fn anonymous(server: &TestServer) -> crate::config::Builder {
    Config::builder()
        .region(support::REGION)
        .endpoint_url(server.endpoint_url())
        .max_attempts(1)
}

/// A credentials provider that always fails (a chain that found nothing).
#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async {
            Err(CredentialsError::not_loaded(
                "environment",
                "AWS_ACCESS_KEY_ID is not set",
            ))
        })
    }
}

fn ok() -> Reply {
    Reply::json(200, "{}")
}

/// The request was sent without any signing or token header.
fn assert_unsigned(request: &support::Recorded) {
    for name in [
        "authorization",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
    ] {
        assert_eq!(request.header(name), None, "{name}");
    }
    assert_eq!(request.body, BODY.as_bytes());
}

#[tokio::test]
async fn no_auth_sends_unsigned_without_asking_for_credentials() {
    let server = TestServer::start_any_auth_for("mgn", vec![ok(), ok()]).await;
    // No provider at all, and a provider that would fail: neither is asked.
    Client::new(anonymous(&server).build(), &SERVICE)
        .invoke(&NONE, request())
        .await
        .unwrap();
    Client::new(
        anonymous(&server)
            .credentials_provider(NoCredentials)
            .build(),
        &SERVICE,
    )
    .invoke(&NONE, request())
    .await
    .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_unsigned(r);
        assert!(r.header("amz-sdk-invocation-id").is_some());
    }
}

#[tokio::test]
async fn optional_auth_signs_when_credentials_resolve_and_sends_unsigned_otherwise() {
    let server = TestServer::start_any_auth_for("mgn", vec![ok(), ok(), ok()]).await;
    let signed = Client::new(builder(&server).build(), &SERVICE);
    signed.invoke(&OPTIONAL, request()).await.unwrap();
    let none = Client::new(anonymous(&server).build(), &SERVICE);
    none.invoke(&OPTIONAL, request()).await.unwrap();
    let failing = Client::new(
        anonymous(&server)
            .credentials_provider(NoCredentials)
            .build(),
        &SERVICE,
    );
    failing.invoke(&OPTIONAL, request()).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].signature, Ok(()));
    assert_unsigned(&requests[1]);
    assert_unsigned(&requests[2]);

    // The same failing provider is an error where auth is required, and nothing is sent.
    let err = failing.invoke(&OP, request()).await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("failed to load credentials: environment: AWS_ACCESS_KEY_ID is not set"),
        "{err}"
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn unsigned_payload_is_signed_with_the_unsigned_payload_hash() {
    let server = TestServer::start_any_auth_for("mgn", vec![ok()]).await;
    Client::new(builder(&server).build(), &SERVICE)
        .invoke(&UNSIGNED_PAYLOAD, request())
        .await
        .unwrap();
    let requests = server.requests();
    let r = &requests[0];
    assert_eq!(r.header("x-amz-content-sha256"), Some("UNSIGNED-PAYLOAD"));
    // The server checks the signature with UNSIGNED-PAYLOAD as the payload hash, and that
    // x-amz-content-sha256 is among the signed headers.
    assert_eq!(r.signature, Ok(()));
    assert!(
        r.header("authorization")
            .unwrap()
            .contains("x-amz-content-sha256"),
        "{r:?}"
    );
    assert_eq!(r.body, BODY.as_bytes());

    // A signed payload carries no such header.
    let server = TestServer::start_any_auth_for("mgn", vec![ok()]).await;
    Client::new(builder(&server).build(), &SERVICE)
        .invoke(&OP, request())
        .await
        .unwrap();
    assert_eq!(server.requests()[0].header("x-amz-content-sha256"), None);
}

#[tokio::test]
async fn bearer_auth_sends_the_token_and_never_signs() {
    let server = TestServer::start_any_auth_for("mgn", vec![ok()]).await;
    // Credentials are configured too: a bearer operation does not sign with them.
    let client = Client::new(
        builder(&server)
            .token(Token::new(TOKEN, None))
            .max_attempts(1)
            .build(),
        &SERVICE,
    );
    client.invoke(&BEARER, request()).await.unwrap();
    let requests = server.requests();
    let r = &requests[0];
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(r.header("x-amz-date"), None);
    assert!(!format!("{client:?}").contains(TOKEN));
}

#[tokio::test]
async fn bearer_auth_failures_are_clear_and_never_show_the_token() {
    let server = TestServer::start_any_auth_for("mgn", vec![ok()]).await;
    let err = Client::new(anonymous(&server).build(), &SERVICE)
        .invoke(&BEARER, request())
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("no bearer token provider configured"),
        "{err}"
    );

    let expired = Token::new(
        TOKEN,
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)),
    );
    let client = Client::new(anonymous(&server).token(expired).build(), &SERVICE);
    let err = client.invoke(&BEARER, request()).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("the bearer token expired at 2023-11-14T22:13:20Z"),
        "{err}"
    );
    assert!(!format!("{err:?} {err}").contains(TOKEN));

    let invalid = Token::new(format!("{TOKEN}\n"), None);
    let err = Client::new(anonymous(&server).token(invalid).build(), &SERVICE)
        .invoke(&BEARER, request())
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("the bearer token contains characters not allowed in an HTTP header"),
        "{err}"
    );
    assert!(!format!("{err:?} {err}").contains(TOKEN));

    // Optional bearer auth: sent without a token instead.
    client.invoke(&OPTIONAL_BEARER, request()).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "only the optional call was sent");
    assert_unsigned(&requests[0]);
}
