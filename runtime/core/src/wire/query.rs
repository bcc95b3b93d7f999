//! The form body of awsQuery and ec2Query requests: `Action=..&Version=..` followed by one
//! `key=value` pair per scalar of the input, keys dotted paths of member names, list indexes
//! and map entries (`Tags.member.1.Key`). Generated serializers decide the keys; this module
//! builds them and encodes the pairs.

use std::collections::HashMap;

use super::SerializeError;
use super::binding::{Encode, percent_encode};

/// A form body being written.
#[derive(Debug)]
pub struct QueryWriter {
    body: String,
}

impl QueryWriter {
    /// A body starting with `Action={action}&Version={version}`.
    pub fn new(action: &str, version: &str) -> Self {
        let mut writer = Self {
            body: String::with_capacity(64),
        };
        writer.push("Action", action);
        writer.push("Version", version);
        writer
    }

    /// Appends `key=value`, both percent-encoded (RFC 3986: only unreserved characters are
    /// kept, so a space is `%20` and `:` is `%3A`).
    pub fn push(&mut self, key: &str, value: &str) {
        if !self.body.is_empty() {
            self.body.push('&');
        }
        self.body.push_str(&percent_encode(key, Encode::Unreserved));
        self.body.push('=');
        self.body
            .push_str(&percent_encode(value, Encode::Unreserved));
    }

    /// Writes a list under `key`: each item through `write` under its own key, numbered from
    /// 1 after `segment` (`Key.member.1`, or `Key.1` without one). An empty list is sent as
    /// `Key=` when `send_empty` (awsQuery), else not at all (ec2Query).
    pub fn list<T>(
        &mut self,
        key: &str,
        segment: Option<&str>,
        send_empty: bool,
        items: &[T],
        mut write: impl FnMut(&mut Self, &str, &T) -> Result<(), SerializeError>,
    ) -> Result<(), SerializeError> {
        if items.is_empty() && send_empty {
            self.push(key, "");
        }
        for (i, item) in items.iter().enumerate() {
            write(self, &item_key(key, segment, i + 1), item)?;
        }
        Ok(())
    }

    /// Writes a map under `key`: one entry per pair in key order, numbered from 1 after
    /// `segment` (`Key.entry.1`, or `Key.1` without one), each a `names.0` key (`.key`) and
    /// a `names.1` value written through `write`. An empty map sends nothing.
    pub fn map<V>(
        &mut self,
        key: &str,
        segment: Option<&str>,
        names: (&str, &str),
        map: &HashMap<String, V>,
        mut write: impl FnMut(&mut Self, &str, &V) -> Result<(), SerializeError>,
    ) -> Result<(), SerializeError> {
        for (i, (entry_key, value)) in sorted_entries(map).into_iter().enumerate() {
            let entry = item_key(key, segment, i + 1);
            self.push(&self::key(&entry, names.0), entry_key);
            write(self, &self::key(&entry, names.1), value)?;
        }
        Ok(())
    }

    /// The finished body.
    pub fn finish(self) -> bytes::Bytes {
        bytes::Bytes::from(self.body)
    }
}

/// The key of a member: `prefix.segment`, or `segment` at the top (an empty prefix).
pub fn key(prefix: &str, segment: &str) -> String {
    if prefix.is_empty() {
        segment.to_owned()
    } else {
        format!("{prefix}.{segment}")
    }
}

/// The key of the list item or map entry at 1-based `index`: `key.segment.index`
/// (`Tags.member.1`, `Attributes.entry.1`), or `key.index` without a segment (flattened and
/// ec2Query lists, flattened maps).
pub fn item_key(key: &str, segment: Option<&str>, index: usize) -> String {
    match segment {
        Some(segment) => format!("{key}.{segment}.{index}"),
        None => format!("{key}.{index}"),
    }
}

