//! The parser against what a reader expects to see, and against hostile input.

use super::*;

fn hrefs(nodes: &[Node], out: &mut Vec<String>) {
    for n in nodes {
        if let Node::Element { href, children, .. } = n {
            out.extend(href.clone());
            hrefs(children, out);
        }
    }
}

#[test]
fn only_safe_schemes_link() {
    assert_eq!(
        safe_href("https://a.example/x").as_deref(),
        Some("https://a.example/x")
    );
    assert_eq!(safe_href("mailto:a@b.c").as_deref(), Some("mailto:a@b.c"));
    assert_eq!(safe_href("javascript:alert(1)"), None);
    assert_eq!(safe_href("java\tscript:alert(1)"), None);
    assert_eq!(safe_href(" JAVASCRIPT:alert(1)"), None);
    assert_eq!(safe_href("data:text/html,<script>"), None);
    assert_eq!(safe_href("https://"), None);
}

#[test]
fn markdown_drops_unsafe_links_and_keeps_html_as_text() {
    let nodes = markdown("[x](javascript:alert(1)) <img src=x onerror=alert(1)> **b**");
    let mut links = Vec::new();
    hrefs(&nodes, &mut links);
    assert!(links.is_empty(), "{links:?}");
    let text = format!("{nodes:?}");
    assert!(text.contains("<img src=x onerror=alert(1)>"), "{text}");
}

fn depth(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|n| match n {
            Node::Element { children, .. } => 1 + depth(children),
            Node::Text(_) => 0,
        })
        .max()
        .unwrap_or(0)
}

fn text(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Element { children, .. } => text(children, out),
        }
    }
}

#[test]
fn deep_nesting_is_bounded_and_keeps_the_text() {
    for hostile in [
        format!("{} deep", ">".repeat(16_000)),
        format!("{}deep", "- ".repeat(8_000)),
        format!(
            "{}deep{}",
            "*[".repeat(4_000),
            "](https://a.example)*".repeat(4_000)
        ),
    ] {
        let nodes = markdown(&hostile);
        assert!(depth(&nodes) <= MAX_DEPTH, "{}", depth(&nodes));
        let mut shown = String::new();
        text(&nodes, &mut shown);
        assert!(shown.contains("deep"), "{}", &shown[..shown.len().min(80)]);
    }
    // Ordinary nesting is kept whole.
    assert_eq!(depth(&markdown("> - **[a](https://a.example)**")), 5);
}

#[test]
fn plain_text_autolinks() {
    let nodes = plain("see https://example.com/a?b=1. or www.example.org, ok");
    let mut links = Vec::new();
    hrefs(&nodes, &mut links);
    assert_eq!(
        links,
        ["https://example.com/a?b=1", "https://www.example.org"]
    );
}

/// The nodes as compact markup, for comparing structure (text is not escaped).
fn shape(nodes: &[Node]) -> String {
    let mut out = String::new();
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Element { el: El::Br, .. } => out.push_str("<br>"),
            Node::Element { el, href, children } => {
                let tag = el.tag();
                out.push('<');
                out.push_str(tag);
                if let El::Ol(start @ 2..) = el {
                    out.push(' ');
                    out.push_str(&start.to_string());
                }
                if let Some(href) = href {
                    out.push(' ');
                    out.push_str(href);
                }
                out.push('>');
                out.push_str(&shape(children));
                out.push_str("</");
                out.push_str(tag);
                out.push('>');
            }
        }
    }
    out
}

fn md(text: &str) -> String {
    shape(&markdown(text))
}

