//! The options `mount` takes (see DESIGN.md, "Widget contract"), read from a JS object member
//! by member. A wrong value is an error naming the option by its path
//! (`features.markdown`, `preChatFields[1].required`) and saying what was expected.
//!
//! ```js
//! mount({ startChatUrl: "/start-chat", region: "us-east-1", displayName: "Ana",
//!         locale: "de", theme: { "--cc-accent": "#7a1fa2" }, position: "left",
//!         attachments: { allowedExtensions: ["png", "pdf"], maxSizeBytes: 5000000 },
//!         features: { attachments: true, markdown: true } })
//! ```

use std::cell::RefCell;
use std::collections::BTreeMap;

use connect_participant::attachments::{AllowedType, AttachmentRules};
use connect_participant::endpoint::{Endpoint, EndpointOptions};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::WidgetError;
use crate::ui::i18n::Locale;
use crate::ui::{PreChatField, UiConfig};

/// A pre-chat form field as given in the options.
#[derive(Debug, Clone, Default)]
pub struct FieldOption {
    pub name: String,
    pub label: Option<String>,
    pub required: bool,
    pub input_type: Option<String>,
}

/// Attachment rules as given in the options.
#[derive(Debug, Clone, Default)]
pub struct AttachmentOption {
    /// Extensions without dots; the defaults when absent.
    pub allowed_extensions: Option<Vec<String>>,
    pub max_size_bytes: Option<u64>,
}

/// Feature switches; everything is on by default.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site owner's backend that starts a chat (required).
    pub start_chat_url: String,
    /// The AWS region of the Connect instance.
    pub region: Option<String>,
    /// A custom Participant Service URL (the emulator, a proxy).
    pub participant_endpoint: Option<String>,
    pub display_name: Option<String>,
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
    /// What the page gave that the widget does not use (a misspelt member, a language it does
    /// not speak), for the console: the widget still mounts.
    pub warnings: Vec<String>,
}

impl Options {
    /// Reads the options object `mount` was given. Members that are `undefined` count as not
    /// given, as `JSON.stringify` would leave them out; members it does not know (`container`,
    /// the loader's own) are not read. A wrong value is an error naming the member by its path.
    pub fn from_js(value: &JsValue) -> Result<Options, WidgetError> {
        let options = Members::of(value, String::new())?;
        let attachments = options.object("attachments")?;
        let features = options.object("features")?;
        let defaults = Features::default();
        let mut unknown = Vec::new();
        let mut read = Options {
            start_chat_url: options.string("startChatUrl")?.unwrap_or_default(),
            region: options.string("region")?,
            participant_endpoint: options.string("participantEndpoint")?,
            display_name: options.string("displayName")?,
            pre_chat_fields: options
                .list("preChatFields", |field| {
                    let field = Members::of(&field.value, field.path)?;
                    // The name is the contact attribute the answer is sent as.
                    let name = field.string("name")?.filter(|n| !n.trim().is_empty());
                    let read = FieldOption {
                        name: name.ok_or_else(|| WidgetError::Options {
                            field: field.path_to("name"),
                            problem: "is required".into(),
                        })?,
                        label: field.string("label")?,
                        required: field.boolean("required")?.unwrap_or(false),
                        input_type: field.string("type")?,
                    };
                    unknown.extend(field.not_read(&[]));
                    Ok(read)
                })?
                .unwrap_or_default(),
            attributes: options.texts("attributes")?,
            locale: options.string("locale")?,
            theme: options.texts("theme")?,
            position: options.string("position")?,
            title: options.string("title")?,
            logo_url: options.string("logoUrl")?,
            attachments: AttachmentOption {
                allowed_extensions: match &attachments {
                    Some(a) => a.list("allowedExtensions", |ext| ext.string())?,
                    None => None,
                },
                max_size_bytes: match &attachments {
                    Some(a) => a.whole("maxSizeBytes")?,
                    None => None,
                },
            },
            features: match &features {
                Some(f) => Features {
                    attachments: f.boolean("attachments")?.unwrap_or(defaults.attachments),
                    markdown: f.boolean("markdown")?.unwrap_or(defaults.markdown),
                    read_receipts: f.boolean("readReceipts")?.unwrap_or(defaults.read_receipts),
                    typing: f.boolean("typing")?.unwrap_or(defaults.typing),
                    title_notification: f
                        .boolean("titleNotification")?
                        .unwrap_or(defaults.title_notification),
                    sound: f.boolean("sound")?.unwrap_or(defaults.sound),
                },
                None => defaults,
            },
            max_message_length: options
                .whole("maxMessageLength")?
                .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
            open: options.boolean("open")?.unwrap_or(false),
            storage_key: options.string("storageKey")?,
            authentication_redirect_uri: options.string("authenticationRedirectUri")?,
            authentication_identity_provider: options.string("authenticationIdentityProvider")?,
            authentication_callback_url: options.string("authenticationCallbackUrl")?,
            warnings: Vec::new(),
        }
        .checked()?;
        // The loader's own options are read by the loader.
        unknown.extend(options.not_read(&["container", "wasmUrl", "load"]));
        for object in attachments.iter().chain(&features) {
            unknown.extend(object.not_read(&[]));
        }
        read.warnings = unknown
            .into_iter()
            .map(|path| format!("unknown option `{path}`: it is ignored"))
            .collect();
        if let Some(tag) = read
            .locale
            .as_deref()
            .filter(|t| Locale::parse(t).is_none())
        {
            let mut spoken = String::new();
            for locale in Locale::ALL {
                if !spoken.is_empty() {
                    spoken.push_str(", ");
                }
                spoken.push_str(locale.tag());
            }
            read.warnings.push(format!(
                "locale {tag:?} is not one the widget speaks ({spoken}): it speaks English"
            ));
        }
        Ok(read)
    }

