//! Doc comments from vendor text, escaped so rustdoc neither warns nor makes links of it.

/// `///` lines for `text` (each line of it), with `indent` before each.
pub fn lines(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for line in text.trim().lines() {
        let line = escape(line.trim_end());
        if line.is_empty() {
            out.push_str(&format!("{indent}///\n"));
        } else {
            out.push_str(&format!("{indent}/// {line}\n"));
        }
    }
    out
}

/// Escapes what rustdoc reads as markup: `[links]`, `<tags>`, and bare URLs.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(url_len) = url_len(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        // An intra-doc link written on purpose in a manifest (`[`Type`]`) stays a link.
        if let Some(link_len) = intra_doc_link_len(rest) {
            out.push_str(&rest[..link_len]);
            rest = &rest[link_len..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '[' | ']' | '*' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of a ``[`Name`]`` link at the start of `text`, if one starts there.
fn intra_doc_link_len(text: &str) -> Option<usize> {
    let inner = text.strip_prefix("[`")?;
    let end = inner.find("`]")?;
    let name = &inner[..end];
    let is_path = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '_');
    is_path.then_some(2 + end + 2)
}

/// The length of the URL at the start of `text`, if one starts there.
fn url_len(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || !c.is_ascii() || matches!(c, ')' | '>' | '"' | '`'))
        .map_or(text.len(), |(i, _)| i);
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("data.items[].id"), r"data.items\[\].id");
        assert_eq!(escape("a <b> c"), "a &lt;b&gt; c");
        assert_eq!(
            escape("see http://ln8w.cn/5T2SnX 短链"),
            "see <http://ln8w.cn/5T2SnX> 短链"
        );
        assert_eq!(escape("page*size"), r"page\*size");
        assert_eq!(escape("of a [`Message`], [x]"), r"of a [`Message`], \[x\]");
        assert_eq!(
            lines("one\n\ntwo", "    "),
            "    /// one\n    ///\n    /// two\n"
        );
    }
}
