//! JSON round trips of the WIRE.md examples: request bodies (section 1) and 202 bodies
//! (section 2), asserting exact values.

use mgn_types::error::BuildError;
use mgn_types::operation::{StartImportInput, StartImportOutput};
use mgn_types::types::{ImportStatus, ImportTaskSummaryServers, S3BucketSource};

fn source() -> S3BucketSource {
    S3BucketSource::builder()
        .s3_bucket("my-bucket")
        .s3_key("ok.csv")
        .build()
        .unwrap()
}

#[test]
fn request_body_is_compact_and_omits_unset_members() {
    let input = StartImportInput::builder()
        .client_token("9afc0be0-abad-4d20-8655-e28afa96d333")
        .s3_bucket_source(source())
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_string(&input).unwrap(),
        r#"{"clientToken":"9afc0be0-abad-4d20-8655-e28afa96d333","s3BucketSource":{"s3Bucket":"my-bucket","s3Key":"ok.csv"}}"#
    );
}

#[test]
fn request_body_with_owner_and_empty_token() {
    let input = StartImportInput::builder()
        .client_token("")
        .s3_bucket_source(
            S3BucketSource::builder()
                .s3_bucket("b")
                .s3_key("k.csv")
                .s3_bucket_owner("111122223333")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_string(&input).unwrap(),
        r#"{"clientToken":"","s3BucketSource":{"s3Bucket":"b","s3Key":"k.csv","s3BucketOwner":"111122223333"}}"#
    );
    let back: StartImportInput =
        serde_json::from_str(&serde_json::to_string(&input).unwrap()).unwrap();
    assert_eq!(back, input);
}

#[test]
fn required_members_are_not_options_and_builders_name_what_is_missing() {
    let err = StartImportInput::builder()
        .client_token("t")
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        BuildError::missing_member("StartImportInput", "s3_bucket_source")
    );
    assert_eq!(
        err.to_string(),
        "`s3_bucket_source` is required to build `StartImportInput` but was not set"
    );
    let err = S3BucketSource::builder()
        .s3_bucket("b")
        .build()
        .unwrap_err();
    assert_eq!(err.member(), "s3_key");
    let bucket: &String = &source().s3_bucket;
    assert_eq!(bucket, "my-bucket");
}

#[test]
fn full_response_reads_every_member() {
    let body = r#"{"importTask":{"importID":"import-1234567890abcdef0","s3BucketSource":{"s3Bucket":"my-bucket","s3Key":"ok.csv","s3BucketOwner":"111122223333"},"creationDateTime":"2024-01-01T00:00:00Z","endDateTime":"2024-01-01T00:05:00Z","status":"SUCCEEDED","progressPercentage":100.0,"summary":{"waves":{"createdCount":1,"modifiedCount":2},"applications":{"createdCount":3,"modifiedCount":4},"servers":{"createdCount":5,"modifiedCount":6}}}}"#;
    let out: StartImportOutput = serde_json::from_str(body).unwrap();
    let task = out.import_task.unwrap();
    assert_eq!(task.import_id.as_deref(), Some("import-1234567890abcdef0"));
    assert_eq!(task.status, Some(ImportStatus::Succeeded));
    assert_eq!(task.progress_percentage, Some(100.0));
    assert_eq!(
        task.creation_date_time.as_deref(),
        Some("2024-01-01T00:00:00Z")
    );
    let source = task.s3_bucket_source.unwrap();
    assert_eq!(source.s3_bucket_owner.as_deref(), Some("111122223333"));
    let summary = task.summary.unwrap();
    assert_eq!(
        summary.servers,
        Some(ImportTaskSummaryServers {
            created_count: 5,
            modified_count: 6
        })
    );
    assert_eq!(summary.applications.unwrap().modified_count, 4);
}

#[test]
fn unknown_enum_values_and_unknown_fields_are_kept_or_skipped() {
    let body = r#"{"importTask":{"status":"FUTURE_STATUS","futureMember":{"deep":[1,2,{"x":null}]},"summary":{"servers":{"createdCount":1,"newCount":9}}},"topLevelNew":true}"#;
    let out: StartImportOutput = serde_json::from_str(body).unwrap();
    let task = out.import_task.unwrap();
    let status = task.status.unwrap();
    assert_eq!(status, ImportStatus::Unknown("FUTURE_STATUS".to_owned()));
    assert_eq!(status.as_str(), "FUTURE_STATUS");
    assert_eq!(
        serde_json::to_string(&status).unwrap(),
        r#""FUTURE_STATUS""#
    );
    assert_eq!(ImportStatus::from("PENDING"), ImportStatus::Pending);
    assert_eq!(task.summary.unwrap().servers.unwrap().created_count, 1);
}

