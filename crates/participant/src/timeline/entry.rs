//! One line of the conversation, and where the customer's own lines are.

use super::stream::Stream;
use crate::content::EventType;
use crate::model::{ChatItemType, Item, MessageProcessingStatus};
use crate::session::SendingFailed;
use crate::time::Millis;

/// Where one of the customer's messages is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Waiting to be sent (offline, or behind an earlier message).
    Queued,
    /// The request is out.
    Sending,
    /// The service accepted it.
    Sent,
    /// Another participant received it.
    Delivered,
    /// Another participant read it.
    Read,
    /// It was not sent: why, and whether [`crate::session::Input::Retry`] may help.
    Failed(SendingFailed),
    /// The service accepted it but its processing status is REJECTED or FAILED.
    Rejected { status: MessageProcessingStatus },
}

/// One line of the conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable for the entry's life: the ClientToken for the customer's own sends made here,
    /// otherwise the item's Id (a streamed reply's chunks share it).
    pub key: String,
    /// The service's Id, once known.
    pub id: Option<String>,
    /// The ClientToken of a message sent from this session.
    pub client_token: Option<String>,
    /// `AbsoluteTime` in ms; `None` while pending.
    pub time: Option<Millis>,
    /// The item (for a pending message, a local stand-in with Content and ContentType; for a
    /// streamed reply, the latest chunk with the stitched Content).
    pub item: Item,
    /// Whether the customer of this session wrote it.
    pub mine: bool,
    /// For the customer's messages: where they are.
    pub delivery: Option<Delivery>,
    /// It belongs to an earlier contact of a persistent chat (see [`is_past`]): history, to
    /// show under a "previous conversation" divider.
    pub past: bool,
    /// A streamed reply still coming: its chunks so far.
    pub(super) stream: Option<Stream>,
    /// One of the customer's lines that is not shown (a paging reply).
    pub(super) hidden: bool,
}

impl Entry {
    /// Whether this is a streamed bot reply that is still coming (only partial chunks so
    /// far): keep the typing indicator up until it completes.
    pub fn streaming(&self) -> bool {
        self.stream.is_some()
    }

    /// Whether this is one of the customer's lines that is not shown: a paging reply ("show
    /// more"), which the official interface never adds ([`crate::interactive::shown_text`]).
    pub fn hidden(&self) -> bool {
        self.hidden
    }
}

/// Whether the customer's line with this content is hidden.
pub(super) fn hidden(content_type: Option<&str>, content: Option<&str>) -> bool {
    crate::interactive::shown_text(content_type.unwrap_or(""), content.unwrap_or("")).is_none()
}

/// Whether an item is from an earlier contact than `contact_id` (the chat's): it names a
/// contact, but not this one. The service marks the items of a persistent chat's past
/// session with `RelatedContactId` and no `ContactId` (the model: ContactId is "populated only
/// when the transcript item is from the current chat session"); an item of this chat carries
/// its `ContactId` or, after a transfer, its `InitialContactId`.
pub fn is_past(item: &Item, contact_id: &str) -> bool {
    let ours = |id: &Option<String>| id.as_deref() == Some(contact_id);
    if ours(&item.contact_id) || ours(&item.initial_contact_id) {
        return false;
    }
    item.contact_id.is_some()
        || item.related_contact_id.is_some()
        || item.initial_contact_id.is_some()
}

/// Whether an item is a line of the conversation; see [`crate::session::is_timeline_item`].
pub fn is_timeline_item(item: &Item) -> bool {
    if item.id.is_none() {
        return false;
    }
    match item.kind.as_ref() {
        Some(ChatItemType::Typing)
        | Some(ChatItemType::ConnectionAck)
        | Some(ChatItemType::MessageDelivered)
        | Some(ChatItemType::MessageRead)
        | Some(ChatItemType::MessageMetadata) => return false,
        _ => {}
    }
    !matches!(
        item.event_type(),
        Some(EventType::Typing | EventType::MessageDelivered | EventType::MessageRead)
    )
}
