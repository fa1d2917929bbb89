//! Composer, uploads and attachments, interactive templates, launcher, pre-chat form, locales.

use connect_chat_widget::ui::app::Widget;
use connect_chat_widget::ui::composer::Composer;
use connect_chat_widget::ui::i18n::{Locale, KEYS};
use connect_chat_widget::ui::message_list::MessageList;
use connect_chat_widget::ui::prechat::PreChatForm;
use connect_chat_widget::ui::state::{Intent, LineKind, Phase, Role, UploadState, UploadView};
use connect_chat_widget::ui::uploads::{check_file, UploadList};
use connect_chat_widget::ui::{PreChatField, UiConfig};
use connect_participant::attachments::AttachmentRules;
use connect_participant::model::{ArtifactStatus, AttachmentItem};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use super::{line, mount, running, tick};

fn key(el: &web_sys::HtmlElement, key: &str, shift: bool) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&event).unwrap()
}

fn type_text(el: &web_sys::HtmlElement, text: &str) {
    el.unchecked_ref::<web_sys::HtmlTextAreaElement>()
        .set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn composer_enter_sends_shift_enter_does_not() {
    let m = mount(UiConfig::default(), running, || view! { <Composer /> });
    tick().await;
    let textarea = m.find("textarea").unwrap();
    type_text(&textarea, "line one");
    tick().await;
    assert!(
        key(&textarea, "Enter", true),
        "Shift+Enter is left to the textarea"
    );
    type_text(&textarea, "line one\nline two");
    tick().await;
    assert!(!key(&textarea, "Enter", false), "Enter is taken over");
    tick().await;
    let intents = m.intents.borrow();
    let sent: Vec<&str> = intents
        .iter()
        .filter_map(|i| match i {
            Intent::Send { content, .. } => Some(content.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(sent, ["line one\nline two"]);
    assert!(
        intents.iter().any(|i| matches!(i, Intent::Typing)),
        "typing events"
    );
    assert_eq!(
        textarea
            .unchecked_ref::<web_sys::HtmlTextAreaElement>()
            .value(),
        ""
    );
}

#[wasm_bindgen_test]
async fn composer_ignores_blank_and_counts_near_the_limit() {
    let config = UiConfig {
        max_length: 120,
        ..UiConfig::default()
    };
    let m = mount(config, running, || view! { <Composer /> });
    tick().await;
    let textarea = m.find("textarea").unwrap();
    type_text(&textarea, "   ");
    key(&textarea, "Enter", false);
    assert!(m.find(".cc-counter").is_none() || m.text().contains("117"));
    type_text(&textarea, &"x".repeat(50));
    tick().await;
    assert!(m
        .find(".cc-counter")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("70 characters left"));
    type_text(&textarea, &"x".repeat(130));
    tick().await;
    assert!(m.find(".cc-counter.cc-over").is_some());
    key(&textarea, "Enter", false);
    tick().await;
    assert!(
        !m.intents
            .borrow()
            .iter()
            .any(|i| matches!(i, Intent::Send { .. })),
        "nothing blank or too long is sent"
    );
}

#[wasm_bindgen_test]
async fn composer_is_disabled_with_a_reason_after_the_end() {
    let m = mount(
        UiConfig::default(),
        |s| s.set_phase(Phase::Ended),
        || view! { <Composer /> },
    );
    tick().await;
    let textarea = m.find("textarea").unwrap();
    assert!(textarea.has_attribute("disabled"));
    assert!(m
        .find(".cc-reason")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("The chat has ended."));
}

#[wasm_bindgen_test]
fn files_are_checked_before_upload() {
    let rules = AttachmentRules::default();
    let file = |name: &str, mime: &str, size: usize| {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::new_with_length(size as u32));
        let bag = web_sys::FilePropertyBag::new();
        bag.set_type(mime);
        web_sys::File::new_with_u8_array_sequence_and_options(&parts, name, &bag).unwrap()
    };
    let en = Locale::En;
    assert!(check_file(en, &rules, &file("photo.png", "image/png", 10)).is_ok());
    let err = check_file(
        en,
        &rules,
        &file("tool.exe", "application/x-msdownload", 10),
    )
    .unwrap_err();
    assert!(
        err.starts_with("“tool.exe”:") && err.contains(".png"),
        "{err}"
    );
    let small = AttachmentRules {
        max_size_bytes: 5,
        ..AttachmentRules::default()
    };
    let err = check_file(en, &small, &file("a.txt", "text/plain", 6)).unwrap_err();
    assert!(err.contains("at most 5 bytes"), "{err}");
}

#[wasm_bindgen_test]
async fn uploads_show_progress_cancel_and_retry() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            let upload = |token: &str, state: UploadState| UploadView {
                token: token.into(),
                name: format!("{token}.pdf"),
                size: 100,
                progress: 0.5,
                state,
                thumbnail: None,
            };
            state.add_upload(upload("up", UploadState::Uploading));
            state.add_upload(upload(
                "bad",
                UploadState::Failed("The upload did not reach the server".into()),
            ));
        },
        || view! { <UploadList /> },
    );
    tick().await;
    let progress = m.find("progress").unwrap();
    assert_eq!(progress.get_attribute("value").as_deref(), Some("50"));
    assert!(m.text().contains("did not reach the server"));
    let buttons = m.all(".cc-upload button");
    assert_eq!(buttons.len(), 3, "cancel; a failure's retry and dismiss");
    for button in &buttons {
        button.unchecked_ref::<web_sys::HtmlElement>().click();
    }
    let intents = m.intents.borrow();
    assert!(matches!(&intents[0], Intent::CancelUpload { token } if token == "up"));
    assert!(matches!(&intents[1], Intent::RetryUpload { token } if token == "bad"));
    assert!(matches!(&intents[2], Intent::CancelUpload { token } if token == "bad"));
}

