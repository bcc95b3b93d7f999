//! The official S3 model's `aws.protocols#httpChecksum` as the generator reads it, for every
//! operation that has the trait: the request algorithm and validation mode members resolve to
//! their headers, the required flag is kept, and only the response algorithms the runtime can
//! compute are listed (S3 also lists SHA512, MD5 and XXHASH*). S3 as a whole does not generate
//! until its endpoint functions land (the S3 issue); this checks the checksum part on its own.
//! The model lives outside the project (`../shared/reference/`): its absence fails under CI or
//! with `REQUIRE_REFERENCE=1`, and is a printed skip otherwise.

use std::path::Path;

use smithy_codegen::checksum::{HttpChecksum, resolve};
use smithy_codegen::load::{Model, ShapeKind};

#[path = "../../runtime/client/tests/reference/mod.rs"]
mod reference;

fn s3() -> Option<Model> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let path = reference::find(root, "aws-models/s3-2006-03-01.json", "s3_checksums")?;
    Some(Model::load(&[path]).unwrap())
}

fn checksum(model: &Model, op: &str) -> Option<HttpChecksum> {
    let op = model.shape(&format!("com.amazonaws.s3#{op}")).unwrap();
    let ShapeKind::Operation { input, .. } = &op.kind else {
        panic!("{op:?} is not an operation");
    };
    resolve(op, model.shape(input).unwrap()).unwrap()
}

#[test]
fn s3_operations_get_their_checksums() {
    let Some(model) = s3() else { return };
    let put = checksum(&model, "PutObject").unwrap();
    assert_eq!(
        put,
        HttpChecksum {
            request_algorithm_header: Some("x-amz-sdk-checksum-algorithm".into()),
            request_checksum_required: false,
            response_validation_header: None,
            response_algorithms: vec![],
        }
    );
    assert_eq!(checksum(&model, "UploadPart"), Some(put));
    let delete = checksum(&model, "DeleteObjects").unwrap();
    assert!(delete.request_checksum_required);
    assert!(delete.has_request_checksum());
    let get = checksum(&model, "GetObject").unwrap();
    assert_eq!(
        get,
        HttpChecksum {
            request_algorithm_header: None,
            request_checksum_required: false,
            response_validation_header: Some("x-amz-checksum-mode".into()),
            response_algorithms: vec!["Crc64Nvme", "Crc32", "Crc32c", "Sha256", "Sha1"],
        }
    );
    assert_eq!(checksum(&model, "HeadObject"), None);
    assert_eq!(checksum(&model, "ListObjectsV2"), None);

    // Every operation with the trait resolves (headers bound, flags well-formed).
    let mut with_trait = 0;
    for shape in model.shapes() {
        if let ShapeKind::Operation { input, .. } = &shape.kind
            && shape.traits.has("aws.protocols#httpChecksum")
        {
            let resolved = resolve(shape, model.shape(input).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", shape.id));
            assert!(resolved.is_some());
            with_trait += 1;
        }
    }
    assert!(with_trait >= 30, "{with_trait}");
}
