//! Hostile content: nothing from the wire executes or becomes markup.

use connect_chat_widget::ui::message_list::MessageList;
use connect_chat_widget::ui::state::{LineKind, Role};
use connect_chat_widget::ui::UiConfig;
use connect_participant::model::{ArtifactStatus, AttachmentItem};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use super::{line, mount, running, tick};

const SCRIPT: &str = "<script>window.__pwned = 1</script>";
const IMG: &str = "<img src=x onerror=\"window.__pwned = 2\">";
const SVG: &str = "<svg onload=\"window.__pwned = 3\"></svg>";

fn pwned() -> JsValue {
    js_sys::Reflect::get(&js_sys::global(), &"__pwned".into()).unwrap()
}

#[wasm_bindgen_test]
async fn markup_in_messages_names_and_attachments_shows_as_text() {
    let hostile_name = format!("Eve {IMG}");
    let name = hostile_name.clone();
    let m = mount(
        UiConfig::default(),
        move |state| {
            running(state);
            let hostile_name = name.clone();
            let mut lines = vec![
                line("1", Role::Agent, &hostile_name, "text/markdown",
                    &format!("**hi** {SCRIPT} {IMG}\n\n[click me](javascript:window.__pwned=4) \
                      [x](JAVASCRIPT:alert(1)) [y](data:text/html,{SVG}) <a href=\"javascript:alert(1)\">raw</a> \
                      [safe](https://example.com)"), 1_000),
                line("2", Role::Agent, &hostile_name, "text/plain", &format!("{SVG} {SCRIPT}"), 2_000),
                line("3", Role::Customer, SCRIPT, "text/plain", IMG, 3_000),
            ];
            let mut attachment = line("4", Role::Agent, &name, "", "", 4_000);
            attachment.kind = LineKind::Attachment;
            attachment.attachments = vec![AttachmentItem {
                content_type: Some("image/png".into()),
                attachment_id: Some("att-1".into()),
                attachment_name: Some(format!("{IMG}.png")),
                status: Some(ArtifactStatus::Approved),
            }];
            lines.push(attachment);
            state.set_lines(lines);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    assert!(
        m.all("script, img, svg:not([focusable=false]), iframe, object")
            .is_empty(),
        "no element from content"
    );
    for el in m.all("*") {
        let names = el.get_attribute_names();
        for name in names.iter() {
            let name = name.as_string().unwrap();
            assert!(
                !name.starts_with("on"),
                "event attribute {name} on {}",
                el.tag_name()
            );
        }
    }
    for a in m.all("a") {
        let href = a
            .get_attribute("href")
            .unwrap_or_default()
            .to_ascii_lowercase();
        assert!(
            href.starts_with("http") || href.starts_with("mailto:"),
            "unsafe href {href}"
        );
    }
    let text = m.text();
    assert!(text.contains(SCRIPT), "the script shows as text: {text}");
    assert!(text.contains(IMG), "the img shows as text");
    assert!(
        text.contains(&format!("{IMG}.png")),
        "the attachment name shows as text"
    );
    assert!(text.contains("click me"), "the link text stays");
    assert!(m.find("strong").is_some(), "markdown still renders");
    let links = m.all(".cc-text a");
    assert_eq!(links.len(), 1, "only the https link is a link");
    for a in links {
        assert_eq!(a.get_attribute("target").as_deref(), Some("_blank"));
        assert_eq!(
            a.get_attribute("rel").as_deref(),
            Some("noopener noreferrer")
        );
    }
    tick().await;
    assert!(pwned().is_undefined(), "nothing ran");
}

#[wasm_bindgen_test]
async fn markup_in_interactive_templates_shows_as_text() {
    let content = serde_json::json!({
        "templateType": "ListPicker", "version": "1.0",
        "data": {"content": {"title": SCRIPT, "subtitle": IMG,
            "elements": [{"title": IMG, "subtitle": SVG}]}}
    })
    .to_string();
    let m = mount(
        UiConfig::default(),
        move |state| {
            running(state);
            let mut l = line(
                "1",
                Role::Bot,
                "Bot",
                connect_participant::content::INTERACTIVE,
                &content,
                1,
            );
            l.kind = LineKind::Interactive;
            state.set_lines(vec![l]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    assert!(m.all("script, img, svg").is_empty());
    assert!(m.text().contains(SCRIPT));
    assert!(m
        .find(".cc-choices button")
        .unwrap()
        .text_content()
        .unwrap()
        .contains(IMG));
    assert!(pwned().is_undefined());
}

#[wasm_bindgen_test]
fn links_are_safe_and_open_a_new_tab() {
    use connect_chat_widget::ui::markdown::{markdown, plain, El, Node};
    fn links(nodes: &[Node], out: &mut Vec<String>) {
        for n in nodes {
            if let Node::Element { el, href, children } = n {
                if *el == El::A {
                    out.push(href.clone().unwrap());
                }
                links(children, out);
            }
        }
    }
    let mut found = Vec::new();
    links(
        &markdown(
            "[a](https://ok.example) [b](vbscript:x) [c](mailto:x@y.z) <https://auto.example>",
        ),
        &mut found,
    );
    links(&plain("go to http://plain.example/x, now"), &mut found);
    assert_eq!(
        found,
        [
            "https://ok.example",
            "mailto:x@y.z",
            "https://auto.example",
            "http://plain.example/x"
        ]
    );
}

#[wasm_bindgen_test]
async fn deeply_nested_markdown_renders_its_text() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            state.set_lines(vec![
                line(
                    "1",
                    Role::Agent,
                    "Eve",
                    "text/markdown",
                    &format!("{} quote", ">".repeat(16_000)),
                    1_000,
                ),
                line(
                    "2",
                    Role::Agent,
                    "Eve",
                    "text/markdown",
                    &format!("{}item", "- ".repeat(8_000)),
                    2_000,
                ),
            ]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    let text = m.text();
    assert!(
        text.contains("quote") && text.contains("item"),
        "{}",
        &text[..text.len().min(200)]
    );
    let depth = m.all("blockquote").len();
    assert!(
        (1..=connect_chat_widget::ui::markdown::MAX_DEPTH).contains(&depth),
        "{depth} nested blockquotes"
    );
}

#[wasm_bindgen_test]
async fn markdown_shows_its_structure() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            state.set_lines(vec![line(
                "1",
                Role::Agent,
                "Eve",
                "text/markdown",
                "Steps:\n\n3. *restart*\n4. `reset`\n\n> quoted **bold**\n\n```\n<b>code</b>\n```",
                1_000,
            )]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    // An ordered list keeps its first number.
    let ol = m.all("ol");
    assert_eq!(ol.len(), 1);
    assert_eq!(ol[0].get_attribute("start").as_deref(), Some("3"));
    assert_eq!(m.all("ol > li").len(), 2);
    assert_eq!(m.all("li > em").len(), 1);
    assert_eq!(m.all("li > code").len(), 1);
    assert_eq!(m.all("blockquote strong").len(), 1);
    let code = m.all("pre > code");
    assert_eq!(code.len(), 1);
    assert_eq!(code[0].text_content().unwrap(), "<b>code</b>\n");
    assert!(m.all("pre b").is_empty());
    // The text's direction follows its own letters, not the window's language.
    assert_eq!(m.all(".cc-text[dir=auto]").len(), 1);
}

#[wasm_bindgen_test]
async fn names_cannot_reorder_themselves_with_bidi_controls() {
    // U+202E (right-to-left override) would show "\u{202E}gnp.exe" as "exe.png".
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            let mut file = line("1", Role::Agent, "\u{202E}avE", "", "", 1_000);
            file.kind = LineKind::Attachment;
            file.attachments = vec![AttachmentItem {
                content_type: Some("application/octet-stream".into()),
                attachment_id: Some("att-1".into()),
                attachment_name: Some("invoice\u{2067}\u{202E}gnp.exe\u{2069}".into()),
                status: Some(ArtifactStatus::Approved),
            }];
            state.set_lines(vec![file]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    let text = m.text();
    assert!(text.contains("invoicegnp.exe"), "{text:?}");
    assert!(text.contains("avE"), "{text:?}");
    assert!(
        !text
            .chars()
            .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
        "{text:?}"
    );
}
