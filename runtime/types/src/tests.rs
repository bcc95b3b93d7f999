//! Unit tests of the wire helpers.

mod big_number_tests {
    use crate::big_number::{BigDecimal, BigInteger, ParseError};
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Doc {
        int: BigInteger,
        dec: BigDecimal,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        opt: Option<BigDecimal>,
        #[serde(default)]
        list: Vec<BigInteger>,
    }

    #[test]
    fn grammar() {
        for ok in ["0", "-0", "7", "-123", "123456789012345678901234567890"] {
            assert_eq!(ok.parse::<BigInteger>().unwrap().as_str(), ok);
            assert_eq!(ok.parse::<BigDecimal>().unwrap().as_str(), ok);
        }
        for ok in [
            "0.5",
            "-0.0",
            "1e3",
            "1E+3",
            "2.5e-10",
            "123456789012345678901234567890.5e-3",
        ] {
            assert_eq!(ok.parse::<BigDecimal>().unwrap().to_string(), ok);
            assert!(ok.parse::<BigInteger>().is_err(), "{ok}");
        }
        for bad in [
            "", "-", "+1", "01", "-01", "1.", ".5", "1e", "1e+", "0x10", "1_000", " 1", "1 ",
            "NaN", "Infinity", "\"1\"", "1.5.5", "１",
        ] {
            assert!(bad.parse::<BigDecimal>().is_err(), "{bad:?}");
            assert!(bad.parse::<BigInteger>().is_err(), "{bad:?}");
        }
        let err: ParseError = "1.5".parse::<BigInteger>().unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"invalid bigInteger "1.5": expected a JSON integer such as -123"#
        );
        let long = "x".repeat(100);
        let err = long.parse::<BigDecimal>().unwrap_err().to_string();
        assert!(err.starts_with("invalid bigDecimal \"xxx") && err.contains("\"...: expected"));
        assert!(err.len() < 140, "{err}");
    }

    #[test]
    fn value_traits() {
        assert_eq!(BigInteger::default().as_str(), "0");
        assert_eq!(BigDecimal::default().to_string(), "0");
        let a: BigDecimal = "1.0".parse().unwrap();
        assert_ne!(a, "1.00".parse().unwrap());
        assert_eq!(a.clone(), a);
        let set: std::collections::HashSet<BigInteger> =
            ["1".parse().unwrap(), "1".parse().unwrap()].into();
        assert_eq!(set.len(), 1);
        assert!(format!("{a:?}").contains("1.0"));
    }

    #[test]
    fn json_keeps_every_digit() {
        let json = concat!(
            r#"{"int":-123456789012345678901234567890,"#,
            r#""dec":123456789012345678901234567890.5e-3,"opt":1E+400,"list":[0,-0,18446744073709551616]}"#
        );
        let doc: Doc = serde_json::from_str(json).unwrap();
        assert_eq!(doc.int.as_str(), "-123456789012345678901234567890");
        assert_eq!(doc.dec.as_str(), "123456789012345678901234567890.5e-3");
        assert_eq!(doc.opt.as_ref().map(BigDecimal::as_str), Some("1E+400"));
        assert_eq!(serde_json::to_string(&doc).unwrap(), json);
        let spaced: Doc = serde_json::from_str("{ \"int\" : 5 , \"dec\" : 0.1 }").unwrap();
        assert_eq!((spaced.int.as_str(), spaced.dec.as_str()), ("5", "0.1"));
        assert_eq!(spaced.opt, None);
        assert_eq!(
            serde_json::to_string(&spaced).unwrap(),
            r#"{"int":5,"dec":0.1,"list":[]}"#
        );
        let nulls: Doc = serde_json::from_str(r#"{"int":1,"dec":1,"opt":null}"#).unwrap();
        assert_eq!(nulls.opt, None);
    }

    #[test]
    fn non_numbers_are_errors() {
        for (json, shown) in [
            (r#"{"int":"1","dec":1}"#, r#""\"1\"""#),
            (r#"{"int":1.5,"dec":1}"#, r#""1.5""#),
            (r#"{"int":1e3,"dec":1}"#, r#""1e3""#),
            (r#"{"int":1,"dec":null}"#, r#""null""#),
            (r#"{"int":1,"dec":true}"#, r#""true""#),
            (r#"{"int":1,"dec":{"a":[1,2]}}"#, r#""{\"a\":[1,2]}""#),
        ] {
            let err = serde_json::from_str::<Doc>(json).unwrap_err().to_string();
            assert!(err.contains(shown), "{json}: {err}");
        }
    }
}

mod float_tests {
    use crate::float;
    use serde::{Deserialize, Serialize};
    use std::collections::HashMap;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Doc {
        #[serde(with = "float")]
        double: f64,
        #[serde(with = "float")]
        single: f32,
        #[serde(with = "float", default, skip_serializing_if = "Option::is_none")]
        optional: Option<f64>,
        #[serde(with = "float", default)]
        sparse: Option<Vec<Option<f64>>>,
        #[serde(with = "float", default)]
        map: HashMap<String, f32>,
        #[serde(with = "float", default)]
        nested: Option<Vec<HashMap<String, Vec<f64>>>>,
    }

    fn doc(double: f64, single: f32) -> Doc {
        Doc {
            double,
            single,
            optional: None,
            sparse: None,
            map: HashMap::new(),
            nested: None,
        }
    }

    fn read<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn finite_values_are_numbers() {
        let json = serde_json::to_string(&doc(1.5, 0.1)).unwrap();
        assert_eq!(
            json,
            r#"{"double":1.5,"single":0.1,"sparse":null,"map":{},"nested":null}"#
        );
        assert_eq!(read::<Doc>(&json).unwrap(), doc(1.5, 0.1));
        let whole: Doc = read(r#"{"double":-3,"single":4e2}"#).unwrap();
        assert_eq!((whole.double, whole.single), (-3.0, 400.0));
        let max = serde_json::to_string(&doc(f64::MAX, f32::MIN_POSITIVE)).unwrap();
        assert_eq!(read::<Doc>(&max).unwrap(), doc(f64::MAX, f32::MIN_POSITIVE));
    }

    #[test]
    fn non_finite_values_are_strings() {
        let json = serde_json::to_string(&doc(f64::INFINITY, f32::NEG_INFINITY)).unwrap();
        assert!(json.starts_with(r#"{"double":"Infinity","single":"-Infinity""#));
        let back: Doc = read(&json).unwrap();
        assert_eq!(back.double, f64::INFINITY);
        assert_eq!(back.single, f32::NEG_INFINITY);

        let json = serde_json::to_string(&doc(f64::NAN, f32::NAN)).unwrap();
        assert!(json.starts_with(r#"{"double":"NaN","single":"NaN""#));
        let back: Doc = read(&json).unwrap();
        assert!(back.double.is_nan() && back.single.is_nan());
    }

    #[test]
    fn other_strings_are_errors_naming_the_value() {
        for bad in ["nan", "inf", "+Infinity", "1.5", "", " NaN"] {
            let json = format!(r#"{{"double":{bad:?},"single":0}}"#);
            let err = read::<Doc>(&json).unwrap_err();
            assert!(err.contains(&format!("{bad:?}")), "{err}");
        }
        let err = read::<Doc>(r#"{"double":true,"single":0}"#).unwrap_err();
        assert!(err.contains("a number or one of"), "{err}");
        let err = read::<Doc>(r#"{"double":[1],"single":0}"#).unwrap_err();
        assert!(err.contains("invalid type"), "{err}");
    }

    #[test]
    fn null_is_zero_unless_optional() {
        let d: Doc =
            read(r#"{"double":null,"single":null,"optional":null,"map":null,"nested":null}"#)
                .unwrap();
        assert_eq!(d, doc(0.0, 0.0));
        let d: Doc = read(r#"{"double":1,"single":1,"optional":"-Infinity"}"#).unwrap();
        assert_eq!(d.optional, Some(f64::NEG_INFINITY));
    }

    #[test]
    fn containers_nest() {
        let mut d = doc(0.0, 0.0);
        d.optional = Some(2.5);
        d.sparse = Some(vec![Some(1.0), None, Some(f64::NEG_INFINITY)]);
        d.map.insert("k".into(), f32::INFINITY);
        d.nested = Some(vec![HashMap::from([(
            "v".to_string(),
            vec![0.5, f64::INFINITY],
        )])]);
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"double":0.0,"single":0.0,"optional":2.5,"sparse":[1.0,null,"-Infinity"],"#,
                r#""map":{"k":"Infinity"},"nested":[{"v":[0.5,"Infinity"]}]}"#
            )
        );
        assert_eq!(read::<Doc>(&json).unwrap(), d);

        // A dense list reads a stray null as zero; a sparse one keeps it.
        #[derive(Debug, Deserialize)]
        struct Lists {
            #[serde(with = "float")]
            dense: Vec<f64>,
            #[serde(with = "float")]
            sparse: Vec<Option<f32>>,
        }
        let l: Lists = read(r#"{"dense":[1,null,"NaN"],"sparse":[null,2]}"#).unwrap();
        assert_eq!(l.dense[..2], [1.0, 0.0]);
        assert!(l.dense[2].is_nan());
        assert_eq!(l.sparse, [None, Some(2.0)]);
        let err = read::<Lists>(r#"{"dense":[1,"Inf"],"sparse":[]}"#).unwrap_err();
        assert!(err.contains(r#""Inf""#), "{err}");
    }

    #[test]
    fn f32_overflow_becomes_infinity() {
        let d: Doc = read(r#"{"double":1e300,"single":1e300}"#).unwrap();
        assert_eq!((d.double, d.single), (1e300, f32::INFINITY));
    }
}

mod timestamp_tests {
    use crate::timestamp::{self, DateTime, OutOfRangeError};
    use serde::{Deserialize, Serialize};
    use std::collections::HashMap;
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Epoch {
        #[serde(with = "timestamp::epoch_seconds")]
        t: DateTime,
    }

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Rfc3339 {
        #[serde(with = "timestamp::date_time")]
        t: DateTime,
    }

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct HttpDate {
        #[serde(with = "timestamp::http_date")]
        t: DateTime,
    }

    fn at(secs: i64, nanos: u32) -> DateTime {
        DateTime::from_secs_and_nanos(secs, nanos)
    }

    fn epoch(json: &str) -> Result<DateTime, String> {
        serde_json::from_str::<Epoch>(&format!(r#"{{"t":{json}}}"#))
            .map(|e| e.t)
            .map_err(|e| e.to_string())
    }

    fn date_time(text: &str) -> Result<DateTime, String> {
        let json = serde_json::to_string(&serde_json::json!({ "t": text })).unwrap();
        serde_json::from_str::<Rfc3339>(&json)
            .map(|e| e.t)
            .map_err(|e| e.to_string())
    }

    fn http_date(text: &str) -> Result<DateTime, String> {
        let json = serde_json::to_string(&serde_json::json!({ "t": text })).unwrap();
        serde_json::from_str::<HttpDate>(&json)
            .map(|e| e.t)
            .map_err(|e| e.to_string())
    }

    fn write<T: Serialize>(value: &T) -> Result<String, String> {
        serde_json::to_string(value).map_err(|e| e.to_string())
    }

    #[test]
    fn date_time_value() {
        let t = at(-1, 1_500_000_000);
        assert_eq!((t.secs(), t.subsec_nanos()), (0, 500_000_000));
        assert_eq!(DateTime::from_secs(7), at(7, 0));
        assert_eq!(DateTime::default(), at(0, 0));
        assert!(at(-1, 999_999_999) < at(0, 0));
        assert!(at(0, 1) < at(1, 0));
        assert_eq!(at(i64::MAX, u32::MAX).secs(), i64::MAX);
        assert_eq!(at(0, 0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(at(-1, 0).to_string(), "1969-12-31T23:59:59Z");
        assert_eq!(
            at(482_196_050, 520_000_000).to_string(),
            "1985-04-12T23:20:50.52Z"
        );
        assert_eq!(at(0, 1).to_string(), "1970-01-01T00:00:00.000000001Z");
        assert_eq!(at(-62_167_219_201, 0).to_string(), "-0001-12-31T23:59:59Z");
        assert_eq!(at(253_402_300_800, 0).to_string(), "+10000-01-01T00:00:00Z");
        // Extremes format without overflow.
        assert!(at(i64::MIN, 0).to_string().starts_with('-'));
        assert!(at(i64::MAX, 999_999_999).to_string().starts_with('+'));
    }

    #[test]
    fn system_time_round_trips() {
        let cases = [
            at(0, 0),
            at(1_576_540_098, 123_456_789),
            at(-1, 500_000_000),
            at(-86_400 * 365, 1),
        ];
        for t in cases {
            let system = SystemTime::try_from(t).unwrap();
            assert_eq!(DateTime::from(system), t);
        }
        assert_eq!(
            DateTime::from(UNIX_EPOCH - Duration::new(1, 250_000_000)),
            at(-2, 750_000_000)
        );
        assert_eq!(
            DateTime::from(UNIX_EPOCH + Duration::from_secs(86_400)),
            at(86_400, 0)
        );
        // Whether the extremes fit depends on the platform's SystemTime; either way, no panic.
        for t in [at(i64::MAX, 999_999_999), at(i64::MIN, 1)] {
            match SystemTime::try_from(t) {
                Ok(system) => assert_eq!(DateTime::from(system), t),
                Err(err) => {
                    let err: OutOfRangeError = err;
                    assert!(
                        err.to_string().contains("out of the range of SystemTime"),
                        "{err}"
                    );
                }
            }
        }
    }

    /// Walks day by day with a naive calendar and checks the formatter and parser agree.
    #[test]
    fn calendar_agrees_with_a_day_by_day_walk() {
        fn next(y: i64, m: u32, d: u32) -> (i64, u32, u32) {
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let len = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            if d < len[m as usize - 1] {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            }
        }
        // From 0000-01-01 (day -719528) to 2400-12-31: every fourth day formatted and parsed.
        let (mut y, mut m, mut d) = (0i64, 1u32, 1u32);
        let mut day = -719_528i64;
        while y <= 2400 {
            let t = at(day * 86_400 + 45_296, 0);
            if day % 4 == 0 || (m == 2 && d >= 28) {
                let text = format!("{y:04}-{m:02}-{d:02}T12:34:56Z");
                assert_eq!(t.to_string(), text);
                assert_eq!(date_time(&text), Ok(t));
            }
            (y, m, d) = next(y, m, d);
            day += 1;
        }
    }

    #[test]
    fn date_time_reads_rfc_3339() {
        let ok = [
            ("1970-01-01T00:00:00Z", at(0, 0)),
            ("2019-12-16T23:48:18Z", at(1_576_540_098, 0)),
            ("1985-04-12T23:20:50.52Z", at(482_196_050, 520_000_000)),
            ("1996-12-19T16:39:57-08:00", at(851_042_397, 0)),
            ("1996-12-20T09:09:57+08:30", at(851_042_397, 0)),
            ("2000-02-29T00:00:00Z", at(951_782_400, 0)),
            ("1969-12-31T23:59:59.5Z", at(-1, 500_000_000)),
            ("2019-12-16t23:48:18z", at(1_576_540_098, 0)),
            (
                "2019-12-16T23:48:18.123456789123Z",
                at(1_576_540_098, 123_456_789),
            ),
            ("0000-01-01T00:00:00Z", at(-62_167_219_200, 0)),
            (
                "9999-12-31T23:59:59.999999999Z",
                at(253_402_300_799, 999_999_999),
            ),
            ("1970-01-01T00:00:00+23:59", at(-86_340, 0)),
        ];
        for (text, expected) in ok {
            assert_eq!(date_time(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn date_time_rejects_invalid_input_naming_it() {
        let bad = [
            ("2001-02-29T00:00:00Z", "day 29 does not exist in 2001-02"),
            ("1900-02-29T00:00:00Z", "day 29 does not exist in 1900-02"),
            ("2000-02-30T00:00:00Z", "day 30 does not exist"),
            ("2000-04-31T00:00:00Z", "day 31 does not exist"),
            ("2000-00-10T00:00:00Z", "month 0 is not 1-12"),
            ("2000-13-10T00:00:00Z", "month 13 is not 1-12"),
            ("2000-01-00T00:00:00Z", "day 0 does not exist"),
            ("2000-01-01T24:00:00Z", "hour 24"),
            ("2000-01-01T00:60:00Z", "minute 60"),
            ("2016-12-31T23:59:60Z", "leap second"),
            ("2000-01-01T00:00:61Z", "second 61"),
            ("2000-01-01T00:00:00+24:00", "offset 24:00"),
            ("2000-01-01T00:00:00+01:60", "offset 01:60"),
        ];
        for (text, reason) in bad {
            let err = date_time(text).unwrap_err();
            assert!(err.contains(&format!("{text:?}")), "{err}");
            assert!(err.contains(reason), "{text}: {err}");
        }
        // The restJson1 malformed-request cases, plus garbage.
        let malformed = [
            "1996-12-19T16:39:57+00",
            "1996-12-19T16:39:57+00Z",
            "1996-12-19T16:39:57",
            "1996-12-19T163957",
            "19961219T163957Z",
            "19961219T163957",
            "19961219T16:39:57Z",
            "1996-12-19T16:39Z",
            "1996-12-19T16:39",
            "1996-12-19T1639",
            "1996-12-19T16Z",
            "1996-12-19T16",
            "1996-12-19 16:39:57Z",
            "2011-12-03T10:15:30+01:00[Europe/Paris]",
            "1996-12-19T16:39:57.Z",
            "1996-12-19T16:39:57Z ",
            " 1996-12-19T16:39:57Z",
            "+1996-12-19T16:39:57Z",
            "１９９６-12-19T16:39:57Z",
            "1996-12-19T16:39:57\u{e9}",
            "",
            "Tue, 29 Apr 2014 18:30:38 GMT",
            "1515531081",
        ];
        for text in malformed {
            let err = date_time(text).unwrap_err();
            assert!(err.contains(&format!("{text:?}")), "{err}");
            assert!(err.contains("expected RFC 3339"), "{err}");
        }
        for json in ["1515531081", "true", "[]"] {
            let err = serde_json::from_str::<Rfc3339>(&format!(r#"{{"t":{json}}}"#)).unwrap_err();
            assert!(
                err.to_string().contains("RFC 3339 date-time string"),
                "{err}"
            );
        }
    }

    #[test]
    fn date_time_writes_utc() {
        let cases = [
            (at(0, 0), r#"{"t":"1970-01-01T00:00:00Z"}"#),
            (at(1_576_540_098, 0), r#"{"t":"2019-12-16T23:48:18Z"}"#),
            (
                at(482_196_050, 520_000_000),
                r#"{"t":"1985-04-12T23:20:50.52Z"}"#,
            ),
            (at(-1, 1_000), r#"{"t":"1969-12-31T23:59:59.000001Z"}"#),
        ];
        for (t, json) in cases {
            assert_eq!(write(&Rfc3339 { t }).unwrap(), json);
            assert_eq!(serde_json::from_str::<Rfc3339>(json).unwrap().t, t);
        }
        let err = write(&Rfc3339 {
            t: at(253_402_300_800, 0),
        })
        .unwrap_err();
        assert!(
            err.contains("+10000-01-01T00:00:00Z") && err.contains("0000-9999"),
            "{err}"
        );
        assert!(
            write(&Rfc3339 {
                t: at(-62_167_219_201, 0)
            })
            .is_err()
        );
    }

    #[test]
    fn epoch_seconds_reads_numbers() {
        assert_eq!(epoch("0"), Ok(at(0, 0)));
        assert_eq!(epoch("1515531081"), Ok(at(1_515_531_081, 0)));
        assert_eq!(epoch("1515531081.1234"), Ok(at(1_515_531_081, 123_400_000)));
        assert_eq!(epoch("946845296.123"), Ok(at(946_845_296, 123_000_000)));
        assert_eq!(epoch("1e9"), Ok(at(1_000_000_000, 0)));
        assert_eq!(epoch("1.0000000005e9"), Ok(at(1_000_000_000, 500_000_000)));
        assert_eq!(epoch("-1"), Ok(at(-1, 0)));
        assert_eq!(epoch("-1.5"), Ok(at(-2, 500_000_000)));
        assert_eq!(epoch("-0.0000001"), Ok(at(0, 0)));
        assert_eq!(epoch("0.9999999"), Ok(at(1, 0)));
        assert_eq!(epoch("-9223372036854775808"), Ok(at(i64::MIN, 0)));
        assert_eq!(epoch("9223372036854775807"), Ok(at(i64::MAX, 0)));
        assert_eq!(epoch("null"), Ok(at(0, 0)));
    }

    #[test]
    fn epoch_seconds_rejects_the_rest() {
        for (json, reason) in [
            (
                "9223372036854775808",
                "epoch seconds 9223372036854775808 are out of range",
            ),
            ("1e300", "epoch seconds 1e300 are out of range"),
            ("-1e19", "are out of range"),
            (
                r#""1515531081""#,
                r#"invalid epoch-seconds timestamp "1515531081""#,
            ),
            (r#""NaN""#, r#""NaN""#),
            (r#""Infinity""#, r#""Infinity""#),
            ("true", "epoch seconds as a number"),
            ("{}", "epoch seconds as a number"),
        ] {
            let err = epoch(json).unwrap_err();
            assert!(err.contains(reason), "{json}: {err}");
        }
        for garbage in [
            "1515531081ABC",
            "0x42",
            "1515531081.123.456",
            "NaN",
            "Infinity",
        ] {
            assert!(epoch(garbage).is_err(), "{garbage}");
        }
    }

    #[test]
    fn epoch_seconds_writes_integers_or_milliseconds() {
        let cases = [
            (at(0, 0), "0"),
            (at(1_576_540_098, 0), "1576540098"),
            (at(1_576_540_098, 123_000_000), "1576540098.123"),
            (at(1_576_540_098, 123_999_999), "1576540098.123"),
            (at(1_576_540_098, 500), "1576540098"),
            (at(-1, 500_000_000), "-0.5"),
            (at(-2, 0), "-2"),
            (at(i64::MIN, 0), "-9223372036854775808"),
        ];
        for (t, number) in cases {
            assert_eq!(write(&Epoch { t }).unwrap(), format!(r#"{{"t":{number}}}"#));
        }
        let t = at(1_576_540_098, 123_000_000);
        assert_eq!(epoch(&write(&Epoch { t }).unwrap()[5..19]), Ok(t));
    }

    #[test]
    fn http_date_round_trips() {
        let cases = [
            ("Thu, 01 Jan 1970 00:00:00 GMT", at(0, 0)),
            ("Tue, 29 Apr 2014 18:30:38 GMT", at(1_398_796_238, 0)),
            ("Mon, 16 Dec 2019 23:48:18 GMT", at(1_576_540_098, 0)),
            ("Tue, 29 Feb 2000 00:00:00 GMT", at(951_782_400, 0)),
            ("Wed, 31 Dec 1969 23:59:59 GMT", at(-1, 0)),
            (
                "Sun, 02 Jan 2000 20:34:56.123 GMT",
                at(946_845_296, 123_000_000),
            ),
        ];
        for (text, t) in cases {
            assert_eq!(http_date(text), Ok(t), "{text}");
            assert_eq!(
                write(&HttpDate { t }).unwrap(),
                format!(r#"{{"t":"{text}"}}"#)
            );
        }
        assert_eq!(
            http_date("Sun, 02 Jan 2000 20:34:56.000 GMT"),
            Ok(at(946_845_296, 0))
        );
        let err = write(&HttpDate { t: at(i64::MAX, 0) }).unwrap_err();
        assert!(err.contains("http-date"), "{err}");
    }

    #[test]
    fn http_date_rejects_invalid_input_naming_it() {
        for (text, reason) in [
            (
                "Mon, 29 Apr 2014 18:30:38 GMT",
                "2014-04-29 is a Tue, not a Mon",
            ),
            (
                "Fri, 29 Feb 2019 00:00:00 GMT",
                "day 29 does not exist in 2019-02",
            ),
            ("Tue, 29 Apr 2014 24:30:38 GMT", "hour 24"),
            ("Tue, 29 Apr 2014 18:30:60 GMT", "leap second"),
            ("Tue, 29 Apr 2014 18:30:38 UTC", "expected IMF-fixdate"),
            ("Tue, 29 apr 2014 18:30:38 GMT", "expected IMF-fixdate"),
            ("Tuesday, 29 Apr 2014 18:30:38 GMT", "expected IMF-fixdate"),
            ("Tue, 29 Apr 14 18:30:38 GMT", "expected IMF-fixdate"),
            ("Tue, 9 Apr 2014 18:30:38 GMT", "expected IMF-fixdate"),
            ("Tue, 29 Apr 2014 18:30:38 GMT ", "expected IMF-fixdate"),
            ("Tue, 29 Apr 2014 18:30:38. GMT", "expected IMF-fixdate"),
            ("Tue, 29-Apr-2014 18:30:38 GMT", "expected IMF-fixdate"),
            ("2014-04-29T18:30:38Z", "expected IMF-fixdate"),
            ("Tue, 29 Apr 2014 18:30:38 GM\u{e9}", "expected IMF-fixdate"),
            ("", "expected IMF-fixdate"),
        ] {
            let err = http_date(text).unwrap_err();
            assert!(err.contains(&format!("{text:?}")), "{err}");
            assert!(err.contains(reason), "{text}: {err}");
        }
    }

    /// Every truncation and one-character substitution of valid inputs parses or fails cleanly.
    #[test]
    fn mutated_input_never_panics() {
        let seeds = [
            "2019-12-16T23:48:18.123456789+08:30",
            "Tue, 29 Apr 2014 18:30:38.123 GMT",
        ];
        for seed in seeds {
            let chars: Vec<char> = seed.chars().collect();
            for i in 0..=chars.len() {
                let cut: String = chars[..i].iter().collect();
                let _ = (date_time(&cut), http_date(&cut));
                for replacement in [
                    '0',
                    '9',
                    ':',
                    '-',
                    '+',
                    '.',
                    'Z',
                    ' ',
                    '\u{e9}',
                    '\u{1f600}',
                ] {
                    let mut mutated = chars.clone();
                    if i < mutated.len() {
                        mutated[i] = replacement;
                    } else {
                        mutated.push(replacement);
                    }
                    let text: String = mutated.iter().collect();
                    let _ = (date_time(&text), http_date(&text));
                }
            }
        }
    }

    #[test]
    fn containers_nest_and_null_reads_as_epoch() {
        #[derive(Debug, Serialize, Deserialize, PartialEq)]
        struct Many {
            #[serde(with = "timestamp::date_time", default)]
            optional: Option<DateTime>,
            #[serde(with = "timestamp::epoch_seconds", default)]
            sparse: Vec<Option<DateTime>>,
            #[serde(with = "timestamp::http_date", default)]
            map: HashMap<String, Vec<DateTime>>,
            #[serde(with = "timestamp::epoch_seconds")]
            required: DateTime,
        }
        let many = Many {
            optional: Some(at(1, 0)),
            sparse: vec![Some(at(2, 500_000_000)), None],
            map: HashMap::from([("k".to_string(), vec![at(0, 0)])]),
            required: at(3, 0),
        };
        let json = write(&many).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"optional":"1970-01-01T00:00:01Z","sparse":[2.5,null],"#,
                r#""map":{"k":["Thu, 01 Jan 1970 00:00:00 GMT"]},"required":3}"#
            )
        );
        assert_eq!(serde_json::from_str::<Many>(&json).unwrap(), many);

        let nulls: Many =
            serde_json::from_str(r#"{"optional":null,"sparse":null,"map":null,"required":null}"#)
                .unwrap();
        assert_eq!(nulls.optional, None);
        assert!(nulls.sparse.is_empty() && nulls.map.is_empty());
        assert_eq!(nulls.required, DateTime::default());
        assert_eq!(date_time("x").unwrap_err().matches("\"x\"").count(), 1);
    }
}

mod blob_tests {
    use crate::blob::{self, DecodeError, decode, encode};
    use serde::{Deserialize, Serialize};
    use std::collections::HashMap;

    const VECTORS: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc_4648_vectors() {
        for (bytes, text) in VECTORS {
            assert_eq!(encode(bytes.as_bytes()), text);
            assert_eq!(decode(text).unwrap(), bytes.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "+/+/");
        assert_eq!(decode("+/+/").unwrap(), [0xfb, 0xff, 0xbf]);
    }

    #[test]
    fn every_length_round_trips() {
        let mut state = 0x2545_f491_u32;
        let mut bytes = Vec::new();
        for _ in 0..300 {
            assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            bytes.push(state.to_le_bytes()[0]);
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)).unwrap(), all);
    }

    #[test]
    fn strict_decoding() {
        let character = |position, character| DecodeError::Character {
            position,
            character,
        };
        let cases = [
            ("Zg", DecodeError::Length(2)),
            ("Zm9", DecodeError::Length(3)),
            ("Zm9vY", DecodeError::Length(5)),
            ("Zh==", DecodeError::TrailingBits),
            ("Zm9=", DecodeError::TrailingBits),
            ("Zm9v!A==", character(4, '!')),
            ("Zm=v", character(2, '=')),
            ("Zg==Zg==", character(2, '=')),
            ("====", character(0, '=')),
            ("Z===", character(1, '=')),
            ("Zm9v\nZm9", character(4, '\n')),
            ("Zm 9", character(2, ' ')),
            ("-_-_", character(0, '-')),
            ("Zm\u{e9}", character(2, '\u{e9}')),
        ];
        for (text, expected) in cases {
            assert_eq!(decode(text), Err(expected), "{text:?}");
        }
        assert_eq!(
            DecodeError::Length(3).to_string(),
            "invalid base64: length 3 is not a multiple of 4 (missing `=` padding?)"
        );
        assert_eq!(
            character(4, '!').to_string(),
            "invalid base64: '!' at byte 4 is not in the standard alphabet"
        );
        assert!(DecodeError::TrailingBits.to_string().contains("padding"));
    }

    #[test]
    fn mutated_input_never_panics() {
        let seed = "Zm9vYmE=";
        for i in 0..seed.len() {
            for replacement in ['=', 'A', '/', '-', '\n', '\u{e9}', '\u{1f600}'] {
                let mut text = String::from(&seed[..i]);
                text.push(replacement);
                text.push_str(&seed[i + 1..]);
                let _ = decode(&text);
                text.pop();
                let _ = decode(&text);
            }
        }
    }

    #[test]
    fn serde_with_containers_and_null() {
        #[derive(Debug, Serialize, Deserialize, PartialEq)]
        struct Doc {
            #[serde(with = "blob")]
            data: Vec<u8>,
            #[serde(with = "blob", default, skip_serializing_if = "Option::is_none")]
            optional: Option<Vec<u8>>,
            #[serde(with = "blob", default)]
            sparse: Vec<Option<Vec<u8>>>,
            #[serde(with = "blob", default)]
            map: HashMap<String, Vec<u8>>,
        }
        let doc = Doc {
            data: b"foo".to_vec(),
            optional: Some(Vec::new()),
            sparse: vec![None, Some(b"f".to_vec())],
            map: HashMap::from([("k".to_string(), b"fo".to_vec())]),
        };
        let json = serde_json::to_string(&doc).unwrap();
        assert_eq!(
            json,
            r#"{"data":"Zm9v","optional":"","sparse":[null,"Zg=="],"map":{"k":"Zm8="}}"#
        );
        assert_eq!(serde_json::from_str::<Doc>(&json).unwrap(), doc);

        let nulls: Doc =
            serde_json::from_str(r#"{"data":null,"optional":null,"sparse":null,"map":null}"#)
                .unwrap();
        assert_eq!((nulls.data, nulls.optional), (Vec::new(), None::<Vec<u8>>));
        let err = serde_json::from_str::<Doc>(r#"{"data":"Zm9"}"#).unwrap_err();
        assert!(err.to_string().contains("not a multiple of 4"), "{err}");
        let err = serde_json::from_str::<Doc>(r#"{"data":[102]}"#).unwrap_err();
        assert!(err.to_string().contains("a base64 string"), "{err}");
    }
}

mod null_default_tests {
    use crate::null_default;
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    struct Inner {
        #[serde(default, deserialize_with = "null_default::deserialize")]
        name: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Outer {
        #[serde(default, deserialize_with = "null_default::deserialize")]
        count: i64,
        #[serde(default, deserialize_with = "null_default::deserialize")]
        flag: bool,
        #[serde(default, deserialize_with = "null_default::deserialize")]
        list: Vec<String>,
        #[serde(default, deserialize_with = "null_default::deserialize")]
        inner: Inner,
    }

    #[test]
    fn null_and_absent_read_as_default() {
        let empty = Outer {
            count: 0,
            flag: false,
            list: Vec::new(),
            inner: Inner::default(),
        };
        let nulls = r#"{"count":null,"flag":null,"list":null,"inner":{"name":null}}"#;
        assert_eq!(serde_json::from_str::<Outer>(nulls).unwrap(), empty);
        assert_eq!(serde_json::from_str::<Outer>("{}").unwrap(), empty);
        let full = r#"{"count":5,"flag":true,"list":["a"],"inner":{"name":"n"}}"#;
        assert_eq!(
            serde_json::from_str::<Outer>(full).unwrap(),
            Outer {
                count: 5,
                flag: true,
                list: vec!["a".into()],
                inner: Inner { name: "n".into() },
            }
        );
    }

    #[test]
    fn wrong_types_are_still_errors() {
        let err = serde_json::from_str::<Outer>(r#"{"count":"5"}"#).unwrap_err();
        assert!(
            err.to_string().contains("invalid type: string \"5\""),
            "{err}"
        );
    }
}
