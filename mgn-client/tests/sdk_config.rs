//! `Client::new(&SdkConfig)`, which the runtime's `aws-config` feature supplies (through
//! `aws_client_runtime::__sdk_config_constructor!`), for users of `aws-config`.
#![cfg(feature = "aws-config")]

use mgn_client::runtime::deps::aws_types::{SdkConfig, region::Region};

#[test]
fn a_client_from_an_sdk_config_takes_its_settings() {
    let sdk = SdkConfig::builder()
        .region(Region::new("eu-west-3"))
        .endpoint_url("http://127.0.0.1:9")
        .build();
    let client = mgn_client::Client::new(&sdk);
    assert_eq!(client.config().region(), Some("eu-west-3"));
    assert_eq!(client.config().endpoint_url(), Some("http://127.0.0.1:9"));
}
