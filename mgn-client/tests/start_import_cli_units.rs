//! The `start_import` example's own modules, compiled in here: the formatting that its progress
//! bar (a terminal, which a test cannot be) and its plain lines share, the error table, and the
//! argument parsing. `example_cli.rs` runs the example as a process.

#[allow(dead_code)]
#[path = "../examples/start_import/args.rs"]
mod args;
#[allow(dead_code)]
#[path = "../examples/start_import/report.rs"]
mod report;

use mgn_client::types::{
    ImportErrorData, ImportErrorType, ImportStatus, ImportTask, ImportTaskError, ImportTaskSummary,
    ImportTaskSummaryApplications, ImportTaskSummaryServers,
};
use report::Progress;
use std::time::Duration;

fn task(
    id: &str,
    status: ImportStatus,
    progress: Option<f32>,
    servers: Option<(i64, i64)>,
) -> ImportTask {
    ImportTask {
        import_id: Some(id.to_owned()),
        status: Some(status),
        progress_percentage: progress,
        summary: servers.map(|(created, modified)| ImportTaskSummary {
            servers: Some(ImportTaskSummaryServers {
                created_count: created,
                modified_count: modified,
            }),
            applications: Some(ImportTaskSummaryApplications {
                created_count: 1,
                modified_count: 0,
            }),
            waves: None,
        }),
        ..ImportTask::default()
    }
}

#[test]
fn the_bar_and_the_lines_say_the_same() {
    let items = [
        task("import-other", ImportStatus::Failed, Some(5.0), None),
        task("import-1", ImportStatus::Started, Some(33.25), Some((3, 1))),
    ];
    let p = Progress::of("import-1", Some(&items)).expect("listed");
    assert_eq!(p.status, "STARTED");
    assert_eq!(
        p.summary,
        "servers 3 created, 1 modified; applications 1 created, 0 modified; waves -"
    );
    // The bar: position out of 100, and a message with status and counts.
    assert_eq!(p.position(), 33);
    assert_eq!(
        p.message(),
        "STARTED    servers 3 created, 1 modified; applications 1 created, 0 modified; waves -"
    );
    // The plain line: the same, with the percentage written out.
    assert_eq!(
        p.line(),
        "STARTED    33.2%  servers 3 created, 1 modified; applications 1 created, 0 modified; waves -"
    );
    assert!(p.line().ends_with(&p.summary) && p.message().ends_with(&p.summary));

    // Not listed (yet), or listed without a percentage, status or summary.
    assert_eq!(Progress::of("import-2", Some(&items)), None);
    assert_eq!(Progress::of("import-1", None), None);
    let bare = ImportTask {
        import_id: Some("import-1".into()),
        ..ImportTask::default()
    };
    let p = Progress::of("import-1", Some(std::slice::from_ref(&bare))).unwrap();
    assert_eq!(p.position(), 0);
    assert_eq!(p.line(), "-             -%  no summary yet");
    // Out-of-range percentages keep the bar within its length.
    let wild = task(
        "import-1",
        ImportStatus::Unknown("PAUSED".into()),
        Some(250.0),
        None,
    );
    let p = Progress::of("import-1", Some(std::slice::from_ref(&wild))).unwrap();
    assert_eq!((p.position(), p.status.as_str()), (100, "PAUSED"));
}

#[test]
fn percentages() {
    assert_eq!(report::percent(Some(0.0)), "0%");
    assert_eq!(report::percent(Some(100.0)), "100%");
    assert_eq!(report::percent(Some(62.5)), "62.5%");
    assert_eq!(report::percent(None), "-%");
}

