//! The replies to interactive messages, exactly as the official chat interface sends them
//! (amazon-connect-chat-interface `src/utils/helper.js:19-65`, `ListPicker.js:162-176`,
//! `Panel.js:106-120`, `QuickReply.js:53-61`, `TimePicker.js:204-214`, `Carousel.js:17-34`,
//! `InteractiveMessage.js:169-181`, `ChatSession.js:311-343`), and how a customer's line reads
//! back ([`shown_text`]).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{present, shifted_slot, Carousel, Picker, QuickReply, Template, TimePicker};
use crate::content::{media_type, INTERACTIVE_RESPONSE, TEXT_PLAIN};
use crate::error::Error;
use crate::operations::SendMessage;

/// What a paging button ("show more", "previous options") sends, as `...interactive.response`:
/// `{"version":"1.0","data":{"actionName",...},"action"}`, members in that order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ActionResponse {
    pub version: String,
    pub data: ActionResponseData,
    pub action: String,
}

/// The `data` of an [`ActionResponse`]. The paging members are copied from the message as
/// they came: an absent one is left out, a `null` one is sent as `null`, numbers stay
/// numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionResponseData {
    pub action_name: String,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub pre_index: Option<Value>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_index: Option<Value>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub list_id: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_type: Option<String>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub reference_id: Option<Value>,
}

impl ActionResponse {
    /// Reads the content of an `...interactive.response` message.
    pub fn parse(content: &str) -> Result<ActionResponse, Error> {
        serde_json::from_str(content).map_err(|e| Error::Decode {
            what: "interactive response",
            reason: e.to_string(),
        })
    }
}

/// What a carousel option sends, as JSON text in a `text/plain` message: members in this
/// order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CarouselSelection {
    /// The chosen card's `templateIdentifier`.
    pub template_identifier: String,
    /// The chosen card's title.
    pub list_title: String,
    /// The chosen option's title.
    pub selection_text: String,
}

impl CarouselSelection {
    /// How the line reads: `listTitle - selectionText`, or `listTitle selectionText` when
    /// the title ends with `:` (ui `ChatMessage.js:443-446`).
    pub fn shown(&self) -> String {
        if self.list_title.ends_with(':') {
            format!("{} {}", self.list_title, self.selection_text)
        } else {
            format!("{} - {}", self.list_title, self.selection_text)
        }
    }
}

/// The `...interactive.response` answering a view: the chosen `action` and the view's
/// output (`{}` when it has none), as `{"action","data","templateType":"ViewResource",
/// "version":"1.0"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ViewReply {
    action: String,
    data: Value,
    template_type: String,
    version: String,
}

fn message(content_type: &str, content: String) -> SendMessage {
    SendMessage {
        content_type: content_type.to_owned(),
        content,
        client_token: None,
    }
}

fn text_reply(text: &str) -> SendMessage {
    message(TEXT_PLAIN, text.to_owned())
}

fn json<T: Serialize>(value: &T) -> String {
    // Strings, JSON values and options only: serializing cannot fail.
    serde_json::to_string(value).expect("a reply serializes")
}

fn out_of_range(index: usize, len: usize) -> Error {
    Error::invalid(
        "selection",
        format!("is option {index}; the template has {len} options"),
    )
}

fn is_a_link() -> Error {
    Error::invalid("selection", "is a link")
}

/// The reply to a view: `action` (one of the view's actions) with the view's `output`
/// (ui `InteractiveMessage.js:169-181`).
///
/// ```
/// use connect_participant::interactive::view_action_reply;
/// let reply = view_action_reply("Submit", Some(serde_json::json!({"FormData": {"street": "1 Main St"}})));
/// assert_eq!(reply.content, r#"{"action":"Submit","data":{"FormData":{"street":"1 Main St"}},"templateType":"ViewResource","version":"1.0"}"#);
/// ```
pub fn view_action_reply(action: &str, output: Option<Value>) -> SendMessage {
    let reply = ViewReply {
        action: action.to_owned(),
        data: output.unwrap_or_else(|| Value::Object(Default::default())),
        template_type: "ViewResource".into(),
        version: "1.0".into(),
    };
    message(INTERACTIVE_RESPONSE, json(&reply))
}

/// Text typed while a view is the newest incoming message, wrapped as the official interface
/// wraps it: the action is a single space (an empty one is not allowed) and the text is
/// `data.content` (ui `ChatSession.js:311-343`).
pub fn view_text_reply(text: &str) -> SendMessage {
    view_action_reply(" ", Some(serde_json::json!({ "content": text })))
}

impl Picker {
    /// The reply for option `index`: its title as `text/plain` (whole, however long), or for
    /// a paging button the `...interactive.response` that asks for the next or previous
    /// options. `template_type` is `ListPicker` or `Panel`, echoed in a paging response. A
    /// link option sends nothing: it is an error here.
    pub fn select(&self, index: usize, template_type: &str) -> Result<SendMessage, Error> {
        let element = self
            .elements
            .get(index)
            .ok_or_else(|| out_of_range(index, self.elements.len()))?;
        if element.link().is_some() {
            return Err(is_a_link());
        }
        if !element.is_action() {
            return Ok(text_reply(&element.title));
        }
        let action = element.action_detail.clone().unwrap_or_default();
        let response = ActionResponse {
            version: "1.0".to_owned(),
            data: ActionResponseData {
                action_name: action.clone(),
                pre_index: self.pre_index.clone(),
                next_index: self.next_index.clone(),
                list_id: self.list_id.clone(),
                template_type: Some(template_type.to_owned()),
                reference_id: self.reference_id.clone(),
            },
            action,
        };
        Ok(message(INTERACTIVE_RESPONSE, json(&response)))
    }
}

