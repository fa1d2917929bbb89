//! The chat session as a sans-IO state machine.
//!
//! A [`Session`] owns everything that makes a chat reliable: the connection (token, websocket,
//! heartbeat, refresh, reconnect), the [`Timeline`], the send queue, receipts and typing, and
//! the persisted [`Snapshot`]. It performs no I/O and reads no clock. The caller (the browser
//! shell, a test, a bot) drives it:
//!
//! 1. feed an [`Input`] with [`Session::handle`] (user intents, HTTP responses, socket events,
//!    online/visibility changes), always with the current time in milliseconds;
//! 2. drain [`Session::poll_output`] until it returns `None` and carry out each [`Output`]
//!    (send the HTTP request, open or close a socket, send a frame, store the snapshot, show
//!    the event);
//! 3. ask [`Session::poll_timeout`] when to wake it next and call [`Session::handle_timeout`]
//!    then (and drain outputs again).
//!
//! ```
//! use connect_participant::session::{Input, Output, Session, SessionConfig, StartChat};
//! use connect_participant::Endpoint;
//!
//! let mut session = Session::new(SessionConfig::new(Endpoint::custom("http://127.0.0.1:41001"), 7));
//! let start = StartChat::from_json(r#"{"data":{"startChatResult":{
//!     "ContactId":"c1","ParticipantId":"p1","ParticipantToken":"pt"}}}"#).unwrap();
//! session.handle(Input::Start(start), 0);
//! let mut requests = 0;
//! while let Some(output) = session.poll_output() {
//!     if let Output::Http { request, .. } = output {
//!         assert!(request.url.ends_with("/participant/connection"));
//!         requests += 1;
//!     }
//! }
//! assert_eq!(requests, 1);
//! ```
//!
//! Randomness: the crate has no RNG. ClientTokens come with the intents that need one (the
//! caller makes UUIDs), and backoff jitter comes from a small deterministic generator seeded
//! by [`SessionConfig::jitter_seed`] (seed it from a real random source in production, from a
//! constant in tests).
//!
//! Identifiers: every HTTP request the session issues has a [`RequestId`] and every socket a
//! [`SocketId`]; results come back tagged with them, so a late answer for a request or socket
//! the session has given up on is recognised and ignored.
//!
//! What a shell does, in short:
//! - pass the wall clock in milliseconds (`Date.now()`) with every call: the service's
//!   expiry times are wall-clock times;
//! - answer every [`Output::Http`] and [`Output::PutAttachment`] exactly once, with
//!   `Err(description)` when fetch itself failed;
//! - report every socket's open, text frames, close and error; after
//!   [`Output::CloseSocket`] it may stay silent about that socket;
//! - report `online`/`offline` and `visibilitychange` ([`Input::Online`], [`Input::Visible`]);
//! - keep one timer for [`Session::poll_timeout`], re-armed after every call;
//! - store [`Output::Persist`] (sessionStorage) and on load, if a snapshot is stored, send
//!   [`Input::Resume`] instead of starting a new chat;
//! - render from [`Session::timeline`] on [`Event::ItemAdded`] / [`Event::ItemChanged`] /
//!   [`Event::ItemRemoved`], keyed by [`Entry::key`].
//!
//! How the session keeps the transcript whole: the first page loads once the socket is
//! subscribed; after every later (re)connect, socket swap or return to the page it reads
//! forward from the newest item its previous read ended on (the "marker"), paging until the
//! service has no more, so items lost with a dead socket are fetched again. Items are
//! de-duplicated by Id, so overlap costs nothing.
//!
//! Lifetimes: a websocket URL must be opened before its `ConnectionExpiry` (about 100 s
//! after it is issued), so it is reused for reconnects only until
//! [`SessionConfig::socket_refresh_margin`] before that, and fetched again after. An open
//! socket is independent of that time: it is replaced after
//! [`SessionConfig::socket_max_age`], the new socket subscribing before the old one is
//! closed. The ConnectionToken is renewed before its `Expiry`.
//!
//! Ending: [`Input::End`] ends the chat for the customer at once. The service is told with
//! DisconnectParticipant, sent at once or, while offline, when the network returns, and
//! retried on throttling, server errors and network failures for as long as the
//! ConnectionToken is valid. It is the only call a session makes after its end.

