//! The composer: Enter sends, Shift+Enter does not, blanks and the length limit, the end.

use connect_chat_widget::ui::composer::Composer;
use connect_chat_widget::ui::state::{Intent, Phase};
use connect_chat_widget::ui::UiConfig;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use super::{mount, running, tick};

/// Presses `key` (with Shift if `shift`) on `el`; false if a handler prevented the default.
pub(super) fn key(el: &web_sys::HtmlElement, key: &str, shift: bool) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&event).unwrap()
}

/// Types `text` into the textarea `el`, as an input event reports it.
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

/// The textarea's resolved direction (`direction` as computed).
fn direction(el: &web_sys::HtmlElement) -> String {
    web_sys::window()
        .unwrap()
        .get_computed_style(el)
        .unwrap()
        .unwrap()
        .get_property_value("direction")
        .unwrap()
}

#[wasm_bindgen_test]
async fn typed_text_takes_its_own_direction_and_an_empty_box_the_windows() {
    let m = mount(UiConfig::default(), running, || {
        view! {
            <div class="rtl" dir="rtl"><Composer /></div>
            <div class="ltr" dir="ltr"><Composer /></div>
        }
    });
    tick().await;
    let in_rtl = m.find(".rtl textarea").unwrap();
    let in_ltr = m.find(".ltr textarea").unwrap();
    assert_eq!(direction(&in_rtl), "rtl", "empty, in an Arabic window");
    assert_eq!(direction(&in_ltr), "ltr", "empty, in an English window");
    type_text(&in_rtl, "Hello, I need help");
    type_text(&in_ltr, "مرحبا، أحتاج إلى مساعدة");
    tick().await;
    assert_eq!(
        direction(&in_rtl),
        "ltr",
        "English typed in an Arabic window"
    );
    assert_eq!(
        direction(&in_ltr),
        "rtl",
        "Arabic typed in an English window"
    );
}

#[wasm_bindgen_test]
async fn a_pick_uploads_its_accepted_files_before_telling_of_a_refused_one() {
    let m = mount(UiConfig::default(), running, || view! { <Composer /> });
    tick().await;
    let file = |name: &str, mime: &str| {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::new_with_length(10));
        let bag = web_sys::FilePropertyBag::new();
        bag.set_type(mime);
        web_sys::File::new_with_u8_array_sequence_and_options(&parts, name, &bag).unwrap()
    };
    let picked = js_sys::Array::of2(
        &file("tool.exe", "application/x-msdownload"),
        &file("photo.png", "image/png"),
    );
    // A FileList can only come from a DataTransfer.
    let list = js_sys::Function::new_with_args(
        "files",
        "const d = new DataTransfer(); for (const f of files) d.items.add(f); return d.files;",
    )
    .call1(&JsValue::NULL, &picked)
    .unwrap();
    let input = m.find("input[type=file]").unwrap();
    js_sys::Reflect::set(&input, &"files".into(), &list).unwrap();
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    let intents = m.intents.borrow();
    assert!(
        matches!(&intents[..], [Intent::Upload(f), Intent::FileRefused(why)]
            if f.name() == "photo.png" && why.contains("tool.exe")),
        "{intents:?}"
    );
    drop(intents);
    assert!(
        m.state
            .notice
            .get_untracked()
            .is_some_and(|n| n.contains("tool.exe")),
        "the refusal stays up"
    );
}
