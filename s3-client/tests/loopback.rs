//! S3's wire quirks and signing through the workspace's S3 client, against the loopback server, which checks S3-style SigV4 (the path signed
//! as sent, a signed `x-amz-content-sha256` equal to the body's hash or `UNSIGNED-PAYLOAD`).
//! The loopback endpoint is an IP address, so S3's rules address the bucket path-style.

#[path = "../../runtime/client/tests/support/mod.rs"]
mod support;

mod cases {
    use crate::support::{self, Reply, TestServer};
    use s3_client::Client;

    /// The test region and credentials, the server's endpoint, no retries.
    fn config(server: &TestServer) -> aws_client_runtime::Config {
        aws_client_runtime::Config::builder()
            .region(support::REGION)
            .credentials(aws_client_runtime::Credentials::new(
                support::ACCESS_KEY_ID,
                support::SECRET_ACCESS_KEY,
                None,
                None,
                "test",
            ))
            .endpoint_url(server.endpoint_url())
            .max_attempts(1)
            .build()
    }

    fn client(server: &TestServer, max_attempts: u32) -> Client {
        let config = config(server)
            .to_builder()
            .max_attempts(max_attempts)
            .initial_backoff(std::time::Duration::from_millis(1))
            .build();
        Client::from_conf(config)
    }

    fn xml(status: u16, body: &str) -> Reply {
        Reply::raw_body(status, "application/xml", body)
            .header("x-amz-request-id", "REQ1")
            .header("x-amz-id-2", "EXT/ID2==")
    }

