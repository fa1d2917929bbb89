//! What the customer reads: their own answers as words, link options with their target, the
//! history divider, quiet lines (auto-disconnect, sign-in outcomes), and the sign-in prompt.

use connect_chat_widget::ui::auth::AuthPrompt;
use connect_chat_widget::ui::i18n::Locale;
use connect_chat_widget::ui::state::{AuthView, Intent, Line, LineKind, Role};
use connect_chat_widget::ui::UiConfig;
use connect_participant::content::INTERACTIVE_RESPONSE;
use leptos::prelude::*;
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use super::interactive::{interactive_line, sent};
use super::{line, list_of, mount, running, tick, Mounted};

const EVENT: &str = "application/vnd.amazonaws.connect.event.";

fn event(key: &str, role: Role, name: &str, kind: &str, time: i64) -> Line {
    let mut l = line(key, role, name, &format!("{EVENT}{kind}"), "", time);
    l.kind = LineKind::Event;
    l
}

fn texts(m: &Mounted, selector: &str) -> Vec<String> {
    m.all(selector)
        .iter()
        .map(|e| e.text_content().unwrap_or_default().trim().to_owned())
        .collect()
}

#[wasm_bindgen_test]
async fn the_customers_answers_read_as_words() {
    let carousel = json!({"templateIdentifier": "tpl-flights", "listTitle": "Flights",
        "selectionText": "Buy ticket"})
    .to_string();
    let hotels = json!({"templateIdentifier": "tpl-hotels", "listTitle": "Hotels:",
        "selectionText": "Book room"})
    .to_string();
    let view = json!({"action": "Submit", "data": {"FormData": {"street": "1 Main St"}},
        "templateType": "ViewResource", "version": "1.0"})
    .to_string();
    let typed = json!({"action": " ", "data": {"content": "my flat is 4B"},
        "templateType": "ViewResource", "version": "1.0"})
    .to_string();
    let paging =
        json!({"version": "1.0", "data": {"actionName": "SHOW_MORE", "templateType": "ListPicker"},
        "action": "SHOW_MORE"})
        .to_string();
    let mut hidden = line("5", Role::Customer, "Me", INTERACTIVE_RESPONSE, &paging, 5);
    hidden.hidden = true;
    let m = list_of(
        Locale::En,
        vec![
            line("1", Role::Customer, "Me", "text/plain", &carousel, 1),
            line("2", Role::Customer, "Me", "text/plain", &hotels, 2),
            line("3", Role::Customer, "Me", INTERACTIVE_RESPONSE, &view, 3),
            line("4", Role::Customer, "Me", INTERACTIVE_RESPONSE, &typed, 4),
            hidden,
        ],
    )
    .await;
    assert_eq!(
        texts(&m, ".cc-customer .cc-bubble"),
        [
            "Flights - Buy ticket",
            "Hotels: Book room",
            "Submit",
            "my flat is 4B"
        ]
    );
}

#[wasm_bindgen_test]
async fn a_time_picker_answer_reads_as_a_time() {
    let m = list_of(
        Locale::En,
        vec![line(
            "1",
            Role::Customer,
            "Me",
            "text/plain",
            "2025-03-10T11:00:00.00+00:00",
            1,
        )],
    )
    .await;
    let shown = texts(&m, ".cc-customer .cc-bubble").remove(0);
    let at = js_sys::Date::parse("2025-03-10T11:00:00.000Z");
    let options = json!({"dateStyle": "medium", "timeStyle": "short"});
    assert_eq!(shown, intl("en", &options, at));
    assert!(shown.contains("2025"), "{shown}");
    assert!(!shown.contains('T') && !shown.contains("+00:00"), "{shown}");
}

/// `at` as the page's own `Intl.DateTimeFormat(tag, options)` writes it.
fn intl(tag: &str, options: &serde_json::Value, at: f64) -> String {
    let options = js_sys::JSON::parse(&options.to_string()).unwrap();
    js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&tag.into()), &options.into())
        .format()
        .call1(&JsValue::UNDEFINED, &at.into())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_lines_time_is_written_as_its_locale_writes_it() {
    // 14:05 UTC: in the afternoon or the morning, whatever the machine's time zone.
    let at = js_sys::Date::parse("2026-01-15T14:05:00.000Z");
    let clock = json!({"hour": "numeric", "minute": "2-digit"});
    for locale in [Locale::En, Locale::De, Locale::Ar] {
        let m = list_of(
            locale,
            vec![line("1", Role::Agent, "Ada", "text/plain", "Hi", at as i64)],
        )
        .await;
        let time = m.find(".cc-line .cc-meta time").expect("a <time> element");
        let shown = time.text_content().unwrap_or_default();
        assert_eq!(shown, intl(locale.tag(), &clock, at), "{locale:?}");
        assert_eq!(
            time.get_attribute("datetime").as_deref(),
            Some("2026-01-15T14:05:00.000Z")
        );
        match locale {
            Locale::En => assert!(shown.contains("AM") || shown.contains("PM"), "{shown}"),
            // 24-hour, no day period.
            Locale::De => assert!(
                shown.chars().all(|c| c.is_ascii_digit() || c == ':'),
                "{shown}"
            ),
            // Arabic digits or the Arabic day period (ص / م).
            _ => assert!(
                shown
                    .chars()
                    .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                "{shown}"
            ),
        }
    }
}

