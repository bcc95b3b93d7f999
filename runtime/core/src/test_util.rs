//! For generated protocol tests (feature `test-util`): an [`HttpClient`] that records the
//! request and replies with a canned response, comparisons that say what differs, and a
//! runner that runs every case, catches its panic and reports it instead of stopping.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use serde_json::Value;

use crate::http::{HttpClient, HttpFuture, HttpResponse};

/// Records every request it is given and answers each with the same response.
#[derive(Debug, Clone)]
pub struct Recorder {
    requests: Arc<Mutex<Vec<http::Request<Bytes>>>>,
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: Bytes,
}

impl Recorder {
    /// A client answering `status`, `headers` and `body`.
    ///
    /// # Panics
    ///
    /// On a status code outside 100..=999 or a header name or value that HTTP cannot carry
    /// (a case's mistake must fail the case, not turn into a 200 or a dropped header).
    pub fn new(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Self {
        let status = http::StatusCode::from_u16(status)
            .unwrap_or_else(|e| panic!("invalid response status code {status}: {e}"));
        let mut map = http::HeaderMap::new();
        for (name, value) in headers {
            let header_name = http::HeaderName::from_bytes(name.as_bytes())
                .unwrap_or_else(|e| panic!("invalid response header name {name:?}: {e}"));
            let header_value = http::HeaderValue::from_str(value).unwrap_or_else(|e| {
                panic!("invalid value of response header `{name}`: {value:?}: {e}")
            });
            map.append(header_name, header_value);
        }
        Self {
            requests: Arc::default(),
            status,
            headers: map,
            body: Bytes::copy_from_slice(body),
        }
    }

    /// The last request sent, if any.
    pub fn request(&self) -> Option<http::Request<Bytes>> {
        let requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        requests.last().cloned()
    }
}

impl HttpClient for Recorder {
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture<'_> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(request);
        let response = HttpResponse::new(self.status, self.headers.clone(), self.body.clone());
        Box::pin(async move { Ok(response) })
    }
}

/// Panics unless the request's method is `expected`.
pub fn assert_method(request: &http::Request<Bytes>, expected: &str) {
    assert_eq!(request.method().as_str(), expected, "method");
}

/// Panics unless the request's path (as sent, percent-encoded) is `expected`.
pub fn assert_path(request: &http::Request<Bytes>, expected: &str) {
    assert_eq!(request.uri().path(), expected, "URI path");
}

/// Panics unless the request's host (and port, if any) is `expected`.
pub fn assert_host(request: &http::Request<Bytes>, expected: &str) {
    let host = request
        .uri()
        .authority()
        .map(|a| a.as_str().to_owned())
        .unwrap_or_default();
    assert_eq!(host, expected, "host");
}

/// The query's `key=value` pairs as sent (still percent-encoded).
fn query_pairs(request: &http::Request<Bytes>) -> Vec<&str> {
    request
        .uri()
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .collect()
}

/// Panics unless every `expected` pair is in the query (each as often as listed), no
/// `forbidden` key is, and every `required` key is.
pub fn assert_query(
    request: &http::Request<Bytes>,
    expected: &[&str],
    forbidden: &[&str],
    required: &[&str],
) {
    let mut pairs = query_pairs(request);
    let query = request.uri().query().unwrap_or_default().to_owned();
    for want in expected {
        match pairs.iter().position(|p| p == want) {
            Some(i) => {
                pairs.remove(i);
            }
            None => panic!("query: `{want}` missing from `{query}`"),
        }
    }
    let keys: Vec<&str> = query_pairs(request)
        .into_iter()
        .map(|p| p.split('=').next().unwrap_or_default())
        .collect();
    for key in forbidden {
        assert!(
            !keys.contains(key),
            "query: forbidden key `{key}` in `{query}`"
        );
    }
    for key in required {
        assert!(
            keys.contains(key),
            "query: required key `{key}` missing from `{query}`"
        );
    }
}