    /// The options, if they hold what their types cannot say: a start-chat URL and an endpoint.
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

/// One value of the options, with its path for errors (`preChatFields[1]`).
struct Given {
    value: JsValue,
    path: String,
}

impl Given {
    /// The error for this value, which is not `expected`.
    fn wrong(&self, expected: &str) -> WidgetError {
        WidgetError::Options {
            field: if self.path.is_empty() {
                "options".into()
            } else {
                self.path.clone()
            },
            problem: format!("invalid type: {}, expected {expected}", found(&self.value)),
        }
    }

    fn string(&self) -> Result<String, WidgetError> {
        self.value.as_string().ok_or_else(|| self.wrong("a string"))
    }
}

/// What `value` is, for an error: `string "yes"`, `number 1.5`, `null`, `a list`.
fn found(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        format!("string {text:?}")
    } else if let Some(flag) = value.as_bool() {
        format!("boolean {flag}")
    } else if value.as_f64().is_some() {
        // JavaScript writes the number as the page wrote it (`7`, not `7.0`).
        let text: String = js_sys::Number::from(value.clone())
            .to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default();
        format!("number {text}")
    } else if value.is_null() {
        "null".into()
    } else if value.is_array() {
        "a list".into()
    } else if value.is_function() {
        "a function".into()
    } else if value.is_object() {
        "an object".into()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// The members of a plain object in the options. Absent and `undefined` members are not
/// given; so is a member whose getter throws. `null` is not given for optional texts, lists
/// and numbers, and wrong where a boolean or an object's text belongs.
struct Members {
    object: js_sys::Object,
    path: String,
    /// The names asked for, to tell the members nobody reads.
    asked: RefCell<Vec<String>>,
}

impl Members {
    /// The members of `value` at `path`, which must be a plain object.
    fn of(value: &JsValue, path: String) -> Result<Members, WidgetError> {
        let given = Given {
            value: value.clone(),
            path,
        };
        if !is_plain_object(value) {
            return Err(given.wrong("an object"));
        }
        Ok(Members {
            object: value.clone().unchecked_into(),
            path: given.path,
            asked: RefCell::new(Vec::new()),
        })
    }

    /// The paths of the members not asked for so far and not in `others`.
    fn not_read(&self, others: &[&str]) -> Vec<String> {
        let asked = self.asked.borrow();
        js_sys::Object::keys(&self.object)
            .iter()
            .filter_map(|key| key.as_string())
            .filter(|key| !asked.contains(key) && !others.contains(&key.as_str()))
            .map(|key| self.path_to(&key))
            .collect()
    }

    /// Member `name`, unless absent or `undefined`.
    fn get(&self, name: &str) -> Option<Given> {
        self.asked.borrow_mut().push(name.to_owned());
        let value = js_sys::Reflect::get(&self.object, &name.into()).ok()?;
        (!value.is_undefined()).then(|| Given {
            value,
            path: self.path_to(name),
        })
    }

    fn path_to(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    /// Member `name` unless absent, `undefined` or `null`.
    fn non_null(&self, name: &str) -> Option<Given> {
        self.get(name).filter(|g| !g.value.is_null())
    }

    fn string(&self, name: &str) -> Result<Option<String>, WidgetError> {
        self.non_null(name).map(|g| g.string()).transpose()
    }

    fn boolean(&self, name: &str) -> Result<Option<bool>, WidgetError> {
        self.get(name)
            .map(|g| g.value.as_bool().ok_or_else(|| g.wrong("a boolean")))
            .transpose()
    }

    /// Member `name` as a whole number from 0 to 2^53.
    fn whole(&self, name: &str) -> Result<Option<u64>, WidgetError> {
        const MAX: f64 = 9_007_199_254_740_992.0;
        self.non_null(name)
            .map(|g| match g.value.as_f64() {
                // In range and whole: the conversion is exact.
                Some(n) if (0.0..=MAX).contains(&n) && n.fract() == 0.0 => Ok(n as u64),
                _ => Err(g.wrong("a whole number, 0 or more")),
            })
            .transpose()
    }

    /// Member `name` as a plain object.
    fn object(&self, name: &str) -> Result<Option<Members>, WidgetError> {
        self.non_null(name)
            .map(|g| Members::of(&g.value, g.path))
            .transpose()
    }

    /// Member `name` as a list, each item read by `item`.
    fn list<T>(
        &self,
        name: &str,
        mut item: impl FnMut(Given) -> Result<T, WidgetError>,
    ) -> Result<Option<Vec<T>>, WidgetError> {
        let Some(list) = self.non_null(name) else {
            return Ok(None);
        };
        let Some(array) = list.value.dyn_ref::<js_sys::Array>() else {
            return Err(list.wrong("a list"));
        };
        (0..)
            .zip(array.iter())
            .map(|(i, value)| {
                item(Given {
                    value,
                    path: format!("{}[{i}]", list.path),
                })
            })
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// Member `name` as an object of texts (`theme`, `attributes`).
    fn texts(&self, name: &str) -> Result<BTreeMap<String, String>, WidgetError> {
        let Some(object) = self.object(name)? else {
            return Ok(BTreeMap::new());
        };
        js_sys::Object::keys(&object.object)
            .iter()
            .filter_map(|key| key.as_string())
            .filter_map(|key| Some((object.get(&key)?, key)))
            .map(|(value, key)| Ok((key, value.string()?)))
            .collect()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    // Reading from JavaScript, and the paths of wrong options, are tested in the browser
    // (tests/web_api); here the checks after reading.
    fn field(options: Options) -> String {
        match options.checked() {
            Err(WidgetError::Options { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    fn given(start_chat_url: &str, region: Option<&str>) -> Options {
        Options {
            start_chat_url: start_chat_url.into(),
            region: region.map(str::to_owned),
            ..Options::default()
        }
    }

    #[test]
    fn a_start_chat_url_and_an_endpoint_are_required() {
        assert_eq!(field(given("", Some("us-east-1"))), "startChatUrl");
        assert_eq!(field(given(" ", Some("us-east-1"))), "startChatUrl");
        assert_eq!(field(given("/start", None)), "region");
        assert!(given("/start", Some("us-east-1")).checked().is_ok());
    }

    #[test]
    fn features_default_to_on_but_sound() {
        let f = Options::default().features;
        assert!(f.attachments && f.markdown && f.read_receipts && f.typing);
        assert!(f.title_notification && !f.sound);
        assert_eq!(Options::default().max_length(), 1024);
    }
}