mod machine;

use std::collections::BTreeMap;
use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::model::{Item, ParticipantRole, View};
use crate::time::Millis;
use crate::validate::ContentLimits;

pub use crate::timeline::{Delivery, Entry, Timeline};

/// Identifies an HTTP request the session asked for; the response comes back with it.
pub type RequestId = u64;
/// Identifies a websocket the session asked to open; its events come back with it.
pub type SocketId = u64;

/// Tuning of a [`Session`]. [`SessionConfig::new`] gives the defaults described per field.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionConfig {
    /// Where the Participant Service is.
    pub endpoint: Endpoint,
    /// Seeds the jitter of backoff delays; any value, different per browser tab ideally.
    pub jitter_seed: u64,
    /// Time between heartbeats; a heartbeat not answered before the next one is due means the
    /// socket is dead. Default 10 s.
    pub heartbeat_interval: Millis,
    /// Time between deep pings (`aws/ping`), reported as [`Event::Ping`]; `None` disables them.
    /// Default 60 s.
    pub ping_interval: Option<Millis>,
    /// A websocket URL is used to open a socket only until this long before its
    /// `ConnectionExpiry` (the time by which it must be *opened*); a (re)connect after that
    /// first fetches a fresh URL. An open socket is not affected: it lives until
    /// [`SessionConfig::socket_max_age`]. Default 15 s (the official client treats a 100 s
    /// URL as valid for 85 s).
    pub socket_refresh_margin: Millis,
    /// How long an open socket is kept before it is replaced by a new one (subscribed before
    /// the old one closes, so nothing is missed). The service's gateway closes connections
    /// after about 2 hours; the official client recycles every 59 minutes. Default 55 min.
    pub socket_max_age: Millis,
    /// How long before the ConnectionToken's `Expiry` it is refreshed. Default 60 s.
    pub token_refresh_margin: Millis,
    /// The first reconnect delay; it doubles per failed attempt. Default 1 s.
    pub reconnect_initial: Millis,
    /// The largest reconnect delay. Default 30 s.
    pub reconnect_max: Millis,
    /// Fraction of a backoff delay that is random (0.3 = the delay is 70 %..100 % of nominal).
    /// Default 0.3.
    pub jitter: f64,
    /// How long to wait for the answer to a subscribe before retrying. Default 5 s.
    pub subscribe_timeout: Millis,
    /// Delay between subscribe retries after a failure answer. Default 500 ms.
    pub subscribe_retry_delay: Millis,
    /// Failed subscribes on one socket before it is given up (and a new one opened). Default 5.
    pub subscribe_max_failures: u32,
    /// Automatic attempts for a message send (429, 5xx, network) before it shows as failed
    /// and waits for [`Input::Retry`]. Default 5.
    pub send_max_attempts: u32,
    /// Minimum time between two typing events. Default 10 s.
    pub typing_interval: Millis,
    /// How long a delivered receipt waits (a read receipt replaces it). Default 300 ms.
    pub delivered_delay: Millis,
    /// Minimum time between two receipts sent. Default 5 s.
    pub receipt_interval: Millis,
    /// Receipts are skipped when more participants than this are active (the service answers
    /// 409 then). Default 2.
    pub receipt_max_participants: usize,
    /// Items per GetTranscript page (0..=100). Default 100.
    pub transcript_page_size: u32,
    /// Message size limits to check before sending.
    pub content_limits: ContentLimits,
}

impl SessionConfig {
    /// The defaults, for a service at `endpoint`, with jitter seeded by `jitter_seed`.
    pub fn new(endpoint: Endpoint, jitter_seed: u64) -> Self {
        SessionConfig {
            endpoint,
            jitter_seed,
            heartbeat_interval: 10_000,
            ping_interval: Some(60_000),
            socket_refresh_margin: 15_000,
            socket_max_age: 55 * 60_000,
            token_refresh_margin: 60_000,
            reconnect_initial: 1_000,
            reconnect_max: 30_000,
            jitter: 0.3,
            subscribe_timeout: 5_000,
            subscribe_retry_delay: 500,
            subscribe_max_failures: 5,
            send_max_attempts: 5,
            typing_interval: 10_000,
            delivered_delay: 300,
            receipt_interval: 5_000,
            receipt_max_participants: 2,
            transcript_page_size: 100,
            content_limits: ContentLimits::Model,
        }
    }
}

