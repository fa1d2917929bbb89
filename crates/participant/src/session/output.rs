//! What a session asks of its caller, and what it tells the UI.

use super::{AuthenticationOutcome, Failure, RequestId, SessionError, Snapshot, SocketId};
#[cfg(doc)]
use super::{Entry, Input, Session};
use crate::error::Error;
use crate::http::HttpRequest;
use crate::model::{ParticipantRole, View};
use crate::time::Millis;
use crate::timeline::Diff;

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
    /// The service refused the session's tokens (403): it ended while away.
    Expired,
}

/// Where an attachment upload is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentStatus {
    /// Waiting for the browser to be back online; it starts then.
    Waiting,
    /// StartAttachmentUpload was sent.
    Starting,
    /// The file is being PUT.
    Uploading { attachment_id: String },
    /// CompleteAttachmentUpload was sent; the scan follows.
    Completing { attachment_id: String },
    /// Uploaded; the scanner's verdict comes as an ATTACHMENT item.
    Uploaded { attachment_id: String },
    /// It did not work: why, the error behind it, and whether uploading the file again may
    /// help (not for a full quota, a refused request, or an ended chat).
    Failed {
        failure: Failure,
        error: Option<Error>,
        is_recoverable: bool,
    },
    /// The customer cancelled it ([`super::Input::CancelUpload`]).
    Cancelled,
}

/// A receipt about one of the customer's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptKind {
    Delivered,
    Read,
}

/// What the UI needs to know.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The connection status changed.
    Status(ConnectionStatus),
    /// A new entry is in the timeline (read it with [`Session::timeline`]); `key` is the
    /// entry's stable key ([`Entry::key`]). `history` when it is not news: it came with an
    /// older page or belongs to an earlier contact (nothing to count, notify or announce).
    ItemAdded { key: String, history: bool },
    /// An entry changed (delivery status, stitched content, confirmed by the service,
    /// whether it can be answered).
    ItemChanged { key: String },
    /// An entry left the timeline (a pending message merged into its echo, an interactive
    /// message replaced by a newer one with its `referenceId`).
    ItemRemoved { key: String },
    /// The same changes as [`Event::ItemAdded`], [`Event::ItemChanged`] and
    /// [`Event::ItemRemoved`], as positional diffs ([`Diff`]), once at the end of every call
    /// that changed the timeline: applied in order to a list that mirrored
    /// [`super::Session::timeline`], they make it mirror it again.
    Timeline(Vec<Diff>),
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
    /// The flow asks the customer to authenticate (`authentication.initiated`). The page's
    /// URL follows ([`Event::AuthenticationUrl`]), or [`Event::AuthenticationUnavailable`].
    AuthenticationRequested { session_id: String },
    /// The open authentications `session_ids` ended (any later authentication event closes
    /// them all): the prompt goes.
    AuthenticationClosed {
        session_ids: Vec<String>,
        outcome: AuthenticationOutcome,
    },
    /// The chat continues a past contact (`chat.rehydrated`): the session loads a few older
    /// pages of its history by itself ([`Event::OlderLoaded`] follows), and more can be
    /// loaded on demand.
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
    /// A view's definition (read it with [`crate::interactive::ViewDefinition::from_view`]).
    View { view_token: String, view: View },
    /// The view `view_token` could not be loaded: show that it cannot be shown here (typed
    /// text still answers it).
    ViewUnavailable {
        view_token: String,
        failure: Failure,
        error: Option<Error>,
    },
    /// The customer-authentication page to open (a popup of about 600 x 600 in the official
    /// interface), with the configured identity provider added.
    AuthenticationUrl { session_id: String, url: String },
    /// No page can be opened for authentication `session_id` (no redirect page configured,
    /// or GetAuthenticationUrl failed): sign-in is unavailable; the customer can still go on
    /// without ([`Input::CancelAuthentication`]).
    AuthenticationUnavailable {
        session_id: String,
        failure: Failure,
        error: Option<Error>,
    },
    /// The answer to a deep ping (`status_code` 200 when healthy).
    Ping { status_code: Option<u16> },
    /// The socket sent an error frame (no topic; `{"message":"Forbidden",...}`): worth a
    /// log line, not a banner. It is no reason to reconnect: a dead socket shows as a missed
    /// heartbeat.
    ErrorFrame {
        message: String,
        connection_id: Option<String>,
        request_id: Option<String>,
    },
    /// An older page was loaded; `more` says whether anything older is left.
    OlderLoaded { count: usize, more: bool },
    /// The chat is over; nothing more will be sent (but the DisconnectParticipant that tells
    /// the service the customer left, when it could not go out yet).
    Ended(EndReason),
    /// Something failed that the user should know about.
    Error(SessionError),
}