    #[tokio::test]
    async fn a_bodyless_404_from_head_object_is_not_found() {
        let server = TestServer::start_for_s3(vec![xml(404, "")]).await;
        let error = client(&server, 3)
            .head_object()
            .bucket("mybucket")
            .key("missing.txt")
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.code(), Some("NotFound"));
        let metadata = error.error_metadata().unwrap();
        assert_eq!(metadata.request_id(), Some("REQ1"));
        assert_eq!(metadata.extended_request_id(), Some("EXT/ID2=="));
        match error.into_service_error() {
            Ok(s3_types::operation::HeadObjectError::NotFound(_)) => {}
            other => panic!("expected NotFound, got {other:?}"),
        }
        let sent = server.requests();
        assert_eq!(sent.len(), 1, "a 404 is not retried");
        assert_eq!(
            (sent[0].method.as_str(), sent[0].target.as_str()),
            ("HEAD", "/mybucket/missing.txt")
        );
        assert_eq!(sent[0].signature, Ok(()));
    }

    const INTERNAL_ERROR: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>R</RequestId><HostId>H</HostId></Error>";

    #[tokio::test]
    async fn an_error_inside_a_200_from_copy_object_is_retried() {
        let copied = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyObjectResult><LastModified>2009-10-12T17:50:30.000Z</LastModified><ETag>\"9b2cf535f27731c974343645a3985328\"</ETag></CopyObjectResult>";
        let server =
            TestServer::start_for_s3(vec![xml(200, INTERNAL_ERROR), xml(200, copied)]).await;
        let output = client(&server, 2)
            .copy_object()
            .bucket("mybucket")
            .key("copy.txt")
            .copy_source("source-bucket/original.txt")
            .send()
            .await
            .unwrap();
        let result = output.copy_object_result.unwrap();
        assert_eq!(
            result.e_tag.as_deref(),
            Some("\"9b2cf535f27731c974343645a3985328\"")
        );
        assert_eq!(output.request_id.as_deref(), Some("REQ1"));
        assert_eq!(output.extended_request_id.as_deref(), Some("EXT/ID2=="));
        let sent = server.requests();
        assert_eq!(sent.len(), 2, "the error inside the 200 was retried");
        for r in &sent {
            assert_eq!(
                (r.method.as_str(), r.target.as_str()),
                ("PUT", "/mybucket/copy.txt?x-id=CopyObject")
            );
            assert_eq!(
                r.header("x-amz-copy-source"),
                Some("source-bucket/original.txt")
            );
            assert_eq!(r.signature, Ok(()));
        }

        // When the attempts run out, the error inside the 200 is the call's error.
        let server = TestServer::start_for_s3(vec![xml(200, INTERNAL_ERROR)]).await;
        let error = client(&server, 1)
            .copy_object()
            .bucket("mybucket")
            .key("copy.txt")
            .copy_source("source-bucket/original.txt")
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.code(), Some("InternalError"));
        assert_eq!(
            error.message(),
            Some("We encountered an internal error. Please try again.")
        );
    }

    #[tokio::test]
    async fn get_bucket_location_reads_the_unwrapped_output() {
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">eu-west-1</LocationConstraint>";
        let server = TestServer::start_for_s3(vec![xml(200, body)]).await;
        let output = client(&server, 1)
            .get_bucket_location()
            .bucket("mybucket")
            .send()
            .await
            .unwrap();
        assert_eq!(
            output.location_constraint.as_ref().map(|c| c.as_str()),
            Some("eu-west-1")
        );
        let sent = server.requests();
        assert_eq!(sent[0].target, "/mybucket?location");
        assert_eq!(sent[0].signature, Ok(()));
    }

    #[tokio::test]
    async fn expires_is_read_leniently_and_kept_as_text() {
        let server = TestServer::start_for_s3(vec![
            xml(200, "").header("Expires", "in a while"),
            xml(200, "").header("Expires", "Thu, 01 Dec 1994 16:00:00 GMT"),
        ])
        .await;
        let client = client(&server, 1);
        let head = || client.head_object().bucket("mybucket").key("k").send();
        let output = head().await.unwrap();
        assert_eq!(output.expires, None, "not a date: unset, not an error");
        assert_eq!(output.expires_string.as_deref(), Some("in a while"));
        assert_eq!(output.request_id.as_deref(), Some("REQ1"));
        assert_eq!(output.extended_request_id.as_deref(), Some("EXT/ID2=="));
        let output = head().await.unwrap();
        assert_eq!(output.expires.map(|d| d.secs()), Some(786_297_600));
        assert_eq!(
            output.expires_string.as_deref(),
            Some("Thu, 01 Dec 1994 16:00:00 GMT")
        );
    }

    #[tokio::test]
    async fn keys_are_signed_as_sent_with_the_payload_hash() {
        let server = TestServer::start_for_s3(vec![xml(200, "hello"), xml(200, "")]).await;
        let client = client(&server, 1);
        // Dot segments and characters that are encoded: sent and signed as they are.
        let body = client
            .get_object()
            .bucket("mybucket")
            .key("a/../b c%.txt")
            .send()
            .await
            .unwrap()
            .body
            .collect()
            .await
            .unwrap();
        assert_eq!(&body[..], b"hello");
        client
            .put_object()
            .bucket("mybucket")
            .key("./upload.csv")
            .body(s3_types::primitives::ByteStream::from(
                b"a,b\n1,2\n".to_vec(),
            ))
            .send()
            .await
            .unwrap();
        let sent = server.requests();
        assert_eq!(sent[0].target, "/mybucket/a/../b%20c%25.txt?x-id=GetObject");
        assert_eq!(sent[1].target, "/mybucket/./upload.csv?x-id=PutObject");
        for r in &sent {
            assert_eq!(r.signature, Ok(()), "{}", r.target);
        }
        // GET's empty body and PUT's bytes, hashed.
        assert_eq!(
            sent[0].header("x-amz-content-sha256"),
            Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
        assert_eq!(sent[1].body, b"a,b\n1,2\n");
        assert_eq!(sent[1].header("content-length"), Some("8"));
    }

    #[tokio::test]
    async fn a_file_uploads_as_a_stream_with_its_content_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("servers.csv");
        let data: Vec<u8> = (0..200_000u32)
            .map(|i| b"0123456789,\n"[i as usize % 12])
            .collect();
        std::fs::write(&path, &data).unwrap();
        let server = TestServer::start_for_s3(vec![
            xml(200, "").header("ETag", "\"e\""),
            xml(200, "").header("ETag", "\"e\""),
        ])
        .await;
        // Without a checksum (`when_required`: PutObject does not require one), the file is
        // the body as it is.
        let config = config(&server)
            .to_builder()
            .request_checksum_calculation(
                aws_client_runtime::checksum::RequestChecksumCalculation::WhenRequired,
            )
            .build();
        let output = Client::from_conf(config)
            .put_object()
            .bucket("mybucket")
            .key("servers.csv")
            .body(aws_client_runtime::http::stream_file(&path).await.unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(output.e_tag.as_deref(), Some("\"e\""));
        // By default (`when_supported`) its CRC32 follows in an aws-chunked trailer, and the
        // Content-Length is that of the encoding, known before sending too.
        client(&server, 1)
            .put_object()
            .bucket("mybucket")
            .key("servers.csv")
            .body(aws_client_runtime::http::stream_file(&path).await.unwrap())
            .send()
            .await
            .unwrap();
        let sent = server.requests();
        assert_eq!(sent[1].header("content-encoding"), Some("aws-chunked"));
        assert_eq!(
            sent[1].header("x-amz-decoded-content-length"),
            Some("200000")
        );
        assert_eq!(
            sent[1].header("content-length"),
            Some(sent[1].body.len().to_string().as_str())
        );
        assert_eq!(
            sent[1].header("x-amz-trailer"),
            Some("x-amz-checksum-crc32")
        );
        assert_eq!(sent[1].signature, Ok(()));

        assert_eq!(sent[0].header("content-length"), Some("200000"));
        assert_eq!(sent[0].header("transfer-encoding"), None);
        // A stream cannot be hashed before it is sent.
        assert_eq!(
            sent[0].header("x-amz-content-sha256"),
            Some("UNSIGNED-PAYLOAD")
        );
        assert_eq!(sent[0].body, data);
        assert_eq!(sent[0].signature, Ok(()));
    }

    #[tokio::test]
    async fn list_objects_v2_sends_the_bucket_path_style() {
        let body = "<ListBucketResult><Name>mybucket</Name><KeyCount>1</KeyCount><IsTruncated>false</IsTruncated><Contents><Key>a.csv</Key><Size>3</Size></Contents></ListBucketResult>";
        let server = TestServer::start_for_s3(vec![xml(200, body)]).await;
        let output = client(&server, 1)
            .list_objects_v2()
            .bucket("mybucket")
            .prefix("a")
            .send()
            .await
            .unwrap();
        let keys: Vec<_> = output
            .contents
            .unwrap_or_default()
            .into_iter()
            .filter_map(|o| o.key)
            .collect();
        assert_eq!(keys, ["a.csv"]);
        let sent = server.requests();
        assert_eq!(sent[0].target, "/mybucket?list-type=2&prefix=a");
        assert_eq!(sent[0].signature, Ok(()));
    }
}

