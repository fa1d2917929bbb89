//! The options `mount` takes (see DESIGN.md, "Widget contract"), read from a JS object with
//! serde-wasm-bindgen. A wrong value is an error naming the option by its path
//! (`features.markdown`, `preChatFields[1].required`) and saying what was expected.
//!
//! ```js
//! mount({ startChatUrl: "/start-chat", region: "us-east-1", displayName: "Ana",
//!         locale: "de", theme: { "--cc-accent": "#7a1fa2" }, position: "left",
//!         attachments: { allowedExtensions: ["png", "pdf"], maxSizeBytes: 5000000 },
//!         features: { attachments: true, markdown: true } })
//! ```

use std::collections::BTreeMap;

use connect_participant::attachments::{AllowedType, AttachmentRules};
use connect_participant::endpoint::{Endpoint, EndpointOptions};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::WidgetError;
use crate::ui::i18n::Locale;
use crate::ui::{PreChatField, UiConfig};

/// A pre-chat form field as given in the options.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct FieldOption {
    pub name: String,
    pub label: Option<String>,
    pub required: bool,
    #[serde(rename = "type")]
    pub input_type: Option<String>,
}

/// Attachment rules as given in the options.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct AttachmentOption {
    /// Extensions without dots; the defaults when absent.
    #[serde(deserialize_with = "list")]
    pub allowed_extensions: Option<Vec<String>>,
    pub max_size_bytes: Option<u64>,
}

/// Feature switches; everything is on by default.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Features {
    pub attachments: bool,
    pub markdown: bool,
    pub read_receipts: bool,
    pub typing: bool,
    pub title_notification: bool,
    /// A short tone when a message arrives while the tab is hidden (off by default).
    pub sound: bool,
}

impl Default for Features {
    fn default() -> Self {
        Features {
            attachments: true,
            markdown: true,
            read_receipts: true,
            typing: true,
            title_notification: true,
            sound: false,
        }
    }
}

/// Everything `mount` accepts.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Options {
    /// The site owner's backend that starts a chat (required).
    pub start_chat_url: String,
    /// The AWS region of the Connect instance.
    pub region: Option<String>,
    /// A custom Participant Service URL (the emulator, a proxy).
    pub participant_endpoint: Option<String>,
    pub display_name: Option<String>,
    #[serde(deserialize_with = "list_or_empty")]
    pub pre_chat_fields: Vec<FieldOption>,
    /// Contact attributes sent to the start-chat backend.
    pub attributes: BTreeMap<String, String>,
    pub locale: Option<String>,
    pub theme: BTreeMap<String, String>,
    /// `left` or `right` (default).
    pub position: Option<String>,
    pub title: Option<String>,
    pub logo_url: Option<String>,
    pub attachments: AttachmentOption,
    pub features: Features,
    /// The longest message in characters (default 1024, the classic text limit).
    pub max_message_length: Option<usize>,
    /// Start open.
    pub open: bool,
    /// The sessionStorage key (lets two widgets share a page).
    pub storage_key: Option<String>,
    /// The page the sign-in provider sends the customer back to (registered with it);
    /// without it, sign-in requested by the flow is unavailable.
    pub authentication_redirect_uri: Option<String>,
    /// An identity provider to sign in with, passed to the sign-in page.
    pub authentication_identity_provider: Option<String>,
    /// Where the page's script POSTs the sign-in callback's query (`www/sign-in.js`); read
    /// here only so that the option is known.
    pub authentication_callback_url: Option<String>,
}

/// A list, or `null` for none. Read as any value, so that a value of another type is reported
/// as one ("invalid type: string, expected a list"): asked for a sequence, serde-wasm-bindgen
/// would try to iterate it and report a TypeError instead.
fn list<'de, D, T>(from: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct List<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for List<T> {
        type Value = Option<Vec<T>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list")
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(Some(items))
        }
    }
    from.deserialize_any(List(std::marker::PhantomData))
}

/// [`list`], with none as empty.
fn list_or_empty<'de, D, T>(from: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    list(from).map(Option::unwrap_or_default)
}

/// How deep [`without_undefined`] looks: the options nest four levels
/// (`preChatFields[0].label`).
const NESTING: u8 = 4;

impl Options {
    /// Reads the options object `mount` was given. Members that are `undefined` count as not
    /// given, as `JSON.stringify` would leave them out; members it does not know (`container`,
    /// the loader's own) are not read.
    pub fn from_js(value: &JsValue) -> Result<Options, WidgetError> {
        let plain = without_undefined(value, NESTING);
        read(&plain)
            .map_err(|problem| wrong_member(&plain, problem))?
            .checked()
    }

