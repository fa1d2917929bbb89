//! Interactive messages (`application/vnd.amazonaws.connect.message.interactive`): typed
//! templates, and the message to send back when the customer picks something.
//!
//! The content is JSON of the form
//! `{"templateType":"ListPicker","version":"1.0","data":{"content":{...},"replyMessage":{...}}}`.
//! ListPicker, Panel, TimePicker, QuickReply, Carousel and ViewResource are typed; any other
//! template is kept as [`Template::Unknown`] with the raw JSON in [`InteractiveMessage::raw`].
//! Text in templates is untrusted: show it as text, never as HTML.
//!
//! Replies follow what Amazon's own chat interface sends (amazon-connect-chat-interface
//! `src/utils/helper.js`, the template components, `ChatSession.js:311-343`): picking an
//! option of a ListPicker, Panel or QuickReply sends its title as `text/plain`; a TimePicker
//! sends the chosen slot, shifted by `timeZoneOffset` minutes, as `text/plain`; a carousel
//! option sends `{"templateIdentifier","listTitle","selectionText"}` as `text/plain`; only a
//! "show more" / "previous options" button and a view's answer are
//! `...interactive.response` JSON. A link option sends nothing. See [`shown_text`] for how
//! the customer's own lines read.
//!
//! ```
//! use connect_participant::interactive::{InteractiveMessage, Template};
//! let content = r#"{"templateType":"QuickReply","version":"1.0","data":{"content":{
//!     "title":"How was your experience?","elements":[{"title":"Great"},{"title":"Poor"}]}}}"#;
//! let message = InteractiveMessage::parse(content).unwrap();
//! let Template::QuickReply(quick) = &message.template else { panic!("a quick reply") };
//! let reply = quick.select(1).unwrap();
//! assert_eq!((reply.content_type.as_str(), reply.content.as_str()), ("text/plain", "Poor"));
//! ```

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::content::{INTERACTIVE, INTERACTIVE_RESPONSE};
use crate::error::Error;

mod read;
mod reply;

use crate::json::FromJson;
mod time;
mod view;

pub use reply::{
    shown_text, view_action_reply, view_text_reply, ActionResponse, ActionResponseData,
    CarouselSelection, ViewAnswer,
};
pub use time::shifted_slot;
pub use view::{bind, Component, Node, ViewDefinition, ViewTemplate};

/// An interactive message as received.
#[derive(Debug, Clone, PartialEq)]
pub struct InteractiveMessage {
    /// `templateType` as sent.
    pub template_type: String,
    /// `version`, `1.0` so far.
    pub version: Option<String>,
    pub template: Template,
    /// `data.replyMessage`: how the reply may be shown (ListPicker, TimePicker).
    pub reply_message: Option<ReplyMessage>,
    /// The whole content, for templates or members this version does not know.
    pub raw: Value,
}

/// The template of an interactive message.
#[derive(Debug, Clone, PartialEq)]
pub enum Template {
    ListPicker(Picker),
    /// The same shape as a list picker, shown as a panel of buttons.
    Panel(Picker),
    TimePicker(TimePicker),
    QuickReply(QuickReply),
    Carousel(Carousel),
    ViewResource(ViewResource),
    /// A template this version does not know; see [`InteractiveMessage::raw`].
    Unknown,
}

/// `data.replyMessage`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "Value")]
pub struct ReplyMessage {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub image_type: Option<String>,
    pub image_data: Option<String>,
    pub image_description: Option<String>,
}

/// The content of a ListPicker or a Panel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "Value")]
pub struct Picker {
    pub title: String,
    pub subtitle: Option<String>,
    /// `URL` for an image at `image_data`.
    pub image_type: Option<String>,
    pub image_data: Option<String>,
    pub image_description: Option<String>,
    pub elements: Vec<PickerElement>,
    /// Paging of long lists ("show more"): echoed back in the paging reply as they came
    /// (`None`: absent, left out; `Some(Null)`: sent as `null`; numbers stay numbers). A new
    /// message with the same `referenceId` replaces the earlier one.
    pub reference_id: Option<Value>,
    pub list_id: Option<Value>,
    pub pre_index: Option<Value>,
    pub next_index: Option<Value>,
}