impl Carousel {
    /// The reply for option `option` of card `card`: a `text/plain` message whose content is
    /// [`CarouselSelection`]'s JSON. A paging button inside a carousel is a selection too;
    /// a link sends nothing (an error here).
    pub fn select(&self, card: usize, option: usize) -> Result<SendMessage, Error> {
        let element = self
            .elements
            .get(card)
            .ok_or_else(|| out_of_range(card, self.elements.len()))?;
        let picker = match &element.template {
            Template::ListPicker(p) | Template::Panel(p) => p,
            _ => {
                return Err(Error::invalid(
                    "selection",
                    format!("card {card} is not a panel or list picker"),
                ))
            }
        };
        let chosen = picker
            .elements
            .get(option)
            .ok_or_else(|| out_of_range(option, picker.elements.len()))?;
        if chosen.link().is_some() {
            return Err(is_a_link());
        }
        let selection = CarouselSelection {
            template_identifier: element.template_identifier.clone().unwrap_or_default(),
            list_title: picker.title.clone(),
            selection_text: chosen.title.clone(),
        };
        Ok(text_reply(&json(&selection)))
    }
}

impl TimePicker {
    /// The reply for slot `index`: the slot shifted by `timeZoneOffset` ([`shifted_slot`]),
    /// as `text/plain`.
    pub fn select(&self, index: usize) -> Result<SendMessage, Error> {
        let slot = self
            .timeslots
            .get(index)
            .ok_or_else(|| out_of_range(index, self.timeslots.len()))?;
        Ok(text_reply(&shifted_slot(&slot.date, self.time_zone_offset)))
    }
}

impl QuickReply {
    /// The reply for answer `index`: its title as `text/plain`.
    pub fn select(&self, index: usize) -> Result<SendMessage, Error> {
        let element = self
            .elements
            .get(index)
            .ok_or_else(|| out_of_range(index, self.elements.len()))?;
        Ok(text_reply(&element.title))
    }
}

/// What a customer's answer to a Show view says, read from its content alone
/// (`{"templateType":"ViewResource","action":…,"data":…}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewAnswer {
    /// Text typed while the view was up (the `" "` action, ui `ChatSession.js:311-335`).
    Typed(String),
    /// Words the answer carries: a `Label` (the Confirmation view's Next), or the name of an
    /// `ActionSelected` action (a Detail or Cards view labels its action buttons with it; a
    /// List item answers with its `Id`).
    Words(String),
    /// One of the view's own actions, by name only (`Submit`, `Back`, `Cancel`,
    /// `NoMatchFound`): the interface words it.
    Action(String),
}

impl ViewAnswer {
    /// The answer in `content`, if it is one to a view.
    pub fn parse(content: &str) -> Option<ViewAnswer> {
        ViewAnswer::of(&serde_json::from_str(content).ok()?)
    }

    fn of(value: &Value) -> Option<ViewAnswer> {
        if value.get("templateType").and_then(Value::as_str) != Some("ViewResource") {
            return None;
        }
        let words = |pointer| {
            value
                .pointer(pointer)
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
        };
        let action = value.get("action").and_then(Value::as_str).unwrap_or("");
        Some(if action.trim().is_empty() {
            ViewAnswer::Typed(words("/data/content").unwrap_or("").to_owned())
        } else if let Some(label) = words("/data/Label") {
            ViewAnswer::Words(label.to_owned())
        } else if let Some(name) = words("/data/actionName").filter(|_| action == "ActionSelected")
        {
            ViewAnswer::Words(name.to_owned())
        } else {
            ViewAnswer::Action(action.to_owned())
        })
    }
}

/// How one of the customer's lines reads, whatever sent it: a carousel selection as
/// "Flights - Buy ticket", a view's answer as its [`ViewAnswer`] (its words, its action's
/// name or the typed text), anything else as
/// its text. `None` for a paging reply, which is not shown at all (ui `ChatSession.js:947-965`,
/// `ChatMessage.js:429-446`).
///
/// ```
/// use connect_participant::interactive::shown_text;
/// let carousel = r#"{"templateIdentifier":"tpl-flights","listTitle":"Flights","selectionText":"Buy ticket"}"#;
/// assert_eq!(shown_text("text/plain", carousel).as_deref(), Some("Flights - Buy ticket"));
/// ```
pub fn shown_text(content_type: &str, content: &str) -> Option<String> {
    let essence = media_type(content_type);
    let parsed = || serde_json::from_str::<Value>(content).ok();
    match essence.as_str() {
        TEXT_PLAIN => {
            // Judged on content alone, as the official interface does.
            let selection =
                parsed().and_then(|v| serde_json::from_value::<CarouselSelection>(v).ok());
            Some(selection.map_or_else(|| content.to_owned(), |s| s.shown()))
        }
        INTERACTIVE_RESPONSE => {
            let Some(value) = parsed() else {
                return Some(content.to_owned());
            };
            if let Some(answer) = ViewAnswer::of(&value) {
                return Some(match answer {
                    ViewAnswer::Typed(text)
                    | ViewAnswer::Words(text)
                    | ViewAnswer::Action(text) => text,
                });
            }
            if value.pointer("/data/actionName").is_some() {
                return None;
            }
            Some(content.to_owned())
        }
        _ => Some(content.to_owned()),
    }
}
