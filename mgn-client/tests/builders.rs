//! Builder semantics as in aws-sdk-rust: a list member's setter appends one item per call, a
//! map member's inserts one entry per call, `set_*` replaces the whole collection, `get_*`
//! reads what was set; and the `primitives` re-exports. No request is sent.

use std::collections::HashMap;

use mgn_client::primitives::{Blob, ByteStream, DateTime, DateTimeFormat, Document};
use mgn_client::types::ListImportsRequestFilters;
use mgn_client::{Client, Config};

fn client() -> Client {
    Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .endpoint_url("http://127.0.0.1:9")
            .build(),
    )
}

fn map(entries: &[(&str, &str)]) -> HashMap<String, String> {
    entries
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn fluent_map_setter_inserts_one_entry_per_call_and_set_replaces() {
    let client = client();
    let builder = client.start_import();
    assert_eq!(builder.get_tags(), &None, "nothing set yet");

    let builder = builder.tags("team", "mig").tags("env", "prod");
    assert_eq!(
        builder.get_tags(),
        &Some(map(&[("team", "mig"), ("env", "prod")]))
    );
    // The fluent builder forwards to the input builder: both see the same entries.
    assert_eq!(builder.as_input().get_tags(), builder.get_tags());

    // A later entry with the same key replaces that entry only.
    let builder = builder.tags("env", "dev");
    assert_eq!(
        builder.get_tags(),
        &Some(map(&[("team", "mig"), ("env", "dev")]))
    );

    // `set_tags` replaces the whole map; setting entries afterwards adds to the new one.
    let builder = builder.set_tags(Some(map(&[("only", "this")])));
    assert_eq!(builder.get_tags(), &Some(map(&[("only", "this")])));
    let builder = builder.tags("and", "that");
    assert_eq!(
        builder.get_tags(),
        &Some(map(&[("only", "this"), ("and", "that")]))
    );

    let builder = builder.set_tags(None);
    assert_eq!(builder.get_tags(), &None, "set_tags(None) clears");
}

#[test]
fn types_list_setter_appends_one_item_per_call_and_set_replaces() {
    let filters = ListImportsRequestFilters::builder()
        .import_ids("import-1")
        .import_ids(String::from("import-2"))
        .build();
    assert_eq!(
        filters.import_ids.as_deref(),
        Some(&["import-1".to_owned(), "import-2".to_owned()][..])
    );

    let builder = ListImportsRequestFilters::builder()
        .import_ids("dropped")
        .set_import_ids(Some(vec!["kept".to_owned()]))
        .import_ids("appended");
    assert_eq!(
        builder.get_import_ids().as_deref(),
        Some(&["kept".to_owned(), "appended".to_owned()][..])
    );
    assert_eq!(
        builder.set_import_ids(None).build().import_ids,
        None,
        "set_import_ids(None) clears"
    );
}

#[test]
fn fluent_builder_takes_a_nested_builder_output_and_reads_it_back() {
    let client = client();
    let filters = ListImportsRequestFilters::builder()
        .import_ids("a")
        .import_ids("b")
        .build();
    let builder = client.list_imports().filters(filters.clone());
    assert_eq!(builder.get_filters(), &Some(filters));
}

#[test]
fn primitives_are_the_runtime_types_under_aws_sdk_rust_names() {
    let when = DateTime::from_secs(1_700_000_000);
    assert_eq!(
        when.to_text(DateTimeFormat::DateTime).unwrap(),
        "2023-11-14T22:13:20Z"
    );
    assert_eq!(
        when.to_text(DateTimeFormat::EpochSeconds).unwrap(),
        "1700000000"
    );
    let blob: Blob = Blob::from(&b"bytes"[..]);
    assert_eq!(ByteStream::from(blob.clone()).bytes(), Some(&b"bytes"[..]));
    let document: Document = serde_json::json!({"a": [1, null]});
    assert_eq!(document["a"][0], 1);
    let big: mgn_client::primitives::BigInteger = "123456789012345678901234567890".parse().unwrap();
    assert_eq!(big.as_str(), "123456789012345678901234567890");
}