/// A map's entries ordered by key, so that the same map always makes the same body (a
/// `HashMap` iterates in no fixed order, and entry numbers are part of the keys).
fn sorted_entries<V>(map: &HashMap<String, V>) -> Vec<(&str, &V)> {
    let mut entries: Vec<(&str, &V)> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(writer: QueryWriter) -> String {
        String::from_utf8(writer.finish().to_vec()).unwrap()
    }

    #[test]
    fn action_and_version_come_first() {
        let writer = QueryWriter::new("GetCallerIdentity", "2011-06-15");
        assert_eq!(body(writer), "Action=GetCallerIdentity&Version=2011-06-15");
    }

    #[test]
    fn keys_and_values_are_percent_encoded() {
        let mut writer = QueryWriter::new("Op", "1");
        writer.push("Ts", "2015-01-25T08:00:00Z");
        writer.push("Blob", "dmFsdWU=");
        writer.push("Text", "a b&c=d+e/ü~-_.");
        writer.push("Empty", "");
        writer.push("Odd key", "x");
        assert_eq!(
            body(writer),
            "Action=Op&Version=1&Ts=2015-01-25T08%3A00%3A00Z&Blob=dmFsdWU%3D\
             &Text=a%20b%26c%3Dd%2Be%2F%C3%BC~-_.&Empty=&Odd%20key=x"
        );
    }

    #[test]
    fn keys_are_dotted_paths() {
        assert_eq!(key("", "Foo"), "Foo");
        assert_eq!(key("Outer", "Foo"), "Outer.Foo");
        assert_eq!(key("A.member.1", "B"), "A.member.1.B");
        assert_eq!(item_key("ListArg", Some("member"), 1), "ListArg.member.1");
        assert_eq!(item_key("Map", Some("entry"), 12), "Map.entry.12");
        assert_eq!(item_key("ListArg", None, 3), "ListArg.3");
    }

    fn push_text(writer: &mut QueryWriter, key: &str, value: &&str) -> Result<(), SerializeError> {
        writer.push(key, value);
        Ok(())
    }

    #[test]
    fn lists_are_numbered_from_one() {
        let mut writer = QueryWriter::new("Op", "1");
        writer
            .list("L", Some("member"), true, &["a", "b"], push_text)
            .unwrap();
        writer.list("F", None, true, &["c"], push_text).unwrap();
        assert_eq!(
            body(writer),
            "Action=Op&Version=1&L.member.1=a&L.member.2=b&F.1=c"
        );
    }

    #[test]
    fn empty_lists_are_sent_only_when_asked() {
        let mut writer = QueryWriter::new("Op", "1");
        writer
            .list("Aws", Some("member"), true, &[], push_text)
            .unwrap();
        writer.list("Ec2", None, false, &[], push_text).unwrap();
        assert_eq!(body(writer), "Action=Op&Version=1&Aws=");
    }

    #[test]
    fn lists_nest_and_errors_stop_the_body() {
        let mut writer = QueryWriter::new("Op", "1");
        let lists: [&[&str]; 2] = [&["a"], &["b", "c"]];
        writer
            .list("L", Some("member"), true, &lists, |writer, key, items| {
                writer.list(key, Some("member"), true, items, push_text)
            })
            .unwrap();
        assert_eq!(
            body(writer),
            "Action=Op&Version=1&L.member.1.member.1=a&L.member.2.member.1=b&L.member.2.member.2=c"
        );
        let mut writer = QueryWriter::new("Op", "1");
        let error = writer
            .list("L", None, true, &["a"], |_, key, _| {
                Err(SerializeError::new(format!("no `{key}`")))
            })
            .unwrap_err();
        assert_eq!(error.to_string(), "no `L.1`");
    }

    #[test]
    fn maps_are_written_in_key_order() {
        let map: HashMap<String, &str> = [("foo", "Foo"), ("bar", "Bar")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        let mut writer = QueryWriter::new("Op", "1");
        writer
            .map("M", Some("entry"), ("key", "value"), &map, push_text)
            .unwrap();
        writer.map("F", None, ("K", "V"), &map, push_text).unwrap();
        writer
            .map(
                "E",
                Some("entry"),
                ("key", "value"),
                &HashMap::new(),
                push_text,
            )
            .unwrap();
        assert_eq!(
            body(writer),
            "Action=Op&Version=1&M.entry.1.key=bar&M.entry.1.value=Bar&M.entry.2.key=foo\
             &M.entry.2.value=Foo&F.1.K=bar&F.1.V=Bar&F.2.K=foo&F.2.V=Foo"
        );
    }

    #[test]
    fn map_entries_are_ordered_by_key() {
        let map: HashMap<String, i32> = [("foo", 1), ("bar", 2), ("baz", 3), ("", 4)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        let keys: Vec<&str> = sorted_entries(&map).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["", "bar", "baz", "foo"]);
        assert!(sorted_entries(&HashMap::<String, i32>::new()).is_empty());
    }
}
