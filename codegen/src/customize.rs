//! The one place that says which service-specific customizations a service gets. Everything
//! else the generator does follows from the protocol and the traits of the model; these are
//! the behaviours aws-sdk-rust adds for a service by name because no trait says them.
//!
//! A service is recognized by its shape id, as smithy-rs recognizes it.

/// The shape id of Amazon S3 (the official model's and the protocol tests').
pub const S3: &str = "com.amazonaws.s3#AmazonS3";

/// The customizations of one service.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Customizations {
    /// Sign as S3 wants (`SigningSettings::S3`): the path encoded once and not normalized,
    /// `x-amz-content-sha256` on every request.
    pub s3_signing: bool,
    /// S3's error rules (`ErrorRules::S3`): errors inside 2xx responses, body-less 404s as
    /// `NotFound`.
    pub s3_errors: bool,
    /// `Expires` output headers (`smithy.api#httpHeader("Expires")` timestamps) read
    /// leniently: a value that is not a date leaves the member unset instead of failing the
    /// call, and the raw text is kept in a string member beside it (`expires_string`), as
    /// aws-sdk-s3 does (S3 returns whatever the object was stored with).
    pub lenient_expires: bool,
    /// Outputs carry the request id (`x-amz-request-id`) and the extended request id
    /// (`x-amz-id-2`) as members `RequestId` and `ExtendedRequestId`, as aws-sdk-s3's outputs
    /// give them (`request_id()`, `extended_request_id()`); errors have them in their
    /// metadata.
    pub request_ids_in_outputs: bool,
    /// The bucket is part of the endpoint, not of the request's path: a leading `/{Bucket}`
    /// is removed from every operation's URI (see [`strip_bucket`]). S3's endpoint rules put
    /// the bucket in the host (virtual-hosted) or in the endpoint URL's path (path-style),
    /// from the `Bucket` context parameter, as smithy-rs arranges it for aws-sdk-s3.
    pub bucket_in_endpoint: bool,
}

impl Customizations {
    /// The customizations of the service `service_id`.
    pub fn of(service_id: &str) -> Customizations {
        if service_id == S3 {
            Customizations {
                s3_signing: true,
                s3_errors: true,
                lenient_expires: true,
                request_ids_in_outputs: true,
                bucket_in_endpoint: true,
            }
        } else {
            Customizations::default()
        }
    }
}

/// `uri` without a leading `/{Bucket}` label segment: `/{Bucket}/{Key+}?tagging` becomes
/// `/{Key+}?tagging`, `/{Bucket}?location` becomes `?location` and `/{Bucket}` the empty
/// path: the request goes to the endpoint URL's own path (see the runtime's `HttpRequest`),
/// `/BUCKET` path-style, `/` virtual-hosted. Other URIs are returned unchanged. The `Bucket`
/// member stays a label member: it is no longer written to the path, only read by the
/// endpoint rules.
pub fn strip_bucket(uri: &str) -> String {
    const BUCKET: &str = "/{Bucket}";
    match uri.strip_prefix(BUCKET) {
        Some(rest) if rest.is_empty() || rest.starts_with(['?', '/']) => rest.to_owned(),
        _ => uri.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_s3_is_customized() {
        let s3 = Customizations::of("com.amazonaws.s3#AmazonS3");
        assert!(s3.s3_signing && s3.s3_errors && s3.lenient_expires && s3.request_ids_in_outputs);
        assert!(s3.bucket_in_endpoint);
        for other in [
            "com.amazonaws.mgn#ApplicationMigrationService",
            "com.amazonaws.s3control#AWSS3ControlServiceV20180820",
            "com.example#AmazonS3",
        ] {
            assert_eq!(
                Customizations::of(other),
                Customizations::default(),
                "{other}"
            );
        }
    }

    #[test]
    fn the_bucket_leaves_the_path() {
        for (uri, stripped) in [
            ("/{Bucket}/{Key+}?tagging", "/{Key+}?tagging"),
            ("/{Bucket}/{Key+}", "/{Key+}"),
            ("/{Bucket}?location", "?location"),
            ("/{Bucket}?list-type=2", "?list-type=2"),
            ("/{Bucket}", ""),
            ("/{Bucket}/", "/"),
            ("/", "/"),
            ("/WriteGetObjectResponse", "/WriteGetObjectResponse"),
            ("/{BucketName}/x", "/{BucketName}/x"),
            ("/x/{Bucket}", "/x/{Bucket}"),
        ] {
            assert_eq!(strip_bucket(uri), stripped, "{uri}");
        }
    }
}
