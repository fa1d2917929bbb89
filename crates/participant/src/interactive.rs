//! Interactive messages (`application/vnd.amazonaws.connect.message.interactive`): typed
//! templates, and the message to send back when the customer picks something.
//!
//! The content is JSON of the form
//! `{"templateType":"ListPicker","version":"1.0","data":{"content":{...},"replyMessage":{...}}}`.
//! ListPicker, Panel, TimePicker, QuickReply, Carousel and ViewResource are typed; any other
//! template is kept as [`Template::Unknown`] with the raw JSON in [`InteractiveMessage::raw`].
//! Text in templates is untrusted: show it as text, never as HTML.
//!
//! Replies follow what Amazon's own chat interface sends: picking an option sends its title
//! as `text/plain`; a "show more" / "previous options" button sends an
//! `...interactive.response` JSON; a carousel option sends
//! `{"templateIdentifier","listTitle","selectionText"}` as text.
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

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::content::{INTERACTIVE_RESPONSE, TEXT_PLAIN};
use crate::error::Error;
use crate::operations::SendMessage;

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
#[serde(rename_all = "camelCase")]
pub struct ReplyMessage {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub image_type: Option<String>,
    #[serde(default)]
    pub image_data: Option<String>,
    #[serde(default)]
    pub image_description: Option<String>,
}

/// The content of a ListPicker or a Panel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Picker {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    /// `URL` for an image at `image_data`.
    #[serde(default)]
    pub image_type: Option<String>,
    #[serde(default)]
    pub image_data: Option<String>,
    #[serde(default)]
    pub image_description: Option<String>,
    pub elements: Vec<PickerElement>,
    /// Paging of long lists ("show more"): echoed back in the action response.
    #[serde(default)]
    pub reference_id: Option<String>,
    #[serde(default)]
    pub list_id: Option<String>,
    #[serde(default)]
    pub pre_index: Option<i64>,
    #[serde(default)]
    pub next_index: Option<i64>,
}

/// One option of a picker.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PickerElement {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub image_type: Option<String>,
    #[serde(default)]
    pub image_data: Option<String>,
    #[serde(default)]
    pub image_description: Option<String>,
    /// `SHOW_MORE` or `PREVIOUS_OPTIONS` for paging buttons.
    #[serde(default)]
    pub action_detail: Option<String>,
    /// `HYPERLINK` for an option that is a link to `url` rather than an answer.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

impl PickerElement {
    /// A paging button ("show more", "previous options") rather than an answer.
    pub fn is_action(&self) -> bool {
        matches!(
            self.action_detail.as_deref(),
            Some("SHOW_MORE" | "PREVIOUS_OPTIONS")
        )
    }

    /// A link to open rather than an answer to send.
    pub fn link(&self) -> Option<&str> {
        (self.kind.as_deref() == Some("HYPERLINK"))
            .then_some(self.url.as_deref())
            .flatten()
    }
}

/// The content of a TimePicker.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimePicker {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Minutes to add to UTC for display.
    #[serde(default)]
    pub time_zone_offset: Option<i64>,
    #[serde(default)]
    pub location: Option<Location>,
    pub timeslots: Vec<Timeslot>,
}

/// Where a TimePicker's appointment is.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub radius: Option<f64>,
}

/// One slot of a TimePicker.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Timeslot {
    /// ISO 8601 (`2026-01-02T10:00+00:00`).
    pub date: String,
    /// Minutes.
    #[serde(default)]
    pub duration: Option<i64>,
}

/// The content of a QuickReply.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuickReply {
    pub title: String,
    pub elements: Vec<QuickReplyElement>,
}

/// One answer of a QuickReply.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
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
#[serde(rename_all = "camelCase")]
pub struct ViewResource {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    /// The token to pass to DescribeView.
    #[serde(default)]
    pub view_token: Option<String>,
    /// The view's id or ARN.
    #[serde(default)]
    pub view_id: Option<String>,
    /// The data the view renders with: an object, or that object as a JSON string (kept as
    /// sent; see [`ViewResource::view_data_value`]).
    #[serde(default)]
    pub view_data: Option<Value>,
}