/// What a site owner's start-chat backend returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartChat {
    pub contact_id: String,
    pub participant_id: String,
    pub participant_token: String,
}

impl StartChat {
    /// Reads either shape a backend returns: `{ContactId, ParticipantId, ParticipantToken}` or
    /// Amazon's template's `{"data":{"startChatResult":{...}}}`.
    ///
    /// ```
    /// use connect_participant::session::StartChat;
    /// let a = StartChat::from_json(r#"{"ContactId":"c","ParticipantId":"p","ParticipantToken":"t"}"#).unwrap();
    /// let b = StartChat::from_json(r#"{"data":{"startChatResult":{"ContactId":"c","ParticipantId":"p","ParticipantToken":"t"}}}"#).unwrap();
    /// assert_eq!(a, b);
    /// assert!(StartChat::from_json(r#"{"ContactId":"c"}"#).is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<StartChat, Error> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::Decode {
            what: "start-chat response",
            reason: e.to_string(),
        })?;
        let inner = value
            .get("data")
            .and_then(|d| d.get("startChatResult"))
            .unwrap_or(&value);
        let start: StartChat = crate::json::from_value(inner).map_err(|e| Error::Decode {
            what: "start-chat response",
            reason: e.to_string(),
        })?;
        for (field, value) in [
            ("ContactId", &start.contact_id),
            ("ParticipantId", &start.participant_id),
            ("ParticipantToken", &start.participant_token),
        ] {
            if value.is_empty() {
                return Err(Error::Invalid {
                    field,
                    problem: "is empty".into(),
                });
            }
        }
        Ok(start)
    }
}

/// A message waiting to be sent (or whose send is not yet confirmed), as persisted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedMessage {
    /// The idempotency key, fixed for the life of the message.
    pub client_token: String,
    pub content_type: String,
    pub content: String,
}

/// What a reload needs to resume the chat: small and serializable (store it as JSON).
///
/// Emitted as [`Output::Persist`] whenever it changes; [`Output::ClearPersisted`] when the
/// chat ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub contact_id: String,
    pub participant_id: String,
    pub participant_token: String,
    #[serde(default)]
    pub connection_token: Option<String>,
    /// When the ConnectionToken expires (ms since the epoch).
    #[serde(default)]
    pub connection_expiry: Option<Millis>,
    /// The newest item known to be in the timeline with nothing missing before it.
    #[serde(default)]
    pub last_item_id: Option<String>,
    #[serde(default)]
    pub last_item_time: Option<Millis>,
    /// The newest message the customer has read, so a reload does not send its read
    /// receipt again.
    #[serde(default)]
    pub last_read_id: Option<String>,
    #[serde(default)]
    pub last_read_time: Option<Millis>,
    /// Messages not yet confirmed by the service, in send order.
    #[serde(default)]
    pub unsent: Vec<QueuedMessage>,
    /// The customer ended this chat and the service has not been told yet: resuming such a
    /// snapshot only sends the DisconnectParticipant (see [`Session::owed_disconnect`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disconnect_owed: bool,
}

