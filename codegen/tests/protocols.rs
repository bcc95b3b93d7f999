//! Which protocol a client speaks: the documented preference when a service lists several,
//! `Builder::protocol` to choose another, and clear errors for protocols without a client.

use serde_json::json;

/// A one-operation service with these protocol traits; `json_name` on its input member.
fn model(protocols: &[&str], json_name: bool) -> serde_json::Value {
    let mut traits = serde_json::Map::new();
    traits.insert("aws.auth#sigv4".into(), json!({"name": "svc"}));
    for p in protocols {
        traits.insert((*p).into(), json!({}));
    }
    let mut member = json!({"target": "smithy.api#String"});
    if json_name {
        member["traits"] = json!({"smithy.api#jsonName": "Wire"});
    }
    json!({"smithy": "2.0", "shapes": {
        "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}], "traits": traits},
        "ex#Op": {"type": "operation", "input": {"target": "ex#OpInput"},
                  "traits": {"smithy.api#http": {"method": "POST", "uri": "/op"}}},
        "ex#OpInput": {"type": "structure", "members": {"name": member},
                       "traits": {"smithy.api#input": {}}}
    }})
}

/// The generated client's files, or the generator's error.
fn client(model: &serde_json::Value, protocol: Option<&str>) -> Result<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.json");
    std::fs::write(&path, model.to_string()).unwrap();
    let mut builder = smithy_codegen::Builder::new().model(&path);
    if let Some(p) = protocol {
        builder = builder.protocol(p);
    }
    // Generation errors name the model file first; the tests compare what follows.
    let file = format!("{}: ", path.display());
    let generated = builder
        .generate()
        .map_err(|e| e.to_string().replacen(&file, "", 1))?;
    let partitions = json!({"partitions": []});
    let files = generated
        .client_files("t", "c", &partitions, "p", &Default::default())
        .map_err(|e| e.to_string())?;
    Ok(files.into_iter().map(|f| f.contents).collect())
}

#[test]
fn json_protocols_come_first_in_a_fixed_order() {
    // CloudWatch lists awsQuery, awsJson1_0 and rpcv2Cbor: awsJson1_0 wins.
    let out = client(
        &model(
            &[
                "aws.protocols#awsQuery",
                "aws.protocols#awsJson1_0",
                "smithy.protocols#rpcv2Cbor",
            ],
            false,
        ),
        None,
    )
    .unwrap();
    assert!(out.contains("application/x-amz-json-1.0"), "{out}");
    assert!(out.contains("\"Svc.Op\""), "{out}");
    // restJson1 before awsJson1_1.
    let out = client(
        &model(
            &["aws.protocols#awsJson1_1", "aws.protocols#restJson1"],
            false,
        ),
        None,
    )
    .unwrap();
    assert!(out.contains("Protocol::RestJson1"), "{out}");
    assert!(!out.contains("x-amz-target"), "{out}");
}

#[test]
fn a_listed_protocol_can_be_chosen_by_name_or_id() {
    let m = model(
        &["aws.protocols#awsJson1_1", "aws.protocols#restJson1"],
        false,
    );
    for name in ["awsJson1_1", "aws.protocols#awsJson1_1"] {
        let out = client(&m, Some(name)).unwrap();
        assert!(out.contains("application/x-amz-json-1.1"), "{name}: {out}");
        assert!(out.contains("Protocol::AwsJson"), "{name}: {out}");
    }
}

#[test]
fn unlisted_unknown_and_unsupported_protocols_are_errors() {
    let m = model(&["aws.protocols#restJson1"], false);
    let err = client(&m, Some("awsJson1_0")).unwrap_err();
    assert_eq!(
        err,
        "shape `ex#Svc`: protocol `aws.protocols#awsJson1_0` was requested, but the service lists `aws.protocols#restJson1`"
    );
    let err = client(&m, Some("json")).unwrap_err();
    assert!(
        err.starts_with("shape `ex#Svc`: unknown protocol `json`; known: "),
        "{err}"
    );

    // Without a request, the types still generate and the client says why it cannot.
    let cbor = model(&["smithy.protocols#rpcv2Cbor"], false);
    let err = client(&cbor, None).unwrap_err();
    assert_eq!(
        err,
        "shape `ex#Svc`: the client generator supports `aws.protocols#restJson1`, `aws.protocols#awsJson1_0`, `aws.protocols#awsJson1_1`, `aws.protocols#restXml`, `aws.protocols#awsQuery`, `aws.protocols#ec2Query`; the service lists `smithy.protocols#rpcv2Cbor`"
    );
    let err = client(&model(&[], false), None).unwrap_err();
    assert!(
        err.ends_with("the service lists no protocol trait the generator knows"),
        "{err}"
    );
}