/// A member that may be absent (`None`) or present, `null` included (`Some(Null)`).
pub(crate) fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// One option of a picker.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "Value")]
pub struct PickerElement {
    pub title: String,
    pub subtitle: Option<String>,
    pub image_type: Option<String>,
    pub image_data: Option<String>,
    pub image_description: Option<String>,
    /// `SHOW_MORE` or `PREVIOUS_OPTIONS` for paging buttons.
    pub action_detail: Option<String>,
    /// `hyperlink` for an option that is a link to `url` rather than an answer.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub url: Option<String>,
    /// Where a link opens (`_blank` when absent).
    pub target: Option<String>,
}

impl PickerElement {
    /// A paging button ("show more", "previous options") rather than an answer.
    pub fn is_action(&self) -> bool {
        matches!(
            self.action_detail.as_deref(),
            Some("SHOW_MORE" | "PREVIOUS_OPTIONS")
        )
    }

    /// The URL of a link option, to open rather than answer with (opening it sends
    /// nothing): `type` is exactly `hyperlink` and `url` is not empty (ui `Model.js:116-119`;
    /// without a URL it is an ordinary choice).
    pub fn link(&self) -> Option<&str> {
        let url = self.url.as_deref().filter(|u| !u.is_empty())?;
        (self.kind.as_deref() == Some("hyperlink")).then_some(url)
    }
}

/// The content of a TimePicker.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "Value")]
pub struct TimePicker {
    pub title: String,
    pub subtitle: Option<String>,
    /// Minutes added to the chosen slot in the answer ([`shifted_slot`]); a number, or a
    /// string the official interface coerces to one.
    pub time_zone_offset: Option<f64>,
    pub location: Option<Location>,
    pub timeslots: Vec<Timeslot>,
}

/// Where a TimePicker's appointment is.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "Value")]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    pub title: Option<String>,
    pub radius: Option<f64>,
}

/// One slot of a TimePicker.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "Value")]
pub struct Timeslot {
    /// ISO 8601 (`2026-01-02T10:00+00:00`).
    pub date: String,
    /// Minutes (the official examples send a number or a string).
    pub duration: Option<i64>,
}

/// The content of a QuickReply.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "Value")]
pub struct QuickReply {
    pub title: String,
    pub elements: Vec<QuickReplyElement>,
}

/// One answer of a QuickReply.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "Value")]
pub struct QuickReplyElement {
    pub title: String,
}

/// The content of a Carousel: panels or list pickers side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Carousel {
    pub title: String,
    pub elements: Vec<CarouselElement>,
    /// Leave the carousel title out of the reply text.
    pub omit_title_from_carousel_response: bool,
}

/// One card of a carousel.
#[derive(Debug, Clone, PartialEq)]
pub struct CarouselElement {
    /// Identifies the card in the reply.
    pub template_identifier: Option<String>,
    /// A Panel or a ListPicker.
    pub template: Template,
}

/// The content of a ViewResource (a ShowView block): it references a view, whose template
/// DescribeView returns for `view_token`, and carries the data to render it with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "Value")]
pub struct ViewResource {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    /// The token to pass to DescribeView.
    pub view_token: Option<String>,
    /// The view's id or ARN.
    pub view_id: Option<String>,
    /// The data the view renders with: an object, or that object as a JSON string (kept as
    /// sent; see [`ViewResource::input`]).
    pub view_data: Option<Value>,
}

impl ViewResource {
    /// The view's input, as the official interface reads it (ui `Utils.js:163-193`):
    /// `viewData` as JSON, read from a string when it came encoded as one, then every
    /// top-level value that is itself JSON in a string read again (one that does not parse
    /// stays a string).
    pub fn input(&self) -> Option<Value> {
        let data = match self.view_data.as_ref()? {
            Value::String(s) => serde_json::from_str(s).ok()?,
            other => other.clone(),
        };
        Some(match data {
            Value::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(k, v)| match v {
                        Value::String(s) => {
                            let parsed = serde_json::from_str(&s).unwrap_or(Value::String(s));
                            (k, parsed)
                        }
                        other => (k, other),
                    })
                    .collect(),
            ),
            other => other,
        })
    }
}