/// Everything that can happen to a session.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Start a new chat from the backend's answer.
    Start(StartChat),
    /// Resume after a reload from a stored snapshot: reconnects (re-creating the connection
    /// if the stored token expired), reloads the transcript, re-sends the unsent queue with
    /// the same ClientTokens.
    Resume(Snapshot),
    /// Send a message. `content_type` is `text/plain`, `text/markdown`, `application/json` or
    /// [`crate::content::INTERACTIVE_RESPONSE`] (see [`Input::interactive_response`]). It
    /// shows at once as pending; while offline it queues.
    SendMessage {
        content_type: String,
        content: String,
        /// A fresh unique token (a UUID): the message's identity until the service gives it
        /// an Id, and its idempotency key for every retry.
        client_token: String,
    },
    /// The customer is typing (call on every keystroke; it is throttled).
    Typing,
    /// The customer has seen the item with this Id (and everything before it).
    MarkRead { item_id: String },
    /// Send again a message that shows as failed, by its ClientToken.
    Retry { client_token: String },
    /// Load the page of older items before the oldest shown (the reader scrolled up); for a
    /// persistent chat, continues into earlier contacts.
    LoadOlder,
    /// Begin an attachment upload. Outputs [`Output::PutAttachment`] when the service has
    /// reserved it; check the file against the attachment rules first.
    StartUpload {
        name: String,
        content_type: String,
        size: i64,
        /// Identifies this upload in events and in the PUT request, and is its idempotency key.
        client_token: String,
    },
    /// Ask for a download URL of an attachment ([`Event::AttachmentUrl`]).
    GetAttachmentUrl { attachment_id: String },
    /// Ask for a ShowView view's definition ([`Event::View`]).
    DescribeView { view_token: String },
    /// Ask for the customer-authentication page URL ([`Event::AuthenticationUrl`]).
    GetAuthenticationUrl {
        session_id: String,
        redirect_uri: String,
    },
    /// The customer abandons authentication.
    CancelAuthentication { session_id: String },
    /// The customer ends the chat: it is over for them at once, and DisconnectParticipant
    /// tells the service (later, when the network returns, if offline now).
    End,
    /// The answer to [`Output::Http`] or [`Output::PutAttachment`] with this id; `Err` with a
    /// description when it did not reach the server (network, DNS, CORS, aborted).
    HttpResponse {
        id: RequestId,
        result: Result<HttpResponse, String>,
    },
    /// The socket opened.
    SocketOpened { socket: SocketId },
    /// A text frame arrived.
    SocketText { socket: SocketId, text: String },
    /// The socket closed (by either side), with the close code if known.
    SocketClosed { socket: SocketId, code: Option<u16> },
    /// The socket reported an error (it is treated as dead).
    SocketError { socket: SocketId, message: String },
    /// The browser went online (`true`) or offline (`false`).
    Online(bool),
    /// The page became visible (`true`) or hidden (`false`).
    Visible(bool),
}

impl Input {
    /// A text message.
    pub fn text(content: impl Into<String>, client_token: impl Into<String>) -> Input {
        Input::SendMessage {
            content_type: crate::content::TEXT_PLAIN.into(),
            content: content.into(),
            client_token: client_token.into(),
        }
    }

    /// The answer to an interactive message (its JSON content as the template defines it).
    pub fn interactive_response(
        content: impl Into<String>,
        client_token: impl Into<String>,
    ) -> Input {
        Input::SendMessage {
            content_type: crate::content::INTERACTIVE_RESPONSE.into(),
            content: content.into(),
            client_token: client_token.into(),
        }
    }
}

/// Something the caller must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Send this request; answer with [`Input::HttpResponse`] and the same id.
    Http { id: RequestId, request: HttpRequest },
    /// PUT the file of upload `client_token` to `url` with exactly `headers` and the file's
    /// bytes as body; answer with [`Input::HttpResponse`] and the same id (any status).
    PutAttachment {
        id: RequestId,
        client_token: String,
        url: String,
        headers: Vec<(String, String)>,
    },
    /// Open a websocket to `url`; report its events with this id.
    OpenSocket { socket: SocketId, url: String },
    /// Close this websocket; no more events are expected from it (any that come are ignored).
    CloseSocket { socket: SocketId },
    /// Send this text frame on this socket.
    SendFrame { socket: SocketId, text: String },
    /// Store this snapshot (replacing the previous one).
    Persist(Snapshot),
    /// Forget the stored snapshot: the chat ended.
    ClearPersisted,
    /// Tell the UI.
    Event(Event),
}