#[test]
fn spans() {
    for (input, want) in [
        ("**b** *i* _i_ __b__ ~~s~~ ~s~ `c`", "<p><strong>b</strong> <em>i</em> <em>i</em> <strong>b</strong> <del>s</del> <del>s</del> <code>c</code></p>"),
        ("***both***", "<p><em><strong>both</strong></em></p>"),
        ("*a **b** c*", "<p><em>a <strong>b</strong> c</em></p>"),
        ("snake_case_name and 2 * 3 * 4", "<p>snake_case_name and 2 * 3 * 4</p>"),
        ("*open and ~~~ and **unclosed", "<p>*open and ~~~ and **unclosed</p>"),
        ("`` a ` b ``, `  `, ` x `", "<p><code>a ` b</code>, <code>  </code>, <code>x</code></p>"),
        ("`*not em*` and ``unclosed", "<p><code>*not em*</code> and ``unclosed</p>"),
        ("\\*not\\* \\\\ \\a", "<p>*not* \\ \\a</p>"),
        ("&amp; &lt;b&gt; &#233; &#x1F600; &#0; &bogus; & x", "<p>& <b> é 😀 \u{FFFD} &bogus; & x</p>"),
        ("hard  \nbreak\\\nand soft\nbreak", "<p>hard<br>break<br>and soft\nbreak</p>"),
    ] {
        assert_eq!(md(input), want, "{input:?}");
    }
}

#[test]
fn links() {
    for (input, want) in [
        ("[a *b*](https://x.example \"t\")", "<p><a https://x.example>a <em>b</em></a></p>"),
        ("[w](https://w.example/Rust_(language))", "<p><a https://w.example/Rust_(language)>w</a></p>"),
        ("[s](<https://x.example/a(b>)", "<p><a https://x.example/a(b>s</a></p>"),
        ("[no link] and [x](javascript:alert(1))", "<p>[no link] and x</p>"),
        ("![alt *text*](https://x.example/i.png)", "<p>alt <em>text</em></p>"),
        ("<https://a.example> <me@a.example> <b onclick=x>", "<p><a https://a.example>https://a.example</a> <a mailto:me@a.example>me@a.example</a> <b onclick=x></p>"),
        ("[a [b](https://b.example)](https://a.example)", "<p>[a <a https://b.example>b</a>](<a https://a.example>https://a.example</a>)</p>"),
        ("see https://a.example/x. `https://b.example`", "<p>see <a https://a.example/x>https://a.example/x</a>. <code>https://b.example</code></p>"),
        ("[a] b](https://x.example)", "<p>[a] b](<a https://x.example>https://x.example</a>)</p>"),
    ] {
        assert_eq!(md(input), want, "{input:?}");
    }
}

#[test]
fn blocks() {
    for (input, want) in [
        ("# Title #\n#hashtag", "<p>Title</p><p>#hashtag</p>"),
        (
            "Title\n---\nnext\n\n***\nafter",
            "<p>Title</p><p>next</p><p>after</p>",
        ),
        (
            "> quoted\nlazily\n\nout",
            "<blockquote><p>quoted\nlazily</p></blockquote><p>out</p>",
        ),
        (
            "- one\n- two\n  - nested\n* other",
            "<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul><ul><li>other</li></ul>",
        ),
        ("- a\n\n- b", "<ul><li><p>a</p></li><li><p>b</p></li></ul>"),
        (
            "1. a\n2. b\n\n3) c",
            "<ol><li>a</li><li>b</li></ol><ol 3><li>c</li></ol>",
        ),
        ("It was\n2024. A year", "<p>It was\n2024. A year</p>"),
        ("text\n- item", "<p>text</p><ul><li>item</li></ul>"),
        (
            "```rust\nlet x = 1;\n\n  y\n```\nafter",
            "<pre>let x = 1;\n\n  y\n</pre><p>after</p>",
        ),
        ("~~~\nunclosed", "<pre>unclosed\n</pre>"),
        (
            "    code\n\n    more\n\ntext",
            "<pre>code\n\nmore\n</pre><p>text</p>",
        ),
        ("a\r\nb\r\n\r\nc", "<p>a\nb</p><p>c</p>"),
        ("\tcode", "<pre>code\n</pre>"),
        ("", ""),
    ] {
        assert_eq!(md(input), want, "{input:?}");
    }
}