    /// The options, if they hold what serde cannot check: a start-chat URL and an endpoint.
    pub fn checked(self) -> Result<Options, WidgetError> {
        if self.start_chat_url.trim().is_empty() {
            return Err(WidgetError::Options {
                field: "startChatUrl".into(),
                problem: "is required".into(),
            });
        }
        self.endpoint()?;
        Ok(self)
    }

    /// The longest message in characters.
    pub fn max_length(&self) -> usize {
        self.max_message_length.unwrap_or(1024)
    }

    /// The Participant Service endpoint from `participantEndpoint` or `region`.
    pub fn endpoint(&self) -> Result<Endpoint, WidgetError> {
        match (&self.participant_endpoint, &self.region) {
            (Some(url), _) if !url.trim().is_empty() => Ok(Endpoint::custom(url.trim())),
            (_, Some(region)) => Ok(Endpoint::resolve(
                Some(region),
                None,
                EndpointOptions::default(),
            )?),
            _ => Err(WidgetError::Options {
                field: "region".into(),
                problem: "give a region or a participantEndpoint".into(),
            }),
        }
    }

    /// The attachment rules, or `None` when attachments are switched off.
    pub fn attachment_rules(&self) -> Option<AttachmentRules> {
        if !self.features.attachments {
            return None;
        }
        let mut rules = AttachmentRules::default();
        if let Some(exts) = &self.attachments.allowed_extensions {
            let defaults = rules.allowed.clone();
            rules.allowed = exts
                .iter()
                .map(|ext| {
                    let ext = ext.trim_start_matches('.').to_ascii_lowercase();
                    defaults
                        .iter()
                        .find(|t| t.extension == ext)
                        .cloned()
                        .unwrap_or_else(|| AllowedType::new(&ext, &["application/octet-stream"]))
                })
                .collect();
        }
        if let Some(max) = self.attachments.max_size_bytes {
            rules.max_size_bytes = max;
        }
        Some(rules)
    }

    /// The components' settings.
    pub fn ui_config(&self) -> UiConfig {
        let locale = self
            .locale
            .clone()
            .or_else(|| web_sys::window().and_then(|w| w.navigator().language()))
            .map(|t| Locale::from_tag(&t))
            .unwrap_or(Locale::En);
        UiConfig {
            locale,
            title: self.title.clone(),
            logo_url: self.logo_url.clone(),
            markdown: self.features.markdown,
            attachments: self.attachment_rules(),
            max_length: self.max_length(),
            prechat: self
                .pre_chat_fields
                .iter()
                .map(|f| PreChatField {
                    name: f.name.clone(),
                    label: f.label.clone().unwrap_or_else(|| f.name.clone()),
                    required: f.required,
                    input_type: f.input_type.clone().unwrap_or_else(|| "text".into()),
                })
                .collect(),
            display_name: self.display_name.clone().filter(|n| !n.trim().is_empty()),
            left: self.position.as_deref() == Some("left"),
            theme: self.theme.clone().into_iter().collect(),
        }
    }
}

/// `value` with its `undefined` members left out, `depth` levels deep: a page that passes
/// optional settings through (`open: props.open`) means "not given". Only plain objects and
/// arrays are copied; anything else (an element, a class instance) is kept as it is.
fn without_undefined(value: &JsValue, depth: u8) -> JsValue {
    if depth == 0 {
        return value.clone();
    }
    if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        return array
            .iter()
            .map(|v| without_undefined(&v, depth - 1))
            .collect::<js_sys::Array>()
            .into();
    }
    if !is_plain_object(value) {
        return value.clone();
    }
    let object: &js_sys::Object = value.unchecked_ref();
    let copy = js_sys::Object::new();
    for key in js_sys::Object::keys(object).iter() {
        // A getter that throws reads as not given; a wrong value is reported by name below.
        let member = js_sys::Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED);
        if !member.is_undefined() {
            // Setting a data property on a fresh plain object cannot throw.
            let _ = js_sys::Reflect::set(&copy, &key, &without_undefined(&member, depth - 1));
        }
    }
    copy.into()
}

/// Whether `value` is an object literal (or made by `Object.create(null)`).
fn is_plain_object(value: &JsValue) -> bool {
    if !value.is_object() || value.is_function() {
        return false;
    }
    let proto: JsValue = js_sys::Object::get_prototype_of(value).into();
    proto.is_null()
        || proto
            == JsValue::from(js_sys::Object::get_prototype_of(
                &js_sys::Object::new().into(),
            ))
}

/// Reads options from a plain JS value; the error says what was wrong, not where.
fn read(value: &JsValue) -> Result<Options, String> {
    Options::deserialize(serde_wasm_bindgen::Deserializer::from(value.clone())).map_err(|e| {
        let problem = e.to_string();
        // serde-wasm-bindgen's errors are JavaScript Errors, shown with their name.
        problem
            .strip_prefix("Error: ")
            .map(str::to_owned)
            .unwrap_or(problem)
    })
}