/// The connection as the UI should show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionStatus {
    /// Not started.
    Idle,
    /// Getting a connection or opening the socket for the first time.
    Connecting,
    /// Subscribed: messages arrive live.
    Connected,
    /// Lost; the next attempt is at `retry_at` (attempt number `attempt`, from 1).
    Reconnecting { attempt: u32, retry_at: Millis },
    /// The browser is offline; sends queue.
    Offline,
    /// The chat is over.
    Ended,
}

/// Why the chat ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndReason {
    /// The customer ended it.
    Customer,
    /// The agent or the flow ended it (`chat.ended`).
    Agent,
    /// The customer was disconnected for inactivity (`participant.autodisconnection`).
    Idle,
    /// The service refused the session's tokens (403): it ended while away.
    Expired,
}

/// Where an attachment upload is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentStatus {
    /// StartAttachmentUpload was sent.
    Starting,
    /// The file is being PUT.
    Uploading { attachment_id: String },
    /// CompleteAttachmentUpload was sent; the scan follows.
    Completing { attachment_id: String },
    /// Uploaded; the scanner's verdict comes as an ATTACHMENT item.
    Uploaded { attachment_id: String },
    /// It did not work; `reason` is user-readable.
    Failed { reason: String },
}

/// A receipt about one of the customer's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptKind {
    Delivered,
    Read,
}

/// An error for the user: what failed, in words they can read, and the underlying error.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionError {
    /// A short sentence for the UI.
    pub reason: String,
    /// The error behind it, when there is one.
    pub error: Option<Error>,
}

/// What the UI needs to know.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The connection status changed.
    Status(ConnectionStatus),
    /// A new entry is in the timeline (read it with [`Session::timeline`]); `key` is the
    /// entry's stable key ([`Entry::key`]).
    ItemAdded { key: String },
    /// An entry changed (delivery status, stitched content, confirmed by the service).
    ItemChanged { key: String },
    /// An entry left the timeline (a pending message merged into its echo).
    ItemRemoved { key: String },
    /// Someone else is typing. Repeated while they type (at most every few seconds): show
    /// it for about 10 s after the last one, or until their next message.
    Typing {
        participant_id: Option<String>,
        display_name: Option<String>,
        role: Option<ParticipantRole>,
    },
    /// One of the customer's messages was delivered to or read by another participant.
    Receipt {
        message_id: String,
        kind: ReceiptKind,
        by: Option<String>,
    },
    /// A participant joined.
    ParticipantJoined {
        participant_id: Option<String>,
        display_name: Option<String>,
        role: Option<ParticipantRole>,
    },
    /// A participant left.
    ParticipantLeft {
        participant_id: Option<String>,
        display_name: Option<String>,
        role: Option<ParticipantRole>,
    },
    /// A participant went idle (`idle: true`) or came back.
    ParticipantIdle {
        participant_id: Option<String>,
        idle: bool,
    },
    /// The flow asks the customer to authenticate (`authentication.initiated`).
    AuthenticationRequested { session_id: String },
    /// An authentication event other than initiated (`succeeded`, `failed`, ...), by content type.
    Authentication { content_type: String },
    /// The chat was rehydrated from a past contact: older contacts can be loaded.
    Rehydrated,
    /// An upload moved on.
    Attachment {
        client_token: String,
        status: AttachmentStatus,
    },
    /// A download URL, valid until `expiry` (ms since the epoch, when known).
    AttachmentUrl {
        attachment_id: String,
        url: String,
        expiry: Option<Millis>,
    },
    /// A view's definition.
    View { view_token: String, view: View },
    /// The customer-authentication page to open.
    AuthenticationUrl { session_id: String, url: String },
    /// The answer to a deep ping (`status_code` 200 when healthy).
    Ping { status_code: Option<u16> },
    /// An older page was loaded; `more` says whether anything older is left.
    OlderLoaded { count: usize, more: bool },
    /// The chat is over; nothing more will be sent (but the DisconnectParticipant that tells
    /// the service the customer left, when it could not go out yet).
    Ended(EndReason),
    /// Something failed that the user should know about.
    Error(SessionError),
}