#[wasm_bindgen_test]
async fn attachments_rejected_scanning_and_download() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            let attachment = |key: &str, status: ArtifactStatus| {
                let mut l = line(key, Role::Agent, "Ada", "", "", key.len() as i64);
                l.kind = LineKind::Attachment;
                l.attachments = vec![AttachmentItem {
                    content_type: Some("application/pdf".into()),
                    attachment_id: Some(format!("id-{key}")),
                    attachment_name: Some(format!("{key}.pdf")),
                    status: Some(status),
                }];
                l
            };
            state.set_lines(vec![
                attachment("r", ArtifactStatus::Rejected),
                attachment("sc", ArtifactStatus::InProgress),
                attachment("okk", ArtifactStatus::Approved),
            ]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    let text = m.text();
    assert!(text.contains("Blocked by the security scan"), "{text}");
    assert!(text.contains("Being checked"), "{text}");
    m.find(".cc-attachment button").expect("download").click();
    let downloads: Vec<String> = m
        .intents
        .borrow()
        .iter()
        .filter_map(|i| match i {
            Intent::Download { attachment_id } => Some(attachment_id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(downloads, ["id-okk"]);
    m.write
        .add_attachment_url("id-okk".into(), "http://127.0.0.1:9/file.pdf".into());
    tick().await;
    let a = m.find(".cc-attachment a").expect("a link");
    assert_eq!(
        a.get_attribute("href").as_deref(),
        Some("http://127.0.0.1:9/file.pdf")
    );
    assert_eq!(
        a.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
}

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
}

#[wasm_bindgen_test]
async fn list_picker_panel_time_picker_and_carousel() {
    let (intents, _m) = choose(
        serde_json::json!({"templateType": "ListPicker", "version": "1.0",
            "data": {"content": {"title": "Which?", "elements": [{"title": "Apple"}, {"title": "Pear"}]}}}),
        0,
    )
    .await;
    assert_eq!(
        sent(&intents),
        [("text/plain".to_owned(), "Apple".to_owned())]
    );

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
    assert!(launcher
        .get_attribute("aria-label")
        .unwrap()
        .contains("3 unread"));
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

#[wasm_bindgen_test]
async fn prechat_requires_fields_then_starts() {
    let config = UiConfig {
        prechat: vec![PreChatField {
            name: "email".into(),
            label: "E-mail".into(),
            required: true,
            input_type: "email".into(),
        }],
        ..UiConfig::default()
    };
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
    let inputs = m.all("input");
    for (input, value) in inputs.iter().zip(["Ana", "ana@example.com"]) {
        let input: &web_sys::HtmlInputElement = input.unchecked_ref();
        input.set_value(value);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    }
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
async fn approved_images_ask_for_a_thumbnail_url_and_show_it() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            let mut l = line("img", Role::Agent, "Ada", "", "", 1);
            l.kind = LineKind::Attachment;
            l.attachments = vec![AttachmentItem {
                content_type: Some("image/png".into()),
                attachment_id: Some("id-img".into()),
                attachment_name: Some("photo.png".into()),
                status: Some(ArtifactStatus::Approved),
            }];
            state.set_lines(vec![l]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    assert!(m
        .intents
        .borrow()
        .iter()
        .any(|i| matches!(i, Intent::Preview { attachment_id } if attachment_id == "id-img")));
    m.write
        .add_attachment_url("id-img".into(), "http://127.0.0.1:9/photo.png".into());
    tick().await;
    let img = m.find("img.cc-thumb").expect("a thumbnail");
    assert_eq!(
        img.get_attribute("src").as_deref(),
        Some("http://127.0.0.1:9/photo.png")
    );
    assert_eq!(img.get_attribute("alt").as_deref(), Some("photo.png"));
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

#[wasm_bindgen_test]
async fn an_upload_moves_on_in_place() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            state.add_upload(UploadView {
                token: "up".into(),
                name: "up.pdf".into(),
                size: 100,
                progress: 0.1,
                state: UploadState::Uploading,
                thumbnail: None,
            });
        },
        || view! { <UploadList /> },
    );
    tick().await;
    let row = m.find(".cc-upload").unwrap();
    let progress = m.find("progress").unwrap();
    m.write.set_upload_progress("up", 0.75);
    tick().await;
    assert!(m.find("progress").unwrap().is_same_node(Some(&progress)));
    assert_eq!(progress.get_attribute("value").as_deref(), Some("75"));
    m.write.set_upload_state("up", UploadState::Done);
    tick().await;
    assert!(m.find(".cc-upload").unwrap().is_same_node(Some(&row)));
    assert!(m.find("progress").is_none());
    assert!(row
        .text_content()
        .unwrap()
        .contains("Uploaded, being checked"));
}