#[test]
fn missing_or_null_counts_read_as_zero() {
    let body = r#"{"importTask":{"summary":{"waves":{},"servers":{"createdCount":null,"modifiedCount":7}}}}"#;
    let out: StartImportOutput = serde_json::from_str(body).unwrap();
    let summary = out.import_task.unwrap().summary.unwrap();
    assert_eq!(
        summary.waves,
        Some(mgn_types::types::ImportTaskSummaryWaves {
            created_count: 0,
            modified_count: 0
        })
    );
    let servers = summary.servers.unwrap();
    assert_eq!((servers.created_count, servers.modified_count), (0, 7));
}

#[test]
fn non_finite_progress_uses_rest_json_strings() {
    for (text, check) in [
        (r#""NaN""#, f32::is_nan as fn(f32) -> bool),
        (r#""Infinity""#, |v: f32| v == f32::INFINITY),
        (r#""-Infinity""#, |v: f32| v == f32::NEG_INFINITY),
        ("42.5", |v: f32| v == 42.5),
    ] {
        let body = format!(r#"{{"importTask":{{"progressPercentage":{text}}}}}"#);
        let out: StartImportOutput = serde_json::from_str(&body).unwrap();
        let task = out.import_task.unwrap();
        let value = task.progress_percentage.unwrap();
        assert!(check(value), "{text} read as {value}");
        assert_eq!(
            serde_json::to_string(&task).unwrap(),
            format!(r#"{{"progressPercentage":{text}}}"#)
        );
    }
    let err = serde_json::from_str::<StartImportOutput>(
        r#"{"importTask":{"progressPercentage":"lots"}}"#,
    );
    assert!(err.is_err());
}

/// The public serde is the user's: a missing required member is an error there. Client error
/// correction (zero values) happens on the client's response path only (mgn-client's tests).
#[test]
fn public_serde_refuses_a_missing_required_member() {
    let err = serde_json::from_str::<S3BucketSource>("{}").unwrap_err();
    assert!(
        err.to_string().contains("missing field `s3Bucket`"),
        "{err}"
    );
    let body = r#"{"importTask":{"s3BucketSource":{"s3Key":"ok.csv"}}}"#;
    let err = serde_json::from_str::<StartImportOutput>(body).unwrap_err();
    assert!(
        err.to_string().contains("missing field `s3Bucket`"),
        "{err}"
    );
    // Optional members may be absent; unknown fields are ignored.
    let source: S3BucketSource =
        serde_json::from_str(r#"{"s3Bucket":"b","s3Key":"k","extra":1}"#).unwrap();
    assert_eq!(source.s3_bucket_owner, None);
}

#[test]
fn empty_body_means_no_import_task() {
    let out: StartImportOutput = serde_json::from_str("{}").unwrap();
    assert_eq!(out, StartImportOutput::default());
    assert!(out.import_task.is_none());
}

#[test]
fn modeled_errors_read_their_members_and_display_code_and_message() {
    use mgn_types::error::{ConflictException, ValidationException};
    use mgn_types::operation::StartImportError;
    use mgn_types::types::ValidationExceptionReason;

    let conflict: ConflictException = serde_json::from_str(
        r#"{"message":"busy","code":"X","resourceId":"r-1","resourceType":"IMPORT","errors":[{"code":"c","message":"m","resourceId":"id","resourceType":"t"}]}"#,
    )
    .unwrap();
    assert_eq!(
        conflict.errors.as_ref().unwrap()[0].resource_id.as_deref(),
        Some("id")
    );
    let error = StartImportError::from(conflict);
    assert!(error.is_conflict_exception());
    assert_eq!(error.code(), Some("ConflictException"));
    assert_eq!(error.message(), Some("busy"));
    assert_eq!(error.to_string(), "ConflictException: busy");

    let validation: ValidationException =
        serde_json::from_str(r#"{"message":"bad","reason":"fieldValidationFailed","fieldList":[{"name":"s3Key","message":"must end in .csv"}]}"#)
            .unwrap();
    assert_eq!(
        validation.reason,
        Some(ValidationExceptionReason::FieldValidationFailed)
    );
    assert_eq!(
        validation.field_list.unwrap()[0].name.as_deref(),
        Some("s3Key")
    );

    let unhandled = StartImportError::Unhandled(mgn_types::error::Unhandled {
        code: Some("ThrottlingException".into()),
        message: Some("slow down".into()),
        request_id: Some("req-1".into()),
    });
    assert_eq!(unhandled.code(), Some("ThrottlingException"));
    assert_eq!(unhandled.to_string(), "ThrottlingException: slow down");
    assert!(!unhandled.is_validation_exception());
}