#[test]
fn the_demo_message() {
    assert_eq!(
        md("**Bold**, *italic*, `code`, a [link](https://example.com) and a list:\n\n- one\n- two\n\n<script>alert(1)</script> stays text."),
        "<p><strong>Bold</strong>, <em>italic</em>, <code>code</code>, a <a https://example.com>link</a> and a list:</p><ul><li>one</li><li>two</li></ul><p><script>alert(1)</script> stays text.</p>"
    );
}

/// `count` strings of up to `max` characters from `alphabet`, in a fixed pseudo-random
/// sequence (xorshift), so a failure reproduces.
fn generated(alphabet: &[char], count: usize, max: u32) -> impl Iterator<Item = String> + '_ {
    let mut seed = 0x2545_f491_u32;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    (0..count).map(move |_| {
        let len = next() % max;
        (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u32) as usize])
            .collect()
    })
}

/// Every short string over markdown's punctuation: no panic, bounded depth, and every letter
/// and digit of the input still shown. Left out here: character references (they replace
/// theirs) and `)`, which completes inline links (an unsafe link shows its text, not its URL).
#[test]
fn any_input_parses_and_keeps_its_words() {
    let alphabet: Vec<char> = "*_~`[](!<>#;\\\n -1.>a:/@".chars().collect();
    for input in generated(&alphabet, 20_000, 24) {
        let nodes = markdown(&input);
        assert!(depth(&nodes) <= MAX_DEPTH, "{input:?}");
        // A code fence's info string (its language) is not shown.
        if input.contains("```") || input.contains("~~~") {
            continue;
        }
        let mut shown = String::new();
        text(&nodes, &mut shown);
        // An ordered list shows its numbers.
        shown.push_str(&numbers(&nodes));
        let words = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
        // Links add their own text (a bare URL shows once; a mailto shows its address).
        assert!(words(&shown) >= words(&input), "{input:?} showed {shown:?}");
    }
}

/// The numbers ordered lists show, as text.
fn numbers(nodes: &[Node]) -> String {
    let mut out = String::new();
    for n in nodes {
        if let Node::Element { el, children, .. } = n {
            if let El::Ol(start) = el {
                for i in 0..children.len() as u32 {
                    out.push_str(&(start + i).to_string());
                }
            }
            out.push_str(&numbers(children));
        }
    }
    out
}

/// Longer strings with references, tabs, carriage returns and characters of several bytes
/// next to every delimiter: no panic (a slice inside a character would), bounded depth.
#[test]
fn any_input_with_wide_characters_parses() {
    let alphabet: Vec<char> = "*_~`[]()!<>&#x;\\\n\t\r -1.>a:/@é😀\u{a0}ـ"
        .chars()
        .collect();
    for input in generated(&alphabet, 30_000, 64) {
        assert!(depth(&markdown(&input)) <= MAX_DEPTH, "{input:?}");
    }
}

#[test]
fn hostile_sizes_finish() {
    for hostile in [
        "*a ".repeat(5_000),
        "[".repeat(10_000) + &"](https://a.example)".repeat(10_000),
        "`".repeat(3_000) + " " + &"`` ".repeat(3_000),
        "<".repeat(10_000),
        "&".repeat(10_000),
        "_a_".repeat(5_000),
        "> - 1. ".repeat(3_000),
        "  - a\n".repeat(3_000),
    ] {
        let nodes = markdown(&hostile);
        assert!(depth(&nodes) <= MAX_DEPTH);
        assert!(!nodes.is_empty());
    }
}

#[test]
fn bidirectional_controls_cannot_disguise_what_a_message_says() {
    // "Refund exe.png" on screen, were the override kept.
    for markdown_enabled in [false, true] {
        let nodes = nodes_of(
            "Refund \u{202E}gnp.exe\u{202C} \u{2067}now",
            markdown_enabled,
        );
        assert_eq!(
            nodes,
            nodes_of("Refund gnp.exe now", markdown_enabled),
            "markdown: {markdown_enabled}"
        );
    }
}