/// Panics unless every `expected` header has the value given (several values of one name
/// joined by `, `), no `forbidden` header is present and every `required` one is.
pub fn assert_headers(
    request: &http::Request<Bytes>,
    expected: &[(&str, &str)],
    forbidden: &[&str],
    required: &[&str],
) {
    let headers = request.headers();
    for (name, want) in expected {
        let values: Vec<&str> = headers
            .get_all(*name)
            .iter()
            .map(|v| v.to_str().unwrap_or("<not text>"))
            .collect();
        assert!(
            !values.is_empty(),
            "header `{name}` missing; headers: {headers:?}"
        );
        assert_eq!(values.join(", "), *want, "header `{name}`");
    }
    for name in forbidden {
        assert!(
            !headers.contains_key(*name),
            "header `{name}` is forbidden but was sent"
        );
    }
    for name in required {
        assert!(
            headers.contains_key(*name),
            "header `{name}` is required but was not sent"
        );
    }
}

/// Panics unless the body equals `expected`: as JSON values for a JSON media type and as XML
/// documents of the same meaning for an XML one (see [`xml_difference`]; an empty expectation
/// needs an empty body), as the same `key=value` pairs in any order for a form
/// (`application/x-www-form-urlencoded`), byte for byte otherwise.
pub fn assert_body(request: &http::Request<Bytes>, expected: &str, media_type: Option<&str>) {
    let body = request.body();
    let json = media_type.is_some_and(|m| m == "application/json" || m.ends_with("+json"));
    let xml = media_type
        .is_some_and(|m| m == "application/xml" || m == "text/xml" || m.ends_with("+xml"));
    if xml && !expected.is_empty() {
        let actual = String::from_utf8_lossy(body);
        if let Some(difference) = xml_difference(&actual, expected) {
            panic!("{difference}\n  sent:     {actual}\n  expected: {expected}");
        }
    } else if media_type == Some("application/x-www-form-urlencoded") {
        let actual = String::from_utf8_lossy(body);
        if let Some(difference) = form_difference(&actual, expected) {
            panic!("{difference}\n  sent:     {actual}\n  expected: {expected}");
        }
    } else if json && !expected.is_empty() {
        let actual: Value = serde_json::from_slice(body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(body)
            )
        });
        let want: Value = serde_json::from_str(expected)
            .unwrap_or_else(|e| panic!("the expected body is not JSON ({e}): {expected}"));
        if let Some(difference) = json_difference("body", &actual, &want) {
            panic!("{difference}\n  sent:     {actual}\n  expected: {want}");
        }
    } else {
        assert_eq!(
            String::from_utf8_lossy(body),
            expected,
            "body (bytes: {body:?})"
        );
    }
}

/// How two XML documents differ in meaning, if they do (the runtime's `xml` feature reads
/// them; without it, any XML comparison fails saying so).
///
/// Compared: each element's namespace and local name, its attributes (namespace
/// declarations included, but not one that repeats a binding already in scope) in any
/// order, its text (exactly, in elements without children),
/// and its children. Whitespace-only text beside child elements is insignificant. The
/// children of an element may come in any order across names (structure members), but
/// same-named siblings keep their order (list items), except runs of same-named siblings
/// that each hold exactly two child elements named alike (map entries, `<entry><key/>
/// <value/></entry>` or a flattened map's), whose order a map does not keep: that leaves
/// the order of lists of two-member structures unchecked too.
pub fn xml_difference(actual: &str, expected: &str) -> Option<String> {
    #[cfg(feature = "xml")]
    {
        let parse = |text: &str, what: &str| {
            xml_canon::parse(text).map_err(|e| format!("the {what} body is not XML: {e}"))
        };
        let (actual, expected) = match (parse(actual, "sent"), parse(expected, "expected")) {
            (Ok(a), Ok(e)) => (a, e),
            (Err(e), _) | (_, Err(e)) => return Some(e),
        };
        xml_canon::difference("", &actual, &expected)
    }
    #[cfg(not(feature = "xml"))]
    {
        let _ = (actual, expected);
        Some("XML bodies are compared with the runtime's `xml` feature, which is off".to_owned())
    }
}

