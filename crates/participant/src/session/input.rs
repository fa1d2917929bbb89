//! What can happen to a session.

use super::{Activity, RequestId, Snapshot, SocketId, StartChat};
#[cfg(doc)]
use super::{AttachmentStatus, Event, Output};
use crate::http::HttpResponse;

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
    /// Give up a message that shows as failed: it leaves the timeline, and the messages
    /// typed after it go on.
    Remove { client_token: String },
    /// Load the page of older items before the oldest shown (the reader scrolled up); for a
    /// persistent chat this reaches into the past sessions' items ([`super::Entry::past`]).
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
    /// The customer cancelled the upload `client_token`: the file is not PUT (the caller
    /// stops a PUT under way), no retry follows, and [`AttachmentStatus::Cancelled`] does.
    /// Once CompleteAttachmentUpload is out it is too late, and the upload finishes.
    CancelUpload { client_token: String },
    /// Ask for a download URL of an attachment ([`Event::AttachmentUrl`]).
    GetAttachmentUrl { attachment_id: String },
    /// Ask for a ShowView view's definition ([`Event::View`]).
    DescribeView { view_token: String },
    /// The customer goes on without signing in (CancelParticipantAuthentication); the
    /// service's `authentication.cancelled` then closes the request. The session asks for
    /// the page itself ([`Event::AuthenticationUrl`]).
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
    /// What the customer is doing with an intent, to say what failed.
    pub(super) fn activity(&self) -> Activity {
        match self {
            Input::Start(_) | Input::Resume(_) => Activity::Start,
            Input::StartUpload { .. } | Input::CancelUpload { .. } => Activity::Upload,
            Input::GetAttachmentUrl { .. } => Activity::OpenAttachment,
            Input::DescribeView { .. } => Activity::LoadView,
            Input::LoadOlder => Activity::LoadOlder,
            Input::CancelAuthentication { .. } => Activity::CancelAuthentication,
            Input::Typing | Input::MarkRead { .. } => Activity::Notify,
            Input::End => Activity::End,
            // Messages, and what only the shell reports (answers, sockets, the browser).
            _ => Activity::Send,
        }
    }

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
