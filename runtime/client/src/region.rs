//! The region chain: `AWS_REGION`, `AWS_DEFAULT_REGION`, the selected profile's `region`,
//! then IMDS, as aws-client-core's [`region`](aws_client_core::region) resolves it, asking IMDS
//! through the default HTTP client when the [`ProviderConfig`] has none.

use crate::credentials::{ProviderConfig, with_default_http};

/// The region from the environment, the profile, or (on EC2) instance metadata (see
/// [`aws_client_core::region::default_region`]), with the default HTTP client unless
/// `config` has one.
pub async fn default_region(config: &ProviderConfig) -> Option<String> {
    aws_client_core::region::default_region(&with_default_http(config)).await
}