/// XML documents in a canonical form, compared by meaning (see [`xml_difference`]).
#[cfg(feature = "xml")]
mod xml_canon {
    use smithy_xml_runtime::{Event, XmlReader};

    /// An element: `{namespace}local` name, sorted attributes, text and canonically ordered
    /// children.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(super) struct Node {
        name: String,
        attributes: Vec<(String, String)>,
        text: String,
        children: Vec<Node>,
    }

    /// The document's root element, canonical.
    pub(super) fn parse(text: &str) -> Result<Node, String> {
        let mut reader = XmlReader::from_text(text);
        let mut stack: Vec<Node> = Vec::new();
        // The namespace declarations in scope, innermost last: (attribute name, URI).
        let mut bindings: Vec<(String, String)> = Vec::new();
        let mut declared: Vec<usize> = Vec::new();
        let mut root = None;
        while let Some(event) = reader.next_event().map_err(|e| e.to_string())? {
            match event {
                Event::Start(el) => {
                    let mut attributes = Vec::new();
                    let mut new_bindings = Vec::new();
                    for a in el.attributes() {
                        let (name, value) = (a.name().qualified(), a.value());
                        let is_declaration = name == "xmlns" || name.starts_with("xmlns:");
                        if is_declaration {
                            // A declaration that binds what is bound already means nothing.
                            let in_scope = bindings
                                .iter()
                                .rev()
                                .find(|(n, _)| n == name)
                                .map_or("", |(_, uri)| uri.as_str());
                            if in_scope == value {
                                continue;
                            }
                            new_bindings.push((name.to_owned(), value.to_owned()));
                        }
                        attributes.push((name.to_owned(), value.to_owned()));
                    }
                    declared.push(new_bindings.len());
                    bindings.extend(new_bindings);
                    attributes.sort();
                    stack.push(Node {
                        name: format!("{{{}}}{}", el.namespace().unwrap_or(""), el.local_name()),
                        attributes,
                        text: String::new(),
                        children: Vec::new(),
                    });
                }
                Event::Text(text) | Event::CData(text) => {
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&text);
                    }
                }
                Event::End(_) => {
                    let Some(mut node) = stack.pop() else {
                        return Err("an end tag without its start".to_owned());
                    };
                    let scope_len = bindings.len() - declared.pop().unwrap_or(0);
                    bindings.truncate(scope_len);
                    if !node.children.is_empty() && node.text.trim().is_empty() {
                        node.text.clear();
                    }
                    canonical_order(&mut node.children);
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => root = Some(node),
                    }
                }
            }
        }
        root.ok_or_else(|| "no root element".to_owned())
    }

    /// Sorts siblings by name, keeping same-named ones in order, then sorts runs of map
    /// entries by their content.
    fn canonical_order(children: &mut [Node]) {
        children.sort_by(|a, b| a.name.cmp(&b.name));
        let mut start = 0;
        while start < children.len() {
            let end = start
                + children[start..]
                    .iter()
                    .take_while(|c| c.name == children[start].name)
                    .count();
            let run = &mut children[start..end];
            if run.len() > 1 && run.iter().all(|c| is_entry_like(c, &run[0])) {
                run.sort_by_key(render);
            }
            start = end;
        }
    }

    /// Whether `node` holds exactly two child elements, named as `first`'s are.
    fn is_entry_like(node: &Node, first: &Node) -> bool {
        node.children.len() == 2
            && first.children.len() == 2
            && node.children[0].name == first.children[0].name
            && node.children[1].name == first.children[1].name
    }

    /// A node as one line of text (for ordering and messages).
    fn render(node: &Node) -> String {
        let mut out = format!("<{}", node.name);
        for (name, value) in &node.attributes {
            out.push_str(&format!(" {name}={value:?}"));
        }
        out.push('>');
        out.push_str(&node.text);
        for child in &node.children {
            out.push_str(&render(child));
        }
        out.push_str("</>");
        out
    }

    /// Where two canonical elements first differ, if they do; `path` names the parent.
    pub(super) fn difference(path: &str, actual: &Node, expected: &Node) -> Option<String> {
        let here = format!("{path}/{}", expected.name);
        if actual.name != expected.name {
            return Some(format!(
                "{path}: element `{}` where `{}` was expected",
                actual.name, expected.name
            ));
        }
        if actual.attributes != expected.attributes {
            return Some(format!(
                "{here}: attributes {:?} != expected {:?}",
                actual.attributes, expected.attributes
            ));
        }
        if actual.text != expected.text {
            return Some(format!(
                "{here}: text {:?} != expected {:?}",
                actual.text, expected.text
            ));
        }
        if actual.children.len() != expected.children.len() {
            let names = |n: &Node| {
                n.children
                    .iter()
                    .map(|c| c.name.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Some(format!(
                "{here}: children [{}] != expected [{}]",
                names(actual),
                names(expected)
            ));
        }
        actual
            .children
            .iter()
            .zip(&expected.children)
            .find_map(|(a, e)| difference(&here, a, e))
    }
}

/// How two form bodies differ, if they do: the pairs (still percent-encoded, so encoding
/// counts) one has more often than the other. Order does not matter; repetition does.
fn form_difference(actual: &str, expected: &str) -> Option<String> {
    fn pairs(body: &str) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for pair in body.split('&').filter(|p| !p.is_empty()) {
            *counts.entry(pair).or_default() += 1;
        }
        counts
    }
    let (sent, wanted) = (pairs(actual), pairs(expected));
    let surplus = |a: &BTreeMap<&str, usize>, b: &BTreeMap<&str, usize>| -> Vec<String> {
        a.iter()
            .filter(|(pair, n)| b.get(*pair).copied().unwrap_or(0) < **n)
            .map(|(pair, _)| format!("`{pair}`"))
            .collect()
    };
    let (unexpected, missing) = (surplus(&sent, &wanted), surplus(&wanted, &sent));
    if unexpected.is_empty() && missing.is_empty() {
        return None;
    }
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(format!("missing {}", missing.join(", ")));
    }
    if !unexpected.is_empty() {
        problems.push(format!("unexpected {}", unexpected.join(", ")));
    }
    Some(format!("form body: {}", problems.join("; ")))
}

