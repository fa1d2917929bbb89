//! Interactive templates: quick replies, list pickers, panels, time pickers, carousels, images
//! and link options.

use connect_chat_widget::ui::i18n::Locale;
use connect_chat_widget::ui::message_list::MessageList;
use connect_chat_widget::ui::state::{Intent, LineKind, Role};
use connect_chat_widget::ui::UiConfig;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use super::{line, mount, running, tick};

pub(super) fn interactive_line(content: serde_json::Value) -> connect_chat_widget::ui::state::Line {
    let mut l = line(
        "i",
        Role::Bot,
        "Bot",
        connect_participant::content::INTERACTIVE,
        &content.to_string(),
        1,
    );
    l.kind = LineKind::Interactive;
    // The newest line: it can be answered.
    l.answerable = true;
    l
}

async fn choose(content: serde_json::Value, button: usize) -> (Vec<Intent>, super::Mounted) {
    let m = mount(
        UiConfig::default(),
        move |state| {
            running(state);
            state.set_lines(vec![interactive_line(content)]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    let buttons = m.all(".cc-choices button");
    buttons[button]
        .unchecked_ref::<web_sys::HtmlElement>()
        .click();
    tick().await;
    let intents = m.intents.borrow().clone();
    (intents, m)
}

pub(super) fn sent(intents: &[Intent]) -> Vec<(String, String)> {
    intents
        .iter()
        .filter_map(|i| match i {
            Intent::Send {
                content_type,
                content,
            } => Some((content_type.clone(), content.clone())),
            _ => None,
        })
        .collect()
}

#[wasm_bindgen_test]
async fn quick_reply_sends_the_choice_once() {
    let (intents, m) = choose(
        serde_json::json!({"templateType": "QuickReply", "version": "1.0",
            "data": {"content": {"title": "Rate us", "elements": [{"title": "Great"}, {"title": "Poor"}]}}}),
        1,
    )
    .await;
    assert_eq!(
        sent(&intents),
        [("text/plain".to_owned(), "Poor".to_owned())]
    );
    assert!(m
        .all(".cc-choices button")
        .iter()
        .all(|b| b.has_attribute("disabled")));
    assert_eq!(group_names(&m), ["Rate us"]);
}

/// The accessible names of the groups of choices: a screen reader says what they answer.
fn group_names(m: &super::Mounted) -> Vec<String> {
    m.all(".cc-choices")
        .iter()
        .map(|g| {
            assert_eq!(g.get_attribute("role").as_deref(), Some("group"));
            g.get_attribute("aria-label").unwrap_or_default()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn list_picker_panel_time_picker_and_carousel() {
    let (intents, m) = choose(
        serde_json::json!({"templateType": "ListPicker", "version": "1.0",
            "data": {"content": {"title": "Which?", "elements": [{"title": "Apple"}, {"title": "Pear"}]}}}),
        0,
    )
    .await;
    assert_eq!(
        sent(&intents),
        [("text/plain".to_owned(), "Apple".to_owned())]
    );
    assert_eq!(group_names(&m), ["Which?"]);

    let (intents, _m) = choose(
        serde_json::json!({"templateType": "Panel", "version": "1.0",
            "data": {"content": {"title": "Sure?", "elements": [{"title": "Yes"}, {"title": "No"}]}}}),
        1,
    )
    .await;
    assert_eq!(sent(&intents), [("text/plain".to_owned(), "No".to_owned())]);

    let (intents, m) = choose(
        serde_json::json!({"templateType": "TimePicker", "version": "1.0",
            "data": {"content": {"title": "When?", "timeslots": [
                {"date": "2030-01-02T10:00+00:00", "duration": 60}]}}}),
        0,
    )
    .await;
    assert_eq!(
        sent(&intents),
        [("text/plain".to_owned(), "2030-01-02T10:00+00:00".to_owned())]
    );
    assert_eq!(group_names(&m), ["When?"]);
    // The slot (written without seconds, in minutes) is read, not shown raw.
    assert!(m.text().contains("(60 min)"), "{}", m.text());
    assert!(!m.text().contains("T10:00+00:00"), "{}", m.text());

    let panel = |t: &str| {
        serde_json::json!({"templateIdentifier": t, "templateType": "Panel", "version": "1.0",
        "data": {"content": {"title": t, "elements": [{"title": "Yes"}, {"title": "No"}]}}})
    };
    let (intents, m) = choose(
        serde_json::json!({"templateType": "Carousel", "version": "1.0",
            "data": {"content": {"title": "Plans", "elements": [panel("Basic"), panel("Pro")]}}}),
        2,
    )
    .await;
    assert_eq!(m.all(".cc-card").len(), 2);
    assert_eq!(group_names(&m), ["Basic", "Pro"]);
    let replies = sent(&intents);
    assert_eq!(replies.len(), 1);
    assert!(
        replies[0].1.contains("Pro") && replies[0].1.contains("Yes"),
        "{replies:?}"
    );
}

#[wasm_bindgen_test]
async fn unreadable_interactive_content_shows_as_text() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            let mut l = line(
                "i",
                Role::Bot,
                "Bot",
                connect_participant::content::INTERACTIVE,
                "{not json <b>",
                1,
            );
            l.kind = LineKind::Interactive;
            state.set_lines(vec![l]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    assert!(m.text().contains("{not json <b>"));
    assert!(m.find("b").is_none());
}

/// Mounts one interactive message in a list, in `locale`.
async fn interactive(content: serde_json::Value, locale: Locale) -> super::Mounted {
    super::list_of(locale, vec![interactive_line(content)]).await
}

#[wasm_bindgen_test]
async fn picker_images_show_only_for_http_and_https_urls() {
    let m = interactive(
        serde_json::json!({"templateType": "ListPicker", "version": "1.0",
            "data": {"content": {"title": "Fruit", "imageType": "URL",
                "imageData": "https://127.0.0.1:9/basket.png",
                "elements": [
                    {"title": "Apple", "imageType": "URL", "imageData": "http://127.0.0.1:9/apple.png",
                        "imageDescription": "A red <b>apple</b>"},
                    {"title": "Pear", "imageType": "URL", "imageData": "javascript:alert(1)"},
                    {"title": "Plum", "imageType": "URL", "imageData": "data:image/png;base64,AAAA"},
                    {"title": "Fig", "imageType": "URL", "imageData": "/fig.png"},
                    {"title": "Kiwi", "imageType": "BASE64", "imageData": "https://127.0.0.1:9/kiwi.png"}
                ]}}}),
        Locale::En,
    )
    .await;
    let images: Vec<(String, String)> = m
        .all("img")
        .iter()
        .map(|i| {
            (
                i.get_attribute("src").unwrap_or_default(),
                i.get_attribute("alt").unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        images,
        [
            (
                "https://127.0.0.1:9/basket.png".to_owned(),
                "Fruit".to_owned()
            ),
            (
                "http://127.0.0.1:9/apple.png".to_owned(),
                "A red <b>apple</b>".to_owned()
            ),
        ]
    );
    assert!(m.find("b").is_none(), "a description became markup");
    // Every option is still there as a button, with or without its image.
    assert_eq!(m.all(".cc-choices button").len(), 5);

    let panel = serde_json::json!({"templateIdentifier": "p", "templateType": "Panel",
        "version": "1.0", "data": {"content": {"title": "Pro", "imageData": "https://127.0.0.1:9/pro.png",
            "elements": [{"title": "Yes"}]}}});
    let m = interactive(
        serde_json::json!({"templateType": "Carousel", "version": "1.0",
            "data": {"content": {"title": "Plans", "elements": [panel]}}}),
        Locale::En,
    )
    .await;
    let img = m.find(".cc-card img").expect("the card's image");
    assert_eq!(
        img.get_attribute("src").as_deref(),
        Some("https://127.0.0.1:9/pro.png")
    );
}

#[wasm_bindgen_test]
async fn link_options_open_a_new_tab_and_never_send() {
    let m = interactive(
        serde_json::json!({"templateType": "ListPicker", "version": "1.0",
        "data": {"content": {"title": "Help", "elements": [
            {"title": "Docs", "type": "hyperlink", "url": "https://127.0.0.1:9/docs"},
            {"title": "Evil", "type": "hyperlink", "url": "javascript:alert(1)"},
            {"title": "Apple"}
        ]}}}),
        Locale::En,
    )
    .await;
    let links = m.all(".cc-choices a");
    assert_eq!(links.len(), 1, "only the https link is an anchor");
    let docs = &links[0];
    assert!(docs.text_content().unwrap_or_default().contains("Docs"));
    assert_eq!(
        docs.get_attribute("href").as_deref(),
        Some("https://127.0.0.1:9/docs")
    );
    assert_eq!(docs.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(
        docs.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert!(m.all("[href*='javascript']").is_empty());
    let buttons = m.all(".cc-choices button");
    assert_eq!(buttons.len(), 1, "links are not answer buttons");
    let evil = m
        .all(".cc-choices [aria-disabled='true']")
        .pop()
        .expect("the javascript: link shown as text");
    assert_eq!(evil.tag_name().to_ascii_lowercase(), "span");
    assert!(evil.text_content().unwrap_or_default().contains("Evil"));

    // Clicking the links sends nothing (navigation is cancelled so the test page stays).
    let stay =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(|e: web_sys::Event| {
            e.prevent_default()
        });
    for el in [docs, &evil] {
        el.add_event_listener_with_callback("click", stay.as_ref().unchecked_ref())
            .expect("a listener can be added");
        el.unchecked_ref::<web_sys::HtmlElement>().click();
    }
    tick().await;
    assert!(sent(&m.intents.borrow()).is_empty());
    // The answer button still sends, so the check above can see a send.
    buttons[0].unchecked_ref::<web_sys::HtmlElement>().click();
    tick().await;
    assert_eq!(
        sent(&m.intents.borrow()),
        [("text/plain".to_owned(), "Apple".to_owned())]
    );
    drop(stay);
}

#[wasm_bindgen_test]
async fn time_picker_shows_its_location_and_length_in_the_locale() {
    let m = interactive(
        serde_json::json!({"templateType": "TimePicker", "version": "1.0",
            "data": {"content": {"title": "When?",
                "location": {"latitude": 47.6, "longitude": -122.3, "title": "<b>Main St</b> 1"},
                "timeslots": [{"date": "2030-01-02T10:00+00:00", "duration": 60}]}}}),
        Locale::Ja,
    )
    .await;
    let place = m.find(".cc-location").expect("the location");
    assert_eq!(
        place.text_content().as_deref(),
        Some("場所: <b>Main St</b> 1")
    );
    assert!(m.find("b").is_none());
    assert!(m.text().contains("(60分)"), "{}", m.text());

    let m = interactive(
        serde_json::json!({"templateType": "TimePicker", "version": "1.0",
            "data": {"content": {"title": "When?",
                "location": {"latitude": 47.6, "longitude": -122.3},
                "timeslots": [{"date": "2030-01-02T10:00:00+00:00"}]}}}),
        Locale::En,
    )
    .await;
    assert_eq!(
        m.find(".cc-location")
            .and_then(|p| p.text_content())
            .as_deref(),
        Some("Location: 47.60000, -122.30000")
    );
}