/// Whether a message is a ShowView view: interactive (or an interactive response) whose
/// content has `templateType: "ViewResource"` (ui `Utils.js:195-206`).
pub fn is_view(content_type: &str, content: &str) -> bool {
    if content_type != INTERACTIVE && content_type != INTERACTIVE_RESPONSE {
        return false;
    }
    serde_json::from_str::<Value>(content)
        .is_ok_and(|v| v.get("templateType").and_then(Value::as_str) == Some("ViewResource"))
}

fn decode(what: &'static str, reason: String) -> Error {
    Error::Decode { what, reason }
}

/// `data.content`, which every known template needs.
fn required_content<'a>(
    template_type: &str,
    content: Option<&'a Value>,
) -> Result<&'a Value, Error> {
    content.ok_or_else(|| {
        decode(
            "interactive message",
            format!("{template_type} without data.content"),
        )
    })
}

/// `data.content` read as the typed content of a `template_type` template.
fn typed_content<T: FromJson>(template_type: &str, content: Option<&Value>) -> Result<T, Error> {
    T::from_json(required_content(template_type, content)?)
        .map_err(|e| decode("interactive message", format!("{template_type}: {e}")))
}

impl InteractiveMessage {
    /// Reads an interactive message's content. Malformed JSON, a missing `templateType` or
    /// a known template with missing required members give [`Error::Decode`].
    pub fn parse(content: &str) -> Result<InteractiveMessage, Error> {
        let raw: Value = serde_json::from_str(content)
            .map_err(|e| decode("interactive message", e.to_string()))?;
        Self::from_value(raw, true)
    }

    fn from_value(raw: Value, allow_carousel: bool) -> Result<InteractiveMessage, Error> {
        let Some(obj) = raw.as_object() else {
            return Err(decode("interactive message", "not a JSON object".into()));
        };
        let template_type = obj
            .get("templateType")
            .and_then(Value::as_str)
            .ok_or_else(|| decode("interactive message", "no templateType".into()))?
            .to_owned();
        let version = obj
            .get("version")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let data = obj.get("data");
        let content = data.and_then(|d| d.get("content"));
        let reply_message = match data.and_then(|d| d.get("replyMessage")) {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                ReplyMessage::from_json(v).map_err(|e| decode("interactive replyMessage", e))?,
            ),
        };
        let kind = template_type.as_str();
        let template = match kind {
            "ListPicker" => Template::ListPicker(typed_content(kind, content)?),
            "Panel" => Template::Panel(typed_content(kind, content)?),
            "TimePicker" => Template::TimePicker(typed_content(kind, content)?),
            "QuickReply" => Template::QuickReply(typed_content(kind, content)?),
            "ViewResource" => Template::ViewResource(typed_content(kind, content)?),
            "Carousel" => {
                let content = required_content(kind, content)?;
                if !allow_carousel {
                    return Err(decode(
                        "interactive message",
                        "a Carousel inside a Carousel".into(),
                    ));
                }
                Template::Carousel(Carousel::from_content(content)?)
            }
            _ => Template::Unknown,
        };
        Ok(InteractiveMessage {
            template_type,
            version,
            template,
            reply_message,
            raw,
        })
    }
}

impl Carousel {
    fn from_content(content: &Value) -> Result<Carousel, Error> {
        let bad = |reason: &str| decode("interactive message", format!("Carousel: {reason}"));
        let title = content
            .get("title")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("missing field `title`"))?
            .to_owned();
        let elements = content
            .get("elements")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("missing field `elements`"))?
            .iter()
            .map(|element| {
                let inner = InteractiveMessage::from_value(element.clone(), false)?;
                Ok(CarouselElement {
                    template_identifier: element
                        .get("templateIdentifier")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    template: inner.template,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Carousel {
            title,
            elements,
            omit_title_from_carousel_response: content
                .get("omitTitleFromCarouselResponse")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
    }
}