impl ViewResource {
    /// `view_data` as JSON, reading it from a string when it came encoded as one.
    pub fn view_data_value(&self) -> Option<Value> {
        match self.view_data.as_ref()? {
            Value::String(s) => serde_json::from_str(s).ok(),
            other => Some(other.clone()),
        }
    }
}

/// What an `...interactive.response` carries for a paging button.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ActionResponse {
    pub version: String,
    pub data: ActionResponseData,
    pub action: String,
}

/// The `data` of an [`ActionResponse`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionResponseData {
    pub action_name: String,
    #[serde(default)]
    pub pre_index: Option<i64>,
    #[serde(default)]
    pub next_index: Option<i64>,
    #[serde(default)]
    pub list_id: Option<String>,
    #[serde(default)]
    pub template_type: Option<String>,
    #[serde(default)]
    pub reference_id: Option<String>,
}

impl ActionResponse {
    /// Reads the content of an `...interactive.response` message.
    pub fn parse(content: &str) -> Result<ActionResponse, Error> {
        serde_json::from_str(content).map_err(|e| decode("interactive response", e.to_string()))
    }
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
fn typed_content<T: DeserializeOwned>(
    template_type: &str,
    content: Option<&Value>,
) -> Result<T, Error> {
    crate::json::from_value(required_content(template_type, content)?)
        .map_err(|e| decode("interactive message", format!("{template_type}: {e}")))
}

fn text_reply(text: &str) -> SendMessage {
    SendMessage {
        content_type: TEXT_PLAIN.to_owned(),
        content: text.to_owned(),
        client_token: None,
    }
}

fn out_of_range(index: usize, len: usize) -> Error {
    Error::invalid(
        "selection",
        format!("is option {index}; the template has {len} options"),
    )
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
                crate::json::from_value(v)
                    .map_err(|e| decode("interactive replyMessage", e.to_string()))?,
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

    /// The reply for option `option` of card `card`: a `text/plain` message whose content
    /// is `{"templateIdentifier","listTitle","selectionText"}`.
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
        let body = json!({
            "templateIdentifier": element.template_identifier.clone().unwrap_or_default(),
            "listTitle": picker.title,
            "selectionText": chosen.title,
        });
        Ok(text_reply(&body.to_string()))
    }
}

impl Picker {
    /// The reply for option `index`: its title as `text/plain`, or for a paging button the
    /// `...interactive.response` that asks for the next or previous options.
    /// `template_type` is `ListPicker` or `Panel`, echoed in a paging response.
    pub fn select(&self, index: usize, template_type: &str) -> Result<SendMessage, Error> {
        let element = self
            .elements
            .get(index)
            .ok_or_else(|| out_of_range(index, self.elements.len()))?;
        if !element.is_action() {
            return Ok(text_reply(&element.title));
        }
        let action = element.action_detail.clone().unwrap_or_default();
        let response = ActionResponse {
            version: "1.0".to_owned(),
            data: ActionResponseData {
                action_name: action.clone(),
                pre_index: self.pre_index,
                next_index: self.next_index,
                list_id: self.list_id.clone(),
                template_type: Some(template_type.to_owned()),
                reference_id: self.reference_id.clone(),
            },
            action,
        };
        Ok(SendMessage {
            content_type: INTERACTIVE_RESPONSE.to_owned(),
            // Strings, integers and options only: serializing cannot fail.
            content: serde_json::to_string(&response).expect("action response serializes"),
            client_token: None,
        })
    }
}

impl TimePicker {
    /// The reply for slot `index`: its date as `text/plain`.
    pub fn select(&self, index: usize) -> Result<SendMessage, Error> {
        let slot = self
            .timeslots
            .get(index)
            .ok_or_else(|| out_of_range(index, self.timeslots.len()))?;
        Ok(text_reply(&slot.date))
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
