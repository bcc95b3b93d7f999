//! What this crate's loopback tests share: the signature-checking test server of the runtime's
//! tests, a configuration that sends to it, and whether missing reference data fails.

#![allow(dead_code)]

#[path = "../../../../runtime/client/tests/reference/mod.rs"]
pub mod reference;
#[path = "../../../../runtime/client/tests/support/mod.rs"]
pub mod support;

/// The test region and credentials, the server's endpoint, no retries.
pub fn config(server: &support::TestServer) -> aws_client_runtime::Config {
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