/// The chat session. See the [module documentation](self).
///
/// One session serves one chat: after it ends, start the next chat with a new session.
pub struct Session {
    config: SessionConfig,
    outputs: VecDeque<Output>,
    state: machine::State,
    timeline: Timeline,
    /// Uploads in progress, by ClientToken.
    uploads: BTreeMap<String, machine::Upload>,
}

impl std::fmt::Debug for Session {
    /// A summary without tokens, safe to log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("status", &self.state.status)
            .field("contact_id", &self.contact_id())
            .field("participant_id", &self.participant_id())
            .field("timeline", &self.timeline.len())
            .field("pending", &self.timeline.pending().count())
            .field("next_timeout", &self.next_timeout())
            .field("state", &self.state.summary())
            .finish()
    }
}

impl Session {
    /// A session that does nothing until [`Input::Start`] or [`Input::Resume`].
    pub fn new(config: SessionConfig) -> Session {
        let state = machine::State::new(config.jitter_seed);
        Session {
            config,
            outputs: VecDeque::new(),
            state,
            timeline: Timeline::default(),
            uploads: BTreeMap::new(),
        }
    }

    /// Feeds one input at time `now` (ms since the epoch). Drain [`Session::poll_output`]
    /// afterwards.
    pub fn handle(&mut self, input: Input, now: Millis) {
        self.handle_input(input, now);
    }

    /// The next thing to do, or `None` when there is nothing left.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    /// When [`Session::handle_timeout`] should next be called, if anything is scheduled.
    pub fn poll_timeout(&self) -> Option<Millis> {
        self.next_timeout()
    }

    /// Runs what is due at `now` (heartbeats, refreshes, reconnects, retries, receipts).
    pub fn handle_timeout(&mut self, now: Millis) {
        self.run_timers(now);
    }

    /// The ordered, de-duplicated transcript with pending messages at the end.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The connection status.
    pub fn status(&self) -> ConnectionStatus {
        self.state.status
    }

    /// The current snapshot, if a chat was started or resumed.
    pub fn snapshot(&self) -> Option<Snapshot> {
        self.build_snapshot()
    }

    /// Whether the chat has ended.
    pub fn is_ended(&self) -> bool {
        self.state.status == ConnectionStatus::Ended
    }

    /// Whether the customer ended the chat and the service has not yet been told
    /// (DisconnectParticipant waits for the network, or for a retry), as of the latest call.
    /// Keep feeding such a session (its timer, online changes and HTTP answers) until this
    /// is `false`, also when the next chat starts with a new session.
    pub fn disconnect_pending(&self) -> bool {
        self.state.disconnect_pending()
    }

    /// While [`Session::disconnect_pending`]: what to store so that the DisconnectParticipant
    /// is still sent after a reload. A new session given it as [`Input::Resume`] ends at
    /// once, for the customer, and only tells the service (no connection, no transcript).
    pub fn owed_disconnect(&self) -> Option<Snapshot> {
        if !self.disconnect_pending() {
            return None;
        }
        self.build_snapshot().map(|s| Snapshot {
            disconnect_owed: true,
            unsent: Vec::new(),
            ..s
        })
    }

    /// Whether older items can still be loaded with [`Input::LoadOlder`] (always `false`
    /// before [`Session::transcript_loaded`]).
    pub fn has_older(&self) -> bool {
        self.state.has_older()
    }

    /// Whether the first transcript page has arrived (after a start or a resume).
    pub fn transcript_loaded(&self) -> bool {
        self.state.transcript_loaded()
    }

    /// The customer's ParticipantId, once started.
    pub fn participant_id(&self) -> Option<&str> {
        self.state.chat.as_ref().map(|c| c.participant_id.as_str())
    }

    /// The ContactId, once started.
    pub fn contact_id(&self) -> Option<&str> {
        self.state.chat.as_ref().map(|c| c.contact_id.as_str())
    }
}

/// Whether an item is shown in the timeline (rather than only raising an event): messages,
/// attachments and the events that read as lines of the conversation (joined, left, ended,
/// transfers); not typing, receipts or connection acks.
pub fn is_timeline_item(item: &Item) -> bool {
    crate::timeline::is_timeline_item(item)
}
