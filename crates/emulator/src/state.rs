//! The emulator's state: contacts, participants, tokens, transcripts, sockets, attachments.
//!
//! Everything lives behind one mutex that is never held across an `.await`; handlers lock,
//! change, and hand back what they need. Items reach websockets by [`State::emit`], the one
//! place where an item gets its Id and time and is fanned out.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use connect_participant::content::EventType;
use connect_participant::model::{
    ArtifactStatus, AttachmentItem, ChatItemType, Item, MessageMetadata, ParticipantRole, Receipt,
    View,
};
use connect_participant::time::{format_iso8601, Millis};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::sync::{mpsc, Notify};

use crate::error::ApiError;

/// Milliseconds since the epoch, from the system clock.
pub fn now_ms() -> Millis {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as Millis)
        .unwrap_or(0)
}

/// A fresh random id (UUID v4, as the service's ids look).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A fresh opaque token, longer than an id as the service's are.
pub fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenKind {
    Participant,
    Connection,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Token {
    pub participant_id: String,
    pub kind: TokenKind,
    /// `None`: valid until the participant leaves.
    pub expires_ms: Option<Millis>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Participant {
    pub id: String,
    pub contact_id: String,
    pub display_name: String,
    pub role: ParticipantRole,
    pub participant_token: String,
    pub disconnected: bool,
    /// Marked by CreateParticipantConnection (a customer's, or any with `ConnectParticipant`).
    #[serde(default)]
    pub connected: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Contact {
    pub id: String,
    pub initial_contact_id: String,
    /// The contact this one continues (persistent chat).
    pub previous_contact_id: Option<String>,
    pub attributes: BTreeMap<String, String>,
    pub customer_id: String,
    pub agent_id: Option<String>,
    pub ended: bool,
    pub created_ms: Millis,
    /// The transcript, ascending by time.
    pub items: Vec<Item>,
    pub last_ms: Millis,
    pub attachment_ids: Vec<String>,
    /// When the customer last wrote (a message or an attachment), or the start: the idle
    /// timer counts from here.
    #[serde(default)]
    pub customer_active_ms: Millis,
    /// The idle auto-disconnect has run for this contact.
    #[serde(default)]
    pub autodisconnected: bool,
    /// A rehydrated contact's `chat.rehydrated` has reached a socket of the customer.
    #[serde(default)]
    pub rehydration_announced: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadStatus {
    /// Reserved; waiting for the PUT and CompleteAttachmentUpload.
    Pending,
    /// Completed; the scanner has not answered yet.
    Scanning,
    Approved,
    Rejected,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attachment {
    pub id: String,
    pub contact_id: String,
    pub participant_id: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    /// The object's key on the S3 port (`bucket/path`).
    pub key: String,
    pub status: UploadStatus,
}

/// What a websocket task is told to do.
#[derive(Debug, Clone)]
pub enum WsOut {
    /// Send this text frame.
    Frame(String),
    /// Close with a close frame.
    Close,
    /// Drop the TCP connection without a close frame.
    Drop,
}

#[derive(Debug, Clone)]
pub struct Socket {
    pub conn_id: String,
    pub participant_id: String,
    pub tx: mpsc::UnboundedSender<WsOut>,
}

/// A websocket URL handed out by CreateParticipantConnection.
#[derive(Debug, Clone)]
pub struct WsTicket {
    pub participant_id: String,
    pub expires_ms: Millis,
}

/// What the scripted agent hears about.
#[derive(Debug, Clone)]
pub struct AgentNote {
    pub contact_id: String,
    pub item: Item,
}

/// An injected failure for the next calls of one operation.
#[derive(Debug, Clone)]
pub struct OperationFault {
    pub operation: String,
    pub remaining: u32,
    pub error: Option<String>,
    pub message: Option<String>,
    pub delay_ms: u64,
    /// Applied once the operation took effect rather than before it runs.
    pub after: bool,
}

#[derive(Debug, Default)]
pub struct Faults {
    pub operations: Vec<OperationFault>,
    pub heartbeat_stopped: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct State {
    pub contacts: HashMap<String, Contact>,
    pub participants: HashMap<String, Participant>,
    pub tokens: HashMap<String, Token>,
    /// View token -> the contact it was sent to and the view DescribeView returns.
    pub views: HashMap<String, (String, View)>,
    /// SessionId -> the customer asked to authenticate.
    pub auth_sessions: HashMap<String, String>,
    pub attachments: HashMap<String, Attachment>,
    /// `participant|operation|ClientToken` -> the first answer.
    pub idempotency: HashMap<String, serde_json::Value>,
    #[serde(skip)]
    pub ws_tickets: HashMap<String, WsTicket>,
    #[serde(skip)]
    pub sockets: HashMap<String, Vec<Socket>>,
    #[serde(skip)]
    pub faults: Faults,
    /// Uploaded objects by key: bytes and content type (kept in memory only).
    #[serde(skip)]
    pub objects: HashMap<String, (Vec<u8>, String)>,
    #[serde(skip)]
    pub agent_tx: Option<mpsc::UnboundedSender<AgentNote>>,
    /// Woken on every change, for persistence.
    #[serde(skip)]
    pub changed: Arc<Notify>,
}

/// Who an authenticated call is from.
#[derive(Debug, Clone)]
pub struct Caller {
    pub participant: Participant,
    pub contact_id: String,
    pub initial_contact_id: String,
}

impl State {
    /// Resolves a bearer token of the expected kind to its participant, or 403.
    pub fn authenticate(
        &self,
        token: Option<&str>,
        kind: TokenKind,
        now: Millis,
    ) -> Result<Caller, ApiError> {
        let token = token.filter(|t| !t.is_empty()).ok_or_else(|| {
            ApiError::access_denied("Missing authentication token in X-Amz-Bearer header")
        })?;
        let denied =
            || ApiError::access_denied("You do not have sufficient access to perform this action.");
        let info = self.tokens.get(token).ok_or_else(denied)?;
        if info.kind != kind {
            return Err(denied());
        }
        if info.expires_ms.is_some_and(|at| at <= now) {
            return Err(ApiError::access_denied("The connection token has expired."));
        }
        let participant = self
            .participants
            .get(&info.participant_id)
            .ok_or_else(denied)?;
        if participant.disconnected {
            return Err(ApiError::access_denied("The participant has disconnected."));
        }
        let contact = self
            .contacts
            .get(&participant.contact_id)
            .ok_or_else(denied)?;
        if contact.ended {
            return Err(ApiError::access_denied("The chat has ended."));
        }
        Ok(Caller {
            participant: participant.clone(),
            contact_id: contact.id.clone(),
            initial_contact_id: contact.initial_contact_id.clone(),
        })
    }

    /// Gives `item` its Id (unless set), a time later than every earlier item of the
    /// contact, and the contact ids; keeps it in the transcript if `keep`; delivers it to
    /// every subscribed socket of the contact. Returns the item as delivered.
    pub fn emit(&mut self, contact_id: &str, item: Item, keep: bool, now: Millis) -> Item {
        self.emit_with(contact_id, item, keep, now, &[])
    }

    /// As [`State::emit`], with `wire` members added to the delivered item's
    /// `MessageMetadata`: members the service sends that the model does not declare (a
    /// streamed reply's `MessageCompleted` and `ChunkNumber`). The kept item has none of them.
    pub fn emit_with(
        &mut self,
        contact_id: &str,
        mut item: Item,
        keep: bool,
        now: Millis,
        wire: &[(&str, Value)],
    ) -> Item {
        let Some(contact) = self.contacts.get_mut(contact_id) else {
            return item;
        };
        // Strictly increasing times keep the transcript's order total, as clients sort on it.
        let at = now.max(contact.last_ms + 1);
        contact.last_ms = at;
        if item.id.is_none() {
            item.id = Some(new_id());
        }
        item.absolute_time = Some(format_iso8601(at));
        item.contact_id = Some(contact.id.clone());
        item.initial_contact_id = Some(contact.initial_contact_id.clone());
        let from_customer = item.participant_role == Some(ParticipantRole::Customer);
        let interesting = matches!(
            item.kind,
            Some(ChatItemType::Message) | Some(ChatItemType::Attachment)
        );
        if keep {
            contact.items.push(item.clone());
            if from_customer && interesting {
                contact.customer_active_ms = at;
            }
        }
        let frame = chat_frame(&item, wire);
        if let Some(sockets) = self.sockets.get_mut(contact_id) {
            sockets.retain(|s| s.tx.send(WsOut::Frame(frame.clone())).is_ok());
        }
        if from_customer && interesting {
            if let Some(tx) = &self.agent_tx {
                let _ = tx.send(AgentNote {
                    contact_id: contact_id.to_owned(),
                    item: item.clone(),
                });
            }
        }
        self.changed.notify_one();
        item
    }

    /// Sends a raw frame (or close/drop) to the contact's sockets, or to all sockets.
    pub fn send_to_sockets(&mut self, contact_id: Option<&str>, out: WsOut) -> usize {
        let mut n = 0;
        for (cid, sockets) in self.sockets.iter_mut() {
            if contact_id.is_some_and(|c| c != cid) {
                continue;
            }
            sockets.retain(|s| {
                let ok = s.tx.send(out.clone()).is_ok();
                n += usize::from(ok);
                ok
            });
        }
        n
    }

    /// Closes every socket of one participant (after it left: frames already queued, such
    /// as `chat.ended`, go out first).
    pub fn close_participant_sockets(&mut self, participant_id: &str) {
        for sockets in self.sockets.values_mut() {
            sockets.retain(|s| {
                if s.participant_id == participant_id {
                    let _ = s.tx.send(WsOut::Close);
                    false
                } else {
                    true
                }
            });
        }
    }

    /// The participant's display name and role, for building items.
    pub fn author(&self, participant_id: &str) -> Option<(String, ParticipantRole)> {
        self.participants
            .get(participant_id)
            .map(|p| (p.display_name.clone(), p.role.clone()))
    }

    /// Adds a participant to a contact and returns its id.
    pub fn add_participant(
        &mut self,
        contact_id: &str,
        display_name: &str,
        role: ParticipantRole,
    ) -> Participant {
        let participant = Participant {
            id: new_id(),
            contact_id: contact_id.to_owned(),
            display_name: display_name.to_owned(),
            role,
            participant_token: new_token(),
            disconnected: false,
            connected: false,
        };
        self.tokens.insert(
            participant.participant_token.clone(),
            Token {
                participant_id: participant.id.clone(),
                kind: TokenKind::Participant,
                expires_ms: None,
            },
        );
        self.participants
            .insert(participant.id.clone(), participant.clone());
        participant
    }

    /// Ends a contact: the given participant leaves, `chat.ended` follows.
    pub fn end_contact(&mut self, contact_id: &str, leaving: Option<&str>, now: Millis) {
        if self.contacts.get(contact_id).is_none_or(|c| c.ended) {
            return;
        }
        if let Some(pid) = leaving {
            if let Some(item) = self.event_item(pid, EventType::ParticipantLeft, None) {
                self.emit(contact_id, item, true, now);
            }
        }
        let ended = Item {
            kind: Some(ChatItemType::Event),
            content_type: Some(EventType::ChatEnded.as_str().to_owned()),
            participant_role: Some(ParticipantRole::System),
            display_name: Some("SYSTEM_MESSAGE".into()),
            ..Item::default()
        };
        self.emit(contact_id, ended, true, now);
        if let Some(contact) = self.contacts.get_mut(contact_id) {
            contact.ended = true;
        }
    }

    /// An event item authored by a participant.
    pub fn event_item(
        &self,
        participant_id: &str,
        event: EventType,
        content: Option<String>,
    ) -> Option<Item> {
        let (name, role) = self.author(participant_id)?;
        Some(Item {
            kind: Some(ChatItemType::Event),
            content_type: Some(event.as_str().to_owned()),
            content,
            participant_id: Some(participant_id.to_owned()),
            display_name: Some(name),
            participant_role: Some(role),
            ..Item::default()
        })
    }

    /// A message item authored by a participant.
    pub fn message_item(
        &self,
        participant_id: &str,
        content_type: &str,
        content: &str,
    ) -> Option<Item> {
        let (name, role) = self.author(participant_id)?;
        Some(Item {
            kind: Some(ChatItemType::Message),
            content_type: Some(content_type.to_owned()),
            content: Some(content.to_owned()),
            participant_id: Some(participant_id.to_owned()),
            display_name: Some(name),
            participant_role: Some(role),
            ..Item::default()
        })
    }

    /// The ATTACHMENT item for an attachment in its current status.
    pub fn attachment_item(&self, attachment: &Attachment) -> Option<Item> {
        let (name, role) = self.author(&attachment.participant_id)?;
        let status = match attachment.status {
            UploadStatus::Approved => ArtifactStatus::Approved,
            UploadStatus::Rejected => ArtifactStatus::Rejected,
            _ => ArtifactStatus::InProgress,
        };
        Some(Item {
            kind: Some(ChatItemType::Attachment),
            participant_id: Some(attachment.participant_id.clone()),
            display_name: Some(name),
            participant_role: Some(role),
            attachments: Some(vec![AttachmentItem {
                content_type: Some(attachment.content_type.clone()),
                attachment_id: Some(attachment.id.clone()),
                attachment_name: Some(attachment.name.clone()),
                status: Some(status),
            }]),
            ..Item::default()
        })
    }

    /// The ids of a contact's chain: itself and every contact it continues.
    pub fn chain(&self, contact_id: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut next = Some(contact_id.to_owned());
        while let Some(id) = next {
            if out.contains(&id) {
                break;
            }
            next = self
                .contacts
                .get(&id)
                .and_then(|c| c.previous_contact_id.clone());
            out.push(id);
        }
        out
    }

    /// The contact's participant of `role` named `name` (a bot or the flow's system
    /// messages), added the first time it speaks. `None` if the contact is gone.
    pub fn named_participant(
        &mut self,
        contact_id: &str,
        role: ParticipantRole,
        name: &str,
    ) -> Option<String> {
        self.contacts.get(contact_id)?;
        let found = self.participants.values().find(|p| {
            p.contact_id == contact_id
                && p.role == role
                && p.display_name == name
                && !p.disconnected
        });
        Some(match found {
            Some(p) => p.id.clone(),
            None => self.add_participant(contact_id, name, role).id,
        })
    }

    /// `recipient` got (or read) the item `message_id` at `now`. The receipt is kept on a
    /// MESSAGE or ATTACHMENT item's `MessageMetadata.Receipts` (so GetTranscript shows it;
    /// the first delivered and read times stay) and delivered live as a `MESSAGEMETADATA`
    /// item, which is returned. A receipt for a missing item is a ValidationException, for
    /// one's own a ConflictException.
    pub fn receipt(
        &mut self,
        contact_id: &str,
        recipient: &str,
        message_id: &str,
        event: &EventType,
        now: Millis,
    ) -> Result<Item, ApiError> {
        let (name, role) = self
            .author(recipient)
            .ok_or_else(|| ApiError::access_denied("Unknown participant"))?;
        let contact = self
            .contacts
            .get_mut(contact_id)
            .ok_or_else(|| ApiError::access_denied("Unknown contact"))?;
        let message = contact
            .items
            .iter_mut()
            .find(|i| i.id.as_deref() == Some(message_id))
            .ok_or_else(|| ApiError::validation(format!("No message {message_id} in this chat")))?;
        if message.participant_id.as_deref() == Some(recipient) {
            return Err(ApiError::conflict(
                "A participant cannot send a receipt for its own message",
            ));
        }
        let stamp = format_iso8601(now);
        let mut receipt = Receipt {
            recipient_participant_id: Some(recipient.to_owned()),
            ..Receipt::default()
        };
        let carries_receipts = matches!(
            message.kind,
            Some(ChatItemType::Message) | Some(ChatItemType::Attachment)
        );
        let kept = if carries_receipts {
            let metadata = message
                .message_metadata
                .get_or_insert_with(MessageMetadata::default);
            metadata
                .message_id
                .get_or_insert_with(|| message_id.to_owned());
            let receipts = metadata.receipts.get_or_insert_with(Vec::new);
            let at = match receipts
                .iter()
                .position(|r| r.recipient_participant_id.as_deref() == Some(recipient))
            {
                Some(at) => at,
                None => {
                    receipts.push(receipt.clone());
                    receipts.len() - 1
                }
            };
            &mut receipts[at]
        } else {
            &mut receipt
        };
        // A read message was delivered too.
        kept.delivered_timestamp
            .get_or_insert_with(|| stamp.clone());
        if *event == EventType::MessageRead {
            kept.read_timestamp.get_or_insert(stamp);
        }
        let receipt = kept.clone();
        let item = Item {
            kind: Some(ChatItemType::MessageMetadata),
            content_type: Some(crate::api::MESSAGE_METADATA.to_owned()),
            participant_id: Some(recipient.to_owned()),
            display_name: Some(name),
            participant_role: Some(role),
            message_metadata: Some(MessageMetadata {
                message_id: Some(message_id.to_owned()),
                receipts: Some(vec![receipt]),
                ..MessageMetadata::default()
            }),
            ..Item::default()
        };
        Ok(self.emit(contact_id, item, false, now))
    }

    /// The `chat.rehydrated` item to deliver to `participant_id`'s socket now subscribed, the
    /// first time the customer of a rehydrated contact subscribes. The item is kept from the
    /// start, as the current session's first, but is delivered when the customer can hear
    /// it: a client acts on it live (the official UI loads the older pages 1 s later, ui
    /// `ChatSession.js:541-554`).
    pub fn rehydration_to_announce(
        &mut self,
        contact_id: &str,
        participant_id: &str,
    ) -> Option<Item> {
        let contact = self.contacts.get_mut(contact_id)?;
        if contact.rehydration_announced || contact.customer_id != participant_id {
            return None;
        }
        let item = contact
            .items
            .iter()
            .find(|i| i.contact_id.is_some() && i.event_type() == Some(EventType::ChatRehydrated))?
            .clone();
        contact.rehydration_announced = true;
        Some(item)
    }

    /// Every contact whose chain reaches `contact_id` (itself included).
    pub fn continuations(&self, contact_id: &str) -> Vec<&Contact> {
        self.contacts
            .values()
            .filter(|c| self.chain(&c.id).iter().any(|id| id == contact_id))
            .collect()
    }

    /// The past items a chat rehydrated from `source` starts with: the source's transcript
    /// (its own items and those it was rehydrated with), each with `RelatedContactId` naming
    /// the contact it was written in and no `ContactId` or `InitialContactId`, as the model
    /// describes items "from the past chat session". The source's own `chat.rehydrated` is
    /// left out: only the new contact's marks where the current session starts.
    pub fn past_items(&self, source: &str) -> Vec<Item> {
        let Some(contact) = self.contacts.get(source) else {
            return Vec::new();
        };
        contact
            .items
            .iter()
            .filter(|i| i.event_type() != Some(EventType::ChatRehydrated))
            .map(|i| {
                let mut past = i.clone();
                past.related_contact_id = i
                    .related_contact_id
                    .clone()
                    .or_else(|| i.contact_id.clone())
                    .or_else(|| Some(source.to_owned()));
                past.contact_id = None;
                past.initial_contact_id = None;
                past
            })
            .collect()
    }
}

/// The `aws/chat` frame of `item`, with `wire` members added to its `MessageMetadata`.
fn chat_frame(item: &Item, wire: &[(&str, Value)]) -> String {
    use connect_participant::frames::ServerFrame;
    if wire.is_empty() {
        return ServerFrame::Chat(Box::new(item.clone())).to_json();
    }
    // An Item holds only strings, enums and options: it always converts.
    let mut value = serde_json::to_value(item).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        let metadata = object.entry("MessageMetadata").or_insert_with(|| json!({}));
        if let Some(metadata) = metadata.as_object_mut() {
            for (name, member) in wire {
                metadata.insert((*name).to_owned(), member.clone());
            }
        }
    }
    // The frame's shape is the protocol crate's; only the item inside differs.
    json!({
        "topic": "aws/chat",
        "contentType": "application/json",
        "content": value.to_string(),
    })
    .to_string()
}