/// Virtual-hosted addressing and presigned URLs, with S3's real endpoints: an HTTP client
/// that sends every request to the loopback server instead (its Host header unchanged), or a
/// plain socket to it for a presigned request, so that nothing leaves 127.0.0.1.
mod addressing {
    use crate::support::{self, Reply, TestServer};
    use aws_client_runtime::http::{DefaultHttpClient, HttpClient, HttpFuture};
    use aws_client_runtime::presigning::{PresignedRequest, PresigningConfig};
    use s3_client::Client;
    use std::time::Duration;

    /// Sends to `to` whatever host a request names, over plain HTTP, keeping its Host header.
    #[derive(Debug)]
    struct ToLoopback {
        to: std::net::SocketAddr,
        inner: DefaultHttpClient,
    }

    impl HttpClient for ToLoopback {
        fn send(&self, mut request: http::Request<bytes::Bytes>) -> HttpFuture<'_> {
            let path = request
                .uri()
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_owned();
            *request.uri_mut() = format!("http://{}{path}", self.to).parse().unwrap();
            self.inner.send(request)
        }
    }

    /// A client of S3's real endpoints (no endpoint URL), in the test region.
    fn client(server: &TestServer) -> Client {
        let to = server
            .endpoint_url()
            .trim_start_matches("http://")
            .parse()
            .unwrap();
        let config = aws_client_runtime::Config::builder()
            .region(support::REGION)
            .credentials(aws_client_runtime::Credentials::new(
                support::ACCESS_KEY_ID,
                support::SECRET_ACCESS_KEY,
                None,
                None,
                "test",
            ))
            .http_client(ToLoopback {
                to,
                inner: DefaultHttpClient::new(None),
            })
            .max_attempts(1)
            .build();
        Client::from_conf(config)
    }

    fn fifteen_minutes() -> PresigningConfig {
        PresigningConfig::expires_in(Duration::from_secs(900)).unwrap()
    }

    /// Sends a presigned request as it is to `server`, with `body`; returns the status line.
    async fn send_presigned(
        server: &TestServer,
        request: &PresignedRequest,
        body: &[u8],
    ) -> String {
        server
            .send_presigned(request.method(), request.uri(), request.headers(), body)
            .await
    }

    #[tokio::test]
    async fn a_bucket_that_can_be_a_host_name_is_addressed_virtual_hosted() {
        let server = TestServer::start_for_s3(vec![
            Reply::raw_body(200, "text/csv", "a,b\n").header("ETag", "\"e\""),
            Reply::raw_body(200, "application/xml", ""),
        ])
        .await;
        let client = client(&server);
        let object = client
            .get_object()
            .bucket("mybucket")
            .key("imports/servers.csv")
            .send()
            .await
            .unwrap();
        assert_eq!(object.body.collect().await.unwrap().as_ref(), b"a,b\n");
        // A bucket name with dots cannot be a host name under TLS: path-style.
        client
            .head_object()
            .bucket("my.bucket")
            .key("k")
            .send()
            .await
            .unwrap();
        let sent = server.requests();
        assert_eq!(
            sent[0].header("host"),
            Some("mybucket.s3.us-east-1.amazonaws.com")
        );
        assert_eq!(sent[0].target, "/imports/servers.csv?x-id=GetObject");
        assert_eq!(sent[1].header("host"), Some("s3.us-east-1.amazonaws.com"));
        assert_eq!(sent[1].target, "/my.bucket/k");
        for r in &sent {
            assert_eq!(r.signature, Ok(()), "{}", r.target);
        }
    }

    #[tokio::test]
    async fn a_presigned_get_object_url_downloads_without_credentials() {
        let server =
            TestServer::start_for_s3(vec![Reply::raw_body(200, "text/csv", "a,b\n")]).await;
        let presigned = client(&server)
            .get_object()
            .bucket("mybucket")
            .key("imports/servers 1.csv")
            .presigned(fifteen_minutes())
            .await
            .unwrap();
        assert_eq!(presigned.method(), "GET");
        assert!(
            presigned.uri().starts_with(
                "https://mybucket.s3.us-east-1.amazonaws.com/imports/servers%201.csv?"
            ),
            "{}",
            presigned.uri()
        );
        // No checksum mode, no SDK headers: the URL alone makes the request.
        assert_eq!(presigned.headers().count(), 0);
        let status = send_presigned(&server, &presigned, b"").await;
        assert!(status.contains(" 200 "), "{status}");
        assert_eq!(server.requests()[0].signature, Ok(()));
    }

    #[tokio::test]
    async fn a_presigned_put_object_url_uploads_any_body_unsigned() {
        let server = TestServer::start_for_s3(vec![
            Reply::raw_body(200, "application/xml", ""),
            Reply::raw_body(200, "application/xml", ""),
        ])
        .await;
        let presigned = client(&server)
            .put_object()
            .bucket("mybucket")
            .key("servers.csv")
            .presigned(fifteen_minutes())
            .await
            .unwrap();
        assert_eq!(presigned.method(), "PUT");
        // The protocol's application/octet-stream is left out, and no checksum is planned:
        // the sender's own body is not known when presigning.
        assert_eq!(presigned.headers().count(), 0, "{presigned:?}");
        for body in [&b"a,b\n1,2\n"[..], b"another body"] {
            let status = send_presigned(&server, &presigned, body).await;
            assert!(status.contains(" 200 "), "{status}");
        }
        for sent in server.requests() {
            assert_eq!(sent.signature, Ok(()));
        }

        // A content type the caller sets is signed and must be sent.
        let typed = client(&server)
            .put_object()
            .bucket("mybucket")
            .key("servers.csv")
            .content_type("text/csv")
            .presigned(fifteen_minutes())
            .await
            .unwrap();
        assert_eq!(
            typed.headers().collect::<Vec<_>>(),
            [("content-type", "text/csv")]
        );
    }
}