#[test]
fn query_clients_write_forms_and_read_xml() {
    for (id, name, runtime, envelope) in [
        (
            "aws.protocols#awsQuery",
            "awsQuery",
            "Protocol::AwsQuery",
            "wire::xml::aws_query_output",
        ),
        (
            "aws.protocols#ec2Query",
            "ec2Query",
            "Protocol::Ec2Query",
            "wire::xml::ec2_query_output",
        ),
    ] {
        let m = model(&[id], false);
        // Chosen or preferred.
        for out in [client(&m, Some(name)).unwrap(), client(&m, None).unwrap()] {
            assert!(out.contains("application/x-www-form-urlencoded"), "{out}");
            assert!(out.contains(runtime), "{out}");
            assert!(out.contains(envelope), "{out}");
        }
    }
    // restXml: chosen or preferred, requests and responses in XML.
    {
        let m = model(&["aws.protocols#restXml"], false);
        for out in [
            client(&m, Some("restXml")).unwrap(),
            client(&m, None).unwrap(),
        ] {
            assert!(out.contains("application/xml"), "{out}");
            assert!(out.contains("Protocol::RestXml"), "{out}");
            assert!(!out.contains("cannot be read yet"), "{out}");
        }
    }
    // A JSON protocol is still preferred when the service lists one.
    let both = model(
        &["aws.protocols#awsQuery", "aws.protocols#awsJson1_0"],
        false,
    );
    let out = client(&both, None).unwrap();
    assert!(out.contains("application/x-amz-json-1.0"), "{out}");
    // rpcv2Cbor is not among them.
    let cbor = model(&["smithy.protocols#rpcv2Cbor"], false);
    let err = client(&cbor, Some("rpcv2Cbor")).unwrap_err();
    assert!(
        err.ends_with(
            "clients can be generated for aws.protocols#restJson1, aws.protocols#awsJson1_0, aws.protocols#awsJson1_1, aws.protocols#restXml, aws.protocols#awsQuery, aws.protocols#ec2Query only"
        ),
        "{err}"
    );
}

#[test]
fn xml_decoders_refuse_what_xml_cannot_hold() {
    let with_output = |members: serde_json::Value| {
        json!({"smithy": "2.0", "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}],
                       "traits": {"aws.protocols#awsQuery": {}}},
            "ex#Op": {"type": "operation", "output": {"target": "ex#OpOutput"}},
            "ex#OpOutput": {"type": "structure", "members": members},
            "ex#Doc": {"type": "document"}
        }})
    };
    let err = client(&with_output(json!({"doc": {"target": "ex#Doc"}})), None).unwrap_err();
    assert_eq!(
        err,
        "shape `ex#OpOutput`, member `doc`: aws.protocols#awsQuery responses cannot hold a document (XML has no binding for it)"
    );
    let err = client(
        &with_output(json!({
            "a": {"target": "smithy.api#String"},
            "b": {"target": "smithy.api#String", "traits": {"smithy.api#xmlName": "a"}}
        })),
        None,
    )
    .unwrap_err();
    assert_eq!(
        err,
        "shape `ex#OpOutput`, member `b`: has the XML name `a` of member `a` too"
    );
    // An attribute and an element may share a name.
    let out = client(
        &with_output(json!({
            "a": {"target": "smithy.api#String"},
            "b": {"target": "smithy.api#Integer",
                  "traits": {"smithy.api#xmlName": "a", "smithy.api#xmlAttribute": {}}}
        })),
        None,
    )
    .unwrap();
    assert!(out.contains("el.attr(\"a\")"), "{out}");
}

