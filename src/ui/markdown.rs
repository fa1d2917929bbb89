//! Message text to DOM: markdown, or plain text with clickable links.
//!
//! Nothing from the wire becomes HTML. The parser ([`blocks`], [`inline`]) yields a fixed set of
//! elements built as nodes; raw HTML in markdown shows as literal text; images show their alt text (no remote
//! loads); links keep only `http:`, `https:` and `mailto:` targets and open in a new tab with
//! `rel="noopener noreferrer"`.

use leptos::prelude::*;

use crate::shell::dom;

mod as_text;
mod blocks;
mod inline;

pub use as_text::as_text;

/// An element the renderer may create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum El {
    P,
    Strong,
    Em,
    Del,
    Code,
    Pre,
    Ul,
    /// An ordered list and the number of its first item.
    Ol(u32),
    Li,
    Blockquote,
    A,
    Br,
}

/// A node of rendered message text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Text(String),
    Element {
        el: El,
        /// Only for [`El::A`]: a checked `http(s)`/`mailto` URL.
        href: Option<String>,
        children: Vec<Node>,
    },
}

/// An element without a link target.
fn element(el: El, children: Vec<Node>) -> Node {
    Node::Element {
        el,
        href: None,
        children,
    }
}

/// `url` if it is safe to link to (`http:`, `https:`, `mailto:`), else `None`.
pub fn safe_href(url: &str) -> Option<String> {
    let trimmed = url.trim();
    // Browsers ignore tabs and newlines inside a scheme (`java\tscript:`); so must this check.
    let compact: String = trimmed
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let lower = compact.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
        .then_some(compact)
}

/// Splits plain text into text and links for URLs (`http(s)://...`, `www....`) and e-mail
/// addresses with `mailto:`.
pub fn autolink(text: &str) -> Vec<Node> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut plain = String::new();
    while !rest.is_empty() {
        if let Some((link, href, used)) = link_at(rest) {
            if !plain.is_empty() {
                out.push(Node::Text(std::mem::take(&mut plain)));
            }
            out.push(Node::Element {
                el: El::A,
                href: Some(href),
                children: vec![Node::Text(link)],
            });
            rest = &rest[used..];
            continue;
        }
        let mut chars = rest.chars();
        // The loop runs while rest is not empty, so there is a next character.
        let c = chars.next().expect("rest is not empty");
        plain.push(c);
        rest = chars.as_str();
        // Only start a link at a word boundary.
        if c.is_alphanumeric() {
            let word_end = rest
                .find(|ch: char| !ch.is_alphanumeric())
                .unwrap_or(rest.len());
            plain.push_str(&rest[..word_end]);
            rest = &rest[word_end..];
        }
    }
    if !plain.is_empty() {
        out.push(Node::Text(plain));
    }
    out
}

/// A link starting at the beginning of `s`: (shown text, href, bytes used).
fn link_at(s: &str) -> Option<(String, String, usize)> {
    let lower = s.get(..8.min(s.len()))?.to_ascii_lowercase();
    let is_url = lower.starts_with("http://") || lower.starts_with("https://");
    let is_www = lower.starts_with("www.");
    if !is_url && !is_www {
        return None;
    }
    let mut end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
        .unwrap_or(s.len());
    // Trailing punctuation belongs to the sentence, not the URL.
    while end > 0 && s[..end].ends_with(['.', ',', ';', ':', '!', '?', ')', '\'']) {
        end -= 1;
    }
    let link = &s[..end];
    let min = if is_www { 5 } else { 9 };
    if link.len() < min {
        return None;
    }
    let href = if is_www {
        format!("https://{link}")
    } else {
        link.to_owned()
    };
    Some((link.to_owned(), safe_href(&href)?, end))
}

/// Plain text: autolinked, line breaks kept.
pub fn plain(text: &str) -> Vec<Node> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(element(El::Br, Vec::new()));
        }
        out.extend(autolink(line));
    }
    out
}

/// Elements nest at most this deep; deeper markup keeps its text, unwrapped. Rendering,
/// mounting and dropping a node tree recurse once per level: without a bound, a 16 KB message
/// of `>` would nest 16,000 blockquotes and overflow the wasm stack.
pub const MAX_DEPTH: usize = 16;