/// Panics unless `actual` and `expected` serialize to the same JSON (integers compared
/// exactly, other numbers by value, so `NaN` equals `NaN`), naming the first member that
/// differs.
pub fn assert_same<T: serde::Serialize>(actual: &T, expected: &T) {
    let to_json = |v: &T, what: &str| {
        serde_json::to_value(v).unwrap_or_else(|e| panic!("cannot serialize the {what} value: {e}"))
    };
    let (actual, expected) = (to_json(actual, "actual"), to_json(expected, "expected"));
    if let Some(difference) = json_difference("value", &actual, &expected) {
        panic!("{difference}\n  actual:   {actual}\n  expected: {expected}");
    }
}

/// Where two JSON values first differ, if they do.
fn json_difference(path: &str, actual: &Value, expected: &Value) -> Option<String> {
    match (actual, expected) {
        (Value::Number(a), Value::Number(b)) => {
            // Integers exactly (an f64 cannot tell 2^53 from 2^53 + 1); a float on either side
            // (JSON's 1 and 1.0 are one number) by value.
            let same = if a.is_f64() || b.is_f64() {
                a.as_f64() == b.as_f64()
            } else {
                a.as_i128() == b.as_i128()
            };
            (!same).then(|| format!("{path}: {a} != {b}"))
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("{path}: {} items != {} items", a.len(), b.len()));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (a, b))| json_difference(&format!("{path}[{i}]"), a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeMap<&String, ()> = a.keys().chain(b.keys()).map(|k| (k, ())).collect();
            keys.into_keys().find_map(|k| match (a.get(k), b.get(k)) {
                (Some(a), Some(b)) => json_difference(&format!("{path}.{k}"), a, b),
                (Some(a), None) => Some(format!("{path}.{k}: unexpected {a}")),
                (None, Some(b)) => Some(format!("{path}.{k}: missing, expected {b}")),
                (None, None) => None,
            })
        }
        (a, b) => (a != b).then(|| format!("{path}: {a} != {b}")),
    }
}

