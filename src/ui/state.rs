//! What the UI shows (signals) and what it can ask for ([`Intent`]).
//!
//! Components read [`ChatState`] and call [`Dispatch::send`]; they never touch the session or
//! the browser shell. The driver writes the signals. Tests build a `ChatState` by hand and
//! record the intents, so every component can be checked without a server.

use std::collections::HashMap;
use std::rc::Rc;

use connect_participant::model::{AttachmentItem, ChatItemType, ParticipantRole};
use connect_participant::session::{ConnectionStatus, Delivery, EndReason, Entry};
use connect_participant::time::Millis;
use leptos::prelude::*;

/// Who wrote a line, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Customer,
    Agent,
    Bot,
    Supervisor,
    System,
}

impl Role {
    /// The CSS class suffix.
    pub fn class(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Agent => "agent",
            Role::Bot => "bot",
            Role::Supervisor => "supervisor",
            Role::System => "system",
        }
    }
}

/// What kind of line it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A message (`text/plain`, `text/markdown`, or other text).
    Message,
    /// An interactive message.
    Interactive,
    /// One or more attachments.
    Attachment,
    /// A quiet line: joined, left, transfer, ended, idle.
    Event,
}

/// One line of the conversation as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Stable key ([`Entry::key`]).
    pub key: String,
    /// Bumped on every change, so the list re-renders just this line.
    pub rev: u32,
    /// The service's item Id, once known (read receipts are sent for it).
    pub id: Option<String>,
    pub kind: LineKind,
    pub role: Role,
    pub mine: bool,
    pub name: Option<String>,
    pub participant_id: Option<String>,
    pub time: Option<Millis>,
    pub content_type: String,
    pub content: String,
    pub attachments: Vec<AttachmentItem>,
    pub delivery: Option<Delivery>,
    /// For customer messages: the ClientToken, to retry.
    pub client_token: Option<String>,
}

impl Line {
    /// The line for a timeline entry.
    pub fn from_entry(entry: &Entry) -> Line {
        let item = &entry.item;
        let content_type = item.content_type.clone().unwrap_or_default();
        let kind = if item.kind == Some(ChatItemType::Attachment)
            || item.attachments.as_ref().is_some_and(|a| !a.is_empty())
        {
            LineKind::Attachment
        } else if item.event_type().is_some()
            || matches!(
                item.kind,
                Some(
                    ChatItemType::ParticipantJoined
                        | ChatItemType::ParticipantLeft
                        | ChatItemType::ChatEnded
                        | ChatItemType::TransferSucceeded
                        | ChatItemType::TransferFailed
                        | ChatItemType::Event
                )
            )
        {
            LineKind::Event
        } else if content_type == connect_participant::content::INTERACTIVE {
            LineKind::Interactive
        } else {
            LineKind::Message
        };
        let role = if entry.mine {
            Role::Customer
        } else {
            match item.participant_role {
                Some(ParticipantRole::Customer) => Role::Customer,
                Some(ParticipantRole::Agent) => Role::Agent,
                Some(ParticipantRole::CustomBot) => Role::Bot,
                Some(ParticipantRole::Supervisor) => Role::Supervisor,
                _ => Role::System,
            }
        };
        Line {
            key: entry.key.clone(),
            rev: 0,
            id: entry.id.clone(),
            kind,
            role,
            mine: entry.mine,
            name: item.display_name.clone(),
            participant_id: item.participant_id.clone(),
            time: entry.time,
            content_type,
            content: item.content.clone().unwrap_or_default(),
            attachments: item.attachments.clone().unwrap_or_default(),
            delivery: entry.delivery.clone(),
            client_token: entry.client_token.clone(),
        }
    }

    /// The key the list renders by: the line's key and revision.
    pub fn render_key(&self) -> String {
        format!("{}#{}", self.key, self.rev)
    }
}

/// Where the widget is overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The pre-chat form (or the start button) shows.
    PreChat,
    /// Waiting for the start-chat backend.
    Starting,
    /// A chat is running (or resuming).
    Chat,
    /// The chat ended; the transcript stays readable.
    Ended,
}

/// One upload the customer started.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadView {
    /// The upload's ClientToken.
    pub token: String,
    pub name: String,
    pub size: u64,
    /// 0.0 ..= 1.0.
    pub progress: f64,
    pub state: UploadState,
    /// An object URL of the local file, for image thumbnails.
    pub thumbnail: Option<String>,
}

/// Where an upload is, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UploadState {
    Uploading,
    /// Uploaded and handed to the scanner; it shows in the transcript when approved.
    Done,
    Failed(String),
    Cancelled,
}

