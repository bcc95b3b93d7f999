//! Turns the model's HTML documentation into rustdoc markdown lines.
//!
//! Handles the tags AWS models use (`p`, `code`, `a`, `ul`/`ol`/`li`, `b`/`strong`, `i`/`em`,
//! `br`, `note`, `important`); other tags are dropped and their text kept. Text is escaped so
//! rustdoc sees no stray HTML, link brackets or bare URLs.

/// Converts documentation HTML to markdown lines (no leading `///`).
pub fn to_markdown(html: &str) -> Vec<String> {
    let mut out = Writer::default();
    let mut rest = html;
    let mut link: Option<String> = None;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            let Some(end) = after.find('>') else {
                out.text(rest);
                break;
            };
            let tag = &after[..end];
            rest = &after[end + 1..];
            let closing = tag.starts_with('/');
            let name = tag
                .trim_start_matches('/')
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            match (name.as_str(), closing) {
                // A paragraph inside a list item stays on the item's line.
                ("p", _) if out.in_list => {}
                ("p" | "note" | "important" | "div" | "ul" | "ol", _) => out.paragraph(),
                ("li", false) => out.list_item(),
                ("li", true) => out.line_break(),
                ("br", _) => out.line_break(),
                ("code", closing) => {
                    out.raw("`");
                    out.in_code = !closing;
                }
                ("b" | "strong", _) => out.raw("**"),
                ("i" | "em", _) => out.raw("*"),
                ("a", false) => {
                    link = attribute(tag, "href");
                    if link.is_some() {
                        out.raw("[");
                    }
                }
                ("a", true) => {
                    if let Some(href) = link.take() {
                        out.raw(&format!("]({href})"));
                    }
                }
                _ => {}
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            out.text(&decode_entities(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out.finish()
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[start..];
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &value[1..];
    let end = value.find(quote)?;
    Some(decode_entities(&value[..end]).replace(' ', "%20"))
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    current: String,
    in_list: bool,
    /// Inside a code span markdown escapes would show literally.
    in_code: bool,
}

impl Writer {
    fn raw(&mut self, s: &str) {
        self.current.push_str(s);
    }

    /// Appends text with whitespace collapsed and markdown-significant characters escaped.
    fn text(&mut self, text: &str) {
        for (i, word) in text.split_whitespace().enumerate() {
            let starts_with_space = i > 0 || text.starts_with(char::is_whitespace);
            if starts_with_space && !self.current.is_empty() && !self.current.ends_with(' ') {
                self.current.push(' ');
            }
            if !self.in_code && (word.starts_with("http://") || word.starts_with("https://")) {
                let url = word.trim_end_matches(['.', ',', ')', ';']);
                self.current.push('<');
                self.current.push_str(url);
                self.current.push('>');
                self.current.push_str(&word[url.len()..]);
                continue;
            }
            for c in word.chars() {
                if !self.in_code
                    && matches!(c, '[' | ']' | '<' | '>' | '\\' | '`' | '*' | '_' | '#')
                {
                    self.current.push('\\');
                }
                self.current.push(c);
            }
        }
        if text.ends_with(char::is_whitespace)
            && !self.current.is_empty()
            && !self.current.ends_with(' ')
        {
            self.current.push(' ');
        }
    }

    fn flush(&mut self) {
        let line = self.current.trim().to_owned();
        self.current.clear();
        if line.is_empty() {
            return;
        }
        // Text inside a list but outside any item (`</li> text <li>`, as some models have)
        // continues the item above; unindented it would be a lazy continuation
        // (`clippy::doc_lazy_continuation`).
        let item = line == "-" || line.starts_with("- ");
        if self.in_list && !item {
            self.lines.push(format!("  {line}"));
        } else {
            self.lines.push(line);
        }
    }

    fn line_break(&mut self) {
        self.flush();
    }

    fn paragraph(&mut self) {
        self.flush();
        self.in_list = false;
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    fn list_item(&mut self) {
        self.flush();
        if !self.in_list && self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self.in_list = true;
        self.current.push_str("- ");
    }

    fn finish(mut self) -> Vec<String> {
        self.flush();
        while self.lines.last().is_some_and(String::is_empty) {
            self.lines.pop();
        }
        self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn paragraphs_code_links_and_lists() {
        let html = "<p>Start <code>import</code>.</p><p>See <a href=\"https://example.com/x\">the docs</a> &amp; more:</p><ul><li><p>one [a]</p></li><li>two</li></ul>";
        assert_eq!(
            to_markdown(html),
            [
                "Start `import`.",
                "",
                "See [the docs](https://example.com/x) & more:",
                "",
                "- one \\[a\\]",
                "- two",
            ]
        );
    }

    #[test]
    fn bare_urls_and_angle_brackets_are_safe() {
        assert_eq!(
            to_markdown("Go to https://aws.amazon.com. a<b"),
            ["Go to <https://aws.amazon.com>. a\\<b"]
        );
    }

    #[test]
    fn code_spans_are_not_escaped() {
        assert_eq!(
            to_markdown("<p>targets <code>smithy.api#Unit</code> [x]</p>"),
            ["targets `smithy.api#Unit` \\[x\\]"]
        );
    }

    /// Elasticsearch Service's `AdditionalLimit`: an item's explanation after its `</li>`.
    #[test]
    fn text_between_list_items_continues_the_item() {
        let html = "<ul><li>Max</li> Present on master nodes. <li>Min</li><code>x</code> too</ul><p>After.</p>";
        assert_eq!(
            to_markdown(html),
            [
                "- Max",
                "  Present on master nodes.",
                "- Min",
                "  `x` too",
                "",
                "After.",
            ]
        );
    }

    #[test]
    fn plain_text_passes_through() {
        assert_eq!(to_markdown("Import task id."), ["Import task id."]);
        assert!(to_markdown("<p></p>").is_empty());
    }
}