/// One generated test case.
pub struct Case {
    /// The case's `id` in the model.
    pub id: &'static str,
    /// Runs the case; a panic is a failure.
    pub run: fn() -> Pin<Box<dyn Future<Output = ()>>>,
}

/// Runs every case (or those whose id contains the first command-line argument), each on a
/// fresh current-thread runtime with its panic caught, printing `PASS id` or
/// `FAIL id: message` lines, then `N passed of M`. Exits 0 once all have run: which
/// failures are expected is for the caller to judge.
pub fn run(cases: &[Case]) {
    let filter = std::env::args().nth(1).unwrap_or_default();
    let message: Arc<Mutex<String>> = Arc::default();
    let hook_message = Arc::clone(&message);
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        *hook_message.lock().unwrap_or_else(|e| e.into_inner()) = text;
    }));
    let (mut passed, mut total) = (0, 0);
    for case in cases.iter().filter(|c| c.id.contains(filter.as_str())) {
        total += 1;
        let outcome = std::panic::catch_unwind(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .expect("a Tokio runtime")
                .block_on((case.run)());
        });
        match outcome {
            Ok(()) => {
                passed += 1;
                println!("PASS {}", case.id);
            }
            Err(_) => {
                let text = message.lock().unwrap_or_else(|e| e.into_inner()).clone();
                println!("FAIL {}: {}", case.id, text.replace('\n', "\n    "));
            }
        }
    }
    println!("{passed} passed of {total}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_above_2_pow_53_compare_exactly() {
        let big = 1_u64 << 53;
        let (a, b) = (Value::from(big), Value::from(big + 1));
        // The same as f64: the comparison must not go through it.
        assert_eq!(a.as_f64(), b.as_f64());
        assert!(json_difference("v", &a, &b).is_some());
        assert!(json_difference("v", &Value::from(i64::MIN), &Value::from(i64::MIN + 1)).is_some());
        assert!(json_difference("v", &Value::from(big), &Value::from(big)).is_none());
        // JSON's 1 and 1.0 are one number.
        assert!(json_difference("v", &Value::from(1), &Value::from(1.0)).is_none());
        assert!(json_difference("v", &Value::from(1.5), &Value::from(1.25)).is_some());
    }

    #[test]
    fn form_bodies_compare_as_pairs_in_any_order() {
        assert_eq!(form_difference("A=1&B=2&B=3", "B=3&A=1&B=2"), None);
        assert_eq!(form_difference("", ""), None);
        assert_eq!(
            form_difference("A=1&C=3", "A=1&B=2"),
            Some("form body: missing `B=2`; unexpected `C=3`".to_owned())
        );
        // Encoding and repetition count.
        assert!(form_difference("T=08:00", "T=08%3A00").is_some());
        assert_eq!(
            form_difference("A=1&A=1", "A=1"),
            Some("form body: unexpected `A=1`".to_owned())
        );
        // An empty value is a pair of its own.
        assert!(form_difference("Action=X", "Action=X&ListArg=").is_some());
    }

    #[cfg(feature = "xml")]
    #[test]
    fn xml_bodies_compare_by_meaning() {
        let same = |a: &str, b: &str| xml_difference(a, b);
        // Whitespace between elements, empty-element forms, attribute order, member order.
        assert_eq!(
            same(
                r#"<R b="2" a="1"><y>2</y><x>1</x><e/></R>"#,
                "<R a=\"1\" b=\"2\">\n  <x>1</x>\n  <y>2</y>\n  <e></e>\n</R>\n"
            ),
            None
        );
        // Text inside a leaf is significant, whitespace included.
        assert!(same("<R><s> a </s></R>", "<R><s>a</s></R>").is_some());
        assert!(same("<R><s>   </s></R>", "<R><s></s></R>").is_some());
        // List items keep their order.
        assert_eq!(
            same(
                "<R><l><member>b</member><member>a</member></l></R>",
                "<R><l><member>a</member><member>b</member></l></R>"
            ),
            Some("/{}R/{}l/{}member: text \"b\" != expected \"a\"".to_owned())
        );
        // Map entries do not.
        assert_eq!(
            same(
                "<R><m><entry><key>b</key><value>2</value></entry><entry><key>a</key><value>1</value></entry></m></R>",
                "<R><m><entry><key>a</key><value>1</value></entry><entry><key>b</key><value>2</value></entry></m></R>"
            ),
            None
        );
        // Namespaces: the declarations and the names they resolve to count.
        assert_eq!(
            same(
                r#"<R xmlns="http://a"><x xmlns:p="http://p">1</x></R>"#,
                r#"<R xmlns="http://a"><x xmlns:p="http://p">1</x></R>"#
            ),
            None
        );
        assert!(same(r#"<R xmlns="http://a"/>"#, r#"<R xmlns="http://b"/>"#).is_some());
        assert!(same(r#"<R/>"#, r#"<R xmlns="http://b"/>"#).is_some());
        assert!(same(r#"<R><x xmlns:p="http://p"/></R>"#, r#"<R><x/></R>"#).is_some());
        // A declaration that repeats the binding in scope means nothing.
        assert_eq!(
            same(
                r#"<R xmlns="http://a"><x xmlns="http://a"><y xmlns:p="http://p"/></x></R>"#,
                r#"<R xmlns="http://a"><x><y xmlns:p="http://p"/></x></R>"#
            ),
            None
        );
        assert!(
            same(
                r#"<R xmlns="http://a"><x xmlns="http://b"/></R>"#,
                r#"<R xmlns="http://a"><x/></R>"#
            )
            .is_some()
        );
        // Missing or extra members, other attribute values, escaping by meaning.
        assert!(same("<R><x>1</x></R>", "<R><x>1</x><y>2</y></R>").is_some());
        assert!(same(r#"<R a="1"/>"#, r#"<R a="2"/>"#).is_some());
        assert_eq!(same("<R>&lt;&#x41;</R>", "<R><![CDATA[<A]]></R>"), None);
        // Not XML.
        assert!(same("{}", "<R/>").is_some_and(|e| e.starts_with("the sent body is not XML")),);
    }

    #[test]
    #[should_panic(expected = "invalid response status code 1000")]
    fn an_invalid_status_code_fails_the_case() {
        let _ = Recorder::new(1000, &[], b"");
    }

    #[test]
    #[should_panic(expected = "invalid response header name \"bad name\"")]
    fn an_invalid_header_name_fails_the_case() {
        let _ = Recorder::new(200, &[("bad name", "x")], b"");
    }

    #[test]
    #[should_panic(expected = "invalid value of response header `x-a`")]
    fn an_invalid_header_value_fails_the_case() {
        let _ = Recorder::new(200, &[("x-a", "line\nbreak")], b"");
    }

    #[test]
    fn the_recorder_answers_what_it_was_given() {
        let recorder = Recorder::new(418, &[("x-a", "1"), ("x-a", "2")], b"body");
        let request = http::Request::new(Bytes::new());
        let response = block_on(recorder.send(request));
        let response = response.expect("a response");
        assert_eq!(response.status(), http::StatusCode::IM_A_TEAPOT);
        let values: Vec<_> = response.headers().get_all("x-a").iter().collect();
        assert_eq!(values, ["1", "2"]);
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a Tokio runtime")
            .block_on(future)
    }
}
