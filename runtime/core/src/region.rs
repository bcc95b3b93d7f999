//! The region chain: `AWS_REGION`, `AWS_DEFAULT_REGION`, the selected profile's `region`,
//! then IMDS (`/latest/meta-data/placement/region`), as aws-config resolves it.

use crate::credentials::ProviderConfig;
use crate::credentials::imds::{self, ImdsSession};

/// The region from the environment, the profile, or (on EC2) instance metadata; `None`
/// if no source names one. Problems (an unreadable profile file, IMDS unreachable) are
/// logged at debug level and the next source is tried: a missing region is reported when
/// a call needs one.
pub async fn default_region(config: &ProviderConfig) -> Option<String> {
    for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
        if let Some(region) = config.env(name) {
            tracing::debug!(source = name, "region from the environment");
            return Some(region.trim().to_owned());
        }
    }
    match config.profiles().await {
        Ok(set) => {
            if let Some(region) = set.selected().and_then(|p| p.get("region")) {
                tracing::debug!(
                    source = "profile",
                    profile = set.selected_name(),
                    "region from the profile"
                );
                return Some(region.to_owned());
            }
        }
        Err(e) => tracing::debug!(error = %e, "profile files unusable for the region"),
    }
    imds_region(config).await
}

async fn imds_region(config: &ProviderConfig) -> Option<String> {
    if imds::disabled(config) {
        tracing::debug!(
            source = "IMDS",
            "region: IMDS disabled by AWS_EC2_METADATA_DISABLED"
        );
        return None;
    }
    let session = match ImdsSession::start(config).await {
        Ok(s) => s,
        Err(e) => {
            tracing::debug!(error = %e.into_error(), "region: IMDS unavailable");
            return None;
        }
    };
    match session.get("/latest/meta-data/placement/region").await {
        Ok(Some(region)) if !region.trim().is_empty() => {
            tracing::debug!(source = "IMDS", "region from instance metadata");
            Some(region.trim().to_owned())
        }
        Ok(_) => None,
        Err(e) => {
            tracing::debug!(error = %e, "region: IMDS request failed");
            None
        }
    }
}
