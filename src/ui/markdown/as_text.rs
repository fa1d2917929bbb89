//! Markdown as a person would write it in a plain-text e-mail, for the downloaded transcript:
//! what the message shows, without the marks that made it bold or code.

use super::{El, Node};

/// `content` as plain text: a `text/markdown` message (`markdown_enabled`) loses its syntax,
/// paragraphs stay a blank line apart, list items start their own line (`-` or their number),
/// quotes keep `> `, and a link's words are followed by its address when they differ. Other
/// text comes back as it is.
pub fn as_text(content: &str, markdown_enabled: bool) -> String {
    if !markdown_enabled {
        return content.to_owned();
    }
    let mut out = String::new();
    write(&mut out, &super::markdown(content));
    out.trim_end().to_owned()
}

fn write(out: &mut String, nodes: &[Node]) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Element { el, href, children } => match el {
                El::Br => out.push('\n'),
                El::Strong | El::Em | El::Del | El::Code | El::Li => write(out, children),
                El::A => {
                    let words = inline(children);
                    out.push_str(&words);
                    if let Some(href) = href.as_deref().filter(|h| !same_place(h, &words)) {
                        out.push_str(" (");
                        out.push_str(href);
                        out.push(')');
                    }
                }
                El::P | El::Pre => block(out, &inline(children)),
                El::Blockquote => block(out, &prefixed(&inline(children), "> ", "> ")),
                El::Ul | El::Ol(_) => {
                    let mut items = String::new();
                    for (i, item) in children.iter().enumerate() {
                        let marker = match el {
                            El::Ol(first) => (u64::from(*first) + i as u64).to_string() + ". ",
                            _ => "- ".to_owned(),
                        };
                        if i > 0 {
                            items.push('\n');
                        }
                        // Later lines of an item line up under its first word.
                        let indent = " ".repeat(marker.len());
                        let text = inline(std::slice::from_ref(item));
                        items.push_str(&prefixed(&text, &marker, &indent));
                    }
                    block(out, &items);
                }
            },
        }
    }
}

/// The text of `nodes` on its own, its blank lines between blocks squeezed out at the end.
fn inline(nodes: &[Node]) -> String {
    let mut text = String::new();
    write(&mut text, nodes);
    text.trim_end().to_owned()
}

/// `text` with `first` before its first line and `rest` before each later one.
fn prefixed(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(line);
    }
    out
}

/// A block on lines of its own, a blank line after it.
fn block(out: &mut String, text: &str) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(text);
    out.push_str("\n\n");
}

/// Whether a link's address says nothing its words do not (`www.example.com`,
/// `a@example.com`, `https://example.com`).
fn same_place(href: &str, words: &str) -> bool {
    let bare = |s: &str| {
        let s = s.trim().trim_end_matches('/');
        ["mailto:", "https://", "http://"]
            .iter()
            .find_map(|scheme| s.strip_prefix(scheme))
            .unwrap_or(s)
            .to_owned()
    };
    bare(href).eq_ignore_ascii_case(&bare(words))
}

#[cfg(test)]
mod tests {
    use super::as_text;

    #[test]
    fn emphasis_and_code_lose_their_marks() {
        assert_eq!(
            as_text("Your **refund** is _on its way_: `R-123`", true),
            "Your refund is on its way: R-123"
        );
        assert_eq!(as_text("Your **refund**", false), "Your **refund**");
    }

    #[test]
    fn paragraphs_lists_and_quotes_keep_their_shape() {
        assert_eq!(
            as_text(
                "First.\n\nSecond.\n\n- one\n- two\n\n3. three\n4. four\n\n> quoted\n> too",
                true
            ),
            "First.\n\nSecond.\n\n- one\n- two\n\n3. three\n4. four\n\n> quoted\n> too"
        );
        assert_eq!(
            as_text("Steps:\n\n1. Open **Settings**\n2. Choose *Privacy*", true),
            "Steps:\n\n1. Open Settings\n2. Choose Privacy"
        );
    }

    #[test]
    fn a_link_keeps_its_address_unless_its_words_are_it() {
        assert_eq!(
            as_text("See [our policy](https://example.com/refunds).", true),
            "See our policy (https://example.com/refunds)."
        );
        assert_eq!(
            as_text("Visit www.example.com or write to help@example.com", true),
            "Visit www.example.com or write to help@example.com"
        );
        // An unsafe target is not a link on screen, and not an address here.
        assert_eq!(as_text("[x](javascript:alert(1))", true), "x");
    }

    #[test]
    fn markup_as_text_stays_text() {
        assert_eq!(
            as_text("<img src=x onerror=alert(1)> **b**", true),
            "<img src=x onerror=alert(1)> b"
        );
    }
}