#[test]
fn ec2_query_refuses_maps() {
    // ec2Query does not define how maps are sent: an error naming the member, not a guess.
    let m = json!({"smithy": "2.0", "shapes": {
        "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}],
                   "traits": {"aws.protocols#ec2Query": {}}},
        "ex#Op": {"type": "operation", "input": {"target": "ex#OpInput"}},
        "ex#OpInput": {"type": "structure", "members": {"tags": {"target": "ex#Tags"}}},
        "ex#Tags": {"type": "map", "key": {"target": "smithy.api#String"},
                    "value": {"target": "smithy.api#String"}}
    }});
    let err = client(&m, None).unwrap_err();
    assert_eq!(
        err,
        "shape `ex#OpInput`, member `tags`: aws.protocols#ec2Query cannot send a map (the protocol does not define how)"
    );
}

#[test]
fn query_requests_need_the_service_version() {
    let mut m = model(&["aws.protocols#awsQuery"], false);
    m["shapes"]["ex#Svc"]
        .as_object_mut()
        .unwrap()
        .remove("version");
    let err = client(&m, None).unwrap_err();
    assert_eq!(
        err,
        "shape `ex#Svc`: `aws.protocols#awsQuery` requests name the service's `version`, which is not set"
    );
}

#[test]
fn json_names_follow_the_protocol() {
    // restJson1 keys by jsonName; awsJson by member name, and so do the types of a service
    // that does not speak restJson1.
    let out = client(&model(&["aws.protocols#restJson1"], true), None).unwrap();
    assert!(out.contains("object.field(\"Wire\""), "{out}");
    let out = client(&model(&["aws.protocols#awsJson1_0"], true), None).unwrap();
    assert!(out.contains("object.field(\"name\""), "{out}");
    // A service speaking both keeps jsonName in its types' serde: awsJson, which ignores it,
    // cannot use that serde, and says so.
    let both = model(
        &["aws.protocols#restJson1", "aws.protocols#awsJson1_0"],
        true,
    );
    let err = client(&both, Some("awsJson1_0")).unwrap_err();
    assert!(
        err.contains("member `name`")
            && err.contains("keys this member `name`, the types' serde form `Wire`"),
        "{err}"
    );
}

#[test]
fn rest_xml_refuses_what_xml_cannot_carry() {
    let with_member = |member: serde_json::Value| {
        let mut m = model(&["aws.protocols#restXml"], false);
        m["shapes"]["ex#OpInput"]["members"]["name"] = member;
        m
    };
    // No XML form of a document, as a member or as a payload.
    let err = client(&with_member(json!({"target": "smithy.api#Document"})), None).unwrap_err();
    assert_eq!(
        err,
        "shape `ex#OpInput`, member `name`: an XML body cannot hold a document"
    );
    let err = client(
        &with_member(json!({"target": "smithy.api#Document",
                            "traits": {"smithy.api#httpPayload": {}}})),
        None,
    )
    .unwrap_err();
    assert_eq!(
        err,
        "shape `ex#OpInput`, member `name`: an XML `httpPayload` cannot be a document"
    );
    // An attribute holds text only.
    let mut m =
        with_member(json!({"target": "ex#Names", "traits": {"smithy.api#xmlAttribute": {}}}));
    m["shapes"]["ex#Names"] = json!({"type": "list", "member": {"target": "smithy.api#String"}});
    let err = client(&m, None).unwrap_err();
    assert_eq!(
        err,
        "shape `ex#OpInput`, member `name`: an XML body cannot hold a non-scalar value as an attribute"
    );
    // A malformed namespace is named where it is.
    let m = with_member(json!({"target": "smithy.api#String",
                               "traits": {"smithy.api#xmlNamespace": {"prefix": "p"}}}));
    let err = client(&m, None).unwrap_err();
    assert!(err.contains("smithy.api#xmlNamespace"), "{err}");
    assert!(err.contains("uri"), "{err}");
}
