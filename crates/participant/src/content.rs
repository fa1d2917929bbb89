//! What an item's `ContentType` means: event kinds, message kinds, interactive messages.

use serde::{Deserialize, Serialize};

use crate::enums::string_enum;
use crate::error::Error;
use crate::interactive::{ActionResponse, InteractiveMessage};
use crate::model::{ChatItemType, Item};

/// The prefix of every event content type.
pub const EVENT_PREFIX: &str = "application/vnd.amazonaws.connect.event.";
/// An interactive message (list picker, time picker, panel, quick reply, carousel, view).
pub const INTERACTIVE: &str = "application/vnd.amazonaws.connect.message.interactive";
/// The customer's answer to an interactive message.
pub const INTERACTIVE_RESPONSE: &str =
    "application/vnd.amazonaws.connect.message.interactive.response";
/// Plain text.
pub const TEXT_PLAIN: &str = "text/plain";
/// Markdown text (rendered by the widget as text with formatting, never as HTML).
pub const TEXT_MARKDOWN: &str = "text/markdown";
/// JSON content.
pub const APPLICATION_JSON: &str = "application/json";

string_enum! {
    /// The content type of an event (`application/vnd.amazonaws.connect.event.*`).
    EventType {
        Typing = "application/vnd.amazonaws.connect.event.typing",
        MessageDelivered = "application/vnd.amazonaws.connect.event.message.delivered",
        MessageRead = "application/vnd.amazonaws.connect.event.message.read",
        ParticipantJoined = "application/vnd.amazonaws.connect.event.participant.joined",
        ParticipantLeft = "application/vnd.amazonaws.connect.event.participant.left",
        ParticipantIdle = "application/vnd.amazonaws.connect.event.participant.idle",
        ParticipantReturned = "application/vnd.amazonaws.connect.event.participant.returned",
        ParticipantInvited = "application/vnd.amazonaws.connect.event.participant.invited",
        ParticipantAutoDisconnection = "application/vnd.amazonaws.connect.event.participant.autodisconnection",
        ParticipantDisplayNameUpdated = "application/vnd.amazonaws.connect.event.participant.displayname.updated",
        ChatEnded = "application/vnd.amazonaws.connect.event.chat.ended",
        ChatRehydrated = "application/vnd.amazonaws.connect.event.chat.rehydrated",
        TransferSucceeded = "application/vnd.amazonaws.connect.event.transfer.succeeded",
        TransferFailed = "application/vnd.amazonaws.connect.event.transfer.failed",
        AuthenticationInitiated = "application/vnd.amazonaws.connect.event.authentication.initiated",
        AuthenticationSucceeded = "application/vnd.amazonaws.connect.event.authentication.succeeded",
        AuthenticationFailed = "application/vnd.amazonaws.connect.event.authentication.failed",
        AuthenticationTimeout = "application/vnd.amazonaws.connect.event.authentication.timeout",
        AuthenticationExpired = "application/vnd.amazonaws.connect.event.authentication.expired",
        AuthenticationCancelled = "application/vnd.amazonaws.connect.event.authentication.cancelled",
    }
}

/// A media type's essence, lowercase and without parameters (`Text/Plain; charset=utf-8` is
/// `text/plain`): media types are case-insensitive and may carry parameters.
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

impl Item {
    /// The event this item carries, if its content type is an event's.
    pub fn event_type(&self) -> Option<EventType> {
        let content_type = self.content_type.as_deref()?;
        content_type
            .starts_with(EVENT_PREFIX)
            .then(|| EventType::from(content_type))
    }

    /// The item's time in milliseconds since the epoch, if it has a readable one.
    pub fn time_millis(&self) -> Option<crate::time::Millis> {
        self.absolute_time
            .as_deref()
            .and_then(crate::time::parse_iso8601)
    }
}

/// What an item's `Content` means, read according to its `ContentType` and `Type`.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemContent {
    /// `text/plain`, or `text/markdown` when `markdown` is set. Show it as text.
    Text { text: String, markdown: bool },
    /// `application/json`.
    Json(serde_json::Value),
    /// An interactive message template.
    Interactive(Box<InteractiveMessage>),
    /// The customer's answer to an interactive message: a paging action, or other JSON kept
    /// as sent.
    InteractiveResponse(InteractiveResponse),
    /// A delivered or read receipt for the message `message_id`.
    Receipt {
        event: EventType,
        message_id: String,
    },
    /// `authentication.initiated`: the session to pass to GetAuthenticationUrl.
    AuthenticationInitiated { session_id: String },
    /// Any other event; its content, if any, is on the item.
    Event(EventType),
    /// An attachment item: the files are in `Item::attachments`.
    Attachment,
    /// A `MESSAGEMETADATA` item: receipts for a message, in `Item::message_metadata`.
    Metadata,
    /// A content type this version does not read, kept as sent.
    Other {
        content_type: Option<String>,
        content: Option<String>,
    },
}