/// The customer-authentication request, while it is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthView {
    pub session_id: String,
    /// The page to open, once fetched.
    pub url: Option<String>,
    /// The latest outcome (`succeeded`, `failed`, ...), if any.
    pub outcome: Option<String>,
}

/// Every signal the UI reads. `Copy`: pass it around freely.
#[derive(Debug, Clone, Copy)]
pub struct ChatState {
    pub phase: RwSignal<Phase>,
    pub lines: RwSignal<Vec<Line>>,
    pub status: RwSignal<ConnectionStatus>,
    pub online: RwSignal<bool>,
    pub ended: RwSignal<Option<EndReason>>,
    /// The name (or role) of whoever is typing on the other side.
    pub typing: RwSignal<Option<String>>,
    pub open: RwSignal<bool>,
    pub unread: RwSignal<u32>,
    pub uploads: RwSignal<Vec<UploadView>>,
    /// The latest error or notice for the customer.
    pub notice: RwSignal<Option<String>>,
    pub auth: RwSignal<Option<AuthView>>,
    /// Download URLs by AttachmentId, as GetAttachment returned them.
    pub attachment_urls: RwSignal<HashMap<String, String>>,
    /// ShowView definitions by view token, as DescribeView returned them.
    pub views: RwSignal<HashMap<String, connect_participant::model::View>>,
    /// Whether older items can be loaded.
    pub has_older: RwSignal<bool>,
    /// Whether the page is visible (read receipts wait for it).
    pub page_visible: RwSignal<bool>,
}

impl ChatState {
    /// An empty state: the pre-chat phase, closed.
    pub fn new() -> ChatState {
        ChatState {
            phase: RwSignal::new(Phase::PreChat),
            lines: RwSignal::new(Vec::new()),
            status: RwSignal::new(ConnectionStatus::Idle),
            online: RwSignal::new(true),
            ended: RwSignal::new(None),
            typing: RwSignal::new(None),
            open: RwSignal::new(false),
            unread: RwSignal::new(0),
            uploads: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            auth: RwSignal::new(None),
            attachment_urls: RwSignal::new(HashMap::new()),
            views: RwSignal::new(HashMap::new()),
            has_older: RwSignal::new(false),
            page_visible: RwSignal::new(true),
        }
    }

    /// Whether the composer can send now, and if not, why (a locale key).
    pub fn send_blocked(&self) -> Option<&'static str> {
        match self.phase.get() {
            Phase::Ended => Some("composer_ended"),
            Phase::PreChat | Phase::Starting => Some("composer_not_started"),
            // Offline and reconnecting still accept messages: the session queues them.
            Phase::Chat => None,
        }
    }
}

impl Default for ChatState {
    fn default() -> Self {
        ChatState::new()
    }
}

/// What the customer asks for.
#[derive(Debug, Clone)]
pub enum Intent {
    /// Start a chat with these pre-chat answers (name first).
    Start {
        display_name: String,
        attributes: Vec<(String, String)>,
    },
    /// Send a message of this content type.
    Send {
        content_type: String,
        content: String,
    },
    /// The customer typed a key.
    Typing,
    /// A message with this item Id is on screen.
    Seen { item_id: String },
    /// Send again a failed message.
    Retry { client_token: String },
    /// Upload a file.
    Upload(web_sys::File),
    /// Stop an upload.
    CancelUpload { token: String },
    /// Try a failed upload again.
    RetryUpload { token: String },
    /// Fetch a download URL for an attachment.
    Download { attachment_id: String },
    /// Fetch a URL for an image attachment's thumbnail (once).
    Preview { attachment_id: String },
    /// Fetch a ShowView view's definition.
    DescribeView { view_token: String },
    /// Load older items.
    LoadOlder,
    /// End the chat (confirmed).
    End,
    /// Forget the ended chat and show the start screen again.
    NewChat,
    /// Open the authentication page.
    Authenticate { session_id: String },
    /// Give up authenticating.
    CancelAuthentication { session_id: String },
}

/// How components hand intents to whoever runs the chat. `Copy`, so closures can capture it.
#[derive(Clone, Copy)]
pub struct Dispatch(StoredValue<Rc<dyn Fn(Intent)>, LocalStorage>);

impl Dispatch {
    /// A dispatcher calling `f`.
    pub fn new(f: impl Fn(Intent) + 'static) -> Dispatch {
        Dispatch(StoredValue::new_local(Rc::new(f)))
    }

    /// Hands `intent` over. Does nothing once the widget is unmounted.
    pub fn send(&self, intent: Intent) {
        if let Some(f) = self.0.try_get_value() {
            f(intent);
        }
    }
}
