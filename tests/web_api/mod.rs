//! The JavaScript boundary: options read from a JS object, and the payloads listeners get.

use connect_chat_widget::driver::events::{self, EndedEvent, MessageEvent, StatusEvent};
use connect_chat_widget::options::Options;
use connect_participant::session::{ConnectionStatus, EndReason};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

/// A JS object from JavaScript source (so that it can hold `undefined`, cycles, elements).
fn js(source: &str) -> JsValue {
    js_sys::Function::new_no_args(&format!("return {source};"))
        .call0(&JsValue::NULL)
        .expect("valid source")
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &key.into()).unwrap()
}

const BASE: &str = r#"startChatUrl: "/start", region: "us-east-1""#;

/// The message `mount` throws for `options`.
fn mount_error(options: &str) -> String {
    let error = match connect_chat_widget::mount(js(&format!("{{ {BASE}, {options} }}"))) {
        Ok(handle) => {
            handle.destroy();
            panic!("{options}: mounted");
        }
        Err(e) => e,
    };
    assert!(error.is_instance_of::<js_sys::Error>(), "throws an Error");
    String::from(error.unchecked_into::<js_sys::Error>().message())
}

#[wasm_bindgen_test]
fn each_wrong_option_is_named_with_what_was_expected() {
    for (options, wanted) in [
        (r#"open: "yes""#, r#"invalid option open: invalid type: string "yes", expected a boolean"#),
        (r#"displayName: 7"#, "invalid option displayName: invalid type: floating point `7.0`, expected a string"),
        (r#"maxMessageLength: "long""#, r#"invalid option maxMessageLength: invalid type: string "long", expected usize"#),
        (r#"features: { markdown: "no" }"#, r#"invalid option features.markdown: invalid type: string "no", expected a boolean"#),
        (r#"attachments: { maxSizeBytes: 1.5 }"#, "invalid option attachments.maxSizeBytes: invalid type: floating point `1.5`, expected u64"),
        (r#"attachments: { allowedExtensions: "png" }"#, r#"invalid option attachments.allowedExtensions: invalid type: string "png", expected a list"#),
        (r#"preChatFields: [{ name: "a" }, { name: "b", required: 1 }]"#, "invalid option preChatFields[1].required: invalid type: floating point `1.0`, expected a boolean"),
        (r#"preChatFields: "email""#, r#"invalid option preChatFields: invalid type: string "email", expected a list"#),
        (r#"theme: { "--cc-accent": null }"#, "invalid option theme.--cc-accent: invalid type: unit value, expected a string"),
        (r#"attributes: ["a"]"#, "invalid option attributes"),
        (r#"startChatUrl: """#, "invalid option startChatUrl: is required"),
        (r#"attachments: { maxSizeBytes: -1 }"#, "invalid option attachments.maxSizeBytes: invalid type: floating point `-1.0`, expected u64"),
        (r#"preChatFields: { name: "a" }"#, "invalid option preChatFields: invalid type: map, expected a list"),
        (r#"locale: ["de"]"#, "invalid option locale: invalid type: JsValue([\"de\"]), expected a string"),
        (r#"features: { typing: false, sound: "on" }, title: 5"#, "invalid option features.sound: invalid type: string \"on\", expected a boolean"),
    ] {
        let message = mount_error(options);
        assert!(message.starts_with(wanted), "{options}: {message}");
    }
    let nothing_mounted = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .query_selector("[data-connect-chat]")
        .unwrap();
    assert!(
        nothing_mounted.is_none(),
        "a refused mount leaves nothing behind"
    );
}

#[wasm_bindgen_test]
fn options_that_are_not_an_object_are_named_as_a_whole() {
    for source in [r#""mount me""#, "42", "null"] {
        match Options::from_js(&js(source)) {
            Err(connect_chat_widget::error::WidgetError::Options { field, .. }) => {
                assert_eq!(field, "options", "{source}")
            }
            other => panic!("{source}: {other:?}"),
        }
    }
}

#[wasm_bindgen_test]
fn undefined_is_not_given_and_unknown_members_are_not_read() {
    let options = Options::from_js(&js(&format!(
        r#"(() => {{
            const cyclic = {{}};
            cyclic.self = cyclic;
            return {{ {BASE}, open: undefined, title: undefined,
                      features: {{ sound: undefined, typing: false }},
                      container: document.body, wasmUrl: new URL("https://example.com/w.wasm"),
                      framework: cyclic, load: "eager" }};
        }})()"#
    )))
    .expect("reads");
    assert!(!options.open);
    assert_eq!(options.title, None);
    assert!(!options.features.sound && !options.features.typing);
    assert!(options.features.markdown, "defaults stay");
}

#[wasm_bindgen_test]
fn payloads_are_plain_camel_case_objects() {
    let message = events::to_js(&MessageEvent {
        id: "m1".into(),
        time: "2026-11-30T17:20:00.123Z".into(),
        role: "agent",
        name: None,
        content_type: "text/plain".into(),
        content: "hi".into(),
    });
    let keys: Vec<String> = js_sys::Object::keys(message.unchecked_ref::<js_sys::Object>())
        .iter()
        .map(|k| k.as_string().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["id", "time", "role", "name", "contentType", "content"]
    );
    assert_eq!(get(&message, "id"), "m1");
    assert_eq!(get(&message, "time"), "2026-11-30T17:20:00.123Z");
    assert_eq!(get(&message, "contentType"), "text/plain");
    assert!(get(&message, "name").is_null(), "null, as the types say");
    let proto: JsValue = js_sys::Object::get_prototype_of(&message).into();
    assert_eq!(
        proto,
        JsValue::from(js_sys::Object::get_prototype_of(
            &js_sys::Object::new().into()
        )),
        "a plain object, not a Map"
    );
    let status = events::to_js(&StatusEvent::new(ConnectionStatus::Connected));
    assert_eq!(get(&status, "status"), "connected");
    let ended = events::to_js(&EndedEvent::new(&EndReason::Agent));
    assert_eq!(get(&ended, "reason"), "agent");
}
