//! Smithy's model rules that the generator relies on, checked once the files are merged and
//! every target is known. Smithy's own validators are the reference (`EnumShapeValidator`,
//! `EnumTraitValidator`, `HttpLabelTraitValidator`, `HttpPayloadValidator`,
//! `HttpHeaderTraitValidator`, `HttpPrefixHeadersTraitValidator`, `HttpQueryTraitValidator`,
//! `ExclusiveStructureMemberTraitValidator`, `JsonNameValidator`, the URI pattern parser and the
//! binding traits' selectors); only rules whose violation would make the generated code wrong
//! or not compile are checked, so everything Smithy accepts still loads.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Member, Model, Shape, ShapeKind, Simple, UNIT, is_identifier};
use crate::{Error, Result};

const LABEL: &str = "smithy.api#httpLabel";
const QUERY: &str = "smithy.api#httpQuery";
const QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
const HEADER: &str = "smithy.api#httpHeader";
const PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
const PAYLOAD: &str = "smithy.api#httpPayload";
const RESPONSE_CODE: &str = "smithy.api#httpResponseCode";

/// The HTTP binding traits; a member carries at most one.
const BINDINGS: [&str; 7] = [
    LABEL,
    QUERY,
    QUERY_PARAMS,
    HEADER,
    PREFIX_HEADERS,
    PAYLOAD,
    RESPONSE_CODE,
];

/// Bindings that at most one member of a structure may have.
const EXCLUSIVE: [&str; 4] = [PAYLOAD, PREFIX_HEADERS, QUERY_PARAMS, RESPONSE_CODE];

/// What keeps a member out of a request body, and out of a response body: labels and the query
/// string exist only in requests, the status code only in responses.
const REQUEST_BINDINGS: [&str; 6] = [LABEL, QUERY, QUERY_PARAMS, HEADER, PREFIX_HEADERS, PAYLOAD];
const RESPONSE_BINDINGS: [&str; 4] = [HEADER, PREFIX_HEADERS, PAYLOAD, RESPONSE_CODE];

/// Checks every shape; the first violation is returned, naming its file, shape and member.
pub(super) fn check(model: &Model) -> Result<()> {
    for shape in model.shapes() {
        let checked = match &shape.kind {
            ShapeKind::Enum { members } => enum_values(shape, members),
            ShapeKind::IntEnum { members } => int_enum_values(shape, members),
            ShapeKind::Simple(Simple::String) => enum_trait(shape),
            ShapeKind::Structure { members } => structure(model, shape, members),
            ShapeKind::Union { members } => json_names(shape, members),
            ShapeKind::Operation { input, output, .. } => operation(model, shape, input, output),
            _ => Ok(()),
        };
        checked.map_err(|e| locate(model, e))?;
    }
    Ok(())
}

/// Adds the file of the shape the error names (which may not be the shape being checked).
fn locate(model: &Model, error: Error) -> Error {
    match error
        .shape_id()
        .and_then(|id| model.shape(id))
        .and_then(|s| s.file.as_deref())
    {
        Some(file) => error.in_file(file),
        None => error,
    }
}

/// Enum values become match arms both ways: a repeated value could not round-trip.
fn enum_values(shape: &Shape, members: &[Member]) -> Result<()> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for member in members {
        let value = match member.traits.enum_value() {
            None => member.name.as_str(),
            Some(Value::String(s)) => s.as_str(),
            // Not a string: the IR says so.
            Some(_) => continue,
        };
        if let Some(first) = seen.insert(value, &member.name) {
            return Err(Error::member(
                &shape.id,
                &member.name,
                format!(
                    "has the enum value `{value}`, as does member `{first}`; enum values must be unique"
                ),
            ));
        }
    }
    Ok(())
}