/// One step of a path into the options: a member's name or an item's index.
enum Step {
    Member(String),
    Item(u32),
}

/// The error for `options` that do not read, naming the member at fault by its path
/// (`preChatFields[1].required`). Found by reading the options with one member at a time, one
/// level deeper while the fault stays: no path is tracked while options are read, so reading
/// them costs no code for the rare mistake.
fn wrong_member(options: &JsValue, mut problem: String) -> WidgetError {
    let mut path = Vec::new();
    let mut node = options.clone();
    while path.len() <= usize::from(NESTING) {
        let Some(list) = container(&node) else { break };
        // A list where an object belongs (or the reverse) is at fault whatever it holds.
        if !path.is_empty() {
            let empty = if list {
                js_sys::Array::new().into()
            } else {
                js_sys::Object::new().into()
            };
            if read(&along(&path, empty)).is_err() {
                break;
            }
        }
        let faulty = members(&node).into_iter().find_map(|(step, member)| {
            let alone = wrap(&step, member.clone());
            let p = read(&along(&path, alone)).err()?;
            Some((step, member, p))
        });
        let Some((step, member, p)) = faulty else {
            break;
        };
        path.push(step);
        node = member;
        problem = p;
    }
    let mut field = String::new();
    for step in &path {
        match step {
            Step::Member(name) if field.is_empty() => field.push_str(name),
            Step::Member(name) => {
                field.push('.');
                field.push_str(name);
            }
            Step::Item(i) => field.push_str(&format!("[{i}]")),
        }
    }
    if field.is_empty() {
        field.push_str("options");
    }
    WidgetError::Options { field, problem }
}

/// `Some(true)` for an array, `Some(false)` for a plain object, `None` for anything else.
fn container(value: &JsValue) -> Option<bool> {
    if value.is_array() {
        Some(true)
    } else {
        is_plain_object(value).then_some(false)
    }
}

/// An array's items or a plain object's members.
fn members(value: &JsValue) -> Vec<(Step, JsValue)> {
    if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        return (0..)
            .zip(array.iter())
            .map(|(i, v)| (Step::Item(i), v))
            .collect();
    }
    let object: &js_sys::Object = value.unchecked_ref();
    js_sys::Object::keys(object)
        .iter()
        .filter_map(|key| {
            let member = js_sys::Reflect::get(object, &key).ok()?;
            Some((Step::Member(key.as_string()?), member))
        })
        .collect()
}

/// `value` alone in the container `step` leads into: `{ name: value }` or `[value]`.
fn wrap(step: &Step, value: JsValue) -> JsValue {
    match step {
        Step::Member(name) => {
            let object = js_sys::Object::new();
            // Setting a data property on a fresh plain object cannot throw.
            let _ = js_sys::Reflect::set(&object, &name.into(), &value);
            object.into()
        }
        Step::Item(_) => js_sys::Array::of1(&value).into(),
    }
}

/// Options holding only `leaf`, at the end of `path`.
fn along(path: &[Step], leaf: JsValue) -> JsValue {
    path.iter()
        .rev()
        .fold(leaf, |inner, step| wrap(step, inner))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reading from JavaScript, and the paths of wrong options, are tested in the browser
    // (tests/web_api); here serde's part and the checks after it.
    fn read(json: &str) -> Result<Options, WidgetError> {
        serde_json::from_str::<Options>(json)
            .map_err(|e| WidgetError::Options {
                field: "options".into(),
                problem: e.to_string(),
            })?
            .checked()
    }

    fn field(json: &str) -> String {
        match read(json) {
            Err(WidgetError::Options { field, .. }) => field,
            other => panic!("{json}: {other:?}"),
        }
    }

    const BASE: &str = r#""startChatUrl": "/start", "region": "us-east-1""#;

    #[test]
    fn a_start_chat_url_and_an_endpoint_are_required() {
        assert_eq!(field(r#"{"region": "us-east-1"}"#), "startChatUrl");
        assert_eq!(
            field(r#"{"startChatUrl": " ", "region": "us-east-1"}"#),
            "startChatUrl"
        );
        assert_eq!(field(r#"{"startChatUrl": "/start"}"#), "region");
    }

    #[test]
    fn good_options_are_read() {
        let options = read(&format!(
            r#"{{{BASE}, "open": true, "maxMessageLength": 20, "features": {{ "sound": true }},
                 "container": {{}}, "load": "eager"}}"#
        ))
        .unwrap();
        assert!(options.open);
        assert_eq!(options.max_length(), 20);
        assert!(
            options.features.sound && options.features.markdown,
            "defaults stay"
        );
    }
}