#[wasm_bindgen_test]
async fn link_options_keep_their_target_and_a_link_without_url_is_a_choice() {
    let m = list_of(
        Locale::En,
        vec![interactive_line(json!({"templateType": "Panel", "version": "1.0",
            "data": {"content": {"title": "Help", "elements": [
                {"title": "Same tab", "type": "hyperlink", "url": "https://127.0.0.1:9/a", "target": "_self"},
                {"title": "Odd", "type": "hyperlink", "url": "https://127.0.0.1:9/b", "target": "x\" onclick=1"},
                {"title": "Broken link", "type": "hyperlink"}
            ]}}}))],
    )
    .await;
    let links = m.all(".cc-choices a");
    assert_eq!(links.len(), 2);
    assert_eq!(links[0].get_attribute("target").as_deref(), Some("_self"));
    assert!(
        !links[0]
            .text_content()
            .unwrap_or_default()
            .contains("new tab"),
        "a same-tab link does not say it opens a new tab"
    );
    assert_eq!(links[1].get_attribute("target").as_deref(), Some("_blank"));
    let buttons = m.all(".cc-choices button");
    assert_eq!(buttons.len(), 1);
    buttons[0].unchecked_ref::<web_sys::HtmlElement>().click();
    tick().await;
    assert_eq!(
        sent(&m.intents.borrow()),
        [("text/plain".to_owned(), "Broken link".to_owned())]
    );
}

#[wasm_bindgen_test]
async fn only_the_newest_interactive_message_can_be_answered() {
    let mut old = interactive_line(json!({"templateType": "QuickReply", "version": "1.0",
        "data": {"content": {"title": "Rate us", "elements": [{"title": "Great"}]}}}));
    old.answerable = false;
    let m = list_of(Locale::En, vec![old]).await;
    let button = m.find(".cc-choices button").expect("the choice");
    assert!(button.has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn past_lines_sit_under_one_divider_and_quiet_lines_read_as_the_official_ones() {
    let mut past_message = line(
        "p1",
        Role::Customer,
        "Ana",
        "text/plain",
        "Where is my refund?",
        1,
    );
    past_message.past = true;
    let mut past_end = event("p2", Role::System, "", "chat.ended", 2);
    past_end.past = true;
    let mut own_idle = event(
        "n1",
        Role::Customer,
        "Ana",
        "participant.autodisconnection",
        4,
    );
    own_idle.mine = true;
    let m = list_of(
        Locale::De,
        vec![
            past_message,
            past_end,
            event("n0", Role::System, "", "chat.rehydrated", 3),
            own_idle,
            event("n2", Role::Agent, "Sam", "participant.autodisconnection", 5),
            event("n3", Role::System, "", "authentication.initiated", 6),
            event("n4", Role::System, "", "authentication.succeeded", 7),
        ],
    )
    .await;
    assert_eq!(texts(&m, ".cc-divider"), ["Frühere Unterhaltung"]);
    // The divider comes before the first past line.
    let html = m.container.inner_html();
    assert!(html.find("cc-divider") < html.find("Where is my refund?"));
    assert_eq!(m.all(".cc-past").len(), 2);
    assert_eq!(
        texts(&m, ".cc-event"),
        [
            "Der Chat ist beendet.",
            &Locale::De.fmt("auto_disconnected", "Sam"),
            "Angemeldet"
        ]
    );
}

fn prompt(auth: AuthView) -> Mounted {
    mount(
        UiConfig::default(),
        move |state| {
            running(state);
            state.set_auth(Some(auth));
        },
        || view! { <AuthPrompt /> },
    )
}

#[wasm_bindgen_test]
async fn the_sign_in_prompt_opens_the_page_or_goes_on_without() {
    let m = prompt(AuthView {
        session_id: "s-1".into(),
        url: Some("https://127.0.0.1:9/auth".into()),
        unavailable: false,
    });
    tick().await;
    let buttons = m.all(".cc-auth button");
    assert_eq!(
        texts(&m, ".cc-auth button"),
        ["Sign in", "Continue without signing in"]
    );
    buttons[0].unchecked_ref::<web_sys::HtmlElement>().click();
    buttons[1].unchecked_ref::<web_sys::HtmlElement>().click();
    tick().await;
    let intents = m.intents.borrow();
    assert!(matches!(&intents[0], Intent::Authenticate { session_id } if session_id == "s-1"));
    assert!(
        matches!(&intents[1], Intent::CancelAuthentication { session_id } if session_id == "s-1")
    );
    assert!(
        m.find(".cc-auth").is_none(),
        "cancelling takes the prompt away"
    );
}

#[wasm_bindgen_test]
async fn without_a_redirect_page_sign_in_is_unavailable() {
    let m = prompt(AuthView {
        session_id: "s-1".into(),
        url: None,
        unavailable: true,
    });
    tick().await;
    assert!(
        m.text().contains("Sign-in is unavailable here."),
        "{}",
        m.text()
    );
    assert_eq!(
        texts(&m, ".cc-auth button"),
        ["Continue without signing in"]
    );
}