fn int_enum_values(shape: &Shape, members: &[Member]) -> Result<()> {
    let mut seen: BTreeMap<i64, &str> = BTreeMap::new();
    for member in members {
        // Missing or not an integer: the IR says so.
        let Some(value) = member.traits.enum_value().and_then(Value::as_i64) else {
            continue;
        };
        if let Some(first) = seen.insert(value, &member.name) {
            return Err(Error::member(
                &shape.id,
                &member.name,
                format!(
                    "has the intEnum value `{value}`, as does member `{first}`; enum values must be unique"
                ),
            ));
        }
    }
    Ok(())
}

/// The Smithy 1.0 `@enum` trait: its entries are not members, so errors name the entry.
fn enum_trait(shape: &Shape) -> Result<()> {
    let Some(definitions) = shape.traits.enum_definitions() else {
        return Ok(());
    };
    let mut values = BTreeMap::new();
    let mut names = BTreeMap::new();
    for (i, definition) in definitions.iter().enumerate() {
        if let Some(first) = values.insert(definition.value.as_str(), i) {
            return Err(Error::shape(
                &shape.id,
                format!(
                    "trait `smithy.api#enum`: entries {} and {} both have the value `{}`; enum values must be unique",
                    first + 1,
                    i + 1,
                    definition.value
                ),
            ));
        }
        if let Some(name) = &definition.name
            && let Some(first) = names.insert(name.as_str(), i)
        {
            return Err(Error::shape(
                &shape.id,
                format!(
                    "trait `smithy.api#enum`: entries {} and {} both have the name `{name}`; enum names must be unique",
                    first + 1,
                    i + 1
                ),
            ));
        }
    }
    Ok(())
}

/// Two members that would be written under one JSON key.
fn json_names(shape: &Shape, members: &[Member]) -> Result<()> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for member in members {
        let name = member.traits.json_name().unwrap_or(&member.name);
        if let Some(first) = seen.insert(name, &member.name) {
            return Err(Error::member(
                &shape.id,
                &member.name,
                format!(
                    "has the JSON name `{name}`, as does member `{first}`; JSON names must be unique"
                ),
            ));
        }
    }
    Ok(())
}

