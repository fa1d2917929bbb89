//! What an item's `ContentType` means: event kinds, message kinds, interactive messages.

use crate::enums::string_enum;
use crate::model::Item;

/// The prefix of every event content type.
pub const EVENT_PREFIX: &str = "application/vnd.amazonaws.connect.event.";
/// An interactive message (list picker, time picker, panel, quick reply, carousel, view).
pub const INTERACTIVE: &str = "application/vnd.amazonaws.connect.message.interactive";
/// The customer's answer to an interactive message.
pub const INTERACTIVE_RESPONSE: &str =
    "application/vnd.amazonaws.connect.message.interactive.response";
pub const TEXT_PLAIN: &str = "text/plain";
pub const TEXT_MARKDOWN: &str = "text/markdown";
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
