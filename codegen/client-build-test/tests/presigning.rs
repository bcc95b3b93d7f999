//! Presigned requests through the MGN client this crate's build.rs generates: `presigned()`
//! resolves the endpoint and signs in the query string without sending anything; a plain HTTP
//! request without credentials (written on a TCP socket here) then makes the call, and the
//! loopback server checks the presigned signature as a service would (scope, validity window,
//! session token, signature over the query, the headers and the body or UNSIGNED-PAYLOAD).

mod common;

use aws_client_runtime::presigning::{PresignedRequest, PresigningConfig};
use codegen_client_build_test::Client;
use common::support::{self, Recorded, Reply, TestServer};
use std::time::{Duration, SystemTime};

const ARN: &str = "arn:aws:mgn:us-east-1:123456789012:source-server/s-1 2/x";

fn fifteen_minutes() -> PresigningConfig {
    PresigningConfig::expires_in(Duration::from_secs(900)).unwrap()
}

/// Sends `request` as it is, with its body; returns the response's status line.
async fn send_plain(server: &TestServer, request: &PresignedRequest) -> String {
    send_with_body(server, request, request.body()).await
}

/// [`send_plain`] with another body than the presigned one.
async fn send_with_body(server: &TestServer, request: &PresignedRequest, body: &[u8]) -> String {
    server
        .send_presigned(request.method(), request.uri(), request.headers(), body)
        .await
}

fn only_request(server: &TestServer) -> Recorded {
    let mut requests = server.requests();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
        .map(str::to_owned)
}

#[cfg(no_reference_model)]
#[test]
fn needs_the_official_model() {
    common::reference::missing(
        std::path::Path::new(env!("MISSING_REFERENCE_MODEL")),
        "the presigning tests",
    );
}

#[cfg(not(no_reference_model))]
mod with_reference {
    use super::*;

    #[tokio::test]
    async fn a_presigned_get_works_without_credentials() {
        let server = TestServer::start(vec![Reply::json(200, r#"{"tags":{"team":"mig"}}"#)]).await;
        let client = Client::from_conf(common::config(&server));
        let presigned = client
            .list_tags_for_resource()
            .resource_arn(ARN)
            .presigned(fifteen_minutes())
            .await
            .unwrap();
        // Nothing was sent by presigning.
        assert!(server.requests().is_empty());

        assert_eq!(presigned.method(), "GET");
        let url = presigned.uri();
        assert!(
            url.starts_with(&format!(
                "{}/tags/arn%3Aaws%3Amgn%3Aus-east-1%3A123456789012%3Asource-server%2Fs-1%202%2Fx?",
                server.endpoint_url()
            )),
            "{url}"
        );
        assert_eq!(
            query_param(url, "X-Amz-Algorithm").as_deref(),
            Some("AWS4-HMAC-SHA256")
        );
        assert_eq!(query_param(url, "X-Amz-Expires").as_deref(), Some("900"));
        assert_eq!(
            query_param(url, "X-Amz-SignedHeaders").as_deref(),
            Some("host")
        );
        assert_eq!(query_param(url, "X-Amz-Security-Token"), None);
        // The SDK's own headers are not part of a presigned request.
        assert_eq!(presigned.headers().count(), 0);
        assert!(presigned.body().is_empty());

        let status = send_plain(&server, &presigned).await;
        assert!(status.contains(" 200 "), "{status}");
        let sent = only_request(&server);
        assert_eq!(sent.signature, Ok(()));
        assert_eq!(sent.header("authorization"), None);
    }

    #[tokio::test]
    async fn a_presigned_post_signs_its_body_but_not_the_protocols_content_type() {
        let server = TestServer::start(vec![Reply::json(200, ""), Reply::json(200, "")]).await;
        let client = Client::from_conf(common::config(&server));
        let presigned = client
            .tag_resource()
            .resource_arn(ARN)
            .tags("team", "mig")
            .presigned(fifteen_minutes())
            .await
            .unwrap();
        assert_eq!(presigned.method(), "POST");
        assert_eq!(presigned.body(), br#"{"tags":{"team":"mig"}}"#);
        // restJson1's `application/json` is the protocol's, so it is left out.
        assert_eq!(presigned.headers().count(), 0);

        let status = send_plain(&server, &presigned).await;
        assert!(status.contains(" 200 "), "{status}");
        assert_eq!(only_request(&server).signature, Ok(()));

        // Another body than the one presigned does not verify.
        let status = send_with_body(&server, &presigned, br#"{"tags":{"team":"ops"}}"#).await;
        assert!(status.contains(" 403 "), "{status}");
        let refused = server.requests().pop().unwrap().signature.unwrap_err();
        assert!(refused.contains("mismatch"), "{refused}");
    }

    #[tokio::test]
    async fn session_credentials_put_the_token_in_the_query() {
        let server = TestServer::start_with(
            vec![Reply::json(200, r#"{"tags":{}}"#)],
            Some(support::SESSION_TOKEN),
        )
        .await;
        let config = common::config(&server)
            .to_builder()
            .credentials(aws_client_runtime::Credentials::new(
                support::ACCESS_KEY_ID,
                support::SECRET_ACCESS_KEY,
                Some(support::SESSION_TOKEN.to_owned()),
                None,
                "test",
            ))
            .build();
        let presigned = Client::from_conf(config)
            .list_tags_for_resource()
            .resource_arn(ARN)
            .presigned(fifteen_minutes())
            .await
            .unwrap();
        assert!(query_param(presigned.uri(), "X-Amz-Security-Token").is_some());
        // The token is a secret: Debug shows neither it nor the signature.
        let debug = format!("{presigned:?}");
        assert!(!debug.contains("X-Amz-Security-Token"), "{debug}");
        assert!(!debug.contains("X-Amz-Signature"), "{debug}");

        let status = send_plain(&server, &presigned).await;
        assert!(status.contains(" 200 "), "{status}");
        assert_eq!(only_request(&server).signature, Ok(()));
    }

    #[tokio::test]
    async fn an_expired_presigned_request_is_refused() {
        let server = TestServer::start(vec![]).await;
        let client = Client::from_conf(common::config(&server));
        let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
        let presigned = client
            .list_tags_for_resource()
            .resource_arn(ARN)
            .presigned(
                PresigningConfig::builder()
                    .start_time(an_hour_ago)
                    .expires_in(Duration::from_secs(60))
                    .build()
                    .unwrap(),
            )
            .await
            .unwrap();
        let status = send_plain(&server, &presigned).await;
        assert!(status.contains(" 403 "), "{status}");
        let refused = only_request(&server).signature.unwrap_err();
        assert!(refused.contains("expired"), "{refused}");
    }

    #[tokio::test]
    async fn presigning_without_credentials_is_an_error_naming_the_operation() {
        let server = TestServer::start(vec![]).await;
        let config = aws_client_runtime::Config::builder()
            .region(support::REGION)
            .endpoint_url(server.endpoint_url())
            .build();
        let err = Client::from_conf(config)
            .list_tags_for_resource()
            .resource_arn(ARN)
            .presigned(fifteen_minutes())
            .await
            .unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("`ListTagsForResource` cannot be presigned without credentials"),
            "{message}"
        );
    }
}