/// The binding traits of a structure's members: one per member, on a target it can bind, the
/// exclusive ones once per structure, header and query names unique.
fn structure(model: &Model, shape: &Shape, members: &[Member]) -> Result<()> {
    json_names(shape, members)?;
    let fail = |member: &Member, message: String| Error::member(&shape.id, &member.name, message);
    let mut exclusive: BTreeMap<&str, &str> = BTreeMap::new();
    let mut headers: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    let mut queries: BTreeMap<&str, &str> = BTreeMap::new();
    let mut prefix: Option<(&str, &str)> = None;
    for member in members {
        let mut bound = BINDINGS.iter().filter(|b| member.traits.has(b));
        let Some(&binding) = bound.next() else {
            continue;
        };
        if let Some(other) = bound.next() {
            return Err(fail(
                member,
                format!(
                    "has both `{binding}` and `{other}`; a member is bound to one place in an HTTP message"
                ),
            ));
        }
        let Some(target) = model.shape(&member.target) else {
            continue;
        };
        let (fits, expected) = match binding {
            LABEL => (is_scalar(target), SCALAR),
            QUERY | HEADER => (
                is_scalar(target) || list_of(model, target, is_scalar),
                "a string, number, boolean or timestamp, or a list of them",
            ),
            QUERY_PARAMS => (
                map_of(model, target, |v| {
                    is_string(v) || list_of(model, v, is_string)
                }),
                "a map of strings or a map of lists of strings",
            ),
            PREFIX_HEADERS => (map_of(model, target, is_string), "a map of strings"),
            PAYLOAD => (
                matches!(
                    target.kind,
                    ShapeKind::Simple(Simple::String | Simple::Blob | Simple::Document)
                        | ShapeKind::Enum { .. }
                        | ShapeKind::Structure { .. }
                        | ShapeKind::Union { .. }
                        | ShapeKind::List { .. }
                        | ShapeKind::Map { .. }
                ),
                "a blob, string, enum, structure, union, document, list or map",
            ),
            _ => (
                matches!(
                    target.kind,
                    ShapeKind::Simple(Simple::Integer) | ShapeKind::IntEnum { .. }
                ),
                "an integer",
            ),
        };
        if !fits {
            return Err(fail(
                member,
                format!(
                    "`{binding}` cannot bind `{}`, {}; it needs {expected}",
                    member.target,
                    describe(target)
                ),
            ));
        }
        if binding == LABEL && !member.traits.required() {
            return Err(fail(
                member,
                format!(
                    "has `{LABEL}` but not `smithy.api#required`; a URI label always has a value"
                ),
            ));
        }
        if EXCLUSIVE.contains(&binding)
            && let Some(first) = exclusive.insert(binding, &member.name)
        {
            return Err(fail(
                member,
                format!("has `{binding}`, as does member `{first}`; a structure can have only one"),
            ));
        }
        if let Some(name) = member.traits.http_header()
            && let Some((first, first_name)) =
                headers.insert(name.to_ascii_lowercase(), (&member.name, name))
        {
            return Err(fail(
                member,
                format!(
                    "is bound to the header `{name}`, as is member `{first}` (`{first_name}`); header names are case-insensitive and must be unique"
                ),
            ));
        }
        if let Some(name) = member.traits.http_query()
            && let Some(first) = queries.insert(name, &member.name)
        {
            return Err(fail(
                member,
                format!(
                    "is bound to the query parameter `{name}`, as is member `{first}`; query parameter names must be unique"
                ),
            ));
        }
        if let Some(p) = member.traits.http_prefix_headers() {
            prefix = Some((&member.name, p));
        }
    }
    // An empty prefix binds every header not bound otherwise (the protocol tests'
    // `HttpEmptyPrefixHeaders`), so only a non-empty prefix can conflict.
    if let Some((prefix_member, prefix)) = prefix.filter(|(_, p)| !p.is_empty()) {
        let lower = prefix.to_ascii_lowercase();
        for (header, (member, name)) in &headers {
            if header.starts_with(&lower) {
                return Err(Error::member(
                    &shape.id,
                    *member,
                    format!(
                        "is bound to the header `{name}`, which starts with `{prefix}`, the `{PREFIX_HEADERS}` prefix of member `{prefix_member}` (case-insensitively)"
                    ),
                ));
            }
        }
    }
    if shape.traits.error().is_some() {
        payload_alone(shape, members, &RESPONSE_BINDINGS, "response")?;
    }
    Ok(())
}

