//! The three decoders do the same work: the same values from the same responses, and the same
//! refusals (so the timings compare like with like).

use xml_decode_bench::{STS_ASSUME_ROLE, list_users};

/// The decoders' results as one comparable text each.
fn assume_role(body: &str) -> [Result<String, ()>; 3] {
    [
        xml_ours::decode_assume_role(body)
            .map(|v| format!("{v:?}"))
            .map_err(drop),
        xml_quick_xml::decode_assume_role(body)
            .map(|v| format!("{v:?}"))
            .map_err(drop),
        xml_xmlparser::decode_assume_role(body)
            .map(|v| format!("{v:?}"))
            .map_err(drop),
    ]
}

fn users(body: &str) -> [Result<String, ()>; 3] {
    [
        xml_ours::decode_list_users(body)
            .map(|v| format!("{v:?}"))
            .map_err(drop),
        xml_quick_xml::decode_list_users(body)
            .map(|v| format!("{v:?}"))
            .map_err(drop),
        xml_xmlparser::decode_list_users(body)
            .map(|v| format!("{v:?}"))
            .map_err(drop),
    ]
}

#[test]
fn the_decoders_agree_on_the_responses() {
    let [ours, quick_xml, xmlparser] = assume_role(STS_ASSUME_ROLE);
    let ours = ours.expect("ours decodes AssumeRole");
    assert!(
        ours.contains("access_key_id: \"ASIAEXAMPLEKEYID0001\""),
        "{ours}"
    );
    assert_eq!(quick_xml, Ok(ours.clone()));
    assert_eq!(xmlparser, Ok(ours));

    for n in [0, 10, 100] {
        let body = list_users(n);
        let [ours, quick_xml, xmlparser] = users(&body);
        let ours = ours.expect("ours decodes ListUsers");
        assert_eq!(ours.matches("User {").count(), n);
        assert!(
            ours.contains("user_name: \"user-0 <ops>\"") || n == 0,
            "{ours}"
        );
        assert!(ours.contains("Some(\"AAEAAQ&page=2\")"));
        assert_eq!(quick_xml, Ok(ours.clone()), "{n} users");
        assert_eq!(xmlparser, Ok(ours), "{n} users");
    }
}

#[test]
fn the_decoders_refuse_the_same_inputs() {
    let refused = [
        "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>",
        "<r><ResponseMetadata><RequestId>&lol;</RequestId></ResponseMetadata></r>",
        "<r><a></b></r>",
        "<r>",
    ];
    for input in refused {
        assert_eq!(assume_role(input), [Err(()), Err(()), Err(())], "{input}");
    }
}
