//! The INI dialect of `~/.aws/config` and `~/.aws/credentials`, parsed by hand as the AWS
//! SDKs' shared-config rules describe: `[section]` lines (comments allowed after them),
//! `key = value` lines (a comment after a value needs whitespace before `#` or `;`),
//! indented continuation lines, and indented sub-properties after an empty value.

/// One `[...]` section with its properties, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    /// The text between the brackets, trimmed (e.g. `profile dev`).
    pub(crate) header: String,
    /// 1-based line number of the header.
    pub(crate) line: usize,
    pub(crate) properties: Vec<(String, String)>,
}

/// A line the parser could not read: 1-based line number and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError {
    pub(crate) line: usize,
    pub(crate) message: &'static str,
}

/// Parses a whole file. The error never quotes the line: it could hold a secret key.
pub(crate) fn parse(text: &str) -> Result<Vec<Section>, ParseError> {
    let mut sections: Vec<Section> = Vec::new();
    // Whether the last property had an empty value (sub-properties may follow).
    let mut last_empty = false;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let err = |message| ParseError {
            line: line_no,
            message,
        };
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        if trimmed.starts_with('[') {
            // Section headers may carry comments right after `]`.
            let end = trimmed
                .find(']')
                .ok_or_else(|| err("a section header must end with `]`"))?;
            let after = trimmed[end + 1..].trim_start();
            if !after.is_empty() && !after.starts_with(['#', ';']) {
                return Err(err("unexpected text after a section header"));
            }
            let header = trimmed[1..end].trim();
            if header.is_empty() {
                return Err(err("empty section name"));
            }
            sections.push(Section {
                header: header.to_owned(),
                line: line_no,
                properties: Vec::new(),
            });
            last_empty = false;
            continue;
        }
        let Some(section) = sections.last_mut() else {
            return Err(err(
                "expected a section header such as `[default]` before properties",
            ));
        };
        if indented && let Some((_, value)) = section.properties.last_mut() {
            // A continuation line (or a sub-property of an empty-valued property) extends
            // the previous value, as the SDKs keep it.
            let piece = strip_comment(trimmed);
            if last_empty && !piece.contains('=') {
                return Err(err("expected `key = value` in a sub-property"));
            }
            value.push('\n');
            value.push_str(piece);
            continue;
        }
        if indented {
            return Err(err("a continuation line must follow a property"));
        }
        let (key, value) = trimmed
            .split_once('=')
            .ok_or_else(|| err("expected `key = value`"))?;
        let key = key.trim();
        if key.is_empty() {
            return Err(err("a property needs a name before `=`"));
        }
        let value = strip_comment(value.trim());
        last_empty = value.is_empty();
        section.properties.push((key.to_owned(), value.to_owned()));
    }
    Ok(sections)
}

/// Cuts a ` # comment` or ` ; comment` (whitespace before the marker) off a value.
fn strip_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if (*b == b'#' || *b == b';') && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(s: &Section) -> Vec<(&str, &str)> {
        s.properties
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn sections_properties_comments() {
        let text = "# top\n[default] ; c\nregion = us-east-1 # comment\nurl=http://x#y\n\n[profile  dev]\n;x\nkey=\n";
        let s = parse(text).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].header, "default");
        assert_eq!(
            props(&s[0]),
            [("region", "us-east-1"), ("url", "http://x#y")]
        );
        assert_eq!(s[1].header, "profile  dev");
        assert_eq!(s[1].line, 6);
        assert_eq!(props(&s[1]), [("key", "")]);
    }

    #[test]
    fn continuations_and_sub_properties() {
        let text =
            "[p]\ns3 =\n  max_concurrent_requests = 10\n  addressing_style=path\nmsg = a\n  b\n";
        let s = parse(text).unwrap();
        assert_eq!(
            props(&s[0]),
            [
                (
                    "s3",
                    "\nmax_concurrent_requests = 10\naddressing_style=path"
                ),
                ("msg", "a\nb")
            ]
        );
    }

    #[test]
    fn errors_name_the_line_without_quoting_it() {
        for (text, line) in [
            ("key = v\n", 1),
            ("[default]\nthis line has no equals SECRET\n", 2),
            ("[default\n", 1),
            ("[default]\n= v\n", 2),
            ("  indented = first\n", 1),
            ("[]\n", 1),
            ("[a] junk\n", 1),
            ("[a]\ns3 =\n  nokey\n", 3),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}");
            assert!(!e.message.contains("SECRET"));
        }
    }
}