/// The `@http` URI of an operation against the `@httpLabel` members of its input, and the
/// payload rule for its input and output.
fn operation(model: &Model, op: &Shape, input: &str, output: &str) -> Result<()> {
    let Some(http) = op.traits.http() else {
        return Ok(());
    };
    let uri = &http.uri;
    let labels = parse_uri(uri)
        .map_err(|message| Error::shape(&op.id, format!("URI `{uri}`: {message}")))?;
    let structure = |id: &str| match model.shape(id).map(|s| &s.kind) {
        Some(ShapeKind::Structure { members }) => members.as_slice(),
        _ => &[],
    };
    let members = structure(input);
    // A label is named by its member, whatever resource identifier the member binds with
    // `@resourceIdentifier` (Smithy's HttpLabelTrait validation).
    let label_name = |m: &'_ Member| -> String { m.name.clone() };
    // Smithy matches label names case-insensitively.
    let find = |name: &str| labels.iter().find(|l| l.name.eq_ignore_ascii_case(name));
    for member in members.iter().filter(|m| m.traits.has(LABEL)) {
        let name = label_name(member);
        match find(&name) {
            None => {
                return Err(Error::member(
                    input,
                    &member.name,
                    format!(
                        "has `{LABEL}`, but the URI `{uri}` of operation `{}` has no label `{{{name}}}`",
                        op.id
                    ),
                ));
            }
            Some(label) if label.greedy && !model.shape(&member.target).is_some_and(is_string) => {
                return Err(Error::member(
                    input,
                    &member.name,
                    format!(
                        "is bound to the greedy label `{{{}+}}` of operation `{}`, so it must target a string, not `{}`",
                        label.name, op.id, member.target
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    for label in &labels {
        let bound = members
            .iter()
            .any(|m| m.traits.has(LABEL) && label_name(m).eq_ignore_ascii_case(label.name));
        if bound {
            continue;
        }
        if input == UNIT {
            return Err(Error::shape(
                &op.id,
                format!(
                    "the URI `{uri}` has the label `{{{}}}`, but the operation has no input to fill it",
                    label.name
                ),
            ));
        }
        let message = match members
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(label.name))
        {
            Some(m) => Error::member(
                input,
                &m.name,
                format!(
                    "is named by the label `{{{}}}` in the URI `{uri}` of operation `{}`, but has no `{LABEL}`",
                    label.name, op.id
                ),
            ),
            None => Error::member(
                input,
                label.name,
                format!(
                    "no such member, but the URI `{uri}` of operation `{}` has the label `{{{}}}`; add a `@required` `@httpLabel` member of that name",
                    op.id, label.name
                ),
            ),
        };
        return Err(message);
    }
    if let Some(shape) = model.shape(input) {
        payload_alone(shape, members, &REQUEST_BINDINGS, "request")?;
    }
    if let Some(shape) = model.shape(output) {
        payload_alone(shape, structure(output), &RESPONSE_BINDINGS, "response")?;
    }
    Ok(())
}

/// An `@httpPayload` member takes the whole body: no other member may need the body.
fn payload_alone(shape: &Shape, members: &[Member], bound: &[&str], message: &str) -> Result<()> {
    let Some(payload) = members.iter().find(|m| m.traits.has(PAYLOAD)) else {
        return Ok(());
    };
    match members
        .iter()
        .find(|m| !bound.iter().any(|b| m.traits.has(b)))
    {
        Some(unbound) => Err(Error::member(
            &shape.id,
            &unbound.name,
            format!(
                "has no HTTP binding, so it would go in the {message} body, but member `{}` has `{PAYLOAD}` and is the whole body; bind this member to {}",
                payload.name,
                if message == "request" {
                    "a label, the query string or a header"
                } else {
                    "a header"
                }
            ),
        )),
        None => Ok(()),
    }
}

/// A label of a URI pattern: `{name}`, or `{name+}` when greedy.
#[derive(Debug, PartialEq)]
struct Label<'a> {
    name: &'a str,
    greedy: bool,
}

/// Parses an `@http` URI pattern as Smithy's `UriPattern` does; errors say what is malformed.
fn parse_uri(uri: &str) -> Result<Vec<Label<'_>>, String> {
    if uri.contains('#') {
        return Err("a URI pattern must not contain a fragment (`#`)".to_owned());
    }
    if uri.ends_with('?') {
        return Err("a URI pattern must not end with `?`".to_owned());
    }
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    if query.contains(['{', '}']) {
        return Err("labels must not appear in the query string".to_owned());
    }
    let Some(path) = path.strip_prefix('/') else {
        return Err("a URI pattern must start with `/`".to_owned());
    };
    // As in Smithy, trailing slashes are not segments.
    let mut segments: Vec<&str> = path.split('/').collect();
    while segments.last() == Some(&"") {
        segments.pop();
    }
    let mut labels: Vec<Label> = Vec::new();
    for segment in segments {
        let Some(inner) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            if segment.is_empty() {
                return Err("empty path segment (`//`)".to_owned());
            }
            if segment.contains(['{', '}']) {
                return Err(format!(
                    "segment `{segment}`: a label must be a whole path segment, such as `/{{name}}/`"
                ));
            }
            continue;
        };
        let (name, greedy) = match inner.strip_suffix('+') {
            Some(name) => (name, true),
            None => (inner, false),
        };
        if name.is_empty() {
            return Err(format!("empty label `{segment}`"));
        }
        if !is_identifier(name) {
            return Err(format!(
                "label `{segment}`: a label name is a Smithy identifier (letters, digits and `_`)"
            ));
        }
        if labels.iter().any(|l| l.name.eq_ignore_ascii_case(name)) {
            return Err(format!("the label `{{{name}}}` appears more than once"));
        }
        if let Some(greedy_label) = labels.iter().find(|l| l.greedy) {
            return Err(format!(
                "the greedy label `{{{}+}}` must be the last label, but `{segment}` follows it",
                greedy_label.name
            ));
        }
        labels.push(Label { name, greedy });
    }
    Ok(labels)
}

const SCALAR: &str = "a string, number, boolean or timestamp";

/// Targets that fit in a label, header or query value.
fn is_scalar(shape: &Shape) -> bool {
    match &shape.kind {
        ShapeKind::Simple(simple) => !matches!(simple, Simple::Blob | Simple::Document),
        ShapeKind::Enum { .. } | ShapeKind::IntEnum { .. } => true,
        _ => false,
    }
}

/// A string in Smithy's sense: string shapes and enums.
fn is_string(shape: &Shape) -> bool {
    matches!(
        shape.kind,
        ShapeKind::Simple(Simple::String) | ShapeKind::Enum { .. }
    )
}

fn list_of(model: &Model, shape: &Shape, item: impl Fn(&Shape) -> bool) -> bool {
    match &shape.kind {
        ShapeKind::List { member } => model.shape(&member.target).is_some_and(item),
        _ => false,
    }
}

fn map_of(model: &Model, shape: &Shape, value: impl Fn(&Shape) -> bool) -> bool {
    match &shape.kind {
        ShapeKind::Map { value: v, .. } => model.shape(&v.target).is_some_and(value),
        _ => false,
    }
}

/// `a structure`, `a list of structure`, ... for messages.
fn describe(shape: &Shape) -> String {
    let kind = match &shape.kind {
        ShapeKind::Simple(simple) => match simple {
            Simple::Blob => "blob",
            Simple::Boolean => "boolean",
            Simple::String => "string",
            Simple::Timestamp => "timestamp",
            Simple::Byte => "byte",
            Simple::Short => "short",
            Simple::Integer => "integer",
            Simple::Long => "long",
            Simple::Float => "float",
            Simple::Double => "double",
            Simple::BigInteger => "bigInteger",
            Simple::BigDecimal => "bigDecimal",
            Simple::Document => "document",
        },
        ShapeKind::List { .. } => "list",
        ShapeKind::Map { .. } => "map",
        ShapeKind::Structure { .. } => "structure",
        ShapeKind::Union { .. } => "union",
        ShapeKind::Enum { .. } => "enum",
        ShapeKind::IntEnum { .. } => "intEnum",
        ShapeKind::Service { .. } => "service",
        ShapeKind::Operation { .. } => "operation",
        ShapeKind::Resource { .. } => "resource",
    };
    let article = if matches!(kind.as_bytes().first(), Some(b'a' | b'e' | b'i' | b'o')) {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(uri: &str) -> Result<Vec<(&str, bool)>, String> {
        parse_uri(uri).map(|ls| ls.into_iter().map(|l| (l.name, l.greedy)).collect())
    }

    #[test]
    fn uri_patterns_parse_as_in_smithy() {
        assert_eq!(labels("/"), Ok(vec![]));
        assert_eq!(labels("/a/{b}/c/"), Ok(vec![("b", false)]));
        assert_eq!(
            labels("/{a}/x/{b+}?k=v&flag"),
            Ok(vec![("a", false), ("b", true)])
        );
        // A greedy label may be followed by literals, not by labels.
        assert_eq!(labels("/{a+}/suffix"), Ok(vec![("a", true)]));
        for bad in [
            "/a//b",
            "/{}",
            "/{+}",
            "/{a}{b}",
            "/x{a}",
            "/{a-b}",
            "/{a}/{A}",
            "/{a+}/{b}",
            "/{a+}/{b+}",
            "/a?{b}",
            "/a?",
            "/a#b",
            "/{",
            "/}",
            "/{é}",
            "/é{",
            "/{a++}",
        ] {
            assert!(labels(bad).is_err(), "{bad} should be refused");
        }
    }
}