/// Markdown as nodes ([`blocks`] for the structure, [`inline`] for the spans).
pub fn markdown(text: &str) -> Vec<Node> {
    blocks::parse(text)
}

impl El {
    /// The element's tag name.
    fn tag(self) -> &'static str {
        match self {
            El::P => "p",
            El::Strong => "strong",
            El::Em => "em",
            El::Del => "del",
            El::Code => "code",
            El::Pre => "pre",
            El::Ul => "ul",
            El::Ol(_) => "ol",
            El::Li => "li",
            El::Blockquote => "blockquote",
            El::A => "a",
            El::Br => "br",
        }
    }
}

/// Appends the nodes to `parent`: text is always a text node. Recursion is bounded by
/// [`MAX_DEPTH`].
fn build(parent: &web_sys::Element, nodes: &[Node]) {
    for node in nodes {
        match node {
            Node::Text(text) => dom::append_text(parent, text),
            Node::Element { el, href, children } => {
                let element = dom::element(el.tag());
                let inner = match el {
                    El::Pre => {
                        let code = dom::element("code");
                        dom::append(&element, &code);
                        code
                    }
                    El::Ol(start) if *start != 1 => {
                        dom::set_attribute(&element, "start", &start.to_string());
                        element.clone()
                    }
                    El::A => {
                        dom::set_attribute(&element, "href", href.as_deref().unwrap_or_default());
                        dom::set_attribute(&element, "target", "_blank");
                        dom::set_attribute(&element, "rel", "noopener noreferrer");
                        element.clone()
                    }
                    _ => element.clone(),
                };
                build(&inner, children);
                dom::append(parent, &element);
            }
        }
    }
}

/// What [`fill`] needs: the content, whether it is markdown, and where the component keeps the
/// effect (it lives as long as the component, which owns the slot).
type Fill = (
    Signal<String>,
    bool,
    StoredValue<Option<RenderEffect<()>>, LocalStorage>,
);

/// Fills `el` with a message's text, and again whenever the content changes (a streamed
/// reply grows in place).
fn fill(el: web_sys::Element, (content, markdown_enabled, effect): Fill) {
    let drawn = RenderEffect::new(move |_| {
        let nodes = content.with(|content| nodes_of(content, markdown_enabled));
        dom::clear(&el);
        build(&el, &nodes);
    });
    effect.set_value(Some(drawn));
}

/// The nodes of a message's text: markdown, or plain text with clickable links.
fn nodes_of(content: &str, markdown_enabled: bool) -> Vec<Node> {
    let content = &*super::wording::without_bidi_controls(content);
    if markdown_enabled {
        markdown(content)
    } else {
        plain(content)
    }
}

/// A message's text that does not change: drawn once, with no effect. Like [`MessageText`],
/// its direction follows its own first strong letter (`dir="auto"`): an English reply reads
/// left to right in the Arabic window, an Arabic one right to left in the English window.
pub fn message_text(content: &str, markdown_enabled: bool) -> impl IntoView {
    let nodes = nodes_of(content, markdown_enabled);
    // A directive runs again when its element is reused for a new view: drawn afresh.
    let draw = move |el: web_sys::Element| {
        dom::clear(&el);
        build(&el, &nodes);
    };
    view! { <div class="cc-text" dir="auto" use:draw></div> }
}

/// A message's text: markdown for `text/markdown` (when enabled), plain text otherwise.
///
/// The text is drawn once per content as plain DOM nodes: a message's text has no reactive
/// parts of its own, so a reactive view per paragraph, link and word of emphasis would cost
/// code and memory for nothing.
#[component]
pub fn MessageText(
    /// The content as received (a streamed reply's grows: it renders again in place).
    #[prop(into)]
    content: Signal<String>,
    /// Whether to read it as markdown.
    markdown_enabled: bool,
) -> impl IntoView {
    let effect = StoredValue::new_local(None);
    view! { <div class="cc-text" dir="auto" use:fill=(content, markdown_enabled, effect)></div> }
}

#[cfg(test)]
mod tests;
