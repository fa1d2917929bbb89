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
        (r#"open: null"#, "invalid option open: invalid type: null, expected a boolean"),
        (r#"displayName: 7"#, "invalid option displayName: invalid type: number 7, expected a string"),
        (r#"maxMessageLength: "long""#, r#"invalid option maxMessageLength: invalid type: string "long", expected a whole number, 0 or more"#),
        (r#"features: { markdown: "no" }"#, r#"invalid option features.markdown: invalid type: string "no", expected a boolean"#),
        (r#"features: []"#, "invalid option features: invalid type: a list, expected an object"),
        (r#"attachments: { maxSizeBytes: 1.5 }"#, "invalid option attachments.maxSizeBytes: invalid type: number 1.5, expected a whole number, 0 or more"),
        (r#"attachments: { allowedExtensions: "png" }"#, r#"invalid option attachments.allowedExtensions: invalid type: string "png", expected a list"#),
        (r#"attachments: { allowedExtensions: ["png", 4] }"#, "invalid option attachments.allowedExtensions[1]: invalid type: number 4, expected a string"),
        (r#"preChatFields: [{ name: "a" }, { name: "b", required: 1 }]"#, "invalid option preChatFields[1].required: invalid type: number 1, expected a boolean"),
        (r#"preChatFields: [{ label: "E-mail" }]"#, "invalid option preChatFields[0].name: is required"),
        (r#"preChatFields: [{ name: " " }]"#, "invalid option preChatFields[0].name: is required"),
        (r#"preChatFields: ["email"]"#, r#"invalid option preChatFields[0]: invalid type: string "email", expected an object"#),
        (r#"preChatFields: "email""#, r#"invalid option preChatFields: invalid type: string "email", expected a list"#),
        (r#"theme: { "--cc-accent": null }"#, "invalid option theme.--cc-accent: invalid type: null, expected a string"),
        (r#"attributes: ["a"]"#, "invalid option attributes: invalid type: a list, expected an object"),
        (r#"startChatUrl: """#, "invalid option startChatUrl: is required"),
        (r#"attachments: { maxSizeBytes: -1 }"#, "invalid option attachments.maxSizeBytes: invalid type: number -1, expected a whole number, 0 or more"),
        (r#"maxMessageLength: Infinity"#, "invalid option maxMessageLength: invalid type: number Infinity, expected a whole number, 0 or more"),
        (r#"preChatFields: { name: "a" }"#, "invalid option preChatFields: invalid type: an object, expected a list"),
        (r#"locale: ["de"]"#, "invalid option locale: invalid type: a list, expected a string"),
        (r#"title: () => "Hi""#, "invalid option title: invalid type: a function, expected a string"),
        (r#"features: { typing: false, sound: "on" }, title: "Hi""#, "invalid option features.sound: invalid type: string \"on\", expected a boolean"),
    ] {
        let message = mount_error(options);
        assert_eq!(message, wanted, "{options}");
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

/// Every option of `ChatOptions` (www/index.d.ts) is read by its name.
#[wasm_bindgen_test]
fn every_option_is_read_by_its_name() {
    let o = Options::from_js(&js(r##"{
        startChatUrl: "/start", region: "eu-west-2", participantEndpoint: "http://localhost:9",
        displayName: "Ana", locale: "de", position: "left", title: "Help", logoUrl: "/logo.svg",
        preChatFields: [{ name: "email", label: "E-mail", required: true, type: "email" }, { name: "n" }],
        attributes: { plan: "gold" }, theme: { "--cc-accent": "#7a1fa2" },
        attachments: { allowedExtensions: ["png"], maxSizeBytes: 5000000 },
        features: { attachments: false, markdown: false, readReceipts: false, typing: false,
                    titleNotification: false, sound: true },
        maxMessageLength: 20, open: true, storageKey: "k",
        authenticationRedirectUri: "/back", authenticationIdentityProvider: "Google",
        authenticationCallbackUrl: "/cb"
    }"##))
    .expect("reads");
    assert_eq!(o.start_chat_url, "/start");
    assert_eq!(o.region.as_deref(), Some("eu-west-2"));
    assert_eq!(
        o.participant_endpoint.as_deref(),
        Some("http://localhost:9")
    );
    assert_eq!(o.display_name.as_deref(), Some("Ana"));
    assert_eq!(o.locale.as_deref(), Some("de"));
    assert_eq!(o.position.as_deref(), Some("left"));
    assert_eq!(o.title.as_deref(), Some("Help"));
    assert_eq!(o.logo_url.as_deref(), Some("/logo.svg"));
    let [email, n] = &o.pre_chat_fields[..] else {
        panic!("{:?}", o.pre_chat_fields)
    };
    assert_eq!(
        (
            email.name.as_str(),
            email.label.as_deref(),
            email.required,
            email.input_type.as_deref()
        ),
        ("email", Some("E-mail"), true, Some("email"))
    );
    assert_eq!(
        (
            n.name.as_str(),
            n.label.as_deref(),
            n.required,
            n.input_type.as_deref()
        ),
        ("n", None, false, None)
    );
    assert_eq!(o.attributes.get("plan").map(String::as_str), Some("gold"));
    assert_eq!(
        o.theme.get("--cc-accent").map(String::as_str),
        Some("#7a1fa2")
    );
    assert_eq!(
        o.attachments.allowed_extensions,
        Some(vec!["png".to_owned()])
    );
    assert_eq!(o.attachments.max_size_bytes, Some(5_000_000));
    let f = &o.features;
    assert!(
        !f.attachments
            && !f.markdown
            && !f.read_receipts
            && !f.typing
            && !f.title_notification
            && f.sound
    );
    assert_eq!(o.max_length(), 20);
    assert!(o.open);
    assert_eq!(o.storage_key.as_deref(), Some("k"));
    assert_eq!(o.authentication_redirect_uri.as_deref(), Some("/back"));
    assert_eq!(
        o.authentication_identity_provider.as_deref(),
        Some("Google")
    );
    assert_eq!(o.authentication_callback_url.as_deref(), Some("/cb"));
    assert_eq!(o.warnings, Vec::<String>::new(), "every member is known");
}

/// A member the widget does not know is named in a warning, wherever it is; the widget still
/// mounts. So is a language it does not speak.
#[wasm_bindgen_test]
fn unknown_options_and_languages_are_warned_of() {
    let o = Options::from_js(&js(&format!(
        r#"{{ {BASE}, dispayName: "Ana", locale: "xx-YY", container: null, load: "idle",
               wasmUrl: "/w.wasm", preChatFields: [{{ name: "email", lable: "E-mail" }}],
               features: {{ sond: true }}, attachments: {{ maxSize: 9 }},
               theme: {{ "--cc-accent": "red" }} }}"#
    )))
    .expect("reads");
    assert_eq!(
        o.warnings,
        [
            "unknown option `preChatFields[0].lable`: it is ignored",
            "unknown option `dispayName`: it is ignored",
            "unknown option `attachments.maxSize`: it is ignored",
            "unknown option `features.sond`: it is ignored",
            r#"locale "xx-YY" is not one the widget speaks (en, de, es, fr, ja, ar): it speaks English"#,
        ]
    );
    let o = Options::from_js(&js(&format!(r#"{{ {BASE}, locale: "de-CH" }}"#))).expect("reads");
    assert_eq!(o.warnings, Vec::<String>::new());
}

/// `null` is "not given" for optional texts, lists and numbers.
#[wasm_bindgen_test]
fn null_is_not_given_where_an_option_is_optional() {
    let o = Options::from_js(&js(&format!(
        r#"{{ {BASE}, title: null, preChatFields: null, maxMessageLength: null,
               attachments: {{ allowedExtensions: null, maxSizeBytes: null }}, features: null }}"#
    )))
    .expect("reads");
    assert_eq!(o.title, None);
    assert!(o.pre_chat_fields.is_empty());
    assert_eq!(o.max_length(), 1024);
    assert_eq!(o.attachments.allowed_extensions, None);
    assert!(o.features.markdown);
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