#[test]
fn the_error_table_is_aligned_and_one_line_per_error() {
    let error = |kind: ImportErrorType, data: ImportErrorData| ImportTaskError {
        error_date_time: None,
        error_type: Some(kind),
        error_data: Some(data),
    };
    let table = report::errors_table(&[
        error(
            ImportErrorType::ValidationError,
            ImportErrorData {
                row_number: 7,
                raw_error: Some("line one\nline two".into()),
                ..ImportErrorData::default()
            },
        ),
        error(
            ImportErrorType::Unknown("NEW_KIND".into()),
            ImportErrorData {
                wave_id: Some("wave-1".into()),
                ..ImportErrorData::default()
            },
        ),
        ImportTaskError::default(),
    ]);
    assert_eq!(
        table,
        "ROW  TYPE              ENTITY       TIME  MESSAGE\n\
         7    VALIDATION_ERROR  -            -     line one line two\n\
         -    NEW_KIND          wave wave-1  -     -\n\
         -    -                 -            -     -\n"
    );
    assert_eq!(
        report::errors_table(&[]),
        "ROW  TYPE  ENTITY  TIME  MESSAGE\n"
    );
}

#[test]
fn durations() {
    let ok = |s: &str| args::parse_duration(s).unwrap();
    assert_eq!(ok("30m"), Duration::from_secs(1800));
    assert_eq!(ok("90s"), Duration::from_secs(90));
    assert_eq!(ok("1h"), Duration::from_secs(3600));
    assert_eq!(ok("1h30m"), Duration::from_secs(5400));
    assert_eq!(ok("500ms"), Duration::from_millis(500));
    assert_eq!(ok("1m30s250ms"), Duration::from_millis(90_250));
    for bad in [
        "",
        "30",
        "m",
        "1d",
        "1.5h",
        "-1s",
        "0s",
        "1h0",
        "99999999999999999999h",
    ] {
        assert!(args::parse_duration(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn arguments() {
    let parse = |a: &[&str]| args::parse_args(a.iter().map(|s| s.to_string()));
    let a = parse(&[
        "--bucket",
        "b",
        "--key",
        "k",
        "--tag",
        "team=mig",
        "--tag=env=a=b",
        "--tag",
        "empty=",
        "--wait",
        "--max-wait",
        "90s",
    ])
    .unwrap()
    .unwrap();
    let tag = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    assert_eq!(
        a.tags,
        [tag("team", "mig"), tag("env", "a=b"), tag("empty", "")]
    );
    assert!(a.wait);
    assert_eq!(a.max_wait(), ("90s".to_owned(), Duration::from_secs(90)));

    let a = parse(&["--bucket", "b", "--key", "k", "--wait"])
        .unwrap()
        .unwrap();
    assert!(a.tags.is_empty(), "no --tag: no tags member");
    assert_eq!(a.max_wait(), ("30m".to_owned(), Duration::from_secs(1800)));

    assert!(parse(&["--help"]).unwrap().is_none());
    assert!(parse(&["--bucket", "b", "--key", "k", "--max-wait", "1m"]).is_err());
    assert!(parse(&["--bucket", "b", "--key", "k", "--wait", "--max-wait"]).is_err());

    assert_eq!(args::poll_delays(None), Ok(None));
    assert_eq!(
        args::poll_delays(Some("20ms,1s".into())),
        Ok(Some((Duration::from_millis(20), Duration::from_secs(1))))
    );
    assert!(args::poll_delays(Some("20ms".into())).is_err());
}

#[test]
fn file_names_the_key_unless_key_is_given() {
    let parse = |list: &[&str]| args::parse_args(list.iter().map(|s| s.to_string()));
    let parsed = parse(&["--file", "data/servers.csv", "--bucket", "b"])
        .unwrap()
        .unwrap();
    assert_eq!(parsed.file.as_deref(), Some("data/servers.csv"));
    assert_eq!(parsed.key.as_deref(), Some("servers.csv"));
    let parsed = parse(&[
        "--file",
        "servers.csv",
        "--bucket",
        "b",
        "--key",
        "in/x.csv",
    ])
    .unwrap()
    .unwrap();
    assert_eq!(parsed.key.as_deref(), Some("in/x.csv"));
    assert_eq!(
        parse(&["--file", "/", "--bucket", "b"]).unwrap_err(),
        "--file names no file: give --key"
    );
    assert_eq!(
        parse(&["--bucket", "b"]).unwrap_err(),
        "--key is required (or --file)"
    );
}
