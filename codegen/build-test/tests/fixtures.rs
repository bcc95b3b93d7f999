//! The build-script-generated fixture types behave on the wire: every shape type round-trips,
//! recursion is boxed once per cycle, and obstacle-course names compile and keep wire names.

use codegen_build_test::{all_shapes, collections, mgn, naming, recursive};
use serde_json::json;

#[test]
fn start_import_types_from_the_build_script_work() {
    let input = mgn::operation::StartImportInput::builder()
        .s3_bucket_source(
            mgn::types::S3BucketSource::builder()
                .s3_bucket("b")
                .s3_key("k.csv")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({"s3BucketSource": {"s3Bucket": "b", "s3Key": "k.csv"}})
    );
}

#[test]
fn every_shape_type_round_trips() {
    use all_shapes::types::{Everything, Figure, Nested, Priority, Status};
    use smithy_types_runtime::{BigDecimal, BigInteger, DateTime};

    let wire = json!({
        "data": "aGVsbG8=",
        "flag": true,
        "text": "t",
        "defaultTimestamp": 1576540098,
        "epochTimestamp": 1576540098.5,
        "dateTimeTimestamp": "2019-12-16T23:48:18Z",
        "httpDateTimestamp": "Tue, 29 Apr 2014 18:30:38 GMT",
        "tiny": -8, "small": 300, "medium": 70000, "large": 9007199254740993i64,
        "single": "NaN", "double": "-Infinity",
        "bigInteger": "BIG",
        "document": {"any": ["json", 1, null]},
        "names": ["a", "b"],
        "counts": {"x": 1},
        "nested": {"label": "n", "score": 0.5},
        "figure": {"nothing": {}},
        "status": "pending-review",
        "priority": 10,
        "Renamed-On-The-Wire": "r",
        "sparseFloats": [1.5, null, "Infinity"],
        "requiredText": "req",
        "requiredCount": 3,
        "requiredNested": {"label": "rn"},
        "requiredTimestamp": 0,
        "requiredStatus": "active",
        "futureMember": {"ignored": true}
    });
    // serde_json's Value cannot hold a 30-digit integer; splice it into the text.
    let wire = wire
        .to_string()
        .replace("\"BIG\"", "123456789012345678901234567890");
    let e: Everything = serde_json::from_str(&wire).unwrap();
    assert_eq!(e.data.as_deref(), Some(&b"hello"[..]));
    assert_eq!(
        e.default_timestamp,
        Some(DateTime::from_secs(1_576_540_098))
    );
    assert_eq!(
        e.epoch_timestamp,
        Some(DateTime::from_secs_and_nanos(1_576_540_098, 500_000_000))
    );
    assert_eq!(
        e.date_time_timestamp,
        Some(DateTime::from_secs(1_576_540_098))
    );
    assert_eq!(
        e.http_date_timestamp,
        Some(DateTime::from_secs(1_398_796_238))
    );
    assert_eq!(
        (e.tiny, e.small, e.medium, e.large),
        (
            Some(-8),
            Some(300),
            Some(70_000),
            Some(9_007_199_254_740_993)
        )
    );
    assert!(e.single.unwrap().is_nan());
    assert_eq!(e.double, Some(f64::NEG_INFINITY));
    assert_eq!(
        e.big_integer.as_ref().map(BigInteger::as_str),
        Some("123456789012345678901234567890")
    );
    assert_eq!(e.document, Some(json!({"any": ["json", 1, null]})));
    assert_eq!(e.figure, Some(Figure::Nothing));
    assert_eq!(e.status, Some(Status::PendingReview));
    assert_eq!(e.priority, Some(Priority::High));
    assert_eq!(e.renamed.as_deref(), Some("r"));
    let sparse = e.sparse_floats.clone().unwrap();
    assert_eq!(
        (sparse[0], sparse[1], sparse[2]),
        (Some(1.5), None, Some(f32::INFINITY))
    );
    assert_eq!(
        e.required_nested,
        Nested {
            label: "rn".into(),
            score: None,
            tags: None
        }
    );
    // Defaults the body did not send.
    assert_eq!(
        (e.default_long, e.default_double, e.default_negative),
        (42, 2.5, -7)
    );
    assert_eq!(e.default_status, Status::Active);
    assert_eq!(e.default_priority, Priority::High);
    assert_eq!(e.default_text, "hello \"world\"");
    assert_eq!(e.primitive_long, 0);

    // Serializing and reading back gives the same value (NaN aside, compared by its string).
    let text = serde_json::to_string(&e).unwrap();
    assert!(text.contains(r#""single":"NaN""#), "{text}");
    assert!(
        text.contains(r#""dateTimeTimestamp":"2019-12-16T23:48:18Z""#),
        "{text}"
    );
    assert!(
        text.contains(r#""httpDateTimestamp":"Tue, 29 Apr 2014 18:30:38 GMT""#),
        "{text}"
    );
    assert!(
        text.contains(r#""bigInteger":123456789012345678901234567890"#),
        "{text}"
    );
    assert!(text.contains(r#""figure":{"nothing":{}}"#), "{text}");
    assert!(!text.contains("futureMember"));
    let back: Everything = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_string(&back).unwrap(), text);

    let decimal: BigDecimal = "1.5e-3".parse().unwrap();
    assert_eq!(decimal.as_str(), "1.5e-3");
}

#[test]
fn unions_keep_unknown_members_and_refuse_to_serialize_them() {
    use all_shapes::types::Figure;
    let figure: Figure = serde_json::from_value(json!({"hexagon": {"side": 2}})).unwrap();
    assert_eq!(figure, Figure::Unknown("hexagon".to_owned()));
    assert!(serde_json::to_string(&figure).is_err());
    assert!(serde_json::from_value::<Figure>(json!({"square": 1, "label": "two"})).is_err());
    let when: Figure =
        serde_json::from_value(json!({"when": "Thu, 01 Jan 1970 00:00:00 GMT"})).unwrap();
    assert_eq!(
        serde_json::to_value(&when).unwrap(),
        json!({"when": "Thu, 01 Jan 1970 00:00:00 GMT"})
    );
}

#[test]
fn sensitive_values_are_redacted_in_debug() {
    use all_shapes::types::{Credentials, Everything};
    let credentials = Credentials::builder()
        .user("alice")
        .secret("hunter2")
        .build()
        .unwrap();
    let everything = Everything {
        password: Some("swordfish".into()),
        secret_nested: Some(credentials.clone()),
        ..Everything::default()
    };
    for text in [
        format!("{credentials:?}"),
        format!("{everything:?}"),
        format!("{:?}", Credentials::builder().secret("hunter2")),
    ] {
        assert!(
            !text.contains("hunter2") && !text.contains("swordfish"),
            "{text}"
        );
        assert!(text.contains("*** Sensitive Data Redacted ***"), "{text}");
    }
}

#[test]
fn required_members_fail_the_builder_and_defaults_fill_in() {
    use all_shapes::types::Everything;
    let err = Everything::builder().build().unwrap_err();
    assert_eq!(err.shape(), "Everything");
    assert_eq!(err.member(), "required_text");
    let nested = all_shapes::types::Nested::builder()
        .label("x")
        .build()
        .unwrap();
    let e = Everything::builder()
        .required_text("t")
        .required_count(1)
        .required_nested(nested)
        .required_timestamp(smithy_types_runtime::DateTime::from_secs(0))
        .required_status("active")
        .build()
        .unwrap();
    assert_eq!(
        (
            e.default_long,
            e.default_names.len(),
            e.default_text.as_str()
        ),
        (42, 0, "hello \"world\"")
    );
}

#[test]
fn recursion_is_boxed_once_per_cycle() {
    use recursive::types::{Alpha, Beta, Expression, Node, Sum};
    let list = Node::builder()
        .value("1")
        .next(Node::builder().value("2").build().unwrap())
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&list).unwrap(),
        json!({"value": "1", "next": {"value": "2"}})
    );
    // Alpha -> Beta is direct, Beta -> Alpha is the boxed edge of that cycle.
    let alpha = Alpha {
        name: Some("a".into()),
        beta: Some(Beta {
            alpha: Some(Box::new(Alpha::default())),
            count: None,
        }),
    };
    let back: Alpha = serde_json::from_value(serde_json::to_value(&alpha).unwrap()).unwrap();
    assert_eq!(back, alpha);
    let expression = Expression::Add(Sum {
        left: Box::new(Expression::Literal(1)),
        right: Box::new(Expression::Negate(Box::new(Expression::Literal(2)))),
    });
    let wire = serde_json::to_value(&expression).unwrap();
    assert_eq!(
        wire,
        json!({"add": {"left": {"literal": 1}, "right": {"negate": {"literal": 2}}}})
    );
    assert_eq!(
        serde_json::from_value::<Expression>(wire).unwrap(),
        expression
    );
}

#[test]
fn obstacle_course_names_keep_their_wire_names() {
    use naming::types::Keywords;
    let k = Keywords::builder()
        .type_("t")
        .self_("s")
        .match_("m")
        .option("o")
        .build();
    let wire = serde_json::to_value(&k).unwrap();
    assert_eq!(wire["type"], "t");
    assert_eq!(wire["self"], "s");
    assert_eq!(wire["match"], "m");
    assert_eq!(wire["Option"], "o");
    let values = naming::types::LegacyValues::from("self");
    assert_eq!(values, naming::types::LegacyValues::SelfValue2);
    assert_eq!(values.as_str(), "self");
    // Two shapes named Widget in different namespaces both exist.
    let _: (naming::types::Widget, naming::types::Widget2) = Default::default();
}

#[test]
fn list_and_map_setters_add_one_item_or_entry_per_call_and_set_replaces() {
    use collections::operation::PutBagInput;
    use collections::types::{Bag, Status};
    use std::collections::HashMap;

    // Required collections: one item or entry satisfies the required check.
    let err = Bag::builder().tags("k", "v").build().unwrap_err();
    assert_eq!(err.member(), "names");
    let err = Bag::builder().names("a").build().unwrap_err();
    assert_eq!(err.member(), "tags");
    let bag = Bag::builder()
        .names("a")
        .names(String::from("b"))
        .tags("team", "mig")
        .tags("env", "prod")
        .statuses("on")
        .statuses(Status::Off)
        .maybe_names(Some("x".to_owned()))
        .maybe_names(None)
        .maybe_tags("set", Some("1".to_owned()))
        .maybe_tags("null", None)
        .groups("g", vec!["m1".to_owned(), "m2".to_owned()])
        .groups("h", Vec::new())
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&bag).unwrap(),
        json!({
            "names": ["a", "b"],
            "tags": {"team": "mig", "env": "prod"},
            "defaultNames": [],
            "statuses": ["on", "off"],
            "maybeNames": ["x", null],
            "maybeTags": {"set": "1", "null": null},
            "groups": {"g": ["m1", "m2"], "h": []}
        })
    );

    // `set_*` replaces what earlier calls added; calls after it add to the new value.
    let builder = Bag::builder()
        .names("dropped")
        .set_names(Some(vec!["kept".to_owned()]))
        .names("added")
        .tags("dropped", "x")
        .set_tags(Some(HashMap::from([("kept".to_owned(), "y".to_owned())])))
        .default_names("d");
    assert_eq!(
        builder.get_names().as_deref(),
        Some(&["kept".to_owned(), "added".to_owned()][..])
    );
    assert_eq!(
        builder.get_tags(),
        &Some(HashMap::from([("kept".to_owned(), "y".to_owned())]))
    );
    let bag = builder.build().unwrap();
    assert_eq!(bag.default_names, ["d"]);
    // `set_*(None)` clears: a required collection is missing again.
    let err = Bag::builder()
        .names("a")
        .tags("k", "v")
        .set_names(None)
        .build()
        .unwrap_err();
    assert_eq!(err.member(), "names");

    // An operation input's required list, appended to.
    let input = PutBagInput::builder()
        .bag(Bag::builder().names("n").tags("k", "v").build().unwrap())
        .tag_keys("one")
        .tag_keys("two")
        .build()
        .unwrap();
    assert_eq!(input.tag_keys, ["one", "two"]);
}

#[test]
fn primitives_name_the_runtime_types() {
    use all_shapes::primitives::{DateTime, DateTimeFormat};
    use all_shapes::types::Everything;

    // The primitives are the very types the generated members use.
    let builder = Everything::builder().required_timestamp(DateTime::from_secs(86_400));
    let when: &Option<DateTime> = builder.get_required_timestamp();
    assert_eq!(
        when.unwrap().to_text(DateTimeFormat::HttpDate).unwrap(),
        "Fri, 02 Jan 1970 00:00:00 GMT"
    );
    let document: all_shapes::primitives::Document = json!([1]);
    let blob: all_shapes::primitives::Blob = b"x".to_vec();
    let e = Everything::builder()
        .document(document.clone())
        .data(blob.clone());
    assert_eq!(
        (e.get_document(), e.get_data()),
        (&Some(document), &Some(blob))
    );
}