/// The content of an `...interactive.response` message.
#[derive(Debug, Clone, PartialEq)]
pub enum InteractiveResponse {
    /// A "show more" / "previous options" request.
    Action(ActionResponse),
    /// Any other JSON answer, kept as sent.
    Raw(serde_json::Value),
}

/// `{"messageId":"..."}`, the content of receipt events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptContent {
    pub message_id: String,
}

impl ReceiptContent {
    /// Reads a receipt event's content.
    pub fn parse(content: &str) -> Result<ReceiptContent, Error> {
        serde_json::from_str(content).map_err(|e| decode("receipt content", e))
    }

    /// The content to send with a `message.delivered` or `message.read` event.
    pub fn to_json(&self) -> String {
        // One string member: serializing cannot fail.
        serde_json::to_string(self).expect("receipt serializes")
    }
}

/// Reads the SessionId from `authentication.initiated` content (`SessionId`, or
/// `sessionId`).
pub fn parse_session_id(content: &str) -> Result<String, Error> {
    let value: serde_json::Value =
        serde_json::from_str(content).map_err(|e| decode("authentication.initiated content", e))?;
    ["SessionId", "sessionId"]
        .iter()
        .find_map(|k| value.get(*k).and_then(serde_json::Value::as_str))
        .map(str::to_owned)
        .ok_or_else(|| Error::Decode {
            what: "authentication.initiated content",
            reason: "no SessionId".into(),
        })
}

fn decode(what: &'static str, e: serde_json::Error) -> Error {
    Error::Decode {
        what,
        reason: e.to_string(),
    }
}

impl Item {
    /// Reads the item's content according to its content type. Malformed content (an
    /// interactive message that is not one, a receipt without `messageId`) gives
    /// [`Error::Decode`]; unknown content types give [`ItemContent::Other`].
    ///
    /// ```
    /// use connect_participant::content::{EventType, ItemContent};
    /// use connect_participant::model::Item;
    /// let item = Item {
    ///     content_type: Some("application/vnd.amazonaws.connect.event.message.read".into()),
    ///     content: Some(r#"{"messageId":"m-1"}"#.into()),
    ///     ..Item::default()
    /// };
    /// assert_eq!(item.parsed_content().unwrap(), ItemContent::Receipt {
    ///     event: EventType::MessageRead,
    ///     message_id: "m-1".into(),
    /// });
    /// ```
    pub fn parsed_content(&self) -> Result<ItemContent, Error> {
        let content = self.content.as_deref();
        match self.kind {
            Some(ChatItemType::Attachment) => return Ok(ItemContent::Attachment),
            Some(ChatItemType::MessageMetadata) => return Ok(ItemContent::Metadata),
            _ => {}
        }
        if let Some(event) = self.event_type() {
            return Ok(match event {
                EventType::MessageDelivered | EventType::MessageRead => {
                    let parsed = ReceiptContent::parse(content.unwrap_or(""))?;
                    ItemContent::Receipt {
                        event,
                        message_id: parsed.message_id,
                    }
                }
                EventType::AuthenticationInitiated => ItemContent::AuthenticationInitiated {
                    session_id: parse_session_id(content.unwrap_or(""))?,
                },
                other => ItemContent::Event(other),
            });
        }
        let essence = media_type(self.content_type.as_deref().unwrap_or(""));
        match essence.as_str() {
            TEXT_PLAIN | TEXT_MARKDOWN => Ok(ItemContent::Text {
                text: content.unwrap_or("").to_owned(),
                markdown: essence == TEXT_MARKDOWN,
            }),
            APPLICATION_JSON => serde_json::from_str(content.unwrap_or(""))
                .map(ItemContent::Json)
                .map_err(|e| decode("application/json content", e)),
            INTERACTIVE => InteractiveMessage::parse(content.unwrap_or(""))
                .map(|m| ItemContent::Interactive(Box::new(m))),
            INTERACTIVE_RESPONSE => {
                let value: serde_json::Value = serde_json::from_str(content.unwrap_or(""))
                    .map_err(|e| decode("interactive response", e))?;
                Ok(ItemContent::InteractiveResponse(
                    match crate::json::from_value::<ActionResponse>(&value) {
                        Ok(action) => InteractiveResponse::Action(action),
                        Err(_) => InteractiveResponse::Raw(value),
                    },
                ))
            }
            _ => Ok(ItemContent::Other {
                content_type: self.content_type.clone(),
                content: self.content.clone(),
            }),
        }
    }
}
