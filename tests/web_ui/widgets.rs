//! The launcher, the pre-chat form, the banner, the transcript file, read receipts, themes and
//! locales.

use connect_chat_widget::ui::app::Widget;
use connect_chat_widget::ui::i18n::{Locale, KEYS};
use connect_chat_widget::ui::message_list::MessageList;
use connect_chat_widget::ui::prechat::PreChatForm;
use connect_chat_widget::ui::state::{Intent, LineKind, Phase, Role};
use connect_chat_widget::ui::{PreChatField, UiConfig};
use connect_participant::content::INTERACTIVE;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use super::composer::key;
use super::{line, mount, running, tick, Mounted};

#[wasm_bindgen_test]
async fn launcher_badge_opens_and_focus_returns() {
    let m = mount(
        UiConfig::default(),
        |s| (0..3).for_each(|_| s.add_unread()),
        || view! { <Widget /> },
    );
    tick().await;
    let launcher = m.find(".cc-launcher").unwrap();
    assert_eq!(
        m.find(".cc-badge").unwrap().text_content().as_deref(),
        Some("3")
    );
    assert_eq!(
        launcher.get_attribute("aria-label").as_deref(),
        Some("Open chat, unread messages: 3")
    );
    launcher.click();
    tick().await;
    assert!(m.find(".cc-window[role=dialog]").is_some());
    assert!(m.find(".cc-badge").is_none());
    assert_eq!(
        launcher.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(active.tag_name(), "INPUT", "focus moves to the name field");
    key(&active.unchecked_into(), "Escape", false);
    tick().await;
    assert!(m.find(".cc-window").is_none());
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert!(
        active.class_list().contains("cc-launcher"),
        "focus returns to the launcher"
    );
}

/// A pre-chat form asking for the name and a required e-mail.
fn with_email() -> UiConfig {
    UiConfig {
        prechat: vec![PreChatField {
            name: "email".into(),
            label: "E-mail".into(),
            required: true,
            input_type: "email".into(),
        }],
        ..UiConfig::default()
    }
}

fn inputs(m: &Mounted) -> Vec<web_sys::HtmlInputElement> {
    m.all("form input")
        .into_iter()
        .map(|e| e.unchecked_into())
        .collect()
}

/// Types `values` into the form's fields, in order, as input events report them.
fn fill(m: &Mounted, values: &[&str]) {
    for (input, value) in inputs(m).iter().zip(values) {
        input.set_value(value);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    }
}

#[wasm_bindgen_test]
async fn prechat_requires_fields_then_starts() {
    let config = with_email();
    let m = mount(config, |_| {}, || view! { <PreChatForm /> });
    tick().await;
    let form: web_sys::HtmlFormElement = m.find("form").unwrap().unchecked_into();
    form.request_submit().unwrap();
    tick().await;
    assert!(m.intents.borrow().is_empty());
    assert_eq!(
        m.all(".cc-error")
            .iter()
            .filter(|e| !e.text_content().unwrap().is_empty())
            .count(),
        2
    );
    // An e-mail field takes only an e-mail address, and says so in the customer's language.
    for wrong in [
        "not-an-email",
        "ana@",
        "@example.com",
        "ana@exa mple.com",
        "ana@-x.com",
    ] {
        fill(&m, &["Ana", wrong]);
        form.request_submit().unwrap();
        tick().await;
        assert!(
            !m.intents
                .borrow()
                .iter()
                .any(|i| matches!(i, Intent::Start { .. })),
            "{wrong} starts nothing"
        );
        let said: Vec<String> = m
            .all(".cc-error")
            .iter()
            .map(|e| e.text_content().unwrap())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(
            said,
            ["Enter an e-mail address like name@example.com"],
            "{wrong}"
        );
        assert_eq!(
            inputs(&m)[1].get_attribute("aria-invalid").as_deref(),
            Some("true")
        );
    }
    fill(&m, &["Ana", "ana@example.com"]);
    // What is typed is kept in the state, for the form drawn again after a minimize.
    let kept = m.state.form_values.get_untracked();
    assert_eq!(kept.get("prechat/name").map(String::as_str), Some("Ana"));
    assert_eq!(
        kept.get("prechat/email").map(String::as_str),
        Some("ana@example.com")
    );
    m.intents.borrow_mut().clear();
    form.request_submit().unwrap();
    tick().await;
    let intents = m.intents.borrow();
    assert!(
        matches!(&intents[..], [Intent::Start { display_name, attributes }]
            if display_name == "Ana" && attributes == &[("email".to_owned(), "ana@example.com".to_owned())]),
        "{intents:?}"
    );
    assert_eq!(m.state.phase.get_untracked(), Phase::Starting);
}

#[wasm_bindgen_test]
async fn arabic_is_right_to_left_and_every_locale_has_every_key_in_english() {
    let m = mount(
        UiConfig {
            locale: Locale::Ar,
            ..UiConfig::default()
        },
        |_| {},
        || view! { <Widget /> },
    );
    tick().await;
    let root = m.find(".cc-root").unwrap();
    assert_eq!(root.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(root.get_attribute("lang").as_deref(), Some("ar"));
    for key in KEYS {
        assert_ne!(Locale::En.t(key), "?", "English lacks {key}");
        for locale in [Locale::De, Locale::Es, Locale::Fr, Locale::Ja, Locale::Ar] {
            assert_ne!(locale.t(key), "?");
        }
    }
    assert_eq!(Locale::from_tag("de-CH"), Locale::De);
    assert_eq!(Locale::De.t("send"), "Senden");
}

#[wasm_bindgen_test]
async fn the_banner_follows_the_connection() {
    use connect_chat_widget::ui::banner::ConnectionBanner;
    use connect_participant::session::ConnectionStatus;
    let m = mount(
        UiConfig::default(),
        running,
        || view! { <ConnectionBanner /> },
    );
    m.write.set_status(ConnectionStatus::Connecting);
    tick().await;
    assert!(m.text().contains("Connecting"), "{}", m.text());
    m.write.set_status(ConnectionStatus::Connected);
    tick().await;
    assert!(
        m.find(".cc-banner").is_none(),
        "a first connection is not a recovery"
    );
    m.write.set_status(ConnectionStatus::Reconnecting {
        attempt: 2,
        retry_at: 0,
    });
    tick().await;
    assert!(m.text().contains("Reconnecting"), "{}", m.text());
    m.write.set_online(false);
    tick().await;
    assert!(m.text().contains("You are offline"), "{}", m.text());
    m.write.set_online(true);
    m.write.set_status(ConnectionStatus::Connected);
    tick().await;
    assert!(m.text().contains("Back online"), "{}", m.text());
    m.write
        .set_notice(Some("<b>Too many attachments</b>".into()));
    tick().await;
    assert!(m.text().contains("<b>Too many attachments</b>"));
    assert!(m.find("b").is_none());
}

#[wasm_bindgen_test]
async fn offline_before_the_start_the_banner_promises_no_messages() {
    use connect_chat_widget::ui::banner::ConnectionBanner;
    let m = mount(
        UiConfig {
            locale: Locale::De,
            ..UiConfig::default()
        },
        |s| s.set_online(false),
        || view! { <ConnectionBanner /> },
    );
    tick().await;
    assert!(
        m.text()
            .contains("Sie können den Chat starten, sobald Sie wieder online sind."),
        "{}",
        m.text()
    );
    assert!(!m.text().contains("Nachrichten"), "{}", m.text());
    m.write.set_phase(Phase::Chat);
    tick().await;
    assert!(
        m.text().contains("Nachrichten werden gesendet"),
        "{}",
        m.text()
    );
}

#[wasm_bindgen_test]
async fn a_failed_start_keeps_what_the_customer_typed() {
    use connect_chat_widget::ui::chat_window::ChatWindow;
    let config = with_email();
    let m = mount(config, |s| s.set_open(true), || view! { <ChatWindow /> });
    tick().await;
    fill(&m, &["Ana", "ana@example.com"]);
    let form: web_sys::HtmlFormElement = m.find("form").unwrap().unchecked_into();
    form.request_submit().unwrap();
    tick().await;
    assert_eq!(m.state.phase.get_untracked(), Phase::Starting);
    // What the projection does when the start-chat backend fails.
    m.write.set_phase(Phase::PreChat);
    m.write.set_notice(Some("The chat could not start.".into()));
    tick().await;
    let values: Vec<String> = inputs(&m).iter().map(|i| i.value()).collect();
    assert_eq!(values, ["Ana", "ana@example.com"]);
    let button: web_sys::HtmlButtonElement = m.find(".cc-form button").unwrap().unchecked_into();
    assert!(!button.disabled(), "Start can be pressed again");
}

#[wasm_bindgen_test]
fn the_transcript_file_has_one_line_per_item() {
    use connect_chat_widget::ui::ended_panel::transcript_text;
    let mut mine = line("2", Role::Customer, "Me", "text/plain", "Thanks", 0);
    mine.mine = true;
    let mut joined = line(
        "3",
        Role::Agent,
        "Agent 2",
        "application/vnd.amazonaws.connect.event.participant.joined",
        "",
        0,
    );
    joined.kind = LineKind::Event;
    let mut unknown = joined.clone();
    unknown.content_type = "application/vnd.amazonaws.connect.event.message.metadata".into();
    let time = |at: i64, with_date: bool| format!("t{at}{}", if with_date { "d" } else { "" });
    let text = transcript_text(
        &[
            line("1", Role::Agent, "Ada", "text/plain", "Hi\nthere", 0),
            mine,
            joined,
            unknown,
        ],
        Locale::En,
        true,
        &time,
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Chat transcript, t0d", "{text}");
    assert_eq!(
        &lines[2..],
        [
            "[t0] Ada: Hi",
            "    there",
            "[t0] You: Thanks",
            "[t0] Agent 2 joined the chat"
        ],
        "an unknown event is left out: {text}"
    );
    // The customer's own event names them, as on screen: "You" would need its own grammar
    // ("Sie ist dem Chat beigetreten").
    let mut own = line(
        "4",
        Role::Customer,
        "Ana",
        "application/vnd.amazonaws.connect.event.participant.joined",
        "",
        0,
    );
    own.kind = LineKind::Event;
    own.mine = true;
    let text = transcript_text(&[own], Locale::De, true, &time);
    assert_eq!(
        text.lines().last(),
        Some("[t0] Ana ist dem Chat beigetreten"),
        "{text}"
    );
    // A view reads as it does folded on screen: its heading, else the word "Form"; the
    // flow's own have no name, as on screen.
    let view = |role, name: &str, data: &str| {
        let content = serde_json::json!({"templateType": "ViewResource", "version": "1.0",
            "data": {"content": {"viewToken": "vt-1", "viewData": data}}});
        line("5", role, name, INTERACTIVE, &content.to_string(), 0)
    };
    let views = [
        view(Role::Agent, "Ada", r#"{"Heading":"Your address"}"#),
        view(Role::System, "SYSTEM_MESSAGE", "{}"),
    ];
    let text = transcript_text(&views, Locale::De, true, &time);
    assert_eq!(
        &text.lines().collect::<Vec<_>>()[2..],
        ["[t0] Ada: Your address", "[t0] Formular"],
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn messages_on_screen_are_marked_seen_only_while_the_page_is_visible() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            state.set_page_visible(false);
            state.set_lines(vec![line(
                "agent-1",
                Role::Agent,
                "Ada",
                "text/plain",
                "Hello",
                1,
            )]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    tick().await;
    let seen = |m: &super::Mounted| {
        m.intents
            .borrow()
            .iter()
            .filter_map(|i| match i {
                Intent::Seen { item_id } => Some(item_id.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert!(seen(&m).is_empty(), "hidden tab: no receipt yet");
    m.write.set_page_visible(true);
    tick().await;
    assert_eq!(seen(&m), ["agent-1"]);
}

#[wasm_bindgen_test]
fn themes_set_only_custom_properties() {
    use connect_chat_widget::ui::styles::theme_rule;
    let theme = |pairs: &[(&str, &str)]| {
        theme_rule(
            &pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        theme(&[("--cc-accent", "#6b2fa3")]),
        "\n.cc-root { --cc-accent: #6b2fa3; }"
    );
    assert_eq!(
        theme(&[("color", "red"), ("--cc-x", "red; } body { display: none")]),
        ""
    );
    assert_eq!(theme(&[("--cc-a b", "red")]), "");
}

#[wasm_bindgen_test]
fn every_locale_translates_every_key_with_the_same_placeholders() {
    for locale in Locale::ALL {
        let mut seen = Vec::new();
        for key in locale.keys() {
            assert!(KEYS.contains(&key), "{locale:?} has unknown key {key}");
            assert!(!seen.contains(&key), "{locale:?} has {key} twice");
            seen.push(key);
        }
        for key in KEYS {
            let own = locale
                .own(key)
                .unwrap_or_else(|| panic!("{locale:?} lacks {key}"));
            let english = Locale::En.own(key).expect("English has every key");
            assert!(!own.trim().is_empty(), "{locale:?} {key} is empty");
            assert_eq!(
                own.matches("{}").count(),
                english.matches("{}").count(),
                "{locale:?} {key}: {own}"
            );
        }
    }
    assert_eq!(Locale::Ja.own("send"), Some("送信"));
    assert_eq!(Locale::Ar.own("no such key"), None);
}
